/* xmalloc.c: allocation that either succeeds or ends the program with a clear message. */
#include "proclab.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void *
xmalloc(size_t size)
{
	void	*p;

	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		fatal(_("xmalloc: allocating %zu bytes"), size);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		fatal(_("xcalloc: allocating %zu * %zu bytes"), n, size);
	return p;
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if (size > SIZE_MAX / n) {
		errno = ENOMEM;
		fatal(_("xreallocarray: %zu * %zu bytes overflows"), n, size);
	}
	if ((p = realloc(old, n * size)) == NULL)
		fatal(_("xreallocarray: allocating %zu * %zu bytes"), n, size);
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
		fatal(_("xstrndup: allocating %zu bytes"), n + 1);
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
		fatal(_("xvasprintf: formatting a message"));
	return n;
}
