/*
 * cmd-watch.c: proclab watch [N|NAME] [--dir WORKDIR]: a live dashboard of a student's
 * progress, in the manner of rustlings.
 *
 * The screen: a progress bar ("3/10 exercises done"), the list of exercises (done, current,
 * pending, each with its score), and for the current exercise its file, the result of its
 * latest check (each test: passed, or the verdict with message, expected and actual) and the
 * hints read so far.
 *
 * Grading never runs inside this process: each check is a child, "proclab check N --format
 * json --dir WORKDIR" started through /proc/self/exe, whose JSON report is read through a pipe
 * and parsed with jansson. The screen stays responsive while a check runs, and a check that
 * crashes or hangs cannot take the dashboard with it. One check runs at a time: the current
 * exercise first, then (in the background) the others, so the progress bar is true. Every
 * second the student's files are stat()ed; a file that changed is checked again.
 *
 * The hints are those of 'proclab hint' (WORKDIR/.proclab-state): 'h' runs "proclab hint N"
 * as a child and then reads the state back with hint_state_get().
 */
#include "proclab.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#define JSON_MAX	(8u << 20)      /* a check's report larger than this is refused */
#define ERR_MAX		4096            /* the tail of a child's stderr that is kept */
#define TICK_MS		250
#define LIST_W		34              /* the exercise list's width in the two-column layout */
#define MIN_COLS	40
#define MIN_LINES	10

/* ---------------------------------------------------------------- results */

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
	struct wresult	 res;
	bool		 want;          /* needs (another) check */
};

struct runner {
	pid_t		 pid;           /* 0: none */
	size_t		 ex;
	unsigned long long stamp;       /* the files' stamp when the check started */
	int		 out, err;      /* -1 once at end of file */
	char		*obuf;
	size_t		 olen, ocap;
	bool		 otoobig;
	char		 ebuf[ERR_MAX];
	size_t		 elen;
};

enum style { S_NORMAL, S_BOLD, S_GOOD, S_BAD, S_WARN, S_DIM, S_HEAD };

struct line {
	wchar_t		*w;
	enum style	 style;
};

struct lines {
	struct line	*v;
	size_t		 n, cap;
};

enum focus { FOCUS_DETAIL, FOCUS_LIST };

struct watch {
	struct manifest	*mf;
	char		*wd;
	char		*tmpdir;        /* TMPDIR of the checks: removed, whatever they left */
	struct wex	*ex;
	size_t		 n, cur;
	bool		 scanning;      /* finding the first exercise not done, as rustlings does */
	struct runner	 run;
	enum focus	 focus;
	size_t		 cursor;        /* in the list, when it has the focus */
	int		 scroll;        /* of the detail pane */
	bool		 scroll_to_hint;
	bool		 color;
	char		 status[512];
	enum style	 status_style;
	unsigned	 spin;
};

static volatile sig_atomic_t got_signal;
static bool curses_on;
static struct watch *the_watch;         /* for the atexit cleanup */

static void
on_signal(int sig)
{
	got_signal = sig;
}

static void
wtest_free(struct wtest *t)
{
	free(t->title);
	free(t->verdict);
	free(t->verdict_text);
	free(t->message);
	free(t->expected);
	free(t->actual);
	memset(t, 0, sizeof *t);
}

static void
wresult_free(struct wresult *r)
{
	free(r->error);
	free(r->missing);
	free(r->compiler_output);
	free(r->internal);
	for (size_t i = 0; i < r->nt; i++)
		wtest_free(&r->t[i]);
	free(r->t);
	wtest_free(&r->hygiene);
	memset(r, 0, sizeof *r);
}

