/* SPDX-License-Identifier: MIT */
/*
 * test_fork_join.c: the driving side of exercise 01 (run_workers). Do not change this file.
 *
 * The judge (judge_fork_join.c) chooses the workers' arguments (and which worker is
 * killed) and decides; this file calls run_workers with worker functions of its own and
 * reports what a caller sees: the return value and errno, statuses[], and, from the
 * workers themselves, the process each one ran in and how many times fn was called for
 * it. It fails a test itself only where it alone can tell: a child that returned from
 * run_workers into the test, or a child left behind (a zombie or still running).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "labtest.h"
#include "fork_join.h"

#define MAXN 8
#define NOT_SET (-12345)
#define STUCK_MS 1500           /* reverse_order: how long a worker waits for the next one */
#define GAP_US 5000             /* reverse_order: between one worker's end and the next */

struct shared {
	int	n;
	long	args[MAXN];             /* the judge's arguments */
	int	victim;                 /* the worker killed_worker's function kills */
	pid_t	pid[MAXN];              /* the process each worker ran in */
	long	calls[MAXN];            /* how many times fn was called for each worker */
	int	done[MAXN + 1];         /* reverse_order: worker i has finished */
	int	stuck;                  /* reverse_order: a worker that waited in vain, or -1 */
};
static struct shared *sh;

/* The worker an argument belongs to (a child fails the test for an argument not in args). */
static int
worker_index(int arg)
{
	for (int i = 0; i < sh->n; i++)
		if (sh->args[i] == arg)
			return i;
	lab_fail("a worker got argument %d, which is not one of args[]", arg);
}

/* Every worker notes the process it runs in and that fn was called for it. */
static int
note_worker(int arg)
{
	int i = worker_index(arg);

	sh->pid[i] = getpid();
	__atomic_add_fetch(&sh->calls[i], 1, __ATOMIC_SEQ_CST);
	return i;
}

static int
fn_identity(int arg)
{
	return note_worker(arg) + 7;
}

static int
fn_mix(int arg)
{
	note_worker(arg);
	return arg * 37 + 11;           /* may exceed 255: the status keeps the low 8 bits */
}

/*
 * Worker i finishes only after worker i+1 has finished (and a little more, so that its
 * process has ended too): they end in reverse order, the last one first. A worker whose
 * successor never finishes (it was not started alongside) gives up after STUCK_MS.
 */
static int
fn_reverse(int arg)
{
	int i = note_worker(arg);

	for (int waited = 0; !__atomic_load_n(&sh->done[i + 1], __ATOMIC_SEQ_CST); waited++) {
		if (__atomic_load_n(&sh->stuck, __ATOMIC_SEQ_CST) != -1)
			return 0;
		if (waited == STUCK_MS) {
			int none = -1;

			__atomic_compare_exchange_n(&sh->stuck, &none, i, false, __ATOMIC_SEQ_CST,
			    __ATOMIC_SEQ_CST);
			return 0;
		}
		usleep(1000);
	}
	usleep(GAP_US);
	__atomic_store_n(&sh->done[i], 1, __ATOMIC_SEQ_CST);
	return (arg * 5 + 3) & 0xff;
}

static int
fn_killed(int arg)
{
	int i = note_worker(arg);

	if (i == sh->victim) {
		raise(SIGTERM);
		pause();
	}
	return i + 40;
}

/* The judge's arguments into ARGS (and the shared page); statuses[] not set yet. */
static int
setup(int *args, int *statuses)
{
	long a[MAXN];
	int n = (int)lab_input_longs("args", a, MAXN);

	sh = lab_shared(sizeof *sh);
	sh->n = n;
	sh->stuck = -1;
	for (int i = 0; i < n; i++) {
		if (a[i] < 0 || a[i] > INT_MAX / 64)
			lab_fail("harness: argument %ld out of range", a[i]);
		sh->args[i] = a[i];
		args[i] = (int)a[i];
		statuses[i] = NOT_SET;
	}
	sh->done[n] = 1;                /* the last worker waits for nobody */
	lab_counts_reset();
	return n;
}

