/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: the parent reaps the workers with wait() in whatever order they
 * finish, and finds each one's index by its pid, so statuses[i] is still worker i's.
 */
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
	int started = 0, reaped = 0;

	if (n > 64) {
		errno = EINVAL;
		return -1;
	}
	for (; started < n; started++) {
		pids[started] = fork();
		if (pids[started] == -1)
			break;
		if (pids[started] == 0)
			exit(fn(args[started]));
	}
	while (reaped < started) {
		int status;
		pid_t pid = wait(&status);

		if (pid == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (int i = 0; i < started; i++)
			if (pids[i] == pid) {
				statuses[i] = WIFEXITED(status) ? WEXITSTATUS(status) :
				    -WTERMSIG(status);
				reaped++;
			}
	}
	return started == n ? 0 : -1;
}
