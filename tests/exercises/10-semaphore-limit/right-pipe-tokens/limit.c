/* SPDX-License-Identifier: MIT */
/*
 * right-pipe-tokens: a correct limit without any semaphore: a pipe holding k one-byte
 * tokens. A worker reads a token before the section (read blocks while the pipe is
 * empty) and writes it back after. The pipe is made before fork, so every worker has
 * the same one. No shared memory, no sem_init, no sem_wait.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "limit.h"

static int
take(int fd)
{
	char t;
	ssize_t n;

	while ((n = read(fd, &t, 1)) == -1 && errno == EINTR)
		;
	return n == 1 ? 0 : -1;
}

static int
give(int fd)
{
	ssize_t n;

	while ((n = write(fd, "t", 1)) == -1 && errno == EINTR)
		;
	return n == 1 ? 0 : -1;
}

static void
worker(int i, int rounds, const int fd[2], limit_section *section, void *arg)
{
	for (int r = 0; r < rounds; r++) {
		if (take(fd[0]) == -1) {
			fprintf(stderr, "run_limited: read: %s\n", strerror(errno));
			_exit(1);
		}
		section(i, arg);
		if (give(fd[1]) == -1) {
			fprintf(stderr, "run_limited: write: %s\n", strerror(errno));
			_exit(1);
		}
	}
	_exit(0);
}

int
run_limited(int nworkers, int k, int rounds, limit_section *section, void *arg)
{
	int fd[2], started, result = 0;

	if (nworkers < 1 || k < 1 || rounds < 0) {
		errno = EINVAL;
		return -1;
	}
	if (pipe(fd) == -1) {
		fprintf(stderr, "run_limited: pipe: %s\n", strerror(errno));
		return -1;
	}
	for (int t = 0; t < k && result == 0; t++)
		if (give(fd[1]) == -1) {
			fprintf(stderr, "run_limited: write: %s\n", strerror(errno));
			result = -1;
		}
	fflush(stdout);
	for (started = 0; started < nworkers && result == 0; started++) {
		pid_t pid = fork();

		if (pid == -1) {
			fprintf(stderr, "run_limited: fork: %s\n", strerror(errno));
			result = -1;
			break;
		}
		if (pid == 0)
			worker(started, rounds, fd, section, arg);
	}
	for (int i = 0; i < started; i++) {
		int status;

		while (waitpid(-1, &status, 0) == -1)
			if (errno != EINTR) {
				fprintf(stderr, "run_limited: waitpid: %s\n", strerror(errno));
				close(fd[0]);
				close(fd[1]);
				return -1;
			}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			result = -1;
	}
	close(fd[0]);
	close(fd[1]);
	return result;
}
