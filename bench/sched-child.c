/* SPDX-License-Identifier: MIT */
/*
 * sched-child.c: the test program of the scheduling-point benchmark (bench/sched-point.c):
 * test "points" spawns two processes that each pass points=N scheduling points
 * (sched_yield, a wrapped call), then reports how many it asked for.
 */
#include <sched.h>

#include "labtest.h"

static void
yields(void *arg)
{
	long n = (long)arg;

	for (long i = 0; i < n; i++)
		sched_yield();
}

static void
test_points(void)
{
	long n = lab_input_long("points");
	pid_t a = lab_spawn(yields, (void *)n), b = lab_spawn(yields, (void *)n);

	lab_join(a);
	lab_join(b);
	lab_report_long("points", 2 * n);
}

LAB_MAIN(LAB_TEST(points))
