/* SPDX-License-Identifier: MIT */
/*
 * paths.c: where proclab's parts live. Right after `make`, the binary runs from the
 * build tree and uses the lessons it built and the sources beside it; after
 * `make install` it uses the installed copies. The test is where this binary is.
 */
#include "proclab.h"

#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

static int build_tree = -1;

static bool
path_is_under(const char *path, const char *dir)
{
	size_t	len = strlen(dir);

	return strncmp(path, dir, len) == 0 && (path[len] == '/' || path[len] == '\0');
}

bool
in_build_tree(void)
{
	char	 exe[PATH_MAX], builddir[PATH_MAX];

	if (build_tree != -1)
		return build_tree;
	build_tree = 0;
	if (realpath("/proc/self/exe", exe) != NULL &&
	    realpath(PROCLAB_BUILDDIR, builddir) != NULL &&
	    path_is_under(exe, builddir))
		build_tree = 1;
	return build_tree;
}

const char *
lessons_dir(void)
{
	return in_build_tree() ? PROCLAB_BUILDDIR "/lessons" : PROCLAB_PKGLIBEXECDIR;
}

const char *
exercises_dir(void)
{
	return in_build_tree() ? PROCLAB_SRCDIR "/exercises" : PROCLAB_PKGDATADIR "/exercises";
}

/* Reference solutions ship in the source tree only: an installed lab has none. */
const char *
solutions_dir(void)
{
	return in_build_tree() ? PROCLAB_SRCDIR "/solutions" : NULL;
}

const char *
runtime_include_dir(void)
{
	return in_build_tree() ? PROCLAB_SRCDIR "/lib" : PROCLAB_PKGINCLUDEDIR;
}

const char *
runtime_lib_dir(void)
{
	return in_build_tree() ? PROCLAB_BUILDDIR "/lib" : PROCLAB_PKGLIBDIR;
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

/* The translations: po/locale in the build tree (made by make, see po/local.mk), else
 * the installed localedir. */
const char *
locale_dir(void)
{
	return in_build_tree() ? PROCLAB_BUILDDIR "/po/locale" : LOCALEDIR;
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
