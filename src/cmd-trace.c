/* SPDX-License-Identifier: MIT */
/*
 * cmd-trace.c: proclab trace FILE: one scheduled run of a --trace file shown as it
 * happened, a lane per process (a column, as git log --graph draws branches), one line per
 * event of the student's code: which process went, with which call, in which function and
 * line, and who had to wait; each write of a watched variable with its value, a lost update
 * marked. The failing run by default, its verdict and the command
 * that replays it at the end. The file is JSON Lines (grader/sched-trace.c writes it).
 */
#include "proclab.h"
#include "lab-sched.h"

#include <errno.h>
#include <jansson.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct trace_event {
	char		 kind;          /* 't'urn, 'b'lock, 'e'xit, 'f'ree, 'w'rite */
	long		 step;
	int		 process;       /* -1: a write by a process that ran free */
	char		*call, *site;
	char		*var;           /* a write's watched variable, its values */
	long long	 old_value, new_value;
	int		 lost_update_of;        /* whose update the write lost, -1 none */
};
struct trace_run {
	json_t		*head, *end;
	struct trace_event *ev;
	size_t		 nev;
	int		 nprocs;        /* highest process + 1 */
};
struct trace_file {
	struct trace_run *runs;
	size_t		 nruns;
};

static const char *
jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

static ATTR_NORETURN void
bad_line(const char *path, size_t line, const char *why)
{
	/* TRANSLATORS: the first %s is the file, %zu its line, the last %s what is wrong */
	usage_error("trace", _("%s:%zu: not a line of a proclab trace (%s): give the file that "
	    "'proclab check N --trace FILE' wrote"), path, line, why);
}

/* A process number of J's KEY: -1 for null where NULLABLE. */
static int
process_of(json_t *j, const char *key, bool nullable, const char *path, size_t line)
{
	json_t *v = json_object_get(j, key);
	json_int_t n = json_integer_value(v);

	if (nullable && json_is_null(v))
		return -1;
	if (!json_is_integer(v) || n < 0 || n >= LAB_SCHED_PROCS)
		bad_line(path, line, _("no such process"));
	return (int)n;
}

/* The event J (a turn, block, exit, free or write) into RUN. */
static void
add_event(struct trace_run *run, json_t *j, const char *type, const char *path, size_t line)
{
	struct trace_event	 e;
	json_t			*site = json_object_get(j, "site");

	memset(&e, 0, sizeof e);
	e.kind = type[0];
	e.step = (long)json_integer_value(json_object_get(j, "step"));
	e.process = process_of(j, "process", e.kind == 'w', path, line);
	e.call = xstrdup(jstr(j, "call"));
	e.site = json_is_string(site) ? xstrdup(json_string_value(site)) : NULL;
	e.lost_update_of = -1;
	if (e.kind == 'w') {
		e.var = xstrdup(jstr(j, "var"));
		e.old_value = json_integer_value(json_object_get(j, "old"));
		e.new_value = json_integer_value(json_object_get(j, "new"));
		e.lost_update_of = process_of(j, "lost_update_of", true, path, line);
	}
	if (e.process + 1 > run->nprocs)
		run->nprocs = e.process + 1;
	if (run->nev % 256 == 0)
		run->ev = xreallocarray(run->ev, run->nev + 256, sizeof *run->ev);
	run->ev[run->nev++] = e;
}

/* One line of the file into TF: a run opens, an event joins it, an end closes it. */
static void
add_line(struct trace_file *tf, const char *text, size_t len, const char *path, size_t line)
{
	json_error_t	 err;
	json_t		*j = json_loadb(text, len, 0, &err);
	const char	*type;
	struct trace_run *cur = tf->nruns > 0 ? &tf->runs[tf->nruns - 1] : NULL;

	if (j == NULL)
		bad_line(path, line, err.text);
	type = jstr(j, "type");
	if (strcmp(type, "run") == 0) {
		if (cur != NULL && cur->end == NULL)
			bad_line(path, line, _("a run begins before the last one ended"));
		tf->runs = xreallocarray(tf->runs, tf->nruns + 1, sizeof *tf->runs);
		cur = &tf->runs[tf->nruns++];
		memset(cur, 0, sizeof *cur);
		cur->head = j;
		return;
	}
	if (cur == NULL || cur->end != NULL)
		bad_line(path, line, _("an event outside a run"));
	if (strcmp(type, "end") == 0) {
		cur->end = j;
		return;
	}
	if (strcmp(type, "turn") != 0 && strcmp(type, "block") != 0 &&
	    strcmp(type, "exit") != 0 && strcmp(type, "free") != 0 &&
	    strcmp(type, "write") != 0)
		bad_line(path, line, _("an unknown type of line"));
	add_event(cur, j, type, path, line);
	json_decref(j);
}

