/* SPDX-License-Identifier: MIT */
/*
 * chat.c: two processes chat through a manager that holds their queues (exercise 12),
 * reference solution.
 *
 * The manager is a process that listens on 127.0.0.1 and starts one handler process
 * per connection. The two queues are two pipes created before any fork, so every
 * handler shares them: PUT writes one fixed-size record (256 bytes <= PIPE_BUF, so
 * the write is atomic and records never mix), GET reads one record (under a
 * process-shared lock, because a read may be split and two getters of the same
 * queue must not share a record). A pipe is a FIFO queue that blocks the getter
 * while it is empty: exactly the semantics of multiprocessing.Queue.get().
 *
 * manager_stop sends SIGTERM to the manager, which ends and reaps its handlers.
 *
 * Lines on the socket may arrive in pieces (TCP is a byte stream): read_line()
 * peeks to find the '\n' and then consumes exactly the line, so no byte of the
 * next message is ever taken away.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chat.h"

#define LINE_MAX_ (CHAT_MSG_MAX + 16)  /* "PUT 1 " + message + '\n' */

/* ---------------------------------------------------------------- bytes and lines */

/* Writes all n bytes (write may write fewer). No SIGPIPE: a closed peer is -1/EPIPE. */
static int
write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, buf, n, MSG_NOSIGNAL);

		if (w == -1 && errno == ENOTSOCK)
			w = write(fd, buf, n);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads exactly n bytes; 0 at end of file before the first byte, -1 on error or EOF later. */
static ssize_t
read_full(int fd, char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);

		if (r == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0) {
			if (got == 0)
				return 0;
			errno = EPROTO;
			return -1;
		}
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* Reads one line from a socket into line (without the '\n', '\0'-terminated).
 * 1: a line; 0: the peer closed; -1: error (EMSGSIZE: longer than size - 1). */
static int
read_line(int fd, char *line, size_t size)
{
	size_t len = 0;

	for (;;) {
		ssize_t n;
		char *nl;

		if (len + 1 >= size) {
			errno = EMSGSIZE;
			return -1;
		}
		/* Look at what has arrived without taking it... */
		n = recv(fd, line + len, size - 1 - len, MSG_PEEK);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			if (len == 0)
				return 0;
			errno = EPROTO;
			return -1;
		}
		/* ...then take exactly up to the '\n' (or all of it, and look again). */
		nl = memchr(line + len, '\n', (size_t)n);
		if (nl != NULL)
			n = nl - (line + len) + 1;
		if (read_full(fd, line + len, (size_t)n) != n) {
			if (errno == 0)
				errno = EPROTO;
			return -1;
		}
		len += (size_t)n;
		if (nl != NULL) {
			line[len - 1] = '\0';
			return 1;
		}
	}
}

static bool
valid_message(const char *msg)
{
	return msg != NULL && strlen(msg) < CHAT_MSG_MAX && strchr(msg, '\n') == NULL;
}

/* ---------------------------------------------------------------- the manager */

struct queues {
	int		pipe[2][2];     /* [queue][0 read end, 1 write end] */
	pthread_mutex_t	*get_lock;      /* in shared memory: one getter per queue at a time */
};

static void
say(int conn, const char *what)
{
	(void)write_all(conn, what, strlen(what));
}

/* One connection, in a process of its own. */
static void
handle(int conn, struct queues *q, const char *key)
{
	char line[LINE_MAX_], rec[CHAT_MSG_MAX];
	int r;

	/* Authentication: the first line must be "KEY <key>"; anything else: hang up. */
	r = read_line(conn, line, sizeof line);
	if (r != 1 || strncmp(line, "KEY ", 4) != 0 || strcmp(line + 4, key) != 0) {
		close(conn);
		_exit(0);
	}
	say(conn, "OK\n");

	while ((r = read_line(conn, line, sizeof line)) == 1) {
		int n = -1;

		if (strncmp(line, "PUT ", 4) == 0 && (line[4] == '0' || line[4] == '1') &&
		    line[5] == ' ' && valid_message(line + 6)) {
			n = line[4] - '0';
			memset(rec, 0, sizeof rec);
			strcpy(rec, line + 6);
			/* One write of CHAT_MSG_MAX <= PIPE_BUF bytes: atomic. */
			if (write(q->pipe[n][1], rec, sizeof rec) != (ssize_t)sizeof rec) {
				fprintf(stderr, "manager: write (queue %d): %s\n", n, strerror(errno));
				_exit(1);
			}
			say(conn, "OK\n");
		} else if (strncmp(line, "GET ", 4) == 0 && (line[4] == '0' || line[4] == '1') &&
		    line[5] == '\0') {
			char reply[LINE_MAX_];
			ssize_t got;
			int e;

			n = line[4] - '0';
			if ((e = pthread_mutex_lock(&q->get_lock[n])) != 0) {
				fprintf(stderr, "manager: pthread_mutex_lock: %s\n", strerror(e));
				_exit(1);
			}
			got = read_full(q->pipe[n][0], rec, sizeof rec);
			pthread_mutex_unlock(&q->get_lock[n]);
			if (got != (ssize_t)sizeof rec) {
				fprintf(stderr, "manager: read (queue %d): %s\n", n,
				    got == 0 ? "end of file" : strerror(errno));
				_exit(1);
			}
			rec[sizeof rec - 1] = '\0';
			snprintf(reply, sizeof reply, "MSG %s\n", rec);
			if (write_all(conn, reply, strlen(reply)) == -1)
				_exit(0);       /* the client went away */
		} else {
			say(conn, "ERR\n");
		}
	}
	close(conn);
	_exit(0);
}

