/* SPDX-License-Identifier: MIT */
/*
 * cmd-grade.c: proclab grade SUBMISSION... for instructors (see grader/batch.c).
 */
#include "proclab.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct option grade_options[] = {
	{ "jobs", required_argument, NULL, 'j' },
	{ "out", required_argument, NULL, 'o' },
	{ "resume", no_argument, NULL, 'r' },
	{ "format", required_argument, NULL, 'f' },
	{ "seed", required_argument, NULL, 's' },
	{ "no-namespaces", no_argument, NULL, 'N' },
	{ "shard", required_argument, NULL, 'S' },
	{ "roster", required_argument, NULL, 'R' },
	{ NULL, 0, NULL, 0 }
};

/* "K/N" into O (1 <= K <= N <= 10000); false when it is not that. */
static bool
parse_shard(const char *v, struct batch_options *o)
{
	char	k[16];
	size_t	n = strcspn(v, "/");

	if (v[n] != '/' || n == 0 || n >= sizeof k)
		return false;
	memcpy(k, v, n);
	k[n] = '\0';
	return parse_long(k, 1, 10000, &o->shard) && parse_long(v + n + 1, 1, 10000, &o->shards) &&
	    o->shard <= o->shards;
}

/* Which share of the class this task grades: --shard K/N, else what the batch system
 * tells its array task (Slurm: SLURM_ARRAY_TASK_ID from SLURM_ARRAY_TASK_MIN, and
 * SLURM_ARRAY_TASK_COUNT; a Kubernetes Indexed Job: JOB_COMPLETION_INDEX from 0, with
 * PROCLAB_SHARDS for the count, which Kubernetes does not give), else all of it. */
static void
shard_parse(const struct cmd_ctx *ctx, struct batch_options *o)
{
	const char	*v = cmd_opt(ctx, 'S'), *id = getenv("SLURM_ARRAY_TASK_ID");
	const char	*count = getenv("SLURM_ARRAY_TASK_COUNT");
	const char	*min = getenv("SLURM_ARRAY_TASK_MIN"), *index = getenv("JOB_COMPLETION_INDEX");
	long		 i, lo = 0;

	if (v != NULL) {
		if (!parse_shard(v, o))
			usage_error("grade", _("--shard: '%s' is not K/N with 1 <= K <= N (this "
			    "task's share K of N)"), v);
		return;
	}
	if (id != NULL && count != NULL) {
		if (!parse_long(id, 0, 1000000, &i) || !parse_long(count, 1, 10000, &o->shards) ||
		    (min != NULL && !parse_long(min, 0, 1000000, &lo)) || i < lo ||
		    i - lo >= o->shards)
			usage_error("grade", _("SLURM_ARRAY_TASK_ID=%s, SLURM_ARRAY_TASK_MIN=%s and "
			    "SLURM_ARRAY_TASK_COUNT=%s do not name one task of a contiguous array "
			    "(give --shard K/N)"), id, min != NULL ? min : "", count);
		o->shard = i - lo + 1;
	} else if (index != NULL) {
		v = getenv("PROCLAB_SHARDS");
		if (v == NULL || !parse_long(v, 1, 10000, &o->shards) ||
		    !parse_long(index, 0, o->shards - 1, &i))
			usage_error("grade", _("JOB_COMPLETION_INDEX=%s: set PROCLAB_SHARDS to the "
			    "Job's completions (the number of shards), or give --shard K/N"), index);
		o->shard = i + 1;
	}
}

static void
progress_bar(size_t done, size_t total, size_t failed)
{
	int	width = 30, fill = total > 0 ? (int)(done * (size_t)width / total) : width;

	fputc('\r', stderr);
	fprintf(stderr, failed > 0 ? _("[%.*s%*s] %zu/%zu graded (some could not be graded)") :
	    _("[%.*s%*s] %zu/%zu graded"), fill,
	    "##############################", width - fill, "", done, total);
	fflush(stderr);
}

