/* SPDX-License-Identifier: MIT */
/*
 * watch-draw.c: the dashboard's screen, drawn from the model, which it does not change.
 *
 * The screen: a progress bar ("3/10 exercises done"), the list of exercises (done, current,
 * pending, each with its score), and for the current exercise its file, the result of its
 * latest check (each test: passed, or the verdict with message, expected and actual) and the
 * hints read so far. At 72 columns and more the list and the details stand side by side;
 * below, the list stands over the details.
 *
 * view_build() lays the screen out and builds the detail pane's lines, so that the model can
 * keep its scroll inside them (model_fit_scroll) before draw() puts them on the screen.
 */
#include "watch.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_W		34              /* the exercise list's width in the two-column layout */

static attr_t
style_attr(const struct watch *w, enum style s)
{
	switch (s) {
	case S_BOLD:	return A_BOLD;
	case S_HEAD:	return A_BOLD | (w->color ? COLOR_PAIR(4) : A_UNDERLINE);
	case S_GOOD:	return w->color ? COLOR_PAIR(1) | A_BOLD : A_BOLD;
	case S_BAD:	return w->color ? COLOR_PAIR(2) | A_BOLD : A_BOLD;
	case S_WARN:	return w->color ? COLOR_PAIR(3) : A_NORMAL;
	case S_DIM:	return A_DIM;
	default:	return A_NORMAL;
	}
}

/* Draws TEXT at Y, X, cut at WIDTH columns. */
static void
put(const struct watch *w, int y, int x, int width, enum style s, const wchar_t *text)
{
	int	col = 0, n = 0;

	while (text[n] != L'\0' && col + wchar_cols(text[n]) <= width)
		col += wchar_cols(text[n++]);
	attrset(style_attr(w, s));
	mvaddnwstr(y, x, text, n);
	attrset(A_NORMAL);
}

static void
putf(const struct watch *w, int y, int x, int width, enum style s, const char *fmt, ...)
    ATTR_PRINTF(6, 7);

static void
putf(const struct watch *w, int y, int x, int width, enum style s, const char *fmt, ...)
{
	va_list	 ap;
	char	*t;
	wchar_t	*wt;

	va_start(ap, fmt);
	xvasprintf(&t, fmt, ap);
	va_end(ap);
	wt = widen(t);
	put(w, y, x, width, s, wt);
	free(wt);
	free(t);
}

static char
spinner(const struct watch *w)
{
	return "|/-\\"[w->spin % 4];
}

/* ------------------------------------------------------ the detail pane */

static void
test_lines(struct lines *L, int width, const struct wtest *t, bool hygiene)
{
	lines_addf(L, width, 7, t->passed ? S_GOOD : S_BAD, " %s %s  %d/%d",
	    t->passed ? _("PASS") : _("FAIL"), t->title != NULL ? t->title : "?", t->score, t->max);
	if (t->passed)
		return;
	if (t->message != NULL && !hygiene)
		lines_addf(L, width, 7, S_NORMAL, "      %s: %s", t->verdict_text != NULL ?
		    _(t->verdict_text) : _("failed"), t->message);
	else if (t->message != NULL)
		lines_addf(L, width, 7, S_NORMAL, "      %s", t->message);
	else if (t->verdict_text != NULL)
		lines_addf(L, width, 7, S_NORMAL, "      %s", _(t->verdict_text));
	if (t->expected != NULL)
		lines_addf(L, width, 16, S_NORMAL, _("      expected: %s"), t->expected);
	if (t->actual != NULL)
		lines_addf(L, width, 16, S_NORMAL, _("      actual:   %s"), t->actual);
	if (t->failed_run > 0 && t->runs > 1)
		lines_addf(L, width, 7, S_DIM, t->race ?
		    _("      (failed on run %d of %d, with injected delays)") :
		    _("      (failed on run %d of %d)"), t->failed_run, t->runs);
}

/* The exercise's title, where its files are, whether it is being checked. */
static void
head_lines(const struct watch *w, struct lines *L, int width)
{
	const struct wex	*x = &w->ex[w->cur];
	const struct exercise	*ex = x->ex;

	lines_addf(L, width, 4, S_HEAD, _("Exercise %02d: %s"), ex->number,
	    manifest_text(ex->title));
	for (size_t i = 0; i < ex->nfiles; i++)
		if (x->paths[i] != NULL)
			lines_addf(L, width, 6, S_NORMAL, _("File: %s"), model_rel(w, x->paths[i]));
		else
			lines_addf(L, width, 6, S_BAD, _("File: %s/%s (not found)"), ex->dir,
			    ex->files[i]);
	lines_addf(L, width, 6, S_DIM, _("Task: %s/README.md"), ex->dir);
	lines_add(L, width, 0, S_NORMAL, "");
	if (model_is_checking(w, w->cur))
		lines_addf(L, width, 0, S_WARN, _("Checking %s %c"), ex->dir, spinner(w));
	else if (x->want)
		lines_add(L, width, 0, S_WARN, _("Waiting to be checked..."));
	if (!x->res.have && !model_is_checking(w, w->cur) && !x->want)
		lines_add(L, width, 0, S_DIM, _("Not checked yet: r checks it."));
}