static char *
jdup(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

static int
jint(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return json_is_integer(v) ? (int)json_integer_value(v) : 0;
}

static long long
jll(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

static bool
jbool(json_t *o, const char *key)
{
	return json_is_true(json_object_get(o, key));
}

static void
wtest_parse(json_t *o, struct wtest *t)
{
	t->title = jdup(o, "title");
	if (t->title == NULL)
		t->title = jdup(o, "name");
	t->verdict = jdup(o, "verdict");
	t->verdict_text = jdup(o, "verdict_text");
	t->message = jdup(o, "message");
	t->expected = jdup(o, "expected");
	t->actual = jdup(o, "actual");
	t->score = jint(o, "score");
	t->max = jint(o, "max_score");
	t->runs = jint(o, "runs");
	t->runs_passed = jint(o, "runs_passed");
	t->failed_run = jint(o, "failed_run");
	t->failed_seed = jll(o, "failed_seed");
	t->race = jbool(o, "race");
	t->passed = t->verdict != NULL && strcmp(t->verdict, "passed") == 0;
}

/* The last non-empty line of a child's stderr, for a one-line error. */
static char *
last_line(const char *s, size_t len)
{
	size_t	end = len, start;

	while (end > 0 && (s[end - 1] == '\n' || s[end - 1] == ' '))
		end--;
	start = end;
	while (start > 0 && s[start - 1] != '\n')
		start--;
	return xstrndup(s + start, end - start);
}

/* Turns a finished check (its stdout, stderr and wait status) into R. */
static void
wresult_from_check(struct wresult *r, const struct runner *run, int wstatus)
{
	json_t		*root, *exs, *e, *tests, *h;
	json_error_t	 jerr;
	char		*why;

	wresult_free(r);
	r->have = true;
	r->when = time(NULL);
	if (WIFSIGNALED(wstatus)) {
		xasprintf(&r->error, _("The check was killed by %s"), strsignal(WTERMSIG(wstatus)));
		return;
	}
	if (run->otoobig) {
		xasprintf(&r->error, _("The check's report is larger than %u bytes"), JSON_MAX);
		return;
	}
	root = json_loadb(run->obuf != NULL ? run->obuf : "", run->olen, 0, &jerr);
	exs = json_object_get(root, "exercises");
	e = json_array_get(exs, 0);
	if (root == NULL || !json_is_object(e)) {
		why = last_line(run->ebuf, run->elen);
		if (*why != '\0')
			xasprintf(&r->error, _("The check failed (exit %d): %s"), WEXITSTATUS(wstatus),
			    why);
		else if (root == NULL)
			xasprintf(&r->error, _("The check failed (exit %d) and its report is not JSON: "
			    "%s"), WEXITSTATUS(wstatus), jerr.text);
		else
			xasprintf(&r->error, _("The check failed (exit %d): its report has no "
			    "exercise"), WEXITSTATUS(wstatus));
		free(why);
		json_decref(root);
		return;
	}
	r->seed = jll(root, "seed");
	r->passed = jbool(e, "passed");
	r->submitted = jbool(e, "submitted");
	r->compiled = jbool(e, "compiled");
	r->missing = jdup(e, "missing");
	r->compiler_output = jdup(e, "compiler_output");
	r->internal = jdup(e, "internal_error");
	r->score = jint(e, "score");
	r->max = jint(e, "max_score");
	tests = json_object_get(e, "tests");
	r->nt = json_array_size(tests);
	r->t = xcalloc(r->nt + 1, sizeof *r->t);
	for (size_t i = 0; i < r->nt; i++)
		wtest_parse(json_array_get(tests, i), &r->t[i]);
	h = json_object_get(e, "hygiene");
	if (json_is_object(h)) {
		wtest_parse(h, &r->hygiene);
		r->hygiene.title = xstrdup(_("hygiene (no processes or IPC objects left behind)"));
	}
	json_decref(root);
}

/* ------------------------------------------------------------- the files */

/* A fingerprint of EX's files: size, mtime, inode of each; 0 when none is there. */
static unsigned long long
files_stamp(struct watch *w, struct wex *x)
{
	unsigned long long	 h = 1469598103934665603ull;
	struct stat		 st;
	char			*why;

	for (size_t i = 0; i < x->ex->nfiles; i++) {
		if (x->paths[i] == NULL || stat(x->paths[i], &st) == -1) {
			free(x->paths[i]);
			x->paths[i] = submission_find(w->wd, x->ex, x->ex->files[i], &why);
			free(why);
			if (x->paths[i] == NULL || stat(x->paths[i], &st) == -1) {
				h = (h ^ 0x9e37u) * 1099511628211ull;
				continue;
			}
		}
		h = (h ^ (unsigned long long)st.st_size) * 1099511628211ull;
		h = (h ^ (unsigned long long)st.st_mtim.tv_sec) * 1099511628211ull;
		h = (h ^ (unsigned long long)st.st_mtim.tv_nsec) * 1099511628211ull;
		h = (h ^ (unsigned long long)st.st_ino) * 1099511628211ull;
	}
	return h;
}

/* PATH relative to the working copy, for display. */
static const char *
rel(const struct watch *w, const char *path)
{
	size_t	len = strlen(w->wd);

	if (strncmp(path, w->wd, len) == 0 && path[len] == '/')
		return path + len + 1;
	return path;
}

/* ------------------------------------------------------------ the checks */

static void
set_status(struct watch *w, enum style s, const char *fmt, ...) ATTR_PRINTF(3, 4);

static void
set_status(struct watch *w, enum style s, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(w->status, sizeof w->status, fmt, ap);
	va_end(ap);
	w->status_style = s;
}

static void
close_fd(int *fd)
{
	if (*fd != -1)
		close(*fd);
	*fd = -1;
}

/* Starts "proclab ARGS..." with stdin from /dev/null and stdout, stderr into pipes (OUT may be
 * NULL: stdout goes to /dev/null). -1 with a message in W's status when it cannot. */
static pid_t
spawn(struct watch *w, char *const *args, int *out, int *err)
{
	int	po[2] = { -1, -1 }, pe[2] = { -1, -1 }, devnull;
	pid_t	pid;

	if ((out != NULL && pipe2(po, O_CLOEXEC) == -1) || pipe2(pe, O_CLOEXEC) == -1) {
		set_status(w, S_BAD, "pipe: %s", strerror(errno));
		goto fail;
	}
	pid = fork();
	if (pid == -1) {
		set_status(w, S_BAD, "fork: %s", strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		/* the child: its own process group, so that quitting can stop all of it */
		setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		devnull = open("/dev/null", O_RDWR);
		if (devnull == -1 || dup2(devnull, STDIN_FILENO) == -1 ||
		    dup2(out != NULL ? po[1] : devnull, STDOUT_FILENO) == -1 ||
		    dup2(pe[1], STDERR_FILENO) == -1)
			_exit(126);
		if (w->tmpdir != NULL && setenv("TMPDIR", w->tmpdir, 1) == -1)
			_exit(126);
		execv("/proc/self/exe", args);
		dprintf(STDERR_FILENO, "%s: exec /proc/self/exe: %s\n", progname, strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);      /* both sides: no race with kill(-pid) */
	if (out != NULL) {
		close(po[1]);
		*out = po[0];
	}
	close(pe[1]);
	*err = pe[0];
	return pid;
fail:
	for (int i = 0; i < 2; i++) {
		if (po[i] != -1)
			close(po[i]);
		if (pe[i] != -1)
			close(pe[i]);
	}
	return -1;
}

static void
start_check(struct watch *w, size_t i)
{
	struct runner	*r = &w->run;
	char		 num[32];
	char		*args[] = { (char *)progname, "check", num, "--format", "json", "--dir",
			    w->wd, NULL };

	snprintf(num, sizeof num, "%d", w->ex[i].ex->number);
	memset(r, 0, sizeof *r);
	r->out = r->err = -1;
	r->ex = i;
	r->stamp = w->ex[i].stamp;
	w->ex[i].want = false;
	r->pid = spawn(w, args, &r->out, &r->err);
	if (r->pid == -1) {
		r->pid = 0;
		wresult_free(&w->ex[i].res);
		w->ex[i].res.have = true;
		w->ex[i].res.when = time(NULL);
		xasprintf(&w->ex[i].res.error, _("The check could not start: %s"), w->status);
		return;
	}
	if (fcntl(r->out, F_SETFL, O_NONBLOCK) == -1 || fcntl(r->err, F_SETFL, O_NONBLOCK) == -1)
		set_status(w, S_BAD, "fcntl: %s", strerror(errno));
}

/* Reads what the check wrote; false at end of file or on an error. */
static bool
drain(struct runner *r, int *fd, bool is_out)
{
	char	 buf[16384];
	ssize_t	 n;

	for (;;) {
		n = read(*fd, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return true;
		if (n <= 0) {
			close_fd(fd);
			return false;
		}
		if (is_out) {
			if (r->olen + (size_t)n > JSON_MAX) {
				r->otoobig = true;
				continue;
			}
			if (r->olen + (size_t)n + 1 > r->ocap) {
				r->ocap = (r->olen + (size_t)n + 1) * 2;
				r->obuf = xreallocarray(r->obuf, r->ocap, 1);
			}
			memcpy(r->obuf + r->olen, buf, (size_t)n);
			r->olen += (size_t)n;
			r->obuf[r->olen] = '\0';
		} else {
			size_t	m = (size_t)n;

			if (m >= ERR_MAX) {     /* keep the tail */
				memcpy(r->ebuf, buf + m - (ERR_MAX - 1), ERR_MAX - 1);
				r->elen = ERR_MAX - 1;
			} else {
				if (r->elen + m >= ERR_MAX) {
					size_t drop = r->elen + m - (ERR_MAX - 1);

					memmove(r->ebuf, r->ebuf + drop, r->elen - drop);
					r->elen -= drop;
				}
				memcpy(r->ebuf + r->elen, buf, m);
				r->elen += m;
			}
			r->ebuf[r->elen] = '\0';
		}
	}
}

static void
finish_check(struct watch *w, int wstatus)
{
	struct runner	*r = &w->run;
	struct wex	*x = &w->ex[r->ex];

	wresult_from_check(&x->res, r, wstatus);
	if (x->stamp != r->stamp)       /* changed while it was being checked */
		x->want = true;
	if (r->ex == w->cur && w->scanning && x->res.error == NULL && x->res.passed &&
	    w->cur + 1 < w->n) {
		set_status(w, S_GOOD, _("%s is done; looking at %s..."), x->ex->dir,
		    w->ex[w->cur + 1].ex->dir);
	} else if (r->ex == w->cur) {
		if (x->res.error != NULL)
			set_status(w, S_BAD, _("%s: the check itself failed (r tries again)"),
			    x->ex->dir);
		else if (x->res.passed)
			set_status(w, S_GOOD, _("%s passes every test: %s"), x->ex->dir,
			    w->cur + 1 < w->n ? _("n goes to the next exercise") :
			    _("that was the last exercise"));
		else
			set_status(w, S_NORMAL, _("%d/%d points. Save %s and it is checked again."),
			    x->res.score, x->res.max, x->paths[0] != NULL ? rel(w, x->paths[0]) :
			    x->ex->files[0]);
	}
	if (w->scanning && r->ex == w->cur) {
		if (x->res.error == NULL && x->res.passed && w->cur + 1 < w->n) {
			w->cur++;
			w->cursor = w->cur;
			w->scroll = 0;
		} else {
			w->scanning = false;
		}
	}
	free(r->obuf);
	memset(r, 0, sizeof *r);
	r->out = r->err = -1;
}

/* Stops a running check and all its processes, and reaps it: SIGTERM first (the check then
 * removes its temporary folders; its sandboxed runs die with it), SIGKILL to its whole process
 * group after 2 s. */
static void
stop_check(struct watch *w)
{
	struct runner	*r = &w->run;
	struct timespec	 pause = { 0, 20 * 1000 * 1000 };
	pid_t		 p = 0;
	int		 st;

	if (r->pid <= 0)
		return;
	if (kill(r->pid, SIGTERM) == 0)
		for (int i = 0; i < 100 && (p = waitpid(r->pid, &st, WNOHANG)) == 0; i++)
			nanosleep(&pause, NULL);
	kill(-r->pid, SIGKILL);         /* whatever is left of its group */
	if (p != r->pid) {
		kill(r->pid, SIGKILL);
		while (waitpid(r->pid, &st, 0) == -1 && errno == EINTR)
			;
	}
	close_fd(&r->out);
	close_fd(&r->err);
	free(r->obuf);
	w->ex[r->ex].want = true;
	memset(r, 0, sizeof *r);
	r->out = r->err = -1;
}

/* Reaps the check once it has closed both pipes and exited. */
static void
poll_check(struct watch *w)
{
	struct runner	*r = &w->run;
	pid_t		 p;
	int		 st;

	if (r->pid <= 0)
		return;
	if (r->out != -1)
		drain(r, &r->out, true);
	if (r->err != -1)
		drain(r, &r->err, false);
	if (r->out != -1 || r->err != -1)
		return;
	p = waitpid(r->pid, &st, WNOHANG);
	if (p == 0)
		return;
	if (p == -1) {
		if (errno == EINTR)
			return;
		set_status(w, S_BAD, "waitpid: %s", strerror(errno));
		st = 0x7f00;    /* as if it had exited 127 */
	}
	finish_check(w, st);
}

/* The next check to run: the current exercise first, then the others in order. */
static void
schedule(struct watch *w)
{
	if (w->run.pid > 0 && w->run.ex != w->cur && w->ex[w->cur].want)
		stop_check(w);          /* the current exercise goes first; that one comes back */
	if (w->run.pid > 0)
		return;
	if (w->ex[w->cur].want) {
		start_check(w, w->cur);
		return;
	}
	if (w->scanning)
		return;
	for (size_t i = 0; i < w->n; i++) {
		if (w->ex[i].want) {
			start_check(w, i);
			return;
		}
	}
}

static void
look_for_changes(struct watch *w)
{
	for (size_t i = 0; i < w->n; i++) {
		struct wex *x = &w->ex[i];
		unsigned long long s = files_stamp(w, x);

		if (s == x->stamp)
			continue;
		x->stamp = s;
		x->want = true;
		if (i == w->cur)
			set_status(w, S_WARN, _("%s changed: checking it again..."), x->paths[0] != NULL ?
			    rel(w, x->paths[0]) : x->ex->dir);
	}
}

/* 'h': "proclab hint N" shows the next hint and records it in .proclab-state. */
static void
next_hint(struct watch *w)
{
	const struct exercise	*ex = w->ex[w->cur].ex;
	size_t			 before = hint_state_get(w->wd, ex), after, elen = 0;
	char			 num[32], ebuf[1024], *why;
	char			*args[] = { (char *)progname, "hint", num, "--dir", w->wd, NULL };
	int			 err = -1, st;
	ssize_t			 n;
	pid_t			 pid;

	if (ex->nhints == 0) {
		set_status(w, S_WARN, _("%s has no hints"), ex->dir);
		return;
	}
	if (before >= ex->nhints) {
		set_status(w, S_WARN, ngettext("No hints left for %s: the %zu hint is shown below",
		    "No hints left for %s: all %zu are shown below", ex->nhints), ex->dir,
		    ex->nhints);
		w->scroll_to_hint = true;
		return;
	}
	snprintf(num, sizeof num, "%d", ex->number);
	pid = spawn(w, args, NULL, &err);
	if (pid == -1)
		return;
	for (;;) {
		n = read(err, ebuf + elen, sizeof ebuf - 1 - elen);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		elen += (size_t)n;
		if (elen == sizeof ebuf - 1)
			elen = 0;       /* keep the tail, roughly */
	}
	ebuf[elen] = '\0';
	close(err);
	while (waitpid(pid, &st, 0) == -1) {
		if (errno != EINTR) {
			set_status(w, S_BAD, "waitpid: %s", strerror(errno));
			return;
		}
	}
	after = hint_state_get(w->wd, ex);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || after <= before) {
		why = last_line(ebuf, elen);
		set_status(w, S_BAD, _("the hint could not be recorded: %s"), *why != '\0' ? why :
		    _("proclab hint failed"));
		free(why);
		return;
	}
	set_status(w, S_NORMAL, _("Hint %zu of %zu for %s"), after, ex->nhints, ex->dir);
	w->scroll_to_hint = true;
}

/* ------------------------------------------------------------- the screen */

/* TEXT as wide characters: invalid bytes and control characters become '?', tabs spaces. */
static wchar_t *
widen(const char *s)
{
	size_t		 len = strlen(s), n = 0, k;
	wchar_t		*w = xcalloc(len * 8 + 1, sizeof *w), wc;
	mbstate_t	 ps;

	memset(&ps, 0, sizeof ps);
	while (*s != '\0') {
		k = mbrtowc(&wc, s, strlen(s), &ps);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&ps, 0, sizeof ps);
			wc = L'?';
			k = 1;
		}
		s += k;
		if (wc == L'\t') {
			do
				w[n++] = L' ';
			while (n % 8 != 0);
			continue;
		}
		if (wc != L'\n' && (wc < 32 || wc == 127 || wcwidth(wc) < 0))
			wc = L'?';
		w[n++] = wc;
	}
	w[n] = L'\0';
	return w;
}

static int
wwidth(wchar_t c)
{
	int	k = wcwidth(c);

	return k < 0 ? 1 : k;
}

/* Columns TEXT takes on the screen (translations differ in length from the English). */
static int
text_cols(const char *s)
{
	wchar_t	*w = widen(s);
	int	 n = 0;

	for (const wchar_t *p = w; *p != L'\0'; p++)
		n += wwidth(*p);
	free(w);
	return n;
}

static void
lines_push(struct lines *L, const wchar_t *w, size_t n, enum style s)
{
	if (L->n == L->cap) {
		L->cap = L->cap ? L->cap * 2 : 64;
		L->v = xreallocarray(L->v, L->cap, sizeof *L->v);
	}
	L->v[L->n].w = xcalloc(n + 1, sizeof(wchar_t));
	wmemcpy(L->v[L->n].w, w, n);
	L->v[L->n].style = s;
	L->n++;
}

/* Adds TEXT wrapped to WIDTH columns, each line after the first indented by INDENT more. */
static void
lines_add(struct lines *L, int width, int indent, enum style s, const char *text)
{
	wchar_t		*all = widen(text), *p = all, *buf;
	int		 first = 1;

	if (width < 8)
		width = 8;
	buf = xcalloc((size_t)width + (size_t)indent + wcslen(all) + 2, sizeof *buf);
	do {
		wchar_t	*nl = wcschr(p, L'\n');
		size_t	 plen = nl != NULL ? (size_t)(nl - p) : wcslen(p);

		/* one source line, wrapped at spaces where possible */
		do {
			int	 pre = first ? 0 : indent, col = pre;
			size_t	 i = 0, brk = 0, n;

			for (int k = 0; k < pre; k++)
				buf[k] = L' ';
			while (i < plen && col + wwidth(p[i]) <= width) {
				if (p[i] == L' ')
					brk = i;
				col += wwidth(p[i]);
				i++;
			}
			if (i < plen && brk > 0)
				i = brk + 1;
			if (i == 0 && plen > 0)
				i = 1;
			n = i;
			while (n > 0 && p[n - 1] == L' ' && i < plen)
				n--;
			wmemcpy(buf + pre, p, n);
			lines_push(L, buf, (size_t)pre + n, s);
			first = 0;
			p += i;
			plen -= i;
			while (plen > 0 && *p == L' ' && i > 0) {
				p++;
				plen--;
			}
		} while (plen > 0);
		p = nl != NULL ? nl + 1 : NULL;
		first = 0;
	} while (p != NULL);
	free(buf);
	free(all);
}

static void
lines_addf(struct lines *L, int width, int indent, enum style s, const char *fmt, ...)
    ATTR_PRINTF(5, 6);

static void
lines_addf(struct lines *L, int width, int indent, enum style s, const char *fmt, ...)
{
	va_list	 ap;
	char	*t;

	va_start(ap, fmt);
	xvasprintf(&t, fmt, ap);
	va_end(ap);
	lines_add(L, width, indent, s, t);
	free(t);
}

static void
lines_free(struct lines *L)
{
	for (size_t i = 0; i < L->n; i++)
		free(L->v[i].w);
	free(L->v);
	memset(L, 0, sizeof *L);
}

static attr_t
style_attr(const struct watch *w, enum style s)
{
	switch (s) {
	case S_BOLD:	return A_BOLD;
	case S_HEAD:	return A_BOLD | (w->color ? COLOR_PAIR(4) : A_UNDERLINE);
	case S_GOOD:	return w->color ? COLOR_PAIR(1) | A_BOLD : A_BOLD;
	case S_BAD:	return w->color ? COLOR_PAIR(2) | A_BOLD : A_BOLD;
	case S_WARN:	return w->color ? COLOR_PAIR(3) : A_NORMAL;
	case S_DIM:	return A_DIM;
	default:	return A_NORMAL;
	}
}

/* Draws TEXT at Y, X, cut at WIDTH columns. */
static void
put(const struct watch *w, int y, int x, int width, enum style s, const wchar_t *text)
{
	int	col = 0, n = 0;

	while (text[n] != L'\0' && col + wwidth(text[n]) <= width)
		col += wwidth(text[n++]);
	attrset(style_attr(w, s));
	mvaddnwstr(y, x, text, n);
	attrset(A_NORMAL);
}

static void
putf(const struct watch *w, int y, int x, int width, enum style s, const char *fmt, ...)
    ATTR_PRINTF(6, 7);

static void
putf(const struct watch *w, int y, int x, int width, enum style s, const char *fmt, ...)
{
	va_list	 ap;
	char	*t;
	wchar_t	*wt;

	va_start(ap, fmt);
	xvasprintf(&t, fmt, ap);
	va_end(ap);
	wt = widen(t);
	put(w, y, x, width, s, wt);
	free(wt);
	free(t);
}

static bool
is_done(const struct wex *x)
{
	return x->res.have && x->res.error == NULL && x->res.passed;
}

static void
test_lines(struct lines *L, int width, const struct wtest *t, bool hygiene)
{
	lines_addf(L, width, 7, t->passed ? S_GOOD : S_BAD, " %s %s  %d/%d",
	    t->passed ? _("PASS") : _("FAIL"), t->title != NULL ? t->title : "?", t->score, t->max);
	if (t->passed)
		return;
	if (t->message != NULL && !hygiene)
		lines_addf(L, width, 7, S_NORMAL, "      %s: %s", t->verdict_text != NULL ?
		    _(t->verdict_text) : _("failed"), t->message);
	else if (t->message != NULL)
		lines_addf(L, width, 7, S_NORMAL, "      %s", t->message);
	else if (t->verdict_text != NULL)
		lines_addf(L, width, 7, S_NORMAL, "      %s", _(t->verdict_text));
	if (t->expected != NULL)
		lines_addf(L, width, 16, S_NORMAL, _("      expected: %s"), t->expected);
	if (t->actual != NULL)
		lines_addf(L, width, 16, S_NORMAL, _("      actual:   %s"), t->actual);
	if (t->failed_run > 0 && t->runs > 1)
		lines_addf(L, width, 7, S_DIM, t->race ?
		    _("      (failed on run %d of %d, with injected delays)") :
		    _("      (failed on run %d of %d)"), t->failed_run, t->runs);
}

/* The detail pane's lines: the current exercise, its latest check, its hints. */
static size_t
detail_lines(struct watch *w, struct lines *L, int width)
{
	struct wex		*x = &w->ex[w->cur];
	const struct exercise	*ex = x->ex;
	const struct wresult	*r = &x->res;
	size_t			 seen, hint_line;
	char			 when[32];

	lines_addf(L, width, 4, S_HEAD, _("Exercise %02d: %s"), ex->number, ex->title);
	for (size_t i = 0; i < ex->nfiles; i++)
		if (x->paths[i] != NULL)
			lines_addf(L, width, 6, S_NORMAL, _("File: %s"), rel(w, x->paths[i]));
		else
			lines_addf(L, width, 6, S_BAD, _("File: %s/%s (not found)"), ex->dir,
			    ex->files[i]);
	lines_addf(L, width, 6, S_DIM, _("Task: %s/README.md"), ex->dir);
	lines_add(L, width, 0, S_NORMAL, "");
	if (w->run.pid > 0 && w->run.ex == w->cur)
		lines_addf(L, width, 0, S_WARN, _("Checking %s %c"), ex->dir, "|/-\\"[w->spin % 4]);
	else if (x->want)
		lines_add(L, width, 0, S_WARN, _("Waiting to be checked..."));
	if (!r->have) {
		if (!(w->run.pid > 0 && w->run.ex == w->cur) && !x->want)
			lines_add(L, width, 0, S_DIM, _("Not checked yet: r checks it."));
	} else if (r->error != NULL) {
		lines_addf(L, width, 2, S_BAD, "%s", r->error);
	} else {
		strftime(when, sizeof when, "%H:%M:%S", localtime(&r->when));
		/* TRANSLATORS: %s is the time of the check, e.g. 14:05:09. */
		lines_addf(L, width, 2, r->passed ? S_GOOD : S_BOLD, _("Checked %s: %d/%d points"),
		    when, r->score, r->max);
		if (r->passed)
			lines_add(L, width, 2, S_GOOD, _("Every test passes."));
		if (r->internal != NULL)
			lines_addf(L, width, 2, S_BAD, _("Internal error (not your fault): %s"),
			    r->internal);
		if (!r->submitted) {
			lines_addf(L, width, 2, S_BAD, _("Not found: %s"), r->missing != NULL ?
			    r->missing : _("the exercise's files"));
		} else if (!r->compiled) {
			lines_add(L, width, 0, S_BAD, _("It does not compile:"));
			if (r->compiler_output != NULL)
				lines_add(L, width, 0, S_NORMAL, r->compiler_output);
		} else {
			if (r->compiler_output != NULL && *r->compiler_output != '\0') {
				lines_add(L, width, 0, S_WARN, _("Compiler warnings:"));
				lines_add(L, width, 0, S_NORMAL, r->compiler_output);
			}
			for (size_t i = 0; i < r->nt; i++)
				test_lines(L, width, &r->t[i], false);
			if (r->hygiene.max > 0)
				test_lines(L, width, &r->hygiene, true);
			if (!r->passed && r->seed >= 0)
				lines_addf(L, width, 2, S_DIM, _("seed %lld: 'proclab check %d --seed "
				    "%lld' replays this check"), r->seed, ex->number, r->seed);
		}
	}
	lines_add(L, width, 0, S_NORMAL, "");
	hint_line = L->n;
	seen = hint_state_get(w->wd, ex);
	if (ex->nhints == 0)
		lines_add(L, width, 0, S_DIM, _("This exercise has no hints."));
	else if (seen == 0)
		lines_addf(L, width, 0, S_DIM, ngettext("Hints: none read yet (%zu available): h "
		    "shows it.", "Hints: none read yet (%zu available): h shows the first.",
		    ex->nhints), ex->nhints);
	else
		lines_addf(L, width, 0, S_HEAD, seen < ex->nhints ?
		    _("Hints (%zu of %zu read; h shows the next):") : _("Hints (%zu of %zu read):"),
		    seen, ex->nhints);
	for (size_t i = 0; i < seen; i++) {
		lines_addf(L, width, 5, S_NORMAL, "%2zu. %s", i + 1, ex->hints[i]);
		hint_line = L->n - 1;
	}
	return hint_line;
}

static void
draw_list(struct watch *w, int y0, int rows, int width)
{
	size_t	first = 0, mark = w->focus == FOCUS_LIST ? w->cursor : w->cur;
	char	 score[32];

	if (rows <= 0)
		return;
	if (mark >= (size_t)rows)
		first = mark - (size_t)rows + 1;
	for (int k = 0; k < rows && first + (size_t)k < w->n; k++) {
		size_t		 i = first + (size_t)k;
		struct wex	*x = &w->ex[i];
		const char	*state;
		enum style	 s;
		bool		 running = w->run.pid > 0 && w->run.ex == i;

		if (is_done(x)) {
			state = _("done");
			s = S_GOOD;
		} else if (i == w->cur) {
			state = _("current");
			s = S_WARN;
		} else {
			state = _("pending");
			s = S_DIM;
		}
		if (running)
			snprintf(score, sizeof score, "  %c", "|/-\\"[w->spin % 4]);
		else if (x->res.have && x->res.error == NULL)
			snprintf(score, sizeof score, "%d/%d", x->res.score, x->res.max);
		else
			snprintf(score, sizeof score, "-/%d", exercise_max_score(x->ex));
		putf(w, y0 + k, 0, width, s, "%c %02d %-15.15s %-7s %5s", i == w->cur ? '>' : ' ',
		    x->ex->number, x->ex->name, state, score);
		if (i == w->cur || (w->focus == FOCUS_LIST && i == w->cursor))
			mvchgat(y0 + k, 0, width, (i == w->cur ? A_BOLD : 0) |
			    (w->focus == FOCUS_LIST && i == w->cursor ? A_REVERSE : 0),
			    (short)PAIR_NUMBER(style_attr(w, s)), NULL);
	}
}

static void
draw(struct watch *w)
{
	struct lines	 L;
	size_t		 done = 0, hint_line;
	int		 y, bar, fill, ly, lh, dx, dy, dw, dh, maxscroll;
	bool		 wide;
	const char	*head;
	char		 tail[128];

	erase();
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		putf(w, 0, 0, COLS, S_BOLD, _("Terminal too small: proclab watch needs %dx%d (q quits)"),
		    MIN_COLS, MIN_LINES);
		refresh();
		return;
	}
	for (size_t i = 0; i < w->n; i++)
		done += is_done(&w->ex[i]);
	putf(w, 0, 0, COLS, S_BOLD, _("proclab watch  %s"), w->wd);
	head = _("Progress: [");
	snprintf(tail, sizeof tail, _("] %zu/%zu exercises done"), done, w->n);
	bar = COLS - text_cols(head) - text_cols(tail) - 1;
	if (bar > 50)
		bar = 50;
	if (bar < 0)
		bar = 0;
	fill = w->n > 0 ? (int)((size_t)bar * done / w->n) : 0;
	mvaddstr(1, 0, head);
	attrset(style_attr(w, S_GOOD));
	for (int i = 0; i < bar; i++)
		addch(i < fill ? '#' : ' ');
	attrset(A_NORMAL);
	addstr(tail);

	wide = COLS >= 72;
	if (wide) {
		ly = 3; lh = LINES - 5;
		dx = LIST_W + 2; dy = 3; dw = COLS - dx; dh = LINES - 5;
		attrset(A_DIM);
		mvvline(3, LIST_W + 1, ACS_VLINE, LINES - 5);
		attrset(A_NORMAL);
	} else {
		ly = 3;
		lh = (int)w->n < (LINES - 5) / 3 ? (int)w->n : (LINES - 5) / 3;
		dx = 0; dy = ly + lh + 1; dw = COLS; dh = LINES - 2 - dy;
		attrset(A_DIM);
		mvhline(dy - 1, 0, ACS_HLINE, COLS);
		attrset(A_NORMAL);
	}
	draw_list(w, ly, lh, wide ? LIST_W : COLS);

	memset(&L, 0, sizeof L);
	hint_line = detail_lines(w, &L, dw - 2);
	maxscroll = (int)L.n - dh;
	if (maxscroll < 0)
		maxscroll = 0;
	if (w->scroll_to_hint) {
		w->scroll = (int)hint_line - dh + 1;
		w->scroll_to_hint = false;
	}
	if (w->scroll > maxscroll)
		w->scroll = maxscroll;
	if (w->scroll < 0)
		w->scroll = 0;
	for (y = 0; y < dh && (size_t)(w->scroll + y) < L.n; y++)
		put(w, dy + y, dx, dw - 2, L.v[w->scroll + y].style, L.v[w->scroll + y].w);
	if (w->scroll > 0)
		putf(w, dy, COLS - 1, 1, S_DIM, "^");
	if (w->scroll < maxscroll)
		putf(w, dy + dh - 1, COLS - 1, 1, S_DIM, "v");
	lines_free(&L);

	putf(w, LINES - 2, 0, COLS, w->status_style, "%s", w->status);
	attrset(A_REVERSE);
	mvhline(LINES - 1, 0, ' ', COLS);
	attrset(A_NORMAL);
	if (w->focus == FOCUS_LIST)
		putf(w, LINES - 1, 0, COLS, S_NORMAL, _(" up/down choose  Enter make current  "
		    "l/Esc back  q quit"));
	else if (wide)
		putf(w, LINES - 1, 0, COLS, S_NORMAL, _(" n next  p prev  h hint  l list  "
		    "r re-run  up/down scroll  q quit"));
	else
		putf(w, LINES - 1, 0, COLS, S_NORMAL, _(" n next p prev h hint l list r re-run "
		    "q quit"));
	mvchgat(LINES - 1, 0, COLS, A_REVERSE, 0, NULL);
	refresh();
}

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
	set_status(w, S_NORMAL, _("Exercise %02d: %s"), w->ex[i].ex->number, w->ex[i].ex->title);
}

