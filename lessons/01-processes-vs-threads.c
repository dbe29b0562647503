/* SPDX-License-Identifier: MIT */
/*
 * 01-processes-vs-threads: notebook 003, "Processes vs Threads".
 *
 * do_something(i) prints "Working i ...", sleeps 0.15 s and prints "Thread i
 * was finished.". The notebook runs it in 5 threads (threading.Thread), then
 * in 5 processes (multiprocessing.Process). Here: pthread_create/pthread_join,
 * then fork/waitpid, with the total time each took.
 *
 * The notebook's comment says that because of Python's GIL only one thread
 * runs at a time, so threads are no faster than one thread. That holds for
 * CPU-bound Python code only (time.sleep releases the GIL), and C has no GIL at
 * all: C threads run on all the CPUs at once. The last part measures a
 * CPU-bound loop alone, in threads and in processes to make that visible.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lesson-i18n.h"

#define NWORKERS 5

static const char *prog = "01-processes-vs-threads";

static void
usage(FILE *fp)
{
	fprintf(fp, _(
	    "Usage: %s [--quick] [--help]\n"
	    "Notebook 003: do_something(i) (\"Working i ...\", sleep 0.15 s, \"Thread i was\n"
	    "finished.\") in 5 threads, then in 5 processes, with the time each took; then a\n"
	    "CPU-bound loop alone, in threads and in processes: C has no GIL, its threads\n"
	    "run in parallel.\n"
	    "\n"
	    "  --quick   sleep 0.03 s instead of 0.15 s and a shorter CPU-bound loop\n"
	    "  --help    show this help and exit\n"
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

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static long sleep_time_ms = 150;        /* time.sleep(0.15); --quick: 30 */

/*
 * def do_something(thread_number):
 *     print(f'Working {thread_number} ...')
 *     time.sleep(0.15)
 *     print(f'Thread {thread_number} was finished.')
 */
static void
do_something(int thread_number)
{
	printf("Working %d ...\n", thread_number);
	sleep_ms(sleep_time_ms);
	printf("Thread %d was finished.\n", thread_number);
}

static void *
thread_main(void *arg)
{
	do_something((int)(intptr_t)arg);
	return NULL;
}

/* for i in range(5): Thread(target=do_something, args=(i,)).start()  (and join them) */
static int
run_threads(int n, void *(*fn)(void *), void **args, double *took)
{
	pthread_t tids[8];
	double t0 = now_s();
	int i, started, err, rc = 0;

	for (started = 0; started < n; started++) {
		err = pthread_create(&tids[started], NULL, fn,
		    args ? args[started] : (void *)(intptr_t)started);
		if (err != 0) {
			fprintf(stderr, "%s: pthread_create: %s\n", prog, strerror(err));
			rc = 1;
			break;
		}
	}
	for (i = 0; i < started; i++) {
		if ((err = pthread_join(tids[i], NULL)) != 0) {
			fprintf(stderr, "%s: pthread_join: %s\n", prog, strerror(err));
			rc = 1;
		}
	}
	*took = now_s() - t0;
	return rc;
}

/* for i in range(5): Process(target=do_something, args=(i,)).start()  (and join them) */
static int
run_processes(int n, void (*fn)(int), double *took)
{
	pid_t pids[8];
	double t0 = now_s();
	int i, started, status, rc = 0;

	for (started = 0; started < n; started++) {
		fflush(stdout);
		pids[started] = fork();
		if (pids[started] == -1) {
			sys_error("fork");
			rc = 1;
			break;
		}
		if (pids[started] == 0) {
			fn(started);
			_exit(fflush(stdout) == EOF ? 1 : 0);
		}
	}
	for (i = 0; i < started; i++) {
		while (waitpid(pids[i], &status, 0) == -1) {
			if (errno != EINTR) {
				sys_error("waitpid");
				return 1;
			}
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, _("%s: process %d failed\n"), prog, i);
			rc = 1;
		}
	}
	*took = now_s() - t0;
	return rc;
}

/* ------------------------------------------------------------ CPU-bound part */

static uint64_t spin_rounds;            /* set by calibrate() */
static volatile uint64_t sink;          /* keeps the compiler from dropping the loop */

/* Pure computation: each step depends on the one before, nothing to wait for. */
static uint64_t
spin(uint64_t rounds)
{
	uint64_t x = 1, i;

	for (i = 0; i < rounds; i++)
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	return x;
}

static void *
spin_thread(void *arg)
{
	(void)arg;
	sink = spin(spin_rounds);
	return NULL;
}

static void
spin_process(int unused)
{
	(void)unused;
	sink = spin(spin_rounds);
}

/* How many rounds take about target_s seconds on this machine. */
static void
calibrate(double target_s)
{
	uint64_t rounds = 1u << 20;
	double t0, t;

	for (;;) {
		t0 = now_s();
		sink = spin(rounds);
		t = now_s() - t0;
		if (t >= target_s / 8 || rounds >= (1ULL << 40))
			break;
		rounds *= 2;
	}
	spin_rounds = (uint64_t)((double)rounds * target_s / (t > 0 ? t : 1e-6));
}

/* The explanation: the sleeping workers, the notebook's GIL claims, what this machine's
 * CPU-bound threads did ('ratio': their time over one worker's). */