/* SIGTERM in the manager (manager_stop): end the handlers (they are in the
 * manager's process group), reap them, end. Only async-signal-safe calls here. */
static void
on_term(int sig)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };

	(void)sig;
	sigaction(SIGTERM, &ign, NULL);         /* the kill below reaches us too */
	kill(0, SIGTERM);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	_exit(0);
}

/* The manager's main loop: accept, start a handler, reap the handlers that ended. */
static void
serve(int ls, struct queues *q, const char *key)
{
	struct sigaction sa = { .sa_handler = on_term };

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) == -1) {
		fprintf(stderr, "manager: sigaction: %s\n", strerror(errno));
		_exit(1);
	}
	for (;;) {
		int conn = accept(ls, NULL, NULL);
		pid_t pid;

		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (conn == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			fprintf(stderr, "manager: accept: %s\n", strerror(errno));
			_exit(1);
		}
		pid = fork();
		if (pid == -1) {
			fprintf(stderr, "manager: fork: %s\n", strerror(errno));
			close(conn);
			continue;
		}
		if (pid == 0) {
			signal(SIGTERM, SIG_DFL);       /* a handler just ends */
			close(ls);
			handle(conn, q, key);
		}
		close(conn);
	}
}

int
manager_start(const char *key, unsigned short *port, pid_t *pid)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	struct queues q;
	pthread_mutexattr_t ma;
	int ls, e;
	pid_t p;

	if (key == NULL || strchr(key, '\n') != NULL) {
		errno = EINVAL;
		return -1;
	}
	ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls == -1) {
		fprintf(stderr, "manager_start: socket: %s\n", strerror(errno));
		return -1;
	}
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = 0;                 /* the kernel picks a free port */
	if (bind(ls, (struct sockaddr *)&a, sizeof a) == -1 || listen(ls, 16) == -1 ||
	    getsockname(ls, (struct sockaddr *)&a, &alen) == -1) {
		fprintf(stderr, "manager_start: bind/listen: %s\n", strerror(errno));
		close(ls);
		return -1;
	}
	if (pipe(q.pipe[0]) == -1) {
		fprintf(stderr, "manager_start: pipe: %s\n", strerror(errno));
		close(ls);
		return -1;
	}
	if (pipe(q.pipe[1]) == -1) {
		fprintf(stderr, "manager_start: pipe: %s\n", strerror(errno));
		goto out_pipe0;
	}
	q.get_lock = mmap(NULL, 2 * sizeof *q.get_lock, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (q.get_lock == MAP_FAILED) {
		fprintf(stderr, "manager_start: mmap: %s\n", strerror(errno));
		goto out_pipe1;
	}
	if ((e = pthread_mutexattr_init(&ma)) != 0 ||
	    (e = pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED)) != 0 ||
	    (e = pthread_mutex_init(&q.get_lock[0], &ma)) != 0 ||
	    (e = pthread_mutex_init(&q.get_lock[1], &ma)) != 0) {
		fprintf(stderr, "manager_start: pthread_mutex_init: %s\n", strerror(e));
		goto out_unmap;
	}
	pthread_mutexattr_destroy(&ma);

	fflush(stdout);
	p = fork();
	if (p == -1) {
		fprintf(stderr, "manager_start: fork: %s\n", strerror(errno));
		goto out_unmap;
	}
	if (p == 0) {
		/* The manager and its handlers: a process group of their own, so that
		 * manager_stop can end them all at once. */
		setpgid(0, 0);
		serve(ls, &q, key);
	}
	setpgid(p, p);          /* also here: whichever of the two runs first */
	/* The parent keeps nothing of the manager: it already listens, and it has the
	 * queues. (The mapping goes too; the manager has its own.) */
	close(ls);
	close(q.pipe[0][0]);
	close(q.pipe[0][1]);
	close(q.pipe[1][0]);
	close(q.pipe[1][1]);
	munmap(q.get_lock, 2 * sizeof *q.get_lock);
	*port = ntohs(a.sin_port);
	*pid = p;
	return 0;

