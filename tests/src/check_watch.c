/* SPDX-License-Identifier: MIT */
/* check_watch.c: unit tests of the home screen's model (watch-model.c, watch-select.c), the
 * state file (grader/progress.c) and text wrapping (watch-text.c), without a terminal. */
#include "watch.h"

#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct manifest	*mf;
static struct watch	 w;
static const char *const dirs[] = { "01-fork-join", "02-ordered-flags", "03-bank-balance" };

/* Three of the lab's exercises (by their folders' names), one file and two hints each. */
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
		fprintf(f, "%s{ \"number\": %d, \"name\": \"%s\", \"dir\": \"%s\", "
		    "\"title\": \"E%d\", \"files\": [\"e%d.c\"], \"header\": \"e%d.h\", "
		    "\"harness\": \"test_e%d.c\", \"judge\": \"judge_e%d.c\", "
		    "\"tests\": [ {\"name\": \"t\", \"points\": 2} ], "
		    "\"hints\": [\"one\", \"two\"] }", i > 1 ? ", " : "", i, dirs[i - 1] + 3,
		    dirs[i - 1], i, i, i, i, i);
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

/* Exercise I's files seen, with the fingerprint HASH (0: not found). */
static void
seen(size_t i, uint64_t hash, unsigned long long stamp)
{
	char	**paths = xcalloc(2, sizeof(char *));

	if (hash != 0)
		xasprintf(&paths[0], "/nowhere/wc/%s/e%zu.c", dirs[i], i + 1);
	model_files_seen(&w, i, paths, stamp, hash);
}

/* The item of exercise I, or of lesson I (1-based). */
static size_t
item_of(enum wkind kind, size_t i)
{
	for (size_t k = 0; k < w.nitems; k++)
		if (w.items[k].kind == kind && w.items[k].i == i)
			return k;
	ck_abort_msg("no such item");
	return 0;
}

/* A finished check's result: passed or not. */
static void
finish(bool passed)
{
	struct wresult	r;

	memset(&r, 0, sizeof r);
	r.have = r.submitted = r.compiled = true;
	r.passed = passed;
	r.score = passed ? 2 : 0;
	r.max = 2;
	r.when = 1000;
	model_check_done(&w, &r);
}

START_TEST(exercises_stand_after_the_lessons_they_need)
{
	ck_assert_uint_eq(w.nitems, nlessons + 3);
	ck_assert_uint_eq(item_of(ITEM_EXERCISE, 0), 3);        /* L01 L02 L03 E01 */
	ck_assert_uint_eq(item_of(ITEM_EXERCISE, 1), 6);        /* L04 L05 E02 */
	ck_assert_uint_eq(item_of(ITEM_EXERCISE, 2), 9);        /* L06 L07 E03 */
	ck_assert_uint_eq(item_of(ITEM_LESSON, 16), w.nitems - 1);
	ck_assert_int_eq(lesson_before("06-pipe-squares"), 11);
	ck_assert_int_eq(lesson_before("99-unknown"), 0);
}
END_TEST

START_TEST(states_come_from_the_stubs_and_the_state_file_at_once)
{
	struct progress_result	r = { .passed = true, .score = 2, .max = 2, .when = 5,
	    .hash = 42 };
	uint64_t		stub = 7;

	model_stubs(&w, 0, &stub, 1);
	model_known(&w, 1, &r);
	r.passed = false;
	r.score = 1;
	model_known(&w, 2, &r);
	seen(0, 7, 1);                  /* the stub */
	seen(1, 42, 1);                 /* as it was checked */
	seen(2, 43, 1);                 /* changed since */
	ck_assert_int_eq(model_status(&w.ex[0]).state, WS_NEW);
	ck_assert(!w.ex[0].want);
	ck_assert_int_eq(model_status(&w.ex[1]).state, WS_PASSED);
	ck_assert(!model_status(&w.ex[1]).stale);
	ck_assert(!w.ex[1].want);       /* known: no check needed */
	ck_assert_int_eq(model_status(&w.ex[2]).state, WS_FAILING);
	ck_assert(model_status(&w.ex[2]).stale);
	ck_assert(w.ex[2].want);        /* checked again in the background */
	ck_assert_uint_eq(model_done_count(&w), 1);
}
END_TEST

START_TEST(the_selection_starts_where_the_progress_is)
{
	struct progress_result	r = { .passed = true, .score = 2, .max = 2, .when = 5,
	    .hash = 42 };

	model_begin(&w);
	ck_assert_uint_eq(w.sel, 0);            /* nothing done: lesson 01 */
	model_free(&w);
	model_init(&w, mf, xstrdup("/nowhere/wc"), NULL);
	model_lesson_known(&w, 0, true, true, 5);
	model_known(&w, 0, &r);
	seen(0, 42, 1);
	model_begin(&w);
	ck_assert_uint_eq(w.sel, 4);            /* after E01: L04, though L02 was skipped */
	ck_assert_str_eq(w.status, "Lesson 04: Values are copied (Enter runs it)");
}
END_TEST

