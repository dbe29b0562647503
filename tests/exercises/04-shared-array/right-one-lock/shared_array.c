/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: one lock for the whole array (locks[0], taken before the loop
 * and released after it); the other n - 1 locks are initialised but never used.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "lab.h"
#include "shared_array.h"

int
array_init(struct shared_array *a, const int *values, int n)
{
	pthread_mutexattr_t attr;
	int err = 0, made = 0;

	if (n < 1 || n > ARRAY_MAX)
		return EINVAL;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	while (made < n && (err = pthread_mutex_init(&a->locks[made], &attr)) == 0)
		made++;
	pthread_mutexattr_destroy(&attr);
	if (err != 0) {
		while (made > 0)
			pthread_mutex_destroy(&a->locks[--made]);
		return err;
	}
	a->n = n;
	for (int i = 0; i < n; i++)
		a->items[i] = values[i];
	return 0;
}

void
array_add(struct shared_array *a, int amount)
{
	if (pthread_mutex_lock(&a->locks[0]) != 0)
		abort();
	for (int i = 0; i < a->n; i++) {
		int value = a->items[i];

		lab_think();
		a->items[i] = value + amount;
	}
	pthread_mutex_unlock(&a->locks[0]);
}

int
array_destroy(struct shared_array *a)
{
	int first = 0;

	for (int i = 0; i < a->n; i++) {
		int err = pthread_mutex_destroy(&a->locks[i]);

		if (first == 0)
			first = err;
	}
	return first;
}
