/* SPDX-License-Identifier: MIT */
/* cmd-lesson.c: proclab lesson N [OPTIONS...] and proclab lesson all [--quick]. */
#include "proclab.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static ATTR_NORETURN void
lesson_missing(const char *path)
{
	fatal(_("cannot run %s (was proclab built with 'make'?)"), path);
}

/* Run one lesson in a child and wait for it: 0 when it exited 0. */
static int
lesson_run_child(const struct lesson *l, char **opts, int nopts)
{
	char	*path = lesson_path(l);
	char	**argv;
	pid_t	 pid;
	int	 i, status;

	argv = xcalloc(nopts + 2, sizeof *argv);
	argv[0] = path;
	for (i = 0; i < nopts; i++)
		argv[i + 1] = opts[i];
	fflush(stdout);
	if ((pid = fork()) == -1)
		fatal("fork");
	if (pid == 0) {
		execv(path, argv);
		fprintf(stderr, _("%s: cannot run %s: %s\n"), progname, path, strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			fatal("waitpid");
	}
	free(argv);
	free(path);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status))
		printf(_("lesson %02d was killed by %s\n"), l->number, strsignal(WTERMSIG(status)));
	else
		printf(_("lesson %02d exited with status %d\n"), l->number, WEXITSTATUS(status));
	return 1;
}

static int
lesson_all(int argc, char **argv)
{
	size_t	i;
	int	failed = 0;

	for (i = 2; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--quick") != 0)
			usage_error("lesson", _("'lesson all' takes only --quick, not '%s'"), argv[i]);
	}
	for (i = 0; i < nlessons; i++) {
		printf(_("%s==> Lesson %02d: %s (notebook %s)\n"), i ? "\n" : "",
		    lessons[i].number, _(lessons[i].title), lessons[i].notebook);
		failed += lesson_run_child(&lessons[i], argv + 2, argc - 2);
	}
	if (failed) {
		printf(ngettext("\n%d of %zu lesson failed\n", "\n%d of %zu lessons failed\n", nlessons),
		    failed, nlessons);
		return EXIT_FAILED;
	}
	printf(ngettext("\nThe %zu lesson ran.\n", "\nAll %zu lessons ran.\n", nlessons), nlessons);
	return EXIT_OK;
}

static int
cmd_lesson_exec(struct cmd_ctx *ctx)
{
	const struct lesson	*l;
	struct lesson_sched	 ls;
	char			*path, **argv = ctx->argv;
	int			 argc = ctx->argc;

	if (argc < 2)
		usage_error("lesson", _("which lesson? give a number from 1 to %zu or a name "
		    "('proclab list' shows them)"), nlessons);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return help_show("lesson", stdout);
	if (strcmp(argv[1], "all") == 0)
		return lesson_all(argc, argv);
	if ((l = lesson_find(argv[1])) == NULL)
		usage_error("lesson", _("no lesson '%s': give a number from 1 to %zu or a name "
		    "('proclab list' shows them)"), argv[1], nlessons);
	if (lesson_sched_parse(l, argc, argv, &ls))
		return lesson_sched_exec(&ls);

	/* The lesson replaces us: its output, options and exit status are its own. */
	path = lesson_path(l);
	argv[1] = path;
	fflush(stdout);
	execv(path, argv + 1);
	lesson_missing(path);
}

/* CMD_RAW: the options after the lesson are the lesson's own. */
const struct cmd_entry cmd_lesson_entry = {
	.name = "lesson",
	.help = N_("usage: proclab lesson N [OPTIONS...]\n"
"       proclab lesson 6|7|8|9 --schedule SCHEDULE | --explore STRATEGY | --visual\n"
"       proclab lesson 6|7|8|9 --visual [--schedule SCHEDULE] --trace FILE\n"
"       proclab lesson all [--quick]\n"
"\n"
"Run lesson N (a number with or without its leading zero, or the lesson's short\n"
"name: proclab lesson 6, proclab lesson 06, proclab lesson balance-race).\n"
"OPTIONS go to the lesson; every lesson takes --help and --quick, and lessons that\n"
"race take --trials N, --think-ms MS and, where randomness is involved, --seed S.\n"
"'all' runs every lesson in turn (with --quick, each briefly).\n"
"Each lesson is also a program of its own: see proclab help environment.\n"
"\n"
"Lessons 6 (ten processes on a balance) and 8 (two processes on an array, here\n"
"on one element) can run their race under proclab's controlled scheduler: one\n"
"process goes at a time, the scheduler decides who goes at each call, and sleeps\n"
"take no time. Lessons 7 and 9, their fixes with a lock (9 here with a few\n"
"updates), run the same way, to check that no order loses an update.\n"
"  --explore STRATEGY  run the race in many orders and count those that lost\n"
"                   an update, with a schedule of each kind to replay (lessons\n"
"                   7 and 9 also say how every run ended): dfs runs every order\n"
"                   (lesson 8 only: the others have far too many); random and\n"
"                   pct draw 50, the same 50 each time\n"
"  --schedule SCHEDULE  run the race once in the order SCHEDULE gives, as\n"
"                   --explore printed it: the same output every time, byte for\n"
"                   byte (a lost update every time, or none), then what the\n"
"                   schedule did: which process wrote over which one's write\n"
"  --visual         run schedules until one loses an update (lessons 7 and 9:\n"
"                   the first; with --schedule: that one) and show the run as it\n"
"                   happened, its locks and unlocks too, a column per\n"
"                   process, one event at a time as 'proclab trace' shows a\n"
"                   trace (its plain text when the output is not a terminal)\n"
"  --trace FILE     with --visual: write that run into FILE as 'proclab check N\n"
"                   --trace FILE' writes a test's, instead of showing it; 'proclab\n"
"                   trace FILE' shows it (the home screen's v does this)\n"
"These take no other option. A malformed schedule, an unknown strategy or a\n"
"lesson with no race is a usage error (exit 2); a schedule of another run, 1.\n"),
	.flags = CMD_RAW,
	.exec = cmd_lesson_exec,
};
