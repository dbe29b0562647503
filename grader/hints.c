/* SPDX-License-Identifier: MIT */
/*
 * hints.c: which hints a student has read, per exercise, in WORKDIR/.proclab-state: plain
 * text a student can read or delete, shared by proclab hint, check and the dashboard:
 *	# proclab: hints read per exercise ('proclab hint N' shows the next)
 *	hints 01-fork-join 2
 * "2": hints 1 and 2 are read ('proclab hint 1 3' would make it 3). And which hint a
 * student who failed should read: the one the manifest ties to the first failing test.
 */
#include "grader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATE_FILE	".proclab-state"
#define STATE_MAX	65536

/* The state file's text, or "" when there is none yet. */
static char *
state_read(const char *workdir)
{
	char	*path, *buf;
	size_t	 n;
	FILE	*f;

	xasprintf(&path, "%s/%s", workdir, STATE_FILE);
	f = fopen(path, "re");
	free(path);
	buf = xcalloc(1, STATE_MAX + 1);
	if (f == NULL)
		return buf;
	n = fread(buf, 1, STATE_MAX, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static size_t
state_lookup(const char *text, const char *dir)
{
	const char	*p = text;
	char		 name[256];
	long		 n;

	while (*p != '\0') {
		if (sscanf(p, "hints %255s %ld", name, &n) == 2 && strcmp(name, dir) == 0 &&
		    n >= 0)
			return (size_t)n;
		p = strchr(p, '\n');
		if (p == NULL)
			break;
		p++;
	}
	return 0;
}

size_t
hints_seen(const char *workdir, const struct exercise *ex)
{
	char	*text = state_read(workdir);
	size_t	 n = state_lookup(text, ex->dir);

	free(text);
	return n > ex->nhints ? ex->nhints : n;
}

int
hints_set_seen(const char *workdir, const struct exercise *ex, size_t seen, char **cause)
{
	char	*text = state_read(workdir), *out = NULL, *path, name[256];
	size_t	 len = 0;
	FILE	*mem;
	const char *p = text;
	long	 n;
	int	 rc;

	mem = open_memstream(&out, &len);
	if (mem == NULL) {
		cause_errno(cause, "open_memstream");
		free(text);
		return -1;
	}
	if (*p == '\0')
		fprintf(mem, "# proclab: hints read per exercise ('proclab hint N' shows the next)\n");
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t l = nl != NULL ? (size_t)(nl - p) : strlen(p);

		if (!(sscanf(p, "hints %255s %ld", name, &n) == 2 && strcmp(name, ex->dir) == 0))
			fprintf(mem, "%.*s\n", (int)l, p);
		p += l;
		if (*p == '\n')
			p++;
	}
	fprintf(mem, "hints %s %zu\n", ex->dir, seen);
	if (fclose(mem) == EOF) {
		cause_errno(cause, _("writing the hint state"));
		free(text);
		free(out);
		return -1;
	}
	xasprintf(&path, "%s/%s", workdir, STATE_FILE);
	if ((rc = write_file_atomic(path, out, len)) == -1)
		cause_errno(cause, "%s", path);
	free(path);
	free(text);
	free(out);
	return rc;
}

size_t
hint_for_result(const struct exercise_result *er, size_t seen,
    const struct case_result **test)
{
	const struct exercise	*ex = er->ex;

	*test = NULL;
	if (exercise_passed(er) || ex->nhints == 0)
		return 0;
	/* A test's own hint only once the code ran: not for a compile error. */
	if (er->submitted && er->compiled)
		for (size_t i = 0; i < ex->ntests; i++) {
			const struct case_result *t = &er->tests[i];

			if (t->skipped || t->verdict == VERDICT_PASSED ||
			    t->verdict == VERDICT_INTERNAL_ERROR || t->spec->hidden ||
			    t->spec->hint < 1 || (size_t)t->spec->hint > ex->nhints)
				continue;
			*test = t;
			return (size_t)t->spec->hint;
		}
	return seen < ex->nhints ? seen + 1 : 0;
}
