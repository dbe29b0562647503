/* SPDX-License-Identifier: MIT */
/* Wrong: default (process-private) mutexes in shared memory. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>

#include "lab.h"
#include "shared_array.h"

int
array_init(struct shared_array *a, const int *values, int n)
{
	if (n < 1 || n > ARRAY_MAX)
		return EINVAL;
	for (int i = 0; i < n; i++) {
		a->items[i] = values[i];
		pthread_mutex_init(&a->locks[i], NULL);
	}
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
		lab_think();
		a->items[i] = value + amount;
		pthread_mutex_unlock(&a->locks[i]);
	}
}
