/* SPDX-License-Identifier: MIT */
/*
 * judge.c: the trusted side of an exercise (see judge.h). judge_main plans a run's inputs
 * from its seed, then validates the test program's report line by line and decides. It
 * never loads the student's code and trusts nothing in the report: every line is checked
 * against what the judge declared, and the first problem is the verdict.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "judge.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JUDGE_MSG_MAX	1024
#define JUDGE_INPUTS	32
#define JUDGE_NAME_MAX	32

struct judge_input {
	char	 name[JUDGE_NAME_MAX + 1];
	long	*values;
	size_t	 n;
};
struct judge_value {                    /* one declared report, as received */
	bool	 seen;
	long	*values;
	size_t	 n;
	char	*text;
};
struct judge {
	const struct judge_report *reports;
	size_t		 nreports;
	const struct judge_test *test;
	bool		 planning;      /* plan: print the inputs; decide: keep them quietly */
	uint64_t	 rng[4];
	struct judge_input inputs[JUDGE_INPUTS];
	size_t		 ninputs;
	struct judge_value *values;
	bool		 failed;
	char		 message[JUDGE_MSG_MAX], expected[JUDGE_MSG_MAX], actual[JUDGE_MSG_MAX];
};

__attribute__((noreturn)) static void
judge_internal(const char *what)
{
	fprintf(stderr, "judge: %s%s%s\n", what, errno != 0 ? ": " : "",
	    errno != 0 ? strerror(errno) : "");
	exit(3);
}

static void *
judge_alloc(size_t n)
{
	void *p = calloc(n == 0 ? 1 : n, 1);

	if (p == NULL)
		judge_internal("calloc");
	return p;
}

/* ---------------------------------------------------------------- randomness */

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

uint64_t
judge_random(struct judge *j)
{
	uint64_t *s = j->rng, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t
judge_random_below(struct judge *j, uint64_t n)
{
	return n == 0 ? 0 : judge_random(j) % n;
}

/* ---------------------------------------------------------------- inputs */

void
judge_input_longs(struct judge *j, const char *name, const long *values, size_t n)
{
	struct judge_input *in;

	if (j->ninputs == JUDGE_INPUTS || strlen(name) > JUDGE_NAME_MAX ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name)) {
		errno = EINVAL;
		judge_internal("judge_input (at most 32 inputs, names [a-z0-9_] of 32 bytes)");
	}
	in = &j->inputs[j->ninputs++];
	snprintf(in->name, sizeof in->name, "%s", name);
	in->values = judge_alloc(n * sizeof *values);
	memcpy(in->values, values, n * sizeof *values);
	in->n = n;
	if (!j->planning)
		return;
	printf("%s=", name);
	for (size_t i = 0; i < n; i++)
		printf(i == 0 ? "%ld" : ",%ld", values[i]);
	putchar('\n');
}

long
judge_input_long(struct judge *j, const char *name, long value)
{
	judge_input_longs(j, name, &value, 1);
	return value;
}

static const struct judge_input *
find_input(const struct judge *j, const char *name)
{
	for (size_t i = 0; i < j->ninputs; i++)
		if (strcmp(j->inputs[i].name, name) == 0)
			return &j->inputs[i];
	errno = ENOENT;
	fprintf(stderr, "judge: input %s was never planned\n", name);
	exit(3);
}

long
judge_in_long(const struct judge *j, const char *name)
{
	const struct judge_input *in = find_input(j, name);

	return in->n > 0 ? in->values[0] : 0;
}

const long *
judge_in_longs(const struct judge *j, const char *name, size_t *n)
{
	const struct judge_input *in = find_input(j, name);

	*n = in->n;
	return in->values;
}

/* ---------------------------------------------------------------- failing */

/* S with every byte that is not printable ASCII or UTF-8 text shown as \xNN. */
static void
quote(char *dst, size_t size, const char *s, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len && o + 5 < size; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x20 || ch == 0x7f || ch == '\\')
			o += (size_t)snprintf(dst + o, size - o, "\\x%02x", ch);
		else
			dst[o++] = (char)ch;
	}
	if (o + 5 >= size && o + 4 < size)
		o += (size_t)snprintf(dst + o, size - o, "...");
	dst[o] = '\0';
}

