/* SPDX-License-Identifier: MIT */
/*
 * judge_shared_array.c: the judge of exercise 04 (shared array). It chooses the values,
 * the amounts and the order the processes start in from the seed, and decides from the
 * arrays test_shared_array.c reports, computing the expected arrays itself. Whether the
 * locks were taken is judged by what they are for: nothing changes while another process
 * holds every one of the array's locks, no update is lost, and lab_think() is called once
 * per element; how they were taken (pthread_mutex_lock, a trylock loop, one lock or one
 * per element) is the student's choice.
 */
#include "judge.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define ARRAY_MAX	32
#define MAXP		8
#define TRIALS		2

static const struct judge_report reports[] = {
	JUDGE_LONG("n", INT_MIN, INT_MAX),
	JUDGE_LONGS("items", INT_MIN, INT_MAX, ARRAY_MAX),
	JUDGE_LONG("destroy_rc", INT_MIN, INT_MAX),
	JUDGE_LONG("rc_zero", INT_MIN, INT_MAX),
	JUDGE_LONG("rc_too_many", INT_MIN, INT_MAX),
	JUDGE_LONGS("after_first", INT_MIN, INT_MAX, ARRAY_MAX),
	JUDGE_LONGS("after_second", INT_MIN, INT_MAX, ARRAY_MAX),
	JUDGE_LONGS("items_1", INT_MIN, INT_MAX, ARRAY_MAX),
	JUDGE_LONGS("items_2", INT_MIN, INT_MAX, ARRAY_MAX),
	JUDGE_LONGS("thinks", 0, LONG_MAX, TRIALS),
	JUDGE_LONG("probe_changed", -1, ARRAY_MAX - 1),
	JUDGE_LONG("probe_locks", 0, LONG_MAX),
	JUDGE_LONG("probe_released", 0, ARRAY_MAX),
};

/* N random values from -1000 to 1000 as the input "values". */
static void
plan_values(struct judge *j, size_t n)
{
	long v[ARRAY_MAX];

	for (size_t i = 0; i < n; i++)
		v[i] = (long)judge_random_below(j, 2001) - 1000;
	judge_input_longs(j, "values", v, n);
}

static void
plan_init(struct judge *j)
{
	plan_values(j, 1 + (size_t)judge_random_below(j, ARRAY_MAX));
}

static void
decide_init(struct judge *j)
{
	size_t n, ni;
	const long *values = judge_in_longs(j, "values", &n);
	const long *items = judge_longs(j, "items", &ni);
	long rc;

	if (!judge_expect_long(j, "n after array_init", (long)n, judge_long(j, "n")))
		return;
	for (size_t i = 0; i < n && i < ni && !judge_failed(j); i++)
		if (items[i] != values[i])
			judge_fail(j, "array_init: items[%zu] should be %ld, it is %ld", i,
			    values[i], items[i]);
	if (!judge_failed(j) && (rc = judge_long(j, "destroy_rc")) != 0)
		judge_fail(j, "array_destroy returned %ld (%s), expected 0", rc,
		    lab_strerror((int)rc));
	if (!judge_failed(j) && (rc = judge_long(j, "rc_zero")) != EINVAL)
		judge_fail(j, "array_init with n = 0 returned %ld, expected EINVAL (%d)", rc,
		    EINVAL);
	if (!judge_failed(j) && (rc = judge_long(j, "rc_too_many")) != EINVAL)
		judge_fail(j, "array_init with n = %d returned %ld, expected EINVAL (%d)",
		    ARRAY_MAX + 1, rc, EINVAL);
}

/* Fails with both arrays when ITEMS (report NAME) is not VALUES + ADD: AFTER (a msgid)
 * names the one call made, or PROCS (AFTER NULL) processes called array_add at once. */
