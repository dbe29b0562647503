/* SPDX-License-Identifier: MIT */
/*
 * cmd-hint.c: proclab hint N|NAME [--all] [--dir WORKDIR]: the next hint of an exercise.
 *
 * What has been read is kept by grader/hints.c.
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

static int
cmd_hint_exec(struct cmd_ctx *ctx)
{
	const struct exercise	*ex = ctx->ex;
	const char		*wd = ctx->wd;
	char			*cause = NULL;
	size_t			 seen;
	bool			 all = cmd_opt(ctx, 'a') != NULL;
	int			 rc = EXIT_OK;

	seen = hints_seen(wd, ex);
	if (ex->nhints == 0) {
		printf(_("Exercise %d (%s) has no hints.\n"), ex->number, manifest_text(ex->title));
	} else if (all) {
		if (seen == 0)
			printf(_("No hint of exercise %d read yet: '%s hint %d' shows the first.\n"),
			    ex->number, progname, ex->number);
		for (size_t i = 0; i < seen; i++)
			printf(_("Hint %zu of %zu for %s (%s):\n  %s\n%s"), i + 1, ex->nhints, ex->dir,
			    manifest_text(ex->title), manifest_text(ex->hints[i]),
			    i + 1 < seen ? "\n" : "");
	} else if (seen >= ex->nhints) {
		printf(_("No hints left for %s: you have read all %zu ('%s hint %d --all' shows "
		    "them again).\n"), ex->dir, ex->nhints, progname, ex->number);
	} else {
		printf(_("Hint %zu of %zu for %s (%s):\n  %s\n"), seen + 1, ex->nhints, ex->dir,
		    manifest_text(ex->title), manifest_text(ex->hints[seen]));
		if (hints_set_seen(wd, ex, seen + 1, &cause) == -1) {
			warnx_("%s", cause);
			free(cause);
			rc = EXIT_INTERNAL;
		}
		else if (seen + 1 < ex->nhints)
			printf(_("('%s hint %d' again shows the next one.)\n"), progname, ex->number);
	}
	if (fflush(stdout) == EOF)
		rc = EXIT_INTERNAL;
	return rc;
}

const struct cmd_entry cmd_hint_entry = {
	.name = "hint",
	.help = N_("usage: proclab hint N|NAME [--all] [--dir WORKDIR]\n"
"\n"
"Show the next hint for exercise N, from gentle to nearly the answer; --all shows\n"
"again every hint shown so far.\n"),
	.options = hint_options,
	.args_min = 1, .args_max = 1,
	.args_missing = N_("which exercise? give its number or its name"),
	.args_extra = N_("one exercise at a time, not '%s'"),
	.flags = CMD_WORKDIR | CMD_EXERCISE_ARG,
	.exec = cmd_hint_exec,
};
