/* SPDX-License-Identifier: MIT */
/*
 * judge_fork_join.c: the judge of exercise 01 (run_workers). It chooses the workers'
 * arguments (and the worker killed_worker kills) from the seed and decides from what
 * test_fork_join.c reports, computing every worker's result itself. The checks run in a
 * fixed order, so a wrong solution gets the same message on every run: whether the
 * workers ran at the same time, run_workers' return value, one process per worker, the
 * statuses as values (each worker's result must be there) and only then their order.
 */
#include "judge.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define MAXN 8
#define NOT_SET (-12345)

static const struct judge_report reports[] = {
	JUDGE_LONG("rc", INT_MIN, INT_MAX),
	JUDGE_LONG("errno_value", 0, 4095),
	JUDGE_LONG("harness_pid", 1, INT_MAX),
	JUDGE_LONGS("pids", 0, INT_MAX, MAXN),
	JUDGE_LONGS("calls", 0, LONG_MAX, MAXN),
	JUDGE_LONGS("statuses", INT_MIN, INT_MAX, MAXN),
	JUDGE_LONG("stuck", -1, MAXN - 1),
};

/* N workers with consecutive arguments from a random base. */
static void
plan_args(struct judge *j, int n)
{
	long args[MAXN], base = 100 + (long)judge_random_below(j, 100);

	for (int i = 0; i < n; i++)
		args[i] = base + i;
	judge_input_longs(j, "args", args, (size_t)n);
}

static void
plan_one_worker(struct judge *j)
{
	plan_args(j, 1);
}

static void
plan_many_workers(struct judge *j)
{
	plan_args(j, 3 + (int)judge_random_below(j, MAXN - 2));
}

static void
plan_reverse_order(struct judge *j)
{
	plan_args(j, 4 + (int)judge_random_below(j, MAXN - 3));
}

static void
plan_killed_worker(struct judge *j)
{
	int n = 3 + (int)judge_random_below(j, 3);

	plan_args(j, n);
	judge_input_long(j, "victim", (long)judge_random_below(j, (uint64_t)n));
}

