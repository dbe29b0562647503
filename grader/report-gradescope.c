/* SPDX-License-Identifier: MIT */
/*
 * report-gradescope.c: Gradescope's results.json. A test the manifest keeps from students
 * goes in whole with Gradescope's own visibility ("hidden", "after_due_date"...): Gradescope
 * shows it to instructors and, when the time comes, to the student; a visible test is
 * what the student's own report would say. Tests are numbered EXERCISE.TEST and tagged
 * with their exercise.
 */
#include "report-int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A test's entry with its number (EXERCISE.N) and its exercise as a tag. */
static json_t *
test_entry(const struct exercise_result *er, size_t n)
{
	json_t	*jt = json_object(), *tags = json_array();
	char	*num;

	xasprintf(&num, "%d.%zu", er->ex->number, n);
	rep_jset(jt, "number", json_string(num));
	free(num);
	json_array_append_new(tags, json_string(er->ex->dir));
	rep_jset(jt, "tags", tags);
	return jt;
}

int
write_gradescope(FILE *f, const struct report *r)
{
	json_t	*root = json_object(), *tests = json_array();
	struct report whole = *r;
	char	*out, *s, *x;
	int	 score, max;

	whole.instructor = true;        /* what Gradescope keeps back until it is time */

	score = report_score(r, &max);
	xasprintf(&out, "proclab %s, isolation: %s, seed %llu.\n%s%s%s", PACKAGE_VERSION,
	    isolation_name(r->isolation), (unsigned long long)r->seed, rep_protections(r),
	    rep_isolation_warning(r) != NULL ? "\n" : "",
	    rep_isolation_warning(r) != NULL ? rep_isolation_warning(r) : "");
	if (report_internal(r)) {
		xasprintf(&x, _("%s\nThe grader hit an internal error (not your fault): tell your "
		    "instructor."), out);
		free(out);
		out = x;
	}
	for (size_t i = 0; i < r->nres; i++) {
		const struct exercise_result *er = &r->res[i];
		char *cf = rep_compile_feedback(er);

		for (size_t j = 0; j < er->ex->ntests; j++) {
			const struct case_result *t = &er->tests[j];
			json_t *jt = test_entry(er, j + 1);
			const struct report *as = strcmp(t->spec->visibility, "visible") == 0 ? r :
			    &whole;
			char *title = rep_test_title(as, t, j);

			xasprintf(&s, "%s: %s", er->ex->dir, title);
			rep_jset(jt, "name", rep_jstr(s));
			free(s);
			free(title);
			rep_jset(jt, "score", json_integer(t->score));
			rep_jset(jt, "max_score", json_integer(t->spec->points));
			rep_jset(jt, "status", json_string(t->verdict == VERDICT_PASSED ?
			    "passed" : "failed"));
			s = rep_test_feedback(as, er, t);
			if (s == NULL)
				s = xstrdup("passed");
			if (cf != NULL && t->verdict != VERDICT_PASSED) {
				xasprintf(&x, "%s\n\n%s", s, cf);
				free(s);
				s = x;
			}
			rep_jset(jt, "output", rep_jstr(s));
			free(s);
			rep_jset(jt, "visibility", json_string(t->spec->visibility));
			json_array_append_new(tests, jt);
		}
		if (er->ex->hygiene_points > 0) {
			json_t *jt = test_entry(er, er->ex->ntests + 1);

			xasprintf(&s, "%s: hygiene", er->ex->dir);
			rep_jset(jt, "name", rep_jstr(s));
			free(s);
			rep_jset(jt, "score", json_integer(er->hygiene_score));
			rep_jset(jt, "max_score", json_integer(er->ex->hygiene_points));
			rep_jset(jt, "status", json_string(er->hygiene_verdict == VERDICT_PASSED ?
			    "passed" : "failed"));
			s = rep_hygiene_feedback(er);
			rep_jset(jt, "output", rep_jstr(s != NULL ? s :
			    _("no processes or IPC objects left behind")));
			free(s);
			rep_jset(jt, "visibility", json_string("visible"));
			json_array_append_new(tests, jt);
		}
		free(cf);
	}
	rep_jset(root, "score", json_integer(score));
	rep_jset(root, "max_score", json_integer(max));
	rep_jset(root, "execution_time", json_real(r->time_s));
	rep_jset(root, "output", rep_jstr(out));
	rep_jset(root, "output_format", json_string("text"));
	rep_jset(root, "test_output_format", json_string("text"));
	rep_jset(root, "stdout_visibility", json_string("hidden"));
	rep_jset(root, "visibility", json_string("visible"));
	rep_jset(root, "tests", tests);
	free(out);
	return rep_json_dump(f, root);
}
