/* SPDX-License-Identifier: MIT */
/*
 * report-text.c: the report for people: a line per test, the feedback under it, colour
 * on a terminal.
 */
#include "report-int.h"

#include <stdlib.h>
#include <string.h>

#define C(code) (r->color ? "\033[" code "m" : "")

static void
indent(FILE *f, const char *text, const char *pre)
{
	const char	*p = text, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		fprintf(f, "%s%.*s\n", pre, (int)(nl - p), p);
		p = *nl != '\0' ? nl + 1 : nl;
	}
}

/* Under the failing test a hint is about (TEST NULL: at the end of the exercise), the hint
 * to read; HINT 0: none is left. */
static void
stuck_line(FILE *f, const struct exercise_result *er, size_t seen, size_t hint,
    const struct case_result *test)
{
	const struct exercise	*ex = er->ex;
	size_t			 n = ex->nhints;

	if (test != NULL)
		fputs("       ", f);        /* as the test's feedback */
	if (test != NULL && hint <= seen)
		fprintf(f, _("Stuck? Hint %zu of %zu is about this test ('%s hint %d %zu' shows it "
		    "again).\n"), hint, n, PACKAGE, ex->number, hint);
	else if (test != NULL)
		fprintf(f, _("Stuck? '%s hint %d %zu' shows hint %zu of %zu, about this test.\n"),
		    PACKAGE, ex->number, hint, hint, n);
	else if (hint > 0)
		fprintf(f, _("  Stuck? '%s hint %d' shows hint %zu of %zu.\n"), PACKAGE,
		    ex->number, hint, n);
	else if (n > 0)
		fprintf(f, ngettext("  You have read the %zu hint: '%s hint %d --all' "
		    "shows it again.\n", "  You have read all %zu hints: '%s hint %d "
		    "--all' shows them again.\n", n), n, PACKAGE, ex->number);
}

int
write_text(FILE *f, const struct report *r)
{
	int	 score, max;
	char	*s;

	score = report_score(r, &max);
	if (r->student != NULL) {
		s = utf8_sanitize(r->student, strlen(r->student));
		fprintf(f, _("%sstudent %s%s\n"), C("1"), s, C("0"));
		free(s);
	}
	fprintf(f, _("isolation: %s; seed %llu (--seed %llu replays it)\n"),
	    isolation_name(r->isolation), (unsigned long long)r->seed,
	    (unsigned long long)r->seed);
	fprintf(f, _("protections: %s\n"), rep_protections(r));
	if (rep_isolation_warning(r) != NULL)
		fprintf(f, _("%swarning:%s %s\n"), C("33"), C("0"), rep_isolation_warning(r));
	for (size_t i = 0; i < r->nres; i++) {
		const struct exercise_result *er = &r->res[i];
		const struct case_result *about = NULL;
		size_t seen = r->hints_seen != NULL ? r->hints_seen[i] : 0;
		size_t hint = r->hints_seen != NULL ? hint_for_result(er, seen, &about) : 0;

		fprintf(f, "\n%s%s%s  %s  (%d/%d)\n", C("1"), er->ex->dir, C("0"),
		    manifest_text(er->ex->title), er->score, er->max_score);
		if ((s = rep_compile_feedback(er)) != NULL) {
			indent(f, s, "    ");
			free(s);
		}
		for (size_t j = 0; j < er->ex->ntests; j++) {
			const struct case_result *t = &er->tests[j];
			char *title;
			bool ok = t->verdict == VERDICT_PASSED;

			if (t->skipped)
				continue;
			title = rep_test_title(r, t, j);

			fprintf(f, "  %s%s%s %s  %d/%d\n", ok ? C("32") : C("31"),
			    ok ? _("PASS") : _("FAIL"), C("0"), title, t->score, t->spec->points);
			free(title);
			if ((s = rep_test_feedback(r, er, t)) != NULL) {
				indent(f, s, "       ");
				free(s);
			}
			if (t == about)
				stuck_line(f, er, seen, hint, about);
		}
		if (er->ex->hygiene_points > 0 || er->hygiene_verdict != VERDICT_PASSED) {
			bool ok = er->hygiene_verdict == VERDICT_PASSED;

			fprintf(f, _("  %s%s%s hygiene (no processes or IPC objects left behind)  "
			    "%d/%d\n"), ok ? C("32") : C("31"), ok ? _("PASS") : _("FAIL"), C("0"),
			    er->hygiene_score, er->ex->hygiene_points);
			if ((s = rep_hygiene_feedback(er)) != NULL) {
				indent(f, s, "       ");
				free(s);
			}
		}
		if (r->hints_seen != NULL && !exercise_passed(er) && about == NULL)
			stuck_line(f, er, seen, hint, NULL);
	}
	fprintf(f, _("\n%sscore %d/%d%s%s\n"), C("1"), score, max, C("0"),
	    report_internal(r) ?
	    _("  (proclab hit an internal error: not your fault; see above)") : "");
	return 0;
}
