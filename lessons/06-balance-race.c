/* SPDX-License-Identifier: MIT */
/*
 * 06-balance-race: notebook 002, "Shared Value" (In[2] to In[7]), without the lock.
 *
 * balance = Value('i', 100); 5 processes deposit 100 and 5 withdraw 50, so the
 * right answer is 100 + 5*100 - 5*50 = 350. Each process reads the balance into
 * a local copy, changes the copy, "thinks" (the notebook's time.sleep(0.2),
 * standing for heavy computation) and writes the copy back. With no lock around
 * that read-think-write, processes read the same old balance and the later write
 * wipes out the earlier one: lost updates, and a wrong Final Balance.
 *
 * The race is not left to luck: all ten processes wait at a start line (a
 * process-shared semaphore), then read within a few microseconds of each other,
 * and the think time (milliseconds) keeps every write far behind every read.
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

static const char *prog = "06-balance-race";

static void
usage(FILE *fp)
{
	fprintf(fp, _(
	    "Usage: %s [--trials N] [--think-ms MS] [--seed S] [--quick] [--help]\n"
	    "Notebook 002 without the lock: 5 processes deposit 100 and 5 withdraw 50 on a\n"
	    "shared balance of 100; each reads, thinks, writes back with no lock around it.\n"
	    "Updates get lost and the Final Balance is wrong (it should be 350).\n"
	    "\n"
	    "  --trials N     run the race N times and sum up the spread (1..10000; default 5)\n"
	    "  --think-ms MS  time between read and write, the notebook's time.sleep\n"
	    "                 (0..10000; default 200 as in the notebook)\n"
	    "  --seed S       shuffles the start order and the think times (+-50%%) of each\n"
	    "                 trial (0..4294967295; default: from the clock, printed)\n"
	    "  --quick        3 trials, 20 ms think time (unless given)\n"
	    "  --help         show this help and exit\n"
	    "\n"
	    "Exit status: 0 the demo ran (a wrong balance is the lesson), 1 a system call\n"
	    "failed, 2 bad usage.\n"), prog);
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

/* A small seeded generator (splitmix64), so --seed repeats the same shuffle. */
static uint64_t
next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* What each process did, for the explanation at the end (bookkeeping only). */
struct record {
	int	amount;         /* +100 or -50 */
	long	think_us;
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
 *     with lock:                                   <- this lesson leaves the lock out
 *         local_copy = balance.value # get the global balance value
 *         local_copy += amount # update amount
 *         time.sleep(0.2) # heavy computation
 *         balance.value = local_copy # update value
 */
static int
change_balance(struct shared *sh, int k)
{
	struct record *me = &sh->rec[k];
	int local_copy;

	while (sem_wait(&sh->start_line) == -1) {       /* wait for "go" */
		if (errno != EINTR) {
			sys_error("sem_wait");
			return 1;
		}
	}
	local_copy = value_get(sh, &me->based_on);
	local_copy += me->amount;
	sleep_us(me->think_us);
	me->write_no = value_set(sh, local_copy);
	return 0;
}

/* One trial: 10 processes on a fresh balance of 100. Returns 0, or 1 on a failed call. */
static int
run_trial(struct shared *sh, long think_ms, uint64_t *rng, int *final, int *lost,
    bool *all_read_first)
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
	err = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	if (err == 0)
		err = pthread_mutex_init(&sh->value_lock, &attr);
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

	/* for i in range(5):
	 *     processes.append(Process(target=increase_balance, args=(balance, 100, lock)))
	 *     processes.append(Process(target=decrease_balance, args=(balance, 50, lock)))
	 * The seed shuffles that order and gives each process a think time of 50..150%. */
	for (k = 0; k < NPROC; k++)
		sh->rec[k].amount = k % 2 == 0 ? +100 : -50;
	for (k = NPROC - 1; k > 0; k--) {
		int j = (int)(next_random(rng) % (uint64_t)(k + 1));
		int t = sh->rec[k].amount;

		sh->rec[k].amount = sh->rec[j].amount;
		sh->rec[j].amount = t;
	}
	for (k = 0; k < NPROC; k++)
		sh->rec[k].think_us = think_ms * (500 + (long)(next_random(rng) % 1001));

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
			_exit(change_balance(sh, started));
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
		/* Did every process read before the first write (all saw 100)? */
		*all_read_first = true;
		for (k = 0; k < NPROC; k++)
			if (sh->rec[k].based_on != 0)
				*all_read_first = false;
	}
	if (sem_destroy(&sh->start_line) == -1) {
		sys_error("sem_destroy");
		rc = 1;
	}
out_mutex:
	pthread_mutex_destroy(&sh->value_lock);
	return rc;
}

