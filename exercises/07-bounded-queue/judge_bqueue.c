/* SPDX-License-Identifier: MIT */
/*
 * judge_bqueue.c: the judge of exercise 07 (bounded queue). It chooses the capacities,
 * messages and the schedule of puts and gets from the seed, and decides from what
 * test_bqueue.c saw: every message a get returned is checked here against the judge's
 * own schedule (first in, first out; every message of many producers once, each
 * producer's in order), a call that never returned is named with the queue's fill level
 * at that moment, and a put or get that waited must have slept, not spun.
 */
#define _GNU_SOURCE
#include "judge.h"

#include <stdio.h>
#include <string.h>

#include "bqueue.h"

#define MAXP		4
#define MAXM		3000
#define MAXGOT		4096
#define MAXSTEPS	512
#define TAG		1000000 /* test_bqueue.c's (producer + 1) * TAG + sequence */
#define STALL_S		2
#define ROUNDS		200
#define ENOSYS_		38      /* Linux's ENOSYS: the stub's errno */
#define EINVAL_		22
#define BUSY_PERCENT	20      /* a waiting call using more CPU than this is spinning */
#define BUSY_MIN_US	2000    /* ... and at least this much: waking up costs microseconds */
#define BUSY_SWITCHES	50      /* ... or switched out this often while still runnable */

static const struct judge_report reports[] = {
	JUDGE_LONG("created", 0, 1),
	JUDGE_LONG("create_errno", 0, 4095),
	JUDGE_LONG("destroy_rc", INT_MIN, INT_MAX),
	JUDGE_LONG("destroy_errno", 0, 4095),
	JUDGE_LONGS("crash", 0, 255, 2),
	JUDGE_LONGS("got", LONG_MIN, LONG_MAX, MAXGOT),
	JUDGE_LONG("puts_done", 0, LONG_MAX),
	JUDGE_LONG("stuck", 0, 1),
	JUDGE_LONGS("bad_null", 0, 1, 4),
	JUDGE_LONGS("bad_errno", 0, 4095, 4),
	JUDGE_LONG("early", 0, 1),
	JUDGE_LONG("woken", 0, 1),
	JUDGE_LONG("waited_us", 0, LONG_MAX),
	JUDGE_LONG("wait_cpu_us", 0, LONG_MAX),
	JUDGE_LONG("spin_cpu_us", 0, LONG_MAX),
	JUDGE_LONG("wait_switches", 0, LONG_MAX),
	JUDGE_LONG("fill_done", 0, BQ_MAX_CAPACITY),
	JUDGE_LONG("first_got", LONG_MIN, LONG_MAX),
	JUDGE_LONG("first_stuck", 0, 1),
	JUDGE_LONGS("rest", LONG_MIN, LONG_MAX, 8),
	JUDGE_LONG("rest_stuck", 0, 1),
	JUDGE_LONG("probe", LONG_MIN, LONG_MAX),
	JUDGE_LONG("probe_stuck", 0, 1),
	JUDGE_LONG("messages", 1, MAXM),
	JUDGE_LONG("stalled", 0, 1),
	JUDGE_LONGS("produced", 0, MAXM, MAXP),
	JUDGE_LONGS("consumed", 0, MAXP * MAXM, MAXP),
	JUDGE_LONGS("got_0", LONG_MIN, LONG_MAX, MAXP * MAXM),
	JUDGE_LONGS("got_1", LONG_MIN, LONG_MAX, MAXP * MAXM),
	JUDGE_LONGS("got_2", LONG_MIN, LONG_MAX, MAXP * MAXM),
	JUDGE_LONGS("got_3", LONG_MIN, LONG_MAX, MAXP * MAXM),
	JUDGE_LONGS("waited_0", 0, 1, MAXP * MAXM),
	JUDGE_LONGS("waited_1", 0, 1, MAXP * MAXM),
	JUDGE_LONGS("waited_2", 0, 1, MAXP * MAXM),
	JUDGE_LONGS("waited_3", 0, 1, MAXP * MAXM),
};

/* ------------------------------------------------------------ plans */

