/* SPDX-License-Identifier: MIT */
/*
 * A wrong solution of exercise 07: a semaphore counts the free slots, another the
 * messages, and nothing guards the ring's indices ("the semaphores already synchronise").
 * Two producers let in by free_slots both move tail; on two CPUs one of two puts is now
 * and then lost (the same slot written twice, a message delivered twice). Under the
 * scheduler the two stores never interleave, so every result comes out right: the check
 * is that nothing ordered the two changes of tail.
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
	size_t	capacity;
	size_t	head, tail;
	sem_t	free_slots;
	sem_t	messages;
	int64_t	slot[];
};

static size_t
queue_size(size_t capacity)
{
	return sizeof (struct bqueue) + capacity * sizeof (int64_t);
}

static void
down(sem_t *s)
{
	while (sem_wait(s) == -1)
		if (errno != EINTR) {
			perror("sem_wait");
			abort();
		}
}

static void
up(sem_t *s)
{
	if (sem_post(s) == -1) {
		perror("sem_post");
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
	q = mmap(NULL, queue_size(capacity), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (q == MAP_FAILED)
		return NULL;
	q->capacity = capacity;
	q->head = q->tail = 0;
	if (sem_init(&q->free_slots, 1, (unsigned)capacity) == -1 ||
	    sem_init(&q->messages, 1, 0) == -1) {
		int e = errno;

		munmap(q, queue_size(capacity));
		errno = e;
		return NULL;
	}
	return q;
}

void
bq_put(struct bqueue *q, int64_t msg)
{
	down(&q->free_slots);
	q->slot[q->tail] = msg;
	q->tail = (q->tail + 1) % q->capacity;
	up(&q->messages);
}

int64_t
bq_get(struct bqueue *q)
{
	int64_t msg;

	down(&q->messages);
	msg = q->slot[q->head];
	q->head = (q->head + 1) % q->capacity;
	up(&q->free_slots);
	return msg;
}

int
bq_destroy(struct bqueue *q)
{
	sem_destroy(&q->free_slots);
	sem_destroy(&q->messages);
	return munmap(q, queue_size(q->capacity));
}
