/* SPDX-License-Identifier: MIT */
/* cmd-help.c: proclab help [TOPIC]: a command's help (from its entry), or a topic's. */
#include "proclab.h"

#include <string.h>

static const struct help_topic {
	const char	*name;
	const char	*text;
} topics[] = {
	{ "environment",
N_("Environment variables:\n"
"  NO_COLOR          no colors, even on a terminal (--color=always still colors)\n"
"  CC                the C compiler used to grade exercises (default: the one\n"
"                    proclab was built with)\n"
"  PROCLAB_SANDBOX   'rlimits' forces the fallback sandbox (no namespaces)\n"
"  SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT, JOB_COMPLETION_INDEX with\n"
"  PROCLAB_SHARDS    the share of a class 'proclab grade' takes without --shard\n"
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
"  0  success (check: every test passed; grade: every submission was graded,\n"
"     whatever the scores)\n"
"  1  something ran and failed (check: a test; a lesson; grade: a submission\n"
"     could not be graded; gradebook: a student in two result folders)\n"
"  2  bad command line: unknown command, lesson, exercise or card, bad option or\n"
"     value\n"
"  3  internal error: proclab's or the machine's fault, not the student's\n"
"     (also when standard output cannot be written, e.g. a full disk)\n") },
};

static const char overview[] =
N_("usage: proclab COMMAND [ARGS...]\n"
"\n"
"A teaching lab for processes, inter-process communication and synchronization,\n"
"in C and POSIX, after Python's multiprocessing notebooks. In your working copy,\n"
"'proclab' alone opens the home screen (see 'proclab help watch').\n"
"\n"
"Learn:\n"
"  list               the catalog of lessons and exercises\n"
"  lesson N           run lesson N (proclab lesson all --quick runs them all)\n"
"  man CALL           a short card on a call the lessons use (fork, mutex, ...)\n"
"Practise:\n"
"  init DIR           make your working copy of the exercises\n"
"  check N|all        grade your solution of exercise N, with feedback\n"
"  hint N [K]         the next hint for exercise N, or hint K (check names one)\n"
"  run N TEST         one test of exercise N, showing everything (--gdb: under gdb)\n"
"  trace FILE         a race as it happened: the run a 'check --trace' wrote\n"
"  watch              the home screen: your progress, live; runs lessons, checks\n"
"Teach:\n"
"  grade SUB...       grade a class's submissions into a gradebook\n"
"  gradebook DIR...   one gradebook from several batches' results (shards)\n"
"\n"
"  help TOPIC         more on a command, 'environment' or 'exit-status'\n"
"  --help, --version\n");

int
help_show(const char *topic, FILE *f)
{
	const struct cmd_entry	*e;
	size_t			 i;

	if (topic == NULL) {
		fputs(_(overview), f);
		fputc('\n', f);
		fprintf(f, _("Report bugs to: %s\n"), PACKAGE_BUGREPORT);
		return EXIT_OK;
	}
	if ((e = cmd_find(topic)) != NULL) {
		fputs(_(e->help), f);
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

static int
cmd_help_exec(struct cmd_ctx *ctx)
{
	return help_show(ctx->argc == 1 ? ctx->argv[0] : NULL, stdout);
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.help = N_("usage: proclab help [TOPIC]\n"
"\n"
"Topics: the commands (list, lesson, man, check, hint, init, run, trace, watch,\n"
"grade, gradebook), environment, exit-status.\n"),
	.args_min = 0, .args_max = 1,
	.args_extra = N_("help takes one topic, not also '%s'"),
	.exec = cmd_help_exec,
};

/* --version in the GNU form: name and version, copyright, licence, no warranty. */
void
version_show(FILE *f)
{
	fprintf(f, "%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	fprintf(f, "Copyright (C) %d %s\n", PROCLAB_COPYRIGHT_YEAR, "the proclab authors");
	fprintf(f, _("License MIT: the MIT License <%s>.\n"), "https://opensource.org/license/mit");
	fputs(_("This is free software: you are free to change and redistribute it.\n"
	    "There is NO WARRANTY, to the extent permitted by law.\n"), f);
}
