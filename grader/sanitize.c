/* SPDX-License-Identifier: MIT */
/*
 * sanitize.c: `--sanitize`: the first error AddressSanitizer or UndefinedBehaviorSanitizer
 * reported on a run's stderr, told in one sentence with the student's frames:
 *   AddressSanitizer: heap-buffer-overflow: a write of 4 bytes just past the end of a
 *   16-byte block, in run_workers (fork_join.c:59), allocated in run_workers (fork_join.c:44)
 *   UndefinedBehaviorSanitizer: signed integer overflow in counter_add (counter.c:30)
 * Everything on stderr is the student's to forge: only whole lines of the sanitizers'
 * exact forms are read, and at worst a forged one changes the words of their own failure.
 */
#include "grader.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_READ	512
#define KIND_MAX	48
#define WHAT_MAX	120

/* The first of the student's frames in one section of a report. */
struct where {
	bool	 found;
	char	 func[128];
	char	 file[128];
	long	 line;
};

struct report_parse {
	enum { NONE, ASAN, UBSAN } tool;
	size_t		 start;         /* where the report begins in stderr */
	char		 kind[KIND_MAX + 1];    /* "heap-buffer-overflow", "signed integer ..." */
	bool		 write;
	int		 size;          /* bytes accessed; 0: not said */
	enum { LOC_NONE, LOC_AFTER, LOC_BEFORE, LOC_INSIDE } loc;
	long		 offset, block;
	enum { SEC_ACCESS, SEC_ALLOC, SEC_FREED, SEC_OTHER } section;
	struct where	 at[SEC_OTHER];
	struct where	 ub;            /* UBSan's own FILE:LINE */
};

/* PATH:LINE[:COL] in one of the student's files: its basename and line in W. */
static bool
location(const char *loc, const struct exercise *ex, struct where *w)
{
	char	 path[256], *colon, *end, *base;
	long	 line;

	if (snprintf(path, sizeof path, "%s", loc) >= (int)sizeof path)
		return false;
	for (int tries = 0; tries < 2; tries++) {
		if ((colon = strrchr(path, ':')) == NULL || !isdigit((unsigned char)colon[1]))
			return false;
		line = strtol(colon + 1, &end, 10);
		if (*end != '\0' || line <= 0)
			return false;
		*colon = '\0';
		base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
		if (exercise_has_file(ex, base) && strlen(base) < sizeof w->file) {
			memcpy(w->file, base, strlen(base) + 1);
			w->line = line;
			return true;
		}
	}
	return false;
}

/* "    #N 0xHEX in FUNC PATH:LINE[:COL]": a frame of the student's code into W. */
static void
frame(const char *line, const struct exercise *ex, struct where *w)
{
	char	 func[128], loc[256];
	int	 k, used = 0;

	if (w->found || sscanf(line, " #%d 0x%*[0-9a-f] in %127s %255s%n", &k, func, loc,
	    &used) != 3 || line[used] != '\0' || k < 0)
		return;
	for (const char *c = func; *c != '\0'; c++)
		if (!isalnum((unsigned char)*c) && *c != '_' && *c != '.')
			return;
	if (location(loc, ex, w)) {
		snprintf(w->func, sizeof w->func, "%s", func);
		w->found = true;
	}
}

