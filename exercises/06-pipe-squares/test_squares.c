/* SPDX-License-Identifier: MIT */
/*
 * test_squares.c: the tests of exercise 06 (pipe squares). Do not edit: the grader
 * uses its own copy.  Run one test by hand:  ./test_squares million
 *
 * The harness plays the notebook's parent: it makes a duplex connection
 * (socketpair), starts a child that calls squares_serve() on one end, writes the
 * WHOLE request on the other end, and only then reads the answer. A worker that
 * stops making progress for STALL_MS fails the test (deadlock), it does not hang it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "squares.h"
#include "labtest.h"

#define STALL_MS	2000    /* no byte moved for this long: the worker is stuck */

struct outcome {                /* what squares_serve did, in shared memory */
	int	returned;
	int	rc;
	int	err;
};

static struct outcome *outcome;
static int worker_fd = -1, parent_fd = -1;
static pid_t worker_pid;

/* ------------------------------------------------------------ helpers */

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static void
stop_worker(void)
{
	if (worker_pid > 0) {
		kill(worker_pid, SIGKILL);
		while (waitpid(worker_pid, NULL, 0) == -1 && errno == EINTR)
			;
		worker_pid = 0;
	}
}

/* The child: squares_serve on its end; what it returned goes to shared memory. */
static void
worker(void *arg)
{
	(void)arg;
	if (close(parent_fd) == -1)
		lab_fail("close: %s", strerror(errno));
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

	outcome = lab_shared(sizeof *outcome);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		lab_fail("socketpair: %s", strerror(errno));
	parent_fd = sv[0];
	worker_fd = sv[1];
	worker_pid = lab_spawn(worker, NULL);
	/* A worker that quits early must not kill the parent's write with SIGPIPE. */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		lab_fail("signal: %s", strerror(errno));
	if (close(worker_fd) == -1)
		lab_fail("close: %s", strerror(errno));
	/* The parent's end does not block, so a stuck worker is noticed, not waited for. */
	if (fcntl(parent_fd, F_SETFL, O_NONBLOCK) == -1)
		lab_fail("fcntl: %s", strerror(errno));
}

/* Waits up to ms for fd to be ready for events; false on a timeout. */
static int
ready(short events, long ms)
{
	struct pollfd p = { .fd = parent_fd, .events = events };
	int r;

	while ((r = poll(&p, 1, (int)ms)) == -1 && errno == EINTR)
		;
	if (r == -1)
		lab_fail("poll: %s", strerror(errno));
	return r > 0;
}

/* The whole request, before anything is read (as the notebook's parent does). */
static void
send_request(const void *buf, size_t len)
{
	const char *p = buf;
	size_t sent = 0;

	while (sent < len) {
		ssize_t n;

		if (!ready(POLLOUT, STALL_MS)) {
			stop_worker();
			lab_fail("deadlock: the parent has sent %zu of %zu bytes of the list and "
			    "waits for the worker to read more, but for %d s it read nothing: "
			    "the worker writes its answer before it has read the whole list "
			    "(it answers as it reads, or it took one read() for the whole "
			    "list: a short read); the parent reads no answer before it has "
			    "sent everything, so the answer fills the connection and the "
			    "worker's write blocks",
			    sent, len, STALL_MS / 1000);
		}
		n = write(parent_fd, p + sent, len - sent);
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			if (errno == EPIPE || errno == ECONNRESET) {
				stop_worker();
				if (outcome->returned && outcome->rc == -1 &&
				    outcome->err == ENOSYS)
					lab_fail("squares_serve: not written yet: see TODO "
					    "in squares.c");
				lab_fail("the worker ended the connection when the parent had "
				    "sent %zu of the %zu bytes of the request (squares_serve "
				    "returned %d): it must read the whole request", sent, len,
				    outcome->returned ? outcome->rc : 0);
			}
			lab_fail("write: %s", strerror(errno));
		}
		sent += (size_t)n;
	}
}

