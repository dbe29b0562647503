/* SPDX-License-Identifier: MIT */
/* util.c: messages, exit statuses, strict number parsing. */
#include "proclab.h"

#include <errno.h>
#include <stdio_ext.h>
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

enum color_when color_when = COLOR_AUTO;

void
color_option(const char *cmd, const char *arg)
{
	if (strcmp(arg, "auto") == 0)
		color_when = COLOR_AUTO;
	else if (strcmp(arg, "always") == 0)
		color_when = COLOR_ALWAYS;
	else if (strcmp(arg, "never") == 0)
		color_when = COLOR_NEVER;
	else
		usage_error(cmd, _("--color: '%s' is not a choice: give auto, always or never"), arg);
}

/* always beats NO_COLOR (an explicit option over the environment, as no-color.org asks). */
bool
use_color(FILE *f)
{
	const char	*nc = getenv("NO_COLOR");
	const char	*term = getenv("TERM");

	if (color_when != COLOR_AUTO)
		return color_when == COLOR_ALWAYS;
	if (nc != NULL && *nc != '\0')
		return false;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fileno(f));
}

/*
 * As gnulib's closeout: output still buffered, or a write that failed earlier, shows up
 * only here, at exit. One message and exit 3 (the machine's fault, e.g. a full disk), for
 * every command at once. A closed pipe already killed us with SIGPIPE unless it is ignored.
 */
void
close_stdout(void)
{
	bool	prev_fail = ferror(stdout) != 0;
	bool	none_pending = __fpending(stdout) == 0;
	int	errnum;

	errno = 0;
	if (fclose(stdout) != 0 || prev_fail) {
		errnum = errno;
		if (errnum == EBADF && none_pending && !prev_fail)
			goto out_stderr;    /* stdout was closed before we started: nothing to say */
		if (errnum != 0)
			fprintf(stderr, "%s: %s: %s\n", progname, _("write error"), strerror(errnum));
		else
			fprintf(stderr, "%s: %s\n", progname, _("write error"));
		_exit(EXIT_INTERNAL);
	}
out_stderr:
	if (fclose(stderr) != 0)
		_exit(EXIT_INTERNAL);
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
