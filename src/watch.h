/* SPDX-License-Identifier: MIT */
/*
 * watch.h: the internal header of proclab watch, the dashboard.
 *
 * Sections, each owned by one file; the arrows say who may call whom:
 *   watch-model.c   the state: exercises, their results, selection, scroll, status line;
 *                   the only file that changes a struct watch
 *   watch-runner.c  "proclab check N --format json" in the background: start, read, reap,
 *                   cancel; reading its JSON report back; the hint counter's child
 *   watch-files.c   noticing saved files: inotify(7) on the exercise folders, stat()
 *                   polling once a second where inotify cannot be had
 *   watch-text.c    wide characters: widening, columns, wrapping into lines
 *   watch-draw.c    the screen, drawn from a const struct watch
 *   cmd-watch.c     the command: options, the terminal, the event loop, the keys
 *
 *   cmd-watch.c -> model, runner, files, draw;  files -> model;  draw -> text, model (reads)
 */
#ifndef PROCLAB_WATCH_H
#define PROCLAB_WATCH_H

#include "proclab.h"

#include <poll.h>
#include <sys/types.h>
#include <time.h>
#include <wchar.h>

#define WATCH_ERR_MAX	4096    /* the tail of a child's stderr that is kept */
#define WATCH_TICK_MS	250     /* the spinner's step */

/* ---------------------------------------------------------------- model */

/* One test of a check's result (or its hygiene line). */
struct wtest {
	char		*title, *verdict, *verdict_text, *message, *expected, *actual;
	int		 score, max;
	int		 runs, runs_passed, failed_run;
	long long	 failed_seed;
	bool		 passed, race;
};

struct wresult {
	bool		 have;          /* a check has finished */
	char		*error;         /* the check itself failed: why (then nothing else is set) */
	bool		 passed, submitted, compiled;
	char		*missing, *compiler_output, *internal;
	int		 score, max;
	struct wtest	*t;
	size_t		 nt;
	struct wtest	 hygiene;
	long long	 seed;
	time_t		 when;
};

struct wex {
	const struct exercise *ex;
	char		**paths;        /* where each file was last found (NULL: not found) */
	unsigned long long stamp;       /* of the files, as last seen */
	bool		 looked;        /* the files have been looked at once */
	struct wresult	 res;
	bool		 want;          /* needs (another) check */
};

enum style { S_NORMAL, S_BOLD, S_GOOD, S_BAD, S_WARN, S_DIM, S_HEAD };

enum focus { FOCUS_DETAIL, FOCUS_LIST };

struct watch {
	struct manifest	*mf;
	char		*wd;
	struct wex	*ex;
	size_t		 n, cur;
	bool		 scanning;      /* finding the first exercise not done, as rustlings does */
	bool		 checking;      /* a check of ex[checking_ex] is running */
	size_t		 checking_ex;
	unsigned long long checking_stamp;      /* its files' stamp when it started */
	enum focus	 focus;
	size_t		 cursor;        /* in the list, when it has the focus */
	int		 scroll;        /* of the detail pane */
	bool		 scroll_to_hint;
	bool		 color;
	char		 status[512];
	enum style	 status_style;
	unsigned	 spin;
};

/* What the scheduler asks of the runner. */
enum wsched { SCHED_NONE, SCHED_START, SCHED_PREEMPT };