static void
load(const char *path, struct trace_file *tf)
{
	FILE	*f = fopen(path, "r");
	char	*buf = NULL;
	size_t	 cap = 0, line = 0;
	ssize_t	 n;

	memset(tf, 0, sizeof *tf);
	if (f == NULL)
		usage_error("trace", _("cannot read '%s': %s"), path, strerror(errno));
	while ((n = getline(&buf, &cap, f)) > 0) {
		line++;
		add_line(tf, buf, (size_t)n, path, line);
	}
	free(buf);
	fclose(f);
	if (tf->nruns == 0)
		usage_error("trace", _("'%s' has no scheduled run in it: only the tests that run "
		    "under proclab's scheduler are traced (not with --explore off)"), path);
	if (tf->runs[tf->nruns - 1].end == NULL)
		bad_line(path, line, _("the last run has no end: the file was cut short"));
}

/* The run to show: --run N, else the first that failed, else the first. */
static struct trace_run *
choose(struct trace_file *tf, const char *arg)
{
	long n;

	if (arg != NULL) {
		if (!parse_long(arg, 1, (long)tf->nruns, &n))
			usage_error("trace", _("--run: '%s' is not a run of this trace (it has "
			    "%zu: give 1 to %zu)"), arg, tf->nruns, tf->nruns);
		return &tf->runs[n - 1];
	}
	for (size_t i = 0; i < tf->nruns; i++)
		if (strcmp(jstr(tf->runs[i].end, "verdict"), "passed") != 0)
			return &tf->runs[i];
	return &tf->runs[0];
}

/*
 * The lanes of one line: the column of each live process, the acting one marked. A process
 * takes the first free column when it first appears and gives it back when it ends, as
 * git log --graph does with branches: the width is the most processes alive at once.
 */
struct lanes {
	int	col[LAB_SCHED_PROCS];   /* process -> its column, -1 none */
	int	who[LAB_SCHED_PROCS];   /* column -> its process, -1 free */
	int	ncols;
};

static void
lanes_init(struct lanes *l)
{
	memset(l, 0, sizeof *l);
	memset(l->col, -1, sizeof l->col);
	memset(l->who, -1, sizeof l->who);
}

static int
lane_of(struct lanes *l, int process)
{
	int c = 0;

	if (l->col[process] >= 0)
		return l->col[process];
	while (c < l->ncols && l->who[c] >= 0)
		c++;
	if (c == l->ncols)
		l->ncols++;
	l->who[c] = process;
	return l->col[process] = c;
}

static void
draw_lanes(FILE *f, const struct lanes *l, int width, const struct trace_event *e,
    bool waits, bool utf8)
{
	for (int c = 0; c < width; c++) {
		const char *mark = l->who[c] < 0 ? " " : utf8 ? "\u2502" : "|";

		if (l->who[c] == e->process && e->kind == 'w')
			mark = e->lost_update_of >= 0 ? "!" : utf8 ? "\u25c6" : "w";
		else if (l->who[c] == e->process)
			mark = waits ? (utf8 ? "\u25cb" : "o") : e->kind == 't' ?
			    (utf8 ? "\u25cf" : "*") : e->kind == 'e' ? (utf8 ? "\u2573" : "x") :
			    "!";
		fprintf(f, "%s%s", mark, c + 1 < width ? " " : "");
	}
}

/* The most columns the run needs at once (a dry run of the lanes). */
static int
lanes_width(const struct trace_run *r)
{
	struct lanes l;

	lanes_init(&l);
	for (size_t i = 0; i < r->nev; i++) {
		if (r->ev[i].process < 0)
			continue;
		lane_of(&l, r->ev[i].process);
		if (r->ev[i].kind == 'e') {
			l.who[l.col[r->ev[i].process]] = -1;
			l.col[r->ev[i].process] = -1;
		}
	}
	return l.ncols;
}

/* "process 1 wrote balance = 50 (it was 200), right after its call in withdraw (...)" */
static void
describe_write(FILE *f, const struct trace_event *e)
{
	if (e->process >= 0)
		/* TRANSLATORS: process 1 wrote balance = 50 (it was 200) */
		fprintf(f, _("process %d wrote %s = %lld (it was %lld)"), e->process, e->var,
		    e->new_value, e->old_value);
	else
		fprintf(f, _("a process running free wrote %s = %lld (it was %lld)"), e->var,
		    e->new_value, e->old_value);
	if (e->site != NULL)
		/* TRANSLATORS: %s is a function and its line, "withdraw (bank.c:44)" */
		fprintf(f, _(", right after its call in %s"), e->site);
	if (e->lost_update_of >= 0)
		fprintf(f, _(": LOST UPDATE, the write of process %d is gone"),
		    e->lost_update_of);
	fputc('\n', f);
}

static void
describe(FILE *f, const struct trace_event *e, bool waits)
{
	const char *in = e->site != NULL ? e->site : _("the test program");

	if (waits)
		/* TRANSLATORS: process 4 waits (lock), in deposit (bank.c:57) */
		fprintf(f, _("process %d waits (%s), in %s\n"), e->process, e->call, in);
	else if (e->kind == 't')
		/* TRANSLATORS: process 4: lock, in deposit (bank.c:57) */
		fprintf(f, _("process %d: %s, in %s\n"), e->process, e->call, in);
	else if (e->kind == 'e')
		fprintf(f, _("process %d ended\n"), e->process);
	else if (e->kind == 'w')
		describe_write(f, e);
	else
		fprintf(f, _("process %d kept its turn too long: it runs free until its next "
		    "call\n"), e->process);
}

