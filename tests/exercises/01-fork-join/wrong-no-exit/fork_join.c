/* SPDX-License-Identifier: MIT */
/* Wrong: the child runs fn but does not exit: it goes on with the parent's loop. */
#define _GNU_SOURCE
#include <errno.h>
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
		if (pids[i] == -1)
			return -1;
		if (pids[i] == 0)
			statuses[i] = fn(args[i]);
	}
	for (int i = 0; i < n; i++) {
		int status;

		if (waitpid(pids[i], &status, 0) == -1)
			return -1;
		statuses[i] = WEXITSTATUS(status);
	}
	return 0;
}