/* MF stays the caller's; WD is taken over. */
void model_init(struct watch *, struct manifest *, char *wd, const struct exercise *first);
void model_free(struct watch *);
void model_set_color(struct watch *, bool);
void model_set_status(struct watch *, enum style, const char *, ...) ATTR_PRINTF(3, 4);
void model_tick(struct watch *, long long now_ms);
void wresult_free(struct wresult *);
/* Reading the model. */
bool model_is_done(const struct wex *);
bool model_is_checking(const struct watch *, size_t i);
size_t model_done_count(const struct watch *);
const char *model_rel(const struct watch *, const char *path);
size_t model_hints_read(const struct watch *);
/* The files: PATHS (taken over) and their STAMP as just seen. */
void model_files_seen(struct watch *, size_t i, char **paths, unsigned long long stamp);
/* The checks. */
enum wsched model_schedule(const struct watch *, size_t *which);
void model_check_started(struct watch *, size_t i);
void model_check_not_started(struct watch *, size_t i, const char *why);
void model_check_cancelled(struct watch *);
void model_check_done(struct watch *, struct wresult *);     /* takes the result over */
/* The keys. */
void model_next(struct watch *);
void model_prev(struct watch *);
void model_recheck(struct watch *);
void model_list_open(struct watch *);
void model_list_close(struct watch *);
void model_list_move(struct watch *, long delta);
void model_list_choose(struct watch *);
void model_scroll(struct watch *, int delta);
bool model_hint_wanted(struct watch *);
void model_hint_done(struct watch *, size_t seen, const char *why);
/* Before each drawing: the detail pane has NLINES lines (the last hint on HINT_LINE) and
 * ROWS rows on the screen; the scroll is kept inside. */
void model_fit_scroll(struct watch *, size_t nlines, size_t hint_line, int rows);

/* --------------------------------------------------------------- runner */

struct runner {
	const struct manifest *mf;      /* what the reports are read against */
	pid_t		 pid;           /* 0: none */
	int		 out, err;      /* -1 once at end of file */
	char		*obuf;
	size_t		 olen, ocap;
	bool		 otoobig;
	char		 ebuf[WATCH_ERR_MAX];
	size_t		 elen;
};

void runner_init(struct runner *, const struct manifest *);
/* Starts "proclab check NUMBER --format json --dir WD" with TMPDIR; -1 with *CAUSE when it
 * cannot. *CAUSE may also be set on success (a warning). */
int runner_start(struct runner *, const char *wd, const char *tmpdir, int number,
    char **cause);
bool runner_running(const struct runner *);
int runner_pollfds(const struct runner *, struct pollfd *);     /* adds 0 to 2 */
bool runner_waiting_exit(const struct runner *);                /* pipes closed, not reaped */
/* Reads what the check wrote and, once it is over, reaps it into *RES: true then. */
bool runner_poll(struct runner *, struct wresult *res, char **cause);
void runner_stop(struct runner *);


/* ---------------------------------------------------------------- files */

struct wfiles {
	int		 fd;            /* inotify; -1: polling with stat() once a second */
	long long	 due;           /* when to look at the files next (ms); -1: not before an event */
	long long	 first;         /* the first event of the burst being debounced */
};

long long monotonic_ms(void);
/* Watches the exercise folders of W's working copy, or falls back to polling. */
void files_open(struct wfiles *, const struct watch *);
void files_close(struct wfiles *);
int files_pollfd(const struct wfiles *, struct pollfd *);       /* adds 0 or 1 */
void files_events(struct wfiles *, long long now);              /* the inotify fd is readable */
int files_timeout(const struct wfiles *, long long now);        /* ms, or -1 */
/* Looks at the files when that is due (or when FORCE) and tells the model what changed. */
void files_look(struct wfiles *, struct watch *, long long now, bool force);

/* ----------------------------------------------------------------- text */

struct line {
	wchar_t		*w;
	enum style	 style;
};

struct lines {
	struct line	*v;
	size_t		 n, cap;
};

wchar_t *widen(const char *);
int wchar_cols(wchar_t);
int text_cols(const char *);
void lines_add(struct lines *, int width, int indent, enum style, const char *);
void lines_addf(struct lines *, int width, int indent, enum style, const char *, ...)
    ATTR_PRINTF(5, 6);
void lines_free(struct lines *);

/* ----------------------------------------------------------------- draw */

#define WATCH_MIN_COLS	40
#define WATCH_MIN_LINES	10

/* The screen's layout and the detail pane's lines, built from the model before drawing. */
struct view {
	bool		 too_small, wide;
	int		 ly, lh, lw;    /* the list */
	int		 dx, dy, dw, dh;        /* the details */
	struct lines	 detail;
	size_t		 hint_line;
};

void view_build(const struct watch *, struct view *);
void view_free(struct view *);
void draw(const struct watch *, const struct view *);

#endif /* PROCLAB_WATCH_H */
