/*
 * cmd-check.c: proclab check N|NAME|all: grade the student's working copy.
 */
#include "proclab.h"

#include <errno.h>
#include <getopt.h>
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
		    "gradescope)"), arg);
	return f;
}

/* Writes the report to PATH atomically, or to stdout. false with a message on failure. */
static bool
emit(const char *path, enum report_format fmt, struct report *r)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*mem;

	if (path == NULL) {
		if (report_write(stdout, fmt, r) == -1) {
			warnx_(_("writing the report: %s"), strerror(errno));
			return false;
		}
		return true;
	}
	mem = open_memstream(&buf, &len);
	if (mem == NULL) {
		warnx_("open_memstream: %s", strerror(errno));
		return false;
	}
	if (report_write(mem, fmt, r) == -1 || fclose(mem) == EOF) {
		warnx_(_("building the report: %s"), strerror(errno));
		free(buf);
		return false;
	}
	if (write_file_atomic(path, buf, len) == -1) {
		warnx_("%s: %s", path, strerror(errno));
		free(buf);
		return false;
	}
	free(buf);
	return true;
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

int
cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "no-namespaces", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*dir = NULL, *output = NULL, *key, *hide[2] = { NULL, NULL };
	enum report_format	 fmt = FORMAT_TEXT;
	struct grade_options	 go;
	struct report		 rep;
	struct manifest		*mf;
	const struct exercise	**todo;
	struct exercise_result	*res;
	size_t			*seen, ntodo = 0, i;
	char			*wd, *why = NULL;
	struct stat		 st;
	uint64_t		 seed = 0;
	bool			 have_seed = false, no_ns = false, all_passed = true, internal = false;
	bool			 progress;
	struct timespec		 t0, t1;
	int			 c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 's': seed = seed_parse("check", optarg); have_seed = true; break;
		case 'f': fmt = format_option("check", optarg); break;
		case 'o': output = optarg; break;
		case 'N': no_ns = true; break;
		case 'h': return help_show("check", stdout);
		case ':': usage_error("check", _("%s needs a value"), argv[optind - 1]);
		default: usage_error("check", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind == argc)
		usage_error("check", _("which exercise? give its number, its name or 'all'"));
	if (argc - optind > 1)
		usage_error("check", _("one exercise at a time (or 'all'), not '%s'"),
		    argv[optind + 1]);
	key = argv[optind];
	if (dir != NULL && stat(dir, &st) == -1)
		usage_error("check", _("--dir: '%s': %s"), dir, strerror(errno));
	if (dir != NULL && !S_ISDIR(st.st_mode))
		usage_error("check", _("--dir: '%s' is not a folder"), dir);
	mf = manifest_load_or_die();
	todo = xcalloc(mf->nex + 1, sizeof *todo);
	if (strcmp(key, "all") != 0) {
		todo[0] = manifest_find(mf, key);
		if (todo[0] == NULL)
			usage_error("check", _("'%s' is not an exercise (give a number from 1 to %d or a "
			    "name such as %s)"), key, mf->nex > 0 ? mf->ex[mf->nex - 1].number : 0,
			    mf->nex > 0 ? mf->ex[0].name : "fork-join");
		ntodo = 1;
	}
	if (dir != NULL)
		wd = realpath(dir, NULL);
	else
		wd = workdir_find(mf, ".");
	if (wd == NULL)
		usage_error("check", _("no working copy here: no folder from here upward holds %s/ "
		    "(or exercises/%s/); make one with '%s init DIR' or give --dir DIR"),
		    mf->nex > 0 ? mf->ex[0].dir : "01-...", mf->nex > 0 ? mf->ex[0].dir : "01-...",
		    progname);
	if (ntodo == 0) {
		for (i = 0; i < mf->nex; i++)
			if (has_all_files(wd, &mf->ex[i]))
				todo[ntodo++] = &mf->ex[i];
		if (ntodo == 0)         /* nothing there: every exercise, all "not submitted" */
			for (i = 0; i < mf->nex; i++)
				todo[ntodo++] = &mf->ex[i];
	}
	if (!have_seed)
		seed = seed_random();
	if (no_ns)
		sandbox_force_fallback();
	if (temp_cleanup_on_signals(&why) == -1)
		fatalx("%s", why);
	memset(&go, 0, sizeof go);
	go.seed = seed;
	go.runtime_include = runtime_include_dir();
	go.runtime_lib = runtime_lib_dir();
	hide[0] = solutions_dir();
	go.hide = hide;
	res = xcalloc(ntodo + 1, sizeof *res);
	seen = xcalloc(ntodo + 1, sizeof *seen);
	progress = isatty(STDERR_FILENO) && (output != NULL || !isatty(STDOUT_FILENO) ||
	    fmt == FORMAT_TEXT);
	memset(&rep, 0, sizeof rep);
	rep.isolation = sandbox_probe();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < ntodo; i++) {
		if (progress) {
			fputc('\r', stderr);
			fprintf(stderr, _("checking %s (%zu of %zu)..."), todo[i]->dir, i + 1, ntodo);
			fputs("\033[K", stderr);
		}
		grade_exercise(mf, todo[i], wd, &go, &res[i]);
		seen[i] = hint_state_get(wd, todo[i]);
		all_passed = all_passed && exercise_passed(&res[i]);
		internal = internal || res[i].internal;
		if (res[i].fallback_used)
			rep.isolation = ISOLATION_RLIMITS;      /* what was in force, not hoped for */
	}
	if (progress)
		fprintf(stderr, "\r\033[K");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	rep.seed = seed;
	rep.res = res;
	rep.nres = ntodo;
	rep.hints_seen = seen;
	rep.time_s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	rep.color = fmt == FORMAT_TEXT && output == NULL && use_color(stdout);
	rc = all_passed ? EXIT_OK : EXIT_FAILED;
	if (!emit(output, fmt, &rep))
		rc = EXIT_INTERNAL;
	if (internal) {
		for (i = 0; i < ntodo; i++)
			if (res[i].internal)
				warnx_(_("internal error: %s"), res[i].internal_message);
		rc = EXIT_INTERNAL;
	}
	for (i = 0; i < ntodo; i++)
		exercise_result_free(&res[i]);
	free(res);
	free(seen);
	free(todo);
	free(wd);
	manifest_free(mf);
	return rc;
}
