/* cmd-help.c: proclab help [TOPIC], and the usage text of every command. */
#include "proclab.h"

#include <string.h>

static const struct help_topic {
	const char	*name;
	const char	*text;
} topics[] = {
	{ "list",
N_("usage: proclab list\n"
"\n"
"Show the catalog: the lessons, each with the notebook it comes from, and the\n"
"graded exercises.\n") },
	{ "lesson",
N_("usage: proclab lesson N [OPTIONS...]\n"
"       proclab lesson all [--quick]\n"
"\n"
"Run lesson N (a number with or without its leading zero, or the lesson's short\n"
"name: proclab lesson 6, proclab lesson 06, proclab lesson balance-race).\n"
"OPTIONS go to the lesson; every lesson takes --help and --quick, and lessons that\n"
"race take --trials N, --think-ms MS and, where randomness is involved, --seed S.\n"
"'all' runs every lesson in turn (with --quick, each briefly).\n"
"Each lesson is also a program of its own: see proclab help environment.\n") },
	{ "check",
N_("usage: proclab check N|NAME|all [--dir WORKDIR] [--seed S] [--format FORMAT]\n"
"                     [--output FILE] [--no-namespaces]\n"
"\n"
"Grade your working copy of exercise N (or all of them): compile it with the\n"
"lab's test harness, run every test in a sandbox, and report each test's verdict,\n"
"the expected and actual values, your score, and the next hint to read.\n"
"  --dir DIR        the working copy (default: found from the current folder up);\n"
"                   a flat folder of your files works too\n"
"  --seed S         replay the run that printed 'seed S'\n"
"  --format FORMAT  text (default), json, junit, tap or gradescope\n"
"  --output FILE    write the report to FILE instead of standard output\n"
"  --no-namespaces  use the fallback sandbox (limits only), as on a machine\n"
"                   without user namespaces\n") },
	{ "hint",
N_("usage: proclab hint N|NAME [--all] [--dir WORKDIR]\n"
"\n"
"Show the next hint for exercise N, from gentle to nearly the answer; --all shows\n"
"again every hint shown so far.\n") },
	{ "init",
N_("usage: proclab init DIR\n"
"\n"
"Make a working copy of the exercises in DIR (a new or empty folder): each task,\n"
"the stub you complete and its header. Then: cd DIR && proclab check 1\n") },
	{ "watch",
N_("usage: proclab watch [N|NAME] [--dir WORKDIR]\n"
"\n"
"A live dashboard of your progress: a progress bar, every exercise (done,\n"
"current, pending) with its score, and for the current one its file, the result\n"
"of its latest check (each test's verdict, expected and actual values) and the\n"
"hints read so far. Save your file and it is checked again by itself.\n"
"It starts at the first exercise not done yet, or at exercise N.\n"
"Keys: n next exercise, p previous, h next hint, l list (up/down, Enter),\n"
"r check again now, up/down/PgUp/PgDn scroll, q quit.\n"
"  --dir DIR   the working copy (default: found from the current folder up)\n"
"It needs a terminal: standard output that is not one is a usage error (exit 2).\n"
"Exit status: 0 after q, 2 for a bad command line or no usable terminal.\n") },
	{ "grade",
N_("usage: proclab grade SUBMISSION... [--jobs N] [--out DIR] [--resume]\n"
"                     [--format FORMAT] [--seed S] [--no-namespaces]\n"
"\n"
"Grade a class: each SUBMISSION is one student's folder, or a .tar, .tar.gz or\n"
"  .zip of it. Submissions are graded in parallel; a gradebook (gradebook.csv, one\n"
"row per student) and one result file per student are written to the --out folder\n"
"as each finishes, so an interrupted batch loses nothing. The gradebook is rebuilt\n"
"from every result in OUT/results; reports in other formats go to OUT/reports.\n"
"  --jobs N    grade N submissions at once (default: the number of CPUs)\n"
"  --out DIR   where results go (default: ./proclab-results)\n"
"  --resume    skip students whose result is already written\n") },
	{ "help",
N_("usage: proclab help [TOPIC]\n"
"\n"
"Topics: the commands (list, lesson, check, hint, init, grade, watch), environment,\n"
"exit-status.\n") },
	{ "environment",
N_("Environment variables:\n"
"  NO_COLOR          no colors, even on a terminal\n"
"  CC                the C compiler used to grade exercises (default: the one\n"
"                    proclab was built with)\n"
"  PROCLAB_SANDBOX   'rlimits' forces the fallback sandbox (no namespaces)\n"
"  PROCLAB_MANIFEST  grade against another exercise manifest (course variants)\n"
"  PROCLAB_THINK_US  how long lab_think() sleeps outside grading (microseconds)\n"
"  TMPDIR            where grading builds and unpacks submissions (default /tmp)\n"
"  LANGUAGE          the language of the messages: LANGUAGE=pt_BR for Portuguese\n"
"                    (with a UTF-8 locale, e.g. LC_ALL=C.UTF-8)\n"
"\n"
"The lessons are programs of their own: in the build tree they are in lessons/,\n"
"once installed in the folder 'proclab lesson' runs them from.\n") },
	{ "exit-status",
N_("Exit status:\n"
"  0  success (check and grade: every test passed)\n"
"  1  something ran and failed (a test, a lesson)\n"
"  2  bad command line: unknown command, lesson or exercise, bad option or value\n"
"  3  internal error: proclab's or the machine's fault, not the student's\n") },
};

static const char overview[] =
N_("usage: proclab COMMAND [ARGS...]\n"
"\n"
"A teaching lab for processes, inter-process communication and synchronization,\n"
"in C and POSIX, after Python's multiprocessing notebooks.\n"
"\n"
"Learn:\n"
"  list               the catalog of lessons and exercises\n"
"  lesson N           run lesson N (proclab lesson all --quick runs them all)\n"
"Practise:\n"
"  init DIR           make your working copy of the exercises\n"
"  check N|all        grade your solution of exercise N, with feedback\n"
"  hint N             the next hint for exercise N\n"
"  watch              a live dashboard: checks your file each time you save it\n"
"Teach:\n"
"  grade SUB...       grade a class's submissions into a gradebook\n"
"\n"
"  help TOPIC         more on a command, 'environment' or 'exit-status'\n"
"  --help, --version\n");

int
help_show(const char *topic, FILE *f)
{
	size_t	i;

	if (topic == NULL) {
		fputs(_(overview), f);
		return EXIT_OK;
	}
	for (i = 0; i < nitems(topics); i++) {
		if (strcmp(topic, topics[i].name) == 0) {
			fputs(_(topics[i].text), f);
			return EXIT_OK;
		}
	}
	usage_error("help", _("no help on '%s'"), topic);
}

bool
help_requested(int argc, char **argv)
{
	int	i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	}
	return false;
}

int
cmd_help(int argc, char **argv)
{
	if (argc > 2)
		usage_error("help", _("help takes one topic, got %d"), argc - 1);
	return help_show(argc == 2 ? argv[1] : NULL, stdout);
}
