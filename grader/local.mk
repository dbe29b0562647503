# SPDX-License-Identifier: MIT
# The grader library: what the proclab command and an instructor's own tools link; it
# needs nothing of src/ (no curses, no command).
noinst_LIBRARIES += grader/libgrader.a
grader_libgrader_a_CPPFLAGS = $(AM_CPPFLAGS) \
	-DPROCLAB_CC='"$(CC)"' \
	$(JANSSON_CFLAGS) $(LIBARCHIVE_CFLAGS) $(LIBELF_CFLAGS) $(LIBSECCOMP_CFLAGS) \
	$(LIBCSV_CFLAGS)
GRADER_LIBS = grader/libgrader.a $(JANSSON_LIBS) $(LIBARCHIVE_LIBS) $(LIBELF_LIBS) \
	$(LIBSECCOMP_LIBS) $(LIBCSV_LIBS) $(LIBINTL)
grader_libgrader_a_SOURCES = \
	grader/base.h \
	grader/batch.c \
	grader/cause.c \
	grader/catalog.c \
	grader/check.c \
	grader/compile.c \
	grader/crash.c \
	grader/debug-run.c \
	grader/fsutil.c \
	grader/grader.h \
	grader/hints.c \
	grader/judge-run.c \
	grader/manifest.c \
	grader/parse.c \
	grader/progress.c \
	grader/report-gradescope.c \
	grader/report-int.h \
	grader/report-json.c \
	grader/report-junit.c \
	grader/report-platforms.c \
	grader/report-tap.c \
	grader/report-text.c \
	grader/report.c \
	grader/roster.c \
	grader/sandbox-apparmor.c \
	grader/sandbox-cgroup.c \
	grader/sandbox-child.c \
	grader/sandbox-disk.c \
	grader/sandbox-int.h \
	grader/sandbox-ipc.c \
	grader/sandbox-landlock.c \
	grader/sandbox-linux.h \
	grader/sandbox-monitor.c \
	grader/sandbox-ns.c \
	grader/sandbox-proc.c \
	grader/sandbox-seccomp.c \
	grader/sandbox-uid.c \
	grader/sandbox.c \
	grader/sandbox.h \
	grader/sanitize.c \
	grader/sched-choose.c \
	grader/sched-explain.c \
	grader/sched-int.h \
	grader/sched-server.c \
	grader/sched-trace.c \
	grader/sched.c \
	grader/screen.c \
	grader/submission.c \
	grader/verdict.c \
	grader/xmalloc.c

# make handout: the students' tarball, what 'proclab init' makes (tasks, stubs, headers,
# a README): never a solution nor a harness.
HANDOUT = $(PACKAGE)-handout-$(VERSION)
handout: proclab$(EXEEXT)
	rm -rf $(HANDOUT) $(HANDOUT).tar.gz
	./proclab$(EXEEXT) init $(HANDOUT) >/dev/null
	@if find $(HANDOUT) -name 'test_*' | grep -q .; then \
	  echo "handout: a harness slipped in" >&2; rm -rf $(HANDOUT); exit 1; fi
	@for s in $(srcdir)/solutions/*/*.c; do \
	  d=$$(basename $$(dirname $$s)); f=$(HANDOUT)/$$d/$$(basename $$s); \
	  if [ -f "$$f" ] && cmp -s "$$s" "$$f"; then \
	    echo "handout: $$f is the reference solution" >&2; rm -rf $(HANDOUT); exit 1; fi; \
	done
	tar -czf $(HANDOUT).tar.gz $(HANDOUT)
	rm -rf $(HANDOUT)
	@echo "made $(HANDOUT).tar.gz"
.PHONY: handout
CLEANFILES += $(HANDOUT).tar.gz
