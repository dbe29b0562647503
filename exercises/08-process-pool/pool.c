/* SPDX-License-Identifier: MIT */
/*
 * pool.c: exercise 08, a pool of worker processes.
 * Read README.md first; check your work with:  proclab check 8
 */
#define _GNU_SOURCE     /* MAP_ANONYMOUS */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pool.h"

int
pool_map(pool_fn fn, const int64_t *in, int64_t *out, size_t n, int workers,
    unsigned char *failed)
{
	/* TODO: check workers; make shared memory for the results; fork
	 * min(workers, n) workers that each compute their share of the tasks and
	 * _exit; wait for every worker; copy the results to out and mark the
	 * tasks that have none in failed. */
	(void)fn;
	(void)in;
	(void)out;
	for (size_t i = 0; i < n; i++)
		failed[i] = 1;
	(void)workers;
	fprintf(stderr, "pool_map: not written yet: see TODO in pool.c\n");
	errno = ENOSYS;
	return -1;
}
