/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: the reusable two-phase semaphore barrier ("Little Book of
 * Semaphores", 3.7). The last process to arrive posts the first turnstile n times;
 * everybody then meets again at a second turnstile, which the last one to leave opens
 * n times, so nobody can lap the others into the next round.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "barrier.h"

struct barrier {
	sem_t	mutex;          /* 1: guards count */
	sem_t	in, out;        /* the two turnstiles, closed (0) */
	int	n, count;
};

struct barrier *
barrier_create(int n)
{
	struct barrier *b;

	if (n < 1) {
		errno = EINVAL;
		return NULL;
	}
	b = mmap(NULL, sizeof *b, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED)
		return NULL;
	b->n = n;
	b->count = 0;
	if (sem_init(&b->mutex, 1, 1) == -1 || sem_init(&b->in, 1, 0) == -1 ||
	    sem_init(&b->out, 1, 0) == -1) {
		int e = errno;

		munmap(b, sizeof *b);
		errno = e;
		return NULL;
	}
	return b;
}

static int
down(sem_t *s)
{
	while (sem_wait(s) == -1)
		if (errno != EINTR) {
			fprintf(stderr, "barrier_wait: sem_wait: %s\n", strerror(errno));
			return -1;
		}
	return 0;
}

static int
up(sem_t *s, int times)
{
	for (int i = 0; i < times; i++)
		if (sem_post(s) == -1) {
			fprintf(stderr, "barrier_wait: sem_post: %s\n", strerror(errno));
			return -1;
		}
	return 0;
}

/* One phase: count up (DIR 1) to n or down (-1) to 0; the last one opens GATE. */
static int
phase(struct barrier *b, int dir, sem_t *gate)
{
	int last;

	if (down(&b->mutex) == -1)
		return -1;
	b->count += dir;
	last = dir > 0 ? b->count == b->n : b->count == 0;
	if ((last && up(gate, b->n) == -1) || up(&b->mutex, 1) == -1)
		return -1;
	return down(gate);
}

int
barrier_wait(struct barrier *b)
{
	if (phase(b, 1, &b->in) == -1 || phase(b, -1, &b->out) == -1)
		return -1;
	return 0;
}

int
barrier_destroy(struct barrier *b)
{
	if (sem_destroy(&b->in) == -1 || sem_destroy(&b->out) == -1 ||
	    sem_destroy(&b->mutex) == -1)
		return -1;
	return munmap(b, sizeof *b);
}
