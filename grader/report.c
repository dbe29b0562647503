/*
 * report.c: grading results as text (for people), JSON (proclab's own, also the batch's
 * result files), JUnit XML, TAP 13 and Gradescope's results.json; the escaping they need;
 * and atomic file writing.
 *
 * Students never see a hidden test's name, title or message (struct report.instructor).
 * Everything that came from the student's run or compiler goes through utf8_sanitize first.
 */
#include "proclab.h"  /* FIXME: grader must not include the command */

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const format_names[] = {
	[FORMAT_TEXT] = "text", [FORMAT_JSON] = "json", [FORMAT_JUNIT] = "junit",
	[FORMAT_TAP] = "tap", [FORMAT_GRADESCOPE] = "gradescope",
};

bool
report_format_parse(const char *s, enum report_format *f)
{
	for (size_t i = 0; i < nitems(format_names); i++)
		if (strcmp(s, format_names[i]) == 0) {
			*f = (enum report_format)i;
			return true;
		}
	return false;
}

const char *
report_format_ext(enum report_format f)
{
	switch (f) {
	case FORMAT_JSON:	return "json";
	case FORMAT_JUNIT:	return "xml";
	case FORMAT_TAP:	return "tap";
	case FORMAT_GRADESCOPE:	return "gradescope.json";
	default:		return "txt";
	}
}

/* ------------------------------------------------------------ escaping */

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t	cp;
	size_t		len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

char *
utf8_sanitize(const char *in, size_t n)
{
	const unsigned char	*s = (const unsigned char *)in;
	char			*out = xmalloc(n * 3 + 1), *o = out;
	size_t			 i = 0, l;

	while (i < n) {
		if (s[i] == '\0') {
			i++;
			continue;
		}
		l = utf8_seq(s + i, n - i);
		if (l == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);           /* U+FFFD */
			o += 3;
			i++;
			continue;
		}
		memcpy(o, s + i, l);
		o += l;
		i += l;
	}
	*o = '\0';
	return out;
}

/* XML 1.0 text or attribute value: markup escaped, characters XML forbids replaced. */
void
xml_escape(FILE *f, const char *str)
{
	char			*clean;
	const unsigned char	*s;

	if (str == NULL)
		return;
	clean = utf8_sanitize(str, strlen(str));
	for (s = (const unsigned char *)clean; *s != '\0'; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		case '\t': case '\n': case '\r': fprintf(f, "&#%d;", *s); break;
		default:
			if (*s < 0x20 || *s == 0x7f)
				fputs("\xef\xbf\xbd", f);
			else if (*s == 0xef && s[1] == 0xbf && (s[2] == 0xbe || s[2] == 0xbf)) {
				fputs("\xef\xbf\xbd", f);       /* U+FFFE, U+FFFF */
				s += 2;
			} else
				fputc(*s, f);
		}
	}
	free(clean);
}

/* RFC 4180: always quoted, quotes doubled; a leading = + - @ gets a ' so a spreadsheet does
 * not run it as a formula. */
