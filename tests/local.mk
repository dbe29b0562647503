# SPDX-License-Identifier: MIT
# Test suite: Check unit tests (tests/src, tests/lib) and shell integration tests.
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; top_builddir='$(abs_top_builddir)'; \
	PROCLAB='$(abs_top_builddir)/proclab'; LESSONS='$(abs_top_builddir)/lessons'; \
	PYTHON3='$(PYTHON3)'; CC='$(CC)'; \
	PROCLAB_RFC_DIR="$${PROCLAB_RFC_DIR-$(abs_top_srcdir)/../shared/data/rfc}"; \
	export top_srcdir top_builddir PROCLAB LESSONS PYTHON3 CC PROCLAB_RFC_DIR; \
	unset LANGUAGE LC_MESSAGES; LC_ALL=C.UTF-8; export LC_ALL;

EXTRA_DIST += tests/lib.sh

include tests/src/local.mk
include tests/lib/local.mk
include tests/lessons.mk
include tests/grader/sandbox/local.mk
include tests/grader/pipeline.mk
include tests/exercises.mk
include tests/src/watch.mk
include tests/po.mk
