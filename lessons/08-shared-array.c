/*
 * 08-shared-array: notebook 002, "Shared Array" (In[8] to In[14]).
 *
 * shared_array = Array('i', range(10)) lives in one mmap(MAP_SHARED) region.
 * One process adds 10 to every element and another subtracts 5, each element
 * under a process-shared lock (a pthread mutex set PTHREAD_PROCESS_SHARED), so
 * every element ends 5 higher: [5, 6, ..., 14].
 *
 * With --no-lock each process reads the element, thinks, and writes back
 * (local = a[i]; sleep; a[i] = local + amount) with nothing around it. Both
 * processes leave the start line together and walk the array in step, so they
 * read the same element at the same time and one of the two writes is lost:
 * the element ends +10 or -5 instead of +5.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define N 10

static const char *prog = "08-shared-array";

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "Usage: %s [--no-lock] [--trials N] [--think-ms MS] [--quick] [--help]\n"
	    "Notebook 002, Shared Array: one process adds 10 and one subtracts 5 on every\n"
	    "element of a shared array [0, 1, ..., 9], each element under a process-shared\n"
	    "lock: Final value: [5, 6, ..., 14].\n"
	    "\n"
	    "  --no-lock      no lock: read, think, write back; updates get lost\n"
	    "  --trials N     run it N times and sum up the spread (1..10000; default 1)\n"
	    "  --think-ms MS  think time per element, the notebook's time.sleep(0.1)\n"
	    "                 (0..10000; default 10)\n"
	    "  --quick        2 ms think time (unless given)\n"
	    "  --help         show this help and exit\n"
	    "\n"
	    "Exit status: 0 the demo ran (a wrong array under --no-lock is the lesson),\n"
	    "1 a system call failed, 2 bad usage.\n", prog);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", prog);
	exit(2);
}

/* getopt_long returned '?' or ':': say which option was wrong, exit 2. */
static void __attribute__((noreturn))
bad_option(int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		bad_usage("option '%s' needs a value", arg);
	if (optopt != 0 && strncmp(arg, "--", 2) == 0)
		bad_usage("option '%.*s' takes no value", (int)strcspn(arg, "="), arg);
	if (optopt != 0)
		bad_usage("unknown option '-%c'", optopt);
	bad_usage("unknown or ambiguous option '%s'", arg);
}

/* Option value: a whole decimal number in [min, max], nothing else. */
static long
number_arg(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 || v < min || v > max)
		bad_usage("%s: '%s' is not a whole number from %ld to %ld", opt, s, min, max);
	return v;
}

static void
sys_error(const char *call)
{
	fprintf(stderr, "%s: %s: %s\n", prog, call, strerror(errno));
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		continue;
}

/* Everything the processes share: one mmap(MAP_SHARED) region made before fork(). */
struct shared {
	int		sh_array[N];    /* shared_array = Array('i', [i for i in range(0, 10)]) */
	pthread_mutex_t	lock;           /* lock = Lock() */
	sem_t		start_line;     /* the parent posts it twice: "go" */
};

/* print(f"... {shared_array[:]}") in Python's list format. */
static void
print_array(const char *label, const int *a)
{
	int i;

	printf("%s: [", label);
	for (i = 0; i < N; i++)
		printf("%s%d", i ? ", " : "", a[i]);
	printf("]");
}

/*
 * def increase_item_val(sh_array, amount, lock):      (decrease_item_val: -= amount)
 *     for i in range(0, len(sh_array)):
 *         with lock:
 *             time.sleep(0.1)
 *             sh_array[i] += amount
 */
static int
change_items(struct shared *sh, int amount, bool use_lock, long think_ms)
{
	int i, err, local;

	while (sem_wait(&sh->start_line) == -1) {       /* wait for "go" */
		if (errno != EINTR) {
			sys_error("sem_wait");
			return 1;
		}
	}
	for (i = 0; i < N; i++) {
		if (use_lock) {
			if ((err = pthread_mutex_lock(&sh->lock)) != 0) {       /* with lock: */
				fprintf(stderr, "%s: pthread_mutex_lock: %s\n", prog, strerror(err));
				return 1;
			}
			sleep_ms(think_ms);
			sh->sh_array[i] += amount;
			if ((err = pthread_mutex_unlock(&sh->lock)) != 0) {
				fprintf(stderr, "%s: pthread_mutex_unlock: %s\n", prog, strerror(err));
				return 1;
			}
		} else {
			/* --no-lock: the += spelled out, with the think time inside it. */
			local = sh->sh_array[i];
			sleep_ms(think_ms);
			sh->sh_array[i] = local + amount;
		}
	}
	return 0;
}

