/* SPDX-License-Identifier: MIT */
/* killparent: SIGKILLs its parent (the sandbox's), then goes on. Expect the caller to
 * survive and the run to exit 0. */
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
	pid_t	 pp;

	prctl(PR_SET_NAME, "plhostile", 0, 0, 0);      /* the tests find it in /proc/PID/comm */
	pp = getppid();
	if (kill(pp, SIGKILL) == -1)
		printf("kill parent %d: %s\n", (int)pp, strerror(errno));
	else
		printf("kill parent %d: sent\n", (int)pp);
	usleep(200000);
	printf("still here\n");
	return 0;
}
