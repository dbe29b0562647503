# Check unit tests of the proclab command's shared code.
check_PROGRAMS += tests/src/check_util
tests_src_check_util_SOURCES = tests/src/check_util.c
tests_src_check_util_CFLAGS = $(AM_CFLAGS) @CHECK_CFLAGS@
tests_src_check_util_LDADD = $(CORE_LIBS) @CHECK_LIBS@
TESTS += tests/src/check_util

TESTS += tests/src/cli.sh
EXTRA_DIST += tests/src/cli.sh
