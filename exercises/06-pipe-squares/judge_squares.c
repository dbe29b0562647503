/* SPDX-License-Identifier: MIT */
/*
 * judge_squares.c: the judge of exercise 06 (pipe squares). It chooses every list and
 * count from the seed (the million numbers through a generator that test_squares.c runs
 * too), and decides from what the parent in test_squares.c saw: how much of the request
 * it could send and the worker read, what came back, and how the worker ended. The
 * squares are recomputed here (their hash, and the first wrong one the test names).
 */
#define _GNU_SOURCE
#include "judge.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "squares.h"

#define NBAD		4
#define STALL_S		2       /* test_squares.c's STALL_MS */
#define ENOSYS_		38      /* Linux's ENOSYS: the stub's errno */

static const struct judge_report reports[] = {
	JUDGE_LONGS("sent", 0, LONG_MAX, NBAD),
	JUDGE_LONGS("unread", 0, LONG_MAX, NBAD),
	JUDGE_LONGS("send_stall", 0, 1, NBAD),
	JUDGE_LONGS("answer_waiting", 0, LONG_MAX, NBAD),
	JUDGE_LONGS("received", 0, LONG_MAX, NBAD),
	JUDGE_LONGS("count", LONG_MIN, LONG_MAX, NBAD),
	JUDGE_LONGS("recv_stall", 0, 1, NBAD),
	JUDGE_LONGS("stall_reads", 0, LONG_MAX, NBAD),
	JUDGE_LONGS("writes", 0, LONG_MAX, NBAD),
	JUDGE_LONGS("end", 0, 3, NBAD),
	JUDGE_LONGS("end_value", 0, 255, NBAD),
	JUDGE_LONGS("rc", INT_MIN, INT_MAX, NBAD),
	JUDGE_LONGS("err", 0, INT_MAX, NBAD),
	JUDGE_LONG("hash", LONG_MIN, LONG_MAX),
	JUDGE_LONG("wrong_at", -1, SQUARES_MAX),
	JUDGE_LONG("wrong_value", LONG_MIN, LONG_MAX),
};

/* What the parent saw in one exchange (test_squares.c's struct xchg). */
struct xchg {
	long	sent, unread, send_stall, answer_waiting, received, count, recv_stall;
	long	stall_reads, writes, end, end_value, rc, err;
	long	read, len;      /* bytes the worker read (sent - unread); of the request */
};

