/* SPDX-License-Identifier: MIT */
/*
 * test_bank.c: the driving side of exercise 03 (bank balance). Do not change this file.
 *
 * The judge (judge_bank.c) chooses every balance and amount and decides; this file calls
 * the student's functions with them and reports what it saw. The race tests start the
 * depositors and withdrawers themselves, one process each, in the judge's order, hold
 * them at a start line and release them together, so that without a lock their
 * read-think-write steps overlap on every run. Per trial it reports the final balance,
 * how many processes were inside lab_think() (between reading and writing) at the same
 * time, and how many times lab_think() was called.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "labtest.h"
#include "bank.h"

#define MAXP 16

struct race {
	struct account account;         /* what the student's code works on */
	int	go;                     /* the start line */
	int	ready;                  /* processes waiting at the start line */
	long	amount[MAXP];           /* > 0: deposit, < 0: withdraw */
	int	ops;                    /* operations per process */
};
static struct race *race;

/* glibc keeps PTHREAD_PROCESS_SHARED as bit 128 of the mutex's kind. */
static int
mutex_is_shared(const pthread_mutex_t *m)
{
	return (m->__data.__kind & 128) != 0;
}

static void
init_account(struct account *a, long balance)
{
	int err = account_init(a, balance);

	if (err == ENOSYS)
		lab_fail("account_init: not written yet: see TODO in bank.c");
	if (err != 0)
		lab_fail("account_init returned %d (%s), expected 0", err, lab_strerror(err));
	if (a->balance != balance)
		lab_fail("account_init: the balance should start at %ld, it is %ld",
		    balance, a->balance);
	if (!mutex_is_shared(&a->lock))
		lab_fail("account_init: the lock is not process-shared, so it cannot work "
		    "between processes: give pthread_mutex_init an attribute set with "
		    "pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)");
}

static void
test_init(void)
{
	struct account *a = lab_shared(sizeof *a);
	int err;

	init_account(a, lab_input_long("start"));
	lab_report_long("balance", a->balance);
	err = account_destroy(a);
	if (err != 0)
		lab_fail("account_destroy returned %d (%s), expected 0", err, lab_strerror(err));
}

/* glibc notes the thread holding a mutex in __owner. */
static void
expect_unlocked(const struct account *a, const char *what)
{
	if (a->lock.__data.__owner == gettid())
		lab_fail("%s returned still holding the lock: it never unlocked it, so every "
		    "other process would wait forever (unlock after writing the balance)", what);
}

static void
test_one_deposit(void)
{
	struct account *a = lab_shared(sizeof *a);
	struct lab_counts c;

	init_account(a, lab_input_long("start"));
	lab_counts_reset();
	deposit(a, lab_input_long("deposit"));
	expect_unlocked(a, "deposit");
	c = lab_counts();
	lab_report_long("after_deposit", a->balance);
	lab_report_counts("deposit_counts", &c);
	lab_counts_reset();
	withdraw(a, lab_input_long("withdrawal"));
	expect_unlocked(a, "withdraw");
	c = lab_counts();
	lab_report_long("after_withdrawal", a->balance);
	lab_report_counts("withdrawal_counts", &c);
	account_destroy(a);
}

/* One depositor or withdrawer: wait at the start line, then do its operations. */
static void
customer(void *arg)
{
	int i = (int)(long)arg;

	__atomic_add_fetch(&race->ready, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&race->go, __ATOMIC_SEQ_CST))
		usleep(100);
	for (int k = 0; k < race->ops; k++) {
		if (race->amount[i] > 0)
			deposit(&race->account, race->amount[i]);
		else
			withdraw(&race->account, -race->amount[i]);
		expect_unlocked(&race->account, race->amount[i] > 0 ? "deposit" : "withdraw");
	}
}

/* One trial: a process per amount (in the judge's order), released together; its final
 * balance, the most processes thinking at once and the lab_think() calls into the reports. */
static void
trial(int k, long *balance, long *max_thinking, long *thinks)
{
	pid_t pids[MAXP];
	char name[32];
	int n;

	snprintf(name, sizeof name, "start_%d", k);
	init_account(&race->account, lab_input_long(name));
	snprintf(name, sizeof name, "amounts_%d", k);
	n = (int)lab_input_longs(name, race->amount, MAXP);
	race->ops = (int)lab_input_long("ops");
	race->go = 0;
	race->ready = 0;
	lab_counts_reset();
	for (int i = 0; i < n; i++)
		pids[i] = lab_spawn(customer, (void *)(long)i);
	while (__atomic_load_n(&race->ready, __ATOMIC_SEQ_CST) < n)
		usleep(200);
	__atomic_store_n(&race->go, 1, __ATOMIC_SEQ_CST);
	for (int i = 0; i < n; i++)
		if (lab_join_within(pids[i], 5000) == LAB_TIMED_OUT) {
			for (int j = i + 1; j < n; j++)
				lab_join_within(pids[j], 0);
			lab_fail("deadlock: a depositor or withdrawer waited more than 5 s, most "
			    "likely for the lock: does every pthread_mutex_lock have its "
			    "pthread_mutex_unlock?");
		}
	*balance = race->account.balance;
	*max_thinking = lab_counts().max_thinking;
	*thinks = lab_counts().thinks;
	account_destroy(&race->account);
}

/* The judge's trials, one after the other. */
static void
test_trials(long think_us)
{
	long balance[8], max_thinking[8], thinks[8];
	int n = (int)lab_input_long("trials");

	if (n < 1 || n > 8)
		lab_fail("harness: %d trials (1 to 8)", n);
	race = lab_shared(sizeof *race);
	LAB_WATCH("balance", race->account.balance);
	lab_set_think_us(think_us);
	lab_set_think_overlap(true);
	for (int k = 0; k < n; k++)
		trial(k + 1, &balance[k], &max_thinking[k], &thinks[k]);
	lab_report_longs("balances", balance, (size_t)n);
	lab_report_longs("max_thinking", max_thinking, (size_t)n);
	lab_report_longs("thinks", thinks, (size_t)n);
}

/* The notebook: balance 100, 5 depositors of 100 and 5 withdrawers of 50: 350. */
static void
test_race_5_and_5(void)
{
	test_trials(10000);
}

/* Random amounts, two operations per process: deposits alone, withdrawals alone, both. */
static void
test_race_random(void)
{
	test_trials(3000);
}

LAB_MAIN(LAB_TEST(init), LAB_TEST(one_deposit), LAB_TEST(race_5_and_5), LAB_TEST(race_random))
