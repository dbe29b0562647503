/* SPDX-License-Identifier: MIT */
/*
 * hints.c: which hints a student has read, per exercise, in WORKDIR/.proclab-state: plain
 * text a student can read or delete, shared by proclab hint, check and the dashboard:
 *	hints 01-fork-join 2
 * "2": hints 1 and 2 are read ('proclab hint 1 3' would make it 3). And which hint a
 * student who failed should read: the one the manifest ties to the first failing test.
 */
#include "grader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	char	*text = progress_read(workdir);
	size_t	 n = state_lookup(text, ex->dir);

	free(text);
	return n > ex->nhints ? ex->nhints : n;
}

int
hints_set_seen(const char *workdir, const struct exercise *ex, size_t seen, char **cause)
{
	char n[24];

	snprintf(n, sizeof n, "%zu", seen);
	return progress_set(workdir, "hints", ex->dir, n, cause);     /* under its lock */
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
