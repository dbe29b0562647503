/* SPDX-License-Identifier: MIT */
/* check_util.c: unit tests of the proclab command's shared code (util.c, lessons.c). */
#include "proclab.h"

#include <check.h>
#include <limits.h>
#include <stdlib.h>

START_TEST(parse_long_accepts_whole_numbers_in_range)
{
	long	v = -1;

	ck_assert(parse_long("0", 0, 10, &v));
	ck_assert_int_eq(v, 0);
	ck_assert(parse_long("10", 0, 10, &v));
	ck_assert_int_eq(v, 10);
	ck_assert(parse_long("-5", -5, 5, &v));
	ck_assert_int_eq(v, -5);
}
END_TEST

START_TEST(parse_long_rejects_junk_range_and_overflow)
{
	long	v = 42;

	ck_assert(!parse_long("", 0, 10, &v));
	ck_assert(!parse_long(NULL, 0, 10, &v));
	ck_assert(!parse_long("11", 0, 10, &v));
	ck_assert(!parse_long("-1", 0, 10, &v));
	ck_assert(!parse_long("3x", 0, 10, &v));
	ck_assert(!parse_long(" 3", 0, 10, &v));
	ck_assert(!parse_long("+3", 0, 10, &v));
	ck_assert(!parse_long("99999999999999999999999", 0, LONG_MAX, &v));
	ck_assert_int_eq(v, 42);        /* untouched on failure */
}
END_TEST

START_TEST(parse_u64_full_range)
{
	uint64_t	v = 0;

	ck_assert(parse_u64("18446744073709551615", &v));
	ck_assert(v == UINT64_MAX);
	ck_assert(!parse_u64("18446744073709551616", &v));
	ck_assert(!parse_u64("-1", &v));
	ck_assert(!parse_u64("1e3", &v));
	ck_assert(!parse_u64("", &v));
}
END_TEST

START_TEST(lesson_find_by_number_padded_number_and_name)
{
	ck_assert_ptr_eq(lesson_find("6"), &lessons[5]);
	ck_assert_ptr_eq(lesson_find("06"), &lessons[5]);
	ck_assert_ptr_eq(lesson_find("balance-race"), &lessons[5]);
	ck_assert_ptr_eq(lesson_find("06-balance-race"), &lessons[5]);
	ck_assert_ptr_eq(lesson_find("16"), &lessons[15]);
	ck_assert_ptr_null(lesson_find("0"));
	ck_assert_ptr_eq(lesson_find("17-costs"), &lessons[16]);
	ck_assert_ptr_null(lesson_find("18"));
	ck_assert_ptr_null(lesson_find("balance"));
	ck_assert_ptr_null(lesson_find(""));
}
END_TEST

START_TEST(lesson_catalog_is_numbered_in_order)
{
	size_t	i;

	ck_assert_uint_eq(nlessons, 17);
	for (i = 0; i < nlessons; i++)
		ck_assert_int_eq(lessons[i].number, (int)i + 1);
}
END_TEST

START_TEST(help_rejects_unknown_topic_with_status_2)
{
	help_show("no-such-topic", stdout);
}
END_TEST

static Suite *
util_suite(void)
{
	Suite	*s = suite_create("util");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, parse_long_accepts_whole_numbers_in_range);
	tcase_add_test(tc, parse_long_rejects_junk_range_and_overflow);
	tcase_add_test(tc, parse_u64_full_range);
	tcase_add_test(tc, lesson_find_by_number_padded_number_and_name);
	tcase_add_test(tc, lesson_catalog_is_numbered_in_order);
	tcase_add_exit_test(tc, help_rejects_unknown_topic_with_status_2, EXIT_USAGE);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(util_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
