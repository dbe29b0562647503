/* SPDX-License-Identifier: MIT */
/*
 * report-json.c: proclab's own JSON report, also the batch's result files.
 */
#include "report-int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

json_t *
rep_jstr(const char *s)
{
	char	*c;
	json_t	*j;

	if (s == NULL)
		return json_null();
	c = utf8_sanitize(s, strlen(s));
	j = json_string(c);
	free(c);
	return j != NULL ? j : json_string("");
}

void
rep_jset(json_t *o, const char *k, json_t *v)
{
	if (v == NULL)
		xalloc_die(_("out of memory building a JSON report"));
	json_object_set_new(o, k, v);
}

/* The text report's "Stuck?" line as data: the hint to read, the command that shows it
 * and the failing test it is about (its name, or null for the next unread hint); null
 * when there is none to point at. */
static json_t *
json_stuck(const struct report *r, const struct exercise_result *er, size_t seen)
{
	const struct case_result	*about;
	size_t				 hint = hint_for_result(er, seen, &about);
	json_t				*o;
	char				*cmd, *name;

	if (hint == 0)
		return json_null();
	o = json_object();
	if (about != NULL)
		xasprintf(&cmd, "%s hint %d %zu", PACKAGE, er->ex->number, hint);
	else
		xasprintf(&cmd, "%s hint %d", PACKAGE, er->ex->number);
	rep_jset(o, "hint", json_integer((json_int_t)hint));
	rep_jset(o, "of", json_integer((json_int_t)er->ex->nhints));
	rep_jset(o, "read", json_boolean(hint <= seen));
	rep_jset(o, "command", rep_jstr(cmd));
	name = about != NULL ? rep_test_name(r, about, (size_t)(about - er->tests)) : NULL;
	rep_jset(o, "test", rep_jstr(name));
	free(name);
	free(cmd);
	return o;
}

static json_t *
json_exercise(const struct report *r, const struct exercise_result *er, const size_t *seen)
{
	json_t	*e = json_object(), *tests = json_array(), *h = json_object();

	rep_jset(e, "number", json_integer(er->ex->number));
	rep_jset(e, "name", rep_jstr(er->ex->name));
	rep_jset(e, "dir", rep_jstr(er->ex->dir));
	rep_jset(e, "title", rep_jstr(manifest_text(er->ex->title)));
	rep_jset(e, "score", json_integer(er->score));
	rep_jset(e, "max_score", json_integer(er->max_score));
	rep_jset(e, "passed", json_boolean(exercise_passed(er)));
	rep_jset(e, "submitted", json_boolean(er->submitted));
	rep_jset(e, "missing", rep_jstr(er->missing));
	rep_jset(e, "compiled", json_boolean(er->compiled));
	rep_jset(e, "compiler_output", rep_jstr(er->compiler_output));
	rep_jset(e, "internal_error", rep_jstr(er->internal ? er->internal_message : NULL));
	rep_jset(e, "time_s", json_real(er->time_s));
	for (size_t j = 0; j < er->ex->ntests; j++) {
		const struct case_result *t = &er->tests[j];
		json_t *jt = json_object();
		bool vis = rep_shown(r, t->spec);

		{
			char *n = rep_test_name(r, t, j), *ti = rep_test_title(r, t, j);

			rep_jset(jt, "name", rep_jstr(n));
			rep_jset(jt, "title", rep_jstr(ti));
			free(n);
			free(ti);
		}
		rep_jset(jt, "hidden", json_boolean(t->spec->hidden));
		rep_jset(jt, "verdict", rep_jstr(verdict_id(t->verdict)));
		rep_jset(jt, "verdict_text", rep_jstr(verdict_name(t->verdict)));
		rep_jset(jt, "message", rep_jstr(vis ? t->message : NULL));
		rep_jset(jt, "expected", rep_jstr(vis ? t->expected : NULL));
		rep_jset(jt, "actual", rep_jstr(vis ? t->actual : NULL));
		rep_jset(jt, "output", rep_jstr(vis ? t->output : NULL));
		rep_jset(jt, "output_stream", rep_jstr(vis && t->output != NULL ?
		    (t->output_is_err ? "stderr" : "stdout") : NULL));
		rep_jset(jt, "score", json_integer(t->score));
		rep_jset(jt, "max_score", json_integer(t->spec->points));
		rep_jset(jt, "runs", json_integer(t->spec->runs));
		rep_jset(jt, "runs_passed", json_integer(t->runs_passed));
		rep_jset(jt, "race", json_boolean(t->spec->race));
		rep_jset(jt, "failed_run", t->failed_run > 0 ? json_integer(t->failed_run) : json_null());
		rep_jset(jt, "failed_seed", t->failed_run > 0 ?
		    json_integer((json_int_t)(t->failed_seed & INT64_MAX)) : json_null());
		rep_jset(jt, "schedule", rep_jstr(t->replay));
		rep_jset(jt, "hint", vis && t->spec->hint > 0 ? json_integer(t->spec->hint) :
		    json_null());
		rep_jset(jt, "time_s", json_real(t->time_s));
		json_array_append_new(tests, jt);
	}
	rep_jset(e, "tests", tests);
	rep_jset(h, "score", json_integer(er->hygiene_score));
	rep_jset(h, "max_score", json_integer(er->ex->hygiene_points));
	rep_jset(h, "verdict", rep_jstr(verdict_id(er->hygiene_verdict)));
	{
		char *hf = rep_hygiene_feedback(er);

		rep_jset(h, "message", rep_jstr(hf));
		free(hf);
	}
	rep_jset(e, "hygiene", h);
	if (seen != NULL) {     /* check's, where the hints read are known */
		rep_jset(e, "hints_read", json_integer((json_int_t)*seen));
		rep_jset(e, "stuck", json_stuck(r, er, *seen));
	}
	return e;
}

