/* SPDX-License-Identifier: MIT */
/*
 * test_bqueue.c: the driving side of exercise 07 (bounded queue). Do not edit: the
 * grader uses its own copy. The judge (judge_bqueue.c) chooses every capacity, message
 * and schedule and decides; this file runs them and reports what it saw.
 *
 * The harness process creates and destroys the queue; every bq_put and bq_get runs in a
 * process it starts, which notes in shared memory what each call returned and when, so
 * a call that never returns is seen (no progress for STALL_MS: the process is stopped
 * and the report says how far it got) instead of hanging the test. A put or get that
 * must wait measures the CPU time it used while it waited (a waiting call sleeps).
 *
 * Reports:
 *	created, create_errno    bq_create gave a queue (1) or NULL (0), and its errno
 *	destroy_rc, destroy_errno  what bq_destroy returned (when no process was stopped)
 *	crash                    the first process that ended abnormally: kind (0 none,
 *	                         1 exit status, 2 signal) and its status or signal number
 *	got, puts_done, stuck    fifo and bad_capacity: the messages the gets returned, in
 *	                         order; the puts that returned; 1 if a call never returned
 *	bad_null, bad_errno      bad_capacity: per bad capacity, NULL (1) or a queue (0)
 *	early, spin_cpu_us, woken, waited_us, wait_cpu_us, wait_switches, fill_done,
 *	first_got, first_stuck, rest,
 *	rest_stuck, probe, probe_stuck   the waiting tests (see test_blocks_when_full/empty)
 *	messages, produced, consumed, got_0..got_3, stalled   many and capacity_one
 *	waited_0..waited_3      ... per get of each consumer, 1 when it called a cond wait
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bqueue.h"
#include "labtest.h"

#define WAIT_MS		2000    /* how long we wait for something that must happen */
#define STALL_MS	2000    /* no put or get returned for this long: stuck */
#define MAXP		4       /* producers, consumers at most */
#define MAXM		3000    /* messages per producer at most */
#define MAXGOT		4096    /* gets of one process in fifo and bad_capacity */
#define MAXSTEPS	512
#define TAG		1000000 /* a message of many: (producer + 1) * TAG + sequence */

static long crash[2];           /* the first abnormal end: kind, value */

/* ------------------------------------------------------------ processes */

static long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static long
cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* A process that spins and yields (sched_yield, or unlock/lock) keeps being switched out
 * while still runnable: the kernel counts those switches as involuntary. One that sleeps
 * in the kernel is switched out voluntarily, a few times at most. */
static long
involuntary_switches(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_nivcsw;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static int
ended(pid_t pid)
{
	siginfo_t si;

	si.si_pid = 0;
	while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == -1)
		if (errno != EINTR)
			lab_fail("test: waitid: %s", lab_strerror(errno));
	return si.si_pid == pid;
}

/* Reaps PID, killing it first if it still runs (then: 0); notes an abnormal end. */
static int
reap(pid_t pid)
{
	int status = lab_join_within(pid, 0);

	if (status == LAB_TIMED_OUT)
		return 0;
	if (status != 0 && crash[0] == 0) {
		crash[0] = status < 0 ? 2 : 1;
		crash[1] = status < 0 ? -status : status;
	}
	return 1;
}

/* Waits up to MS for FLAG to be set. */
static int
wait_flag(const int *flag, long ms)
{
	for (long t = 0; t < ms; t++) {
		if (__atomic_load_n(flag, __ATOMIC_SEQ_CST))
			return 1;
		sleep_ms(1);
	}
	return __atomic_load_n(flag, __ATOMIC_SEQ_CST) != 0;
}

/* Waits while *PROGRESS moves; false when it stood still for STALL_MS with PID running. */
static int
follow(pid_t pid, const int *progress)
{
	int last = -1;

	for (long still = 0; !ended(pid); still++) {
		int now = __atomic_load_n(progress, __ATOMIC_SEQ_CST);

		if (now != last) {
			last = now;
			still = 0;
		} else if (still >= STALL_MS) {
			return 0;
		}
		sleep_ms(1);
	}
	return 1;
}

/* ------------------------------------------------------------ the queue */

static struct bqueue *
create(size_t capacity)
{
	struct bqueue *q;

	errno = 0;
	q = bq_create(capacity);
	lab_report_long("created", q != NULL);
	lab_report_long("create_errno", q != NULL ? 0 : errno);
	return q;
}