/* One trial on a fresh array. Returns 0, or 1 when a call failed. */
static int
run_trial(struct shared *sh, bool use_lock, long think_ms, bool show_initial)
{
	pthread_mutexattr_t attr;
	pid_t pids[2];
	int amounts[2] = { +10, -5 };
	int started, i, err, status, rc = 0;

	memset(sh, 0, sizeof *sh);
	for (i = 0; i < N; i++)
		sh->sh_array[i] = i;
	if (show_initial) {
		/* print(f"Initial Value: {shared_array[:]}") */
		print_array("Initial Value", sh->sh_array);
		printf("\n");
	}

	/* lock = Lock(): a mutex usable between processes, in the shared region. */
	if ((err = pthread_mutexattr_init(&attr)) != 0) {
		fprintf(stderr, "%s: pthread_mutexattr_init: %s\n", prog, strerror(err));
		return 1;
	}
	err = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	if (err != 0) {
		pthread_mutexattr_destroy(&attr);
		fprintf(stderr, "%s: pthread_mutexattr_setpshared: %s\n", prog, strerror(err));
		return 1;
	}
	err = pthread_mutex_init(&sh->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	if (err != 0) {
		fprintf(stderr, "%s: pthread_mutex_init: %s\n", prog, strerror(err));
		return 1;
	}
	if (sem_init(&sh->start_line, 1, 0) == -1) {
		sys_error("sem_init");
		rc = 1;
		goto out_mutex;
	}

	/* p_inc = Process(target=increase_item_val, args=(shared_array, 10, lock))
	 * p_dec = Process(target=decrease_item_val, args=(shared_array, 5, lock))
	 * p_inc.start(); p_dec.start() */
	fflush(stdout);
	for (started = 0; started < 2; started++) {
		pids[started] = fork();
		if (pids[started] == -1) {
			sys_error("fork");
			rc = 1;
			goto out_reap;
		}
		if (pids[started] == 0)
			_exit(change_items(sh, amounts[started], use_lock, think_ms));
	}
	for (i = 0; i < 2; i++) {                       /* "go" */
		if (sem_post(&sh->start_line) == -1) {
			sys_error("sem_post");
			rc = 1;
			goto out_reap;
		}
	}

out_reap:
	/* p_inc.join(); p_dec.join() */
	for (i = 0; i < started; i++) {
		if (rc != 0)
			kill(pids[i], SIGKILL);
		while (waitpid(pids[i], &status, 0) == -1) {
			if (errno != EINTR) {
				sys_error("waitpid");
				rc = 1;
				break;
			}
		}
		if (rc == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
			fprintf(stderr, "%s: the %s process failed\n", prog, i == 0 ? "+10" : "-5");
			rc = 1;
		}
	}
	if (sem_destroy(&sh->start_line) == -1) {
		sys_error("sem_destroy");
		rc = 1;
	}
out_mutex:
	pthread_mutex_destroy(&sh->lock);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "no-lock", no_argument, NULL, 'n' },
		{ "quick", no_argument, NULL, 'q' },
		{ "think-ms", required_argument, NULL, 'm' },
		{ "trials", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct shared *sh;
	long trials = 1, think_ms = -1;
	bool use_lock = true, quick = false;
	int c, t, i, lost, rc = 0;
	int correct = 0, lost_lo = 2 * N, lost_hi = 0, lost_inc = 0, lost_dec = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'n':
			use_lock = false;
			break;
		case 'q':
			quick = true;
			break;
		case 'm':
			think_ms = number_arg("--think-ms", optarg, 0, 10000);
			break;
		case 't':
			trials = number_arg("--trials", optarg, 1, 10000);
			break;
		default:
			bad_option(c, argv);
		}
	}
	if (optind < argc)
		bad_usage("unexpected argument '%s'", argv[optind]);
	if (think_ms < 0)
		think_ms = quick ? 2 : 10;

	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		sys_error("mmap");
		return 1;
	}

	for (t = 1; t <= trials; t++) {
		if (run_trial(sh, use_lock, think_ms, t == 1) != 0) {
			rc = 1;
			goto out_unmap;
		}
		/* print(f"Final value: {shared_array[:]}")
		 * Each element should be i + 10 - 5. i + 10 means the -5 was overwritten,
		 * i - 5 the +10. */
		lost = 0;
		for (i = 0; i < N; i++) {
			if (sh->sh_array[i] == i + 10)
				lost_dec++, lost++;
			else if (sh->sh_array[i] == i - 5)
				lost_inc++, lost++;
		}
		print_array("Final value", sh->sh_array);
		if (trials > 1)
			printf("\t(trial %d: lost updates: %d of %d)", t, lost, 2 * N);
		printf("\n");
		fflush(stdout);
		correct += lost == 0;
		lost_lo = lost < lost_lo ? lost : lost_lo;
		lost_hi = lost > lost_hi ? lost : lost_hi;
	}

	printf("\n");
	if (trials == 1)
		printf("lost updates: %d of %d (%d of the +10s, %d of the -5s); expected "
		    "[5, 6, 7, 8, 9, 10, 11, 12, 13, 14].\n", lost_hi, 2 * N, lost_inc, lost_dec);
	else
		printf("lost updates: %d..%d of %d per trial; correct in %d of %ld trials.\n",
		    lost_lo, lost_hi, 2 * N, correct, trials);
	if (use_lock)
		printf("Both processes changed every element, one at a time: the +10 process and\n"
		    "the -5 process each take the lock (a pthread_mutex_t set up with\n"
		    "pthread_mutexattr_setpshared(PTHREAD_PROCESS_SHARED) inside the\n"
		    "mmap(MAP_SHARED) region) around their sleep and their +=, so every element\n"
		    "ends at i + 10 - 5. Run it with --no-lock to see what the lock prevents.\n");
	else
		printf("Without the lock both processes read element i at the same moment, thought\n"
		    "for %ld ms, and wrote back their own result: the second write wiped out the\n"
		    "first, so elements end at i + 10 or i - 5 instead of i + 5. In Python,\n"
		    "sh_array[i] += amount is also a read, an add and a write; the notebook's\n"
		    "'with lock:' makes the three one step for everybody else.\n", think_ms);
out_unmap:
	if (munmap(sh, sizeof *sh) == -1) {
		sys_error("munmap");
		rc = 1;
	}
	return rc;
}
