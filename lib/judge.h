/* SPDX-License-Identifier: MIT */
/*
 * judge.h: what an exercise's judge uses. The judge owns the verdict of every test.
 *
 * An exercise has two programs: the test program (the student's code linked with the
 * harness, test_NAME.c, which drives it and reports what it observed, see labtest.h) and
 * the judge (judge_NAME.c with libjudge.a), which never loads the student's code. For each
 * run the grader asks the judge twice:
 *
 *	judge plan TEST SEED       prints the inputs of the run, one NAME=VALUE per line;
 *	                           the grader gives them to the test program
 *	judge decide TEST SEED     reads the test program's report on stdin and prints the
 *	                           verdict record (status passed|failed|incomplete, message,
 *	                           expected, actual)
 *	judge --list               prints the test names
 *
 * The judge validates the report before anything else: it must start with "test TEST",
 * each "report" must be one the judge declared, once, with values of its type and range,
 * and "done" must end it. Anything else (a line the student's code wrote on the report's
 * descriptor, a report for another test, a value twice) fails the test. A "failed" line
 * is taken as it is: a failure only ever costs the run it came from.
 *
 * A judge is one C file:
 *
 *	static const struct judge_report reports[] = {
 *		JUDGE_LONG("balance", LONG_MIN, LONG_MAX),
 *		JUDGE_COUNTS("counts"),
 *	};
 *	static void plan_race(struct judge *j) { judge_input_long(j, "start",
 *	    (long)judge_random_below(j, 1000)); }
 *	static void decide_race(struct judge *j) { judge_expect_long(j, "the final balance",
 *	    judge_in_long(j, "start"), judge_long(j, "balance")); }
 *	JUDGE_MAIN(reports, JUDGE_PLANNED(race))
 *
 * decide runs after plan has been run again with the same seed, so judge_in_* give the
 * same inputs. Reading a report that was not sent fails the test ("the test did not report
 * X"); the first failure wins and later checks do nothing (judge_failed says so).
 * Messages say only what was observed, in the student's terms.
 */
#ifndef PROCLAB_JUDGE_H
#define PROCLAB_JUDGE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "labtest.h"            /* struct lab_counts, the report's keywords */

enum judge_type {
	JUDGE_TYPE_LONG,        /* one whole number in [min, max] */
	JUDGE_TYPE_LONGS,       /* up to max_count whole numbers, each in [min, max] */
	JUDGE_TYPE_TEXT,        /* up to max_count bytes */
	JUDGE_TYPE_COUNTS       /* LAB_NCOUNTS numbers, each >= 0 (lab_report_counts) */
};
struct judge_report {
	const char	*name;
	enum judge_type	 type;
	long		 min, max;
	size_t		 max_count;
};
#define JUDGE_LONG(n, lo, hi)		{ (n), JUDGE_TYPE_LONG, (lo), (hi), 1 }
#define JUDGE_LONGS(n, lo, hi, count)	{ (n), JUDGE_TYPE_LONGS, (lo), (hi), (count) }
#define JUDGE_TEXT(n, bytes)		{ (n), JUDGE_TYPE_TEXT, 0, 0, (bytes) }
#define JUDGE_COUNTS(n)			{ (n), JUDGE_TYPE_COUNTS, 0, LONG_MAX, LAB_NCOUNTS }

struct judge;
struct judge_test {
	const char	*name;
	void		(*plan)(struct judge *);        /* NULL: no inputs */
	void		(*decide)(struct judge *);
};
#define JUDGE_TEST(n)		{ #n, NULL, decide_##n }
#define JUDGE_PLANNED(n)	{ #n, plan_##n, decide_##n }
#define JUDGE_MAIN(reports, ...)						\
	int main(int argc, char **argv) {					\
		static const struct judge_test judge_tests_[] = { __VA_ARGS__ }; \
		return judge_main(argc, argv, (reports),			\
		    sizeof (reports) / sizeof (reports)[0], judge_tests_,	\
		    sizeof judge_tests_ / sizeof judge_tests_[0]);		\
	}
int judge_main(int, char **, const struct judge_report *, size_t, const struct judge_test *,
    size_t);

/* Planning: seeded randomness (the same for plan and decide) and the inputs. */
uint64_t judge_random(struct judge *);
uint64_t judge_random_below(struct judge *, uint64_t n);       /* 0..n-1 */
long judge_input_long(struct judge *, const char *name, long value);   /* returns VALUE */
void judge_input_longs(struct judge *, const char *name, const long *values, size_t n);

/* Deciding: the inputs, the reports, failing. */
long judge_in_long(const struct judge *, const char *name);
const long *judge_in_longs(const struct judge *, const char *name, size_t *n);
bool judge_has(const struct judge *, const char *report);
long judge_long(struct judge *, const char *report);           /* 0 when it fails */
const long *judge_longs(struct judge *, const char *report, size_t *n);
const char *judge_text(struct judge *, const char *report);    /* "" when it fails */
struct lab_counts judge_counts(struct judge *, const char *report);
__attribute__((format(printf, 2, 3)))
void judge_fail(struct judge *, const char *fmt, ...);
__attribute__((format(printf, 4, 5)))
void judge_fail_values(struct judge *, const char *expected, const char *actual,
    const char *fmt, ...);
/* "WHAT: expected E, got A" with the values; true when they are equal. */
bool judge_expect_long(struct judge *, const char *what, long expected, long actual);
bool judge_failed(const struct judge *);

#endif
