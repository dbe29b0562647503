/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: the connection is a socket, so the worker moves its bytes with
 * recv() and send() (MSG_NOSIGNAL: a parent that went away is an EPIPE, not a signal),
 * each in a loop that goes on after a short transfer. The squares are written in chunks
 * of 512 numbers from a second buffer, so the request's buffer is never overwritten.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "squares.h"

#define CHUNK 512

/* 1: LEN bytes in BUF; 0: the connection ended first; -1: recv failed. */
static int
recv_exactly(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = recv(fd, p, len, 0);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return (int)n;
		p += n;
		len -= (size_t)n;
	}
	return 1;
}

static int
send_exactly(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
cut_short(int r, const char *what)
{
	if (r == 0)
		fprintf(stderr, "squares: the request ended before its %s\n", what);
	else
		fprintf(stderr, "squares: recv: %s\n", strerror(errno));
	return -1;
}

/* The count, then the squares of X[0..N-1], CHUNK at a time. */
static int
send_answer(int fd, int64_t n, const int64_t *x)
{
	int64_t out[CHUNK];

	if (send_exactly(fd, &n, sizeof n) == -1)
		return -1;
	for (int64_t i = 0; i < n; i += CHUNK) {
		int64_t k = n - i < CHUNK ? n - i : CHUNK;

		for (int64_t m = 0; m < k; m++)
			out[m] = x[i + m] * x[i + m];
		if (send_exactly(fd, out, (size_t)k * sizeof *out) == -1)
			return -1;
	}
	return 0;
}

int
squares_serve(int fd)
{
	int64_t n, *x;
	int r;

	if ((r = recv_exactly(fd, &n, sizeof n)) != 1)
		return cut_short(r, "count");
	if (n < 0 || n > SQUARES_MAX) {
		fprintf(stderr, "squares: bad count %lld (0 to %d)\n", (long long)n, SQUARES_MAX);
		return -1;
	}
	if ((x = malloc((size_t)(n > 0 ? n : 1) * sizeof *x)) == NULL) {
		fprintf(stderr, "squares: malloc: %s\n", strerror(errno));
		return -1;
	}
	if ((r = recv_exactly(fd, x, (size_t)n * sizeof *x)) != 1) {
		free(x);
		return cut_short(r, "numbers");
	}
	r = send_answer(fd, n, x);
	if (r == -1)
		fprintf(stderr, "squares: send: %s\n", strerror(errno));
	free(x);
	return r;
}
