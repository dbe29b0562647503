# SPDX-License-Identifier: MIT
# The exercise runtime: linked into every graded exercise (student code + harness),
# and the judges' library.
# (owned by the runtime; see doc/HACKING.md)
pkglib_LIBRARIES += \
	lib/libjudge.a \
	lib/libproclab.a
# The judges' library: linked with an exercise's judge_NAME.c, never with student code.
# lab-i18n.c, in both: the messages in the student's language.
lib_libjudge_a_SOURCES = \
	lib/judge.c \
	lib/lab-i18n.c
lib_libproclab_a_SOURCES = \
	lib/lab-crash.c \
	lib/lab-i18n.c \
	lib/lab-internal.h \
	lib/lab-order.c \
	lib/lab-sched.c \
	lib/lab-sched.h \
	lib/lab-think.c \
	lib/lab-wrap.c \
	lib/labtest.c
pkginclude_HEADERS += \
	lib/judge.h \
	lib/lab.h \
	lib/labtest.h

# How an exercise (student code + harness) is linked: --wrap for every call of
# LAB_WRAPPED_CALLS in labtest.h, the one list (the grader builds the same flags from it).
lib/lab-wrap.flags: $(top_srcdir)/lib/labtest.h
	$(AM_V_GEN)sed -n 's/^[[:space:]]*X([^,]*, *\([a-z0-9_]*\),.*/-Wl,--wrap=\1/p' \
	    $(top_srcdir)/lib/labtest.h > $@.tmp && test -s $@.tmp && mv $@.tmp $@
noinst_DATA += lib/lab-wrap.flags
CLEANFILES += lib/lab-wrap.flags
LAB_WRAP_LINK = @$(top_builddir)/lib/lab-wrap.flags

# Both archives are linked into programs the grader compiles with its own flags (with a
# sanitizer only under --sanitize): a build's own -fsanitize (a sanitizer run of the
# suite) stays out of them, or every graded program would fail to link.
$(lib_libproclab_a_OBJECTS) $(lib_libjudge_a_OBJECTS): CFLAGS := $(filter-out -fsanitize=%,$(CFLAGS))