START_TEST(the_selected_exercise_is_checked_first_once_it_rests)
{
	size_t	i = 99;

	seen(0, 1, 1);
	seen(1, 2, 1);
	seen(2, 3, 1);                  /* all three unchecked: wanted */
	model_tick(&w, 10000);
	model_select(&w, item_of(ITEM_EXERCISE, 1));
	ck_assert_int_eq(model_schedule(&w, 10000, &i), SCHED_NONE);    /* not rested */
	ck_assert_int_eq(model_schedule(&w, 10000 + WATCH_REST_MS, &i), SCHED_START);
	ck_assert_uint_eq(i, 1);
	model_check_started(&w, 1, 10300);
	ck_assert(model_is_checking(&w, 1));
	finish(false);
	ck_assert_int_eq(model_schedule(&w, 20000, &i), SCHED_START);  /* then the others */
	ck_assert_uint_eq(i, 0);
	model_check_started(&w, 0, 20000);
	model_recheck(&w);              /* the selected one again: the other gives way */
	ck_assert_int_eq(model_schedule(&w, 30000, &i), SCHED_PREEMPT);
	ck_assert_uint_eq(i, 1);
	model_check_cancelled(&w);
	ck_assert(w.ex[0].want);        /* it comes back */
}
END_TEST

START_TEST(a_file_changed_while_checked_is_checked_again)
{
	size_t	i;

	seen(0, 1, 7);
	model_select(&w, item_of(ITEM_EXERCISE, 0));
	model_check_started(&w, 0, 0);
	seen(0, 2, 8);
	ck_assert_str_eq(w.status, "01-fork-join/e1.c changed: checking it again...");
	finish(false);
	ck_assert(w.ex[0].want);
	ck_assert_int_eq(model_schedule(&w, 100000, &i), SCHED_START);
	ck_assert_uint_eq(i, 0);
}
END_TEST

START_TEST(a_check_that_cannot_start_is_a_result)
{
	model_check_started(&w, 0, 0);
	model_check_not_started(&w, 0, "fork: Resource temporarily unavailable");
	ck_assert(!w.checking);
	ck_assert(w.ex[0].res.have);
	ck_assert_str_eq(w.ex[0].res.error,
	    "The check could not start: fork: Resource temporarily unavailable");
	ck_assert_str_eq(w.status, "fork: Resource temporarily unavailable");
}
END_TEST

START_TEST(check_all_counts_and_stops)
{
	size_t	i;

	for (size_t k = 0; k < 3; k++)
		seen(k, k + 1, 1);
	model_check_all(&w);
	ck_assert(w.all);
	model_check_started(&w, 0, 0);
	finish(true);
	ck_assert_uint_eq(w.all_done, 1);
	ck_assert(model_check_stop(&w));
	ck_assert(!w.all);
	ck_assert_str_eq(w.status, "Stopped: 1 of the 3 exercises checked.");
	ck_assert_int_eq(model_schedule(&w, 100000, &i), SCHED_NONE);
	ck_assert(!model_check_stop(&w));       /* nothing left to stop */
}
END_TEST

START_TEST(search_goes_to_a_match_and_esc_comes_back)
{
	model_select(&w, 0);
	model_search_open(&w);
	ck_assert_int_eq(w.mode, MODE_SEARCH);
	model_search_key(&w, L'B');
	model_search_key(&w, L'a');
	model_search_key(&w, L'n');
	ck_assert_uint_eq(w.sel, item_of(ITEM_EXERCISE, 2));   /* 03-bank-balance */
	model_search_close(&w, false);
	ck_assert_uint_eq(w.sel, 0);
	ck_assert_int_eq(w.mode, MODE_MAIN);
	model_search_open(&w);
	model_search_key(&w, L'l');
	model_search_key(&w, L'o');
	model_search_key(&w, L'c');
	model_search_key(&w, L'k');             /* balance-lock, then get-lock */
	ck_assert_uint_eq(w.sel, item_of(ITEM_LESSON, 6));
	model_search_step(&w, 1);
	ck_assert_uint_eq(w.sel, item_of(ITEM_LESSON, 8));
	model_search_close(&w, true);
	ck_assert_uint_eq(w.sel, item_of(ITEM_LESSON, 8));
	model_search_open(&w);
	model_search_key(&w, L'%');
	ck_assert_str_eq(w.status, "/%  nothing matches (Backspace, or Esc: back)");
}
END_TEST

START_TEST(reset_asks_only_for_an_exercise)
{
	model_select(&w, 0);
	ck_assert(!model_confirm_reset(&w));
	model_select(&w, item_of(ITEM_EXERCISE, 2));
	ck_assert(model_confirm_reset(&w));
	ck_assert_int_eq(w.mode, MODE_CONFIRM);
	model_confirm_close(&w);
	ck_assert_int_eq(w.mode, MODE_MAIN);
	ck_assert_str_eq(w.status, "Not reset: your e3.c is as it was.");
}
END_TEST

