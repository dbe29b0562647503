/* SPDX-License-Identifier: MIT */
/*
 * cmd-init.c: proclab init DIR: a student's working copy. For every exercise of the
 * manifest: its task (README.md), the stub(s) to complete, the fixed header and lab.h (so
 * that `cc -c bank.c` works there); at the top a Makefile that compiles them the grader's
 * way and runs proclab check. Never a solution, never a harness (the grader uses its own
 * pristine copies). With --classroom,
 * also the GitHub Actions workflow that makes it a GitHub Classroom template (classroom.c).
 *
 * The task is in the language the messages are in: README.md is the exercise's
 * README.LANG.md when it has one (made by po4a, po4a/po4a.cfg), with the English beside it
 * as README.en.md; every other translation is copied under its own name. A stub or header
 * NAME is the exercise's LANG/NAME when it has one (its comments translated, its code the
 * English's: tests/po-stubs.sh), and alone: a second bank.c beside it would be compiled by
 * a student's `cc *.c`, and make an archive of the copy ambiguous to submission_find.
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
"Each folder NN-name/ holds one exercise: README.md (the task, the rules, the points,\n"
"the lessons to read first), the .c file you complete (look for TODO) and its header\n"
"(the fixed API: do not change it, the grader uses its own copy). README.pt_BR.md\n"
"beside README.md, when there is one, is the task in Brazilian Portuguese: with\n"
"LANGUAGE=pt_BR, proclab init writes it as README.md instead, the English as\n"
"README.en.md, and the comments of the .c file and the header in Portuguese too (their\n"
"code is the English's).\n"
"\n"
"Check your work from anywhere inside this folder:\n"
"\n"
"    proclab check 1          # exercise 1: compile, run every test, show the score\n"
"    proclab check all        # every exercise\n"
"    proclab hint 1           # stuck? the next hint (proclab hint 1 --all: all read so far)\n"
"    proclab hint 1 2         # hint 2: the one a failing test's \"Stuck?\" line names\n"
"    proclab check 1 --seed S # replay a run that printed 'seed S'\n"
"\n"
"Tests that race run several times with small random delays, some on one CPU: a\n"
"solution passes only when every run passes. 'proclab help check' tells more.\n"
"The file .proclab-state remembers which hints you have read and how each exercise's\n"
"latest check went. 'proclab' alone, here, opens the home screen: the lessons and the\n"
"exercises with your progress, checked again each time you save.\n");

/* Added to the README of a GitHub Classroom template. */
static const char readme_classroom[] =
N_("\n"
"## Graded on GitHub\n"
"\n"
"Every push to this repository is graded on GitHub Actions: open the Actions tab, then\n"
"the latest run. The step 'Grade NN-name' shows what proclab check said of exercise NN;\n"
"each step after it is one of its tests, with its points, its verdict and why; the last\n"
"step, 'Autograding Reporter', adds up your points. Each step gives its test's points\n"
"or none.\n"
"Leave the .github folder as it is: it is how your work is graded.\n");

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

/* README.LANG.md: a task's translation, by the name po4a gives it. */
static bool
is_translation(const char *name)
{
	size_t	len = strlen(name);

	return len > strlen("README..md") && strncmp(name, "README.", 7) == 0 &&
	    strcmp(name + len - 3, ".md") == 0 && strspn(name + 7, LANG_CHARS) == len - 10;
}

static int
copy_named(const char *srcdir, const char *from, const char *dstdir, const char *to,
    char **why)
{
	char	*src, *dst;
	int	 rc;

	xasprintf(&src, "%s/%s", srcdir, from);
	xasprintf(&dst, "%s/%s", dstdir, to);
	rc = copy_file(src, dst, SOURCE_FILE_MAX, true, why);
	free(src);
	free(dst);
	return rc;
}

/* The task as README.md in LANG when there is one (the English then as README.en.md), and
 * the other translations beside it. */
static int
copy_tasks(const char *srcdir, const char *dstdir, const char *lang, char **why)
{
	char		*mine = lang != NULL ? translation_find(srcdir, lang, "README.", ".md") : NULL;
	DIR		*d = NULL;
	struct dirent	*e;
	int		 rc;

	rc = copy_named(srcdir, mine != NULL ? mine : "README.md", dstdir, "README.md", why);
	if (rc == 0 && mine != NULL)
		rc = copy_named(srcdir, "README.md", dstdir, "README.en.md", why);
	if (rc == 0 && (d = opendir(srcdir)) == NULL) {
		cause_errno(why, "%s", srcdir);
		rc = -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (!is_translation(e->d_name) || (mine != NULL &&
		    (strcmp(e->d_name, mine) == 0 || strcmp(e->d_name, "README.en.md") == 0)))
			continue;
		rc = copy_named(srcdir, e->d_name, dstdir, e->d_name, why);
	}
	if (d != NULL)
		closedir(d);
	free(mine);
	return rc;
}

