/* SPDX-License-Identifier: MIT */
/*
 * trace.c: a --trace file read back (JSON Lines, grader/sched-trace.c writes them) and one
 * of its runs laid out in lanes, a column per live process as git log --graph draws
 * branches, with the sentences that say what each row shows. The plain text (cmd-trace.c)
 * and the viewer (trace-step.c) draw these same rows.
 */
#include "trace.h"
#include "lab-sched.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
trace_str(json_t *o, const char *key)
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
	e.call = xstrdup(trace_str(j, "call"));
	e.site = json_is_string(site) ? xstrdup(json_string_value(site)) : NULL;
	e.lost_update_of = -1;
	if (e.kind == 'w') {
		e.var = xstrdup(trace_str(j, "var"));
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
	type = trace_str(j, "type");
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

void
trace_load(const char *path, struct trace_file *tf)
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

void
trace_free(struct trace_file *tf)
{
	for (size_t i = 0; i < tf->nruns; i++) {
		for (size_t k = 0; k < tf->runs[i].nev; k++) {
			free(tf->runs[i].ev[k].call);
			free(tf->runs[i].ev[k].site);
			free(tf->runs[i].ev[k].var);
		}
		free(tf->runs[i].ev);
		json_decref(tf->runs[i].head);
		json_decref(tf->runs[i].end);
	}
	free(tf->runs);
	memset(tf, 0, sizeof *tf);
}

struct trace_run *
trace_choose(struct trace_file *tf, const char *arg)
{
	long n;

	if (arg != NULL) {
		if (!parse_long(arg, 1, (long)tf->nruns, &n))
			usage_error("trace", _("--run: '%s' is not a run of this trace (it has "
			    "%zu: give 1 to %zu)"), arg, tf->nruns, tf->nruns);
		return &tf->runs[n - 1];
	}
	for (size_t i = 0; i < tf->nruns; i++)
		if (strcmp(trace_str(tf->runs[i].end, "verdict"), "passed") != 0)
			return &tf->runs[i];
	return &tf->runs[0];
}

/* ------------------------------------------------------------ the lanes */

/*
 * The lanes of one row: the column of each live process, the acting one marked. A process
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
lane_end(struct lanes *l, int process)
{
	l->who[l->col[process]] = -1;
	l->col[process] = -1;
}

static char *
draw_lanes(const struct lanes *l, int width, const struct trace_event *e, bool waits,
    bool utf8)
{
	char	*s = xcalloc((size_t)width * 4 + 1, 1);
	size_t	 n = 0;

	for (int c = 0; c < width; c++) {
		const char *mark = l->who[c] < 0 ? " " : utf8 ? "\u2502" : "|";

		if (l->who[c] == e->process && e->kind == 'w')
			mark = e->lost_update_of >= 0 ? "!" : utf8 ? "\u25c6" : "w";
		else if (l->who[c] == e->process)
			mark = waits ? (utf8 ? "\u25cb" : "o") : e->kind == 't' ?
			    (utf8 ? "\u25cf" : "*") : e->kind == 'e' ? (utf8 ? "\u2573" : "x") :
			    "!";
		n += (size_t)sprintf(s + n, "%s%s", mark, c + 1 < width ? " " : "");
	}
	return s;
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
		if (r->ev[i].kind == 'e')
			lane_end(&l, r->ev[i].process);
	}
	return l.ncols;
}

void
trace_rows(const struct trace_run *r, bool all, bool utf8, struct trace_rows *rows)
{
	struct lanes	 l;
	int		 width = lanes_width(r);

	memset(rows, 0, sizeof *rows);
	lanes_init(&l);
	for (size_t i = 0; i < r->nev; i++) {
		const struct trace_event *e = &r->ev[i];
		bool waits = e->kind == 'b' || (e->kind == 't' && i + 1 < r->nev &&
		    r->ev[i + 1].kind == 'b' && r->ev[i + 1].process == e->process &&
		    r->ev[i + 1].step == e->step);

		if (e->process >= 0)
			lane_of(&l, e->process);
		if (waits && e->kind == 't')
			i++;            /* its block is this row */
		rows->lost += e->lost_update_of >= 0;
		if (all || e->site != NULL || e->kind == 'e' || e->kind == 'f' ||
		    e->kind == 'w') {
			if (rows->n % 256 == 0)
				rows->v = xreallocarray(rows->v, rows->n + 256, sizeof *rows->v);
			rows->v[rows->n++] = (struct trace_row){ .e = e, .waits = waits,
			    .lanes = draw_lanes(&l, width, e, waits, utf8) };
		}
		if (e->kind == 'e')
			lane_end(&l, e->process);
	}
}

void
trace_rows_free(struct trace_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		free(rows->v[i].lanes);
	free(rows->v);
	memset(rows, 0, sizeof *rows);
}

/* ------------------------------------------------------------ the words */

