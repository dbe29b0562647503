/* SPDX-License-Identifier: MIT */
/*
 * watch-model.c: the dashboard's state of the exercises: their files and the latest result
 * of each (a check run from here, or the state file's word), which one is being checked and
 * why, the hints, the detail pane's scroll and the status line.
 *
 * This file and watch-select.c are the only ones that change a struct watch. The keys, the
 * runner's results, the state file and the file watcher come here through the functions
 * below; the drawing only reads.
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
	}
	select_init(w, first);
	model_set_status(w, S_NORMAL, _("Looking at your working copy..."));
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
		free(w->ex[i].task);
		free(w->ex[i].task_path);
	}
	select_free(w);
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
model_set_ascii(struct watch *w, bool on)
{
	w->ascii = on;
}

void
model_set_manual(struct watch *w, bool on)
{
	w->manual = on;
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
	w->now_ms = now_ms;
	w->spin = (unsigned)(now_ms / WATCH_TICK_MS);
}

static void
wtest_free(struct wtest *t)
{
	char	**text[] = { &t->title, &t->verdict, &t->verdict_text, &t->message,
		    &t->expected, &t->actual, &t->replay };

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

/* X's files are one of its stubs, or none is there: it has not been started. */
static bool
is_stub(const struct wex *x)
{
	bool	any = false;

	if (!x->looked)
		return false;
	for (size_t j = 0; j < x->ex->nfiles; j++)
		any = any || x->paths[j] != NULL;
	if (!any)
		return true;
	for (size_t k = 0; k < x->nstubs; k++)
		if (x->stubs[k] == x->hash)
			return true;
	return false;
}

/* The latest of the two checks we know of, the one of the files as they are first. */
static bool
use_result(const struct wex *x)
{
	bool	res_ok = x->res.have && x->res.error == NULL && x->res.submitted;
	bool	res_fresh = res_ok && x->res.hash == x->hash;
	bool	known_fresh = x->have_known && (!x->looked || x->known.hash == x->hash);

	if (!res_ok)
		return false;
	if (res_fresh != known_fresh)
		return res_fresh;
	return !x->have_known || x->res.when >= x->known.when;
}

struct wstatus
model_status(const struct wex *x)
{
	struct wstatus	s;

	memset(&s, 0, sizeof s);
	s.state = WS_UNCHECKED;
	s.max = exercise_max_score(x->ex);
	if (is_stub(x)) {
		s.state = WS_NEW;
	} else if (use_result(x)) {
		s.state = x->res.passed ? WS_PASSED : WS_FAILING;
		s.score = x->res.score;
		s.max = x->res.max;
		s.when = x->res.when;
		s.stale = x->res.hash != x->hash;
	} else if (x->have_known) {
		s.state = x->known.passed ? WS_PASSED : WS_FAILING;
		s.score = x->known.score;
		s.max = x->known.max;
		s.when = x->known.when;
		s.stale = x->looked && x->known.hash != x->hash;
		s.from_file = true;
	}
	return s;
}

