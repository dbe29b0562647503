/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: the counter's process-shared mutex is taken with
 * pthread_mutex_timedlock, 100 ms at a time, in a loop that tries again when the
 * deadline passed (ETIMEDOUT): a process that waits long still sleeps, it never spins.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "counter.h"

struct counter {
	pthread_mutex_t	mutex;
	long		value;
};

static void
die(const char *call, int err)
{
	fprintf(stderr, "counter: %s: %s\n", call, strerror(err));
	abort();
}

struct counter *
counter_create(long initial)
{
	struct counter *c;
	pthread_mutexattr_t a;
	int err;

	c = mmap(NULL, sizeof *c, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED)
		return NULL;
	c->value = initial;
	if ((err = pthread_mutexattr_init(&a)) != 0)
		goto fail;
	if ((err = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED)) == 0)
		err = pthread_mutex_init(&c->mutex, &a);
	pthread_mutexattr_destroy(&a);
	if (err == 0)
		return c;
fail:
	munmap(c, sizeof *c);
	errno = err;
	return NULL;
}

void
counter_lock(struct counter *c)
{
	for (;;) {
		struct timespec deadline;
		int err;

		if (clock_gettime(CLOCK_REALTIME, &deadline) == -1)
			die("clock_gettime", errno);
		deadline.tv_nsec += 100 * 1000000L;
		if (deadline.tv_nsec >= 1000000000L) {
			deadline.tv_sec++;
			deadline.tv_nsec -= 1000000000L;
		}
		err = pthread_mutex_timedlock(&c->mutex, &deadline);
		if (err == 0)
			return;
		if (err != ETIMEDOUT)
			die("pthread_mutex_timedlock", err);
	}
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
	v = c->value + delta;
	c->value = v;
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

	if (munmap(c, sizeof *c) == -1)
		return -1;
	if (err != 0) {
		errno = err;
		return -1;
	}
	return 0;
}
