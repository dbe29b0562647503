/* SPDX-License-Identifier: MIT */
/*
 * check_pipeline.c: unit tests of the grader's pure parts: escaping (UTF-8, XML, CSV, TAP),
 * the harness's record, verdicts from sandbox outcomes, seeds, the manifest's validation,
 * student names, the roster (libcsv's parse, our checks and their line numbers).
 */
#include "proclab.h"
#include "sandbox-int.h"

#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *
capture(void (*fn)(FILE *, const char *), const char *in)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	fn(f, in);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

START_TEST(utf8)
{
	static const struct { const char *in; size_t len; const char *out; } c[] = {
		{ "plain ascii", 11, "plain ascii" },
		{ "a\xc3\xa7\xc3\xa3o", 7, "a\xc3\xa7\xc3\xa3o" },              /* "ação" */
		{ "\xff", 1, "\xef\xbf\xbd" },
		{ "\xc0\xaf", 2, "\xef\xbf\xbd\xef\xbf\xbd" },                  /* overlong '/' */
		{ "\xed\xa0\x80", 3, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },  /* a surrogate */
		{ "x\xe2\x82", 3, "x\xef\xbf\xbd\xef\xbf\xbd" },                /* cut short */
		{ "a\0b", 3, "ab" },
		{ "\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80" },                  /* an emoji */
		{ "\xf4\x90\x80\x80", 4, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
		/* a terminal's title, a clear screen, the clipboard (OSC 52), a bell: all visible */
		{ "\033]0;pwned\007\033[2J\033]52;c;eA==\007", 26,
		    "^[]0;pwned^G^[[2J^[]52;c;eA==^G" },
		{ "ok\rFAIL\x7f", 8, "ok^MFAIL^?" },
		{ "\xc2\x9b" "31m", 5, "\\u009b31m" },                       /* C1 CSI */
		{ "line\n\tindented", 14, "line\n\tindented" },
	};

	for (size_t i = 0; i < nitems(c); i++) {
		char *s = utf8_sanitize(c[i].in, c[i].len);

		ck_assert_msg(strcmp(s, c[i].out) == 0, "case %zu: got '%s'", i, s);
		free(s);
	}
}
END_TEST

START_TEST(xml)
{
	char	*s = capture(xml_escape, "<a href=\"x\">Tom & Jerry's</a>\n\x01\xff");

	ck_assert_str_eq(s, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;&#10;"
	    "^A\xef\xbf\xbd");
	free(s);
	s = capture(xml_escape, "]]> \xef\xbf\xbf ok");
	ck_assert_str_eq(s, "]]&gt; \xef\xbf\xbd ok");
	free(s);
}
END_TEST

START_TEST(csv)
{
	char	*s = capture(csv_field, "bob, \"jr\"");

	ck_assert_str_eq(s, "\"bob, \"\"jr\"\"\"");
	free(s);
	s = capture(csv_field, "=HYPERLINK(\"x\")");
	ck_assert_str_eq(s, "\"'=HYPERLINK(\"\"x\"\")\"");
	free(s);
	s = capture(csv_field, "");
	ck_assert_str_eq(s, "\"\"");
	free(s);
}
END_TEST

START_TEST(tap)
{
	char	*s = tap_escape("a # b\\ c\nd");

	ck_assert_str_eq(s, "a \\# b\\\\ c d");
	free(s);
}
END_TEST

START_TEST(record)
{
	struct run_record	r;

	run_record_parse("status passed\n", &r);
	ck_assert(r.has_status && r.passed);
	run_record_free(&r);
	run_record_parse("status failed\nmessage total: expected 3, got 2\nexpected 3\nactual 2\n",
	    &r);
	ck_assert(r.has_status && !r.passed);
	ck_assert_str_eq(r.message, "total: expected 3, got 2");
	ck_assert_str_eq(r.expected, "3");
	ck_assert_str_eq(r.actual, "2");
	run_record_free(&r);
	/* a failure anywhere wins, whatever the order */
	run_record_parse("status passed\nstatus failed\n", &r);
	ck_assert(r.has_status && !r.passed);
	run_record_free(&r);
	run_record_parse("status failed\nstatus passed", &r);
	ck_assert(r.has_status && !r.passed);
	run_record_free(&r);
	run_record_parse("garbage\nstatus maybe\n", &r);
	ck_assert(!r.has_status);
	run_record_free(&r);
	/* the judge's "incomplete", and a test program's own report, are no verdict */
	run_record_parse("status incomplete\n", &r);
	ck_assert(!r.has_status);
	run_record_free(&r);
	run_record_parse("test one\nreport sum 4\ndone\n", &r);
	ck_assert(!r.has_status);
	run_record_free(&r);
	run_record_parse("test one\nfailed x\n", &r);
	ck_assert(!r.has_status);
	run_record_free(&r);
	run_record_parse(NULL, &r);
	ck_assert(!r.has_status);
}
END_TEST

static enum verdict
judge(enum sandbox_outcome o, int code, const char *report, bool trunc, struct run_verdict *v)
{
	struct sandbox_result	r;
	struct sandbox_limits	l = { 2000, 5000, 256, 32, 64, 1024, 4096, 64 };

	memset(&r, 0, sizeof r);
	r.outcome = o;
	r.exit_status = code;
	r.term_signal = code;
	r.report = (char *)report;
	r.out_truncated = trunc;
	r.cause = (char *)"clone: Operation not permitted";
	verdict_from_run(&r, &l, report, v);
	return v->verdict;
}

START_TEST(verdicts)
{
	struct run_verdict	v;

	ck_assert_int_eq(judge(SANDBOX_EXITED, 0, "status passed\n", false, &v), VERDICT_PASSED);
	run_verdict_free(&v);
	ck_assert_int_eq(judge(SANDBOX_EXITED, 0, NULL, false, &v), VERDICT_WRONG_ANSWER);
	ck_assert_str_eq(v.message, "your code ended the test early (did it call exit() in the "
	    "parent?)");
	run_verdict_free(&v);
	ck_assert_int_eq(judge(SANDBOX_EXITED, 1, "status failed\nmessage n: expected 1, got 2\n"
	    "expected 1\nactual 2\n", false, &v), VERDICT_WRONG_ANSWER);
	ck_assert_str_eq(v.message, "n: expected 1, got 2");
	ck_assert_str_eq(v.expected, "1");
	ck_assert_str_eq(v.actual, "2");
	run_verdict_free(&v);
	ck_assert_int_eq(judge(SANDBOX_EXITED, 3, "status passed\n", false, &v),
	    VERDICT_WRONG_ANSWER);
	run_verdict_free(&v);
	ck_assert_int_eq(judge(SANDBOX_SIGNALED, SIGSEGV, NULL, false, &v), VERDICT_CRASHED);
	ck_assert_ptr_nonnull(strstr(v.message, "SIGSEGV"));
	run_verdict_free(&v);
	ck_assert_int_eq(judge(SANDBOX_SIGNALED, SIGABRT, NULL, false, &v), VERDICT_CRASHED);
	ck_assert_ptr_nonnull(strstr(v.message, "SIGABRT"));
	run_verdict_free(&v);
	ck_assert_int_eq(judge(SANDBOX_SIGNALED, SIGXFSZ, NULL, false, &v), VERDICT_CRASHED);
	ck_assert_ptr_nonnull(strstr(v.message, "SIGXFSZ"));
	ck_assert_ptr_nonnull(strstr(v.message, "file-size limit"));
	run_verdict_free(&v);
	ck_assert_int_eq(judge(SANDBOX_CPU_LIMIT, 0, NULL, false, &v), VERDICT_CPU_TIME_LIMIT);
	ck_assert_ptr_nonnull(strstr(v.message, "2.0 s of CPU time"));
	run_verdict_free(&v);
	ck_assert_int_eq(judge(SANDBOX_WALL_LIMIT, 0, "status passed\n", false, &v),
	    VERDICT_WALL_TIME_LIMIT);
	ck_assert_ptr_nonnull(strstr(v.message, "5.0 s of wall-clock time"));
	run_verdict_free(&v);
	ck_assert_int_eq(judge(SANDBOX_MEMORY_LIMIT, 0, NULL, false, &v), VERDICT_MEMORY_LIMIT);
	run_verdict_free(&v);
	ck_assert_int_eq(judge(SANDBOX_PROCESS_LIMIT, 0, NULL, false, &v),
	    VERDICT_TOO_MANY_PROCESSES);
	ck_assert_ptr_nonnull(strstr(v.message, "more than 32 processes"));
	run_verdict_free(&v);
	ck_assert_int_eq(judge(SANDBOX_EXITED, 0, "status passed\n", true, &v),
	    VERDICT_OUTPUT_LIMIT);
	run_verdict_free(&v);
	/* A flood that also ran out of CPU or wall time, or died of SIGPIPE, is a flood. */
	ck_assert_int_eq(judge(SANDBOX_CPU_LIMIT, 0, NULL, true, &v), VERDICT_OUTPUT_LIMIT);
	ck_assert_ptr_nonnull(strstr(v.message, "more than 4096 bytes on stdout"));
	run_verdict_free(&v);
	ck_assert_int_eq(judge(SANDBOX_WALL_LIMIT, 0, NULL, true, &v), VERDICT_OUTPUT_LIMIT);
	run_verdict_free(&v);
	ck_assert_int_eq(judge(SANDBOX_SIGNALED, SIGPIPE, NULL, true, &v), VERDICT_OUTPUT_LIMIT);
	run_verdict_free(&v);
	ck_assert_int_eq(judge(SANDBOX_INTERNAL, 0, NULL, false, &v), VERDICT_INTERNAL_ERROR);
	ck_assert_ptr_nonnull(strstr(v.message, "clone: Operation not permitted"));
	ck_assert_ptr_nonnull(strstr(v.message, "not your fault"));
	run_verdict_free(&v);
	ck_assert_str_eq(verdict_name(VERDICT_CRASHED), "crashed");
	ck_assert_str_eq(verdict_id(VERDICT_TOO_MANY_PROCESSES), "too_many_processes");
}
END_TEST

START_TEST(seeds)
{
	uint64_t	a = derive_seed(42, "many_workers", 1);

	ck_assert(a == derive_seed(42, "many_workers", 1));
	ck_assert(a != derive_seed(42, "many_workers", 2));
	ck_assert(a != derive_seed(42, "one_worker", 1));
	ck_assert(a != derive_seed(43, "many_workers", 1));
	ck_assert(a <= (uint64_t)INT64_MAX);
}
END_TEST

static char *
write_tmp(const char *text)
{
	char	*path = xstrdup("/tmp/check_pipeline.XXXXXX");
	int	 fd = mkstemp(path);

	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static const char good[] =
"{ \"format\": 1, \"defaults\": { \"limits\": { \"cpu_ms\": 1000, \"wall_ms\": 3000,"
"  \"memory_mb\": 64, \"processes\": 8, \"open_files\": 32, \"file_size_kb\": 10,"
"  \"output_bytes\": 100 }, \"hygiene_points\": 2, \"forbidden\": [\"syscall\"] },"
"  \"exercises\": ["
"  { \"number\": 2, \"name\": \"two\", \"dir\": \"02-two\", \"title\": \"Two\","
"    \"files\": [\"two.c\"], \"header\": \"two.h\", \"harness\": \"test_two.c\","
"    \"judge\": \"judge_two.c\","
"    \"limits\": { \"cpu_ms\": 5000 }, \"forbidden\": [\"ptrace\", \"_x1\"],"
"    \"tests\": [ { \"name\": \"a\", \"points\": 3, \"runs\": 10, \"race\": true } ] },"
"  { \"number\": 1, \"name\": \"one\", \"dir\": \"01-one\", \"title\": \"One\","
"    \"files\": [\"one.c\"], \"header\": \"one.h\", \"harness\": \"test_one.c\","
"    \"judge\": \"judge_one.c\","
"    \"hygiene_points\": 0, \"hints\": [\"h1\", \"h2\"],"
"    \"tests\": [ { \"name\": \"x\", \"title\": \"ex\", \"points\": 1, \"hidden\": true,"
"      \"hint\": 2 } ] } ] }";

START_TEST(manifest_ok)
{
	char		*err = NULL, *p = write_tmp(good);
	struct manifest	*mf = manifest_load(p, &err);

	ck_assert_msg(mf != NULL, "%s", err);
	ck_assert_int_eq(mf->nex, 2);
	ck_assert_str_eq(mf->ex[0].name, "one");        /* teaching order */
	ck_assert_int_eq(mf->ex[1].limits.cpu_ms, 5000);        /* override */
	ck_assert_int_eq(mf->ex[1].limits.wall_ms, 3000);       /* default merged */
	ck_assert_int_eq(mf->ex[1].hygiene_points, 2);
	ck_assert_int_eq(mf->ex[0].hygiene_points, 0);
	ck_assert_int_eq(mf->ex[1].tests[0].runs, 10);
	ck_assert(mf->ex[1].tests[0].race);
	ck_assert_str_eq(mf->ex[1].tests[0].title, "a");        /* title defaults to the name */
	ck_assert(mf->ex[0].tests[0].hidden);
	ck_assert_int_eq(mf->ex[0].nhints, 2);
	ck_assert_int_eq(mf->ex[0].tests[0].hint, 2);          /* the test's hint, 1-based */
	ck_assert_int_eq(mf->ex[1].tests[0].hint, 0);          /* none */
	ck_assert_int_eq(mf->ex[0].nforbidden, 1);      /* the defaults' */
	ck_assert_str_eq(mf->ex[0].forbidden[0], "syscall");
	ck_assert_int_eq(mf->ex[1].nforbidden, 3);      /* the defaults' and its own */
	ck_assert_str_eq(mf->ex[1].forbidden[0], "syscall");
	ck_assert_str_eq(mf->ex[1].forbidden[2], "_x1");
	ck_assert_int_eq(exercise_max_score(&mf->ex[1]), 5);
	ck_assert_ptr_eq(manifest_find(mf, "1"), &mf->ex[0]);
	ck_assert_ptr_eq(manifest_find(mf, "02"), &mf->ex[1]);
	ck_assert_ptr_eq(manifest_find(mf, "two"), &mf->ex[1]);
	ck_assert_ptr_eq(manifest_find(mf, "01-one"), &mf->ex[0]);
	ck_assert_ptr_null(manifest_find(mf, "3"));
	ck_assert_ptr_null(manifest_find(mf, "three"));
	manifest_free(mf);
	unlink(p);
	free(p);
}
END_TEST

static void
bad(const char *from, const char *to, const char *want)
{
	char		*err = NULL, *text = xstrdup(good), *at, *p, *full;
	struct manifest	*mf;

	at = strstr(text, from);
	ck_assert_msg(at != NULL, "fixture lacks %s", from);
	xasprintf(&full, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	p = write_tmp(full);
	mf = manifest_load(p, &err);
	ck_assert_msg(mf == NULL, "accepted a manifest with %s", to);
	ck_assert_msg(strstr(err, want) != NULL, "message '%s' lacks '%s'", err, want);
	ck_assert_msg(strncmp(err, p, strlen(p)) == 0, "message '%s' does not name the file", err);
	unlink(p);
	free(p);
	free(err);
	free(full);
	free(text);
}

START_TEST(manifest_bad)
{
	bad("\"number\": 1,", "\"number\": 2,", "number 2 is used twice");
	bad("\"points\": 3", "\"points\": \"3\"", "exercises[0].tests[0].points: must be a whole number");
	bad("\"runs\": 10", "\"runs\": 0", "tests[0].runs: must be a whole number from 1");
	bad("\"race\": true", "\"race\": 1", "tests[0].race: must be true or false");
	bad("[\"two.c\"]", "[\"../two.c\"]", "exercises[0].files: must be a list of plain file names");
	bad("[\"two.c\"]", "[]", "\"files\" must name at least one student file");
	bad("[\"two.c\"]", "[\"test_two.c\"]", "must not name the harness");
	bad("[\"two.c\"]", "[\"judge_two.c\"]", "must not name the harness, the judge");
	bad("\"hidden\": true", "\"hidden\": true, \"visibility\": \"visible\"",
	    "tests[0].visibility: must be \"hidden\", \"after_due_date\"");
	bad("\"hidden\": true", "\"hidden\": true, \"visibility\": \"later\"",
	    "tests[0].visibility: must be");
	bad("\"judge\": \"judge_two.c\",", "", "\"judge\" is missing");
	bad("\"cpu_ms\": 5000", "\"cpu\": 5000", "unknown limit \"cpu\"");
	bad("\"cpu_ms\": 1000", "\"cpu_ms\": -1", "defaults.limits.cpu_ms: must be");
	bad("\"format\": 1", "\"format\": 7", "format");
	bad("[\"ptrace\", \"_x1\"]", "[\"ptrace()\"]",
	    "exercises[0].forbidden: must be a list of function names");
	bad("[\"ptrace\", \"_x1\"]", "[\"9lives\"]", "forbidden: must be a list of function");
	bad("[\"ptrace\", \"_x1\"]", "[\"\"]", "forbidden: must be a list of function");
	bad("[\"syscall\"]", "\"syscall\"", "defaults.forbidden: must be a list of function");
	/* "hint": one of the exercise's hints, by its number */
	bad("\"hint\": 2", "\"hint\": 3",
	    "exercises[1].tests[0].hint: must be the number of one of the exercise's hints, "
	    "from 1 to 2");
	bad("\"hint\": 2", "\"hint\": 0", "exercises[1].tests[0].hint: must be the number");
	bad("\"hint\": 2", "\"hint\": \"2\"", "exercises[1].tests[0].hint: must be the number");
	bad("[\"h1\", \"h2\"]", "[\"h1\"]", "exercises[1].tests[0].hint: must be 1: the exercise "
	    "has 1 hint");
	bad("\"race\": true", "\"race\": true, \"hint\": 1",
	    "exercises[0].tests[0].hint: names a hint, but the exercise has no \"hints\"");
}
END_TEST

/* Which hint "Stuck?" names: the first failing test's own, else the next unread one. */
START_TEST(hint_suggestion)
{
	struct test_spec	 spec[3] = { { .name = "a" }, { .name = "b", .hint = 2 },
				     { .name = "c", .hint = 1 } };
	char			*hints[] = { "h1", "h2", "h3", NULL };
	struct exercise		 ex = { .tests = spec, .ntests = 3, .hints = hints, .nhints = 3 };
	struct case_result	 t[3] = { { .spec = &spec[0] }, { .spec = &spec[1] },
				     { .spec = &spec[2] } };
	struct exercise_result	 er = { .ex = &ex, .submitted = true, .compiled = true,
				     .tests = t, .hygiene_verdict = VERDICT_PASSED };
	const struct case_result *about;

	ck_assert_uint_eq(hint_for_result(&er, 0, &about), 0);  /* passed */
	ck_assert_ptr_null(about);
	t[0].verdict = VERDICT_WRONG_ANSWER;                    /* a test without a hint */
	ck_assert_uint_eq(hint_for_result(&er, 1, &about), 2);  /* the next unread */
	ck_assert_ptr_null(about);
	ck_assert_uint_eq(hint_for_result(&er, 3, &about), 0);  /* all read */
	t[2].verdict = VERDICT_CRASHED;
	ck_assert_uint_eq(hint_for_result(&er, 3, &about), 1);  /* c's, read or not */
	ck_assert_ptr_eq(about, &t[2]);
	t[1].verdict = VERDICT_WALL_TIME_LIMIT;
	ck_assert_uint_eq(hint_for_result(&er, 0, &about), 2);  /* the first failing: b */
	ck_assert_ptr_eq(about, &t[1]);
	spec[1].hidden = true;                                  /* a hidden test names none */
	ck_assert_uint_eq(hint_for_result(&er, 0, &about), 1);
	ck_assert_ptr_eq(about, &t[2]);
	t[2].verdict = VERDICT_INTERNAL_ERROR;                  /* not the student's failure */
	ck_assert_uint_eq(hint_for_result(&er, 0, &about), 1);
	ck_assert_ptr_null(about);
	t[2].verdict = VERDICT_WRONG_ANSWER;
	er.compiled = false;                                    /* a compile error: no test's */
	ck_assert_uint_eq(hint_for_result(&er, 0, &about), 1);
	ck_assert_ptr_null(about);
}
END_TEST

START_TEST(manifest_dup_test)
{
	char		*err = NULL, *p;
	const char	*t = "{ \"format\": 1, \"exercises\": [ { \"number\": 1, \"name\": \"n\","
	    " \"dir\": \"01-n\", \"title\": \"N\", \"files\": [\"n.c\"], \"header\": \"n.h\","
	    " \"harness\": \"test_n.c\", \"judge\": \"judge_n.c\", \"tests\": [ {\"name\": \"a\"}, {\"name\": \"a\"} ] } ] }";

	p = write_tmp(t);
	ck_assert_ptr_null(manifest_load(p, &err));
	ck_assert_ptr_nonnull(strstr(err, "test \"a\" is listed twice"));
	unlink(p);
	free(p);
	free(err);
	err = NULL;
	p = write_tmp("{ \"format\": 1, \"exercises\": [ }");
	ck_assert_ptr_null(manifest_load(p, &err));
	ck_assert_msg(strstr(err, ":1:") != NULL, "no line number in '%s'", err);
	unlink(p);
	free(p);
	free(err);
	err = NULL;
	ck_assert_ptr_null(manifest_load("/nonexistent/manifest.json", &err));
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent/manifest.json"));
}
END_TEST

START_TEST(names)
{
	static const char *const c[][2] = {
		{ "/x/alice/", "alice" }, { "bob.tar.gz", "bob" }, { "subs/carol.ZIP", "carol" },
		{ "dave.tgz", "dave" }, { "eve.tar", "eve" }, { "frank.c", "frank.c" },
		{ ".tar", ".tar" },
	};
	enum report_format f;

	for (size_t i = 0; i < nitems(c); i++) {
		char *n = submission_student_name(c[i][0]);

		ck_assert_str_eq(n, c[i][1]);
		free(n);
	}
	ck_assert(report_format_parse("gradescope", &f) && f == FORMAT_GRADESCOPE);
	ck_assert(report_format_parse("junit", &f) && f == FORMAT_JUNIT);
	ck_assert(!report_format_parse("JSON", &f));
	ck_assert(!report_format_parse("", &f));
}
END_TEST

/* Write a profile for PROG into DIR/NAME, as apparmor/proclab.in makes it. */
static void
write_profile(const char *dir, const char *name, const char *prog)
{
	char	 path[512];
	FILE	*fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fprintf(fp, "# a comment naming /not/this\nabi <abi/4.0>,\ninclude <tunables/global>\n\n"
	    "profile %s %s flags=(unconfined) {\n  userns,\n}\n", name, prog);
	fclose(fp);
}

/* The advice when AppArmor refuses the namespaces names the profile that would let this
 * program make them, or says there is none, or that it lets another program. */
START_TEST(apparmor_hint)
{
	char	 dir[] = "/tmp/proclab-apparmor.XXXXXX", buf[1024];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	sb_apparmor_hint(dir, "/usr/bin/proclab", buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "no proclab profile is in"));
	ck_assert_ptr_nonnull(strstr(buf, "sudo make apparmor"));

	write_profile(dir, "proclab", "/usr/local/bin/proclab");
	sb_apparmor_hint(dir, "/usr/bin/proclab", buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "lets /usr/local/bin/proclab make them, not this "
	    "proclab (/usr/bin/proclab)"));

	write_profile(dir, "proclab-build-tree", "/home/ana/proclab/proclab");
	sb_apparmor_hint(dir, "/home/ana/proclab/proclab", buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "proclab-build-tree lets this proclab make them but "
	    "is not loaded: sudo apparmor_parser -r "));
	sb_apparmor_hint(dir, "/usr/local/bin/proclab", buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "/proclab lets this proclab"));

	snprintf(buf, sizeof buf, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(buf), 0);
}
END_TEST

