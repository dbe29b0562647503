/* SPDX-License-Identifier: MIT */
/*
 * classroom.c: the GitHub Actions workflow of a GitHub Classroom template
 * (proclab init --classroom), written from the manifest so that its steps and points are
 * always the exercises' own. One "Grade NN-name" step per exercise runs proclab check once
 * (platforms/classroom/proclab-classroom grade); one command-grader step per test, and one
 * for the hygiene point, then passes or fails on that test's verdict in the report, so a
 * student earns each test's points on their own (a step is all or nothing).
 */
#include "proclab.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The actions, pinned to the commits their v1 and v7.0.1 tags named when this was written
 * (classroom-resources/autograding-command-grader, -grading-reporter, actions/checkout). */
#define CHECKOUT_ACTION "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"
#define CHECKOUT_TAG	"v7.0.1"
#define GRADER_ACTION \
	"classroom-resources/autograding-command-grader@d5b3fa6f50f7f629b7bfae0cc3e4c58852b412d5"
#define REPORTER_ACTION \
	"classroom-resources/autograding-grading-reporter@d13b5912daf5042ac1b71bc38bdb4a6bcd61d8ca"
#define ACTIONS_TAG	"v1"

#define SETUP_MINUTES	20      /* apt-get, a build from scratch on a 2-CPU runner */
#define VERDICT_MINUTES	1       /* a verdict step only reads the report */

/* The set-up step: proclab at PROCLAB_REF, built by its own quickstart (so the packages are
 * quickstart's list, not a copy), and on PATH for the steps after it. */
static const char setup_script[] =
"set -eu\n"
": \"${PROCLAB_URL:?set PROCLAB_URL in this workflow's env}\"\n"
": \"${PROCLAB_REF:?set PROCLAB_REF in this workflow's env: a proclab commit or tag}\"\n"
"src=\"$RUNNER_TEMP/proclab\"\n"
"git init -q \"$src\"\n"
"git -C \"$src\" fetch -q --depth 1 \"$PROCLAB_URL\" \"$PROCLAB_REF\"\n"
"git -C \"$src\" checkout -q --detach FETCH_HEAD\n"
"echo \"proclab $(git -C \"$src\" rev-parse HEAD) from $PROCLAB_URL\"\n"
"(cd \"$src\" && ./quickstart)\n"
"# Ubuntu 24.04 refuses user namespaces to unconfined programs: without them proclab's\n"
"# sandbox falls back to limits only (and says so in every report).\n"
"if [ -e /proc/sys/kernel/apparmor_restrict_unprivileged_userns ]; then\n"
"  sudo sysctl -q -w kernel.apparmor_restrict_unprivileged_userns=0\n"
"fi\n"
"echo \"$src\" >> \"$GITHUB_PATH\"\n"
"echo \"$src/platforms/classroom\" >> \"$GITHUB_PATH\"\n";

/* S as a YAML double-quoted scalar: the escapes YAML 1.1 and 1.2 share, and the characters
 * YAML would read as line breaks (NEL, LS, PS) or drop (BOM) escaped too. */
static void
yaml_str(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else if (p[0] == 0xc2 && p[1] == 0x85) {
			fputs("\\N", f);
			p++;
		} else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
			fputs(p[2] == 0xa8 ? "\\L" : "\\P", f);
			p += 2;
		} else if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
			fputs("\\ufeff", f);
			p += 2;
		} else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* S as one shell word, for the steps' commands: quoted only when it has to be. */