/* What the batch tells: a progress bar on a terminal, the rest as warnings. */
static void
on_event(void *arg, const struct batch_event *ev)
{
	bool	progress = *(const bool *)arg;

	switch (ev->kind) {
	case BATCH_PROGRESS:
		if (progress)
			progress_bar(ev->done, ev->total, ev->failed);
		break;
	case BATCH_RESUMING:
		fprintf(stderr, "%s: %s\n", progname, ev->message);
		fflush(stderr);
		break;
	case BATCH_FAILED:
		if (progress)
			fputc('\n', stderr);
		/* FALLTHROUGH */
	case BATCH_WARNING:
		warnx_("%s", ev->message);
		break;
	}
}

/* --roster FILE, else the one an earlier batch kept in OUT, else none; every problem is a
 * usage error, before anything is graded or written. */
static struct roster *
roster_option(const struct cmd_ctx *ctx, const char *outdir)
{
	const char	*v = cmd_opt(ctx, 'R');
	struct roster	*r = NULL;
	struct stat	 st;
	char		*kept, *cause = NULL;

	if (v != NULL && (r = roster_load(v, &cause)) == NULL)
		usage_error("grade", "--roster: %s", cause);
	if (v != NULL)
		return r;
	xasprintf(&kept, "%s/roster.csv", outdir);
	if (lstat(kept, &st) == 0 && (r = roster_load(kept, &cause)) == NULL)
		usage_error("grade", _("%s (the roster an earlier 'proclab grade --roster' kept: "
		    "give --roster FILE to replace it, or remove it)"), cause);
	free(kept);
	return r;
}

/* The options into O; usage errors for bad values. */
static void
grade_parse(const struct cmd_ctx *ctx, struct batch_options *o)
{
	const char	*v;
	struct stat	 st;
	long		 ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	o->outdir = cmd_opt(ctx, 'o') != NULL ? cmd_opt(ctx, 'o') : "proclab-results";
	o->format = FORMAT_JSON;
	o->jobs = ncpu > 0 ? ncpu : 1;
	if ((v = cmd_opt(ctx, 'j')) != NULL && !parse_long(v, 1, 256, &o->jobs))
		usage_error("grade", _("--jobs: '%s' is not a whole number from 1 to 256"), v);
	if ((v = cmd_opt(ctx, 'f')) != NULL)
		o->format = format_option("grade", v);
	o->grade.seed = (v = cmd_opt(ctx, 's')) != NULL ? seed_parse("grade", v) : seed_random();
	o->resume = cmd_opt(ctx, 'r') != NULL;
	if (cmd_opt(ctx, 'N') != NULL)
		sandbox_force_fallback();
	shard_parse(ctx, o);
	for (int i = 0; i < ctx->argc; i++) {
		if (stat(ctx->argv[i], &st) == -1)
			usage_error("grade", "'%s': %s", ctx->argv[i], strerror(errno));
		if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
			usage_error("grade", _("'%s' is neither a folder nor an archive"),
			    ctx->argv[i]);
	}
	if (stat(o->outdir, &st) == 0 && !S_ISDIR(st.st_mode))
		usage_error("grade", _("--out: '%s' exists and is not a folder"), o->outdir);
}

