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
	{ NULL, 0, NULL, 0 }
};

static int
cmd_gradebook_exec(struct cmd_ctx *ctx)
{
	const char	*out = cmd_opt(ctx, 'o') != NULL ? cmd_opt(ctx, 'o') : "proclab-results";
	char		*cause = NULL, *warning = NULL, *p;
	struct stat	 st;
	bool		 passed;

	for (int i = 0; i < ctx->argc; i++) {
		xasprintf(&p, "%s/results", ctx->argv[i]);
		if (stat(p, &st) == -1 || !S_ISDIR(st.st_mode))
			usage_error("gradebook", _("'%s' is not a result folder of 'proclab grade' "
			    "(it has no results/ folder)"), ctx->argv[i]);
		free(p);
	}
	if (mkdir(out, 0777) == -1 && errno != EEXIST) {
		warnx_(_("--out: cannot make '%s': %s"), out, strerror(errno));
		return EXIT_INTERNAL;
	}
	if (gradebook_merge(ctx->mf, (const char *const *)ctx->argv, (size_t)ctx->argc, out,
	    &passed, &warning, &cause) == -1) {
		warnx_("%s", cause);
		free(cause);
		free(warning);
		return EXIT_FAILED;
	}
	if (warning != NULL)
		warnx_("%s", warning);
	free(warning);
	printf(_("gradebook: %s/gradebook.csv\n"), out);
	return EXIT_OK;
}

const struct cmd_entry cmd_gradebook_entry = {
	.name = "gradebook",
	.help = N_("usage: proclab gradebook RESULTS... [--out DIR]\n"
"\n"
"Merge the result folders of several 'proclab grade' batches (e.g. the shares of a\n"
"class graded on many machines) into one gradebook, DIR/gradebook.csv,\n"
"without the submissions. Every result file is checked against the manifest; a file\n"
"that is not a valid result is left out with a warning, and a student graded in two\n"
"folders is an error (nothing is written).\n"
"  --out DIR   where the gradebook goes (default: ./proclab-results; it may be one\n"
"              of the RESULTS folders)\n"
"Exit status: 0 written, 1 a student in two folders, 2 usage, 3 internal error.\n"),
	.options = gradebook_options,
	.args_min = 1, .args_max = -1,
	.args_missing = N_("no result folders given: each is the --out folder of a "
	    "'proclab grade' batch"),
	.flags = CMD_MANIFEST,
	.exec = cmd_gradebook_exec,
};
