/* SPDX-License-Identifier: MIT */
/*
 * Wrong: the waiting loop starts at 1, so worker 0 is never waited for (and statuses[0]
 * never set).
 * (Written from the task README alone by a blind tester.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
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
		if (pids[i] == 0) _exit(fn(args[i]) & 0xff);
	}
	for (int i = 1; i < n; i++) {
		int st;
		if (waitpid(pids[i], &st, 0) < 0) return -1;
		statuses[i] = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
	}
	return 0;
}