out_unmap:
	munmap(q.get_lock, 2 * sizeof *q.get_lock);
out_pipe1:
	close(q.pipe[1][0]);
	close(q.pipe[1][1]);
out_pipe0:
	close(q.pipe[0][0]);
	close(q.pipe[0][1]);
	close(ls);
	return -1;
}

int
manager_stop(pid_t pid)
{
	int status;

	/* The manager ends the handlers of open connections itself (on_term). */
	if (kill(pid, SIGTERM) == -1) {
		fprintf(stderr, "manager_stop: kill: %s\n", strerror(errno));
		return -1;
	}
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			fprintf(stderr, "manager_stop: waitpid: %s\n", strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------- the clients */

int
manager_connect(unsigned short port, const char *key)
{
	struct sockaddr_in a;
	char line[LINE_MAX_];
	char *hello = NULL;
	int fd, r;

	if (key == NULL || strchr(key, '\n') != NULL) {
		errno = EINVAL;
		return -1;
	}
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd == -1)
		return -1;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(port);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) == -1)
		goto fail;
	if (asprintf(&hello, "KEY %s\n", key) == -1) {
		hello = NULL;
		goto fail;
	}
	if (write_all(fd, hello, strlen(hello)) == -1) {
		if (errno == EPIPE || errno == ECONNRESET)
			errno = EACCES;
		goto fail;
	}
	free(hello);
	hello = NULL;
	r = read_line(fd, line, sizeof line);
	if (r == 1 && strcmp(line, "OK") == 0)
		return fd;
	/* The manager hung up (or said something else): the key was refused. */
	if (r == 0 || (r == 1) || errno == ECONNRESET)
		errno = EACCES;
fail:
	r = errno;
	free(hello);
	close(fd);
	errno = r;
	return -1;
}

int
queue_put(int conn, int queue, const char *msg)
{
	char line[LINE_MAX_];
	int n;

	if ((queue != 0 && queue != 1) || !valid_message(msg)) {
		errno = EINVAL;
		return -1;
	}
	n = snprintf(line, sizeof line, "PUT %d %s\n", queue, msg);
	if (write_all(conn, line, (size_t)n) == -1)
		return -1;
	n = read_line(conn, line, sizeof line);
	if (n == 1 && strcmp(line, "OK") == 0)
		return 0;
	if (n != -1)
		errno = EPROTO;
	return -1;
}

int
queue_get(int conn, int queue, char *buf, size_t size)
{
	char line[LINE_MAX_];
	int n;

	if ((queue != 0 && queue != 1) || buf == NULL || size == 0) {
		errno = EINVAL;
		return -1;
	}
	n = snprintf(line, sizeof line, "GET %d\n", queue);
	if (write_all(conn, line, (size_t)n) == -1)
		return -1;
	n = read_line(conn, line, sizeof line);
	if (n != 1 || strncmp(line, "MSG ", 4) != 0) {
		if (n != -1)
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
	int conn, result = 0;

	if ((side != 0 && side != 1) || n < 0) {
		errno = EINVAL;
		return -1;
	}
	conn = manager_connect(port, key);
	if (conn == -1) {
		fprintf(stderr, "chat: manager_connect: %s\n", strerror(errno));
		return -1;
	}
	/* Side 0 talks on queue 0 and listens on queue 1; side 1 the other way round. */
	for (int i = 0; i < n && result == 0; i++) {
		if (side == 0) {
			if (queue_put(conn, 0, mine[i]) == -1 ||
			    queue_get(conn, 1, theirs[i], CHAT_MSG_MAX) == -1)
				result = -1;
		} else {
			if (queue_get(conn, 0, theirs[i], CHAT_MSG_MAX) == -1 ||
			    queue_put(conn, 1, mine[i]) == -1)
				result = -1;
		}
	}
	if (result == -1)
		fprintf(stderr, "chat: side %d: %s\n", side, strerror(errno));
	if (close(conn) == -1)
		result = -1;
	return result;
}
