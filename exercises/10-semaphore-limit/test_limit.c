/* SPDX-License-Identifier: MIT */
/*
 * test_limit.c: the tests of exercise 10 (at most K workers inside at once).
 *
 * The section the tests hand to run_limited() counts, in shared memory, how many
 * workers are inside it right now and the largest number ever seen. The first
 * sections wait until K workers are inside together (a limit that is too strict
 * never gets there), then stay long enough for one more worker to get in if the
 * limit lets it (a limit that is too loose is caught). run_limited() itself runs in
 * a process of the test, watched with a deadline: workers stuck for ever (a
 * missing sem_post) are reported, not waited for.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "labtest.h"
#include "limit.h"

/* The harness's own processes use the real calls: lab_counts() shows only limit.c. */
pid_t __real_fork(void);
pid_t __real_waitpid(pid_t, int *, int);

#define MAX_WORKERS	16
#define DEADLINE_MS	2000
#define GATHER_MS	400     /* how long the first sections wait for K workers */

struct shared {
	int	nworkers, k, rounds, want;      /* want = min(k, nworkers) */
	long	hold_us;                        /* stay in the section this long */
	pid_t	driver;                         /* the process that calls run_limited */
	int	inside, max_inside;             /* atomic */
	int	gathered;                       /* 1: want workers were inside together */
	long	gather_start_ms;
	long	sections;                       /* atomic */
	long	calls[MAX_WORKERS];
	pid_t	pid[MAX_WORKERS];
	int	bad_worker;                     /* a section called with a bad index */
	int	ret, err;                       /* what run_limited returned */
	int	returned;
	struct lab_counts counts;               /* after run_limited, in the driver */
};

static struct shared *sh;

