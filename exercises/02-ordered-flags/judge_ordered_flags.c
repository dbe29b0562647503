/* SPDX-License-Identifier: MIT */
/*
 * judge_ordered_flags.c: the judge of exercise 02 (ordered flags). It chooses which
 * process starts first and how long funcao1 may be held back in each trial, and decides
 * from what test_ordered_flags.c reports. The hold times of a test's trials are 300 ms
 * apart, so a funcao2 that sleeps a fixed time instead of waiting on the semaphore
 * either computes before funcao1 (its sleep is shorter than the hold) or returns long
 * after funcao1 posted, on all trials but at most one, whatever it sleeps. Checked in
 * this order, over all trials: the results, how soon funcao2 went on after funcao1,
 * then whether funcao2's process burnt CPU time while it waited (busy waiting).
 */
#define _GNU_SOURCE                     /* memmem */
#include "judge.h"

#include <stdio.h>
#include <string.h>

#define TRIALS		3
#define OUT_MAX		512
#define HOLD_STEP_MS	300     /* between the hold times of a test's trials */
#define LAG_MAX_MS	200     /* funcao2 must return this soon after funcao1 */
#define BUSY_MIN_US	20000   /* busy waiting: at least this much CPU time ... */
#define BUSY_PERCENT	10      /* ... and this share of the time funcao1 was held back */

enum release { RELEASED_WAITING = 1, RELEASED_RETURNED, RELEASED_TIMEOUT };

static const struct judge_report reports[] = {
	JUDGE_LONG("valor", INT_MIN, INT_MAX),
	JUDGE_LONG("status", INT_MIN, INT_MAX),
	JUDGE_LONG("sem_value", INT_MIN, INT_MAX),
	JUDGE_LONGS("res1", INT_MIN, INT_MAX, TRIALS),
	JUDGE_LONGS("res2", INT_MIN, INT_MAX, TRIALS),
	JUDGE_LONGS("released", RELEASED_WAITING, RELEASED_TIMEOUT, TRIALS),
	JUDGE_LONGS("held_ms", 0, LONG_MAX, TRIALS),
	JUDGE_LONGS("lag_ms", LONG_MIN, LONG_MAX, TRIALS),
	JUDGE_LONGS("cpu_us", 0, LONG_MAX, TRIALS),
	JUDGE_LONGS("out1", 0, 255, OUT_MAX),
	JUDGE_LONGS("out2", 0, 255, OUT_MAX),
};

static void
decide_init(struct judge *j)
{
	judge_expect_long(j, "valor after flags_init", 100, judge_long(j, "valor"));
	judge_expect_long(j, "status after flags_init", 0, judge_long(j, "status"));
	if (!judge_failed(j) && judge_long(j, "sem_value") != 0)
		judge_fail(j, "flags_init: the semaphore starts at %ld, so funcao2 would not "
		    "wait: start it at 0 (sem_init's third argument)", judge_long(j, "sem_value"));
}

/* N trials whose hold times are BASE, BASE + 300, ... ms, in a random order. */
static void
plan_trials(struct judge *j, long first, size_t n)
{
	long hold[TRIALS], base = 60 + (long)judge_random_below(j, 40);

	for (size_t k = 0; k < TRIALS; k++)
		hold[k] = base + (long)k * HOLD_STEP_MS;
	for (size_t k = TRIALS - 1; k > 0; k--) {
		size_t r = (size_t)judge_random_below(j, k + 1);
		long t = hold[k];

		hold[k] = hold[r];
		hold[r] = t;
	}
	judge_input_long(j, "first", first);
	judge_input_longs(j, "hold_ms", hold, n);
}

static void
plan_funcao1_started_first(struct judge *j)
{
	plan_trials(j, 1, TRIALS);
}

static void
plan_funcao2_started_first(struct judge *j)
{
	plan_trials(j, 0, TRIALS);
}

static void
plan_prints(struct judge *j)
{
	plan_trials(j, (long)judge_random_below(j, 2), 1);
}

/* Trial K's results: 120 then 230. */
static void
check_results(struct judge *j, long res1, long res2, long released, long held_ms)
{
	char a[64];

	if (res1 == 120 && res2 == 230)
		return;
	/* TRANSLATORS: the values funcao1 and funcao2 returned, in that order */
	snprintf(a, sizeof a, _("%ld then %ld"), res1, res2);
	if (res1 == 410 && res2 == 140 && released == RELEASED_RETURNED && held_ms >= 20)
		judge_fail_values(j, _("120 then 230"), a, "funcao2 ran before funcao1 (funcao2 "
		    "returned 140, funcao1 410): funcao2 returned after %ld ms while funcao1's "
		    "process was still held back: waiting a while is never enough (the test "
		    "holds funcao1 back for as long as funcao2 neither waits on the semaphore "
		    "nor returns): funcao2 must wait on the semaphore until funcao1 posts it",
		    held_ms);
	else if (res1 == 410 && res2 == 140 && released == RELEASED_RETURNED)
		judge_fail_values(j, _("120 then 230"), a, "funcao2 ran before funcao1 (funcao2 "
		    "returned 140, funcao1 410): funcao2 returned at once, without waiting for "
		    "funcao1: funcao2 must wait on the semaphore until funcao1 posts it, "
		    "whichever process starts first");
	else if (res1 == 410 && res2 == 140)
		judge_fail_values(j, _("120 then 230"), a, "funcao2 ran before funcao1 (funcao2 "
		    "returned 140, funcao1 410): funcao2 must wait on the semaphore until "
		    "funcao1 has finished, whichever process starts first");
	else if (res1 == 120 && res2 == 140)
		judge_fail_values(j, _("120 then 230"), a, "funcao2 returned 140: it read valor and "
		    "status before funcao1 had written them: post the semaphore at the end of "
		    "funcao1");
	else
		judge_fail_values(j, _("120 then 230"), a, "expected funcao1 to return 120 and "
		    "funcao2 230, got %ld and %ld", res1, res2);
}

