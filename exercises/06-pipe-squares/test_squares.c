/* SPDX-License-Identifier: MIT */
/*
 * test_squares.c: the driving side of exercise 06 (pipe squares). Do not edit: the
 * grader uses its own copy. The judge (judge_squares.c) chooses every list and count and
 * decides; this file plays the notebook's parent and reports what it saw.
 *
 * The parent makes a duplex connection (socketpair), starts a child that calls
 * squares_serve() on one end, writes the WHOLE request on the other end (for a bad
 * request it then closes its end for writing), and only then reads the answer, until the
 * worker has ended and nothing is left. It keeps a descriptor of the worker's end too
 * (never used for transfers), which lets it see how many bytes of the request the worker
 * left unread. When no byte moves for STALL_MS while the worker runs, the parent stops
 * waiting and the worker is killed: a deadlock is reported, it does not hang the test.
 * The parent moves its bytes with the real send() and recv() (__real_send, __real_recv:
 * neither counted, delayed nor shortened), so the counts of reads and writes are the
 * worker's own, whichever calls it uses (read, readv, recv, write, writev, send, ...).
 *
 * Reports (one value per exchange; bad_input makes four, the other tests one):
 *	sent, unread        bytes of the request sent; of those, bytes the worker never read
 *	send_stall          1: the worker read nothing for STALL_MS while the parent was sending
 *	answer_waiting      at a send stall, bytes of answer the worker had already written
 *	received, count     bytes of answer received; its first 8 bytes (0 if fewer came)
 *	recv_stall          1: the worker neither wrote nor ended for STALL_MS while the
 *	                    parent waited for the answer
 *	stall_reads         the worker's reads (read, readv, recv, ...) during that wait
 *	writes              the worker's writes (write, writev, send, ...)
 *	end, end_value      0 squares_serve returned; 1 the worker exited inside it (status);
 *	                    2 killed by a signal (its number); 3 still running: stopped
 *	rc, err             what squares_serve returned, and errno then (0 if it did not)
 * and for a good request: hash (of the squares received, FNV-1a over the int64 values),
 * wrong_at and wrong_value (the first square that is not the square of what was sent,
 * or -1 and 0).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "squares.h"
#include "labtest.h"

/* The parent's own transfers: the real calls (see labtest.h). */
ssize_t __real_send(int, const void *, size_t, int);
ssize_t __real_recv(int, void *, size_t, int);

#define STALL_MS	2000    /* no byte moved for this long: the worker is stuck */
#define NBAD		4       /* bad_input's requests */

_Static_assert(sizeof(long) == sizeof(int64_t), "the inputs are the lists' int64_t numbers");

struct outcome {                /* what squares_serve did, in shared memory */
	int	returned;
	int	rc;
	int	err;
};

struct xchg {                   /* what the parent saw in one exchange */
	long	sent, unread, send_stall, answer_waiting, received, count, recv_stall;
	long	stall_reads, writes, end, end_value, rc, err;
	long	hash, wrong_at, wrong_value;
};

static struct outcome *outcome;
static int worker_fd = -1, parent_fd = -1;
static pid_t worker_pid;

/* ------------------------------------------------------------ the worker */

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The child: squares_serve on its end; what it returned goes to shared memory. */
static void
worker(void *arg)
{
	(void)arg;
	if (close(parent_fd) == -1)
		lab_fail("test: close: %s", lab_strerror(errno));
	if (lab_delay_us() > 0)
		lab_set_short_io(100);  /* under grading: every transfer may come short */
	errno = 0;
	outcome->rc = squares_serve(worker_fd);
	outcome->err = errno;
	outcome->returned = 1;
	_exit(0);
}

static void
start_worker(void)
{
	int sv[2];

	if (outcome == NULL)
		outcome = lab_shared(sizeof *outcome);
	memset(outcome, 0, sizeof *outcome);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		lab_fail("test: socketpair: %s", lab_strerror(errno));
	parent_fd = sv[0];
	worker_fd = sv[1];
	lab_counts_reset();
	worker_pid = lab_spawn(worker, NULL);
}

/* True once the worker has ended (it is left to reap). */
static int
worker_ended(void)
{
	siginfo_t si;

	si.si_pid = 0;
	while (waitid(P_PID, (id_t)worker_pid, &si, WEXITED | WNOHANG | WNOWAIT) == -1)
		if (errno != EINTR)
			lab_fail("test: waitid: %s", lab_strerror(errno));
	return si.si_pid == worker_pid;
}

