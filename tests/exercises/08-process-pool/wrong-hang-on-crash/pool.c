/* SPDX-License-Identifier: MIT */
/*
 * WRONG (realistic mistake): the workers send "index, result" records through a pipe
 * and the caller reads until it has n of them, but it never closed its own copy of
 * the pipe's write end. When a task crashes its worker, that result never comes, and
 * read() never sees the end of the pipe (the caller itself could still write): it
 * blocks forever.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pool.h"

/* Reads exactly len bytes: 1 done, 0 end of pipe, -1 error. */
static int
read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t k = read(fd, p, len);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0)
			return (int)k;
		p += k;
		len -= (size_t)k;
	}
	return 1;
}

struct record {
	size_t	index;
	int64_t	result;
};

int
pool_map(pool_fn fn, const int64_t *in, int64_t *out, size_t n, int workers,
    unsigned char *failed)
{
	pid_t pid[POOL_MAX_WORKERS];
	size_t nworkers, got = 0;
	int fd[2];

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
		perror("pool: pipe");
		return -1;
	}
	for (size_t w = 0; w < nworkers; w++) {
		pid[w] = fork();
		if (pid[w] == -1) {
			perror("pool: fork");
			exit(1);
		}
		if (pid[w] == 0) {
			close(fd[0]);
			for (size_t i = w; i < n; i += nworkers) {
				struct record r = { i, fn(in[i]) };
				if (write(fd[1], &r, sizeof r) != sizeof r)
					_exit(1);
			}
			_exit(0);
		}
	}
	while (got < n) {                       /* "every result will come" */
		struct record r;
		if (read_all(fd[0], &r, sizeof r) != 1)
			break;
		out[r.index] = r.result;
		failed[r.index] = 0;
		got++;
	}
	close(fd[0]);
	close(fd[1]);
	for (size_t w = 0; w < nworkers; w++)
		waitpid(pid[w], NULL, 0);
	return got == n ? 0 : -1;
}
