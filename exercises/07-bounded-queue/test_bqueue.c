/* SPDX-License-Identifier: MIT */
/*
 * test_bqueue.c: the tests of exercise 07 (bounded queue). Do not edit: the grader
 * uses its own copy.  Run one test by hand:  ./test_bqueue capacity_one
 *
 * Producers and consumers are processes the harness starts; what they put and got
 * is recorded in shared memory, so every message can be accounted for. A run whose
 * processes stop making progress fails with a deadlock message instead of hanging.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bqueue.h"
#include "labtest.h"

#define HOLD_MS		300     /* how long a put/get that must wait has to stay waiting */
#define WAIT_MS		2000    /* how long we wait for something that must happen */
#define STALL_MS	2000    /* no put or get returned for this long: deadlock */
#define MAXP		4       /* producers, consumers at most */
#define MAXM		3000    /* messages per producer at most */
#define TAG		1000000 /* a message is producer * TAG + sequence number */

/* ------------------------------------------------------------ helpers */

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static int
wait_flag(volatile int *flag, long ms)
{
	for (long t = 0; t < ms; t++) {
		if (__atomic_load_n(flag, __ATOMIC_SEQ_CST))
			return 1;
		sleep_ms(1);
	}
	return __atomic_load_n(flag, __ATOMIC_SEQ_CST) != 0;
}

