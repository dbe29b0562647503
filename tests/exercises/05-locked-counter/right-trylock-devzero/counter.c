/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: the counter is a MAP_SHARED mapping of /dev/zero, with an
 * error-checking process-shared mutex taken by a pthread_mutex_trylock loop that yields.
 * (Written from the task README alone by a blind tester.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "counter.h"

struct counter {
	long		value;
	pthread_mutex_t	m;
};

struct counter *
counter_create(long initial)
{
	int fd = open("/dev/zero", O_RDWR);
	if (fd < 0)
		return NULL;
	struct counter *c = mmap(NULL, sizeof(struct counter), PROT_READ | PROT_WRITE,
	    MAP_SHARED, fd, 0);
	int e = errno;
	close(fd);
	if (c == MAP_FAILED) { errno = e; return NULL; }
	pthread_mutexattr_t at;
	int r = pthread_mutexattr_init(&at);
	if (!r) r = pthread_mutexattr_setpshared(&at, PTHREAD_PROCESS_SHARED);
	if (!r) r = pthread_mutexattr_settype(&at, PTHREAD_MUTEX_ERRORCHECK);
	if (!r) r = pthread_mutex_init(&c->m, &at);
	pthread_mutexattr_destroy(&at);
	if (r) { munmap(c, sizeof *c); errno = r; return NULL; }
	c->value = initial;
	return c;
}

void
counter_lock(struct counter *c)
{
	int r;
	while ((r = pthread_mutex_trylock(&c->m)) == EBUSY)
		sched_yield();
	if (r) { fprintf(stderr, "pthread_mutex_trylock: %s\n", strerror(r)); abort(); }
}

void
counter_unlock(struct counter *c)
{
	int r = pthread_mutex_unlock(&c->m);
	if (r) { fprintf(stderr, "pthread_mutex_unlock: %s\n", strerror(r)); abort(); }
}

long
counter_add(struct counter *c, long delta)
{
	long v;
	counter_lock(c);
	v = (c->value += delta);
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
	int r = pthread_mutex_destroy(&c->m);
	if (munmap(c, sizeof *c) == -1)
		return -1;
	if (r) { errno = r; return -1; }
	return 0;
}
