/* SPDX-License-Identifier: MIT */
/*
 * test_ordered_flags.c: the driving side of exercise 02 (ordered flags). Do not change
 * this file.
 *
 * Each trial runs funcao1 and funcao2 in two processes of the test's own, started in the
 * order the test names. funcao1's process is held back once funcao2's process has called
 * funcao2: until funcao2 is seen waiting on the semaphore (then a few ms more), until
 * funcao2 returns, or at most for the trial's hold time, which the judge
 * (judge_ordered_flags.c) chooses. So a funcao2 that does not wait for funcao1 computes
 * first, however long it sleeps before, and one that polls (checks, sleeps, checks again)
 * is never seen waiting. Per trial it reports both results, why and how long funcao1 was
 * held back, whether funcao2 had written valor or status before funcao1 was called, how
 * long after funcao1 funcao2 returned, and the CPU time funcao2's process used beside
 * what a process spinning meanwhile got (the busy-wait yardstick); the judge decides.
 * Under proclab's scheduler (lab_scheduled) no real time passes: funcao1's process lets
 * the others go as far as they can instead (lab_pause_ms), then funcao2 has returned, or
 * waits in a blocking call (released "waiting"), or still loops (lab_pollers: released as
 * after a hold with no wait seen); the hold is then virtual, there is no spinner, and
 * the report says so (scheduled 1: CPU time says nothing then).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "labtest.h"
#include "ordered_flags.h"

#define TRIALS 3
#define OUT_MAX 512

enum release { RELEASED_WAITING = 1, RELEASED_RETURNED, RELEASED_TIMEOUT };

struct shared {
	struct flags f;                 /* what the student's code works on */
	int	res1, res2;
	int	started2, returned2;
	int	hold_ms;                /* the longest funcao1 is held back */
	int	released;               /* why funcao1 was let go (enum release) */
	int	early2;                 /* funcao2 had written before funcao1 was called */
	long	held_us;                /* how long it was held back */
	long	returned1_us, returned2_us;     /* when each function returned */
	long	cpu2_us;                /* CPU time of funcao2's process inside funcao2 */
};
static struct shared *sh;
static int out1[2], out2[2];            /* each process's stdout */

