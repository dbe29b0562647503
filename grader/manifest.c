/* SPDX-License-Identifier: MIT */
/*
 * manifest.c: loading and validating exercises/manifest.json.
 *
 * Every problem is reported as "FILE: WHERE: WHAT", e.g.
 *   manifest.json: exercises[2].tests[0].points: must be a whole number from 0 to 1000
 *   manifest.json: exercises[2].tests[1].hint: must be the number of one of the
 *   exercise's hints, from 1 to 4
 * Defaults (limits, hygiene_points, runs 1, race false) are merged into each exercise;
 * exercises are kept in teaching order (by "number", which must be unique).
 */
#include "grader.h"

#include <errno.h>
#include <jansson.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#define MAX_POINTS	1000
#define MAX_BUDGET_MS	(3600L * 1000)
#define MAX_RUNS	200

struct ctx {
	const char	*file;
	char		**cause;
	bool		 failed;
};

ATTR_PRINTF(3, 4) static void
bad(struct ctx *c, const char *where, const char *fmt, ...)
{
	va_list	 ap;
	char	*what;

	if (c->failed)
		return;
	c->failed = true;
	va_start(ap, fmt);
	xvasprintf(&what, fmt, ap);
	va_end(ap);
	cause_set(c->cause, "%s: %s: %s", c->file, where, what);
	free(what);
}

/* A safe file or folder name: no '/', not "." or "..", no control characters. */
static bool
safe_name(const char *s)
{
	if (*s == '\0' || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (; *s != '\0'; s++)
		if (*s == '/' || (unsigned char)*s < 0x20)
			return false;
	return true;
}

static char *
get_str(struct ctx *c, json_t *obj, const char *where, const char *key, bool required,
    bool filename)
{
	json_t	*v = json_object_get(obj, key);
	char	*w;

	if (v == NULL) {
		if (required) {
			xasprintf(&w, "%s", where);
			bad(c, w, _("\"%s\" is missing"), key);
			free(w);
		}
		return NULL;
	}
	if (!json_is_string(v) || (filename && !safe_name(json_string_value(v)))) {
		xasprintf(&w, "%s.%s", where, key);
		bad(c, w, "%s", filename ? _("must be a plain file name (no '/')") :
		    _("must be a string"));
		free(w);
		return NULL;
	}
	return xstrdup(json_string_value(v));
}

static long
get_int(struct ctx *c, json_t *obj, const char *where, const char *key, long min, long max,
    long dflt)
{
	json_t	*v = json_object_get(obj, key);
	char	*w;

	if (v == NULL)
		return dflt;
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
		xasprintf(&w, "%s.%s", where, key);
		bad(c, w, _("must be a whole number from %ld to %ld"), min, max);
		free(w);
		return dflt;
	}
	return (long)json_integer_value(v);
}

static bool
get_bool(struct ctx *c, json_t *obj, const char *where, const char *key)
{
	json_t	*v = json_object_get(obj, key);
	char	*w;

	if (v == NULL)
		return false;
	if (!json_is_boolean(v)) {
		xasprintf(&w, "%s.%s", where, key);
		bad(c, w, _("must be true or false"));
		free(w);
		return false;
	}
	return json_is_true(v);
}

static char **
get_strings(struct ctx *c, json_t *obj, const char *where, const char *key, bool filenames,
    size_t *n)
{
	json_t	*v = json_object_get(obj, key), *e;
	char	**out, *w;
	size_t	 i;

	*n = 0;
	if (v == NULL)
		return xcalloc(1, sizeof(char *));
	xasprintf(&w, "%s.%s", where, key);
	if (!json_is_array(v)) {
		bad(c, w, _("must be a list of strings"));
		free(w);
		return xcalloc(1, sizeof(char *));
	}
	out = xcalloc(json_array_size(v) + 1, sizeof(char *));
	json_array_foreach(v, i, e) {
		if (!json_is_string(e) || (filenames && !safe_name(json_string_value(e)))) {
			bad(c, w, "%s", filenames ? _("must be a list of plain file names") :
			    _("must be a list of strings"));
			break;
		}
		out[(*n)++] = xstrdup(json_string_value(e));
	}
	free(w);
	return out;
}