static void
expect_array(struct judge *j, const char *name, const long *values, size_t n, long add,
    const char *after, size_t procs)
{
	size_t ng, el = 0, gl = 0, bad = SIZE_MAX;
	const long *got = judge_longs(j, name, &ng);
	char e[16 * ARRAY_MAX], g[16 * ARRAY_MAX];

	if (judge_failed(j))
		return;
	if (ng != n) {
		judge_fail(j, "the test reported %zu elements of %zu", ng, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		el += (size_t)snprintf(e + el, sizeof e - el, "%s%ld", i ? " " : "",
		    values[i] + add);
		gl += (size_t)snprintf(g + gl, sizeof g - gl, "%s%ld", i ? " " : "", got[i]);
		if (bad == SIZE_MAX && got[i] != values[i] + add)
			bad = i;
	}
	if (bad != SIZE_MAX && after != NULL)
		/* TRANSLATORS: %s is "one array_add" or "a second array_add" (translated too) */
		judge_fail_values(j, e, g, "after %s: items[%zu] should be %ld, it is %ld: read "
		    "each element, call lab_think(), then write it back plus the amount",
		    _(after), bad, values[bad] + add, got[bad]);
	else if (bad != SIZE_MAX)
		judge_fail_values(j, e, g, "lost update after %zu processes called array_add at "
		    "once: items[%zu] should be %ld, it is %ld: two processes read the same "
		    "element and one overwrote the other's update; hold the element's lock from "
		    "before reading it until after writing it", procs, bad, values[bad] + add,
		    got[bad]);
}

/* K calls of array_add on N elements called lab_think() THINKS times. */
static void
expect_thinks(struct judge *j, long thinks, size_t n, long calls)
{
	if (judge_failed(j) || thinks == (long)n * calls)
		return;
	if (calls == 1)
		judge_fail(j, lab_ngettext("array_add called lab_think() %ld time for %zu "
		    "elements: call it once per element, between reading and writing it",
		    "array_add called lab_think() %ld times for %zu elements: call it once per "
		    "element, between reading and writing it", (unsigned long)thinks), thinks, n);
	else
		judge_fail(j, lab_ngettext("%ld calls of array_add on %zu elements called "
		    "lab_think() %ld time: call it once per element, between reading and writing "
		    "it", "%ld calls of array_add on %zu elements called lab_think() %ld times: "
		    "call it once per element, between reading and writing it",
		    (unsigned long)thinks), calls, n, thinks);
}

static void
plan_one_process(struct judge *j)
{
	plan_values(j, 1 + (size_t)judge_random_below(j, 12));
	judge_input_long(j, "first", 1 + (long)judge_random_below(j, 100));
	judge_input_long(j, "second", -1 - (long)judge_random_below(j, 100));
}

static void
decide_one_process(struct judge *j)
{
	size_t n, nt;
	const long *values = judge_in_longs(j, "values", &n);
	const long *thinks = judge_longs(j, "thinks", &nt);
	long x = judge_in_long(j, "first"), y = judge_in_long(j, "second");

	if (!judge_failed(j) && nt != 2)
		judge_fail(j, "the test reported %zu calls of 2", nt);
	if (judge_failed(j))
		return;
	expect_thinks(j, thinks[0], n, 1);
	expect_array(j, "after_first", values, n, x, N_("one array_add"), 0);
	expect_thinks(j, thinks[1], n, 1);
	expect_array(j, "after_second", values, n, x + y, N_("a second array_add"), 0);
}

/* Trial K's amounts, one process each, in the order they start. */
static void
plan_amounts(struct judge *j, int k, long *amounts, size_t p)
{
	char name[32];

	for (size_t i = p - 1; i > 0; i--) {
		size_t r = (size_t)judge_random_below(j, i + 1);
		long t = amounts[i];

		amounts[i] = amounts[r];
		amounts[r] = t;
	}
	snprintf(name, sizeof name, "amounts_%d", k);
	judge_input_longs(j, name, amounts, p);
}

/* The notebook: [0..9], +10 and -5, twice, the one that adds or subtracts first. */
static void
plan_notebook(struct judge *j)
{
	long values[10];

	for (int i = 0; i < 10; i++)
		values[i] = i;
	judge_input_longs(j, "values", values, 10);
	judge_input_long(j, "trials", 2);
	for (int k = 1; k <= 2; k++)
		plan_amounts(j, k, (long[]){ 10, -5 }, 2);
}

static void
plan_many_processes(struct judge *j)
{
	long amounts[MAXP];
	size_t p = 3 + (size_t)judge_random_below(j, 3);

	plan_values(j, 5 + (size_t)judge_random_below(j, 12));
	judge_input_long(j, "trials", 1);
	for (size_t i = 0; i < p; i++)
		amounts[i] = (1 + (long)judge_random_below(j, 100)) *
		    (judge_random_below(j, 2) ? 1 : -1);
	plan_amounts(j, 1, amounts, p);
}

/* In trial 1, nothing may change while the harness holds every one of the array's locks. */
static void
expect_waited(struct judge *j)
{
	long changed = judge_long(j, "probe_changed"), locks = judge_long(j, "probe_locks");
	long released = judge_long(j, "probe_released");

	if (judge_failed(j) || changed < 0)
		return;
	if (released > 0)
		judge_fail(j, lab_ngettext("array_add changed items[%ld] while another process "
		    "held every one of the array's locks, and unlocked %ld of them, which it had "
		    "not taken: a pthread_mutex_trylock that fails with EBUSY has not taken the "
		    "lock (check what it returns), and only the process that locked a mutex may "
		    "unlock it", "array_add changed items[%ld] while another process held every "
		    "one of the array's locks, and unlocked %ld of them, which it had not taken: "
		    "a pthread_mutex_trylock that fails with EBUSY has not taken the lock (check "
		    "what it returns), and only the process that locked a mutex may unlock it",
		    (unsigned long)released), changed, released);
	else if (locks > 0)
		judge_fail(j, lab_ngettext("array_add changed items[%ld] while another process "
		    "held every one of the array's locks (a->locks), although pthread_mutex_lock "
		    "returned %ld time meanwhile: the mutex it locks is not one of the array's (a "
		    "mutex declared elsewhere, e.g. a global variable, is copied by fork() into "
		    "every process, so each process locks its own copy): lock a->locks[i], or "
		    "a->locks[0] for the whole array", "array_add changed items[%ld] while another "
		    "process held every one of the array's locks (a->locks), although "
		    "pthread_mutex_lock returned %ld times meanwhile: the mutex it locks is not "
		    "one of the array's (a mutex declared elsewhere, e.g. a global variable, is "
		    "copied by fork() into every process, so each process locks its own copy): "
		    "lock a->locks[i], or a->locks[0] for the whole array", (unsigned long)locks),
		    changed, locks);
	else
		judge_fail(j, "array_add changed items[%ld] while another process held every one "
		    "of the array's locks (a->locks), without waiting for any of them: take the "
		    "element's lock with pthread_mutex_lock before reading it (a "
		    "pthread_mutex_trylock that fails with EBUSY has not taken it)", changed);
}

static void
decide_trials(struct judge *j)
{
	size_t n, p, nt;
	const long *values = judge_in_longs(j, "values", &n);
	long trials = judge_in_long(j, "trials");
	const long *thinks = judge_longs(j, "thinks", &nt);

	if (!judge_failed(j) && nt != (size_t)trials)
		judge_fail(j, "the test reported %zu trials of %ld", nt, trials);
	expect_waited(j);
	for (int k = 1; k <= trials && !judge_failed(j); k++) {
		char name[32];
		const long *amounts;
		long sum = 0;

		snprintf(name, sizeof name, "amounts_%d", k);
		amounts = judge_in_longs(j, name, &p);
		for (size_t i = 0; i < p; i++)
			sum += amounts[i];
		snprintf(name, sizeof name, "items_%d", k);
		expect_array(j, name, values, n, sum, NULL, p);
		expect_thinks(j, thinks[k - 1], n, (long)p);
	}
}

#define decide_notebook decide_trials
#define decide_many_processes decide_trials

JUDGE_MAIN(reports, JUDGE_PLANNED(init), JUDGE_PLANNED(one_process), JUDGE_PLANNED(notebook),
    JUDGE_PLANNED(many_processes))
