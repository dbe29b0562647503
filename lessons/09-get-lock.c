/* SPDX-License-Identifier: MIT */
/*
 * 09-get-lock: Value and Array with their own lock (notebook 004, "Value" and "Array").
 *
 * Python's Value('d', 0.0, lock=True) is a double in shared memory that carries a lock;
 * `with n.get_lock():` takes that lock around `n.value += 1.0`. Array('i', ..., lock=True)
 * is the same for an array: one lock for the whole array. In C the "value with its own
 * lock" is a struct { pthread_mutex_t lock; double value; } in a MAP_SHARED mapping, the
 * mutex made process-shared with pthread_mutexattr_setpshared(PTHREAD_PROCESS_SHARED).
 *
 * With --no-lock the same updates run without the lock: read, (think), write. Both
 * processes start together at a process-shared barrier and think --think-ms between
 * reading and writing their first update, so both read the same starting value and one
 * of the two first updates is overwritten (lost) for certain; the rest race freely.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lesson-i18n.h"
#include "lesson-sched.h"

#define NAME "09-get-lock"

/* The -sched build (lesson-sched.h) makes these small: few enough interleavings to run. */
#ifndef VALUE_ITERATIONS
#define VALUE_ITERATIONS 100000  /* for a in range(100000) */
#endif
#ifndef ARRAY_LEN
#define ARRAY_LEN 10             /* Array('i', [0 for a in range(10)]) */
#endif
#ifndef ARRAY_ITERATIONS
#define ARRAY_ITERATIONS 5000    /* for b in range(5000) */
#endif

/* Value('d', 0.0, lock=True): the value and its own lock, in shared memory. */
struct shared_value {
	pthread_mutex_t	lock;           /* n.get_lock() */
	double		value;          /* n.value */
};

/* Array('i', [0]*10, lock=True): ten ints and one lock for the whole array. */
struct shared_array {
	pthread_mutex_t	lock;           /* vet.get_lock() */
	int		v[ARRAY_LEN];
};

/* Everything the two processes share: one anonymous MAP_SHARED mapping. */
struct shared {
	pthread_barrier_t	start;  /* both processes begin at the same moment */
	struct shared_value	num;
	struct shared_array	vet;
};

static int use_lock = 1;
static long think_ms = 20;

static void
usage(FILE *f)
{
	fprintf(f, _(
"Usage: %s [OPTION]...\n"
"A shared double: one process adds 1.0 100000 times, another subtracts 1 100000\n"
"times, each update under the value's own lock -> 0.0. A shared array of 10 ints:\n"
"+1 x5000 per element in one process, -1 x5000 in another -> all zeros.\n"
"\n"
"  --no-lock        update without the lock: read, think, write (lost updates)\n"
"  --trials N       run the demo N times and summarise the results (1..10000)\n"
"  --think-ms MS    sleep between reading and writing the first update (0..10000;\n"
"                   default 20, with --quick 5)\n"
"  --quick          short think time (for the tests and 'proclab lesson all')\n"
"  --help           show this help and exit\n"
"\n"
"Exit status: 0 the demo ran (also when it shows a race), 1 a system call failed,\n"
"2 bad usage.\n"), NAME);
}

static void
die(const char *call, int err)
{
	fprintf(stderr, NAME ": %s: %s\n", call, strerror(err));
	exit(1);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, NAME ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\nTry '%s --help'.\n"), NAME);
	exit(2);
}

/* getopt_long returned '?' or ':': say which option was wrong, exit 2. */
static void __attribute__((noreturn))
bad_option(int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		bad_usage(_("option '%s' needs a value"), arg);
	if (optopt != 0 && strncmp(arg, "--", 2) == 0)
		bad_usage(_("option '%.*s' takes no value"), (int)strcspn(arg, "="), arg);
	if (optopt != 0)
		bad_usage(_("unknown option '-%c'"), optopt);
	bad_usage(_("unknown or ambiguous option '%s'"), arg);
}

static long
parse_num(const char *opt, const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (arg[0] < '0' || arg[0] > '9' || *end != '\0' || errno != 0 || v < min || v > max)
		bad_usage(_("%s: '%s' is not a whole number from %ld to %ld"), opt, arg, min, max);
	return v;
}

