/* SPDX-License-Identifier: MIT */
/*
 * watch-keys.c: what each key does on the home screen, in each of its modes. The keys a
 * rustlings user knows (n next, h hint, l list, c check all, r run, x reset, q quit), the
 * arrows and Enter, / to search, ? for help and v for the race viewer. Esc stops what runs
 * (a lesson, a check, a race being traced) or leaves a mode. Nothing here waits: a lesson or a check is started, or told to stop,
 * and the event loop hears of its end.
 */
#include "watch.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wctype.h>

#define KEY_ESC		27

/* 'h': the next hint, recorded in the working copy's state file. */
static void
key_hint(struct app *a)
{
	struct watch	*w = &a->w;
	char		*cause = NULL;
	size_t		 seen;

	if (!model_hint_wanted(w))
		return;
	seen = hints_seen(w->wd, w->ex[w->cur].ex) + 1;
	if (hints_set_seen(w->wd, w->ex[w->cur].ex, seen, &cause) == -1)
		seen = 0;
	model_hint_done(w, seen, cause);
	free(cause);
}

/* Enter, 'r': the selected lesson runs, or the selected exercise is checked now. */
static void
key_run(struct app *a)
{
	struct watch	*w = &a->w;
	struct wles	*L = model_sel_lesson(w);
	size_t		 i;
	char		*cause = NULL;

	if (L == NULL) {
		files_look(&a->files, w, monotonic_ms(), true);
		model_recheck(w);
		return;
	}
	i = (size_t)(L - w->les);
	if (!model_lesson_wanted(w, i))
		return;
	if (lrunner_start(&a->lrun, L->l, a->tmpdir, &cause) == -1)
		model_lesson_not_started(w, i, cause);
	else
		model_lesson_started(w, i, monotonic_ms());
	free(cause);
}

char *
keys_race_path(const struct app *a)
{
	char	*path;

	xasprintf(&path, "%s/race.jsonl", a->tmpdir);
	return path;
}

/* 'v': the selected item's race traced in the background, for the viewer (cmd-watch.c
 * opens it when the run is over): a failed race test's run again, exactly, with --replay,
 * or lesson 06's or 08's race, as 'proclab lesson N --visual' shows it. */
static void
key_race(struct app *a)
{
	struct watch	*w = &a->w;
	struct wrace	 rq;
	char		 num[32], *path, *cause = NULL;
	char		*check[] = { (char *)progname, "check", num, "--replay", NULL, "--trace",
		    NULL, "--format", "json", "--dir", w->wd, NULL };
	char		*lesson[] = { (char *)progname, "lesson", num, "--visual", "--trace",
		    NULL, NULL };

	if (!model_race_wanted(w, &rq))
		return;
	path = keys_race_path(a);
	unlink(path);
	snprintf(num, sizeof num, "%d", rq.number);
	check[4] = (char *)rq.replay;
	check[6] = lesson[5] = path;
	model_race_started(w, &rq, monotonic_ms());
	if (runner_spawn(&a->race, rq.lesson ? lesson : check, a->tmpdir, &cause) == -1)
		model_race_ended(w, cause);
	free(cause);
	free(path);
}

/* Esc: the race being traced for the viewer, else the selected lesson's run if it runs,
 * else the checks, else the lesson. */
static void
key_stop(struct app *a)
{
	struct watch	*w = &a->w;
	struct wles	*L = model_sel_lesson(w);
	long long	 now = monotonic_ms();

	if (w->racing) {
		runner_cancel(&a->race, now);
		model_race_stopped(w);
	} else if (w->lesson_running && (L == &w->les[w->lesson] || (!w->checking && !w->all))) {
		lrunner_cancel(&a->lrun, now);
		model_set_status(w, S_WARN, _("Stopping lesson %02d..."),
		    w->les[w->lesson].l->number);
	} else if (w->checking || w->all) {
		runner_cancel(&a->run, now);
		model_check_stop(w);
	} else {
		model_set_status(w, S_NORMAL, _("Nothing is running (q quits)"));
	}
}

/* 'c': every exercise checked, or, while they are, no more. */
static void
key_check_all(struct app *a)
{
	if (a->w.all) {
		runner_cancel(&a->run, monotonic_ms());
		model_check_stop(&a->w);
		return;
	}
	files_look(&a->files, &a->w, monotonic_ms(), true);
	model_check_all(&a->w);
}

/* 'y' to "reset?": the stub over the student's file, theirs kept beside it. */
static void
key_reset(struct app *a)
{
	struct watch		*w = &a->w;
	const struct exercise	*ex = w->ex[w->confirm_ex].ex;
	char			**kept = xcalloc(ex->nfiles + 1, sizeof *kept), *cause = NULL;

	if (stub_reset(w->mf, w->wd, ex, w->ex[w->confirm_ex].paths, kept, &cause) == -1)
		model_reset_done(w, w->confirm_ex, kept, cause);
	else
		model_reset_done(w, w->confirm_ex, kept, NULL);
	for (size_t j = 0; j < ex->nfiles; j++)
		free(kept[j]);
	free(kept);
	free(cause);
	files_look(&a->files, w, monotonic_ms(), true);
}