/* Exchange K of N from the reports; false (the test failed) when they are not all there. */
static bool
exchange(struct judge *j, size_t k, size_t n, long len, struct xchg *e)
{
	static const char *const names[] = { "sent", "unread", "send_stall",
	    "answer_waiting", "received", "count", "recv_stall", "stall_reads", "writes",
	    "end", "end_value", "rc", "err" };
	long *field[] = { &e->sent, &e->unread, &e->send_stall, &e->answer_waiting,
	    &e->received, &e->count, &e->recv_stall, &e->stall_reads, &e->writes, &e->end,
	    &e->end_value, &e->rc, &e->err };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t got;
		const long *v = judge_longs(j, names[i], &got);

		if (judge_failed(j))
			return false;
		if (got != n) {
			judge_fail(j, "the test reported %s for %zu requests, not %zu", names[i],
			    got, n);
			return false;
		}
		*field[i] = v[k];
	}
	e->len = len;
	e->read = e->sent - e->unread;
	if (e->sent > len || e->read < 0) {
		judge_fail(j, "the test reported %ld bytes sent and %ld unread of a %ld-byte "
		    "request", e->sent, e->unread, len);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------ plans */

static long
random_x(struct judge *j)
{
	switch (judge_random_below(j, 4)) {
	case 0:
		return (long)judge_random_below(j, 100) - 50;
	case 1:
		return (long)judge_random_below(j, 2 * (uint64_t)SQUARES_XMAX + 1) - SQUARES_XMAX;
	default:
		return (long)judge_random_below(j, 2000001) - 1000000;
	}
}

static void
plan_one_number(struct judge *j)
{
	judge_input_long(j, "x", 3000000000 + (long)judge_random_below(j, 37000000));
}

static void
plan_empty(struct judge *j)
{
	static const long none[1];

	judge_input_longs(j, "x", none, 0);
}

static void
plan_thousand(struct judge *j)
{
	long x[1000];

	for (size_t i = 0; i < 1000; i++)
		x[i] = random_x(j);
	x[judge_random_below(j, 1000)] = -SQUARES_XMAX;
	judge_input_longs(j, "x", x, 1000);
}

static void
plan_million(struct judge *j)
{
	judge_input_long(j, "n", SQUARES_MAX);
	judge_input_long(j, "gen", (long)(judge_random(j) >> 1));
	judge_input_long(j, "min_at", (long)judge_random_below(j, SQUARES_MAX));
}

static void
plan_bad_input(struct judge *j)
{
	long cut = judge_input_long(j, "cut_count", 4 + (long)judge_random_below(j, 17));

	judge_input_long(j, "neg", -1 - (long)judge_random_below(j, 9));
	judge_input_long(j, "huge", SQUARES_MAX + 1 + (long)judge_random_below(j, 1L << 40));
	judge_input_long(j, "over", SQUARES_MAX + 1 + (long)judge_random_below(j, 1000));
	judge_input_long(j, "cut_sent", (long)judge_random_below(j, (uint64_t)cut));
}

/* test_squares.c's generator: splitmix64 from the seed "gen". */
static uint64_t
next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static long
generated(uint64_t *s)
{
	uint64_t r = next(s);

	switch (r % 4) {
	case 0:
		return (long)((r >> 2) % 100) - 50;
	case 1:
		return (long)((r >> 2) % (2 * (uint64_t)SQUARES_XMAX + 1)) - SQUARES_XMAX;
	default:
		return (long)((r >> 2) % 2000001) - 1000000;
	}
}

/* ------------------------------------------------------------ messages */

/*
 * Every message is whole, for its translation: where the worker also read only part of a
 * request (a short read), that case has a message of its own. After died() and deadlock(),
 * a worker that stalled no transfer has returned (end 0): the harness waits for its end.
 */

static bool
not_written(struct judge *j, const struct xchg *e)
{
	if (e->end == 0 && e->rc == -1 && e->err == ENOSYS_)
		judge_fail(j, "squares_serve: not written yet: see the TODO in squares.c");
	return judge_failed(j);
}

/* The worker exited or was killed inside squares_serve. */
static bool
died(struct judge *j, const struct xchg *e)
{
	if (e->end == 1)
		judge_fail(j, "the worker process exited inside squares_serve (exit status %ld): "
		    "return from squares_serve, do not exit", e->end_value);
	else if (e->end == 2)
		/* TRANSLATORS: a signal's number and its name */
		judge_fail(j, "the worker was killed by signal %ld (%s) inside squares_serve",
		    e->end_value, lab_strsignal((int)e->end_value));
	return judge_failed(j);
}

static bool
deadlock(struct judge *j, const struct xchg *e)
{
	if (!e->send_stall)
		return false;
	if (e->answer_waiting > 0)
		judge_fail(j, "deadlock: the parent had sent %ld of the %ld bytes of the list "
		    "when the worker stopped reading: for %d s it read nothing more (it had read "
		    "%ld bytes), and it had already written %ld bytes of its answer, which the "
		    "parent reads only after sending the whole list. The worker answers before "
		    "it has read the whole list (it answers as it reads, or it took one read() "
		    "for all of it: a short read); its answer fills the connection and its "
		    "write() blocks", e->sent, e->len, STALL_S, e->read, e->answer_waiting);
	else
		judge_fail(j, "deadlock: the parent had sent %ld of the %ld bytes of the list "
		    "when the worker stopped reading: for %d s it read nothing more (it had read "
		    "%ld bytes) and wrote nothing", e->sent, e->len, STALL_S, e->read);
	return true;
}

/* ------------------------------------------------------------ a good request */

enum { SQUARED, IN_32_BITS, IN_DOUBLE };

/* Whether V is what a 32-bit or a floating-point square of X gives. */
static int
narrow(int64_t x, int64_t v)
{
	uint64_t sq = (uint64_t)x * (uint64_t)x;
	int64_t x32 = (int32_t)(uint32_t)x;

	if (v == (int32_t)(uint32_t)sq || v == (int64_t)(uint32_t)sq || v == x32 * x32)
		return IN_32_BITS;
	if ((double)v == (double)x * (double)x)
		return IN_DOUBLE;
	return SQUARED;
}

static void
wrong_square(struct judge *j, const struct xchg *e, const long *x, size_t n)
{
	long i = judge_long(j, "wrong_at"), v = judge_long(j, "wrong_value"), want;
	char ws[32], vs[32];
	int width;

	if (judge_failed(j))
		return;
	if (i < 0 || (size_t)i >= n || v == x[i] * x[i]) {
		judge_fail(j, lab_ngettext("the %zu square the worker answered is not the "
		    "square of the list", "the %zu squares the worker answered are not the "
		    "squares of the list", (unsigned long)n), n);
		return;
	}
	want = x[i] * x[i];
	snprintf(ws, sizeof ws, "%ld", want);
	snprintf(vs, sizeof vs, "%ld", v);
	width = narrow(x[i], v);
	if (width == IN_32_BITS)
		/* TRANSLATORS: answer #i of n (counted from 0), the number, the square the
		 * worker answered, the right square; the same in the next messages */
		judge_fail_values(j, ws, vs, "answer #%ld of %zu, the square of %ld, is %ld, not "
		    "%ld: that is the square computed in 32 bits (an int): it needs 64 bits, "
		    "int64_t", i, n, x[i], v, want);
	else if (width == IN_DOUBLE)
		judge_fail_values(j, ws, vs, "answer #%ld of %zu, the square of %ld, is %ld, not "
		    "%ld: that is the square computed in floating point (a double keeps 53 "
		    "bits): multiply the int64_t numbers", i, n, x[i], v, want);
	else if (e->read < e->len)
		judge_fail_values(j, ws, vs, "answer #%ld of %zu, the square of %ld, is %ld, not "
		    "%ld; the worker read only %ld of the %ld bytes of the request (%ld were "
		    "sent and never read): read() may return fewer bytes than asked (a short "
		    "read), so read in a loop until all of them are in", i, n, x[i], v, want,
		    e->read, e->len, e->unread);
	else if (i > 0)
		judge_fail_values(j, ws, vs, "answer #%ld of %zu, the square of %ld, is %ld, not "
		    "%ld, though the ones before it are right", i, n, x[i], v, want);
	else
		judge_fail_values(j, ws, vs, "answer #%ld of %zu, the square of %ld, is %ld, not "
		    "%ld", i, n, x[i], v, want);
}

/* Fewer than the whole answer came back. */
static void
short_answer(struct judge *j, const struct xchg *e, size_t n)
{
	long total = 8 * ((long)n + 1), squares = (e->received - 8) / 8;

	if (e->recv_stall && e->read < e->len)
		/* TRANSLATORS: squares received of n, then bytes received of the whole
		 * answer's; the same in the next messages */
		judge_fail(j, "the answer stopped after %ld of %zu squares (%ld of %ld bytes): "
		    "for %d s the worker wrote nothing more and did not return; it had read only "
		    "%ld of the %ld bytes of the request (%ld were sent and never read): read() "
		    "may return fewer bytes than asked (a short read), so read in a loop until "
		    "all of them are in", squares, n, e->received, total, STALL_S, e->read,
		    e->len, e->unread);
	else if (e->recv_stall)
		judge_fail(j, "the answer stopped after %ld of %zu squares (%ld of %ld bytes): "
		    "for %d s the worker wrote nothing more and did not return", squares, n,
		    e->received, total, STALL_S);
	else if (e->end == 0 && e->rc == 0 && e->read == e->len)
		/* TRANSLATORS: the last %ld counts the worker's calls of write, writev, send */
		judge_fail(j, lab_ngettext("the answer ended after %ld of %zu squares (%ld of %ld "
		    "bytes), yet squares_serve returned 0, after %ld call that wrote (write, "
		    "writev, send, ...): each of them may send fewer bytes than asked (a short "
		    "write): loop until everything is sent, going on from where the last one "
		    "stopped", "the answer ended after %ld of %zu squares (%ld of %ld bytes), yet "
		    "squares_serve returned 0, after %ld calls that wrote (write, writev, send, "
		    "...): each of them may send fewer bytes than asked (a short write): loop "
		    "until everything is sent, going on from where the last one stopped",
		    (unsigned long)e->writes), squares, n, e->received, total, e->writes);
	else if (e->read < e->len)
		judge_fail(j, "the answer ended after %ld of %zu squares (%ld of %ld bytes): "
		    "squares_serve returned %ld; the worker read only %ld of the %ld bytes of "
		    "the request (%ld were sent and never read): read() may return fewer bytes "
		    "than asked (a short read), so read in a loop until all of them are in",
		    squares, n, e->received, total, e->rc, e->read, e->len, e->unread);
	else
		judge_fail(j, "the answer ended after %ld of %zu squares (%ld of %ld bytes): "
		    "squares_serve returned %ld", squares, n, e->received, total, e->rc);
}

/* No count came back while the worker ran on: it wrote part of the count, or nothing. */
static void
no_count(struct judge *j, const struct xchg *e)
{
	if (e->read == e->len && e->received > 0)
		/* TRANSLATORS: the bytes of the request; the seconds the parent waited; the
		 * bytes the worker had read (in the short-read messages: of the request's
		 * bytes, and the bytes it left unread) */
		judge_fail(j, "no answer: the whole list was sent (%ld bytes), then for %d s the "
		    "worker wrote only part of the count and did not return while the parent "
		    "waited for the count (it had read %ld bytes, all of the request: does it "
		    "wait for more than the count says?)", e->len, STALL_S, e->read);
	else if (e->read == e->len)
		judge_fail(j, "no answer: the whole list was sent (%ld bytes), then for %d s the "
		    "worker wrote nothing and did not return while the parent waited for the "
		    "count (it had read %ld bytes, all of the request: does it wait for more "
		    "than the count says?)", e->len, STALL_S, e->read);
	else if (e->received > 0)
		judge_fail(j, "no answer: the whole list was sent (%ld bytes), then for %d s the "
		    "worker wrote only part of the count and did not return while the parent "
		    "waited for the count: it had read only %ld of the %ld bytes of the request "
		    "(%ld were sent and never read): read() may return fewer bytes than asked "
		    "(a short read), so read in a loop until all of them are in", e->len,
		    STALL_S, e->read, e->len, e->unread);
	else
		judge_fail(j, "no answer: the whole list was sent (%ld bytes), then for %d s the "
		    "worker wrote nothing and did not return while the parent waited for the "
		    "count: it had read only %ld of the %ld bytes of the request (%ld were sent "
		    "and never read): read() may return fewer bytes than asked (a short read), "
		    "so read in a loop until all of them are in", e->len, STALL_S, e->read,
		    e->len, e->unread);
}

/* No count came back. */
static void
no_answer(struct judge *j, const struct xchg *e, size_t n)
{
	if (e->recv_stall)
		no_count(j, e);
	else if (e->read < e->len)
		/* TRANSLATORS: what squares_serve returned, the request's count of numbers, the
		 * bytes the worker wrote, then the bytes it read of the request's, and the bytes
		 * it left unread */
		judge_fail(j, lab_ngettext("no answer: squares_serve returned %ld after a good "
		    "request of %zu number, having written %ld bytes (the count alone is 8); "
		    "the worker read only %ld of the %ld bytes of the request (%ld were sent and "
		    "never read): read() may return fewer bytes than asked (a short read), so "
		    "read in a loop until all of them are in", "no answer: squares_serve "
		    "returned %ld after a good request of %zu numbers, having written %ld bytes "
		    "(the count alone is 8); the worker read only %ld of the %ld bytes of the "
		    "request (%ld were sent and never read): read() may return fewer bytes than "
		    "asked (a short read), so read in a loop until all of them are in",
		    (unsigned long)n), e->rc, n, e->received, e->read, e->len, e->unread);
	else
		/* TRANSLATORS: what squares_serve returned, the request's count of numbers, the
		 * bytes the worker wrote */
		judge_fail(j, lab_ngettext("no answer: squares_serve returned %ld after a good "
		    "request of %zu number, having written %ld bytes (the count alone is 8)",
		    "no answer: squares_serve returned %ld after a good request of %zu numbers, "
		    "having written %ld bytes (the count alone is 8)", (unsigned long)n), e->rc,
		    n, e->received);
}

static uint64_t
hash_of(const long *x, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint64_t)(x[i] * x[i])) * 0x100000001b3u;
	return h;
}

