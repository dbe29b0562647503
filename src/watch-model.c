/* SPDX-License-Identifier: MIT */
/*
 * watch-model.c: the dashboard's state: the exercises and the latest result of each, which one
 * is current, the list's cursor, the detail pane's scroll and the status line.
 *
 * This is the only file that changes a struct watch. The key handler, the runner's results
 * and the file watcher come here through the functions below; the drawing only reads.
 */
#include "watch.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
model_init(struct watch *w, struct manifest *mf, char *wd, const struct exercise *first)
{
	memset(w, 0, sizeof *w);
	w->mf = mf;
	w->wd = wd;
	w->n = mf->nex;
	w->ex = xcalloc(w->n, sizeof *w->ex);
	for (size_t i = 0; i < w->n; i++) {
		w->ex[i].ex = &mf->ex[i];
		w->ex[i].paths = xcalloc(mf->ex[i].nfiles + 1, sizeof(char *));
		w->ex[i].want = true;
		if (first == &mf->ex[i])
			w->cur = w->cursor = i;
	}
	w->scanning = first == NULL;
	model_set_status(w, S_NORMAL, _("Checking your exercises..."));
}

static void
paths_free(const struct exercise *ex, char **paths)
{
	for (size_t j = 0; j < ex->nfiles; j++)
		free(paths[j]);
	free(paths);
}

void
model_free(struct watch *w)
{
	for (size_t i = 0; i < w->n; i++) {
		paths_free(w->ex[i].ex, w->ex[i].paths);
		wresult_free(&w->ex[i].res);
	}
	free(w->ex);
	free(w->wd);
	memset(w, 0, sizeof *w);
}

void
model_set_color(struct watch *w, bool on)
{
	w->color = on;
}

void
model_set_status(struct watch *w, enum style s, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(w->status, sizeof w->status, fmt, ap);
	va_end(ap);
	w->status_style = s;
}

void
model_tick(struct watch *w, long long now_ms)
{
	w->spin = (unsigned)(now_ms / WATCH_TICK_MS);
}

static void
wtest_free(struct wtest *t)
{
	char	**text[] = { &t->title, &t->verdict, &t->verdict_text, &t->message,
		    &t->expected, &t->actual };

	for (size_t i = 0; i < nitems(text); i++)
		free(*text[i]);
	memset(t, 0, sizeof *t);
}

void
wresult_free(struct wresult *r)
{
	char	**text[] = { &r->error, &r->missing, &r->compiler_output, &r->internal };

	for (size_t i = 0; i < nitems(text); i++)
		free(*text[i]);
	for (size_t i = 0; i < r->nt; i++)
		wtest_free(&r->t[i]);
	free(r->t);
	wtest_free(&r->hygiene);
	memset(r, 0, sizeof *r);
}

/* ------------------------------------------------------------ reading it */

bool
model_is_done(const struct wex *x)
{
	return x->res.have && x->res.error == NULL && x->res.passed;
}

bool
model_is_checking(const struct watch *w, size_t i)
{
	return w->checking && w->checking_ex == i;
}

size_t
model_done_count(const struct watch *w)
{
	size_t	done = 0;

	for (size_t i = 0; i < w->n; i++)
		done += model_is_done(&w->ex[i]);
	return done;
}

/* PATH relative to the working copy, for display. */
const char *
model_rel(const struct watch *w, const char *path)
{
	size_t	len = strlen(w->wd);

	if (strncmp(path, w->wd, len) == 0 && path[len] == '/')
		return path + len + 1;
	return path;
}

/* The hints of the current exercise read so far (as 'proclab hint' recorded them). */
size_t
model_hints_read(const struct watch *w)
{
	return hints_seen(w->wd, w->ex[w->cur].ex);
}

/* The first file of X, as shown: where it was found, or its folder. */
static const char *
shown_file(const struct watch *w, const struct wex *x, const char *otherwise)
{
	return x->paths[0] != NULL ? model_rel(w, x->paths[0]) : otherwise;
}

/* -------------------------------------------------------------- the files */

void
model_files_seen(struct watch *w, size_t i, char **paths, unsigned long long stamp)
{
	struct wex	*x = &w->ex[i];

	paths_free(x->ex, x->paths);
	x->paths = paths;
	if (!x->looked) {
		x->looked = true;
		x->stamp = stamp;
		return;
	}
	if (stamp == x->stamp)
		return;
	x->stamp = stamp;
	x->want = true;
	if (i == w->cur)
		model_set_status(w, S_WARN, _("%s changed: checking it again..."),
		    shown_file(w, x, x->ex->dir));
}

/* ------------------------------------------------------------- the checks */

/* The next check to run: the current exercise first (a check of another one gives way to
 * it: SCHED_PREEMPT), then the others in order. */
enum wsched
model_schedule(const struct watch *w, size_t *which)
{
	*which = w->cur;
	if (w->checking && w->checking_ex != w->cur && w->ex[w->cur].want)
		return SCHED_PREEMPT;
	if (w->checking)
		return SCHED_NONE;
	if (w->ex[w->cur].want)
		return SCHED_START;
	if (w->scanning)
		return SCHED_NONE;
	for (size_t i = 0; i < w->n; i++) {
		if (w->ex[i].want) {
			*which = i;
			return SCHED_START;
		}
	}
	return SCHED_NONE;
}

void
model_check_started(struct watch *w, size_t i)
{
	w->checking = true;
	w->checking_ex = i;
	w->checking_stamp = w->ex[i].stamp;
	w->ex[i].want = false;
}

void
model_check_not_started(struct watch *w, size_t i, const char *why)
{
	struct wresult	*r = &w->ex[i].res;

	w->checking = false;
	model_set_status(w, S_BAD, "%s", why);
	wresult_free(r);
	r->have = true;
	r->when = time(NULL);
	xasprintf(&r->error, _("The check could not start: %s"), why);
}