/* The worker that ran in process PID, or -1. */
static int
worker_of(pid_t pid)
{
	for (int i = 0; i < sh->n; i++)
		if (sh->pid[i] == pid)
			return i;
	return -1;
}

/* The first worker whose process is a child not reaped yet (running or ended), or -1;
 * *ALL: whether every worker has noted its process. */
static int
unreaped_worker(bool *all)
{
	siginfo_t si;

	*all = true;
	for (int i = 0; i < sh->n; i++) {
		pid_t pid = __atomic_load_n(&sh->pid[i], __ATOMIC_SEQ_CST);

		memset(&si, 0, sizeof si);
		if (pid == 0)
			*all = false;
		else if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0)
			return i;
	}
	return -1;
}

/* After run_workers: no child left, named by its worker when it ran one (a pid inside the
 * sandbox is a small number that would read as a worker's index). A child still running
 * may not have noted its process yet: it is given up to 0.5 s to. */
static void
expect_no_workers_left(void)
{
	pid_t ended;
	bool all = false;
	int w = -1;

	switch (lab_children_left(&ended)) {
	case LAB_CHILDREN_NONE:
		return;
	case LAB_CHILDREN_UNREAPED:
		if (worker_of(ended) >= 0)
			lab_fail("zombie: after run_workers returned, worker %d's process has "
			    "ended but was never reaped: call waitpid() for every worker you "
			    "started", worker_of(ended));
		break;
	default:
		for (int t = 0; t < 50 && (w = unreaped_worker(&all)) < 0 && !all; t++)
			usleep(10000);
		if (w >= 0)
			lab_fail("after run_workers returned, worker %d's process was still "
			    "running: wait for every worker with waitpid() before returning", w);
	}
	/* TRANSLATORS: a clause, shown as "after run_workers returned, a child ..." */
	lab_expect_no_children("run_workers returned");
}

/* Run run_workers and report what its caller and the workers saw. */
static void
run_and_report(int n, int (*fn)(int), const int *args, int *statuses)
{
	pid_t harness = getpid();
	int rc = run_workers(n, fn, args, statuses);
	int saved = errno;
	long st[MAXN], pids[MAXN];

	lab_expect_harness_process("run_workers");
	expect_no_workers_left();
	for (int i = 0; i < n; i++) {
		st[i] = statuses[i];
		pids[i] = sh->pid[i];
	}
	lab_report_long("rc", rc);
	lab_report_long("errno_value", rc == 0 ? 0 : saved);
	lab_report_long("harness_pid", harness);
	lab_report_longs("pids", pids, (size_t)n);
	lab_report_longs("calls", sh->calls, (size_t)n);
	lab_report_longs("statuses", st, (size_t)n);
	lab_report_long("stuck", sh->stuck);
}

static void
test_one_worker(void)
{
	int args[MAXN], statuses[MAXN], n = setup(args, statuses);

	run_and_report(n, fn_identity, args, statuses);
}

static void
test_many_workers(void)
{
	int args[MAXN], statuses[MAXN], n = setup(args, statuses);

	run_and_report(n, fn_mix, args, statuses);
}

static void
test_reverse_order(void)
{
	int args[MAXN], statuses[MAXN], n = setup(args, statuses);

	run_and_report(n, fn_reverse, args, statuses);
}

static void
test_killed_worker(void)
{
	int args[MAXN], statuses[MAXN], n = setup(args, statuses);

	sh->victim = (int)lab_input_long("victim");
	run_and_report(n, fn_killed, args, statuses);
}

LAB_MAIN(LAB_TEST(one_worker), LAB_TEST(many_workers), LAB_TEST(reverse_order),
    LAB_TEST(killed_worker))
