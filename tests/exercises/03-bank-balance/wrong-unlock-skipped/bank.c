/* SPDX-License-Identifier: MIT */
/* Wrong: withdraw returns early, still holding the lock, when the balance is short (a
 * blind pass: the deadlock then named as holder whoever had last retried the lock). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include "lab.h"
#include "bank.h"

int
account_init(struct account *a, long balance)
{
	pthread_mutexattr_t attr;
	int e;
	a->balance = balance;
	if ((e = pthread_mutexattr_init(&attr)) != 0) return e;
	if ((e = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)) != 0) {
		pthread_mutexattr_destroy(&attr); return e;
	}
	e = pthread_mutex_init(&a->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	return e;
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
	if (local_copy < amount) return;	/* WRONG: no unlock on this path */
	local_copy -= amount;
	lab_think();
	a->balance = local_copy;
	pthread_mutex_unlock(&a->lock);
}

int
account_destroy(struct account *a)
{
	return pthread_mutex_destroy(&a->lock);
}