int
rep_json_dump(FILE *f, json_t *root)
{
	int	rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	json_decref(root);
	if (rc == -1)
		return -1;
	return fputc('\n', f) == EOF ? -1 : 0;
}

int
write_json(FILE *f, const struct report *r)
{
	json_t	*root = json_object(), *exs = json_array();
	int	 score, max;
	bool	 all = r->nres > 0;

	score = report_score(r, &max);
	rep_jset(root, "proclab", json_string(PACKAGE_VERSION));
	rep_jset(root, "student", rep_jstr(r->student));
	rep_jset(root, "seed", json_integer((json_int_t)(r->seed & INT64_MAX)));
	rep_jset(root, "isolation", rep_jstr(isolation_name(r->isolation)));
	rep_jset(root, "protections", rep_jstr(rep_protections(r)));
	if (r->sanitized)
		rep_jset(root, "sanitized", json_true());
	rep_jset(root, "warning", rep_jstr(rep_isolation_warning(r)));
	rep_jset(root, "score", json_integer(score));
	rep_jset(root, "max_score", json_integer(max));
	for (size_t i = 0; i < r->nres; i++) {
		json_array_append_new(exs, json_exercise(r, &r->res[i],
		    r->hints_seen != NULL ? &r->hints_seen[i] : NULL));
		all = all && exercise_passed(&r->res[i]);
	}
	rep_jset(root, "passed", json_boolean(all));
	rep_jset(root, "internal_error", json_boolean(report_internal(r)));
	rep_jset(root, "time_s", json_real(r->time_s));
	rep_jset(root, "exercises", exs);
	return rep_json_dump(f, root);
}

/* ------------------------------------------------------------ reading back */

/*
 * The JSON report read back (the batch's result files, the dashboard's checks): every field
 * checked against the manifest, since a result file is only as trustworthy as the folder it
 * sits in. Exercises are matched by "dir", tests by their place in the exercise.
 */

static bool
jget_int(json_t *o, const char *key, long min, long max, int *out)
{
	json_t	*v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return false;
	*out = (int)json_integer_value(v);
	return true;
}

