/* SPDX-License-Identifier: MIT */
/*
 * 07-balance-lock: notebook 002, "Shared Value" (In[2] to In[7]), with the lock.
 *
 * balance = Value('i', 100); lock = Lock(); 5 processes deposit 100 and 5
 * withdraw 50 under "with lock:", so the result is 100 + 5*100 - 5*50 = 350,
 * every time. The lock is a pthread mutex made PTHREAD_PROCESS_SHARED and placed
 * in the mmap(MAP_SHARED) region, so all the forked processes use the same one.
 *
 * Same start line and think time as lesson 06, where every trial loses updates:
 * here the lock lets only one process at a time between its read and its write.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
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

#define NPROC           10      /* 5 depositors + 5 withdrawers */
#define START_BALANCE   100
#define EXPECTED        (START_BALANCE + 5 * 100 - 5 * 50)      /* 350 */

static const char *prog = "07-balance-lock";

static void
usage(FILE *fp)
{
	fprintf(fp, _(
	    "Usage: %s [--trials N] [--think-ms MS] [--quick] [--help]\n"
	    "Notebook 002 with the lock: 5 processes deposit 100 and 5 withdraw 50 on a\n"
	    "shared balance of 100; each reads, thinks, writes back while it holds a\n"
	    "process-shared mutex. Final Balance = 350 on every trial.\n"
	    "\n"
	    "  --trials N     run it N times and sum up the spread (1..10000; default 1)\n"
	    "  --think-ms MS  time between read and write, the notebook's time.sleep\n"
	    "                 (0..10000; default 200 as in the notebook: about 2 s a trial)\n"
	    "  --quick        3 trials, 5 ms think time (unless given)\n"
	    "  --help         show this help and exit\n"
	    "\n"
	    "Exit status: 0 the demo ran, 1 a system call failed, 2 bad usage.\n"), prog);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\nTry '%s --help'.\n"), prog);
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

/* Option value: a whole decimal number in [min, max], nothing else. */
static long
number_arg(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 || v < min || v > max)
		bad_usage(_("%s: '%s' is not a whole number from %ld to %ld"), opt, s, min, max);
	return v;
}

static void
sys_error(const char *call)
{
	fprintf(stderr, "%s: %s: %s\n", prog, call, strerror(errno));
}

static void
sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		continue;
}

/* What each process did, for the explanation at the end (bookkeeping only). */
struct record {
	int	amount;         /* +100 or -50 */
	int	based_on;       /* how many writes had happened when it read the balance */
	int	write_no;       /* its write was the write_no-th one (1..NPROC) */
};

/* Everything the processes share: one mmap(MAP_SHARED) region made before fork(). */
struct shared {
	/* balance = Value('i', 100). Python's Value has its own small lock that it
	 * takes for each single read or write of .value; value_lock plays that part.
	 * It makes each read and each write whole, NOT the read-think-write. */
	pthread_mutex_t	value_lock;
	int		balance;
	int		writes;         /* bookkeeping: writes so far */
	pthread_mutex_t	lock;           /* lock = Lock(): the one this lesson adds */
	sem_t		start_line;     /* the parent posts it NPROC times: "go" */
	struct record	rec[NPROC];
};

/* Value's own lock, taken and dropped inside value_get/value_set. These run in
 * the children only: on failure the child leaves with status 1. */
static void
value_lock(struct shared *sh, bool lock)
{
	int err = lock ? pthread_mutex_lock(&sh->value_lock) : pthread_mutex_unlock(&sh->value_lock);

	if (err != 0) {
		fprintf(stderr, "%s: %s: %s\n", prog,
		    lock ? "pthread_mutex_lock" : "pthread_mutex_unlock", strerror(err));
		_exit(1);
	}
}

/* local_copy = balance.value */
static int
value_get(struct shared *sh, int *writes_seen)
{
	int v;

	value_lock(sh, true);
	v = sh->balance;
	*writes_seen = sh->writes;
	if (lesson_scheduled())
		lesson_think(); /* proclab's scheduler: it has read the balance (lesson-sched.h) */
	value_lock(sh, false);
	return v;
}

/* balance.value = local_copy */
static int
value_set(struct shared *sh, int v)
{
	int n;

	value_lock(sh, true);
	sh->balance = v;
	n = ++sh->writes;
	value_lock(sh, false);
	return n;
}

/*
 * def increase_balance(balance, amount, lock):     (and decrease_balance, -= amount)
 *     with lock:
 *         local_copy = balance.value # get the global balance value
 *         local_copy += amount # update amount
 *         time.sleep(0.2) # heavy computation
 *         balance.value = local_copy # update value
 */
