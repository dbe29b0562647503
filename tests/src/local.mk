# SPDX-License-Identifier: MIT
# Check unit tests of the proclab command's shared code (not built with --disable-tests).
if ENABLE_TESTS
check_PROGRAMS += tests/src/check_util
tests_src_check_util_SOURCES = tests/src/check_util.c
tests_src_check_util_CFLAGS = $(AM_CFLAGS) @CHECK_CFLAGS@
tests_src_check_util_LDADD = $(CORE_LIBS) @CHECK_LIBS@
TESTS += tests/src/check_util

check_PROGRAMS += tests/src/check_trace
tests_src_check_trace_SOURCES = tests/src/check_trace.c
tests_src_check_trace_CFLAGS = $(AM_CFLAGS) @CHECK_CFLAGS@
tests_src_check_trace_LDADD = $(CORE_LIBS) @CHECK_LIBS@
TESTS += tests/src/check_trace

check_PROGRAMS += tests/src/check_watch
tests_src_check_watch_SOURCES = tests/src/check_watch.c
tests_src_check_watch_CFLAGS = $(AM_CFLAGS) @CHECK_CFLAGS@
tests_src_check_watch_LDADD = $(CORE_LIBS) @CHECK_LIBS@
TESTS += tests/src/check_watch
endif ENABLE_TESTS

CLI_TESTS = \
	tests/src/cli.sh \
	tests/src/completion.sh \
	tests/src/conventions.sh \
	tests/src/init-language.sh \
	tests/src/man.sh \
	tests/src/man-cards.sh \
	tests/src/relocate.sh \
	tests/src/run.sh
TESTS += $(CLI_TESTS)
EXTRA_DIST += $(CLI_TESTS)
# The page the man test reads.
tests/src/man.log: doc/proclab.1

# make installcheck (and so make distcheck): the installed proclab finds its lessons and cards,
# makes a working copy, and grades a solution in it; in Portuguese, the copy's tasks are the
# installed translations, and so is its stub (when the catalog is installed and C.UTF-8
# exists).
installcheck-local:
	$(DESTDIR)$(bindir)/proclab list >/dev/null
	$(DESTDIR)$(bindir)/proclab lesson 4 --quick | grep -q 'funcao1 é: 120'
	$(DESTDIR)$(bindir)/proclab man pthread_cond_wait | grep -q '^cond: '
	d=$$(mktemp -d) && \
	$(DESTDIR)$(bindir)/proclab init "$$d/work" >/dev/null && \
	cp $(srcdir)/solutions/03-bank-balance/bank.c "$$d/work/03-bank-balance/" && \
	(cd "$$d/work" && $(DESTDIR)$(bindir)/proclab check 3 >"$$d/out" 2>&1); st=$$?; \
	grep -q '^score 11/11' "$$d/out" || { cat "$$d/out"; st=1; }; \
	rm -rf "$$d"; test $$st -eq 0
	if test -f "$(DESTDIR)$(localedir)/pt_BR/LC_MESSAGES/$(PACKAGE).mo" && \
	    locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then \
	  d=$$(mktemp -d) && \
	  LANGUAGE=pt_BR LC_ALL=C.UTF-8 $(DESTDIR)$(bindir)/proclab init "$$d/work" >/dev/null && \
	  grep -q '^# Exercício 03' "$$d/work/03-bank-balance/README.md" && \
	  cmp -s $(srcdir)/exercises/03-bank-balance/README.md \
	      "$$d/work/03-bank-balance/README.en.md" && \
	  cmp -s $(srcdir)/exercises/03-bank-balance/pt_BR/bank.c \
	      "$$d/work/03-bank-balance/bank.c"; st=$$?; \
	  rm -rf "$$d"; test $$st -eq 0; \
	else echo "installcheck: no pt_BR catalog or no C.UTF-8: the Portuguese tasks not checked"; fi
