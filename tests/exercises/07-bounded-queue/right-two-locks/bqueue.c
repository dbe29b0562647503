/* SPDX-License-Identifier: MIT */
/*
 * A correct solution of exercise 07 by another route: semaphores count the free slots and
 * the messages, and two mutexes guard the two ends of the ring, one the producers take
 * around tail, one the consumers take around head. A put and a get run at once; the two
 * indices sit side by side in one word, which only a byte-exact check tells apart.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "bqueue.h"

struct bqueue {
	pthread_mutex_t	put_lock;
	pthread_mutex_t	get_lock;
	sem_t		free_slots;
	sem_t		messages;
	unsigned	capacity;
	unsigned	head, tail;
	int64_t		slot[];
};

static size_t
queue_size(size_t capacity)
{
	return sizeof (struct bqueue) + capacity * sizeof (int64_t);
}

static void
must(int err, const char *call)
{
	if (err != 0) {
		fprintf(stderr, "bqueue: %s: %s\n", call, strerror(err));
		abort();
	}
}

static void
down(sem_t *s)
{
	while (sem_wait(s) == -1)
		if (errno != EINTR)
			must(errno, "sem_wait");
}

static int
shared_mutex(pthread_mutex_t *m)
{
	pthread_mutexattr_t a;
	int err;

	if ((err = pthread_mutexattr_init(&a)) != 0)
		return err;
	if ((err = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED)) == 0)
		err = pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
	return err;
}

struct bqueue *
bq_create(size_t capacity)
{
	struct bqueue *q;
	int err;

	if (capacity == 0 || capacity > BQ_MAX_CAPACITY) {
		errno = EINVAL;
		return NULL;
	}
	q = mmap(NULL, queue_size(capacity), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (q == MAP_FAILED)
		return NULL;
	q->capacity = (unsigned)capacity;
	q->head = q->tail = 0;
	if ((err = shared_mutex(&q->put_lock)) != 0 || (err = shared_mutex(&q->get_lock)) != 0)
		goto out_unmap;
	if (sem_init(&q->free_slots, 1, (unsigned)capacity) == -1 ||
	    sem_init(&q->messages, 1, 0) == -1) {
		err = errno;
		goto out_unmap;
	}
	return q;

out_unmap:
	munmap(q, queue_size(capacity));
	errno = err;
	return NULL;
}

void
bq_put(struct bqueue *q, int64_t msg)
{
	down(&q->free_slots);
	must(pthread_mutex_lock(&q->put_lock), "pthread_mutex_lock");
	q->slot[q->tail] = msg;
	q->tail = (q->tail + 1) % q->capacity;
	must(pthread_mutex_unlock(&q->put_lock), "pthread_mutex_unlock");
	if (sem_post(&q->messages) == -1)
		must(errno, "sem_post");
}

int64_t
bq_get(struct bqueue *q)
{
	int64_t msg;

	down(&q->messages);
	must(pthread_mutex_lock(&q->get_lock), "pthread_mutex_lock");
	msg = q->slot[q->head];
	q->head = (q->head + 1) % q->capacity;
	must(pthread_mutex_unlock(&q->get_lock), "pthread_mutex_unlock");
	if (sem_post(&q->free_slots) == -1)
		must(errno, "sem_post");
	return msg;
}

int
bq_destroy(struct bqueue *q)
{
	sem_destroy(&q->free_slots);
	sem_destroy(&q->messages);
	pthread_mutex_destroy(&q->put_lock);
	pthread_mutex_destroy(&q->get_lock);
	return munmap(q, queue_size(q->capacity));
}
