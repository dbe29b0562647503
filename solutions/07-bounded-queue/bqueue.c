/* SPDX-License-Identifier: MIT */
/*
 * bqueue.c: reference solution of exercise 07 (bounded queue).
 *
 * A ring buffer in one MAP_SHARED mapping, guarded by a mutex, with two condition
 * variables: "not full" (producers wait on it) and "not empty" (consumers wait on
 * it). All three are PTHREAD_PROCESS_SHARED because they are used across fork().
 *
 * Every wait is in a while loop: when a waiter wakes up, another process may already
 * have taken the room (or the message) it was woken for, and a condition variable
 * may also wake up for no reason at all.
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
	pthread_mutex_t	lock;
	pthread_cond_t	not_full;
	pthread_cond_t	not_empty;
	size_t		capacity;
	size_t		head;           /* index of the oldest message */
	size_t		count;          /* messages in the queue */
	int64_t		slot[];         /* capacity of them */
};

static size_t
queue_size(size_t capacity)
{
	return sizeof (struct bqueue) + capacity * sizeof (int64_t);
}

/* A failing lock, wait or signal means memory is corrupt: say so and stop. */
static void
check(int err, const char *call)
{
	if (err != 0) {
		fprintf(stderr, "bqueue: %s: %s\n", call, strerror(err));
		abort();
	}
}

/* Process-shared attributes for the mutex and the conditions. */
static int
init_sync(struct bqueue *q)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	int err;

	if ((err = pthread_mutexattr_init(&ma)) != 0)
		return err;
	if ((err = pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED)) == 0)
		err = pthread_mutex_init(&q->lock, &ma);
	pthread_mutexattr_destroy(&ma);
	if (err != 0)
		return err;

	if ((err = pthread_condattr_init(&ca)) != 0)
		goto out_mutex;
	if ((err = pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED)) != 0)
		goto out_attr;
	if ((err = pthread_cond_init(&q->not_full, &ca)) != 0)
		goto out_attr;
	if ((err = pthread_cond_init(&q->not_empty, &ca)) != 0)
		goto out_not_full;
	pthread_condattr_destroy(&ca);
	return 0;

out_not_full:
	pthread_cond_destroy(&q->not_full);
out_attr:
	pthread_condattr_destroy(&ca);
out_mutex:
	pthread_mutex_destroy(&q->lock);
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
	if ((err = init_sync(q)) != 0) {
		munmap(q, queue_size(capacity));
		errno = err;
		return NULL;
	}
	q->capacity = capacity;
	q->head = 0;
	q->count = 0;
	return q;
}

void
bq_put(struct bqueue *q, int64_t msg)
{
	check(pthread_mutex_lock(&q->lock), "pthread_mutex_lock");
	while (q->count == q->capacity)         /* full: wait for a get */
		check(pthread_cond_wait(&q->not_full, &q->lock), "pthread_cond_wait");
	q->slot[(q->head + q->count) % q->capacity] = msg;
	q->count++;
	check(pthread_cond_signal(&q->not_empty), "pthread_cond_signal");
	check(pthread_mutex_unlock(&q->lock), "pthread_mutex_unlock");
}

int64_t
bq_get(struct bqueue *q)
{
	int64_t msg;

	check(pthread_mutex_lock(&q->lock), "pthread_mutex_lock");
	while (q->count == 0)                   /* empty: wait for a put */
		check(pthread_cond_wait(&q->not_empty, &q->lock), "pthread_cond_wait");
	msg = q->slot[q->head];
	q->head = (q->head + 1) % q->capacity;
	q->count--;
	check(pthread_cond_signal(&q->not_full), "pthread_cond_signal");
	check(pthread_mutex_unlock(&q->lock), "pthread_mutex_unlock");
	return msg;
}

int
bq_destroy(struct bqueue *q)
{
	size_t size = queue_size(q->capacity);
	int err;

	if ((err = pthread_cond_destroy(&q->not_empty)) != 0 ||
	    (err = pthread_cond_destroy(&q->not_full)) != 0 ||
	    (err = pthread_mutex_destroy(&q->lock)) != 0) {
		errno = err;
		return -1;
	}
	return munmap(q, size);
}
