/* SPDX-License-Identifier: MIT */
/*
 * trace-step.c: proclab trace FILE --step: one run of a trace, one event at a time, on the
 * terminal (curses). The screen: the run's title; the rows of the plain text (trace.c) up
 * to the current one, which is highlighted; each watched variable's values so far, who
 * wrote each and which write lost an update; what the current event is, in words; at the
 * last event the verdict's message and the command that replays the run; then the keys.
 *
 * Nothing runs in the background, so the loop only waits for a key or a signal: in
 * ppoll(), the one place where SIGINT, SIGTERM, SIGHUP and SIGWINCH are let in (as in
 * cmd-watch.c). The terminal is given back as it was after q, on Ctrl-C, on an error
 * (atexit) and on a crash of the viewer itself. trace_step_in is the same loop on the
 * dashboard's screen (v on the home screen): its terminal, its signal handlers and mask,
 * and its flag for a signal that ends it.
 */
#include "trace.h"
#include "watch.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STEP_MIN_COLS	40
#define STEP_MIN_LINES	12
#define STEP_VAR_LINES	2       /* a variable's history keeps its latest writes in these */

struct step {
	const struct trace_run	*r;
	struct trace_rows	 rows;
	size_t			 cur;           /* the current row */
	const char		**vars;         /* the watched variables, as first written */
	size_t			 nvars;
	const char		*status;        /* what the last key said, until the next */
	bool			 utf8, color;
};

static volatile sig_atomic_t got_signal;
static bool curses_on;

static void
on_signal(int sig)
{
	got_signal = sig;
}

