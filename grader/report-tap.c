/* SPDX-License-Identifier: MIT */
/*
 * report-tap.c: TAP version 13, a test point per test with a YAML block: its points
 * (score, max_score) always, and for a failure the verdict and the message. Nothing after
 * the description: "# ..." there is a directive slot (SKIP, TODO) to TAP's parsers.
 */
#include "report-int.h"

#include <stdlib.h>
#include <string.h>

static void
yaml_kv(FILE *f, const char *key, const char *val)
{
	json_t	*j = rep_jstr(val);
	char	*s = json_dumps(j, JSON_ENCODE_ANY);

	fprintf(f, "  %s: %s\n", key, s != NULL ? s : "\"\"");
	free(s);
	json_decref(j);
}

int
write_tap(FILE *f, const struct report *r)
{
	size_t	n = 0, k = 0;
	int	score, max;

	score = report_score(r, &max);
	for (size_t i = 0; i < r->nres; i++)
		n += r->res[i].ex->ntests + 1;
	fprintf(f, "TAP version 13\n1..%zu\n", n);
	fprintf(f, "# isolation: %s, seed %llu\n", isolation_name(r->isolation),
	    (unsigned long long)r->seed);
	fprintf(f, "# protections: %s\n", rep_protections(r));
	if (rep_isolation_warning(r) != NULL)
		fprintf(f, "# warning: %s\n", rep_isolation_warning(r));
	for (size_t i = 0; i < r->nres; i++) {
		const struct exercise_result *er = &r->res[i];
		char *cf = rep_compile_feedback(er);

		for (size_t j = 0; j <= er->ex->ntests; j++) {
			bool hyg = j == er->ex->ntests;
			const struct case_result *t = hyg ? NULL : &er->tests[j];
			enum verdict v = hyg ? er->hygiene_verdict : t->verdict;
			char *title = hyg ? xstrdup("hygiene") : rep_test_title(r, t, j);
			char *d, *s;

			xasprintf(&s, "%s: %s", er->ex->dir, title);
			d = tap_escape(s);
			free(s);
			free(title);
			fprintf(f, "%s %zu - %s\n", v == VERDICT_PASSED ? "ok" : "not ok", ++k, d);
			free(d);
			fprintf(f, "  ---\n  score: %d\n  max_score: %d\n",
			    hyg ? er->hygiene_score : t->score,
			    hyg ? er->ex->hygiene_points : t->spec->points);
			if (v != VERDICT_PASSED) {
				s = hyg ? rep_hygiene_feedback(er) : rep_test_feedback(r, er, t);
				yaml_kv(f, "verdict", verdict_id(v));
				yaml_kv(f, "message", s);
				if (cf != NULL)
					yaml_kv(f, "compiler", cf);
				free(s);
			}
			fputs("  ...\n", f);
		}
		free(cf);
	}
	fprintf(f, "# score %d/%d\n", score, max);
	return ferror(f) ? -1 : 0;
}
