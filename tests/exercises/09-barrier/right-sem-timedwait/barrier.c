/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: three process-shared semaphores and no condition variable. A
 * semaphore of 1 guards the count; the last process to arrive posts the gate once for
 * each waiter and keeps the guard until every waiter has passed the gate (each posts
 * "left"), so a fast process of the next round cannot take a post meant for this one.
 * Every wait is a sem_timedwait of 50 ms in a loop that tries again when it timed out.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "barrier.h"

struct barrier {
	sem_t	guard;          /* 1: the count is free */
	sem_t	gate;           /* one post per waiter of the round */
	sem_t	left;           /* one post per waiter through the gate */
	int	n, count;
};

struct barrier *
barrier_create(int n)
{
	struct barrier *b;
	int e;

	if (n < 1) {
		errno = EINVAL;
		return NULL;
	}
	b = mmap(NULL, sizeof *b, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED)
		return NULL;
	b->n = n;
	b->count = 0;
	if (sem_init(&b->guard, 1, 1) == -1)
		goto fail;
	if (sem_init(&b->gate, 1, 0) == -1)
		goto fail_guard;
	if (sem_init(&b->left, 1, 0) == -1)
		goto fail_gate;
	return b;
fail_gate:
	sem_destroy(&b->gate);
fail_guard:
	sem_destroy(&b->guard);
fail:
	e = errno;
	munmap(b, sizeof *b);
	errno = e;
	return NULL;
}

/* Takes S, 50 ms at a time; 0, or -1 after printing why. */
static int
take(sem_t *s)
{
	for (;;) {
		struct timespec t;

		if (clock_gettime(CLOCK_REALTIME, &t) == -1) {
			fprintf(stderr, "barrier_wait: clock_gettime: %s\n", strerror(errno));
			return -1;
		}
		t.tv_nsec += 50 * 1000000L;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000L;
		}
		if (sem_timedwait(s, &t) == 0)
			return 0;
		if (errno != ETIMEDOUT && errno != EINTR) {
			fprintf(stderr, "barrier_wait: sem_timedwait: %s\n", strerror(errno));
			return -1;
		}
	}
}

static int
post(sem_t *s)
{
	if (sem_post(s) == 0)
		return 0;
	fprintf(stderr, "barrier_wait: sem_post: %s\n", strerror(errno));
	return -1;
}

/* The last one in: open the gate for the N-1 waiters, wait until they all went through. */
static int
open_gate(struct barrier *b)
{
	b->count = 0;
	for (int i = 0; i < b->n - 1; i++)
		if (post(&b->gate) == -1)
			return -1;
	for (int i = 0; i < b->n - 1; i++)
		if (take(&b->left) == -1)
			return -1;
	return post(&b->guard);
}

int
barrier_wait(struct barrier *b)
{
	if (take(&b->guard) == -1)
		return -1;
	if (++b->count == b->n)
		return open_gate(b);
	if (post(&b->guard) == -1 || take(&b->gate) == -1)
		return -1;
	return post(&b->left);
}

int
barrier_destroy(struct barrier *b)
{
	int e = 0;

	if (sem_destroy(&b->guard) == -1 || sem_destroy(&b->gate) == -1 ||
	    sem_destroy(&b->left) == -1)
		e = errno;
	if (munmap(b, sizeof *b) == -1)
		return -1;
	if (e != 0) {
		errno = e;
		return -1;
	}
	return 0;
}