static int
cmd_grade_exec(struct cmd_ctx *ctx)
{
	const char		*hide[2] = { solutions_dir(), NULL };
	struct batch_options	 o;
	struct batch_summary	 sum;
	bool			 progress = isatty(STDERR_FILENO);
	struct roster		*roster;
	char			*cause = NULL;
	int			 rc;

	memset(&o, 0, sizeof o);
	grade_parse(ctx, &o);
	o.roster = roster = roster_option(ctx, o.outdir);
	o.grade.hide = hide;
	o.grade.runtime_include = runtime_include_dir();
	o.grade.runtime_lib = runtime_lib_dir();
	o.grade.languages = message_languages();
	o.grade.locale_dir = locale_dir();
	o.on_event = on_event;
	o.arg = &progress;
	rc = batch_grade(ctx->mf, ctx->argv, (size_t)ctx->argc, &o, &sum, &cause);
	roster_free(roster);
	if (rc == -1) {
		warnx_("%s", cause);
		free(cause);
		return EXIT_INTERNAL;
	}
	if (progress)
		fputc('\n', stderr);
	/* a batch system reads the status: the scores are in the gradebook, not here */
	if (sum.gradebook_failed)
		return EXIT_INTERNAL;
	if (o.shards > 1)
		printf(_("shard %ld of %ld: "), o.shard, o.shards);
	printf(ngettext("%zu submission graded; gradebook: %s/gradebook.csv\n",
	    "%zu submissions graded; gradebook: %s/gradebook.csv\n", sum.todo), sum.todo,
	    o.outdir);
	if (sum.unsubmitted > 0 && o.shards <= 1)
		printf(ngettext("%zu student of the roster handed in nothing: a row with no "
		    "scores\n", "%zu students of the roster handed in nothing: a row each, with "
		    "no scores\n", sum.unsubmitted), sum.unsubmitted);
	return sum.failed > 0 ? EXIT_FAILED : EXIT_OK;
}

const struct cmd_entry cmd_grade_entry = {
	.name = "grade",
	.help = N_("usage: proclab grade SUBMISSION... [--jobs N] [--out DIR] [--resume]\n"
"                     [--format FORMAT] [--seed S] [--no-namespaces] [--shard K/N]\n"
"                     [--roster FILE]\n"
"\n"
"Grade a class: each SUBMISSION is one student's folder, or a .tar, .tar.gz or\n"
"  .zip of it. Submissions are graded in parallel; a gradebook (gradebook.csv, one\n"
"row per student) and one result file per student are written to the --out folder\n"
"as each finishes, so an interrupted batch loses nothing. The gradebook is rebuilt\n"
"from every result in OUT/results; reports in other formats go to OUT/reports.\n"
"  --jobs N    grade N submissions at once (default: the number of CPUs)\n"
"  --out DIR   where results go (default: ./proclab-results)\n"
"  --resume    skip students whose result is already written\n"
"  --format FORMAT  also write each student's report as text, junit, tap,\n"
"              gradescope, autolab, prairielearn or vpl to OUT/reports (json, the\n"
"              default, is the result file)\n"
"  --seed S    the same seed for every student (default: a new one per batch)\n"
"  --no-namespaces  use the fallback sandbox (limits only), as on a machine\n"
"              without user namespaces\n"
"  --shard K/N grade share K of N of the submissions (the same list on every\n"
"              machine; 'proclab gradebook' merges the shards' folders). Without it,\n"
"              a Slurm array task's SLURM_ARRAY_TASK_ID/COUNT, or a Kubernetes\n"
"              Indexed Job's JOB_COMPLETION_INDEX with PROCLAB_SHARDS, choose it.\n"
"  --roster FILE  the class list, for an LMS (Moodle, Canvas, Blackboard) to\n"
"              match the grades on ID or e-mail: a CSV file in UTF-8 (',' or ';'\n"
"              between fields) whose first row names the columns folder (the\n"
"              student as the gradebook names them: the submission's name\n"
"              without .zip, .tar or .tar.gz), id and email (one of these two may\n"
"              be missing; other columns are ignored). The gradebook gets the id\n"
"              and email columns, the roster's students in its order (with no\n"
"              scores for those who handed nothing in), then anyone graded who is\n"
"              not in it (with a warning). Kept as OUT/roster.csv for --resume\n"
"              and 'proclab gradebook'.\n"
"Exit status: 0 every submission was graded (whatever the scores: they are in the\n"
"gradebook), 1 some submission could not be graded ('--resume' tries it again),\n"
"2 usage (a bad roster: nothing graded), 3 internal error.\n"),
	.options = grade_options,
	.shortopts = "j:",
	.args_min = 1, .args_max = -1,
	.args_missing = N_("no submissions given: each is a student's folder, .tar, .tar.gz or "
	    ".zip"),
	.flags = CMD_MANIFEST,
	.exec = cmd_grade_exec,
};
