/* SPDX-License-Identifier: MIT */
/*
 * right-poll: exercise 12 written from README.md alone, the other design it names: the
 * manager is ONE process that serves every connection with poll(). The queues are ring
 * buffers in its memory; a GET on an empty queue parks its connection in the queue's list
 * of waiters (first come, first served) until a PUT arrives. Each connection has its own
 * input buffer, so bytes after a '\n' wait there for the next request. manager_stop:
 * SIGTERM ends the single process; there is nothing else to end. The clients read a reply
 * one byte per read() and send requests with writev().
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chat.h"

#define MAX_CONNS	64
#define QUEUE_CAP	128             /* messages per queue (at least 64) */
#define IN_MAX		(CHAT_MSG_MAX + 16)

/* ---------------------------------------------------------------- the manager */

struct conn {
	int	fd;                     /* -1: a free slot */
	bool	authed;
	int	waiting;                /* the queue its GET waits on, or -1 */
	size_t	len;
	char	in[IN_MAX];
};

struct queue {
	char	msg[QUEUE_CAP][CHAT_MSG_MAX];
	int	head, count;
	int	waiter[MAX_CONNS];      /* connections waiting in GET, oldest first */
	int	nwaiters;
};

static struct conn conns[MAX_CONNS];
static struct queue queues[2];
static const char *mkey;

static void
say(int fd, const char *a, const char *b)
{
	struct iovec v[3] = { { (void *)a, strlen(a) }, { (void *)b, strlen(b) }, { "\n", 1 } };
	struct msghdr mh = { .msg_iov = v, .msg_iovlen = 3 };

	/* Blocking: all of it is sent, or the client is gone (its read will see the end). */
	while (sendmsg(fd, &mh, MSG_NOSIGNAL) == -1 && errno == EINTR)
		;
}

static void
drop(int c)
{
	for (int q = 0; q < 2; q++)
		for (int i = 0; i < queues[q].nwaiters; i++)
			if (queues[q].waiter[i] == c) {
				memmove(&queues[q].waiter[i], &queues[q].waiter[i + 1],
				    (size_t)(queues[q].nwaiters - i - 1) * sizeof(int));
				queues[q].nwaiters--;
				break;
			}
	close(conns[c].fd);
	conns[c].fd = -1;
}

/* Hands queue q's oldest messages to its oldest waiters. */
static void
serve_waiters(int q)
{
	struct queue *Q = &queues[q];

	while (Q->count > 0 && Q->nwaiters > 0) {
		int c = Q->waiter[0];

		memmove(&Q->waiter[0], &Q->waiter[1], (size_t)(Q->nwaiters - 1) * sizeof(int));
		Q->nwaiters--;
		say(conns[c].fd, "MSG ", Q->msg[Q->head]);
		Q->head = (Q->head + 1) % QUEUE_CAP;
		Q->count--;
		conns[c].waiting = -1;
	}
}

static void
request(int c, const char *line)
{
	struct conn *k = &conns[c];
	int q = strlen(line) >= 5 && (line[4] == '0' || line[4] == '1') ? line[4] - '0' : -1;

	if (!k->authed) {
		if (strncmp(line, "KEY ", 4) != 0 || strcmp(line + 4, mkey) != 0) {
			drop(c);
			return;
		}
		k->authed = true;
		say(k->fd, "OK", "");
	} else if (strncmp(line, "PUT ", 4) == 0 && q != -1 && line[5] == ' ' &&
	    strlen(line + 6) < CHAT_MSG_MAX) {
		struct queue *Q = &queues[q];

		if (Q->count == QUEUE_CAP) {
			say(k->fd, "ERR", "");
			return;
		}
		strcpy(Q->msg[(Q->head + Q->count) % QUEUE_CAP], line + 6);
		Q->count++;
		say(k->fd, "OK", "");
		serve_waiters(q);
	} else if (strncmp(line, "GET ", 4) == 0 && q != -1 && line[5] == '\0') {
		k->waiting = q;
		queues[q].waiter[queues[q].nwaiters++] = c;
		serve_waiters(q);
	} else {
		say(k->fd, "ERR", "");
	}
}

