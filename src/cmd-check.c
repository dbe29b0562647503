/* SPDX-License-Identifier: MIT */
/*
 * cmd-check.c: proclab check N|NAME|all: grade the student's working copy.
 */
#include "proclab.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* --seed: a whole number the JSON reports can carry (0 .. 2^63-1). */
uint64_t
seed_parse(const char *cmd, const char *arg)
{
	uint64_t	s;

	if (!parse_u64(arg, &s) || s > (uint64_t)INT64_MAX)
		usage_error(cmd, _("--seed: '%s' is not a whole number from 0 to %lld"), arg,
		    (long long)INT64_MAX);
	return s;
}

uint64_t
seed_random(void)
{
	uint64_t	s;

	if (getrandom(&s, sizeof s, 0) != (ssize_t)sizeof s) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		s = (uint64_t)ts.tv_nsec * 2654435761u ^ (uint64_t)ts.tv_sec ^ (uint64_t)getpid();
	}
	return s >> 1;
}

enum report_format
format_option(const char *cmd, const char *arg)
{
	enum report_format	f;

	if (!report_format_parse(arg, &f))
		usage_error(cmd, _("--format: '%s' is not a report format (text, json, junit, tap, "
		    "gradescope, autolab, prairielearn, vpl)"), arg);
	return f;
}

static bool
has_all_files(const char *root, const struct exercise *ex)
{
	char	*p, *why = NULL;

	for (size_t i = 0; i < ex->nfiles; i++) {
		p = submission_find(root, ex, ex->files[i], &why);
		free(why);
		if (p == NULL)
			return false;
		free(p);
	}
	return true;
}

/* The exercises to check: KEY's, or with "all" every one the working copy WD has (every
 * exercise, all "not submitted", when it has none). */
static const struct exercise **
exercises_to_check(const struct manifest *mf, const char *key, const char *wd, size_t *n)
{
	const struct exercise	**todo = xcalloc(mf->nex + 1, sizeof *todo);
	size_t			  i;

	*n = 0;
	if (strcmp(key, "all") != 0) {
		todo[0] = manifest_find(mf, key);      /* the dispatcher made sure it is one */
		*n = 1;
		return todo;
	}
	for (i = 0; i < mf->nex; i++)
		if (has_all_files(wd, &mf->ex[i]))
			todo[(*n)++] = &mf->ex[i];
	if (*n == 0)
		for (i = 0; i < mf->nex; i++)
			todo[(*n)++] = &mf->ex[i];
	return todo;
}

static void
show_progress(void *arg, const struct exercise *ex, size_t i, size_t n)
{
	(void)arg;
	fputc('\r', stderr);
	fprintf(stderr, _("checking %s (%zu of %zu)..."), ex->dir, i + 1, n);
	fputs("\033[K", stderr);
}

static void
show_warning(void *arg, const char *message)
{
	(void)arg;
	warnx_("%s", message);
}

struct check_args {
	const char		*output, *key;
	char			*unreadable;    /* why --dir's archive could not be read */
	enum report_format	 fmt;
	uint64_t		 seed;
	long			 time_limit_s;
	bool			 sanitize;
	bool			 explore_set;
	int			 explore;       /* enum sched_strategy */
	long			 schedules;
	char			*replay_test, *replay;  /* --replay's test and decisions */
	long			 replay_run;
	const char		*trace;         /* --trace FILE */
	bool			 record;        /* the results go into the working copy's state */
};

/* The fingerprints of the files of each exercise to check, as they are before grading. */
static uint64_t *
files_hashes(const char *wd, const struct exercise **todo, size_t n)
{
	uint64_t	*h = xcalloc(n + 1, sizeof *h);
	char		**paths, *why;

	for (size_t i = 0; i < n; i++) {
		paths = xcalloc(todo[i]->nfiles + 1, sizeof *paths);
		for (size_t j = 0; j < todo[i]->nfiles; j++) {
			why = NULL;
			paths[j] = submission_find(wd, todo[i], todo[i]->files[j], &why);
			free(why);
		}
		h[i] = progress_hash(paths, todo[i]->nfiles);
		for (size_t j = 0; j < todo[i]->nfiles; j++)
			free(paths[j]);
		free(paths);
	}
	return h;
}

/* Each exercise's result into the working copy's .proclab-state, where the dashboard and
 * 'proclab' read them back. A state that cannot be written (a read-only copy) costs the
 * student nothing but that: the report is what counts, so it is not an error. */
