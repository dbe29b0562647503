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

int
cmd_grade(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "out", required_argument, NULL, 'o' },
		{ "resume", no_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "seed", required_argument, NULL, 's' },
		{ "no-namespaces", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct batch_options	 o;
	struct manifest		*mf;
	struct stat		 st;
	long			 ncpu;
	bool			 have_seed = false;
	int			 c, rc;

	memset(&o, 0, sizeof o);
	o.outdir = "proclab-results";
	o.format = FORMAT_JSON;
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	o.jobs = ncpu > 0 ? ncpu : 1;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":hj:", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if (!parse_long(optarg, 1, 256, &o.jobs))
				usage_error("grade", _("--jobs: '%s' is not a whole number from 1 to 256"),
				    optarg);
			break;
		case 'o': o.outdir = optarg; break;
		case 'r': o.resume = true; break;
		case 'f': o.format = format_option("grade", optarg); break;
		case 's': o.seed = seed_parse("grade", optarg); have_seed = true; break;
		case 'N': sandbox_force_fallback(); break;
		case 'h': return help_show("grade", stdout);
		case ':': usage_error("grade", _("%s needs a value"), argv[optind - 1]);
		default: usage_error("grade", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind == argc)
		usage_error("grade", _("no submissions given: each is a student's folder, .tar, "
		    ".tar.gz or .zip"));
	for (int i = optind; i < argc; i++) {
		if (stat(argv[i], &st) == -1)
			usage_error("grade", "'%s': %s", argv[i], strerror(errno));
		if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
			usage_error("grade", _("'%s' is neither a folder nor an archive"), argv[i]);
	}
	if (stat(o.outdir, &st) == 0 && !S_ISDIR(st.st_mode))
		usage_error("grade", _("--out: '%s' exists and is not a folder"), o.outdir);
	if (!have_seed)
		o.seed = seed_random();
	o.progress = isatty(STDERR_FILENO);
	mf = manifest_load_or_die();
	rc = batch_grade(mf, argv + optind, (size_t)(argc - optind), &o);
	manifest_free(mf);
	return rc;
}
