/* SPDX-License-Identifier: MIT */
/*
 * judge_pool.c: the judge of exercise 08 (process pool). It chooses every call of
 * pool_map (the tasks' inputs, the number of workers, the task that crashes its worker,
 * what the caller's out holds beforehand) and decides from what test_pool.c reports: the
 * results are recomputed here with the task function's own formula, never taken from the
 * test program. A message says what the caller saw (what pool_map returned, what out and
 * failed hold) and what the task function saw (which process ran which task, whether fn
 * returned), and nothing the report does not show.
 */
#include "judge.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "pool.h"

#define MAXN		256
#define IDX_SHIFT	24
#define DEADLINE_S	4

enum { RETURNED, DEADLINE, CALLER_KILLED, CALLER_EXITED };

#define CALL_REPORTS(k)							\
	JUDGE_LONG("outcome_" #k, RETURNED, CALLER_EXITED),		\
	JUDGE_LONG("how_" #k, 0, 255),					\
	JUDGE_LONG("crashed_" #k, -1, LONG_MAX),			\
	JUDGE_LONG("processes_" #k, 0, LONG_MAX),			\
	JUDGE_LONGS("calls_" #k, 0, LONG_MAX, MAXN),			\
	JUDGE_LONGS("runner_" #k, -1, LONG_MAX, MAXN),			\
	JUDGE_LONGS("finished_" #k, 0, 1, MAXN),			\
	JUDGE_LONG("rc_" #k, INT_MIN, INT_MAX),				\
	JUDGE_LONG("errno_" #k, 0, INT_MAX),				\
	JUDGE_LONG("forks_" #k, 0, LONG_MAX),				\
	JUDGE_LONG("reaps_" #k, 0, LONG_MAX),				\
	JUDGE_LONG("children_" #k, 0, 2),				\
	JUDGE_LONGS("out_" #k, LONG_MIN, LONG_MAX, MAXN),		\
	JUDGE_LONGS("failed_" #k, 0, 255, MAXN)

static const struct judge_report reports[] = { CALL_REPORTS(1), CALL_REPORTS(2) };

/* fn, as the test's task function computes it. */
static long
result_of(long x)
{
	uint64_t u = (uint64_t)x;

	u = u * 0x9e3779b97f4a7c15ULL + 12345;
	return (long)(u ^ (u >> 29));
}

/* ------------------------------------------------------------ plans */

static void
input(struct judge *j, const char *base, int k, long v)
{
	char name[32];

	snprintf(name, sizeof name, "%s_%d", base, k);
	judge_input_long(j, name, v);
}

/* Call K: N tasks (their inputs carry their index), WORKERS, the task that crashes. */
static void
plan_call(struct judge *j, int k, size_t n, int workers, long poison)
{
	long in[MAXN];
	char name[32];

	for (size_t i = 0; i < n; i++)
		in[i] = (long)(i << IDX_SHIFT | judge_random_below(j, 1u << IDX_SHIFT));
	snprintf(name, sizeof name, "in_%d", k);
	judge_input_longs(j, name, in, n);
	input(j, "workers", k, workers);
	input(j, "poison", k, poison);
}

/* What out[i] holds before a call: a value no task returns. */
static void
plan_fill(struct judge *j, int calls)
{
	judge_input_long(j, "calls", calls);
	judge_input_long(j, "fill", -1 - (long)judge_random_below(j, 1000000));
}

static void
plan_one_worker(struct judge *j)
{
	plan_fill(j, 1);
	plan_call(j, 1, 20, 1, -1);
}

static void
plan_spread(struct judge *j)
{
	plan_fill(j, 1);
	plan_call(j, 1, 64 + judge_random_below(j, 64), 4, -1);
}

static void
plan_few_tasks(struct judge *j)
{
	plan_fill(j, 2);
	plan_call(j, 1, 3, 8, -1);
	plan_call(j, 2, 0, 4, -1);
}

static void
plan_crash(struct judge *j)
{
	plan_fill(j, 1);
	plan_call(j, 1, 30, 3, (long)judge_random_below(j, 30));
}

static void
plan_bad_workers(struct judge *j)
{
	plan_fill(j, 2);
	plan_call(j, 1, 5, 0, -1);
	plan_call(j, 2, 5, POOL_MAX_WORKERS + 1, -1);
}

/* ------------------------------------------------------------ what a call showed */

struct call {
	int		k;
	size_t		n;
	const long	*in;
	long		workers, poison, fill;
	long		outcome, how, crashed, processes, rc, err, forks, reaps, children;
	const long	*calls, *runner, *finished, *out, *failed;
};

static long
got(struct judge *j, const char *base, int k)
{
	char name[32];

	snprintf(name, sizeof name, "%s_%d", base, k);
	return judge_long(j, name);
}

static long
in_long(struct judge *j, const char *base, int k)
{
	char name[32];

	snprintf(name, sizeof name, "%s_%d", base, k);
	return judge_in_long(j, name);
}

/* The list BASE_K, which must have N values. */
static const long *
got_list(struct judge *j, const char *base, int k, size_t n)
{
	char name[32];
	size_t m;
	const long *v;

	snprintf(name, sizeof name, "%s_%d", base, k);
	v = judge_longs(j, name, &m);
	if (!judge_failed(j) && m != n)
		judge_fail(j, "the test reported %zu values of %s for %zu tasks", m, name, n);
	return v;
}

/* Call K's inputs and reports; false when the test failed reading them. */
static bool
get_call(struct judge *j, int k, struct call *c)
{
	char name[32];

	memset(c, 0, sizeof *c);
	c->k = k;
	snprintf(name, sizeof name, "in_%d", k);
	c->in = judge_in_longs(j, name, &c->n);
	c->workers = in_long(j, "workers", k);
	c->poison = in_long(j, "poison", k);
	c->fill = judge_in_long(j, "fill");
	c->outcome = got(j, "outcome", k);
	c->how = got(j, "how", k);
	c->crashed = got(j, "crashed", k);
	c->processes = got(j, "processes", k);
	c->calls = got_list(j, "calls", k, c->n);
	c->runner = got_list(j, "runner", k, c->n);
	c->finished = got_list(j, "finished", k, c->n);
	if (judge_failed(j) || c->outcome != RETURNED)
		return !judge_failed(j);
	c->rc = got(j, "rc", k);
	c->err = got(j, "errno", k);
	c->forks = got(j, "forks", k);
	c->reaps = got(j, "reaps", k);
	c->children = got(j, "children", k);
	c->out = got_list(j, "out", k, c->n);
	c->failed = got_list(j, "failed", k, c->n);
	return !judge_failed(j);
}

/* ------------------------------------------------------------ deciding */

/* Did pool_map return? Fails with what the caller's process did otherwise. */
static bool
returned(struct judge *j, const struct call *c)
{
	switch (c->outcome) {
	case DEADLINE:
		if (c->poison >= 0 && c->crashed != 0)
			judge_fail(j, "pool_map did not return within %d s after task %ld crashed "
			    "its worker (killed by SIGSEGV): it waits for results that will never "
			    "come (wait for the worker processes with waitpid, see how each "
			    "ended, and never wait for a result from a dead one)", DEADLINE_S,
			    c->poison);
		else
			/* TRANSLATORS: the seconds, n (the tasks) and workers */
			judge_fail(j, "pool_map did not return within %d s (n = %zu tasks, "
			    "workers = %ld): is it waiting for something that never happens?",
			    DEADLINE_S, c->n, c->workers);
		return false;
	case CALLER_KILLED:
		if (c->crashed == -1)
			/* TRANSLATORS: a signal's number and its name, then a task's number */
			judge_fail(j, "the process calling pool_map was killed by signal %ld "
			    "(%s) in task %ld: fn ran in the caller, it must run in the workers",
			    c->how, lab_strsignal((int)c->how), c->poison);
		else
			/* TRANSLATORS: a signal's number and its name */
			judge_fail(j, "the process calling pool_map was killed by signal %ld "
			    "(%s) inside pool_map", c->how, lab_strsignal((int)c->how));
		return false;
	case CALLER_EXITED:
		judge_fail(j, "the process calling pool_map ended inside it (exit status %ld): "
		    "pool_map must return to its caller; only the workers end, with _exit()",
		    c->how);
		return false;
	}
	if (c->rc == -1 && c->err == ENOSYS) {
		judge_fail(j, "pool_map: not written yet: see TODO in pool.c");
		return false;
	}
	return true;
}

/* Did a crash excuse task I's missing result? Its worker crashed, or fn never returned. */
static bool
may_fail(const struct call *c, size_t i)
{
	return c->poison >= 0 && (!c->finished[i] || c->runner[i] == c->crashed);
}

/* failed[i] is 1: fails unless the crash excuses it, saying what the tasks saw (and, in
 * a call where a task crashes, which tasks may be marked failed). */
static void
marked_failed(struct judge *j, const struct call *c, size_t i)
{
	bool crash = c->poison >= 0;

	if (may_fail(c, i))
		return;
	if (c->calls[i] == 0 && crash)
		judge_fail(j, "task %zu is marked failed, and fn was never called for it: no "
		    "worker ran it (only the tasks of the worker that crashed may be marked "
		    "failed)", i);
	else if (c->calls[i] == 0)
		judge_fail(j, "task %zu is marked failed, and fn was never called for it: no "
		    "worker ran it", i);
	else if (c->finished[i] && crash)
		judge_fail(j, "task %zu is marked failed, but fn returned its result in a "
		    "worker process that did not crash: that result must be delivered (only "
		    "the tasks of the worker that crashed may be marked failed)", i);
	else if (c->finished[i])
		judge_fail(j, "task %zu is marked failed, but fn returned its result in a "
		    "worker process that did not crash: that result must be delivered", i);
	else
		judge_fail(j, "task %zu is marked failed: fn was called for it and had not "
		    "returned when its process ended", i);
}

/* out[i] still holds what the caller put there: the result stayed in a worker. */
static void
never_reached(struct judge *j, const struct call *c, size_t i, const char *e,
    const char *a)
{
	if (c->calls[i] == 0)
		/* TRANSLATORS: i, what out[i] holds, i again, what pool_map returned */
		judge_fail_values(j, e, a, "out[%zu] still holds %ld, what the caller put there "
		    "before calling pool_map, though failed[%zu] is 0 (pool_map returned %ld): "
		    "the result never reached the caller's array (fn was never called for it). "
		    "fork gives each worker a copy of out: a worker's writes to it stay in the "
		    "worker. Pass the results through memory shared before fork and copy them "
		    "into out in the caller", i, c->out[i], i, c->rc);
	else
		judge_fail_values(j, e, a, "out[%zu] still holds %ld, what the caller put there "
		    "before calling pool_map, though failed[%zu] is 0 (pool_map returned %ld): "
		    "the result never reached the caller's array (fn did run for it, in a "
		    "worker). fork gives each worker a copy of out: a worker's writes to it "
		    "stay in the worker. Pass the results through memory shared before fork "
		    "and copy them into out in the caller", i, c->out[i], i, c->rc);
}

/* failed[i] is 0: out[i] must be fn(in[i]). */
static void
result(struct judge *j, const struct call *c, size_t i)
{
	long want = result_of(c->in[i]), have = c->out[i];
	char e[32], a[32];

	if (have == want)
		return;
	snprintf(e, sizeof e, "%ld", want);
	snprintf(a, sizeof a, "%ld", have);
	if (have == c->fill) {
		never_reached(j, c, i, e, a);
		return;
	}
	for (size_t k = 0; k < c->n; k++)
		if (have == result_of(c->in[k])) {
			judge_fail_values(j, e, a, "out[%zu] holds the result of task %zu: results "
			    "must be in input order (out[i] = fn(in[i]))", i, k);
			return;
		}
	if (c->calls[i] == 0)
		judge_fail_values(j, e, a, "out[%zu] is %ld, expected fn(in[%zu]) = %ld (fn was "
		    "never called for it)", i, have, i, want);
	else
		judge_fail_values(j, e, a, "out[%zu] is %ld, expected fn(in[%zu]) = %ld", i, have,
		    i, want);
}

/* Each task's record: where it ran, how often, failed[i] and out[i]. */
static void
tasks(struct judge *j, const struct call *c)
{
	for (size_t i = 0; i < c->n && !judge_failed(j); i++) {
		if (c->runner[i] == -1 && c->calls[i] > 0)
			judge_fail(j, "task %zu ran in the process that called pool_map: every "
			    "task must run in a worker process", i);
		else if (c->calls[i] > 1)
			judge_fail(j, "task %zu ran %ld times: each task must run exactly once", i,
			    c->calls[i]);
		else if (c->failed[i] > 1)
			judge_fail(j, "failed[%zu] is %ld after pool_map returned: pool_map must "
			    "set every failed[i] to 0 or 1", i, c->failed[i]);
		else if (c->failed[i] == 1)
			marked_failed(j, c, i);
		else
			result(j, c, i);
	}
}

/* No zombie, no worker still running once pool_map has returned. */
static void
reaped(struct judge *j, const struct call *c)
{
	if (c->children == 1 && c->reaps < c->forks)
		judge_fail(j, "zombie: after pool_map returned, a worker process had ended but "
		    "was never reaped (pool_map started %ld and reaped %ld): wait for every "
		    "worker", c->forks, c->reaps);
	else if (c->children == 1)
		judge_fail(j, "zombie: after pool_map returned, a worker process had ended but "
		    "was never reaped: wait for every worker");
	else if (c->children == 2)
		judge_fail(j, "after pool_map returned, a worker process was still running: "
		    "wait for every worker (waitpid) before returning");
}

/* The call's results, processes and children (CRASH: a task crashed its worker). */
static void
check_call(struct judge *j, const struct call *c)
{
	size_t want = (size_t)c->workers < c->n ? (size_t)c->workers : c->n;
	bool crash = c->poison >= 0;

	tasks(j, c);
	if (judge_failed(j))
		return;
	if (!crash && c->rc != 0)
		judge_fail(j, "pool_map returned %ld though no task crashed and every task has "
		    "its result, expected 0", c->rc);
	else if (c->forks < (long)want || (!crash && c->forks > (long)want))
		/* TRANSLATORS: the processes started, n (the tasks), workers, and
		 * min(workers, n) */
		judge_fail(j, lab_ngettext("pool_map started %ld process for n = %zu tasks with "
		    "workers = %ld: the worker processes must be exactly min(workers, n) = %zu, "
		    "each doing many tasks", "pool_map started %ld processes for n = %zu tasks "
		    "with workers = %ld: the worker processes must be exactly min(workers, n) = "
		    "%zu, each doing many tasks", (unsigned long)c->forks), c->forks, c->n,
		    c->workers, want);
	else if (!crash && (size_t)c->processes < want)
		/* TRANSLATORS: the processes that ran tasks, min(workers, n), n */
		judge_fail(j, lab_ngettext("only %ld process ran tasks, expected %zu workers to "
		    "share the %zu tasks", "only %ld processes ran tasks, expected %zu workers to "
		    "share the %zu tasks", (unsigned long)c->processes), c->processes, want,
		    c->n);
	if (!judge_failed(j))
		reaped(j, c);
}

static void
decide_calls(struct judge *j)
{
	struct call c;

	if (!get_call(j, 1, &c) || !returned(j, &c))
		return;
	check_call(j, &c);
}

#define decide_one_worker decide_calls
#define decide_spread decide_calls

static void
decide_few_tasks(struct judge *j)
{
	struct call c;

	decide_calls(j);
	if (judge_failed(j) || !get_call(j, 2, &c) || !returned(j, &c))
		return;
	if (c.rc != 0)
		judge_fail(j, "pool_map with no tasks (n = 0) returned %ld, expected 0", c.rc);
	else if (c.forks != 0)
		judge_fail(j, lab_ngettext("pool_map started %ld process for no tasks (n = 0), "
		    "expected none", "pool_map started %ld processes for no tasks (n = 0), "
		    "expected none", (unsigned long)c.forks), c.forks);
	else
		reaped(j, &c);
}

static void
decide_crash(struct judge *j)
{
	struct call c;
	long p;

	if (!get_call(j, 1, &c) || !returned(j, &c))
		return;
	p = c.poison;
	if (c.crashed == 0 && c.calls[p] == 0)
		judge_fail(j, "the task that crashes (task %ld) never ran: fn was never called "
		    "for it", p);
	else if (c.rc != -1)
		judge_fail(j, "pool_map returned %ld though task %ld crashed its worker (killed "
		    "by SIGSEGV): it must return -1 and mark the task failed (check each "
		    "worker's status from waitpid: WIFSIGNALED)", c.rc, p);
	else if (c.failed[p] != 1)
		judge_fail(j, "task %ld crashed its worker but failed[%ld] is %ld, expected 1",
		    p, p, c.failed[p]);
	else
		check_call(j, &c);
}

static void
decide_bad_workers(struct judge *j)
{
	for (int k = 1; k <= 2 && !judge_failed(j); k++) {
		struct call c;

		if (!get_call(j, k, &c) || !returned(j, &c))
			return;
		if (c.rc != -1 || c.err != EINVAL)
			/* TRANSLATORS: workers, what pool_map returned, errno and its text */
			judge_fail(j, "pool_map with workers = %ld returned %ld (errno %ld: %s), "
			    "expected -1 with errno EINVAL", c.workers, c.rc, c.err,
			    lab_strerror((int)c.err));
		else if (c.forks != 0)
			/* TRANSLATORS: the processes started, then workers */
			judge_fail(j, lab_ngettext("pool_map started %ld process for a bad "
			    "number of workers (%ld), expected none", "pool_map started %ld "
			    "processes for a bad number of workers (%ld), expected none",
			    (unsigned long)c.forks), c.forks, c.workers);
		for (size_t i = 0; i < c.n && !judge_failed(j); i++)
			if (c.failed[i] != 1)
				judge_fail(j, "pool_map with workers = %ld: failed[%zu] is %ld, "
				    "expected 1", c.workers, i, c.failed[i]);
	}
}

JUDGE_MAIN(reports, JUDGE_PLANNED(one_worker), JUDGE_PLANNED(spread),
    JUDGE_PLANNED(few_tasks), JUDGE_PLANNED(crash), JUDGE_PLANNED(bad_workers))
