/* SPDX-License-Identifier: MIT */
/*
 * watch-draw.c: the home screen, drawn from the model, which it does not change.
 *
 * The screen: the working copy and what runs in the background (a check, with its time;
 * 'check all' with how far it is; a lesson), a progress bar (exercises passed, points,
 * lessons run), the list of lessons and exercises in teaching order with their states and
 * points, and the selected item's details: for an exercise its file, its state, the result
 * of its latest check here (each test: passed, or the verdict with message, expected and
 * actual), the hints read so far and its task; for a lesson what it shows and its output
 * when it ran here. At 72 columns and more the list and the details stand side by side;
 * below, the list stands over the details. 'l' shows the whole list with the titles, '?'
 * the keys over everything.
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
#include <sys/wait.h>

#define LIST_W		36              /* the list's width in the two-column layout */

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

/* The spinner's step, as a string: braille dots in UTF-8, a turning bar in ASCII. */
static const char *
spinner(const struct watch *w)
{
	static const char *const dots[] = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" };
	static const char *const bar[] = { "|", "/", "-", "\\" };

	return w->ascii ? bar[w->spin % 4] : dots[w->spin % nitems(dots)];
}

static int
seconds(long long from, long long to)
{
	return to > from ? (int)((to - from) / 1000) : 0;
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

/* The exercise's state, as the list has it, in words. */
static void
state_line(const struct wex *x, struct lines *L, int width)
{
	struct wstatus	 s = model_status(x);
	char		 when[64] = "";
	struct tm	 tm;

	if (s.when != 0) {
		localtime_r(&s.when, &tm);
		strftime(when, sizeof when, s.from_file ? "%Y-%m-%d %H:%M" : "%H:%M:%S", &tm);
	}
	if (s.state == WS_NEW)
		lines_add(L, width, 7, S_DIM, _("State: not started (the file is the stub)"));
	else if (s.state == WS_UNCHECKED)
		lines_add(L, width, 7, S_DIM, _("State: not checked since it changed"));
	else
		/* TRANSLATORS: "State: passed, 11/11 points (checked 14:05:09)"; the second %s
		 * is the state: passed or failing. */
		lines_addf(L, width, 7, s.state == WS_PASSED ? S_GOOD : S_BAD,
		    _("State: %s, %d/%d points (checked %s)%s"), state_word(s.state), s.score,
		    s.max, when, s.stale ? _("; changed since") : "");
}

/* The exercise's title, where its files are, its state, whether it is being checked. */
static void
head_lines(const struct watch *w, const struct wex *x, struct lines *L, int width)
{
	const struct exercise	*ex = x->ex;
	size_t			 i = (size_t)(x - w->ex);

	lines_addf(L, width, 4, S_HEAD, _("Exercise %02d: %s"), ex->number,
	    manifest_text(ex->title));
	for (size_t j = 0; j < ex->nfiles; j++)
		if (x->paths[j] != NULL)
			lines_addf(L, width, 6, S_NORMAL, _("File: %s"), model_rel(w, x->paths[j]));
		else
			lines_addf(L, width, 6, S_BAD, _("File: %s/%s (not found)"), ex->dir,
			    ex->files[j]);
	state_line(x, L, width);
	lines_add(L, width, 0, S_NORMAL, "");
	if (model_is_checking(w, i))
		lines_addf(L, width, 0, S_WARN, _("Checking %s %s  %d s (Esc stops it)"), ex->dir,
		    spinner(w), seconds(w->checking_ms, w->now_ms));
	else if (x->want)
		lines_add(L, width, 0, S_WARN, _("Waiting to be checked..."));
	if (!x->res.have && !model_is_checking(w, i) && !x->want)
		lines_add(L, width, 0, S_DIM, _("Not checked here yet: r checks it."));
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
		lines_addf(L, width, 5, S_NORMAL, "%2zu. %s", i + 1, manifest_text(ex->hints[i]));
		hint_line = L->n - 1;
	}
	return hint_line;
}