/* Reads up to len bytes; stops early at the end of the connection. */
static size_t
recv_answer(void *buf, size_t len, const char *waiting_for)
{
	char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n;

		if (!ready(POLLIN, STALL_MS)) {
			stop_worker();
			lab_fail("no answer: the whole list was sent, then the worker wrote "
			    "nothing for %d s while the parent waited for %s (is it waiting "
			    "for more input? the count says how many numbers come)",
			    STALL_MS / 1000, waiting_for);
		}
		n = read(parent_fd, p + got, len - got);
		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			if (errno == ECONNRESET)
				return got;
			lab_fail("read: %s", strerror(errno));
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return got;
}

/* After the answer: the worker must have returned 0 and ended. */
static void
finish(int expect_rc)
{
	int status = 0;
	long t;

	for (t = 0; t <= STALL_MS; t++) {
		pid_t r = waitpid(worker_pid, &status, WNOHANG);
		if (r == worker_pid)
			break;
		if (r == -1 && errno != EINTR)
			lab_fail("waitpid: %s", strerror(errno));
		sleep_ms(1);
	}
	if (t > STALL_MS) {
		stop_worker();
		lab_fail("squares_serve did not return within %d s after %s (serve one "
		    "request, then return)", STALL_MS / 1000,
		    expect_rc == 0 ? "answering" : "a bad request");
	}
	worker_pid = 0;
	if (WIFSIGNALED(status))
		lab_fail("the worker was killed by signal %d (%s) inside squares_serve",
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
	if (!outcome->returned)
		lab_fail("the worker process ended inside squares_serve (exit status %d): "
		    "return from squares_serve, do not exit", WEXITSTATUS(status));
	if (outcome->rc == -1 && outcome->err == ENOSYS)
		lab_fail("squares_serve: not written yet: see TODO in squares.c");
	if (outcome->rc != expect_rc)
		lab_fail("squares_serve returned %d, expected %d%s", outcome->rc, expect_rc,
		    expect_rc == 0 ? " after a good request" : " for a bad request");
	if (close(parent_fd) == -1)
		lab_fail("close: %s", strerror(errno));
	lab_expect_no_children("the worker ended");
}

/* One exchange: send x[0..n-1], check the answer. */
static void
exchange(const int64_t *x, int64_t n)
{
	int64_t *req = malloc(((size_t)n + 1) * sizeof *req);
	int64_t *ans = malloc(((size_t)n + 1) * sizeof *ans);
	int64_t extra;
	size_t got;

	if (req == NULL || ans == NULL)
		lab_fail("malloc: %s", strerror(errno));
	req[0] = n;
	memcpy(req + 1, x, (size_t)n * sizeof *x);
	start_worker();
	send_request(req, ((size_t)n + 1) * sizeof *req);

	got = recv_answer(ans, sizeof ans[0], "the count");
	if (got < sizeof ans[0]) {
		if (outcome->returned && outcome->rc == -1 && outcome->err == ENOSYS) {
			stop_worker();
			lab_fail("squares_serve: not written yet: see TODO in squares.c");
		}
		stop_worker();
		lab_fail("the worker answered %zu bytes instead of the count (8 bytes) and %"
		    PRId64 " squares (squares_serve returned %d)", got, n,
		    outcome->returned ? outcome->rc : 0);
	}
	if (ans[0] != n) {
		char e[32], a[32];
		stop_worker();
		snprintf(e, sizeof e, "%" PRId64, n);
		snprintf(a, sizeof a, "%" PRId64, ans[0]);
		lab_fail_values(e, a, "the answer starts with the count %" PRId64 ", not %"
		    PRId64 " (the request's count: did the worker read all 8 bytes of it? "
		    "read() may return fewer bytes than asked: a short read)", ans[0], n);
	}
	got = recv_answer(ans + 1, (size_t)n * sizeof *ans, "the squares");
	if (got < (size_t)n * sizeof *ans) {
		stop_worker();
		lab_fail("the answer ended after %zu of %" PRId64 " squares (%zu bytes): the "
		    "worker stopped writing early. write() may send fewer bytes than asked "
		    "(a short write): loop until everything is sent", got / sizeof *ans, n, got);
	}
	for (int64_t i = 0; i < n; i++) {
		int64_t want = x[i] * x[i];
		char e[32], a[32];

		if (ans[i + 1] == want)
			continue;
		stop_worker();
		snprintf(e, sizeof e, "%" PRId64, want);
		snprintf(a, sizeof a, "%" PRId64, ans[i + 1]);
		if (i > 0)
			lab_fail_values(e, a, "answer #%" PRId64 " of %" PRId64 " (the square "
			    "of %" PRId64 ") is %s, not %s, though the ones before it are right: "
			    "the worker did not get the whole list. read() may return fewer "
			    "bytes than asked (a short read): read in a loop until all %" PRId64
			    " numbers are in", i, n, x[i], a, e, n);
		lab_fail_values(e, a, "the worker answered %s for the square of %" PRId64
		    ", expected %s%s", a, x[i], e, ans[i + 1] == 0 ? " (did it get the "
		    "number? read() may return fewer bytes than asked: a short read)" :
		    x[i] > 46340 || x[i] < -46340 ? " (it needs 64 bits: int64_t)" : "");
	}
	/* Nothing after the answer. */
	got = recv_answer(&extra, sizeof extra, "the end of the connection");
	if (got > 0) {
		stop_worker();
		lab_fail("the worker wrote more bytes after the %" PRId64 " squares", n);
	}
	finish(0);
	free(req);
	free(ans);
}

static int64_t
random_x(void)
{
	switch (lab_random_below(4)) {
	case 0:
		return (int64_t)lab_random_below(100) - 50;
	case 1:
		return (int64_t)lab_random_below(2 * (uint64_t)SQUARES_XMAX + 1) - SQUARES_XMAX;
	default:
		return (int64_t)lab_random_below(2000001) - 1000000;
	}
}

static void
exchange_random(int64_t n)
{
	int64_t *x = malloc(((size_t)n + 1) * sizeof *x);

	if (x == NULL)
		lab_fail("malloc: %s", strerror(errno));
	for (int64_t i = 0; i < n; i++)
		x[i] = random_x();
	if (n > 2)
		x[lab_random_below((uint64_t)n)] = -SQUARES_XMAX;
	exchange(x, n);
	free(x);
}

/* ------------------------------------------------------------ tests */

static void
test_one_number(void)
{
	int64_t x = 3000000000 + (int64_t)lab_random_below(37000000);

	exchange(&x, 1);
}

static void
test_empty(void)
{
	exchange(NULL, 0);
}

static void
test_thousand(void)
{
	exchange_random(1000);
}

static void
test_million(void)
{
	exchange_random(1000000);
}

/* A bad count, then a request cut short: -1, nothing written. */
static void
bad_request(const int64_t *req, size_t len, const char *what)
{
	int64_t ans;
	size_t got;

	start_worker();
	send_request(req, len);
	if (shutdown(parent_fd, SHUT_WR) == -1)
		lab_fail("shutdown: %s", strerror(errno));
	got = recv_answer(&ans, sizeof ans, "the worker to give up");
	if (got > 0 && !(outcome->returned && outcome->err == ENOSYS)) {
		stop_worker();
		lab_fail("after %s the worker wrote an answer: it must return -1 and write "
		    "nothing", what);
	}
	finish(-1);
}

static void
test_bad_input(void)
{
	int64_t neg[2] = { -(int64_t)(1 + lab_random_below(9)), 5 };
	int64_t big[1] = { SQUARES_MAX + 1 };
	int64_t cut[4] = { 10, 1, 2, 3 };

	bad_request(neg, sizeof neg, "a negative count");
	bad_request(big, sizeof big, "a count over SQUARES_MAX");
	bad_request(cut, sizeof cut, "a request cut short (count 10, then 3 numbers, then "
	    "the end of the connection)");
}

LAB_MAIN(LAB_TEST(one_number), LAB_TEST(empty), LAB_TEST(thousand), LAB_TEST(million),
    LAB_TEST(bad_input))
