/* SPDX-License-Identifier: MIT */
/*
 * cmd-watch.c: proclab watch [N|NAME] [--dir WORKDIR]: a live dashboard of a student's
 * progress, in the manner of rustlings.
 *
 * This file is the command: its options, the terminal, the event loop and the keys. The
 * dashboard's parts are described in watch.h: the model (watch-model.c), the checks run in
 * the background (watch-runner.c), the file watching (watch-files.c) and the drawing
 * (watch-draw.c, watch-text.c).
 *
 * The event loop waits in ppoll() on the terminal, the inotify descriptor and the running
 * check's pipes; it wakes on a timeout only for what needs time: the spinner while a check
 * runs, the end of an editor's burst of saves, the once-a-second look at the files where
 * inotify cannot be had. The signals it acts on (SIGINT, SIGTERM, SIGHUP to quit, SIGCHLD
 * when a check exits, SIGWINCH for a resize) are blocked but inside ppoll(), so none can
 * slip in between a look and the wait. One check runs at a time: the current exercise first,
 * then (in the background) the others, so that the progress bar is true.
 */
#include "watch.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct app {
	struct watch	 w;
	struct runner	 run;
	struct wfiles	 files;
	char		*tmpdir;        /* TMPDIR of the checks: removed, whatever they left */
	sigset_t	 waiting;       /* the signal mask inside ppoll() */
};

static volatile sig_atomic_t got_signal;
static bool curses_on;
static struct app *the_app;             /* for the atexit cleanup */

static void
on_signal(int sig)
{
	got_signal = sig;
}

static void
on_child(int sig)
{
	(void)sig;      /* only to end the wait in ppoll() */
}

/* ------------------------------------------------------------ the checks */

/* Starts the check the model asks for, stopping the one that gives way to it. */
static void
schedule(struct app *a)
{
	size_t	 i;
	char	*cause = NULL;

	switch (model_schedule(&a->w, &i)) {
	case SCHED_NONE:
		return;
	case SCHED_PREEMPT:
		runner_stop(&a->run);
		model_check_cancelled(&a->w);
		break;
	case SCHED_START:
		break;
	}
	model_check_started(&a->w, i);
	if (runner_start(&a->run, a->w.wd, a->tmpdir, a->w.ex[i].ex->number, &cause) == -1)
		model_check_not_started(&a->w, i, cause);
	else if (cause != NULL)
		model_set_status(&a->w, S_BAD, "%s", cause);
	free(cause);
}

/* Reads what the running check wrote; gives the model its result once it is over. */
static void
check_progress(struct app *a)
{
	struct wresult	 res;
	char		*cause = NULL;

	if (!runner_poll(&a->run, &res, &cause))
		return;
	if (cause != NULL)
		model_set_status(&a->w, S_BAD, "%s", cause);
	model_check_done(&a->w, &res);
	free(cause);
}

/* ------------------------------------------------------------- the keys */

/* 'h': the next hint, recorded in the working copy's hint state. */
static void
key_hint(struct app *a)
{
	char	*cause = NULL;
	size_t	 seen;

	if (!model_hint_wanted(&a->w))
		return;
	seen = hints_seen(a->w.wd, a->w.ex[a->w.cur].ex) + 1;
	if (hints_set_seen(a->w.wd, a->w.ex[a->w.cur].ex, seen, &cause) == -1)
		seen = 0;
	model_hint_done(&a->w, seen, cause);
	free(cause);
}

/* The keys while the list has the focus. */
static void
key_list(struct watch *w, int ch)
{
	switch (ch) {
	case KEY_UP: case 'k':
		model_list_move(w, -1);
		break;
	case KEY_DOWN: case 'j':
		model_list_move(w, 1);
		break;
	case KEY_HOME: case 'g':
		model_list_move(w, -(long)w->n);
		break;
	case KEY_END: case 'G':
		model_list_move(w, (long)w->n);
		break;
	case '\n': case '\r': case KEY_ENTER: case ' ':
		model_list_choose(w);
		break;
	case 'l': case 27:
		model_list_close(w);
		break;
	}
}

/* The keys while the details have the focus. */
static void
key_detail(struct app *a, int ch)
{
	switch (ch) {
	case 'n':
		model_next(&a->w);
		break;
	case 'p':
		model_prev(&a->w);
		break;
	case 'h':
		key_hint(a);
		break;
	case 'l':
		model_list_open(&a->w);
		break;
	case 'r':
		files_look(&a->files, &a->w, monotonic_ms(), true);
		model_recheck(&a->w);
		break;
	case KEY_UP: case 'k':
		model_scroll(&a->w, -1);
		break;
	case KEY_DOWN: case 'j':
		model_scroll(&a->w, 1);
		break;
	case KEY_PPAGE:
		model_scroll(&a->w, -(LINES / 2));
		break;
	case KEY_NPAGE: case ' ':
		model_scroll(&a->w, LINES / 2);
		break;
	case KEY_HOME:
		model_scroll(&a->w, INT_MIN);
		break;
	case KEY_END:
		model_scroll(&a->w, INT_MAX);
		break;
	}
}

