# SPDX-License-Identifier: MIT
# The proclab command. Everything but main() goes into libcore.a so unit tests can link it.
noinst_LIBRARIES += src/libcore.a
src_libcore_a_SOURCES = \
	src/classroom.c \
	src/cmd.c \
	src/cmd-check.c \
	src/cmd-grade.c \
	src/cmd-gradebook.c \
	src/cmd-help.c \
	src/cmd-hint.c \
	src/cmd-init.c \
	src/cmd-lesson.c \
	src/cmd-list.c \
	src/cmd-watch.c \
	src/lessons.c \
	src/paths.c \
	src/proclab.h \
	src/util.c \
	src/watch-draw.c \
	src/watch-files.c \
	src/watch-model.c \
	src/watch-runner.c \
	src/watch-text.c \
	src/watch.h
src_libcore_a_CPPFLAGS = $(AM_CPPFLAGS) \
	-DPROCLAB_BUILDDIR='"$(abs_top_builddir)"' \
	-DPROCLAB_SRCDIR='"$(abs_top_srcdir)"' \
	-DPROCLAB_PKGLIBEXECDIR='"$(pkglibexecdir)"' \
	-DPROCLAB_PKGDATADIR='"$(pkgdatadir)"' \
	-DPROCLAB_PKGLIBDIR='"$(pkglibdir)"' \
	-DPROCLAB_PKGINCLUDEDIR='"$(pkgincludedir)"' \
	-DLOCALEDIR='"$(localedir)"' \
	$(JANSSON_CFLAGS) $(LIBARCHIVE_CFLAGS) $(NCURSES_CFLAGS)

CORE_LIBS = src/libcore.a $(GRADER_LIBS) $(NCURSES_LIBS)

bin_PROGRAMS += proclab
proclab_SOURCES = src/proclab.c
proclab_LDADD = $(CORE_LIBS)
