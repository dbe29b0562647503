/* SPDX-License-Identifier: MIT */
/*
 * lab-i18n.c: the messages of the harnesses, the judges and their libraries in the
 * student's language (gettext, domain "proclab", the proclab command's own catalog).
 *
 * The grader chooses: it gives a run PROCLAB_LOCALEDIR (where the catalog is: for a judge
 * the installed or build-tree folder, for a test program a copy in the program's own
 * read-only folder, the one place the sandbox lets it read in every mode) and LANGUAGE;
 * without PROCLAB_LOCALEDIR (a harness or judge run by hand) everything stays English.
 * The lookup uses a locale of its own for the calling thread only (uselocale), so the
 * student's process keeps the "C" locale it started with: nothing else it prints changes.
 * A system error or signal named inside a message (lab_strerror, lab_strsignal) comes in
 * the same language from glibc's own catalog (the "libc" domain, in the system's locale
 * folder under /usr, which every sandbox mode lets a run read; Debian's libc-l10n), or in
 * English where the system has no translation.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "config.h"
#include "labtest.h"

#include <errno.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#ifdef ENABLE_NLS
#include <libintl.h>

static bool	 tried;
static locale_t	 messages = (locale_t)0;       /* none: stay English */

/* Once per process: the catalog bound, the messages' locale made (C.UTF-8 from LC_ALL). */
static locale_t
messages_locale(void)
{
	const char *dir = getenv(LAB_ENV_LOCALEDIR);

	if (tried)
		return messages;
	tried = true;
	if (dir == NULL || dir[0] != '/')
		return (locale_t)0;
	if (bindtextdomain(LAB_TEXTDOMAIN, dir) == NULL ||
	    bind_textdomain_codeset(LAB_TEXTDOMAIN, "UTF-8") == NULL)
		return (locale_t)0;
	/* glibc's own texts in UTF-8 too: the messages' locale has the "C" locale's ASCII */
	(void)bind_textdomain_codeset("libc", "UTF-8");
	/* glibc reads LANGUAGE only when the messages' locale is not "C": C.UTF-8 is not */
	messages = newlocale(LC_MESSAGES_MASK, "", (locale_t)0);
	return messages;
}

const char *
lab_ngettext(const char *one, const char *many, unsigned long n)
{
	locale_t m = messages_locale(), old;
	const char *s;

	if (m == (locale_t)0 || one == NULL || one[0] == '\0')
		return n == 1 ? one : many;
	old = uselocale(m);
	s = dngettext(LAB_TEXTDOMAIN, one, many, n);
	uselocale(old);
	return s;
}

const char *
lab_gettext(const char *msgid)
{
	locale_t m = messages_locale(), old;
	const char *s;

	if (m == (locale_t)0 || msgid == NULL || msgid[0] == '\0')
		return msgid;   /* "" would be the catalog's header */
	old = uselocale(m);
	s = dgettext(LAB_TEXTDOMAIN, msgid);
	uselocale(old);
	return s;
}

const char *
lab_strerror(int err)
{
	locale_t m = messages_locale();

	return m == (locale_t)0 ? strerror(err) : strerror_l(err, m);
}

const char *
lab_strsignal(int sig)
{
	locale_t m = messages_locale(), old;
	const char *s;

	if (m == (locale_t)0)
		return strsignal(sig);
	old = uselocale(m);     /* strsignal has no _l twin: it reads the thread's locale */
	s = strsignal(sig);
	uselocale(old);
	return s;
}

void
lab_gettext_load(void)
{
	locale_t m = messages_locale(), old;
	int saved = errno;

	if (m == (locale_t)0)
		return;
	old = uselocale(m);
	(void)dgettext(LAB_TEXTDOMAIN, "");     /* opens and maps the catalog now */
	uselocale(old);
	(void)strerror_l(EINVAL, m);            /* and glibc's, for lab_strerror */
	errno = saved;
}
#else
const char *
lab_ngettext(const char *one, const char *many, unsigned long n)
{
	return n == 1 ? one : many;
}

const char *
lab_gettext(const char *msgid)
{
	return msgid;
}

const char *
lab_strerror(int err)
{
	return strerror(err);
}

const char *
lab_strsignal(int sig)
{
	return strsignal(sig);
}

void
lab_gettext_load(void)
{
}
#endif
