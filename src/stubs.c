/* SPDX-License-Identifier: MIT */
/*
 * stubs.c: the exercises' stubs as proclab init gives them, in the student's language where
 * an exercise has them (LANG/NAME beside NAME), and the dashboard's reset, which puts the
 * stub back over a student's file and keeps the student's own beside it, numbered as
 * cp --backup=numbered does: bank.c.~1~, then bank.c.~2~; never one over another.
 *
 * A working copy's language is the one of its header (which the student does not change):
 * the translation whose header it is, else the messages' language, as for proclab init.
 */
#include "proclab.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SOURCE_FILE_MAX	(16 * 1024 * 1024)

static bool
file_in(const char *dir, const char *name)
{
	char	*path;
	bool	 found;

	xasprintf(&path, "%s/%s", dir, name);
	found = access(path, F_OK) == 0;
	free(path);
	return found;
}

char *
translation_find(const char *exdir, const char *lang, const char *before, const char *after)
{
	size_t	 ll = strcspn(lang, "_@");
	char	*name;

	xasprintf(&name, "%s%s%s", before, lang, after);
	if (file_in(exdir, name))
		return name;
	free(name);
	if (lang[ll] == '\0')
		return NULL;
	xasprintf(&name, "%s%.*s%s", before, (int)ll, lang, after);
	if (file_in(exdir, name))
		return name;
	free(name);
	return NULL;
}

static bool
same_dir(const char *a, const char *b)
{
	char	*ra = realpath(a, NULL), *rb = realpath(b, NULL);
	bool	 same = ra != NULL && rb != NULL && strcmp(ra, rb) == 0;

	free(ra);
	free(rb);
	return same;
}

bool
workdir_is_lab(const struct manifest *mf, const char *wd)
{
	char	*up;
	bool	 lab;

	xasprintf(&up, "%s/..", mf->dir);
	lab = same_dir(wd, mf->dir) || same_dir(wd, up) ||
	    (solutions_dir() != NULL && same_dir(wd, solutions_dir()));
	free(up);
	return lab;
}

/* The translations of EX's stubs: the names of its folders LANG/. */
static size_t
stub_languages(const struct manifest *mf, const struct exercise *ex, char **out, size_t max)
{
	char		*dir, *p;
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	size_t		 n = 0;

	xasprintf(&dir, "%s/%s", mf->dir, ex->dir);
	if ((d = opendir(dir)) != NULL) {
		while (n < max && (e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.' || strspn(e->d_name, LANG_CHARS) !=
			    strlen(e->d_name))
				continue;
			xasprintf(&p, "%s/%s", dir, e->d_name);
			if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
				out[n++] = xstrdup(e->d_name);
			free(p);
		}
		closedir(d);
	}
	free(dir);
	return n;
}

char *
stub_path(const struct manifest *mf, const struct exercise *ex, const char *name,
    const char *lang)
{
	char	*dir, *after, *mine = NULL, *path;

	xasprintf(&dir, "%s/%s", mf->dir, ex->dir);
	if (lang != NULL) {
		xasprintf(&after, "/%s", name);
		mine = translation_find(dir, lang, "", after);
		free(after);
	}
	xasprintf(&path, "%s/%s", dir, mine != NULL ? mine : name);
	free(mine);
	free(dir);
	return path;
}

static bool
same_contents(const char *a, const char *b)
{
	char	*da, *db;
	size_t	 la, lb;
	bool	 same;

	da = read_file_max(a, SOURCE_FILE_MAX, &la, NULL);
	db = da != NULL ? read_file_max(b, SOURCE_FILE_MAX, &lb, NULL) : NULL;
	same = db != NULL && la == lb && memcmp(da, db, la) == 0;
	free(da);
	free(db);
	return same;
}

char *
workcopy_language(const struct manifest *mf, const char *wd, const struct exercise *ex)
{
	char	*langs[16], *mine, *theirs, *found = NULL, *lang, *dir, *why = NULL;
	size_t	 n = stub_languages(mf, ex, langs, nitems(langs));

	mine = submission_find(wd, ex, ex->header, &why);
	free(why);
	for (size_t i = 0; i < n; i++) {
		theirs = stub_path(mf, ex, ex->header, langs[i]);
		if (found == NULL && mine != NULL && same_contents(mine, theirs))
			found = xstrdup(langs[i]);
		free(theirs);
		free(langs[i]);
	}
	free(mine);
	if (found != NULL)
		return found;
	if ((lang = messages_language()) == NULL)
		return NULL;
	xasprintf(&dir, "%s/%s", mf->dir, ex->dir);
	theirs = translation_find(dir, lang, "", "");
	free(dir);
	if (theirs == NULL) {
		free(lang);
		return NULL;
	}
	free(theirs);
	return lang;
}

