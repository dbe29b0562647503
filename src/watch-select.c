/* SPDX-License-Identifier: MIT */
/*
 * watch-select.c: the home screen's list: the lessons and the exercises in teaching order
 * (each exercise after the last lesson it needs: lesson_before), the selection and the
 * modes that move it (the whole list, search), the help and the reset's question, the
 * lessons run from here, with their output, and what v shows in the race viewer (a failed
 * race test's run, lesson 06's or 08's race).
 *
 * Until a key moves it, the selection follows the progress: it stands on the first item
 * not done after the last one done (a lesson run, an exercise passed), and moves on as the
 * background checks tell more.
 */
#include "watch.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <wctype.h>

void
select_init(struct watch *w, const struct exercise *first)
{
	int	*place = xcalloc(w->n + 1, sizeof *place), prev = 0;
	size_t	 k = 0;

	w->nles = nlessons;
	w->les = xcalloc(w->nles + 1, sizeof *w->les);
	w->items = xcalloc(w->nles + w->n + 1, sizeof *w->items);
	for (size_t i = 0; i < w->n; i++) {     /* after its lesson, in the exercises' order */
		place[i] = lesson_before(w->ex[i].ex->dir);
		if (place[i] <= 0 || place[i] > (int)nlessons)
			place[i] = (int)nlessons + 1;
		if (place[i] < prev)
			place[i] = prev;
		prev = place[i];
	}
	for (size_t l = 0; l <= w->nles; l++) {
		if (l < w->nles) {
			w->les[l].l = &lessons[l];
			snprintf(w->les[l].name, sizeof w->les[l].name, "%02d-%s",
			    lessons[l].number, lessons[l].name);
			w->items[k++] = (struct witem){ ITEM_LESSON, l };
		}
		for (size_t i = 0; i < w->n; i++)
			if (place[i] == (int)l + 1 || (l == w->nles && place[i] > (int)l))
				w->items[k++] = (struct witem){ ITEM_EXERCISE, i };
	}
	w->nitems = k;
	free(place);
	w->scanning = first == NULL;
	for (size_t j = 0; j < w->nitems; j++)
		if (first != NULL && w->items[j].kind == ITEM_EXERCISE &&
		    w->ex[w->items[j].i].ex == first)
			w->sel = j;
	if (w->items[w->sel].kind == ITEM_EXERCISE)
		w->cur = w->items[w->sel].i;
}

void
select_free(struct watch *w)
{
	for (size_t l = 0; l < w->nles; l++)
		free(w->les[l].out);
	free(w->les);
	free(w->items);
}

const struct witem *
model_item(const struct watch *w)
{
	return &w->items[w->sel];
}

struct wex *
model_sel_ex(const struct watch *w)
{
	const struct witem	*it = model_item(w);

	return it->kind == ITEM_EXERCISE ? &w->ex[it->i] : NULL;
}

struct wles *
model_sel_lesson(const struct watch *w)
{
	const struct witem	*it = model_item(w);

	return it->kind == ITEM_LESSON ? &w->les[it->i] : NULL;
}

static bool
lesson_done(const struct wles *L)
{
	return L->have_known;
}

bool
model_item_done(const struct watch *w, const struct witem *it)
{
	if (it->kind == ITEM_LESSON)
		return lesson_done(&w->les[it->i]);
	return model_is_done(&w->ex[it->i]);
}

size_t
model_lessons_run(const struct watch *w)
{
	size_t	n = 0;

	for (size_t l = 0; l < w->nles; l++)
		n += lesson_done(&w->les[l]);
	return n;
}

void
model_lesson_known(struct watch *w, size_t i, bool have, bool ok, time_t when)
{
	struct wles	*L = &w->les[i];

	if (L->running)
		return;
	L->have_known = have;
	L->known_ok = ok;
	L->known_when = when;
}

/* ------------------------------------------------------------ the selection */

static void
say_selected(struct watch *w)
{
	const struct witem	*it = model_item(w);
	const struct lesson	*l;

	if (it->kind == ITEM_EXERCISE) {
		model_set_status(w, S_NORMAL, _("Exercise %02d: %s"), w->ex[it->i].ex->number,
		    manifest_text(w->ex[it->i].ex->title));
		return;
	}
	l = w->les[it->i].l;
	model_set_status(w, S_NORMAL, _("Lesson %02d: %s (Enter runs it)"), l->number,
	    _(l->title));
}

/* ITEM selected: its details shown from the top, an exercise checked once it rests there
 * when they are not known yet. */
