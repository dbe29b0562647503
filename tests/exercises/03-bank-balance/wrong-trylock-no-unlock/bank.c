/* SPDX-License-Identifier: MIT */
/* Wrong: the lock taken with pthread_mutex_trylock in a yield loop, and never given back:
 * the other processes try again and again, forever (a livelock, not a deadlock). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>

#include "lab.h"
#include "bank.h"

int
account_init(struct account *a, long balance)
{
	pthread_mutexattr_t attr;
	int err;

	if ((err = pthread_mutexattr_init(&attr)) != 0)
		return err;
	err = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	if (err == 0)
		err = pthread_mutex_init(&a->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	a->balance = balance;
	return err;
}

static void
take(pthread_mutex_t *m)
{
	while (pthread_mutex_trylock(m) == EBUSY)
		sched_yield();
}

static void
change(struct account *a, long amount)
{
	take(&a->lock);
	long local = a->balance + amount;
	lab_think();
	a->balance = local;
	/* (no pthread_mutex_unlock) */
}

void deposit(struct account *a, long amount) { change(a, amount); }
void withdraw(struct account *a, long amount) { change(a, -amount); }

int
account_destroy(struct account *a)
{
	return pthread_mutex_destroy(&a->lock);
}
