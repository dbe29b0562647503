/* SPDX-License-Identifier: MIT */
/*
 * report-gradescope.c: Gradescope's results.json.
 */
#include "report-int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int
write_gradescope(FILE *f, const struct report *r)
{
	json_t	*root = json_object(), *tests = json_array();
	char	*out, *s, *x;
	int	 score, max;

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
			json_t *jt = json_object();
			char *title = rep_test_title(r, t, j);

			xasprintf(&s, "%s: %s", er->ex->dir, title);
			rep_jset(jt, "name", rep_jstr(s));
			free(s);
			free(title);
			rep_jset(jt, "score", json_integer(t->score));
			rep_jset(jt, "max_score", json_integer(t->spec->points));
			rep_jset(jt, "status", json_string(t->verdict == VERDICT_PASSED ?
			    "passed" : "failed"));
			s = rep_test_feedback(r, er, t);
			if (s == NULL)
				s = xstrdup("passed");
			if (cf != NULL && t->verdict != VERDICT_PASSED) {
				xasprintf(&x, "%s\n\n%s", s, cf);
				free(s);
				s = x;
			}
			rep_jset(jt, "output", rep_jstr(s));
			free(s);
			rep_jset(jt, "visibility", json_string("visible"));
			json_array_append_new(tests, jt);
		}
		if (er->ex->hygiene_points > 0) {
			json_t *jt = json_object();

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
	rep_jset(root, "visibility", json_string("visible"));
	rep_jset(root, "tests", tests);
	free(out);
	return rep_json_dump(f, root);
}
