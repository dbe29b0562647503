/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: every worker is reaped with waitid(P_PID, ...), and its result
 * comes from the siginfo_t (si_code says whether it exited or was killed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fork_join.h"

int
run_workers(int n, int (*fn)(int), const int *args, int *statuses)
{
	pid_t *pids;
	int started = 0, rc = 0, saved = 0;

	if (n <= 0)
		return 0;
	if ((pids = calloc((size_t)n, sizeof *pids)) == NULL)
		return -1;
	while (started < n) {
		pid_t pid = fork();

		if (pid == -1) {
			saved = errno;
			rc = -1;
			break;
		}
		if (pid == 0)
			_exit(fn(args[started]) & 0xff);
		pids[started++] = pid;
	}
	for (int i = 0; i < started; i++) {
		siginfo_t si;

		memset(&si, 0, sizeof si);
		while (waitid(P_PID, (id_t)pids[i], &si, WEXITED) == -1) {
			if (errno != EINTR) {
				if (rc == 0) {
					saved = errno;
					rc = -1;
				}
				break;
			}
		}
		if (si.si_code == CLD_EXITED)
			statuses[i] = si.si_status;
		else if (si.si_code == CLD_KILLED || si.si_code == CLD_DUMPED)
			statuses[i] = -si.si_status;
	}
	free(pids);
	if (rc == -1)
		errno = saved;
	return rc;
}