/* A "## Hints" heading: the task's hints are shown one at a time, with 'h', not here. */
static bool
hints_heading(const char *line, size_t len)
{
	const char	*t = _("Hints");

	if (len < 3 || strncmp(line, "## ", 3) != 0)
		return false;
	line += 3;
	len -= 3;
	return (len == strlen("Hints") && strncmp(line, "Hints", len) == 0) ||
	    (len == strlen(t) && strncmp(line, t, len) == 0);
}

/* A line of Markdown that starts a block of its own: it is not joined to the one before. */
static bool
starts_block(const char *p, size_t len)
{
	size_t	d = strspn(p, "0123456789");

	return len == 0 || p[0] == '#' || p[0] == '|' || p[0] == '>' ||
	    strncmp(p, "    ", 4) == 0 || strncmp(p, "```", 3) == 0 ||
	    ((p[0] == '-' || p[0] == '*') && len > 1 && p[1] == ' ') ||
	    (d > 0 && d + 1 < len && p[d] == '.' && p[d + 1] == ' ');
}

/* The paragraph so far, wrapped to the pane (the README's own line breaks are the width of
 * an editor, not of the pane). */
static void
flush_para(struct lines *L, int width, char **para, enum style s)
{
	if (*para == NULL)
		return;
	lines_add(L, width, **para == '-' || **para == '*' ? 2 : 0, s, *para);
	free(*para);
	*para = NULL;
}

/* One line of the task into the paragraph being gathered, or on a line of its own. */
static void
task_line(struct lines *L, int width, char **para, const char *p, size_t len, bool code,
    bool head)
{
	char	*line = xstrndup(p, len), *t;

	if (code || starts_block(p, len) || *para == NULL) {
		flush_para(L, width, para, S_NORMAL);
		if (code || head || len == 0 || line[0] == '|' || strncmp(line, "    ", 4) == 0 ||
		    strncmp(line, "```", 3) == 0) {
			lines_add(L, width, 2, head ? S_BOLD : S_NORMAL, line);
			free(line);
		} else {
			*para = line;
		}
		return;
	}
	xasprintf(&t, "%s %s", *para, line + strspn(line, " "));
	free(*para);
	free(line);
	*para = t;
}

/* The task, as its README.md has it, but for its hints. */
static void
task_lines(const struct watch *w, const struct wex *x, struct lines *L, int width)
{
	const char	*p = x->task, *eol;
	char		*para = NULL;
	size_t		 len, level;
	bool		 skip = false, code = false, fence, head;

	if (p == NULL)
		return;
	lines_add(L, width, 0, S_NORMAL, "");
	lines_addf(L, width, 0, S_HEAD, _("Task (%s):"), model_rel(w, x->task_path));
	for (; *p != '\0'; p = *eol != '\0' ? eol + 1 : eol) {
		eol = strchrnul(p, '\n');
		len = (size_t)(eol - p);
		fence = len >= 3 && strncmp(p, "```", 3) == 0;
		level = strspn(p, "#");
		head = !code && level > 0 && level < len && p[level] == ' ';
		if (head && (!skip || level <= 2))     /* the hints' own subheadings stay out */
			skip = hints_heading(p, len);
		if (!skip)
			task_line(L, width, &para, p, len, code || fence, head);
		if (fence)
			code = !code;
	}
	flush_para(L, width, &para, S_NORMAL);
}

static size_t
exercise_lines(const struct watch *w, const struct wex *x, struct lines *L, int width)
{
	size_t	hint_line;

	head_lines(w, x, L, width);
	if (x->res.have && x->res.error != NULL)
		lines_addf(L, width, 2, S_BAD, "%s", x->res.error);
	else if (x->res.have)
		result_lines(x->ex, &x->res, L, width);
	lines_add(L, width, 0, S_NORMAL, "");
	hint_line = hint_lines(w, L, width);
	task_lines(w, x, L, width);
	return hint_line;
}

