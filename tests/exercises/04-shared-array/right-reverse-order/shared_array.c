/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: a lock per element, taken and released around each element while
 * the loop walks the array from its last element to its first.
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
	for (int i = a->n - 1; i >= 0; i--) {
		pthread_mutex_t *m = &a->locks[i];
		pthread_mutex_lock(m);
		int *slot = &a->items[i];
		int value = *slot;
		lab_think();
		*slot = value + amount;
		pthread_mutex_unlock(m);
	}
}
