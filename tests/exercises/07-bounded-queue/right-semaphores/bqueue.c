/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: three process-shared semaphores in the shared mapping, one
 * counting the free slots, one the messages, and one (a binary semaphore) around the
 * ring. A put waits on a free slot, a get on a message: no condition variables.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bqueue.h"

struct bqueue {
	sem_t	free_slots, messages, ring;
	size_t	capacity, head, tail;
	int64_t	slot[];
};

static size_t
size_of(size_t capacity)
{
	return sizeof (struct bqueue) + capacity * sizeof (int64_t);
}

static void
down(sem_t *s)
{
	while (sem_wait(s) == -1) {
		if (errno == EINTR)
			continue;
		fprintf(stderr, "bqueue: sem_wait: %s\n", strerror(errno));
		abort();
	}
}

static void
up(sem_t *s)
{
	if (sem_post(s) == -1) {
		fprintf(stderr, "bqueue: sem_post: %s\n", strerror(errno));
		abort();
	}
}

struct bqueue *
bq_create(size_t capacity)
{
	struct bqueue *q;

	if (capacity == 0 || capacity > BQ_MAX_CAPACITY) {
		errno = EINVAL;
		return NULL;
	}
	q = mmap(NULL, size_of(capacity), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	    -1, 0);
	if (q == MAP_FAILED)
		return NULL;
	if (sem_init(&q->free_slots, 1, (unsigned)capacity) == -1 ||
	    sem_init(&q->messages, 1, 0) == -1 || sem_init(&q->ring, 1, 1) == -1) {
		int err = errno;

		munmap(q, size_of(capacity));
		errno = err;
		return NULL;
	}
	q->capacity = capacity;
	q->head = q->tail = 0;
	return q;
}

void
bq_put(struct bqueue *q, int64_t msg)
{
	down(&q->free_slots);
	down(&q->ring);
	q->slot[q->tail] = msg;
	q->tail = (q->tail + 1) % q->capacity;
	up(&q->ring);
	up(&q->messages);
}

int64_t
bq_get(struct bqueue *q)
{
	int64_t msg;

	down(&q->messages);
	down(&q->ring);
	msg = q->slot[q->head];
	q->head = (q->head + 1) % q->capacity;
	up(&q->ring);
	up(&q->free_slots);
	return msg;
}

int
bq_destroy(struct bqueue *q)
{
	size_t size = size_of(q->capacity);

	if (sem_destroy(&q->free_slots) == -1 || sem_destroy(&q->messages) == -1 ||
	    sem_destroy(&q->ring) == -1)
		return -1;
	return munmap(q, size);
}
