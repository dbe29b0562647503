/* SPDX-License-Identifier: MIT */
/* check_watch.c: unit tests of the dashboard's model (watch-model.c) and text wrapping
 * (watch-text.c), without a terminal. */
#include "watch.h"

#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct manifest	*mf;
static struct watch	 w;

/* Three exercises, each with one file and two hints. */
static void
setup(void)
{
	char	 dir[] = "/tmp/check_watch.XXXXXX", path[64], *err = NULL;
	FILE	*f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/manifest.json", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("{ \"format\": 1, \"exercises\": [", f);
	for (int i = 1; i <= 3; i++)
		fprintf(f, "%s{ \"number\": %d, \"name\": \"e%d\", \"dir\": \"0%d-e%d\", "
		    "\"title\": \"E%d\", \"files\": [\"e%d.c\"], \"header\": \"e%d.h\", "
		    "\"harness\": \"test_e%d.c\", \"judge\": \"judge_e%d.c\", "
		    "\"tests\": [ {\"name\": \"t\", \"points\": 2} ], "
		    "\"hints\": [\"one\", \"two\"] }", i > 1 ? ", " : "", i, i, i, i, i, i, i, i, i);
	fputs("] }\n", f);
	ck_assert_int_eq(fclose(f), 0);
	mf = manifest_load(path, &err);
	ck_assert_msg(mf != NULL, "%s", err);
	unlink(path);
	rmdir(dir);
	model_init(&w, mf, xstrdup("/nowhere/wc"), NULL);
}

static void
teardown(void)
{
	model_free(&w);
	manifest_free(mf);
}

/* A finished check's result: passed or not. */
static void
finish(bool passed)
{
	struct wresult	r;

	memset(&r, 0, sizeof r);
	r.have = true;
	r.passed = passed;
	r.score = passed ? 2 : 0;
	r.max = 2;
	model_check_done(&w, &r);
}

START_TEST(scanning_moves_on_past_done_exercises_then_checks_the_rest)
{
	size_t	i = 99;

	ck_assert_int_eq(model_schedule(&w, &i), SCHED_START);
	ck_assert_uint_eq(i, 0);
	model_check_started(&w, 0);
	ck_assert(model_is_checking(&w, 0));
	ck_assert_int_eq(model_schedule(&w, &i), SCHED_NONE);
	finish(true);
	ck_assert_uint_eq(w.cur, 1);
	ck_assert_str_eq(w.status, "01-e1 is done; looking at 02-e2...");
	ck_assert_int_eq(model_schedule(&w, &i), SCHED_START);
	ck_assert_uint_eq(i, 1);
	model_check_started(&w, 1);
	finish(false);
	ck_assert_uint_eq(w.cur, 1);            /* stops at the first not done */
	ck_assert(!w.scanning);
	ck_assert_uint_eq(model_done_count(&w), 1);
	ck_assert_int_eq(model_schedule(&w, &i), SCHED_START);  /* then the others */
	ck_assert_uint_eq(i, 2);
}
END_TEST

START_TEST(the_current_exercise_preempts_a_background_check)
{
	size_t	i;

	model_list_move(&w, 1);
	model_list_choose(&w);                  /* 02 current, scanning over */
	model_check_started(&w, 1);
	finish(false);
	model_check_started(&w, 2);
	model_recheck(&w);
	ck_assert_int_eq(model_schedule(&w, &i), SCHED_PREEMPT);
	ck_assert_uint_eq(i, 1);
	model_check_cancelled(&w);
	ck_assert(!w.checking);
	ck_assert(w.ex[2].want);                /* it comes back */
	ck_assert_int_eq(model_schedule(&w, &i), SCHED_START);
	ck_assert_uint_eq(i, 1);
}
END_TEST

