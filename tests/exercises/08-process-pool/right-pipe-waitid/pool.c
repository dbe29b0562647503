/* SPDX-License-Identifier: MIT */
/*
 * right-pipe-waitid: a correct pool that takes another route than the reference. The
 * workers send "index, result" records through one pipe (each record is far below
 * PIPE_BUF, so the writes of different workers never interleave); the caller closes its
 * write end, collects records until end of file (which comes when every worker has
 * ended, crashed or not) and then reaps each worker with waitid(), which the grader's
 * counters do not count. A task without a record is marked failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pool.h"

struct record {
	uint64_t	index;
	int64_t		result;
};

static int
write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t k = write(fd, p, len);

		if (k == -1 && errno == EINTR)
			continue;
		if (k == -1)
			return -1;
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

static void
worker(int fd, size_t w, size_t nworkers, pool_fn fn, const int64_t *in, size_t n)
{
	for (size_t i = w; i < n; i += nworkers) {
		struct record r = { i, fn(in[i]) };

		if (write_all(fd, &r, sizeof r) == -1)
			_exit(1);
	}
	_exit(0);
}

/* Reads records until end of file; a read may return part of a record. */
static int
collect(int fd, int64_t *out, unsigned char *failed, size_t n)
{
	union {
		struct record	r;
		char		bytes[sizeof(struct record)];
	} buf;
	size_t have = 0;

	for (;;) {
		ssize_t k = read(fd, buf.bytes + have, sizeof buf - have);

		if (k == -1 && errno == EINTR)
			continue;
		if (k == -1) {
			fprintf(stderr, "pool: read: %s\n", strerror(errno));
			return -1;
		}
		if (k == 0)
			return 0;
		have += (size_t)k;
		if (have < sizeof buf)
			continue;
		have = 0;
		if (buf.r.index < n) {
			out[buf.r.index] = buf.r.result;
			failed[buf.r.index] = 0;
		}
	}
}

static void
reap(pid_t pid, size_t w)
{
	siginfo_t si;

	memset(&si, 0, sizeof si);
	while (waitid(P_PID, (id_t)pid, &si, WEXITED) == -1)
		if (errno != EINTR) {
			fprintf(stderr, "pool: waitid: %s\n", strerror(errno));
			return;
		}
	if (si.si_code == CLD_KILLED || si.si_code == CLD_DUMPED)
		fprintf(stderr, "pool: worker %zu (pid %ld) was killed by signal %d (%s)\n", w,
		    (long)pid, si.si_status, strsignal(si.si_status));
	else if (si.si_status != 0)
		fprintf(stderr, "pool: worker %zu (pid %ld) exited with status %d\n", w,
		    (long)pid, si.si_status);
}

int
pool_map(pool_fn fn, const int64_t *in, int64_t *out, size_t n, int workers,
    unsigned char *failed)
{
	pid_t pid[POOL_MAX_WORKERS];
	size_t nworkers, started = 0;
	int fd[2], fork_errno = 0, rc = 0;

	for (size_t i = 0; i < n; i++)
		failed[i] = 1;
	if (workers < 1 || workers > POOL_MAX_WORKERS) {
		errno = EINVAL;
		return -1;
	}
	if (n == 0)
		return 0;
	nworkers = (size_t)workers < n ? (size_t)workers : n;
	if (pipe(fd) == -1) {
		fprintf(stderr, "pool: pipe: %s\n", strerror(errno));
		return -1;
	}
	fflush(stdout);
	for (size_t w = 0; w < nworkers; w++) {
		pid[w] = fork();
		if (pid[w] == -1) {
			fork_errno = errno;
			fprintf(stderr, "pool: fork: %s\n", strerror(errno));
			break;
		}
		if (pid[w] == 0) {
			close(fd[0]);
			worker(fd[1], w, nworkers, fn, in, n);
		}
		started++;
	}
	close(fd[1]);           /* or the end of the pipe would never come */
	if (collect(fd[0], out, failed, n) == -1)
		rc = -1;
	close(fd[0]);
	for (size_t w = 0; w < started; w++)
		reap(pid[w], w);
	for (size_t i = 0; i < n; i++)
		if (failed[i])
			rc = -1;
	if (fork_errno != 0)
		errno = fork_errno;
	return rc;
}
