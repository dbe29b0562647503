/* SPDX-License-Identifier: MIT */
/*
 * test_barrier.c: the tests of exercise 09 (reusable barrier).
 *
 * N processes (started here, not by your code) go through R rounds. In every round
 * one process, a different one each round, arrives late: it waits until all the
 * others have called barrier_wait() and then some more. Every process counts its
 * arrival in shared memory before calling barrier_wait(); when barrier_wait()
 * returns, all N arrivals of that round must be there. A barrier that lets a
 * process through early, or never opens, fails; so does one built without a lock
 * or semaphore (pthread_barrier_*, busy waiting).
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

#include "barrier.h"
#include "labtest.h"

/* The harness's own processes are started and reaped with the real calls, so
 * lab_counts() shows only what barrier.c did. */
pid_t __real_fork(void);
pid_t __real_waitpid(pid_t, int *, int);

#define MAX_N		8
#define MAX_ROUNDS	40
#define DEADLINE_MS	2000    /* a barrier that never opens: give up after this */

struct shared {
	int	n, rounds;
	long	arrived[MAX_ROUNDS + 1];        /* per round, atomic */
	int	round[MAX_N];                   /* round each process is in */
	int	waiting[MAX_N];                 /* 1 while inside barrier_wait */
	int	done[MAX_N];
	int	stop;                           /* a process found a fault */
};

static struct shared *sh;
static struct barrier *bar;
static long late_us;            /* how long the late process waits after the others arrived */

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

/* The late process of round k. */
static int
late_one(int k)
{
	return (int)((lab_seed() + (uint64_t)k * 3) % (uint64_t)sh->n);
}

static void
process_main(int me)
{
	for (int k = 1; k <= sh->rounds; k++) {
		long a;

		if (__atomic_load_n(&sh->stop, __ATOMIC_SEQ_CST))
			_exit(0);
		if (me == late_one(k)) {
			/* Arrive last: after everybody else is inside barrier_wait. */
			long t0 = now_ms();

			while (__atomic_load_n(&sh->arrived[k], __ATOMIC_SEQ_CST) < sh->n - 1 &&
			    now_ms() - t0 < 1000)
				sleep_us(50);
			sleep_us(late_us);
		} else {
			sleep_us((long)(lab_random() % 300));
		}
		__atomic_store_n(&sh->round[me], k, __ATOMIC_SEQ_CST);
		__atomic_add_fetch(&sh->arrived[k], 1, __ATOMIC_SEQ_CST);
		__atomic_store_n(&sh->waiting[me], 1, __ATOMIC_SEQ_CST);
		if (barrier_wait(bar) != 0) {
			__atomic_store_n(&sh->stop, 1, __ATOMIC_SEQ_CST);
			lab_fail("barrier_wait returned -1 in round %d (see its message on stderr)", k);
		}
		__atomic_store_n(&sh->waiting[me], 0, __ATOMIC_SEQ_CST);
		a = __atomic_load_n(&sh->arrived[k], __ATOMIC_SEQ_CST);
		if (a < sh->n) {
			__atomic_store_n(&sh->stop, 1, __ATOMIC_SEQ_CST);
			if (k == 1)
				lab_fail("round 1: a process got through barrier_wait when only "
				    "%ld of %d processes had arrived: barrier_wait must block until "
				    "all %d have called it", a, sh->n, sh->n);
			lab_fail("round %d: a process got through barrier_wait when only %ld of %d "
			    "processes had arrived, although round 1 worked: the barrier is not "
			    "reusable (after it opens, reset the count for the next round and "
			    "let the waiters tell the rounds apart, e.g. with a generation number)",
			    k, a, sh->n);
		}
	}
	__atomic_store_n(&sh->done[me], 1, __ATOMIC_SEQ_CST);
	_exit(0);
}

static void
kill_all(pid_t *pids, int n, bool *reaped)
{
	for (int i = 0; i < n; i++)
		if (!reaped[i] && kill(pids[i], SIGKILL) == -1 && errno != ESRCH)
			lab_fail("kill: %s", strerror(errno));
	for (int i = 0; i < n; i++)
		if (!reaped[i] && __real_waitpid(pids[i], NULL, 0) != -1)
			reaped[i] = true;
}

/* Why the processes did not all finish: find the round they are stuck in. */
static void
explain_stuck(void)
{
	int k = sh->rounds + 1, nwait = 0;

	for (int i = 0; i < sh->n; i++)
		if (!sh->done[i] && sh->round[i] < k)
			k = sh->round[i];
	for (int i = 0; i < sh->n; i++)
		if (sh->waiting[i] && sh->round[i] == k)
			nwait++;
	if (k >= 1 && k <= sh->rounds && sh->arrived[k] == sh->n)
		lab_fail("barrier_wait never returned: in round %d all %d processes arrived but "
		    "after %d s %d of them were still waiting: a wake-up was lost (does the "
		    "waiters' condition still hold after the last process resets the count? "
		    "wait on a generation number instead)", k, sh->n, DEADLINE_MS / 1000, nwait);
	lab_fail("barrier_wait never returned: in round %d, %ld of %d processes arrived and "
	    "%d were still waiting after %d s", k, k >= 1 && k <= sh->rounds ?
	    sh->arrived[k] : 0L, sh->n, nwait, DEADLINE_MS / 1000);
}

