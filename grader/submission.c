/* SPDX-License-Identifier: MIT */
/*
 * submission.c: finding a student's files in a working copy, a folder or an archive.
 *
 * A file FILE of exercise DIR is ROOT/DIR/FILE, else ROOT/exercises/DIR/FILE, else the one
 * regular file named FILE anywhere under ROOT (symlinks are never followed).
 *
 * Archives (.tar, .tar.gz, .zip, whatever libarchive reads) are never extracted as a whole:
 * only regular entries whose base name is one of the manifest's student files are written,
 * under STAGE, at their own relative path, after refusing absolute paths and "..", with
 * caps on entries, on each file and on the bytes read in total.
 */
#include "grader.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ENTRIES	20000
#define MAX_FILE	(1024 * 1024)
#define MAX_TOTAL	(64L * 1024 * 1024)
#define MAX_DEPTH	16
#define MAX_MATCHES	8

static const char *const archive_exts[] = { ".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tar",
	".zip" };

char *
submission_student_name(const char *sub)
{
	char	*s = xstrdup(sub), *base, *name;
	size_t	 len, el;

	len = strlen(s);
	while (len > 1 && s[len - 1] == '/')
		s[--len] = '\0';
	base = strrchr(s, '/');
	base = base != NULL ? base + 1 : s;
	len = strlen(base);
	for (size_t i = 0; i < nitems(archive_exts); i++) {
		el = strlen(archive_exts[i]);
		if (len > el && strcasecmp(base + len - el, archive_exts[i]) == 0) {
			base[len - el] = '\0';
			break;
		}
	}
	name = xstrdup(base);
	free(s);
	return name;
}

bool
submission_archive_name(const char *path)
{
	size_t	len = strlen(path), el;

	for (size_t i = 0; i < nitems(archive_exts); i++) {
		el = strlen(archive_exts[i]);
		if (len > el && strcasecmp(path + len - el, archive_exts[i]) == 0)
			return true;
	}
	return false;
}

bool
submission_is_archive(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/*
 * ROOT/REL ("DIR/FILE"), every component opened without following a symlink: a folder that
 * is a link to the solutions or to a classmate's work is refused, not graded. 1 a regular
 * file, 0 nothing there, -1 something else there (*WHY says what).
 */
static int
regular_beneath(const char *root, const char *rel, char **why)
{
	char		*copy = xstrdup(rel), *comp, *next, *save = NULL;
	struct stat	 st;
	int		 fd, nfd, rc = -1;

	if ((fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		free(copy);
		return 0;
	}
	for (comp = strtok_r(copy, "/", &save); comp != NULL; comp = next) {
		next = strtok_r(NULL, "/", &save);
		nfd = openat(fd, comp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK |
		    (next != NULL ? O_DIRECTORY : 0));
		if (nfd == -1) {
			if (fstatat(fd, comp, &st, AT_SYMLINK_NOFOLLOW) == -1)
				rc = 0;         /* nothing there */
			else if (S_ISLNK(st.st_mode))
				cause_set(why, _("%.*s is a symbolic link: links are not followed "
				    "(put the folder or file itself there)"),
				    (int)(comp + strlen(comp) - copy), rel);
			else
				cause_set(why, _("%s is not a regular file (a symbolic link?): put "
				    "the file itself there"), rel);
			goto out;
		}
		close(fd);
		fd = nfd;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		rc = 1;
	else
		cause_set(why, _("%s is not a regular file (a symbolic link?): put the file "
		    "itself there"), rel);
out:
	close(fd);
	free(copy);
	return rc;
}

/* nftw has no user pointer: the search state is per call, guarded by being single-threaded. */
static struct {
	const char	*file;
	char		*found[MAX_MATCHES];
	int		 n;
	long		 visited;
} walk;

static int
walk_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	if (++walk.visited > MAX_ENTRIES)
		return FTW_STOP;                /* not a working copy: a whole home folder? */
	if (flag == FTW_D && ftw->level > 0 && (ftw->level >= MAX_DEPTH ||
	    strcmp(path + ftw->base, ".git") == 0 || strcmp(path + ftw->base, "node_modules") == 0))
		return FTW_SKIP_SUBTREE;
	if (flag == FTW_F && S_ISREG(st->st_mode) && strcmp(path + ftw->base, walk.file) == 0) {
		if (walk.n < MAX_MATCHES)
			walk.found[walk.n] = xstrdup(path);
		walk.n++;
	}
	return 0;
}

char *
submission_find(const char *root, const struct exercise *ex, const char *file, char **why)
{
	const char	*at[] = { "", "exercises/" };
	char		*rel, *p;
	int		 rc;

	*why = NULL;
	for (size_t i = 0; i < nitems(at); i++) {
		xasprintf(&rel, "%s%s/%s", at[i], ex->dir, file);
		rc = regular_beneath(root, rel, why);
		if (rc == 1) {
			xasprintf(&p, "%s/%s", root, rel);
			free(rel);
			return p;
		}
		free(rel);
		if (rc == -1)
			return NULL;
	}
	memset(&walk, 0, sizeof walk);
	walk.file = file;
	if (nftw(root, walk_one, 16, FTW_PHYS | FTW_ACTIONRETVAL) == -1) {
		xasprintf(why, _("cannot search %s for %s: %s"), root, file, strerror(errno));
		goto fail;
	}
	if (walk.n == 1)
		return walk.found[0];
	if (walk.n == 0)
		xasprintf(why, _("%s was not found (put it in %s/%s)"), file, ex->dir, file);
	else
		xasprintf(why, _("%d files are named %s and none is in %s/: keep the one to grade "
		    "in %s/%s"), walk.n, file, ex->dir, ex->dir, file);
fail:
	for (int i = 0; i < walk.n && i < MAX_MATCHES; i++)
		free(walk.found[i]);
	return NULL;
}

static bool
wanted(const struct manifest *mf, const char *base)
{
	for (size_t i = 0; i < mf->nex; i++)
		for (size_t j = 0; j < mf->ex[i].nfiles; j++)
			if (strcmp(mf->ex[i].files[j], base) == 0)
				return true;
	return false;
}

/* Checks an archive path; fills comps with its components. */
static bool
safe_path(char *path, char **comps, int *n)
{
	char	*save, *c;

	*n = 0;
	if (path[0] == '/' || path[0] == '\0')
		return false;
	for (c = strtok_r(path, "/", &save); c != NULL; c = strtok_r(NULL, "/", &save)) {
		if (strcmp(c, "..") == 0)
			return false;
		if (strcmp(c, ".") == 0)
			continue;
		if (*n == MAX_DEPTH)
			return false;
		comps[(*n)++] = c;
	}
	return *n > 0;
}

/* Writes the current entry's data to STAGE/comps..., creating folders. */
static bool
stage_entry(struct archive *a, const char *stage, char **comps, int n, long *total, char **why)
{
	char	*dir = xstrdup(stage), *t, *path = NULL, buf[16384];
	long	 size = 0;
	int	 fd = -1;
	la_ssize_t r;
	bool	 ok = false;

	for (int i = 0; i + 1 < n; i++) {
		xasprintf(&t, "%s/%s", dir, comps[i]);
		free(dir);
		dir = t;
		if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
			xasprintf(why, "mkdir %s: %s", dir, strerror(errno));
			goto out;
		}
	}
	xasprintf(&path, "%s/%s", dir, comps[n - 1]);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd == -1) {
		if (errno == EEXIST) {          /* the same path twice: keep the first */
			ok = true;
			goto out;
		}
		xasprintf(why, "open %s: %s", path, strerror(errno));
		goto out;
	}
	while ((r = archive_read_data(a, buf, sizeof buf)) != 0) {
		if (r < 0) {
			xasprintf(why, _("the archive is damaged: %s"), archive_error_string(a));
			goto out;
		}
		size += r;
		*total += r;
		if (size > MAX_FILE) {
			xasprintf(why, _("%s is larger than %d bytes"), comps[n - 1], MAX_FILE);
			goto out;
		}
		if (*total > MAX_TOTAL) {
			xasprintf(why, _("the archive holds more than %ld bytes"), MAX_TOTAL);
			goto out;
		}
		if (write_all(fd, buf, (size_t)r) == -1) {
			xasprintf(why, "write %s: %s", path, strerror(errno));
			goto out;
		}
	}
	ok = true;
out:
	if (fd != -1 && close(fd) == -1 && ok) {
		xasprintf(why, "close %s: %s", path, strerror(errno));
		ok = false;
	}
	free(dir);
	free(path);
	return ok;
}

