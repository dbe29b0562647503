/* SPDX-License-Identifier: MIT */
/*
 * wrong-timedwait-poll: a generation barrier whose waiters wait on the condition 1 ms
 * at a time, in a loop that looks at the generation again: every round works, but a
 * timed wait that short, in a loop, is polling (busy waiting by another name).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "barrier.h"

struct barrier {
	pthread_mutex_t	lock;
	pthread_cond_t	opened;
	int		n, count;
	unsigned long	generation;
};

struct barrier *
barrier_create(int n)
{
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
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
	b->generation = 0;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	if ((e = pthread_mutex_init(&b->lock, &ma)) == 0 &&
	    (e = pthread_cond_init(&b->opened, &ca)) != 0)
		pthread_mutex_destroy(&b->lock);
	pthread_mutexattr_destroy(&ma);
	pthread_condattr_destroy(&ca);
	if (e != 0) {
		munmap(b, sizeof *b);
		errno = e;
		return NULL;
	}
	return b;
}

static int
failed(const char *call, int e)
{
	fprintf(stderr, "barrier_wait: %s: %s\n", call, strerror(e));
	return -1;
}

/* Looks until the generation moves on, every millisecond. */
static int
sleep_out(struct barrier *b, unsigned long mine)
{
	while (b->generation == mine) {
		struct timespec t;
		int e;

		clock_gettime(CLOCK_MONOTONIC, &t);
		t.tv_nsec += 1000000L;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000L;
		}
		e = pthread_cond_timedwait(&b->opened, &b->lock, &t);
		if (e != 0 && e != ETIMEDOUT)
			return failed("pthread_cond_timedwait", e);
	}
	return 0;
}

int
barrier_wait(struct barrier *b)
{
	unsigned long mine;
	int e, rc = 0;

	if ((e = pthread_mutex_lock(&b->lock)) != 0)
		return failed("pthread_mutex_lock", e);
	mine = b->generation;
	if (++b->count == b->n) {
		b->count = 0;
		b->generation++;
		if ((e = pthread_cond_broadcast(&b->opened)) != 0)
			rc = failed("pthread_cond_broadcast", e);
	} else {
		rc = sleep_out(b, mine);
	}
	if ((e = pthread_mutex_unlock(&b->lock)) != 0)
		return failed("pthread_mutex_unlock", e);
	return rc;
}

int
barrier_destroy(struct barrier *b)
{
	int e1 = pthread_cond_destroy(&b->opened), e2 = pthread_mutex_destroy(&b->lock);

	if (munmap(b, sizeof *b) == -1)
		return -1;
	if (e1 != 0 || e2 != 0) {
		errno = e1 != 0 ? e1 : e2;
		return -1;
	}
	return 0;
}
