/* cmd-list.c: proclab list, the catalog. */
#include "proclab.h"

/* The exercises, from the manifest the grader uses. */
static int
list_exercises(FILE *f)
{
	struct manifest		*mf;
	const struct exercise	*ex;
	char			 err[512];
	size_t			 i;

	if ((mf = manifest_load(manifest_path(), err, sizeof err)) == NULL) {
		warnx_(_("cannot list the exercises: %s"), err);
		return EXIT_INTERNAL;
	}
	fprintf(f, _("Exercises (start with: proclab init DIR; grade with: proclab check N)\n\n"));
	fprintf(f, "  %-2s  %-22s %-9s %-6s %s\n", _("N"), _("name"), _("notebook"), _("points"),
	    _("title"));
	for (i = 0; i < mf->nex; i++) {
		ex = &mf->ex[i];
		fprintf(f, "  %02d  %-22s %-9s %-6d %s\n", ex->number, ex->name, ex->notebook,
		    exercise_max_score(ex), ex->title);
	}
	manifest_free(mf);
	return EXIT_OK;
}

int
cmd_list(int argc, char **argv)
{
	size_t	i;

	if (help_requested(argc, argv))
		return help_show("list", stdout);
	if (argc > 1)
		usage_error("list", _("list takes no arguments, got '%s'"), argv[1]);

	printf(_("Lessons (run one with: proclab lesson N)\n\n"));
	printf("  %-2s  %-22s %-9s %s\n", _("N"), _("name"), _("notebook"), _("what it shows"));
	for (i = 0; i < nlessons; i++)
		printf("  %02d  %-22s %-9s %s\n", lessons[i].number, lessons[i].name,
		    lessons[i].notebook, _(lessons[i].summary));
	printf("\n");
	return list_exercises(stdout);
}
