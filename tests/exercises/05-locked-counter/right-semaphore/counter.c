/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: the counter's lock is a process-shared semaphore that starts at 1
 * (sem_wait takes it, sem_post gives it back), in the same shared page as the value.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "counter.h"

struct counter {
	sem_t	lock;
	long	value;
};

struct counter *
counter_create(long initial)
{
	struct counter *c = mmap(NULL, sizeof *c, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (c == MAP_FAILED)
		return NULL;
	if (sem_init(&c->lock, 1, 1) == -1) {
		int e = errno;

		munmap(c, sizeof *c);
		errno = e;
		return NULL;
	}
	c->value = initial;
	return c;
}

void
counter_lock(struct counter *c)
{
	while (sem_wait(&c->lock) == -1) {
		if (errno != EINTR) {
			fprintf(stderr, "sem_wait: %s\n", strerror(errno));
			abort();
		}
	}
}

void
counter_unlock(struct counter *c)
{
	if (sem_post(&c->lock) == -1) {
		fprintf(stderr, "sem_post: %s\n", strerror(errno));
		abort();
	}
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
	if (sem_destroy(&c->lock) == -1)
		return -1;
	return munmap(c, sizeof *c);
}
