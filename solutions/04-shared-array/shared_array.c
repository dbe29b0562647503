/* SPDX-License-Identifier: MIT */
/*
 * shared_array.c: exercise 04, reference solution: one process-shared lock per element.
 *
 * Python (notebook 002):                  C:
 *   for i in range(len(sh_array)):          for (int i = 0; i < a->n; i++) {
 *       with lock:                              pthread_mutex_lock(&a->locks[i]);
 *           time.sleep(0.1)                     read, lab_think(), write
 *           sh_array[i] += amount               pthread_mutex_unlock(&a->locks[i]);
 *                                           }
 * A lock per element lets two processes work on different elements at the same time;
 * only two processes on the same element wait for each other.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab.h"
#include "shared_array.h"

int
array_init(struct shared_array *a, const int *values, int n)
{
	pthread_mutexattr_t attr;
	int err, i;

	if (n < 1 || n > ARRAY_MAX)
		return EINVAL;
	err = pthread_mutexattr_init(&attr);
	if (err != 0)
		return err;
	/* The mutexes live in shared memory and are used by several processes. */
	err = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	for (i = 0; err == 0 && i < n; i++)
		err = pthread_mutex_init(&a->locks[i], &attr);
	pthread_mutexattr_destroy(&attr);
	if (err != 0) {
		for (int j = 0; j < i - 1; j++)         /* undo the ones already made */
			pthread_mutex_destroy(&a->locks[j]);
		return err;
	}
	for (i = 0; i < n; i++)
		a->items[i] = values[i];
	a->n = n;
	return 0;
}

/* A lock or unlock that fails means the array is broken: stop this process. */
static void
check(int err, const char *what)
{
	if (err != 0) {
		fprintf(stderr, "shared_array: %s: %s\n", what, strerror(err));
		exit(1);
	}
}

void
array_add(struct shared_array *a, int amount)
{
	for (int i = 0; i < a->n; i++) {
		check(pthread_mutex_lock(&a->locks[i]), "pthread_mutex_lock");
		int value = a->items[i];
		lab_think();
		a->items[i] = value + amount;
		check(pthread_mutex_unlock(&a->locks[i]), "pthread_mutex_unlock");
	}
}

int
array_destroy(struct shared_array *a)
{
	int err = 0;

	for (int i = 0; i < a->n; i++) {
		int e = pthread_mutex_destroy(&a->locks[i]);

		if (err == 0)
			err = e;
	}
	return err;
}