/* A finished check of exercise EX: its points, then what compiled and what passed. */
static void
result_lines(const struct exercise *ex, const struct wresult *r, struct lines *L, int width)
{
	char	when[32];

	strftime(when, sizeof when, "%H:%M:%S", localtime(&r->when));
	/* TRANSLATORS: %s is the time of the check, e.g. 14:05:09. */
	lines_addf(L, width, 2, r->passed ? S_GOOD : S_BOLD, _("Checked %s: %d/%d points"),
	    when, r->score, r->max);
	if (r->passed)
		lines_add(L, width, 2, S_GOOD, _("Every test passes."));
	if (r->internal != NULL)
		lines_addf(L, width, 2, S_BAD, _("Internal error (not your fault): %s"),
		    r->internal);
	if (!r->submitted) {
		lines_addf(L, width, 2, S_BAD, _("Not found: %s"), r->missing != NULL ?
		    r->missing : _("the exercise's files"));
		return;
	}
	if (!r->compiled) {
		lines_add(L, width, 0, S_BAD, _("It does not compile:"));
		if (r->compiler_output != NULL)
			lines_add(L, width, 0, S_NORMAL, r->compiler_output);
		return;
	}
	if (r->compiler_output != NULL && *r->compiler_output != '\0') {
		lines_add(L, width, 0, S_WARN, _("Compiler warnings:"));
		lines_add(L, width, 0, S_NORMAL, r->compiler_output);
	}
	for (size_t i = 0; i < r->nt; i++)
		test_lines(L, width, &r->t[i], false);
	if (r->hygiene.max > 0)
		test_lines(L, width, &r->hygiene, true);
	if (!r->passed && r->seed >= 0)
		lines_addf(L, width, 2, S_DIM, _("seed %lld: 'proclab check %d --seed "
		    "%lld' replays this check"), r->seed, ex->number, r->seed);
}

/* The hints read so far; the index of the last hint's line (or of the hints' heading). */
static size_t
hint_lines(const struct watch *w, struct lines *L, int width)
{
	const struct exercise	*ex = w->ex[w->cur].ex;
	size_t			 seen = model_hints_read(w), hint_line = L->n;

	if (ex->nhints == 0)
		lines_add(L, width, 0, S_DIM, _("This exercise has no hints."));
	else if (seen == 0)
		lines_addf(L, width, 0, S_DIM, ngettext("Hints: none read yet (%zu available): h "
		    "shows it.", "Hints: none read yet (%zu available): h shows the first.",
		    ex->nhints), ex->nhints);
	else
		lines_addf(L, width, 0, S_HEAD, seen < ex->nhints ?
		    _("Hints (%zu of %zu read; h shows the next):") : _("Hints (%zu of %zu read):"),
		    seen, ex->nhints);
	for (size_t i = 0; i < seen; i++) {
		lines_addf(L, width, 5, S_NORMAL, "%2zu. %s", i + 1, ex->hints[i]);
		hint_line = L->n - 1;
	}
	return hint_line;
}

/* The detail pane's lines: the current exercise, its latest check, its hints. */
static size_t
detail_lines(const struct watch *w, struct lines *L, int width)
{
	const struct wex	*x = &w->ex[w->cur];

	head_lines(w, L, width);
	if (x->res.have && x->res.error != NULL)
		lines_addf(L, width, 2, S_BAD, "%s", x->res.error);
	else if (x->res.have)
		result_lines(x->ex, &x->res, L, width);
	lines_add(L, width, 0, S_NORMAL, "");
	return hint_lines(w, L, width);
}

void
view_build(const struct watch *w, struct view *v)
{
	memset(v, 0, sizeof *v);
	v->too_small = COLS < WATCH_MIN_COLS || LINES < WATCH_MIN_LINES;
	if (v->too_small)
		return;
	v->wide = COLS >= 72;
	v->ly = 3;
	if (v->wide) {
		v->lh = LINES - 5;
		v->lw = LIST_W;
		v->dx = LIST_W + 2;
		v->dy = 3;
		v->dw = COLS - v->dx;
		v->dh = LINES - 5;
	} else {
		v->lh = (int)w->n < (LINES - 5) / 3 ? (int)w->n : (LINES - 5) / 3;
		v->lw = COLS;
		v->dx = 0;
		v->dy = v->ly + v->lh + 1;
		v->dw = COLS;
		v->dh = LINES - 2 - v->dy;
	}
	v->hint_line = detail_lines(w, &v->detail, v->dw - 2);
}

void
view_free(struct view *v)
{
	lines_free(&v->detail);
}

/* ------------------------------------------------------------ the screen */

