/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: counter_lock takes the process-shared mutex with
 * pthread_mutex_trylock, yielding the CPU while another process holds it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "counter.h"

struct counter {
	long		value;
	pthread_mutex_t	mutex;
};

static void
die(const char *call, int err)
{
	fprintf(stderr, "%s: %s\n", call, strerror(err));
	abort();
}

struct counter *
counter_create(long initial)
{
	pthread_mutexattr_t attr;
	struct counter *c;
	int err;

	c = mmap(NULL, sizeof *c, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED)
		return NULL;
	err = pthread_mutexattr_init(&attr);
	if (err == 0) {
		err = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
		if (err == 0)
			err = pthread_mutex_init(&c->mutex, &attr);
		pthread_mutexattr_destroy(&attr);
	}
	if (err != 0) {
		munmap(c, sizeof *c);
		errno = err;
		return NULL;
	}
	c->value = initial;
	return c;
}

void
counter_lock(struct counter *c)
{
	int err;

	while ((err = pthread_mutex_trylock(&c->mutex)) == EBUSY)
		sched_yield();
	if (err != 0)
		die("pthread_mutex_trylock", err);
}

void
counter_unlock(struct counter *c)
{
	int err = pthread_mutex_unlock(&c->mutex);

	if (err != 0)
		die("pthread_mutex_unlock", err);
}

long
counter_add(struct counter *c, long delta)
{
	long v;

	counter_lock(c);
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
	int err = pthread_mutex_destroy(&c->mutex);

	if (err != 0) {
		errno = err;
		return -1;
	}
	return munmap(c, sizeof *c);
}
