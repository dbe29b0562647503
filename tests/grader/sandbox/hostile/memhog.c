/* SPDX-License-Identifier: MIT */
/* memhog [MB STATUS]: takes memory a MiB at a time and touches every page, never checking
 * for NULL (as a careless student would). Expect MEMORY_LIMIT. With MB, it stops after
 * MB MiB and exits with STATUS: a program that fits must not be called a memory hog. */
#define _GNU_SOURCE
#include <sys/prctl.h>

#include <stdlib.h>

volatile char *volatile last;   /* volatile: no optimiser may drop the allocations */

int
main(int argc, char **argv)
{
	long	 mb = argc > 2 ? atol(argv[1]) : -1;
	size_t	 i;

	prctl(PR_SET_NAME, "plhostile", 0, 0, 0);      /* the tests find it in /proc/PID/comm */
	while (mb-- != 0) {
		last = malloc(1 << 20);
		for (i = 0; i < (1 << 20); i += 4096)
			last[i] = 1;
	}
	return atoi(argv[2]);
}