/* NAME, a stub or the header, from LANG/NAME when the exercise has it. */
static int
copy_source(const char *srcdir, const char *name, const char *dstdir, const char *lang,
    char **why)
{
	char	*after, *mine = NULL;
	int	 rc;

	if (lang != NULL) {
		xasprintf(&after, "/%s", name);
		mine = translation_find(srcdir, lang, "", after);
		free(after);
	}
	rc = copy_named(srcdir, mine != NULL ? mine : name, dstdir, name, why);
	free(mine);
	return rc;
}

/* DIR/EXDIR with the exercise's task, header and stub (in LANG when it has them). */
static int
copy_exercise(const struct manifest *mf, const struct exercise *ex, const char *dir,
    const char *lang, char **why)
{
	const char	*names[64];
	char		*srcdir, *exdst;
	size_t		 n = 0;
	int		 rc = 0;

	names[n++] = ex->header;
	for (size_t j = 0; j < ex->nfiles && n < nitems(names); j++)
		names[n++] = ex->files[j];
	xasprintf(&srcdir, "%s/%s", mf->dir, ex->dir);
	xasprintf(&exdst, "%s/%s", dir, ex->dir);
	if (mkdir(exdst, 0755) == -1) {
		cause_errno(why, "mkdir %s", exdst);
		rc = -1;
	}
	if (rc == 0)
		rc = copy_tasks(srcdir, exdst, lang, why);
	for (size_t j = 0; j < n && rc == 0; j++)
		rc = copy_source(srcdir, names[j], exdst, lang, why);
	if (rc == 0)            /* the API a stub includes: lab_think() */
		rc = copy_named(runtime_include_dir(), "lab.h", exdst, "lab.h", why);
	free(srcdir);
	free(exdst);
	return rc;
}

static int
write_readme(const char *dir, bool classroom, char **why)
{
	char		*text, *dst;
	int		 fd, rc = 0;

	xasprintf(&text, "%s%s", _(readme), classroom ? _(readme_classroom) : "");
	xasprintf(&dst, "%s/README.md", dir);
	fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1 || write_all(fd, text, strlen(text)) == -1 || close(fd) == -1) {
		cause_errno(why, "%s", dst);
		rc = -1;
	}
	free(dst);
	free(text);
	return rc;
}

/* The working copy's Makefile: the grader's compiler flags, objects only (the grader links
 * them with its own test program), and check. */
static const char makefile[] =
"# Made by proclab init. 'make' compiles every exercise's files the way the grader does\n"
"# (objects only: the grader links them with its own tests); 'make check' grades them\n"
"# all with proclab check, 'make check N=3' exercise 3 alone; 'make clean'.\n"
"CC = cc\n"
"CFLAGS = -std=c11 -Wall -Wextra -pthread -g\n"
"N = all\n"
"OBJECTS = $(patsubst %.c,%.o,$(wildcard [0-9][0-9]-*/*.c))\n"
"\n"
"all: $(OBJECTS)\n"
"\n"
"%.o: %.c\n"
"\t$(CC) $(CFLAGS) -I$(<D) -c -o $@ $<\n"
"\n"
"check:\n"
"\tproclab check $(N)\n"
"\n"
"clean:\n"
"\trm -f $(OBJECTS)\n"
"\n"
".PHONY: all check clean\n";

static int
write_makefile(const char *dir, char **why)
{
	char	*dst;
	int	 fd, rc = 0;

	xasprintf(&dst, "%s/Makefile", dir);
	fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1 || write_all(fd, makefile, sizeof makefile - 1) == -1 || close(fd) == -1) {
		cause_errno(why, "%s", dst);
		rc = -1;
	}
	free(dst);
	return rc;
}

/* --classroom and its two values, or a usage error; *SRC the workflow's proclab. */
static bool
classroom_options(const struct cmd_ctx *ctx, struct classroom_source *src)
{
	const char	*url = cmd_opt(ctx, 'u'), *ref = cmd_opt(ctx, 'r');

	if (cmd_opt(ctx, 'c') == NULL) {
		if (ref != NULL || url != NULL)
			usage_error("init", _("%s goes with --classroom (a GitHub Classroom "
			    "template)"), ref != NULL ? "--proclab-ref" : "--proclab-url");
		return false;
	}
	if (ref == NULL)
		usage_error("init", _("--classroom needs --proclab-ref REF: the proclab commit the "
		    "workflow builds and grades with (e.g. 'git rev-parse HEAD' in your proclab "
		    "clone), or a tag"));
	if (!classroom_ref_ok(ref))
		usage_error("init", _("--proclab-ref: '%s' is not a commit or tag name: give a "
		    "commit hash (e.g. 'git rev-parse HEAD' in your proclab clone) or a tag"), ref);
	if (url == NULL)
		url = PACKAGE_URL;
	if (!classroom_url_ok(url))
		usage_error("init", _("--proclab-url: '%s' is not a git URL: give https://HOST/PATH "
		    "(or ssh://, git://, file:///PATH, USER@HOST:PATH), with no spaces, quotes or "
		    "'$'"), url);
	src->url = url;
	src->ref = ref;
	return true;
}

