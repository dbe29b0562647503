/* SPDX-License-Identifier: MIT */
/*
 * cmd-trace.c: proclab trace [show] FILE: one scheduled run of a --trace file shown as it
 * happened, a lane per process (a column, as git log --graph draws branches), one line per
 * event of the student's code: which process went, with which call, in which function and
 * line, and who had to wait; each write of a watched variable with its value, a lost update
 * marked. The failing run by default, its verdict and the command that replays it at the
 * end. With --step, the same rows one at a time on the terminal (trace-step.c). The file
 * is JSON Lines (grader/sched-trace.c writes it; trace.c reads it and lays out the rows).
 */
#include "trace.h"

#include <errno.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The trace's file: 'trace FILE', or 'trace show FILE' (the plain text, said so). */
static const char *
trace_path(const struct cmd_ctx *ctx, bool *plain)
{
	*plain = ctx->argc == 2;
	if (ctx->argc == 1 && strcmp(ctx->argv[0], "show") != 0)
		return ctx->argv[0];
	if (strcmp(ctx->argv[0], "show") != 0)
		usage_error("trace", _(ctx->entry->args_extra), ctx->argv[1]);
	if (ctx->argc == 1)
		usage_error("trace", _(ctx->entry->args_missing), progname);
	return ctx->argv[1];
}

static int
cmd_trace_exec(struct cmd_ctx *ctx)
{
	struct trace_file	 tf;
	struct trace_run	*r;
	bool			 plain, step = cmd_opt(ctx, 's') != NULL;
	const char		*path = trace_path(ctx, &plain);
	int			 rc = EXIT_OK;

	if (step && plain)
		usage_error("trace", _("--step: 'show' is the plain text, --step the run one "
		    "event at a time: give one of them"));
	trace_load(path, &tf);
	r = trace_choose(&tf, cmd_opt(ctx, 'r'));
	if (step && !isatty(STDOUT_FILENO))
		usage_error("trace", _("--step: standard output is not a terminal: run it in a "
		    "terminal, or drop --step for the plain text"));
	if (step && !isatty(STDIN_FILENO))
		usage_error("trace", _("--step: standard input is not a terminal: it reads your "
		    "keys from one; run it in a terminal, or drop --step for the plain text"));
	if (step)
		rc = trace_step(r, cmd_opt(ctx, 'a') != NULL);
	else
		trace_print(stdout, r, cmd_opt(ctx, 'a') != NULL,
		    strcmp(nl_langinfo(CODESET), "UTF-8") == 0);
	trace_free(&tf);
	if (fflush(stdout) != 0 || ferror(stdout))
		fatalx(_("cannot write the output: %s"), strerror(errno));
	return rc;
}

static const struct option trace_options[] = {
	{ "run", required_argument, NULL, 'r' },
	{ "all", no_argument, NULL, 'a' },
	{ "step", no_argument, NULL, 's' },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_trace_entry = {
	.name = "trace",
	.help = N_("usage: proclab trace FILE [--run N] [--all] [--step]\n"
"       proclab trace show FILE [--run N] [--all]\n"
"\n"
"Show a run of a trace that 'proclab check N --trace FILE' wrote, as it\n"
"happened under proclab's scheduler: a column per process, a line per call your\n"
"code made (which process went, the call, your function and line, who had to\n"
"wait), then the run's verdict and the command that runs it again, exactly.\n"
"The first run that failed, or the first run when all passed.\n"
"'trace show FILE' is the same plain text, for a terminal without curses or a\n"
"paste into a forum post.\n"
"  --run N   the N-th run of the file instead\n"
"  --all     the test program's own calls too (starting and waiting for the\n"
"            processes)\n"
"  --step    the run one event at a time, on the terminal: the lanes so far,\n"
"            the values each watched variable took, and what happened now\n"
"\n"
"Keys with --step:\n"
"  Right, Space, l   the next event        Left, h   the previous one\n"
"  n, N              the next lost update, the previous one\n"
"  Home, g           the first event       End, G    the last, with the verdict\n"
"  q                 quit (Ctrl-C too)\n"
"A FILE that cannot be read or is not a trace is a usage error (exit status 2),\n"
"and so is --step when standard output is not a terminal.\n"),
	.options = trace_options,
	.args_min = 1, .args_max = 2,
	.args_missing = N_("which trace? give the file that '%s check N --trace FILE' wrote"),
	.args_extra = N_("one trace at a time, not also '%s'"),
	.exec = cmd_trace_exec,
};
