/* SPDX-License-Identifier: MIT */
/* Wrong: withdraw returns without unlocking. */
#define _GNU_SOURCE
#include <pthread.h>

#include "lab.h"
#include "bank.h"

int
account_init(struct account *a, long balance)
{
	pthread_mutexattr_t attr;
	int err;

	a->balance = balance;
	if ((err = pthread_mutexattr_init(&attr)) != 0)
		return err;
	if ((err = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)) == 0)
		err = pthread_mutex_init(&a->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	return err;
}

int
account_destroy(struct account *a)
{
	return pthread_mutex_destroy(&a->lock);
}

void
deposit(struct account *a, long amount)
{
	pthread_mutex_lock(&a->lock);
	long local_copy = a->balance;
	local_copy += amount;
	lab_think();
	a->balance = local_copy;
	pthread_mutex_unlock(&a->lock);
}

void
withdraw(struct account *a, long amount)
{
	pthread_mutex_lock(&a->lock);
	long local_copy = a->balance;
	local_copy -= amount;
	lab_think();
	a->balance = local_copy;
}
