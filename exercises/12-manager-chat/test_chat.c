/* SPDX-License-Identifier: MIT */
/*
 * test_chat.c: the tests of exercise 12 (chat through a manager).
 *
 * Each test runs in a process of the test, watched with a deadline (a manager
 * that never answers is reported, not waited for). Some tests talk to your
 * manager with a client of their own, speaking the protocol of README.md byte
 * for byte; others use your client functions. The chat test starts both sides
 * at once with a seeded script and checks that every line arrived whole and in
 * order.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chat.h"
#include "labtest.h"

/* The harness's own processes and its own client use the real calls: lab_counts()
 * shows only what chat.c did, and the test's client is never slowed down. */
pid_t __real_fork(void);
pid_t __real_waitpid(pid_t, int *, int);
ssize_t __real_read(int, void *, size_t);
ssize_t __real_write(int, const void *, size_t);

#define DEADLINE_MS	5000
#define TURNS		8

struct shared {
	pid_t	manager;                /* for the deadline: killed with its group */
	int	done;                   /* the test body finished */
	char	stage[200];             /* what the test was doing (for the deadline message) */
	char	theirs[2][TURNS][CHAT_MSG_MAX];
	int	chat_ret[2];
};

static struct shared *sh;
static char key[64];

static void
sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
stage(const char *s)
{
	snprintf(sh->stage, sizeof sh->stage, "%s", s);
}

/* ---------------------------------------------------------------- the test's own client */

static int
raw_connect(unsigned short port)
{
	struct sockaddr_in a;
	struct timeval tv = { 2, 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd == -1)
		lab_fail("socket (test harness): %s", strerror(errno));
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(port);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) == -1)
		lab_fail("could not connect to the manager on 127.0.0.1:%u: %s (is it "
		    "listening before manager_start returns?)", port, strerror(errno));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == -1)
		lab_fail("setsockopt (test harness): %s", strerror(errno));
	return fd;
}

/* Sends s; false when the manager already hung up. */
static bool
raw_send(int fd, const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);

		if (w == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE || errno == ECONNRESET)
				return false;
			lab_fail("send (test harness): %s", strerror(errno));
		}
		s += w;
		n -= (size_t)w;
	}
	return true;
}

/* One line from the manager, without '\n'. 1: a line; 0: it hung up; -1: 2 s of silence. */
static int
raw_line(int fd, char *buf, size_t size)
{
	size_t len = 0;

	for (;;) {
		char c;
		ssize_t r = __real_read(fd, &c, 1);

		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return -1;
		if (r == -1 && errno == ECONNRESET)
			return 0;
		if (r == -1)
			lab_fail("read (test harness): %s", strerror(errno));
		if (r == 0)
			return len == 0 ? 0 : 1;
		if (c == '\n') {
			buf[len] = '\0';
			return 1;
		}
		if (len + 1 < size)
			buf[len++] = c;
	}
}

/* Sends a request, expects exactly the reply `want`. */
static void
raw_expect(int fd, const char *request, const char *want)
{
	char line[CHAT_MSG_MAX + 32], req[CHAT_MSG_MAX + 32];
	int r;

	snprintf(req, sizeof req, "%s", request);
	req[strcspn(req, "\n")] = '\0';
	if (!raw_send(fd, request))
		lab_fail("the manager hung up when it was sent \"%s\"", req);
	r = raw_line(fd, line, sizeof line);
	if (r == -1)
		lab_fail("the manager did not answer \"%s\" within 2 s (expected \"%s\")", req,
		    want);
	if (r == 0)
		lab_fail("the manager hung up after \"%s\" (expected \"%s\")", req, want);
	if (strcmp(line, want) != 0 && strncmp(req, "GET", 3) == 0)
		lab_fail_values(want, line, "the manager answered \"%s\" with \"%s\", expected "
		    "\"%s\": a queue gives back every message, whole, in the order they were "
		    "put (first in, first out)", req, line, want);
	if (strcmp(line, want) != 0)
		lab_fail_values(want, line, "the manager answered \"%s\" with \"%s\", expected "
		    "\"%s\" (see the protocol in README.md)", req, line, want);
}

/* ---------------------------------------------------------------- running a test */

