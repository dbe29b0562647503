/*
 * WRONG (realistic mistake): the value is in shared memory but the lock is a
 * global variable: after fork() every process has its own copy of the lock, so
 * holding it keeps nobody else out.
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
	long		value;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

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

	c = mmap(NULL, sizeof *c, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c == MAP_FAILED)
		return NULL;
	c->value = initial;
	return c;
}

void
counter_lock(struct counter *c)
{
	(void)c;
	check(pthread_mutex_lock(&lock), "pthread_mutex_lock");
}

void
counter_unlock(struct counter *c)
{
	(void)c;
	check(pthread_mutex_unlock(&lock), "pthread_mutex_unlock");
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
	return munmap(c, sizeof *c);
}
