/* SPDX-License-Identifier: MIT */
/*
 * judge_ordered_flags.c: the judge of exercise 02 (ordered flags). It chooses which
 * process starts first and how long funcao1 may be held back in each trial, and decides
 * from what test_ordered_flags.c reports. The hold times of a test's trials are 300 ms
 * apart, so a funcao2 that sleeps a fixed time instead of waiting on the semaphore
 * either computes before funcao1 (its sleep is shorter than the hold) or returns long
 * after funcao1 posted, on all trials but at most one, whatever it sleeps. Checked in
 * this order, over all trials: the results, how soon funcao2 went on after funcao1,
 * whether funcao2's process burnt CPU time while it waited (busy waiting, against what a
 * process spinning beside it got), then whether funcao2 was seen blocked in a wait on the
 * semaphore at all: a funcao2 that polls (checks, sleeps, checks again) never is, and
 * funcao1 is then let go only when its hold time is over.
 */
#define _GNU_SOURCE                     /* memmem */
#include "judge.h"

#include <stdio.h>
#include <string.h>

#define TRIALS		3
#define OUT_MAX		512
#define HOLD_MIN_MS	500     /* the shortest hold: a funcao2 that waits on the semaphore
				 * is seen waiting long before, even on a loaded machine */
#define HOLD_STEP_MS	300     /* between the hold times of a test's trials */
#define LAG_MAX_MS	200     /* funcao2 must return this soon after funcao1 */
#define BUSY_MIN_US	2000    /* busy waiting: at least this much CPU time ... */
#define BUSY_PERCENT	20      /* ... and this share of what the harness's spinner got */
#define BLOCKED_SOON_MS	50      /* funcao2 blocked in sem_wait within this: no busy wait */

enum release { RELEASED_WAITING = 1, RELEASED_RETURNED, RELEASED_TIMEOUT };

