/* SPDX-License-Identifier: MIT */
/*
 * cmd-watch.c: proclab watch [N|NAME] [--dir WORKDIR] [--manual-run]: the home screen, the
 * live dashboard of a student's progress in the manner of rustlings; plain 'proclab' in a
 * working copy opens it too (home.c).
 *
 * This file is the command: its options, the terminal and the event loop. The dashboard's
 * parts are described in watch.h: the model (watch-model.c, watch-select.c), what the
 * working copy says at once (watch-state.c), the checks and lessons run in the background
 * (watch-runner.c, watch-lesson.c), the file watching (watch-files.c), the keys
 * (watch-keys.c) and the drawing (watch-draw.c, watch-text.c). The race viewer of v is
 * proclab trace --step's (trace-step.c), opened here on the dashboard's own screen.
 *
 * The event loop waits in ppoll() on the terminal, the inotify descriptor, the running
 * check's and lesson's pipes; it wakes on a timeout only for what needs time: the spinner
 * while something runs, the end of an editor's burst of saves, a selection that has rested,
 * a child told to stop that is due to be killed, the once-a-second look at the files where
 * inotify cannot be had. The signals it acts on (SIGINT, SIGTERM, SIGHUP to quit, SIGCHLD
 * when a child exits, SIGWINCH for a resize) are blocked but inside ppoll(), so none can
 * slip in between a look and the wait. Nothing in the loop waits for a child: stopping one
 * is a SIGTERM, and its end is heard of later.
 *
 * The terminal is given back as it was whatever happens: after q, on Ctrl-C, on an error
 * (an atexit handler), and on a crash of the dashboard itself (the fatal signals restore
 * the terminal's modes before they kill it). Student code never runs here, nor writes to it.
 */
#include "watch.h"
#include "trace.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <term.h>
#include <unistd.h>

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