/* false when the key quits. */
static bool
key(struct watch *w, int ch)
{
	if (ch == 'q' || ch == 'Q')
		return false;
	if (ch == KEY_RESIZE)
		return true;
	if (w->focus == FOCUS_LIST) {
		switch (ch) {
		case KEY_UP: case 'k':
			if (w->cursor > 0)
				w->cursor--;
			break;
		case KEY_DOWN: case 'j':
			if (w->cursor + 1 < w->n)
				w->cursor++;
			break;
		case KEY_HOME: case 'g':
			w->cursor = 0;
			break;
		case KEY_END: case 'G':
			w->cursor = w->n - 1;
			break;
		case '\n': case '\r': case KEY_ENTER: case ' ':
			go_to(w, w->cursor);
			w->focus = FOCUS_DETAIL;
			break;
		case 'l': case 27:
			w->cursor = w->cur;
			w->focus = FOCUS_DETAIL;
			break;
		}
		return true;
	}
	switch (ch) {
	case 'n':
		if (w->cur + 1 < w->n)
			go_to(w, w->cur + 1);
		else
			set_status(w, S_WARN, _("This is the last exercise"));
		break;
	case 'p':
		if (w->cur > 0)
			go_to(w, w->cur - 1);
		else
			set_status(w, S_WARN, _("This is the first exercise"));
		break;
	case 'h':
		next_hint(w);
		break;
	case 'l':
		w->focus = FOCUS_LIST;
		w->cursor = w->cur;
		break;
	case 'r':
		w->ex[w->cur].want = true;
		set_status(w, S_WARN, _("Checking %s again..."), w->ex[w->cur].ex->dir);
		break;
	case KEY_UP: case 'k':
		w->scroll--;
		break;
	case KEY_DOWN: case 'j':
		w->scroll++;
		break;
	case KEY_PPAGE:
		w->scroll -= LINES / 2;
		break;
	case KEY_NPAGE: case ' ':
		w->scroll += LINES / 2;
		break;
	case KEY_HOME:
		w->scroll = 0;
		break;
	case KEY_END:
		w->scroll = INT_MAX / 2;
		break;
	}
	return true;
}