static void
select_item(struct watch *w, size_t item)
{
	struct wex	*x = model_sel_ex(w);

	if (item == w->sel)
		return;
	if (x != NULL && x->peek && !model_is_checking(w, w->cur))
		x->want = x->peek = false;      /* it was wanted only to be shown */
	w->sel = item;
	w->sel_ms = w->now_ms;
	w->scroll = 0;
	w->follow = false;
	x = model_sel_ex(w);
	if (x != NULL) {
		w->cur = (size_t)(x - w->ex);
		if (!x->res.have && !x->want && !model_is_checking(w, w->cur))
			x->want = x->peek = true;
	}
	say_selected(w);
}

/* The first item not done after the last one done (or the first not done, or the last). */
static size_t
frontier(const struct watch *w)
{
	size_t	last = 0, i;
	bool	any = false;

	for (i = 0; i < w->nitems; i++)
		if (model_item_done(w, &w->items[i])) {
			last = i;
			any = true;
		}
	for (i = any ? last + 1 : 0; i < w->nitems; i++)
		if (!model_item_done(w, &w->items[i]))
			return i;
	for (i = 0; i < w->nitems; i++)
		if (!model_item_done(w, &w->items[i]))
			return i;
	return w->nitems - 1;
}

void
model_begin(struct watch *w)
{
	struct wex	*x;
	size_t		 to;

	if (w->scanning && (to = frontier(w)) != w->sel) {
		select_item(w, to);
		w->begun = true;
		return;
	}
	x = model_sel_ex(w);
	if (x != NULL && !x->res.have && !x->want && !model_is_checking(w, w->cur))
		x->want = x->peek = true;
	if (!w->begun)
		say_selected(w);
	w->begun = true;
}

void
model_select(struct watch *w, size_t item)
{
	w->scanning = false;
	if (item < w->nitems)
		select_item(w, item);
}

void
model_next(struct watch *w)
{
	w->scanning = false;
	if (w->sel + 1 < w->nitems)
		select_item(w, w->sel + 1);
	else
		model_set_status(w, S_WARN, _("This is the last item of the list"));
}

void
model_prev(struct watch *w)
{
	w->scanning = false;
	if (w->sel > 0)
		select_item(w, w->sel - 1);
	else
		model_set_status(w, S_WARN, _("This is the first item of the list"));
}

/* DELTA items on, kept on the list. */
void
model_move(struct watch *w, long delta)
{
	size_t	to;

	if (delta < 0)
		to = (size_t)-delta > w->sel ? 0 : w->sel - (size_t)-delta;
	else if ((size_t)delta >= w->nitems - w->sel)
		to = w->nitems - 1;
	else
		to = w->sel + (size_t)delta;
	model_select(w, to);
}

void
model_list_open(struct watch *w)
{
	w->mode = MODE_LIST;
	model_set_status(w, S_NORMAL, _("Up and down choose, Enter or l goes back, / searches"));
}

void
model_list_close(struct watch *w)
{
	w->mode = MODE_MAIN;
	say_selected(w);
}

void
model_help_open(struct watch *w)
{
	if (w->mode == MODE_HELP)
		return;
	w->back = w->mode;
	w->mode = MODE_HELP;
}

void
model_help_close(struct watch *w)
{
	w->mode = w->back;
}

/* ---------------------------------------------------------------- search */

/* The item's name and title, in lower case, as a search looks at them. */
static wchar_t *
item_text(const struct watch *w, size_t item)
{
	const struct witem	*it = &w->items[item];
	char			*t;
	wchar_t			*wt;

	if (it->kind == ITEM_LESSON)
		xasprintf(&t, "%s %s", w->les[it->i].name, _(w->les[it->i].l->title));
	else
		xasprintf(&t, "%s %s", w->ex[it->i].ex->dir,
		    manifest_text(w->ex[it->i].ex->title));
	wt = widen(t);
	free(t);
	for (wchar_t *p = wt; *p != L'\0'; p++)
		*p = (wchar_t)towlower((wint_t)*p);
	return wt;
}

bool
model_search_matches(const struct watch *w, size_t item)
{
	wchar_t	 q[nitems(w->search)], *t;
	bool	 found;

	if (w->search_len == 0)
		return false;
	for (size_t i = 0; i <= w->search_len; i++)
		q[i] = (wchar_t)towlower((wint_t)w->search[i]);
	t = item_text(w, item);
	found = wcsstr(t, q) != NULL;
	free(t);
	return found;
}

static void
say_search(struct watch *w, bool found)
{
	if (found || w->search_len == 0)
		model_set_status(w, S_NORMAL, _("/%ls  (Enter: go there, Esc: back, up/down: the "
		    "other matches)"), w->search);
	else
		model_set_status(w, S_WARN, _("/%ls  nothing matches (Backspace, or Esc: back)"),
		    w->search);
}