static unsigned short
start(void)
{
	unsigned short port = 0;
	pid_t pid = 0;

	stage("starting the manager (manager_start)");
	if (manager_start(key, &port, &pid) == -1) {
		if (errno == ENOSYS)
			lab_fail("manager_start: not written yet: see the TODO in chat.c");
		lab_fail("manager_start returned -1: %s", strerror(errno));
	}
	if (pid <= 0)
		lab_fail("manager_start returned 0 but set *pid to %ld: it must be the "
		    "manager's process id", (long)pid);
	sh->manager = pid;
	if (port == 0)
		lab_fail("manager_start returned 0 but set *port to 0: it must be the port "
		    "the manager listens on (getsockname after bind)");
	return port;
}

static void
stop(pid_t pid)
{
	stage("stopping the manager (manager_stop)");
	if (manager_stop(pid) == -1) {
		if (errno == ENOSYS)
			lab_fail("manager_stop: not written yet: see the TODO in chat.c");
		lab_fail("manager_stop returned -1: %s", strerror(errno));
	}
	lab_expect_no_children("manager_stop");
}

static void
run(void (*body)(void), const char *timeout_hint)
{
	pid_t pid;
	int status;
	long t0;
	bool ended = false;

	sh = lab_shared(sizeof *sh);
	snprintf(key, sizeof key, "proclab-%04llu",
	    (unsigned long long)(lab_random() % 10000));
	fflush(stdout);
	fflush(stderr);
	pid = __real_fork();
	if (pid == -1)
		lab_fail("fork (test harness): %s", strerror(errno));
	if (pid == 0) {
		setpgid(0, 0);
		body();
		sh->done = 1;
		_exit(0);
	}
	setpgid(pid, pid);
	t0 = now_ms();
	while (now_ms() - t0 < DEADLINE_MS) {
		pid_t r = __real_waitpid(pid, &status, WNOHANG);

		if (r == -1)
			lab_fail("waitpid (test harness): %s", strerror(errno));
		if (r == pid) {
			ended = true;
			break;
		}
		sleep_us(2000);
	}
	if (sh->manager > 0) {          /* whatever is left of the manager */
		kill(-sh->manager, SIGKILL);
		kill(sh->manager, SIGKILL);
	}
	kill(-pid, SIGKILL);
	if (!ended) {
		__real_waitpid(pid, NULL, 0);
		lab_fail("no progress for %d s while %s%s", DEADLINE_MS / 1000, sh->stage,
		    timeout_hint);
	}
	if (WIFSIGNALED(status))
		lab_fail("the test process crashed while %s: %s", sh->stage,
		    strsignal(WTERMSIG(status)));
	if (!sh->done)
		lab_fail("exit() was called while %s (only the manager's own processes may "
		    "exit)", sh->stage);
}

/* ---------------------------------------------------------------- tests */

static void
handshake_body(void)
{
	unsigned short port = start();
	char line[64], hello[96];
	int fd, conn;

	stage("the test's client sent the right key");
	fd = raw_connect(port);
	snprintf(hello, sizeof hello, "KEY %s\n", key);
	raw_expect(fd, hello, "OK");
	close(fd);

	stage("connecting with manager_connect and the right key");
	conn = manager_connect(port, key);
	if (conn == -1) {
		if (errno == ENOSYS)
			lab_fail("manager_connect: not written yet: see the TODO in chat.c");
		lab_fail("manager_connect with the right key returned -1: %s", strerror(errno));
	}
	close(conn);
	(void)line;
	stop(sh->manager);
}

static void
test_handshake(void)
{
	run(handshake_body, "");
}

static void
wrong_key_body(void)
{
	unsigned short port = start();
	char line[64], hello[96];
	int fd, r, conn;

	stage("the test's client sent a wrong key");
	fd = raw_connect(port);
	snprintf(hello, sizeof hello, "KEY %s-wrong\n", key);
	if (raw_send(fd, hello)) {
		r = raw_line(fd, line, sizeof line);
		if (r == 1)
			lab_fail("a client with the wrong key was accepted (the manager answered "
			    "\"%s\"): the manager must compare the key and hang up (close the "
			    "connection) when it is wrong", line);
		if (r == -1)
			lab_fail("a client with the wrong key got no answer for 2 s: the manager "
			    "must refuse it by closing the connection");
	}
	close(fd);

	stage("the test's client sent PUT without a key");
	fd = raw_connect(port);
	if (raw_send(fd, "PUT 0 sneaky\n")) {
		r = raw_line(fd, line, sizeof line);
		if (r == 1)
			lab_fail("a client that sent \"PUT 0 sneaky\" before any key was answered "
			    "\"%s\": the first line must be the key, anything else is refused", line);
	}
	close(fd);

	stage("connecting with manager_connect and a wrong key");
	snprintf(hello, sizeof hello, "%s-wrong", key);
	errno = 0;
	conn = manager_connect(port, hello);
	if (conn != -1)
		lab_fail("manager_connect with a wrong key returned a connection: it must "
		    "return -1 with errno EACCES when the manager hangs up");
	if (errno == ENOSYS)
		lab_fail("manager_connect: not written yet: see the TODO in chat.c");
	if (errno != EACCES)
		lab_fail("manager_connect with a wrong key failed with errno \"%s\", expected "
		    "EACCES (\"%s\")", strerror(errno), strerror(EACCES));

	stage("the test's client sent the right key after the wrong ones");
	fd = raw_connect(port);
	snprintf(hello, sizeof hello, "KEY %s\n", key);
	raw_expect(fd, hello, "OK");
	close(fd);
	stop(sh->manager);
}