/* A C identifier: a letter or '_', then letters, digits and '_'. */
static bool
identifier(const char *s)
{
	if (*s == '\0' || (*s >= '0' && *s <= '9'))
		return false;
	for (; *s != '\0'; s++)
		if (!(*s == '_' || (*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z')))
			return false;
	return true;
}

/* "forbidden": a list of plain identifiers, appended to BASE (NBASE of them, copied). */
static char **
get_forbidden(struct ctx *c, json_t *obj, const char *where, char *const *base, size_t nbase,
    size_t *n)
{
	json_t	*v = json_object_get(obj, "forbidden"), *e;
	char	**out, *w;
	size_t	 i;

	out = xcalloc(nbase + (json_is_array(v) ? json_array_size(v) : 0) + 1, sizeof *out);
	for (*n = 0; *n < nbase; (*n)++)
		out[*n] = xstrdup(base[*n]);
	if (v == NULL)
		return out;
	xasprintf(&w, "%s.forbidden", where);
	if (!json_is_array(v))
		bad(c, w, _("must be a list of function names (C identifiers)"));
	else
		json_array_foreach(v, i, e) {
			if (!json_is_string(e) || !identifier(json_string_value(e))) {
				bad(c, w, _("must be a list of function names (C identifiers)"));
				break;
			}
			out[(*n)++] = xstrdup(json_string_value(e));
		}
	free(w);
	return out;
}

static const struct {
	const char	*key;
	long		 max;
} limit_keys[] = {
	{ "cpu_ms", 3600000 }, { "wall_ms", 3600000 }, { "memory_mb", 65536 },
	{ "processes", 4096 }, { "open_files", 65536 }, { "file_size_kb", 1048576 },
	{ "output_bytes", 64L * 1024 * 1024 }, { "disk_mb", 65536 },
};

static void
get_limits(struct ctx *c, json_t *obj, const char *where, struct sandbox_limits *l)
{
	json_t		*v = json_object_get(obj, "limits");
	const char	*key;
	json_t		*val;
	char		*w;
	long		 x[nitems(limit_keys)];
	size_t		 i;

	if (v == NULL)
		return;
	xasprintf(&w, "%s.limits", where);
	if (!json_is_object(v)) {
		bad(c, w, _("must be an object"));
		free(w);
		return;
	}
	json_object_foreach(v, key, val) {
		for (i = 0; i < nitems(limit_keys); i++)
			if (strcmp(key, limit_keys[i].key) == 0)
				break;
		if (i == nitems(limit_keys))
			bad(c, w, _("unknown limit \"%s\" (known: cpu_ms, wall_ms, memory_mb, "
			    "processes, open_files, file_size_kb, output_bytes, disk_mb)"), key);
	}
	x[0] = l->cpu_ms; x[1] = l->wall_ms; x[2] = l->memory_mb; x[3] = l->processes;
	x[4] = l->open_files; x[5] = l->file_size_kb; x[6] = (long)l->output_bytes;
	x[7] = l->disk_mb;
	for (i = 0; i < nitems(limit_keys); i++)
		x[i] = get_int(c, v, w, limit_keys[i].key, 1, limit_keys[i].max, x[i]);
	l->cpu_ms = x[0]; l->wall_ms = x[1]; l->memory_mb = x[2]; l->processes = x[3];
	l->open_files = x[4]; l->file_size_kb = x[5]; l->output_bytes = (size_t)x[6];
	l->disk_mb = x[7];
	free(w);
}

/* "visibility": when a grading platform shows a test's detail (Gradescope's words);
 * a hidden test is "hidden" by default, any other "visible". */
static void
get_visibility(struct ctx *c, json_t *jt, const char *where, struct test_spec *t)
{
	static const char *const known[] = { "visible", "hidden", "after_due_date",
	    "after_published" };
	json_t	*v = json_object_get(jt, "visibility");
	char	*w;

	t->visibility = t->hidden ? known[1] : known[0];
	if (v == NULL)
		return;
	for (size_t i = 0; i < nitems(known); i++)
		if (json_is_string(v) && strcmp(json_string_value(v), known[i]) == 0) {
			t->visibility = known[i];
			if (i == 0 && t->hidden)
				break;  /* a hidden test cannot be visible */
			return;
		}
	xasprintf(&w, "%s.visibility", where);
	bad(c, w, _("must be \"hidden\", \"after_due_date\" or \"after_published\" for a hidden "
	    "test, or \"visible\""));
	free(w);
}

/* "hint": which of the exercise's hints (1-based) is about this test, for the report's
 * "Stuck?" line; 0 when absent. */
static void
get_hint(struct ctx *c, json_t *jt, const char *where, const struct exercise *ex,
    struct test_spec *t)
{
	json_t	*v = json_object_get(jt, "hint");
	char	*w;

	t->hint = 0;
	if (v == NULL)
		return;
	xasprintf(&w, "%s.hint", where);
	if (ex->nhints == 0)
		bad(c, w, _("names a hint, but the exercise has no \"hints\""));
	else if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > (json_int_t)ex->nhints)
		bad(c, w, ngettext("must be 1: the exercise has %zu hint",
		    "must be the number of one of the exercise's hints, from 1 to %zu",
		    ex->nhints), ex->nhints);
	else
		t->hint = (int)json_integer_value(v);
	free(w);
}

static void
load_exercise(struct ctx *c, json_t *je, size_t idx, const struct exercise *dflt,
    struct exercise *ex)
{
	char	 where[64], tw[96];
	json_t	*tests, *jt;
	size_t	 i, j;

	snprintf(where, sizeof where, "exercises[%zu]", idx);
	if (!json_is_object(je)) {
		bad(c, where, _("must be an object"));
		return;
	}
	ex->number = (int)get_int(c, je, where, "number", 1, 99, 0);
	if (json_object_get(je, "number") == NULL)
		bad(c, where, _("\"number\" is missing"));
	ex->name = get_str(c, je, where, "name", true, true);
	ex->dir = get_str(c, je, where, "dir", true, true);
	ex->title = get_str(c, je, where, "title", true, false);
	ex->notebook = get_str(c, je, where, "notebook", false, false);
	ex->files = get_strings(c, je, where, "files", true, &ex->nfiles);
	if (!c->failed && ex->nfiles == 0)
		bad(c, where, _("\"files\" must name at least one student file"));
	ex->header = get_str(c, je, where, "header", true, true);
	ex->harness = get_str(c, je, where, "harness", true, true);
	ex->judge = get_str(c, je, where, "judge", true, true);
	ex->limits = dflt->limits;
	get_limits(c, je, where, &ex->limits);
	ex->hygiene_points = (int)get_int(c, je, where, "hygiene_points", 0, MAX_POINTS,
	    dflt->hygiene_points);
	ex->budget_ms = get_int(c, je, where, "budget_ms", 1000, MAX_BUDGET_MS, dflt->budget_ms);
	ex->hints = get_strings(c, je, where, "hints", false, &ex->nhints);
	ex->forbidden = get_forbidden(c, je, where, dflt->forbidden, dflt->nforbidden,
	    &ex->nforbidden);
	if (c->failed)
		return;
	for (i = 0; i < ex->nfiles; i++)
		if (strcmp(ex->files[i], ex->harness) == 0 || strcmp(ex->files[i], ex->header) == 0 ||
		    strcmp(ex->files[i], ex->judge) == 0)
			bad(c, where, _("\"files\" must not name the harness, the judge or the "
			    "header (%s)"), ex->files[i]);
	tests = json_object_get(je, "tests");
	if (tests == NULL || !json_is_array(tests)) {
		bad(c, where, _("\"tests\" must be a list"));
		return;
	}
	ex->tests = xcalloc(json_array_size(tests) + 1, sizeof *ex->tests);
	json_array_foreach(tests, i, jt) {
		struct test_spec *t = &ex->tests[ex->ntests];
		char *explore;
		enum sched_strategy strategy = SCHED_OFF;

		snprintf(tw, sizeof tw, "%s.tests[%zu]", where, i);
		if (!json_is_object(jt)) {
			bad(c, tw, _("must be an object"));
			return;
		}
		ex->ntests++;
		t->name = get_str(c, jt, tw, "name", true, true);
		t->title = get_str(c, jt, tw, "title", false, false);
		t->points = (int)get_int(c, jt, tw, "points", 0, MAX_POINTS, 1);
		t->runs = (int)get_int(c, jt, tw, "runs", 1, MAX_RUNS, 1);
		t->race = get_bool(c, jt, tw, "race");
		t->hidden = get_bool(c, jt, tw, "hidden");
		explore = get_str(c, jt, tw, "explore", false, true);
		if (explore != NULL && !sched_strategy_from_name(explore, &strategy))
			bad(c, tw, _("\"explore\" must be \"random\", \"pct\", \"dfs\" or \"off\""));
		t->explore = strategy;
		free(explore);
		get_visibility(c, jt, tw, t);
		get_hint(c, jt, tw, ex, t);
		if (c->failed)
			return;
		if (t->title == NULL)
			t->title = xstrdup(t->name);
		if (t->name[0] == '-')
			bad(c, tw, _("\"name\" must not start with '-'"));
		for (j = 0; j + 1 < ex->ntests; j++)
			if (strcmp(ex->tests[j].name, t->name) == 0)
				bad(c, tw, _("test \"%s\" is listed twice"), t->name);
	}
}

const char *
manifest_text(const char *s)
{
	return s == NULL || s[0] == '\0' ? s : gettext(s);     /* "" is the catalog's header */
}

static void free_strings(char **);

static int
by_number(const void *a, const void *b)
{
	const struct exercise *x = a, *y = b;

	return (x->number > y->number) - (x->number < y->number);
}

struct manifest *
manifest_load(const char *path, char **cause)
{
	struct ctx		 c = { path, cause, false };
	struct manifest		*mf;
	struct exercise		 d = { .limits = { 10000, 30000, 256, 64, 64, 1024, 65536, 64 },
				       .hygiene_points = 1, .budget_ms = 180000 };
	json_error_t		 je;
	json_t			*root, *defaults, *exs, *e;
	char			*copy;
	size_t			 i;

	root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		if (je.line <= 0)
			cause_set(cause, "%s: %s", path, je.text);
		else
			cause_set(cause, "%s:%d:%d: %s", path, je.line, je.column, je.text);
		return NULL;
	}
	mf = xcalloc(1, sizeof *mf);
	mf->path = xstrdup(path);
	copy = xstrdup(path);
	mf->dir = xstrdup(dirname(copy));
	free(copy);
	if (!json_is_object(root)) {
		bad(&c, "top level", _("must be an object"));
		goto out;
	}
	if (get_int(&c, root, "top level", "format", 1, 1, 0) != 1 && !c.failed)
		bad(&c, "format", _("must be 1 (this proclab reads manifest format 1)"));
	defaults = json_object_get(root, "defaults");
	if (defaults != NULL) {
		if (!json_is_object(defaults))
			bad(&c, "defaults", _("must be an object"));
		else {
			get_limits(&c, defaults, "defaults", &d.limits);
			d.hygiene_points = (int)get_int(&c, defaults, "defaults",
			    "hygiene_points", 0, MAX_POINTS, d.hygiene_points);
			d.forbidden = get_forbidden(&c, defaults, "defaults", NULL, 0,
			    &d.nforbidden);
			d.budget_ms = get_int(&c, defaults, "defaults", "budget_ms", 1000,
			    MAX_BUDGET_MS, d.budget_ms);
		}
	}
	exs = json_object_get(root, "exercises");
	if (!c.failed && (exs == NULL || !json_is_array(exs)))
		bad(&c, "exercises", _("must be a list"));
	if (c.failed)
		goto out;
	mf->ex = xcalloc(json_array_size(exs) + 1, sizeof *mf->ex);
	json_array_foreach(exs, i, e) {
		load_exercise(&c, e, i, &d, &mf->ex[mf->nex++]);
		if (c.failed)
			goto out;
	}
	qsort(mf->ex, mf->nex, sizeof *mf->ex, by_number);
	for (i = 1; i < mf->nex; i++) {
		if (mf->ex[i].number == mf->ex[i - 1].number)
			bad(&c, "exercises", _("number %d is used twice"), mf->ex[i].number);
		if (strcmp(mf->ex[i].name, mf->ex[i - 1].name) == 0)
			bad(&c, "exercises", _("name \"%s\" is used twice"), mf->ex[i].name);
	}
out:
	json_decref(root);
	free_strings(d.forbidden);
	if (c.failed) {
		manifest_free(mf);
		return NULL;
	}
	return mf;
}

static void
free_strings(char **v)
{
	if (v == NULL)
		return;
	for (char **p = v; *p != NULL; p++)
		free(*p);
	free(v);
}

void
manifest_free(struct manifest *mf)
{
	size_t	i, j;

	if (mf == NULL)
		return;
	for (i = 0; i < mf->nex; i++) {
		struct exercise *ex = &mf->ex[i];

		free(ex->name); free(ex->dir); free(ex->title); free(ex->notebook);
		free(ex->header); free(ex->harness); free(ex->judge);
		free_strings(ex->files);
		free_strings(ex->hints);
		free_strings(ex->forbidden);
		for (j = 0; j < ex->ntests; j++) {
			free(ex->tests[j].name);
			free(ex->tests[j].title);
		}
		free(ex->tests);
	}
	free(mf->ex);
	free(mf->path);
	free(mf->dir);
	free(mf);
}

const struct exercise *
manifest_find(const struct manifest *mf, const char *key)
{
	long	n;
	size_t	i;

	if (parse_long(key, 0, 999, &n)) {
		for (i = 0; i < mf->nex; i++)
			if (mf->ex[i].number == n)
				return &mf->ex[i];
		return NULL;
	}
	for (i = 0; i < mf->nex; i++)
		if (strcmp(mf->ex[i].name, key) == 0 || strcmp(mf->ex[i].dir, key) == 0)
			return &mf->ex[i];
	return NULL;
}

bool
exercise_has_file(const struct exercise *ex, const char *name)
{
	for (size_t i = 0; i < ex->nfiles; i++)
		if (strcmp(ex->files[i], name) == 0)
			return true;
	return false;
}

int
exercise_max_score(const struct exercise *ex)
{
	int	sum = ex->hygiene_points;

	for (size_t i = 0; i < ex->ntests; i++)
		sum += ex->tests[i].points;
	return sum;
}