static void
plan_fifo(struct judge *j)
{
	long cap = judge_input_long(j, "capacity", 2 + (long)judge_random_below(j, 7));
	long steps[2 + 2 * ROUNDS], fill = 0;

	judge_input_long(j, "first", 100 + (long)judge_random_below(j, 1000));
	steps[0] = steps[1] = cap;
	for (int r = 0; r < ROUNDS; r++) {
		steps[2 + 2 * r] = 1 + (long)judge_random_below(j, (uint64_t)(cap - fill));
		fill += steps[2 + 2 * r];
		steps[3 + 2 * r] = 1 + (long)judge_random_below(j, (uint64_t)fill);
		fill -= steps[3 + 2 * r];
	}
	judge_input_longs(j, "steps", steps, 2 + 2 * ROUNDS);
}

static void
plan_bad_capacity(struct judge *j)
{
	static const long bad[] = { 0, BQ_MAX_CAPACITY + 1 };

	judge_input_longs(j, "bad", bad, 2);
	judge_input_long(j, "capacity", BQ_MAX_CAPACITY);
	judge_input_long(j, "first", 1 + (long)judge_random_below(j, 1000000));
}

static void
plan_blocks_when_full(struct judge *j)
{
	judge_input_long(j, "capacity", 2 + (long)judge_random_below(j, 3));
	judge_input_long(j, "first", 1 + (long)judge_random_below(j, 1000));
	judge_input_long(j, "hold_ms", 300 + (long)judge_random_below(j, 300));
}

static void
plan_blocks_when_empty(struct judge *j)
{
	judge_input_long(j, "capacity", 1 + (long)judge_random_below(j, 4));
	judge_input_long(j, "msg", 1000 + (long)judge_random_below(j, 1000));
	judge_input_long(j, "hold_ms", 300 + (long)judge_random_below(j, 300));
}

static void
plan_many(struct judge *j)
{
	judge_input_long(j, "capacity", 4);
	judge_input_long(j, "producers", 3);
	judge_input_long(j, "consumers", 3);
	judge_input_long(j, "messages", 40);
	judge_input_long(j, "messages_undelayed", 2000);
}

static void
plan_capacity_one(struct judge *j)
{
	judge_input_long(j, "capacity", 1);
	judge_input_long(j, "producers", 3);
	judge_input_long(j, "consumers", 3);
	judge_input_long(j, "messages", 30);
	judge_input_long(j, "messages_undelayed", 1000);
}

/* ------------------------------------------------------------ common */

/* The queue was made; false (the test failed) when bq_create returned NULL. */
static bool
created(struct judge *j, long cap)
{
	long err = judge_long(j, "create_errno");

	if (judge_failed(j) || judge_long(j, "created"))
		return !judge_failed(j);
	if (err == ENOSYS_)
		judge_fail(j, "bq_create: not written yet: see the TODO in bqueue.c");
	else
		judge_fail(j, "bq_create(%ld) returned NULL: %s", cap, err != 0 ?
		    lab_strerror((int)err) : _("errno not set"));
	return false;
}

/* No process ended abnormally; false (the test failed) otherwise. */
static bool
no_crash(struct judge *j)
{
	size_t n;
	const long *c = judge_longs(j, "crash", &n);

	if (judge_failed(j))
		return false;
	if (n != 2)
		judge_fail(j, "the test reported %zu numbers for its crash record, not 2", n);
	else if (c[0] == 2 && c[1] == 6)
		/* TRANSLATORS: a signal's number (6) and its name */
		judge_fail(j, "a process was killed by signal %ld (%s) inside bq_put or bq_get "
		    "(abort(): did a lock, wait or signal call fail? its message is on stderr)",
		    c[1], lab_strsignal((int)c[1]));
	else if (c[0] == 2)
		/* TRANSLATORS: a signal's number and its name */
		judge_fail(j, "a process was killed by signal %ld (%s) inside bq_put or bq_get",
		    c[1], lab_strsignal((int)c[1]));
	else if (c[0] == 1)
		judge_fail(j, "a process exited with status %ld inside bq_put or bq_get: return "
		    "from them, do not exit", c[1]);
	return !judge_failed(j);
}