void
csv_field(FILE *f, const char *str)
{
	char	*clean = utf8_sanitize(str, strlen(str));

	fputc('"', f);
	if (strchr("=+-@\t\r", clean[0]) != NULL && clean[0] != '\0')
		fputc('\'', f);
	for (const char *s = clean; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
	free(clean);
}

/* A TAP description: one line, no unescaped '#'. */
char *
tap_escape(const char *str)
{
	char	*clean = utf8_sanitize(str, strlen(str));
	char	*out = xmalloc(strlen(clean) * 2 + 1), *o = out;

	for (const char *s = clean; *s != '\0'; s++) {
		if (*s == '#' || *s == '\\')
			*o++ = '\\';
		*o++ = (*s == '\n' || *s == '\r') ? ' ' : *s;
	}
	*o = '\0';
	free(clean);
	return out;
}

/* --------------------------------------------------------------- helpers */

int
report_score(const struct report *r, int *max)
{
	int	score = 0;

	*max = 0;
	for (size_t i = 0; i < r->nres; i++) {
		score += r->res[i].score;
		*max += r->res[i].max_score;
	}
	return score;
}

static bool
report_internal(const struct report *r)
{
	for (size_t i = 0; i < r->nres; i++)
		if (r->res[i].internal)
			return true;
	return false;
}

static bool
shown(const struct report *r, const struct test_spec *t)
{
	return r->instructor || !t->hidden;
}

static char *
test_title(const struct report *r, const struct case_result *t, size_t i)
{
	char	*s;

	if (shown(r, t->spec))
		return xstrdup(t->spec->title);
	xasprintf(&s, _("hidden test %zu"), i + 1);
	return s;
}

static char *
test_name(const struct report *r, const struct case_result *t, size_t i)
{
	char	*s;

	if (shown(r, t->spec))
		return xstrdup(t->spec->name);
	xasprintf(&s, "hidden_%zu", i + 1);
	return s;
}

/* The feedback of a failed test in plain text (several lines), or NULL if it passed. */
static char *
test_feedback(const struct report *r, const struct exercise_result *er,
    const struct case_result *t)
{
	char	*s, *x;

	if (t->verdict == VERDICT_PASSED)
		return NULL;
	if (!shown(r, t->spec)) {
		xasprintf(&s, "%s", _(verdict_name(t->verdict)));
		return s;
	}
	xasprintf(&s, "%s: %s", _(verdict_name(t->verdict)), t->message ? t->message : "");
	if (t->expected != NULL) {
		xasprintf(&x, _("%s\nexpected: %s"), s, t->expected);
		free(s);
		s = x;
	}
	if (t->actual != NULL) {
		xasprintf(&x, _("%s\nactual:   %s"), s, t->actual);
		free(s);
		s = x;
	}
	if (t->failed_run > 0 && t->spec->runs > 1) {
		xasprintf(&x, t->spec->race ?
		    _("%s\n(failed on run %d of %d, with injected delays; proclab check %d --seed "
		    "%llu replays it)") :
		    _("%s\n(failed on run %d of %d; proclab check %d --seed %llu replays it)"),
		    s, t->failed_run, t->spec->runs, er->ex->number, (unsigned long long)r->seed);
		free(s);
		s = x;
	}
	return s;
}

static char *
hygiene_feedback(const struct exercise_result *er)
{
	char	*s;

	if (er->hygiene_verdict == VERDICT_PASSED)
		return NULL;
	if (er->hygiene_message != NULL)
		xasprintf(&s, "%s", er->hygiene_message);
	else
		xasprintf(&s, "%s", !er->submitted ? _("not checked: nothing submitted") :
		    _("not checked: your code did not compile"));
	return s;
}

static char *
compile_feedback(const struct exercise_result *er)
{
	char	*s;

	if (!er->submitted)
		xasprintf(&s, _("not submitted: %s"), er->missing ? er->missing : "?");
	else if (er->internal && er->internal_message != NULL)
		xasprintf(&s, _("internal error (not your fault): %s"), er->internal_message);
	else if (!er->compiled)
		xasprintf(&s, _("did not compile:\n%s"), er->compiler_output ? er->compiler_output : "");
	else if (er->compiler_output != NULL && er->compiler_output[0] != '\0')
		xasprintf(&s, _("compiled with warnings:\n%s"), er->compiler_output);
	else
		return NULL;
	return s;
}

static const char *
isolation_warning(const struct report *r)
{
	if (r->isolation == ISOLATION_NAMESPACES)
		return NULL;
	return _("fallback isolation (resource limits and a process group only): the code under "
	    "test runs as you and could signal or disturb other processes of the same user");
}

/* ------------------------------------------------------------------ text */

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

static int
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
	if (isolation_warning(r) != NULL)
		fprintf(f, _("%swarning:%s %s\n"), C("33"), C("0"), isolation_warning(r));
	for (size_t i = 0; i < r->nres; i++) {
		const struct exercise_result *er = &r->res[i];

		fprintf(f, "\n%s%s%s  %s  (%d/%d)\n", C("1"), er->ex->dir, C("0"), er->ex->title,
		    er->score, er->max_score);
		if ((s = compile_feedback(er)) != NULL) {
			indent(f, s, "    ");
			free(s);
		}
		for (size_t j = 0; j < er->ex->ntests; j++) {
			const struct case_result *t = &er->tests[j];
			char *title = test_title(r, t, j);
			bool ok = t->verdict == VERDICT_PASSED;

			fprintf(f, "  %s%s%s %s  %d/%d\n", ok ? C("32") : C("31"),
			    ok ? _("PASS") : _("FAIL"), C("0"), title, t->score, t->spec->points);
			free(title);
			if ((s = test_feedback(r, er, t)) != NULL) {
				indent(f, s, "       ");
				free(s);
			}
		}
		if (er->ex->hygiene_points > 0 || er->hygiene_verdict != VERDICT_PASSED) {
			bool ok = er->hygiene_verdict == VERDICT_PASSED;

			fprintf(f, _("  %s%s%s hygiene (no processes or IPC objects left behind)  "
			    "%d/%d\n"), ok ? C("32") : C("31"), ok ? _("PASS") : _("FAIL"), C("0"),
			    er->hygiene_score, er->ex->hygiene_points);
			if ((s = hygiene_feedback(er)) != NULL) {
				indent(f, s, "       ");
				free(s);
			}
		}
		if (r->hints_seen != NULL && !exercise_passed(er)) {
			size_t seen = r->hints_seen[i], n = er->ex->nhints;

			if (seen < n)
				fprintf(f, _("  Stuck? '%s hint %d' shows hint %zu of %zu.\n"), progname,
				    er->ex->number, seen + 1, n);
			else if (n > 0)
				fprintf(f, ngettext("  You have read the %zu hint: '%s hint %d --all' "
				    "shows it again.\n", "  You have read all %zu hints: '%s hint %d "
				    "--all' shows them again.\n", n), n, progname, er->ex->number);
		}
	}
	fprintf(f, _("\n%sscore %d/%d%s%s\n"), C("1"), score, max, C("0"),
	    report_internal(r) ?
	    _("  (proclab hit an internal error: not your fault; see above)") : "");
	return 0;
}

