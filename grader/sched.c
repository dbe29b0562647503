/* SPDX-License-Identifier: MIT */
/*
 * sched.c: the grader's side of one controlled run. sched_begin makes the run's page (a
 * memfd the sandbox passes on as LAB_SCHED_FD) and starts the scheduler's process;
 * sched_end, once the run is over, stops it and reads what it found: the schedule taken,
 * how many turns, whether some process ran uncontrolled, and a deadlock's wait-for lines.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sched-int.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define FINDINGS_MAX	(64 * 1024 + SCHED_EVENTS_MAX * 96)   /* a trace's lines too */

struct sched_run {
	pid_t	server;
	int	page_fd, stop_wr, out_rd;
};

static const char *const strategy_names[] = {
	[SCHED_OFF] = "off", [SCHED_PCT] = "pct", [SCHED_RANDOM] = "random",
	[SCHED_REPLAY] = "replay", [SCHED_DFS] = "dfs",
};

const char *
sched_strategy_name(enum sched_strategy s)
{
	return strategy_names[s];
}

bool
sched_strategy_from_name(const char *name, enum sched_strategy *out)
{
	for (size_t i = 0; i < nitems(strategy_names); i++)
		if (i != SCHED_REPLAY && strcmp(name, strategy_names[i]) == 0) {
			*out = (enum sched_strategy)i;
			return true;
		}
	return false;
}

bool
sched_schedule_valid(const char *s, char **cause)
{
	size_t n;
	unsigned char *d = schedule_decode(s, &n, cause);

	free(d);
	return d != NULL;
}

_Static_assert(sizeof (struct lab_sched_page) <= LAB_SCHED_ARENA_OFFSET,
    "the page runs into the arena");