static void
destroyed(struct judge *j)
{
	long rc;

	if (judge_failed(j) || !judge_has(j, "destroy_rc"))
		return;
	if ((rc = judge_long(j, "destroy_rc")) != 0)
		judge_fail(j, "bq_destroy returned %ld (%s), expected 0", rc,
		    lab_strerror((int)judge_long(j, "destroy_errno")));
}

/* A waiting call (a bq_put on a full queue when PUT, else a bq_get on an empty one) that
 * got more than BUSY_PERCENT of its own wall time on the CPU, or of the CPU time a process
 * spinning beside it got (the harness's yardstick: on a loaded machine both get less, and
 * that share stays), or that was switched out while runnable more than BUSY_SWITCHES
 * times (a spinner that yields gives its time away, to the yardstick too). A call that
 * sleeps gets next to nothing of the CPU and is switched out voluntarily. */
static void
not_busy(struct judge *j, bool put)
{
	long wall = judge_long(j, "waited_us"), cpu = judge_long(j, "wait_cpu_us");
	long spun = judge_long(j, "spin_cpu_us"), switches = judge_long(j, "wait_switches");

	if (judge_failed(j) || cpu < BUSY_MIN_US ||
	    (cpu * 100 <= wall * BUSY_PERCENT && (spun == 0 || cpu * 100 <= spun * BUSY_PERCENT) &&
	    switches <= BUSY_SWITCHES))
		return;
	if (put)
		/* TRANSLATORS: the time it waited, the CPU time it used, and the CPU time a
		 * process spinning beside it got meanwhile, all in ms */
		judge_fail(j, "busy waiting: a bq_put waiting on a full queue for %ld ms used %ld "
		    "ms of CPU time (a process spinning beside it got %ld ms): a waiting call must "
		    "sleep (pthread_cond_wait or sem_wait), not loop re-checking the count",
		    wall / 1000, cpu / 1000, spun / 1000);
	else
		/* TRANSLATORS: the time it waited, the CPU time it used, and the CPU time a
		 * process spinning beside it got meanwhile, all in ms */
		judge_fail(j, "busy waiting: a bq_get waiting on an empty queue for %ld ms used "
		    "%ld ms of CPU time (a process spinning beside it got %ld ms): a waiting call "
		    "must sleep (pthread_cond_wait or sem_wait), not loop re-checking the count",
		    wall / 1000, cpu / 1000, spun / 1000);
}

/* ------------------------------------------------------------ one process */

/* Get #K of a single FIFO starting at FIRST returned V, not FIRST + K, with FILL messages
 * in the queue and PUTS made; PHASE names the schedule. */
static void
wrong_get(struct judge *j, const char *phase, long k, long v, long first, long fill,
    long puts)
{
	char e[32], a[32];

	snprintf(e, sizeof e, "%ld", first + k);
	snprintf(a, sizeof a, "%ld", v);
	if (v >= first && v < first + k)
		/* TRANSLATORS: the schedule (translated too), get #k, what it returned, what
		 * it should have returned, the messages in the queue; then that message's
		 * own get # */
		judge_fail_values(j, e, a, "%s: get #%ld returned %ld, expected %ld, the oldest "
		    "of the %ld in the queue (first in, first out): that message had already "
		    "come out (get #%ld)", phase, k, v, first + k, fill, v - first);
	else if (v > first + k && v < first + puts)
		judge_fail_values(j, e, a, "%s: get #%ld returned %ld, expected %ld, the oldest "
		    "of the %ld in the queue (first in, first out): that message went in after "
		    "the one expected", phase, k, v, first + k, fill);
	else
		judge_fail_values(j, e, a, "%s: get #%ld returned %ld, expected %ld, the oldest "
		    "of the %ld in the queue (first in, first out): no put put that message",
		    phase, k, v, first + k, fill);
}

/* STEPS (puts, gets, puts, ...) ran in one process on a queue of CAP from FIRST; the
 * gets returned GOT. */
