/* SPDX-License-Identifier: MIT */
/*
 * check_trace.c: the race viewer's reading of a trace (src/trace.c), on traces written by
 * hand: a lost update is marked on the write that overwrote another's and counted, a
 * locked run has none, a deadlock's waits become its wait-for cycle (with the caller of a
 * helper), an old trace without waits still reads, and each malformed line is refused
 * with its line number.
 */
#include "trace.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RUN	"{\"type\":\"run\",\"exercise\":3,\"test\":\"race_5_and_5\",\"run\":1," \
		"\"seed\":\"7\",\"strategy\":\"random\",\"schedule\":\"ab\"," \
		"\"replay\":\"1.race_5_and_5.1.7.ab\",\"steps\":9,\"uncontrolled\":0}\n"
#define TURN(step, p, call, site) \
		"{\"type\":\"turn\",\"step\":" #step ",\"process\":" #p ",\"pid\":9," \
		"\"call\":\"" call "\",\"object\":\"0x10\",\"site\":" site "}\n"
#define WRITE(step, p, old, new, lost) \
		"{\"type\":\"write\",\"step\":" #step ",\"process\":" #p ",\"var\":\"balance\"," \
		"\"old\":" #old ",\"new\":" #new ",\"site\":\"deposit (bank.c:31)\"," \
		"\"lost_update_of\":" lost "}\n"
#define END(verdict, deadlock, waits) \
		"{\"type\":\"end\",\"verdict\":\"" verdict "\",\"message\":\"m\"," \
		"\"deadlock\":" deadlock waits "}\n"

static char *
write_trace(const char *text)
{
	char	*path = strdup("/tmp/check_trace.XXXXXX");
	int	 fd;

	ck_assert_ptr_nonnull(path);
	fd = mkstemp(path);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* TEXT read back; its first run in *TF. */
static void
read_ok(const char *text, struct trace_file *tf)
{
	char	*path = write_trace(text), *cause = NULL;
	int	 rc = trace_read(path, tf, &cause);

	unlink(path);
	free(path);
	ck_assert_msg(rc == 0, "refused: %s", cause != NULL ? cause : "?");
	ck_assert_uint_eq(tf->nruns, 1);
}

/* TEXT refused, the reason naming line LINE and holding WHY. */
static void
read_bad(const char *text, int line, const char *why)
{
	struct trace_file tf;
	char	*path = write_trace(text), *cause = NULL, at[32];
	int	 rc = trace_read(path, &tf, &cause);

	snprintf(at, sizeof at, ":%d:", line);
	unlink(path);
	free(path);
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, at) != NULL, "no line %d in '%s'", line, cause);
	ck_assert_msg(strstr(cause, why) != NULL, "no '%s' in '%s'", why, cause);
	free(cause);
}

START_TEST(a_lost_update_is_marked_and_counted)
{
	struct trace_file tf;
	struct trace_rows rows;
	const struct trace_event *lost = NULL;
	char	*s;

	/* both read 100; 1 writes 150, then 2 writes 80 over it */
	read_ok(RUN TURN(1, 1, "lock", "\"deposit (bank.c:30)\"")
	    TURN(2, 2, "lock", "\"withdraw (bank.c:40)\"")
	    WRITE(3, 1, 100, 150, "null") WRITE(4, 2, 150, 80, "1")
	    END("wrong answer", "false", ""), &tf);
	ck_assert_uint_eq(tf.runs[0].nev, 4);
	ck_assert_int_eq(tf.runs[0].nprocs, 3);
	trace_rows(&tf.runs[0], false, false, &rows);
	ck_assert_uint_eq(rows.lost, 1);
	for (size_t i = 0; i < rows.n; i++)
		if (rows.v[i].e->lost_update_of >= 0)
			lost = rows.v[i].e;
	ck_assert_ptr_nonnull(lost);
	ck_assert_int_eq(lost->process, 2);
	ck_assert_int_eq(lost->lost_update_of, 1);
	s = trace_describe(lost, false);
	ck_assert_str_eq(s, "process 2 wrote balance = 80 (it was 150), right after its call "
	    "in deposit (bank.c:31): LOST UPDATE, the write of process 1 is gone");
	free(s);
	trace_rows_free(&rows);
	trace_free(&tf);
}
END_TEST

