/* SPDX-License-Identifier: MIT */
/*
 * 08-shared-array: notebook 002, "Shared Array" (In[8] to In[14]).
 *
 * shared_array = Array('i', range(10)) lives in one mmap(MAP_SHARED) region.
 * One process adds 10 to every element and another subtracts 5, each element
 * under a process-shared lock (a pthread mutex set PTHREAD_PROCESS_SHARED), so
 * every element ends 5 higher: [5, 6, ..., 14].
 *
 * --no-lock runs two cells without the lock, one after the other:
 *  1. the notebook's own cell with 'with lock:' removed: sleep, then
 *     sh_array[i] += amount. The read and the write are a few instructions
 *     apart, so the two processes lose an update only when they wake at the
 *     same instant. CPython 3.11 ran that cell (the lock removed, the rest as
 *     the notebook has it, Array's own per-access lock kept) 10 times here:
 *     [5, ..., 14] in 8, one lost update in each of the other 2 (element 0 and
 *     6 = -5 and 1; element 6 = 16). With Array(..., lock=False) another 10
 *     runs: right in 9, element 5 = 15 in 1. This lesson counts its own runs
 *     and says what it counted.
 *  2. the window widened: read the element, sleep, write back (local = a[i];
 *     sleep; a[i] = local + amount). Both processes leave the start line
 *     together and walk the array in step, so they read the same element while
 *     the other sleeps, and one of the two writes is lost on every element: it
 *     ends +10 or -5 instead of +5, in every trial.
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

#include "lesson-i18n.h"
#include "lesson-sched.h"

#ifndef LESSON_ITEMS
#define LESSON_ITEMS 10         /* the -sched build races on 1 (lesson-sched.h) */
#endif
#define N LESSON_ITEMS

static const char *prog = "08-shared-array";