/* What the right and wrong balances of this run say; each case a whole paragraph. */
static void
explain_outcome(long trials, long think_ms, int correct, int lucky, int lo, int hi)
{
	unsigned long n = (unsigned long)trials;

	if (correct == 0 && think_ms == 0)
		printf(ngettext("Even without think time 0 of %ld trial was right: ten processes let "
		    "go\nfrom the start line at the same moment collide inside those microseconds.\n",
		    "Even without think time 0 of %ld trials were right: ten processes let go\n"
		    "from the start line at the same moment collide inside those microseconds.\n",
		    n), trials);
	else if (correct == trials && lucky == 0)
		printf(ngettext("%ld trial came out right (350): each process got through its\n"
		    "read-change-write before the next one read. That was the scheduler's\n"
		    "luck, not a guarantee, which is why real races slip through testing; a\n"
		    "think time (--think-ms 20) makes the race certain.\n",
		    "All %ld trials came out right (350): each process got through its\n"
		    "read-change-write before the next one read. That was the scheduler's\n"
		    "luck, not a guarantee, which is why real races slip through testing; a\n"
		    "think time (--think-ms 20) makes the race certain.\n", n), trials);
	else if (correct == trials && trials == 1)
		printf(_("The trial came out right (350), but not because the processes took\n"
		    "turns: updates were lost, and the lost deposits and withdrawals cancelled\n"
		    "out (one +100 for every two -50s). That was luck, not a guarantee.\n"));
	else if (correct == trials)
		/* TRANSLATORS: all trials, the right ones among them that lost updates. */
		printf(_("All %ld trials came out right (350), %d of them only because the updates\n"
		    "they lost cancelled out (one lost +100 for every two lost -50s). That was\n"
		    "luck, not a guarantee: a think time (--think-ms 20) makes the race certain.\n"),
		    trials, lucky);
	else if (correct > 0 && lucky == 0)
		printf(_("%d of %ld trials came out right: the scheduler happened to let those\n"
		    "processes finish their read-change-write one after another.\n"),
		    correct, trials);
	else if (correct > 0 && lucky == correct)
		printf(_("%d of %ld trials came out right (350), but not because the processes took\n"
		    "turns: updates were lost there too, and the lost deposits and withdrawals\n"
		    "cancelled out (one +100 for every two -50s).\n"), correct, trials);
	else if (correct > 0)
		/* TRANSLATORS: right trials, all trials, right trials with no update lost,
		 * right trials whose lost updates cancelled out. */
		printf(_("%d of %ld trials came out right (350): in %d the scheduler let the\n"
		    "processes finish their read-change-write one after another; in the other\n"
		    "%d the updates lost cancelled out (one +100 for every two -50s).\n"),
		    correct, trials, correct - lucky, lucky);
	if (correct < trials && trials == 1)
		printf(_("The final balance was %d where 350 was right. The read-change-write is\n"
		    "a critical section; nothing here stops two processes from being inside it\n"
		    "at once. Lesson 07 puts a process-shared lock around it: Final Balance = 350.\n"),
		    lo);
	else if (correct < trials)
		printf(_("Final balances ranged %d..%d where 350 was right. The read-change-write "
		    "is a\ncritical section; nothing here stops two processes from being inside "
		    "it at\nonce. Lesson 07 puts a process-shared lock around it: Final Balance = "
		    "350.\n"), lo, hi);
	else
		printf(_("The read-change-write is a critical section; nothing here stops two\n"
		    "processes from being inside it at once. Lesson 07 puts a process-shared lock\n"
		    "around it: Final Balance = 350.\n"));
}

/*
 * The explanation after the figures. It is built from what this run measured:
 * how many trials came out right, in how many every process read the balance
 * before anyone wrote it back, the spread of lost updates and balances, and how
 * many of the right balances came from updates lost in pairs that cancel out
 * (one +100 against two -50s: 'lucky'). Each case is a whole paragraph of its own,
 * so that it translates whole.
 */
