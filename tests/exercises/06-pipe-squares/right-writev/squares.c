/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: the request read in a loop of read(), the answer sent with
 * writev(): the count and the squares as two pieces, the loop going on from wherever a
 * short writev() stopped.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "squares.h"

/* 1: all LEN bytes in, 0: the connection ended first, -1: error. */
static int
fill(int fd, char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = read(fd, p, len);

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
send_answer(int fd, int64_t *count, int64_t *sq, size_t n)
{
	struct iovec iov[2] = { { count, sizeof *count }, { sq, n * sizeof *sq } };
	struct iovec *v = iov;
	int nv = 2;

	while (nv > 0) {
		ssize_t w = writev(fd, v, nv);

		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return -1;
		while (nv > 0 && (size_t)w >= v->iov_len) {
			w -= (ssize_t)v->iov_len;
			v++;
			nv--;
		}
		if (nv > 0) {
			v->iov_base = (char *)v->iov_base + w;
			v->iov_len -= (size_t)w;
		}
	}
	return 0;
}

int
squares_serve(int fd)
{
	int64_t n, *x;
	int r = fill(fd, (char *)&n, sizeof n);

	if (r != 1) {
		fprintf(stderr, r == 0 ? "squares: no count\n" : "squares: read: %s\n",
		    strerror(errno));
		return -1;
	}
	if (n < 0 || n > SQUARES_MAX) {
		fprintf(stderr, "squares: bad count %lld (0 to %d)\n", (long long)n, SQUARES_MAX);
		return -1;
	}
	if ((x = malloc((size_t)n * sizeof *x + 1)) == NULL) {
		fprintf(stderr, "squares: malloc: %s\n", strerror(errno));
		return -1;
	}
	r = fill(fd, (char *)x, (size_t)n * sizeof *x);
	if (r != 1) {
		fprintf(stderr, r == 0 ? "squares: the request was cut short\n" :
		    "squares: read: %s\n", strerror(errno));
		free(x);
		return -1;
	}
	for (int64_t i = 0; i < n; i++)
		x[i] *= x[i];
	r = send_answer(fd, &n, x, (size_t)n);
	if (r == -1)
		fprintf(stderr, "squares: writev: %s\n", strerror(errno));
	free(x);
	return r;
}
