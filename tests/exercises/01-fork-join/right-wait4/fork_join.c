/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: every worker is reaped with wait4(pid, &status, 0, &usage) (the
 * BSD call that also returns the child's resource usage, here thrown away), retried
 * after EINTR; a fork that fails still has the workers already started reaped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fork_join.h"

/* Reaps worker PID into *RESULT; -1 when wait4 failed (errno). */
static int
reap(pid_t pid, int *result)
{
	struct rusage usage;
	int status;
	pid_t r;

	do
		r = wait4(pid, &status, 0, &usage);
	while (r == -1 && errno == EINTR);
	if (r == -1)
		return -1;
	*result = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
	return 0;
}

int
run_workers(int n, int (*fn)(int), const int *args, int *statuses)
{
	pid_t *pids;
	int started, rc = 0, saved = 0;

	if (n < 0) {
		errno = EINVAL;
		return -1;
	}
	if ((pids = malloc((size_t)(n > 0 ? n : 1) * sizeof *pids)) == NULL)
		return -1;
	for (started = 0; started < n; started++) {
		pid_t pid = fork();

		if (pid == -1) {
			saved = errno;
			rc = -1;
			break;
		}
		if (pid == 0)
			_exit(fn(args[started]) & 0xff);
		pids[started] = pid;
	}
	for (int i = 0; i < started; i++)
		if (reap(pids[i], &statuses[i]) == -1 && rc == 0) {
			saved = errno;
			rc = -1;
		}
	free(pids);
	if (rc == -1)
		errno = saved;
	return rc;
}
