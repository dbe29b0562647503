/* SPDX-License-Identifier: MIT */
/*
 * sched-point.c: what a scheduling point costs. Runs bench/sched-child (two processes, N
 * sched_yield each) ROUNDS times bare and ROUNDS times under the grader's scheduler,
 * interleaved, and prints the medians and the cost of one point: (controlled - bare) /
 * points, each point a futex hand-off between a process of the run and the scheduler.
 *	sched-point CHILD [N [ROUNDS]]
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "grader.h"
#include "lab-sched.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One run of CHILD with N points, under a scheduler when CONTROLLED: its wall time. */
static double
one_run(const char *child, long n, bool controlled, long *steps)
{
	struct sched_plan	 plan = { SCHED_RANDOM, 1, NULL, 100, 500 };
	struct sched_findings	 f;
	struct sched_run	*r = NULL;
	char			*cause = NULL, arg[32];
	double			 t0 = now_s(), t;
	pid_t			 pid;
	int			 st;

	snprintf(arg, sizeof arg, "points=%ld", n);
	if (controlled && (r = sched_begin(&plan, &cause)) == NULL) {
		fprintf(stderr, "sched-point: %s\n", cause);
		exit(1);
	}
	if ((pid = fork()) == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, STDOUT_FILENO);
		if (r != NULL) {
			dup2(fcntl(sched_fd(r), F_DUPFD, 10), SANDBOX_SCHED_FD);
			setenv(LAB_ENV_SCHED_FD, "4", 1);
		}
		execl(child, child, "points", arg, (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	t = now_s() - t0;
	if (r != NULL && sched_end(r, &f, &cause) == 0) {
		*steps = f.steps;
		sched_findings_free(&f);
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "sched-point: %s failed (status %d)\n", child, st);
		exit(1);
	}
	return t;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	long	 n = argc > 2 ? atol(argv[2]) : 20000, rounds = argc > 3 ? atol(argv[3]) : 7;
	long	 steps = 0;
	double	*bare, *ctl;

	if (argc < 2 || n < 1 || rounds < 1) {
		fprintf(stderr, "usage: sched-point CHILD [POINTS [ROUNDS]]\n");
		return 2;
	}
	bare = calloc((size_t)rounds, sizeof *bare);
	ctl = calloc((size_t)rounds, sizeof *ctl);
	for (long i = 0; i < rounds; i++) {
		bare[i] = one_run(argv[1], n, false, &steps);
		ctl[i] = one_run(argv[1], n, true, &steps);
	}
	qsort(bare, (size_t)rounds, sizeof *bare, cmp);
	qsort(ctl, (size_t)rounds, sizeof *ctl, cmp);
	printf("scheduling point: %ld points (%ld turns), median of %ld rounds: bare %.3f s, "
	    "controlled %.3f s: %.1f us per point\n", 2 * n, steps, rounds, bare[rounds / 2],
	    ctl[rounds / 2], (ctl[rounds / 2] - bare[rounds / 2]) / (double)steps * 1e6);
	free(bare);
	free(ctl);
	return 0;
}