static void
destroy(struct bqueue *q)
{
	int rc;

	errno = 0;
	rc = bq_destroy(q);
	lab_report_long("destroy_rc", rc);
	lab_report_long("destroy_errno", rc == 0 ? 0 : errno);
}

static void
report_crash(void)
{
	lab_report_longs("crash", crash, 2);
}

/* ------------------------------------------------------------ one process's calls */

struct steps {                  /* shared: puts and gets in turn, in one process */
	struct bqueue	*q;
	int		 n, count[MAXSTEPS];    /* count[even]: puts, count[odd]: gets */
	long		 first;                 /* the first put's message, then + 1 */
	int		 puts, gets, progress;  /* returned so far */
	long		 got[MAXGOT];
};

static void
run_steps(void *arg)
{
	struct steps *s = arg;
	long next = s->first;
	char call[48];

	lab_expect_released(NULL);
	for (int i = 0; i < s->n; i++)
		for (int k = 0; k < s->count[i]; k++) {
			if (i % 2 == 0) {
				snprintf(call, sizeof call, "bq_put(q, %ld)", next);
				bq_put(s->q, next++);
				lab_expect_released(call);
				__atomic_add_fetch(&s->puts, 1, __ATOMIC_SEQ_CST);
			} else {
				s->got[s->gets] = bq_get(s->q);
				lab_expect_released("bq_get(q)");
				__atomic_add_fetch(&s->gets, 1, __ATOMIC_SEQ_CST);
			}
			__atomic_add_fetch(&s->progress, 1, __ATOMIC_SEQ_CST);
		}
}

/* S's steps in a process of its own: false when a call never returned (it is stopped). */
static int
steps(struct steps *s)
{
	pid_t pid = lab_spawn(run_steps, s);
	int done = follow(pid, &s->progress);

	return reap(pid) && done;
}

static struct steps *
new_steps(struct bqueue *q, long first, int puts, int gets)
{
	struct steps *s = lab_shared(sizeof *s);

	s->q = q;
	s->first = first;
	s->n = 2;
	s->count[0] = puts;
	s->count[1] = gets;
	return s;
}

static void
report_steps(const struct steps *s, int done)
{
	lab_report_longs("got", s->got, (size_t)s->gets);
	lab_report_long("puts_done", s->puts);
	lab_report_long("stuck", !done);
}

/* ------------------------------------------------------------ one process */

static void
test_fifo(void)
{
	struct bqueue *q = create((size_t)lab_input_long("capacity"));
	struct steps *s;
	long counts[MAXSTEPS];
	int done;

	if (q == NULL)
		return;
	s = new_steps(q, lab_input_long("first"), 0, 0);
	s->n = (int)lab_input_longs("steps", counts, MAXSTEPS);
	for (int i = 0; i < s->n; i++)
		s->count[i] = (int)counts[i];
	done = steps(s);
	report_steps(s, done);
	report_crash();
	if (done)
		destroy(q);
}

static void
test_bad_capacity(void)
{
	long bad[4], null[4], err[4];
	size_t n = lab_input_longs("bad", bad, 4);
	struct bqueue *q;
	struct steps *s;
	int cap, done;

	for (size_t i = 0; i < n; i++) {
		errno = 0;
		q = bq_create((size_t)bad[i]);
		null[i] = q == NULL;
		err[i] = errno;
		if (q != NULL)
			bq_destroy(q);
	}
	lab_report_longs("bad_null", null, n);
	lab_report_longs("bad_errno", err, n);
	cap = (int)lab_input_long("capacity");
	if ((q = create((size_t)cap)) == NULL)
		return;
	s = new_steps(q, lab_input_long("first"), cap, cap);
	done = steps(s);
	report_steps(s, done);
	report_crash();
	if (done)
		destroy(q);
}

/* ------------------------------------------------------------ waiting */

struct waiter {                 /* shared: one put or get that has to wait */
	struct bqueue	*q;
	int		 put;                   /* 1: bq_put(msg), 0: msg = bq_get() */
	int		 started, done;
	long		 msg, wall_us, cpu_us;
	long		 switches;      /* involuntary context switches while it waited */
};

