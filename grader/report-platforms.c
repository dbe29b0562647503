/* SPDX-License-Identifier: MIT */
/*
 * report-platforms.c: the formats of three grading platforms, each as its documentation
 * gives it.
 *   Autolab: the feedback as text, then on the last line {"scores": {PROBLEM: points}},
 *     a problem per exercise (named by its folder, as the assessment's problems are).
 *   PrairieLearn: /grade/results/results.json: gradable, score (0 to 1), message, output,
 *     tests[] with name, description, points, max_points, message, output.
 *   Moodle VPL: "Comment :=>>" lines (feedback) and a last "Grade :=>> POINTS".
 */
#include "report-int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int
write_autolab(FILE *f, const struct report *r)
{
	json_t	*root = json_object(), *scores = json_object();
	char	*line;

	if (write_text(f, r) == -1) {
		json_decref(root);
		json_decref(scores);
		return -1;
	}
	for (size_t i = 0; i < r->nres; i++)
		json_object_set_new(scores, r->res[i].ex->dir, json_integer(r->res[i].score));
	rep_jset(root, "scores", scores);
	line = json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(root);
	if (line == NULL)
		return -1;
	fprintf(f, "%s\n", line);       /* Autolab reads the last line */
	free(line);
	return ferror(f) ? -1 : 0;
}

/* One entry of PrairieLearn's tests[]: test J of ER (J == ntests: the hygiene check); CF
 * the exercise's compiler feedback or NULL. */
static json_t *
pl_test(const struct report *r, const struct exercise_result *er, size_t j, const char *cf)
{
	bool	 hyg = j == er->ex->ntests;
	const struct case_result *t = hyg ? NULL : &er->tests[j];
	json_t	*jt = json_object();
	char	*title = hyg ? xstrdup(_("hygiene")) : rep_test_title(r, t, j), *s;

	xasprintf(&s, "%s: %s", er->ex->dir, title);
	rep_jset(jt, "name", rep_jstr(s));
	free(s);
	rep_jset(jt, "description", rep_jstr(hyg ? _("no processes or IPC objects left behind") :
	    title));
	free(title);
	rep_jset(jt, "points", json_integer(hyg ? er->hygiene_score : t->score));
	rep_jset(jt, "max_points", json_integer(hyg ? er->ex->hygiene_points : t->spec->points));
	s = hyg ? rep_hygiene_feedback(er) : rep_test_feedback(r, er, t);
	rep_jset(jt, "message", rep_jstr(s != NULL ? s : _("passed")));
	free(s);
	rep_jset(jt, "output", rep_jstr(cf != NULL ? cf : ""));
	return jt;
}

int
write_prairielearn(FILE *f, const struct report *r)
{
	json_t	*root = json_object(), *tests = json_array();
	int	 score, max;
	char	*msg;

	score = report_score(r, &max);
	for (size_t i = 0; i < r->nres; i++) {
		char *cf = rep_compile_feedback(&r->res[i]);

		for (size_t j = 0; j <= r->res[i].ex->ntests; j++)
			json_array_append_new(tests, pl_test(r, &r->res[i], j, cf));
		free(cf);
	}
	/* an internal error is not the student's: PrairieLearn must not record a grade */
	rep_jset(root, "gradable", json_boolean(!report_internal(r)));
	rep_jset(root, "score", json_real(max > 0 ? (double)score / max : 0.0));
	xasprintf(&msg, _("%d of %d points"), score, max);
	rep_jset(root, "message", rep_jstr(msg));
	free(msg);
	xasprintf(&msg, "%s%s%s", rep_protections(r), rep_isolation_warning(r) != NULL ? "\n" : "",
	    rep_isolation_warning(r) != NULL ? rep_isolation_warning(r) : "");
	rep_jset(root, "output", rep_jstr(msg));
	free(msg);
	rep_jset(root, "tests", tests);
	return rep_json_dump(f, root);
}

/* TEXT as VPL comment lines: each line after "Comment :=>>", none left empty. */
static void
vpl_comment(FILE *f, const char *text)
{
	char *clean = utf8_sanitize(text, strlen(text));

	for (const char *p = clean, *nl; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		fprintf(f, "Comment :=>>%.*s\n", (int)(nl - p), p);
	}
	free(clean);
}

int
write_vpl(FILE *f, const struct report *r)
{
	int	 score, max;
	char	*s;

	score = report_score(r, &max);
	vpl_comment(f, rep_protections(r));
	for (size_t i = 0; i < r->nres; i++) {
		const struct exercise_result *er = &r->res[i];

		xasprintf(&s, "%s  %s  (%d/%d)", er->ex->dir, manifest_text(er->ex->title), er->score,
		    er->max_score);
		vpl_comment(f, s);
		free(s);
		if ((s = rep_compile_feedback(er)) != NULL) {
			vpl_comment(f, s);
			free(s);
		}
		for (size_t j = 0; j < er->ex->ntests; j++) {
			const struct case_result *t = &er->tests[j];
			char *title = rep_test_title(r, t, j), *fb = rep_test_feedback(r, er, t);

			xasprintf(&s, "%s %s  %d/%d%s%s", t->verdict == VERDICT_PASSED ? _("PASS") :
			    _("FAIL"), title, t->score, t->spec->points, fb != NULL ? "\n" : "",
			    fb != NULL ? fb : "");
			vpl_comment(f, s);
			free(s);
			free(title);
			free(fb);
		}
	}
	fprintf(f, "Grade :=>> %d\n", score);
	return ferror(f) ? -1 : 0;
}
