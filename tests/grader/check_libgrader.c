/* SPDX-License-Identifier: MIT */
/*
 * check_libgrader: the grader library alone, as an instructor's own tool would use it.
 * Linked with libgrader.a and nothing of the proclab command (no curses, no src/): it loads
 * the lab's manifest, grades the reference solution of exercise 03 and its stub through
 * grader.h, and reads its own JSON report back.
 */
#include "grader.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char	*srcdir, *builddir;
static struct manifest	*mf;
static char		*runtime_include, *runtime_lib, *solutions;

static void
setup(void)
{
	char	*path, *cause = NULL;

	srcdir = getenv("top_srcdir");
	builddir = getenv("top_builddir");
	ck_assert_msg(srcdir != NULL && builddir != NULL, "run through make check");
	xasprintf(&path, "%s/exercises/manifest.json", srcdir);
	mf = manifest_load(path, &cause);
	ck_assert_msg(mf != NULL, "%s", cause);
	free(path);
	xasprintf(&runtime_include, "%s/lib", srcdir);
	xasprintf(&runtime_lib, "%s/lib", builddir);
	xasprintf(&solutions, "%s/solutions", srcdir);
}

static void
teardown(void)
{
	manifest_free(mf);
	free(runtime_include);
	free(runtime_lib);
	free(solutions);
}

static void
grade(const char *root, struct grading *g)
{
	const struct exercise	*ex = manifest_find(mf, "3");
	const char		*hide[] = { NULL };
	struct grade_options	 go = { .seed = 42, .hide = hide,
	    .runtime_include = runtime_include, .runtime_lib = runtime_lib };

	ck_assert_ptr_nonnull(ex);
	grade_submission(mf, &ex, 1, root, &go, g);
	ck_assert_int_eq(g->nres, 1);
	ck_assert_msg(!g->internal, "internal error: %s", g->res[0].internal_message);
}

START_TEST(reference_full_marks)
{
	struct grading		 g;
	struct report		 rep;
	struct result_file	 rf;
	char			*buf = NULL, *cause = NULL;
	size_t			 len = 0;
	FILE			*mem;

	grade(solutions, &g);
	ck_assert_msg(g.all_passed, "the reference of 03 did not pass");
	ck_assert_int_eq(g.res[0].score, g.res[0].max_score);
	ck_assert_int_gt(g.res[0].max_score, 0);
	memset(&rep, 0, sizeof rep);
	rep.seed = 42;
	rep.isolation = g.isolation;
	rep.res = g.res;
	rep.nres = g.nres;
	mem = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(mem);
	ck_assert_int_eq(report_write(mem, FORMAT_JSON, &rep), 0);
	ck_assert_int_eq(fclose(mem), 0);
	ck_assert_msg(result_file_parse(buf, len, mf, &rf, &cause) == 0, "%s", cause);
	ck_assert_int_eq(rf.nres, 1);
	ck_assert_int_eq(rf.score, g.res[0].score);
	ck_assert(rf.passed);
	ck_assert_int_eq((int)rf.seed, 42);
	result_file_free(&rf);
	free(buf);
	grading_free(&g);
}
END_TEST

START_TEST(stub_zero)
{
	struct grading	g;
	char		*stubs;

	xasprintf(&stubs, "%s/exercises", srcdir);
	grade(stubs, &g);
	ck_assert(!g.all_passed);
	ck_assert_int_eq(g.res[0].score, 0);
	ck_assert(g.res[0].compiled);
	for (size_t i = 0; i < g.res[0].ex->ntests; i++)
		ck_assert_int_ne(g.res[0].tests[i].verdict, VERDICT_PASSED);
	grading_free(&g);
	free(stubs);
}
END_TEST

/* A result file whose score is out of the manifest's range is refused, not imported. */
START_TEST(forged_result_refused)
{
	const char	*forged = "{\"student\": \"x\", \"passed\": true, \"exercises\": [ {"
	    "\"dir\": \"03-bank-balance\", \"score\": 9999, \"tests\": [], \"hygiene\": {} } ] }";
	struct result_file rf;
	char		*cause = NULL;

	ck_assert_int_eq(result_file_parse(forged, strlen(forged), mf, &rf, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "03-bank-balance"));
	free(cause);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("libgrader");
	TCase	*tc = tcase_create("grade");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, reference_full_marks);
	tcase_add_test(tc, stub_zero);
	tcase_add_test(tc, forged_result_refused);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
