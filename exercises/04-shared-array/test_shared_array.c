/* SPDX-License-Identifier: MIT */
/*
 * test_shared_array.c: the tests of exercise 04 (shared array). Do not change this file.
 *
 * The race tests start the processes themselves (one per amount), hold them at a start
 * line and release them together: without locks they all read element 0 at the same
 * moment and go on in step, so updates are lost on every run. The final array must be
 * exact on every trial.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "labtest.h"
#include "shared_array.h"

#define MAXP 8

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

static void
init_array(struct shared_array *a, const int *values, int n)
{
	int err = array_init(a, values, n);

	if (err == ENOSYS)
		lab_fail("array_init: not written yet: see TODO in shared_array.c");
	if (err != 0)
		lab_fail("array_init returned %d (%s) for %d elements, expected 0", err,
		    strerror(err), n);
	lab_expect_long("n after array_init", n, a->n);
	for (int i = 0; i < n; i++) {
		if (a->items[i] != values[i])
			lab_fail("array_init: items[%d] should be %d, it is %d", i, values[i],
			    a->items[i]);
		if (!mutex_is_shared(&a->locks[i]))
			lab_fail("array_init: locks[%d] is not process-shared, so it cannot work "
			    "between processes: initialise every lock with an attribute set by "
			    "pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)", i);
	}
}

static void
random_values(int *values, int n)
{
	for (int i = 0; i < n; i++)
		values[i] = (int)lab_random_below(2001) - 1000;
}

static void
expect_array(const char *after, const struct shared_array *a, const int *expected)
{
	char e[16 * ARRAY_MAX], g[16 * ARRAY_MAX];
	size_t el = 0, gl = 0;
	int bad = -1;

	for (int i = 0; i < a->n; i++) {
		el += (size_t)snprintf(e + el, sizeof e - el, "%s%d", i ? " " : "", expected[i]);
		gl += (size_t)snprintf(g + gl, sizeof g - gl, "%s%d", i ? " " : "", a->items[i]);
		if (bad == -1 && a->items[i] != expected[i])
			bad = i;
	}
	if (bad != -1)
		lab_fail_values(e, g, "lost update after %s: items[%d] should be %d, it is %d: two "
		    "processes read the same element and one overwrote the other's update; hold "
		    "the element's lock from before reading it until after writing it", after,
		    bad, expected[bad], a->items[bad]);
}

static void
test_init(void)
{
	struct shared_array *a = lab_shared(sizeof *a);
	int values[ARRAY_MAX], n = 1 + (int)lab_random_below(ARRAY_MAX), err;

	random_values(values, n);
	init_array(a, values, n);
	err = array_destroy(a);
	if (err != 0)
		lab_fail("array_destroy returned %d (%s), expected 0", err, strerror(err));
	err = array_init(a, values, 0);
	if (err != EINVAL)
		lab_fail("array_init with n = 0 returned %d, expected EINVAL (%d)", err, EINVAL);
	err = array_init(a, values, ARRAY_MAX + 1);
	if (err != EINVAL)
		lab_fail("array_init with n = %d returned %d, expected EINVAL (%d)", ARRAY_MAX + 1,
		    err, EINVAL);
}

/* After array_add in this process: one think per element, every lock released. */
static void
after_add(long thinks)
{
	struct lab_counts c = lab_counts();

	if (c.thinks != thinks)
		lab_fail("array_add called lab_think() %ld times for %ld elements: call it once "
		    "per element, between reading and writing it", c.thinks, thinks);
	if (c.mutex_locks != c.mutex_unlocks)
		lab_fail("array_add took %ld locks and released %ld: every process after it would "
		    "wait forever (unlock each lock you take)", c.mutex_locks, c.mutex_unlocks);
}