/* The fingerprint of EX's stubs in LANG (NULL: English), as progress_hash() makes one. */
static uint64_t
stub_hash(const struct manifest *mf, const struct exercise *ex, const char *lang)
{
	char		**paths = xcalloc(ex->nfiles + 1, sizeof *paths);
	uint64_t	  h;

	for (size_t j = 0; j < ex->nfiles; j++)
		paths[j] = stub_path(mf, ex, ex->files[j], lang);
	h = progress_hash(paths, ex->nfiles);
	for (size_t j = 0; j < ex->nfiles; j++)
		free(paths[j]);
	free(paths);
	return h;
}

size_t
stub_hashes(const struct manifest *mf, const struct exercise *ex, uint64_t *out, size_t max)
{
	char	*langs[16];
	size_t	 nl, n = 0;

	if (max == 0)
		return 0;
	out[n++] = stub_hash(mf, ex, NULL);
	nl = stub_languages(mf, ex, langs, nitems(langs));
	for (size_t i = 0; i < nl; i++) {
		if (n < max)
			out[n++] = stub_hash(mf, ex, langs[i]);
		free(langs[i]);
	}
	return n;
}

/* Where FILE goes when the working copy has none: the exercise's folder, made if need be. */
static char *
new_place(const char *wd, const struct exercise *ex, const char *file, char **cause)
{
	struct stat	 st;
	char		*dir, *path;

	xasprintf(&dir, "%s/exercises/%s", wd, ex->dir);
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		free(dir);
		xasprintf(&dir, "%s/%s", wd, ex->dir);
		if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
			cause_errno(cause, "mkdir %s", dir);
			free(dir);
			return NULL;
		}
	}
	xasprintf(&path, "%s/%s", dir, file);
	free(dir);
	return path;
}

/* PATH moved aside to PATH.~N~, the first N free; its new name, or NULL with *CAUSE. */
static char *
move_aside(const char *path, char **cause)
{
	struct stat	 st;
	char		*kept;

	for (int n = 1; n < 10000; n++) {
		xasprintf(&kept, "%s.~%d~", path, n);
		if (lstat(kept, &st) == -1 && errno == ENOENT) {
			if (rename(path, kept) == 0)
				return kept;
			cause_errno(cause, "%s", path);
			free(kept);
			return NULL;
		}
		free(kept);
	}
	cause_set(cause, _("%s: too many backups beside it"), path);
	return NULL;
}

/* One file: the student's moved aside (*KEPT, NULL when there was none), the stub copied. */
static int
reset_file(const char *stub, const char *dst, char **kept, char **cause)
{
	struct stat	st;

	*kept = NULL;
	if (lstat(dst, &st) == 0 && (*kept = move_aside(dst, cause)) == NULL)
		return -1;
	if (copy_file(stub, dst, SOURCE_FILE_MAX, true, cause) == 0)
		return 0;
	if (*kept != NULL && rename(*kept, dst) == 0) {     /* as it was */
		free(*kept);
		*kept = NULL;
	}
	return -1;
}

int
stub_reset(const struct manifest *mf, const char *wd, const struct exercise *ex,
    char *const *paths, char **kept, char **cause)
{
	char	*lang = workcopy_language(mf, wd, ex), *stub, *dst;
	int	 rc = 0;

	for (size_t j = 0; j < ex->nfiles; j++)
		kept[j] = NULL;
	for (size_t j = 0; j < ex->nfiles && rc == 0; j++) {
		dst = paths[j] != NULL ? xstrdup(paths[j]) : new_place(wd, ex, ex->files[j], cause);
		if (dst == NULL) {
			rc = -1;
			break;
		}
		stub = stub_path(mf, ex, ex->files[j], lang);
		rc = reset_file(stub, dst, &kept[j], cause);
		free(stub);
		free(dst);
	}
	free(lang);
	return rc;
}
