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

/* Where a trace is being read, and the first thing wrong with it. */
struct reading {
	const char	*path;
	size_t		 line;
	char		*cause;
};

static void
bad_line(struct reading *rd, const char *why)
{
	/* TRANSLATORS: the first %s is the file, %zu its line, the last %s what is wrong */
	cause_set(&rd->cause, _("%s:%zu: not a line of a proclab trace (%s): give the file "
	    "that 'proclab check N --trace FILE' wrote"), rd->path, rd->line, why);
}

/* A process number of J's KEY: -1 for null where NULLABLE, or when it is not one (then
 * RD says so). */
static int
process_of(json_t *j, const char *key, bool nullable, struct reading *rd)
{
	json_t *v = json_object_get(j, key);
	json_int_t n = json_integer_value(v);

	if (nullable && json_is_null(v))
		return -1;
	if (!json_is_integer(v) || n < 0 || n >= LAB_SCHED_PROCS) {
		bad_line(rd, _("no such process"));
		return -1;
	}
	return (int)n;
}

/* The event J (a turn, block, exit, free or write) into RUN. */
static void
add_event(struct trace_run *run, json_t *j, const char *type, struct reading *rd)
{
	struct trace_event	 e;
	json_t			*site = json_object_get(j, "site");

	memset(&e, 0, sizeof e);
	e.kind = type[0];
	e.step = (long)json_integer_value(json_object_get(j, "step"));
	e.process = process_of(j, "process", e.kind == 'w', rd);
	if (rd->cause != NULL)
		return;
	e.call = xstrdup(trace_str(j, "call"));
	e.object = xstrdup(trace_str(j, "object"));
	e.site = json_is_string(site) ? xstrdup(json_string_value(site)) : NULL;
	e.lost_update_of = -1;
	if (e.kind == 'w') {
		e.var = xstrdup(trace_str(j, "var"));
		e.old_value = json_integer_value(json_object_get(j, "old"));
		e.new_value = json_integer_value(json_object_get(j, "new"));
		e.lost_update_of = process_of(j, "lost_update_of", true, rd);
	}
	if (e.process + 1 > run->nprocs)
		run->nprocs = e.process + 1;
	if (run->nev % 256 == 0)
		run->ev = xreallocarray(run->ev, run->nev + 256, sizeof *run->ev);
	run->ev[run->nev++] = e;
}

/* A string of J's KEY, malloc'd, or NULL (null, absent, not a string). */
static char *
str_or_null(json_t *j, const char *key)
{
	const char *s = json_string_value(json_object_get(j, key));

	return s != NULL ? xstrdup(s) : NULL;
}

/* The end's "waits" (a deadlock's wait-for graph; absent in older traces) into RUN. */
static void
add_waits(struct trace_run *run, json_t *end, struct reading *rd)
{
	json_t	*a = json_object_get(end, "waits"), *j;
	size_t	 i;

	run->deadlock = json_is_true(json_object_get(end, "deadlock"));
	run->livelock = json_is_true(json_object_get(end, "livelock"));
	if (!json_is_array(a))
		return;
	run->waits = xcalloc(json_array_size(a) + 1, sizeof *run->waits);
	json_array_foreach(a, i, j) {
		struct trace_wait *w = &run->waits[run->nwaits];

		w->process = process_of(j, "process", false, rd);
		w->holder = process_of(j, "holder", true, rd);
		if (rd->cause != NULL)
			return;
		w->call = xstrdup(trace_str(j, "call"));
		w->object = xstrdup(trace_str(j, "object"));
		w->site = str_or_null(j, "site");
		w->caller = str_or_null(j, "caller");
		w->holder_site = str_or_null(j, "holder_site");
		w->holder_ended = json_is_true(json_object_get(j, "holder_ended"));
		w->passed_over = json_is_true(json_object_get(j, "passed_over"));
		run->nwaits++;
	}
}