static void
vfail(struct judge *j, const char *expected, const char *actual, const char *fmt, va_list ap)
{
	char msg[JUDGE_MSG_MAX];

	if (j->failed)
		return;
	j->failed = true;
	vsnprintf(msg, sizeof msg, lab_gettext(fmt), ap);
	quote(j->message, sizeof j->message, msg, strlen(msg));
	quote(j->expected, sizeof j->expected, expected, strlen(expected));
	quote(j->actual, sizeof j->actual, actual, strlen(actual));
}

void
judge_fail(struct judge *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(j, "", "", fmt, ap);
	va_end(ap);
}

void
judge_fail_values(struct judge *j, const char *expected, const char *actual, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(j, expected, actual, fmt, ap);
	va_end(ap);
}

bool
judge_expect_long(struct judge *j, const char *what, long expected, long actual)
{
	char e[32], a[32];

	if (expected == actual)
		return true;
	snprintf(e, sizeof e, "%ld", expected);
	snprintf(a, sizeof a, "%ld", actual);
	/* TRANSLATORS: the first %s says what was measured ("the final balance") */
	judge_fail_values(j, e, a, "%s: expected %ld, got %ld", lab_gettext(what), expected,
	    actual);
	return false;
}

bool
judge_failed(const struct judge *j)
{
	return j->failed;
}

/* ---------------------------------------------------------------- reports */

static size_t
find_report(const struct judge *j, const char *name, size_t len)
{
	for (size_t i = 0; i < j->nreports; i++)
		if (strlen(j->reports[i].name) == len && strncmp(j->reports[i].name, name, len) == 0)
			return i;
	return SIZE_MAX;
}

/* The value of REPORT, or NULL (the test fails: it was never reported). */
static struct judge_value *
received(struct judge *j, const char *report, enum judge_type type)
{
	size_t i = find_report(j, report, strlen(report));

	if (i == SIZE_MAX || j->reports[i].type != type) {
		errno = EINVAL;
		fprintf(stderr, "judge: report %s is not declared with that type\n", report);
		exit(3);
	}
	if (!j->values[i].seen) {
		/* TRANSLATORS: %s names one of the test's reports (an identifier: balance) */
		judge_fail(j, "the test did not report its %s (did your code end the test's "
		    "process early?)", report);
		return NULL;
	}
	return &j->values[i];
}

bool
judge_has(const struct judge *j, const char *report)
{
	size_t i = find_report(j, report, strlen(report));

	return i != SIZE_MAX && j->values[i].seen;
}

long
judge_long(struct judge *j, const char *report)
{
	struct judge_value *v = received(j, report, JUDGE_TYPE_LONG);

	return v != NULL ? v->values[0] : 0;
}

const long *
judge_longs(struct judge *j, const char *report, size_t *n)
{
	static const long none[1];
	struct judge_value *v = received(j, report, JUDGE_TYPE_LONGS);

	*n = v != NULL ? v->n : 0;
	return v != NULL ? v->values : none;
}

const char *
judge_text(struct judge *j, const char *report)
{
	struct judge_value *v = received(j, report, JUDGE_TYPE_TEXT);

	return v != NULL ? v->text : "";
}

struct lab_counts
judge_counts(struct judge *j, const char *report)
{
	struct judge_value *v = received(j, report, JUDGE_TYPE_COUNTS);
	struct lab_counts c = { 0 };

	if (v != NULL)
		memcpy(&c, v->values, sizeof c);        /* the fields in order (labtest.h) */
	return c;
}

/* ---------------------------------------------------------------- reading the report */

struct line {
	const char	*s;             /* not NUL-terminated */
	size_t		 len, number;
};

static bool
word_is(const struct line *l, size_t *rest, const char *word)
{
	size_t n = strlen(word);

	if (l->len < n || strncmp(l->s, word, n) != 0 || (l->len > n && l->s[n] != ' '))
		return false;
	*rest = l->len > n ? n + 1 : n;
	return true;
}

