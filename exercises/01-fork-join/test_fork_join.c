/* SPDX-License-Identifier: MIT */
/*
 * test_fork_join.c: the tests of exercise 01 (run_workers). Do not change this file.
 *
 * Each test calls run_workers with worker functions of its own, then checks, in this
 * order: run_workers returned 0 in the test's own process; it started exactly N
 * processes (counted at fork); it reaped every one of them (no zombie, no child still
 * running); each statuses[i] is worker i's result, in the order of the workers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "labtest.h"
#include "fork_join.h"

#define MAXN 8
#define NOT_SET (-12345)

struct shared {
	int	base;                   /* args[i] = base + i */
	int	victim;                 /* the worker killed_worker's function kills */
	pid_t	pid[MAXN];              /* the process each worker ran in */
	int	done[MAXN + 1];         /* reverse_order: worker i has finished */
	int	aborted;                /* a worker has failed: the others stop waiting */
};
static struct shared *sh;
static pid_t test_pid;

static int
worker_index(int arg)
{
	int i = arg - sh->base;

	if (i < 0 || i >= MAXN)
		lab_fail("a worker got argument %d, which is not one of args[]", arg);
	return i;
}

/* Every worker notes the process it runs in. */
static void
note_process(int i)
{
	sh->pid[i] = getpid();
}

static int
fn_identity(int arg)
{
	note_process(worker_index(arg));
	return arg - sh->base + 7;
}

static int
fn_mix(int arg)
{
	note_process(worker_index(arg));
	return arg * 37 + 11;           /* may exceed 255: the status keeps the low 8 bits */
}

/* Worker i finishes only after worker i+1 has finished: they end in reverse order. */
static int
fn_reverse(int arg)
{
	int i = worker_index(arg);

	note_process(i);
	for (int waited = 0; !__atomic_load_n(&sh->done[i + 1], __ATOMIC_SEQ_CST); waited++) {
		if (__atomic_load_n(&sh->aborted, __ATOMIC_SEQ_CST))
			return 0;
		if (waited == 1500) {   /* 1.5 s: worker i+1 was never started alongside */
			__atomic_store_n(&sh->aborted, 1, __ATOMIC_SEQ_CST);
			lab_fail("worker %d waited 1.5 s for worker %d, which was not running at "
			    "the same time: start all the workers first, then wait for them", i,
			    i + 1);
		}
		usleep(1000);
	}
	__atomic_store_n(&sh->done[i], 1, __ATOMIC_SEQ_CST);
	return (arg * 5 + 3) & 0xff;
}

static int
fn_killed(int arg)
{
	int i = worker_index(arg);

	note_process(i);
	if (i == sh->victim) {
		raise(SIGTERM);
		pause();
	}
	return i + 40;
}

static void
setup(int n, int *args, int *statuses)
{
	sh = lab_shared(sizeof *sh);
	sh->base = 100 + (int)lab_random_below(100);
	for (int i = 0; i < n; i++) {
		args[i] = sh->base + i;
		statuses[i] = NOT_SET;
	}
	sh->done[n] = 1;
	test_pid = getpid();
	lab_counts_reset();
}