/* How the lesson's latest run here went, or goes. */
static void
run_line(const struct watch *w, const struct wles *les, struct lines *L, int width)
{
	double	s = (double)((les->running ? w->now_ms : les->ended_ms) - les->started_ms) / 1000;

	if (s < 0)
		s = 0;  /* the screen's clock is read once a wake-up: it can be behind the start */
	if (les->running)
		lines_addf(L, width, 0, S_WARN, _("Running %s  %.0f s (Esc stops it)"),
		    spinner(w), s);
	else if (les->stopped)
		lines_addf(L, width, 0, S_WARN, _("Stopped after %.1f s."), s);
	else if (WIFSIGNALED(les->wstatus))
		lines_addf(L, width, 0, S_BAD, _("Killed by %s after %.1f s."),
		    strsignal(WTERMSIG(les->wstatus)), s);
	else if (WEXITSTATUS(les->wstatus) != 0)
		lines_addf(L, width, 0, S_BAD, _("Exited with status %d after %.1f s."),
		    WEXITSTATUS(les->wstatus), s);
	else
		lines_addf(L, width, 0, S_GOOD, _("Ran in %.1f s."), s);
}

static void
lesson_lines(const struct watch *w, const struct wles *les, struct lines *L, int width)
{
	const struct lesson	*l = les->l;
	char			*text;

	lines_addf(L, width, 4, S_HEAD, _("Lesson %02d: %s"), l->number, _(l->title));
	lines_addf(L, width, 2, S_NORMAL, _("Notebook %s: %s"), l->notebook, _(l->summary));
	lines_addf(L, width, 2, S_DIM, _("Enter or r runs it here; in a shell: %s lesson %d "
	    "(--help: its options)"), progname, l->number);
	if (les->have_known && !les->running)
		lines_add(L, width, 2, les->known_ok ? S_GOOD : S_BAD, les->known_ok ?
		    _("State: ran") : _("State: it failed last time"));
	else if (!les->running)
		lines_add(L, width, 2, S_DIM, _("State: not run yet"));
	if (!les->run)
		return;
	lines_add(L, width, 0, S_NORMAL, "");
	run_line(w, les, L, width);
	lines_add(L, width, 0, S_HEAD, _("Output:"));
	text = utf8_sanitize(les->out != NULL ? les->out : "", les->len);
	lines_add(L, width, 0, S_NORMAL, text);
	free(text);
	if (les->dropped > 0)
		lines_addf(L, width, 0, S_WARN, _("(%zu more bytes of output, not kept)"),
		    les->dropped);
}

void
view_build(const struct watch *w, struct view *v)
{
	const struct wex	*x = model_sel_ex(w);

	memset(v, 0, sizeof *v);
	v->too_small = COLS < WATCH_MIN_COLS || LINES < WATCH_MIN_LINES;
	if (v->too_small)
		return;
	v->wide = COLS >= 72;
	v->ly = 3;
	if (w->mode == MODE_LIST || (w->mode != MODE_MAIN && w->back == MODE_LIST)) {
		v->lh = LINES - 5;
		v->lw = COLS;
		return;
	}
	if (v->wide) {
		v->lh = LINES - 5;
		v->lw = LIST_W;
		v->dx = LIST_W + 2;
		v->dy = 3;
		v->dw = COLS - v->dx;
		v->dh = LINES - 5;
	} else {
		v->lh = (int)w->nitems < (LINES - 5) / 3 ? (int)w->nitems : (LINES - 5) / 3;
		v->lw = COLS;
		v->dx = 0;
		v->dy = v->ly + v->lh + 1;
		v->dw = COLS;
		v->dh = LINES - 2 - v->dy;
	}
	if (x != NULL)
		v->hint_line = exercise_lines(w, x, &v->detail, v->dw - 2);
	else
		lesson_lines(w, model_sel_lesson(w), &v->detail, v->dw - 2);
}

void
view_free(struct view *v)
{
	lines_free(&v->detail);
}

/* ------------------------------------------------------------ the screen */

