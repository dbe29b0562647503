/* SPDX-License-Identifier: MIT */
/*
 * cmd.c: the command table and the one dispatcher, as tmux's cmd.c: every subcommand is a
 * struct cmd_entry (cmd-NAME.c), and what they all need is done here once: option parsing,
 * --help, the argument counts, the manifest and the working copy.
 */
#include "proclab.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const struct cmd_entry *const cmd_table[] = {
	&cmd_check_entry,
	&cmd_grade_entry,
	&cmd_gradebook_entry,
	&cmd_help_entry,
	&cmd_hint_entry,
	&cmd_init_entry,
	&cmd_lesson_entry,
	&cmd_list_entry,
	&cmd_man_entry,
	&cmd_run_entry,
	&cmd_trace_entry,
	&cmd_watch_entry,
	NULL
};

const struct cmd_entry *
cmd_find(const char *name)
{
	for (const struct cmd_entry *const *e = cmd_table; *e != NULL; e++)
		if (strcmp((*e)->name, name) == 0)
			return *e;
	return NULL;
}

/* "check, grade, help, ...": the commands for a message. */
char *
cmd_names(void)
{
	char	*s = xstrdup(""), *t;

	for (const struct cmd_entry *const *e = cmd_table; *e != NULL; e++) {
		xasprintf(&t, "%s%s%s", s, e == cmd_table ? "" : ", ", (*e)->name);
		free(s);
		s = t;
	}
	return s;
}

const char *
cmd_opt(const struct cmd_ctx *ctx, int val)
{
	return (unsigned)val < nitems(ctx->opt) ? ctx->opt[val] : NULL;
}

/* The options of ENTRY (and --help) into CTX->opt, the rest into CTX->argv. */
static int
parse_options(const struct cmd_entry *entry, int argc, char **argv, struct cmd_ctx *ctx)
{
	static const struct option help = { "help", no_argument, NULL, 'h' };
	struct option	*longopts;
	char		*shortopts;
	size_t		 n = 0;
	int		 c;

	while (entry->options != NULL && entry->options[n].name != NULL)
		n++;
	longopts = xcalloc(n + 2, sizeof *longopts);
	memcpy(longopts, entry->options != NULL ? entry->options : &help, n * sizeof *longopts);
	longopts[n] = help;
	xasprintf(&shortopts, ":h%s", entry->shortopts != NULL ? entry->shortopts : "");
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			free(longopts);
			free(shortopts);
			return help_show(entry->name, stdout) == EXIT_OK ? 1 : -1;
		case ':':
			usage_error(entry->name, _("%s needs a value"), argv[optind - 1]);
		case '?':
			usage_error(entry->name, _("unknown option '%s'"), argv[optind - 1]);
		default:
			ctx->opt[c] = optarg != NULL ? optarg : "";
		}
	}
	/* --color=WHEN, for every command that takes it, before anything else is looked at. */
	if (ctx->opt['C'] != NULL)
		color_option(entry->name, ctx->opt['C']);
	ctx->argc = argc - optind;
	ctx->argv = argv + optind;
	free(longopts);
	free(shortopts);
	return 0;
}

static void
check_arg_count(const struct cmd_entry *entry, const struct cmd_ctx *ctx)
{
	if (ctx->argc < entry->args_min)
		usage_error(entry->name, _(entry->args_missing), progname);
	if (entry->args_max >= 0 && ctx->argc > entry->args_max)
		usage_error(entry->name, _(entry->args_extra), ctx->argv[entry->args_max]);
}

/* --dir DIR as given (a flat folder of files works too; with CMD_DIR_ARCHIVE a file, the
 * command's to read as an archive), else the working copy found from here upward. */
static char *
find_working_copy(const struct cmd_entry *entry, const struct manifest *mf, const char *dir)
{
	struct stat	 st;
	char		*wd;

	if (dir != NULL) {
		if (stat(dir, &st) == -1)
			usage_error(entry->name, _("--dir: '%s': %s"), dir, strerror(errno));
		if ((entry->flags & CMD_DIR_ARCHIVE) && !S_ISDIR(st.st_mode) &&
		    !(S_ISREG(st.st_mode) && submission_archive_name(dir)))
			usage_error(entry->name, _("--dir: '%s' is neither a folder nor an archive "
			    "(.zip, .tar, .tar.gz)"), dir);
		if (!(entry->flags & CMD_DIR_ARCHIVE) && !S_ISDIR(st.st_mode))
			usage_error(entry->name, _("--dir: '%s' is not a folder"), dir);
		if ((wd = realpath(dir, NULL)) == NULL)
			usage_error(entry->name, _("--dir: '%s': %s"), dir, strerror(errno));
		return wd;
	}
	if ((wd = workdir_find(mf, ".")) == NULL)
		usage_error(entry->name, _("no working copy here: no folder from here upward holds "
		    "%s/ (or exercises/%s/); make one with '%s init DIR' or give --dir DIR"),
		    mf->nex > 0 ? mf->ex[0].dir : "01-...", mf->nex > 0 ? mf->ex[0].dir : "01-...",
		    progname);
	return wd;
}

const struct exercise *
cmd_exercise(const struct cmd_ctx *ctx, const char *key)
{
	const struct manifest	*mf = ctx->mf;
	const struct exercise	*ex = manifest_find(mf, key);

	if (ex == NULL)
		usage_error(ctx->entry->name, _("'%s' is not an exercise (give a number from 1 to %d "
		    "or a name such as %s)"), key, mf->nex > 0 ? mf->ex[mf->nex - 1].number : 0,
		    mf->nex > 0 ? mf->ex[0].name : "fork-join");
	return ex;
}

int
cmd_run(const struct cmd_entry *entry, int argc, char **argv)
{
	struct cmd_ctx	ctx;
	int		rc;

	memset(&ctx, 0, sizeof ctx);
	ctx.entry = entry;
	if (entry->flags & CMD_RAW) {
		ctx.argc = argc;
		ctx.argv = argv;
	} else {
		if ((rc = parse_options(entry, argc, argv, &ctx)) != 0)
			return rc == 1 ? EXIT_OK : EXIT_USAGE;
		check_arg_count(entry, &ctx);
	}
	if (entry->flags & (CMD_MANIFEST | CMD_WORKDIR))
		ctx.mf = manifest_load_or_die();
	if ((entry->flags & CMD_EXERCISE_ARG) && ctx.argc > 0 &&
	    !((entry->flags & CMD_ALLOW_ALL) && strcmp(ctx.argv[0], "all") == 0))
		ctx.ex = cmd_exercise(&ctx, ctx.argv[0]);
	if (entry->flags & CMD_WORKDIR)
		ctx.wd = find_working_copy(entry, ctx.mf, cmd_opt(&ctx, 'd'));
	rc = entry->exec(&ctx);
	free(ctx.wd);
	if (ctx.mf != NULL)
		manifest_free(ctx.mf);
	return rc;
}
