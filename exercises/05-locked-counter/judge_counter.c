/* SPDX-License-Identifier: MIT */
/*
 * judge_counter.c: the judge of exercise 05 (locked counter). It chooses the initial
 * values and the deltas of every test from the seed, and decides from what
 * test_counter.c reports, computing every expected value itself. Whether counter_add
 * takes the lock is judged by behaviour: with the lock held by another process, it must
 * wait, and the adds that waited must all count once the lock is released; counter_read
 * must wait as well. Under contention the total must be exact, and the values counter_add
 * returned must fit one order of the adds (each the value its own add made). How the
 * lock is taken (pthread_mutex_lock, a trylock loop, a semaphore) is the student's
 * choice; the wrappers' counts of lock calls only explain a lost update.
 */
#include "judge.h"

#include <stdio.h>

#define PROCS		8
#define PATTERN_LEN	10
#define ADDERS		3
#define ADD_MS		300     /* contention: how long the processes add ... */
#define ADDS_MAX	20000   /* ... and how many returned values each the test keeps */
#define BALANCE_MAX	8

static const struct judge_report reports[] = {
	JUDGE_LONGS("reads", LONG_MIN, LONG_MAX, 2),
	JUDGE_LONGS("added", LONG_MIN, LONG_MAX, 2),
	JUDGE_LONG("parent_reads", LONG_MIN, LONG_MAX),
	JUDGE_LONGS("went_ahead", 0, ADDERS, 3),
	JUDGE_LONGS("went_on", 0, ADDERS, 3),
	JUDGE_LONG("read", LONG_MIN, LONG_MAX),
	JUDGE_LONG("value", LONG_MIN, LONG_MAX),
	JUDGE_LONG("b_add_returned", 0, 1),
	JUDGE_LONG("a_value", LONG_MIN, LONG_MAX),
	JUDGE_LONG("b_value", LONG_MIN, LONG_MAX),
	JUDGE_LONGS("adds", 0, LONG_MAX / 64, PROCS),
	JUDGE_LONG("recorded", 0, 1),
	JUDGE_LONGS("balance", LONG_MIN, LONG_MAX, 2 * BALANCE_MAX),
	JUDGE_LONG("unbalanced", 0, LONG_MAX),
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

/* Whether V is INITIAL plus some of the ADDERS deltas: a value the counter had. */
static bool
had_value(long initial, const long *deltas, long v)
{
	for (unsigned set = 0; set < 1u << ADDERS; set++) {
		long sum = initial;

		for (int i = 0; i < ADDERS; i++)
			if (set & 1u << i)
				sum += deltas[i];
		if (sum == v)
			return true;
	}
	return false;
}

static void
decide_lock_is_shared(struct judge *j)
{
	size_t na, no, nd;
	const long *ahead = judge_longs(j, "went_ahead", &na), *on = judge_longs(j, "went_on", &no);
	const long *deltas = judge_in_longs(j, "deltas", &nd);
	long value = judge_long(j, "value"), read = judge_long(j, "read");
	long initial = judge_in_long(j, "initial");

	if (judge_failed(j))
		return;
	if (na != 3 || no != 3)
		judge_fail(j, "the test reported %zu and %zu counts of 3", na, no);
	else if (ahead[1] > 0)
		judge_fail(j, "a child's counter_lock went ahead while the parent held the lock: "
		    "it returned without waiting for the parent's counter_unlock. Either the lock "
		    "is not shared between the processes (in private memory, e.g. a global or "
		    "malloc'd mutex, or not PTHREAD_PROCESS_SHARED), or it does not keep a second "
		    "process out (a trylock or timedlock whose failure is not handled by trying "
		    "again, a semaphore that starts above 1)");
	else if (ahead[0] > 0)
		judge_fail(j, "counter_add went ahead while another process held the counter's "
		    "lock (%ld of %d children's counter_add returned; a child's counter_lock "
		    "did wait): counter_add must take the lock too, or it adds without the lock "
		    "and updates get lost", ahead[0], ADDERS);
	else if (ahead[2] > 0)
		judge_fail(j, "counter_read went ahead while another process held the counter's "
		    "lock: it returned %ld at once instead of waiting (a child's counter_lock "
		    "did wait): counter_read must take the lock too, and read the value while "
		    "holding it", read);
	else if (on[0] + on[1] + on[2] < ADDERS + 2)
		judge_fail(j, "%ld of the %d children waiting in counter_add, counter_lock or "
		    "counter_read stayed blocked after the parent released the lock (is the "
		    "lock process-shared: a mutex with PTHREAD_PROCESS_SHARED, or sem_init's "
		    "pshared 1? does counter_unlock release it?)",
		    ADDERS + 2 - on[0] - on[1] - on[2], ADDERS + 2);
	else if (!had_value(initial, deltas, read))
		/* TRANSLATORS: %ld: the value read; %ld the initial value; the three deltas */
		judge_fail(j, "counter_read returned %ld once the lock was released, a value the "
		    "counter never had (it started at %ld and three processes added %ld, %ld "
		    "and %ld): counter_read must return the value it read while holding the "
		    "lock", read, initial, deltas[0], deltas[1], deltas[2]);
	else
		expect_every_add(j, initial, deltas, value);
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
	if (d != 0 && judge_long(j, "b_value") == b) {
		judge_fail(j, "a child added %ld to counter b, but the parent still reads %ld, "
		    "its initial value: the counter is not in shared memory (use mmap with "
		    "MAP_SHARED in counter_create, not malloc or a global)", d, b);
		return;
	}
	snprintf(what, sizeof what, _("counter b after adding %ld"), d);
	judge_expect_long(j, what, b + d, judge_long(j, "b_value"));
}

/* Mostly +1 and -1, now and then +k: the notebook's soma and subtracao. */
static void
plan_contention(struct judge *j)
{
	judge_input_long(j, "initial", (long)judge_random_below(j, 1000));
	judge_input_long(j, "add_ms", ADD_MS);
	judge_input_long(j, "adds_max", ADDS_MAX);
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

/*
 * The values counter_add returned fit one order of the adds when every value is left (by
 * an add that returned it plus its delta) as often as it is arrived at (returned), but
 * the initial value, left once more, and the final one, arrived at once more: the report
 * lists the values where that does not hold, with their balance (left minus arrived).
 */
static void
expect_balanced(struct judge *j, long initial, long final, long total)
{
	size_t nb;
	const long *b;
	long unbalanced;
	bool fits;

	if (judge_long(j, "recorded") == 0)
		return;         /* more adds than the test kept: no delays injected */
	b = judge_longs(j, "balance", &nb);
	unbalanced = judge_long(j, "unbalanced");
	fits = initial == final ? unbalanced == 0 :
	    unbalanced == 2 && nb == 4 && ((b[0] == initial && b[1] == 1 && b[2] == final &&
	    b[3] == -1) || (b[0] == final && b[1] == -1 && b[2] == initial && b[3] == 1));
	if (judge_failed(j) || fits)
		return;
	judge_fail(j, "counter_add returned values that its own adds did not make: the total "
	    "is right (%ld), but the values the %d processes' %ld counter_add calls returned "
	    "do not fit any order of the adds (each should be the value right after its own "
	    "add): counter_add must read the new value while it still holds the lock, before "
	    "counter_unlock, since another process may add as soon as the lock is released",
	    final, PROCS, total);
}

static void
decide_contention(struct judge *j)
{
	size_t np;
	const long *adds = judge_longs(j, "adds", &np);
	long got = judge_long(j, "value"), expected = judge_in_long(j, "initial");
	long locks, total = 0;
	struct lab_counts c = judge_counts(j, "counts");
	char e[32], a[32];

	if (judge_failed(j))
		return;
	if (np != PROCS) {
		judge_fail(j, "the test reported the adds of %zu processes of %d", np, PROCS);
		return;
	}
	for (int p = 1; p <= PROCS; p++) {
		char name[32];
		size_t n;
		const long *pattern;
		long cycle = 0, rest = 0;

		snprintf(name, sizeof name, "pattern_%d", p);
		pattern = judge_in_longs(j, name, &n);
		for (long i = 0; i < (long)n; i++) {
			cycle += pattern[i];
			rest += i < adds[p - 1] % (long)n ? pattern[i] : 0;
		}
		expected += adds[p - 1] / (long)n * cycle + rest;
		total += adds[p - 1];
	}
	if (got == expected) {
		expect_balanced(j, judge_in_long(j, "initial"), got, total);
		return;
	}
	locks = c.mutex_locks + c.sem_waits;
	snprintf(e, sizeof e, "%ld", expected);
	snprintf(a, sizeof a, "%ld", got);
	if (got == judge_in_long(j, "initial") && total > 0)
		/* not one add reached the parent: no lost update, no shared counter */
		judge_fail_values(j, e, a, "after %d processes made %ld adds at once the counter "
		    "the parent reads is still %ld, its initial value, not %ld: none of the "
		    "children's adds reached it, so each child added to a copy of its own. The "
		    "counter is not in shared memory (use mmap with MAP_SHARED in counter_create, "
		    "not malloc or a global)", PROCS, total, got, expected);
	else if (locks < total)
		judge_fail_values(j, e, a, "after %d processes made %ld adds at once the counter "
		    "is %ld, not %ld: lost updates (one process read the value while another was "
		    "between its read and its write: read, add and write must all happen while "
		    "holding the lock) (the lock was taken %ld times in all for the %ld adds: "
		    "does every counter_add take the lock?)", PROCS, total, got, expected, locks,
		    total);
	else
		judge_fail_values(j, e, a, "after %d processes made %ld adds at once the counter "
		    "is %ld, not %ld: lost updates (one process read the value while another was "
		    "between its read and its write: read, add and write must all happen while "
		    "holding the lock)", PROCS, total, got, expected);
}

JUDGE_MAIN(reports, JUDGE_PLANNED(basic), JUDGE_PLANNED(child_sees),
    JUDGE_PLANNED(lock_is_shared), JUDGE_PLANNED(own_lock), JUDGE_PLANNED(contention))
