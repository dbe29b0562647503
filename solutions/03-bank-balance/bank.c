/* SPDX-License-Identifier: MIT */
/*
 * bank.c: exercise 03, reference solution.
 *
 * Python (notebook 002):                  C:
 *   lock = Lock()                           pthread_mutex_init with PTHREAD_PROCESS_SHARED,
 *                                           the mutex inside the shared account
 *   with lock:                              pthread_mutex_lock(&a->lock);
 *       local_copy = balance.value              read, change, lab_think(), write
 *       local_copy += amount
 *       time.sleep(0.2)
 *       balance.value = local_copy
 *                                           pthread_mutex_unlock(&a->lock);
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab.h"
#include "bank.h"

int
account_init(struct account *a, long balance)
{
	pthread_mutexattr_t attr;
	int err;

	a->balance = balance;
	err = pthread_mutexattr_init(&attr);
	if (err != 0)
		return err;
	/* The mutex lives in shared memory and is used by several processes. */
	err = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	if (err == 0)
		err = pthread_mutex_init(&a->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	return err;
}

/* A lock or unlock that fails means the account is broken: stop this process. */
static void
check(int err, const char *what)
{
	if (err != 0) {
		fprintf(stderr, "bank: %s: %s\n", what, strerror(err));
		exit(1);
	}
}

/* Read, change, think, write: all four under the lock, so no other process can read
 * the old balance in between. */
static void
update(struct account *a, long change)
{
	check(pthread_mutex_lock(&a->lock), "pthread_mutex_lock");
	long local_copy = a->balance;
	local_copy += change;
	lab_think();
	a->balance = local_copy;
	check(pthread_mutex_unlock(&a->lock), "pthread_mutex_unlock");
}

void
deposit(struct account *a, long amount)
{
	update(a, amount);
}

void
withdraw(struct account *a, long amount)
{
	update(a, -amount);
}

int
account_destroy(struct account *a)
{
	return pthread_mutex_destroy(&a->lock);
}
