/* SPDX-License-Identifier: MIT */
/*
 * xmalloc.c: allocation that either succeeds or ends the program with a clear message: the
 * one place where library code exits (there is nothing sensible left to do). A zero size is
 * a caller's bug, as in tmux.
 */
#include "base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void out_of_memory(const char *, ...) ATTR_PRINTF(1, 2) ATTR_NORETURN;

static void
out_of_memory(const char *fmt, ...)
{
	int	errnum = errno;
	va_list	ap;

	fflush(stdout);
	fputs("proclab: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(errnum));
	exit(3);        /* EXIT_INTERNAL: the machine's fault, not the student's */
}

void
xalloc_die(const char *what)
{
	errno = ENOMEM;
	out_of_memory("%s", what);
}

void *
xmalloc(size_t size)
{
	void	*p;

	if (size == 0)
		abort();        /* a bug: say how much */
	if ((p = malloc(size)) == NULL)
		out_of_memory(_("xmalloc: allocating %zu bytes"), size);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		abort();
	if ((p = calloc(n, size)) == NULL)
		out_of_memory(_("xcalloc: allocating %zu * %zu bytes"), n, size);
	return p;
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		abort();
	if (size > SIZE_MAX / n) {
		errno = ENOMEM;
		out_of_memory(_("xreallocarray: %zu * %zu bytes overflows"), n, size);
	}
	if ((p = realloc(old, n * size)) == NULL)
		out_of_memory(_("xreallocarray: allocating %zu * %zu bytes"), n, size);
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	if ((p = strndup(s, n)) == NULL)
		out_of_memory(_("xstrndup: allocating %zu bytes"), n + 1);
	return p;
}

int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = xvasprintf(ret, fmt, ap);
	va_end(ap);
	return n;
}

int
xvasprintf(char **ret, const char *fmt, va_list ap)
{
	int	n;

	if ((n = vasprintf(ret, fmt, ap)) == -1)
		out_of_memory(_("xvasprintf: formatting a message"));
	return n;
}
