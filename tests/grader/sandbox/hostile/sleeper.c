/* SPDX-License-Identifier: MIT */
/* sleeper: sleeps far past any wall limit without using CPU. Expect WALL_LIMIT. */
#define _GNU_SOURCE
#include <sys/prctl.h>

#include <unistd.h>

int
main(void)
{
	prctl(PR_SET_NAME, "plhostile", 0, 0, 0);      /* the tests find it in /proc/PID/comm */
	sleep(3600);
	return 0;
}
