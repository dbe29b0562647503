/* SPDX-License-Identifier: MIT */
/*
 * watch-lesson.c: a lesson run from the dashboard, in the background, as 'proclab lesson N'
 * runs it: the lesson's program, with its stdout and stderr together into one pipe that the
 * event loop reads, in its own process group so that stopping it stops all of it.
 *
 * A lesson never writes to the terminal: what it prints goes into the model (which keeps
 * LESSON_OUT_MAX of it and counts the rest) and is drawn with its control characters made
 * visible. Reading is bounded per wake, so a lesson that floods cannot freeze the screen.
 */
#include "watch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void
lrunner_init(struct lrunner *r)
{
	memset(r, 0, sizeof *r);
	r->out = -1;
}

int
lrunner_start(struct lrunner *r, const struct lesson *l, const char *tmpdir, char **cause)
{
	char	*path = lesson_path(l);
	char	*args[] = { path, NULL };

	lrunner_init(r);
	r->c.pid = child_spawn(path, args, tmpdir, &r->out, NULL, cause);
	free(path);
	if (r->c.pid == -1) {
		r->c.pid = 0;
		return -1;
	}
	return 0;
}

bool
lrunner_running(const struct lrunner *r)
{
	return r->c.pid > 0;
}

int
lrunner_pollfds(const struct lrunner *r, struct pollfd *pfd)
{
	if (r->out == -1)
		return 0;
	*pfd = (struct pollfd){ .fd = r->out, .events = POLLIN };
	return 1;
}

bool
lrunner_poll(struct lrunner *r, struct watch *w)
{
	char	 buf[16384];
	ssize_t	 n;
	int	 st;
	bool	 stopped = r->c.stopping;

	if (r->c.pid <= 0)
		return false;
	for (int k = 0; r->out != -1 && k < 64; k++) {
		n = read(r->out, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			close(r->out);
			r->out = -1;
		} else {
			model_lesson_output(w, buf, (size_t)n);
		}
	}
	/* a lesson that ended may have left a child holding the pipe: its end is its exit */
	if (!child_reap(&r->c, &st))
		return false;
	if (r->out != -1)
		close(r->out);
	r->out = -1;
	model_lesson_ended(w, st, stopped, monotonic_ms());
	return true;
}

void
lrunner_cancel(struct lrunner *r, long long now)
{
	child_stop(&r->c, now);
}

void
lrunner_stop(struct lrunner *r)
{
	child_kill(&r->c);
	if (r->out != -1)
		close(r->out);
	r->out = -1;
}
