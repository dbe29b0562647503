/* SPDX-License-Identifier: MIT */
/*
 * home.c: 'proclab' with no command. Inside a working copy, on a terminal: the home screen
 * (the dashboard of proclab watch); inside one but not on a terminal (a pipe, a file, a
 * terminal curses cannot drive): the lessons and exercises in teaching order with their
 * states, as plain text, from the working copy's state file and files, without checking
 * anything. Outside a working copy (or in the lab's own trees): the usage, as ever.
 */
#include "watch.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

/* A terminal curses can draw on: a known type that can move its cursor. */
static bool
terminal_usable(void)
{
	const char	*term = getenv("TERM");
	char		*cup;
	int		 err;
	bool		 ok;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || term == NULL || *term == '\0' ||
	    strcmp(term, "dumb") == 0)
		return false;
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return false;
	cup = tigetstr("cup");
	ok = cup != NULL && cup != (char *)-1;
	del_curterm(cur_term);
	return ok;
}

/* TEXT padded with spaces to COLS columns (translations differ in length). */
static void
put_padded(FILE *f, const char *text, int cols)
{
	fputs(text, f);
	for (int c = text_cols(text); c < cols; c++)
		fputc(' ', f);
}

static void
catalog_lesson(FILE *f, const struct wles *L)
{
	fprintf(f, "  %s%02d  ", _("L"), L->l->number);
	put_padded(f, L->l->name, 22);
	put_padded(f, !L->have_known ? _("not run") : L->known_ok ? _("ran") :
	    _("failed last time"), 14);
	fprintf(f, "%-7s %s\n", "", _(L->l->title));
}

static void
catalog_exercise(FILE *f, const struct wex *x)
{
	struct wstatus	s = model_status(x);
	char		points[32];

	if (s.state == WS_NEW || s.state == WS_UNCHECKED)
		snprintf(points, sizeof points, "-/%d", s.max);
	else
		snprintf(points, sizeof points, "%d/%d", s.score, s.max);
	fprintf(f, "  %s%02d  ", _("E"), x->ex->number);
	put_padded(f, x->ex->name, 22);
	put_padded(f, state_word(s.state), 14);
	fprintf(f, "%-7s %s%s\n", points, manifest_text(x->ex->title),
	    s.stale ? _(" (changed since its last check)") : "");
}

/* The catalog with each state, as plain text. */
static int
catalog(FILE *f, struct manifest *mf, char *wd)
{
	struct watch	w;
	struct wfiles	files;
	int		score, max;

	model_init(&w, mf, wd, NULL);
	state_load_once(&w);
	files_open(&files, &w, true);
	files_look(&files, &w, monotonic_ms(), true);
	model_points(&w, &score, &max);
	fprintf(f, _("Your progress in %s: %zu of %zu exercises passed, %d/%d points, %zu of "
	    "%zu lessons run.\n"), w.wd, model_done_count(&w), w.n, score, max,
	    model_lessons_run(&w), w.nles);
	fprintf(f, _("On a terminal, '%s' shows it live; '%s check N' checks exercise N.\n\n"),
	    progname, progname);
	for (size_t k = 0; k < w.nitems; k++)
		if (w.items[k].kind == ITEM_LESSON)
			catalog_lesson(f, &w.les[w.items[k].i]);
		else
			catalog_exercise(f, &w.ex[w.items[k].i]);
	files_close(&files);
	model_free(&w);
	return EXIT_OK;
}

int
home_main(void)
{
	struct manifest	*mf;
	char		*cause = NULL, *wd = NULL;
	int		 rc;

	if ((mf = manifest_load(manifest_path(), &cause)) == NULL || mf->nex == 0 ||
	    (wd = workdir_find(mf, ".")) == NULL || workdir_is_lab(mf, wd)) {
		free(cause);
		free(wd);
		if (mf != NULL)
			manifest_free(mf);
		return help_show(NULL, stdout);
	}
	if (terminal_usable())
		rc = watch_run(mf, wd, NULL, false);
	else
		rc = catalog(stdout, mf, wd);
	manifest_free(mf);
	return rc;
}