/* Reaps the worker, killing it first if it still runs; notes how it ended. */
static void
end_worker(struct xchg *e)
{
	int status = lab_join_within(worker_pid, 0);

	if (status == LAB_TIMED_OUT) {
		e->end = 3;
	} else if (status < 0) {
		e->end = 2;
		e->end_value = -status;
	} else if (!outcome->returned) {
		e->end = 1;
		e->end_value = status;
	} else {
		e->end = 0;
		e->rc = outcome->rc;
		e->err = outcome->err;
	}
}

/* Bytes waiting to be read on FD. */
static long
queued(int fd)
{
	int n = 0;

	if (ioctl(fd, FIONREAD, &n) == -1)
		lab_fail("test: ioctl FIONREAD: %s", lab_strerror(errno));
	return n;
}

static void
wait_ready(short events)
{
	struct pollfd p = { .fd = parent_fd, .events = events };

	if (poll(&p, 1, 10) == -1 && errno != EINTR)
		lab_fail("test: poll: %s", lab_strerror(errno));
}

/* ------------------------------------------------------------ the parent */

/* The whole request, before anything is read (as the notebook's parent does); stops when
 * the worker ends or reads nothing for STALL_MS. */
static void
send_request(struct xchg *e, const void *buf, size_t len)
{
	const char *p = buf;
	long last = now_ms();

	while ((size_t)e->sent < len && !worker_ended()) {
		ssize_t n = __real_send(parent_fd, p + e->sent, len - (size_t)e->sent,
		    MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n > 0) {
			e->sent += n;
			last = now_ms();
			continue;
		}
		if (n == -1 && errno != EAGAIN && errno != EINTR)
			lab_fail("test: send: %s", lab_strerror(errno));
		if (now_ms() - last >= STALL_MS) {
			e->send_stall = 1;
			e->answer_waiting = queued(parent_fd);
			return;
		}
		wait_ready(POLLOUT);
	}
}

/* The answer, into ANS (room for CAP bytes; more are counted, not kept), until the worker
 * has ended and nothing is left, or nothing came for STALL_MS. */
static void
receive(struct xchg *e, char *ans, size_t cap)
{
	char extra[65536];
	long last = now_ms(), reads = lab_counts().reads;

	for (;;) {
		int ended = worker_ended();
		size_t got = (size_t)e->received;
		char *to = got < cap ? ans + got : extra;
		size_t room = got < cap ? cap - got : sizeof extra;
		ssize_t n = __real_recv(parent_fd, to, room, MSG_DONTWAIT);

		if (n > 0) {
			e->received += n;
			last = now_ms();
			reads = lab_counts().reads;
			continue;
		}
		if (n == -1 && errno != EAGAIN && errno != EINTR)
			lab_fail("test: recv: %s", lab_strerror(errno));
		if (ended || n == 0)
			return;
		if (now_ms() - last >= STALL_MS) {
			e->recv_stall = 1;
			e->stall_reads = lab_counts().reads - reads;
			return;
		}
		wait_ready(POLLIN);
	}
}

/* One exchange: REQ (LEN bytes), then SHUT_WR if CLOSE, then the answer into ANS. */
static void
exchange(struct xchg *e, const void *req, size_t len, int close_after, char *ans, size_t cap)
{
	memset(e, 0, sizeof *e);
	start_worker();
	send_request(e, req, len);
	if (!e->send_stall) {
		if (close_after && shutdown(parent_fd, SHUT_WR) == -1)
			lab_fail("test: shutdown: %s", lab_strerror(errno));
		receive(e, ans, cap);
	}
	end_worker(e);
	e->writes = lab_counts().writes;
	e->unread = queued(worker_fd);
	if (close(worker_fd) == -1 || close(parent_fd) == -1)
		lab_fail("test: close: %s", lab_strerror(errno));
	/* TRANSLATORS: a clause, shown as "after the worker ended, a child ..." */
	lab_expect_no_children("the worker ended");
}

static void
report(const struct xchg *e, size_t n)
{
	long v[NBAD];

#define REPORT(field) do {						\
		for (size_t i = 0; i < n; i++)				\
			v[i] = e[i].field;				\
		lab_report_longs(#field, v, n);				\
	} while (0)
	REPORT(sent);
	REPORT(unread);
	REPORT(send_stall);
	REPORT(answer_waiting);
	REPORT(received);
	REPORT(count);
	REPORT(recv_stall);
	REPORT(stall_reads);
	REPORT(writes);
	REPORT(end);
	REPORT(end_value);
	REPORT(rc);
	REPORT(err);
#undef REPORT
}

