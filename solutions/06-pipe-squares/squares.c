/* SPDX-License-Identifier: MIT */
/*
 * squares.c: reference solution of exercise 06 (pipe squares).
 *
 * read() and write() may move FEWER bytes than asked (a "short" transfer): a pipe or
 * socket hands over what it has right now. So every transfer goes through a loop
 * (read_all, write_all) that goes on until all the bytes have moved.
 *
 * The whole request is read before any of the answer is written: the parent writes
 * everything before it reads, so a worker that answered as it read would fill the
 * connection's buffer with answers nobody reads yet, block in write(), stop reading,
 * and leave the parent blocked in its own write(): a deadlock.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "squares.h"

/* Reads exactly len bytes: 1 done, 0 the connection ended first, -1 error (errno). */
static int
read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = read(fd, p, len);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return 0;
		p += n;
		len -= (size_t)n;
	}
	return 1;
}

/* Writes exactly len bytes: 0 done, -1 error (errno). */
static int
write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
squares_serve(int fd)
{
	int64_t n, *x;
	int r;

	/* lista = con.recv(): first the count, then the numbers. */
	r = read_all(fd, &n, sizeof n);
	if (r != 1) {
		if (r == 0)
			fprintf(stderr, "squares: the connection ended before the count\n");
		else
			fprintf(stderr, "squares: read: %s\n", strerror(errno));
		return -1;
	}
	if (n < 0 || n > SQUARES_MAX) {
		fprintf(stderr, "squares: bad count %lld (0 to %d)\n", (long long)n, SQUARES_MAX);
		return -1;
	}
	/* Room for the count and the numbers: the answer reuses the same buffer. */
	x = malloc(((size_t)n + 1) * sizeof *x);
	if (x == NULL) {
		fprintf(stderr, "squares: malloc: %s\n", strerror(errno));
		return -1;
	}
	r = read_all(fd, x + 1, (size_t)n * sizeof *x);
	if (r != 1) {
		if (r == 0)
			fprintf(stderr, "squares: the connection ended after fewer than %lld "
			    "numbers\n", (long long)n);
		else
			fprintf(stderr, "squares: read: %s\n", strerror(errno));
		free(x);
		return -1;
	}

	/* res = [n*n for n in lista]; con.send(res) */
	x[0] = n;
	for (int64_t i = 1; i <= n; i++)
		x[i] *= x[i];
	if (write_all(fd, x, ((size_t)n + 1) * sizeof *x) == -1) {
		fprintf(stderr, "squares: write: %s\n", strerror(errno));
		free(x);
		return -1;
	}
	free(x);
	return 0;
}