/* false when the key quits. */
static bool
key(struct app *a, int ch)
{
	if (ch == 'q' || ch == 'Q')
		return false;
	if (ch == KEY_RESIZE)
		return true;
	if (a->w.focus == FOCUS_LIST)
		key_list(&a->w, ch);
	else
		key_detail(a, ch);
	return true;
}

/* -------------------------------------------------------- the event loop */

static void
redraw(struct watch *w)
{
	struct view	v;

	view_build(w, &v);
	if (!v.too_small)
		model_fit_scroll(w, v.detail.n, v.hint_line, v.dh);
	draw(w, &v);
	view_free(&v);
}

/* How long the wait may last (ms, -1: until something happens). */
static int
wait_timeout(const struct app *a, long long now)
{
	int	t = files_timeout(&a->files, now), spin;

	if (runner_running(&a->run)) {  /* the spinner's next step */
		spin = WATCH_TICK_MS - (int)(now % WATCH_TICK_MS);
		if (t == -1 || spin < t)
			t = spin;
	}
	return t;
}

/* Waits for a key, an inotify event, what a check writes, a signal or the timeout. */
static void
wait_events(struct app *a)
{
	struct pollfd	 pfd[4];
	struct timespec	 ts;
	long long	 now = monotonic_ms();
	int		 n = 0, nfiles, t = wait_timeout(a, now);

	pfd[n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
	nfiles = files_pollfd(&a->files, &pfd[n]);
	n += nfiles;
	n += runner_pollfds(&a->run, &pfd[n]);
	ts.tv_sec = t / 1000;
	ts.tv_nsec = (long)(t % 1000) * 1000000;
	if (ppoll(pfd, (nfds_t)n, t == -1 ? NULL : &ts, &a->waiting) == -1) {
		if (errno != EINTR) {
			model_set_status(&a->w, S_BAD, "poll: %s", strerror(errno));
			sleep(1);
		}
		return;
	}
	if (nfiles > 0 && pfd[1].revents != 0)
		files_events(&a->files, monotonic_ms());
}

static void
run_dashboard(struct app *a)
{
	int	ch;
	bool	quit = false;

	while (!quit && got_signal == 0) {
		files_look(&a->files, &a->w, monotonic_ms(), false);
		schedule(a);
		redraw(&a->w);
		wait_events(a);
		model_tick(&a->w, monotonic_ms());
		while (!quit && (ch = getch()) != ERR)
			quit = !key(a, ch);
		check_progress(a);
	}
}

/* ------------------------------------------------------------ the command */

static void
cleanup(void)
{
	struct app	*a = the_app;

	if (a != NULL)
		runner_stop(&a->run);
	if (curses_on && !isendwin())
		endwin();
	curses_on = false;
	if (a != NULL && a->tmpdir != NULL) {
		if (remove_tree(a->tmpdir) == -1)
			warnx_("%s: %s", a->tmpdir, strerror(errno));
		free(a->tmpdir);
		a->tmpdir = NULL;
	}
}

/* The working copy from DIR (NULL: here) upward; a usage error when there is none. */
static char *
find_workdir(const struct manifest *mf, const char *dir)
{
	char	*wd = workdir_find(mf, dir != NULL ? dir : ".");

	if (wd != NULL)
		return wd;
	if (dir != NULL)
		usage_error("watch", _("no working copy in --dir: no folder from %s upward "
		    "holds %s/ (or exercises/%s/); make one with '%s init DIR'"), dir,
		    mf->ex[0].dir, mf->ex[0].dir, progname);
	usage_error("watch", _("no working copy here: no folder from here upward holds "
	    "%s/ (or exercises/%s/); make one with '%s init DIR' or give --dir DIR"),
	    mf->ex[0].dir, mf->ex[0].dir, progname);
}

static void
need_terminal(void)
{
	if (isatty(STDOUT_FILENO) && isatty(STDIN_FILENO))
		return;
	warnx_(!isatty(STDOUT_FILENO) ?
	    _("watch: standard output is not a terminal: the dashboard needs one (in a "
	    "script, use '%s check N')") :
	    _("watch: standard input is not a terminal: the dashboard needs one (in a "
	    "script, use '%s check N')"), progname);
	exit(EXIT_USAGE);
}

/* The handlers, and the mask: the signals the loop acts on arrive only inside ppoll(). */
static void
setup_signals(struct app *a)
{
	static const int	 quit[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction	 sa;
	sigset_t		 acted;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	for (size_t i = 0; i < nitems(quit); i++)
		if (sigaction(quit[i], &sa, NULL) == -1)
			fatal("watch: sigaction");
	sa.sa_handler = on_child;
	sa.sa_flags = SA_NOCLDSTOP;
	if (sigaction(SIGCHLD, &sa, NULL) == -1)
		fatal("watch: sigaction");
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&acted);
	for (size_t i = 0; i < nitems(quit); i++)
		sigaddset(&acted, quit[i]);
	sigaddset(&acted, SIGCHLD);
	sigaddset(&acted, SIGWINCH);
	if (sigprocmask(SIG_BLOCK, &acted, &a->waiting) == -1)
		fatal("watch: sigprocmask");
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&acted, sig) == 1)
			sigdelset(&a->waiting, sig);
}

