/* SPDX-License-Identifier: MIT */
/*
 * lesson-i18n.h: the lessons speak the student's language, through gettext and the
 * catalog proclab itself reads (domain "proclab", po/pt_BR.po). This is the one piece
 * of plumbing the lessons share; everything they teach stays in each lesson.
 *
 * Call lesson_i18n() first thing in main(). Mark every sentence that explains with
 * _("...") (a whole sentence or paragraph per msgid, its numbers as printf arguments,
 * never a sentence glued from pieces), and leave untranslated what the notebook prints
 * (its Portuguese lines and its figures) and what is code (Python quoted, C calls).
 * A table's labels are padded with lesson_pad(), by the columns a translation takes.
 * A lesson that ran ends with lesson_where(): where its source is, where it runs from.
 */
#ifndef LESSON_I18N_H
#define LESSON_I18N_H

#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "install-dirs.h"

#define _(s)	gettext(s)
#define N_(s)	(s)

static int
lesson_unset_(const char *name)
{
	const char *v = getenv(name);

	return v == NULL || *v == '\0';
}

/*
 * The user's locale, with numbers kept "1.5"; the catalogs found from where this lesson
 * is: ../po/locale in the build tree (.proclab-build-tree beside proclab), else the
 * installed localedir relative to pkglibexecdir. glibc ignores LANGUAGE in the C
 * locale, so a student who asked for LANGUAGE=pt_BR with no locale variable set gets C.UTF-8 (proclab
 * says so when it runs the lesson, and passes LC_ALL on; run alone, the lesson says so).
 */
static void
lesson_i18n(void)
{
	char		 exe[PATH_MAX], dir[PATH_MAX + 64], *slash;
	const char	*language = getenv("LANGUAGE");
	const char	*messages;

	setlocale(LC_ALL, "");
	if (realpath("/proc/self/exe", exe) != NULL && (slash = strrchr(exe, '/')) != NULL) {
		*slash = '\0';
		snprintf(dir, sizeof dir, "%s/../.proclab-build-tree", exe);
		if (access(dir, F_OK) == 0)
			snprintf(dir, sizeof dir, "%s/../po/locale", exe);
		else
			snprintf(dir, sizeof dir, "%s/%s", exe, REL_LESSON_LOCALEDIR);
		bindtextdomain("proclab", dir);
	}
	textdomain("proclab");
	messages = setlocale(LC_MESSAGES, NULL);
	if (language != NULL && *language != '\0' && messages != NULL &&
	    (strcmp(messages, "C") == 0 || strcmp(messages, "POSIX") == 0) &&
	    lesson_unset_("LC_ALL") && lesson_unset_("LC_MESSAGES") && lesson_unset_("LANG") &&
	    setlocale(LC_ALL, "C.UTF-8") != NULL)
		fprintf(stderr, _("proclab: the C locale ignores LANGUAGE=%s; using C.UTF-8 (set LANG, "
		    "e.g. LANG=C.UTF-8, to stop this note)\n"), language);
	setlocale(LC_NUMERIC, "C");
}

/* How many columns s takes on a terminal ("ç" one, not the two bytes strlen counts). */
static int __attribute__((unused))
lesson_width(const char *s)
{
	wchar_t w[256];
	size_t n = mbstowcs(w, s, sizeof w / sizeof w[0]);
	int cols = n == (size_t)-1 || n == sizeof w / sizeof w[0] ? -1 : wcswidth(w, n);

	return cols < 0 ? (int)strlen(s) : cols;
}

/* fputs(s) and spaces up to 'width' columns: printf's %-*s, counted in columns. */
static void __attribute__((unused))
lesson_pad(FILE *fp, const char *s, int width)
{
	int cols = lesson_width(s);

	fprintf(fp, "%s%*s", s, cols < width ? width - cols : 0, "");
}

/*
 * The last lines of a lesson that ran: its source as the proclab source tree names it
 * ("lessons/06-balance-race.c"), and this program's own path (/proc/self/exe), so that
 * a student can open the one and knows which program printed all this.
 */
static void __attribute__((unused))
lesson_where(FILE *fp, const char *source)
{
	char exe[PATH_MAX];

	if (realpath("/proc/self/exe", exe) != NULL)
		fprintf(fp, _("\nSource: %s in the proclab source tree\nThis program: %s\n"),
		    source, exe);
	else
		fprintf(fp, _("\nSource: %s in the proclab source tree\n"), source);
}

#endif
