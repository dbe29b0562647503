/* SPDX-License-Identifier: MIT */
/*
 * judge_barrier.c: the judge of exercise 09 (reusable barrier). It chooses the number of
 * processes, which one arrives late in each round (never the same twice in a row) and
 * the long round, and decides from what test_barrier.c saw: in every round nobody may
 * come back from barrier_wait before all N have arrived, and all N must come back; while
 * the late process holds back in the long round, the waiting processes must sleep
 * (little CPU time, no lock or semaphore taken again and again, by any call: lock or
 * trylock, sem_wait or trywait). How they sleep (pthread_cond_wait,
 * pthread_cond_timedwait, sem_wait, sem_timedwait, ...) is theirs to choose. Under
 * grading a condition wait sometimes returns without a signal (a spurious wakeup, as
 * POSIX allows): a process that goes on right after one waits in an `if`.
 */
#define _GNU_SOURCE
#include "judge.h"

#include <stdio.h>
#include <string.h>

#include "barrier.h"

#define MAX_ROUNDS	40
#define STALL_S		2
#define ENOSYS_		38      /* Linux's ENOSYS: the stub's errno */
#define EINVAL_		22
#define BUSY_PERCENT	20      /* waiters using more CPU than this share of the hold spin */
#define BUSY_CALLS	10      /* locks or sem waits taken per waiter during the hold */
#define BUSY_REWAITS	20      /* condition waits begun again per waiter during the hold (a
				 * 50 ms timed wait in a loop: 8 in the longest hold) */

static const struct judge_report reports[] = {
	JUDGE_LONG("created", 0, 1),
	JUDGE_LONG("create_errno", 0, 4095),
	JUDGE_LONGS("crash", 0, 255, 2),
	JUDGE_LONG("rc_fail", 0, MAX_ROUNDS),
	JUDGE_LONGS("arrived", 0, 64, MAX_ROUNDS),
	JUDGE_LONGS("returned", 0, 64, MAX_ROUNDS),
	JUDGE_LONGS("fewest", 0, 64, MAX_ROUNDS),
	JUDGE_LONGS("early_spurious", 0, 1, MAX_ROUNDS),
	JUDGE_LONG("stuck", 0, 1),
	JUDGE_LONG("hold_wall_us", 0, LONG_MAX),
	JUDGE_LONG("hold_cpu_us", 0, LONG_MAX),
	JUDGE_LONG("hold_locks", 0, LONG_MAX),
	JUDGE_LONG("hold_waiters", 0, 64),
	JUDGE_LONG("hold_pollers", 0, 64),
	JUDGE_LONG("hold_rewaits", 0, LONG_MAX),
	JUDGE_LONG("scheduled", 0, 1),
	JUDGE_LONG("destroy_rc", INT_MIN, INT_MAX),
	JUDGE_LONG("destroy_errno", 0, 4095),
	JUDGE_LONG("bad_null", 0, 1),
	JUDGE_LONG("bad_errno", 0, 4095),
};

/* ------------------------------------------------------------ plans */

static void
plan(struct judge *j, long n, long rounds)
{
	long late[MAX_ROUNDS];

	judge_input_long(j, "n", n);
	judge_input_long(j, "rounds", rounds);
	for (long k = 0; k < rounds; k++) {
		late[k] = (long)judge_random_below(j, (uint64_t)n - (k > 0));
		if (k > 0 && late[k] >= late[k - 1])
			late[k]++;      /* a different one from the round before */
	}
	judge_input_longs(j, "late", late, (size_t)rounds);
	/* early: a busy waiter seen there lets the test stop at once (under the scheduler a
	 * loop with no call costs the scheduler's budget in every round it waits) */
	judge_input_long(j, "hold_round", 1 + (long)judge_random_below(j,
	    (uint64_t)(rounds < 3 ? rounds : 3)));
	judge_input_long(j, "hold_ms", 200 + (long)judge_random_below(j, 200));
}

static void plan_two_processes(struct judge *j) { plan(j, 2, 4); }
static void plan_one_round(struct judge *j) { plan(j, 4, 1); }
static void plan_many_rounds(struct judge *j) { plan(j, 4, 25); }

static void
plan_sizes(struct judge *j)
{
	plan(j, 2 + (long)judge_random_below(j, 5), 15);
}