static void
run_rounds(int n, int rounds)
{
	pid_t pids[MAX_N];
	bool reaped[MAX_N] = { false };
	int left = n;
	long t0, stop_at = -1;
	struct lab_counts c;

	/* Longer than the delays the grader injects into the other processes'
	 * barrier_wait (a few lock operations each), so that a barrier that lets
	 * them through early is caught in the act. */
	late_us = 1000 + 3 * lab_delay_us();
	sh = lab_shared(sizeof *sh);
	sh->n = n;
	sh->rounds = rounds;
	bar = barrier_create(n);
	if (bar == NULL) {
		if (errno == ENOSYS)
			lab_fail("barrier_create: not written yet: see the TODO in barrier.c");
		lab_fail("barrier_create(%d) returned NULL: %s", n, strerror(errno));
	}
	lab_counts_reset();
	fflush(stdout);
	fflush(stderr);
	for (int i = 0; i < n; i++) {
		pids[i] = __real_fork();
		if (pids[i] == -1) {
			int e = errno;

			kill_all(pids, i, reaped);
			lab_fail("fork (test harness): %s", strerror(e));
		}
		if (pids[i] == 0)
			process_main(i);
	}
	t0 = now_ms();
	while (left > 0) {
		for (int i = 0; i < n; i++) {
			int status;
			pid_t r;

			if (reaped[i])
				continue;
			r = __real_waitpid(pids[i], &status, WNOHANG);
			if (r == -1)
				lab_fail("waitpid (test harness): %s", strerror(errno));
			if (r == 0)
				continue;
			reaped[i] = true;
			left--;
			if (WIFSIGNALED(status)) {
				kill_all(pids, n, reaped);
				lab_fail("a process crashed inside barrier_wait: %s",
				    strsignal(WTERMSIG(status)));
			}
			if (WEXITSTATUS(status) != 0 && !sh->stop) {
				kill_all(pids, n, reaped);
				lab_fail("a process ended with exit status %d inside barrier_wait "
				    "(barrier_wait must return, not exit)", WEXITSTATUS(status));
			}
		}
		if (left == 0)
			break;
		if (sh->stop && stop_at < 0)
			stop_at = now_ms();
		if (stop_at >= 0 && now_ms() - stop_at > 300) {
			kill_all(pids, n, reaped);
			break;
		}
		if (now_ms() - t0 > DEADLINE_MS) {
			kill_all(pids, n, reaped);
			explain_stuck();
		}
		sleep_us(1000);
	}
	if (sh->stop)
		lab_fail("a process found a fault");    /* the process's own message wins */

	c = lab_counts();
	if (c.mutex_locks + c.sem_waits == 0)
		lab_fail("barrier_wait took no lock and waited on no semaphore (0 calls of "
		    "pthread_mutex_lock and sem_wait): build the barrier from a process-shared "
		    "mutex and condition variable, or from semaphores (pthread_barrier_* is not "
		    "allowed)");
	if (n > 1 && c.cond_waits + c.sem_waits < rounds)
		lab_fail_values(">= rounds", "fewer",
		    "in %d rounds, barrier_wait blocked only %ld times (pthread_cond_wait or "
		    "sem_wait): the early processes must sleep in pthread_cond_wait or sem_wait "
		    "until the last one arrives, not busy-wait", rounds,
		    c.cond_waits + c.sem_waits);
	if (barrier_destroy(bar) != 0)
		lab_fail("barrier_destroy: %s", strerror(errno));
	lab_expect_no_children("the rounds");
}

static void
test_two_processes(void)
{
	run_rounds(2, 4);
}

static void
test_one_round(void)
{
	run_rounds(4, 1);
}

static void
test_many_rounds(void)
{
	run_rounds(4, 25);
}

static void
test_sizes(void)
{
	run_rounds(2 + (int)(lab_random() % 5), 15);        /* 2..6 processes */
}

static void
test_bad_size(void)
{
	struct barrier *b;

	errno = 0;
	b = barrier_create(0);
	if (b != NULL)
		lab_fail("barrier_create(0) returned a barrier: a barrier for 0 processes makes "
		    "no sense: return NULL with errno EINVAL");
	if (errno == ENOSYS)
		lab_fail("barrier_create: not written yet: see the TODO in barrier.c");
	lab_expect_str("errno after barrier_create(0)", strerror(EINVAL), strerror(errno));
}

LAB_MAIN(LAB_TEST(two_processes), LAB_TEST(one_round), LAB_TEST(many_rounds),
    LAB_TEST(sizes), LAB_TEST(bad_size))