/* The answer to "reset?": y (or the language's own letter for yes) resets. */
static bool
is_yes(bool fn, wint_t c)
{
	/* TRANSLATORS: the one-letter answer "yes" to a question that ends in (y/n). */
	wchar_t	*yes = widen(_("y"));
	bool	 ok;

	ok = !fn && (c == L'y' || c == L'Y' || (yes[0] != L'\0' &&
	    (c == (wint_t)yes[0] || c == towupper((wint_t)yes[0]))));
	free(yes);
	return ok;
}

static void
key_search(struct watch *w, bool fn, wint_t c)
{
	if ((fn && c == KEY_BACKSPACE) || (!fn && (c == 127 || c == 8)))
		model_search_erase(w);
	else if ((fn && c == KEY_ENTER) || (!fn && (c == '\n' || c == '\r')))
		model_search_close(w, true);
	else if (!fn && c == KEY_ESC)
		model_search_close(w, false);
	else if ((fn && c == KEY_DOWN) || (!fn && c == 14))     /* Ctrl-N */
		model_search_step(w, 1);
	else if ((fn && c == KEY_UP) || (!fn && c == 16))       /* Ctrl-P */
		model_search_step(w, -1);
	else if (!fn)
		model_search_key(w, (wchar_t)c);
}

/* The keys that move the selection, in both layouts; false when KEY is not one. */
static bool
key_move(struct watch *w, bool fn, wint_t c, int rows, bool list)
{
	if ((fn && c == KEY_UP) || (!fn && c == 'k'))
		model_move(w, -1);
	else if ((fn && c == KEY_DOWN) || (!fn && c == 'j'))
		model_move(w, 1);
	else if (list && fn && c == KEY_PPAGE)
		model_move(w, -(rows / 2));
	else if (list && fn && c == KEY_NPAGE)
		model_move(w, rows / 2);
	else if ((list && fn && c == KEY_HOME) || (!fn && c == 'g'))
		model_move(w, -(long)w->nitems);
	else if ((list && fn && c == KEY_END) || (!fn && c == 'G'))
		model_move(w, (long)w->nitems);
	else
		return false;
	return true;
}

/* The keys of both layouts that are letters. */
static bool
key_letter(struct app *a, wint_t c)
{
	switch (c) {
	case '/':
		model_search_open(&a->w);
		break;
	case '?':
		model_help_open(&a->w);
		break;
	case 'c':
		key_check_all(a);
		break;
	case 'x':
		model_confirm_reset(&a->w);
		break;
	case 'n':
		model_next(&a->w);
		break;
	case 'p':
		model_prev(&a->w);
		break;
	case 'h':
		key_hint(a);
		break;
	case 'v':
		key_race(a);
		break;
	default:
		return false;
	}
	return true;
}

/* The details' own keys: scrolling, running, stopping, the list. */
static void
key_main(struct app *a, bool fn, wint_t c, int rows)
{
	struct watch	*w = &a->w;

	if (fn && c == KEY_PPAGE)
		model_scroll(w, -(rows / 2));
	else if ((fn && c == KEY_NPAGE) || (!fn && c == ' '))
		model_scroll(w, rows / 2);
	else if (fn && c == KEY_HOME)
		model_scroll(w, INT_MIN);
	else if (fn && c == KEY_END)
		model_scroll(w, INT_MAX);
	else if ((fn && c == KEY_ENTER) || (!fn && (c == '\n' || c == '\r' || c == 'r')))
		key_run(a);
	else if (!fn && c == KEY_ESC)
		key_stop(a);
	else if (!fn && c == 'l')
		model_list_open(w);
}

bool
keys_handle(struct app *a, bool fn, wint_t c, int rows)
{
	struct watch	*w = &a->w;

	if (fn && c == KEY_RESIZE)
		return true;
	w->scanning = false;    /* from the first key on, the selection is the student's */
	switch (w->mode) {
	case MODE_HELP:
		model_help_close(w);
		return true;
	case MODE_CONFIRM:
		if (is_yes(fn, c))
			key_reset(a);
		else
			model_confirm_close(w);
		return true;
	case MODE_SEARCH:
		key_search(w, fn, c);
		return true;
	default:
		break;
	}
	if (!fn && (c == 'q' || c == 'Q'))
		return false;
	if (key_move(w, fn, c, rows, w->mode == MODE_LIST) || (!fn && key_letter(a, c)))
		return true;
	if (w->mode == MODE_LIST) {
		if ((fn && c == KEY_ENTER) || (!fn && (c == '\n' || c == '\r' || c == 'l' ||
		    c == KEY_ESC)))
			model_list_close(w);
		return true;
	}
	key_main(a, fn, c, rows);
	return true;
}
