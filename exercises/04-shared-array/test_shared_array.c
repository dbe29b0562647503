/* SPDX-License-Identifier: MIT */
/*
 * test_shared_array.c: the driving side of exercise 04 (shared array). Do not change this
 * file.
 *
 * The judge (judge_shared_array.c) chooses the values and amounts and decides; this file
 * calls the student's functions with them and reports the arrays it saw and how many
 * times lab_think() was called. The race tests start the processes themselves (one per
 * amount, in the judge's order), hold them at a start line and release them together:
 * without locks they all read element 0 at the same moment and go on in step, so updates
 * are lost on every run. In the first trial the harness holds every one of the array's
 * locks itself for a while after the release: an array_add that changes an element then
 * did not wait for the array's locks (none, a trylock it ignores, or a mutex of its own).
 * It fails a test itself only for what it alone can see: a lock that is not
 * process-shared, or one still held when array_add returns.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "labtest.h"
#include "shared_array.h"

#define MAXP 8
#define TRIALS 2
#define PROBE_MS 150            /* how long the harness holds every lock in trial 1 */

struct race {
	struct shared_array array;      /* what the student's code works on */
	int	go, ready;              /* the start line */
	int	amount[MAXP];
};
static struct race *race;

/* glibc keeps PTHREAD_PROCESS_SHARED as bit 128 of the mutex's kind. */
static int
mutex_is_shared(const pthread_mutex_t *m)
{
	return (m->__data.__kind & 128) != 0;
}

/* array_init, failing when it fails or a lock is not process-shared; CHECK_VALUES: also
 * when n or the items are not what was given (the race tests start from them). */
static void
init_array(struct shared_array *a, const int *values, int n, bool check_values)
{
	int err = array_init(a, values, n);

	if (err == ENOSYS)
		lab_fail("array_init: not written yet: see TODO in shared_array.c");
	if (err != 0)
		lab_fail("array_init returned %d (%s) for %d elements, expected 0", err,
		    lab_strerror(err), n);
	if (check_values)
		lab_expect_long("n after array_init", n, a->n);
	for (int i = 0; i < n; i++) {
		if (check_values && a->items[i] != values[i])
			lab_fail("array_init: items[%d] should be %d, it is %d", i, values[i],
			    a->items[i]);
		if (!mutex_is_shared(&a->locks[i]))
			lab_fail("array_init: locks[%d] is not process-shared, so it cannot work "
			    "between processes: initialise every lock with an attribute set by "
			    "pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)", i);
	}
}

/* The judge's input NAME: at most MAX whole numbers that fit an int. */
static int
input_ints(const char *name, int *out, int max)
{
	long v[ARRAY_MAX];
	int n = (int)lab_input_longs(name, v, (size_t)max);

	for (int i = 0; i < n; i++) {
		if (v[i] < -1000000 || v[i] > 1000000)
			lab_fail("harness: input %s: %ld is out of range", name, v[i]);
		out[i] = (int)v[i];
	}
	return n;
}

static void
report_items(const char *name, const struct shared_array *a, int n)
{
	long v[ARRAY_MAX];

	for (int i = 0; i < n; i++)
		v[i] = a->items[i];
	lab_report_longs(name, v, (size_t)n);
}

static void
test_init(void)
{
	struct shared_array *a = lab_shared(sizeof *a);
	int values[ARRAY_MAX], n = input_ints("values", values, ARRAY_MAX);

	init_array(a, values, n, false);
	lab_report_long("n", a->n);
	report_items("items", a, n);
	lab_report_long("destroy_rc", array_destroy(a));
	lab_report_long("rc_zero", array_init(a, values, 0));
	lab_report_long("rc_too_many", array_init(a, values, ARRAY_MAX + 1));
}

/* glibc notes the thread holding a mutex in __owner. */
static void
expect_unlocked(const struct shared_array *a)
{
	pid_t me = gettid();

	for (int k = 0; k < a->n && k < ARRAY_MAX; k++)
		if (a->locks[k].__data.__owner == me)
			lab_fail("array_add returned still holding locks[%d]: every other process "
			    "would wait forever for it (unlock each lock you take)", k);
}

/* Two calls of array_add in this process: the array and the lab_think() calls after each. */
static void
test_one_process(void)
{
	struct shared_array *a = lab_shared(sizeof *a);
	int values[ARRAY_MAX], n = input_ints("values", values, ARRAY_MAX);
	long thinks[2];

	init_array(a, values, n, true);
	lab_set_think_us(200);
	lab_counts_reset();
	array_add(a, (int)lab_input_long("first"));
	expect_unlocked(a);
	thinks[0] = lab_counts().thinks;
	report_items("after_first", a, n);
	lab_counts_reset();
	array_add(a, (int)lab_input_long("second"));
	expect_unlocked(a);
	thinks[1] = lab_counts().thinks;
	report_items("after_second", a, n);
	lab_report_longs("thinks", thinks, 2);
	array_destroy(a);
}