/* The crash lines the runtime writes are taken out of the output a student is shown,
 * with the blank line before each; everything else stays. */
START_TEST(crash_lines)
{
	static const char *const c[][2] = {
		{ "hello\n\nproclab-crash 11 1a2b -\n", "hello\n" },
		{ "\nproclab-crash 11 1a2b\n", "" },
		{ "a\nproclab-crash 6 - - 40\nb\n", "a\nb\n" },
		{ "proclab-crashes are not ours\n", "proclab-crashes are not ours\n" },
		{ "x proclab-crash 11 1\n", "x proclab-crash 11 1\n" },
	};
	struct exercise ex = { .files = (char *[]){ "bank.c", NULL }, .nfiles = 1 };
	struct grade_options o = { .seed = 1 };

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		char *t = xstrdup(c[i][0]);

		crash_strip(t);
		ck_assert_str_eq(t, c[i][1]);
		free(t);
	}
	/* Lines that are not the runtime's own are never looked up (no program here, and
	 * none is needed to say "no"): a bad signal, a bad offset, a line cut short. */
	ck_assert_ptr_null(crash_where("proclab-crash 99 1a\n", 20, &ex, "/nonexistent", &o));
	ck_assert_ptr_null(crash_where("proclab-crash 11 zz\n", 20, &ex, "/nonexistent", &o));
	ck_assert_ptr_null(crash_where("proclab-crash 11 1a", 19, &ex, "/nonexistent", &o));
	ck_assert_ptr_null(crash_where("proclab-crash 11 1234567890abcdef0\n", 36, &ex,
	    "/nonexistent", &o));
}
END_TEST