static void
record_results(const char *wd, const struct grading *g, const uint64_t *hashes)
{
	const struct exercise_result	*er;
	struct progress_result		 r;

	for (size_t i = 0; hashes != NULL && i < g->nres; i++) {
		er = &g->res[i];
		if (!er->submitted || er->internal)
			continue;
		r.passed = exercise_passed(er);
		r.score = er->score;
		r.max = er->max_score;
		r.when = time(NULL);
		r.hash = hashes[i];
		(void)progress_record(wd, er->ex, &r, NULL);
	}
}

/* Every exercise to check as not submitted, for WHY. */
static void
grade_unreadable(const struct exercise **todo, size_t n, const char *why, struct grading *g)
{
	memset(g, 0, sizeof *g);
	g->res = xcalloc(n + 1, sizeof *g->res);
	g->nres = n;
	g->isolation = sandbox_probe();
	for (size_t i = 0; i < n; i++)
		grade_not_submitted(todo[i], why, _("not run: the archive could not be read"),
		    &g->res[i]);
}

/* Grades the exercises and writes the report: the exit status. */
static int
check_run(const struct manifest *mf, const char *wd, const struct check_args *a)
{
	const char		*hide[2] = { solutions_dir(), NULL };
	struct grade_options	 go = { .seed = a->seed, .hide = hide,
	    .runtime_include = runtime_include_dir(), .runtime_lib = runtime_lib_dir(),
	    .on_warning = show_warning, .languages = message_languages(),
	    .locale_dir = locale_dir(), .time_limit_ms = a->time_limit_s * 1000,
	    .sanitize = a->sanitize, .explore_set = a->explore_set, .explore = a->explore,
	    .schedules = (int)a->schedules, .replay = a->replay, .only_test = a->replay_test,
	    .only_run = (int)a->replay_run };
	const struct exercise	**todo;
	struct grading		 g;
	struct report		 rep;
	size_t			*seen, n, i;
	uint64_t		*hashes;
	char			*cause = NULL;
	bool			 progress;
	int			 rc;

	if (a->sanitize && compile_sanitize_probe(&go, &cause) == -1)
		fatalx("%s", cause);
	if (a->trace != NULL && (go.trace = fopen(a->trace, "w")) == NULL)
		usage_error("check", _("--trace: cannot write '%s': %s"), a->trace,
		    strerror(errno));
	todo = exercises_to_check(mf, a->key, wd, &n);
	progress = isatty(STDERR_FILENO) && (a->output != NULL || !isatty(STDOUT_FILENO) ||
	    a->fmt == FORMAT_TEXT);
	if (progress)
		go.on_exercise = show_progress;
	hashes = a->record ? files_hashes(wd, todo, n) : NULL;
	if (a->unreadable != NULL)
		grade_unreadable(todo, n, a->unreadable, &g);
	else
		grade_submission(mf, todo, n, wd, &go, &g);
	record_results(wd, &g, hashes);
	if (progress)
		fprintf(stderr, "\r\033[K");
	seen = xcalloc(n + 1, sizeof *seen);
	for (i = 0; i < n; i++)
		seen[i] = hints_seen(wd, todo[i]);
	memset(&rep, 0, sizeof rep);
	rep.seed = a->seed;
	rep.isolation = g.isolation;
	rep.time_s = g.time_s;
	rep.res = g.res;
	rep.nres = g.nres;
	rep.hints_seen = seen;
	rep.sanitized = a->sanitize;
	rep.color = a->fmt == FORMAT_TEXT && a->output == NULL && use_color(stdout);
	rc = g.all_passed ? EXIT_OK : EXIT_FAILED;
	if (report_emit(a->output, stdout, a->fmt, &rep, &cause) == -1) {
		warnx_("%s", cause);
		rc = EXIT_INTERNAL;
	}
	if (go.trace != NULL && (ferror(go.trace) | fclose(go.trace)) != 0) {
		warnx_(_("--trace: could not write all of '%s': %s"), a->trace,
		    strerror(errno));
		rc = EXIT_INTERNAL;
	}
	for (i = 0; i < n; i++)
		if (g.res[i].internal) {
			warnx_(_("internal error: %s"), g.res[i].internal_message);
			rc = EXIT_INTERNAL;
		}
	grading_free(&g);
	free(hashes);
	free(cause);
	free(seen);
	free(todo);
	return rc;
}

/* WD is a working copy itself (it holds an exercise's folder), not a flat folder of files
 * inside one, nor one of the lab's own trees: only a working copy keeps a state. */
static bool
is_working_copy(const struct manifest *mf, const char *wd)
{
	char	*found = workdir_find(mf, wd);
	bool	 same = found != NULL && strcmp(found, wd) == 0 && !workdir_is_lab(mf, wd);

	free(found);
	return same;
}