static void
plan_bad_size(struct judge *j)
{
	judge_input_long(j, "n", 0);
}

/* ------------------------------------------------------------ deciding */

static bool
created(struct judge *j, long n)
{
	long err = judge_long(j, "create_errno");

	if (judge_failed(j) || judge_long(j, "created"))
		return !judge_failed(j);
	if (err == ENOSYS_)
		judge_fail(j, "barrier_create: not written yet: see the TODO in barrier.c");
	else
		judge_fail(j, "barrier_create(%ld) returned NULL: %s", n, err != 0 ?
		    lab_strerror((int)err) : _("errno not set"));
	return false;
}

static bool
no_crash(struct judge *j)
{
	size_t n;
	const long *c = judge_longs(j, "crash", &n);
	long rc_fail = judge_long(j, "rc_fail");

	if (judge_failed(j))
		return false;
	if (n != 2)
		judge_fail(j, "the test reported %zu numbers for its crash record, not 2", n);
	else if (c[0] == 2)
		/* TRANSLATORS: a signal's number and its name */
		judge_fail(j, "a process was killed by signal %ld (%s) inside barrier_wait", c[1],
		    lab_strsignal((int)c[1]));
	else if (c[0] == 1)
		judge_fail(j, "a process ended with exit status %ld inside barrier_wait "
		    "(barrier_wait must return, not exit)", c[1]);
	else if (rc_fail > 0)
		judge_fail(j, "barrier_wait returned -1 in round %ld (see its message on stderr)",
		    rc_fail);
	return !judge_failed(j);
}

/* Round K (1-based): nobody back before all N arrived, and all N back. SPURIOUS: one that
 * came back early did so right after a spurious wakeup. */
static void
decide_round(struct judge *j, long k, long n, long arrived, long returned, long fewest,
    long late, long spurious)
{
	if (fewest > 0 && fewest < n) {
		if (spurious)
			/* TRANSLATORS: the round, the arrivals a process saw, n */
			judge_fail(j, "round %ld: a process got through barrier_wait when only %ld "
			    "of %ld processes had arrived, right after its pthread_cond_wait "
			    "returned without any broadcast (a spurious wakeup: POSIX allows them, "
			    "and the grader makes some): a wait that returns does not mean the "
			    "round is over, so wait in a loop that checks again: while (this "
			    "round is not over) pthread_cond_wait(...)", k, fewest, n);
		else if (k == 1)
			/* TRANSLATORS: the arrivals a process saw, n, the late process, n */
			judge_fail(j, "round 1: a process got through barrier_wait when only %ld "
			    "of %ld processes had arrived (process %ld came last): barrier_wait "
			    "must block until all %ld have called it", fewest, n, late, n);
		else if (k == 2)
			judge_fail(j, "round 2: a process got through barrier_wait when only %ld "
			    "of %ld processes had arrived, although round 1 worked: the barrier is "
			    "not reusable (after it opens, reset the count for the next round and "
			    "let the waiters tell the rounds apart, e.g. with a generation number)",
			    fewest, n);
		else
			/* TRANSLATORS: the round, the arrivals a process saw, n, the round
			 * before it */
			judge_fail(j, "round %ld: a process got through barrier_wait when only "
			    "%ld of %ld processes had arrived, although rounds 1 to %ld worked: "
			    "the barrier is not reusable (after it opens, reset the count for the "
			    "next round and let the waiters tell the rounds apart, e.g. with a "
			    "generation number)", k, fewest, n, k - 1);
	} else if (returned == 2 && n > 2 && arrived == n) {
		/* TRANSLATORS: the round, n, the seconds, the processes still waiting */
		judge_fail(j, "barrier_wait never returned: in round %ld all %ld processes "
		    "arrived, but only the last one and one waiting process came back; after %d s "
		    "the other %ld were still waiting. pthread_cond_signal (or one sem_post) wakes "
		    "at most one waiter: the last process must wake them all, with "
		    "pthread_cond_broadcast (or one sem_post per waiter)", k, n, STALL_S, n - 2);
	} else if (returned == 1 && arrived == n) {
		/* TRANSLATORS: the round, n, the seconds, the processes still waiting */
		judge_fail(j, lab_ngettext("barrier_wait never returned: in round %ld all %ld "
		    "processes arrived but after %d s %ld of them was still waiting: a wake-up "
		    "was lost (does the waiters' condition still hold after the last process "
		    "resets the count? wait on a generation number instead)", "barrier_wait "
		    "never returned: in round %ld all %ld processes arrived but after %d s %ld "
		    "of them were still waiting: a wake-up was lost (does the waiters' condition "
		    "still hold after the last process resets the count? wait on a generation "
		    "number instead)", (unsigned long)(n - returned)), k, n, STALL_S,
		    n - returned);
	} else if (returned < n && arrived == n) {
		/* TRANSLATORS: the round, n, the seconds, the processes still waiting */
		judge_fail(j, lab_ngettext("barrier_wait never returned: in round %ld all %ld "
		    "processes arrived, but after %d s %ld of them was still waiting: the last "
		    "process did not wake every waiter", "barrier_wait never returned: in round "
		    "%ld all %ld processes arrived, but after %d s %ld of them were still waiting: "
		    "the last process did not wake every waiter", (unsigned long)(n - returned)),
		    k, n, STALL_S, n - returned);
	} else if (returned < n) {
		/* TRANSLATORS: the round, the processes that arrived of n, the processes
		 * still waiting, the seconds */
		judge_fail(j, lab_ngettext("barrier_wait never returned: in round %ld, %ld of %ld "
		    "processes arrived and %ld was still waiting after %d s", "barrier_wait "
		    "never returned: in round %ld, %ld of %ld processes arrived and %ld were "
		    "still waiting after %d s", (unsigned long)(arrived - returned)), k, arrived,
		    n, arrived - returned, STALL_S);
	}
}

