/*
 * watch-runner.c: the dashboard's checks, run in the background.
 *
 * Grading never runs inside the dashboard: each check is a child, "proclab check N --format
 * json --dir WORKDIR" started through /proc/self/exe in its own process group, whose JSON
 * report is read through a pipe (and the tail of its stderr through another). A check that
 * crashes or hangs cannot take the dashboard with it, and cancelling it stops all of it.
 *
 * report_to_wresult() is the one place that knows the report's key names.
 *
 * The hint counter: hint_bump() runs "proclab hint N" as a child and reads the state back.
 */
#include "watch.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define JSON_MAX	(8u << 20)      /* a check's report larger than this is refused */

/* ------------------------------------------------------- the JSON report */

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

enum report_read { REPORT_OK, REPORT_NOT_JSON, REPORT_NO_EXERCISE };

/*
 * Reads the report of "proclab check N --format json" (JSON, LEN bytes) into R: the seed and
 * the first exercise's result. REPORT_NOT_JSON sets *CAUSE to the parser's reason.
 *
 * The one function that knows the report's layout: it is to become a call of the grader's
 * own reader (report_read_json) when there is one.
 */
static enum report_read
report_to_wresult(const char *json, size_t len, struct wresult *r, char **cause)
{
	json_t		*root, *e, *tests, *h;
	json_error_t	 jerr;

	root = json_loadb(json, len, 0, &jerr);
	if (root == NULL) {
		cause_set(cause, "%s", jerr.text);
		return REPORT_NOT_JSON;
	}
	e = json_array_get(json_object_get(root, "exercises"), 0);
	if (!json_is_object(e)) {
		json_decref(root);
		return REPORT_NO_EXERCISE;
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
	got = report_to_wresult(run->obuf != NULL ? run->obuf : "", run->olen, r, &why);
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

/* The child's side of spawn(): never returns. */
static void ATTR_NORETURN
spawned(const char *tmpdir, char *const *args, int out, int err)
{
	int		devnull;
	sigset_t	none;

	/* its own process group, so that cancelling can stop all of it */
	setpgid(0, 0);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);  /* the dashboard blocks some outside its poll */
	devnull = open("/dev/null", O_RDWR);
	if (devnull == -1 || dup2(devnull, STDIN_FILENO) == -1 ||
	    dup2(out != -1 ? out : devnull, STDOUT_FILENO) == -1 ||
	    dup2(err, STDERR_FILENO) == -1)
		_exit(126);
	if (tmpdir != NULL && setenv("TMPDIR", tmpdir, 1) == -1)
		_exit(126);
	execv("/proc/self/exe", args);
	dprintf(STDERR_FILENO, "%s: exec /proc/self/exe: %s\n", progname, strerror(errno));
	_exit(127);
}

/* Starts "proclab ARGS..." with stdin from /dev/null and stdout, stderr into pipes (OUT may be
 * NULL: stdout goes to /dev/null). -1 with *CAUSE when it cannot. */
static pid_t
spawn(const char *tmpdir, char *const *args, int *out, int *err, char **cause)
{
	int	po[2] = { -1, -1 }, pe[2] = { -1, -1 };
	pid_t	pid;

	if ((out != NULL && pipe2(po, O_CLOEXEC) == -1) || pipe2(pe, O_CLOEXEC) == -1) {
		cause_errno(cause, "pipe");
		goto fail;
	}
	pid = fork();
	if (pid == -1) {
		cause_errno(cause, "fork");
		goto fail;
	}
	if (pid == 0)
		spawned(tmpdir, args, po[1], pe[1]);
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
		close_fd(&po[i]);
		close_fd(&pe[i]);
	}
	return -1;
}

/* ------------------------------------------------------------- the checks */

void
runner_init(struct runner *r)
{
	memset(r, 0, sizeof *r);
	r->out = r->err = -1;
}