/* One row of the list: the exercise, its state and its score. */
static void
list_row(const struct watch *w, size_t i, int y, int width)
{
	const struct wex	*x = &w->ex[i];
	const char		*state;
	enum style		 s;
	char			 score[32];
	bool			 cursor = w->focus == FOCUS_LIST && i == w->cursor;

	if (model_is_done(x)) {
		state = _("done");
		s = S_GOOD;
	} else if (i == w->cur) {
		state = _("current");
		s = S_WARN;
	} else {
		state = _("pending");
		s = S_DIM;
	}
	if (model_is_checking(w, i))
		snprintf(score, sizeof score, "  %c", spinner(w));
	else if (x->res.have && x->res.error == NULL)
		snprintf(score, sizeof score, "%d/%d", x->res.score, x->res.max);
	else
		snprintf(score, sizeof score, "-/%d", exercise_max_score(x->ex));
	putf(w, y, 0, width, s, "%c %02d %-15.15s %-7s %5s", i == w->cur ? '>' : ' ',
	    x->ex->number, x->ex->name, state, score);
	if (i == w->cur || cursor)
		mvchgat(y, 0, width, (i == w->cur ? A_BOLD : 0) | (cursor ? A_REVERSE : 0),
		    (short)PAIR_NUMBER(style_attr(w, s)), NULL);
}

static void
draw_list(const struct watch *w, const struct view *v)
{
	size_t	first = 0, mark = w->focus == FOCUS_LIST ? w->cursor : w->cur;

	if (v->lh <= 0)
		return;
	if (mark >= (size_t)v->lh)
		first = mark - (size_t)v->lh + 1;
	for (int k = 0; k < v->lh && first + (size_t)k < w->n; k++)
		list_row(w, first + (size_t)k, v->ly + k, v->lw);
}

/* The title and the progress bar. */
static void
draw_head(const struct watch *w)
{
	size_t		 done = model_done_count(w);
	int		 bar, fill;
	const char	*head;
	char		 tail[128];

	putf(w, 0, 0, COLS, S_BOLD, _("proclab watch  %s"), w->wd);
	head = _("Progress: [");
	snprintf(tail, sizeof tail, _("] %zu/%zu exercises done"), done, w->n);
	bar = COLS - text_cols(head) - text_cols(tail) - 1;
	if (bar > 50)
		bar = 50;
	if (bar < 0)
		bar = 0;
	fill = w->n > 0 ? (int)((size_t)bar * done / w->n) : 0;
	mvaddstr(1, 0, head);
	attrset(style_attr(w, S_GOOD));
	for (int i = 0; i < bar; i++)
		addch(i < fill ? '#' : ' ');
	attrset(A_NORMAL);
	addstr(tail);
}

/* The panes' separator and the detail pane at the model's scroll. */
static void
draw_detail(const struct watch *w, const struct view *v)
{
	const struct lines	*L = &v->detail;
	int			 maxscroll = (int)L->n - v->dh;

	attrset(A_DIM);
	if (v->wide)
		mvvline(3, LIST_W + 1, ACS_VLINE, LINES - 5);
	else
		mvhline(v->dy - 1, 0, ACS_HLINE, COLS);
	attrset(A_NORMAL);
	for (int y = 0; y < v->dh && (size_t)(w->scroll + y) < L->n; y++)
		put(w, v->dy + y, v->dx, v->dw - 2, L->v[w->scroll + y].style,
		    L->v[w->scroll + y].w);
	if (w->scroll > 0)
		putf(w, v->dy, COLS - 1, 1, S_DIM, "^");
	if (w->scroll < maxscroll)
		putf(w, v->dy + v->dh - 1, COLS - 1, 1, S_DIM, "v");
}

/* The status line and the keys. */
static void
draw_foot(const struct watch *w, const struct view *v)
{
	putf(w, LINES - 2, 0, COLS, w->status_style, "%s", w->status);
	attrset(A_REVERSE);
	mvhline(LINES - 1, 0, ' ', COLS);
	attrset(A_NORMAL);
	if (w->focus == FOCUS_LIST)
		putf(w, LINES - 1, 0, COLS, S_NORMAL, _(" up/down choose  Enter make current  "
		    "l/Esc back  q quit"));
	else if (v->wide)
		putf(w, LINES - 1, 0, COLS, S_NORMAL, _(" n next  p prev  h hint  l list  "
		    "r re-run  up/down scroll  q quit"));
	else
		putf(w, LINES - 1, 0, COLS, S_NORMAL, _(" n next p prev h hint l list r re-run "
		    "q quit"));
	mvchgat(LINES - 1, 0, COLS, A_REVERSE, 0, NULL);
}

void
draw(const struct watch *w, const struct view *v)
{
	erase();
	if (v->too_small) {
		putf(w, 0, 0, COLS, S_BOLD, _("Terminal too small: proclab watch needs %dx%d (q quits)"),
		    WATCH_MIN_COLS, WATCH_MIN_LINES);
		refresh();
		return;
	}
	draw_head(w);
	draw_list(w, v);
	draw_detail(w, v);
	draw_foot(w, v);
	refresh();
}