static void
decide_steps(struct judge *j, const long *steps, size_t nsteps, long cap, long first,
    const char *(*phase)(size_t))
{
	size_t ngot;
	const long *got = judge_longs(j, "got", &ngot);
	long puts = judge_long(j, "puts_done"), k = 0, p = 0;

	if (judge_failed(j))
		return;
	for (size_t i = 0; i < nsteps; i++)
		for (long c = 0; c < steps[i]; c++) {
			long fill = p - k;

			if (i % 2 == 0 && p == puts) {
				/* TRANSLATORS: the schedule (translated too), then the
				 * messages in the queue of its capacity */
				judge_fail(j, "%s: bq_put did not return for %d s with %ld of the "
				    "%ld messages in the queue (one process, nobody else): a put "
				    "waits only while the queue is full", _(phase(i)), STALL_S,
				    fill, cap);
				return;
			}
			if (i % 2 == 0) {
				p++;
				continue;
			}
			if ((size_t)k == ngot) {
				/* TRANSLATORS: the schedule (translated too), then the
				 * messages in the queue */
				judge_fail(j, lab_ngettext("%s: bq_get did not return for %d s "
				    "with %ld message in the queue (one process, nobody else): a "
				    "get waits only while the queue is empty", "%s: bq_get did "
				    "not return for %d s with %ld messages in the queue (one "
				    "process, nobody else): a get waits only while the queue is "
				    "empty", (unsigned long)fill), _(phase(i)), STALL_S, fill);
				return;
			}
			if (got[k] != first + k) {
				wrong_get(j, _(phase(i)), k, got[k], first, fill, p);
				return;
			}
			k++;
		}
}

static const char *
fifo_phase(size_t step)
{
	if (step < 2)
		/* TRANSLATORS: a test's schedule, shown as "SCHEDULE: bq_put did not ..." */
		return N_("puts until full, then gets until empty");
	/* TRANSLATORS: a test's schedule, shown as "SCHEDULE: bq_put did not ..." */
	return N_("puts and gets in turn, around the ring");
}

static void
decide_fifo(struct judge *j)
{
	size_t n;
	const long *steps = judge_in_longs(j, "steps", &n);
	long cap = judge_in_long(j, "capacity");

	if (!created(j, cap) || !no_crash(j))
		return;
	decide_steps(j, steps, n, cap, judge_in_long(j, "first"), fifo_phase);
	destroyed(j);
}

static const char *
largest_phase(size_t step)
{
	(void)step;
	/* TRANSLATORS: a test's schedule, shown as "SCHEDULE: bq_put did not ..." */
	return N_("a queue of the largest capacity, filled, then emptied");
}

static void
decide_bad_capacity(struct judge *j)
{
	size_t n, nn, ne;
	const long *bad = judge_in_longs(j, "bad", &n);
	const long *null = judge_longs(j, "bad_null", &nn), *err = judge_longs(j, "bad_errno",
	    &ne);
	long cap = judge_in_long(j, "capacity"), steps[2] = { cap, cap };

	if (judge_failed(j))
		return;
	if (nn != n || ne != n) {
		judge_fail(j, "the test reported %zu bad capacities of %zu", nn, n);
		return;
	}
	for (size_t i = 0; i < n && !judge_failed(j); i++)
		if (null[i] && err[i] == ENOSYS_)
			judge_fail(j, "bq_create: not written yet: see the TODO in bqueue.c");
		else if (!null[i])
			judge_fail(j, "bq_create(%ld) returned a queue: it must return NULL with "
			    "errno EINVAL (capacity 1 to %d)", bad[i], BQ_MAX_CAPACITY);
		else if (err[i] != EINVAL_)
			judge_fail(j, "bq_create(%ld) returned NULL with errno %ld (%s), expected "
			    "EINVAL", bad[i], err[i], lab_strerror((int)err[i]));
	if (judge_failed(j) || !created(j, cap) || !no_crash(j))
		return;
	decide_steps(j, steps, 2, cap, judge_in_long(j, "first"), largest_phase);
	destroyed(j);
}

/* ------------------------------------------------------------ waiting */

/* "A, B, C" of V[0..n-1] (numbers only: the messages around it say the rest). */
static const char *
list(const long *v, size_t n, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%ld", i == 0 ? "" : ", ", v[i]);
	return buf;
}

