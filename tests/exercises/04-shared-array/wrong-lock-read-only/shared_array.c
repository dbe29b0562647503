/* SPDX-License-Identifier: MIT */
/* Wrong: the lock covers only the read; the write happens after unlocking. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>

#include "lab.h"
#include "shared_array.h"

int
array_init(struct shared_array *a, const int *values, int n)
{
	pthread_mutexattr_t attr;
	int err;

	if (n < 1 || n > ARRAY_MAX)
		return EINVAL;
	if ((err = pthread_mutexattr_init(&attr)) != 0)
		return err;
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	for (int i = 0; i < n; i++) {
		a->items[i] = values[i];
		if ((err = pthread_mutex_init(&a->locks[i], &attr)) != 0)
			return err;
	}
	pthread_mutexattr_destroy(&attr);
	a->n = n;
	return 0;
}

int
array_destroy(struct shared_array *a)
{
	for (int i = 0; i < a->n; i++)
		pthread_mutex_destroy(&a->locks[i]);
	return 0;
}

void
array_add(struct shared_array *a, int amount)
{
	for (int i = 0; i < a->n; i++) {
		pthread_mutex_lock(&a->locks[i]);
		int value = a->items[i];
		pthread_mutex_unlock(&a->locks[i]);
		lab_think();
		a->items[i] = value + amount;
	}
}
