/* SPDX-License-Identifier: MIT */
/*
 * watch.h: the internal header of the home screen (proclab, proclab watch), the dashboard.
 *
 * Sections, each owned by one file; the arrows say who may call whom:
 *   watch-model.c   the state of the exercises: their files, results, checks, hints, the
 *                   detail pane's scroll and the status line
 *   watch-select.c  the list of lessons and exercises in teaching order: the selection,
 *                   the list, search, help and confirmation modes, the lessons' runs,
 *                   what v (the race viewer) shows;
 *                   these two are the only files that change a struct watch
 *   watch-state.c   what the working copy says at once: the state file (.proclab-state:
 *                   the latest checks, the lessons run), the stubs' fingerprints, the tasks
 *   watch-runner.c  "proclab check N --format json" in the background: start, read, reap,
 *                   cancel without waiting; reading its JSON report back
 *   watch-lesson.c  a lesson run in the background, its output captured (capped)
 *   watch-files.c   noticing saved files: inotify(7) on the exercise folders, stat()
 *                   polling once a second where inotify cannot be had
 *   watch-text.c    wide characters: widening, columns, wrapping into lines
 *   watch-draw.c    the screen, drawn from a const struct watch
 *   watch-keys.c    what each key does, in each mode
 *   cmd-watch.c     the command: options, the terminal, the event loop
 *
 *   cmd-watch.c -> keys, model, select, state, runner, lesson, files, draw;
 *   keys -> model, select, state, runner, lesson, files;  files -> model, state;
 *   state -> model;  draw -> text, model and select (reads)
 */
#ifndef PROCLAB_WATCH_H
#define PROCLAB_WATCH_H

#include "proclab.h"

#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <time.h>
#include <wchar.h>

#define WATCH_ERR_MAX	4096    /* the tail of a child's stderr that is kept */
#define WATCH_TICK_MS	250     /* the spinner's step */
#define WATCH_REST_MS	300     /* a selection that rests this long gets its check */
#define WATCH_STOP_MS	2000    /* a child told to stop is killed after this long */
#define WATCH_STUBS	8       /* the stubs' fingerprints kept (English and translations) */
#define LESSON_OUT_MAX	(256u << 10)    /* a lesson's output kept; the rest is counted */
#define TASK_MAX	(64u << 10)     /* an exercise's task shown */

/* ---------------------------------------------------------------- model */

/* One test of a check's result (or its hygiene line). */
struct wtest {
	char		*title, *verdict, *verdict_text, *message, *expected, *actual;
	char		*replay;        /* the failed run's --replay token (scheduled), or NULL */
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
	uint64_t	 hash;          /* of the files it checked */
};

/* What the list says of an exercise. NEW: its files are a stub (or missing), whatever
 * checks said; UNCHECKED: changed since any check we know of, or never checked. */
enum wstate { WS_NEW, WS_UNCHECKED, WS_FAILING, WS_PASSED };

struct wstatus {
	enum wstate	 state;
	int		 score, max;
	time_t		 when;          /* of the check it comes from (0: none) */
	bool		 stale;         /* the files changed since that check */
	bool		 from_file;     /* that check is known from the state file only */
};

struct wex {
	const struct exercise *ex;
	char		**paths;        /* where each file was last found (NULL: not found) */
	unsigned long long stamp;       /* of the files, as last seen (stat) */
	uint64_t	 hash;          /* of their contents, as last seen */
	bool		 looked;        /* the files have been looked at once */
	struct wresult	 res;           /* the latest check run from here */
	bool		 have_known;
	struct progress_result known;   /* the latest check in the state file */
	uint64_t	 stubs[WATCH_STUBS];
	size_t		 nstubs;
	char		*task, *task_path;      /* its README.md, as the working copy has it */
	bool		 want;          /* needs (another) check */
	bool		 peek;          /* ... only to show its details while it is selected */
	bool		 in_all;        /* part of the running 'check all' */
};

struct wles {
	const struct lesson *l;
	char		 name[64];      /* "06-balance-race", as the state file names it */
	bool		 have_known, known_ok;
	time_t		 known_when;
	/* its latest run from here */
	bool		 run, running, stopped;
	char		*out;
	size_t		 len, dropped;
	int		 wstatus;
	long long	 started_ms, ended_ms;
};