/* The long round: the waiting processes slept while the late one held back. One waiter
 * (WAITERS 1) has messages of its own: "the waiting process used ...". */
static void
not_busy(struct judge *j, long n)
{
	long wall = judge_long(j, "hold_wall_us"), cpu = judge_long(j, "hold_cpu_us");
	long calls = judge_long(j, "hold_locks"), waiters = judge_long(j, "hold_waiters");
	long pollers = judge_long(j, "hold_pollers");
	/* under the scheduler the hold is virtual: what the waiters did is seen instead */
	bool spun = judge_long(j, "scheduled") == 0 && cpu * 100 > wall * BUSY_PERCENT;
	bool locked = calls > BUSY_CALLS * (waiters > 0 ? waiters : 1);
	long rewaits = judge_long(j, "hold_rewaits");

	if (judge_failed(j) || n < 2)
		return;
	if (pollers > 0)
		/* TRANSLATORS: under the scheduler (no real time passes): how many waiting
		 * processes were seen polling or spinning while the last one held back */
		judge_fail(j, lab_ngettext("busy waiting: while the last process held back, %ld "
		    "waiting process was not waiting in pthread_cond_wait or sem_wait but "
		    "looping (a sleep, a yield or a trylock between two looks at the count, or a "
		    "loop with no call at all): a process that must wait sleeps in "
		    "pthread_cond_wait or sem_wait until the last one arrives", "busy waiting: "
		    "while the last process held back, %ld waiting processes were not waiting in "
		    "pthread_cond_wait or sem_wait but looping (a sleep, a yield or a trylock "
		    "between two looks at the count, or a loop with no call at all): a process "
		    "that must wait sleeps in pthread_cond_wait or sem_wait until the last one "
		    "arrives", (unsigned long)pollers), pollers);
	else if (spun && waiters == 1)
		/* TRANSLATORS: the time the last process held back, the CPU time used */
		judge_fail(j, "busy waiting: while the last process held back for %ld ms, the "
		    "waiting process used %ld ms of CPU time inside barrier_wait in that round: "
		    "a process that must wait sleeps (pthread_cond_wait or sem_wait), it does "
		    "not loop re-checking", wall / 1000, cpu / 1000);
	else if (spun)
		/* TRANSLATORS: the time the last process held back, the waiting processes
		 * (2 or more), the CPU time they used */
		judge_fail(j, "busy waiting: while the last process held back for %ld ms, the "
		    "%ld waiting processes used %ld ms of CPU time inside barrier_wait in that "
		    "round: a process that must wait sleeps (pthread_cond_wait or sem_wait), it "
		    "does not loop re-checking", wall / 1000, waiters, cpu / 1000);
	else if (rewaits > BUSY_REWAITS * (waiters > 0 ? waiters : 1))
		/* TRANSLATORS: the time the last process held back, the condition waits */
		judge_fail(j, "busy waiting: while the last process held back for %ld ms, the "
		    "waiting processes woke up and waited on the condition again %ld times: a "
		    "timed wait with a short timeout, in a loop, is polling: wait until the last "
		    "one broadcasts (pthread_cond_wait, or a timeout of a second or more)",
		    wall / 1000, rewaits);
	else if (locked && waiters == 1)
		/* TRANSLATORS: the time the last process held back, the locks it took */
		judge_fail(j, "busy waiting: while the last process held back for %ld ms, the "
		    "waiting process took a lock or a semaphore %ld times: a process that must "
		    "wait sleeps until the last one arrives (in pthread_cond_wait or sem_wait), "
		    "it does not take the lock again and again to re-check", wall / 1000, calls);
	else if (locked)
		/* TRANSLATORS: the time the last process held back, the waiting processes
		 * (2 or more), the locks they took */
		judge_fail(j, "busy waiting: while the last process held back for %ld ms, the "
		    "%ld waiting processes took a lock or a semaphore %ld times: a process that "
		    "must wait sleeps until the last one arrives (in pthread_cond_wait or "
		    "sem_wait), it does not take the lock again and again to re-check",
		    wall / 1000, waiters, calls);
}

