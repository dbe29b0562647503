/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: the parent reaps whichever worker ends first with waitid(P_ALL,
 * ..., WEXITED) and files its status under the worker whose pid it was.
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

#include <string.h>
static int
index_of(const pid_t *pids, int n, pid_t p)
{
	for (int i = 0; i < n; i++)
		if (pids[i] == p)
			return i;
	return -1;
}

int
run_workers(int n, int (*fn)(int), const int *args, int *statuses)
{
	pid_t *pids = malloc((size_t)(n > 0 ? n : 1) * sizeof *pids);
	int started, left, ret = 0, err = 0;
	if (pids == NULL)
		return -1;
	for (started = 0; started < n; started++) {
		pid_t p = fork();
		if (p < 0) { err = errno; ret = -1; break; }
		if (p == 0)
			_exit(fn(args[started]) & 0xff);
		pids[started] = p;
	}
	left = started;
	while (left > 0) {
		siginfo_t si;
		memset(&si, 0, sizeof si);
		if (waitid(P_ALL, 0, &si, WEXITED) == -1) {
			if (errno == EINTR) continue;
			if (!ret) err = errno;
			ret = -1;
			break;
		}
		int i = index_of(pids, started, si.si_pid);
		if (i < 0) continue;
		statuses[i] = (si.si_code == CLD_EXITED) ? si.si_status : -si.si_status;
		left--;
	}
	free(pids);
	if (ret) errno = err;
	return ret;
}
