/* SPDX-License-Identifier: MIT */
/*
 * test_pool.c: the tests of exercise 08 (process pool). Do not edit: the grader uses
 * its own copy.  Run one test by hand:  ./test_pool spread
 *
 * pool_map runs in a "caller" process the harness starts, so a pool_map that never
 * returns fails the test after DEADLINE_MS instead of hanging it. The task function
 * records, in shared memory, which process ran which task, and the runtime counts
 * the caller's fork and waitpid calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pool.h"
#include "labtest.h"

#define DEADLINE_MS	4000    /* pool_map must have returned by then */
#define GATHER_MS	2000    /* how long the first tasks wait for the other workers */
#define MAXN		256
#define IDX_SHIFT	24      /* a task's input carries its index: i << IDX_SHIFT | noise */

struct board {                  /* shared by the harness, the caller and the workers */
	/* the run */
	size_t		n;
	int		workers;
	int64_t		poison;         /* the input that crashes its worker (-1: none) */
	int64_t		in[MAXN];
	/* what the task function saw */
	int		calls[MAXN];
	pid_t		ran_by[MAXN];
	int		finished[MAXN];
	pid_t		seen[2 * POOL_MAX_WORKERS + MAXN];
	int		nseen, gather_done;
	pid_t		crashed_pid;
	/* what pool_map did (written by the caller) */
	pid_t		caller;
	int		returned, rc, err;
	int64_t		out[MAXN];
	unsigned char	failed[MAXN];
	long		forks, reaps;
};

static struct board *b;

/* ------------------------------------------------------------ helpers */

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static int64_t
expected_of(int64_t x)
{
	uint64_t u = (uint64_t)x;

	u = u * 0x9e3779b97f4a7c15ULL + 12345;
	return (int64_t)(u ^ (u >> 29));
}

static size_t
index_of(int64_t x)
{
	return (size_t)((uint64_t)x >> IDX_SHIFT);
}

/* Notes a process that runs tasks; the first tasks wait (up to GATHER_MS in all)
 * until min(workers, n) processes have shown up, so every worker gets some. */
static void
gather(void)
{
	pid_t me = getpid();
	int k, want = (size_t)b->workers < b->n ? b->workers : (int)b->n;

	for (k = 0; k < __atomic_load_n(&b->nseen, __ATOMIC_SEQ_CST); k++)
		if (b->seen[k] == me)
			break;
	if (k == __atomic_load_n(&b->nseen, __ATOMIC_SEQ_CST)) {
		k = __atomic_fetch_add(&b->nseen, 1, __ATOMIC_SEQ_CST);
		if (k < (int)(sizeof b->seen / sizeof b->seen[0]))
			b->seen[k] = me;
	}
	for (int t = 0; t < GATHER_MS && !__atomic_load_n(&b->gather_done, __ATOMIC_SEQ_CST);
	    t++) {
		if (__atomic_load_n(&b->nseen, __ATOMIC_SEQ_CST) >= want)
			break;
		sleep_ms(1);
	}
	__atomic_store_n(&b->gather_done, 1, __ATOMIC_SEQ_CST);
}

/* The task function the pool maps. */
static int64_t
task(int64_t x)
{
	size_t i = index_of(x);

	if (i < MAXN) {
		__atomic_add_fetch(&b->calls[i], 1, __ATOMIC_SEQ_CST);
		b->ran_by[i] = getpid();
	}
	gather();
	if (x == b->poison) {
		b->crashed_pid = getpid();
		raise(SIGSEGV);         /* the task crashes its worker */
	}
	if (i < MAXN)
		__atomic_store_n(&b->finished[i], 1, __ATOMIC_SEQ_CST);
	return expected_of(x);
}