/* One line of the file into TF: a run opens, an event joins it, an end closes it. */
static void
add_line(struct trace_file *tf, const char *text, size_t len, struct reading *rd)
{
	json_error_t	 err;
	json_t		*j = json_loadb(text, len, 0, &err);
	const char	*type;
	struct trace_run *cur = tf->nruns > 0 ? &tf->runs[tf->nruns - 1] : NULL;

	if (j == NULL) {
		bad_line(rd, err.text);
		return;
	}
	type = trace_str(j, "type");
	if (strcmp(type, "run") == 0) {
		if (cur != NULL && cur->end == NULL) {
			bad_line(rd, _("a run begins before the last one ended"));
			json_decref(j);
			return;
		}
		tf->runs = xreallocarray(tf->runs, tf->nruns + 1, sizeof *tf->runs);
		cur = &tf->runs[tf->nruns++];
		memset(cur, 0, sizeof *cur);
		cur->head = j;
		return;
	}
	if (cur == NULL || cur->end != NULL)
		bad_line(rd, _("an event outside a run"));
	else if (strcmp(type, "end") == 0) {
		cur->end = j;
		add_waits(cur, j, rd);
		return;
	} else if (strcmp(type, "turn") != 0 && strcmp(type, "block") != 0 &&
	    strcmp(type, "exit") != 0 && strcmp(type, "free") != 0 &&
	    strcmp(type, "write") != 0)
		bad_line(rd, _("an unknown type of line"));
	else
		add_event(cur, j, type, rd);
	json_decref(j);
}

int
trace_read(const char *path, struct trace_file *tf, char **cause)
{
	struct reading	 rd = { path, 0, NULL };
	FILE		*f = fopen(path, "r");
	char		*buf = NULL;
	size_t		 cap = 0;
	ssize_t		 n;

	memset(tf, 0, sizeof *tf);
	if (f == NULL) {
		cause_set(cause, _("cannot read '%s': %s"), path, strerror(errno));
		return -1;
	}
	while (rd.cause == NULL && (n = getline(&buf, &cap, f)) > 0) {
		rd.line++;
		add_line(tf, buf, (size_t)n, &rd);
	}
	free(buf);
	fclose(f);
	if (rd.cause == NULL && tf->nruns == 0)
		cause_set(&rd.cause, _("'%s' has no scheduled run in it: only the tests that run "
		    "under proclab's scheduler are traced (not with --explore off)"), path);
	else if (rd.cause == NULL && tf->runs[tf->nruns - 1].end == NULL)
		bad_line(&rd, _("the last run has no end: the file was cut short"));
	if (rd.cause == NULL)
		return 0;
	trace_free(tf);
	cause_set(cause, "%s", rd.cause);
	free(rd.cause);
	return -1;
}

void
trace_load(const char *path, struct trace_file *tf)
{
	char	*cause = NULL;

	if (trace_read(path, tf, &cause) == -1)
		usage_error("trace", "%s", cause);
}

