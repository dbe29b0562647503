/* SPDX-License-Identifier: MIT */
/*
 * letters.c: count the letters of many files with several processes (exercise 11).
 *
 * Write count_letters() of letters.h. Read README.md first: it has the rules
 * (where to call lab_think()) and hints. Check with:  proclab check 11
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab.h"
#include "letters.h"

int
count_letters(const char *const paths[], int npaths, int nprocs, long counts[LETTERS])
{
	/* TODO: check the arguments (EINVAL).
	 * TODO: a table of totals (and its lock) in shared memory, before fork().
	 * TODO: fork nprocs children; child c counts files c, c + nprocs, ... into a
	 *       table of its own (read each file until read() returns 0), then adds it
	 *       into the totals: read a total, lab_think(), write the new total.
	 * TODO: the parent waits for every child, then copies the totals to counts. */
	(void)paths; (void)npaths; (void)nprocs; (void)counts;
	fprintf(stderr, "count_letters: not written yet: see TODO in letters.c\n");
	errno = ENOSYS;
	return -1;
}