/* The caller: pool_map, then what it returned and did, into shared memory. */
static void
caller(void *arg)
{
	struct lab_counts c;

	(void)arg;
	if (setpgid(0, 0) == -1)        /* one group: the harness can stop it all */
		lab_fail("setpgid: %s", strerror(errno));
	b->caller = getpid();
	lab_counts_reset();
	errno = 0;
	b->rc = pool_map(task, b->in, b->out, b->n, b->workers, b->failed);
	b->err = errno;
	c = lab_counts();
	b->forks = c.forks;
	b->reaps = c.reaps;
	__atomic_store_n(&b->returned, 1, __ATOMIC_SEQ_CST);
	lab_expect_no_children("pool_map returned");
}

static void
setup(size_t n, int workers, int64_t poison_index)
{
	struct rlimit none = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &none) == -1)        /* crashed workers: no core files */
		lab_fail("setrlimit: %s", strerror(errno));
	b = lab_shared(sizeof *b);
	b->n = n;
	b->workers = workers;
	for (size_t i = 0; i < n; i++) {
		b->in[i] = (int64_t)(i << IDX_SHIFT | lab_random_below(1u << IDX_SHIFT));
		b->out[i] = INT64_MIN;
		b->failed[i] = 7;       /* neither 0 nor 1: pool_map must set it */
	}
	b->poison = poison_index >= 0 ? b->in[poison_index] : -1;
}

/* Runs the caller with a deadline; fails when pool_map never returned. */
static void
run_pool(void)
{
	pid_t pid = lab_spawn(caller, NULL);
	int status = 0;
	long t;

	for (t = 0; t <= DEADLINE_MS; t++) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r == -1 && errno != EINTR)
			lab_fail("waitpid: %s", strerror(errno));
		sleep_ms(1);
	}
	if (t > DEADLINE_MS) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
		if (b->poison != -1)
			lab_fail("pool_map did not return within %d s after a task crashed "
			    "its worker: it waits for results that will never come (check "
			    "how each worker ended with waitpid, and stop waiting for a dead "
			    "one)", DEADLINE_MS / 1000);
		lab_fail("pool_map did not return within %d s (%zu tasks, %d workers): "
		    "is it waiting for something that never happens?", DEADLINE_MS / 1000,
		    b->n, b->workers);
	}
	if (!b->returned) {
		if (WIFSIGNALED(status) && b->crashed_pid == b->caller)
			lab_fail("the process calling pool_map was killed by signal %d (%s) "
			    "in a task: fn must run in the workers, not in the caller",
			    WTERMSIG(status), strsignal(WTERMSIG(status)));
		if (WIFSIGNALED(status))
			lab_fail("the process calling pool_map was killed by signal %d (%s) "
			    "inside pool_map", WTERMSIG(status), strsignal(WTERMSIG(status)));
		lab_fail("the process calling pool_map ended inside it (exit status %d): a "
		    "worker must end with _exit() after its tasks, not return from "
		    "pool_map", WEXITSTATUS(status));
	}
	/* A failure the caller recorded (children left behind) wins from here on. */
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		lab_fail("the process calling pool_map failed (exit status %d)",
		    WEXITSTATUS(status));
	if (b->rc == -1 && b->err == ENOSYS)
		lab_fail("pool_map: not written yet: see TODO in pool.c");
}

