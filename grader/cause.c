/* SPDX-License-Identifier: MIT */
/* cause.c: the one error convention of library code (see base.h). */
#include "base.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void
cause_setv(char **cause, const char *fmt, va_list ap)
{
	if (cause == NULL || *cause != NULL)
		return;         /* nobody asked, or the first cause is the one to show */
	xvasprintf(cause, fmt, ap);
}

void
cause_set(char **cause, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	cause_setv(cause, fmt, ap);
	va_end(ap);
}

void
cause_errno(char **cause, const char *fmt, ...)
{
	int	 errnum = errno;
	char	*what;
	va_list	 ap;

	if (cause == NULL || *cause != NULL)
		return;
	va_start(ap, fmt);
	xvasprintf(&what, fmt, ap);
	va_end(ap);
	xasprintf(cause, "%s: %s", what, strerror(errnum));
	free(what);
	errno = errnum;
}
