/* SPDX-License-Identifier: MIT */
/*
 * fork_join.c: exercise 01, reference solution.
 *
 * Python (notebook 001):          C:
 *   p = Process(target=fn,          pid = fork(); if (pid == 0) _exit(fn(arg));
 *               args=(arg,))
 *   p.start()
 *   p.join(); p.exitcode            waitpid(pid, &status, 0); WEXITSTATUS(status)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fork_join.h"

/* Wait for pid and turn its wait status into the result run_workers promises. */
static int
join(pid_t pid, int *result)
{
	int status;

	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		*result = WEXITSTATUS(status);
	else
		*result = -WTERMSIG(status);
	return 0;
}

int
run_workers(int n, int (*fn)(int), const int *args, int *statuses)
{
	pid_t *pids;
	int started, rc = 0, saved = 0;

	if (n <= 0)
		return 0;
	pids = malloc((size_t)n * sizeof *pids);
	if (pids == NULL)
		return -1;

	/* Start every worker first: they run at the same time. */
	for (started = 0; started < n; started++) {
		pid_t pid = fork();

		if (pid == -1) {
			saved = errno;
			rc = -1;
			break;
		}
		if (pid == 0)
			_exit(fn(args[started]) & 0xff);  /* the child never returns */
		pids[started] = pid;
	}

	/* Then wait for each one, by its pid, so statuses[i] belongs to worker i. */
	for (int i = 0; i < started; i++)
		if (join(pids[i], &statuses[i]) == -1 && rc == 0) {
			saved = errno;
			rc = -1;
		}
	free(pids);
	if (rc == -1)
		errno = saved;
	return rc;
}