/* A roster as spreadsheets write one: a BOM, CRLF, quotes, a comma, a doubled quote and a
 * line break inside fields, blank rows (",,,," and empty lines), an extra column, the
 * header in another case and order, spaces around unquoted fields. */
START_TEST(roster_ok)
{
	static const char text[] = "\xef\xbb\xbf" "Name, E-Mail ,Folder,ID\r\n"
	    "\"Silva, Ana\",ana@x.br,ana,0042\r\n"
	    ",,,\r\n"
	    "\r\n"
	    "\"Bia \"\"B\"\"\nSouza\", bia@x.br ,\"Souza, Bia\",\" 0107 \"\r\n"
	    "Jo\xc3\xa3o,,=jo,9\r\n"
	    "Dash,d@x.br,-dash,";
	const struct roster_student	*s;
	struct roster			*r;
	char				*err = NULL;

	r = roster_parse("r.csv", text, sizeof text - 1, &err);
	ck_assert_msg(r != NULL, "%s", err);
	ck_assert_uint_eq(r->n, 4);
	ck_assert_uint_eq(r->len, sizeof text - 1);
	ck_assert_mem_eq(r->data, text, sizeof text - 1);
	ck_assert_str_eq(r->students[0].folder, "ana");
	ck_assert_str_eq(r->students[0].id, "0042");
	ck_assert_str_eq(r->students[0].email, "ana@x.br");
	ck_assert_uint_eq(r->students[0].line, 2);
	s = roster_find(r, "Souza, Bia");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->id, "0107");        /* a quoted ID's spaces trimmed, zeros kept */
	ck_assert_str_eq(s->email, "bia@x.br");
	ck_assert_uint_eq(s->line, 5);
	s = roster_find(r, "=jo");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->email, "");
	ck_assert_uint_eq(s->line, 7);
	ck_assert_str_eq(roster_find(r, "-dash")->id, "");
	ck_assert_ptr_null(roster_find(r, "Souza"));
	ck_assert_ptr_null(roster_find(r, "ANA"));
	roster_free(r);

	/* Excel in Portuguese: ';' between fields (a ',' inside one is then plain text) */
	r = roster_parse("r.csv", "folder;id;email\nsilva, ana;1;a@x\n", 33, &err);
	ck_assert_msg(r != NULL, "%s", err);
	ck_assert_str_eq(r->students[0].folder, "silva, ana");
	roster_free(r);
	/* old Mac line ends: lines are still counted */
	r = roster_parse("r.csv", "folder,id\ra,1\rb", 15, &err);
	ck_assert_ptr_null(r);
	ck_assert_str_eq(err, "r.csv: line 3 has 1 field but the header has 2: every row needs "
	    "a cell for each column, empty or not");
	free(err);
}
END_TEST

