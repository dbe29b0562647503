/* SPDX-License-Identifier: MIT */
/*
 * test_pool.c: the driving side of exercise 08 (process pool). Do not edit: the grader
 * uses its own copy.
 *
 * The judge (judge_pool.c) chooses every call of pool_map (the tasks' inputs, the number
 * of workers, the task that crashes its worker, what out holds beforehand) and decides;
 * this file makes the calls and reports what their caller saw. pool_map runs in a
 * "caller" process the harness starts, with arrays of the caller's own (malloc'd, not
 * shared: an ordinary caller's arrays), so a pool_map that never returns is stopped after
 * DEADLINE_MS instead of hanging the test. The task function records, in shared memory,
 * which process ran which task and whether it returned; the runtime counts the caller's
 * fork and waitpid calls.
 *
 * Run by hand:  ./test_pool TEST $(judge plan TEST SEED)
 */
#define _GNU_SOURCE
#include <errno.h>
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
#define MAXSEEN		(2 * POOL_MAX_WORKERS + MAXN)
#define IDX_SHIFT	24      /* a task's input carries its index: i << IDX_SHIFT | noise */

/* How the caller's call of pool_map ended (report outcome_K). */
enum { RETURNED, DEADLINE, CALLER_KILLED, CALLER_EXITED };

struct board {                  /* shared by the harness, the caller and the workers */
	/* the call */
	size_t		n;
	int		workers;
	int64_t		poison;         /* the input that crashes its worker (-1: none) */
	int64_t		fill;           /* what out[i] holds before the call */
	int64_t		in[MAXN];
	/* what the task function saw */
	long		calls[MAXN];
	long		runner[MAXN];   /* who last ran it: 1.. a worker, -1 the caller */
	long		finished[MAXN]; /* fn returned for it */
	pid_t		seen[MAXSEEN];
	int		nseen, gather_done;
	long		crashed;        /* runner that ran the crashing task (0: none) */
	/* what pool_map did (written by the caller) */
	pid_t		caller;
	int		returned, rc, err;
	int64_t		out[MAXN];
	unsigned char	failed[MAXN];
	long		forks, reaps, children;
};

static struct board *b;

/* ------------------------------------------------------------ the task function */

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* fn: the judge computes the same function. */
static int64_t
result_of(int64_t x)
{
	uint64_t u = (uint64_t)x;

	u = u * 0x9e3779b97f4a7c15ULL + 12345;
	return (int64_t)(u ^ (u >> 29));
}

/* This process's runner number (1..), noting it the first time it runs a task. */
static long
runner_id(void)
{
	pid_t me = getpid();
	int k, seen = __atomic_load_n(&b->nseen, __ATOMIC_SEQ_CST);

	for (k = 0; k < seen && k < MAXSEEN; k++)
		if (b->seen[k] == me)
			return k + 1;
	k = __atomic_fetch_add(&b->nseen, 1, __ATOMIC_SEQ_CST);
	if (k < MAXSEEN)
		b->seen[k] = me;
	return k + 1;
}

/* The first tasks wait (up to GATHER_MS in all) until min(workers, n) processes have
 * shown up, so every worker gets some. */
static void
gather(void)
{
	int want = (size_t)b->workers < b->n ? b->workers : (int)b->n;

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
	size_t i = (size_t)((uint64_t)x >> IDX_SHIFT);
	long who = getpid() == b->caller ? -1 : runner_id();

	if (i < MAXN) {
		__atomic_add_fetch(&b->calls[i], 1, __ATOMIC_SEQ_CST);
		b->runner[i] = who;
	}
	if (who != -1)
		gather();
	if (x == b->poison) {
		b->crashed = who;
		lab_crash_on_purpose(SIGSEGV);  /* the task crashes its worker */
	}
	if (i < MAXN)
		__atomic_store_n(&b->finished[i], 1, __ATOMIC_SEQ_CST);
	return result_of(x);
}

/* ------------------------------------------------------------ the caller */

static void *
caller_alloc(size_t size)
{
	void *p = malloc(size == 0 ? 1 : size);

	if (p == NULL)
		lab_fail("malloc (test harness): %s", lab_strerror(errno));
	return p;
}

/* The caller: pool_map on arrays of its own, then what it returned and did, into the
 * board. */