/* The put on the full queue returned at once. */
static void
full_put_early(struct judge *j, long cap, long first)
{
	size_t n;
	const long *rest = judge_longs(j, "rest", &n);
	long got[16], lost = -1, last = first + cap - 1;
	bool stuck = judge_long(j, "rest_stuck");
	size_t k = 0;
	char gets[256];

	if (judge_long(j, "first_stuck")) {
		judge_fail(j, "a bq_put returned at once though another process had filled the "
		    "queue (capacity %ld), and then a bq_get in a third process did not return: "
		    "the messages one process puts do not reach the others: is the queue in "
		    "shared memory (mmap MAP_SHARED, not malloc)?", cap);
		return;
	}
	got[k++] = judge_long(j, "first_got");
	for (size_t i = 0; i < n && k < 16; i++)
		got[k++] = rest[i];
	for (long m = first; m <= first + cap && lost == -1; m++) {
		lost = m;
		for (size_t i = 0; i < k; i++)
			lost = got[i] == m ? -1 : lost;
	}
	list(got, k, gets, sizeof gets);
	if (stuck && lost != -1)
		/* TRANSLATORS: the capacity, the messages in the queue, the first and the last
		 * of them, then the messages the gets returned ("733, 734") and the lost one */
		judge_fail(j, "bq_put returned at once on a full queue (capacity %ld, %ld "
		    "messages in it, %ld to %ld): it must wait until a get makes room. The gets "
		    "then returned %s, then the next get waited: message %ld never came out",
		    cap, cap, first, last, gets, lost);
	else if (stuck)
		judge_fail(j, "bq_put returned at once on a full queue (capacity %ld, %ld "
		    "messages in it, %ld to %ld): it must wait until a get makes room. The gets "
		    "then returned %s, then the next get waited", cap, cap, first, last, gets);
	else if (lost != -1)
		judge_fail(j, "bq_put returned at once on a full queue (capacity %ld, %ld "
		    "messages in it, %ld to %ld): it must wait until a get makes room. The gets "
		    "then returned %s: message %ld never came out", cap, cap, first, last, gets,
		    lost);
	else
		judge_fail(j, "bq_put returned at once on a full queue (capacity %ld, %ld "
		    "messages in it, %ld to %ld): it must wait until a get makes room. The gets "
		    "then returned %s", cap, cap, first, last, gets);
}

/* After the waiting put went in: the rest, first + 1 .. first + cap. */
static void
full_rest(struct judge *j, long cap, long first)
{
	size_t n;
	const long *rest = judge_longs(j, "rest", &n);

	for (size_t i = 0; i < n && !judge_failed(j); i++)
		if (rest[i] != first + 1 + (long)i) {
			char e[32], a[32];

			snprintf(e, sizeof e, "%ld", first + 1 + (long)i);
			snprintf(a, sizeof a, "%ld", rest[i]);
			judge_fail_values(j, e, a, "after the waiting put went in, get #%zu "
			    "returned %ld, expected %ld (first in, first out)", i + 2, rest[i],
			    first + 1 + (long)i);
		}
	if (!judge_failed(j) && judge_long(j, "rest_stuck"))
		judge_fail(j, lab_ngettext("after the waiting put went in, bq_get did not return "
		    "with %ld message in the queue", "after the waiting put went in, bq_get did "
		    "not return with %ld messages in the queue", (unsigned long)(cap - (long)n)),
		    cap - (long)n);
}