/* The worker returned before the whole request was sent, so before it had read it all. */
static void
returned_early(struct judge *j, const struct xchg *e, size_t n)
{
	/* TRANSLATORS: what squares_serve returned; the bytes sent of the request's; the
	 * request's count of numbers; the bytes the worker read of the request's, and the
	 * bytes it left unread */
	judge_fail(j, lab_ngettext("squares_serve returned %ld when the parent had sent %ld of "
	    "the %ld bytes of a good request of %zu number; the worker read only %ld of the "
	    "%ld bytes of the request (%ld were sent and never read): read() may return fewer "
	    "bytes than asked (a short read), so read in a loop until all of them are in",
	    "squares_serve returned %ld when the parent had sent %ld of the %ld bytes of a "
	    "good request of %zu numbers; the worker read only %ld of the %ld bytes of the "
	    "request (%ld were sent and never read): read() may return fewer bytes than asked "
	    "(a short read), so read in a loop until all of them are in", (unsigned long)n),
	    e->rc, e->sent, e->len, n, e->read, e->len, e->unread);
}

/* The answer's count is not the request's. */
static void
wrong_count(struct judge *j, const struct xchg *e, size_t n)
{
	if (e->read < e->len)
		judge_fail(j, "the answer starts with the count %ld, not %zu (the count of the "
		    "request); the worker read only %ld of the %ld bytes of the request (%ld "
		    "were sent and never read): read() may return fewer bytes than asked (a "
		    "short read), so read in a loop until all of them are in", e->count, n,
		    e->read, e->len, e->unread);
	else
		judge_fail(j, "the answer starts with the count %ld, not %zu (the count of the "
		    "request)", e->count, n);
}

