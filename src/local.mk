# SPDX-License-Identifier: MIT
# The proclab command. Everything but main() goes into libcore.a so unit tests can link it.
noinst_LIBRARIES += src/libcore.a
src_libcore_a_SOURCES = \
	src/cards.c \
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
	src/cmd-man.c \
	src/cmd-run.c \
	src/cmd-trace.c \
	src/cmd-watch.c \
	src/home.c \
	src/lesson-sched.c \
	src/lessons.c \
	src/pager.c \
	src/paths.c \
	src/proclab.h \
	src/stubs.c \
	src/trace-step.c \
	src/trace.c \
	src/trace.h \
	src/tty.c \
	src/util.c \
	src/watch-draw.c \
	src/watch-files.c \
	src/watch-keys.c \
	src/watch-lesson.c \
	src/watch-model.c \
	src/watch-runner.c \
	src/watch-select.c \
	src/watch-state.c \
	src/watch-text.c \
	src/watch.h
src_libcore_a_CPPFLAGS = $(AM_CPPFLAGS) \
	$(JANSSON_CFLAGS) $(LIBARCHIVE_CFLAGS) $(NCURSES_CFLAGS)

# Where the installed parts are, relative to the installed programs (proclab in bindir,
# the lessons in pkglibexecdir): a copied install tree still works, and no absolute
# directory is compiled in (Reproducible Builds). The build tree is found at run time
# by .proclab-build-tree beside the program (configure writes it; src/paths.c).
install-dirs.h: Makefile $(srcdir)/src/relpath.sh
	$(AM_V_GEN)rel() { $(SHELL) '$(srcdir)/src/relpath.sh' "$$1" "$$2"; } && { \
	echo '/* Made by make from the configured directories (src/local.mk). */'; \
	echo "#define REL_BIN_PKGLIBEXECDIR \"`rel '$(bindir)' '$(pkglibexecdir)'`\""; \
	echo "#define REL_BIN_PKGDATADIR \"`rel '$(bindir)' '$(pkgdatadir)'`\""; \
	echo "#define REL_BIN_PKGLIBDIR \"`rel '$(bindir)' '$(pkglibdir)'`\""; \
	echo "#define REL_BIN_PKGINCLUDEDIR \"`rel '$(bindir)' '$(pkgincludedir)'`\""; \
	echo "#define REL_BIN_LOCALEDIR \"`rel '$(bindir)' '$(localedir)'`\""; \
	echo "#define REL_LESSON_LOCALEDIR \"`rel '$(pkglibexecdir)' '$(localedir)'`\""; \
	echo "#define REL_LESSON_SRCDIR \"`rel '$(pkglibexecdir)' '$(lessonsrcdir)'`\""; \
	} > $@-t && mv -f $@-t $@
BUILT_SOURCES += install-dirs.h
CLEANFILES += install-dirs.h
EXTRA_DIST += src/relpath.sh

CORE_LIBS = src/libcore.a $(GRADER_LIBS) $(NCURSES_LIBS)

bin_PROGRAMS += proclab
proclab_SOURCES = src/proclab.c
proclab_LDADD = $(CORE_LIBS)
