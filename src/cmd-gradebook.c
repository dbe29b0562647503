/* SPDX-License-Identifier: MIT */
/*
 * cmd-gradebook.c: proclab gradebook RESULTS... [--out DIR]: one gradebook from the result
 * folders of several batches (the shards of a class graded on many machines), without the
 * submissions. Every result file is read back and checked against the manifest, as grade
 * does (grader/batch.c).
 */
#include "proclab.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const struct option gradebook_options[] = {
	{ "out", required_argument, NULL, 'o' },
	{ "roster", required_argument, NULL, 'R' },
	{ NULL, 0, NULL, 0 }
};

static void
on_warning(void *arg, const char *message)
{
	(void)arg;
	warnx_("%s", message);
}

/* DIR/roster.csv, or NULL when DIR has none. */
static struct roster *
kept_roster(const char *dir, bool *have)
{
	struct roster	*r = NULL;
	struct stat	 st;
	char		*p, *cause = NULL;

	xasprintf(&p, "%s/roster.csv", dir);
	*have = lstat(p, &st) == 0;
	if (*have && (r = roster_load(p, &cause)) == NULL)
		usage_error("gradebook", _("%s (the roster its 'proclab grade --roster' kept: "
		    "give --roster FILE, or remove it)"), cause);
	free(p);
	return r;
}

/* --roster FILE, else the one every RESULTS folder kept (the same bytes in each, as the
 * shards of one 'grade --roster' have), else none. */
static struct roster *
roster_option(const struct cmd_ctx *ctx)
{
	const char	*v = cmd_opt(ctx, 'R');
	struct roster	*first = NULL, *r;
	char		*cause = NULL;
	bool		 have0 = false, have;

	if (v != NULL) {
		if ((r = roster_load(v, &cause)) == NULL)
			usage_error("gradebook", "--roster: %s", cause);
		return r;
	}
	for (int i = 0; i < ctx->argc; i++) {
		r = kept_roster(ctx->argv[i], &have);
		if (i == 0) {
			first = r;
			have0 = have;
		} else if (have != have0 || (have && (r->len != first->len ||
		    memcmp(r->data, first->data, r->len) != 0)))
			usage_error("gradebook", _("'%s' and '%s' were graded with different "
			    "rosters (or one with none): give --roster FILE"), ctx->argv[0],
			    ctx->argv[i]);
		if (i > 0)
			roster_free(r);
	}
	return first;
}

static int
cmd_gradebook_exec(struct cmd_ctx *ctx)
{
	const char	*out = cmd_opt(ctx, 'o') != NULL ? cmd_opt(ctx, 'o') : "proclab-results";
	struct gradebook_options go = { NULL, false, true, on_warning, NULL };
	struct roster	*roster;
	char		*cause = NULL, *p;
	struct stat	 st;
	int		 rc;

	for (int i = 0; i < ctx->argc; i++) {
		xasprintf(&p, "%s/results", ctx->argv[i]);
		if (stat(p, &st) == -1 || !S_ISDIR(st.st_mode))
			usage_error("gradebook", _("'%s' is not a result folder of 'proclab grade' "
			    "(it has no results/ folder)"), ctx->argv[i]);
		free(p);
	}
	go.roster = roster = roster_option(ctx);
	if (mkdir(out, 0777) == -1 && errno != EEXIST) {
		warnx_(_("--out: cannot make '%s': %s"), out, strerror(errno));
		roster_free(roster);
		return EXIT_INTERNAL;
	}
	rc = gradebook_merge(ctx->mf, (const char *const *)ctx->argv, (size_t)ctx->argc, out,
	    &go, NULL, &cause);
	roster_free(roster);
	if (rc == -1) {
		warnx_("%s", cause);
		free(cause);
		return EXIT_FAILED;
	}
	printf(_("gradebook: %s/gradebook.csv\n"), out);
	return EXIT_OK;
}

const struct cmd_entry cmd_gradebook_entry = {
	.name = "gradebook",
	.help = N_("usage: proclab gradebook RESULTS... [--out DIR] [--roster FILE]\n"
"\n"
"Merge the result folders of several 'proclab grade' batches (e.g. the shares of a\n"
"class graded on many machines) into one gradebook, DIR/gradebook.csv,\n"
"without the submissions. Every result file is checked against the manifest; a file\n"
"that is not a valid result is left out with a warning, and a student graded in two\n"
"folders is an error (nothing is written).\n"
"  --out DIR   where the gradebook goes (default: ./proclab-results; it may be one\n"
"              of the RESULTS folders)\n"
"  --roster FILE  the class list, as for 'proclab grade --roster': the gradebook\n"
"              gets its id and email columns and a row for each of its students,\n"
"              with no scores for those without a result. Default: the roster.csv\n"
"              that the RESULTS folders kept, when they all have the same.\n"
"Exit status: 0 written, 1 a student in two folders, 2 usage (a bad roster, or\n"
"folders graded with different rosters), 3 internal error.\n"),
	.options = gradebook_options,
	.args_min = 1, .args_max = -1,
	.args_missing = N_("no result folders given: each is the --out folder of a "
	    "'proclab grade' batch"),
	.flags = CMD_MANIFEST,
	.exec = cmd_gradebook_exec,
};
