/* SPDX-License-Identifier: MIT */
/*
 * watch-state.c: what the working copy tells the home screen at once, before any check:
 * the state file (.proclab-state: each exercise's latest check, wherever it ran, and the
 * lessons run; grader/progress.c), the fingerprints of the stubs (files still a stub: not
 * started) and each exercise's task. The state file is read again whenever the files are
 * looked at, so that a 'proclab check' run in another terminal shows here too.
 */
#include "watch.h"

#include <stdlib.h>
#include <string.h>

void
state_load(struct watch *w)
{
	char			*text = progress_read(w->wd);
	struct progress_result	 r;
	bool			 ok;
	time_t			 when;

	for (size_t i = 0; i < w->n; i++) {
		if (progress_result(text, w->ex[i].ex->dir, &r))
			model_known(w, i, &r);
		else if (!w->ex[i].res.have)    /* a line deleted by hand is forgotten */
			model_known(w, i, NULL);
	}
	for (size_t l = 0; l < w->nles; l++) {
		if (progress_lesson(text, w->les[l].name, &ok, &when))
			model_lesson_known(w, l, true, ok, when);
		else if (!w->les[l].run)
			model_lesson_known(w, l, false, false, 0);
	}
	free(text);
}

/* The task of exercise EX: the working copy's README.md, else the lab's own (in the
 * language of the messages when it has that translation). */
static void
load_task(struct watch *w, size_t i)
{
	const struct exercise	*ex = w->ex[i].ex;
	char			*path, *text, *lang, *dir, *name = NULL;
	size_t			 len;

	for (int k = 0; k < 3; k++) {
		if (k == 0)
			xasprintf(&path, "%s/%s/README.md", w->wd, ex->dir);
		else if (k == 1)
			xasprintf(&path, "%s/exercises/%s/README.md", w->wd, ex->dir);
		else {
			xasprintf(&dir, "%s/%s", w->mf->dir, ex->dir);
			lang = messages_language();
			name = lang != NULL ? translation_find(dir, lang, "README.", ".md") : NULL;
			xasprintf(&path, "%s/%s", dir, name != NULL ? name : "README.md");
			free(name);
			free(lang);
			free(dir);
		}
		if ((text = read_file_max(path, TASK_MAX, &len, NULL)) != NULL) {
			model_task(w, i, text, path);
			return;
		}
		free(path);
	}
}

void
state_load_once(struct watch *w)
{
	uint64_t	h[WATCH_STUBS];
	size_t		n;

	for (size_t i = 0; i < w->n; i++) {
		n = stub_hashes(w->mf, w->ex[i].ex, h, nitems(h));
		model_stubs(w, i, h, n);
		load_task(w, i);
	}
	state_load(w);
}

void
state_record_lesson(struct watch *w, size_t i, bool ok)
{
	char	*cause = NULL;

	if (progress_record_lesson(w->wd, w->les[i].name, ok, time(NULL), &cause) == -1) {
		model_set_status(w, S_BAD, _("Could not note the lesson in the state file: %s"),
		    cause);
		free(cause);
	}
}

const char *
state_word(enum wstate s)
{
	switch (s) {
	case WS_NEW:		return _("not started");
	case WS_UNCHECKED:	return _("not checked");
	case WS_FAILING:	return _("failing");
	case WS_PASSED:		return _("passed");
	}
	return "?";
}