static char *
jget_str(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

static bool
read_verdict(json_t *o, enum verdict *v)
{
	const char	*id = json_string_value(json_object_get(o, "verdict"));

	return id != NULL && verdict_from_id(id, v);
}

static bool
read_test(json_t *jt, const struct test_spec *spec, struct case_result *t)
{
	json_t	*seed = json_object_get(jt, "failed_seed");

	t->spec = spec;
	if (!read_verdict(jt, &t->verdict) ||
	    !jget_int(jt, "score", 0, spec->points, &t->score) ||
	    !jget_int(jt, "runs_passed", 0, spec->runs, &t->runs_passed))
		return false;
	if (json_is_integer(json_object_get(jt, "failed_run")))
		(void)jget_int(jt, "failed_run", 1, spec->runs, &t->failed_run);
	if (json_is_integer(seed))
		t->failed_seed = (uint64_t)json_integer_value(seed);
	t->message = jget_str(jt, "message");
	t->replay = jget_str(jt, "schedule");
	t->expected = jget_str(jt, "expected");
	t->actual = jget_str(jt, "actual");
	t->output = jget_str(jt, "output");
	{
		const char *st = json_string_value(json_object_get(jt, "output_stream"));

		t->output_is_err = st != NULL && strcmp(st, "stderr") == 0;
	}
	t->time_s = json_number_value(json_object_get(jt, "time_s"));
	return true;
}

static bool
read_exercise(json_t *e, const struct exercise *ex, struct exercise_result *er)
{
	json_t	*tests = json_object_get(e, "tests"), *h = json_object_get(e, "hygiene");
	size_t	 i;

	memset(er, 0, sizeof *er);
	er->ex = ex;
	er->max_score = exercise_max_score(ex);
	er->tests = xcalloc(ex->ntests + 1, sizeof *er->tests);
	if (!json_is_array(tests) || json_array_size(tests) != ex->ntests || !json_is_object(h) ||
	    !jget_int(e, "score", 0, er->max_score, &er->score) ||
	    !jget_int(h, "score", 0, ex->hygiene_points, &er->hygiene_score) ||
	    !read_verdict(h, &er->hygiene_verdict))
		return false;
	for (i = 0; i < ex->ntests; i++)
		if (!read_test(json_array_get(tests, i), &ex->tests[i], &er->tests[i]))
			return false;
	er->submitted = json_is_true(json_object_get(e, "submitted"));
	er->compiled = json_is_true(json_object_get(e, "compiled"));
	er->missing = jget_str(e, "missing");
	er->compiler_output = jget_str(e, "compiler_output");
	er->internal_message = jget_str(e, "internal_error");
	er->internal = er->internal_message != NULL;
	er->hygiene_message = jget_str(h, "message");
	er->time_s = json_number_value(json_object_get(e, "time_s"));
	return true;
}

static int
read_root(json_t *root, const struct manifest *mf, struct result_file *rf, char **cause)
{
	json_t	*exs = json_object_get(root, "exercises"), *e;
	size_t	 i, k;

	if (!json_is_object(root) || !json_is_array(exs)) {
		cause_set(cause, _("not a proclab report (no list of exercises)"));
		return -1;
	}
	rf->student = jget_str(root, "student");
	rf->passed = json_is_true(json_object_get(root, "passed"));
	rf->seed = (uint64_t)json_integer_value(json_object_get(root, "seed"));
	rf->res = xcalloc(json_array_size(exs) + 1, sizeof *rf->res);
	json_array_foreach(exs, i, e) {
		const char *dir = json_string_value(json_object_get(e, "dir"));

		for (k = 0; dir != NULL && k < mf->nex && strcmp(mf->ex[k].dir, dir) != 0; k++)
			;
		if (dir == NULL || k == mf->nex) {
			cause_set(cause, _("exercise %zu is not one of the manifest's"), i + 1);
			return -1;
		}
		if (!read_exercise(e, &mf->ex[k], &rf->res[rf->nres++])) {
			cause_set(cause, _("%s: a score, verdict or test that the manifest does not "
			    "allow"), mf->ex[k].dir);
			return -1;
		}
		rf->score += rf->res[rf->nres - 1].score;
	}
	return 0;
}

int
result_file_parse(const char *text, size_t len, const struct manifest *mf,
    struct result_file *rf, char **cause)
{
	json_error_t	 je;
	json_t		*root;
	int		 rc;

	memset(rf, 0, sizeof *rf);
	if ((root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je)) == NULL) {
		cause_set(cause, _("not JSON: %s"), je.text);
		return -1;
	}
	rc = read_root(root, mf, rf, cause);
	json_decref(root);
	if (rc == -1)
		result_file_free(rf);
	return rc;
}

int
result_file_read(const char *path, const struct manifest *mf, struct result_file *rf,
    char **cause)
{
	char	*text, *why = NULL;
	size_t	 len;
	int	 rc;

	memset(rf, 0, sizeof *rf);
	if ((text = read_file_max(path, RESULT_FILE_MAX, &len, &why)) == NULL) {
		cause_set(cause, "%s", why);
		free(why);
		return -1;
	}
	rc = result_file_parse(text, len, mf, rf, &why);
	if (rc == -1) {
		cause_set(cause, "%s: %s", path, why);
		free(why);
	}
	free(text);
	return rc;
}

void
result_file_free(struct result_file *rf)
{
	for (size_t i = 0; i < rf->nres; i++)
		exercise_result_free(&rf->res[i]);
	free(rf->res);
	free(rf->student);
	memset(rf, 0, sizeof *rf);
}
