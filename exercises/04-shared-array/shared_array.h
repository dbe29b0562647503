/* SPDX-License-Identifier: MIT */
/*
 * shared_array.h: exercise 04, shared array. Do not change this file: the tests use
 * the struct and call the functions exactly as declared here.
 */
#ifndef SHARED_ARRAY_H
#define SHARED_ARRAY_H

#include <pthread.h>

#define ARRAY_MAX 32

/*
 * An array of ints shared by several processes (the notebook's Array('i', ...)), with
 * one lock per element. You may use the locks one per element (locks[i] guards
 * items[i]) or use locks[0] alone for the whole array. The tests put the struct in
 * shared memory.
 */
struct shared_array {
	int		n;                      /* items[0..n-1] are in use */
	int		items[ARRAY_MAX];
	pthread_mutex_t	locks[ARRAY_MAX];
};

/*
 * Copy values[0..n-1] into the array (1 <= n <= ARRAY_MAX) and initialise locks[0..n-1]
 * as process-shared mutexes (all n of them, even if you use only locks[0]).
 * Returns 0, or an error number (EINVAL for a bad n, or what a pthread call returned).
 */
int array_init(struct shared_array *a, const int *values, int n);

/*
 * Add AMOUNT (which may be negative) to every element, like the notebook's
 * increase_item_val: for each element, read it, call lab_think(), write it back.
 * Several processes call this at the same time on the same array: no update may
 * be lost.
 */
void array_add(struct shared_array *a, int amount);

/* Destroy the n locks. Returns 0 or an error number. */
int array_destroy(struct shared_array *a);

#endif
