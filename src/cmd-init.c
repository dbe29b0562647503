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

int
cmd_init(int argc, char **argv)
{
	struct manifest	*mf;
	struct stat	 st;
	const char	*dir;
	char		*why = NULL, *src, *dst, *exdst;
	bool		 created = false, ok = true;
	int		 fd;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return help_show("init", stdout);
	if (argc < 2)
		usage_error("init", _("where? give the folder to make, e.g. '%s init ~/proclab'"),
		    progname);
	if (argc > 2)
		usage_error("init", _("one folder only, not '%s'"), argv[2]);
	dir = argv[1];
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
	mf = manifest_load_or_die();
	if (mkdir(dir, 0755) == 0)
		created = true;
	else if (errno != EEXIST)
		usage_error("init", _("cannot make '%s': %s"), dir, strerror(errno));
	for (size_t i = 0; i < mf->nex && ok; i++) {
		const struct exercise *ex = &mf->ex[i];
		const char *names[64];
		size_t n = 0;

		names[n++] = "README.md";
		names[n++] = ex->header;
		for (size_t j = 0; j < ex->nfiles && n < nitems(names); j++)
			names[n++] = ex->files[j];
		xasprintf(&exdst, "%s/%s", dir, ex->dir);
		if (mkdir(exdst, 0755) == -1) {
			xasprintf(&why, "mkdir %s: %s", exdst, strerror(errno));
			ok = false;
		}
		for (size_t j = 0; j < n && ok; j++) {
			xasprintf(&src, "%s/%s/%s", mf->dir, ex->dir, names[j]);
			xasprintf(&dst, "%s/%s", exdst, names[j]);
			ok = copy_file(src, dst, SOURCE_FILE_MAX, true, &why) == 0;
			free(src);
			free(dst);
		}
		free(exdst);
	}
	if (ok) {
		const char *text = _(readme);

		xasprintf(&dst, "%s/README.md", dir);
		fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd == -1 || write(fd, text, strlen(text)) != (ssize_t)strlen(text) ||
		    close(fd) == -1) {
			xasprintf(&why, "%s: %s", dst, strerror(errno));
			ok = false;
		}
		free(dst);
	}
	if (!ok) {
		warnx_("%s", why);
		if (created && remove_tree(dir) == -1)
			warnx_(_("cannot remove the half-made %s: %s"), dir, strerror(errno));
		free(why);
		manifest_free(mf);
		return EXIT_INTERNAL;
	}
	printf(ngettext("Made your working copy in %s: %zu exercise.\n",
	    "Made your working copy in %s: %zu exercises.\n", mf->nex), dir, mf->nex);
	printf(_("Start with: cd %s && cat %s/README.md && %s check %d\n"), dir,
	    mf->nex > 0 ? mf->ex[0].dir : ".", progname, mf->nex > 0 ? mf->ex[0].number : 1);
	manifest_free(mf);
	return EXIT_OK;
}