/* ------------------------------------------------------------------ JSON */

static json_t *
jstr(const char *s)
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

static void
jset(json_t *o, const char *k, json_t *v)
{
	if (v == NULL)
		fatalx(_("out of memory building a JSON report"));
	json_object_set_new(o, k, v);
}

static json_t *
json_exercise(const struct report *r, const struct exercise_result *er)
{
	json_t	*e = json_object(), *tests = json_array(), *h = json_object();

	jset(e, "number", json_integer(er->ex->number));
	jset(e, "name", jstr(er->ex->name));
	jset(e, "dir", jstr(er->ex->dir));
	jset(e, "title", jstr(er->ex->title));
	jset(e, "score", json_integer(er->score));
	jset(e, "max_score", json_integer(er->max_score));
	jset(e, "passed", json_boolean(exercise_passed(er)));
	jset(e, "submitted", json_boolean(er->submitted));
	jset(e, "missing", jstr(er->missing));
	jset(e, "compiled", json_boolean(er->compiled));
	jset(e, "compiler_output", jstr(er->compiler_output));
	jset(e, "internal_error", jstr(er->internal ? er->internal_message : NULL));
	jset(e, "time_s", json_real(er->time_s));
	for (size_t j = 0; j < er->ex->ntests; j++) {
		const struct case_result *t = &er->tests[j];
		json_t *jt = json_object();
		bool vis = shown(r, t->spec);

		{
			char *n = test_name(r, t, j), *ti = test_title(r, t, j);

			jset(jt, "name", jstr(n));
			jset(jt, "title", jstr(ti));
			free(n);
			free(ti);
		}
		jset(jt, "hidden", json_boolean(t->spec->hidden));
		jset(jt, "verdict", jstr(verdict_id(t->verdict)));
		jset(jt, "verdict_text", jstr(verdict_name(t->verdict)));
		jset(jt, "message", jstr(vis ? t->message : NULL));
		jset(jt, "expected", jstr(vis ? t->expected : NULL));
		jset(jt, "actual", jstr(vis ? t->actual : NULL));
		jset(jt, "score", json_integer(t->score));
		jset(jt, "max_score", json_integer(t->spec->points));
		jset(jt, "runs", json_integer(t->spec->runs));
		jset(jt, "runs_passed", json_integer(t->runs_passed));
		jset(jt, "race", json_boolean(t->spec->race));
		jset(jt, "failed_run", t->failed_run > 0 ? json_integer(t->failed_run) : json_null());
		jset(jt, "failed_seed", t->failed_run > 0 ?
		    json_integer((json_int_t)(t->failed_seed & INT64_MAX)) : json_null());
		jset(jt, "time_s", json_real(t->time_s));
		json_array_append_new(tests, jt);
	}
	jset(e, "tests", tests);
	jset(h, "score", json_integer(er->hygiene_score));
	jset(h, "max_score", json_integer(er->ex->hygiene_points));
	jset(h, "verdict", jstr(verdict_id(er->hygiene_verdict)));
	{
		char *hf = hygiene_feedback(er);

		jset(h, "message", jstr(hf));
		free(hf);
	}
	jset(e, "hygiene", h);
	return e;
}

