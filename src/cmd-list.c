/* SPDX-License-Identifier: MIT */
/* cmd-list.c: proclab list, the catalog. */
#include "proclab.h"

#include <stdlib.h>

/* The exercises, from the manifest the grader uses. */
static int
list_exercises(FILE *f)
{
	struct manifest		*mf;
	const struct exercise	*ex;
	char			*cause = NULL;
	size_t			 i;

	if ((mf = manifest_load(manifest_path(), &cause)) == NULL) {
		warnx_(_("cannot list the exercises: %s"), cause);
		free(cause);
		return EXIT_INTERNAL;
	}
	fprintf(f, _("Exercises (start with: proclab init DIR; grade with: proclab check N)\n\n"));
	fprintf(f, "  %-2s  %-22s %-9s %-6s %s\n", _("N"), _("name"), _("notebook"), _("points"),
	    _("title"));
	for (i = 0; i < mf->nex; i++) {
		ex = &mf->ex[i];
		fprintf(f, "  %02d  %-22s %-9s %-6d %s\n", ex->number, ex->name, ex->notebook,
		    exercise_max_score(ex), manifest_text(ex->title));
	}
	manifest_free(mf);
	return EXIT_OK;
}

static int
cmd_list_exec(struct cmd_ctx *ctx)
{
	size_t	i;

	(void)ctx;
	printf(_("Lessons (run one with: proclab lesson N)\n\n"));
	printf("  %-2s  %-22s %-9s %s\n", _("N"), _("name"), _("notebook"), _("what it shows"));
	for (i = 0; i < nlessons; i++)
		printf("  %02d  %-22s %-9s %s\n", lessons[i].number, lessons[i].name,
		    lessons[i].notebook, _(lessons[i].summary));
	printf("\n");
	return list_exercises(stdout);
}

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.help = N_("usage: proclab list\n"
"\n"
"Show the catalog: the lessons, each with the notebook it comes from, and the\n"
"graded exercises.\n"),
	.args_min = 0, .args_max = 0,
	.args_extra = N_("list takes no arguments, got '%s'"),
	.exec = cmd_list_exec,
};