static char *
sh_word(const char *s)
{
	char	*out = xmalloc(strlen(s) * 4 + 3), *o = out;

	if (s[0] != '\0' && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._:/+-") == strlen(s)) {
		strcpy(out, s);
		return out;
	}
	*o++ = '\'';
	for (; *s != '\0'; s++) {
		if (*s == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else
			*o++ = *s;
	}
	*o++ = '\'';
	*o = '\0';
	return out;
}

/* The test's title in the workflow, which students see: a hidden test's is redacted as the
 * student's report redacts it (report.c), and so is its name. */
static char *
test_title(const struct test_spec *t, size_t i)
{
	char	*s;

	if (!t->hidden)
		return xstrdup(t->title);
	xasprintf(&s, "hidden test %zu", i + 1);
	return s;
}

static char *
test_name(const struct test_spec *t, size_t i)
{
	char	*s;

	if (!t->hidden)
		return xstrdup(t->name);
	xasprintf(&s, "hidden_%zu", i + 1);
	return s;
}

static int
grade_minutes(const struct exercise *ex)
{
	/* its runs' budget, and time to compile the judge and the student's code */
	return (int)((ex->budget_ms + 59999) / 60000) + 2;
}

/*
 * What GitHub Actions would evaluate instead of showing: "${{" in a step's name or input is
 * an expression. The manifest is the instructor's, but the template goes to every student.
 */
int
classroom_check(const struct manifest *mf, char **cause)
{
	for (size_t i = 0; i < mf->nex; i++) {
		const struct exercise *ex = &mf->ex[i];

		if (strstr(ex->dir, "${{") != NULL) {
			cause_set(cause, _("exercise folder '%s' contains '${{', which GitHub "
			    "Actions would read as an expression: rename it in the manifest"),
			    ex->dir);
			return -1;
		}
		for (size_t j = 0; j < ex->ntests; j++)
			if (strstr(ex->tests[j].title, "${{") != NULL ||
			    strstr(ex->tests[j].name, "${{") != NULL) {
				cause_set(cause, _("test '%s' of %s has '${{' in its name or title, "
				    "which GitHub Actions would read as an expression: change it in "
				    "the manifest"), ex->tests[j].name, ex->dir);
				return -1;
			}
	}
	return 0;
}

/* A git URL the workflow can fetch from: a scheme (or scp-like user@host:path), no spaces,
 * quotes or '$' (it lands in YAML and in a shell variable), no leading '-'. */
bool
classroom_url_ok(const char *url)
{
	static const char *const schemes[] = { "https://", "http://", "ssh://", "git://",
	    "file:///" };
	const char	*at = strchr(url, '@'), *colon = at != NULL ? strchr(at, ':') : NULL;
	bool		 known = false;

	if (url[0] == '\0' || url[0] == '-' || strlen(url) > 2048)
		return false;
	for (const char *p = url; *p != '\0'; p++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
		    "-._~:/?#@!&*+,;=%", *p) == NULL)
			return false;
	for (size_t i = 0; i < nitems(schemes); i++)
		if (strncmp(url, schemes[i], strlen(schemes[i])) == 0 &&
		    url[strlen(schemes[i])] != '\0')
			known = true;
	if (!known && at != NULL && at != url && colon != NULL && colon > at + 1 &&
	    colon[1] != '\0' && strstr(url, "://") == NULL)
		known = true;   /* git@github.com:owner/proclab.git */
	return known;
}

/* A commit or a tag (or a branch, not pinned): git's refname rules, more strictly. */
bool
classroom_ref_ok(const char *ref)
{
	size_t	len = strlen(ref);

	if (len == 0 || len > 255 || ref[0] == '-' || ref[0] == '/' || ref[0] == '.' ||
	    ref[len - 1] == '/' || ref[len - 1] == '.' || strstr(ref, "..") != NULL ||
	    strstr(ref, "//") != NULL || strstr(ref, "/.") != NULL ||
	    (len >= 5 && strcmp(ref + len - 5, ".lock") == 0))
		return false;
	for (const char *p = ref; *p != '\0'; p++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
		    "-._/+", *p) == NULL)
			return false;
	return true;
}

static void
emit_head(FILE *f, const struct manifest *mf, const struct classroom_source *src)
{
	int	points = 0, minutes = SETUP_MINUTES + 5;
	size_t	tests = 0;

	for (size_t i = 0; i < mf->nex; i++) {
		points += exercise_max_score(&mf->ex[i]);
		tests += mf->ex[i].ntests;
		minutes += grade_minutes(&mf->ex[i]);
	}
	fprintf(f, "# Made by 'proclab init --classroom' (proclab %s) from its exercise manifest:\n"
	    "# %zu exercises, %zu tests, %d points. Make it again rather than edit it: each\n"
	    "# step's points must be those of the proclab it builds (PROCLAB_REF).\n"
	    "# doc/platforms.md, \"GitHub Classroom\", says what each step does and what a\n"
	    "# student who edits this file can and cannot do.\n", PACKAGE_VERSION, mf->nex, tests,
	    points);
	fputs("name: \"proclab autograding\"\n"
	    "\"on\":\n  - push\n  - workflow_dispatch\n  - repository_dispatch\n"
	    "permissions:\n  checks: write\n  actions: read\n  contents: read\n"
	    "env:\n"
	    "  # The proclab the workflow builds and grades with: a git URL, and a commit there\n"
	    "  # (a tag can be moved; a commit cannot).\n  PROCLAB_URL: ", f);
	yaml_str(f, src->url);
	fputs("\n  PROCLAB_REF: ", f);
	yaml_str(f, src->ref);
	fprintf(f, "\n"
	    "  # proclab's own messages in Brazilian Portuguese: LANGUAGE: \"pt_BR\"\n"
	    "  LANGUAGE: \"\"\n"
	    "jobs:\n  run-autograding-tests:\n    runs-on: ubuntu-latest\n"
	    "    if: \"github.actor != 'github-classroom[bot]'\"\n"
	    "    timeout-minutes: %d\n    steps:\n", minutes);
	fprintf(f, "      - name: \"Checkout code\"\n        uses: %s  # %s\n"
	    "        with:\n          persist-credentials: false\n", CHECKOUT_ACTION, CHECKOUT_TAG);
	fprintf(f, "      - name: \"Set up proclab\"\n        id: setup\n"
	    "        timeout-minutes: %d\n        run: |\n", SETUP_MINUTES);
	for (const char *l = setup_script; *l != '\0';) {
		const char *nl = strchr(l, '\n');

		fprintf(f, "          %.*s\n", (int)(nl - l), l);
		l = nl + 1;
	}
}