enum wkind { ITEM_LESSON, ITEM_EXERCISE };

struct witem {
	enum wkind	 kind;
	size_t		 i;             /* in les or ex */
};

enum style { S_NORMAL, S_BOLD, S_GOOD, S_BAD, S_WARN, S_DIM, S_HEAD };

enum wmode {
	MODE_MAIN,      /* the list beside the selected item's details */
	MODE_LIST,      /* the whole list, with titles ('l') */
	MODE_SEARCH,    /* typing what to find ('/') */
	MODE_CONFIRM,   /* reset? y/n ('x') */
	MODE_HELP       /* the keys ('?') */
};

struct watch {
	struct manifest	*mf;
	char		*wd;
	struct wex	*ex;
	size_t		 n, cur;        /* cur: the selected exercise, or the last one selected */
	struct wles	*les;
	size_t		 nles;
	struct witem	*items;         /* teaching order */
	size_t		 nitems, sel;   /* the selection */
	long long	 sel_ms;        /* when it last changed */
	bool		 scanning;      /* it follows the progress until a key moves it */
	bool		 begun;         /* model_begin has said where it starts */
	bool		 checking;      /* a check of ex[checking_ex] is running */
	size_t		 checking_ex;
	unsigned long long checking_stamp;      /* its files' stamp when it started */
	uint64_t	 checking_hash;
	long long	 checking_ms;   /* when it started */
	bool		 all;           /* 'c': every exercise being checked */
	size_t		 all_n, all_done;
	bool		 lesson_running;
	size_t		 lesson;        /* in les */
	bool		 racing;        /* 'v': a race being traced for the viewer, */
	bool		 racing_lesson; /* ... lesson racing_number's, else that exercise's */
	int		 racing_number;
	long long	 racing_ms;     /* when it started */
	enum wmode	 mode, back;    /* back: the mode a search, help or question returns to */
	wchar_t		 search[48];
	size_t		 search_len, search_from;
	size_t		 confirm_ex;
	char		 question[512]; /* MODE_CONFIRM's, on the status line until answered
					 * (a check that ends meanwhile must not hide it) */
	int		 scroll;        /* of the detail pane */
	bool		 scroll_to_hint, follow;        /* follow: a lesson's output, at its end */
	bool		 color, ascii, manual;
	char		 status[512];
	enum style	 status_style;
	unsigned	 spin;
	long long	 now_ms;
};

/* What the scheduler asks of the runner. */
enum wsched { SCHED_NONE, SCHED_START, SCHED_PREEMPT };

/* watch-model.c. MF stays the caller's; WD is taken over; FIRST: the exercise to start at,
 * or NULL: where the progress is (model_begin, once the state and the files are known). */
void model_init(struct watch *, struct manifest *, char *wd, const struct exercise *first);
void model_free(struct watch *);
void model_set_color(struct watch *, bool);
void model_set_ascii(struct watch *, bool);
void model_set_manual(struct watch *, bool);
void model_set_status(struct watch *, enum style, const char *, ...) ATTR_PRINTF(3, 4);
void model_tick(struct watch *, long long now_ms);
void wresult_free(struct wresult *);
/* Reading the model. */
struct wstatus model_status(const struct wex *);
bool model_is_done(const struct wex *);
bool model_is_checking(const struct watch *, size_t i);
size_t model_done_count(const struct watch *);
void model_points(const struct watch *, int *score, int *max);
const char *model_rel(const struct watch *, const char *path);
size_t model_hints_read(const struct watch *);
/* The state file's word on exercise I (NULL: none) and on lesson I. */
void model_known(struct watch *, size_t i, const struct progress_result *);
void model_lesson_known(struct watch *, size_t i, bool have, bool ok, time_t when);
void model_task(struct watch *, size_t i, char *text, char *path);     /* taken over */
void model_stubs(struct watch *, size_t i, const uint64_t *, size_t n);
/* The files: PATHS (taken over), their STAMP and the HASH of their contents, as just seen. */
void model_files_seen(struct watch *, size_t i, char **paths, unsigned long long stamp,
    uint64_t hash);
