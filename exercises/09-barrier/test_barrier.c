/* SPDX-License-Identifier: MIT */
/*
 * test_barrier.c: the driving side of exercise 09 (reusable barrier). Do not edit: the
 * grader uses its own copy. The judge (judge_barrier.c) chooses the number of processes,
 * the rounds, which process arrives late in each round and the long round; this file runs
 * them and reports what it saw.
 *
 * N processes (started here, not by your code) go through R rounds. In every round the
 * judge's late process waits until all the others have counted their arrival (in shared
 * memory, just before they call barrier_wait) and then a little more, so that a barrier
 * that lets a process through early is caught: each process notes how many arrivals it
 * sees when barrier_wait returns. In the long round the late process waits hold_ms, and
 * measures what the waiting processes do meanwhile: the CPU time they use inside
 * barrier_wait, and the locks and semaphore waits they took while it held back (any form:
 * pthread_mutex_lock or trylock, sem_wait or trywait, ...).
 *
 * Reports: created, create_errno; crash (kind 0 none, 1 exit status, 2 signal; value);
 * rc_fail (the first round whose barrier_wait returned -1, or 0); per round: arrived,
 * returned (processes back from barrier_wait), fewest (the fewest arrivals a process
 * saw when it came back, 0 when none came back) and early_spurious (1: a process came
 * back before all had arrived right after a condition wait of its own that was a
 * spurious wakeup, see labtest.h); stuck (1: nothing moved for STALL_MS);
 * hold_wall_us, hold_cpu_us, hold_locks, hold_waiters, hold_rewaits (condition waits begun
 * during the hold: a timed wait with a short timeout in a loop) (the long round); destroy_rc,
 * destroy_errno; bad_size: bad_null, bad_errno.
 *
 * Under proclab's scheduler (lab_scheduled) time is virtual: the late process lets the
 * others go as far as they can instead of sleeping (lab_pause_ms), and what the waiting
 * processes do meanwhile is seen, not timed: the locks they took, and how many were not
 * waiting in a blocking call but polling or spinning (hold_pollers, else 0; scheduled 1:
 * CPU time then says nothing, a run being as fast as its hand-offs). The
 * test program waits for a member when nothing moves any more, so that a barrier that
 * never opens is the scheduler's deadlock, told with each process's line; after a fault (a
 * process back too early) the ones left waiting are stopped (lab_stop).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "barrier.h"
#include "labtest.h"

#define MAX_N		8
#define MAX_ROUNDS	40
#define STALL_MS	2000    /* no process came back from barrier_wait for this long */
#define STOP_MS		300     /* after a fault, how long the others may take to leave */
#define SETTLE_MS	20      /* long round: time for the waiters to settle in their wait */

struct shared {
	int	n, rounds, hold_round, late[MAX_ROUNDS + 1];
	long	hold_ms, late_us;
	long	arrived[MAX_ROUNDS + 1], returned[MAX_ROUNDS + 1], fewest[MAX_ROUNDS + 1];
	long	early_spurious[MAX_ROUNDS + 1];
	long	hold_wall_us, hold_cpu_us, hold_locks, hold_waiters, hold_pollers;
	long	hold_rewaits;
	int	rc_fail, stop;
};

static struct shared *sh;
static struct barrier *bar;

