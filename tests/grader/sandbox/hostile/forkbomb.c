/* SPDX-License-Identifier: MIT */
/* forkbomb: every process forks forever. Run it ONLY inside the tests' outer PID
 * namespace. Expect PROCESS_LIMIT and a machine that stays fine. */
#define _GNU_SOURCE
#include <sys/prctl.h>

#include <unistd.h>

int
main(void)
{
	prctl(PR_SET_NAME, "plhostile", 0, 0, 0);      /* the tests find it in /proc/PID/comm */
	for (;;)
		fork();
}