static void
decide_blocks_when_full(struct judge *j)
{
	long cap = judge_in_long(j, "capacity"), first = judge_in_long(j, "first"), fill;

	if (!created(j, cap) || !no_crash(j))
		return;
	if ((fill = judge_long(j, "fill_done")) < cap) {
		judge_fail(j, "filling the queue: bq_put did not return for %d s with %ld of the "
		    "%ld messages in it (one process, nobody else): a put waits only while "
		    "the queue is full", STALL_S, fill, cap);
	} else if (judge_long(j, "early")) {
		full_put_early(j, cap, first);
	} else if (judge_long(j, "first_stuck")) {
		judge_fail(j, "a bq_get did not return, though the queue held %ld messages and "
		    "another process's bq_put was waiting for room: does the waiting put keep "
		    "the lock while it waits? (pthread_cond_wait releases it while it sleeps)",
		    cap);
	} else if (judge_long(j, "first_got") != first) {
		judge_expect_long(j, "the first get after the queue was full (first in, first "
		    "out)", first, judge_long(j, "first_got"));
	} else if (!judge_long(j, "woken")) {
		judge_fail(j, "a bq_put waiting on a full queue did not return within %d s after "
		    "a bq_get in another process made room (does bq_get wake the producers? are "
		    "the mutex and the conditions in shared memory and "
		    "PTHREAD_PROCESS_SHARED?)", STALL_S);
	} else {
		not_busy(j, true);
		full_rest(j, cap, first);
	}
	destroyed(j);
}

/* The get waiting on the empty queue was not woken by the put. */
static void
empty_not_woken(struct judge *j, long msg)
{
	long probe = judge_long(j, "probe");

	if (judge_failed(j))
		return;
	if (judge_long(j, "probe_stuck"))
		judge_fail(j, "a bq_get waiting on an empty queue did not return when another "
		    "process put %ld, and a get in a new process did not find it either: the "
		    "message one process put did not reach the others: is the queue in shared "
		    "memory (mmap MAP_SHARED, not malloc)?", msg);
	else if (probe == msg)
		judge_fail(j, "a bq_get waiting on an empty queue was not woken when another "
		    "process put %ld, though the message was in the queue (a get in a new "
		    "process took it at once): does bq_put wake the consumers, on the "
		    "condition they wait on? are the conditions PTHREAD_PROCESS_SHARED?", msg);
	else
		judge_fail(j, "a bq_get waiting on an empty queue did not return when another "
		    "process put %ld, and a get in a new process returned %ld", msg, probe);
}

static void
decide_blocks_when_empty(struct judge *j)
{
	long msg = judge_in_long(j, "msg");

	if (!created(j, judge_in_long(j, "capacity")) || !no_crash(j))
		return;
	if (judge_long(j, "early"))
		judge_fail(j, "bq_get returned %ld at once from an empty queue: it must wait "
		    "until a put brings a message", judge_long(j, "first_got"));
	else if (judge_long(j, "fill_done") == 0)
		judge_fail(j, "bq_put on an empty queue did not return while another process's "
		    "bq_get waited: does the waiting get keep the lock while it waits? "
		    "(pthread_cond_wait releases it while it sleeps)");
	else if (!judge_long(j, "woken"))
		empty_not_woken(j, msg);
	else if (judge_long(j, "first_got") == 0)
		judge_fail(j, "the waiting bq_get returned 0, not the message %ld that the put "
		    "brought: it took the slot before the message was written into it (a put "
		    "that counts or signals its message before writing it into the slot, or "
		    "writes it after unlocking, lets a get read the slot first)", msg);
	else if (judge_expect_long(j, "the message the waiting consumer got", msg,
	    judge_long(j, "first_got")))
		not_busy(j, false);
	destroyed(j);
}

/* ------------------------------------------------------------ many processes */

struct seen {
	int	c, k;   /* first delivered to consumer c, its get #k; c = -1: not yet */
};

/* Message S of producer P came out a second time, in consumer C's get #K. WAITED[c][k]:
 * that get called a cond wait. A get that did not wait found the count saying a message
 * was in: then no wait in an if can be the cause. */