static int
dump(FILE *f, json_t *root)
{
	int	rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	json_decref(root);
	if (rc == -1)
		return -1;
	return fputc('\n', f) == EOF ? -1 : 0;
}

static int
write_json(FILE *f, const struct report *r)
{
	json_t	*root = json_object(), *exs = json_array();
	int	 score, max;
	bool	 all = r->nres > 0;

	score = report_score(r, &max);
	jset(root, "proclab", json_string(PACKAGE_VERSION));
	jset(root, "student", jstr(r->student));
	jset(root, "seed", json_integer((json_int_t)(r->seed & INT64_MAX)));
	jset(root, "isolation", jstr(isolation_name(r->isolation)));
	jset(root, "warning", jstr(isolation_warning(r)));
	jset(root, "score", json_integer(score));
	jset(root, "max_score", json_integer(max));
	for (size_t i = 0; i < r->nres; i++) {
		json_array_append_new(exs, json_exercise(r, &r->res[i]));
		all = all && exercise_passed(&r->res[i]);
	}
	jset(root, "passed", json_boolean(all));
	jset(root, "internal_error", json_boolean(report_internal(r)));
	jset(root, "time_s", json_real(r->time_s));
	jset(root, "exercises", exs);
	return dump(f, root);
}

/* ------------------------------------------------------------ Gradescope */

static int
write_gradescope(FILE *f, const struct report *r)
{
	json_t	*root = json_object(), *tests = json_array();
	char	*out, *s, *x;
	int	 score, max;

	score = report_score(r, &max);
	xasprintf(&out, "proclab %s, isolation: %s, seed %llu.", PACKAGE_VERSION,
	    isolation_name(r->isolation), (unsigned long long)r->seed);
	if (report_internal(r)) {
		xasprintf(&x, _("%s\nThe grader hit an internal error (not your fault): tell your "
		    "instructor."), out);
		free(out);
		out = x;
	}
	for (size_t i = 0; i < r->nres; i++) {
		const struct exercise_result *er = &r->res[i];
		char *cf = compile_feedback(er);

		for (size_t j = 0; j < er->ex->ntests; j++) {
			const struct case_result *t = &er->tests[j];
			json_t *jt = json_object();
			char *title = test_title(r, t, j);

			xasprintf(&s, "%s: %s", er->ex->dir, title);
			jset(jt, "name", jstr(s));
			free(s);
			free(title);
			jset(jt, "score", json_integer(t->score));
			jset(jt, "max_score", json_integer(t->spec->points));
			jset(jt, "status", json_string(t->verdict == VERDICT_PASSED ?
			    "passed" : "failed"));
			s = test_feedback(r, er, t);
			if (s == NULL)
				s = xstrdup("passed");
			if (cf != NULL && t->verdict != VERDICT_PASSED) {
				xasprintf(&x, "%s\n\n%s", s, cf);
				free(s);
				s = x;
			}
			jset(jt, "output", jstr(s));
			free(s);
			jset(jt, "visibility", json_string("visible"));
			json_array_append_new(tests, jt);
		}
		if (er->ex->hygiene_points > 0) {
			json_t *jt = json_object();

			xasprintf(&s, "%s: hygiene", er->ex->dir);
			jset(jt, "name", jstr(s));
			free(s);
			jset(jt, "score", json_integer(er->hygiene_score));
			jset(jt, "max_score", json_integer(er->ex->hygiene_points));
			jset(jt, "status", json_string(er->hygiene_verdict == VERDICT_PASSED ?
			    "passed" : "failed"));
			s = hygiene_feedback(er);
			jset(jt, "output", jstr(s != NULL ? s :
			    _("no processes or IPC objects left behind")));
			free(s);
			jset(jt, "visibility", json_string("visible"));
			json_array_append_new(tests, jt);
		}
		free(cf);
	}
	jset(root, "score", json_integer(score));
	jset(root, "max_score", json_integer(max));
	jset(root, "execution_time", json_real(r->time_s));
	jset(root, "output", jstr(out));
	jset(root, "visibility", json_string("visible"));
	jset(root, "tests", tests);
	free(out);
	return dump(f, root);
}

/* ----------------------------------------------------------------- JUnit */

