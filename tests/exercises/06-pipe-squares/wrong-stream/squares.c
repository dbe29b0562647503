/* SPDX-License-Identifier: MIT */
/*
 * WRONG (realistic mistake): answers each number as soon as it is read. Fine for a
 * short list; for a long one the answers fill the connection while the parent is
 * still writing (it reads nothing before it has sent everything): the worker
 * blocks in write(), stops reading, the parent blocks in its write: deadlock.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "squares.h"

static int
read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = read(fd, p, len);
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
squares_serve(int fd)
{
	int64_t n, x;

	if (read_all(fd, &n, sizeof n) == -1) {
		fprintf(stderr, "squares: cannot read the count\n");
		return -1;
	}
	if (n < 0 || n > SQUARES_MAX) {
		fprintf(stderr, "squares: bad count %lld\n", (long long)n);
		return -1;
	}
	if (write_all(fd, &n, sizeof n) == -1) {
		fprintf(stderr, "squares: write: %s\n", strerror(errno));
		return -1;
	}
	for (int64_t i = 0; i < n; i++) {
		if (read_all(fd, &x, sizeof x) == -1) {
			fprintf(stderr, "squares: the list ended early\n");
			return -1;
		}
		x *= x;
		if (write_all(fd, &x, sizeof x) == -1) {
			fprintf(stderr, "squares: write: %s\n", strerror(errno));
			return -1;
		}
	}
	return 0;
}
