/* SPDX-License-Identifier: MIT */
/* killall: kill(-1, SIGKILL), every process it may signal. Run it ONLY inside the tests'
 * outer PID namespace and only where the sandbox has a PID namespace of its own. */
#define _GNU_SOURCE
#include <sys/prctl.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(void)
{
	prctl(PR_SET_NAME, "plhostile", 0, 0, 0);      /* the tests find it in /proc/PID/comm */
	if (fork() == 0) {          /* a sibling, which should die */
		pause();
		_exit(0);
	}
	usleep(100000);
	if (kill(-1, SIGKILL) == -1)
		printf("kill -1: %s\n", strerror(errno));
	else
		printf("kill -1: sent\n");
	usleep(200000);
	printf("still here\n");
	return 0;
}
