/* SPDX-License-Identifier: MIT */
/*
 * paths.c: where proclab's parts live. Right after `make`, the binary runs from the
 * build tree and uses the lessons it built and the sources beside it; after
 * `make install` it uses the installed copies. Both are found from where this binary
 * is, so no absolute directory is compiled in and a copied install tree works: the
 * build tree by the .proclab-build-tree file configure writes beside the binary (it
 * names the source tree), the installed parts by their place relative to bindir.
 */
#include "proclab.h"
#include "install-dirs.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char	*exe_dir;       /* the folder of this binary, resolved */
static char	*source_dir;    /* the source tree, in the build tree only */

static void
paths_init(void)
{
	char	 exe[PATH_MAX], *slash, *mark, line[PATH_MAX + 1];
	FILE	*fp;

	if (exe_dir != NULL)
		return;
	if (realpath("/proc/self/exe", exe) == NULL)
		strcpy(exe, "/");   /* no /proc: the installed parts, relative to / */
	slash = strrchr(exe, '/');
	*(slash == exe ? slash + 1 : slash) = '\0';
	exe_dir = xstrdup(exe);

	xasprintf(&mark, "%s/.proclab-build-tree", exe_dir);
	if ((fp = fopen(mark, "r")) != NULL) {
		if (fgets(line, sizeof line, fp) != NULL && line[0] == '/') {
			line[strcspn(line, "\n")] = '\0';
			source_dir = xstrdup(line);
		}
		fclose(fp);
	}
	free(mark);
}

/* DIR/REL, tidied by realpath when it exists, so messages show /usr/share/proclab. */
static const char *
beside_exe(char **cache, const char *rel)
{
	char	*path, resolved[PATH_MAX];

	if (*cache != NULL)
		return *cache;
	paths_init();
	xasprintf(&path, "%s/%s", strcmp(exe_dir, "/") == 0 ? "" : exe_dir, rel);
	if (realpath(path, resolved) != NULL) {
		free(path);
		path = xstrdup(resolved);
	}
	*cache = path;
	return path;
}

static const char *
in_source(char **cache, const char *rel)
{
	if (*cache == NULL)
		xasprintf(cache, "%s/%s", source_dir, rel);
	return *cache;
}

bool
in_build_tree(void)
{
	paths_init();
	return source_dir != NULL;
}

const char *
lessons_dir(void)
{
	static char	*path;

	return beside_exe(&path, in_build_tree() ? "lessons" : REL_BIN_PKGLIBEXECDIR);
}

const char *
exercises_dir(void)
{
	static char	*path;

	if (in_build_tree())
		return in_source(&path, "exercises");
	return beside_exe(&path, REL_BIN_PKGDATADIR "/exercises");
}

/* Reference solutions ship in the source tree only: an installed lab has none. */
const char *
solutions_dir(void)
{
	static char	*path;

	return in_build_tree() ? in_source(&path, "solutions") : NULL;
}

const char *
runtime_include_dir(void)
{
	static char	*path;

	if (in_build_tree())
		return in_source(&path, "lib");
	return beside_exe(&path, REL_BIN_PKGINCLUDEDIR);
}

const char *
runtime_lib_dir(void)
{
	static char	*path;

	return beside_exe(&path, in_build_tree() ? "lib" : REL_BIN_PKGLIBDIR);
}

/* PROCLAB_MANIFEST points the grader at another manifest (tests, course variants). */
const char *
manifest_path(void)
{
	static char	*path;
	const char	*env = getenv("PROCLAB_MANIFEST");

	if (env != NULL && *env != '\0')
		return env;
	if (path == NULL)
		xasprintf(&path, "%s/manifest.json", exercises_dir());
	return path;
}

/* The reference cards: doc/cards in the source tree, their installed copies in
 * pkgdatadir/cards (doc/local.mk). */
const char *
cards_dir(void)
{
	static char	*path;

	if (in_build_tree())
		return in_source(&path, "doc/cards");
	return beside_exe(&path, REL_BIN_PKGDATADIR "/cards");
}

/* The translations: po/locale in the build tree (made by make, see po/local.mk), else
 * the installed localedir. */
const char *
locale_dir(void)
{
	static char	*path;

	return beside_exe(&path, in_build_tree() ? "po/locale" : REL_BIN_LOCALEDIR);
}

/* The language of this process's messages, as gettext chooses it (LANGUAGE unless the
 * messages' locale is "C", else that locale's name), for the judges and test programs;
 * NULL when it is English (or NLS is off). */
const char *
message_languages(void)
{
#ifdef ENABLE_NLS
	const char	*loc = setlocale(LC_MESSAGES, NULL), *language = getenv("LANGUAGE");

	if (loc == NULL || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		return NULL;
	if (language != NULL && language[0] != '\0')
		return language;
	return loc;
#else
	return NULL;
#endif
}

/*
 * The language of the messages in force. The catalog gettext chose for LC_MESSAGES and
 * LANGUAGE names it in its header ("Language: pt_BR"), so the tasks and the cards follow
 * the messages whatever decided them. NULL for English: no catalog (gettext("") is then
 * ""), or no NLS.
 */
char *
messages_language(void)
{
	static const char	 header_id[] = "";     /* a variable: xgettext must not take it */
	const char		*h = gettext(header_id), *p;
	size_t			 len;

	if (strncmp(h, "Language: ", 10) == 0)
		p = h + 10;
	else if ((p = strstr(h, "\nLanguage: ")) != NULL)
		p += 11;
	else
		return NULL;
	len = strspn(p, LANG_CHARS);
	if (len == 0 || (p[len] != '\n' && p[len] != '\0'))
		return NULL;
	return xstrndup(p, len);
}
