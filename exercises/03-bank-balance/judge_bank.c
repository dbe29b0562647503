/* SPDX-License-Identifier: MIT */
/*
 * judge_bank.c: the judge of exercise 03 (bank balance). It chooses the balances and
 * amounts of every test from the seed, and decides from what test_bank.c reports: the
 * expected balances are computed here, from the judge's own inputs, never taken from
 * the test program. The race tests run trials of depositors alone, withdrawers alone and
 * both, so that a lost update names the function that lost it.
 */
#include "judge.h"

#include <stdio.h>

#define MAXP	16
#define TRIALS	8

static const struct judge_report reports[] = {
	JUDGE_LONG("balance", LONG_MIN, LONG_MAX),
	JUDGE_LONG("after_deposit", LONG_MIN, LONG_MAX),
	JUDGE_LONG("after_withdrawal", LONG_MIN, LONG_MAX),
	JUDGE_COUNTS("deposit_counts"),
	JUDGE_COUNTS("withdrawal_counts"),
	JUDGE_LONGS("balances", LONG_MIN, LONG_MAX, TRIALS),
	JUDGE_LONGS("max_thinking", 0, MAXP, TRIALS),
	JUDGE_LONGS("thinks", 0, LONG_MAX, TRIALS),
};

static void
plan_init(struct judge *j)
{
	judge_input_long(j, "start", 100 + (long)judge_random_below(j, 900));
}

static void
decide_init(struct judge *j)
{
	judge_expect_long(j, "balance after account_init", judge_in_long(j, "start"),
	    judge_long(j, "balance"));
}

static void
plan_one_deposit(struct judge *j)
{
	judge_input_long(j, "start", 100 + (long)judge_random_below(j, 900));
	judge_input_long(j, "deposit", 1 + (long)judge_random_below(j, 500));
	judge_input_long(j, "withdrawal", 1 + (long)judge_random_below(j, 500));
}

/* One call of WHAT in the harness process: one lab_think (the harness checked that the
 * lock was released: a trylock loop or a semaphore is as good as pthread_mutex_lock, so
 * the calls are not counted here). */
static void
one_call(struct judge *j, const char *what, const char *counts, const char *after,
    long expected)
{
	struct lab_counts c = judge_counts(j, counts);
	char msg[128];

	if (judge_failed(j))
		return;
	/* TRANSLATORS: %s is the student's function, deposit or withdraw */
	if (c.thinks != 1)
		judge_fail(j, lab_ngettext("%s called lab_think() %ld time, expected once: read "
		    "the balance, change it, call lab_think(), then write it", "%s called "
		    "lab_think() %ld times, expected once: read the balance, change it, call "
		    "lab_think(), then write it", (unsigned long)c.thinks), what, c.thinks);
	/* TRANSLATORS: %s is the student's function, deposit or withdraw */
	snprintf(msg, sizeof msg, _("balance after %s"), what);
	judge_expect_long(j, msg, expected, judge_long(j, after));
}

static void
decide_one_deposit(struct judge *j)
{
	long start = judge_in_long(j, "start"), d = judge_in_long(j, "deposit");

	one_call(j, "deposit", "deposit_counts", "after_deposit", start + d);
	one_call(j, "withdraw", "withdrawal_counts", "after_withdrawal",
	    start + d - judge_in_long(j, "withdrawal"));
}

/* Trial K: AMOUNTS (> 0 deposit, < 0 withdraw), one process each, shuffled. */
static void
plan_trial(struct judge *j, int k, long start, long *amounts, size_t n)
{
	char name[32];

	for (size_t i = n - 1; i > 0; i--) {
		size_t r = (size_t)judge_random_below(j, i + 1);
		long t = amounts[i];

		amounts[i] = amounts[r];
		amounts[r] = t;
	}
	snprintf(name, sizeof name, "start_%d", k);
	judge_input_long(j, name, start);
	snprintf(name, sizeof name, "amounts_%d", k);
	judge_input_longs(j, name, amounts, n);
}

static void
plan_race_5_and_5(struct judge *j)
{
	long amounts[10];

	judge_input_long(j, "ops", 1);
	judge_input_long(j, "trials", 2);
	for (int k = 1; k <= 2; k++) {
		for (int i = 0; i < 10; i++)
			amounts[i] = i < 5 ? 100 : -50;
		plan_trial(j, k, 100, amounts, 10);
	}
}