static void
wait_call(void *arg)
{
	struct waiter *w = arg;
	long t0 = now_us(), c0 = cpu_us(), s0 = involuntary_switches();

	__atomic_store_n(&w->started, 1, __ATOMIC_SEQ_CST);
	if (w->put)
		bq_put(w->q, w->msg);
	else
		w->msg = bq_get(w->q);
	w->cpu_us = cpu_us() - c0;
	w->switches = involuntary_switches() - s0;
	w->wall_us = now_us() - t0;
	__atomic_store_n(&w->done, 1, __ATOMIC_SEQ_CST);
}

/* W's call in a process of its own; after HOLD_MS, whether it returned (early), and
 * what a process spinning beside it got of the CPU meanwhile (the busy-wait yardstick). */
static pid_t
start_waiter(struct waiter *w, long hold_ms)
{
	pid_t pid = lab_spawn(wait_call, w), spinner;

	if (!wait_flag(&w->started, WAIT_MS))
		lab_fail("harness: the process of the waiting call never started");
	spinner = lab_spin_start();
	lab_report_long("early", wait_flag(&w->done, hold_ms));
	lab_report_long("spin_cpu_us", lab_spin_stop(spinner));
	return pid;
}

/* After the call that should wake W: whether it returned, and what it used waiting. */
static int
end_waiter(struct waiter *w, pid_t pid)
{
	int woken = wait_flag(&w->done, WAIT_MS);

	reap(pid);
	lab_report_long("woken", woken);
	lab_report_long("waited_us", woken ? w->wall_us : 0);
	lab_report_long("wait_cpu_us", woken ? w->cpu_us : 0);
	lab_report_long("wait_switches", woken ? w->switches : 0);
	return woken;
}

/* A full queue (capacity puts in one process); a put in another waits; one get (in a
 * third) must wake it; the rest of the messages, in order. */
static void
test_blocks_when_full(void)
{
	int cap = (int)lab_input_long("capacity"), clean;
	long first = lab_input_long("first");
	struct waiter *w = lab_shared(sizeof *w);
	struct steps *fill, *one, *rest;
	pid_t pid;

	if ((w->q = create((size_t)cap)) == NULL)
		return;
	fill = new_steps(w->q, first, cap, 0);
	clean = steps(fill);
	lab_report_long("fill_done", fill->puts);
	if (clean) {
		w->put = 1;
		w->msg = first + cap;
		pid = start_waiter(w, lab_input_long("hold_ms"));
		one = new_steps(w->q, 0, 0, 1);
		clean = steps(one);
		lab_report_long("first_got", one->gets > 0 ? one->got[0] : 0);
		lab_report_long("first_stuck", one->gets == 0);
		clean &= end_waiter(w, pid);
		rest = new_steps(w->q, 0, 0, cap - !w->done);
		clean &= steps(rest);
		lab_report_longs("rest", rest->got, (size_t)rest->gets);
		lab_report_long("rest_stuck", rest->gets < rest->count[1]);
	}
	report_crash();
	if (clean)
		destroy(w->q);
}

/* A get on an empty queue waits; a put in another process must wake it. When it is not
 * woken, a get in a new process (the probe) shows whether the message is in the queue. */
static void
test_blocks_when_empty(void)
{
	struct waiter *w = lab_shared(sizeof *w);
	long msg = lab_input_long("msg");
	struct steps *put, *probe;
	int clean;
	pid_t pid;

	if ((w->q = create((size_t)lab_input_long("capacity"))) == NULL)
		return;
	pid = start_waiter(w, lab_input_long("hold_ms"));
	put = new_steps(w->q, msg, 1, 0);
	clean = steps(put);
	lab_report_long("fill_done", put->puts);
	clean &= end_waiter(w, pid);
	lab_report_long("first_got", w->done ? w->msg : 0);
	if (!w->done && put->puts == 1) {
		probe = new_steps(w->q, 0, 0, 1);
		clean &= steps(probe);
		lab_report_long("probe", probe->gets == 1 ? probe->got[0] : 0);
		lab_report_long("probe_stuck", probe->gets == 0);
	}
	report_crash();
	if (clean)
		destroy(w->q);
}

/* ------------------------------------------------------------ many processes */

struct board {                  /* shared: who put and got what */
	struct bqueue	*q;
	int		 producers, consumers, per_producer, per_consumer;
	int		 ready;
	int		 produced[MAXP];                /* puts returned, per producer */
	int		 consumed[MAXP];                /* gets returned, per consumer */
	long		 got[MAXP][MAXP * MAXM];        /* per consumer, in order */
	long		 waited[MAXP][MAXP * MAXM];     /* 1: that get called a cond wait */
};

