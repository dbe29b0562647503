/* SPDX-License-Identifier: MIT */
/*
 * watch-runner.c: the dashboard's checks, run in the background.
 *
 * Grading never runs inside the dashboard: each check is a child, "proclab check N --format
 * json --dir WORKDIR" started through /proc/self/exe in its own process group, whose JSON
 * report is read through a pipe (and the tail of its stderr through another). A check that
 * crashes or hangs cannot take the dashboard with it, and cancelling it stops all of it.
 *
 * The report is read back by the grader itself (result_file_parse). The same machinery
 * runs what v asks for (a failed race test replayed with --trace, a lesson's race traced):
 * runner_spawn and runner_poll_end, its report left unread.
 */
#include "watch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define JSON_MAX	(8u << 20)      /* a check's report larger than this is refused */

/* ------------------------------------------------------- the JSON report */

/* One test as the dashboard shows it, from what the grader read back. A hidden test keeps
 * its number only, as in the report. */
static void
wtest_from(const struct case_result *c, size_t i, struct wtest *t)
{
	if (c->spec->hidden)
		xasprintf(&t->title, _("hidden test %zu"), i + 1);
	else
		t->title = xstrdup(manifest_text(c->spec->title));
	t->verdict = xstrdup(verdict_id(c->verdict));
	t->verdict_text = xstrdup(verdict_name(c->verdict));
	t->message = c->message != NULL ? xstrdup(c->message) : NULL;
	t->expected = c->expected != NULL ? xstrdup(c->expected) : NULL;
	t->actual = c->actual != NULL ? xstrdup(c->actual) : NULL;
	t->score = c->score;
	t->max = c->spec->points;
	t->runs = c->spec->runs;
	t->runs_passed = c->runs_passed;
	t->failed_run = c->failed_run;
	t->failed_seed = c->failed_run > 0 ? (long long)c->failed_seed : -1;
	t->replay = c->replay != NULL ? xstrdup(c->replay) : NULL;
	t->race = c->spec->race;
	t->passed = c->verdict == VERDICT_PASSED;
}

static void
wresult_from(const struct result_file *rf, struct wresult *r)
{
	const struct exercise_result	*er = &rf->res[0];

	r->seed = (long long)rf->seed;
	r->passed = exercise_passed(er);
	r->submitted = er->submitted;
	r->compiled = er->compiled;
	r->missing = er->missing != NULL ? xstrdup(er->missing) : NULL;
	r->compiler_output = er->compiler_output != NULL ? xstrdup(er->compiler_output) : NULL;
	r->internal = er->internal_message != NULL ? xstrdup(er->internal_message) : NULL;
	r->score = er->score;
	r->max = er->max_score;
	r->nt = er->ex->ntests;
	r->t = xcalloc(r->nt + 1, sizeof *r->t);
	for (size_t i = 0; i < r->nt; i++)
		wtest_from(&er->tests[i], i, &r->t[i]);
	r->hygiene.title = xstrdup(_("hygiene (no processes or IPC objects left behind)"));
	r->hygiene.verdict = xstrdup(verdict_id(er->hygiene_verdict));
	r->hygiene.verdict_text = xstrdup(verdict_name(er->hygiene_verdict));
	r->hygiene.message = er->hygiene_message != NULL ? xstrdup(er->hygiene_message) : NULL;
	r->hygiene.score = er->hygiene_score;
	r->hygiene.max = er->ex->hygiene_points;
	r->hygiene.failed_seed = -1;
	r->hygiene.passed = er->hygiene_verdict == VERDICT_PASSED;
}

enum report_read { REPORT_OK, REPORT_NOT_JSON, REPORT_NO_EXERCISE };

/* The report of "proclab check N --format json" (LEN bytes), read back by the grader against
 * the manifest, into R. REPORT_NOT_JSON sets *CAUSE to the reason. */