static void
on_crash(int sig)
{
	tty_restore_in_crash();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* ------------------------------------------------------------ drawing */

static attr_t
style_attr(const struct step *s, enum style st)
{
	switch (st) {
	case S_BOLD:	return A_BOLD;
	case S_GOOD:	return s->color ? COLOR_PAIR(1) | A_BOLD : A_BOLD;
	case S_BAD:	return s->color ? COLOR_PAIR(2) | A_BOLD : A_BOLD;
	case S_WARN:	return s->color ? COLOR_PAIR(3) : A_NORMAL;
	case S_DIM:	return A_DIM;
	default:	return A_NORMAL;
	}
}

/* TEXT at Y, X, cut at WIDTH columns; with FILL, the rest of the width in the same ATTR. */
static void
put(int y, int x, int width, attr_t attr, const wchar_t *text, bool fill)
{
	int	col = 0, n = 0;

	while (text[n] != L'\0' && col + wchar_cols(text[n]) <= width)
		col += wchar_cols(text[n++]);
	attrset(attr);
	mvaddnwstr(y, x, text, n);
	if (fill && col < width)
		mvhline(y, x + col, ' ', width - col);
	attrset(A_NORMAL);
}

static void
puts_at(int y, attr_t attr, const char *text, bool fill)
{
	wchar_t *w = widen(text);

	put(y, 0, COLS, attr, w, fill);
	free(w);
}

/* The row I of the lanes: "  step  lanes  what happened", the current one highlighted. */
static void
draw_row(const struct step *s, int y, size_t i)
{
	const struct trace_row	*row = &s->rows.v[i];
	char			*what = trace_describe(row->e, row->waits), *line;
	attr_t			 attr = row->e->lost_update_of >= 0 ? style_attr(s, S_BAD) :
	    A_NORMAL;

	xasprintf(&line, "%6ld  %s  %s", row->e->step, row->lanes, what);
	puts_at(y, i == s->cur ? attr | A_REVERSE : attr, line, i == s->cur);
	free(line);
	free(what);
}

/* A write in a history: "200 by 1", "50 by 8!" where it lost an update. */
static char *
history_item(const struct trace_event *e)
{
	char *t;

	if (e->process >= 0)
		/* TRANSLATORS: a value a watched variable took and the process that wrote it */
		xasprintf(&t, _("%lld by %d%s"), e->new_value, e->process,
		    e->lost_update_of >= 0 ? "!" : "");
	else
		xasprintf(&t, _("%lld by a process running free%s"), e->new_value,
		    e->lost_update_of >= 0 ? "!" : "");
	return t;
}

/* VAR's values up to the current event, from the K-th of its N writes so far. */
static char *
history_from(const struct step *s, const char *var, size_t k, size_t *n)
{
	const struct trace_event *upto = s->rows.v[s->cur].e;
	const char	*arrow = s->utf8 ? " \u2192 " : " -> ";
	char		*chain = NULL, *t, *item, *out;
	long long	 now = 0;

	*n = 0;
	for (const struct trace_event *e = s->r->ev; e <= upto; e++) {
		if (e->kind != 'w' || strcmp(e->var, var) != 0)
			continue;
		if ((*n)++ == 0 && k == 0)
			xasprintf(&chain, "%lld", e->old_value);
		now = e->new_value;
		if (*n <= k)
			continue;
		item = history_item(e);
		xasprintf(&t, "%s%s%s", chain != NULL ? chain : s->utf8 ? "\u2026" : "...",
		    chain != NULL || k > 0 ? arrow : "", item);
		free(item);
		free(chain);
		chain = t;
	}
	if (*n == 0)
		/* TRANSLATORS: a watched variable that no process has written yet */
		xasprintf(&out, _("%s: not written yet"), var);
	else
		/* TRANSLATORS: balance = 200, its values: 100 -> 200 by 1 -> 50 by 8! ... */
		xasprintf(&out, _("%s = %lld, its values: %s"), var, now, chain);
	free(chain);
	return out;
}

/* Each variable's history, its earliest writes left out where it would take too much. */
static void
history_lines(const struct step *s, struct lines *L)
{
	for (size_t v = 0; v < s->nvars; v++) {
		struct lines	 t = { 0 };
		size_t		 k = 0, n;
		char		*h;

		for (;;) {
			h = history_from(s, s->vars[v], k, &n);
			lines_add(&t, COLS, 4, S_NORMAL, h);
			if (t.n <= STEP_VAR_LINES || k + 1 >= n)
				break;
			lines_free(&t);
			free(h);
			k++;
		}
		lines_free(&t);
		lines_add(L, COLS, 4, S_NORMAL, h);
		free(h);
	}
}

/* What goes under the lanes, in this order: the histories, the event in words, and at the
 * last event a deadlock's cycle of waits, the verdict's message and the command that
 * replays the run. */
enum foot { F_HISTORY, F_EVENT, F_CYCLE, F_MESSAGE, F_REPLAY, F_COUNT };

static void
foot_lines(const struct step *s, struct lines *F)
{
	const struct trace_row	*row = &s->rows.v[s->cur];
	struct trace_text	 dl;
	char			*t;

	history_lines(s, &F[F_HISTORY]);
	t = trace_describe(row->e, row->waits);
	lines_add(&F[F_EVENT], COLS, 2, row->e->lost_update_of >= 0 ? S_BAD : S_BOLD, t);
	free(t);
	if (s->cur + 1 < s->rows.n)
		return;
	trace_deadlock(s->r, s->utf8, &dl);
	for (size_t i = 0; i < dl.n; i++)
		lines_add(&F[F_CYCLE], COLS, dl.indent, i == 0 ? S_BOLD : S_BAD, dl.v[i]);
	trace_text_free(&dl);
	if (trace_message(s->r) != NULL)
		lines_add(&F[F_MESSAGE], COLS, 0, S_NORMAL, trace_message(s->r));
	if ((t = trace_replay(s->r)) != NULL)   /* no indent: no spaces in the wrapped token */
		lines_add(&F[F_REPLAY], COLS, 0, S_BOLD, t);
	free(t);
}

/*
 * How many lines of each part of the foot fit in AVAIL: the event first, then a
 * deadlock's cycle, the verdict's message, the histories' first lines, and what is left
 * of the replay command (a schedule of a thousand turns is a long token), its last line
 * ending in "...". true when the command is cut.
 */
static bool
foot_fit(const struct step *s, struct lines *F, int avail, size_t *shown)
{
	static const enum foot order[] = { F_EVENT, F_CYCLE, F_MESSAGE, F_HISTORY, F_REPLAY };
	size_t	 left = avail > 0 ? (size_t)avail : 0, len;
	wchar_t	*w;

	for (size_t i = 0; i < nitems(order); i++) {
		shown[order[i]] = F[order[i]].n < left ? F[order[i]].n : left;
		left -= shown[order[i]];
	}
	if (shown[F_REPLAY] == F[F_REPLAY].n)
		return false;
	if (shown[F_REPLAY] > 0) {
		w = F[F_REPLAY].v[shown[F_REPLAY] - 1].w;
		if ((len = wcslen(w)) >= 3)
			wcscpy(w + len - (s->utf8 ? 1 : 3), s->utf8 ? L"\u2026" : L"...");
	}
	return true;
}

static void
draw_head(const struct step *s)
{
	char	*t = trace_title(s->r);
	size_t	 lost = 0;

	puts_at(0, style_attr(s, strcmp(trace_str(s->r->end, "verdict"), "passed") == 0 ?
	    S_GOOD : S_BAD), t, false);
	free(t);
	for (size_t i = 0; i <= s->cur; i++)
		lost += s->rows.v[i].e->lost_update_of >= 0;
	if (lost == 0)
		xasprintf(&t, _("Event %zu of %zu, step %ld"), s->cur + 1, s->rows.n,
		    s->rows.v[s->cur].e->step);
	else
		xasprintf(&t, ngettext("Event %zu of %zu, step %ld; %zu lost update so far",
		    "Event %zu of %zu, step %ld; %zu lost updates so far", lost), s->cur + 1,
		    s->rows.n, s->rows.v[s->cur].e->step, lost);
	puts_at(1, A_BOLD, t, false);
	free(t);
}

/* The keys, on the last line; above it what the last key said, or that the replay
 * command is cut (CUT). */
static void
draw_keys(const struct step *s, bool cut)
{
	char *t;

	if (s->status != NULL)
		puts_at(LINES - 2, style_attr(s, S_WARN), s->status, false);
	else if (cut) {
		xasprintf(&t, _("Cut short: '%s trace show FILE' prints the whole command."),
		    progname);
		puts_at(LINES - 2, style_attr(s, S_WARN), t, false);
		free(t);
	}
	/* TRANSLATORS: the %s are the arrow keys: right and left ("Right", "Left" in ASCII) */
	xasprintf(&t, _(" %s/Space next  %s back  n/N lost update  g/G first/last  q quit"),
	    s->utf8 ? "\u2192" : "Right", s->utf8 ? "\u2190" : "Left");
	puts_at(LINES - 1, A_REVERSE, t, true);
	free(t);
}

/* The foot's parts as fitted, from line Y down. */
static void
draw_foot(const struct step *s, const struct lines *F, const size_t *shown, int y)
{
	for (int f = 0; f < F_COUNT; f++)
		for (size_t i = 0; i < shown[f]; i++)
			put(y++, 0, COLS, style_attr(s, F[f].v[i].style), F[f].v[i].w, false);
}

static void
step_draw(const struct step *s)
{
	struct lines	 F[F_COUNT];
	size_t		 shown[F_COUNT], nfoot = 0;
	int		 top = 2, bottom, y;
	bool		 cut;

	erase();
	if (COLS < STEP_MIN_COLS || LINES < STEP_MIN_LINES) {
		attrset(A_BOLD);
		mvprintw(0, 0, _("Terminal too small: proclab needs %dx%d (q quits)"),
		    STEP_MIN_COLS, STEP_MIN_LINES);
		attrset(A_NORMAL);
		refresh();
		return;
	}
	draw_head(s);
	memset(F, 0, sizeof F);
	foot_lines(s, F);
	/* the lanes keep 3 rows at least: with the title, the rule, the status and the keys,
	 * 8 lines that are not the foot's */
	cut = foot_fit(s, F, LINES - 8, shown);
	for (int f = 0; f < F_COUNT; f++)
		nfoot += shown[f];
	bottom = LINES - 2 - (int)nfoot;        /* the foot's first line */
	attrset(A_DIM);
	mvhline(bottom - 1, 0, s->utf8 ? ACS_HLINE : '-', COLS);
	attrset(A_NORMAL);
	draw_foot(s, F, shown, bottom);
	/* the rows up to the current one, the current one last */
	y = bottom - 1 - top;
	for (size_t i = s->cur + 1 > (size_t)y ? s->cur + 1 - (size_t)y : 0; i <= s->cur; i++)
		draw_row(s, top++, i);
	draw_keys(s, cut);
	for (int f = 0; f < F_COUNT; f++)
		lines_free(&F[f]);
	refresh();
}

/* ------------------------------------------------------------ the keys */

/* The next (DIR 1) or previous (-1) row with a lost update, else a word on why none. */
static void
key_lost(struct step *s, int dir)
{
	for (size_t i = s->cur; dir > 0 ? i + 1 < s->rows.n : i > 0;) {
		i = dir > 0 ? i + 1 : i - 1;
		if (s->rows.v[i].e->lost_update_of >= 0) {
			s->cur = i;
			return;
		}
	}
	s->status = s->rows.lost == 0 ? _("There is no lost update in this run.") : dir > 0 ?
	    _("No lost update after this event.") : _("No lost update before this event.");
}

/* One key; false when it quits. */
static bool
key(struct step *s, bool fn, wint_t c)
{
	s->status = NULL;
	if ((fn && c == KEY_RIGHT) || (!fn && (c == ' ' || c == 'l'))) {
		if (s->cur + 1 < s->rows.n)
			s->cur++;
		else
			s->status = _("This is the last event.");
	} else if ((fn && c == KEY_LEFT) || (!fn && c == 'h')) {
		if (s->cur > 0)
			s->cur--;
		else
			s->status = _("This is the first event.");
	} else if (!fn && (c == 'n' || c == 'N')) {
		key_lost(s, c == 'n' ? 1 : -1);
	} else if ((fn && c == KEY_HOME) || (!fn && c == 'g')) {
		s->cur = 0;
	} else if ((fn && c == KEY_END) || (!fn && c == 'G')) {
		s->cur = s->rows.n - 1;
	} else if (!fn && (c == 'q' || c == 'Q')) {
		return false;
	}
	return true;
}

/* ------------------------------------------------------------ the terminal */

static void
cleanup(void)
{
	if (curses_on && !isendwin())
		endwin();
	curses_on = false;
}

/* The handlers, and the mask WAITING that lets their signals in, inside ppoll() only. */
static void
setup_signals(sigset_t *waiting)
{
	static const int	 quit[] = { SIGINT, SIGTERM, SIGHUP };
	static const int	 crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction	 sa;
	sigset_t		 acted;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigemptyset(&acted);
	for (size_t i = 0; i < nitems(quit); i++) {
		if (sigaction(quit[i], &sa, NULL) == -1)
			fatal("trace: sigaction");
		sigaddset(&acted, quit[i]);
	}
	sa.sa_handler = on_crash;
	for (size_t i = 0; i < nitems(crash); i++)
		sigaction(crash[i], &sa, NULL);
	sigaddset(&acted, SIGWINCH);
	if (sigprocmask(SIG_BLOCK, &acted, waiting) == -1)
		fatal("trace: sigprocmask");
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&acted, sig) == 1)
			sigdelset(waiting, sig);
}