/* funcao2 went on long after funcao1 had finished: it waited a time of its own. */
static void
check_lag(struct judge *j, long lag_ms)
{
	if (lag_ms > LAG_MAX_MS)
		judge_fail(j, "funcao2 returned %ld ms after funcao1 had finished and posted: it "
		    "did not go on when funcao1 posted but after a time of its own (a sleep?): "
		    "waiting a while is never enough: wait with sem_wait, which returns as soon "
		    "as funcao1 posts", lag_ms);
}

/* funcao2's process ran all the time it waited: a loop that checks again and again. */
static void
check_busy(struct judge *j, long cpu_us, long held_ms)
{
	if (cpu_us >= BUSY_MIN_US && cpu_us * 100 >= held_ms * 1000 * BUSY_PERCENT)
		judge_fail(j, "funcao2 busy-waited: its process used %ld ms of CPU time while "
		    "funcao1 was held back for %ld ms (a loop that checks status or the "
		    "semaphore over and over keeps a CPU busy): wait with sem_wait, which "
		    "sleeps until funcao1 posts", cpu_us / 1000, held_ms);
}

static void
decide_trials(struct judge *j)
{
	size_t n, n1, n2, nr, nh, nl, nc;
	const long *hold = judge_in_longs(j, "hold_ms", &n);    /* N: the trials */
	const long *res1 = judge_longs(j, "res1", &n1), *res2 = judge_longs(j, "res2", &n2);
	const long *released = judge_longs(j, "released", &nr);
	const long *held = judge_longs(j, "held_ms", &nh);
	const long *lag = judge_longs(j, "lag_ms", &nl), *cpu = judge_longs(j, "cpu_us", &nc);

	(void)hold;
	if (judge_failed(j))
		return;
	if (n1 != n || n2 != n || nr != n || nh != n || nl != n || nc != n) {
		judge_fail(j, "the test reported %zu trials of %zu", n1, n);
		return;
	}
	for (size_t k = 0; k < n && !judge_failed(j); k++)
		check_results(j, res1[k], res2[k], released[k], held[k]);
	for (size_t k = 0; k < n && !judge_failed(j); k++)
		check_lag(j, lag[k]);
	for (size_t k = 0; k < n && !judge_failed(j); k++)
		check_busy(j, cpu[k], held[k]);
}

#define decide_funcao1_started_first decide_trials
#define decide_funcao2_started_first decide_trials

/* WHO printed LINE (with its newline) somewhere in the bytes of report OUT. */
static void
expect_line(struct judge *j, const char *who, const char *out, const char *line)
{
	size_t n, o = 0;
	const long *bytes = judge_longs(j, out, &n);
	char text[OUT_MAX + 1], shown[2 * OUT_MAX + 1], want[128];

	if (judge_failed(j))
		return;
	for (size_t i = 0; i < n; i++)
		text[i] = (char)bytes[i];
	text[n] = '\0';
	if (memmem(text, n, line, strlen(line)) != NULL)
		return;
	for (size_t i = 0; i < n && o + 2 < sizeof shown; i++) {
		if (text[i] == '\n') {
			shown[o++] = '\\';
			shown[o++] = 'n';
		} else
			shown[o++] = text[i] == '\0' ? ' ' : text[i];
	}
	shown[o] = '\0';
	snprintf(want, sizeof want, "%.*s\\n", (int)strlen(line) - 1, line);
	/* TRANSLATORS: %s is funcao1 or funcao2, then the line it should print and what it
	 * printed */
	judge_fail_values(j, want, shown, "%s should print \"%s\" (a line of its own, like the "
	    "notebook), it printed \"%s\"", who, want, shown);
}

static void
decide_prints(struct judge *j)
{
	decide_trials(j);
	expect_line(j, "funcao1", "out1", "O resultado da funcao1 é: 120\n");
	expect_line(j, "funcao2", "out2", "O resultado da funcao2 é: 230\n");
}

JUDGE_MAIN(reports, JUDGE_TEST(init), JUDGE_PLANNED(funcao1_started_first),
    JUDGE_PLANNED(funcao2_started_first), JUDGE_PLANNED(prints))