static void
decide_list(struct judge *j, const long *x, size_t n)
{
	long len = 8 * ((long)n + 1), hash;
	struct xchg e;

	if (!exchange(j, 0, 1, len, &e) || not_written(j, &e) || deadlock(j, &e) ||
	    died(j, &e))
		return;
	hash = judge_long(j, "hash");
	if (judge_failed(j))
		return;
	if (e.sent < len)
		returned_early(j, &e, n);
	else if (e.received < 8)
		no_answer(j, &e, n);
	else if (e.count != (long)n)
		wrong_count(j, &e, n);
	else if (e.received < len)
		short_answer(j, &e, n);
	else if (hash != (long)hash_of(x, n))
		wrong_square(j, &e, x, n);
	else if (e.received > len)
		/* TRANSLATORS: the bytes written past the answer, then the list's count */
		judge_fail(j, lab_ngettext("the worker wrote %ld more bytes after the %zu square",
		    "the worker wrote %ld more bytes after the %zu squares", (unsigned long)n),
		    e.received - len, n);
	else if (e.recv_stall || e.end == 3)
		judge_fail(j, "the worker answered, then squares_serve did not return within %d "
		    "s (serve one request, then return)", STALL_S);
	else if (e.rc != 0)
		judge_fail(j, "squares_serve returned %ld after a good request (it answered it "
		    "right), expected 0", e.rc);
}