START_TEST(roster_bad)
{
	static const struct { const char *in; const char *want; } c[] = {
		{ "", "r.csv is empty" },
		{ "\xef\xbb\xbf\r\n,,\r\n", "r.csv is empty" },
		{ "folder,id,email\r\n", "has a header but no students" },
		{ "name,id,email\na,1,x\n", "line 1: no 'folder' column" },
		{ "a,1,x@y\n", "line 1: no 'folder' column" },
		{ "folder,name\na,A\n", "line 1: neither an 'id' nor an 'email' column" },
		{ "folder,id,ID\na,1,2\n", "line 1: two 'id' columns (2 and 3)" },
		{ "folder,id\n\"a\nb\",1\nc\n", "line 4 has 1 field but the header has 2" },
		{ "folder,id\na,1,2\n", "line 2 has 3 fields but the header has 2: a field with a "
		    "comma" },
		{ "folder,id\na,1\nb,2\na,3\n", "line 4: 'a' is already on line 2" },
		{ "folder,id\na,7\nb,07\nc,7\n", "line 4: 'c' has the ID of 'a' (line 2)" },
		{ "folder,email\na,X@y\nb,x@Y\n", "line 3: 'b' has the e-mail of 'a' (line 2)" },
		{ "folder,id\n,1\n", "line 2: the folder is empty" },
		{ "folder,id,email\na,,\n", "line 2: 'a' has neither an ID nor an e-mail" },
		{ "folder,id\na,\"1\n2\"\n", "line 2: the ID or e-mail of 'a' has a line break" },
		{ "folder,id\r\na,1\r\nb\"c,2\r\n", "line 3: a double quote out of place" },
		{ "folder,id\na,\"1\"2\n", "line 2: a double quote out of place" },
		{ "folder,id\na,1\n\"b,2\n", "line 3: a quoted field is never closed" },
		{ "folder,id\nJos\xe9,1\n", "line 2 is not UTF-8 (byte 0xE9)" },
		{ "folder,id\na\xc3,1\n", "line 2 is not UTF-8 (byte 0xC3)" },
		{ "\xff\xfe" "f\0o\0", "r.csv is UTF-16" },
	};

	for (size_t i = 0; i < nitems(c); i++) {
		char		*err = NULL;
		size_t		 len = i == nitems(c) - 1 ? 6 : strlen(c[i].in);
		struct roster	*r = roster_parse("r.csv", c[i].in, len, &err);

		ck_assert_msg(r == NULL, "case %zu: accepted", i);
		ck_assert_msg(err != NULL && strstr(err, c[i].want) != NULL,
		    "case %zu: '%s', not '%s'", i, err, c[i].want);
		free(err);
	}
}
END_TEST

