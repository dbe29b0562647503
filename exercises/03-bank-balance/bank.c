/* SPDX-License-Identifier: MIT */
/*
 * bank.c: exercise 03, bank balance. Fix the race (see bank.h and README.md).
 * Check your work with:  proclab check 3
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>

#include "lab.h"
#include "bank.h"

int
account_init(struct account *a, long balance)
{
	a->balance = balance;
	/*
	 * TODO 1: initialise a->lock so that it works between processes:
	 *         a pthread_mutexattr_t with PTHREAD_PROCESS_SHARED.
	 *         Return 0 when it worked, the error number otherwise.
	 */
	return ENOSYS;          /* "not written yet": remove this when you write the function */
}

void
deposit(struct account *a, long amount)
{
	/* TODO 2: this is the notebook's race: two processes can both read the same
	 *         balance and one update is lost. Hold a->lock around all three steps. */
	long local_copy = a->balance;   /* read */
	local_copy += amount;           /* change */
	lab_think();                    /* heavy computation */
	a->balance = local_copy;        /* write */
}

void
withdraw(struct account *a, long amount)
{
	/* TODO 3: the same as deposit. */
	long local_copy = a->balance;
	local_copy -= amount;
	lab_think();
	a->balance = local_copy;
}

int
account_destroy(struct account *a)
{
	/* TODO 4: destroy the lock. */
	(void)a;
	return 0;
}
