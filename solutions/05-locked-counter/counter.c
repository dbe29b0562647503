/* SPDX-License-Identifier: MIT */
/*
 * counter.c: reference solution of exercise 05 (locked counter).
 *
 * The counter and its lock live together in one page mapped MAP_SHARED, so every
 * process forked after counter_create() sees the same value AND the same lock. The
 * mutex is marked PTHREAD_PROCESS_SHARED: without that, a mutex in shared memory is
 * only promised to work between threads of one process.
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
	pthread_mutex_t	lock;
	long		value;
};

/* A lock or unlock that fails means memory is corrupt: say so and stop. */
static void
check(int err, const char *call)
{
	if (err != 0) {
		fprintf(stderr, "counter: %s: %s\n", call, strerror(err));
		abort();
	}
}

struct counter *
counter_create(long initial)
{
	struct counter *c;
	pthread_mutexattr_t attr;
	int err;

	c = mmap(NULL, sizeof *c, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED)
		return NULL;
	if ((err = pthread_mutexattr_init(&attr)) != 0)
		goto fail;
	if ((err = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)) != 0 ||
	    (err = pthread_mutex_init(&c->lock, &attr)) != 0) {
		pthread_mutexattr_destroy(&attr);
		goto fail;
	}
	pthread_mutexattr_destroy(&attr);
	c->value = initial;
	return c;
fail:
	munmap(c, sizeof *c);
	errno = err;
	return NULL;
}

void
counter_lock(struct counter *c)
{
	check(pthread_mutex_lock(&c->lock), "pthread_mutex_lock");
}

void
counter_unlock(struct counter *c)
{
	check(pthread_mutex_unlock(&c->lock), "pthread_mutex_unlock");
}

long
counter_add(struct counter *c, long delta)
{
	long v;

	counter_lock(c);
	/* Read, add and write back while holding the lock: no other process can
	 * read the old value in between, so no update is lost. */
	c->value += delta;
	v = c->value;
	counter_unlock(c);
	return v;
}

long
counter_read(struct counter *c)
{
	long v;

	counter_lock(c);
	v = c->value;
	counter_unlock(c);
	return v;
}

int
counter_destroy(struct counter *c)
{
	int err;

	if ((err = pthread_mutex_destroy(&c->lock)) != 0) {
		errno = err;
		return -1;
	}
	return munmap(c, sizeof *c);
}