static long
clock_us(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static long
waits(void)
{
	struct lab_counts c = lab_counts();

	return c.mutex_locks + c.sem_waits;
}

/* The late process of round K under the scheduler. Outside the long round only a point:
 * the schedule decides when it arrives (holding it back until the others wait would hide
 * a wakeup lost between a waiter's look at the count and its wait). In the long round the
 * others go as far as they can (into barrier_wait), then again, counting their locks, and
 * then who still polls. */
static void
arrive_late_scheduled(int k)
{
	long w0, c0;

	if (k != sh->hold_round) {
		sleep_us(sh->late_us);
		return;
	}
	lab_pause_ms(1);
	sh->hold_waiters = __atomic_load_n(&sh->arrived[k], __ATOMIC_SEQ_CST) -
	    __atomic_load_n(&sh->returned[k], __ATOMIC_SEQ_CST);
	w0 = waits();
	c0 = lab_counts().cond_waits;
	lab_pause_ms(sh->hold_ms);
	sh->hold_locks = waits() - w0;
	sh->hold_rewaits = lab_counts().cond_waits - c0;
	sh->hold_pollers = lab_pollers();
	sh->hold_wall_us = sh->hold_ms * 1000;  /* virtual */
	if (sh->hold_pollers > 0)       /* busy waiting seen: the rounds after prove nothing */
		__atomic_store_n(&sh->stop, 1, __ATOMIC_SEQ_CST);
}

/* The late process of round K: after the others have arrived (and the long round). */
static void
arrive_late(int k)
{
	long t0 = clock_us(CLOCK_MONOTONIC), w0, c0;

	if (lab_scheduled()) {
		arrive_late_scheduled(k);
		return;
	}
	while (__atomic_load_n(&sh->arrived[k], __ATOMIC_SEQ_CST) < sh->n - 1 &&
	    clock_us(CLOCK_MONOTONIC) - t0 < 1000000)
		sleep_us(50);
	if (k != sh->hold_round) {
		sleep_us(sh->late_us);
		return;
	}
	sleep_us(SETTLE_MS * 1000);
	sh->hold_waiters = __atomic_load_n(&sh->arrived[k], __ATOMIC_SEQ_CST) -
	    __atomic_load_n(&sh->returned[k], __ATOMIC_SEQ_CST);
	w0 = waits();
	c0 = lab_counts().cond_waits;
	t0 = clock_us(CLOCK_MONOTONIC);
	sleep_us(sh->hold_ms * 1000);
	sh->hold_wall_us = clock_us(CLOCK_MONOTONIC) - t0;
	sh->hold_locks = waits() - w0;
	sh->hold_rewaits = lab_counts().cond_waits - c0;
}

/* After barrier_wait returned in round K having seen A arrivals: the fewest so far. */
static void
note_fewest(int k, long a)
{
	long old = __atomic_load_n(&sh->fewest[k], __ATOMIC_SEQ_CST);

	while ((old == 0 || a < old) && !__atomic_compare_exchange_n(&sh->fewest[k], &old, a,
	    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
}

static void
member(void *arg)
{
	int me = (int)(intptr_t)arg;

	for (int k = 1; k <= sh->rounds; k++) {
		long c0, a;
		int rc, spurious;

		if (__atomic_load_n(&sh->stop, __ATOMIC_SEQ_CST))
			return;
		if (me == sh->late[k])
			arrive_late(k);
		else
			sleep_us((long)(lab_random() % 300));
		__atomic_add_fetch(&sh->arrived[k], 1, __ATOMIC_SEQ_CST);
		c0 = clock_us(CLOCK_PROCESS_CPUTIME_ID);
		lab_woke_spuriously();          /* from now on: the waits of this call */
		rc = barrier_wait(bar);
		spurious = lab_woke_spuriously();
		if (k == sh->hold_round && me != sh->late[k])
			__atomic_add_fetch(&sh->hold_cpu_us, clock_us(CLOCK_PROCESS_CPUTIME_ID) -
			    c0, __ATOMIC_SEQ_CST);
		a = __atomic_load_n(&sh->arrived[k], __ATOMIC_SEQ_CST);
		if (rc != 0) {
			int none = 0;

			__atomic_compare_exchange_n(&sh->rc_fail, &none, k, false,
			    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
			__atomic_store_n(&sh->stop, 1, __ATOMIC_SEQ_CST);
			return;
		}
		note_fewest(k, a);
		__atomic_add_fetch(&sh->returned[k], 1, __ATOMIC_SEQ_CST);
		if (a < sh->n) {
			if (spurious)
				__atomic_store_n(&sh->early_spurious[k], 1, __ATOMIC_SEQ_CST);
			__atomic_store_n(&sh->stop, 1, __ATOMIC_SEQ_CST);
			return;
		}
	}
}

static int
ended(pid_t pid)
{
	siginfo_t si;

	si.si_pid = 0;
	while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == -1)
		if (errno != EINTR)
			lab_fail("test: waitid: %s", lab_strerror(errno));
	return si.si_pid == pid;
}

/* Waits while the processes come back from barrier_wait; 0 when they all ended, 1 at a
 * stall, 2 when they were stopped after a fault. */
static int
follow(const pid_t *pids, int n)
{
	long last = -1, still = 0, stopped = -1;

	for (;; sleep_us(1000), still++) {
		long now = 0;
		int left = 0;

		for (int i = 0; i < n; i++)
			left += !ended(pids[i]);
		if (left == 0)
			return 0;
		for (int k = 1; k <= sh->rounds; k++)
			now += __atomic_load_n(&sh->returned[k], __ATOMIC_SEQ_CST);
		if (now != last) {
			last = now;
			still = 0;
		}
		if (stopped < 0 && __atomic_load_n(&sh->stop, __ATOMIC_SEQ_CST))
			stopped = still;
		if (stopped >= 0 && still - stopped >= STOP_MS)
			return 2;
		if (still >= STALL_MS + sh->hold_ms)
			return 1;
	}
}

/* Arrivals and returns so far, all rounds: what moves while the barrier works. */
static long
moves(void)
{
	long m = 0;

	for (int k = 1; k <= sh->rounds; k++)
		m += __atomic_load_n(&sh->arrived[k], __ATOMIC_SEQ_CST) +
		    __atomic_load_n(&sh->returned[k], __ATOMIC_SEQ_CST);
	return m;
}

/*
 * Under the scheduler: 0 when all ended, 2 when a fault stopped them (the others go as far
 * as they can, then reap_all stops those left waiting). Each pause lets the others go as
 * far as they can; when nothing moved for a few of them, the test program waits for the
 * first member to end (WNOWAIT: reap_all reaps it), so that a barrier that never opens is
 * the scheduler's deadlock, told with each process's line.
 */
static int
follow_scheduled(const pid_t *pids, int n)
{
	long last = -1;

	for (int still = 0;; still++) {
		int left = 0, first = -1;
		long now = moves();

		for (int i = 0; i < n; i++)
			if (!ended(pids[i])) {
				left++;
				if (first < 0)
					first = i;
			}
		if (left == 0)
			return 0;
		if (__atomic_load_n(&sh->stop, __ATOMIC_SEQ_CST)) {
			lab_pause_ms(1);
			return 2;
		}
		if (now != last) {
			last = now;
			still = 0;
		} else if (still >= 3) {
			siginfo_t si;

			while (waitid(P_PID, (id_t)pids[first], &si, WEXITED | WNOWAIT) == -1)
				if (errno != EINTR)
					lab_fail("test: waitid: %s", lab_strerror(errno));
			still = 0;
			continue;
		}
		lab_pause_ms(1);
	}
}

/* Reaps every process (stopping those still running); the first abnormal end. */
static int
reap_all(const pid_t *pids, int n, long crash[2])
{
	int killed = 0;

	for (int i = 0; i < n; i++) {
		int status = lab_stop(pids[i]);

		if (status == LAB_TIMED_OUT)
			killed = 1;
		else if (status != 0 && crash[0] == 0) {
			crash[0] = status < 0 ? 2 : 1;
			crash[1] = status < 0 ? -status : status;
		}
	}
	return killed;
}

static void
report_rounds(int state, const long crash[2])
{
	size_t r = (size_t)sh->rounds;

	lab_report_longs("crash", crash, 2);
	lab_report_long("rc_fail", sh->rc_fail);
	lab_report_longs("arrived", sh->arrived + 1, r);
	lab_report_longs("returned", sh->returned + 1, r);
	lab_report_longs("fewest", sh->fewest + 1, r);
	lab_report_longs("early_spurious", sh->early_spurious + 1, r);
	lab_report_long("stuck", state == 1);
	lab_report_long("hold_wall_us", sh->hold_wall_us);
	lab_report_long("hold_cpu_us", sh->hold_cpu_us);
	lab_report_long("hold_locks", sh->hold_locks);
	lab_report_long("hold_waiters", sh->hold_waiters);
	lab_report_long("hold_pollers", sh->hold_pollers);
	lab_report_long("hold_rewaits", sh->hold_rewaits);
	lab_report_long("scheduled", lab_scheduled());
}

static void
test_rounds(void)
{
	long late[MAX_ROUNDS], crash[2] = { 0, 0 };
	pid_t pids[MAX_N];
	int n = (int)lab_input_long("n"), rounds = (int)lab_input_long("rounds"), state;

	sh = lab_shared(sizeof *sh);
	if (n < 1 || n > MAX_N || rounds < 1 || rounds > MAX_ROUNDS ||
	    lab_input_longs("late", late, MAX_ROUNDS) != (size_t)rounds)
		lab_fail("harness: %d processes, %d rounds", n, rounds);
	sh->n = n;
	sh->rounds = rounds;
	for (int k = 1; k <= rounds; k++)
		sh->late[k] = (int)late[k - 1];
	sh->hold_round = (int)lab_input_long("hold_round");
	sh->hold_ms = lab_input_long("hold_ms");
	/* Longer than the delays the grader injects into the other processes' barrier_wait
	 * (a few lock operations each), so that a barrier that lets them through early is
	 * caught in the act. */
	sh->late_us = 1000 + 3 * lab_delay_us();
	errno = 0;
	bar = barrier_create(n);
	lab_report_long("created", bar != NULL);
	lab_report_long("create_errno", bar != NULL ? 0 : errno);
	if (bar == NULL)
		return;
	lab_counts_reset();
	fflush(stdout);
	fflush(stderr);
	for (int i = 0; i < n; i++)
		pids[i] = lab_spawn(member, (void *)(intptr_t)i);
	state = lab_scheduled() ? follow_scheduled(pids, n) : follow(pids, n);
	if (!reap_all(pids, n, crash)) {
		int rc;

		errno = 0;
		rc = barrier_destroy(bar);
		lab_report_long("destroy_rc", rc);
		lab_report_long("destroy_errno", rc == 0 ? 0 : errno);
	}
	report_rounds(state, crash);
	/* TRANSLATORS: a clause, shown as "after the rounds ended, a child ..." */
	lab_expect_no_children("the rounds ended");
}

#define test_two_processes test_rounds
#define test_one_round test_rounds
#define test_many_rounds test_rounds
#define test_sizes test_rounds

static void
test_bad_size(void)
{
	struct barrier *b;

	errno = 0;
	b = barrier_create((int)lab_input_long("n"));
	lab_report_long("bad_null", b == NULL);
	lab_report_long("bad_errno", errno);
}

LAB_MAIN(LAB_TEST(two_processes), LAB_TEST(one_round), LAB_TEST(many_rounds),
    LAB_TEST(sizes), LAB_TEST(bad_size))