static struct board *board;

static void
start_line(void)
{
	int all = board->producers + board->consumers;

	__atomic_add_fetch(&board->ready, 1, __ATOMIC_SEQ_CST);
	for (int t = 0; t < WAIT_MS && __atomic_load_n(&board->ready, __ATOMIC_SEQ_CST) < all;
	    t++)
		sleep_ms(1);
}

static void
producer(void *arg)
{
	int p = (int)(intptr_t)arg;

	start_line();
	for (int s = 0; s < board->per_producer; s++) {
		bq_put(board->q, (long)(p + 1) * TAG + s);
		__atomic_add_fetch(&board->produced[p], 1, __ATOMIC_SEQ_CST);
	}
}

static void
consumer(void *arg)
{
	int c = (int)(intptr_t)arg;

	start_line();
	for (int k = 0; k < board->per_consumer; k++) {
		long waits = lab_own_counts().cond_waits;

		board->got[c][k] = bq_get(board->q);
		board->waited[c][k] = lab_own_counts().cond_waits > waits;
		__atomic_add_fetch(&board->consumed[c], 1, __ATOMIC_SEQ_CST);
	}
}

/* Waits while the processes make progress; false at a stall (they are stopped). */
static int
follow_all(pid_t *pids, int n)
{
	long last = -1;

	for (long still = 0;; still++) {
		long now = 0;
		int left = 0;

		for (int i = 0; i < n; i++)
			left += !ended(pids[i]);
		if (left == 0)
			return 1;
		for (int i = 0; i < MAXP; i++)
			now += __atomic_load_n(&board->produced[i], __ATOMIC_SEQ_CST) +
			    __atomic_load_n(&board->consumed[i], __ATOMIC_SEQ_CST);
		if (now != last) {
			last = now;
			still = 0;
		} else if (still >= STALL_MS) {
			return 0;
		}
		sleep_ms(1);
	}
}

static void
test_many(void)
{
	int P = (int)lab_input_long("producers"), C = (int)lab_input_long("consumers");
	int M = (int)lab_input_long(lab_delay_us() > 0 ? "messages" : "messages_undelayed");
	pid_t pids[2 * MAXP];
	long counts[MAXP];
	int n = 0, done;
	char name[16];

	if (P < 1 || P > MAXP || C < 1 || C > MAXP || M < 1 || M > MAXM || P * M % C != 0)
		lab_fail("harness: %d producers, %d consumers, %d messages", P, C, M);
	board = lab_shared(sizeof *board);
	if ((board->q = create((size_t)lab_input_long("capacity"))) == NULL)
		return;
	/* under the scheduler, every change of the queue must be ordered after the last */
	lab_watch_region("*q", board->q);
	board->producers = P;
	board->consumers = C;
	board->per_producer = M;
	board->per_consumer = P * M / C;
	for (int p = 0; p < P; p++)
		pids[n++] = lab_spawn(producer, (void *)(intptr_t)p);
	for (int c = 0; c < C; c++)
		pids[n++] = lab_spawn(consumer, (void *)(intptr_t)c);
	/* under the scheduler, a stall is its to find (the reaps below wait for good) */
	done = lab_scheduled() || follow_all(pids, n);
	for (int i = 0; i < n; i++)
		reap(pids[i]);
	lab_report_long("messages", M);
	lab_report_long("stalled", !done);
	for (int p = 0; p < P; p++)
		counts[p] = board->produced[p];
	lab_report_longs("produced", counts, (size_t)P);
	for (int c = 0; c < C; c++) {
		counts[c] = board->consumed[c];
		snprintf(name, sizeof name, "got_%d", c);
		lab_report_longs(name, board->got[c], (size_t)board->consumed[c]);
		snprintf(name, sizeof name, "waited_%d", c);
		lab_report_longs(name, board->waited[c], (size_t)board->consumed[c]);
	}
	lab_report_longs("consumed", counts, (size_t)C);
	report_crash();
	/* TRANSLATORS: a clause, shown as "after the producers and consumers ended, ..." */
	lab_expect_no_children("the producers and consumers ended");
	if (done)
		destroy(board->q);
}

#define test_capacity_one test_many

LAB_MAIN(LAB_TEST(fifo), LAB_TEST(bad_capacity), LAB_TEST(blocks_when_full),
    LAB_TEST(blocks_when_empty), LAB_TEST(many), LAB_TEST(capacity_one))