static int
write_junit(FILE *f, const struct report *r)
{
	size_t	ntests = 0, nfail = 0, nerr = 0;

	for (size_t i = 0; i < r->nres; i++)
		for (size_t j = 0; j <= r->res[i].ex->ntests; j++) {
			const struct exercise_result *er = &r->res[i];
			enum verdict v = j < er->ex->ntests ? er->tests[j].verdict :
			    er->hygiene_verdict;

			ntests++;
			if (v == VERDICT_INTERNAL_ERROR)
				nerr++;
			else if (v != VERDICT_PASSED)
				nfail++;
		}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuites name=\"proclab\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
	    "time=\"%.3f\">\n", ntests, nfail, nerr, r->time_s);
	for (size_t i = 0; i < r->nres; i++) {
		const struct exercise_result *er = &r->res[i];
		size_t f1 = 0, e1 = 0;
		char *cf = compile_feedback(er), *s;

		for (size_t j = 0; j <= er->ex->ntests; j++) {
			enum verdict v = j < er->ex->ntests ? er->tests[j].verdict :
			    er->hygiene_verdict;

			if (v == VERDICT_INTERNAL_ERROR)
				e1++;
			else if (v != VERDICT_PASSED)
				f1++;
		}
		fputs("  <testsuite name=\"", f);
		xml_escape(f, er->ex->dir);
		fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"%.3f\">\n",
		    er->ex->ntests + 1, f1, e1, er->time_s);
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
		for (size_t j = 0; j <= er->ex->ntests; j++) {
			bool hyg = j == er->ex->ntests;
			const struct case_result *t = hyg ? NULL : &er->tests[j];
			enum verdict v = hyg ? er->hygiene_verdict : t->verdict;
			char *name = hyg ? xstrdup("hygiene") : test_name(r, t, j);

			fputs("    <testcase classname=\"", f);
			xml_escape(f, er->ex->dir);
			fputs("\" name=\"", f);
			xml_escape(f, name);
			fprintf(f, "\" time=\"%.3f\">\n", hyg ? 0.0 : t->time_s);
			free(name);
			if (v != VERDICT_PASSED) {
				const char *tag = v == VERDICT_INTERNAL_ERROR ? "error" : "failure";

				s = hyg ? hygiene_feedback(er) : test_feedback(r, er, t);
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

/* ------------------------------------------------------------------- TAP */

static void
yaml_kv(FILE *f, const char *key, const char *val)
{
	json_t	*j = jstr(val);
	char	*s = json_dumps(j, JSON_ENCODE_ANY);

	fprintf(f, "  %s: %s\n", key, s != NULL ? s : "\"\"");
	free(s);
	json_decref(j);
}

static int
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
	if (isolation_warning(r) != NULL)
		fprintf(f, "# warning: %s\n", isolation_warning(r));
	for (size_t i = 0; i < r->nres; i++) {
		const struct exercise_result *er = &r->res[i];
		char *cf = compile_feedback(er);

		for (size_t j = 0; j <= er->ex->ntests; j++) {
			bool hyg = j == er->ex->ntests;
			const struct case_result *t = hyg ? NULL : &er->tests[j];
			enum verdict v = hyg ? er->hygiene_verdict : t->verdict;
			char *title = hyg ? xstrdup("hygiene") : test_title(r, t, j);
			char *d, *s;

			xasprintf(&s, "%s: %s", er->ex->dir, title);
			d = tap_escape(s);
			free(s);
			free(title);
			fprintf(f, "%s %zu - %s # %d/%d\n", v == VERDICT_PASSED ? "ok" : "not ok", ++k,
			    d, hyg ? er->hygiene_score : t->score,
			    hyg ? er->ex->hygiene_points : t->spec->points);
			free(d);
			if (v == VERDICT_PASSED)
				continue;
			s = hyg ? hygiene_feedback(er) : test_feedback(r, er, t);
			fputs("  ---\n", f);
			yaml_kv(f, "verdict", verdict_id(v));
			yaml_kv(f, "message", s);
			if (cf != NULL)
				yaml_kv(f, "compiler", cf);
			fputs("  ...\n", f);
			free(s);
		}
		free(cf);
	}
	fprintf(f, "# score %d/%d\n", score, max);
	return ferror(f) ? -1 : 0;
}

int
report_write(FILE *f, enum report_format fmt, const struct report *r)
{
	int	rc;

	switch (fmt) {
	case FORMAT_JSON:	rc = write_json(f, r); break;
	case FORMAT_JUNIT:	rc = write_junit(f, r); break;
	case FORMAT_TAP:	rc = write_tap(f, r); break;
	case FORMAT_GRADESCOPE:	rc = write_gradescope(f, r); break;
	default:		rc = write_text(f, r); break;
	}
	if (fflush(f) == EOF || ferror(f))
		rc = -1;
	return rc;
}