/* The checks. */
enum wsched model_schedule(const struct watch *, long long now, size_t *which);
long long model_rest_due(const struct watch *);         /* when a resting selection is due */
void model_check_started(struct watch *, size_t i, long long now);
void model_check_not_started(struct watch *, size_t i, const char *why);
void model_check_cancelled(struct watch *);             /* given way: it comes back */
void model_check_done(struct watch *, struct wresult *);     /* takes the result over */
void model_recheck(struct watch *);
void model_check_all(struct watch *);                   /* 'c' */
bool model_check_stop(struct watch *);                  /* false: there was none to stop */
/* The hints. */
bool model_hint_wanted(struct watch *);
void model_hint_done(struct watch *, size_t seen, const char *why);
/* Before each drawing: the detail pane has NLINES lines (the last hint on HINT_LINE) and
 * ROWS rows on the screen; the scroll is kept inside. */
void model_scroll(struct watch *, int delta);
void model_fit_scroll(struct watch *, size_t nlines, size_t hint_line, int rows);

/* watch-select.c: the list and the selection. */
void select_init(struct watch *, const struct exercise *first);        /* from model_init */
void select_free(struct watch *);
const struct witem *model_item(const struct watch *);           /* the selected one */
struct wex *model_sel_ex(const struct watch *);                 /* NULL: a lesson */
struct wles *model_sel_lesson(const struct watch *);            /* NULL: an exercise */
bool model_item_done(const struct watch *, const struct witem *);
size_t model_lessons_run(const struct watch *);
void model_begin(struct watch *);       /* the selection where the progress is */
void model_select(struct watch *, size_t item);
void model_next(struct watch *);
void model_prev(struct watch *);
void model_move(struct watch *, long delta);
void model_list_open(struct watch *);
void model_list_close(struct watch *);
void model_help_open(struct watch *);
void model_help_close(struct watch *);
void model_search_open(struct watch *);
void model_search_key(struct watch *, wchar_t);                /* a character typed */
void model_search_erase(struct watch *);
void model_search_step(struct watch *, int dir);               /* the next (1) or previous */
void model_search_close(struct watch *, bool accept);
bool model_search_matches(const struct watch *, size_t item);
bool model_confirm_reset(struct watch *);       /* false (status says why): nothing to reset */
void model_confirm_close(struct watch *);
void model_reset_done(struct watch *, size_t i, char *const *kept, const char *why);
/* The lessons' runs. */
bool model_lesson_wanted(struct watch *, size_t i);     /* false (status says why): not now */
void model_lesson_started(struct watch *, size_t i, long long now);
void model_lesson_not_started(struct watch *, size_t i, const char *why);
void model_lesson_output(struct watch *, const char *, size_t);
void model_lesson_ended(struct watch *, int wstatus, bool stopped, long long now);

/* 'v', the race viewer: a failed race test's run again (REPLAY, the token of the test
 * TITLE of exercise NUMBER: the model's strings, copied before it changes), or lesson
 * NUMBER's race. */
struct wrace {
	bool		 lesson;
	int		 number;
	const char	*title, *replay;
};
bool model_race_wanted(struct watch *, struct wrace *);         /* false (status says why) */
void model_race_started(struct watch *, const struct wrace *, long long now);
void model_race_ended(struct watch *, const char *why);         /* NULL: it was shown */
void model_race_stopped(struct watch *);                        /* Esc */

/* watch-state.c: what the working copy says (the state file, stubs, tasks), read into the
 * model; the catalog of plain 'proclab' off a terminal. */
void state_load(struct watch *);        /* the state file, again whenever it changes */
void state_load_once(struct watch *);   /* the stubs' fingerprints and the tasks, at start */
void state_record_lesson(struct watch *, size_t i, bool ok);
const char *state_word(enum wstate);    /* "passed", ... for the plain catalog */

/* --------------------------------------------------------------- runner */

/* A child of the dashboard in its own process group: told to stop with SIGTERM, its whole
 * group killed WATCH_STOP_MS later if it is still there; reaped when it exits, never
 * waited for (the screen goes on meanwhile). */
struct child {
	pid_t		 pid;           /* 0: none */
	bool		 stopping;
	long long	 kill_at;
};

/* Starts PATH with ARGS, stdin from /dev/null, stdout into *OUT (NULL: /dev/null) and
 * stderr into *ERR (NULL: with stdout), TMPDIR set; -1 with *CAUSE when it cannot. */
pid_t child_spawn(const char *path, char *const *args, const char *tmpdir, int *out,
    int *err, char **cause);
