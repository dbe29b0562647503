/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: the counter lives in a POSIX shared memory object (shm_open,
 * unlinked at once, then mmap MAP_SHARED), with a robust process-shared mutex.
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
	pthread_mutex_t	lock;
	long		value;
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
	char name[64];
	struct counter *c;
	pthread_mutexattr_t a;
	int fd, r, e;

	snprintf(name, sizeof name, "/counter-%ld-%p", (long)getpid(), (void *)&name);
	fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd == -1)
		return NULL;
	shm_unlink(name);
	if (ftruncate(fd, sizeof *c) == -1) {
		e = errno; close(fd); errno = e;
		return NULL;
	}
	c = mmap(NULL, sizeof *c, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	e = errno;
	close(fd);
	if (c == MAP_FAILED) {
		errno = e;
		return NULL;
	}
	if ((r = pthread_mutexattr_init(&a)) != 0)
		goto fail;
	if ((r = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED)) != 0 ||
	    (r = pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST)) != 0 ||
	    (r = pthread_mutex_init(&c->lock, &a)) != 0) {
		pthread_mutexattr_destroy(&a);
		goto fail;
	}
	pthread_mutexattr_destroy(&a);
	c->value = initial;
	return c;
fail:
	munmap(c, sizeof *c);
	errno = r;
	return NULL;
}

void
counter_lock(struct counter *c)
{
	int r = pthread_mutex_lock(&c->lock);
	if (r == EOWNERDEAD)
		r = pthread_mutex_consistent(&c->lock);
	if (r != 0)
		die("pthread_mutex_lock", r);
}

void
counter_unlock(struct counter *c)
{
	int r = pthread_mutex_unlock(&c->lock);
	if (r != 0)
		die("pthread_mutex_unlock", r);
}

long
counter_add(struct counter *c, long delta)
{
	counter_lock(c);
	long v = c->value + delta;
	c->value = v;
	counter_unlock(c);
	return v;
}

long
counter_read(struct counter *c)
{
	counter_lock(c);
	long v = c->value;
	counter_unlock(c);
	return v;
}

int
counter_destroy(struct counter *c)
{
	int r = pthread_mutex_destroy(&c->lock);
	if (r != 0) {
		errno = r;
		return -1;
	}
	return munmap(c, sizeof *c);
}