/* The first match from item FROM on, in direction DIR (1 or -1), coming round the end. */
static void
search_from(struct watch *w, size_t from, int dir)
{
	size_t	i = from;

	for (size_t k = 0; k < w->nitems; k++) {
		if (model_search_matches(w, i)) {
			select_item(w, i);
			say_search(w, true);
			return;
		}
		i = (i + w->nitems + (size_t)(dir > 0 ? 1 : w->nitems - 1)) % w->nitems;
	}
	say_search(w, false);
}

void
model_search_open(struct watch *w)
{
	w->back = w->mode == MODE_LIST ? MODE_LIST : MODE_MAIN;
	w->mode = MODE_SEARCH;
	w->scanning = false;
	w->search_len = 0;
	w->search[0] = L'\0';
	w->search_from = w->sel;
	say_search(w, true);
}

void
model_search_key(struct watch *w, wchar_t c)
{
	if (w->search_len + 1 >= nitems(w->search) || c < L' ' || wcwidth(c) < 0)
		return;
	w->search[w->search_len++] = c;
	w->search[w->search_len] = L'\0';
	search_from(w, w->search_from, 1);
}

void
model_search_erase(struct watch *w)
{
	if (w->search_len > 0)
		w->search[--w->search_len] = L'\0';
	if (w->search_len == 0) {
		select_item(w, w->search_from);
		say_search(w, true);
		return;
	}
	search_from(w, w->search_from, 1);
}

void
model_search_step(struct watch *w, int dir)
{
	if (w->search_len > 0)
		search_from(w, (w->sel + w->nitems + (dir > 0 ? 1 : w->nitems - 1)) % w->nitems,
		    dir);
}

void
model_search_close(struct watch *w, bool accept)
{
	w->mode = w->back;
	if (!accept || w->search_len == 0 || !model_search_matches(w, w->sel))
		select_item(w, w->search_from);
	w->search_len = 0;
	w->search[0] = L'\0';
	say_selected(w);
}

/* ----------------------------------------------------------------- reset */

bool
model_confirm_reset(struct watch *w)
{
	struct wex	*x = model_sel_ex(w);
	const char	*file;

	if (x == NULL) {
		model_set_status(w, S_WARN,
		    _("x resets an exercise to its stub: this is a lesson"));
		return false;
	}
	file = x->ex->files[0];
	w->back = w->mode == MODE_LIST ? MODE_LIST : MODE_MAIN;
	w->mode = MODE_CONFIRM;
	w->confirm_ex = w->cur;
	if (x->paths[0] != NULL)
		snprintf(w->question, sizeof w->question, _("Reset %s to the stub? Yours is kept "
		    "as %s.~N~ (y/n)"), file, x->ex->files[0]);
	else
		snprintf(w->question, sizeof w->question, _("Put the stub of %s back? (y/n)"),
		    x->ex->dir);
	return true;
}

void
model_confirm_close(struct watch *w)
{
	w->mode = w->back;
	model_set_status(w, S_NORMAL, _("Not reset: your %s is as it was."),
	    w->ex[w->confirm_ex].ex->files[0]);
}

void
model_reset_done(struct watch *w, size_t i, char *const *kept, const char *why)
{
	struct wex	*x = &w->ex[i];

	w->mode = w->back;
	if (why != NULL)
		model_set_status(w, S_BAD, _("Not reset: %s"), why);
	else if (kept[0] != NULL)
		model_set_status(w, S_GOOD, _("%s is the stub again; yours is kept as %s"),
		    x->ex->files[0], model_rel(w, kept[0]));
	else
		model_set_status(w, S_GOOD, _("%s is the stub again"), x->ex->files[0]);
}

/* ---------------------------------------------------------------- lessons */

bool
model_lesson_wanted(struct watch *w, size_t i)
{
	if (!w->lesson_running)
		return true;
	if (w->lesson == i)
		model_set_status(w, S_WARN, _("Lesson %02d is running: Esc stops it"),
		    w->les[i].l->number);
	else
		model_set_status(w, S_WARN, _("Lesson %02d is still running: wait for it, or Esc "
		    "stops it"), w->les[w->lesson].l->number);
	return false;
}

void
model_lesson_started(struct watch *w, size_t i, long long now)
{
	struct wles	*L = &w->les[i];

	free(L->out);
	L->out = NULL;
	L->len = L->dropped = 0;
	L->run = L->running = true;
	L->stopped = false;
	L->wstatus = 0;
	L->started_ms = now;
	w->lesson_running = true;
	w->lesson = i;
	if (model_sel_lesson(w) == L) {
		w->follow = true;
		w->scroll = 0;
	}
	model_set_status(w, S_WARN, _("Running lesson %02d (Esc stops it)..."), L->l->number);
}

void
model_lesson_not_started(struct watch *w, size_t i, const char *why)
{
	w->les[i].running = false;
	w->lesson_running = false;
	model_set_status(w, S_BAD, _("Lesson %02d could not start: %s"), w->les[i].l->number,
	    why);
}