static void
think(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Python prints a float that happens to be whole as "0.0", "-1234.0". */
static const char *
py_float(char *buf, size_t size, double d)
{
	if (d > -1e15 && d < 1e15 && d == (double)(long long)d)
		snprintf(buf, size, "%.1f", d);
	else
		snprintf(buf, size, "%.17g", d);
	return buf;
}

/* Each update: take the lock (or not), read, maybe think, write, release. */
static void
update_value(struct shared *sh, double delta, long i)
{
	int e;

	if (use_lock && (e = pthread_mutex_lock(&sh->num.lock)) != 0)   /* with n.get_lock(): */
		die("pthread_mutex_lock", e);
	double v = sh->num.value;                                       /* n.value += 1.0 */
	if (lesson_scheduled())
		lesson_think(); /* proclab's scheduler: it has read n.value (lesson-sched.h) */
	else if (i == 0 && think_ms > 0)
		think(think_ms);
	sh->num.value = v + delta;
	if (use_lock && (e = pthread_mutex_unlock(&sh->num.lock)) != 0)
		die("pthread_mutex_unlock", e);
}

static void
update_array(struct shared *sh, int a, int delta, long b)
{
	int e;

	if (use_lock && (e = pthread_mutex_lock(&sh->vet.lock)) != 0)   /* with vet.get_lock(): */
		die("pthread_mutex_lock", e);
	int v = sh->vet.v[a];                                           /* vet[a] += 1 */
	if (lesson_scheduled())
		lesson_think(); /* proclab's scheduler: it has read vet[a] (lesson-sched.h) */
	else if (a == 0 && b == 0 && think_ms > 0)
		think(think_ms);
	sh->vet.v[a] = v + delta;
	if (use_lock && (e = pthread_mutex_unlock(&sh->vet.lock)) != 0)
		die("pthread_mutex_unlock", e);
}

static void
wait_start(struct shared *sh)
{
	int e;

	/* (Under proclab's scheduler the schedule says who starts when: no barrier.) */
	if (lesson_scheduled())
		return;
	e = pthread_barrier_wait(&sh->start);

	if (e != 0 && e != PTHREAD_BARRIER_SERIAL_THREAD)
		die("pthread_barrier_wait", e);
}

/*
 * The notebook's Value cell:
 *
 *   def soma(n):
 *       for a in range(100000):
 *           with n.get_lock():
 *               n.value += 1.0
 *   def subtracao(n):
 *       for a in range(100000):
 *           with n.get_lock():
 *               n.value -= 1
 *   num = Value('d', 0.0, lock=True)
 *   pSoma = Process(target=soma, args=(num,)); pSoma.start()
 *   pSubtracao = Process(target=subtracao, args=(num,)); pSubtracao.start()
 *
 * The slide's code stops there: no join(), and its "print num.value" stands outside the
 * code. The lesson joins both and prints the value, and says so.
 */
static void
child_value(struct shared *sh, double delta)
{
	wait_start(sh);
	for (long a = 0; a < VALUE_ITERATIONS; a++)      /* for a in range(100000): */
		update_value(sh, delta, a);
	fflush(stdout);
	_exit(0);
}

/*
 * The Array cell:
 *
 *   def soma(vet):
 *       for a in range(len(vet)):
 *           for b in range(5000):
 *               with vet.get_lock():
 *                   vet[a] += 1
 *   (subtracao: the same with -= 1)
 *   vet = Array('i', [0 for a in range(10)], lock=True)
 *   ... start both, join both
 *
 * (it prints nothing: the lesson prints vet[:], and says so)
 */
static void
child_array(struct shared *sh, int delta)
{
	wait_start(sh);
	for (int a = 0; a < ARRAY_LEN; a++)              /* for a in range(len(vet)): */
		for (long b = 0; b < ARRAY_ITERATIONS; b++)  /* for b in range(5000): */
			update_array(sh, a, delta, b);
	_exit(0);
}

/* Start the two children of one cell (soma and subtracao) and join them. */
static int
run_pair(struct shared *sh, const pthread_barrierattr_t *battr, int is_array)
{
	pid_t pids[2] = { -1, -1 };
	int e, rc = 0;

	/* A fresh PTHREAD_PROCESS_SHARED barrier for 2: both children start together. */
	if ((e = pthread_barrier_init(&sh->start, battr, 2)) != 0) {
		fprintf(stderr, NAME ": pthread_barrier_init: %s\n", strerror(e));
		return -1;
	}
	fflush(stdout);
	for (int k = 0; k < 2; k++) {
		pids[k] = fork();                       /* pSoma.start(), pSubtracao.start() */
		if (pids[k] == -1) {
			fprintf(stderr, NAME ": fork: %s\n", strerror(errno));
			rc = -1;
			break;
		}
		if (pids[k] == 0) {
			if (is_array)
				child_array(sh, k == 0 ? +1 : -1);
			else
				child_value(sh, k == 0 ? +1.0 : -1.0);
		}
	}
	/* pSoma.join(), pSubtracao.join(). If one child fails, the other may wait at the
	 * barrier for ever: kill it, so that both are always reaped. */
	int started = (pids[0] > 0) + (pids[1] > 0);
	if (rc == -1 && pids[0] > 0)
		kill(pids[0], SIGKILL);         /* its partner was never forked */
	while (started > 0) {
		int status;
		pid_t p = waitpid(-1, &status, 0);
		if (p == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, NAME ": waitpid: %s\n", strerror(errno));
			return -1;              /* (ECHILD: nothing left to reap) */
		}
		started--;
		if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
			if (rc == 0)
				fprintf(stderr, _("%s: child %ld failed (status %d)\n"), NAME,
				    (long)p, status);
			rc = -1;
			for (int k = 0; k < 2; k++)
				if (pids[k] > 0 && pids[k] != p)
					kill(pids[k], SIGKILL);
		}
	}
	/* Destroy the barrier only when nobody can be inside it any more. */
	if (rc == 0 && (e = pthread_barrier_destroy(&sh->start)) != 0) {
		fprintf(stderr, NAME ": pthread_barrier_destroy: %s\n", strerror(e));
		rc = -1;
	}
	return rc;
}