static void
kill_all(pid_t *pids, int n)
{
	for (int i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	for (int i = 0; i < n; i++)
		if (pids[i] > 0) {
			while (waitpid(pids[i], NULL, 0) == -1 && errno == EINTR)
				;
			pids[i] = 0;
		}
}

/* Reaps every pid by the deadline: true when all ended (each one checked). */
static int
reap_all_by(pid_t *pids, int n, long ms)
{
	int left = 0;

	for (int i = 0; i < n; i++)
		left += pids[i] > 0;
	for (long t = 0; left > 0; t++) {
		for (int i = 0; i < n; i++) {
			int status;
			pid_t r;

			if (pids[i] <= 0)
				continue;
			r = waitpid(pids[i], &status, WNOHANG);
			if (r == -1 && errno != EINTR)
				lab_fail("waitpid: %s", strerror(errno));
			if (r != pids[i])
				continue;
			pids[i] = 0;
			left--;
			if (WIFSIGNALED(status))
				lab_fail("a producer or consumer was killed by signal %d (%s) "
				    "inside bq_put or bq_get", WTERMSIG(status),
				    strsignal(WTERMSIG(status)));
			if (WEXITSTATUS(status) != 0)
				lab_fail("a producer or consumer exited with status %d inside "
				    "bq_put or bq_get", WEXITSTATUS(status));
		}
		if (left == 0)
			break;
		if (t >= ms)
			return 0;
		sleep_ms(1);
	}
	return 1;
}

static struct bqueue *
create(size_t capacity)
{
	struct bqueue *q;

	errno = 0;
	q = bq_create(capacity);
	if (q == NULL) {
		if (errno == ENOSYS)
			lab_fail("bq_create: not written yet: see TODO in bqueue.c");
		lab_fail("bq_create(%zu) returned NULL: %s", capacity,
		    errno ? strerror(errno) : "errno not set");
	}
	return q;
}

static void
destroy(struct bqueue *q)
{
	if (bq_destroy(q) != 0)
		lab_fail("bq_destroy returned -1: %s", strerror(errno));
}

static void
expect_get(struct bqueue *q, int64_t want, const char *what)
{
	int64_t got = bq_get(q);
	char e[32], a[32];

	if (got == want)
		return;
	snprintf(e, sizeof e, "%" PRId64, want);
	snprintf(a, sizeof a, "%" PRId64, got);
	lab_fail_values(e, a, "%s: bq_get returned %s, expected %s (first in, first out)",
	    what, a, e);
}

/* ------------------------------------------------------------ one process */

static void
test_fifo(void)
{
	struct bqueue *q = create(5);
	int64_t next_put = 100, next_get = 100;

	for (int i = 0; i < 5; i++)
		bq_put(q, next_put++);
	for (int i = 0; i < 5; i++)
		expect_get(q, next_get++, "5 puts then 5 gets");
	/* Around the ring many times, at every fill level. */
	for (int round = 0, rounds = lab_delay_us() > 0 ? 20 : 200; round < rounds; round++) {
		int puts = 1 + (int)lab_random_below(5 - (size_t)(next_put - next_get));
		for (int i = 0; i < puts; i++)
			bq_put(q, next_put++);
		int gets = 1 + (int)lab_random_below((uint64_t)(next_put - next_get));
		for (int i = 0; i < gets; i++)
			expect_get(q, next_get++, "puts and gets in turn, around the ring");
	}
	while (next_get < next_put)
		expect_get(q, next_get++, "emptying the queue");
	destroy(q);
}

static void
test_bad_capacity(void)
{
	size_t bad[2] = { 0, BQ_MAX_CAPACITY + 1 };
	struct bqueue *q;

	for (int i = 0; i < 2; i++) {
		errno = 0;
		q = bq_create(bad[i]);
		if (q == NULL && errno == ENOSYS)
			lab_fail("bq_create: not written yet: see TODO in bqueue.c");
		if (q != NULL)
			lab_fail("bq_create(%zu) returned a queue: it must return NULL with "
			    "errno EINVAL (capacity 1 to %d)", bad[i], BQ_MAX_CAPACITY);
		if (errno != EINVAL)
			lab_fail("bq_create(%zu) set errno to %d (%s), expected EINVAL",
			    bad[i], errno, strerror(errno));
	}
	/* The largest queue, filled up (a part of it when delays are injected). */
	int fill = lab_delay_us() > 0 ? 100 : BQ_MAX_CAPACITY;
	q = create(BQ_MAX_CAPACITY);
	for (int i = 0; i < fill; i++)
		bq_put(q, i);
	for (int i = 0; i < fill; i++)
		expect_get(q, i, "a queue of the largest capacity");
	destroy(q);
}

/* ------------------------------------------------------------ waiting */

struct waiter {
	struct bqueue	*q;
	int		 started, done;
	int64_t		 msg;
};

static void
put_one(void *arg)
{
	struct waiter *w = arg;

	__atomic_store_n(&w->started, 1, __ATOMIC_SEQ_CST);
	bq_put(w->q, w->msg);
	__atomic_store_n(&w->done, 1, __ATOMIC_SEQ_CST);
}

static void
get_one(void *arg)
{
	struct waiter *w = arg;

	__atomic_store_n(&w->started, 1, __ATOMIC_SEQ_CST);
	w->msg = bq_get(w->q);
	__atomic_store_n(&w->done, 1, __ATOMIC_SEQ_CST);
}

static void
test_blocks_when_full(void)
{
	struct waiter *w = lab_shared(sizeof *w);
	size_t cap = 2 + lab_random_below(3);
	pid_t pid;

	w->q = create(cap);
	for (size_t i = 0; i < cap; i++)
		bq_put(w->q, (int64_t)i + 1);
	w->msg = (int64_t)cap + 1;
	pid = lab_spawn(put_one, w);
	if (!wait_flag(&w->started, WAIT_MS)) {
		kill_all(&pid, 1);
		lab_fail("the producer process never started");
	}
	if (wait_flag(&w->done, HOLD_MS)) {
		kill_all(&pid, 1);
		lab_fail("bq_put returned at once on a full queue (capacity %zu, %zu messages "
		    "in it): it must wait until a get makes room, or a message is lost or "
		    "overwritten", cap, cap);
	}
	expect_get(w->q, 1, "the first get after the queue was full");
	if (!wait_flag(&w->done, WAIT_MS)) {
		kill_all(&pid, 1);
		lab_fail("a bq_put waiting on a full queue was not woken up when a bq_get "
		    "made room (does bq_get signal the producers? are the mutex and the "
		    "conditions in shared memory and PTHREAD_PROCESS_SHARED?)");
	}
	if (!reap_all_by(&pid, 1, WAIT_MS)) {
		kill_all(&pid, 1);
		lab_fail("the producer did not end after its bq_put returned");
	}
	for (size_t i = 2; i <= cap + 1; i++)
		expect_get(w->q, (int64_t)i, "after the waiting put went in");
	destroy(w->q);
}

static void
test_blocks_when_empty(void)
{
	struct waiter *w = lab_shared(sizeof *w);
	int64_t msg = 1000 + (int64_t)lab_random_below(1000);
	pid_t pid;

	w->q = create(3);
	pid = lab_spawn(get_one, w);
	if (!wait_flag(&w->started, WAIT_MS)) {
		kill_all(&pid, 1);
		lab_fail("the consumer process never started");
	}
	if (wait_flag(&w->done, HOLD_MS)) {
		kill_all(&pid, 1);
		lab_fail("bq_get returned %" PRId64 " at once from an empty queue: it must "
		    "wait until a put brings a message", w->msg);
	}
	bq_put(w->q, msg);
	if (!wait_flag(&w->done, WAIT_MS)) {
		kill_all(&pid, 1);
		lab_fail("a bq_get waiting on an empty queue did not get the message the "
		    "parent put: is the queue in shared memory (mmap MAP_SHARED, not malloc), "
		    "and does bq_put wake the consumers?");
	}
	if (!reap_all_by(&pid, 1, WAIT_MS)) {
		kill_all(&pid, 1);
		lab_fail("the consumer did not end after its bq_get returned");
	}
	lab_expect_long("the message the waiting consumer got", msg, w->msg);
	destroy(w->q);
}

/* ------------------------------------------------------------ many processes */

struct board {                  /* shared: who put and got what */
	struct bqueue	*q;
	size_t		 capacity;
	int		 producers, consumers, per_producer, per_consumer;
	int		 ready;
	int		 produced[MAXP];                /* puts returned, per producer */
	int		 consumed[MAXP];                /* gets returned, per consumer */
	int64_t		 got[MAXP][MAXP * MAXM];        /* per consumer, in order */
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
		bq_put(board->q, (int64_t)p * TAG + s);
		__atomic_add_fetch(&board->produced[p], 1, __ATOMIC_SEQ_CST);
	}
}