/* What is wrong with a line of the report that the harness did not write. */
enum forgery {
	FORGED_NOT_A_REPORT,
	FORGED_REPEATED,
	FORGED_TOO_LONG,
	FORGED_NUL,
	FORGED_VALUES,
	FORGED_NO_NEWLINE,
	FORGED_OTHER_TEST,
	FORGED_AFTER_END,
	FORGED_AFTER_FAILURE,
	FORGED_NOT_A_LINE
};

/* One whole sentence each (the line's number, then the line quoted). */
static const char *const forgery_messages[] = {
	/* TRANSLATORS: in these messages %zu is a line number and %s the line's text; "(3)"
	 * is the number of the file descriptor the report is written on */
	[FORGED_NOT_A_REPORT] = N_("line %zu of the test's report (\"%s\") is not a report "
	    "this exercise's tests make: the test's harness never writes that, so something "
	    "else wrote on its report descriptor (3); the test fails"),
	[FORGED_REPEATED] = N_("line %zu of the test's report (\"%s\") repeats a report "
	    "already made: the test's harness never writes that, so something else wrote on "
	    "its report descriptor (3); the test fails"),
	[FORGED_TOO_LONG] = N_("line %zu of the test's report (\"%s\") is longer than that "
	    "report can be: the test's harness never writes that, so something else wrote on "
	    "its report descriptor (3); the test fails"),
	[FORGED_NUL] = N_("line %zu of the test's report (\"%s\") holds a NUL byte: the test's "
	    "harness never writes that, so something else wrote on its report descriptor (3); "
	    "the test fails"),
	[FORGED_VALUES] = N_("line %zu of the test's report (\"%s\") does not hold values of "
	    "that report's type and range: the test's harness never writes that, so something "
	    "else wrote on its report descriptor (3); the test fails"),
	[FORGED_NO_NEWLINE] = N_("line %zu of the test's report (\"%s\") does not end with a "
	    "newline: the test's harness never writes that, so something else wrote on its "
	    "report descriptor (3); the test fails"),
	[FORGED_OTHER_TEST] = N_("line %zu of the test's report (\"%s\") should name this "
	    "test: the test's harness never writes that, so something else wrote on its "
	    "report descriptor (3); the test fails"),
	[FORGED_AFTER_END] = N_("line %zu of the test's report (\"%s\") comes after the end of "
	    "the report: the test's harness never writes that, so something else wrote on its "
	    "report descriptor (3); the test fails"),
	[FORGED_AFTER_FAILURE] = N_("line %zu of the test's report (\"%s\") comes after the "
	    "test's failure: the test's harness never writes that, so something else wrote on "
	    "its report descriptor (3); the test fails"),
	[FORGED_NOT_A_LINE] = N_("line %zu of the test's report (\"%s\") is not a line of the "
	    "report: the test's harness never writes that, so something else wrote on its "
	    "report descriptor (3); the test fails"),
};

/* Fails the test with line L quoted: something other than the harness wrote it. */
static void
forged(struct judge *j, const struct line *l, enum forgery why)
{
	char q[128];

	quote(q, sizeof q, l->s, l->len < 80 ? l->len : 80);
	judge_fail(j, forgery_messages[why], l->number, q);
}

static bool
parse_values(const char *s, size_t len, const struct judge_report *r, struct judge_value *v)
{
	char buf[32];
	size_t i = 0;

	v->values = judge_alloc((r->max_count + 1) * sizeof *v->values);
	while (i < len) {
		size_t k = 0;
		char *end;

		while (i < len && s[i] != ' ' && k + 1 < sizeof buf)
			buf[k++] = s[i++];
		buf[k] = '\0';
		if (k == 0 || (i < len && s[i] != ' ') || v->n == r->max_count)
			return false;
		errno = 0;
		v->values[v->n] = strtol(buf, &end, 10);
		if (*end != '\0' || errno != 0 || v->values[v->n] < r->min ||
		    v->values[v->n] > r->max)
			return false;
		v->n++;
		if (i < len && ++i == len)
			return false;   /* a trailing space */
	}
	return r->type != JUDGE_TYPE_LONG ? (r->type != JUDGE_TYPE_COUNTS || v->n == LAB_NCOUNTS) :
	    v->n == 1;
}

