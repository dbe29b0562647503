/*
 * cmd-hint.c: proclab hint N|NAME [--all] [--dir WORKDIR]: the next hint of an exercise.
 *
 * Progress lives in WORKDIR/.proclab-state, plain text a student can read or delete:
 *	# proclab: hints read per exercise ('proclab hint N' shows the next)
 *	hints 01-fork-join 2
 */
#include "proclab.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define STATE_FILE	".proclab-state"
#define STATE_MAX	65536

/* The state file's text, or "" when there is none yet. */
static char *
state_read(const char *workdir)
{
	char	*path, *buf;
	size_t	 n;
	FILE	*f;

	xasprintf(&path, "%s/%s", workdir, STATE_FILE);
	f = fopen(path, "re");
	free(path);
	buf = xcalloc(1, STATE_MAX + 1);
	if (f == NULL)
		return buf;
	n = fread(buf, 1, STATE_MAX, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static size_t
state_lookup(const char *text, const char *dir)
{
	const char	*p = text;
	char		 name[256];
	long		 n;

	while (*p != '\0') {
		if (sscanf(p, "hints %255s %ld", name, &n) == 2 && strcmp(name, dir) == 0 &&
		    n >= 0)
			return (size_t)n;
		p = strchr(p, '\n');
		if (p == NULL)
			break;
		p++;
	}
	return 0;
}

size_t
hint_state_get(const char *workdir, const struct exercise *ex)
{
	char	*text = state_read(workdir);
	size_t	 n = state_lookup(text, ex->dir);

	free(text);
	return n > ex->nhints ? ex->nhints : n;
}

static bool
state_set(const char *workdir, const struct exercise *ex, size_t seen)
{
	char	*text = state_read(workdir), *out = NULL, *path, name[256];
	size_t	 len = 0;
	FILE	*mem;
	const char *p = text;
	long	 n;
	bool	 ok;

	mem = open_memstream(&out, &len);
	if (mem == NULL) {
		warnx_("open_memstream: %s", strerror(errno));
		free(text);
		return false;
	}
	if (*p == '\0')
		fprintf(mem, "# proclab: hints read per exercise ('proclab hint N' shows the next)\n");
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t l = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (!(sscanf(p, "hints %255s %ld", name, &n) == 2 && strcmp(name, ex->dir) == 0))
			fprintf(mem, "%.*s\n", (int)l, p);
		p += l;
		if (*p == '\n')
			p++;
	}
	fprintf(mem, "hints %s %zu\n", ex->dir, seen);
	if (fclose(mem) == EOF) {
		warnx_(_("writing the hint state: %s"), strerror(errno));
		free(text);
		free(out);
		return false;
	}
	xasprintf(&path, "%s/%s", workdir, STATE_FILE);
	ok = write_file_atomic(path, out, len) == 0;
	if (!ok)
		warnx_("%s: %s", path, strerror(errno));
	free(path);
	free(text);
	free(out);
	return ok;
}

int
cmd_hint(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*dir = NULL;
	const struct exercise	*ex;
	struct manifest		*mf;
	struct stat		 st;
	char			*wd;
	size_t			 seen;
	bool			 all = false;
	int			 c, rc = EXIT_OK;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': all = true; break;
		case 'd': dir = optarg; break;
		case 'h': return help_show("hint", stdout);
		case ':': usage_error("hint", _("%s needs a value"), argv[optind - 1]);
		default: usage_error("hint", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind == argc)
		usage_error("hint", _("which exercise? give its number or its name"));
	if (argc - optind > 1)
		usage_error("hint", _("one exercise at a time, not '%s'"), argv[optind + 1]);
	if (dir != NULL && stat(dir, &st) == -1)
		usage_error("hint", _("--dir: '%s': %s"), dir, strerror(errno));
	if (dir != NULL && !S_ISDIR(st.st_mode))
		usage_error("hint", _("--dir: '%s' is not a folder"), dir);
	mf = manifest_load_or_die();
	ex = manifest_find(mf, argv[optind]);
	if (ex == NULL)
		usage_error("hint", _("'%s' is not an exercise (give a number from 1 to %d or a name "
		    "such as %s)"), argv[optind], mf->nex > 0 ? mf->ex[mf->nex - 1].number : 0,
		    mf->nex > 0 ? mf->ex[0].name : "fork-join");
	wd = dir != NULL ? realpath(dir, NULL) : workdir_find(mf, ".");
	if (wd == NULL)
		usage_error("hint", _("no working copy here (hints read are kept in it): make one "
		    "with '%s init DIR' or give --dir DIR"), progname);
	seen = hint_state_get(wd, ex);
	if (ex->nhints == 0) {
		printf(_("Exercise %d (%s) has no hints.\n"), ex->number, ex->title);
	} else if (all) {
		if (seen == 0)
			printf(_("No hint of exercise %d read yet: '%s hint %d' shows the first.\n"),
			    ex->number, progname, ex->number);
		for (size_t i = 0; i < seen; i++)
			printf(_("Hint %zu of %zu for %s (%s):\n  %s\n%s"), i + 1, ex->nhints, ex->dir,
			    ex->title, ex->hints[i], i + 1 < seen ? "\n" : "");
	} else if (seen >= ex->nhints) {
		printf(_("No hints left for %s: you have read all %zu ('%s hint %d --all' shows "
		    "them again).\n"), ex->dir, ex->nhints, progname, ex->number);
	} else {
		printf(_("Hint %zu of %zu for %s (%s):\n  %s\n"), seen + 1, ex->nhints, ex->dir,
		    ex->title, ex->hints[seen]);
		if (!state_set(wd, ex, seen + 1))
			rc = EXIT_INTERNAL;
		else if (seen + 1 < ex->nhints)
			printf(_("('%s hint %d' again shows the next one.)\n"), progname, ex->number);
	}
	if (fflush(stdout) == EOF)
		rc = EXIT_INTERNAL;
	free(wd);
	manifest_free(mf);
	return rc;
}
