/* SPDX-License-Identifier: MIT */
/*
 * Wrong: one wait() for all the workers, its status copied into every statuses[i]; the
 * other workers are never reaped.
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
	int st;
	wait(&st);
	for (int i = 0; i < n; i++)
		statuses[i] = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
	return 0;
}
