/* SPDX-License-Identifier: MIT */
/*
 * race-child.c: the smallest race, for tests/grader/check_sched.c: test "two" forks two
 * processes that each read a shared counter, think (a scheduling point) and write it back
 * plus one; the test program then reports the counter. 2 means both updates were kept,
 * 1 that one was lost.
 */
#include "lab.h"
#include "labtest.h"

static long *counter;

static void
add_one(void *arg)
{
	long seen = *counter;

	(void)arg;
	lab_think();
	*counter = seen + 1;
}

static void
test_two(void)
{
	pid_t a, b;

	counter = lab_shared(sizeof *counter);
	a = lab_spawn(add_one, NULL);
	b = lab_spawn(add_one, NULL);
	lab_join(a);
	lab_join(b);
	lab_report_long("counter", *counter);
}

LAB_MAIN(LAB_TEST(two))
