/* SPDX-License-Identifier: MIT */
/* Wrong: a default (process-private) mutex in shared memory. */
#define _GNU_SOURCE
#include <pthread.h>

#include "lab.h"
#include "bank.h"

int
account_init(struct account *a, long balance)
{
	a->balance = balance;
	return pthread_mutex_init(&a->lock, NULL);
}

int
account_destroy(struct account *a)
{
	return pthread_mutex_destroy(&a->lock);
}

static void
update(struct account *a, long change)
{
	pthread_mutex_lock(&a->lock);
	long local_copy = a->balance + change;
	lab_think();
	a->balance = local_copy;
	pthread_mutex_unlock(&a->lock);
}

void deposit(struct account *a, long amount) { update(a, amount); }
void withdraw(struct account *a, long amount) { update(a, -amount); }
