/* SPDX-License-Identifier: MIT */
/*
 * check_judge.c: the judge library (lib/judge.c) on reports written by hand, as a forger
 * would write them: judge_main runs in a child with the report on its stdin, and the
 * verdict record it prints is what is checked. A test with one input ("a", chosen from the
 * seed) and one report ("sum", 0..1000) that must be a + 1.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "judge.h"

static const struct judge_report reports[] = {
	JUDGE_LONG("sum", 0, 1000),
	JUDGE_COUNTS("counts"),
};

static void
plan_one(struct judge *j)
{
	judge_input_long(j, "a", 10 + (long)judge_random_below(j, 90));
}

static void
decide_one(struct judge *j)
{
	judge_expect_long(j, "sum", judge_in_long(j, "a") + 1, judge_long(j, "sum"));
}

static const struct judge_test tests[] = { JUDGE_PLANNED(one) };

/* judge ARGV... with INPUT on stdin: its stdout into OUT, its exit status returned. */
static int
run(const char *input, char *out, size_t size, char *const *argv)
{
	int in = memfd_create("in", 0), o = memfd_create("out", 0), status;
	pid_t pid;
	ssize_t n;

	ck_assert(in != -1 && o != -1);
	ck_assert_int_eq(write(in, input, strlen(input)), (ssize_t)strlen(input));
	lseek(in, 0, SEEK_SET);
	if ((pid = fork()) == 0) {
		int argc = 0;

		while (argv[argc] != NULL)
			argc++;
		dup2(in, 0);
		dup2(o, 1);
		_exit(judge_main(argc, (char **)argv, reports, 2, tests, 1));
	}
	ck_assert(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
	n = pread(o, out, size - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	close(in);
	close(o);
	return WEXITSTATUS(status);
}

/* The verdict for REPORT, test "one", seed 7. */
static const char *
decide(const char *report)
{
	static char out[4096];
	char *argv[] = { "judge", "decide", "one", "7", NULL };

	ck_assert_int_eq(run(report, out, sizeof out, argv), 0);
	return out;
}

/* The sum the judge expects for seed 7, from its own plan. */
static long
expected_sum(void)
{
	char out[256], *argv[] = { "judge", "plan", "one", "7", NULL };
	long a;

	ck_assert_int_eq(run("", out, sizeof out, argv), 0);
	ck_assert_int_eq(sscanf(out, "a=%ld", &a), 1);
	return a + 1;
}

static char *
report(const char *fmt, long v)
{
	static char buf[512];

	snprintf(buf, sizeof buf, fmt, v);
	return buf;
}

START_TEST(the_plan_is_the_seed_s)
{
	char a[64], b[64], *p7[] = { "judge", "plan", "one", "7", NULL };
	char *p8[] = { "judge", "plan", "one", "8", NULL };

	ck_assert_int_eq(run("", a, sizeof a, p7), 0);
	ck_assert_int_eq(run("", b, sizeof b, p7), 0);
	ck_assert_str_eq(a, b);
	ck_assert_int_eq(run("", b, sizeof b, p8), 0);
	ck_assert_str_ne(a, b);
}
END_TEST

START_TEST(a_right_report_passes_a_wrong_one_fails_with_values)
{
	long s = expected_sum();

	ck_assert_str_eq(decide(report("test one\nreport sum %ld\ndone\n", s)), "status passed\n");
	ck_assert_ptr_nonnull(strstr(decide(report("test one\nreport sum %ld\ndone\n", s + 1)),
	    "status failed\nmessage sum: expected"));
	ck_assert_ptr_nonnull(strstr(decide(report("test one\nreport sum %ld\ndone\n", s + 1)),
	    "\nactual "));
}
END_TEST

START_TEST(what_a_harness_never_writes_fails)
{
	long s = expected_sum();
	const char *forged[] = {
		"test two\nreport sum %ld\ndone\n",                /* another test */
		"test one\nreport sum %ld\nreport sum 1\ndone\n",  /* twice */
		"test one\nreport sum %ld\ndone\nreport sum 1\n",  /* after the end */
		"test one\nreport sum %ld\nstatus passed\ndone\n", /* the old record */
		"test one\nreport total %ld\ndone\n",              /* undeclared */
		"test one\nreport sum %ld0000\ndone\n",            /* out of range */
		"test one\nreport sum %ld x\ndone\n",              /* not a number */
		"test one\nreport counts %ld 2 3\ndone\n",         /* 3 of 13 counts */
		"test one\nreport sum %ld\ndone",                  /* no newline */
		"test one\nreport sum %ld\ndone \n",               /* 'done ' */
	};

	for (size_t i = 0; i < sizeof forged / sizeof forged[0]; i++) {
		const char *v = decide(report(forged[i], s));

		ck_assert_msg(strncmp(v, "status failed\n", 14) == 0, "case %zu: %s", i, v);
	}
}
END_TEST

START_TEST(a_run_that_ended_early_is_incomplete_and_a_harness_failure_stands)
{
	long s = expected_sum();
	const char *v;

	ck_assert_str_eq(decide(""), "status incomplete\n");
	ck_assert_str_eq(decide(report("test one\nreport sum %ld\n", s)), "status incomplete\n");
	v = decide("test one\nfailed the lock is not shared\nexpected 1\nactual 0\n");
	ck_assert_str_eq(v, "status failed\nmessage the lock is not shared\nexpected 1\nactual 0\n");
	/* a report the test did not send is named */
	ck_assert_ptr_nonnull(strstr(decide("test one\ndone\n"), "did not report its sum"));
}
END_TEST

START_TEST(control_characters_never_reach_the_verdict)
{
	const char *v = decide("test one\nfailed \033]0;pwned\007 x\n");

	ck_assert_ptr_null(strchr(v, '\033'));
	ck_assert_ptr_null(strchr(v, '\007'));
	ck_assert_ptr_nonnull(strstr(v, "\\x1b"));
}
END_TEST

START_TEST(usage)
{
	char out[256], *bad[] = { "judge", "decide", "nope", "7", NULL };
	char *noseed[] = { "judge", "plan", "one", "x", NULL }, *list[] = { "judge", "--list", NULL };

	ck_assert_int_eq(run("", out, sizeof out, bad), 2);
	ck_assert_int_eq(run("", out, sizeof out, noseed), 2);
	ck_assert_int_eq(run("", out, sizeof out, list), 0);
	ck_assert_str_eq(out, "one\n");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("judge");
	TCase	*tc = tcase_create("judge");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, the_plan_is_the_seed_s);
	tcase_add_test(tc, a_right_report_passes_a_wrong_one_fails_with_values);
	tcase_add_test(tc, what_a_harness_never_writes_fails);
	tcase_add_test(tc, a_run_that_ended_early_is_incomplete_and_a_harness_failure_stands);
	tcase_add_test(tc, control_characters_never_reach_the_verdict);
	tcase_add_test(tc, usage);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