/* "process 1 wrote balance = 50 (it was 200), right after its call in withdraw (...)" */
static char *
describe_write(const struct trace_event *e)
{
	char	*what, *where = NULL, *lost = NULL, *s;

	if (e->process >= 0)
		/* TRANSLATORS: process 1 wrote balance = 50 (it was 200) */
		xasprintf(&what, _("process %d wrote %s = %lld (it was %lld)"), e->process,
		    e->var, e->new_value, e->old_value);
	else
		xasprintf(&what, _("a process running free wrote %s = %lld (it was %lld)"),
		    e->var, e->new_value, e->old_value);
	if (e->site != NULL)
		/* TRANSLATORS: %s is a function and its line, "withdraw (bank.c:44)" */
		xasprintf(&where, _(", right after its call in %s"), e->site);
	if (e->lost_update_of >= 0)
		xasprintf(&lost, _(": LOST UPDATE, the write of process %d is gone"),
		    e->lost_update_of);
	xasprintf(&s, "%s%s%s", what, where != NULL ? where : "", lost != NULL ? lost : "");
	free(what);
	free(where);
	free(lost);
	return s;
}

char *
trace_describe(const struct trace_event *e, bool waits)
{
	const char	*in = e->site != NULL ? e->site : _("the test program");
	char		*s;

	if (waits)
		/* TRANSLATORS: process 4 waits (lock), in deposit (bank.c:57) */
		xasprintf(&s, _("process %d waits (%s), in %s"), e->process, e->call, in);
	else if (e->kind == 't')
		/* TRANSLATORS: process 4: lock, in deposit (bank.c:57) */
		xasprintf(&s, _("process %d: %s, in %s"), e->process, e->call, in);
	else if (e->kind == 'e')
		xasprintf(&s, _("process %d ended"), e->process);
	else if (e->kind == 'w')
		s = describe_write(e);
	else
		xasprintf(&s, _("process %d kept its turn too long: it runs free until its next "
		    "call"), e->process);
	return s;
}

char *
trace_title(const struct trace_run *r)
{
	char *s;

	if (json_is_integer(json_object_get(r->head, "lesson"))) {
		xasprintf(&s, _("Lesson %02d, one interleaving of its race under proclab's "
		    "scheduler"), (int)json_integer_value(json_object_get(r->head, "lesson")));
		return s;
	}
	/* TRANSLATORS: Exercise 3, test race_5_and_5, run 1 (seed 77...): wrong answer */
	xasprintf(&s, _("Exercise %d, test %s, run %d (seed %s): %s"),
	    (int)json_integer_value(json_object_get(r->head, "exercise")),
	    trace_str(r->head, "test"), (int)json_integer_value(json_object_get(r->head, "run")),
	    trace_str(r->head, "seed"), _(trace_str(r->end, "verdict")));
	return s;
}

char *
trace_legend(bool utf8)
{
	char *s;

	xasprintf(&s, _("A column per live process; %s its turn, %s it waits, %s it ends, %s it "
	    "wrote a watched variable, ! a lost update."), utf8 ? "\u25cf" : "*",
	    utf8 ? "\u25cb" : "o", utf8 ? "\u2573" : "x", utf8 ? "\u25c6" : "w");
	return s;
}

const char *
trace_message(const struct trace_run *r)
{
	return json_is_string(json_object_get(r->end, "message")) ?
	    trace_str(r->end, "message") : NULL;
}

char *
trace_replay(const struct trace_run *r)
{
	char *s;

	if (!json_is_string(json_object_get(r->head, "replay")))
		return NULL;
	if (json_is_integer(json_object_get(r->head, "lesson"))) {
		int n = (int)json_integer_value(json_object_get(r->head, "lesson"));

		/* TRANSLATORS: the program, the lesson, the schedule; the program, the lesson,
		 * the schedule again */
		xasprintf(&s, _("This run again, exactly: %s lesson %d --schedule %s (the "
		    "lesson's output), or %s lesson %d --visual --schedule %s (this view)"),
		    progname, n, trace_str(r->head, "replay"), progname, n,
		    trace_str(r->head, "replay"));
		return s;
	}
	xasprintf(&s, _("This run again, exactly: %s check %d --replay %s"), progname,
	    (int)json_integer_value(json_object_get(r->head, "exercise")),
	    trace_str(r->head, "replay"));
	return s;
}

/* The plain text of a run: title, legend, a line per row, the verdict, the replay. */
void
trace_print(FILE *f, const struct trace_run *r, bool all, bool utf8)
{
	struct trace_rows	 rows;
	char			*s;

	s = trace_title(r);
	fprintf(f, "%s\n", s);
	free(s);
	s = trace_legend(utf8);
	fprintf(f, "%s\n\n", s);
	free(s);
	trace_rows(r, all, utf8, &rows);
	for (size_t i = 0; i < rows.n; i++) {
		s = trace_describe(rows.v[i].e, rows.v[i].waits);
		fprintf(f, "%6ld  %s  %s\n", rows.v[i].e->step, rows.v[i].lanes, s);
		free(s);
	}
	if (rows.lost > 0)
		fprintf(f, ngettext("\n%zu lost update in this run (marked !).\n",
		    "\n%zu lost updates in this run (marked !).\n", rows.lost), rows.lost);
	if (rows.n == 0)
		fprintf(f, "%s\n", _("(no call of your code in this run: --all shows the test "
		    "program's)"));
	trace_rows_free(&rows);
	if (trace_message(r) != NULL)
		fprintf(f, "\n%s\n", trace_message(r));
	if ((s = trace_replay(r)) != NULL)
		fprintf(f, "\n%s\n", s);
	free(s);
}
