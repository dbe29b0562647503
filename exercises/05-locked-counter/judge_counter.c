/* SPDX-License-Identifier: MIT */
/*
 * judge_counter.c: the judge of exercise 05 (locked counter). It chooses the initial
 * values and the deltas of every test from the seed, and decides from what
 * test_counter.c reports, computing every expected value itself. Whether counter_add
 * takes the lock is judged by behaviour: with the lock held by another process, it must
 * wait, and the adds that waited must all count once the lock is released. How the lock
 * is taken (pthread_mutex_lock, a trylock loop, a semaphore) is the student's choice;
 * the wrappers' counts of lock calls only explain a lost update.
 */
#include "judge.h"

#include <stdio.h>

#define PROCS		8
#define PATTERN_LEN	10
#define ADDERS		3

static const struct judge_report reports[] = {
	JUDGE_LONGS("reads", LONG_MIN, LONG_MAX, 2),
	JUDGE_LONGS("added", LONG_MIN, LONG_MAX, 2),
	JUDGE_LONG("parent_reads", LONG_MIN, LONG_MAX),
	JUDGE_LONGS("went_ahead", 0, ADDERS, 2),
	JUDGE_LONGS("went_on", 0, ADDERS, 2),
	JUDGE_LONG("value", LONG_MIN, LONG_MAX),
	JUDGE_LONG("b_add_returned", 0, 1),
	JUDGE_LONG("a_value", LONG_MIN, LONG_MAX),
	JUDGE_LONG("b_value", LONG_MIN, LONG_MAX),
	JUDGE_LONG("adds_each", 0, LONG_MAX),
	JUDGE_COUNTS("counts"),
};

static void
plan_basic(struct judge *j)
{
	judge_input_long(j, "initial", 40 + (long)judge_random_below(j, 100));
	judge_input_long(j, "first", 1 + (long)judge_random_below(j, 20));
	judge_input_long(j, "second", -1 - (long)judge_random_below(j, 100));
}

static void
decide_basic(struct judge *j)
{
	long v = judge_in_long(j, "initial"), first = judge_in_long(j, "first");
	long second = judge_in_long(j, "second");
	size_t nr, na;
	const long *reads = judge_longs(j, "reads", &nr), *added = judge_longs(j, "added", &na);
	char what[64];

	if (judge_failed(j))
		return;
	if (nr != 2 || na != 2) {
		judge_fail(j, "the test reported %zu reads and %zu adds of 2", nr, na);
		return;
	}
	if (!judge_expect_long(j, "counter_read of a new counter", v, reads[0]))
		return;
	snprintf(what, sizeof what, _("counter_add(c, %ld) (the new value)"), first);
	if (!judge_expect_long(j, what, v + first, added[0]))
		return;
	snprintf(what, sizeof what, _("counter_add(c, %ld) (the new value)"), second);
	if (!judge_expect_long(j, what, v + first + second, added[1]))
		return;
	judge_expect_long(j, "counter_read after lock and unlock", v + first + second, reads[1]);
}

static void
plan_child_sees(struct judge *j)
{
	judge_input_long(j, "initial", (long)judge_random_below(j, 1000));
	judge_input_long(j, "times", 3 + (long)judge_random_below(j, 20));
}

static void
decide_child_sees(struct judge *j)
{
	long initial = judge_in_long(j, "initial"), k = judge_in_long(j, "times");
	long got = judge_long(j, "parent_reads");
	char e[32], a[32];

	if (judge_failed(j))
		return;
	snprintf(e, sizeof e, "%ld", initial + k);
	snprintf(a, sizeof a, "%ld", got);
	if (got == initial && k > 0)
		judge_fail_values(j, e, a, "a child added 1 %ld times but the parent still reads "
		    "%ld: the counter is not in shared memory (use mmap with MAP_SHARED, not "
		    "malloc or a global)", k, initial);
	else
		judge_expect_long(j, "value the parent reads after a child added 1 that many "
		    "times", initial + k, got);
}

static void
plan_lock_is_shared(struct judge *j)
{
	long deltas[ADDERS];

	judge_input_long(j, "initial", (long)judge_random_below(j, 100));
	for (int i = 0; i < ADDERS; i++)
		deltas[i] = 1 + (long)judge_random_below(j, 50);
	judge_input_longs(j, "deltas", deltas, ADDERS);
}

/* After the lock was released, the counter holds VALUE: which adds are missing. */
static void
expect_every_add(struct judge *j, long initial, const long *deltas, long value)
{
	long expected = initial;
	char e[32], a[32];

	for (int i = 0; i < ADDERS; i++)
		expected += deltas[i];
	if (value == expected)
		return;
	snprintf(e, sizeof e, "%ld", expected);
	snprintf(a, sizeof a, "%ld", value);
	for (int i = 0; i < ADDERS; i++)
		if (value == initial + deltas[i]) {
			judge_fail_values(j, e, a, "lost updates: %d processes called counter_add "
			    "while the parent held the lock; once it was released the counter was "
			    "%ld, not %ld: only one add counted, as if each had read the value "
			    "(%ld) before it had the lock: read, add and write must all happen "
			    "while holding the lock", ADDERS, value, expected, initial);
			return;
		}
	judge_fail_values(j, e, a, "lost updates: %d processes called counter_add (adding %ld, "
	    "%ld, %ld) while the parent held the lock; once it was released the counter was "
	    "%ld, not %ld: read, add and write must all happen while holding the lock",
	    ADDERS, deltas[0], deltas[1], deltas[2], value, expected);
}