static void
twice(struct judge *j, long p, long s, struct seen first, int c, int k, const long **waited)
{
	if (first.c == c && !waited[c][k])
		judge_fail(j, "message %ld of producer %ld was delivered twice, both times to "
		    "consumer %d (its gets #%d and #%d), and its get #%d did not wait: the "
		    "queue's count said a message was in, yet the slot held the one its own "
		    "earlier get had taken. The ring and its count did not change together under "
		    "the lock: a put that counts its message before writing it into the slot, or "
		    "writes it after unlocking, lets a get read the slot first", s, p, c, first.k,
		    k, k);
	else if (first.c != c && !waited[c][k] && !waited[first.c][first.k])
		judge_fail(j, "message %ld of producer %ld was delivered twice: consumer %d got "
		    "it (its get #%d), then consumer %d got it again (its get #%d), and neither "
		    "get waited: the queue's count said a message was in, yet a get found in the "
		    "slot a message already taken. The ring and its count did not change "
		    "together under the lock: a put that counts its message before writing it "
		    "into the slot, or writes it after unlocking, or two gets taking the same "
		    "slot at once (no lock around the ring, or one not shared between "
		    "processes), does that", s, p, first.c, first.k, c, k);
	else if (first.c == c)
		judge_fail(j, "message %ld of producer %ld was delivered twice, both times to "
		    "consumer %d (its gets #%d and #%d). Each message is put once, and one "
		    "process makes one get at a time, so its later get took the message out of "
		    "a slot its own earlier get had emptied: it returned without a new message "
		    "in the queue, as a get does that does not check again, once woken, that "
		    "the queue still holds a message (a wait in an if, not a while)", s, p, c,
		    first.k, k);
	else
		judge_fail(j, "message %ld of producer %ld was delivered twice: consumer %d got "
		    "it (its get #%d), then consumer %d got it again (its get #%d). Each "
		    "message is put once, so a get took it out of a slot that an earlier get "
		    "had already emptied: a get that does not check again, once woken, that the "
		    "queue still holds a message (a wait in an if, not a while), or two gets "
		    "taking the same slot at once (no lock around the ring, or one not shared "
		    "between processes), does that", s, p, first.c, first.k, c, k);
}

/*
 * Before the checks in order: a message delivered twice where the later get did not wait
 * (nor, between two consumers, the earlier), which tells the cause for certain, is the one
 * to show. True when one was found (and failed the test).
 */
static bool
twice_unwaited(struct judge *j, long P, long M, long C, const long **got, const long *cons,
    const long **waited)
{
	static struct seen first[MAXP][MAXM];

	memset(first, 0xff, sizeof first);
	for (int c = 0; c < C; c++)
		for (long k = 0; k < cons[c]; k++) {
			long v = got[c][k], p = v / TAG - 1, s = v % TAG;
			struct seen f;

			if (v <= 0 || p >= P || s >= M)
				continue;
			f = first[p][s];
			if (f.c < 0) {
				first[p][s] = (struct seen){ c, (int)k };
				continue;
			}
			if (!waited[c][k] && (f.c == c || !waited[f.c][f.k])) {
				twice(j, p, s, f, c, (int)k, waited);
				return true;
			}
		}
	return false;
}

/* Consumer C's get #K returned V: a message of the run, once, in its producer's order. */
static bool
delivered(struct judge *j, struct seen (*seen)[MAXM], int *last, long P, long M, int c,
    int k, long v, const long **waited)
{
	long p = v / TAG - 1, s = v % TAG;

	if (v == 0) {
		judge_fail(j, "consumer %d's get #%d returned 0, a message no producer put (0: a "
		    "slot that was never written)", c, k);
		return false;
	}
	if (v < 0 || p >= P || s >= M) {
		judge_fail(j, "consumer %d's get #%d returned %ld, a message no producer put", c,
		    k, v);
		return false;
	}
	if (seen[p][s].c >= 0) {
		twice(j, p, s, seen[p][s], c, k, waited);
		return false;
	}
	seen[p][s] = (struct seen){ c, k };
	if (s < last[p]) {
		judge_fail(j, "consumer %d got message %ld of producer %ld (its get #%d) after "
		    "that producer's message %d: each producer's messages must come out in the "
		    "order they went in (first in, first out)", c, s, p, k, last[p]);
		return false;
	}
	last[p] = (int)s;
	return true;
}