static void
cleanup(void)
{
	struct watch	*w = the_watch;

	if (w != NULL)
		stop_check(w);
	if (curses_on && !isendwin())
		endwin();
	curses_on = false;
	if (w != NULL && w->tmpdir != NULL) {
		if (remove_tree(w->tmpdir) == -1)
			warnx_("%s: %s", w->tmpdir, strerror(errno));
		free(w->tmpdir);
		w->tmpdir = NULL;
	}
}

static void
run_dashboard(struct watch *w)
{
	struct pollfd		 pfd[3];
	struct timespec		 now, last = { 0, 0 };
	int			 ch, nfd;
	bool			 quit = false;

	while (!quit && got_signal == 0) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec != last.tv_sec) {        /* once a second */
			look_for_changes(w);
			last = now;
		}
		schedule(w);
		draw(w);
		nfd = 0;
		pfd[nfd].fd = STDIN_FILENO;
		pfd[nfd++].events = POLLIN;
		if (w->run.out != -1) {
			pfd[nfd].fd = w->run.out;
			pfd[nfd++].events = POLLIN;
		}
		if (w->run.err != -1) {
			pfd[nfd].fd = w->run.err;
			pfd[nfd++].events = POLLIN;
		}
		if (poll(pfd, (nfds_t)nfd, w->run.pid > 0 && w->run.out == -1 &&
		    w->run.err == -1 ? 20 : TICK_MS) == -1 && errno != EINTR) {
			set_status(w, S_BAD, "poll: %s", strerror(errno));
			sleep(1);
		}
		w->spin++;
		while (!quit && (ch = getch()) != ERR)
			quit = !key(w, ch);
		poll_check(w);
	}
}