static void
explain(double ratio, int nspin, long ncpu)
{
	/* TRANSLATORS: both numbers are the sleep of one worker, in seconds. */
	printf(_("The five sleeping workers overlap in both cases: about %.2f s in total,\n"
	    "not 5 x %.2f s. Sleeping does not need a CPU, and Python's time.sleep\n"
	    "releases the GIL, so the notebook's threads overlapped too.\n"),
	    sleep_time_ms / 1e3, sleep_time_ms / 1e3);
	/* TRANSLATORS: both numbers are the number of threads of the CPU-bound loop. */
	printf(_("The notebook's claim (\"only one thread runs at a time, so one thread and\n"
	    "many threads perform the same\") is about CPU-bound Python code: the GIL lets\n"
	    "one thread at a time run Python bytecode, so %d such threads would take about\n"
	    "%d x as long as one. C has no GIL: pthread_create() threads run on every CPU\n"
	    "at once, like fork() processes.\n"), nspin, nspin);
	if (ratio < 0.75 * nspin)
		/* TRANSLATORS: threads, their time over one worker's, threads again. */
		printf(_("Here %d threads doing the loop took %.1fx the time of one, not %d.0x:\n"
		    "they ran at the same time.\n"), nspin, ratio, nspin);
	else
		/* TRANSLATORS: threads, their time over one worker's, CPUs online. */
		printf(ngettext("Here %d threads took %.1fx the time of one: other programs kept "
		    "the\n%ld CPU busy, so the threads had to wait their turn. Try again on an "
		    "idle\nmachine.\n", "Here %d threads took %.1fx the time of one: other "
		    "programs kept the\n%ld CPUs busy, so the threads had to wait their turn. "
		    "Try again on an idle\nmachine.\n", (unsigned long)ncpu),
		    nspin, ratio, ncpu);
	/* Notebook 002's "Cons" say: "GIL allows the processes to run on single core
	 * only." The GIL is per interpreter, and every process has its own: processes
	 * run on all cores at once; it is a process's THREADS of Python code that
	 * take turns. The notebook's line is quoted as it is, in every language. */
	printf(_("Notebook 002 says:\n"));
	printf("- GIL allows the processes to run on single core only.\n");
	printf(_("Not so: each process has its own interpreter and its own GIL, so processes\n"
	    "run Python on every core at once; the GIL serialises the threads inside one\n"
	    "process. That is why the notebooks use processes for CPU-bound work.\n"));
	printf(_("What still differs: threads share one address space (a global changed by\n"
	    "one is seen by all; races, lesson 16), processes get a copy at fork()\n"
	    "(lesson 04) and cost more to start (lesson 02).\n"));
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	double t_threads, t_procs, t_one, t_cpu_threads, t_cpu_procs, t0;
	bool quick = false;
	long ncpu;
	int c, nspin;

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
		default:
			bad_option(c, argv);
		}
	}
	if (optind < argc)
		bad_usage(_("unexpected argument '%s'"), argv[optind]);
	if (quick)
		sleep_time_ms = 30;
	/* One line at a time, also into a pipe: the lines show up as they happen. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* for i in range(5):
	 *     t = Thread(target=do_something, args=(i,))
	 *     t.start() */
	printf(_("%d threads:\n"), NWORKERS);
	if (run_threads(NWORKERS, thread_main, NULL, &t_threads) != 0)
		return 1;
	printf(_("%d threads took %.3f s (each slept %.3f s)\n"), NWORKERS, t_threads,
	    sleep_time_ms / 1e3);

	/* for i in range(5):
	 *     p = Process(target=do_something, args=(i,))
	 *     p.start() */
	printf(_("%d processes:\n"), NWORKERS);
	if (run_processes(NWORKERS, do_something, &t_procs) != 0)
		return 1;
	printf(_("%d processes took %.3f s (each slept %.3f s)\n"), NWORKERS, t_procs,
	    sleep_time_ms / 1e3);

	/* The case the GIL comment is about: work that computes instead of sleeping. */
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	nspin = ncpu < 2 ? 2 : ncpu > 4 ? 4 : (int)ncpu;
	calibrate(quick ? 0.04 : 0.2);
	t0 = now_s();
	sink = spin(spin_rounds);
	t_one = now_s() - t0;
	if (run_threads(nspin, spin_thread, NULL, &t_cpu_threads) != 0)
		return 1;
	if (run_processes(nspin, spin_process, &t_cpu_procs) != 0)
		return 1;
	/* TRANSLATORS: the time of one worker alone, how many workers (2 to 4), how many
	 * CPUs this machine has online. */
	printf(ngettext("CPU-bound loop: 1 worker alone took %.3f s; %d workers (same loop each, "
	    "%ld CPU online):\n", "CPU-bound loop: 1 worker alone took %.3f s; %d workers (same "
	    "loop each, %ld CPUs online):\n", (unsigned long)ncpu), t_one, nspin, ncpu);
	/* TRANSLATORS: how many threads, their time, that time over one worker's. */
	printf(_("  %d threads took %.3f s (%.1fx one worker)\n"), nspin, t_cpu_threads,
	    t_cpu_threads / t_one);
	printf(_("  %d processes took %.3f s (%.1fx one worker)\n"), nspin, t_cpu_procs,
	    t_cpu_procs / t_one);

	printf("\n");
	explain(t_cpu_threads / t_one, nspin, ncpu);
	lesson_where(stdout, "01-processes-vs-threads.c", NULL);
	return 0;
}
