# SPDX-License-Identifier: MIT
# Check unit tests of the exercise runtime, linked like an exercise (LAB_WRAP_LINK), and of
# the judges' library, linked like a judge.
# (owned by the runtime; see doc/HACKING.md)
if ENABLE_TESTS
check_PROGRAMS += \
	tests/lib/check_judge \
	tests/lib/check_lab
tests_lib_check_judge_SOURCES = tests/lib/check_judge.c
tests_lib_check_judge_CFLAGS = $(AM_CFLAGS) @CHECK_CFLAGS@
tests_lib_check_judge_LDADD = lib/libjudge.a @CHECK_LIBS@
tests_lib_check_lab_SOURCES = tests/lib/check_lab.c
tests_lib_check_lab_CFLAGS = $(AM_CFLAGS) @CHECK_CFLAGS@
tests_lib_check_lab_LDFLAGS = $(AM_LDFLAGS) $(LAB_WRAP_LINK)
tests_lib_check_lab_LDADD = lib/libproclab.a @CHECK_LIBS@
tests_lib_check_lab_DEPENDENCIES = lib/libproclab.a lib/lab-wrap.flags
TESTS += \
	tests/lib/check_judge \
	tests/lib/check_lab
endif ENABLE_TESTS