static int
make_page(char **cause)
{
	struct lab_sched_page *page;
	int fd = memfd_create("proclab-schedule", MFD_CLOEXEC);

	if (fd == -1) {
		cause_errno(cause, "memfd_create");
		return -1;
	}
	if (ftruncate(fd, LAB_SCHED_ARENA_OFFSET + LAB_SCHED_ARENA_SIZE) == -1) {
		cause_errno(cause, "ftruncate memfd");
		goto out_close;
	}
	page = mmap(NULL, sizeof *page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (page == MAP_FAILED) {
		cause_errno(cause, "mmap memfd");
		goto out_close;
	}
	page->magic = LAB_SCHED_MAGIC;
	page->version = LAB_SCHED_VERSION;
	munmap(page, sizeof *page);
	return fd;
out_close:
	close(fd);
	return -1;
}

struct sched_run *
sched_begin(const struct sched_plan *plan, char **cause)
{
	struct sched_run	*r = xcalloc(1, sizeof *r);
	struct lab_sched_page	*page;
	const char		*arena;
	int			 stop[2], out[2];

	if ((r->page_fd = make_page(cause)) == -1)
		goto out_free;
	page = mmap(NULL, sizeof *page, PROT_READ | PROT_WRITE, MAP_SHARED, r->page_fd, 0);
	if (page == MAP_FAILED) {
		cause_errno(cause, "mmap memfd");
		goto out_page;
	}
	arena = mmap(NULL, LAB_SCHED_ARENA_SIZE, PROT_READ, MAP_SHARED, r->page_fd,
	    LAB_SCHED_ARENA_OFFSET);
	if (arena == MAP_FAILED) {
		cause_errno(cause, "mmap memfd");
		goto out_map;
	}
	if (pipe2(stop, O_CLOEXEC) == -1) {
		cause_errno(cause, "pipe");
		goto out_arena;
	}
	if (pipe2(out, O_CLOEXEC) == -1) {
		cause_errno(cause, "pipe");
		goto out_stop;
	}
	if ((r->server = fork()) == -1) {
		cause_errno(cause, "fork");
		goto out_out;
	}
	if (r->server == 0) {
		close(stop[1]);
		close(out[0]);
		sched_serve(page, arena, plan, stop[0], out[1]);
	}
	close(stop[0]);
	close(out[1]);
	munmap((void *)arena, LAB_SCHED_ARENA_SIZE);
	munmap(page, sizeof *page);
	r->stop_wr = stop[1];
	r->out_rd = out[0];
	return r;
out_out:
	close(out[0]);
	close(out[1]);
out_stop:
	close(stop[0]);
	close(stop[1]);
out_arena:
	munmap((void *)arena, LAB_SCHED_ARENA_SIZE);
out_map:
	munmap(page, sizeof *page);
out_page:
	close(r->page_fd);
out_free:
	free(r);
	return NULL;
}

int
sched_fd(const struct sched_run *r)
{
	return r->page_fd;
}

/* One "waits SLOT OP OBJECT SITE HOLDER HOLDER_SITE HOLDER_ENDED PASSED_OVER CALLER" line
 * into F's waits. */
static void
parse_wait(const char *line, struct sched_findings *f)
{
	struct sched_wait	 w;
	unsigned long long	 obj, site, hsite, caller;
	int			 ended, passed;

	if (sscanf(line, "waits %d %u %llu %llu %d %llu %d %d %llu", &w.process, &w.op, &obj,
	    &site, &w.holder, &hsite, &ended, &passed, &caller) != 9)
		return;
	w.caller_site = caller;
	w.holder_ended = ended != 0;
	w.passed_over = passed != 0;
	w.object = obj;
	w.site = site;
	w.holder_site = hsite;
	f->waits = xreallocarray(f->waits, f->nwaits + 1, sizeof *f->waits);
	f->waits[f->nwaits++] = w;
}

static void
add_event(struct sched_findings *f, const struct sched_event *e)
{
	if (f->nevents % 1024 == 0)
		f->events = xreallocarray(f->events, f->nevents + 1024, sizeof *f->events);
	f->events[f->nevents++] = *e;
}

/* One event of the trace: "KIND STEP SLOT PID OP OBJECT SITE RESULT", or for a write of a
 * watched variable "write STEP SLOT PID VAR OLD NEW SITE OVERWROTE". */
static void
parse_event(const char *line, struct sched_findings *f)
{
	struct sched_event	 e;
	char			 kind[8];
	unsigned long long	 obj, site;
	long long		 old, new;
	int			 n;

	memset(&e, 0, sizeof e);
	e.var = e.overwrote = -1;
	if (sscanf(line, "%7s %n", kind, &n) != 1 || !sched_event_kind(kind, &e.kind))
		return;
	if (e.kind == SCHED_EV_WRITE) {
		if (sscanf(line + n, "%ld %d %d %d %lld %lld %llu %d", &e.step, &e.process,
		    &e.pid, &e.var, &old, &new, &site, &e.overwrote) != 8 ||
		    e.var < 0 || (size_t)e.var >= f->nwatches)
			return;
		e.old_value = old;
		e.new_value = new;
	} else if (sscanf(line + n, "%ld %d %d %u %llu %llu %d", &e.step, &e.process, &e.pid,
	    &e.op, &obj, &site, &e.result) != 7)
		return;
	else
		e.object = obj;
	e.site = site;
	add_event(f, &e);
}

/* "lost SLOT VAR VALUE SITE WRITER OVERWRITTEN WRITER_SITE SEEN" */
static void
parse_lost(const char *line, struct sched_findings *f)
{
	struct sched_lost	 l;
	long long		 v, o, seen;
	unsigned long long	 site, wsite;

	if (f->has_lost || sscanf(line, "lost %d %d %lld %llu %d %lld %llu %lld", &l.process,
	    &l.var, &v, &site, &l.writer, &o, &wsite, &seen) != 8 || l.var < 0 ||
	    (size_t)l.var >= f->nwatches)
		return;
	l.value = v;
	l.overwritten = o;
	l.seen = seen;
	l.site = site;
	l.writer_site = wsite;
	f->lost = l;
	f->has_lost = true;
}

/* "watch K NAME": the scheduler numbers them in order, from 0 */
static void
parse_watch(const char *line, struct sched_findings *f)
{
	char	name[LAB_SCHED_WATCH_NAME];
	int	k;

	if (sscanf(line, "watch %d %23s", &k, name) != 2 || k != (int)f->nwatches)
		return;
	f->watches = xreallocarray(f->watches, f->nwatches + 1, sizeof *f->watches);
	f->watches[f->nwatches++] = xstrdup(name);
}

/* "copied SLOT SITE HOLDER HOLDER_SITE", "unheld SLOT SITE HOLDER HOLDER_SITE" (holder -1:
 * none): into *C, once (*HAS) */
static void
parse_pair(const char *line, const char *fmt, int min_holder, struct sched_copied *c,
    bool *has)
{
	struct sched_copied p;
	unsigned long long site, hsite;

	if (*has || sscanf(line, fmt, &p.process, &site, &p.holder, &hsite) != 4 ||
	    p.process < 0 || p.holder < min_holder)
		return;
	p.site = site;
	p.holder_site = hsite;
	*c = p;
	*has = true;
}

/* "unguarded SLOT OLD VALUE SITE NAME" */
static void
parse_unguarded(const char *line, struct sched_findings *f)
{
	struct sched_unguarded u;
	long long old, value;
	unsigned long long site;

	memset(&u, 0, sizeof u);
	if (f->has_unguarded || sscanf(line, "unguarded %d %lld %lld %llu %31s", &u.process,
	    &old, &value, &site, u.name) != 5 || u.process < 0)
		return;
	u.old = old;
	u.value = value;
	u.site = site;
	f->unguarded = u;
	f->has_unguarded = true;
}

/* "unordered SLOT OTHER OFFSET LENGTH SITE OTHER_SITE NAME" */
static void
parse_unordered(const char *line, struct sched_findings *f)
{
	struct sched_unordered u;
	long long offset;
	unsigned long long site, osite;

	memset(&u, 0, sizeof u);
	if (f->has_unordered || sscanf(line, "unordered %d %d %lld %u %llu %llu %31s",
	    &u.process, &u.other, &offset, &u.length, &site, &osite, u.name) != 7 ||
	    u.process < 0 || u.other < 0 || u.length == 0)
		return;
	u.offset = offset;
	u.site = site;
	u.other_site = osite;
	f->unordered = u;
	f->has_unordered = true;
}

/* "unshared SLOT OTHER KIND SITE OTHER_SITE" */
static void
parse_unshared(const char *line, struct sched_findings *f)
{
	struct sched_unshared u;
	unsigned long long site, osite;

	memset(&u, 0, sizeof u);
	if (f->has_unshared || sscanf(line, "unshared %d %d %u %llu %llu", &u.process,
	    &u.other, &u.kind, &site, &osite) != 5 || u.process < 0 || u.other < 0)
		return;
	u.site = site;
	u.other_site = osite;
	f->unshared = u;
	f->has_unshared = true;
}

static void
parse_findings(char *text, struct sched_findings *f)
{
	char *save, *line;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "schedule ", 9) == 0 && f->schedule == NULL)
			f->schedule = xstrdup(line + 9);
		else if (strncmp(line, "branches ", 9) == 0 && f->branches == NULL)
			f->branches = xstrdup(line + 9);
		else if (strncmp(line, "steps ", 6) == 0)
			f->steps = strtol(line + 6, NULL, 10);
		else if (strncmp(line, "uncontrolled ", 13) == 0)
			f->uncontrolled = (int)strtol(line + 13, NULL, 10);
		else if (strcmp(line, "diverged") == 0)
			f->diverged = true;
		else if (strcmp(line, "deadlock") == 0)
			f->deadlock = true;
		else if (strcmp(line, "livelock") == 0)
			f->livelock = true;
		else if (strncmp(line, "tampered ", 9) == 0) {
			f->tampered = true;
			f->tampered_process = (int)strtol(line + 9, NULL, 10);
		} else if (strncmp(line, "waits ", 6) == 0)
			parse_wait(line, f);
		else if (strncmp(line, "watch ", 6) == 0)
			parse_watch(line, f);
		else if (strncmp(line, "lost ", 5) == 0)
			parse_lost(line, f);
		else if (strncmp(line, "unguarded ", 10) == 0)
			parse_unguarded(line, f);
		else if (strncmp(line, "unordered ", 10) == 0)
			parse_unordered(line, f);
		else if (strncmp(line, "unshared ", 9) == 0)
			parse_unshared(line, f);
		else if (strncmp(line, "copied ", 7) == 0)
			parse_pair(line, "copied %d %llu %d %llu", 0, &f->copied, &f->has_copied);
		else if (strncmp(line, "unheld ", 7) == 0)
			parse_pair(line, "unheld %d %llu %d %llu", -1, &f->unheld, &f->has_unheld);
		else if (strcmp(line, "end") == 0)
			f->complete = true;
		else
			parse_event(line, f);
	}
}