/* An item's state in the list (at most 8 columns), its style and its points. */
static const char *
item_state(const struct watch *w, const struct witem *it, enum style *s, char *score,
    size_t len)
{
	const struct wles	*L;
	struct wstatus		 st;

	*score = '\0';
	if (it->kind == ITEM_LESSON) {
		L = &w->les[it->i];
		*s = L->running ? S_WARN : !L->have_known ? S_NORMAL :
		    L->known_ok ? S_GOOD : S_BAD;
		if (L->running)
			snprintf(score, len, "%s", spinner(w));
		/* TRANSLATORS: the states in the list, each 8 columns at most. */
		return L->running ? _("running") : !L->have_known ? "" : L->known_ok ? _("ran") :
		    _("failed");
	}
	st = model_status(&w->ex[it->i]);
	if (model_is_checking(w, it->i))
		snprintf(score, len, "%s", spinner(w));
	else if (st.state == WS_NEW || st.state == WS_UNCHECKED)
		snprintf(score, len, "-/%d", st.max);
	else
		snprintf(score, len, "%d/%d%s", st.score, st.max, st.stale ? "*" : "");
	*s = st.state == WS_PASSED ? S_GOOD : st.state == WS_FAILING ? S_BAD : S_DIM;
	return st.state == WS_PASSED ? _("passed") : st.state == WS_FAILING ? _("failing") :
	    st.state == WS_NEW ? _("new") : "?";
}

/* An item's kind letter and number, and its name: "E03 bank-balance". */
static void
item_name(const struct watch *w, const struct witem *it, char *buf, size_t len,
    const char **name, const char **title)
{
	if (it->kind == ITEM_LESSON) {
		/* TRANSLATORS: L marks a lesson in the list, E an exercise: one letter each. */
		snprintf(buf, len, "%s%02d", _("L"), w->les[it->i].l->number);
		*name = w->les[it->i].l->name;
		*title = _(w->les[it->i].l->title);
	} else {
		snprintf(buf, len, "%s%02d", _("E"), w->ex[it->i].ex->number);
		*name = w->ex[it->i].ex->name;
		*title = manifest_text(w->ex[it->i].ex->title);
	}
}

/* Pads TEXT with spaces to COLS columns (or cuts it), into a new string. */
static char *
padded(const char *text, int cols)
{
	wchar_t	*wt = widen(text);
	char	*out;
	int	 c = 0, n = 0;

	while (wt[n] != L'\0' && c + wchar_cols(wt[n]) <= cols)
		c += wchar_cols(wt[n++]);
	wt[n] = L'\0';
	xasprintf(&out, "%ls%*s", wt, cols - c, "");
	free(wt);
	return out;
}

/* One row of the list: the item, its state and its points; the selection in reverse. */
static void
list_row(const struct watch *w, size_t k, int y, int width, bool titles)
{
	const struct witem	*it = &w->items[k];
	const char		*state, *name, *title;
	enum style		 s;
	char			 score[32], num[16], *st, *nm;
	bool			 sel = k == w->sel;

	state = item_state(w, it, &s, score, sizeof score);
	item_name(w, it, num, sizeof num, &name, &title);
	st = padded(state, titles ? 8 : 7);
	nm = padded(name, titles ? 20 : 15);
	if (titles)
		putf(w, y, 0, width, s, "%c%s %s %s %6s  %s", sel ? '>' : ' ', num, nm, st, score,
		    title);
	else
		putf(w, y, 0, width, s, "%c%s %s %s %6s", sel ? '>' : ' ', num, nm, st, score);
	free(st);
	free(nm);
	if (sel || (w->mode == MODE_SEARCH && model_search_matches(w, k)))
		mvchgat(y, 0, width, sel ? A_REVERSE | A_BOLD : A_UNDERLINE,
		    (short)PAIR_NUMBER(style_attr(w, s)), NULL);
}

static void
draw_list(const struct watch *w, const struct view *v)
{
	size_t	first = 0;
	bool	titles = v->lw > LIST_W;

	if (v->lh <= 0)
		return;
	if (w->sel >= (size_t)v->lh / 2)        /* the selection kept near the middle */
		first = w->sel - (size_t)v->lh / 2;
	if (first + (size_t)v->lh > w->nitems)
		first = w->nitems > (size_t)v->lh ? w->nitems - (size_t)v->lh : 0;
	for (int k = 0; k < v->lh && first + (size_t)k < w->nitems; k++)
		list_row(w, first + (size_t)k, v->ly + k, v->lw, titles);
}