/* The events of R, one line each: a turn whose call blocked at once is one "waits" line. */
static size_t
show_events(FILE *f, const struct trace_run *r, bool all, bool utf8)
{
	struct lanes	 l;
	int		 width = lanes_width(r);
	size_t		 shown = 0, lost = 0;

	lanes_init(&l);
	for (size_t i = 0; i < r->nev; i++) {
		const struct trace_event *e = &r->ev[i];
		bool waits = e->kind == 'b' || (e->kind == 't' && i + 1 < r->nev &&
		    r->ev[i + 1].kind == 'b' && r->ev[i + 1].process == e->process &&
		    r->ev[i + 1].step == e->step);

		if (e->process >= 0)
			lane_of(&l, e->process);
		if (waits && e->kind == 't')
			i++;            /* its block is this line */
		lost += e->lost_update_of >= 0;
		if (all || e->site != NULL || e->kind == 'e' || e->kind == 'f' ||
		    e->kind == 'w') {
			fprintf(f, "%6ld  ", e->step);
			draw_lanes(f, &l, width, e, waits, utf8);
			fputs("  ", f);
			describe(f, e, waits);
			shown++;
		}
		if (e->kind == 'e') {
			l.who[l.col[e->process]] = -1;
			l.col[e->process] = -1;
		}
	}
	if (lost > 0)
		fprintf(f, ngettext("\n%zu lost update in this run (marked !).\n",
		    "\n%zu lost updates in this run (marked !).\n", lost), lost);
	return shown;
}

static void
show(FILE *f, const struct trace_run *r, bool all, bool utf8)
{
	/* TRANSLATORS: Exercise 3, test race_5_and_5, run 1 (seed 77...): wrong answer */
	fprintf(f, _("Exercise %d, test %s, run %d (seed %s): %s\n"),
	    (int)json_integer_value(json_object_get(r->head, "exercise")), jstr(r->head, "test"),
	    (int)json_integer_value(json_object_get(r->head, "run")), jstr(r->head, "seed"),
	    _(jstr(r->end, "verdict")));
	fprintf(f, _("A column per live process; %s its turn, %s it waits, %s it ends, %s it "
	    "wrote a watched variable, ! a lost update.\n\n"), utf8 ? "\u25cf" : "*",
	    utf8 ? "\u25cb" : "o", utf8 ? "\u2573" : "x", utf8 ? "\u25c6" : "w");
	if (show_events(f, r, all, utf8) == 0)
		fprintf(f, _("(no call of your code in this run: --all shows the test "
		    "program's)\n"));
	if (json_is_string(json_object_get(r->end, "message")))
		fprintf(f, "\n%s\n", jstr(r->end, "message"));
	if (json_is_string(json_object_get(r->head, "replay")))
		fprintf(f, _("\nThis run again, exactly: %s check %d --replay %s\n"), progname,
		    (int)json_integer_value(json_object_get(r->head, "exercise")),
		    jstr(r->head, "replay"));
}

static int
cmd_trace_exec(struct cmd_ctx *ctx)
{
	struct trace_file	 tf;
	const char		*cs = nl_langinfo(CODESET);

	load(ctx->argv[0], &tf);
	show(stdout, choose(&tf, cmd_opt(ctx, 'r')), cmd_opt(ctx, 'a') != NULL,
	    strcmp(cs, "UTF-8") == 0);
	for (size_t i = 0; i < tf.nruns; i++) {
		for (size_t k = 0; k < tf.runs[i].nev; k++) {
			free(tf.runs[i].ev[k].call);
			free(tf.runs[i].ev[k].site);
			free(tf.runs[i].ev[k].var);
		}
		free(tf.runs[i].ev);
		json_decref(tf.runs[i].head);
		json_decref(tf.runs[i].end);
	}
	free(tf.runs);
	if (fflush(stdout) != 0 || ferror(stdout))
		fatalx(_("cannot write the output: %s"), strerror(errno));
	return EXIT_OK;
}

static const struct option trace_options[] = {
	{ "run", required_argument, NULL, 'r' },
	{ "all", no_argument, NULL, 'a' },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_trace_entry = {
	.name = "trace",
	.help = N_("usage: proclab trace FILE [--run N] [--all]\n"
"\n"
"Show a run of a trace that 'proclab check N --trace FILE' wrote, as it\n"
"happened under proclab's scheduler: a column per process, a line per call your\n"
"code made (which process went, the call, your function and line, who had to\n"
"wait), then the run's verdict and the command that runs it again, exactly.\n"
"The first run that failed, or the first run when all passed.\n"
"  --run N   the N-th run of the file instead\n"
"  --all     the test program's own calls too (starting and waiting for the\n"
"            processes)\n"
"A FILE that cannot be read or is not a trace is a usage error (exit status 2).\n"),
	.options = trace_options,
	.args_min = 1, .args_max = 1,
	.args_missing = N_("which trace? give the file that '%s check N --trace FILE' wrote"),
	.args_extra = N_("one trace at a time, not also '%s'"),
	.exec = cmd_trace_exec,
};