static void
consumer(void *arg)
{
	int c = (int)(intptr_t)arg;

	start_line();
	for (int k = 0; k < board->per_consumer; k++) {
		board->got[c][k] = bq_get(board->q);
		__atomic_add_fetch(&board->consumed[c], 1, __ATOMIC_SEQ_CST);
	}
}

/* Every message exactly once, each producer's messages in order per consumer. */
static void
account(int finished)
{
	int P = board->producers, C = board->consumers, M = board->per_producer;
	static unsigned char seen[MAXP][MAXM];
	int delivered = 0, produced = 0;

	memset(seen, 0, sizeof seen);
	for (int c = 0; c < C; c++) {
		int last[MAXP];

		for (int p = 0; p < P; p++)
			last[p] = -1;
		for (int k = 0; k < board->consumed[c]; k++) {
			int64_t m = board->got[c][k];
			int p = (int)(m / TAG), s = (int)(m % TAG);

			if (m < 0 || p >= P || s >= M)
				lab_fail("a consumer got %" PRId64 ", a message nobody put (an "
				    "empty or overwritten slot?)", m);
			if (seen[p][s])
				lab_fail("message %d of producer %d was delivered twice", s, p);
			seen[p][s] = 1;
			delivered++;
			if (s < last[p])
				lab_fail("a consumer got message %d of producer %d after its "
				    "message %d: each producer's messages must come out in the "
				    "order they went in (first in, first out)", s, p, last[p]);
			last[p] = s;
		}
	}
	for (int p = 0; p < P; p++)
		produced += board->produced[p];
	if (finished)
		return;
	/* Not finished by the deadline: say what is stuck. */
	if (produced == P * M)
		for (int p = 0; p < P; p++)
			for (int s = 0; s < M; s++)
				if (!seen[p][s])
					lab_fail("deadlock: all %d puts returned but only %d "
					    "messages came out, and for %d s the consumers "
					    "waited for the rest: messages were lost (message "
					    "%d of producer %d never came out: overwritten in "
					    "a full queue?)", P * M, delivered,
					    STALL_MS / 1000, s, p);
	lab_fail("deadlock: %d of %d puts and %d gets had returned, then nothing moved "
	    "for %d s (capacity %zu, %d producers, %d consumers): processes wait for a "
	    "wakeup that never comes (does every put wake a consumer and every get a "
	    "producer? is every wait in a while loop? is the queue in shared memory?)",
	    produced, P * M, delivered, STALL_MS / 1000, board->capacity, P, C);
}

static void
run_many(size_t capacity, int P, int C, int M)
{
	pid_t pids[2 * MAXP] = { 0 };
	int n = 0;

	board = lab_shared(sizeof *board);
	board->q = create(capacity);
	board->capacity = capacity;
	board->producers = P;
	board->consumers = C;
	board->per_producer = M;
	board->per_consumer = P * M / C;
	for (int p = 0; p < P; p++)
		pids[n++] = lab_spawn(producer, (void *)(intptr_t)p);
	for (int c = 0; c < C; c++)
		pids[n++] = lab_spawn(consumer, (void *)(intptr_t)c);
	/* Wait while the processes make progress; a stall is a deadlock. */
	for (long last = -1, still = 0; !reap_all_by(pids, n, 0); still++) {
		long now = 0;

		for (int i = 0; i < MAXP; i++)
			now += __atomic_load_n(&board->produced[i], __ATOMIC_SEQ_CST) +
			    __atomic_load_n(&board->consumed[i], __ATOMIC_SEQ_CST);
		if (now != last) {
			last = now;
			still = 0;
		} else if (still >= STALL_MS) {
			kill_all(pids, n);
			account(0);
		}
		sleep_ms(1);
	}
	account(1);
	lab_expect_no_children("the producers and consumers ended");
	destroy(board->q);
}

static void
test_many(void)
{
	run_many(4, 3, 3, lab_delay_us() > 0 ? 40 : 2000);
}

static void
test_capacity_one(void)
{
	run_many(1, 3, 3, lab_delay_us() > 0 ? 30 : 1000);
}

LAB_MAIN(LAB_TEST(fifo), LAB_TEST(bad_capacity), LAB_TEST(blocks_when_full),
    LAB_TEST(blocks_when_empty), LAB_TEST(many), LAB_TEST(capacity_one))