/* A good request: x[0..n-1]; what came back, checked against the squares of x. */
static void
serve_list(const int64_t *x, size_t n)
{
	int64_t *req = malloc((n + 1) * sizeof *req), *ans = malloc((n + 1) * sizeof *ans);
	uint64_t hash = 0xcbf29ce484222325u;
	struct xchg e;
	size_t got;

	if (req == NULL || ans == NULL)
		lab_fail("test: malloc: %s", lab_strerror(errno));
	req[0] = (int64_t)n;
	if (n > 0)
		memcpy(req + 1, x, n * sizeof *x);
	exchange(&e, req, (n + 1) * sizeof *req, 0, (char *)ans, (n + 1) * sizeof *ans);
	got = (size_t)e.received / sizeof *ans;
	e.count = got > 0 ? ans[0] : 0;
	e.wrong_at = -1;
	for (size_t i = 0; i < n && i + 1 < got; i++) {
		hash = (hash ^ (uint64_t)ans[i + 1]) * 0x100000001b3u;
		if (e.wrong_at == -1 && ans[i + 1] != x[i] * x[i]) {
			e.wrong_at = (long)i;
			e.wrong_value = ans[i + 1];
		}
	}
	e.hash = (long)hash;
	report(&e, 1);
	lab_report_long("hash", e.hash);
	lab_report_long("wrong_at", e.wrong_at);
	lab_report_long("wrong_value", e.wrong_value);
	free(req);
	free(ans);
}

/* ------------------------------------------------------------ tests */

/* The judge's list x (one_number, empty, thousand). */
static void
test_list(void)
{
	static int64_t x[1000];
	size_t n = lab_input_longs("x", (long *)x, sizeof x / sizeof x[0]);

	serve_list(x, n);
}

#define test_one_number test_list
#define test_empty test_list
#define test_thousand test_list

/* The judge's generator (the same in judge_squares.c): splitmix64 from its seed. */
static uint64_t
next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static int64_t
generated(uint64_t *s)
{
	uint64_t r = next(s);

	switch (r % 4) {
	case 0:
		return (int64_t)((r >> 2) % 100) - 50;
	case 1:
		return (int64_t)((r >> 2) % (2 * (uint64_t)SQUARES_XMAX + 1)) - SQUARES_XMAX;
	default:
		return (int64_t)((r >> 2) % 2000001) - 1000000;
	}
}

static void
test_million(void)
{
	size_t n = (size_t)lab_input_long("n"), low = (size_t)lab_input_long("min_at");
	uint64_t s = (uint64_t)lab_input_long("gen");
	int64_t *x = malloc(n * sizeof *x);

	if (x == NULL || n > SQUARES_MAX || low >= n)
		lab_fail("harness: n %zu, min_at %zu", n, low);
	for (size_t i = 0; i < n; i++)
		x[i] = generated(&s);
	x[low] = -SQUARES_XMAX;
	serve_list(x, n);
	free(x);
}

/* A negative count with one number behind it; a huge count alone; a count just over
 * SQUARES_MAX with all its numbers behind it; a request cut short. Each is followed by
 * the end of the connection (SHUT_WR); a good worker returns -1 and writes nothing. */
static void
test_bad_input(void)
{
	long over = lab_input_long("over"), cut = lab_input_long("cut_count");
	long cut_sent = lab_input_long("cut_sent");
	size_t len[NBAD] = { 16, 8, ((size_t)over + 1) * 8, ((size_t)cut_sent + 1) * 8 };
	int64_t *req[NBAD];
	struct xchg e[NBAD];
	char ans[64];

	if (over <= SQUARES_MAX || over > 2 * SQUARES_MAX || cut_sent < 0 || cut_sent >= cut)
		lab_fail("harness: over %ld, cut %ld/%ld", over, cut_sent, cut);
	for (int k = 0; k < NBAD; k++)
		if ((req[k] = calloc(len[k] / 8, 8)) == NULL)
			lab_fail("test: malloc: %s", lab_strerror(errno));
	req[0][0] = lab_input_long("neg");
	req[0][1] = 5;
	req[1][0] = lab_input_long("huge");
	req[2][0] = over;
	for (long i = 1; i <= over; i++)
		req[2][i] = i % 1000;
	req[3][0] = cut;
	for (long i = 1; i <= cut_sent; i++)
		req[3][i] = i;
	for (int k = 0; k < NBAD; k++) {
		exchange(&e[k], req[k], len[k], 1, ans, sizeof ans);
		if (e[k].received >= 8)
			memcpy(&e[k].count, ans, 8);
		free(req[k]);
	}
	report(e, NBAD);
}

LAB_MAIN(LAB_TEST(one_number), LAB_TEST(empty), LAB_TEST(thousand), LAB_TEST(million),
    LAB_TEST(bad_input))