bool
model_is_done(const struct wex *x)
{
	return model_status(x).state == WS_PASSED;
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

void
model_points(const struct watch *w, int *score, int *max)
{
	struct wstatus	s;

	*score = *max = 0;
	for (size_t i = 0; i < w->n; i++) {
		s = model_status(&w->ex[i]);
		*score += s.state == WS_NEW ? 0 : s.score;
		*max += exercise_max_score(w->ex[i].ex);
	}
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

/* ------------------------------------------------- what the working copy says */

void
model_known(struct watch *w, size_t i, const struct progress_result *r)
{
	struct wex	*x = &w->ex[i];

	x->have_known = r != NULL;
	if (r != NULL)
		x->known = *r;
}

void
model_task(struct watch *w, size_t i, char *text, char *path)
{
	free(w->ex[i].task);
	free(w->ex[i].task_path);
	w->ex[i].task = text;
	w->ex[i].task_path = path;
}

void
model_stubs(struct watch *w, size_t i, const uint64_t *h, size_t n)
{
	if (n > WATCH_STUBS)
		n = WATCH_STUBS;
	memcpy(w->ex[i].stubs, h, n * sizeof *h);
	w->ex[i].nstubs = n;
}

/* -------------------------------------------------------------- the files */

/* At the first look: a check is wanted where no check we know of is of these files. */
static bool
needs_check(const struct wex *x)
{
	struct wstatus	s = model_status(x);

	return s.state == WS_UNCHECKED || s.stale;
}

void
model_files_seen(struct watch *w, size_t i, char **paths, unsigned long long stamp,
    uint64_t hash)
{
	struct wex	*x = &w->ex[i];

	paths_free(x->ex, x->paths);
	x->paths = paths;
	if (!x->looked) {
		x->looked = true;
		x->stamp = stamp;
		x->hash = hash;
		if (needs_check(x)) {
			x->want = true;
			x->peek = false;
		}
		return;
	}
	if (stamp == x->stamp)
		return;
	x->stamp = stamp;
	x->hash = hash;
	x->want = true;
	x->peek = false;
	if (model_sel_ex(w) == x)
		model_set_status(w, S_WARN, _("%s changed: checking it again..."),
		    shown_file(w, x, x->ex->dir));
}

/* ------------------------------------------------------------- the checks */

/* The selected exercise's check, once the selection has rested, then the others in order;
 * a background check gives way to the selected exercise's (SCHED_PREEMPT). */
enum wsched
model_schedule(const struct watch *w, long long now, size_t *which)
{
	const struct wex	*s = model_sel_ex(w);
	bool			 first = s != NULL && s->want &&
				     now - w->sel_ms >= WATCH_REST_MS;

	*which = w->cur;
	if (w->checking && first && w->checking_ex != w->cur)
		return SCHED_PREEMPT;
	if (w->checking)
		return SCHED_NONE;
	if (first)
		return SCHED_START;
	if (s != NULL && s->want)
		return SCHED_NONE;      /* resting: nothing else starts meanwhile */
	for (size_t i = 0; i < w->n; i++) {
		if (w->ex[i].want) {
			*which = i;
			return SCHED_START;
		}
	}
	return SCHED_NONE;
}

long long
model_rest_due(const struct watch *w)
{
	const struct wex	*s = model_sel_ex(w);

	if (s == NULL || !s->want || w->checking)
		return -1;
	return w->sel_ms + WATCH_REST_MS;
}

void
model_check_started(struct watch *w, size_t i, long long now)
{
	w->checking = true;
	w->checking_ex = i;
	w->checking_stamp = w->ex[i].stamp;
	w->checking_hash = w->ex[i].hash;
	w->checking_ms = now;
	w->ex[i].want = false;
}

/* 'c': one more of them checked; the last says how they all went. */
static void
all_one_done(struct watch *w, struct wex *x)
{
	if (!x->in_all)
		return;
	x->in_all = false;
	if (++w->all_done < w->all_n)
		return;
	w->all = false;
	model_set_status(w, model_done_count(w) == w->n ? S_GOOD : S_NORMAL,
	    ngettext("Checked the %zu exercise: %zu of %zu passes.",
	    "Checked all %zu exercises: %zu of %zu pass.", w->all_n), w->all_n,
	    model_done_count(w), w->n);
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
	all_one_done(w, &w->ex[i]);
}

void
model_check_cancelled(struct watch *w)
{
	if (!w->checking)
		return;
	w->ex[w->checking_ex].want = true;      /* it comes back */
	w->checking = false;
}

/* The status line once the selected exercise's check is over. */
static void
status_after_check(struct watch *w, const struct wex *x)
{
	if (w->all)
		return;
	if (x->res.error != NULL)
		model_set_status(w, S_BAD, _("%s: the check itself failed (r tries again)"),
		    x->ex->dir);
	else if (x->res.passed)
		model_set_status(w, S_GOOD, _("%s passes every test: %s"), x->ex->dir,
		    w->sel + 1 < w->nitems ? _("n goes on to the next item") :
		    _("that was the last exercise"));
	else if (w->manual)
		model_set_status(w, S_NORMAL, _("%d/%d points. Save %s, then r checks it again."),
		    x->res.score, x->res.max, shown_file(w, x, x->ex->files[0]));
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
	res->hash = w->checking_hash;
	x->res = *res;
	memset(res, 0, sizeof *res);
	if (x->res.error == NULL && x->res.submitted) {         /* as the check recorded it */
		x->have_known = true;
		x->known = (struct progress_result){ .passed = x->res.passed,
		    .score = x->res.score, .max = x->res.max, .when = x->res.when,
		    .hash = x->res.hash };
	}
	if (x->stamp != w->checking_stamp)      /* changed while it was being checked */
		x->want = true;
	all_one_done(w, x);
	if (model_sel_ex(w) == x)
		status_after_check(w, x);
	if (w->scanning)
		model_begin(w);         /* while it follows the progress, it moves on */
}

void
model_recheck(struct watch *w)
{
	struct wex	*x = model_sel_ex(w);

	if (x == NULL)
		return;
	x->want = true;
	x->peek = false;
	model_set_status(w, S_WARN, _("Checking %s again..."), x->ex->dir);
}

void
model_check_all(struct watch *w)
{
	for (size_t i = 0; i < w->n; i++) {
		w->ex[i].want = w->ex[i].in_all = true;
		w->ex[i].peek = false;
	}
	w->all = true;
	w->all_n = w->n;
	w->all_done = 0;
	model_set_status(w, S_WARN, ngettext("Checking the %zu exercise (Esc or c stops)...",
	    "Checking all %zu exercises (Esc or c stops)...", w->n), w->n);
}

bool
model_check_stop(struct watch *w)
{
	size_t	done = w->all_done, all = w->all_n;
	bool	was_all = w->all;

	if (!w->checking && !w->all)
		return false;
	if (w->checking)
		model_set_status(w, S_WARN, _("Stopped checking %s."),
		    w->ex[w->checking_ex].ex->dir);
	for (size_t i = 0; i < w->n; i++)
		w->ex[i].want = w->ex[i].in_all = false;
	w->checking = w->all = false;
	if (was_all)
		model_set_status(w, S_WARN, ngettext("Stopped: %zu of the %zu exercise checked.",
		    "Stopped: %zu of the %zu exercises checked.", all), done, all);
	return true;
}

/* --------------------------------------------------------------- the hints */

/* 'h': false (with the status saying why) when there is no hint left to read. */
bool
model_hint_wanted(struct watch *w)
{
	const struct exercise	*ex;

	if (model_sel_ex(w) == NULL) {
		model_set_status(w, S_WARN, _("A lesson has no hints: h is for the exercises"));
		return false;
	}
	ex = w->ex[w->cur].ex;
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

/* ------------------------------------------------------------ the scroll */

/* DELTA lines on; INT_MIN and INT_MAX go to the top and the bottom (which a lesson's output
 * then follows). */
void
model_scroll(struct watch *w, int delta)
{
	w->follow = delta == INT_MAX;
	if (delta == INT_MIN)
		w->scroll = 0;
	else if (delta == INT_MAX)
		w->scroll = INT_MAX / 2;
	else
		w->scroll += delta;
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
	if (w->follow)
		w->scroll = maxscroll;
	if (w->scroll > maxscroll)
		w->scroll = maxscroll;
	if (w->scroll < 0)
		w->scroll = 0;
}