/* What runs in the background, for the title's right end ("" when nothing does). */
static void
activity(const struct watch *w, char *buf, size_t len)
{
	size_t	off = 0;

	buf[0] = '\0';
	if (w->checking && w->all)
		off += (size_t)snprintf(buf, len, _("checking all: %zu of %zu %s"),
		    w->all_done + 1 > w->all_n ? w->all_n : w->all_done + 1, w->all_n, spinner(w));
	else if (w->checking)
		off += (size_t)snprintf(buf, len, _("checking %s %d s %s"),
		    w->ex[w->checking_ex].ex->dir, seconds(w->checking_ms, w->now_ms), spinner(w));
	if (w->lesson_running && off < len)
		off += (size_t)snprintf(buf + off, len - off, _("%slesson %02d running %s"),
		    off > 0 ? "  " : "", w->les[w->lesson].l->number, spinner(w));
	if (w->racing && off < len)
		off += (size_t)snprintf(buf + off, len - off, w->racing_lesson ?
		    _("%stracing lesson %02d's race %s") : _("%stracing exercise %02d's race %s"),
		    off > 0 ? "  " : "", w->racing_number, spinner(w));
	if (off == 0 && w->manual)
		snprintf(buf, len, _("manual: r checks"));
}

/* The title, what runs, and the progress bar. */
static void
draw_head(const struct watch *w)
{
	size_t		 done = model_done_count(w);
	int		 bar, fill, score, max, right;
	const char	*head;
	char		 tail[160], act[160];

	activity(w, act, sizeof act);
	right = text_cols(act);
	putf(w, 0, 0, COLS - right - 1, S_BOLD, "proclab  %s", w->wd);
	if (right > 0)
		putf(w, 0, COLS - right, right, S_WARN, "%s", act);
	model_points(w, &score, &max);
	head = _("Progress: [");
	snprintf(tail, sizeof tail, _("] %zu/%zu exercises passed"), done, w->n);
	bar = COLS - text_cols(head) - text_cols(tail) - 1;
	if (bar > 50)
		bar = 50;
	if (bar < 0)
		bar = 0;
	fill = w->n > 0 ? (int)((size_t)bar * done / w->n) : 0;
	mvaddstr(1, 0, head);
	attrset(style_attr(w, S_GOOD));
	for (int i = 0; i < bar; i++)
		addstr(i < fill ? (w->ascii ? "#" : "█") : w->ascii ? "." : "░");
	attrset(A_NORMAL);
	addstr(tail);
	putf(w, 2, 0, COLS, S_DIM, _("%d/%d points, %zu/%zu lessons run"), score, max,
	    model_lessons_run(w), w->nles);
}

/* The panes' separator and the detail pane at the model's scroll. */
static void
draw_detail(const struct watch *w, const struct view *v)
{
	const struct lines	*L = &v->detail;
	int			 maxscroll = (int)L->n - v->dh;

	attrset(A_DIM);
	if (v->wide)
		mvvline(3, LIST_W + 1, w->ascii ? '|' : ACS_VLINE, LINES - 5);
	else
		mvhline(v->dy - 1, 0, w->ascii ? '-' : ACS_HLINE, COLS);
	attrset(A_NORMAL);
	for (int y = 0; y < v->dh && (size_t)(w->scroll + y) < L->n; y++)
		put(w, v->dy + y, v->dx, v->dw - 2, L->v[w->scroll + y].style,
		    L->v[w->scroll + y].w);
	if (w->scroll > 0)
		putf(w, v->dy, COLS - 1, 1, S_DIM, "^");
	if (w->scroll < maxscroll)
		putf(w, v->dy + v->dh - 1, COLS - 1, 1, S_DIM, "v");
}