/* The complete lines in connection c's buffer, while it is not waiting. */
static bool
process(int c)
{
	bool any = false;

	while (conns[c].fd != -1 && conns[c].waiting == -1) {
		char *nl = memchr(conns[c].in, '\n', conns[c].len), line[IN_MAX];
		size_t n;

		if (nl == NULL) {
			if (conns[c].len == IN_MAX)
				drop(c);        /* a line longer than any request */
			break;
		}
		n = (size_t)(nl - conns[c].in);
		memcpy(line, conns[c].in, n);
		line[n] = '\0';
		conns[c].len -= n + 1;
		memmove(conns[c].in, nl + 1, conns[c].len);
		request(c, line);
		any = true;
	}
	return any;
}

static void
take_input(int c)
{
	ssize_t r = read(conns[c].fd, conns[c].in + conns[c].len, IN_MAX - conns[c].len);

	if (r == -1 && errno == EINTR)
		return;
	if (r <= 0) {
		drop(c);
		return;
	}
	conns[c].len += (size_t)r;
}

static void
accept_one(int ls)
{
	int fd = accept(ls, NULL, NULL);

	if (fd == -1) {
		if (errno != EINTR && errno != ECONNABORTED)
			fprintf(stderr, "manager: accept: %s\n", strerror(errno));
		return;
	}
	for (int c = 0; c < MAX_CONNS; c++)
		if (conns[c].fd == -1) {
			conns[c] = (struct conn){ .fd = fd, .waiting = -1 };
			return;
		}
	fprintf(stderr, "manager: accept: too many connections\n");
	close(fd);
}

static void
serve(int ls)
{
	struct pollfd p[MAX_CONNS + 1];
	int map[MAX_CONNS + 1];

	for (;;) {
		int n = 1;
		bool again = true;

		p[0] = (struct pollfd){ .fd = ls, .events = POLLIN };
		for (int c = 0; c < MAX_CONNS; c++)
			if (conns[c].fd != -1 && conns[c].len < IN_MAX) {
				p[n] = (struct pollfd){ .fd = conns[c].fd, .events = POLLIN };
				map[n++] = c;
			}
		if (poll(p, (nfds_t)n, -1) == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "manager: poll: %s\n", strerror(errno));
			_exit(1);
		}
		if (p[0].revents & POLLIN)
			accept_one(ls);
		for (int i = 1; i < n; i++)
			if (p[i].revents != 0 && conns[map[i]].fd == p[i].fd)
				take_input(map[i]);
		while (again) {         /* a PUT may have woken a waiter with lines queued */
			again = false;
			for (int c = 0; c < MAX_CONNS; c++)
				if (process(c))
					again = true;
		}
	}
}

