/* SPDX-License-Identifier: MIT */
/*
 * wrong-turnstile: the one-turnstile semaphore barrier ("Little Book of
 * Semaphores", 3.6.4): the last process opens the turnstile and every process
 * that goes through lets the next one in. It works once; afterwards the
 * turnstile stays open (and the count is never reset), so it is not reusable.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "barrier.h"

struct barrier {
	sem_t	mutex;          /* 1: protects count */
	sem_t	turnstile;      /* 0: closed */
	int	n;
	int	count;
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
	if (sem_init(&b->mutex, 1, 1) == -1 || sem_init(&b->turnstile, 1, 0) == -1) {
		int e = errno;

		munmap(b, sizeof *b);
		errno = e;
		return NULL;
	}
	return b;
}

static int
failed(const char *call)
{
	fprintf(stderr, "barrier_wait: %s: %s\n", call, strerror(errno));
	return -1;
}

int
barrier_wait(struct barrier *b)
{
	if (sem_wait(&b->mutex) == -1)
		return failed("sem_wait");
	b->count++;
	if (b->count == b->n && sem_post(&b->turnstile) == -1)
		return failed("sem_post");
	if (sem_post(&b->mutex) == -1)
		return failed("sem_post");
	if (sem_wait(&b->turnstile) == -1)
		return failed("sem_wait");
	if (sem_post(&b->turnstile) == -1)
		return failed("sem_post");
	return 0;
}

int
barrier_destroy(struct barrier *b)
{
	sem_destroy(&b->turnstile);
	sem_destroy(&b->mutex);
	return munmap(b, sizeof *b);
}