void child_stop(struct child *, long long now);         /* SIGTERM, later SIGKILL */
void child_tick(struct child *, long long now);         /* the SIGKILL, when due */
int child_timeout(const struct child *, long long now); /* ms to it, or -1 */
bool child_reap(struct child *, int *wstatus);          /* exited: reaped, its group killed */
void child_kill(struct child *);                        /* now, and waited for: at the end */

struct runner {
	const struct manifest *mf;      /* what the reports are read against */
	struct child	 c;
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
/* Starts "proclab ARGS..." (ARGS[0] is the program's name) the same way. */
int runner_spawn(struct runner *, char *const *args, const char *tmpdir, char **cause);
bool runner_running(const struct runner *);     /* a check runs (not one being stopped) */
bool runner_idle(const struct runner *);        /* nothing runs, nothing is being stopped */
int runner_pollfds(const struct runner *, struct pollfd *);     /* adds 0 to 2 */
/* Reads what the check wrote and, once it is over, reaps it into *RES: true then. A check
 * being stopped is reaped quietly (false). */
bool runner_poll(struct runner *, struct wresult *res, char **cause);
/* The same for a child of runner_spawn whose report is not read: true once it is over,
 * its wait status in *WSTATUS and in *WHY (malloc'd) the last line of its stderr, or how
 * it ended when it said nothing. */
bool runner_poll_end(struct runner *, int *wstatus, char **why);
void runner_cancel(struct runner *, long long now);     /* stops it without waiting */
void runner_stop(struct runner *);                      /* stops it and waits: at the end */

/* A lesson run from the dashboard: its stdout and stderr together into one pipe. */
struct lrunner {
	struct child	 c;
	int		 out;           /* -1 once at end of file */
};

void lrunner_init(struct lrunner *);
int lrunner_start(struct lrunner *, const struct lesson *, const char *tmpdir, char **cause);
bool lrunner_running(const struct lrunner *);
int lrunner_pollfds(const struct lrunner *, struct pollfd *);   /* adds 0 or 1 */
/* Gives the model what the lesson wrote; once it is over and reaped, its end: true then. */
bool lrunner_poll(struct lrunner *, struct watch *);
void lrunner_cancel(struct lrunner *, long long now);
void lrunner_stop(struct lrunner *);

/* ---------------------------------------------------------------- files */

struct wfiles {
	int		 fd;            /* inotify; -1: polling with stat() once a second */
	long long	 due;           /* when to look at the files next (ms); -1: not before an event */
	long long	 first;         /* the first event of the burst being debounced */
	bool		 manual;        /* --manual-run: looked at only when asked */
	bool		 polling;       /* inotify could not be had, or cannot be trusted here */
};

long long monotonic_ms(void);
/* Watches the exercise folders of W's working copy, or falls back to polling; MANUAL: no
 * watching, the files are looked at only when asked (--manual-run). */
void files_open(struct wfiles *, const struct watch *, bool manual);
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

/* ------------------------------------------------------------------ tty */

/* The terminal as it was, for a crash of a curses screen (tty.c): save before newterm(),
 * keep the restore sequences after it, restore from the crash's handler. */
void tty_save(void);
void tty_keep_restore(void);
void tty_restore_in_crash(void);

/* ----------------------------------------------------------------- keys */

/* The dashboard: the model and what runs in its background. */
struct app {
	struct watch	 w;
	struct runner	 run;
	struct runner	 race;          /* 'v': the run traced for the race viewer */
	struct lrunner	 lrun;
	struct wfiles	 files;
	char		*tmpdir;        /* TMPDIR of the checks and lessons: removed at the end */
	sigset_t	 waiting;       /* the signal mask inside ppoll() */
};

/* One key: a function key (FN, C a KEY_ code) or a character. false when it quits. */
bool keys_handle(struct app *, bool fn, wint_t c, int rows);
/* Where the race traced for the viewer is written (in the app's TMPDIR), malloc'd. */
char *keys_race_path(const struct app *);

/* -------------------------------------------------------------- command */

/* The dashboard on the terminal, on working copy WD (taken over), from exercise FIRST (or
 * where the progress is): the exit status. */
int watch_run(struct manifest *, char *wd, const struct exercise *first, bool manual);

#endif /* PROCLAB_WATCH_H */