/* run_workers returned 0, and each worker ran fn once, in a process of its own. */
static void
check_processes(struct judge *j, size_t n)
{
	long rc = judge_long(j, "rc"), err = judge_long(j, "errno_value");
	long harness = judge_long(j, "harness_pid");
	size_t np, nc;
	const long *pids = judge_longs(j, "pids", &np), *calls = judge_longs(j, "calls", &nc);

	if (judge_failed(j))
		return;
	if (rc == -1 && err == ENOSYS) {
		judge_fail(j, "run_workers: not written yet: see TODO in fork_join.c");
		return;
	}
	if (rc != 0) {
		judge_fail(j, lab_ngettext("run_workers returned %ld (%s), expected 0: no system "
		    "call should fail with %zu worker", "run_workers returned %ld (%s), expected 0: "
		    "no system call should fail with %zu workers", n), rc,
		    rc == -1 ? lab_strerror((int)err) : "?", n);
		return;
	}
	if (np != n || nc != n) {
		judge_fail(j, "the test reported %zu workers of %zu", np, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (calls[i] == 0) {
			judge_fail(j, "worker %zu never ran fn(args[%zu])", i, i);
			return;
		}
		if (calls[i] > 1) {
			judge_fail(j, "fn(args[%zu]) was called %ld times: call it once, in "
			    "worker %zu's own process", i, calls[i], i);
			return;
		}
		if (pids[i] == harness) {
			judge_fail(j, "worker %zu ran fn in the parent process: call fn in "
			    "the child, after fork() returned 0", i);
			return;
		}
		for (size_t k = 0; k < i; k++)
			if (pids[k] == pids[i]) {
				judge_fail(j, "workers %zu and %zu ran in the same process: "
				    "fork once per worker", k, i);
				return;
			}
	}
}

/* statuses[I] is not any worker's result: say what it looks like. */
static void
wrong_value(struct judge *j, size_t i, long expected, long actual, const long *results,
    size_t n)
{
	char e[32], a[32];

	snprintf(e, sizeof e, "%ld", expected);
	snprintf(a, sizeof a, "%ld", actual);
	if (actual == NOT_SET) {
		const char *unset = _("not set");

		/* TRANSLATORS: the worker's index, three times */
		judge_fail_values(j, e, unset, "statuses[%zu] was never set in the "
		    "caller's array, although worker %zu's fn ran (in a process of its own): "
		    "what a child stores in statuses[] goes to its own copy, which fork() made, "
		    "never to the parent's: end the child with _exit(result), and in the parent "
		    "store the exit status that waitpid() gives back in statuses[%zu]", i, i, i);
		return;
	}
	for (size_t k = 0; k < n; k++)
		if (results[k] > 0 && actual == results[k] << 8) {
			judge_fail_values(j, e, a, "statuses[%zu]: expected %ld, got %ld, a "
			    "raw wait status (%ld << 8): use WEXITSTATUS(status)", i, expected,
			    actual, results[k]);
			return;
		}
	if (expected < 0 && actual >= 0) {
		judge_fail_values(j, e, a, "statuses[%zu]: worker %zu was killed by signal "
		    "%ld, so expected %ld, got %ld: check WIFSIGNALED(status) and use "
		    "-WTERMSIG(status)", i, i, -expected, expected, actual);
		return;
	}
	judge_fail_values(j, e, a, "statuses[%zu]: expected %ld, got %ld", i, expected, actual);
}

/* The values first (each worker's result somewhere in statuses[]), then their order. */
static void
check_statuses(struct judge *j, const long *results, size_t n)
{
	size_t ns;
	const long *st = judge_longs(j, "statuses", &ns);
	bool used[MAXN] = { false }, in_order = true;

	if (judge_failed(j))
		return;
	if (ns != n) {
		judge_fail(j, "the test reported %zu statuses of %zu", ns, n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		used[i] = st[i] == results[i];
	for (size_t i = 0; i < n; i++) {
		size_t k;

		if (st[i] == results[i])
			continue;
		in_order = false;
		for (k = 0; k < n && (used[k] || results[k] != st[i]); k++)
			;
		if (k == n) {
			wrong_value(j, i, results[i], st[i], results, n);
			return;
		}
		used[k] = true;
	}
	if (!in_order && st[0] == results[n - 1])
		judge_fail(j, "the statuses are the workers' results but not in the order of the "
		    "workers (statuses[0] holds the last worker's result: it finished first): "
		    "statuses[i] must be worker i's result: wait for each worker's pid with "
		    "waitpid(pids[i], ...) and store statuses[i]");
	else if (!in_order)
		judge_fail(j, "the statuses are the workers' results but not in the order of the "
		    "workers (they are in another order): statuses[i] must be worker i's result: "
		    "wait for each worker's pid with waitpid(pids[i], ...) and store statuses[i]");
}

/* Every test: RESULT(ARG, I) is what worker I's fn returns for argument ARG. */
static void
decide_workers(struct judge *j, long (*result)(struct judge *, long, int))
{
	size_t n;
	const long *args = judge_in_longs(j, "args", &n);
	long results[MAXN], stuck = judge_long(j, "stuck");

	if (judge_failed(j))
		return;
	if (stuck != -1) {
		judge_fail(j, "worker %ld waited 1.5 s for worker %ld to finish, which was "
		    "not running at the same time: start all the workers first, then wait for "
		    "them", stuck, stuck + 1);
		return;
	}
	check_processes(j, n);
	for (size_t i = 0; i < n; i++)
		results[i] = result(j, args[i], (int)i);
	check_statuses(j, results, n);
}

static long
identity(struct judge *j, long arg, int i)
{
	(void)j;
	(void)arg;
	return i + 7;
}

static long
mix(struct judge *j, long arg, int i)
{
	(void)j;
	(void)i;
	return (arg * 37 + 11) & 0xff;
}

static long
reverse(struct judge *j, long arg, int i)
{
	(void)j;
	(void)i;
	return (arg * 5 + 3) & 0xff;
}

static long
killed(struct judge *j, long arg, int i)
{
	(void)arg;
	return i == judge_in_long(j, "victim") ? -SIGTERM : i + 40;
}

static void
decide_one_worker(struct judge *j)
{
	decide_workers(j, identity);
}

static void
decide_many_workers(struct judge *j)
{
	decide_workers(j, mix);
}

static void
decide_reverse_order(struct judge *j)
{
	decide_workers(j, reverse);
}

static void
decide_killed_worker(struct judge *j)
{
	decide_workers(j, killed);
}

JUDGE_MAIN(reports, JUDGE_PLANNED(one_worker), JUDGE_PLANNED(many_workers),
    JUDGE_PLANNED(reverse_order), JUDGE_PLANNED(killed_worker))
