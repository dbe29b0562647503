/* SPDX-License-Identifier: MIT */
/* spin [N]: N processes (default 1) loop forever on the CPU. Expect CPU_LIMIT. */
#define _GNU_SOURCE
#include <sys/prctl.h>

#include <stdlib.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int	 n = argc > 1 ? atoi(argv[1]) : 1;
	volatile unsigned long x = 0;

	prctl(PR_SET_NAME, "plhostile", 0, 0, 0);      /* the tests find it in /proc/PID/comm */
	while (--n > 0)
		if (fork() == 0)
			break;
	for (;;)
		x++;
}
