/* SPDX-License-Identifier: MIT */
/*
 * progress.c: a student's progress in WORKDIR/.proclab-state, beside the hints read
 * (hints.c): each exercise's latest check and each lesson run from the dashboard, one line
 * each, plain text a student can read, edit or delete (a line deleted is forgotten):
 *	result 03-bank-balance failing 4/11 2026-05-01T14:05:09Z 9f86d081884c7d65
 *	lesson 06-balance-race ran 2026-05-01T14:00:00Z
 * A result's last field is a fingerprint of the files that were checked: it is the
 * exercise's state only while its files are still those (progress_hash).
 *
 * Writers hold an flock(2) on the working copy's folder while they read, change and
 * replace the file, so that two checks that end together both keep their line.
 */
#include "grader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#define STATE_FILE	".proclab-state"
#define STATE_MAX	65536
#define HASHED_MAX	(16u << 20)     /* a student's file larger than this counts as unreadable */

char *
progress_read(const char *workdir)
{
	char	*path, *buf = xcalloc(1, STATE_MAX + 1);
	size_t	 n;
	FILE	*f;

	xasprintf(&path, "%s/%s", workdir, STATE_FILE);
	f = fopen(path, "re");
	free(path);
	if (f == NULL)
		return buf;
	n = fread(buf, 1, STATE_MAX, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static bool
time_parse(const char *s, time_t *when)
{
	struct tm	 tm;
	const char	*end;

	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0')
		return false;
	*when = timegm(&tm);
	return *when != (time_t)-1;
}

static void
time_format(time_t when, char *buf, size_t len)
{
	struct tm	tm;

	gmtime_r(&when, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The last line of TEXT that starts "KIND NAME ", its rest after them copied into REST. */
static bool
find_line(const char *text, const char *kind, const char *name, char *rest, size_t len)
{
	size_t		 kl = strlen(kind), nl = strlen(name), l;
	const char	*p = text, *eol;
	bool		 found = false;

	while (*p != '\0') {
		eol = strchr(p, '\n');
		l = eol != NULL ? (size_t)(eol - p) : strlen(p);
		if (l > kl + nl + 2 && strncmp(p, kind, kl) == 0 && p[kl] == ' ' &&
		    strncmp(p + kl + 1, name, nl) == 0 && p[kl + 1 + nl] == ' ' &&
		    l - kl - nl - 2 < len) {
			memcpy(rest, p + kl + nl + 2, l - kl - nl - 2);
			rest[l - kl - nl - 2] = '\0';
			found = true;
		}
		p += l;
		if (*p == '\n')
			p++;
	}
	return found;
}

bool
progress_result(const char *text, const char *dir, struct progress_result *r)
{
	char			 rest[256], state[16], when[32], hash[32], *end;
	unsigned long long	 h;

	memset(r, 0, sizeof *r);
	if (!find_line(text, "result", dir, rest, sizeof rest) ||
	    sscanf(rest, "%15s %d/%d %31s %31s", state, &r->score, &r->max, when, hash) != 5)
		return false;
	if (strcmp(state, "passed") != 0 && strcmp(state, "failing") != 0)
		return false;
	errno = 0;
	h = strtoull(hash, &end, 16);
	if (errno != 0 || *end != '\0' || strlen(hash) != 16 || !time_parse(when, &r->when) ||
	    r->score < 0 || r->max < 0 || r->score > r->max)
		return false;
	r->passed = strcmp(state, "passed") == 0;
	r->hash = h;
	return true;
}

bool
progress_lesson(const char *text, const char *name, bool *ran_ok, time_t *when)
{
	char	rest[128], state[16], stamp[32];

	if (!find_line(text, "lesson", name, rest, sizeof rest) ||
	    sscanf(rest, "%15s %31s", state, stamp) != 2 || !time_parse(stamp, when))
		return false;
	if (strcmp(state, "ran") != 0 && strcmp(state, "failed") != 0)
		return false;
	*ran_ok = strcmp(state, "ran") == 0;
	return true;
}

/* TEXT with its "KIND NAME ..." lines replaced by one "KIND NAME REST" at the end. */
static char *
state_with(const char *text, const char *kind, const char *name, const char *rest)
{
	size_t		 kl = strlen(kind), nl = strlen(name), l;
	const char	*p = text, *eol;
	char		*out = NULL;
	size_t		 len = 0;
	FILE		*mem = open_memstream(&out, &len);

	if (mem == NULL)
		xalloc_die("open_memstream");
	if (*p == '\0')
		fputs("# proclab: your progress (hints read, latest checks, lessons run); delete a "
		    "line to forget it\n", mem);
	while (*p != '\0') {
		eol = strchr(p, '\n');
		l = eol != NULL ? (size_t)(eol - p) : strlen(p);
		if (!(l > kl + nl + 1 && strncmp(p, kind, kl) == 0 && p[kl] == ' ' &&
		    strncmp(p + kl + 1, name, nl) == 0 && p[kl + 1 + nl] == ' '))
			fprintf(mem, "%.*s\n", (int)l, p);
		p += l;
		if (*p == '\n')
			p++;
	}
	fprintf(mem, "%s %s %s\n", kind, name, rest);
	if (fclose(mem) == EOF)
		xalloc_die("open_memstream");
	return out;
}

int
progress_set(const char *workdir, const char *kind, const char *name, const char *rest,
    char **cause)
{
	char	*text, *out, *path;
	int	 dfd, rc;

	if ((dfd = open(workdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		cause_errno(cause, "%s", workdir);
		return -1;
	}
	while (flock(dfd, LOCK_EX) == -1 && errno == EINTR)
		;
	text = progress_read(workdir);
	out = state_with(text, kind, name, rest);
	xasprintf(&path, "%s/%s", workdir, STATE_FILE);
	if ((rc = write_file_atomic(path, out, strlen(out))) == -1)
		cause_errno(cause, "%s", path);
	close(dfd);     /* and the lock with it */
	free(path);
	free(out);
	free(text);
	return rc;
}

int
progress_record(const char *workdir, const struct exercise *ex,
    const struct progress_result *r, char **cause)
{
	char	rest[128], when[32];

	time_format(r->when, when, sizeof when);
	snprintf(rest, sizeof rest, "%s %d/%d %s %016llx", r->passed ? "passed" : "failing",
	    r->score, r->max, when, (unsigned long long)r->hash);
	return progress_set(workdir, "result", ex->dir, rest, cause);
}

int
progress_record_lesson(const char *workdir, const char *name, bool ran_ok, time_t when,
    char **cause)
{
	char	rest[64], stamp[32];

	time_format(when, stamp, sizeof stamp);
	snprintf(rest, sizeof rest, "%s %s", ran_ok ? "ran" : "failed", stamp);
	return progress_set(workdir, "lesson", name, rest, cause);
}

/* FNV-1a, 64 bits. */
static uint64_t
mix(uint64_t h, const void *data, size_t len)
{
	const unsigned char	*p = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

uint64_t
progress_hash(char *const *paths, size_t n)
{
	uint64_t	 h = 14695981039346656037ull;
	char		*data, *why = NULL;
	size_t		 len;

	for (size_t i = 0; i < n; i++) {
		data = paths[i] != NULL ? read_file_max(paths[i], HASHED_MAX, &len, &why) : NULL;
		free(why);
		why = NULL;
		if (data == NULL) {
			h = mix(h, "\377missing", 8);
			continue;
		}
		h = mix(h, &len, sizeof len);
		h = mix(h, data, len);
		free(data);
	}
	return h;
}