static long
now_us(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

/* glibc (64-bit): the semaphore's first 8 bytes hold its value and, above bit 32, how many
 * processes are blocked in sem_wait or sem_timedwait on it. */
static long
sem_waiters(sem_t *s)
{
	return (long)(__atomic_load_n((uint64_t *)(void *)s, __ATOMIC_SEQ_CST) >> 32);
}

static void
init(void)
{
	sh = lab_shared(sizeof *sh);
	if (flags_init(&sh->f) == -1) {
		if (errno == ENOSYS)
			lab_fail("flags_init: not written yet: see TODO in ordered_flags.c");
		lab_fail("flags_init returned -1 (%s), expected 0", lab_strerror(errno));
	}
	/* glibc: the semaphore's third int is 0 when it is private to one process. */
	if (((const int *)&sh->f.funcao1_done)[2] == 0)
		lab_fail("flags_init: the semaphore is not shared between processes: "
		    "sem_init's second argument (pshared) must be 1");
}

static void
to_pipe(int p[2])
{
	if (dup2(p[1], STDOUT_FILENO) == -1)
		lab_fail("test: dup2: %s", lab_strerror(errno));
	close(p[0]);
	close(p[1]);
}

/* After funcao1 was let go: what funcao2 had done, funcao1 itself. */
static void
call_funcao1(void)
{
	sh->early2 = sh->f.valor != 100 || sh->f.status;
	sh->res1 = funcao1(&sh->f);
	sh->returned1_us = now_us(CLOCK_MONOTONIC);
	fflush(stdout);
}

/* Under the scheduler: the others go as far as they can (funcao2 into its wait, or on
 * through it), then funcao1. */
static void
hold_scheduled(void)
{
	lab_pause_ms(sh->hold_ms);
	sh->released = __atomic_load_n(&sh->returned2, __ATOMIC_SEQ_CST) ? RELEASED_RETURNED :
	    lab_pollers() > 0 ? RELEASED_TIMEOUT : RELEASED_WAITING;
	sh->held_us = sh->hold_ms * 1000L;      /* virtual */
	call_funcao1();
}

/* Held back until funcao2 waits on the semaphore (then 1 to 10 ms more), funcao2 returns,
 * or hold_ms have passed; then funcao1. */
static void
run1(void *arg)
{
	long start, margin = 1000 + (long)lab_random_below(9000);

	(void)arg;
	to_pipe(out1);
	if (lab_scheduled()) {
		hold_scheduled();
		return;
	}
	for (int i = 0; !__atomic_load_n(&sh->started2, __ATOMIC_SEQ_CST) && i < 5000; i++)
		usleep(1000);
	start = now_us(CLOCK_MONOTONIC);
	sh->released = RELEASED_TIMEOUT;
	while (now_us(CLOCK_MONOTONIC) - start < sh->hold_ms * 1000L) {
		if (__atomic_load_n(&sh->returned2, __ATOMIC_SEQ_CST)) {
			sh->released = RELEASED_RETURNED;
			break;
		}
		if (sem_waiters(&sh->f.funcao1_done) > 0) {
			usleep((useconds_t)margin);
			sh->released = RELEASED_WAITING;
			break;
		}
		usleep(500);
	}
	sh->held_us = now_us(CLOCK_MONOTONIC) - start;
	call_funcao1();
}

static void
run2(void *arg)
{
	long cpu;

	(void)arg;
	to_pipe(out2);
	cpu = now_us(CLOCK_PROCESS_CPUTIME_ID);
	__atomic_store_n(&sh->started2, 1, __ATOMIC_SEQ_CST);
	sh->res2 = funcao2(&sh->f);
	sh->returned2_us = now_us(CLOCK_MONOTONIC);
	sh->cpu2_us = now_us(CLOCK_PROCESS_CPUTIME_ID) - cpu;
	__atomic_store_n(&sh->returned2, 1, __ATOMIC_SEQ_CST);
	fflush(stdout);
}

/* What a process printed, as byte values for the report (the judge compares them). */
static size_t
read_output(int p[2], long *bytes, size_t size)
{
	unsigned char buf[OUT_MAX];
	size_t len = 0;
	ssize_t n;

	close(p[1]);
	while (len < size && (n = read(p[0], buf + len, size - len)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			lab_fail("test: read: %s", lab_strerror(errno));
		}
		len += (size_t)n;
	}
	close(p[0]);
	for (size_t i = 0; i < len; i++)
		bytes[i] = buf[i];
	return len;
}

static void
join(pid_t pid, const char *fn)
{
	if (lab_join_within(pid, 5000) == LAB_TIMED_OUT)
		lab_fail("deadlock: the process running %s waited more than 5 s: funcao2 should "
		    "wait only until funcao1 posts the semaphore, and funcao1 should not wait", fn);
}

/* The measurements of all trials, reported together. */
struct trials {
	long	res1[TRIALS], res2[TRIALS], released[TRIALS], held_ms[TRIALS];
	long	early2[TRIALS], lag_ms[TRIALS], cpu_us[TRIALS], spin_us[TRIALS];
	long	out1[OUT_MAX], out2[OUT_MAX];
	size_t	n, len1, len2;
};

/* One trial with funcao1 held back at most HOLD_MS, a spinner running beside it. */
static void
trial(bool funcao1_first, long hold_ms, struct trials *t)
{
	pid_t p1, p2, spinner;
	size_t k = t->n++;

	init();
	sh->res1 = sh->res2 = -1;
	sh->hold_ms = (int)hold_ms;
	if (pipe(out1) == -1 || pipe(out2) == -1)
		lab_fail("test: pipe: %s", lab_strerror(errno));
	spinner = lab_scheduled() ? 0 : lab_spin_start();
	if (funcao1_first) {
		p1 = lab_spawn(run1, NULL);
		p2 = lab_spawn(run2, NULL);
	} else {
		p2 = lab_spawn(run2, NULL);
		p1 = lab_spawn(run1, NULL);
	}
	join(p1, "funcao1");
	join(p2, "funcao2");
	t->spin_us[k] = spinner > 0 ? lab_spin_stop(spinner) : 0;
	t->len1 = read_output(out1, t->out1, OUT_MAX);
	t->len2 = read_output(out2, t->out2, OUT_MAX);
	t->res1[k] = sh->res1;
	t->res2[k] = sh->res2;
	t->released[k] = sh->released;
	t->held_ms[k] = sh->held_us / 1000;
	t->early2[k] = sh->early2;
	t->lag_ms[k] = (sh->returned2_us - sh->returned1_us) / 1000;
	t->cpu_us[k] = sh->cpu2_us;
	if (flags_destroy(&sh->f) == -1)
		lab_fail("flags_destroy returned -1 (%s), expected 0", lab_strerror(errno));
}

static void
report(const struct trials *t, bool outputs)
{
	lab_report_longs("res1", t->res1, t->n);
	lab_report_longs("res2", t->res2, t->n);
	lab_report_longs("released", t->released, t->n);
	lab_report_longs("held_ms", t->held_ms, t->n);
	lab_report_longs("early2", t->early2, t->n);
	lab_report_longs("lag_ms", t->lag_ms, t->n);
	lab_report_longs("cpu_us", t->cpu_us, t->n);
	lab_report_longs("spin_us", t->spin_us, t->n);
	lab_report_long("scheduled", lab_scheduled());
	if (outputs) {
		lab_report_longs("out1", t->out1, t->len1);
		lab_report_longs("out2", t->out2, t->len2);
	}
}

static void
test_init(void)
{
	int value = -1;

	init();
	lab_report_long("valor", sh->f.valor);
	lab_report_long("status", sh->f.status);
	if (sem_getvalue(&sh->f.funcao1_done, &value) == -1)
		lab_fail("sem_getvalue on funcao1_done failed (%s): was it set up with sem_init?",
		    lab_strerror(errno));
	lab_report_long("sem_value", value);
}

/* The judge's trials: hold_ms, one per trial; first: 1 when funcao1's process starts first. */
static void
test_trials(bool outputs)
{
	static struct trials t;
	long hold[TRIALS];
	size_t n = lab_input_longs("hold_ms", hold, TRIALS);
	bool first = lab_input_long("first") != 0;

	for (size_t k = 0; k < n; k++)
		trial(first, hold[k], &t);
	report(&t, outputs);
}

static void
test_funcao1_started_first(void)
{
	test_trials(false);
}

static void
test_funcao2_started_first(void)
{
	test_trials(false);
}

static void
test_prints(void)
{
	test_trials(true);
}

LAB_MAIN(LAB_TEST(init), LAB_TEST(funcao1_started_first), LAB_TEST(funcao2_started_first),
    LAB_TEST(prints))