static void
decide_lock_is_shared(struct judge *j)
{
	size_t na, no, nd;
	const long *ahead = judge_longs(j, "went_ahead", &na), *on = judge_longs(j, "went_on", &no);
	const long *deltas = judge_in_longs(j, "deltas", &nd);
	long value = judge_long(j, "value");

	if (judge_failed(j))
		return;
	if (na != 2 || no != 2)
		judge_fail(j, "the test reported %zu and %zu counts of 2", na, no);
	else if (ahead[1] > 0)
		judge_fail(j, "a child's counter_lock went ahead while the parent held the lock: "
		    "the lock is not shared between the processes (is it in private memory, "
		    "e.g. a global or malloc'd mutex, or not PTHREAD_PROCESS_SHARED?)");
	else if (ahead[0] > 0)
		judge_fail(j, "counter_add went ahead while another process held the counter's "
		    "lock (%ld of %d children's counter_add returned; a child's counter_lock "
		    "did wait): counter_add must take the lock too, or it adds without the lock "
		    "and updates get lost", ahead[0], ADDERS);
	else if (on[0] + on[1] < ADDERS + 1)
		judge_fail(j, "%ld of the %d children waiting in counter_add or counter_lock "
		    "stayed blocked after the parent released the lock (is the lock "
		    "process-shared: a mutex with PTHREAD_PROCESS_SHARED, or sem_init's "
		    "pshared 1? does counter_unlock release it?)",
		    ADDERS + 1 - on[0] - on[1], ADDERS + 1);
	else
		expect_every_add(j, judge_in_long(j, "initial"), deltas, value);
}

static void
plan_own_lock(struct judge *j)
{
	judge_input_long(j, "initial_a", (long)judge_random_below(j, 100));
	judge_input_long(j, "initial_b", 100 + (long)judge_random_below(j, 100));
	judge_input_long(j, "delta", 1 + (long)judge_random_below(j, 20));
}

static void
decide_own_lock(struct judge *j)
{
	long b = judge_in_long(j, "initial_b"), d = judge_in_long(j, "delta");
	char what[64];

	if (judge_failed(j))
		return;
	if (judge_long(j, "b_add_returned") == 0) {
		judge_fail(j, "counter_add on counter b waited while counter a was locked: each "
		    "counter needs its own lock, not one lock for all counters");
		return;
	}
	if (!judge_expect_long(j, "counter a (nobody added to it)", judge_in_long(j, "initial_a"),
	    judge_long(j, "a_value")))
		return;
	snprintf(what, sizeof what, _("counter b after adding %ld"), d);
	judge_expect_long(j, what, b + d, judge_long(j, "b_value"));
}

/* Mostly +1 and -1, now and then +k: the notebook's soma and subtracao. */
static void
plan_contention(struct judge *j)
{
	judge_input_long(j, "initial", (long)judge_random_below(j, 1000));
	judge_input_long(j, "adds", 2000);
	judge_input_long(j, "adds_delayed", 150);
	for (int p = 1; p <= PROCS; p++) {
		long pattern[PATTERN_LEN];
		char name[32];

		for (int i = 0; i < PATTERN_LEN; i++) {
			uint64_t r = judge_random(j);

			pattern[i] = r % 10 == 0 ? 2 + (long)(r / 10 % 50) : (r / 10) % 2 ? 1 : -1;
		}
		snprintf(name, sizeof name, "pattern_%d", p);
		judge_input_longs(j, name, pattern, PATTERN_LEN);
	}
}

static void
decide_contention(struct judge *j)
{
	long adds = judge_long(j, "adds_each"), got = judge_long(j, "value");
	long expected = judge_in_long(j, "initial"), locks;
	struct lab_counts c = judge_counts(j, "counts");
	char e[32], a[32];

	if (judge_failed(j))
		return;
	if (adds != judge_in_long(j, "adds") && adds != judge_in_long(j, "adds_delayed")) {
		judge_fail(j, "the test reported %ld adds per process, not one of its inputs",
		    adds);
		return;
	}
	for (int p = 1; p <= PROCS; p++) {
		char name[32];
		size_t n;
		const long *pattern;

		snprintf(name, sizeof name, "pattern_%d", p);
		pattern = judge_in_longs(j, name, &n);
		for (long i = 0; i < adds; i++)
			expected += pattern[i % (long)n];
	}
	if (got == expected)
		return;
	locks = c.mutex_locks + c.sem_waits;
	snprintf(e, sizeof e, "%ld", expected);
	snprintf(a, sizeof a, "%ld", got);
	if (locks < PROCS * adds)
		judge_fail_values(j, e, a, "after %d processes made %ld adds each the counter is "
		    "%ld, not %ld: lost updates (one process read the value while another was "
		    "between its read and its write: read, add and write must all happen while "
		    "holding the lock) (the lock was taken %ld times in all for the %ld adds: "
		    "does every counter_add take the lock?)", PROCS, adds, got, expected, locks,
		    PROCS * adds);
	else
		judge_fail_values(j, e, a, "after %d processes made %ld adds each the counter is "
		    "%ld, not %ld: lost updates (one process read the value while another was "
		    "between its read and its write: read, add and write must all happen while "
		    "holding the lock)", PROCS, adds, got, expected);
}

JUDGE_MAIN(reports, JUDGE_PLANNED(basic), JUDGE_PLANNED(child_sees),
    JUDGE_PLANNED(lock_is_shared), JUDGE_PLANNED(own_lock), JUDGE_PLANNED(contention))
