/* SPDX-License-Identifier: MIT */
/*
 * cmd-run.c: proclab run N|NAME TEST [--run K] [--seed S] [--gdb] [--dir WORKDIR]: one run
 * of one test of the student's code, with the inputs grading gives it, and everything it
 * printed and reported shown whole; under gdb, on the terminal, when asked.
 *
 * The run is grade_exercise's own (grade_options.only_test, .only_run, .on_run), so it is
 * the same build, the same judge's inputs and the same verdict as `proclab check`'s.
 */
#include "proclab.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define RUN_SHOWN_MAX	(64 * 1024)     /* bytes of each output shown */

static const struct option run_options[] = {
	{ "dir", required_argument, NULL, 'd' },
	{ "gdb", no_argument, NULL, 'g' },
	{ "sanitize", no_argument, NULL, 'Z' },
	{ "run", required_argument, NULL, 'r' },
	{ "seed", required_argument, NULL, 's' },
	{ NULL, 0, NULL, 0 }
};

/* One output of the run, whole (up to RUN_SHOWN_MAX), with a header naming it. */
static void
show_output(const char *what, const char *text, size_t len)
{
	char	*clean;

	printf("--- %s ---\n", what);
	if (text == NULL || len == 0) {
		printf("%s\n", _("(nothing)"));
		return;
	}
	clean = utf8_sanitize(text, len < RUN_SHOWN_MAX ? len : RUN_SHOWN_MAX);
	fputs(clean, stdout);
	if (clean[0] != '\0' && clean[strlen(clean) - 1] != '\n')
		putchar('\n');
	if (len > RUN_SHOWN_MAX)
		printf(_("[... %zu more bytes not shown]\n"), len - RUN_SHOWN_MAX);
	free(clean);
}

struct run_state {
	bool	 debugged;      /* under gdb */
	bool	 finished;      /* its report ended with "done" */
};

static void
on_run(void *arg, const struct test_spec *t, int run, uint64_t seed, char *const *inputs,
    const struct sandbox_result *sr)
{
	struct run_state *st = arg;
	char	*err;
	size_t	 n = sr->report_len;

	(void)t;
	(void)run;
	st->finished = n >= 5 && strcmp(sr->report + n - 5, "done\n") == 0 &&
	    (n == 5 || sr->report[n - 6] == '\n');
	printf(_("seed of this run: %" PRIu64 "\n"), seed);
	printf("%s", _("the judge's inputs:"));
	for (size_t i = 0; inputs != NULL && inputs[i] != NULL; i++)
		printf(" %s", inputs[i]);
	printf("\n");
	if (!st->debugged) {
		show_output(_("your program's standard output"), sr->out, sr->out_len);
		/* the runtime's crash line: the verdict says where, in words */
		err = xstrdup(sr->err != NULL ? sr->err : "");
		crash_strip(err);
		show_output(_("your program's standard error"), err, strlen(err));
		free(err);
	}
	show_output(_("its report to the judge (descriptor 3)"), sr->report, sr->report_len);
}

/* The test KEY names (its name, or its number from 1 in the manifest's order). */
static const struct test_spec *
find_test(const struct exercise *ex, const char *key)
{
	char	*end;
	long	 k;

	for (size_t i = 0; i < ex->ntests; i++)
		if (strcmp(ex->tests[i].name, key) == 0 && !ex->tests[i].hidden)
			return &ex->tests[i];
	errno = 0;
	k = strtol(key, &end, 10);
	if (errno == 0 && *end == '\0' && k >= 1 && (size_t)k <= ex->ntests &&
	    !ex->tests[k - 1].hidden)
		return &ex->tests[k - 1];
	return NULL;
}

static char *
test_names(const struct exercise *ex)
{
	char	*s = xstrdup(""), *t;

	for (size_t i = 0; i < ex->ntests; i++) {
		if (ex->tests[i].hidden)
			continue;
		xasprintf(&t, "%s%s%zu %s", s, *s != '\0' ? ", " : "", i + 1, ex->tests[i].name);
		free(s);
		s = t;
	}
	return s;
}