/* All PUTS puts returned, CONSUMED messages came out: message S of producer P never did. */
static void
lost(struct judge *j, long puts, long consumed, long s, long p)
{
	/* TRANSLATORS: the puts made, the messages that came out, the seconds the
	 * consumers waited, then the lost message: its number and its producer's */
	judge_fail(j, lab_ngettext("messages were lost: all %ld puts returned but only %ld of "
	    "the messages came out, and for %d s the consumers waited for the rest (message "
	    "%ld of producer %ld never came out: a put that does not wait while the queue is "
	    "full overwrites one)", "messages were lost: all %ld puts returned but only %ld of "
	    "the messages came out, and for %d s the consumers waited for the rest (message "
	    "%ld of producer %ld never came out: a put that does not wait while the queue is "
	    "full overwrites one)", (unsigned long)consumed), puts, consumed, STALL_S, s, p);
}

/* The processes stopped making progress. */
static void
stalled(struct judge *j, struct seen (*seen)[MAXM], long P, long C, long M, long cap,
    long produced, long consumed)
{
	if (produced == P * M)
		for (long p = 0; p < P; p++)
			for (long s = 0; s < M; s++)
				if (seen[p][s].c < 0) {
					lost(j, P * M, consumed, s, p);
					return;
				}
	/* TRANSLATORS: the puts that returned of all the puts, the gets that returned of
	 * all the gets */
	judge_fail(j, "deadlock: %ld of %ld puts and %ld of %ld gets had returned, then nothing "
	    "moved for %d s (capacity %ld, %ld producers, %ld consumers): processes wait for a "
	    "wakeup that never comes (does every put wake a consumer and every get a producer? "
	    "is every wait in a while loop? is the queue in shared memory?)", produced, P * M,
	    consumed, P * M, STALL_S, cap, P, C);
}

static void
decide_many(struct judge *j)
{
	static struct seen seen[MAXP][MAXM];
	long P = judge_in_long(j, "producers"), C = judge_in_long(j, "consumers");
	long cap = judge_in_long(j, "capacity"), M, produced = 0, consumed = 0;
	size_t np, nc;
	const long *prod, *cons, *waited[MAXP], *gots[MAXP];

	if (!created(j, cap) || !no_crash(j))
		return;
	M = judge_long(j, "messages");
	prod = judge_longs(j, "produced", &np);
	cons = judge_longs(j, "consumed", &nc);
	if (judge_failed(j))
		return;
	if ((M != judge_in_long(j, "messages") && M != judge_in_long(j, "messages_undelayed"))
	    || np != (size_t)P || nc != (size_t)C) {
		judge_fail(j, "the test reported %ld messages of %zu producers and %zu consumers",
		    M, np, nc);
		return;
	}
	for (int c = 0; c < C && !judge_failed(j); c++) {
		char name[16];
		size_t n, ng;

		snprintf(name, sizeof name, "waited_%d", c);
		waited[c] = judge_longs(j, name, &n);
		snprintf(name, sizeof name, "got_%d", c);
		gots[c] = judge_longs(j, name, &ng);
		if (!judge_failed(j) && (n != (size_t)cons[c] || ng != (size_t)cons[c]))
			judge_fail(j, "the test reported %zu messages and %zu waits of consumer %d, "
			    "which counted %ld gets", ng, n, c, cons[c]);
	}
	if (!judge_failed(j) && twice_unwaited(j, P, M, C, gots, cons, waited))
		return;
	memset(seen, 0xff, sizeof seen);
	for (int c = 0; c < C && !judge_failed(j); c++) {
		int last[MAXP] = { -1, -1, -1, -1 };

		consumed += cons[c];
		for (long k = 0; k < cons[c] && !judge_failed(j); k++)
			delivered(j, seen, last, P, M, c, (int)k, gots[c][k], waited);
	}
	for (long p = 0; p < P; p++)
		produced += prod[p];
	if (!judge_failed(j) && (judge_long(j, "stalled") || consumed < P * M))
		stalled(j, seen, P, C, M, cap, produced, consumed);
	destroyed(j);
}

#define decide_capacity_one decide_many

JUDGE_MAIN(reports, JUDGE_PLANNED(fifo), JUDGE_PLANNED(bad_capacity),
    JUDGE_PLANNED(blocks_when_full), JUDGE_PLANNED(blocks_when_empty),
    JUDGE_PLANNED(many), JUDGE_PLANNED(capacity_one))