int
sched_end(struct sched_run *r, struct sched_findings *f, char **cause)
{
	size_t	 size = 64 * 1024, len = 0;
	char	*buf = xmalloc(size + 1);
	ssize_t	 n;
	int	 status, rc = 0;

	memset(f, 0, sizeof *f);
	close(r->stop_wr);      /* the server sees the hang-up and writes its findings */
	while (len < FINDINGS_MAX &&
	    ((n = read(r->out_rd, buf + len, size - len)) > 0 || (n == -1 &&
	    errno == EINTR))) {
		if (n > 0)
			len += (size_t)n;
		if (len == size && size < FINDINGS_MAX) {
			size = size * 2 < FINDINGS_MAX ? size * 2 : FINDINGS_MAX;
			buf = xreallocarray(buf, size + 1, 1);
		}
	}
	buf[len] = '\0';
	close(r->out_rd);
	close(r->page_fd);
	while (waitpid(r->server, &status, 0) == -1 && errno == EINTR)
		;
	parse_findings(buf, f);
	if (!f->complete) {
		cause_set(cause, "the scheduler ended without its findings (status %d)", status);
		rc = -1;
	}
	free(buf);
	free(r);
	return rc;
}

void
sched_findings_free(struct sched_findings *f)
{
	free(f->schedule);
	free(f->branches);
	free(f->waits);
	free(f->events);
	for (size_t k = 0; k < f->nwatches; k++)
		free(f->watches[k]);
	free(f->watches);
	memset(f, 0, sizeof *f);
}

char *
sched_dfs_next(const char *decisions, const char *branches)
{
	size_t		 n, nb = 0;
	unsigned char	*d = schedule_decode(decisions, &n, NULL);
	char		**alt, *copy = xstrdup(branches), *save = NULL, *next = NULL;

	if (d == NULL)
		goto out_copy;
	alt = xcalloc(n + 1, sizeof *alt);
	for (char *tok = strtok_r(copy, "/", &save); tok != NULL && nb < n;
	    tok = strtok_r(NULL, "/", &save))
		alt[nb++] = tok;
	/* the deepest decision with a choice not taken yet: take the next one there */
	for (size_t i = nb; i-- > 0;) {
		const char *at = strchr(alt[i], schedule_letter(d[i]));

		if (at != NULL && at[1] != '\0') {
			d[i] = (unsigned char)schedule_slot(at[1]);
			next = schedule_encode(d, i + 1);
			break;
		}
	}
	free(alt);
	free(d);
out_copy:
	free(copy);
	return next;
}