bool
submission_stage(const char *sub, const struct manifest *mf, const char *stage, char **why)
{
	struct archive		*a;
	struct archive_entry	*e;
	char			*comps[MAX_DEPTH], *path;
	long			 total = 0, entries = 0;
	int			 r, n;
	bool			 ok = false;

	*why = NULL;
	a = archive_read_new();
	if (a == NULL) {
		xasprintf(why, "archive_read_new: out of memory");
		return false;
	}
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if (archive_read_open_filename(a, sub, 16384) != ARCHIVE_OK) {
		xasprintf(why, _("not a readable archive: %s"), archive_error_string(a));
		goto out;
	}
	for (;;) {
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_WARN)
			r = ARCHIVE_OK;
		if (r != ARCHIVE_OK) {
			xasprintf(why, _("the archive is damaged: %s"), archive_error_string(a));
			goto out;
		}
		if (++entries > MAX_ENTRIES) {
			xasprintf(why, _("the archive has more than %d entries"), MAX_ENTRIES);
			goto out;
		}
		if (archive_entry_filetype(e) != AE_IFREG || archive_entry_pathname(e) == NULL ||
		    archive_entry_hardlink(e) != NULL)
			continue;
		path = xstrdup(archive_entry_pathname(e));
		if (!safe_path(path, comps, &n) || !wanted(mf, comps[n - 1])) {
			free(path);         /* unsafe or not one of the files we grade: skipped */
			continue;
		}
		if (!stage_entry(a, stage, comps, n, &total, why)) {
			free(path);
			goto out;
		}
		free(path);
	}
	ok = true;
out:
	archive_read_free(a);
	return ok;
}

char *
workdir_find(const struct manifest *mf, const char *start)
{
	char		*dir, *p, *slash;
	struct stat	 st;

	dir = realpath(start, NULL);
	if (dir == NULL)
		return NULL;
	for (;;) {
		for (size_t i = 0; i < mf->nex; i++) {
			for (int k = 0; k < 2; k++) {
				xasprintf(&p, "%s%s/%s", strcmp(dir, "/") == 0 ? "" : dir,
				    k == 0 ? "" : "/exercises", mf->ex[i].dir);
				if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
					free(p);
					return dir;
				}
				free(p);
			}
		}
		if (strcmp(dir, "/") == 0)
			break;
		slash = strrchr(dir, '/');
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	free(dir);
	return NULL;
}