static void
explain(long trials, long think_ms, int correct, int lucky, int read_first, int lost_lo,
    int lost_hi, int lo, int hi)
{
	unsigned long n = (unsigned long)trials;

	if (think_ms > 0)
		printf(_("Each process read balance.value, added its amount to its local copy and\n"
		    "thought for %ld ms (+-50%%) before writing the copy back: a window in\n"
		    "which the others could read the same old balance.\n"), think_ms);
	else
		printf(_("With --think-ms 0 nobody thought: between a process's read and its write\n"
		    "there were only the add and Value's own lock, a few microseconds.\n"));
	/* The last writer wrote 100 + its own amount: 200 (a deposit) or 50. */
	if (read_first == trials && lo != hi)
		printf(_("In every trial here all ten processes read 100 before any of them wrote\n"
		    "back, so each wrote 100 + its own amount over the others: the last\n"
		    "writer won (200 for a deposit, 50 for a withdrawal) and the other 9 updates\n"
		    "were lost.\n"));
	else if (read_first == trials && lo == 200)
		printf(ngettext("In this trial all ten processes read 100 before any of them wrote\n"
		    "back, so each wrote 100 + its own amount over the others: the last\n"
		    "writer won (200, a deposit) and the other 9 updates were lost.\n",
		    "In every trial here all ten processes read 100 before any of them wrote\n"
		    "back, so each wrote 100 + its own amount over the others: the last\n"
		    "writer won (200, a deposit) and the other 9 updates were lost.\n", n));
	else if (read_first == trials)
		printf(ngettext("In this trial all ten processes read 100 before any of them wrote\n"
		    "back, so each wrote 100 + its own amount over the others: the last\n"
		    "writer won (50, a withdrawal) and the other 9 updates were lost.\n",
		    "In every trial here all ten processes read 100 before any of them wrote\n"
		    "back, so each wrote 100 + its own amount over the others: the last\n"
		    "writer won (50, a withdrawal) and the other 9 updates were lost.\n", n));
	else if (read_first > 0)
		/* TRANSLATORS: trials in which all ten read 100, all trials, the fewest and
		 * the most updates lost in a trial. */
		printf(_("In %d of %ld trials all ten read 100 before any wrote back (the last\n"
		    "writer won, 9 updates lost); in the others some read a balance that had\n"
		    "already been written, and %d..%d updates per trial were lost.\n"),
		    read_first, trials, lost_lo, lost_hi);
	else if (correct < trials)
		printf(_("In no trial did all ten read before the first write, but some processes\n"
		    "read a balance that another was still changing: %d..%d of the 10 updates\n"
		    "were lost per trial.\n"), lost_lo, lost_hi);
	explain_outcome(trials, think_ms, correct, lucky, lo, hi);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ "seed", required_argument, NULL, 's' },
		{ "think-ms", required_argument, NULL, 'm' },
		{ "trials", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct shared *sh;
	long trials = -1, think_ms = -1, seed = -1;
	bool quick = false;
	uint64_t rng;
	int c, t, final = 0, lost = 0, rc = 0;
	int lo = INT_MAX, hi = INT_MIN, lost_lo = INT_MAX, lost_hi = INT_MIN, correct = 0;
	int lucky = 0;          /* right balances from updates lost in pairs that cancel out */
	int read_first = 0;     /* trials in which all ten read 100 before any wrote */
	bool all_read_first = false;

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
		case 's':
			seed = number_arg("--seed", optarg, 0, 4294967295L);
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
		trials = quick ? 3 : 5;
	if (think_ms < 0)
		think_ms = quick ? 20 : 200;
	if (seed < 0) {
		struct timespec now;

		clock_gettime(CLOCK_REALTIME, &now);
		seed = (long)((now.tv_nsec ^ (now.tv_sec << 20) ^ getpid()) & 0xffffffffL);
	}
	rng = (uint64_t)seed;

	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		sys_error("mmap");
		return 1;
	}
	/* proclab lesson 6 --schedule: the scheduler tells whose write lost whose update */
	LESSON_WATCH("balance", sh->balance);

	for (t = 1; t <= trials; t++) {
		if (run_trial(sh, think_ms, &rng, &final, &lost, &all_read_first) != 0) {
			rc = 1;
			goto out_unmap;
		}
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
		lucky += final == EXPECTED && lost > 0;
		read_first += all_read_first;
	}

	printf("\n");
	if (trials == 1)
		printf(_("lost updates: %d of %d updates were overwritten; expected %d, got %d.\n"),
		    lost, NPROC, EXPECTED, final);
	else
		printf(_("lost updates: %d..%d of %d per trial; final balance ranged %d..%d; "
		    "correct (%d) in %d of %ld trials.\n"),
		    lost_lo, lost_hi, NPROC, lo, hi, EXPECTED, correct, trials);
	printf(_("(think time %ld ms +-50%%; seed %ld shuffled the start order and the think\n"
	    "times: --seed %ld repeats that shuffle, the scheduler does the rest)\n"),
	    think_ms, seed, seed);
	/* The explanation describes this run: what the counts above say, not what
	 * usually happens. */
	explain(trials, think_ms, correct, lucky, read_first, lost_lo, lost_hi, lo, hi);
	printf(_("(fork() for the processes, mmap(MAP_SHARED | MAP_ANONYMOUS) for the balance,\n"
	    "a pshared semaphore as the start line, waitpid() to join.)\n"));
out_unmap:
	if (munmap(sh, sizeof *sh) == -1) {
		sys_error("munmap");
		rc = 1;
	}
	if (rc == 0)
		lesson_where(stdout, "06-balance-race.c", NULL);
	return rc;
}