static const char *
term_name(void)
{
	return getenv("TERM") != NULL ? getenv("TERM") : "";
}

/* The terminal in curses mode, or a usage error when it cannot be. */
static SCREEN *
start_curses(struct watch *w)
{
	SCREEN	*scr;
	char	*cup;

	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");     /* as in main: numbers for machines stay "1.5" */
	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		warnx_(_("watch: cannot use the terminal (TERM=%s): unknown or unusable type"),
		    term_name());
		exit(EXIT_USAGE);
	}
	curses_on = true;
	cup = tigetstr("cup");
	if (cup == NULL || cup == (char *)-1) {     /* e.g. TERM=dumb */
		endwin();
		curses_on = false;
		warnx_(_("watch: the terminal (TERM=%s) cannot move its cursor: the "
		    "dashboard needs one that can"), term_name());
		exit(EXIT_USAGE);
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	model_set_color(w, use_color(stdout) && has_colors());
	if (w->color) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_GREEN, -1);
		init_pair(2, COLOR_RED, -1);
		init_pair(3, COLOR_YELLOW, -1);
		init_pair(4, COLOR_CYAN, -1);
	}
	return scr;
}

/* The dashboard needs a real working copy (not a flat folder): it watches its folders. */
static int
cmd_watch_exec(struct cmd_ctx *ctx)
{
	const char		*dir = cmd_opt(ctx, 'd');
	const struct exercise	*first = ctx->ex;
	struct manifest		*mf = ctx->mf;
	struct app		 a;
	struct stat		 st;
	SCREEN			*scr;
	char			*wd;

	if (dir != NULL && stat(dir, &st) == -1)
		usage_error("watch", _("--dir: '%s': %s"), dir, strerror(errno));
	if (dir != NULL && !S_ISDIR(st.st_mode))
		usage_error("watch", _("--dir: '%s' is not a folder"), dir);
	if (mf->nex == 0)
		usage_error("watch", _("the manifest %s has no exercise"), mf->path);
	wd = find_workdir(mf, dir);
	need_terminal();

	memset(&a, 0, sizeof a);
	model_init(&a.w, mf, wd, first);
	runner_init(&a.run, mf);
	files_open(&a.files, &a.w);
	files_look(&a.files, &a.w, monotonic_ms(), true);
	a.tmpdir = make_temp_dir("watch");
	if (a.tmpdir == NULL)
		fatal(_("watch: making a temporary folder"));
	setup_signals(&a);
	the_app = &a;
	atexit(cleanup);
	scr = start_curses(&a.w);

	run_dashboard(&a);

	cleanup();
	delscreen(scr);
	the_app = NULL;
	files_close(&a.files);
	model_free(&a.w);
	if (got_signal != 0 && got_signal != SIGINT)
		return 128 + got_signal;
	return EXIT_OK;
}

static const struct option watch_options[] = {
	{ "dir", required_argument, NULL, 'd' },
	{ "color", required_argument, NULL, 'C' },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_watch_entry = {
	.name = "watch",
	.help = N_("usage: proclab watch [N|NAME] [--dir WORKDIR] [--color=WHEN]\n"
"\n"
"A live dashboard of your progress: a progress bar, every exercise (done,\n"
"current, pending) with its score, and for the current one its file, the result\n"
"of its latest check (each test's verdict, expected and actual values) and the\n"
"hints read so far. Save your file and it is checked again by itself.\n"
"It starts at the first exercise not done yet, or at exercise N.\n"
"Keys: n next exercise, p previous, h next hint, l list (up/down, Enter),\n"
"r check again now, up/down/PgUp/PgDn scroll, q quit.\n"
"  --dir DIR       the working copy (default: found from the current folder up)\n"
"  --color=WHEN    auto (default: colors unless NO_COLOR is set), always or never\n"
"It needs a terminal: standard output that is not one is a usage error (exit 2).\n"
"Exit status: 0 after q, 2 for a bad command line or no usable terminal.\n"),
	.options = watch_options,
	.args_min = 0, .args_max = 1,
	.args_extra = N_("one exercise to start with, not '%s'"),
	.flags = CMD_MANIFEST | CMD_EXERCISE_ARG,
	.exec = cmd_watch_exec,
};