static void
caller(void *arg)
{
	struct lab_counts c;
	int64_t *in = caller_alloc(b->n * sizeof *in), *out = caller_alloc(b->n * sizeof *out);
	unsigned char *failed = caller_alloc(b->n);

	(void)arg;
	if (setpgid(0, 0) == -1)        /* one group: the harness can stop it all */
		lab_fail("setpgid (test harness): %s", lab_strerror(errno));
	b->caller = getpid();
	for (size_t i = 0; i < b->n; i++) {
		in[i] = b->in[i];
		out[i] = b->fill;
		failed[i] = 7;          /* neither 0 nor 1: pool_map must set it */
	}
	lab_counts_reset();
	errno = 0;
	b->rc = pool_map(task, in, out, b->n, b->workers, failed);
	b->err = errno;
	c = lab_counts();
	if (getpid() != b->caller)
		lab_fail("a worker process returned from pool_map into its caller: end every "
		    "worker with _exit() after its tasks");
	b->forks = c.forks;
	b->reaps = c.reaps;
	b->children = lab_children_left(NULL);
	memcpy(b->out, out, b->n * sizeof *out);
	memcpy(b->failed, failed, b->n);
	__atomic_store_n(&b->returned, 1, __ATOMIC_SEQ_CST);
}

/* ------------------------------------------------------------ a call and its report */

/* Reads call K's inputs into a fresh board. */
static void
setup(int k)
{
	char name[32];
	long v[MAXN];
	size_t n;

	b = lab_shared(sizeof *b);
	snprintf(name, sizeof name, "in_%d", k);
	n = lab_input_longs(name, v, MAXN);
	b->n = n;
	for (size_t i = 0; i < n; i++)
		b->in[i] = v[i];
	snprintf(name, sizeof name, "workers_%d", k);
	b->workers = (int)lab_input_long(name);
	snprintf(name, sizeof name, "poison_%d", k);
	b->poison = lab_input_long(name);
	if (b->poison >= (long)n)
		lab_fail("harness: poison_%d is not a task", k);
	b->poison = b->poison >= 0 ? b->in[b->poison] : -1;
	b->fill = lab_input_long("fill");
}

/* Runs the caller with a deadline: how it ended, and the signal or exit status. */
static int
run_pool(long *how)
{
	pid_t pid = lab_spawn(caller, NULL);
	int status = 0;
	long t;

	*how = 0;
	for (t = 0; t <= DEADLINE_MS; t++) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r == -1 && errno != EINTR)
			lab_fail("waitpid (test harness): %s", lab_strerror(errno));
		sleep_ms(1);
	}
	if (t > DEADLINE_MS) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
		return DEADLINE;
	}
	kill(-pid, SIGKILL);    /* workers a pool_map left running */
	if (b->returned)
		return RETURNED;
	if (WIFSIGNALED(status)) {
		*how = WTERMSIG(status);
		return CALLER_KILLED;
	}
	*how = WEXITSTATUS(status);
	return CALLER_EXITED;
}

static void
report(const char *base, int k, long v)
{
	char name[32];

	snprintf(name, sizeof name, "%s_%d", base, k);
	lab_report_long(name, v);
}

static void
report_list(const char *base, int k, const long *v, size_t n)
{
	char name[32];

	snprintf(name, sizeof name, "%s_%d", base, k);
	lab_report_longs(name, v, n);
}

/* Call K: pool_map with the judge's inputs; what its caller and the tasks saw. */
static void
call(int k)
{
	long how, v[MAXN];
	int outcome;

	setup(k);
	outcome = run_pool(&how);
	report("outcome", k, outcome);
	report("how", k, how);
	report("crashed", k, b->crashed);
	report("processes", k, b->nseen);
	report_list("calls", k, b->calls, b->n);
	report_list("runner", k, b->runner, b->n);
	report_list("finished", k, b->finished, b->n);
	if (outcome != RETURNED)
		return;
	report("rc", k, b->rc);
	report("errno", k, b->err);
	report("forks", k, b->forks);
	report("reaps", k, b->reaps);
	report("children", k, b->children);
	for (size_t i = 0; i < b->n; i++)
		v[i] = (long)b->out[i];
	report_list("out", k, v, b->n);
	for (size_t i = 0; i < b->n; i++)
		v[i] = b->failed[i];
	report_list("failed", k, v, b->n);
}

/* ------------------------------------------------------------ tests */

static void
test_calls(void)
{
	struct rlimit none = { 0, 0 };
	long n = lab_input_long("calls");

	if (setrlimit(RLIMIT_CORE, &none) == -1)        /* crashed workers: no core files */
		lab_fail("setrlimit (test harness): %s", lab_strerror(errno));
	if (n < 1 || n > 2)
		lab_fail("harness: %ld calls (1 or 2)", n);
	for (int k = 1; k <= n; k++)
		call(k);
}

#define test_one_worker test_calls
#define test_spread test_calls
#define test_few_tasks test_calls
#define test_crash test_calls
#define test_bad_workers test_calls

LAB_MAIN(LAB_TEST(one_worker), LAB_TEST(spread), LAB_TEST(few_tasks), LAB_TEST(crash),
    LAB_TEST(bad_workers))
