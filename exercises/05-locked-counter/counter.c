/* SPDX-License-Identifier: MIT */
/*
 * counter.c: exercise 05, a counter shared by processes with its own lock.
 * Read README.md first; check your work with:  proclab check 5
 */
#define _GNU_SOURCE     /* MAP_ANONYMOUS */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "counter.h"

struct counter {
	/* TODO: the value and its lock. Where will this struct live so that
	 * processes forked later share it? */
	long	value;
};

struct counter *
counter_create(long initial)
{
	/* TODO: map shared memory for the counter, set up a lock that works
	 * between processes, store `initial`. */
	(void)initial;
	errno = ENOSYS;         /* "not written yet": remove when done */
	return NULL;
}

void
counter_lock(struct counter *c)
{
	/* TODO */
	(void)c;
}

void
counter_unlock(struct counter *c)
{
	/* TODO */
	(void)c;
}

long
counter_add(struct counter *c, long delta)
{
	/* TODO: add delta under the lock, return the new value. */
	(void)c;
	(void)delta;
	return 0;
}

long
counter_read(struct counter *c)
{
	/* TODO: read the value under the lock. */
	(void)c;
	return 0;
}

int
counter_destroy(struct counter *c)
{
	/* TODO: undo what counter_create did. */
	(void)c;
	return 0;
}
