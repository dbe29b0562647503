/*
 * WRONG (realistic mistake): reads with care, but writes the whole answer with one
 * write() and never looks at how many bytes it really sent. write() may send fewer
 * (a short write): the end of the answer is lost.
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
	if (write(fd, x, ((size_t)n + 1) * sizeof *x) == -1) {  /* "sends it all" */
		fprintf(stderr, "squares: write: %s\n", strerror(errno));
		free(x);
		return -1;
	}
	free(x);
	return 0;
}
