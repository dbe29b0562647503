/* SPDX-License-Identifier: MIT */
/* Wrong: waits for each worker right after starting it: they never run together. */
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
	for (int i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid == -1)
			return -1;
		if (pid == 0)
			exit(fn(args[i]));
		if (waitpid(pid, &status, 0) == -1)
			return -1;
		statuses[i] = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
	}
	return 0;
}
