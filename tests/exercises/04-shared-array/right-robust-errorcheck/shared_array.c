/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: robust, error-checking process-shared mutexes, with
 * pthread_mutex_consistent after EOWNERDEAD.
 * (Written from the task README alone by a blind tester.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lab.h"
#include "shared_array.h"

int
array_init(struct shared_array *a, const int *values, int n)
{
	pthread_mutexattr_t attr;
	int r, i;
	if (n < 1 || n > ARRAY_MAX)
		return EINVAL;
	for (i = 0; i < n; i++)
		a->items[i] = values[i];
	a->n = n;
	if ((r = pthread_mutexattr_init(&attr)) != 0)
		return r;
	if ((r = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)) != 0)
		goto out;
	if ((r = pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST)) != 0)
		goto out;
	if ((r = pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK)) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if ((r = pthread_mutex_init(&a->locks[i], &attr)) != 0) {
			while (--i >= 0)
				pthread_mutex_destroy(&a->locks[i]);
			goto out;
		}
	}
out:
	pthread_mutexattr_destroy(&attr);
	return r;
}

int
array_destroy(struct shared_array *a)
{
	int first = 0;
	for (int i = a->n - 1; i >= 0; i--) {
		int r = pthread_mutex_destroy(&a->locks[i]);
		if (r && !first) first = r;
	}
	return first;
}
void
array_add(struct shared_array *a, int amount)
{
	for (int i = 0; i < a->n; i++) {
		int r = pthread_mutex_lock(&a->locks[i]);
		if (r == EOWNERDEAD)
			r = pthread_mutex_consistent(&a->locks[i]);
		if (r) { fprintf(stderr, "pthread_mutex_lock: %s\n", strerror(r)); abort(); }
		int value = a->items[i];
		lab_think();
		a->items[i] = value + amount;
		r = pthread_mutex_unlock(&a->locks[i]);
		if (r) { fprintf(stderr, "pthread_mutex_unlock: %s\n", strerror(r)); abort(); }
	}
}