START_TEST(a_locked_run_loses_nothing)
{
	struct trace_file tf;
	struct trace_rows rows;
	struct trace_text t;

	read_ok(RUN TURN(1, 1, "lock", "\"deposit (bank.c:30)\"") WRITE(2, 1, 100, 150, "null")
	    TURN(3, 1, "unlock", "\"deposit (bank.c:33)\"")
	    TURN(4, 2, "lock", "\"withdraw (bank.c:40)\"") WRITE(5, 2, 150, 100, "null")
	    END("passed", "false", ""), &tf);
	trace_rows(&tf.runs[0], false, false, &rows);
	ck_assert_uint_eq(rows.lost, 0);
	ck_assert_uint_eq(rows.n, 5);
	trace_deadlock(&tf.runs[0], false, &t);
	ck_assert_uint_eq(t.n, 0);      /* no deadlock, nothing drawn */
	trace_text_free(&t);
	trace_rows_free(&rows);
	trace_free(&tf);
}
END_TEST

/* Two processes, each waiting for the mutex the other holds: a cycle of two. */
START_TEST(a_deadlock_is_drawn_as_its_cycle)
{
	struct trace_file tf;
	struct trace_text t;
	bool	 one = false, two = false, back = false;

	read_ok(RUN TURN(1, 1, "lock", "\"deposit (bank.c:30)\"")
	    TURN(2, 2, "lock", "\"withdraw (bank.c:40)\"")
	    END("deadlock", "true", ",\"livelock\":false,\"waits\":["
	    "{\"process\":1,\"call\":\"lock\",\"object\":\"0x20\",\"site\":\"take (bank.c:12)\","
	    "\"caller\":\"deposit (bank.c:31)\",\"holder\":2,"
	    "\"holder_site\":\"withdraw (bank.c:40)\",\"holder_ended\":false,"
	    "\"passed_over\":false},"
	    "{\"process\":2,\"call\":\"lock\",\"object\":\"0x10\",\"site\":\"withdraw (bank.c:41)\","
	    "\"holder\":1,\"holder_site\":\"deposit (bank.c:30)\",\"holder_ended\":false,"
	    "\"passed_over\":false}]"), &tf);
	ck_assert(tf.runs[0].deadlock);
	ck_assert_uint_eq(tf.runs[0].nwaits, 2);
	trace_deadlock(&tf.runs[0], false, &t);
	ck_assert_uint_ge(t.n, 3);      /* a heading, the two of the cycle */
	for (size_t i = 0; i < t.n; i++) {
		one = one || (strstr(t.v[i], "process 1 waits in take (bank.c:12), called from "
		    "deposit (bank.c:31), for the mutex held by process 2") != NULL);
		two = two || (strstr(t.v[i], "process 2 waits in withdraw (bank.c:41) for the "
		    "mutex held by process 1") != NULL);
		back = back || (strstr(t.v[i], "back to process") != NULL);
	}
	ck_assert_msg(one && two && back, "the cycle is not drawn: %s / %s / %s", t.v[0],
	    t.v[1], t.v[2]);
	trace_text_free(&t);
	trace_free(&tf);
}
END_TEST

/* A trace from before the waits (and the callers) were written: read, no cycle drawn. */
START_TEST(an_old_trace_still_reads)
{
	struct trace_file tf;
	struct trace_text t;

	read_ok(RUN TURN(1, 1, "lock", "null") END("deadlock", "true", ""), &tf);
	ck_assert(tf.runs[0].deadlock);
	ck_assert_uint_eq(tf.runs[0].nwaits, 0);
	trace_deadlock(&tf.runs[0], false, &t);
	ck_assert_uint_eq(t.n, 0);
	trace_text_free(&t);
	trace_free(&tf);
}
END_TEST

START_TEST(malformed_lines_are_refused_with_their_number)
{
	read_bad(RUN "{not json\n" END("passed", "false", ""), 2, "not a line of a proclab trace");
	read_bad(RUN TURN(1, 99, "lock", "null") END("passed", "false", ""), 2,
	    "no such process");
	read_bad(RUN "{\"type\":\"jump\"}\n" END("passed", "false", ""), 2,
	    "an unknown type of line");
	read_bad(TURN(1, 1, "lock", "null"), 1, "an event outside a run");
	read_bad(RUN RUN, 2, "a run begins before the last one ended");
	read_bad(RUN TURN(1, 1, "lock", "null"), 2, "the last run has no end");
	read_bad(RUN END("passed", "false", ",\"waits\":[{\"process\":-3}]"), 2,
	    "no such process");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("trace");
	TCase	*tc = tcase_create("read");
	SRunner	*sr;
	int	 failed;

	setenv("LANGUAGE", "C", 1);     /* the sentences asserted are the English ones */
	tcase_add_test(tc, a_lost_update_is_marked_and_counted);
	tcase_add_test(tc, a_locked_run_loses_nothing);
	tcase_add_test(tc, a_deadlock_is_drawn_as_its_cycle);
	tcase_add_test(tc, an_old_trace_still_reads);
	tcase_add_test(tc, malformed_lines_are_refused_with_their_number);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