static void
test_one_process(void)
{
	struct shared_array *a = lab_shared(sizeof *a);
	int values[ARRAY_MAX], expected[ARRAY_MAX], n = 1 + (int)lab_random_below(12);
	int x = 1 + (int)lab_random_below(100), y = 1 + (int)lab_random_below(100);

	random_values(values, n);
	init_array(a, values, n);
	lab_set_think_us(200);
	lab_counts_reset();
	array_add(a, x);
	after_add(n);
	for (int i = 0; i < n; i++)
		expected[i] = values[i] + x;
	expect_array("one array_add", a, expected);
	lab_counts_reset();
	array_add(a, -y);
	after_add(n);
	for (int i = 0; i < n; i++)
		expected[i] -= y;
	expect_array("a second array_add", a, expected);
	array_destroy(a);
}

/* One adder: wait at the start line, then add its amount to every element. */
static void
adder(void *arg)
{
	int i = (int)(long)arg;
	pid_t me = gettid();

	__atomic_add_fetch(&race->ready, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&race->go, __ATOMIC_SEQ_CST))
		usleep(100);
	array_add(&race->array, race->amount[i]);
	/* glibc notes the thread holding a mutex in __owner. */
	for (int k = 0; k < race->array.n; k++)
		if (race->array.locks[k].__data.__owner == me)
			lab_fail("array_add returned still holding locks[%d]: every other process "
			    "would wait forever for it (unlock each lock you take)", k);
}

/* One trial: P processes with race->amount[], released together. */
static void
trial(const int *values, int n, int p)
{
	int expected[ARRAY_MAX], sum = 0;
	pid_t pids[MAXP];
	char what[64];
	struct lab_counts c;

	init_array(&race->array, values, n);
	race->go = race->ready = 0;
	for (int i = 0; i < p; i++)
		sum += race->amount[i];
	for (int i = 0; i < n; i++)
		expected[i] = values[i] + sum;
	lab_counts_reset();
	/* In a seeded order: the one that adds or the one that subtracts first. */
	for (int i = 0, first = (int)lab_random_below((uint64_t)p); i < p; i++)
		pids[i] = lab_spawn(adder, (void *)(long)((first + i) % p));
	while (__atomic_load_n(&race->ready, __ATOMIC_SEQ_CST) < p)
		usleep(200);
	__atomic_store_n(&race->go, 1, __ATOMIC_SEQ_CST);
	for (int i = 0; i < p; i++)
		if (lab_join_within(pids[i], 10000) == LAB_TIMED_OUT)
			lab_fail("deadlock: a process in array_add waited more than 10 s, most likely "
			    "for a lock: does every pthread_mutex_lock have its "
			    "pthread_mutex_unlock, and are the locks taken in the same order?");
	c = lab_counts();
	snprintf(what, sizeof what, "%d processes called array_add at once", p);
	expect_array(what, &race->array, expected);
	if (c.thinks != (long)p * n)
		lab_fail("%d calls of array_add on %d elements called lab_think() %ld times: call "
		    "it once per element, between reading and writing it", p, n, c.thinks);
	array_destroy(&race->array);
}

/* The notebook: [0..9], one process adds 10, one subtracts 5: [5..14]. */
static void
test_notebook(void)
{
	int values[10];

	race = lab_shared(sizeof *race);
	for (int i = 0; i < 10; i++)
		values[i] = i;
	race->amount[0] = 10;
	race->amount[1] = -5;
	lab_set_think_us(2000);
	for (int t = 0; t < 2; t++)
		trial(values, 10, 2);
}

/* 3 to 5 processes with random amounts on 5 to 16 random elements. */
static void
test_many_processes(void)
{
	int values[ARRAY_MAX], n = 5 + (int)lab_random_below(12), p = 3 + (int)lab_random_below(3);

	race = lab_shared(sizeof *race);
	random_values(values, n);
	for (int i = 0; i < p; i++)
		race->amount[i] = (1 + (int)lab_random_below(100)) * (lab_random_below(2) ? 1 : -1);
	lab_set_think_us(1000);
	trial(values, n, p);
}

LAB_MAIN(LAB_TEST(init), LAB_TEST(one_process), LAB_TEST(notebook), LAB_TEST(many_processes))