static void
plan_race_random(struct judge *j)
{
	long amounts[MAXP];
	int d = 2 + (int)judge_random_below(j, 5), w = 2 + (int)judge_random_below(j, 5);

	judge_input_long(j, "ops", 2);
	judge_input_long(j, "trials", 3);
	for (int k = 1; k <= 3; k++) {
		size_t n = 0;

		for (int i = 0; i < d && k != 2; i++)
			amounts[n++] = 1 + (long)judge_random_below(j, 500);
		for (int i = 0; i < w && k != 1; i++)
			amounts[n++] = -1 - (long)judge_random_below(j, 500);
		plan_trial(j, k, (long)judge_random_below(j, 1000), amounts, n);
	}
}

/* Who raced in trial K: "depositors", "withdrawers" or both. */
static const char *
who(const long *amounts, size_t n)
{
	size_t deposits = 0;

	for (size_t i = 0; i < n; i++)
		deposits += amounts[i] > 0;
	return deposits == n ? "deposit" : deposits == 0 ? "withdraw" : NULL;
}

static void
decide_trial(struct judge *j, int k, long ops, long balance, long max_thinking, long thinks)
{
	char name[32];
	size_t n;
	const long *amounts;
	const char *fn;
	long expected;

	snprintf(name, sizeof name, "amounts_%d", k);
	amounts = judge_in_longs(j, name, &n);
	snprintf(name, sizeof name, "start_%d", k);
	expected = judge_in_long(j, name);
	for (size_t i = 0; i < n; i++)
		expected += amounts[i] * ops;
	fn = who(amounts, n);
	if (balance != expected) {
		char e[32], a[32];

		snprintf(e, sizeof e, "%ld", expected);
		snprintf(a, sizeof a, "%ld", balance);
		/* TRANSLATORS: %s is the student's function, deposit or withdraw */
		if (fn != NULL)
			judge_fail_values(j, e, a, "lost update in %s: with %zu processes calling "
			    "only %s at the same time the final balance should be %ld, it is %ld: "
			    "two of them read the same balance and one overwrote the other's "
			    "update; in %s, hold the lock from before reading the balance until "
			    "after writing it", fn, n, fn, expected, balance, fn);
		else
			judge_fail_values(j, e, a, "lost update: the final balance should be %ld, "
			    "it is %ld: two processes read the same balance and one overwrote the "
			    "other's update; in deposit and in withdraw, hold the lock from before "
			    "reading the balance until after writing it", expected, balance);
	} else if (max_thinking > 1 && fn != NULL) {
		/* TRANSLATORS: the first %s is the student's function, deposit or withdraw */
		judge_fail(j, "lost update in %s: %ld processes were between reading and writing "
		    "the balance at the same time (the final balance was right by chance): "
		    "hold the lock from before reading until after writing", fn, max_thinking);
	} else if (max_thinking > 1) {
		judge_fail(j, "lost update: %ld processes were between reading and writing "
		    "the balance at the same time (the final balance was right by chance): "
		    "hold the lock from before reading until after writing", max_thinking);
	} else if (thinks != (long)n * ops) {
		/* TRANSLATORS: the first %ld (at least 2) counts calls of deposit and withdraw */
		judge_fail(j, lab_ngettext("the %ld operations called lab_think() %ld time: call "
		    "it once in each deposit and withdraw, between reading and writing",
		    "the %ld operations called lab_think() %ld times: call it once in each "
		    "deposit and withdraw, between reading and writing", (unsigned long)thinks),
		    (long)n * ops, thinks);
	}
}

static void
decide_race(struct judge *j)
{
	size_t n = (size_t)judge_in_long(j, "trials"), nb, nm, nt;
	const long *balances = judge_longs(j, "balances", &nb);
	const long *max_thinking = judge_longs(j, "max_thinking", &nm);
	const long *thinks = judge_longs(j, "thinks", &nt);

	if (judge_failed(j))
		return;
	if (nb != n || nm != n || nt != n) {
		/* TRANSLATORS: the test reported fewer trials than the judge planned */
		judge_fail(j, "the test reported %zu trials of %zu", nb, n);
		return;
	}
	for (size_t k = 0; k < n && !judge_failed(j); k++)
		decide_trial(j, (int)k + 1, judge_in_long(j, "ops"), balances[k],
		    max_thinking[k], thinks[k]);
}

#define decide_race_5_and_5 decide_race
#define decide_race_random decide_race

JUDGE_MAIN(reports, JUDGE_PLANNED(init), JUDGE_PLANNED(one_deposit),
    JUDGE_PLANNED(race_5_and_5), JUDGE_PLANNED(race_random))