static void
print_array(const int *v)
{
	printf("[");
	for (int i = 0; i < ARRAY_LEN; i++)
		printf("%s%d", i ? ", " : "", v[i]);
	printf("]\n");
}

/* What the trials came to. */
struct tally {
	double	vmin, vmax;
	long	value_ok, array_ok;     /* trials that ended right */
	long	wiped;                  /* value exactly +-100000.0: one side all lost */
};

/* The summary of several trials: the spread of the value, the right arrays. */
static void
summarise(const struct tally *ty, long trials)
{
	char lo[32], hi[32];

	printf(_("value ranged %s..%s; correct (0.0) in %ld of %ld trials\n"),
	    py_float(lo, sizeof lo, ty->vmin), py_float(hi, sizeof hi, ty->vmax),
	    ty->value_ok, trials);
	printf(_("array all zeros in %ld of %ld trials\n"), ty->array_ok, trials);
}

/* Without the lock: what this run's trials show, each kind of outcome said whole. */
static void
explain_no_lock(const struct tally *ty, long trials)
{
	long other = trials - ty->value_ok - ty->wiped;

	if (think_ms > 0)
		printf(_("Without the lock an update is three steps: read, change, write. Here each\n"
		    "process thought %ld ms between the read and the write of its first update.\n"
		    "Both started together (a PTHREAD_PROCESS_SHARED barrier), so both read the\n"
		    "same starting value 0.0 and thought.\n"), think_ms);
	else
		printf(_("Without the lock an update is three steps: read, change, write, a few\n"
		    "nanoseconds apart with --think-ms 0. Both processes started together (a\n"
		    "PTHREAD_PROCESS_SHARED barrier) and updated the value at the same time on two\n"
		    "CPUs, or by turns on one.\n"));
	if (ty->wiped > 0)
		printf(_("Trials whose value ended at exactly +100000.0 or -100000.0: %ld of %ld.\n"
		    "There one process did all its updates while the other sat between a read\n"
		    "and its write; the late one then wrote its stale value +/- 1 over all of them.\n"),
		    ty->wiped, trials);
	if (other > 0)
		printf(_("Trials whose value ended neither at 0.0 nor at +/-100000.0: %ld of %ld.\n"
		    "There the two processes' updates overlapped: whenever both read the same\n"
		    "value before either wrote it back, one of the two updates was lost.\n"),
		    other, trials);
	if (ty->value_ok > 0)
		printf(_("Trials whose value still ended at 0.0: %ld of %ld. There no update was\n"
		    "lost, or as many +1s as -1s were lost: a right total does not prove the code\n"
		    "right.\n"),
		    ty->value_ok, trials);
	if (think_ms > 0)
		printf(_("In the array only the first update of element 0 thinks, so element 0 shows\n"
		    "the same wipe-out (+/-5000); the other elements lose updates only where the\n"
		    "two processes happen to overlap. Run it again without --no-lock.\n"));
	else
		printf(_("The array's elements lose updates only where the two processes happen to\n"
		    "overlap on the same element. Run it again without --no-lock.\n"));
}