static int
change_balance(struct shared *sh, int k, long think_ms)
{
	struct record *me = &sh->rec[k];
	int local_copy, err;

	while (sem_wait(&sh->start_line) == -1) {       /* wait for "go" */
		if (errno != EINTR) {
			sys_error("sem_wait");
			return 1;
		}
	}
	if ((err = pthread_mutex_lock(&sh->lock)) != 0) {      /* with lock: */
		fprintf(stderr, "%s: pthread_mutex_lock: %s\n", prog, strerror(err));
		return 1;
	}
	local_copy = value_get(sh, &me->based_on);
	local_copy += me->amount;
	sleep_us(think_ms * 1000);
	me->write_no = value_set(sh, local_copy);
	if ((err = pthread_mutex_unlock(&sh->lock)) != 0) {    /* end of the with block */
		fprintf(stderr, "%s: pthread_mutex_unlock: %s\n", prog, strerror(err));
		return 1;
	}
	return 0;
}

/* One trial: 10 processes on a fresh balance of 100. Returns 0, or 1 on a failed call. */
static int
run_trial(struct shared *sh, long think_ms, int *final, int *lost)
{
	pthread_mutexattr_t attr;
	pid_t pids[NPROC];
	int started = 0, i, k, err, status, rc = 0;

	/* balance = Value('i', 100) */
	memset(sh, 0, sizeof *sh);
	sh->balance = START_BALANCE;
	if ((err = pthread_mutexattr_init(&attr)) != 0) {
		fprintf(stderr, "%s: pthread_mutexattr_init: %s\n", prog, strerror(err));
		return 1;
	}
	/* lock = Lock(): a mutex that works between processes, in shared memory. */
	err = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	if (err != 0) {
		pthread_mutexattr_destroy(&attr);
		fprintf(stderr, "%s: pthread_mutexattr_setpshared: %s\n", prog, strerror(err));
		return 1;
	}
	if ((err = pthread_mutex_init(&sh->value_lock, &attr)) != 0) {
		pthread_mutexattr_destroy(&attr);
		fprintf(stderr, "%s: pthread_mutex_init: %s\n", prog, strerror(err));
		return 1;
	}
	err = pthread_mutex_init(&sh->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	if (err != 0) {
		fprintf(stderr, "%s: pthread_mutex_init: %s\n", prog, strerror(err));
		rc = 1;
		goto out_value_lock;
	}
	if (sem_init(&sh->start_line, 1, 0) == -1) {
		sys_error("sem_init");
		rc = 1;
		goto out_mutex;
	}

	/* for i in range(5):
	 *     processes.append(Process(target=increase_balance, args=(balance, 100, lock)))
	 *     processes.append(Process(target=decrease_balance, args=(balance, 50, lock))) */
	for (k = 0; k < NPROC; k++)
		sh->rec[k].amount = k % 2 == 0 ? +100 : -50;

	/* for p in processes: p.start() */
	fflush(stdout);
	for (started = 0; started < NPROC; started++) {
		pids[started] = fork();
		if (pids[started] == -1) {
			sys_error("fork");
			rc = 1;
			goto out_reap;
		}
		if (pids[started] == 0)
			_exit(change_balance(sh, started, think_ms));
	}
	for (i = 0; i < NPROC; i++) {                   /* "go" */
		if (sem_post(&sh->start_line) == -1) {
			sys_error("sem_post");
			rc = 1;
			goto out_reap;
		}
	}

out_reap:
	/* for p in processes: p.join() */
	for (k = 0; k < started; k++) {
		if (rc != 0)    /* something failed: the others may wait for a "go" forever */
			kill(pids[k], SIGKILL);
		while (waitpid(pids[k], &status, 0) == -1) {
			if (errno != EINTR) {
				sys_error("waitpid");
				rc = 1;
				break;
			}
		}
		if (rc == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
			fprintf(stderr, _("%s: process %d of the trial failed\n"), prog, k + 1);
			rc = 1;
		}
	}
	if (rc == 0) {
		/* Which updates survive: follow the last write back to the one it read
		 * from, and so on to the starting balance. The rest were overwritten. */
		int kept = 0, want = NPROC;

		while (want > 0) {
			for (k = 0; k < NPROC && sh->rec[k].write_no != want; k++)
				continue;
			if (k == NPROC)
				break;  /* cannot happen: every process wrote once */
			kept++;
			want = sh->rec[k].based_on;
		}
		*final = sh->balance;
		*lost = NPROC - kept;
	}
	if (sem_destroy(&sh->start_line) == -1) {
		sys_error("sem_destroy");
		rc = 1;
	}
out_mutex:
	pthread_mutex_destroy(&sh->lock);
out_value_lock:
	pthread_mutex_destroy(&sh->value_lock);
	return rc;
}

/* What the lock did to this run's times, and what it is. */
static void
explain(long trials, double took_lo, double took_hi, long think_ms)
{
	if (lesson_scheduled())
		/* proclab lesson 7 --schedule: no real time passes, the order is the schedule's */
		printf(_("Under proclab's scheduler one process runs at a time, and the schedule\n"
		    "says which one goes on at each call (the think takes no time): in whatever\n"
		    "order it lets the ten go, the lock lets one process at a time through its\n"
		    "read-think-write. The same schedule gives the same outcome every time.\n"));
	else if (trials == 1)
		printf(_("The trial took %.2f s: the lock lets one process at a time through\n"
		    "its read-think-write, so the ten %ld ms thinks run one after the other.\n"),
		    took_lo, think_ms);
	else
		printf(_("Each trial took %.2f..%.2f s: the lock lets one process at a time "
		    "through\nits read-think-write, so the ten %ld ms thinks run one after the "
		    "other.\n"), took_lo, took_hi, think_ms);
	printf(_("Every process read the balance only after the one before it had written\n"
	    "it back: no update was lost. The lock is a pthread_mutex_t in the\n"
	    "mmap(MAP_SHARED) region, set up with pthread_mutexattr_setpshared(\n"
	    "PTHREAD_PROCESS_SHARED); pthread_mutex_lock/unlock play 'with lock:'.\n"
	    "Compare lesson 06: the same code without the lock loses updates every time.\n"
	    "If a process died while holding this lock the others would wait forever;\n"
	    "PTHREAD_MUTEX_ROBUST (pthread_mutexattr_setrobust) is the cure for that.\n"));
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ "think-ms", required_argument, NULL, 'm' },
		{ "trials", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct shared *sh;
	long trials = -1, think_ms = -1;
	bool quick = false;
	struct timespec t0, t1;
	double took, took_lo = 1e9, took_hi = 0;
	int c, t, final = 0, lost = 0, rc = 0;
	int lo = INT_MAX, hi = INT_MIN, lost_lo = INT_MAX, lost_hi = INT_MIN, correct = 0;

	lesson_i18n();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
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
		bad_usage(_("unexpected argument '%s'"), argv[optind]);
	if (trials < 0)
		trials = quick ? 3 : 1;
	if (think_ms < 0)
		think_ms = quick ? 5 : 200;

	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		sys_error("mmap");
		return 1;
	}
	/* proclab lesson 7 --explore: the scheduler watches for a write over another's */
	LESSON_WATCH("balance", sh->balance);

	for (t = 1; t <= trials; t++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (run_trial(sh, think_ms, &final, &lost) != 0) {
			rc = 1;
			goto out_unmap;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		took = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
		took_lo = took < took_lo ? took : took_lo;
		took_hi = took > took_hi ? took : took_hi;
		/* print(f"Final Balance = {balance.value}") */
		printf("Final Balance = %d", final);
		if (trials > 1)
			/* TRANSLATORS: after the notebook's line "Final Balance = 350": the
			 * trial's number, its lost updates of the 10. */
			printf(_("\t(trial %d: lost updates: %d of %d)"), t, lost, NPROC);
		printf("\n");
		fflush(stdout);
		lo = final < lo ? final : lo;
		hi = final > hi ? final : hi;
		lost_lo = lost < lost_lo ? lost : lost_lo;
		lost_hi = lost > lost_hi ? lost : lost_hi;
		correct += final == EXPECTED;
	}

	printf("\n");
	if (trials == 1)
		printf(_("lost updates: %d of %d; expected %d, got %d.\n"),
		    lost, NPROC, EXPECTED, final);
	else
		printf(_("lost updates: %d..%d of %d per trial; final balance ranged %d..%d; "
		    "correct (%d) in %d of %ld trials.\n"),
		    lost_lo, lost_hi, NPROC, lo, hi, EXPECTED, correct, trials);
	explain(trials, took_lo, took_hi, think_ms);
out_unmap:
	if (munmap(sh, sizeof *sh) == -1) {
		sys_error("munmap");
		rc = 1;
	}
	if (rc == 0)
		lesson_where(stdout, "07-balance-lock.c", NULL);
	return rc;
}