/* The keys of the mode, on the last line. */
static const char *
keys_line(const struct watch *w, bool wide)
{
	switch (w->mode) {
	case MODE_LIST:
		return _(" up/down choose  Enter/l back  / search  v race  x reset  ? help  q quit");
	case MODE_SEARCH:
		return _(" type to search  Enter go there  Esc back  up/down other matches");
	case MODE_CONFIRM:
		return _(" y: reset it  any other key: keep your file");
	case MODE_HELP:
		return _(" any key closes the help");
	default:
		return wide ? _(" n next  h hint  l list  c all  r run  v race  x reset  / search  "
		    "? help  q quit") : _(" n h l c r v x / ? q   (? for help)");
	}
}

/* The status line and the keys. */
static void
draw_foot(const struct watch *w, const struct view *v)
{
	if (w->mode == MODE_CONFIRM)
		putf(w, LINES - 2, 0, COLS, S_WARN, "%s", w->question);
	else
		putf(w, LINES - 2, 0, COLS, w->status_style, "%s", w->status);
	attrset(A_REVERSE);
	mvhline(LINES - 1, 0, ' ', COLS);
	attrset(A_NORMAL);
	putf(w, LINES - 1, 0, COLS, S_NORMAL, "%s", keys_line(w, v->wide));
	mvchgat(LINES - 1, 0, COLS, A_REVERSE, 0, NULL);
}

/* The keys, over everything ('?'). */
static void
draw_help(const struct watch *w)
{
	const char	*text[] = {
		_("The keys"),
		_("up/down, j/k  select an item (PgUp/PgDn, Space: scroll)"),
		_("Enter, r      run the lesson, or check the exercise now"),
		_("n, p          the next item, the previous one"),
		_("h             the exercise's next hint"),
		_("l             the whole list, with the titles"),
		_("/             search the list: type, then Enter"),
		_("c             check every exercise (c or Esc stops)"),
		_("x             reset the exercise to its stub (asks"),
		_("              first; yours is kept as FILE.~N~)"),
		_("v             the race viewer: the failed race test's run"),
		_("              again, or lesson 06's or 08's race (q back)"),
		_("Esc           stop the lesson or check running"),
		_("?             this help        q  quit"),
	};
	int		 h = (int)nitems(text) + 2, wd = 62, y0, x0;

	if (wd > COLS - 2)
		wd = COLS - 2;
	y0 = (LINES - h) / 2 > 0 ? (LINES - h) / 2 : 0;
	x0 = (COLS - wd) / 2;
	for (int y = 0; y < h && y0 + y < LINES - 1; y++)
		mvhline(y0 + y, x0, ' ', wd);
	attrset(A_BOLD);
	mvaddch(y0, x0, w->ascii ? '+' : ACS_ULCORNER);
	mvhline(y0, x0 + 1, w->ascii ? '-' : ACS_HLINE, wd - 2);
	mvaddch(y0, x0 + wd - 1, w->ascii ? '+' : ACS_URCORNER);
	mvaddch(y0 + h - 1, x0, w->ascii ? '+' : ACS_LLCORNER);
	mvhline(y0 + h - 1, x0 + 1, w->ascii ? '-' : ACS_HLINE, wd - 2);
	mvaddch(y0 + h - 1, x0 + wd - 1, w->ascii ? '+' : ACS_LRCORNER);
	mvvline(y0 + 1, x0, w->ascii ? '|' : ACS_VLINE, h - 2);
	mvvline(y0 + 1, x0 + wd - 1, w->ascii ? '|' : ACS_VLINE, h - 2);
	attrset(A_NORMAL);
	for (size_t i = 0; i < nitems(text); i++)
		putf(w, y0 + 1 + (int)i, x0 + 2, wd - 4, i == 0 ? S_HEAD : S_NORMAL, "%s",
		    text[i]);
}

void
draw(const struct watch *w, const struct view *v)
{
	erase();
	if (v->too_small) {
		putf(w, 0, 0, COLS, S_BOLD, _("Terminal too small: proclab needs %dx%d (q quits)"),
		    WATCH_MIN_COLS, WATCH_MIN_LINES);
		refresh();
		return;
	}
	draw_head(w);
	draw_list(w, v);
	if (v->dh > 0)
		draw_detail(w, v);
	draw_foot(w, v);
	if (w->mode == MODE_HELP)
		draw_help(w);
	refresh();
}