/* Results, in input order; each task once; work in the workers, not the caller. */
static void
check_results(int crash)
{
	size_t n = b->n;
	size_t want_workers = (size_t)b->workers < n ? (size_t)b->workers : n;

	for (size_t i = 0; i < n; i++) {
		int ran_ok = b->finished[i] && b->ran_by[i] != b->crashed_pid;
		char e[32], a[32];

		if (b->ran_by[i] == b->caller && b->calls[i] > 0)
			lab_fail("task %zu ran in the process that called pool_map: every task "
			    "must run in a worker process", i);
		if (b->calls[i] > 1)
			lab_fail("task %zu ran %d times: each task must run exactly once", i,
			    b->calls[i]);
		if (b->failed[i] > 1)
			lab_fail("failed[%zu] is %d: pool_map must set every failed[i] to 0 "
			    "or 1", i, b->failed[i]);
		if ((!crash || ran_ok) && b->failed[i])
			lab_fail("task %zu is marked failed, but it ran and returned in a "
			    "worker that did not crash: its result must be delivered", i);
		if (!b->failed[i]) {
			if (b->out[i] != expected_of(b->in[i])) {
				snprintf(e, sizeof e, "%" PRId64, expected_of(b->in[i]));
				snprintf(a, sizeof a, "%" PRId64, b->out[i]);
				for (size_t j = 0; j < n; j++)
					if (b->out[i] == expected_of(b->in[j]))
						lab_fail_values(e, a, "out[%zu] holds the result of "
						    "task %zu: results must be in input order "
						    "(out[i] = fn(in[i]))", i, j);
				lab_fail_values(e, a, "out[%zu] is %s, expected fn(in[%zu]) = %s%s",
				    i, a, i, e, b->calls[i] == 0 ? " (fn was never called "
				    "for it)" : "");
			}
		}
	}
	if (!crash && b->rc != 0)
		lab_fail("pool_map returned %d with no task crashing, expected 0", b->rc);
	if (b->forks < (long)want_workers || (!crash && b->forks > (long)want_workers))
		lab_fail("pool_map started %ld processes for %zu tasks with %d workers: "
		    "start exactly min(workers, n) = %zu worker processes, each doing "
		    "many tasks", b->forks, n, b->workers, want_workers);
	if (b->reaps < b->forks)
		lab_fail("zombie: pool_map started %ld workers but reaped only %ld with "
		    "waitpid", b->forks, b->reaps);
	if (!crash && (size_t)b->nseen < want_workers)
		lab_fail("only %d process(es) ran tasks, expected %zu workers to share the "
		    "%zu tasks", b->nseen, want_workers, n);
}

/* ------------------------------------------------------------ tests */

static void
test_one_worker(void)
{
	setup(20, 1, -1);
	run_pool();
	check_results(0);
}

static void
test_spread(void)
{
	setup(64 + lab_random_below(64), 4, -1);
	run_pool();
	check_results(0);
}

static void
test_few_tasks(void)
{
	setup(3, 8, -1);
	run_pool();
	check_results(0);
	setup(0, 4, -1);
	run_pool();
	lab_expect_long("pool_map's return value with no tasks", 0, b->rc);
	lab_expect_long("processes started for no tasks", 0, b->forks);
}

static void
test_crash(void)
{
	size_t n = 30;
	int64_t poison = (int64_t)lab_random_below(n);

	setup(n, 3, poison);
	run_pool();
	if (b->crashed_pid == 0)
		lab_fail("the task that crashes (task %" PRId64 ") never ran", poison);
	if (b->rc != -1)
		lab_fail("pool_map returned %d though task %" PRId64 " crashed its worker "
		    "(killed by SIGSEGV): it must return -1 and mark the task failed (check "
		    "each worker's status from waitpid: WIFSIGNALED)", b->rc, poison);
	if (b->failed[poison] != 1)
		lab_fail("task %" PRId64 " crashed its worker but failed[%" PRId64 "] is %d, "
		    "expected 1", poison, poison, b->failed[poison]);
	check_results(1);
}

static void
test_bad_workers(void)
{
	int bad[2] = { 0, POOL_MAX_WORKERS + 1 };

	for (int k = 0; k < 2; k++) {
		setup(5, bad[k], -1);
		run_pool();
		if (b->rc != -1 || b->err != EINVAL)
			lab_fail("pool_map with %d workers returned %d (errno %d: %s), expected "
			    "-1 with errno EINVAL", bad[k], b->rc, b->err, strerror(b->err));
		lab_expect_long("processes started for a bad number of workers", 0, b->forks);
		for (size_t i = 0; i < 5; i++)
			if (b->failed[i] != 1)
				lab_fail("pool_map with %d workers: failed[%zu] is %d, expected 1",
				    bad[k], i, b->failed[i]);
	}
}

LAB_MAIN(LAB_TEST(one_worker), LAB_TEST(spread), LAB_TEST(few_tasks), LAB_TEST(crash),
    LAB_TEST(bad_workers))
