/* SPDX-License-Identifier: MIT */
/*
 * squares.c: exercise 06, a worker that answers the squares of a list.
 * Read README.md first; check your work with:  proclab check 6
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "squares.h"

int
squares_serve(int fd)
{
	/* TODO: read the count n and the n numbers (all of them: read() may
	 * return fewer bytes than you ask for), then write n and the n squares.
	 * Bad request: one line on stderr, return -1, write nothing. */
	(void)fd;
	fprintf(stderr, "squares_serve: not written yet: see TODO in squares.c\n");
	errno = ENOSYS;
	return -1;
}