void
trace_free(struct trace_file *tf)
{
	for (size_t i = 0; i < tf->nruns; i++) {
		for (size_t k = 0; k < tf->runs[i].nev; k++) {
			free(tf->runs[i].ev[k].call);
			free(tf->runs[i].ev[k].site);
			free(tf->runs[i].ev[k].var);
			free(tf->runs[i].ev[k].object);
		}
		for (size_t k = 0; k < tf->runs[i].nwaits; k++) {
			free(tf->runs[i].waits[k].call);
			free(tf->runs[i].waits[k].object);
			free(tf->runs[i].waits[k].site);
			free(tf->runs[i].waits[k].caller);
			free(tf->runs[i].waits[k].holder_site);
		}
		free(tf->runs[i].waits);
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

/* ------------------------------------------------------------ the deadlock */

static char *
who(int process)
{
	char *s;

	if (process == 0)
		return xstrdup(_("the test program"));
	xasprintf(&s, _("process %d"), process);
	return s;
}

/* The waits' index of PROCESS, -1 when it does not wait. */
static int
waiting(const struct trace_run *r, int process)
{
	for (size_t i = 0; i < r->nwaits; i++)
		if (r->waits[i].process == process)
			return (int)i;
	return -1;
}

/* The call that, made by another process, would let a wait of CALL go on: a signal for a
 * condition, a post for a semaphore, a write for a read... NULL for none (a lock's holder
 * is known instead). */
static bool
releases(const char *wait, const char *call)
{
	return (strcmp(wait, "cond_wait") == 0 && (strcmp(call, "cond_signal") == 0 ||
	    strcmp(call, "cond_broadcast") == 0)) ||
	    (strcmp(wait, "sem_wait") == 0 && strcmp(call, "sem_post") == 0) ||
	    (strcmp(wait, "read") == 0 && strcmp(call, "write") == 0) ||
	    (strcmp(wait, "write") == 0 && strcmp(call, "read") == 0);
}

/* The processes W waits for, best first, as waits' indices into TO (room for nwaits):
 * a mutex's holder; who made the call that let such a wait go on before, latest first;
 * for a child's end, every other waiting process. Only processes that wait count. */
static size_t
waits_for(const struct trace_run *r, const struct trace_wait *w, int *to)
{
	size_t	n = 0;
	int	k;

	if ((strcmp(w->call, "lock") == 0 || strcmp(w->call, "try") == 0) && w->holder >= 0) {
		if (!w->holder_ended && (k = waiting(r, w->holder)) >= 0)
			to[n++] = k;
		return n;
	}
	for (size_t i = r->nev; i-- > 0;) {
		const struct trace_event *e = &r->ev[i];
		bool seen = false;

		if (e->kind != 't' || e->process == w->process || !releases(w->call, e->call) ||
		    strcmp(e->object, w->object) != 0 || (k = waiting(r, e->process)) < 0)
			continue;
		for (size_t j = 0; j < n; j++)
			seen = seen || to[j] == k;
		if (!seen)
			to[n++] = k;
	}
	if (strcmp(w->call, "wait") == 0)
		for (size_t i = 0; i < r->nwaits; i++)
			if (r->waits[i].process != w->process)
				to[n++] = (int)i;
	return n;
}

/* The shortest cycle of the wait-for graph, as waits' indices into CYCLE (room for
 * nwaits), the first from the lowest process; 0 when there is none. */
static size_t
shortest_cycle(const struct trace_run *r, int *cycle)
{
	size_t	 n = r->nwaits, best = 0;
	int	*to = xcalloc(n + 1, sizeof *to), *from = xcalloc(n + 1, sizeof *from);
	int	*queue = xcalloc(n + 1, sizeof *queue);

	for (size_t s = 0; s < n; s++) {
		size_t head = 0, tail = 0, len;
		int last = -1;

		for (size_t i = 0; i < n; i++)
			from[i] = -1;
		queue[tail++] = (int)s;
		while (head < tail && last < 0) {
			int at = queue[head++];
			size_t nto = waits_for(r, &r->waits[at], to);

			for (size_t j = 0; j < nto && last < 0; j++)
				if (to[j] == (int)s)
					last = at;
				else if (from[to[j]] < 0 && to[j] != (int)s) {
					from[to[j]] = at;
					queue[tail++] = to[j];
				}
		}
		if (last < 0)
			continue;
		len = 1;
		for (int at = last; at != (int)s; at = from[at])
			len++;
		if (best != 0 && len >= best)
			continue;
		best = len;
		for (int at = last, i = (int)len - 1; i >= 0; at = from[at], i--)
			cycle[i] = at;
	}
	free(to);
	free(from);
	free(queue);
	return best;
}

/* "process 3 waits in bq_get (bqueue.c:72) for the mutex held by process 2 (since ...)" */
static char *
wait_clause(const struct trace_wait *w)
{
	char	*me = who(w->process), *in = NULL, *h = w->holder >= 0 ? who(w->holder) : NULL;
	char	*s;
	bool	 lock = strcmp(w->call, "lock") == 0, self = w->holder == w->process;
	bool	 mutex = lock || strcmp(w->call, "try") == 0;
	const char *at = w->holder_site;

	if (w->site != NULL && w->caller != NULL &&
	    strncmp(w->site, w->caller, strcspn(w->site, " ") + 1) != 0)
		xasprintf(&in, _(" in %s, called from %s,"), w->site, w->caller);
	else if (w->site != NULL)
		xasprintf(&in, _(" in %s"), w->site);
	else
		in = xstrdup("");
	if (mutex && w->holder >= 0 && w->holder_ended)
		xasprintf(&s, lock ? _("%s waits%s for the mutex that %s took in %s and still "
		    "held when it ended") : _("%s keeps trying%s to take the mutex that %s took "
		    "in %s and still held when it ended"), me, in, h, at != NULL ? at : "?");
	else if (lock && self && at != NULL)
		xasprintf(&s, _("%s waits%s for the mutex it holds itself (since %s)"), me, in,
		    at);
	else if (lock && self)
		xasprintf(&s, _("%s waits%s for the mutex it holds itself"), me, in);
	else if (mutex && w->holder >= 0 && at != NULL)
		xasprintf(&s, lock ? _("%s waits%s for the mutex held by %s (since %s)") :
		    _("%s keeps trying%s to take the mutex held by %s (since %s)"), me, in, h, at);
	else if (mutex && w->holder >= 0)
		xasprintf(&s, lock ? _("%s waits%s for the mutex held by %s") :
		    _("%s keeps trying%s to take the mutex held by %s"), me, in, h);
	else if (lock)
		xasprintf(&s, _("%s waits%s for a mutex no running process holds"), me, in);
	else if (strcmp(w->call, "try") == 0)
		xasprintf(&s, _("%s keeps trying%s to take a lock or semaphore that no process "
		    "will give back"), me, in);
	else if (strcmp(w->call, "sem_wait") == 0)
		xasprintf(&s, _("%s waits%s on a semaphore whose value is 0"), me, in);
	else if (strcmp(w->call, "cond_wait") == 0 && w->passed_over)
		xasprintf(&s, _("%s waits%s on a condition variable whose last signal woke "
		    "another waiter"), me, in);
	else if (strcmp(w->call, "cond_wait") == 0)
		xasprintf(&s, _("%s waits%s on a condition variable that no process will "
		    "signal"), me, in);
	else if (strcmp(w->call, "read") == 0)
		xasprintf(&s, _("%s waits%s to read from an empty pipe or socket"), me, in);
	else if (strcmp(w->call, "write") == 0)
		xasprintf(&s, _("%s waits%s to write to a full pipe or socket"), me, in);
	else if (strcmp(w->call, "wait") == 0)
		xasprintf(&s, _("%s waits%s for a child process to end"), me, in);
	else if (strcmp(w->call, "poll") == 0)
		xasprintf(&s, _("%s waits%s in poll for a descriptor that no process will make "
		    "ready"), me, in);
	else if (strcmp(w->call, "sleep") == 0)
		xasprintf(&s, _("%s keeps sleeping and looking again%s, for something no "
		    "process will do"), me, in);
	else if (strcmp(w->call, "wait_nohang") == 0)
		xasprintf(&s, _("%s keeps checking%s for a child process that does not end"), me,
		    in);
	else
		xasprintf(&s, _("%s waits%s"), me, in);
	free(me);
	free(in);
	free(h);
	return s;
}

/* W's clause, and, when W waits for NEXT (a waits' index, -1: the first it waits for)
 * because of what NEXT did before, what that was. */
static char *
wait_line(const struct trace_run *r, const struct trace_wait *w, int next)
{
	char	*s = wait_clause(w), *t, *other;
	int	*to = xcalloc(r->nwaits + 1, sizeof *to);
	size_t	 n = waits_for(r, w, to);

	if (next < 0 && n > 0)
		next = to[0];
	if (next < 0 || w->holder >= 0 || r->waits[next].process == w->process) {
		free(to);
		return s;
	}
	other = who(r->waits[next].process);
	if (strcmp(w->call, "cond_wait") == 0)
		/* TRANSLATORS: after "process 2 waits in ... on a condition variable ..." */
		xasprintf(&t, _("%s; %s signalled it before, and waits too"), s, other);
	else if (strcmp(w->call, "sem_wait") == 0)
		xasprintf(&t, _("%s; %s posted it before, and waits too"), s, other);
	else if (strcmp(w->call, "read") == 0)
		xasprintf(&t, _("%s; %s wrote into it before, and waits too"), s, other);
	else if (strcmp(w->call, "write") == 0)
		xasprintf(&t, _("%s; %s read from it before, and waits too"), s, other);
	else
		xasprintf(&t, _("%s; %s has not ended either"), s, other);
	free(other);
	free(s);
	free(to);
	return t;
}

static void
text_add(struct trace_text *t, char *line)
{
	t->v = xreallocarray(t->v, t->n + 1, sizeof *t->v);
	t->v[t->n++] = line;
}

void
trace_deadlock(const struct trace_run *r, bool utf8, struct trace_text *t)
{
	const char	*arrow = utf8 ? "   \u2192  " : "  ->  ", *none = "      ";
	int		*cycle = xcalloc(r->nwaits + 1, sizeof *cycle);
	size_t		 n;
	bool		*on = xcalloc(r->nwaits + 1, sizeof *on), others = false;
	char		*s, *first;

	memset(t, 0, sizeof *t);
	t->indent = 6;
	if (!r->deadlock || r->nwaits == 0) {
		free(cycle);
		free(on);
		return;
	}
	n = shortest_cycle(r, cycle);
	text_add(t, xstrdup(r->livelock ? _("The livelock, as who waits for whom:") :
	    _("The deadlock, as who waits for whom:")));
	if (n == 0)
		text_add(t, xstrdup(_("No cycle: no process waits for another that waits; each "
		    "waits for what no process will do.")));
	for (size_t i = 0; i < n; i++) {
		on[cycle[i]] = true;
		s = wait_line(r, &r->waits[cycle[i]], cycle[(i + 1) % n]);
		xasprintf(&first, "%s%s", i == 0 ? none : arrow, s);
		text_add(t, first);
		free(s);
	}
	if (n > 0) {
		char *back, *me = who(r->waits[cycle[0]].process);

		/* TRANSLATORS: the arrow that closes the cycle; %s is "process 2" */
		xasprintf(&back, n == 1 ? _("back to %s: it waits for itself, so it never goes "
		    "on.") : _("back to %s: each waits for the next, so none of them can go on."),
		    me);
		xasprintf(&first, "%s%s", arrow, back);
		text_add(t, first);
		free(back);
		free(me);
	}
	for (size_t i = 0; i < r->nwaits; i++) {
		if (on[i])
			continue;
		if (!others && n > 0)
			text_add(t, xstrdup(_("Waiting too:")));
		others = true;
		s = wait_line(r, &r->waits[i], -1);
		xasprintf(&first, "%s%s", none, s);
		text_add(t, first);
		free(s);
	}
	free(cycle);
	free(on);
}

void
trace_text_free(struct trace_text *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof *t);
}

/* The plain text of a run: title, legend, a line per row, the verdict, the replay. */
void
trace_print(FILE *f, const struct trace_run *r, bool all, bool utf8)
{
	struct trace_rows	 rows;
	struct trace_text	 dl;
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
	trace_deadlock(r, utf8, &dl);
	for (size_t i = 0; i < dl.n; i++)
		fprintf(f, "%s%s\n", i == 0 ? "\n" : "", dl.v[i]);
	trace_text_free(&dl);
	if (trace_message(r) != NULL)
		fprintf(f, "\n%s\n", trace_message(r));
	if ((s = trace_replay(r)) != NULL)
		fprintf(f, "\n%s\n", s);
	free(s);
}