int
manager_start(const char *key, unsigned short *port, pid_t *pid)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof a;
	int ls;
	pid_t p;

	if (key == NULL || strchr(key, '\n') != NULL) {
		errno = EINVAL;
		return -1;
	}
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((ls = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	if (bind(ls, (struct sockaddr *)&a, sizeof a) == -1 || listen(ls, 32) == -1 ||
	    getsockname(ls, (struct sockaddr *)&a, &alen) == -1) {
		int e = errno;

		fprintf(stderr, "manager_start: bind/listen: %s\n", strerror(e));
		close(ls);
		errno = e;
		return -1;
	}
	fflush(NULL);
	if ((p = fork()) == -1) {
		int e = errno;

		close(ls);
		errno = e;
		return -1;
	}
	if (p == 0) {
		mkey = key;
		for (int c = 0; c < MAX_CONNS; c++)
			conns[c].fd = -1;
		signal(SIGPIPE, SIG_IGN);
		serve(ls);
	}
	close(ls);
	*port = ntohs(a.sin_port);
	*pid = p;
	return 0;
}

int
manager_stop(pid_t pid)
{
	if (kill(pid, SIGTERM) == -1)
		return -1;
	while (waitpid(pid, NULL, 0) == -1)
		if (errno != EINTR)
			return -1;
	return 0;
}

/* ---------------------------------------------------------------- the clients */

/* Sends the pieces as one line (writev, then whatever it did not send). */
static int
send_line(int fd, const char *a, const char *b)
{
	char buf[IN_MAX + 8];
	struct iovec v[3] = { { (void *)a, strlen(a) }, { (void *)b, strlen(b) }, { "\n", 1 } };
	size_t total = v[0].iov_len + v[1].iov_len + 1, done = 0;
	ssize_t w;

	if (total > sizeof buf) {
		errno = EMSGSIZE;
		return -1;
	}
	while ((w = writev(fd, v, 3)) == -1 && errno == EINTR)
		;
	if (w == -1)
		return -1;
	if ((size_t)w == total)
		return 0;
	snprintf(buf, sizeof buf, "%s%s\n", a, b);
	for (done = (size_t)w; done < total; done += (size_t)w)
		while ((w = write(fd, buf + done, total - done)) == -1)
			if (errno != EINTR)
				return -1;
	return 0;
}

/* One line, one byte per read(). 1: a line; 0: the other side closed; -1: error. */
static int
read_line(int fd, char *buf, size_t size)
{
	size_t len = 0;

	for (;;) {
		char ch;
		ssize_t r = read(fd, &ch, 1);

		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0) {
			if (len == 0)
				return 0;
			errno = EPROTO;
			return -1;
		}
		if (ch == '\n') {
			buf[len] = '\0';
			return 1;
		}
		if (len + 1 == size) {
			errno = EMSGSIZE;
			return -1;
		}
		buf[len++] = ch;
	}
}

int
manager_connect(unsigned short port, const char *key)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	char line[IN_MAX];
	int fd, r, e;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) == -1 || send_line(fd, "KEY ", key) == -1)
		goto fail;
	r = read_line(fd, line, sizeof line);
	if (r == 1 && strcmp(line, "OK") == 0)
		return fd;
	if (r == 0 || errno == ECONNRESET || errno == EPROTO)
		errno = EACCES;
	else if (r == 1)
		errno = EPROTO;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

int
queue_put(int conn, int queue, const char *msg)
{
	char head[8], line[IN_MAX];

	if ((queue != 0 && queue != 1) || msg == NULL || strlen(msg) >= CHAT_MSG_MAX ||
	    strchr(msg, '\n') != NULL) {
		errno = EINVAL;
		return -1;
	}
	snprintf(head, sizeof head, "PUT %d ", queue);
	if (send_line(conn, head, msg) == -1 || read_line(conn, line, sizeof line) != 1)
		return -1;
	if (strcmp(line, "OK") != 0) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

int
queue_get(int conn, int queue, char *buf, size_t size)
{
	char head[8], line[IN_MAX];
	int r;

	if ((queue != 0 && queue != 1) || buf == NULL || size == 0) {
		errno = EINVAL;
		return -1;
	}
	snprintf(head, sizeof head, "GET %d", queue);
	if (send_line(conn, head, "") == -1 || (r = read_line(conn, line, sizeof line)) == -1)
		return -1;
	if (r == 0 || strncmp(line, "MSG ", 4) != 0) {
		errno = EPROTO;
		return -1;
	}
	if (strlen(line + 4) >= size) {
		errno = EMSGSIZE;
		return -1;
	}
	strcpy(buf, line + 4);
	return 0;
}

int
chat(unsigned short port, const char *key, int side, const char *const mine[], int n,
    char theirs[][CHAT_MSG_MAX])
{
	int conn = manager_connect(port, key), r = 0;

	if (conn == -1) {
		fprintf(stderr, "chat: manager_connect: %s\n", strerror(errno));
		return -1;
	}
	for (int i = 0; i < n && r == 0; i++)
		if (side == 0)
			r = queue_put(conn, 0, mine[i]) == -1 ||
			    queue_get(conn, 1, theirs[i], CHAT_MSG_MAX) == -1 ? -1 : 0;
		else
			r = queue_get(conn, 0, theirs[i], CHAT_MSG_MAX) == -1 ||
			    queue_put(conn, 1, mine[i]) == -1 ? -1 : 0;
	if (r == -1)
		fprintf(stderr, "chat: side %d: %s\n", side, strerror(errno));
	close(conn);
	return r;
}