static void
test_wrong_key(void)
{
	run(wrong_key_body, ": after refusing a client, the manager must go on serving "
	    "the others");
}

static void
protocol_body(void)
{
	unsigned short port = start();
	char hello[96];
	int fd;

	stage("the test's client talked the protocol (KEY, PUT, GET)");
	fd = raw_connect(port);
	snprintf(hello, sizeof hello, "KEY %s\n", key);
	raw_expect(fd, hello, "OK");
	raw_expect(fd, "PUT 0 olá, tudo bem?\n", "OK");
	raw_expect(fd, "PUT 1 on queue one\n", "OK");
	raw_expect(fd, "PUT 0 second  (two spaces)\n", "OK");
	raw_expect(fd, "GET 0\n", "MSG olá, tudo bem?");
	raw_expect(fd, "GET 1\n", "MSG on queue one");
	raw_expect(fd, "GET 0\n", "MSG second  (two spaces)");
	close(fd);
	stop(sh->manager);
}

static void
test_protocol(void)
{
	run(protocol_body, ": a GET must wait only while its queue is empty");
}

static void
make_message(char *buf, size_t max, int who, int i)
{
	static const char *words[] = { "oi", "tudo", "bem", "processo", "fila", "mensagem",
	    "ação", "canal", "servidor", "chave", "porta", "127.0.0.1", "!", "?", "(ok)" };
	size_t len;

	len = (size_t)snprintf(buf, max, "%c%d:", who == 0 ? 'A' : 'B', i);
	for (int w = 0; w < 2 + (int)(lab_random() % 6); w++)
		len += (size_t)snprintf(buf + len, max - len, " %s",
		    words[lab_random() % (sizeof words / sizeof words[0])]);
	if (i == 3) {           /* one long message, close to the limit */
		while (len + 1 < max)
			buf[len++] = (char)('a' + lab_random() % 26);
		buf[len] = '\0';
	}
}

static void
queue_order_body(void)
{
	unsigned short port = start();
	char msgs[2][6][CHAT_MSG_MAX], got[CHAT_MSG_MAX];
	int conn;

	for (int q = 0; q < 2; q++)
		for (int i = 0; i < 6; i++)
			make_message(msgs[q][i], CHAT_MSG_MAX, q, i);
	stage("connecting with manager_connect");
	conn = manager_connect(port, key);
	if (conn == -1) {
		if (errno == ENOSYS)
			lab_fail("manager_connect: not written yet: see the TODO in chat.c");
		lab_fail("manager_connect with the right key returned -1: %s", strerror(errno));
	}
	stage("putting 6 messages into each queue with queue_put");
	for (int i = 0; i < 6; i++)
		for (int q = 0; q < 2; q++)
			if (queue_put(conn, q, msgs[q][i]) == -1) {
				if (errno == ENOSYS)
					lab_fail("queue_put: not written yet: see the TODO in chat.c");
				lab_fail("queue_put(queue %d, message %d) returned -1: %s", q, i,
				    strerror(errno));
			}
	stage("getting the messages back with queue_get");
	for (int q = 1; q >= 0; q--)
		for (int i = 0; i < 6; i++) {
			memset(got, 0, sizeof got);
			if (queue_get(conn, q, got, sizeof got) == -1) {
				if (errno == ENOSYS)
					lab_fail("queue_get: not written yet: see the TODO in chat.c");
				lab_fail("queue_get(queue %d) returned -1 for message %d of 6: %s", q,
				    i + 1, strerror(errno));
			}
			if (strcmp(got, msgs[q][i]) != 0)
				lab_fail_values(msgs[q][i], got, "queue %d: message %d of 6 came back "
				    "as \"%.60s\", expected \"%.60s\": a queue gives back every message, "
				    "whole, in the order they were put (first in, first out); and a reply "
				    "may come in pieces: read it until its '\\n'", q, i + 1,
				    got, msgs[q][i]);
		}
	close(conn);
	stop(sh->manager);
}