/* The verdict step J of EX (J == ntests: the hygiene point's) into ID; false when there is
 * none. The reporter reads each step's result from <ID in capitals>_RESULTS. */
static bool
step_id(const struct exercise *ex, size_t j, char *id, size_t len)
{
	if (j < ex->ntests)
		snprintf(id, len, "ex%02dt%zu", ex->number, j + 1);
	else if (j == ex->ntests && ex->hygiene_points > 0)
		snprintf(id, len, "ex%02dh", ex->number);
	else
		return false;
	return true;
}

static void
emit_verdict_step(FILE *f, const struct exercise *ex, const char *id, const char *title,
    const char *which, int points)
{
	char	*name, *cmd, *d = sh_word(ex->dir), *w = sh_word(which);

	xasprintf(&name, "%s: %s", ex->dir, title);
	xasprintf(&cmd, "proclab-classroom verdict %s %s %d", d, w, points);
	fputs("      - name: ", f);
	yaml_str(f, name);
	fprintf(f, "\n        id: %s\n        uses: %s  # %s\n        with:\n          test-name: ",
	    id, GRADER_ACTION, ACTIONS_TAG);
	yaml_str(f, name);
	fputs("\n          command: ", f);
	yaml_str(f, cmd);
	fprintf(f, "\n          timeout: %d\n          max-score: %d\n", VERDICT_MINUTES, points);
	free(name);
	free(cmd);
	free(d);
	free(w);
}

/* EX's grading step, then one verdict step per test and one for the hygiene point (when it
 * has one: a step of 0 points would only be noise). */
static void
emit_exercise(FILE *f, const struct exercise *ex)
{
	char	*name, *cmd, *d = sh_word(ex->dir), *which, *title, *tn, id[32];

	xasprintf(&name, "Grade %s", ex->dir);
	xasprintf(&cmd, "proclab-classroom grade %s", d);
	fputs("      - name: ", f);
	yaml_str(f, name);
	/* a grading that fails or runs out of time must not cost the other exercises theirs */
	fprintf(f, "\n        id: grade%02d\n        timeout-minutes: %d\n"
	    "        continue-on-error: true\n        run: ", ex->number, grade_minutes(ex));
	yaml_str(f, cmd);
	fputc('\n', f);
	for (size_t j = 0; j < ex->ntests; j++) {
		title = test_title(&ex->tests[j], j);
		tn = test_name(&ex->tests[j], j);
		xasprintf(&which, "%zu:%s", j + 1, tn);
		step_id(ex, j, id, sizeof id);
		emit_verdict_step(f, ex, id, title, which, ex->tests[j].points);
		free(title);
		free(tn);
		free(which);
	}
	if (step_id(ex, ex->ntests, id, sizeof id))
		emit_verdict_step(f, ex, id, "hygiene (no processes or IPC objects left behind)",
		    "hygiene", ex->hygiene_points);
	free(name);
	free(cmd);
	free(d);
}

static void
emit_reporter(FILE *f, const struct manifest *mf)
{
	const char	*sep = "";
	char		 id[32];

	fprintf(f, "      - name: \"Autograding Reporter\"\n        uses: %s  # %s\n        env:\n",
	    REPORTER_ACTION, ACTIONS_TAG);
	for (size_t i = 0; i < mf->nex; i++)
		for (size_t j = 0; step_id(&mf->ex[i], j, id, sizeof id); j++) {
			fprintf(f, "          ");
			for (const char *p = id; *p != '\0'; p++)
				fputc(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p, f);
			fprintf(f, "_RESULTS: \"${{steps.%s.outputs.result}}\"\n", id);
		}
	fputs("        with:\n          runners: \"", f);
	for (size_t i = 0; i < mf->nex; i++)
		for (size_t j = 0; step_id(&mf->ex[i], j, id, sizeof id); j++) {
			fprintf(f, "%s%s", sep, id);
			sep = ",";
		}
	fputs("\"\n", f);
}

int
classroom_write(const struct manifest *mf, const char *dir,
    const struct classroom_source *src, char **cause)
{
	FILE	*f;
	char	*buf = NULL, *wf = NULL, *path;
	size_t	 len = 0;
	int	 rc = -1;

	xasprintf(&wf, "%s/.github/workflows", dir);
	if (mkdir_p(wf, 0755, cause) == -1)
		goto out;
	if ((f = open_memstream(&buf, &len)) == NULL)
		xalloc_die("open_memstream");
	emit_head(f, mf, src);
	for (size_t i = 0; i < mf->nex; i++)
		emit_exercise(f, &mf->ex[i]);
	emit_reporter(f, mf);
	if (fclose(f) == EOF)
		xalloc_die(_("writing the workflow"));
	xasprintf(&path, "%s/classroom.yml", wf);
	rc = write_file(path, O_CREAT | O_EXCL, buf, len, cause);
	free(path);
out:
	free(buf);
	free(wf);
	return rc;
}