/* Run and check everything but the statuses. */
static void
run_and_check(int n, int (*fn)(int), const int *args, int *statuses)
{
	struct lab_counts c;
	int rc = run_workers(n, fn, args, statuses);
	int saved = errno;

	lab_expect_harness_process("run_workers");
	if (rc == -1 && saved == ENOSYS)
		lab_fail("run_workers: not written yet: see TODO in fork_join.c");
	if (rc != 0)
		lab_fail("run_workers returned %d (%s), expected 0: no system call should fail "
		    "with %d workers", rc, rc == -1 ? strerror(saved) : "?", n);
	c = lab_counts();
	if (c.forks != n) {
		char e[32], a[32];

		snprintf(e, sizeof e, "%d", n);
		snprintf(a, sizeof a, "%ld", c.forks);
		lab_fail_values(e, a, "run_workers started %ld processes for %d workers: start "
		    "exactly one process per worker", c.forks, n);
	}
	lab_expect_no_children("run_workers returned");
	if (c.reaps != c.forks)
		lab_fail("run_workers reaped %ld of its %ld children: wait for every worker",
		    c.reaps, c.forks);
	for (int i = 0; i < n; i++) {
		if (sh->pid[i] == 0)
			lab_fail("worker %d never ran fn(args[%d])", i, i);
		if (sh->pid[i] == test_pid)
			lab_fail("worker %d ran fn in the parent process: call fn in the child, "
			    "after fork() returned 0", i);
		for (int j = 0; j < i; j++)
			if (sh->pid[j] == sh->pid[i])
				lab_fail("workers %d and %d ran in the same process: fork once per "
				    "worker", j, i);
	}
}

static void
expect_status(int i, int expected, int actual)
{
	char e[32], a[32];

	if (expected == actual)
		return;
	snprintf(e, sizeof e, "%d", expected);
	snprintf(a, sizeof a, "%d", actual);
	if (actual == NOT_SET)
		lab_fail_values(e, "not set", "statuses[%d] was never set: store worker %d's "
		    "result there", i, i);
	if (expected >= 0 && actual == expected << 8)
		lab_fail_values(e, a, "statuses[%d]: expected %d, got %d, the raw wait status: "
		    "use WEXITSTATUS(status)", i, expected, actual);
	if (expected < 0 && actual >= 0)
		lab_fail_values(e, a, "statuses[%d]: worker %d was killed by signal %d, so "
		    "expected %d, got %d: check WIFSIGNALED(status) and use -WTERMSIG(status)",
		    i, i, -expected, expected, actual);
	lab_fail_values(e, a, "statuses[%d]: expected %d, got %d", i, expected, actual);
}

static void
test_one_worker(void)
{
	int args[1], statuses[1];

	setup(1, args, statuses);
	run_and_check(1, fn_identity, args, statuses);
	expect_status(0, 7, statuses[0]);
}

static void
test_many_workers(void)
{
	int n = 3 + (int)lab_random_below(MAXN - 2), args[MAXN], statuses[MAXN];

	setup(n, args, statuses);
	run_and_check(n, fn_mix, args, statuses);
	for (int i = 0; i < n; i++)
		expect_status(i, (args[i] * 37 + 11) & 0xff, statuses[i]);
}

static void
test_reverse_order(void)
{
	int n = 4 + (int)lab_random_below(MAXN - 3), args[MAXN], statuses[MAXN];
	int expected[MAXN];

	setup(n, args, statuses);
	run_and_check(n, fn_reverse, args, statuses);
	for (int i = 0; i < n; i++)
		expected[i] = (args[i] * 5 + 3) & 0xff;
	for (int i = 0; i < n; i++)
		if (statuses[i] != expected[i] && statuses[i] == expected[n - 1 - i])
			lab_fail("the statuses are in the order the workers finished "
			    "(here the last worker finished first), not in the order of the workers: "
			    "wait for each worker's pid with waitpid(pid[i], ...) and store "
			    "statuses[i]");
	for (int i = 0; i < n; i++)
		expect_status(i, expected[i], statuses[i]);
}

static void
test_killed_worker(void)
{
	int n = 3 + (int)lab_random_below(3), args[MAXN], statuses[MAXN];

	setup(n, args, statuses);
	sh->victim = (int)lab_random_below((uint64_t)n);
	run_and_check(n, fn_killed, args, statuses);
	for (int i = 0; i < n; i++)
		expect_status(i, i == sh->victim ? -SIGTERM : i + 40, statuses[i]);
}

LAB_MAIN(LAB_TEST(one_worker), LAB_TEST(many_workers), LAB_TEST(reverse_order),
    LAB_TEST(killed_worker))