/* "report NAME VALUE..." (REST: where NAME starts). */
static void
take_report(struct judge *j, const struct line *l, size_t rest)
{
	const char *name = l->s + rest, *sp = memchr(name, ' ', l->len - rest);
	size_t nlen = sp != NULL ? (size_t)(sp - name) : l->len - rest, i;
	const char *body = name + nlen + (sp != NULL);
	size_t blen = l->len - rest - nlen - (sp != NULL);
	const struct judge_report *r;
	struct judge_value *v;

	if ((i = find_report(j, name, nlen)) == SIZE_MAX)
		return forged(j, l, FORGED_NOT_A_REPORT);
	r = &j->reports[i];
	v = &j->values[i];
	if (v->seen)
		return forged(j, l, FORGED_REPEATED);
	v->seen = true;
	if (r->type == JUDGE_TYPE_TEXT) {
		if (blen > r->max_count)
			return forged(j, l, FORGED_TOO_LONG);
		v->text = judge_alloc(blen + 1);
		memcpy(v->text, body, blen);
		if (memchr(v->text, '\0', blen) != NULL)
			return forged(j, l, FORGED_NUL);
		return;
	}
	if (!parse_values(body, blen, r, v))
		forged(j, l, FORGED_VALUES);
}

/* Validates REPORT (LEN bytes) for test NAME; false when the run ended before "done". */
static bool
read_report(struct judge *j, const char *report, size_t len)
{
	bool subject_failed = false, done = false;
	size_t rest, pos = 0;
	struct line l = { .number = 0 };
	char *got_expected = NULL, *got_actual = NULL;

	for (; pos < len && !j->failed; pos += l.len + 1) {
		const char *nl = memchr(report + pos, '\n', len - pos);

		l.s = report + pos;
		l.len = nl != NULL ? (size_t)(nl - l.s) : len - pos;
		l.number++;
		if (nl == NULL) {
			forged(j, &l, FORGED_NO_NEWLINE);
		} else if (l.number == 1) {
			if (!word_is(&l, &rest, LAB_REPORT_TEST) || l.len - rest !=
			    strlen(j->test->name) || strncmp(l.s + rest, j->test->name,
			    l.len - rest) != 0)
				forged(j, &l, FORGED_OTHER_TEST);
		} else if (done) {
			forged(j, &l, FORGED_AFTER_END);
		} else if (subject_failed && word_is(&l, &rest, LAB_REPORT_EXPECTED) &&
		    got_expected == NULL) {
			got_expected = strndup(l.s + rest, l.len - rest);
		} else if (subject_failed && word_is(&l, &rest, LAB_REPORT_ACTUAL) &&
		    got_actual == NULL) {
			got_actual = strndup(l.s + rest, l.len - rest);
		} else if (subject_failed) {
			forged(j, &l, FORGED_AFTER_FAILURE);
		} else if (word_is(&l, &rest, LAB_REPORT_VALUE)) {
			take_report(j, &l, rest);
		} else if (word_is(&l, &rest, LAB_REPORT_FAILED)) {
			char msg[JUDGE_MSG_MAX];

			subject_failed = true;
			quote(msg, sizeof msg, l.s + rest, l.len - rest);
			snprintf(j->message, sizeof j->message, "%s", msg);
		} else if (l.len == strlen(LAB_REPORT_DONE) && word_is(&l, &rest, LAB_REPORT_DONE)) {
			done = true;
		} else {
			forged(j, &l, FORGED_NOT_A_LINE);
		}
	}
	if (subject_failed && !j->failed) {
		j->failed = true;
		quote(j->expected, sizeof j->expected, got_expected ? got_expected : "",
		    got_expected ? strlen(got_expected) : 0);
		quote(j->actual, sizeof j->actual, got_actual ? got_actual : "",
		    got_actual ? strlen(got_actual) : 0);
	}
	free(got_expected);
	free(got_actual);
	return done || j->failed;
}