static int
init_mutex(pthread_mutex_t *m)
{
	pthread_mutexattr_t attr;
	int e;

	if ((e = pthread_mutexattr_init(&attr)) != 0)
		die("pthread_mutexattr_init", e);
	if ((e = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)) != 0)
		die("pthread_mutexattr_setpshared", e);
	e = pthread_mutex_init(m, &attr);
	pthread_mutexattr_destroy(&attr);
	return e;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ "no-lock", no_argument, NULL, 'n' },
		{ "trials", required_argument, NULL, 't' },
		{ "think-ms", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	long trials = 1;
	int quick = 0, think_given = 0, c;

	lesson_i18n();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'q':
			quick = 1;
			break;
		case 'n':
			use_lock = 0;
			break;
		case 't':
			trials = parse_num("--trials", optarg, 1, 10000);
			break;
		case 'k':
			think_ms = parse_num("--think-ms", optarg, 0, 10000);
			think_given = 1;
			break;
		default:
			bad_option(c, argv);
		}
	}
	if (optind < argc)
		bad_usage(_("unexpected argument '%s'"), argv[optind]);
	if (quick && !think_given)
		think_ms = 5;

	/* Value('d', 0.0, lock=True) and Array('i', [0]*10, lock=True): shared memory. */
	struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap", errno);
	/* proclab lesson 9 --explore: the scheduler watches for a write over another's */
	LESSON_WATCH("num.value", sh->num.value);
	for (int i = 0; i < ARRAY_LEN; i++) {
		char name[16];

		snprintf(name, sizeof name, "vet[%d]", i);
		LESSON_WATCH(name, sh->vet.v[i]);
	}

	int e, rc = 0;
	pthread_barrierattr_t battr;
	if ((e = pthread_barrierattr_init(&battr)) != 0 ||
	    (e = pthread_barrierattr_setpshared(&battr, PTHREAD_PROCESS_SHARED)) != 0) {
		fprintf(stderr, NAME ": pthread_barrierattr: %s\n", strerror(e));
		rc = 1;
		goto out_unmap;
	}
	if ((e = init_mutex(&sh->num.lock)) != 0) {
		fprintf(stderr, NAME ": pthread_mutex_init: %s\n", strerror(e));
		rc = 1;
		goto out_battr;
	}
	if ((e = init_mutex(&sh->vet.lock)) != 0) {
		fprintf(stderr, NAME ": pthread_mutex_init: %s\n", strerror(e));
		rc = 1;
		goto out_num;
	}

	struct tally ty = { 0 };
	char vbuf[32];

	for (long t = 0; t < trials; t++) {
		sh->num.value = 0.0;
		memset(sh->vet.v, 0, sizeof sh->vet.v);

		/* pSoma = Process(target=soma, args=(num,)); pSubtracao = ...; start; join */
		if (run_pair(sh, &battr, 0) == -1 || run_pair(sh, &battr, 1) == -1) {
			rc = 1;
			goto out_vet;
		}
		/* print(num.value), print(vet[:]): added, the slide's code has neither */
		printf("%s\n", py_float(vbuf, sizeof vbuf, sh->num.value));
		print_array(sh->vet.v);

		double v = sh->num.value;
		if (t == 0 || v < ty.vmin)
			ty.vmin = v;
		if (t == 0 || v > ty.vmax)
			ty.vmax = v;
		ty.value_ok += v == 0.0;
		ty.wiped += v == VALUE_ITERATIONS || v == -VALUE_ITERATIONS;
		int zeros = 1;
		for (int i = 0; i < ARRAY_LEN; i++)
			zeros &= sh->vet.v[i] == 0;
		ty.array_ok += zeros;
	}

	printf("\n");
	if (trials > 1)
		summarise(&ty, trials);
	if (use_lock && lesson_scheduled())
		/* TRANSLATORS: the -sched build's updates of the value by each process, of
		 * each array element by each process, the array's length. */
		printf(_("Under proclab's scheduler, with %d updates each way of the value and %d\n"
		    "of each of the array's %d elements (100000 and 5000 made small): one process\n"
		    "runs at a time, and the schedule says which one goes on at each call, each\n"
		    "lock and unlock included. Every update still ran under its lock, so none\n"
		    "was lost. The same schedule gives the same outcome every time.\n"),
		    VALUE_ITERATIONS, ARRAY_ITERATIONS, ARRAY_LEN);
	else if (use_lock)
		printf(_("Every update ran under the value's own lock (a pthread mutex made\n"
		    "PTHREAD_PROCESS_SHARED, living in the same MAP_SHARED mapping as the data):\n"
		    "read-modify-write is one step, so 100000 x (+1.0) and 100000 x (-1) cancel to\n"
		    "0.0 and every array element ends at 0. The lock serialises the updates; the\n"
		    "two processes still run at the same time between them.\n"));
	else
		explain_no_lock(&ty, trials);
	printf(_("\nNotebook 004's Value cell starts both processes but never joins them (its\n"
	    "print num.value stands outside the code), and its Array cell joins them but\n"
	    "prints nothing: this lesson waits for both children of each cell (waitpid)\n"
	    "before it prints, so each result above is the final one, not a value read\n"
	    "while the processes still ran.\n"));

out_vet:
	pthread_mutex_destroy(&sh->vet.lock);
out_num:
	pthread_mutex_destroy(&sh->num.lock);
out_battr:
	pthread_barrierattr_destroy(&battr);
out_unmap:
	if (munmap(sh, sizeof *sh) == -1) {
		fprintf(stderr, NAME ": munmap: %s\n", strerror(errno));
		rc = 1;
	}
	if (rc == 0)
		lesson_where(stdout, "09-get-lock.c", NULL);
	return rc;
}