void
model_lesson_output(struct watch *w, const char *buf, size_t n)
{
	struct wles	*L = &w->les[w->lesson];
	size_t		 room = LESSON_OUT_MAX - L->len, k = n < room ? n : room;

	if (L->out == NULL)
		L->out = xmalloc(LESSON_OUT_MAX + 1);
	memcpy(L->out + L->len, buf, k);
	L->len += k;
	L->out[L->len] = '\0';
	L->dropped += n - k;
}

void
model_lesson_ended(struct watch *w, int wstatus, bool stopped, long long now)
{
	struct wles	*L = &w->les[w->lesson];
	bool		 ok = WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0;
	double		 s = now > L->started_ms ? (double)(now - L->started_ms) / 1000 : 0;

	L->running = false;
	L->stopped = stopped;
	L->wstatus = wstatus;
	L->ended_ms = now;
	w->lesson_running = false;
	if (!stopped) {
		L->have_known = true;
		L->known_ok = ok;
		L->known_when = time(NULL);
	}
	if (stopped)
		model_set_status(w, S_WARN, _("Lesson %02d stopped after %.1f s"), L->l->number, s);
	else if (ok)
		model_set_status(w, S_GOOD, _("Lesson %02d ran in %.1f s: n goes on to the next "
		    "item"), L->l->number, s);
	else if (WIFSIGNALED(wstatus))
		model_set_status(w, S_BAD, _("Lesson %02d was killed by %s"), L->l->number,
		    strsignal(WTERMSIG(wstatus)));
	else
		model_set_status(w, S_BAD, _("Lesson %02d exited with status %d"), L->l->number,
		    WEXITSTATUS(wstatus));
}

/* ------------------------------------------------------------- the races */

/* An exercise's first failed test that ran under the scheduler (has a replay token). */
static const struct wtest *
failed_race(const struct wex *x)
{
	for (size_t i = 0; i < x->res.nt; i++)
		if (!x->res.t[i].passed && x->res.t[i].replay != NULL)
			return &x->res.t[i];
	return NULL;
}

/* Why the selected exercise has no race to show, on the status line. */
static void
no_race(struct watch *w, const struct wex *x)
{
	int n = x->ex->number;

	if (!x->res.have)
		model_set_status(w, S_NORMAL, _("Exercise %02d has not been checked here yet: r "
		    "checks it, and then v shows a race test it failed."), n);
	else if (x->res.passed)
		model_set_status(w, S_NORMAL, _("Every test of exercise %02d passed: there is no "
		    "failed race to show."), n);
	else
		model_set_status(w, S_NORMAL, _("No race to show: exercise %02d failed no test "
		    "that ran under proclab's scheduler (v shows those)."), n);
}

bool
model_race_wanted(struct watch *w, struct wrace *rq)
{
	const struct wles	*L = model_sel_lesson(w);
	const struct wex	*x = model_sel_ex(w);
	const struct wtest	*t;

	memset(rq, 0, sizeof *rq);
	if (w->racing) {
		model_set_status(w, S_WARN, _("The race viewer is being prepared already: wait "
		    "for it, or Esc stops it."));
		return false;
	}
	if (L != NULL && !lesson_races(L->l)) {
		model_set_status(w, S_NORMAL, _("Lesson %02d has no race to show: v shows lessons "
		    "06 to 09, and the race tests an exercise failed."), L->l->number);
		return false;
	}
	if (L != NULL) {
		rq->lesson = true;
		rq->number = L->l->number;
		return true;
	}
	if ((t = failed_race(x)) == NULL) {
		no_race(w, x);
		return false;
	}
	rq->number = x->ex->number;
	rq->title = t->title;
	rq->replay = t->replay;
	return true;
}

void
model_race_started(struct watch *w, const struct wrace *rq, long long now)
{
	w->racing = true;
	w->racing_ms = now;
	w->racing_lesson = rq->lesson;
	w->racing_number = rq->number;
	if (rq->lesson)
		model_set_status(w, S_WARN, _("Running lesson %02d's race under proclab's "
		    "scheduler for the race viewer (Esc stops it)..."), rq->number);
	else
		model_set_status(w, S_WARN, _("Running the failed run of \"%s\" again, traced, "
		    "for the race viewer (Esc stops it)..."), rq->title);
}

void
model_race_ended(struct watch *w, const char *why)
{
	w->racing = false;
	if (why != NULL)
		model_set_status(w, S_BAD, _("The race viewer could not be opened: %s"), why);
	else
		model_set_status(w, S_NORMAL, _("Back from the race viewer (v opens it again)."));
}

void
model_race_stopped(struct watch *w)
{
	w->racing = false;
	model_set_status(w, S_WARN, _("The race viewer was not opened: stopped."));
}