/* The terminal in curses mode, or a usage error when it cannot be. */
static SCREEN *
start_curses(struct step *s)
{
	const char	*term = getenv("TERM") != NULL ? getenv("TERM") : "";
	SCREEN		*scr;
	char		*cup;

	tty_save();
	if ((scr = newterm(NULL, stdout, stdin)) == NULL)
		usage_error("trace", _("--step: cannot use the terminal (TERM=%s): unknown or "
		    "unusable type; drop --step for the plain text"), term);
	curses_on = true;
	cup = tigetstr("cup");
	if (cup == NULL || cup == (char *)-1) {     /* e.g. TERM=dumb */
		cleanup();
		usage_error("trace", _("--step: the terminal (TERM=%s) cannot move its cursor; "
		    "drop --step for the plain text"), term);
	}
	tty_keep_restore();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	s->color = use_color(stdout) && has_colors();
	if (s->color) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_GREEN, -1);
		init_pair(2, COLOR_RED, -1);
		init_pair(3, COLOR_YELLOW, -1);
	}
	return scr;
}

/* The watched variables of R, in the order they are first written. */
static void
find_vars(struct step *s)
{
	for (size_t i = 0; i < s->r->nev; i++) {
		const struct trace_event *e = &s->r->ev[i];
		size_t v = 0;

		if (e->kind != 'w')
			continue;
		while (v < s->nvars && strcmp(s->vars[v], e->var) != 0)
			v++;
		if (v < s->nvars)
			continue;
		s->vars = xreallocarray(s->vars, s->nvars + 1, sizeof *s->vars);
		s->vars[s->nvars++] = e->var;
	}
}