START_TEST(a_file_changed_while_checked_is_checked_again)
{
	char	**paths = xcalloc(2, sizeof(char *));
	size_t	  i;

	model_files_seen(&w, 0, paths, 7);      /* the first look changes nothing */
	ck_assert_str_eq(w.status, "Checking your exercises...");
	model_check_started(&w, 0);
	paths = xcalloc(2, sizeof(char *));
	paths[0] = xstrdup("/nowhere/wc/01-e1/e1.c");
	model_files_seen(&w, 0, paths, 8);
	ck_assert_str_eq(w.status, "01-e1/e1.c changed: checking it again...");
	w.scanning = false;
	finish(false);
	ck_assert(w.ex[0].want);
	ck_assert_int_eq(model_schedule(&w, &i), SCHED_START);
	ck_assert_uint_eq(i, 0);
}
END_TEST

START_TEST(a_check_that_cannot_start_is_a_result)
{
	model_check_started(&w, 0);
	model_check_not_started(&w, 0, "fork: Resource temporarily unavailable");
	ck_assert(!w.checking);
	ck_assert(w.ex[0].res.have);
	ck_assert_str_eq(w.ex[0].res.error,
	    "The check could not start: fork: Resource temporarily unavailable");
	ck_assert_str_eq(w.status, "fork: Resource temporarily unavailable");
}
END_TEST

START_TEST(scroll_is_kept_inside_the_details)
{
	model_scroll(&w, 100);
	model_fit_scroll(&w, 30, 0, 10);
	ck_assert_int_eq(w.scroll, 20);
	model_scroll(&w, INT_MIN);
	model_fit_scroll(&w, 30, 0, 10);
	ck_assert_int_eq(w.scroll, 0);
	model_scroll(&w, INT_MAX);
	model_fit_scroll(&w, 5, 0, 10);         /* shorter than the pane */
	ck_assert_int_eq(w.scroll, 0);
	model_scroll(&w, -3);
	model_fit_scroll(&w, 30, 0, 10);
	ck_assert_int_eq(w.scroll, 0);
	w.scroll_to_hint = true;                /* as after 'h' */
	model_fit_scroll(&w, 30, 25, 10);
	ck_assert_int_eq(w.scroll, 16);
	ck_assert(!w.scroll_to_hint);
}
END_TEST

START_TEST(the_list_cursor_stays_on_the_list)
{
	model_list_open(&w);
	ck_assert_int_eq(w.focus, FOCUS_LIST);
	model_list_move(&w, -1);
	ck_assert_uint_eq(w.cursor, 0);
	model_list_move(&w, 5);
	ck_assert_uint_eq(w.cursor, 2);
	model_list_move(&w, -(long)w.n);
	ck_assert_uint_eq(w.cursor, 0);
	model_list_move(&w, 1);
	model_list_close(&w);                   /* back: the cursor returns to the current */
	ck_assert_uint_eq(w.cursor, 0);
	ck_assert_int_eq(w.focus, FOCUS_DETAIL);
	model_prev(&w);
	ck_assert_str_eq(w.status, "This is the first exercise");
}
END_TEST

START_TEST(text_wraps_at_spaces_with_an_indent)
{
	struct lines	L;

	memset(&L, 0, sizeof L);
	lines_add(&L, 10, 2, S_NORMAL, "aaaa bbbb cccc\nd\001");
	ck_assert_uint_eq(L.n, 3);
	ck_assert(wcscmp(L.v[0].w, L"aaaa bbbb") == 0);
	ck_assert(wcscmp(L.v[1].w, L"  cccc") == 0);
	ck_assert(wcscmp(L.v[2].w, L"  d?") == 0);     /* a control character made visible */
	lines_free(&L);
	ck_assert_int_eq(text_cols("abc"), 3);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("watch");
	TCase	*tc = tcase_create("model");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, scanning_moves_on_past_done_exercises_then_checks_the_rest);
	tcase_add_test(tc, the_current_exercise_preempts_a_background_check);
	tcase_add_test(tc, a_file_changed_while_checked_is_checked_again);
	tcase_add_test(tc, a_check_that_cannot_start_is_a_result);
	tcase_add_test(tc, scroll_is_kept_inside_the_details);
	tcase_add_test(tc, the_list_cursor_stays_on_the_list);
	tcase_add_test(tc, text_wraps_at_spaces_with_an_indent);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