/* A crash of the dashboard itself: the terminal as it was, then the signal's own end. */
static void
on_crash(int sig)
{
	if (the_app != NULL && the_app->run.c.pid > 0)        /* no orphans either */
		kill(-the_app->run.c.pid, SIGKILL);
	if (the_app != NULL && the_app->lrun.c.pid > 0)
		kill(-the_app->lrun.c.pid, SIGKILL);
	if (the_app != NULL && the_app->race.c.pid > 0)
		kill(-the_app->race.c.pid, SIGKILL);
	tty_restore_in_crash();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* ------------------------------------------------------------ the checks */

/* Starts the check the model asks for, stopping the one that gives way to it. */
static void
schedule(struct app *a, long long now)
{
	size_t	 i;
	char	*cause = NULL;

	if (!runner_idle(&a->run))      /* one at a time: a check being stopped first ends */
		return;
	switch (model_schedule(&a->w, now, &i)) {
	case SCHED_NONE:
		return;
	case SCHED_PREEMPT:
		runner_cancel(&a->run, now);
		model_check_cancelled(&a->w);
		return;
	case SCHED_START:
		break;
	}
	model_check_started(&a->w, i, now);
	if (runner_start(&a->run, a->w.wd, a->tmpdir, a->w.ex[i].ex->number, &cause) == -1)
		model_check_not_started(&a->w, i, cause);
	else if (cause != NULL)
		model_set_status(&a->w, S_BAD, "%s", cause);
	free(cause);
}

/* ------------------------------------------------------------ the race viewer */

/*
 * 'v', once its run is over (WSTATUS, WHY its last word): the trace in the race viewer,
 * drawn on this same screen (no second curses screen, no other signal handlers: the
 * terminal's modes never change), until q gives the dashboard back, drawn again by the
 * loop; a signal that ends the dashboard ends the viewer first. The trace is removed.
 */
static void
show_race(struct app *a, int wstatus, const char *why)
{
	struct trace_file	 tf;
	char			*path = keys_race_path(a), *cause = NULL;
	bool			 failed = !WIFEXITED(wstatus) || WEXITSTATUS(wstatus) > 1;

	if (trace_read(path, &tf, &cause) == -1) {
		model_race_ended(&a->w, failed ? why : cause);
	} else {
		if (trace_step_in(trace_choose(&tf, NULL), a->w.racing_lesson, a->w.color,
		    &a->waiting, &got_signal))
			model_race_ended(&a->w, NULL);
		else
			model_race_ended(&a->w, _("the run made no call of your code to show"));
		trace_free(&tf);
	}
	unlink(path);
	free(path);
	free(cause);
}

/* Reads what the running check and lesson wrote; gives the model their ends. */
static void
children_progress(struct app *a, long long now)
{
	struct wresult	 res;
	char		*cause = NULL;
	size_t		 l = a->w.lesson;
	int		 st;
	bool		 stopping = a->race.c.stopping;

	child_tick(&a->run.c, now);
	child_tick(&a->lrun.c, now);
	child_tick(&a->race.c, now);
	if (runner_poll_end(&a->race, &st, &cause))
		show_race(a, st, cause);
	else if (stopping && runner_idle(&a->race)) {    /* Esc: what it began to write */
		char *path = keys_race_path(a);

		unlink(path);
		free(path);
	}
	free(cause);
	cause = NULL;
	if (runner_poll(&a->run, &res, &cause)) {
		if (cause != NULL)
			model_set_status(&a->w, S_BAD, "%s", cause);
		model_check_done(&a->w, &res);
	}
	free(cause);
	if (lrunner_poll(&a->lrun, &a->w) && !a->w.les[l].stopped)
		state_record_lesson(&a->w, l,
		    a->w.les[l].have_known && a->w.les[l].known_ok);
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

static int
sooner(int t, long long due, long long now)
{
	int	d;

	if (due < 0)
		return t;
	d = due > now ? (int)(due - now) : 0;
	return t == -1 || d < t ? d : t;
}

/* How long the wait may last (ms, -1: until something happens). */
static int
wait_timeout(const struct app *a, long long now)
{
	int	t = files_timeout(&a->files, now), c;

	if (!runner_idle(&a->run) || !runner_idle(&a->race) ||      /* the spinner */
	    lrunner_running(&a->lrun))
		t = sooner(t, now + WATCH_TICK_MS - now % WATCH_TICK_MS, now);
	t = sooner(t, model_rest_due(&a->w), now);
	if ((c = child_timeout(&a->run.c, now)) != -1)
		t = sooner(t, now + c, now);
	if ((c = child_timeout(&a->lrun.c, now)) != -1)
		t = sooner(t, now + c, now);
	if ((c = child_timeout(&a->race.c, now)) != -1)
		t = sooner(t, now + c, now);
	return t;
}

/* Waits for a key, an inotify event, what a child writes, a signal or the timeout. */
static void
wait_events(struct app *a)
{
	struct pollfd	 pfd[8];
	struct timespec	 ts;
	long long	 now = monotonic_ms();
	int		 n = 0, nfiles, t = wait_timeout(a, now);

	pfd[n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
	nfiles = files_pollfd(&a->files, &pfd[n]);
	n += nfiles;
	n += runner_pollfds(&a->run, &pfd[n]);
	n += lrunner_pollfds(&a->lrun, &pfd[n]);
	n += runner_pollfds(&a->race, &pfd[n]);
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
	/* The terminal is gone (its window closed, ssh lost): ppoll() would return at once for
	 * ever, at full CPU, and the SIGHUP stay blocked, as ppoll() lets it in only while it
	 * waits. Leave as that SIGHUP would have made us. */
	if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
		got_signal = SIGHUP;
}

static void
run_dashboard(struct app *a)
{
	wint_t	c;
	int	k;
	bool	quit = false;

	while (!quit && got_signal == 0) {
		files_look(&a->files, &a->w, monotonic_ms(), false);
		schedule(a, monotonic_ms());
		redraw(&a->w);
		wait_events(a);
		model_tick(&a->w, monotonic_ms());
		while (!quit && (k = get_wch(&c)) != ERR)
			quit = !keys_handle(a, k == KEY_CODE_YES, c, LINES - 5);
		children_progress(a, monotonic_ms());
	}
}

/* ------------------------------------------------------------ the terminal */

static void
cleanup(void)
{
	struct app	*a = the_app;

	if (a != NULL) {
		runner_stop(&a->run);
		runner_stop(&a->race);
		lrunner_stop(&a->lrun);
	}
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

/* The handlers, and the mask: the signals the loop acts on arrive only inside ppoll(). */
static void
setup_signals(struct app *a)
{
	static const int	 quit[] = { SIGINT, SIGTERM, SIGHUP };
	static const int	 crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction	 sa;
	sigset_t		 acted;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	for (size_t i = 0; i < nitems(quit); i++)
		if (sigaction(quit[i], &sa, NULL) == -1)
			fatal("watch: sigaction");
	sa.sa_handler = on_crash;
	for (size_t i = 0; i < nitems(crash); i++)
		sigaction(crash[i], &sa, NULL);
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

static void
start_colors(struct watch *w)
{
	model_set_color(w, use_color(stdout) && has_colors());
	if (!w->color)
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_GREEN, -1);
	init_pair(2, COLOR_RED, -1);
	init_pair(3, COLOR_YELLOW, -1);
	init_pair(4, COLOR_CYAN, -1);
}

/* The terminal in curses mode, or a usage error when it cannot be. */
static SCREEN *
start_curses(struct watch *w)
{
	SCREEN	*scr;
	char	*cup;

	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");     /* as in main: numbers for machines stay "1.5" */
	model_set_ascii(w, strcmp(nl_langinfo(CODESET), "UTF-8") != 0);
	tty_save();
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
	tty_keep_restore();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	start_colors(w);
	return scr;
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

int
watch_run(struct manifest *mf, char *wd, const struct exercise *first, bool manual)
{
	struct app	 a;
	SCREEN		*scr;

	need_terminal();
	memset(&a, 0, sizeof a);
	model_init(&a.w, mf, wd, first);
	model_set_manual(&a.w, manual);
	runner_init(&a.run, mf);
	runner_init(&a.race, mf);
	lrunner_init(&a.lrun);
	state_load_once(&a.w);
	files_open(&a.files, &a.w, manual);
	files_look(&a.files, &a.w, monotonic_ms(), true);
	model_begin(&a.w);
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

/* ------------------------------------------------------------ the command */

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

/* The dashboard needs a real working copy (not a flat folder): it watches its folders. */
static int
cmd_watch_exec(struct cmd_ctx *ctx)
{
	const char	*dir = cmd_opt(ctx, 'd');
	struct manifest	*mf = ctx->mf;
	struct stat	 st;
	int		 rc;

	if (dir != NULL && stat(dir, &st) == -1)
		usage_error("watch", _("--dir: '%s': %s"), dir, strerror(errno));
	if (dir != NULL && !S_ISDIR(st.st_mode))
		usage_error("watch", _("--dir: '%s' is not a folder"), dir);
	if (mf->nex == 0)
		usage_error("watch", _("the manifest %s has no exercise"), mf->path);
	rc = watch_run(mf, find_workdir(mf, dir), ctx->ex, cmd_opt(ctx, 'm') != NULL);
	return rc;
}

static const struct option watch_options[] = {
	{ "dir", required_argument, NULL, 'd' },
	{ "color", required_argument, NULL, 'C' },
	{ "manual-run", no_argument, NULL, 'm' },
	{ NULL, 0, NULL, 0 }
};

const struct cmd_entry cmd_watch_entry = {
	.name = "watch",
	.help = N_("usage: proclab watch [N|NAME] [--dir WORKDIR] [--manual-run] [--color=WHEN]\n"
"       proclab\n"
"\n"
"The home screen: a live dashboard of your progress, in the manner of rustlings.\n"
"'proclab' alone opens it too, on a terminal inside a working copy. The lessons\n"
"and the exercises stand in teaching order, each exercise after the lessons it\n"
"needs, with their state: an exercise not started (its file is the stub), failing\n"
"or passed with its points, a lesson run or not; a progress bar above them. The\n"
"selected item's details beside them: an exercise's file, its latest check (each\n"
"test's verdict, expected and actual values), the hints read so far and its task;\n"
"a lesson's output once it ran here. Save your file and it is checked again by\n"
"itself. Checks and lessons run in the background: the screen says what runs,\n"
"and Esc stops it.\n"
"It starts where your progress is (the first item not done after the last one\n"
"done), or at exercise N.\n"
"\n"
"Keys:\n"
"  up/down, j/k  select an item      PgUp/PgDn, Space, Home, End  scroll\n"
"  Enter, r      run the lesson (its output in the pane), or check the\n"
"                exercise now\n"
"  n, p          the next item, the previous one\n"
"  h             the exercise's next hint, one at a time\n"
"  l             the whole list, with the titles\n"
"  c             check every exercise again (c again or Esc stops)\n"
"  x             reset the exercise to its stub, after a y/n question; your\n"
"                file is kept beside it as FILE.~N~ (bank.c.~1~, then .~2~)\n"
"  /             search the list by number, name or title (Enter goes there)\n"
"  v             the race viewer, one event at a time (as 'proclab trace'\n"
"                shows a trace): the first race test the exercise's last check\n"
"                failed, its failed run again, traced; or the race of lesson 6\n"
"                or 8, as the lesson shows it. q gives the home screen back\n"
"                (Ctrl-C quits); a deadlock's last event shows who waits for whom\n"
"  Esc           stop the running lesson or check\n"
"  ?             the keys;  q quits (Ctrl-C too)\n"
"\n"
"Your progress is kept in the working copy's .proclab-state, a plain text file\n"
"'proclab check' writes too: a line per exercise with its latest check\n"
"('result 03-bank-balance failing 4/11 TIME FINGERPRINT', the fingerprint of\n"
"the files checked), per lesson run here ('lesson 06-balance-race ran TIME') and\n"
"per exercise whose hints you read ('hints 03-bank-balance 2'). Delete a line to\n"
"forget it, or the file to start over.\n"
"  --dir DIR       the working copy (default: found from the current folder up)\n"
"  --manual-run    do not watch the files: r checks (where saves are not\n"
"                  noticed; on a 9p or FUSE file system, such as WSL's /mnt/c,\n"
"                  the files are looked at once a second anyway)\n"
"  --color=WHEN    auto (default: colors unless NO_COLOR is set), always or never\n"
"It needs a terminal (80x24 or more is best; UTF-8 where the locale has it):\n"
"standard output that is not one is a usage error (exit 2), but 'proclab' alone\n"
"then prints the lessons and exercises with their states as plain text.\n"
"Exit status: 0 after q or Ctrl-C, 2 for a bad command line or no usable\n"
"terminal.\n"),
	.options = watch_options,
	.args_min = 0, .args_max = 1,
	.args_extra = N_("one exercise to start with, not '%s'"),
	.flags = CMD_MANIFEST | CMD_EXERCISE_ARG,
	.exec = cmd_watch_exec,
};