START_TEST(a_lessons_output_is_capped_and_its_run_noted)
{
	static char	chunk[64 << 10];

	memset(chunk, 'x', sizeof chunk);
	model_select(&w, 5);
	ck_assert(model_lesson_wanted(&w, 5));
	model_lesson_started(&w, 5, 0);
	ck_assert(!model_lesson_wanted(&w, 5));
	for (int k = 0; k < 5; k++)
		model_lesson_output(&w, chunk, sizeof chunk);
	ck_assert_uint_eq(w.les[5].len, LESSON_OUT_MAX);
	ck_assert_uint_eq(w.les[5].dropped, 5 * sizeof chunk - LESSON_OUT_MAX);
	model_lesson_ended(&w, 0, false, 1500);
	ck_assert(w.les[5].have_known && w.les[5].known_ok);
	ck_assert_uint_eq(model_lessons_run(&w), 1);
	ck_assert_str_eq(w.status, "Lesson 06 ran in 1.5 s: n goes on to the next item");
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
	ck_assert(w.follow);                    /* End: a lesson's output is followed */
	model_fit_scroll(&w, 40, 0, 10);
	ck_assert_int_eq(w.scroll, 30);
	model_scroll(&w, -3);
	ck_assert(!w.follow);
	model_fit_scroll(&w, 30, 0, 10);
	ck_assert_int_eq(w.scroll, 20);
	w.scroll_to_hint = true;                /* as after 'h' */
	model_fit_scroll(&w, 30, 25, 10);
	ck_assert_int_eq(w.scroll, 16);
	ck_assert(!w.scroll_to_hint);
}
END_TEST

START_TEST(the_selection_stays_on_the_list)
{
	model_move(&w, -1);
	ck_assert_uint_eq(w.sel, 0);
	model_move(&w, 500);
	ck_assert_uint_eq(w.sel, w.nitems - 1);
	model_next(&w);
	ck_assert_str_eq(w.status, "This is the last item of the list");
	model_move(&w, -(long)w.nitems);
	model_prev(&w);
	ck_assert_str_eq(w.status, "This is the first item of the list");
	model_list_open(&w);
	ck_assert_int_eq(w.mode, MODE_LIST);
	model_list_close(&w);
	ck_assert_int_eq(w.mode, MODE_MAIN);
}
END_TEST

/* The state file keeps each kind of line apart, and a result reads back as written. */
START_TEST(the_state_file_keeps_every_line)
{
	char			 dir[] = "/tmp/check_watch.XXXXXX", *text, *cause = NULL;
	struct progress_result	 r = { .passed = false, .score = 4, .max = 11,
	    .when = 1777000000, .hash = 0x9f86d081884c7d65ull }, back;
	bool			 ok;
	time_t			 when;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(hints_set_seen(dir, &mf->ex[0], 2, &cause), 0);
	ck_assert_int_eq(progress_record(dir, &mf->ex[0], &r, &cause), 0);
	r.passed = true;
	r.score = 11;
	ck_assert_int_eq(progress_record(dir, &mf->ex[0], &r, &cause), 0);      /* replaced */
	ck_assert_int_eq(progress_record_lesson(dir, "06-balance-race", true, 5, &cause), 0);
	text = progress_read(dir);
	ck_assert_ptr_nonnull(strstr(text, "hints 01-fork-join 2\n"));
	ck_assert_ptr_nonnull(strstr(text, "result 01-fork-join passed 11/11 "
	    "2026-04-24T03:06:40Z 9f86d081884c7d65\n"));
	ck_assert_ptr_null(strstr(text, "failing"));
	ck_assert(progress_result(text, "01-fork-join", &back));
	ck_assert(back.passed && back.score == 11 && back.max == 11 && back.hash == r.hash &&
	    back.when == r.when);
	ck_assert(!progress_result(text, "02-ordered-flags", &back));
	ck_assert(progress_lesson(text, "06-balance-race", &ok, &when) && ok && when == 5);
	ck_assert_uint_eq(hints_seen(dir, &mf->ex[0]), 2);
	ck_assert(!progress_result("result 01-fork-join passed 12/11 2026-04-24T03:06:40Z "
	    "9f86d081884c7d65\n", "01-fork-join", &back));     /* more than the maximum */
	free(text);
	ck_assert_int_eq(remove_tree(dir), 0);
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
	tcase_add_test(tc, exercises_stand_after_the_lessons_they_need);
	tcase_add_test(tc, states_come_from_the_stubs_and_the_state_file_at_once);
	tcase_add_test(tc, the_selection_starts_where_the_progress_is);
	tcase_add_test(tc, the_selected_exercise_is_checked_first_once_it_rests);
	tcase_add_test(tc, a_file_changed_while_checked_is_checked_again);
	tcase_add_test(tc, a_check_that_cannot_start_is_a_result);
	tcase_add_test(tc, check_all_counts_and_stops);
	tcase_add_test(tc, search_goes_to_a_match_and_esc_comes_back);
	tcase_add_test(tc, reset_asks_only_for_an_exercise);
	tcase_add_test(tc, a_lessons_output_is_capped_and_its_run_noted);
	tcase_add_test(tc, scroll_is_kept_inside_the_details);
	tcase_add_test(tc, the_selection_stays_on_the_list);
	tcase_add_test(tc, the_state_file_keeps_every_line);
	tcase_add_test(tc, text_wraps_at_spaces_with_an_indent);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