void
model_check_cancelled(struct watch *w)
{
	if (!w->checking)
		return;
	w->ex[w->checking_ex].want = true;      /* it comes back */
	w->checking = false;
}

/* The status line once the current exercise's check is over. */
static void
status_after_check(struct watch *w, const struct wex *x)
{
	if (w->scanning && x->res.error == NULL && x->res.passed && w->cur + 1 < w->n)
		model_set_status(w, S_GOOD, _("%s is done; looking at %s..."), x->ex->dir,
		    w->ex[w->cur + 1].ex->dir);
	else if (x->res.error != NULL)
		model_set_status(w, S_BAD, _("%s: the check itself failed (r tries again)"),
		    x->ex->dir);
	else if (x->res.passed)
		model_set_status(w, S_GOOD, _("%s passes every test: %s"), x->ex->dir,
		    w->cur + 1 < w->n ? _("n goes to the next exercise") :
		    _("that was the last exercise"));
	else
		model_set_status(w, S_NORMAL, _("%d/%d points. Save %s and it is checked again."),
		    x->res.score, x->res.max, shown_file(w, x, x->ex->files[0]));
}

void
model_check_done(struct watch *w, struct wresult *res)
{
	size_t		 i = w->checking_ex;
	struct wex	*x = &w->ex[i];

	w->checking = false;
	wresult_free(&x->res);
	x->res = *res;
	memset(res, 0, sizeof *res);
	if (x->stamp != w->checking_stamp)      /* changed while it was being checked */
		x->want = true;
	if (i != w->cur)
		return;
	status_after_check(w, x);
	if (!w->scanning)
		return;
	if (model_is_done(x) && w->cur + 1 < w->n) {
		w->cur++;
		w->cursor = w->cur;
		w->scroll = 0;
	} else {
		w->scanning = false;
	}
}

/* --------------------------------------------------------------- the keys */

static void
go_to(struct watch *w, size_t i)
{
	if (i == w->cur)
		return;
	w->scanning = false;
	w->cur = w->cursor = i;
	w->scroll = 0;
	if (!w->ex[i].res.have)
		w->ex[i].want = true;
	model_set_status(w, S_NORMAL, _("Exercise %02d: %s"), w->ex[i].ex->number,
	    manifest_text(w->ex[i].ex->title));
}

void
model_next(struct watch *w)
{
	if (w->cur + 1 < w->n)
		go_to(w, w->cur + 1);
	else
		model_set_status(w, S_WARN, _("This is the last exercise"));
}

void
model_prev(struct watch *w)
{
	if (w->cur > 0)
		go_to(w, w->cur - 1);
	else
		model_set_status(w, S_WARN, _("This is the first exercise"));
}

void
model_recheck(struct watch *w)
{
	w->ex[w->cur].want = true;
	model_set_status(w, S_WARN, _("Checking %s again..."), w->ex[w->cur].ex->dir);
}

void
model_list_open(struct watch *w)
{
	w->focus = FOCUS_LIST;
	w->cursor = w->cur;
}

void
model_list_close(struct watch *w)
{
	w->cursor = w->cur;
	w->focus = FOCUS_DETAIL;
}

/* The list's cursor DELTA rows on, kept on the list. */
void
model_list_move(struct watch *w, long delta)
{
	if (delta < 0)
		w->cursor = (size_t)-delta > w->cursor ? 0 : w->cursor - (size_t)-delta;
	else if ((size_t)delta >= w->n - w->cursor)
		w->cursor = w->n - 1;
	else
		w->cursor += (size_t)delta;
}

void
model_list_choose(struct watch *w)
{
	go_to(w, w->cursor);
	w->focus = FOCUS_DETAIL;
}

/* DELTA lines on; INT_MIN and INT_MAX go to the top and the bottom. */
void
model_scroll(struct watch *w, int delta)
{
	if (delta == INT_MIN)
		w->scroll = 0;
	else if (delta == INT_MAX)
		w->scroll = INT_MAX / 2;
	else
		w->scroll += delta;
}

/* 'h': false (with the status saying why) when there is no hint left to read. */
bool
model_hint_wanted(struct watch *w)
{
	const struct exercise	*ex = w->ex[w->cur].ex;

	if (ex->nhints == 0) {
		model_set_status(w, S_WARN, _("%s has no hints"), ex->dir);
		return false;
	}
	if (model_hints_read(w) >= ex->nhints) {
		model_set_status(w, S_WARN, ngettext("No hints left for %s: the %zu hint is shown "
		    "below", "No hints left for %s: all %zu are shown below", ex->nhints), ex->dir,
		    ex->nhints);
		w->scroll_to_hint = true;
		return false;
	}
	return true;
}

/* The hint was recorded (SEEN hints read now), or not (SEEN 0) because of WHY. */
void
model_hint_done(struct watch *w, size_t seen, const char *why)
{
	const struct exercise	*ex = w->ex[w->cur].ex;

	if (seen == 0) {
		model_set_status(w, S_BAD, "%s", why);
		return;
	}
	model_set_status(w, S_NORMAL, _("Hint %zu of %zu for %s"), seen, ex->nhints, ex->dir);
	w->scroll_to_hint = true;
}

void
model_fit_scroll(struct watch *w, size_t nlines, size_t hint_line, int rows)
{
	int	maxscroll = (int)nlines - rows;

	if (maxscroll < 0)
		maxscroll = 0;
	if (w->scroll_to_hint) {
		w->scroll = (int)hint_line - rows + 1;
		w->scroll_to_hint = false;
	}
	if (w->scroll > maxscroll)
		w->scroll = maxscroll;
	if (w->scroll < 0)
		w->scroll = 0;
}