static enum report_read
report_to_wresult(const char *json, size_t len, const struct manifest *mf, struct wresult *r,
    char **cause)
{
	struct result_file	rf;

	if (result_file_parse(json, len, mf, &rf, cause) == -1)
		return REPORT_NOT_JSON;
	if (rf.nres == 0) {
		result_file_free(&rf);
		return REPORT_NO_EXERCISE;
	}
	wresult_from(&rf, r);
	result_file_free(&rf);
	return REPORT_OK;
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

/* Turns a finished check (what it wrote, its wait status) into R. */
static void
wresult_from_check(struct wresult *r, const struct runner *run, int wstatus)
{
	enum report_read	 got;
	char			*why = NULL, *line;

	memset(r, 0, sizeof *r);
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
	got = report_to_wresult(run->obuf != NULL ? run->obuf : "", run->olen, run->mf, r, &why);
	if (got == REPORT_OK)
		return;
	line = last_line(run->ebuf, run->elen);
	if (*line != '\0')
		xasprintf(&r->error, _("The check failed (exit %d): %s"), WEXITSTATUS(wstatus),
		    line);
	else if (got == REPORT_NOT_JSON)
		xasprintf(&r->error, _("The check failed (exit %d) and its report is not JSON: "
		    "%s"), WEXITSTATUS(wstatus), why);
	else
		xasprintf(&r->error, _("The check failed (exit %d): its report has no "
		    "exercise"), WEXITSTATUS(wstatus));
	free(line);
	free(why);
}

/* ------------------------------------------------------------ the children */

static void
close_fd(int *fd)
{
	if (*fd != -1)
		close(*fd);
	*fd = -1;
}

/* The child's side of child_spawn(): never returns. */
static void ATTR_NORETURN
spawned(const char *path, char *const *args, const char *tmpdir, int out, int err)
{
	int		devnull;
	sigset_t	none;

	/* its own process group, so that stopping it stops all of it, and the terminal's
	 * Ctrl-C reaches the dashboard only */
	setpgid(0, 0);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	signal(SIGWINCH, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);  /* the dashboard blocks some outside its poll */
	devnull = open("/dev/null", O_RDWR);
	if (devnull == -1 || dup2(devnull, STDIN_FILENO) == -1 ||
	    dup2(out != -1 ? out : devnull, STDOUT_FILENO) == -1 ||
	    dup2(err != -1 ? err : STDOUT_FILENO, STDERR_FILENO) == -1)
		_exit(126);
	if (tmpdir != NULL && setenv("TMPDIR", tmpdir, 1) == -1)
		_exit(126);
	execv(path, args);
	dprintf(STDERR_FILENO, "%s: exec %s: %s\n", progname, path, strerror(errno));
	_exit(127);
}

pid_t
child_spawn(const char *path, char *const *args, const char *tmpdir, int *out, int *err,
    char **cause)
{
	int	po[2] = { -1, -1 }, pe[2] = { -1, -1 };
	pid_t	pid;

	if ((out != NULL && pipe2(po, O_CLOEXEC) == -1) ||
	    (err != NULL && pipe2(pe, O_CLOEXEC) == -1)) {
		cause_errno(cause, "pipe");
		goto fail;
	}
	pid = fork();
	if (pid == -1) {
		cause_errno(cause, "fork");
		goto fail;
	}
	if (pid == 0)
		spawned(path, args, tmpdir, po[1], pe[1]);
	setpgid(pid, pid);      /* both sides: no race with kill(-pid) */
	if (out != NULL) {
		close(po[1]);
		*out = po[0];
		fcntl(*out, F_SETFL, O_NONBLOCK);
	}
	if (err != NULL) {
		close(pe[1]);
		*err = pe[0];
		fcntl(*err, F_SETFL, O_NONBLOCK);
	}
	return pid;
fail:
	for (int i = 0; i < 2; i++) {
		close_fd(&po[i]);
		close_fd(&pe[i]);
	}
	return -1;
}

void
child_stop(struct child *c, long long now)
{
	if (c->pid <= 0 || c->stopping)
		return;
	/* SIGTERM first: a check removes its temporary folders, its sandboxed runs die
	 * with it */
	kill(c->pid, SIGTERM);
	c->stopping = true;
	c->kill_at = now + WATCH_STOP_MS;
}

void
child_tick(struct child *c, long long now)
{
	if (c->pid > 0 && c->stopping && now >= c->kill_at) {
		kill(-c->pid, SIGKILL);
		kill(c->pid, SIGKILL);
	}
}

int
child_timeout(const struct child *c, long long now)
{
	if (c->pid <= 0 || !c->stopping)
		return -1;
	return c->kill_at > now ? (int)(c->kill_at - now) : 0;
}

bool
child_reap(struct child *c, int *wstatus)
{
	pid_t	p;

	if (c->pid <= 0)
		return false;
	p = waitpid(c->pid, wstatus, WNOHANG);
	if (p == 0 || (p == -1 && errno == EINTR))
		return false;
	if (p == -1)
		*wstatus = 0x7f00;      /* as if it had exited 127 */
	kill(-c->pid, SIGKILL);         /* whatever is left of its group */
	memset(c, 0, sizeof *c);
	return true;
}

void
child_kill(struct child *c)
{
	struct timespec	 pause = { 0, 20 * 1000 * 1000 };
	int		 st;

	if (c->pid <= 0)
		return;
	child_stop(c, 0);
	for (int i = 0; i < WATCH_STOP_MS / 20 && !child_reap(c, &st); i++)
		nanosleep(&pause, NULL);
	if (c->pid <= 0)
		return;
	kill(-c->pid, SIGKILL);
	kill(c->pid, SIGKILL);
	while (waitpid(c->pid, &st, 0) == -1 && errno == EINTR)
		;
	memset(c, 0, sizeof *c);
}

/* ------------------------------------------------------------- the checks */

void
runner_init(struct runner *r, const struct manifest *mf)
{
	memset(r, 0, sizeof *r);
	r->mf = mf;
	r->out = r->err = -1;
}

static void
runner_reset(struct runner *r)
{
	struct child	c = r->c;

	close_fd(&r->out);
	close_fd(&r->err);
	free(r->obuf);
	runner_init(r, r->mf);
	r->c = c;
}

int
runner_spawn(struct runner *r, char *const *args, const char *tmpdir, char **cause)
{
	runner_reset(r);
	r->c.pid = child_spawn("/proc/self/exe", args, tmpdir, &r->out, &r->err, cause);
	if (r->c.pid == -1) {
		r->c.pid = 0;
		return -1;
	}
	return 0;
}

int
runner_start(struct runner *r, const char *wd, const char *tmpdir, int number, char **cause)
{
	char	 num[32];
	char	*args[] = { (char *)progname, "check", num, "--format", "json", "--dir",
		    (char *)wd, NULL };

	snprintf(num, sizeof num, "%d", number);
	return runner_spawn(r, args, tmpdir, cause);
}

bool
runner_running(const struct runner *r)
{
	return r->c.pid > 0 && !r->c.stopping;
}

bool
runner_idle(const struct runner *r)
{
	return r->c.pid <= 0;
}

int
runner_pollfds(const struct runner *r, struct pollfd *pfd)
{
	int	n = 0;

	if (r->out != -1)
		pfd[n++] = (struct pollfd){ .fd = r->out, .events = POLLIN };
	if (r->err != -1)
		pfd[n++] = (struct pollfd){ .fd = r->err, .events = POLLIN };
	return n;
}

/* The report: kept whole, up to JSON_MAX. */
static void
keep_out(struct runner *r, const char *buf, size_t n)
{
	if (r->olen + n > JSON_MAX) {
		r->otoobig = true;
		return;
	}
	if (r->olen + n + 1 > r->ocap) {
		r->ocap = (r->olen + n + 1) * 2;
		r->obuf = xreallocarray(r->obuf, r->ocap, 1);
	}
	memcpy(r->obuf + r->olen, buf, n);
	r->olen += n;
	r->obuf[r->olen] = '\0';
}

/* Its stderr: the tail is kept. */
static void
keep_err(struct runner *r, const char *buf, size_t n)
{
	if (n >= WATCH_ERR_MAX) {
		memcpy(r->ebuf, buf + n - (WATCH_ERR_MAX - 1), WATCH_ERR_MAX - 1);
		r->elen = WATCH_ERR_MAX - 1;
	} else {
		if (r->elen + n >= WATCH_ERR_MAX) {
			size_t drop = r->elen + n - (WATCH_ERR_MAX - 1);

			memmove(r->ebuf, r->ebuf + drop, r->elen - drop);
			r->elen -= drop;
		}
		memcpy(r->ebuf + r->elen, buf, n);
		r->elen += n;
	}
	r->ebuf[r->elen] = '\0';
}

/* Reads what the check wrote on *FD until it would block, 1 MiB at most (the screen comes
 * first); closes it at end of file. */
static void
drain(struct runner *r, int *fd)
{
	char	 buf[16384];
	ssize_t	 n;

	for (int k = 0; *fd != -1 && k < 64; k++) {
		n = read(*fd, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0)
			close_fd(fd);
		else if (fd == &r->out)
			keep_out(r, buf, (size_t)n);
		else
			keep_err(r, buf, (size_t)n);
	}
}

/* Reads what the child wrote; true once it has ended and been reaped, its wait status in
 * *ST (a child being stopped is reaped quietly: false). */
static bool
runner_ended(struct runner *r, int *st)
{
	if (r->c.pid <= 0)
		return false;
	drain(r, &r->out);
	drain(r, &r->err);
	if (r->c.stopping) {            /* what it says no longer matters */
		close_fd(&r->out);
		close_fd(&r->err);
	}
	if (r->out != -1 || r->err != -1)
		return false;
	if (r->c.stopping) {
		if (child_reap(&r->c, st))
			runner_reset(r);
		return false;
	}
	return child_reap(&r->c, st);
}

bool
runner_poll(struct runner *r, struct wresult *res, char **cause)
{
	int	st;

	if (!runner_ended(r, &st))
		return false;
	(void)cause;
	wresult_from_check(res, r, st);
	runner_reset(r);
	return true;
}

bool
runner_poll_end(struct runner *r, int *wstatus, char **why)
{
	char	*line;

	if (!runner_ended(r, wstatus))
		return false;
	*why = NULL;
	line = last_line(r->ebuf, r->elen);
	if (WIFSIGNALED(*wstatus))
		xasprintf(why, _("killed by %s"), strsignal(WTERMSIG(*wstatus)));
	else if (*line != '\0')
		*why = line;
	else
		xasprintf(why, _("exit status %d"), WEXITSTATUS(*wstatus));
	if (*why != line)
		free(line);
	runner_reset(r);
	return true;
}

void
runner_cancel(struct runner *r, long long now)
{
	child_stop(&r->c, now);
}

void
runner_stop(struct runner *r)
{
	child_kill(&r->c);
	runner_reset(r);
}
