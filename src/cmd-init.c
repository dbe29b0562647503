/* SPDX-License-Identifier: MIT */
/*
 * cmd-init.c: proclab init DIR: a student's working copy. For every exercise of the
 * manifest: its task (README.md), the stub(s) to complete and the fixed header. Never a
 * solution, never a harness (the grader uses its own pristine copies).
 */
#include "proclab.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The working copy's README.md, in the student's language. */
#define SOURCE_FILE_MAX	(16 * 1024 * 1024)      /* a task, stub or header: far less */

static const char readme[] =
N_("# Your proclab exercises\n"
"\n"
"Each folder NN-name/ holds one exercise: README.md (the task, the rules, the points),\n"
"the .c file you complete (look for TODO) and its header (the fixed API: do not change\n"
"it, the grader uses its own copy).\n"
"\n"
"Check your work from anywhere inside this folder:\n"
"\n"
"    proclab check 1          # exercise 1: compile, run every test, show the score\n"
"    proclab check all        # every exercise\n"
"    proclab hint 1           # stuck? the next hint (proclab hint 1 --all: all read so far)\n"
"    proclab check 1 --seed S # replay a run that printed 'seed S'\n"
"\n"
"Tests that race run several times with small random delays, some on one CPU: a\n"
"solution passes only when every run passes. 'proclab help check' tells more.\n"
"The file .proclab-state remembers which hints you have read.\n");

static bool
is_empty_dir(const char *path)
{
	DIR		*d = opendir(path);
	struct dirent	*e;
	bool		 empty = true;

	if (d == NULL)
		return false;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			empty = false;
			break;
		}
	closedir(d);
	return empty;
}

/* DIR must be new or an empty folder: a student's work is never overwritten. */
static void
check_target(const char *dir)
{
	struct stat	st;

	if (dir[0] == '-')
		usage_error("init", _("unknown option '%s'"), dir);
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			usage_error("init", _("'%s' exists and is not a folder"), dir);
		if (!is_empty_dir(dir))
			usage_error("init", _("'%s' is not empty: give a new or empty folder (your "
			    "work is never overwritten)"), dir);
	} else if (errno != ENOENT) {
		usage_error("init", "'%s': %s", dir, strerror(errno));
	}
}

/* DIR/EXDIR with the exercise's task, header and stub. */
static int
copy_exercise(const struct manifest *mf, const struct exercise *ex, const char *dir,
    char **why)
{
	const char	*names[64];
	char		*src, *dst, *exdst;
	size_t		 n = 0;
	int		 rc = 0;

	names[n++] = "README.md";
	names[n++] = ex->header;
	for (size_t j = 0; j < ex->nfiles && n < nitems(names); j++)
		names[n++] = ex->files[j];
	xasprintf(&exdst, "%s/%s", dir, ex->dir);
	if (mkdir(exdst, 0755) == -1) {
		cause_errno(why, "mkdir %s", exdst);
		rc = -1;
	}
	for (size_t j = 0; j < n && rc == 0; j++) {
		xasprintf(&src, "%s/%s/%s", mf->dir, ex->dir, names[j]);
		xasprintf(&dst, "%s/%s", exdst, names[j]);
		rc = copy_file(src, dst, SOURCE_FILE_MAX, true, why);
		free(src);
		free(dst);
	}
	free(exdst);
	return rc;
}

static int
write_readme(const char *dir, char **why)
{
	const char	*text = _(readme);
	char		*dst;
	int		 fd, rc = 0;

	xasprintf(&dst, "%s/README.md", dir);
	fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
	    close(fd) == -1) {
		cause_errno(why, "%s", dst);
		rc = -1;
	}
	free(dst);
	return rc;
}

static int
cmd_init_exec(struct cmd_ctx *ctx)
{
	const struct manifest	*mf = ctx->mf;
	const char		*dir = ctx->argv[0];
	char			*why = NULL;
	bool			 created = false;
	int			 rc = 0;

	check_target(dir);
	if (mkdir(dir, 0755) == 0)
		created = true;
	else if (errno != EEXIST)
		usage_error("init", _("cannot make '%s': %s"), dir, strerror(errno));
	for (size_t i = 0; i < mf->nex && rc == 0; i++)
		rc = copy_exercise(mf, &mf->ex[i], dir, &why);
	if (rc == 0)
		rc = write_readme(dir, &why);
	if (rc == -1) {
		warnx_("%s", why);
		if (created && remove_tree(dir) == -1)
			warnx_(_("cannot remove the half-made %s: %s"), dir, strerror(errno));
		free(why);
		return EXIT_INTERNAL;
	}
	printf(ngettext("Made your working copy in %s: %zu exercise.\n",
	    "Made your working copy in %s: %zu exercises.\n", mf->nex), dir, mf->nex);
	printf(_("Start with: cd %s && cat %s/README.md && %s check %d\n"), dir,
	    mf->nex > 0 ? mf->ex[0].dir : ".", progname, mf->nex > 0 ? mf->ex[0].number : 1);
	return EXIT_OK;
}

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.help = N_("usage: proclab init DIR\n"
"\n"
"Make a working copy of the exercises in DIR (a new or empty folder): each task,\n"
"the stub you complete and its header. Then: cd DIR && proclab check 1\n"),
	.args_min = 1, .args_max = 1,
	.args_missing = N_("where? give the folder to make, e.g. '%s init ~/proclab'"),
	.args_extra = N_("one folder only, not '%s'"),
	.flags = CMD_MANIFEST,
	.exec = cmd_init_exec,
};