static void
usage(FILE *fp)
{
	fprintf(fp, _(
	    "Usage: %s [--no-lock] [--trials N] [--think-ms MS] [--quick] [--help]\n"
	    "Notebook 002, Shared Array: one process adds 10 and one subtracts 5 on every\n"
	    "element of a shared array [0, 1, ..., 9], each element under a process-shared\n"
	    "lock: Final value: [5, 6, ..., 14].\n"
	    "\n"
	    "  --no-lock      no lock: the notebook's cell without it (sleep, then +=),\n"
	    "                 then the window widened (read, sleep, write back)\n"
	    "  --trials N     run it N times and sum up the spread (1..10000; default 1)\n"
	    "  --think-ms MS  think time per element, the notebook's time.sleep(0.1)\n"
	    "                 (0..10000; default 10)\n"
	    "  --quick        2 ms think time (unless given)\n"
	    "  --help         show this help and exit\n"
	    "\n"
	    "Exit status: 0 the demo ran (a wrong array under --no-lock is the lesson),\n"
	    "1 a system call failed, 2 bad usage.\n"), prog);
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
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	if (lesson_scheduled()) {
		lesson_think(); /* proclab's scheduler: a think, taking no time (lesson-sched.h) */
		return;
	}
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

/* How a process changes each element. */
enum placement {
	LOCKED,         /* the notebook: with lock: sleep; sh_array[i] += amount */
	NOTEBOOK,       /* the same without the lock: sleep; sh_array[i] += amount */
	WIDENED,        /* read; sleep; write back: the sleep inside the += */
};

/*
 * def increase_item_val(sh_array, amount, lock):      (decrease_item_val: -= amount)
 *     for i in range(0, len(sh_array)):
 *         with lock:
 *             time.sleep(0.1)
 *             sh_array[i] += amount
 */
static int
change_items(struct shared *sh, int amount, enum placement how, long think_ms)
{
	volatile int *a = sh->sh_array;         /* each read and write really happens */
	int i, err, local;

	/* (Under proclab's scheduler the schedule says who starts when: no start line.) */
	while (!lesson_scheduled() && sem_wait(&sh->start_line) == -1) {       /* "go" */
		if (errno != EINTR) {
			sys_error("sem_wait");
			return 1;
		}
	}
	for (i = 0; i < N; i++) {
		if (how == LOCKED) {
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
		} else if (how == NOTEBOOK) {
			/* The cell without 'with lock:': sleep first, then the +=
			 * (a read, an add, a write, nanoseconds apart). */
			sleep_ms(think_ms);
			local = a[i];
			a[i] = local + amount;
		} else {
			/* Widened: the += spelled out, with the think time inside it. */
			local = a[i];
			sleep_ms(think_ms);
			a[i] = local + amount;
		}
	}
	return 0;
}

/* One trial on a fresh array. Returns 0, or 1 when a call failed. */
static int
run_trial(struct shared *sh, enum placement how, long think_ms, bool show_initial)
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
			_exit(change_items(sh, amounts[started], how, think_ms));
	}
	for (i = 0; i < 2 && !lesson_scheduled(); i++) {        /* "go" */
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
			/* TRANSLATORS: %s is +10 or -5, what the process adds. */
			fprintf(stderr, _("%s: the %s process failed\n"), prog, i == 0 ? "+10" : "-5");
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

/* What one placement's trials came to. */
struct tally {
	int	correct, lost_lo, lost_hi, lost_inc, lost_dec;
};

/* 'trials' trials of one placement, a Final value line each. 0, or 1 on a failed call. */
static int
run_trials(struct shared *sh, enum placement how, long trials, long think_ms, bool show_initial,
    struct tally *ty)
{
	int t, i, lost;

	ty->correct = ty->lost_inc = ty->lost_dec = ty->lost_hi = 0;
	ty->lost_lo = 2 * N;
	for (t = 1; t <= trials; t++) {
		if (run_trial(sh, how, think_ms, show_initial && t == 1) != 0)
			return 1;
		/* print(f"Final value: {shared_array[:]}")
		 * Each element should be i + 10 - 5. i + 10 means the -5 was overwritten,
		 * i - 5 the +10. */
		lost = 0;
		for (i = 0; i < N; i++) {
			if (sh->sh_array[i] == i + 10)
				ty->lost_dec++, lost++;
			else if (sh->sh_array[i] == i - 5)
				ty->lost_inc++, lost++;
		}
		print_array("Final value", sh->sh_array);
		if (trials > 1)
			/* TRANSLATORS: after the notebook's line "Final value: [...]": the
			 * trial's number, its lost updates of the 20. */
			printf(_("\t(trial %d: lost updates: %d of %d)"), t, lost, 2 * N);
		printf("\n");
		fflush(stdout);
		ty->correct += lost == 0;
		ty->lost_lo = lost < ty->lost_lo ? lost : ty->lost_lo;
		ty->lost_hi = lost > ty->lost_hi ? lost : ty->lost_hi;
	}
	return 0;
}

/* The summary line of one placement, with 'label' (padded, or "") in front. */
static void
summarise(const char *label, const struct tally *ty, long trials)
{
	if (trials == 1 && label[0] == '\0')
		printf(_("lost updates: %d of %d (%d of the +10s, %d of the -5s); expected "
		    "[5, 6, 7, 8, 9, 10, 11, 12, 13, 14].\n"), ty->lost_hi, 2 * N,
		    ty->lost_inc, ty->lost_dec);
	else if (trials == 1)
		/* TRANSLATORS: the first %s is a column label ("sleep, then +=:") with
		 * its padding; then lost updates, of 20, of the +10s, of the -5s. */
		printf(_("%slost updates: %d of %d (%d of the +10s, %d of the -5s).\n"), label,
		    ty->lost_hi, 2 * N, ty->lost_inc, ty->lost_dec);
	else
		/* TRANSLATORS: the first %s is a column label with its padding, or empty. */
		printf(_("%slost updates: %d..%d of %d per trial; correct in %d of %ld trials.\n"),
		    label, ty->lost_lo, ty->lost_hi, 2 * N, ty->correct, trials);
}

/* The two --no-lock summaries, their labels padded to the wider and a space: the counts
 * line up in every language. */
static void
summarise_no_lock(const struct tally *nb, const struct tally *wide, long trials)
{
	const char *label_nb = _("sleep, then +=:"), *label_wide = _("read, sleep, write:");
	int w_nb = lesson_width(label_nb), w_wide = lesson_width(label_wide);
	int width = w_nb > w_wide ? w_nb : w_wide;
	char pad_nb[128], pad_wide[128];

	snprintf(pad_nb, sizeof pad_nb, "%s%*s", label_nb, width + 1 - w_nb, "");
	snprintf(pad_wide, sizeof pad_wide, "%s%*s", label_wide, width + 1 - w_wide, "");
	summarise(pad_nb, nb, trials);
	summarise(pad_wide, wide, trials);
}

/* The notebook's placement: whether its trials came out right, each case whole. */
static void
explain_notebook(const struct tally *nb, long trials, long think_ms)
{
	if (nb->correct == trials && trials == 1)
		printf(_("First the notebook's own cell with 'with lock:' removed: each process\n"
		    "sleeps %ld ms, then does sh_array[i] += amount, a read and a write a few\n"
		    "nanoseconds apart. Right in the one trial: the two processes lose an update\n"
		    "only when they wake at the same instant and interleave inside those\n"
		    "nanoseconds, which did not happen here.\n"), think_ms);
	else if (nb->correct == trials)
		printf(_("First the notebook's own cell with 'with lock:' removed: each process\n"
		    "sleeps %ld ms, then does sh_array[i] += amount, a read and a write a few\n"
		    "nanoseconds apart. Right in all %ld trials: the two processes lose an update\n"
		    "only when they wake at the same instant and interleave inside those\n"
		    "nanoseconds, which did not happen here.\n"), think_ms, trials);
	else if (trials == 1)
		printf(_("First the notebook's own cell with 'with lock:' removed: each process\n"
		    "sleeps %ld ms, then does sh_array[i] += amount, a read and a write a few\n"
		    "nanoseconds apart. Right in no trial, %d..%d updates lost per trial:\n"
		    "there both processes woke at the same instant and interleaved inside\n"
		    "those nanoseconds.\n"), think_ms, nb->lost_lo, nb->lost_hi);
	else if (nb->correct == 0)
		printf(_("First the notebook's own cell with 'with lock:' removed: each process\n"
		    "sleeps %ld ms, then does sh_array[i] += amount, a read and a write a few\n"
		    "nanoseconds apart. Right in none of the %ld trials, %d..%d updates lost per "
		    "trial:\nthere both processes woke at the same instant and interleaved inside\n"
		    "those nanoseconds.\n"), think_ms, trials, nb->lost_lo, nb->lost_hi);
	else
		/* TRANSLATORS: think time, right trials, all trials, the fewest and the
		 * most updates lost in a trial. */
		printf(_("First the notebook's own cell with 'with lock:' removed: each process\n"
		    "sleeps %ld ms, then does sh_array[i] += amount, a read and a write a few\n"
		    "nanoseconds apart. Right in %d of %ld trials, %d..%d updates lost per trial:\n"
		    "there both processes woke at the same instant and interleaved inside\n"
		    "those nanoseconds.\n"), think_ms, nb->correct, trials, nb->lost_lo,
		    nb->lost_hi);
}

/* The widened window: the count, then what it means. */
static void
explain_widened(const struct tally *wide, long trials, long think_ms)
{
	printf(_("Then the window widened: read the element, sleep %ld ms, write back.\n"),
	    think_ms);
	if (trials == 1 && wide->correct == 1)
		printf(_("Right in the one trial, %d..%d of 20 updates lost per trial:\n"),
		    wide->lost_lo, wide->lost_hi);
	else if (trials == 1)
		printf(_("Right in no trial, %d..%d of 20 updates lost per trial:\n"),
		    wide->lost_lo, wide->lost_hi);
	else if (wide->correct == 0)
		printf(_("Right in none of the %ld trials, %d..%d of 20 updates lost per trial:\n"),
		    trials, wide->lost_lo, wide->lost_hi);
	else if (wide->correct == trials)
		printf(_("Right in all %ld trials, %d..%d of 20 updates lost per trial:\n"),
		    trials, wide->lost_lo, wide->lost_hi);
	else
		printf(_("Right in %d of %ld trials, %d..%d of 20 updates lost per trial:\n"),
		    wide->correct, trials, wide->lost_lo, wide->lost_hi);
	if (think_ms > 0 && wide->correct == 0)
		printf(_("both processes read element i, both slept, and the second write wiped\n"
		    "out the first, so elements end at i + 10 or i - 5 instead of i + 5.\n"));
	else if (think_ms > 0 && wide->correct == trials)
		printf(_("one process ran ahead of the other and never read an element the other\n"
		    "was still changing: the scheduler's luck, not a guarantee.\n"));
	else if (think_ms > 0)
		printf(_("where both read element i before either wrote it, the second write\n"
		    "wiped out the first.\n"));
	else if (wide->correct == 0)
		printf(ngettext("with --think-ms 0 the window is only a nanosleep(0) call, a few\n"
		    "microseconds, and still the two processes, let go together, collided in\n"
		    "the trial: a short window is not a safe one.\n",
		    "with --think-ms 0 the window is only a nanosleep(0) call, a few\n"
		    "microseconds, and still the two processes, let go together, collided in\n"
		    "every trial: a short window is not a safe one.\n", (unsigned long)trials));
	else
		printf(_("with --think-ms 0 the window is only a nanosleep(0) call, a few\n"
		    "microseconds, so a collision is the scheduler's chance there too.\n"));
}

/* The explanation of --no-lock, built from what the two placements measured. */
static void
explain_no_lock(const struct tally *nb, const struct tally *wide, long trials, long think_ms)
{
	explain_notebook(nb, trials, think_ms);
	printf(_("CPython 3.11 here, the same cell without its lock (its += is microseconds\n"
	    "of bytecode): right in 8 of 10 runs, 9 of 10 with Array(lock=False).\n"
	    "Rarely wrong is still wrong.\n"));
	explain_widened(wide, trials, think_ms);
	printf(_("The difference is the time between a process's read and its write, when\n"
	    "the other can read the same old value: nanoseconds in the notebook's cell,\n"
	    "the whole sleep in the widened one. In Python, sh_array[i] += amount is\n"
	    "also a read, an add and a write; the notebook's 'with lock:' makes the\n"
	    "three one step for everybody else.\n"));
}

/*
 * proclab lesson 8 --schedule S (lesson-sched.h): the widened window alone, once, in the
 * order the schedule gives, with every element watched. The notebook's placement has no
 * call between its read and its write, and the scheduler switches only at calls: there it
 * could never lose an update, which would teach the wrong thing.
 */
static int
run_scheduled(struct shared *sh, long think_ms)
{
	struct tally wide;
	char name[16], label[128];
	int i;

	for (i = 0; i < N; i++) {
		snprintf(name, sizeof name, "sh_array[%d]", i);
		LESSON_WATCH(name, sh->sh_array[i]);
	}
	if (run_trials(sh, WIDENED, 1, think_ms, true, &wide) != 0)
		return 1;
	printf("\n");
	snprintf(label, sizeof label, "%s ", _("read, sleep, write:"));
	summarise(label, &wide, 1);
	printf(ngettext("Under proclab's scheduler, on %d element: one process runs at a time, "
	    "and the\nschedule says which one goes on at each call (the sleep takes no time). "
	    "The\nsame schedule gives the same outcome every time.\n",
	    "Under proclab's scheduler, on %d elements: one process runs at a time, "
	    "and the\nschedule says which one goes on at each call (the sleep takes no time). "
	    "The\nsame schedule gives the same outcome every time.\n", N), N);
	return 0;
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
	struct tally locked, nb, wide;
	long trials = 1, think_ms = -1;
	bool use_lock = true, quick = false;
	int c, rc = 0;

	lesson_i18n();
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
		bad_usage(_("unexpected argument '%s'"), argv[optind]);
	if (think_ms < 0)
		think_ms = quick ? 2 : 10;

	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		sys_error("mmap");
		return 1;
	}
	if (lesson_scheduled()) {
		rc = run_scheduled(sh, think_ms);
		goto out_unmap;
	}

	if (use_lock) {
		if (run_trials(sh, LOCKED, trials, think_ms, true, &locked) != 0) {
			rc = 1;
			goto out_unmap;
		}
		printf("\n");
		summarise("", &locked, trials);
		printf(_("Both processes changed every element, one at a time: the +10 process and\n"
		    "the -5 process each take the lock (a pthread_mutex_t set up with\n"
		    "pthread_mutexattr_setpshared(PTHREAD_PROCESS_SHARED) inside the\n"
		    "mmap(MAP_SHARED) region) around their sleep and their +=, so every element\n"
		    "ends at i + 10 - 5. Run it with --no-lock to see what the lock prevents.\n"));
		goto out_unmap;
	}

	/* The notebook's placement first, then the widened window. */
	if (run_trials(sh, NOTEBOOK, trials, think_ms, true, &nb) != 0) {
		rc = 1;
		goto out_unmap;
	}
	if (run_trials(sh, WIDENED, trials, think_ms, false, &wide) != 0) {
		rc = 1;
		goto out_unmap;
	}
	printf("\n");
	summarise_no_lock(&nb, &wide, trials);
	explain_no_lock(&nb, &wide, trials, think_ms);
out_unmap:
	if (munmap(sh, sizeof *sh) == -1) {
		sys_error("munmap");
		rc = 1;
	}
	if (rc == 0)
		lesson_where(stdout, "08-shared-array.c", NULL);
	return rc;
}
