# SPDX-License-Identifier: MIT
# The grader pipeline: manifest, compile, verdicts, reports, check/hint/init/grade.
# The shell tests grade a tiny exercise of their own (tests/grader/fixture.sh), so they do not
# depend on the lab's exercises; tests/exercises/*.sh grade those.
PIPELINE_TESTS = \
	tests/grader/attacks.sh \
	tests/grader/batch-grade.sh \
	tests/grader/batch-resume.sh \
	tests/grader/batch-roster.sh \
	tests/grader/batch-shards.sh \
	tests/grader/blocked-namespaces.sh \
	tests/grader/check-archive-limit.sh \
	tests/grader/check-cli.sh \
	tests/grader/check-hint-init.sh \
	tests/grader/check-sanitize.sh \
	tests/grader/check-verdicts.sh \
	tests/grader/compile-sandbox.sh \
	tests/grader/format-gradescope.sh \
	tests/grader/format-json.sh \
	tests/grader/format-junit.sh \
	tests/grader/format-platforms.sh \
	tests/grader/format-tap.sh \
	tests/grader/judge-forgery.sh \
	tests/grader/scaling-recipes.sh \
	tests/grader/sched.sh \
	tests/grader/trace-deadlock.sh \
	tests/grader/trace.sh
TESTS += $(PIPELINE_TESTS)
EXTRA_DIST += $(PIPELINE_TESTS) tests/grader/fixture.sh tests/exercises/run-exercise.sh

# Check unit tests: escaping, verdicts, the manifest's validation.
if ENABLE_TESTS
check_PROGRAMS += tests/grader/check_pipeline
tests_grader_check_pipeline_SOURCES = tests/grader/check_pipeline.c
tests_grader_check_pipeline_CFLAGS = $(AM_CFLAGS) @CHECK_CFLAGS@ $(JANSSON_CFLAGS)
tests_grader_check_pipeline_LDADD = $(GRADER_LIBS) @CHECK_LIBS@
TESTS += tests/grader/check_pipeline

# The grader library alone, as an instructor's tool links it: nothing of src/, no curses.
check_PROGRAMS += tests/grader/check_libgrader
tests_grader_check_libgrader_SOURCES = tests/grader/check_libgrader.c
tests_grader_check_libgrader_CPPFLAGS = -I$(top_srcdir)/grader
tests_grader_check_libgrader_CFLAGS = $(AM_CFLAGS) @CHECK_CFLAGS@
tests_grader_check_libgrader_LDADD = $(GRADER_LIBS) @CHECK_LIBS@
TESTS += tests/grader/check_libgrader

# The controlled scheduler alone, on the smallest race (race-child, linked like an exercise).
check_PROGRAMS += tests/grader/check_sched tests/grader/race-child
tests_grader_check_sched_SOURCES = tests/grader/check_sched.c
tests_grader_check_sched_CPPFLAGS = -I$(top_srcdir)/grader -I$(top_srcdir)/lib
tests_grader_check_sched_CFLAGS = $(AM_CFLAGS) @CHECK_CFLAGS@
tests_grader_check_sched_LDADD = $(GRADER_LIBS) @CHECK_LIBS@
tests_grader_race_child_SOURCES = tests/grader/race-child.c
tests_grader_race_child_LDFLAGS = $(AM_LDFLAGS) $(LAB_WRAP_LINK)
tests_grader_race_child_LDADD = lib/libproclab.a
tests_grader_race_child_DEPENDENCIES = lib/libproclab.a lib/lab-wrap.flags
TESTS += tests/grader/check_sched
endif ENABLE_TESTS
