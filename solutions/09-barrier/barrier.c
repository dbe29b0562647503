/* SPDX-License-Identifier: MIT */
/*
 * barrier.c: a reusable barrier for processes (exercise 09), reference solution.
 *
 * A process-shared mutex and condition variable in shared memory, a count of the
 * processes that arrived in this round and a generation number. The last process
 * to arrive starts the next generation (count back to 0) and wakes everybody;
 * a waiter leaves when the generation it arrived in has ended, so a fast process
 * that already re-entered the barrier for the next round cannot confuse it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "barrier.h"

struct barrier {
	pthread_mutex_t	lock;
	pthread_cond_t	opened;
	int		n;              /* processes per round */
	int		count;          /* arrived in this round */
	unsigned long	generation;     /* rounds completed */
};

struct barrier *
barrier_create(int n)
{
	struct barrier *b;
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
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
	b->generation = 0;

	/* Both objects live in shared memory AND are marked process-shared. */
	if ((e = pthread_mutexattr_init(&ma)) != 0)
		goto out_unmap;
	if ((e = pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED)) != 0 ||
	    (e = pthread_mutex_init(&b->lock, &ma)) != 0) {
		pthread_mutexattr_destroy(&ma);
		goto out_unmap;
	}
	pthread_mutexattr_destroy(&ma);
	if ((e = pthread_condattr_init(&ca)) != 0)
		goto out_mutex;
	if ((e = pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED)) != 0 ||
	    (e = pthread_cond_init(&b->opened, &ca)) != 0) {
		pthread_condattr_destroy(&ca);
		goto out_mutex;
	}
	pthread_condattr_destroy(&ca);
	return b;

out_mutex:
	pthread_mutex_destroy(&b->lock);
out_unmap:
	munmap(b, sizeof *b);
	errno = e;
	return NULL;
}

static int
failed(const char *call, int e)
{
	fprintf(stderr, "barrier_wait: %s: %s\n", call, strerror(e));
	return -1;
}

int
barrier_wait(struct barrier *b)
{
	unsigned long my_generation;
	int e;

	if ((e = pthread_mutex_lock(&b->lock)) != 0)
		return failed("pthread_mutex_lock", e);
	my_generation = b->generation;
	b->count++;
	if (b->count == b->n) {
		/* The last one: open the barrier and set it up for the next round. */
		b->count = 0;
		b->generation++;
		if ((e = pthread_cond_broadcast(&b->opened)) != 0) {
			pthread_mutex_unlock(&b->lock);
			return failed("pthread_cond_broadcast", e);
		}
	} else {
		/* Wait until this round's generation is over (a loop: wake-ups can be spurious). */
		while (b->generation == my_generation) {
			if ((e = pthread_cond_wait(&b->opened, &b->lock)) != 0) {
				pthread_mutex_unlock(&b->lock);
				return failed("pthread_cond_wait", e);
			}
		}
	}
	if ((e = pthread_mutex_unlock(&b->lock)) != 0)
		return failed("pthread_mutex_unlock", e);
	return 0;
}

int
barrier_destroy(struct barrier *b)
{
	int e1 = pthread_cond_destroy(&b->opened);
	int e2 = pthread_mutex_destroy(&b->lock);

	if (munmap(b, sizeof *b) == -1)
		return -1;
	if (e1 != 0 || e2 != 0) {
		errno = e1 != 0 ? e1 : e2;
		return -1;
	}
	return 0;
}
