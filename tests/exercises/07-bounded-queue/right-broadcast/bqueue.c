/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: one condition variable for both reasons to wait, woken with
 * pthread_cond_broadcast, so a waiter of the right kind is always among the woken; the
 * waits are timed (pthread_cond_timedwait, 100 ms), in while loops that look again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "bqueue.h"

struct bqueue {
	pthread_mutex_t	lock;
	pthread_cond_t	changed;        /* a message went in or out */
	size_t		capacity, head, count;
	int64_t		slot[];
};

static size_t
size_of(size_t capacity)
{
	return sizeof (struct bqueue) + capacity * sizeof (int64_t);
}

static void
check(int err, const char *call)
{
	if (err != 0 && err != ETIMEDOUT) {
		fprintf(stderr, "bqueue: %s: %s\n", call, strerror(err));
		abort();
	}
}

static void
await_change(struct bqueue *q)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_nsec += 100000000;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	check(pthread_cond_timedwait(&q->changed, &q->lock, &t), "pthread_cond_timedwait");
}

struct bqueue *
bq_create(size_t capacity)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	struct bqueue *q;
	int err;

	if (capacity == 0 || capacity > BQ_MAX_CAPACITY) {
		errno = EINVAL;
		return NULL;
	}
	q = mmap(NULL, size_of(capacity), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	    -1, 0);
	if (q == MAP_FAILED)
		return NULL;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	if ((err = pthread_mutex_init(&q->lock, &ma)) == 0 &&
	    (err = pthread_cond_init(&q->changed, &ca)) != 0)
		pthread_mutex_destroy(&q->lock);
	pthread_mutexattr_destroy(&ma);
	pthread_condattr_destroy(&ca);
	if (err != 0) {
		munmap(q, size_of(capacity));
		errno = err;
		return NULL;
	}
	q->capacity = capacity;
	q->head = q->count = 0;
	return q;
}

void
bq_put(struct bqueue *q, int64_t msg)
{
	check(pthread_mutex_lock(&q->lock), "pthread_mutex_lock");
	while (q->count == q->capacity)
		await_change(q);
	q->slot[(q->head + q->count) % q->capacity] = msg;
	q->count++;
	check(pthread_cond_broadcast(&q->changed), "pthread_cond_broadcast");
	check(pthread_mutex_unlock(&q->lock), "pthread_mutex_unlock");
}

int64_t
bq_get(struct bqueue *q)
{
	int64_t msg;

	check(pthread_mutex_lock(&q->lock), "pthread_mutex_lock");
	while (q->count == 0)
		await_change(q);
	msg = q->slot[q->head];
	q->head = (q->head + 1) % q->capacity;
	q->count--;
	check(pthread_cond_broadcast(&q->changed), "pthread_cond_broadcast");
	check(pthread_mutex_unlock(&q->lock), "pthread_mutex_unlock");
	return msg;
}

int
bq_destroy(struct bqueue *q)
{
	size_t size = size_of(q->capacity);
	int err;

	if ((err = pthread_cond_destroy(&q->changed)) != 0 ||
	    (err = pthread_mutex_destroy(&q->lock)) != 0) {
		errno = err;
		return -1;
	}
	return munmap(q, size);
}
