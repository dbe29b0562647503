/* SPDX-License-Identifier: MIT */
/*
 * bqueue.c: exercise 07, a bounded FIFO queue shared by processes.
 * Read README.md first; check your work with:  proclab check 7
 */
#define _GNU_SOURCE     /* MAP_ANONYMOUS */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bqueue.h"

struct bqueue {
	/* TODO: the ring buffer (capacity, where the oldest message is, how many
	 * there are, the slots) and what keeps processes in step (a mutex and
	 * two condition variables, or semaphores). */
	size_t	capacity;
};

struct bqueue *
bq_create(size_t capacity)
{
	/* TODO: check capacity, map shared memory, set up the synchronization
	 * so that it works between processes. */
	(void)capacity;
	errno = ENOSYS;         /* "not written yet": remove when done */
	return NULL;
}

void
bq_put(struct bqueue *q, int64_t msg)
{
	/* TODO: wait while full, append msg, wake a consumer. */
	(void)q;
	(void)msg;
}

int64_t
bq_get(struct bqueue *q)
{
	/* TODO: wait while empty, take the oldest message, wake a producer. */
	(void)q;
	return 0;
}

int
bq_destroy(struct bqueue *q)
{
	/* TODO: undo what bq_create did. */
	(void)q;
	return 0;
}