static void
test_queue_order(void)
{
	run(queue_order_body, ": a GET must wait only while its queue is empty");
}

/* Sends s in pieces, with pauses: what TCP is allowed to do to any message. */
static void
send_pieces(int fd, const char *const pieces[])
{
	for (int i = 0; pieces[i] != NULL; i++) {
		if (i > 0)
			sleep_us(3000);
		if (!raw_send(fd, pieces[i]))
			lab_fail("the connection was closed while the test was sending \"%s\"",
			    pieces[i]);
	}
}

/* The test's fake manager: answers each request of the client in pieces. */
static void
fake_manager(int ls)
{
	static const char *ok[] = { "O", "K\n", NULL };
	static const char *msg[] = { "MS", "G hello, ", "wor", "ld\n", NULL };
	char line[CHAT_MSG_MAX + 32], want[96];
	int fd = accept(ls, NULL, NULL);
	struct timeval tv = { 2, 0 };

	if (fd == -1)
		_exit(1);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	snprintf(want, sizeof want, "KEY %s", key);
	if (raw_line(fd, line, sizeof line) != 1 || strcmp(line, want) != 0)
		lab_fail("manager_connect sent \"%s\" first, expected \"%s\"", line, want);
	send_pieces(fd, ok);
	if (raw_line(fd, line, sizeof line) != 1 || strcmp(line, "PUT 0 first") != 0)
		lab_fail("queue_put(conn, 0, \"first\") sent \"%s\", expected \"PUT 0 first\"",
		    line);
	send_pieces(fd, ok);
	if (raw_line(fd, line, sizeof line) != 1 || strcmp(line, "GET 1") != 0)
		lab_fail("queue_get(conn, 1, ...) sent \"%s\", expected \"GET 1\"", line);
	send_pieces(fd, msg);
	if (raw_line(fd, line, sizeof line) != 1 || strcmp(line, "GET 0") != 0)
		lab_fail("queue_get(conn, 0, ...) sent \"%s\", expected \"GET 0\"", line);
	raw_send(fd, "MSG second\n");
	sleep_us(100000);       /* let the client close first */
	_exit(0);
}

static void
pieces_body(void)
{
	static const char *hello_put[] = { "KE", "Y ", NULL, NULL };
	unsigned short port;
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	char got[CHAT_MSG_MAX], keyline[96];
	int ls, conn, fd, status;
	pid_t fake;

	/* 1. Your client, against the test's manager, which answers in pieces. */
	ls = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (ls == -1 || bind(ls, (struct sockaddr *)&a, sizeof a) == -1 || listen(ls, 4) == -1 ||
	    getsockname(ls, (struct sockaddr *)&a, &alen) == -1)
		lab_fail("socket/bind/listen (test harness): %s", strerror(errno));
	fake = __real_fork();
	if (fake == -1)
		lab_fail("fork (test harness): %s", strerror(errno));
	if (fake == 0)
		fake_manager(ls);
	close(ls);
	port = ntohs(a.sin_port);
	stage("your client talked to the test's manager, whose replies come in pieces");
	conn = manager_connect(port, key);
	if (conn == -1) {
		if (errno == ENOSYS)
			lab_fail("manager_connect: not written yet: see the TODO in chat.c");
		lab_fail("manager_connect returned -1 (%s) although the manager answered \"OK\" "
		    "(in two pieces, \"O\" then \"K\\n\"): read until the '\\n'", strerror(errno));
	}
	if (queue_put(conn, 0, "first") == -1)
		lab_fail("queue_put returned -1 (%s) although the manager answered \"OK\" (in "
		    "two pieces): read the reply until the '\\n'", strerror(errno));
	memset(got, 0, sizeof got);
	if (queue_get(conn, 1, got, sizeof got) == -1)
		lab_fail("queue_get returned -1 (%s) although the manager answered "
		    "\"MSG hello, world\" (in four pieces): read the reply until the '\\n'",
		    strerror(errno));
	if (strcmp(got, "hello, world") != 0)
		lab_fail_values("hello, world", got, "queue_get gave \"%s\", expected "
		    "\"hello, world\": the manager's reply arrived in pieces (TCP is a byte "
		    "stream, a read may return part of a line): read until the '\\n'", got);
	memset(got, 0, sizeof got);
	if (queue_get(conn, 0, got, sizeof got) == -1 || strcmp(got, "second") != 0)
		lab_fail_values("second", got, "the second queue_get gave \"%s\", expected "
		    "\"second\": the rest of an earlier reply was left unread? (the replies "
		    "arrived in pieces: read each one until its '\\n')", got);
	close(conn);
	if (__real_waitpid(fake, &status, 0) == -1)
		lab_fail("waitpid (test harness): %s", strerror(errno));

	/* 2. Your manager, with requests in pieces, and two requests in one piece. */
	port = start();
	stage("the test's client sent its requests to your manager in pieces");
	fd = raw_connect(port);
	snprintf(keyline, sizeof keyline, "%s\nPU", key);
	hello_put[2] = keyline;
	send_pieces(fd, hello_put);
	raw_expect(fd, "T 0 in pie", "OK");     /* "KEY <key>\n" is complete: OK */
	raw_expect(fd, "ces\n", "OK");          /* "PUT 0 in pieces" */
	stage("the test's client sent two requests at once to your manager");
	if (!raw_send(fd, "PUT 0 one\nPUT 0 two\n"))
		lab_fail("the manager hung up when it was sent two PUTs at once");
	for (int i = 0; i < 2; i++) {
		char line[64];
		int r = raw_line(fd, line, sizeof line);

		if (r != 1 || strcmp(line, "OK") != 0)
			lab_fail("two requests sent at once (\"PUT 0 one\\nPUT 0 two\\n\"): answer "
			    "%d was %s, expected \"OK\": a read may return more than one line; "
			    "keep what follows the '\\n' for the next request", i + 1,
			    r == 1 ? line : r == 0 ? "the manager hanging up" : "missing");
	}
	raw_expect(fd, "GET 0\n", "MSG in pieces");
	raw_expect(fd, "GET 0\n", "MSG one");
	raw_expect(fd, "GET 0\n", "MSG two");
	close(fd);
	stop(sh->manager);
}

