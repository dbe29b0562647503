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
 * A lesson that ran ends with lesson_where(): where its source is (in the source tree from
 * the build tree, installed once installed), and where this program runs from.
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
 * The folder of the lessons' sources (DIR, SIZE bytes), or "" when this program's own path
 * is unknown: the source tree's lessons/ from the build tree (../.proclab-build-tree names
 * the source tree), else the installed copies, REL_LESSON_SRCDIR from pkglibexecdir. Both
 * found from where this program is, so a moved install tree still names its own.
 */
static void __attribute__((unused))
lesson_source_dir_(char *dir, size_t size)
{
	char	 exe[PATH_MAX], path[PATH_MAX + 64], line[PATH_MAX], *slash;
	FILE	*fp;

	dir[0] = '\0';
	if (realpath("/proc/self/exe", exe) == NULL || (slash = strrchr(exe, '/')) == NULL)
		return;
	*slash = '\0';
	snprintf(path, sizeof path, "%s/../.proclab-build-tree", exe);
	if ((fp = fopen(path, "r")) != NULL) {
		line[0] = '\0';
		if (fgets(line, sizeof line, fp) == NULL || line[0] != '/')
			line[0] = '\0';
		fclose(fp);
		if (line[0] == '\0')
			return;
		line[strcspn(line, "\n")] = '\0';
		snprintf(path, sizeof path, "%s/lessons", line);
	} else
		snprintf(path, sizeof path, "%s/%s", exe, REL_LESSON_SRCDIR);
	if (realpath(path, line) != NULL)
		snprintf(dir, size, "%s", line);
}

/*
 * The last lines of a lesson that ran: where its source FILE is ("06-balance-race.c", and
 * ALSO beside it when not NULL), the C with the notebook's Python quoted beside it, to be
 * read after the run; and this program's own path (/proc/self/exe), so that a student
 * knows which program printed all this. A source that is not where it should be is named
 * as the proclab source tree has it.
 */
static void __attribute__((unused))
lesson_where(FILE *fp, const char *file, const char *also)
{
	char	 dir[PATH_MAX], src[PATH_MAX * 2], exe[PATH_MAX];

	lesson_source_dir_(dir, sizeof dir);
	snprintf(src, sizeof src, "%s/%s", dir, file);
	if (dir[0] != '\0' && access(src, R_OK) == 0 && also == NULL)
		fprintf(fp, _("\nSource: %s\n"), src);
	else if (dir[0] != '\0' && access(src, R_OK) == 0)
		fprintf(fp, _("\nSource: %s (and %s beside it)\n"), src, also);
	else {
		if (also == NULL)
			snprintf(src, sizeof src, "lessons/%s", file);
		else
			snprintf(src, sizeof src, "lessons/%s, lessons/%s", file, also);
		fprintf(fp, _("\nSource: %s in the proclab source tree\n"), src);
	}
	if (realpath("/proc/self/exe", exe) != NULL)
		fprintf(fp, _("This program: %s\n"), exe);
}

#endif