/* One adder: wait at the start line, then add its amount to every element. */
static void
adder(void *arg)
{
	int i = (int)(long)arg;

	__atomic_add_fetch(&race->ready, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&race->go, __ATOMIC_SEQ_CST))
		usleep(100);
	array_add(&race->array, race->amount[i]);
	expect_unlocked(&race->array);
}

static void
lock_all(struct shared_array *a, int n, bool lock)
{
	for (int i = 0; i < n; i++) {
		int err = lock ? pthread_mutex_lock(&a->locks[i]) :
		    pthread_mutex_unlock(&a->locks[i]);

		if (err != 0)
			/* TRANSLATORS: %s is pthread_mutex_lock or pthread_mutex_unlock */
			lab_fail("harness: %s of locks[%d]: %s", lock ? "pthread_mutex_lock" :
			    "pthread_mutex_unlock", i, lab_strerror(err));
	}
}

/* Releases the adders while the harness holds every lock of the array, for PROBE_MS:
 * reports the first element that changed meanwhile (-1: none), how many locks were
 * taken meanwhile, and how many of the harness's locks another process unlocked. */
static void
release_probing(const int *values, int n)
{
	struct lab_counts before, after;
	long changed = -1, released = 0;

	lock_all(&race->array, n, true);
	before = lab_counts();
	__atomic_store_n(&race->go, 1, __ATOMIC_SEQ_CST);
	lab_pause_ms(PROBE_MS);        /* scheduled: until every adder waits or is done */
	after = lab_counts();
	for (int i = 0; i < n && changed < 0; i++)
		if (__atomic_load_n(&race->array.items[i], __ATOMIC_SEQ_CST) != values[i])
			changed = i;
	for (int i = 0; i < n; i++)     /* glibc's __owner: still ours, unless unlocked */
		released += race->array.locks[i].__data.__owner != gettid();
	lab_report_long("probe_released", released);
	lock_all(&race->array, n, false);
	lab_report_long("probe_changed", changed);
	lab_report_long("probe_locks", (long)(after.mutex_locks - before.mutex_locks));
}

/* Trial K: a process per amount of amounts_K (in that order), released together (in
 * trial 1 while the harness holds every lock); the final array goes to the report
 * items_K, the lab_think() calls to *THINKS. */
static void
trial(int k, const int *values, int n, long *thinks)
{
	pid_t pids[MAXP];
	char name[32];
	int p;

	snprintf(name, sizeof name, "amounts_%d", k);
	p = input_ints(name, race->amount, MAXP);
	init_array(&race->array, values, n, true);
	race->go = race->ready = 0;
	lab_counts_reset();
	for (int i = 0; i < p; i++)
		pids[i] = lab_spawn(adder, (void *)(long)i);
	while (__atomic_load_n(&race->ready, __ATOMIC_SEQ_CST) < p)
		usleep(200);
	if (k == 1)
		release_probing(values, n);
	else
		__atomic_store_n(&race->go, 1, __ATOMIC_SEQ_CST);
	for (int i = 0; i < p; i++)
		if (lab_join_within(pids[i], 10000) == LAB_TIMED_OUT)
			lab_fail("deadlock: a process in array_add waited more than 10 s, most "
			    "likely for a lock: does every lock have its unlock, and are the "
			    "locks taken in the same order?");
	*thinks = lab_counts().thinks;
	snprintf(name, sizeof name, "items_%d", k);
	report_items(name, &race->array, n);
	array_destroy(&race->array);
}

/* The judge's trials, with lab_think() sleeping THINK_US. */
static void
test_trials(long think_us)
{
	int values[ARRAY_MAX], n = input_ints("values", values, ARRAY_MAX);
	int trials = (int)lab_input_long("trials");
	long thinks[TRIALS];

	if (trials < 1 || trials > TRIALS)
		lab_fail("harness: %d trials (1 to %d)", trials, TRIALS);
	race = lab_shared(sizeof *race);
	for (int k = 0; k < n; k++) {
		char name[24];         /* "items[" an int "]" */

		snprintf(name, sizeof name, "items[%d]", k);
		LAB_WATCH(name, race->array.items[k]);
	}
	lab_set_think_us(think_us);
	for (int k = 0; k < trials; k++)
		trial(k + 1, values, n, &thinks[k]);
	lab_report_longs("thinks", thinks, (size_t)trials);
}

/* The notebook: [0..9], one process adds 10, one subtracts 5: [5..14], twice. */
static void
test_notebook(void)
{
	test_trials(2000);
}

/* 3 to 5 processes with random amounts on 5 to 16 random elements. */
static void
test_many_processes(void)
{
	test_trials(1000);
}

LAB_MAIN(LAB_TEST(init), LAB_TEST(one_process), LAB_TEST(notebook), LAB_TEST(many_processes))
