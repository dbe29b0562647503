/* SPDX-License-Identifier: MIT */
/*
 * Wrong: each child stores its result in statuses[i] itself and exits 0; the parent only
 * waits, so its own statuses[] never gets the results.
 * (Written from the task README alone by a blind tester.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "fork_join.h"

int
run_workers(int n, int (*fn)(int), const int *args, int *statuses)
{
	pid_t pids[64];
	for (int i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] < 0) return -1;
		if (pids[i] == 0) {
			statuses[i] = fn(args[i]) & 0xff;   /* the parent will see it, right? */
			_exit(0);
		}
	}
	for (int i = 0; i < n; i++)
		if (waitpid(pids[i], NULL, 0) < 0) return -1;
	return 0;
}