static int
show_verdict(const struct exercise_result *res, const struct case_result *tr,
    const struct run_state *st)
{
	if (!res->submitted || !res->compiled) {
		if (res->compiler_output != NULL && *res->compiler_output != '\0')
			show_output(_("the compiler"), res->compiler_output,
			    strlen(res->compiler_output));
		printf("%s\n", !res->submitted ? (res->missing != NULL ? res->missing : "") :
		    _("it did not compile: nothing was run"));
		return EXIT_FAILED;
	}
	printf("--- %s ---\n", _("verdict"));
	if (st->debugged && !st->finished && !res->internal) {
		printf("%s\n", _("none: the run did not finish under gdb (its report has no "
		    "'done'), so the judge cannot say"));
		return EXIT_FAILED;
	}
	printf("%s %s%s%s\n", tr->verdict == VERDICT_PASSED ? "PASS" : "FAIL",
	    _(verdict_name(tr->verdict)), tr->message != NULL ? ": " : "",
	    tr->message != NULL ? tr->message : "");
	if (tr->expected != NULL)
		printf(_("expected: %s\n"), tr->expected);
	if (tr->actual != NULL)
		printf(_("actual:   %s\n"), tr->actual);
	if (res->internal)
		return EXIT_INTERNAL;
	return tr->verdict == VERDICT_PASSED ? EXIT_OK : EXIT_FAILED;
}

static int
cmd_run_exec(struct cmd_ctx *ctx)
{
	const struct exercise	*ex = ctx->ex;
	const struct test_spec	*t;
	const char		*hide[2] = { solutions_dir(), NULL }, *v;
	struct run_state	 st = { cmd_opt(ctx, 'g') != NULL, false };
	struct grade_options	 go = { .hide = hide, .runtime_include = runtime_include_dir(),
	    .runtime_lib = runtime_lib_dir(), .arg = &st,
	    .languages = message_languages(), .locale_dir = locale_dir(), .on_run = on_run };
	struct grading		 g;
	char			*names, *cause = NULL;
	long			 run = 1;
	int			 rc;

	if ((t = find_test(ex, ctx->argv[1])) == NULL) {
		names = test_names(ex);
		usage_error("run", _("%s has no test '%s' (its tests: %s)"), ex->dir, ctx->argv[1],
		    names);
	}
	if ((v = cmd_opt(ctx, 'r')) != NULL && !parse_long(v, 1, t->runs, &run))
		usage_error("run", _("--run: '%s' is not a run of test %s: give 1 to %d"), v,
		    t->name, t->runs);
	go.seed = (v = cmd_opt(ctx, 's')) != NULL ? seed_parse("run", v) : seed_random();
	go.only_test = t->name;
	go.only_run = (int)run;
	go.debugger = st.debugged ? "gdb" : NULL;
	go.sanitize = cmd_opt(ctx, 'Z') != NULL;
	if (temp_cleanup_on_signals(&cause) == -1)
		fatalx("%s", cause);
	if (go.sanitize && compile_sanitize_probe(&go, &cause) == -1)
		fatalx("%s", cause);
	printf(_("%s, test %s (%s), run %ld of %d: the run 'proclab check %d --seed %" PRIu64
	    "' makes\n"), ex->dir, t->name, manifest_text(t->title), run, t->runs, ex->number,
	    go.seed);
	if (go.sanitize)
		printf("%s\n", _("sanitized: built with AddressSanitizer and "
		    "UndefinedBehaviorSanitizer, the time limits 3 times the usual"));
	if (st.debugged)
		printf("%s\n", _("under gdb, outside the sandbox: your program's output goes to "
		    "the terminal; 'run' starts it, 'bt' shows where it stopped"));
	fflush(stdout);
	grade_submission(ctx->mf, &ex, 1, ctx->wd, &go, &g);
	rc = show_verdict(&g.res[0], &g.res[0].tests[t - ex->tests], &st);
	if (g.res[0].internal)
		warnx_(_("internal error: %s"), g.res[0].internal_message);
	grading_free(&g);
	return rc;
}

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.help = N_("usage: proclab run N|NAME TEST [--run K] [--seed S] [--gdb] [--sanitize]\n"
"                   [--dir WORKDIR]\n"
"\n"
"Run one test of exercise N on your code, with the inputs 'proclab check' gives that\n"
"run, and show everything: the judge's inputs, your program's standard output and\n"
"error, its report to the judge, and the verdict. TEST is the test's name or number\n"
"('proclab run N x' lists them).\n"
"  --run K     the K-th run of the test (default 1): 'failed on run K' in a report\n"
"  --seed S    the seed a report printed ('seed S'): the same inputs as that check\n"
"  --gdb       run it under gdb, on your terminal and outside the sandbox\n"
"  --sanitize  build it with AddressSanitizer and UndefinedBehaviorSanitizer, as\n"
"              'proclab check --sanitize' does: their first error is the verdict\n"
"  --dir DIR   the working copy (default: found from the current folder up)\n"),
	.options = run_options,
	.args_min = 2, .args_max = 2,
	.args_missing = N_("which exercise and which test? e.g. 'proclab run 3 2', test 2 of exercise 3"),
	.args_extra = N_("one exercise and one test, not '%s'"),
	.flags = CMD_WORKDIR | CMD_EXERCISE_ARG,
	.exec = cmd_run_exec,
};