/* --dir ARCHIVE: its exercise files staged in a folder of ours (never extracted whole, as
 * for grade), graded there; an archive that cannot be read is every exercise's reason. */
static int
check_archive(const struct manifest *mf, const char *archive, struct check_args *a)
{
	char	*stage, *why = NULL, *name;
	int	 rc;

	if ((stage = make_temp_dir("sub")) == NULL)
		fatal("mkdtemp");
	if (!submission_stage(archive, mf, stage, &why)) {
		name = strrchr(archive, '/');
		xasprintf(&a->unreadable, "%s: %s", name != NULL ? name + 1 : archive, why);
	}
	rc = check_run(mf, stage, a);
	if (remove_tree(stage) == -1)
		warnx_(_("cannot remove %s: %s"), stage, strerror(errno));
	free(a->unreadable);
	free(why);
	free(stage);
	return rc;
}

/*
 * --replay 1.TEST.RUN.SEED.DECISIONS, as a report printed it: the one run of TEST, its
 * inputs from SEED, its interleaving from the decisions. Usage errors say what to copy.
 */
static void
replay_option(const struct cmd_ctx *ctx, const char *arg, struct check_args *a)
{
	char		*copy = xstrdup(arg), *f[5], *save = NULL, *cause = NULL;
	const struct exercise *ex = manifest_find(ctx->mf, ctx->argv[0]);
	bool		 known = false;
	int		 n = 0;

	for (char *tok = strtok_r(copy, ".", &save); tok != NULL && n < 5;
	    tok = strtok_r(NULL, ".", &save))
		f[n++] = tok;
	if (n == 4 && arg[strlen(arg) - 1] == '.')
		f[n++] = "";    /* a run with no decision to make */
	if (n != 5 || strcmp(f[0], "1") != 0 || !parse_long(f[2], 1, 1000, &a->replay_run) ||
	    !parse_u64(f[3], &a->seed) || a->seed > (uint64_t)INT64_MAX)
		usage_error("check", _("--replay: '%s' is not a schedule proclab printed: copy "
		    "it whole from the report (1.TEST.RUN.SEED.DECISIONS)"), arg);
	if (!sched_schedule_valid(f[4], &cause))
		usage_error("check", "--replay: %s", cause);
	if (ex == NULL)
		usage_error("check", _("--replay replays one test: give the exercise's number, "
		    "not '%s'"), ctx->argv[0]);
	for (size_t i = 0; i < ex->ntests; i++)
		known = known || strcmp(ex->tests[i].name, f[1]) == 0;
	if (!known)
		usage_error("check", _("--replay: exercise %d has no test '%s': is the schedule "
		    "from another exercise's report?"), ex->number, f[1]);
	a->replay_test = xstrdup(f[1]);
	a->replay = xstrdup(f[4]);
	free(copy);
}

/* --explore, --schedules and --replay into A. */
static void
schedule_options(const struct cmd_ctx *ctx, struct check_args *a)
{
	const char	*v;
	enum sched_strategy s;

	if ((v = cmd_opt(ctx, 'X')) != NULL) {
		if (!sched_strategy_from_name(v, &s))
			usage_error("check", _("--explore: '%s' is not a strategy (random, pct, dfs "
			    "or off)"), v);
		a->explore_set = true;
		a->explore = (int)s;
	}
	if ((v = cmd_opt(ctx, 'K')) != NULL && !parse_long(v, 1, 1000, &a->schedules))
		usage_error("check", _("--schedules: '%s' is not a whole number from 1 to 1000"),
		    v);
	if ((v = cmd_opt(ctx, 'R')) != NULL) {
		if (cmd_opt(ctx, 's') != NULL || cmd_opt(ctx, 'X') != NULL ||
		    cmd_opt(ctx, 'K') != NULL)
			usage_error("check", _("--replay already says the seed and the schedule: "
			    "leave out --seed, --explore and --schedules"));
		replay_option(ctx, v, a);
	}
}