static void
decide_rounds(struct judge *j)
{
	long n = judge_in_long(j, "n"), rounds = judge_in_long(j, "rounds"), rc;
	size_t na, nr, nf, ns, nl;
	const long *arrived, *returned, *fewest, *spurious;
	const long *late = judge_in_longs(j, "late", &nl);

	if (!created(j, n) || !no_crash(j))
		return;
	arrived = judge_longs(j, "arrived", &na);
	returned = judge_longs(j, "returned", &nr);
	fewest = judge_longs(j, "fewest", &nf);
	spurious = judge_longs(j, "early_spurious", &ns);
	if (judge_failed(j))
		return;
	if (na != (size_t)rounds || nr != na || nf != na || ns != na) {
		judge_fail(j, "the test reported %zu rounds of %ld", na, rounds);
		return;
	}
	if (judge_long(j, "hold_pollers") > 0) {
		not_busy(j, n);         /* the test stopped there: later rounds did not run */
		return;
	}
	for (long k = 0; k < rounds && !judge_failed(j); k++)
		decide_round(j, k + 1, n, arrived[k], returned[k], fewest[k], late[k],
		    spurious[k]);
	not_busy(j, n);
	if (!judge_failed(j) && judge_has(j, "destroy_rc") &&
	    (rc = judge_long(j, "destroy_rc")) != 0)
		judge_fail(j, "barrier_destroy returned %ld: %s", rc,
		    lab_strerror((int)judge_long(j, "destroy_errno")));
}

#define decide_two_processes decide_rounds
#define decide_one_round decide_rounds
#define decide_many_rounds decide_rounds
#define decide_sizes decide_rounds

static void
decide_bad_size(struct judge *j)
{
	long n = judge_in_long(j, "n"), err = judge_long(j, "bad_errno");

	if (judge_failed(j))
		return;
	if (!judge_long(j, "bad_null"))
		judge_fail(j, "barrier_create(%ld) returned a barrier: a barrier for %ld processes "
		    "makes no sense: return NULL with errno EINVAL", n, n);
	else if (err == ENOSYS_)
		judge_fail(j, "barrier_create: not written yet: see the TODO in barrier.c");
	else if (err != EINVAL_) {
		char e[64], a[64];

		snprintf(e, sizeof e, "%s", lab_strerror(EINVAL_));
		snprintf(a, sizeof a, "%s", lab_strerror((int)err));
		judge_fail_values(j, e, a, "errno after barrier_create(%ld): expected %s, got %s",
		    n, e, a);
	}
}

JUDGE_MAIN(reports, JUDGE_PLANNED(two_processes), JUDGE_PLANNED(one_round),
    JUDGE_PLANNED(many_rounds), JUDGE_PLANNED(sizes), JUDGE_PLANNED(bad_size))
