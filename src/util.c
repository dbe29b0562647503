/* util.c: messages, exit statuses, strict number parsing. */
#include "proclab.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *progname = "proclab";

static void
vmessage(const char *fmt, va_list ap, int errnum)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (errnum != 0)
		fprintf(stderr, ": %s", strerror(errnum));
	fputc('\n', stderr);
}

void
fatal(const char *fmt, ...)
{
	int	errnum = errno;
	va_list	ap;

	va_start(ap, fmt);
	vmessage(fmt, ap, errnum);
	va_end(ap);
	exit(EXIT_INTERNAL);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vmessage(fmt, ap, 0);
	va_end(ap);
	exit(EXIT_INTERNAL);
}

void
warnx_(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vmessage(fmt, ap, 0);
	va_end(ap);
}

/* One line saying what was wrong, one saying where to look: exit 2, nothing else done. */
void
usage_error(const char *cmd, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vmessage(fmt, ap, 0);
	va_end(ap);
	if (cmd != NULL)
		fprintf(stderr, _("Try '%s help %s'.\n"), progname, cmd);
	else
		fprintf(stderr, _("Try '%s --help'.\n"), progname);
	exit(EXIT_USAGE);
}

bool
use_color(FILE *f)
{
	const char	*nc = getenv("NO_COLOR");
	const char	*term = getenv("TERM");

	if (nc != NULL && *nc != '\0')
		return false;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(f));
}

struct manifest *
manifest_load_or_die(void)
{
	char		*cause = NULL;
	struct manifest	*mf = manifest_load(manifest_path(), &cause);

	if (mf == NULL)
		fatalx("%s", cause);
	return mf;
}
