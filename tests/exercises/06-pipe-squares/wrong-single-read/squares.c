/* SPDX-License-Identifier: MIT */
/*
 * WRONG (realistic mistake): assumes read() returns everything that was asked for.
 * A pipe or socket hands over what it has right now, so the list arrives in pieces;
 * the rest of the buffer stays unset and those "squares" are wrong.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "squares.h"

int
squares_serve(int fd)
{
	int64_t n, *x;

	if (read(fd, &n, sizeof n) == -1) {
		fprintf(stderr, "squares: read: %s\n", strerror(errno));
		return -1;
	}
	if (n < 0 || n > SQUARES_MAX) {
		fprintf(stderr, "squares: bad count %lld\n", (long long)n);
		return -1;
	}
	x = calloc((size_t)n + 1, sizeof *x);
	if (x == NULL) {
		fprintf(stderr, "squares: calloc: %s\n", strerror(errno));
		return -1;
	}
	if (read(fd, x + 1, (size_t)n * sizeof *x) == -1) {     /* one read: "all of it" */
		fprintf(stderr, "squares: read: %s\n", strerror(errno));
		free(x);
		return -1;
	}
	x[0] = n;
	for (int64_t i = 1; i <= n; i++)
		x[i] *= x[i];
	for (size_t done = 0, len = ((size_t)n + 1) * sizeof *x; done < len;) {
		ssize_t w = write(fd, (char *)x + done, len - done);
		if (w == -1) {
			fprintf(stderr, "squares: write: %s\n", strerror(errno));
			free(x);
			return -1;
		}
		done += (size_t)w;
	}
	free(x);
	return 0;
}
