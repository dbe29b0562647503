/* SPDX-License-Identifier: MIT */
/*
 * Wrong: counter_add adds without taking the lock (counter_read and counter_lock do take
 * it): updates get lost when processes add at once.
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
	pthread_mutex_t	mtx;
	long		value;
};

struct counter *
counter_create(long initial)
{
	struct counter *c;
	c = mmap(NULL, sizeof *c, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED) return NULL;
	pthread_mutexattr_t at;
	pthread_mutexattr_init(&at);
	pthread_mutexattr_setpshared(&at, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&c->mtx, &at);
	pthread_mutexattr_destroy(&at);
	c->value = initial;
	return c;
}

void counter_lock(struct counter *c) { (void)c; pthread_mutex_lock(&c->mtx); }
void counter_unlock(struct counter *c) { (void)c; pthread_mutex_unlock(&c->mtx); }

long
counter_add(struct counter *c, long delta)
{
	c->value += delta;
	return c->value;
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
	pthread_mutex_destroy(&c->mtx);
	munmap(c, sizeof *c);
	return 0;
}