static void
made_message(const struct manifest *mf, const char *dir, bool classroom)
{
	size_t	steps = 0;
	int	points = 0;

	if (!classroom) {
		printf(ngettext("Made your working copy in %s: %zu exercise.\n",
		    "Made your working copy in %s: %zu exercises.\n", mf->nex), dir, mf->nex);
		printf(_("Start with: cd %s && cat %s/README.md && %s check %d\n"), dir,
		    mf->nex > 0 ? mf->ex[0].dir : ".", progname,
		    mf->nex > 0 ? mf->ex[0].number : 1);
		return;
	}
	for (size_t i = 0; i < mf->nex; i++) {
		steps += mf->ex[i].ntests + (mf->ex[i].hygiene_points > 0);
		points += exercise_max_score(&mf->ex[i]);
	}
	printf(ngettext("Made a GitHub Classroom template in %s: %zu exercise.\n",
	    "Made a GitHub Classroom template in %s: %zu exercises.\n", mf->nex), dir, mf->nex);
	printf(ngettext("Its workflow has %zu graded step: one per test and per hygiene point.\n",
	    "Its workflow has %zu graded steps: one per test and per hygiene point.\n", steps),
	    steps);
	printf(ngettext("Together they are worth %d point, as in 'proclab check all'.\n",
	    "Together they are worth %d points, as in 'proclab check all'.\n", points), points);
	printf(_("Next: push it to a new repository, mark that repository a template (Settings),\n"
	    "and make the assignment from it. doc/platforms.md, \"GitHub Classroom\", tells more.\n"));
}

static int
cmd_init_exec(struct cmd_ctx *ctx)
{
	const struct manifest	*mf = ctx->mf;
	const char		*dir = ctx->argv[0];
	struct classroom_source	 src;
	char			*why = NULL, *lang;
	bool			 created = false, classroom;
	int			 rc = 0;

	classroom = classroom_options(ctx, &src);
	check_target(dir);
	if (classroom && classroom_check(mf, &why) == -1) {
		warnx_("%s", why);
		free(why);
		return EXIT_INTERNAL;
	}
	if (mkdir(dir, 0755) == 0)
		created = true;
	else if (errno != EEXIST)
		usage_error("init", _("cannot make '%s': %s"), dir, strerror(errno));
	lang = messages_language();
	for (size_t i = 0; i < mf->nex && rc == 0; i++)
		rc = copy_exercise(mf, &mf->ex[i], dir, lang, &why);
	free(lang);
	if (rc == 0)
		rc = write_readme(dir, classroom, &why);
	if (rc == 0)
		rc = write_makefile(dir, &why);
	if (rc == 0 && classroom)
		rc = classroom_write(mf, dir, &src, &why);
	if (rc == -1) {
		warnx_("%s", why);
		if (created && remove_tree(dir) == -1)
			warnx_(_("cannot remove the half-made %s: %s"), dir, strerror(errno));
		free(why);
		return EXIT_INTERNAL;
	}
	made_message(mf, dir, classroom);
	return EXIT_OK;
}

static const struct option init_options[] = {
	{ "classroom", no_argument, NULL, 'c' },
	{ "proclab-ref", required_argument, NULL, 'r' },
	{ "proclab-url", required_argument, NULL, 'u' },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.help = N_("usage: proclab init DIR\n"
"       proclab init --classroom DIR --proclab-ref REF [--proclab-url URL]\n"
"\n"
"Make a working copy of the exercises in DIR (a new or empty folder): each task,\n"
"the stub you complete, its header and lab.h, and a Makefile ('make' compiles your\n"
"files as the grader does, 'make check' runs proclab check). The task, README.md,\n"
"is in the language of the messages when it has a translation (LANGUAGE=pt_BR:\n"
"Brazilian Portuguese, the English beside it as README.en.md), and so are the\n"
"comments of the stub and the header (their code is the English's). Then:\n"
"cd DIR && proclab check 1\n"
"\n"
"For instructors, --classroom makes DIR a GitHub Classroom template: the working\n"
"copy and .github/workflows/classroom.yml, which builds proclab on GitHub Actions\n"
"and grades every push, one step per test with that test's points.\n"
"  --classroom        the working copy and the workflow\n"
"  --proclab-ref REF  the proclab commit (or tag) the workflow builds and grades\n"
"                     with, e.g. 'git rev-parse HEAD' in your proclab clone\n"
"  --proclab-url URL  the git repository to fetch it from (default:\n"
"                     https://github.com/proclab/proclab)\n"),
	.options = init_options,
	.args_min = 1, .args_max = 1,
	.args_missing = N_("where? give the folder to make, e.g. '%s init ~/proclab'"),
	.args_extra = N_("one folder only, not '%s'"),
	.flags = CMD_MANIFEST,
	.exec = cmd_init_exec,
};
