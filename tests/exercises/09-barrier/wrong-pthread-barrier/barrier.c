/* SPDX-License-Identifier: MIT */
/*
 * wrong-pthread-barrier: correct, but the exercise is to BUILD a barrier:
 * a ready-made process-shared pthread_barrier_t is not allowed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "barrier.h"

struct barrier {
	pthread_barrier_t b;
};

struct barrier *
barrier_create(int n)
{
	struct barrier *b;
	pthread_barrierattr_t a;
	int e;

	if (n < 1) {
		errno = EINVAL;
		return NULL;
	}
	b = mmap(NULL, sizeof *b, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (b == MAP_FAILED)
		return NULL;
	if ((e = pthread_barrierattr_init(&a)) != 0 ||
	    (e = pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_SHARED)) != 0 ||
	    (e = pthread_barrier_init(&b->b, &a, (unsigned)n)) != 0) {
		munmap(b, sizeof *b);
		errno = e;
		return NULL;
	}
	pthread_barrierattr_destroy(&a);
	return b;
}

int
barrier_wait(struct barrier *b)
{
	int e = pthread_barrier_wait(&b->b);

	if (e != 0 && e != PTHREAD_BARRIER_SERIAL_THREAD) {
		fprintf(stderr, "barrier_wait: pthread_barrier_wait: %s\n", strerror(e));
		return -1;
	}
	return 0;
}

int
barrier_destroy(struct barrier *b)
{
	pthread_barrier_destroy(&b->b);
	return munmap(b, sizeof *b);
}
