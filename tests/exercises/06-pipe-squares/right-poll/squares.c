/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: poll() before every read() and write() (waiting for the
 * connection to be ready, then moving what it takes); the answer is written only after
 * the whole request is in.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "squares.h"

/* Waits until FD is ready for EVENTS: 0, or -1 (errno). */
static int
await(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };

	for (;;) {
		int r = poll(&p, 1, -1);

		if (r == -1 && errno == EINTR)
			continue;
		return r == -1 ? -1 : 0;
	}
}

/* Reads exactly LEN bytes: 1, 0 at the end of the connection, -1 on error. */
static int
get(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n;

		if (await(fd, POLLIN) == -1)
			return -1;
		n = read(fd, p, len);
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return (int)n;
		p += n;
		len -= (size_t)n;
	}
	return 1;
}

static int
put(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n;

		if (await(fd, POLLOUT) == -1)
			return -1;
		n = write(fd, p, len);
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
fail(const char *what)
{
	fprintf(stderr, "squares: %s: %s\n", what, strerror(errno));
	return -1;
}

int
squares_serve(int fd)
{
	int64_t n, *x;
	int r;

	if ((r = get(fd, &n, sizeof n)) != 1) {
		if (r == 0)
			fprintf(stderr, "squares: the request ended before its count\n");
		return r == 0 ? -1 : fail("read");
	}
	if (n < 0 || n > SQUARES_MAX) {
		fprintf(stderr, "squares: bad count %lld (0 to %d)\n", (long long)n, SQUARES_MAX);
		return -1;
	}
	if ((x = calloc((size_t)n + 1, sizeof *x)) == NULL)
		return fail("calloc");
	if ((r = get(fd, x + 1, (size_t)n * sizeof *x)) != 1) {
		free(x);
		if (r == 0)
			fprintf(stderr, "squares: the request ended after fewer than %lld "
			    "numbers\n", (long long)n);
		return r == 0 ? -1 : fail("read");
	}
	x[0] = n;
	for (int64_t i = 1; i <= n; i++)
		x[i] *= x[i];
	r = put(fd, x, ((size_t)n + 1) * sizeof *x);
	free(x);
	return r == -1 ? fail("write") : 0;
}
