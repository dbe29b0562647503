/* SPDX-License-Identifier: MIT */
/*
 * bank.h: exercise 03, bank balance. Do not change this file: the tests use the
 * account and call the functions exactly as declared here.
 */
#ifndef BANK_H
#define BANK_H

#include <pthread.h>

/*
 * One bank account. The tests put it in memory shared by all processes (like the
 * notebook's Value('i', 100)) and start the depositors and withdrawers themselves.
 */
struct account {
	long		balance;
	pthread_mutex_t	lock;   /* the lock every process uses for this account */
};

/*
 * Set up *a: balance BALANCE and a lock that works between processes.
 * Returns 0, or an error number (like pthread functions do) if that failed.
 */
int account_init(struct account *a, long balance);

/*
 * Add AMOUNT to the balance (deposit) or take it away (withdraw), like the
 * notebook: read the balance into a local variable, change it, call lab_think()
 * (the "heavy computation"), then write it back. Several processes call these at
 * the same time on the same account: no update may be lost.
 */
void deposit(struct account *a, long amount);
void withdraw(struct account *a, long amount);

/* Release what account_init set up. Returns 0 or an error number. */
int account_destroy(struct account *a);

#endif