/* "==PID==ERROR: AddressSanitizer: KIND on address ...": the kind. */
static bool
asan_header(const char *line, struct report_parse *rp)
{
	static const char key[] = "==ERROR: AddressSanitizer: ";
	int	 pid, used = 0;
	size_t	 n;

	if (sscanf(line, "==%d%n", &pid, &used) != 1 || pid <= 0 ||
	    strncmp(line + used, key, sizeof key - 1) != 0)
		return false;
	line += used + sizeof key - 1;
	n = strspn(line, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_ ");
	/* "heap-buffer-overflow on address", "attempting double-free on 0x..." */
	for (const char *w = line; (w = memchr(w, ' ', n - (size_t)(w - line))) != NULL; w++)
		if (strncmp(w, " on ", 4) == 0 || strncmp(w, " at ", 4) == 0 ||
		    strncmp(w, " in ", 4) == 0) {
			n = (size_t)(w - line);
			break;
		}
	while (n > 0 && line[n - 1] == ' ')
		n--;
	if (n == 0 || n > KIND_MAX)
		return false;
	memcpy(rp->kind, line, n);
	rp->kind[n] = '\0';
	rp->tool = ASAN;
	return true;
}

/* "FILE:LINE:COL: runtime error: WHAT": WHAT up to its first colon as the kind. */
static bool
ubsan_header(const char *line, const struct exercise *ex, struct report_parse *rp)
{
	static const char key[] = ": runtime error: ";
	const char	*k = strstr(line, key), *what;
	char		 loc[256];
	size_t		 n;

	if (k == NULL || k == line || (size_t)(k - line) >= sizeof loc || strchr(line, ' ') < k)
		return false;
	memcpy(loc, line, (size_t)(k - line));
	loc[k - line] = '\0';
	what = k + sizeof key - 1;
	n = strcspn(what, ":");
	/* "load of misaligned address 0x55... for type 'int'": the address differs each run */
	if (strstr(what, " 0x") != NULL && (size_t)(strstr(what, " 0x") - what) < n)
		n = (size_t)(strstr(what, " 0x") - what);
	if (n == 0)
		return false;
	if (n > WHAT_MAX)
		n = WHAT_MAX;
	if (n > KIND_MAX) {
		/* "load of misaligned address 0x... for type 'int', which ...": its start */
		n = KIND_MAX;
		while (n > 0 && what[n] != ' ')
			n--;
	}
	memcpy(rp->kind, what, n);
	rp->kind[n] = '\0';
	if (location(loc, ex, &rp->ub))
		rp->ub.found = true;
	rp->tool = UBSAN;
	return true;
}

/* One line of an ASan report after its header. */
static void
asan_line(const char *line, const struct exercise *ex, struct report_parse *rp)
{
	char	 rw[8], side[16];
	int	 size, used = 0;
	long	 off, block;

	if (sscanf(line, "%7s of size %d at %*s%n", rw, &size, &used) == 2 && used > 0 &&
	    (strcmp(rw, "READ") == 0 || strcmp(rw, "WRITE") == 0) && size > 0) {
		rp->write = strcmp(rw, "WRITE") == 0;
		rp->size = size;
	} else if (sscanf(line, "0x%*[0-9a-f] is located %ld bytes %15s", &off, side) == 2) {
		const char *r = strstr(line, " of ") != NULL ? strstr(line, " of ") + 4 :
		    strstr(line, side) + strlen(side) + 1;

		if (sscanf(r, "%ld-byte region", &block) != 1 || off < 0 || block < 0)
			return;
		rp->offset = off;
		rp->block = block;
		rp->loc = strcmp(side, "after") == 0 || strstr(line, "to the right of") ?
		    LOC_AFTER : strcmp(side, "before") == 0 || strstr(line, "to the left of") ?
		    LOC_BEFORE : LOC_INSIDE;
	} else if (strstr(line, "allocated by thread T") == line ||
	    strstr(line, "previously allocated by thread T") == line)
		rp->section = SEC_ALLOC;
	else if (strstr(line, "freed by thread T") == line)
		rp->section = SEC_FREED;
	else if (line[0] == ' ' && rp->section != SEC_OTHER)
		frame(line, ex, &rp->at[rp->section]);
	else if (line[0] != '\0' && rp->section == SEC_ACCESS && rp->at[0].found)
		rp->section = SEC_OTHER;        /* past the stack of the access */
}

/* Reads ERR's first sanitizer report into RP; false when there is none. */
static bool
parse(const char *err, size_t len, const struct exercise *ex, struct report_parse *rp)
{
	const char	*p = err, *end = err + len, *eol;
	char		 line[LINE_MAX_READ];
	size_t		 prev = 0;

	memset(rp, 0, sizeof *rp);
	for (; p < end && (eol = memchr(p, '\n', (size_t)(end - p))) != NULL; p = eol + 1) {
		size_t n = (size_t)(eol - p);

		if (n >= sizeof line)
			continue;       /* longer than any line the sanitizers write */
		memcpy(line, p, n);
		line[n] = '\0';
		if (strncmp(line, "SUMMARY: ", 9) == 0 && rp->tool != NONE)
			break;
		if (rp->tool == ASAN)
			asan_line(line, ex, rp);
		else if (rp->tool == UBSAN)
			frame(line, ex, &rp->at[SEC_ACCESS]);
		else if (asan_header(line, rp) || ubsan_header(line, ex, rp)) {
			/* ASan's rule of '=' before its header belongs to the report */
			rp->start = rp->tool == ASAN && prev < (size_t)(p - err) &&
			    err[prev] == '=' && err[prev + 1] == '=' && err[prev + 2] == '=' ?
			    prev : (size_t)(p - err);
		}
		prev = (size_t)(p - err);
	}
	return rp->tool != NONE;
}

static void
append(char **s, const char *sep, char *piece)
{
	char	*t;

	xasprintf(&t, "%s%s%s", *s, sep, piece);
	free(*s);
	free(piece);
	*s = t;
}

static char *
place(const struct where *w)
{
	char	*s;

	xasprintf(&s, "%s (%s:%ld)", w->func, w->file, w->line);
	return s;
}

/* "a write of 4 bytes just past the end of a 16-byte block" */
static char *
access_words(const struct report_parse *rp)
{
	char	*s, *t;

	if (rp->write)
		xasprintf(&s, ngettext("a write of %d byte", "a write of %d bytes", rp->size),
		    rp->size);
	else
		xasprintf(&s, ngettext("a read of %d byte", "a read of %d bytes", rp->size),
		    rp->size);
	if (rp->loc == LOC_AFTER && rp->offset == 0)
		xasprintf(&t, _("just past the end of a %ld-byte block"), rp->block);
	else if (rp->loc == LOC_AFTER)
		xasprintf(&t, ngettext("%ld byte past the end of a %ld-byte block",
		    "%ld bytes past the end of a %ld-byte block", rp->offset), rp->offset,
		    rp->block);
	else if (rp->loc == LOC_BEFORE)
		xasprintf(&t, ngettext("%ld byte before a %ld-byte block",
		    "%ld bytes before a %ld-byte block", rp->offset), rp->offset, rp->block);
	else if (rp->loc == LOC_INSIDE)
		xasprintf(&t, _("in a %ld-byte block"), rp->block);
	else
		return s;
	append(&s, " ", t);
	return s;
}

char *
sanitize_explain(const char *err, size_t len, const struct exercise *ex, size_t *start)
{
	struct report_parse	 rp;
	char			*s, *t;

	if (err == NULL || !parse(err, len, ex, &rp))
		return NULL;
	*start = rp.start;
	if (rp.tool == UBSAN) {
		s = utf8_sanitize(rp.kind, strlen(rp.kind));
		if (rp.at[SEC_ACCESS].found && rp.ub.found)
			xasprintf(&t, _("UndefinedBehaviorSanitizer: %s in %s (%s:%ld)"), s,
			    rp.at[SEC_ACCESS].func, rp.ub.file, rp.ub.line);
		else if (rp.ub.found)
			xasprintf(&t, _("UndefinedBehaviorSanitizer: %s at %s:%ld"), s, rp.ub.file,
			    rp.ub.line);
		else
			xasprintf(&t, _("UndefinedBehaviorSanitizer: %s (not in your files)"), s);
		free(s);
		return t;
	}
	xasprintf(&s, "AddressSanitizer: %s", rp.kind);
	if (rp.size > 0)
		append(&s, ": ", access_words(&rp));
	for (int sec = SEC_ACCESS; sec < SEC_OTHER; sec++) {
		char *p;

		if (!rp.at[sec].found)
			continue;
		p = place(&rp.at[sec]);
		xasprintf(&t, sec == SEC_ACCESS ? _("in %s") : sec == SEC_ALLOC ?
		    _("allocated in %s") : _("freed in %s"), p);
		free(p);
		append(&s, ", ", t);
	}
	if (!rp.at[SEC_ACCESS].found)
		append(&s, " ", xstrdup(_("(not in your files)")));
	t = utf8_sanitize(s, strlen(s));
	free(s);
	return t;
}