START_TEST(utf8_prefix)
{
	ck_assert_uint_eq(utf8_valid("a\xc3\xa7\xc3\xa3o", 7), 7);
	ck_assert_uint_eq(utf8_valid("ab\xff", 3), 2);
	ck_assert_uint_eq(utf8_valid("ab\xe2\x82", 4), 2);      /* cut short */
	ck_assert_uint_eq(utf8_valid("\xed\xa0\x80", 3), 0);    /* a surrogate */
	ck_assert_uint_eq(utf8_valid("", 0), 0);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("pipeline");
	TCase	*tc = tcase_create("pure");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, utf8);
	tcase_add_test(tc, xml);
	tcase_add_test(tc, csv);
	tcase_add_test(tc, tap);
	tcase_add_test(tc, record);
	tcase_add_test(tc, verdicts);
	tcase_add_test(tc, seeds);
	tcase_add_test(tc, manifest_ok);
	tcase_add_test(tc, manifest_bad);
	tcase_add_test(tc, manifest_dup_test);
	tcase_add_test(tc, hint_suggestion);
	tcase_add_test(tc, names);
	tcase_add_test(tc, apparmor_hint);
	tcase_add_test(tc, crash_lines);
	tcase_add_test(tc, roster_ok);
	tcase_add_test(tc, roster_bad);
	tcase_add_test(tc, utf8_prefix);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