static void
run_loop(struct step *s, const sigset_t *waiting, volatile sig_atomic_t *stop)
{
	struct pollfd	 pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	wint_t		 c;
	int		 k;
	bool		 quit = false;

	while (!quit && *stop == 0) {
		step_draw(s);
		pfd.revents = 0;
		if (ppoll(&pfd, 1, NULL, waiting) == -1 && errno != EINTR)
			fatal("trace: poll");
		while (!quit && (k = get_wch(&c)) != ERR)
			quit = !key(s, k == KEY_CODE_YES, c);
		/* The terminal is gone (its window closed): ppoll() would return at once for
		 * ever, and a SIGHUP would stay blocked, as ppoll() lets signals in only when it
		 * waits. */
		if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
			*stop = SIGHUP;
	}
}

/* S on R: its rows and watched variables; false when it has no row to show. */
static bool
step_open(struct step *s, const struct trace_run *r, bool all)
{
	memset(s, 0, sizeof *s);
	s->r = r;
	s->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	trace_rows(r, all, s->utf8, &s->rows);
	if (s->rows.n == 0) {
		trace_rows_free(&s->rows);
		return false;
	}
	find_vars(s);
	return true;
}

static void
step_close(struct step *s)
{
	free(s->vars);
	trace_rows_free(&s->rows);
}

int
trace_step(const struct trace_run *r, bool all)
{
	struct step	 s;
	SCREEN		*scr;
	sigset_t	 waiting;

	if (!step_open(&s, r, all))
		usage_error("trace", _("--step: this run has no call of your code to step "
		    "through: --all shows the test program's"));
	setup_signals(&waiting);
	atexit(cleanup);
	scr = start_curses(&s);

	run_loop(&s, &waiting, &got_signal);

	cleanup();
	delscreen(scr);
	step_close(&s);
	if (got_signal != 0 && got_signal != SIGINT)
		return 128 + got_signal;
	return EXIT_OK;
}

bool
trace_step_in(const struct trace_run *r, bool all, bool color, const sigset_t *waiting,
    volatile sig_atomic_t *stop)
{
	struct step	s;

	if (!step_open(&s, r, all))
		return false;
	s.color = color;
	run_loop(&s, waiting, stop);
	step_close(&s);
	return true;
}
