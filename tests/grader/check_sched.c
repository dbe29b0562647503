/* SPDX-License-Identifier: MIT */
/*
 * check_sched: the controlled scheduler alone (grader/sched*.c with lib/lab-sched.c), on
 * tests/grader/race-child: two processes that each read a shared counter, think and write
 * it back plus one, forked one after the other by the test program, which then waits for
 * the first and then the second.
 *
 * Counted by hand: with T0..T3 the test program's turns (fork P1, fork P2, reap P1, reap
 * P2), Pi's turns r (read) and w (write), the orders allowed are those of r1 < w1 < T2,
 * T1 < T2, T1 < r2 < w2 (T0 first, T3 last): the 10 interleavings of (r1 w1) with
 * (T1 r2 w2), each with T2 in one of the gaps after both w1 and T1: 3+3+2+1+3+2+1+2+1+1 =
 * 19 schedules. An update is lost when each read comes before the other's write (r2 < w1
 * and r1 < w2): 2+1+2+1+2+1 = 9 of them. dfs must run exactly those 19, 9 of them with
 * the counter at 1, and each schedule replayed must do the same again.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "grader.h"
#include "lab-sched.h"

#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *child;

static void
setup(void)
{
	const char *b = getenv("top_builddir");

	ck_assert_msg(b != NULL, "run through make check");
	xasprintf(&child, "%s/tests/grader/race-child", b);
}

static void
teardown(void)
{
	free(child);
}

/* One run of the child's TEST under PLAN: its counter (-1: no report), the findings in F. */
static long
run_test(const char *test, const struct sched_plan *plan, struct sched_findings *f)
{
	struct sched_run	*r;
	char			*cause = NULL, buf[4096], *at;
	size_t			 len = 0;
	ssize_t			 n;
	int			 out[2], st;
	pid_t			 pid;

	r = sched_begin(plan, &cause);
	ck_assert_msg(r != NULL, "%s", cause);
	ck_assert_int_eq(pipe(out), 0);
	if ((pid = fork()) == 0) {
		dup2(out[1], STDOUT_FILENO);
		dup2(fcntl(sched_fd(r), F_DUPFD, 10), SANDBOX_SCHED_FD);
		setenv(LAB_ENV_SCHED_FD, "4", 1);
		execl(child, child, test, (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	while ((n = read(out[0], buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = '\0';
	close(out[0]);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child ended with %d", st);
	ck_assert_msg(sched_end(r, f, &cause) == 0, "%s", cause);
	at = strstr(buf, "report counter ");
	return at != NULL ? strtol(at + 15, NULL, 10) : -1;
}

static long
run(const struct sched_plan *plan, struct sched_findings *f)
{
	return run_test("two", plan, f);
}

START_TEST(dfs_runs_every_schedule_once)
{
	struct sched_plan	 plan = { .strategy = SCHED_DFS, .budget_ms = 5000 };
	char			*prefix = NULL, *seen[64];
	int			 runs = 0, lost = 0, kept = 0;

	for (;;) {
		struct sched_findings f;
		long c;

		plan.replay = prefix;
		c = run(&plan, &f);
		ck_assert_msg(c == 1 || c == 2, "counter %ld", c);
		ck_assert_msg(!f.diverged && f.uncontrolled == 0, "schedule %s", f.schedule);
		ck_assert_int_lt(runs, 64);
		for (int i = 0; i < runs; i++)
			ck_assert_msg(strcmp(seen[i], f.schedule) != 0, "%s twice", f.schedule);
		seen[runs++] = xstrdup(f.schedule);
		lost += c == 1;
		kept += c == 2;
		free(prefix);
		prefix = f.branches != NULL ? sched_dfs_next(f.schedule, f.branches) : NULL;
		sched_findings_free(&f);
		if (prefix == NULL)
			break;
	}
	ck_assert_int_eq(runs, 19);
	ck_assert_int_eq(lost, 9);
	ck_assert_int_eq(kept, 10);
	/* each schedule again: the same counter, every time */
	for (int i = 0; i < runs; i++) {
		struct sched_plan again = { .strategy = SCHED_REPLAY, .replay = seen[i],
		    .budget_ms = 5000 };
		struct sched_findings f1, f2;
		long c1 = run(&again, &f1), c2 = run(&again, &f2);

		ck_assert_int_eq(c1, c2);
		ck_assert_str_eq(f1.schedule, seen[i]);
		ck_assert_str_eq(f2.schedule, seen[i]);
		ck_assert(!f1.diverged && !f2.diverged);
		sched_findings_free(&f1);
		sched_findings_free(&f2);
		free(seen[i]);
	}
}
END_TEST

START_TEST(random_finds_the_lost_update)
{
	int lost = 0;

	for (uint64_t seed = 1; seed <= 40; seed++) {
		struct sched_plan plan = { .strategy = SCHED_RANDOM, .seed = seed,
		    .budget_ms = 5000 };
		struct sched_findings f;

		lost += run(&plan, &f) == 1;
		sched_findings_free(&f);
	}
	/* 9 of 19 schedules lose it; random choices find it far more often than never */
	ck_assert_int_gt(lost, 4);
	ck_assert_int_lt(lost, 40);
}
END_TEST

/*
 * lab_watch_locked, in every schedule (dfs): the add made after giving the lock back is
 * reported, from 0 to 1 or from 1 to 2, by a process forked by the test program (slot 1
 * or 2); an add under a mutex or a semaphore never is, nor one after a sem_post that gave
 * back nothing.
 */
START_TEST(a_change_without_the_lock_is_reported)
{
	static const char *const tests[] = { "guarded_unlocked_first", "guarded_mutex",
	    "guarded_semaphore", "guarded_after_post" };

	for (size_t t = 0; t < sizeof tests / sizeof tests[0]; t++) {
		struct sched_plan plan = { .strategy = SCHED_DFS, .budget_ms = 5000 };
		char *prefix = NULL;
		int runs = 0;

		do {
			struct sched_findings f;
			long c;

			plan.replay = prefix;
			c = run_test(tests[t], &plan, &f);
			ck_assert_msg(c == 2, "%s: counter %ld", tests[t], c);
			ck_assert_msg(f.has_unguarded == (t == 0), "%s, schedule %s: %s",
			    tests[t], f.schedule, f.has_unguarded ? "reported" : "not reported");
			if (t == 0) {
				ck_assert_str_eq(f.unguarded.name, "counter");
				ck_assert(f.unguarded.process == 1 || f.unguarded.process == 2);
				ck_assert_int_eq(f.unguarded.value, f.unguarded.old + 1);
				ck_assert(f.unguarded.old == 0 || f.unguarded.old == 1);
			}
			free(prefix);
			prefix = f.branches != NULL ? sched_dfs_next(f.schedule, f.branches) : NULL;
			sched_findings_free(&f);
			ck_assert_int_lt(++runs, 1000);
		} while (prefix != NULL);
		ck_assert_int_gt(runs, 1);
	}
}
END_TEST

static void
next_is(const char *decisions, const char *branches, const char *want)
{
	char *next = sched_dfs_next(decisions, branches);

	if (want == NULL)
		ck_assert_msg(next == NULL, "after %s (%s): %s", decisions, branches, next);
	else
		ck_assert_msg(next != NULL && strcmp(next, want) == 0, "after %s (%s): %s, "
		    "not %s", decisions, branches, next != NULL ? next : "the end", want);
	free(next);
}

START_TEST(schedules_are_checked)
{
	static const char *const bad[] = { "a0", "a1", "1", "ab!", "a99999999999" };
	static const char *const good[] = { "", "a", "ab2a", "zZ" };
	char *cause = NULL;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(!sched_schedule_valid(bad[i], &cause), "%s accepted", bad[i]);
		ck_assert_ptr_nonnull(cause);
		free(cause);
		cause = NULL;
	}
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		ck_assert_msg(sched_schedule_valid(good[i], &cause), "%s: %s", good[i], cause);
	/* the deepest choice not taken yet is the next prefix; an exhausted tree ends */
	next_is("ab", "ab/ab", "b");
	next_is("aab", "ab/ab/ab", "ab");
	next_is("acb", "ab/ac/ab", "b");
	next_is("bb", "ab/ab", NULL);
	next_is("", "", NULL);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("sched");
	TCase	*tc = tcase_create("sched");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, dfs_runs_every_schedule_once);
	tcase_add_test(tc, random_finds_the_lost_update);
	tcase_add_test(tc, schedules_are_checked);
	tcase_add_test(tc, a_change_without_the_lock_is_reported);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