static void
decide_x(struct judge *j)
{
	size_t n;
	const long *x = judge_in_longs(j, "x", &n);

	decide_list(j, x, n);
}

#define decide_one_number decide_x
#define decide_empty decide_x
#define decide_thousand decide_x

static void
decide_million(struct judge *j)
{
	size_t n = (size_t)judge_in_long(j, "n");
	uint64_t s = (uint64_t)judge_in_long(j, "gen");
	long *x = malloc(n * sizeof *x);

	if (x == NULL) {
		perror("judge: malloc");
		exit(3);
	}
	for (size_t i = 0; i < n; i++)
		x[i] = generated(&s);
	x[judge_in_long(j, "min_at")] = -SQUARES_XMAX;
	decide_list(j, x, n);
	free(x);
}

/* ------------------------------------------------------------ bad requests */

/* After BAD (a bad request, described by decide_bad_input), the worker neither answered
 * nor returned. */
static void
stuck(struct judge *j, const struct xchg *e, const char *bad)
{
	if (e->send_stall)
		/* TRANSLATORS: %s is a bad request ("a negative count (-3)", "a request cut
		 * short (...)"), translated too; the same in every "after %s" below */
		judge_fail(j, "after %s, the worker stopped reading (it had read %ld of the %ld "
		    "bytes sent) and for %d s neither wrote nor returned", bad, e->read,
		    e->sent, STALL_S);
	else if (e->stall_reads >= 2 && e->unread == 0)
		/* TRANSLATORS: %s is a bad request ("a negative count (-3)"), translated too */
		judge_fail(j, "after %s, squares_serve neither answered nor returned for %d s: it "
		    "read all %ld bytes, then tried to read %ld more times in those %d s, and "
		    "after the end of the request each read returns 0: 0 from read() means "
		    "the connection ended, so the request was cut short: return -1", bad,
		    STALL_S, e->read, e->stall_reads, STALL_S);
	else
		/* TRANSLATORS: %s is a bad request ("a negative count (-3)"), translated too */
		judge_fail(j, "after %s, squares_serve neither answered nor returned for %d s "
		    "(it had read %ld of the %ld bytes; the parent had closed its end for "
		    "writing, so a read() there returns 0)", bad, STALL_S, e->read, e->sent);
}