static void
test_pieces(void)
{
	run(pieces_body, "");
}

static char script[2][TURNS][CHAT_MSG_MAX];

static void
chat_body(void)
{
	unsigned short port = start();
	pid_t side[2];

	stage("the two sides were chatting (chat)");
	for (int s = 0; s < 2; s++) {
		side[s] = __real_fork();
		if (side[s] == -1)
			lab_fail("fork (test harness): %s", strerror(errno));
		if (side[s] == 0) {
			const char *mine[TURNS];

			for (int i = 0; i < TURNS; i++)
				mine[i] = script[s][i];
			sh->chat_ret[s] = chat(port, key, s, mine, TURNS, sh->theirs[s]);
			_exit(0);
		}
	}
	for (int s = 0; s < 2; s++) {
		int status;

		if (__real_waitpid(side[s], &status, 0) == -1)
			lab_fail("waitpid (test harness): %s", strerror(errno));
		if (WIFSIGNALED(status))
			lab_fail("side %d of the chat crashed: %s", s, strsignal(WTERMSIG(status)));
		if (WEXITSTATUS(status) != 0)
			lab_fail("side %d of the chat ended with exit status %d: chat must return, "
			    "not exit", s, WEXITSTATUS(status));
	}
	for (int s = 0; s < 2; s++)
		if (sh->chat_ret[s] != 0)
			lab_fail("chat returned -1 on side %d (see its message on stderr)", s);
	for (int s = 0; s < 2; s++)
		for (int i = 0; i < TURNS; i++)
			if (strcmp(sh->theirs[s][i], script[1 - s][i]) != 0)
				lab_fail_values(script[1 - s][i], sh->theirs[s][i],
				    "side %d received line %d as \"%.60s\", expected \"%.60s\": every "
				    "line must arrive whole and in order (TCP may deliver a line in "
				    "pieces, or two lines at once: read until the '\\n')", s, i + 1,
				    sh->theirs[s][i], script[1 - s][i]);
	stop(sh->manager);
}

static void
test_chat(void)
{
	for (int s = 0; s < 2; s++)
		for (int i = 0; i < TURNS; i++)
			make_message(script[s][i], CHAT_MSG_MAX, s, i);
	run(chat_body, ": is the manager serving both clients at the same time (a process "
	    "per connection, or poll())? One that serves a connection to its end before "
	    "accepting the next never gets to the second side");
}

LAB_MAIN(LAB_TEST(handshake), LAB_TEST(wrong_key), LAB_TEST(protocol),
    LAB_TEST(queue_order), LAB_TEST(pieces), LAB_TEST(chat))
