/* SPDX-License-Identifier: MIT */
/*
 * test_bank.c: the tests of exercise 03 (bank balance). Do not change this file.
 *
 * The race tests start the depositors and withdrawers themselves, one process each,
 * hold them at a start line and release them together, so that without a lock their
 * read-think-write steps overlap on every run. Two measurements decide: the final
 * balance, and how many processes were inside lab_think() (between reading and
 * writing) at the same time, which must never be more than one.
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
		lab_fail("account_init returned %d (%s), expected 0", err, strerror(err));
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

	init_account(a, 100);
	lab_expect_long("balance after account_init", 100, a->balance);
	err = account_destroy(a);
	if (err != 0)
		lab_fail("account_destroy returned %d (%s), expected 0", err, strerror(err));
}

/* After one call of deposit or withdraw in this process. */
static void
after_one(const char *what, long expected, struct account *a, long thinks)
{
	struct lab_counts c = lab_counts();
	char msg[64];

	if (c.thinks != thinks)
		lab_fail("%s called lab_think() %ld times, expected once: read the balance, "
		    "change it, call lab_think(), then write it", what, c.thinks - (thinks - 1));
	if (c.mutex_locks != c.mutex_unlocks)
		lab_fail("%s took the lock and never unlocked it: every process after it "
		    "would wait forever (unlock after writing the balance)", what);
	snprintf(msg, sizeof msg, "balance after %s", what);
	lab_expect_long(msg, expected, a->balance);
}

static void
test_one_deposit(void)
{
	struct account *a = lab_shared(sizeof *a);
	long start = 100 + (long)lab_random_below(900);
	long d = 1 + (long)lab_random_below(500), w = 1 + (long)lab_random_below(500);

	init_account(a, start);
	lab_counts_reset();
	deposit(a, d);
	after_one("deposit", start + d, a, 1);
	withdraw(a, w);
	after_one("withdraw", start + d - w, a, 2);
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
		/* glibc notes the thread holding a mutex in __owner. */
		if (race->account.lock.__data.__owner == gettid())
			lab_fail("%s returned still holding the lock: it never unlocked it, so "
			    "every other process would wait forever (unlock after writing the "
			    "balance)", race->amount[i] > 0 ? "deposit" : "withdraw");
	}
}

/* One trial: N processes with the given amounts, released together. */
static void
trial(int n, long start, int ops)
{
	pid_t pids[MAXP];
	int order[MAXP];
	long expected = start;
	struct lab_counts c;
	char e[32], a[32];

	race->ops = ops;
	init_account(&race->account, start);
	race->go = 0;
	race->ready = 0;
	for (int i = 0; i < n; i++) {
		expected += race->amount[i] * ops;
		order[i] = i;
	}
	/* Start them in a seeded order: depositors first, withdrawers first, or mixed. */
	for (int i = n - 1; i > 0; i--) {
		int j = (int)lab_random_below((uint64_t)i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	lab_counts_reset();
	for (int i = 0; i < n; i++)
		pids[i] = lab_spawn(customer, (void *)(long)order[i]);
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
	c = lab_counts();
	snprintf(e, sizeof e, "%ld", expected);
	snprintf(a, sizeof a, "%ld", race->account.balance);
	if (race->account.balance != expected)
		lab_fail_values(e, a, "lost update: the final balance should be %ld, it is %ld: "
		    "two processes read the same balance and one overwrote the other's update; "
		    "hold the lock from before reading the balance until after writing it",
		    expected, race->account.balance);
	if (c.max_thinking > 1)
		lab_fail_values(e, a, "lost update: %ld processes were between reading and "
		    "writing the balance at the same time (the final balance was right by "
		    "chance): hold the lock from before reading until after writing",
		    c.max_thinking);
	if (c.thinks != (long)n * ops)
		lab_fail("the %d operations called lab_think() %ld times: call it once in each "
		    "deposit and withdraw, between reading and writing", n * ops, c.thinks);
	account_destroy(&race->account);
}

/* The notebook: balance 100, 5 depositors of 100 and 5 withdrawers of 50: 350. */
static void
test_race_5_and_5(void)
{
	race = lab_shared(sizeof *race);
	for (int i = 0; i < 10; i++)
		race->amount[i] = i < 5 ? 100 : -50;
	lab_set_think_us(10000);
	for (int t = 0; t < 2; t++)
		trial(10, 100, 1);
}

/* Random counts and amounts, two operations per process. */
static void
test_race_random(void)
{
	int d = 2 + (int)lab_random_below(5), w = 2 + (int)lab_random_below(5);

	race = lab_shared(sizeof *race);
	for (int i = 0; i < d + w; i++)
		race->amount[i] = (i < d ? 1 : -1) * (1 + (long)lab_random_below(500));
	lab_set_think_us(3000);
	trial(d + w, (long)lab_random_below(1000), 2);
}

LAB_MAIN(LAB_TEST(init), LAB_TEST(one_deposit), LAB_TEST(race_5_and_5), LAB_TEST(race_random))