static void
runner_reset(struct runner *r)
{
	close_fd(&r->out);
	close_fd(&r->err);
	free(r->obuf);
	runner_init(r);
}

int
runner_start(struct runner *r, const char *wd, const char *tmpdir, int number, char **cause)
{
	char	 num[32];
	char	*args[] = { (char *)progname, "check", num, "--format", "json", "--dir",
		    (char *)wd, NULL };

	snprintf(num, sizeof num, "%d", number);
	runner_reset(r);
	r->pid = spawn(tmpdir, args, &r->out, &r->err, cause);
	if (r->pid == -1) {
		r->pid = 0;
		return -1;
	}
	if (fcntl(r->out, F_SETFL, O_NONBLOCK) == -1 || fcntl(r->err, F_SETFL, O_NONBLOCK) == -1)
		cause_errno(cause, "fcntl");
	return 0;
}

bool
runner_running(const struct runner *r)
{
	return r->pid > 0;
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

bool
runner_waiting_exit(const struct runner *r)
{
	return r->pid > 0 && r->out == -1 && r->err == -1;
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

/* Reads what the check wrote on *FD until it would block; closes it at end of file. */
static void
drain(struct runner *r, int *fd)
{
	char	 buf[16384];
	ssize_t	 n;

	while (*fd != -1) {
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

bool
runner_poll(struct runner *r, struct wresult *res, char **cause)
{
	pid_t	p;
	int	st;

	if (r->pid <= 0)
		return false;
	drain(r, &r->out);
	drain(r, &r->err);
	if (r->out != -1 || r->err != -1)
		return false;
	p = waitpid(r->pid, &st, WNOHANG);
	if (p == 0 || (p == -1 && errno == EINTR))
		return false;
	if (p == -1) {
		cause_errno(cause, "waitpid");
		st = 0x7f00;    /* as if it had exited 127 */
	}
	wresult_from_check(res, r, st);
	runner_reset(r);
	return true;
}

/* Stops a running check and all its processes, and reaps it: SIGTERM first (the check then
 * removes its temporary folders; its sandboxed runs die with it), SIGKILL to its whole process
 * group after 2 s. */
void
runner_stop(struct runner *r)
{
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
	runner_reset(r);
}

/* ----------------------------------------------------------- the hints */

/* Reads FD to its end, keeping roughly the tail in BUF (SIZE bytes); its length. */
static size_t
read_tail(int fd, char *buf, size_t size)
{
	size_t	len = 0;
	ssize_t	n;

	for (;;) {
		n = read(fd, buf + len, size - 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len == size - 1)
			len = 0;        /* keep the tail, roughly */
	}
	buf[len] = '\0';
	return len;
}

/* "proclab hint N --dir WD" shows the next hint and records it in WD/.proclab-state.
 * FIXME: a whole process to bump a counter, until the hint state moves into the grader. */
size_t
hint_bump(const char *wd, const char *tmpdir, const struct exercise *ex, char **cause)
{
	size_t	 before = hint_state_get(wd, ex), after, elen;
	char	 num[32], ebuf[1024], *why;
	char	*args[] = { (char *)progname, "hint", num, "--dir", (char *)wd, NULL };
	int	 err = -1, st;
	pid_t	 pid;

	snprintf(num, sizeof num, "%d", ex->number);
	pid = spawn(tmpdir, args, NULL, &err, cause);
	if (pid == -1)
		return 0;
	elen = read_tail(err, ebuf, sizeof ebuf);
	close(err);
	while (waitpid(pid, &st, 0) == -1) {
		if (errno != EINTR) {
			cause_errno(cause, "waitpid");
			return 0;
		}
	}
	after = hint_state_get(wd, ex);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || after <= before) {
		why = last_line(ebuf, elen);
		cause_set(cause, _("the hint could not be recorded: %s"), *why != '\0' ? why :
		    _("proclab hint failed"));
		free(why);
		return 0;
	}
	return after;
}