/* After BAD (request K), the worker wrote an answer: its bytes, and its count if whole. */
static void
answered(struct judge *j, const struct xchg *e, size_t k, const char *bad)
{
	long bytes = e->received > 0 ? e->received : e->answer_waiting;

	if (e->received >= 8 && k == 2)
		/* TRANSLATORS: %s is a bad request ("a negative count (-3)"), translated too */
		judge_fail(j, "after %s, the worker wrote an answer (%ld bytes, starting with the "
		    "count %ld): a bad request gets no answer: print one line on stderr, write "
		    "nothing and return -1; check 0 <= n <= SQUARES_MAX before reading the "
		    "numbers", bad, bytes, e->count);
	else if (e->received >= 8)
		judge_fail(j, "after %s, the worker wrote an answer (%ld bytes, starting with the "
		    "count %ld): a bad request gets no answer: print one line on stderr, write "
		    "nothing and return -1", bad, bytes, e->count);
	else if (k == 2)
		judge_fail(j, "after %s, the worker wrote an answer (%ld bytes): a bad request "
		    "gets no answer: print one line on stderr, write nothing and return -1; "
		    "check 0 <= n <= SQUARES_MAX before reading the numbers", bad, bytes);
	else
		judge_fail(j, "after %s, the worker wrote an answer (%ld bytes): a bad request "
		    "gets no answer: print one line on stderr, write nothing and return -1", bad,
		    bytes);
}

static void
decide_bad(struct judge *j, size_t k, long len, const char *bad)
{
	struct xchg e;

	if (!exchange(j, k, NBAD, len, &e) || not_written(j, &e) || died(j, &e))
		return;
	if (e.received > 0 || e.answer_waiting > 0)
		answered(j, &e, k, bad);
	else if (e.send_stall || e.recv_stall || e.end == 3)
		stuck(j, &e, bad);
	else if (e.rc != -1)
		/* TRANSLATORS: %s is a bad request ("a negative count (-3)"), translated too */
		judge_fail(j, "squares_serve returned %ld after %s, expected -1", e.rc, bad);
	else if (e.read == 0)
		/* TRANSLATORS: %s is a bad request ("a negative count (-3)"), translated too */
		judge_fail(j, "squares_serve returned -1 after %s without reading any of it: "
		    "read the count first, then decide", bad);
	else if (e.read < 8)
		/* TRANSLATORS: %s is a bad request ("a negative count (-3)"), translated too */
		judge_fail(j, "squares_serve returned -1 after %s before it had read the whole "
		    "count (it read %ld of its 8 bytes): read() may return fewer bytes than "
		    "asked (a short read), so read again until all 8 are in", bad, e.read);
}

/* The four bad requests, each described as a noun phrase for "after %s, ...". */
static void
decide_bad_input(struct judge *j)
{
	long over = judge_in_long(j, "over"), cut = judge_in_long(j, "cut_count");
	long cut_sent = judge_in_long(j, "cut_sent");
	char bad[200];

	/* TRANSLATORS: a bad request, shown as "after a negative count (-3), ..." */
	snprintf(bad, sizeof bad, _("a negative count (%ld)"), judge_in_long(j, "neg"));
	decide_bad(j, 0, 16, bad);
	/* TRANSLATORS: a bad request, shown as "after a count of ... with nothing behind
	 * it, ..." */
	snprintf(bad, sizeof bad, _("a count of %ld (over SQUARES_MAX) with nothing behind "
	    "it"), judge_in_long(j, "huge"));
	decide_bad(j, 1, 8, bad);
	/* TRANSLATORS: a bad request: the count, SQUARES_MAX's value, the count again */
	snprintf(bad, sizeof bad, _("a count of %ld, over SQUARES_MAX (%d), followed by all "
	    "its %ld numbers"), over, SQUARES_MAX, over);
	decide_bad(j, 2, 8 * (over + 1), bad);
	/* TRANSLATORS: a bad request: the count it announced, then how many of its numbers
	 * came (0 or more) before the connection ended */
	snprintf(bad, sizeof bad, _("a request cut short (count %ld, then %ld of those "
	    "numbers, then the end of the connection)"), cut, cut_sent);
	decide_bad(j, 3, 8 * (cut_sent + 1), bad);
}

JUDGE_MAIN(reports, JUDGE_PLANNED(one_number), JUDGE_PLANNED(empty),
    JUDGE_PLANNED(thousand), JUDGE_PLANNED(million), JUDGE_PLANNED(bad_input))