static void
sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
section(int worker, void *arg)
{
	struct shared *s = arg;
	int in, max;

	if (worker < 0 || worker >= s->nworkers) {
		__atomic_store_n(&s->bad_worker, worker == 0 ? -1 : worker, __ATOMIC_SEQ_CST);
		return;
	}
	if (s->pid[worker] == 0)
		s->pid[worker] = getpid();
	s->calls[worker]++;
	__atomic_add_fetch(&s->sections, 1, __ATOMIC_SEQ_CST);

	in = __atomic_add_fetch(&s->inside, 1, __ATOMIC_SEQ_CST);
	max = __atomic_load_n(&s->max_inside, __ATOMIC_SEQ_CST);
	while (in > max && !__atomic_compare_exchange_n(&s->max_inside, &max, in, false,
	    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;

	if (!__atomic_load_n(&s->gathered, __ATOMIC_SEQ_CST)) {
		/* The first sections: wait (bounded) until `want` workers are inside. */
		long zero = 0, t = now_ms();

		__atomic_compare_exchange_n(&s->gather_start_ms, &zero, t, false,
		    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
		while (!__atomic_load_n(&s->gathered, __ATOMIC_SEQ_CST)) {
			if (__atomic_load_n(&s->inside, __ATOMIC_SEQ_CST) >= s->want ||
			    now_ms() - __atomic_load_n(&s->gather_start_ms, __ATOMIC_SEQ_CST) >
			    GATHER_MS)
				__atomic_store_n(&s->gathered, 1, __ATOMIC_SEQ_CST);
			else
				sleep_us(100);
		}
	}
	/* Long enough for one more worker to come in, if the limit lets it. */
	sleep_us(s->hold_us + (long)(lab_random() % 500));
	__atomic_sub_fetch(&s->inside, 1, __ATOMIC_SEQ_CST);
}

static void
driver(void)
{
	struct lab_counts c0;

	if (setpgid(0, 0) == -1)
		lab_fail("setpgid (test harness): %s", strerror(errno));
	c0 = lab_counts();
	sh->ret = run_limited(sh->nworkers, sh->k, sh->rounds, section, sh);
	sh->err = errno;
	sh->counts = lab_counts();
	sh->counts.forks -= c0.forks;
	sh->counts.reaps -= c0.reaps;
	sh->counts.sem_waits -= c0.sem_waits;
	sh->counts.sem_posts -= c0.sem_posts;
	sh->returned = 1;
	if (getpid() != sh->driver)
		lab_fail("a worker process returned from run_limited: end every worker with "
		    "_exit(0) when its rounds are done");
	lab_expect_no_children("run_limited returned");
	_exit(0);
}

/* Runs run_limited in a process of the test, with a deadline. */
static void
run(int nworkers, int k, int rounds)
{
	pid_t pid;
	int status;
	long t0;
	bool ended = false;

	sh = lab_shared(sizeof *sh);
	sh->nworkers = nworkers;
	sh->k = k;
	sh->rounds = rounds;
	sh->want = k < nworkers ? k : nworkers;
	/* Longer than the delays the grader injects around sem_wait and sem_post. */
	sh->hold_us = 1000 + 2 * lab_delay_us();
	fflush(stdout);
	fflush(stderr);
	pid = __real_fork();
	if (pid == -1)
		lab_fail("fork (test harness): %s", strerror(errno));
	if (pid == 0) {
		sh->driver = getpid();
		driver();
	}
	setpgid(pid, pid);      /* also done by the child: whichever runs first */
	t0 = now_ms();
	while (now_ms() - t0 < DEADLINE_MS) {
		pid_t r = __real_waitpid(pid, &status, WNOHANG);

		if (r == -1)
			lab_fail("waitpid (test harness): %s", strerror(errno));
		if (r == pid) {
			ended = true;
			break;
		}
		sleep_us(2000);
	}
	if (!ended) {
		struct lab_counts c = lab_counts();

		kill(-pid, SIGKILL);
		__real_waitpid(pid, NULL, 0);
		if (c.sem_waits > c.sem_posts)
			lab_fail("run_limited did not return within %d s: only %ld of %d sections "
			    "ran, and the workers are stuck in sem_wait: every sem_wait needs its "
			    "sem_post after the section (sem_wait was called %ld times, sem_post "
			    "%ld times)", DEADLINE_MS / 1000, sh->sections, nworkers * rounds,
			    c.sem_waits, c.sem_posts);
		lab_fail("run_limited did not return within %d s: %ld of %d sections ran (are "
		    "the workers stuck waiting? does the parent wait for a child that never "
		    "ends?)", DEADLINE_MS / 1000, sh->sections, nworkers * rounds);
	}
	kill(-pid, SIGKILL);    /* workers left running by a run_limited that did not wait */
	if (WIFSIGNALED(status))
		lab_fail("the process that called run_limited crashed: %s",
		    strsignal(WTERMSIG(status)));
	if (!sh->returned || WEXITSTATUS(status) != 0)
		lab_fail("run_limited did not return: exit() was called in the parent "
		    "(only the workers should exit)");

	if (sh->ret != 0) {
		if (sh->err == ENOSYS)
			lab_fail("run_limited: not written yet: see the TODO in limit.c");
		lab_fail("run_limited returned %d (errno: %s), expected 0", sh->ret,
		    strerror(sh->err));
	}
	if (sh->bad_worker != 0)
		lab_fail("section() was called with worker %d: workers are numbered 0 to %d",
		    sh->bad_worker == -1 ? 0 : sh->bad_worker, nworkers - 1);
	if (sh->counts.forks != nworkers)
		lab_fail_values("forks", "",
		    "run_limited started %ld processes for %d workers: start exactly one child "
		    "process per worker", sh->counts.forks, nworkers);
	for (int i = 0; i < nworkers; i++) {
		if (sh->calls[i] != rounds)
			lab_fail("worker %d called section() %ld times, expected %d (rounds)",
			    i, sh->calls[i], rounds);
		if (rounds > 0 && sh->pid[i] == sh->driver)
			lab_fail("worker %d ran in the process that called run_limited: each "
			    "worker must be a child process", i);
		for (int j = 0; j < i; j++)
			if (rounds > 0 && sh->pid[i] == sh->pid[j])
				lab_fail("workers %d and %d ran in the same process: each worker "
				    "must be a process of its own", j, i);
	}
	if (sh->max_inside > k)
		lab_fail_values("", "",
		    "%d workers were inside the section at the same moment, but at most %d may "
		    "be: the limit lets too many in (is the semaphore's initial value k?)",
		    sh->max_inside, k);
	if (sh->max_inside < sh->want)
		lab_fail("at most %d worker%s inside the section at once, but %d may be: the "
		    "limit must let %d workers in together (a mutex, or a semaphore "
		    "initialised to 1, lets only one in)", sh->max_inside,
		    sh->max_inside == 1 ? " was" : "s were", sh->want, sh->want);
	lab_expect_no_children("run_limited returned");
}

static void
test_one_at_a_time(void)
{
	run(3, 1, 3);
}

static void
test_three_of_six(void)
{
	run(6, 3, 4);
}

static void
test_varied(void)
{
	int k = 2 + (int)(lab_random() % 3);            /* 2..4 */
	int n = k + 2 + (int)(lab_random() % 3);        /* k+2..k+4 */

	run(n, k, 3);
}

static void
test_all_fit(void)
{
	run(3, 5, 2);
}

static void
test_bad_arguments(void)
{
	static const int args[][3] = { { 0, 1, 1 }, { 3, 0, 1 }, { 3, 1, -1 } };
	long forks0 = lab_counts().forks;

	for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
		int r;

		errno = 0;
		r = run_limited(args[i][0], args[i][1], args[i][2], section, NULL);
		if (r != -1 || errno != EINVAL) {
			if (errno == ENOSYS)
				lab_fail("run_limited: not written yet: see the TODO in limit.c");
			lab_fail("run_limited(%d, %d, %d, ...) returned %d with errno \"%s\": "
			    "expected -1 with errno EINVAL", args[i][0], args[i][1], args[i][2],
			    r, strerror(errno));
		}
	}
	if (lab_counts().forks != forks0)
		lab_fail("run_limited started processes although its arguments were invalid");
	lab_expect_no_children("run_limited with invalid arguments");
}

LAB_MAIN(LAB_TEST(one_at_a_time), LAB_TEST(three_of_six), LAB_TEST(varied),
    LAB_TEST(all_fit), LAB_TEST(bad_arguments))
