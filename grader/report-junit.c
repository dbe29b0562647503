/* SPDX-License-Identifier: MIT */
/*
 * report-junit.c: JUnit XML, one testsuite per exercise. With a student (grade), the
 * student is in every suite's name and test's classname (STUDENT.EXERCISE), so the cases of
 * a class's reports never collide; an exercise not submitted is <skipped>, not failed.
 */
#include "report-int.h"

#include <stdlib.h>
#include <string.h>

/* The failures and errors of ER (its tests and the hygiene check), added to *NFAIL and
 * *NERR; an exercise not submitted is all skipped (*NSKIP). */
static void
count(const struct exercise_result *er, size_t *nfail, size_t *nerr, size_t *nskip)
{
	if (!er->submitted) {
		*nskip += er->ex->ntests + 1;
		return;
	}
	for (size_t j = 0; j <= er->ex->ntests; j++) {
		enum verdict v = j < er->ex->ntests ? er->tests[j].verdict : er->hygiene_verdict;

		if (v == VERDICT_INTERNAL_ERROR)
			(*nerr)++;
		else if (v != VERDICT_PASSED)
			(*nfail)++;
	}
}

static void
properties(FILE *f, const struct report *r, const struct exercise_result *er)
{
	fputs("    <properties>\n      <property name=\"isolation\" value=\"", f);
	xml_escape(f, isolation_name(r->isolation));
	fprintf(f, "\"/>\n      <property name=\"seed\" value=\"%llu\"/>\n",
	    (unsigned long long)r->seed);
	if (r->student != NULL) {
		fputs("      <property name=\"student\" value=\"", f);
		xml_escape(f, r->student);
		fputs("\"/>\n", f);
	}
	fprintf(f, "      <property name=\"score\" value=\"%d/%d\"/>\n    </properties>\n",
	    er->score, er->max_score);
}

/* Test J of ER (J == ntests: the hygiene check); CF the compiler's feedback or NULL. */
static void
testcase(FILE *f, const struct report *r, const struct exercise_result *er, size_t j,
    const char *cf)
{
	bool			 hyg = j == er->ex->ntests;
	const struct case_result *t = hyg ? NULL : &er->tests[j];
	enum verdict		 v = hyg ? er->hygiene_verdict : t->verdict;
	char			*name = hyg ? xstrdup("hygiene") : rep_test_name(r, t, j), *s;
	const char		*tag = v == VERDICT_INTERNAL_ERROR ? "error" : "failure";

	fputs("    <testcase classname=\"", f);
	if (r->student != NULL) {
		xml_escape(f, r->student);
		fputc('.', f);
	}
	xml_escape(f, er->ex->dir);
	fputs("\" name=\"", f);
	xml_escape(f, name);
	fprintf(f, "\" time=\"%.3f\">\n", hyg ? 0.0 : t->time_s);
	free(name);
	if (!er->submitted) {
		fputs("      <skipped message=\"", f);
		xml_escape(f, er->missing != NULL ? er->missing : "not submitted");
		fputs("\"/>\n", f);
	} else if (v != VERDICT_PASSED) {
		s = hyg ? rep_hygiene_feedback(er) : rep_test_feedback(r, er, t);
		fprintf(f, "      <%s type=\"%s\" message=\"", tag, verdict_id(v));
		if (s != NULL) {
			char *first = xstrndup(s, strcspn(s, "\n"));

			xml_escape(f, first);
			free(first);
		}
		fputs("\">", f);
		xml_escape(f, s);
		if (cf != NULL) {
			fputs("\n\n", f);
			xml_escape(f, cf);
		}
		fprintf(f, "</%s>\n", tag);
		free(s);
	}
	fputs("    </testcase>\n", f);
}

int
write_junit(FILE *f, const struct report *r)
{
	size_t	ntests = 0, nfail = 0, nerr = 0, nskip = 0;

	for (size_t i = 0; i < r->nres; i++) {
		ntests += r->res[i].ex->ntests + 1;
		count(&r->res[i], &nfail, &nerr, &nskip);
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuites name=\"proclab\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
	    "skipped=\"%zu\" time=\"%.3f\">\n", ntests, nfail, nerr, nskip, r->time_s);
	for (size_t i = 0; i < r->nres; i++) {
		const struct exercise_result *er = &r->res[i];
		size_t f1 = 0, e1 = 0, s1 = 0;
		char *cf = rep_compile_feedback(er);

		count(er, &f1, &e1, &s1);
		fputs("  <testsuite name=\"", f);
		if (r->student != NULL) {
			xml_escape(f, r->student);
			fputs(": ", f);
		}
		xml_escape(f, er->ex->dir);
		fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" "
		    "time=\"%.3f\">\n", er->ex->ntests + 1, f1, e1, s1, er->time_s);
		properties(f, r, er);
		for (size_t j = 0; j <= er->ex->ntests; j++)
			testcase(f, r, er, j, cf);
		if (cf != NULL) {
			fputs("    <system-out>", f);
			xml_escape(f, cf);
			fputs("</system-out>\n", f);
		}
		fputs("  </testsuite>\n", f);
		free(cf);
	}
	fputs("</testsuites>\n", f);
	return ferror(f) ? -1 : 0;
}