int
cmd_watch(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*dir = NULL, *start = NULL;
	const struct exercise	*first = NULL;
	struct watch		 w;
	struct stat		 st;
	struct sigaction	 sa;
	SCREEN			*scr;
	int			 c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'h': return help_show("watch", stdout);
		case ':': usage_error("watch", _("%s needs a value"), argv[optind - 1]);
		default: usage_error("watch", _("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (argc - optind > 1)
		usage_error("watch", _("one exercise to start with, not '%s'"), argv[optind + 1]);
	if (optind < argc)
		start = argv[optind];
	if (dir != NULL && stat(dir, &st) == -1)
		usage_error("watch", _("--dir: '%s': %s"), dir, strerror(errno));
	if (dir != NULL && !S_ISDIR(st.st_mode))
		usage_error("watch", _("--dir: '%s' is not a folder"), dir);

	memset(&w, 0, sizeof w);
	w.mf = manifest_load_or_die();
	if (w.mf->nex == 0)
		usage_error("watch", _("the manifest %s has no exercise"), w.mf->path);
	if (start != NULL && (first = manifest_find(w.mf, start)) == NULL)
		usage_error("watch", _("'%s' is not an exercise (give a number from 1 to %d or a "
		    "name such as %s)"), start, w.mf->ex[w.mf->nex - 1].number, w.mf->ex[0].name);
	w.wd = workdir_find(w.mf, dir != NULL ? dir : ".");
	if (w.wd == NULL) {
		if (dir != NULL)
			usage_error("watch", _("no working copy in --dir: no folder from %s upward "
			    "holds %s/ (or exercises/%s/); make one with '%s init DIR'"), dir,
			    w.mf->ex[0].dir, w.mf->ex[0].dir, progname);
		usage_error("watch", _("no working copy here: no folder from here upward holds "
		    "%s/ (or exercises/%s/); make one with '%s init DIR' or give --dir DIR"),
		    w.mf->ex[0].dir, w.mf->ex[0].dir, progname);
	}
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		warnx_(!isatty(STDOUT_FILENO) ?
		    _("watch: standard output is not a terminal: the dashboard needs one (in a "
		    "script, use '%s check N')") :
		    _("watch: standard input is not a terminal: the dashboard needs one (in a "
		    "script, use '%s check N')"), progname);
		exit(EXIT_USAGE);
	}

	w.n = w.mf->nex;
	w.ex = xcalloc(w.n, sizeof *w.ex);
	for (size_t i = 0; i < w.n; i++) {
		w.ex[i].ex = &w.mf->ex[i];
		w.ex[i].paths = xcalloc(w.mf->ex[i].nfiles + 1, sizeof(char *));
		w.ex[i].stamp = files_stamp(&w, &w.ex[i]);
		w.ex[i].want = true;
		if (first == &w.mf->ex[i])
			w.cur = w.cursor = i;
	}
	w.scanning = first == NULL;
	w.run.out = w.run.err = -1;
	w.tmpdir = make_temp_dir("watch");
	if (w.tmpdir == NULL)
		fatal(_("watch: making a temporary folder"));
	set_status(&w, S_NORMAL, _("Checking your exercises..."));

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) == -1 || sigaction(SIGTERM, &sa, NULL) == -1 ||
	    sigaction(SIGHUP, &sa, NULL) == -1)
		fatal("watch: sigaction");
	signal(SIGPIPE, SIG_IGN);

	the_watch = &w;
	atexit(cleanup);
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");     /* as in main: numbers for machines stay "1.5" */
	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		warnx_(_("watch: cannot use the terminal (TERM=%s): unknown or unusable type"),
		    getenv("TERM") != NULL ? getenv("TERM") : "");
		exit(EXIT_USAGE);
	}
	curses_on = true;
	{
		char *cup = tigetstr("cup");

		if (cup == NULL || cup == (char *)-1) {     /* e.g. TERM=dumb */
			endwin();
			curses_on = false;
			warnx_(_("watch: the terminal (TERM=%s) cannot move its cursor: the "
			    "dashboard needs one that can"), getenv("TERM") != NULL ?
			    getenv("TERM") : "");
			exit(EXIT_USAGE);
		}
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	w.color = use_color(stdout) && has_colors();
	if (w.color) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_GREEN, -1);
		init_pair(2, COLOR_RED, -1);
		init_pair(3, COLOR_YELLOW, -1);
		init_pair(4, COLOR_CYAN, -1);
	}

	run_dashboard(&w);

	cleanup();
	delscreen(scr);
	the_watch = NULL;
	for (size_t i = 0; i < w.n; i++) {
		for (size_t j = 0; j < w.ex[i].ex->nfiles; j++)
			free(w.ex[i].paths[j]);
		free(w.ex[i].paths);
		wresult_free(&w.ex[i].res);
	}
	free(w.ex);
	free(w.wd);
	manifest_free(w.mf);
	if (got_signal != 0 && got_signal != SIGINT)
		return 128 + got_signal;
	return EXIT_OK;
}

static int
cmd_watch_exec(struct cmd_ctx *ctx)
{
	return cmd_watch(ctx->argc, ctx->argv);
}

const struct cmd_entry cmd_watch_entry = {
	.name = "watch",
	.help = N_("usage: proclab watch [N|NAME] [--dir WORKDIR]\n"
"\n"
"A live dashboard of your progress: a progress bar, every exercise (done,\n"
"current, pending) with its score, and for the current one its file, the result\n"
"of its latest check (each test's verdict, expected and actual values) and the\n"
"hints read so far. Save your file and it is checked again by itself.\n"
"It starts at the first exercise not done yet, or at exercise N.\n"
"Keys: n next exercise, p previous, h next hint, l list (up/down, Enter),\n"
"r check again now, up/down/PgUp/PgDn scroll, q quit.\n"
"  --dir DIR   the working copy (default: found from the current folder up)\n"
"It needs a terminal: standard output that is not one is a usage error (exit 2).\n"
"Exit status: 0 after q, 2 for a bad command line or no usable terminal.\n"),
	.flags = CMD_RAW,
	.exec = cmd_watch_exec,
};