/* ---------------------------------------------------------------- main */

static void
print_verdict(const struct judge *j, bool complete)
{
	if (!complete) {
		printf("%s %s\n", LAB_KEY_STATUS, LAB_STATUS_INCOMPLETE);
		return;
	}
	printf("%s %s\n", LAB_KEY_STATUS, j->failed ? LAB_STATUS_FAILED : LAB_STATUS_PASSED);
	if (!j->failed)
		return;
	printf("%s %s\n", LAB_KEY_MESSAGE, j->message[0] != '\0' ? j->message :
	    _("the test failed"));
	if (j->expected[0] != '\0')
		printf("%s %s\n", LAB_KEY_EXPECTED, j->expected);
	if (j->actual[0] != '\0')
		printf("%s %s\n", LAB_KEY_ACTUAL, j->actual);
}

static char *
read_stdin(size_t *len)
{
	char *buf = judge_alloc(LAB_REPORT_MAX + 2);
	size_t n;

	n = fread(buf, 1, LAB_REPORT_MAX + 1, stdin);
	if (ferror(stdin))
		judge_internal("reading the report");
	*len = n;
	return buf;
}

static int
usage(const char *prog, FILE *f)
{
	fprintf(f, "usage: %s plan TEST SEED | decide TEST SEED < REPORT | --list\n"
	    "plan prints the test's inputs (NAME=VALUE lines); decide reads the test program's\n"
	    "report and prints the verdict record.\n"
	    "Exit status: 0 verdict or plan printed, 2 usage, 3 internal error\n", prog);
	return f == stdout ? 0 : 2;
}

int
judge_main(int argc, char **argv, const struct judge_report *reports, size_t nreports,
    const struct judge_test *tests, size_t ntests)
{
	struct judge j = { .reports = reports, .nreports = nreports };
	const char *prog = argc > 0 ? argv[0] : "judge";
	uint64_t seed, x;
	char *end, *report;
	size_t len;
	bool complete;

	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (size_t i = 0; i < ntests; i++)
			printf("%s\n", tests[i].name);
		return fflush(stdout) == 0 ? 0 : 3;
	}
	if (argc == 2 && strcmp(argv[1], "--help") == 0)
		return usage(prog, stdout);
	if (argc != 4 || (strcmp(argv[1], "plan") != 0 && strcmp(argv[1], "decide") != 0))
		return usage(prog, stderr);
	for (size_t i = 0; i < ntests && j.test == NULL; i++)
		if (strcmp(tests[i].name, argv[2]) == 0)
			j.test = &tests[i];
	errno = 0;
	seed = strtoull(argv[3], &end, 10);
	if (j.test == NULL || errno != 0 || end == argv[3] || *end != '\0') {
		fprintf(stderr, "%s: %s\n", prog, j.test == NULL ? "no such test (--list shows "
		    "them)" : "the seed is not a whole number");
		return 2;
	}
	x = seed;
	for (int i = 0; i < 4; i++)
		j.rng[i] = splitmix64(&x);
	j.planning = strcmp(argv[1], "plan") == 0;
	if (j.test->plan != NULL)
		j.test->plan(&j);
	if (j.planning)
		return fflush(stdout) == 0 ? 0 : 3;
	j.values = judge_alloc(nreports * sizeof *j.values);
	report = read_stdin(&len);
	if (len > LAB_REPORT_MAX) {
		/* TRANSLATORS: %d is a number of bytes; "(3)" the report's file descriptor */
		judge_fail(&j, "the test's report was longer than %d bytes: something other than "
		    "the harness wrote on its report descriptor (3)", LAB_REPORT_MAX);
		complete = true;
	} else
		complete = read_report(&j, report, len);
	if (complete && !j.failed)
		j.test->decide(&j);
	print_verdict(&j, complete);
	free(report);
	return fflush(stdout) == 0 ? 0 : 3;
}