static const struct option check_options[] = {
	{ "dir", required_argument, NULL, 'd' },
	{ "time-limit", required_argument, NULL, 'T' },
	{ "seed", required_argument, NULL, 's' },
	{ "format", required_argument, NULL, 'f' },
	{ "output", required_argument, NULL, 'o' },
	{ "no-namespaces", no_argument, NULL, 'N' },
	{ "color", required_argument, NULL, 'C' },
	{ "sanitize", no_argument, NULL, 'Z' },
	{ "explore", required_argument, NULL, 'X' },
	{ "schedules", required_argument, NULL, 'K' },
	{ "replay", required_argument, NULL, 'R' },
	{ "trace", required_argument, NULL, 'E' },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_check_exec(struct cmd_ctx *ctx)
{
	struct check_args	 a;
	const char		*v;
	char			*cause = NULL;

	memset(&a, 0, sizeof a);
	a.key = ctx->argv[0];
	a.output = cmd_opt(ctx, 'o');
	a.fmt = (v = cmd_opt(ctx, 'f')) != NULL ? format_option("check", v) : FORMAT_TEXT;
	a.seed = (v = cmd_opt(ctx, 's')) != NULL ? seed_parse("check", v) : seed_random();
	if ((v = cmd_opt(ctx, 'T')) != NULL && !parse_long(v, 1, 86400, &a.time_limit_s))
		usage_error("check", _("--time-limit: '%s' is not a whole number of seconds from 1 "
		    "to 86400"), v);
	a.sanitize = cmd_opt(ctx, 'Z') != NULL;
	a.trace = cmd_opt(ctx, 'E');
	schedule_options(ctx, &a);
	if (cmd_opt(ctx, 'N') != NULL)
		sandbox_force_fallback();
	if (temp_cleanup_on_signals(&cause) == -1)
		fatalx("%s", cause);
	if (submission_is_archive(ctx->wd))
		return check_archive(ctx->mf, ctx->wd, &a);
	a.record = a.replay == NULL && is_working_copy(ctx->mf, ctx->wd);
	return check_run(ctx->mf, ctx->wd, &a);
}

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.help = N_("usage: proclab check N|NAME|all [--dir WORKDIR] [--seed S] [--format FORMAT]\n"
"                     [--output FILE] [--time-limit S] [--no-namespaces]\n"
"                     [--color=WHEN] [--sanitize] [--explore STRATEGY]\n"
"                     [--schedules N] [--replay SCHEDULE] [--trace FILE]\n"
"\n"
"Grade your working copy of exercise N (or all of them): compile it with the\n"
"lab's test harness, run every test in a sandbox, and report each test's verdict,\n"
"the expected and actual values, your score, and the next hint to read.\n"
"  --dir DIR        the working copy (default: found from the current folder up);\n"
"                   a flat folder of your files works too, or a .zip, .tar or\n"
"                   .tar.gz of them\n"
"  --seed S         replay the run that printed 'seed S'\n"
"  --format FORMAT  text (default), json, junit, tap, gradescope, or the\n"
"                   formats of Autolab, PrairieLearn and Moodle VPL: autolab,\n"
"                   prairielearn, vpl\n"
"  --output FILE    write the report to FILE instead of standard output\n"
"  --time-limit S   grade for S seconds at most: once they are spent, the runs\n"
"                   left fail unrun (under a grading platform's own timeout)\n"
"  --no-namespaces  use the fallback sandbox (limits only), as on a machine\n"
"                   without user namespaces\n"
"  --color=WHEN     color the text report: auto (default: on a terminal, unless\n"
"                   NO_COLOR is set), always or never\n"
"  --sanitize       build your code with AddressSanitizer and\n"
"                   UndefinedBehaviorSanitizer: a test then fails at your\n"
"                   code's first out-of-bounds access, use after free or\n"
"                   undefined behavior (signed overflow, a misaligned access),\n"
"                   told with its file and line; slower (3 times the time\n"
"                   limits), the same tests and points\n"
"  --explore STRATEGY  how the race tests' processes are interleaved by proclab's\n"
"                   scheduler: random (each turn to any process that can go), pct\n"
"                   (random priorities that change a few times), dfs (every\n"
"                   interleaving in turn, for small tests), or off (the system's\n"
"                   own schedule, with random delays); default: each test's own\n"
"  --schedules N    run each scheduled test N times (each a new interleaving;\n"
"                   dfs: at most N, fewer when there are fewer interleavings)\n"
"  --replay SCHEDULE  run one test again, exactly as the run whose report printed\n"
"                   '--replay SCHEDULE': the same inputs, the same interleaving\n"
"  --trace FILE     write every scheduled run to FILE as it happened, in JSON\n"
"                   Lines: the run, then each turn the scheduler gave (process,\n"
"                   call, object, your function and line), each call that had to\n"
"                   wait, each process's end, then the run's verdict\n"),
	.options = check_options,
	.args_min = 1, .args_max = 1,
	.args_missing = N_("which exercise? give its number, its name or 'all'"),
	.args_extra = N_("one exercise at a time (or 'all'), not '%s'"),
	.flags = CMD_WORKDIR | CMD_EXERCISE_ARG | CMD_ALLOW_ALL | CMD_DIR_ARCHIVE,
	.exec = cmd_check_exec,
};
