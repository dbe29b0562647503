/* SPDX-License-Identifier: MIT */
/*
 * cmd-hint.c: proclab hint N|NAME [K] [--all] [--dir WORKDIR]: the next hint of an exercise,
 * or hint K (the one check's "Stuck?" line names for a failing test).
 *
 * What has been read is kept by grader/hints.c: hints 1 to SEEN. Reading hint K counts the
 * gentler ones before it as read, so "the next" is always after the furthest one read.
 */
#include "proclab.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const struct option hint_options[] = {
	{ "all", no_argument, NULL, 'a' },
	{ "dir", required_argument, NULL, 'd' },
	{ NULL, 0, NULL, 0 }
};

static void
hint_print(const struct exercise *ex, size_t k)
{
	printf(_("Hint %zu of %zu for %s (%s):\n  %s\n"), k, ex->nhints, ex->dir,
	    manifest_text(ex->title), manifest_text(ex->hints[k - 1]));
}

/* Hint K shown, the state moved on to it when it is further than SEEN. */
static int
hint_show(const char *wd, const struct exercise *ex, size_t seen, size_t k)
{
	char	*cause = NULL;

	hint_print(ex, k);
	if (k <= seen)
		return EXIT_OK;
	if (hints_set_seen(wd, ex, k, &cause) == -1) {
		warnx_("%s", cause);
		free(cause);
		return EXIT_INTERNAL;
	}
	if (k > seen + 1)
		printf(_("(The gentler hints before it count as read now: '%s hint %d --all' "
		    "shows them.)\n"), progname, ex->number);
	if (k < ex->nhints)
		printf(_("('%s hint %d' again shows the next one.)\n"), progname, ex->number);
	return EXIT_OK;
}

static void
hint_all(const struct exercise *ex, size_t seen)
{
	if (seen == 0)
		printf(_("No hint of exercise %d read yet: '%s hint %d' shows the first.\n"),
		    ex->number, progname, ex->number);
	for (size_t i = 0; i < seen; i++) {
		hint_print(ex, i + 1);
		if (i + 1 < seen)
			putchar('\n');
	}
}

static int
cmd_hint_exec(struct cmd_ctx *ctx)
{
	const struct exercise	*ex = ctx->ex;
	size_t			 seen;
	bool			 all = cmd_opt(ctx, 'a') != NULL;
	long			 k = 0;
	int			 rc = EXIT_OK;

	if (ctx->argc > 1 && all)
		usage_error("hint", _("give a hint's number or --all, not both"));
	if (ctx->argc > 1 && ex->nhints > 0 &&
	    !parse_long(ctx->argv[1], 1, (long)ex->nhints, &k))
		usage_error("hint", ngettext("no hint '%s' for exercise %d: it has %zu hint (1)",
		    "no hint '%s' for exercise %d: it has %zu hints (1 to %zu)", ex->nhints),
		    ctx->argv[1], ex->number, ex->nhints, ex->nhints);
	seen = hints_seen(ctx->wd, ex);
	if (ex->nhints == 0)
		printf(_("Exercise %d (%s) has no hints.\n"), ex->number, manifest_text(ex->title));
	else if (all)
		hint_all(ex, seen);
	else if (k > 0)
		rc = hint_show(ctx->wd, ex, seen, (size_t)k);
	else if (seen >= ex->nhints)
		printf(_("No hints left for %s: you have read all %zu ('%s hint %d --all' shows "
		    "them again).\n"), ex->dir, ex->nhints, progname, ex->number);
	else
		rc = hint_show(ctx->wd, ex, seen, seen + 1);
	if (fflush(stdout) == EOF)
		rc = EXIT_INTERNAL;
	return rc;
}

const struct cmd_entry cmd_hint_entry = {
	.name = "hint",
	.help = N_("usage: proclab hint N|NAME [K] [--all] [--dir WORKDIR]\n"
"\n"
"Show the next hint for exercise N, from gentle to nearly the answer; with K, hint K\n"
"(the one a failing test's \"Stuck?\" line in 'proclab check' names; the gentler ones\n"
"before it then count as read); --all shows again every hint shown so far.\n"),
	.options = hint_options,
	.args_min = 1, .args_max = 2,
	.args_missing = N_("which exercise? give its number or its name"),
	.args_extra = N_("an exercise and a hint's number at most, not '%s'"),
	.flags = CMD_WORKDIR | CMD_EXERCISE_ARG,
	.exec = cmd_hint_exec,
};
