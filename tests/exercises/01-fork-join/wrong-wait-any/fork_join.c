/* SPDX-License-Identifier: MIT */
/* Wrong: collects the statuses with wait(), in the order the workers finish. */
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
		pid_t pid = fork();

		if (pid == -1)
			return -1;
		if (pid == 0)
			exit(fn(args[i]));
	}
	for (int i = 0; i < n; i++) {
		int status;

		if (wait(&status) == -1)
			return -1;
		statuses[i] = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
	}
	return 0;
}