static const struct judge_report reports[] = {
	JUDGE_LONG("valor", INT_MIN, INT_MAX),
	JUDGE_LONG("status", INT_MIN, INT_MAX),
	JUDGE_LONG("sem_value", INT_MIN, INT_MAX),
	JUDGE_LONGS("res1", INT_MIN, INT_MAX, TRIALS),
	JUDGE_LONGS("res2", INT_MIN, INT_MAX, TRIALS),
	JUDGE_LONGS("released", RELEASED_WAITING, RELEASED_TIMEOUT, TRIALS),
	JUDGE_LONGS("held_ms", 0, LONG_MAX, TRIALS),
	JUDGE_LONGS("early2", 0, 1, TRIALS),
	JUDGE_LONGS("lag_ms", LONG_MIN, LONG_MAX, TRIALS),
	JUDGE_LONGS("cpu_us", 0, LONG_MAX, TRIALS),
	JUDGE_LONGS("spin_us", 0, LONG_MAX, TRIALS),
	JUDGE_LONG("scheduled", 0, 1),
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
	long hold[TRIALS], base = HOLD_MIN_MS + (long)judge_random_below(j, 40);

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

/* What the harness saw of one trial. */
struct trial {
	long	res1, res2;
	long	released, held_ms;      /* why and after how long funcao1 was let go */
	long	early2;                 /* funcao2 had written before funcao1 was called */
	long	lag_ms;                 /* funcao2's return after funcao1's */
	long	cpu_us, spin_us;        /* funcao2's CPU time; the spinner's beside it */
};

/* funcao2 computed first (it returned 140, funcao1 410): when and how it went on. */
static void
ran_first(struct judge *j, const struct trial *t, const char *e, const char *a)
{
	if (t->released == RELEASED_RETURNED && t->held_ms >= 20)
		judge_fail_values(j, e, a, "funcao2 ran before funcao1 (funcao2 returned 140, "
		    "funcao1 410): funcao2 returned after %ld ms while funcao1's process was "
		    "still held back: waiting a while is never enough (the test holds funcao1 "
		    "back for as long as funcao2 neither waits on the semaphore nor returns): "
		    "funcao2 must wait on the semaphore until funcao1 posts it", t->held_ms);
	else if (t->released == RELEASED_RETURNED)
		judge_fail_values(j, e, a, "funcao2 ran before funcao1 (funcao2 returned 140, "
		    "funcao1 410): funcao2 returned at once, without waiting for funcao1: "
		    "funcao2 must wait on the semaphore until funcao1 posts it, whichever "
		    "process starts first");
	else if (t->early2 && t->released == RELEASED_WAITING)
		judge_fail_values(j, e, a, "funcao2 ran before funcao1 (funcao2 returned 140, "
		    "funcao1 410): funcao2 was waiting on the semaphore, but it went on and "
		    "wrote valor and status before funcao1 was even called, when nothing had "
		    "been posted: check what sem_wait returns, and wait again while it fails "
		    "(EINTR, or ETIMEDOUT from sem_timedwait)");
	else if (t->early2)
		judge_fail_values(j, e, a, "funcao2 ran before funcao1 (funcao2 returned 140, "
		    "funcao1 410): funcao2 wrote valor and status while funcao1's process was "
		    "still held back: funcao2 must wait on the semaphore until funcao1 has "
		    "finished, whichever process starts first");
	else
		judge_fail_values(j, e, a, "funcao2 ran before funcao1 had finished (funcao2 "
		    "returned 140, funcao1 410): funcao2 went on while funcao1 was running, "
		    "before funcao1 had written valor and status, so funcao1 posts the "
		    "semaphore too early: post it as funcao1's last step, after valor and "
		    "status are written");
}

/* A trial's results: 120 then 230. */
static void
check_results(struct judge *j, const struct trial *t)
{
	char a[64];
	const char *e = _("120 then 230");

	if (t->res1 == 120 && t->res2 == 230)
		return;
	/* TRANSLATORS: the values funcao1 and funcao2 returned, in that order */
	snprintf(a, sizeof a, _("%ld then %ld"), t->res1, t->res2);
	if (t->res1 == 410 && t->res2 == 140)
		ran_first(j, t, e, a);
	else if (t->res1 == 120 && t->res2 == 140 && t->released == RELEASED_WAITING)
		judge_fail_values(j, e, a, "funcao2 returned 140: it used valor and status as "
		    "they were before funcao1 wrote them (funcao1 returned 120), although it "
		    "waited on the semaphore: in funcao2, read valor and status only after "
		    "sem_wait has returned (and in funcao1, post only after writing them)");
	else if (t->res1 == 120 && t->res2 == 140)
		judge_fail_values(j, e, a, "funcao2 returned 140: it used valor and status as "
		    "they were before funcao1 wrote them (funcao1 returned 120): funcao2 must "
		    "wait on the semaphore with sem_wait before it reads them");
	else
		judge_fail_values(j, e, a, "expected funcao1 to return 120 and funcao2 230, got "
		    "%ld and %ld", t->res1, t->res2);
}

/* funcao2 went on long after funcao1 had finished: it waited a time of its own. Not when
 * it was seen blocked in the semaphore as funcao1 was let go: then funcao1's post woke it,
 * and a lag is the machine's load (seen: 384 ms for the reference under make check). */
static void
check_lag(struct judge *j, const struct trial *t)
{
	if (t->lag_ms > LAG_MAX_MS && t->released != RELEASED_WAITING)
		judge_fail(j, "funcao2 returned %ld ms after funcao1 had finished and posted: it "
		    "did not go on when funcao1 posted but after a time of its own (a sleep?): "
		    "waiting a while is never enough: wait with sem_wait, which returns as soon "
		    "as funcao1 posts", t->lag_ms);
}

/*
 * funcao2's process got a good share of the CPU time a process spinning beside it got
 * (the harness's yardstick: on a loaded machine both get less, and the share stays), or
 * of the time funcao1 was held back when the spinner got nothing: a loop that checks
 * again and again. A funcao2 that sleeps in sem_wait gets next to nothing either way.
 */
static void
check_busy(struct judge *j, const struct trial *t)
{
	long base = t->spin_us > 0 ? t->spin_us : t->held_ms * 1000;

	/* seen blocked in the semaphore soon after it started: the CPU time was its start on a
	 * loaded machine (seen: 2 ms in a 13 ms hold for a correct solution under make check) */
	if (t->released == RELEASED_WAITING && t->held_ms < BLOCKED_SOON_MS)
		return;
	if (judge_long(j, "scheduled"))         /* virtual time: check_waited sees it */
		return;
	if (t->cpu_us >= BUSY_MIN_US && t->cpu_us * 100 > base * BUSY_PERCENT)
		judge_fail(j, "funcao2 busy-waited: its process used %ld ms of CPU time while "
		    "funcao1 was held back for %ld ms, %ld%% of what a process spinning beside "
		    "it got (a loop that checks status or the semaphore over and over keeps a "
		    "CPU busy): wait with sem_wait, which sleeps until funcao1 posts",
		    t->cpu_us / 1000, t->held_ms, base > 0 ? t->cpu_us * 100 / base : 100);
}

/*
 * funcao1 was let go only because its hold time was over: in all that time funcao2 was
 * never blocked in a wait on the semaphore (sem_wait, sem_timedwait), and it did not
 * return either; it went on once funcao1 had finished all the same: it polled.
 */
static void
check_waited(struct judge *j, const struct trial *t)
{
	if (t->released == RELEASED_TIMEOUT)
		judge_fail(j, "funcao2 did not wait on the semaphore: in the %ld ms funcao1 was "
		    "held back, funcao2's process was never blocked in sem_wait, nor did it "
		    "return, yet it went on soon after funcao1 had finished: it checked status "
		    "or the semaphore again and again (a loop with sem_trywait, usleep, nanosleep "
		    "or sched_yield): wait with sem_wait, which sleeps until funcao1 posts and "
		    "then returns at once", t->held_ms);
}

/* The trials' reports, all of the same length N (the judge's hold times). */
static size_t
trials(struct judge *j, struct trial *t)
{
	static const char *const name[] = { "res1", "res2", "released", "held_ms", "early2",
	    "lag_ms", "cpu_us", "spin_us" };
	const long *v[sizeof name / sizeof name[0]];
	size_t n, got;

	judge_in_longs(j, "hold_ms", &n);
	for (size_t i = 0; i < sizeof name / sizeof name[0]; i++) {
		v[i] = judge_longs(j, name[i], &got);
		if (judge_failed(j))
			return 0;
		if (got != n) {
			judge_fail(j, "the test reported %zu trials of %zu", got, n);
			return 0;
		}
	}
	for (size_t k = 0; k < n; k++)
		t[k] = (struct trial){ v[0][k], v[1][k], v[2][k], v[3][k], v[4][k], v[5][k],
		    v[6][k], v[7][k] };
	return n;
}

static void
decide_trials(struct judge *j)
{
	struct trial t[TRIALS];
	size_t n;

	if (judge_failed(j) || (n = trials(j, t)) == 0)
		return;
	for (size_t k = 0; k < n && !judge_failed(j); k++)
		check_results(j, &t[k]);
	for (size_t k = 0; k < n && !judge_failed(j); k++)
		check_lag(j, &t[k]);
	for (size_t k = 0; k < n && !judge_failed(j); k++)
		check_busy(j, &t[k]);
	for (size_t k = 0; k < n && !judge_failed(j); k++)
		check_waited(j, &t[k]);
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
