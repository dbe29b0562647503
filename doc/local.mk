# SPDX-License-Identifier: MIT
# proclab(1): made by help2man from proclab --help and --version, with a section per command,
# the environment and the exit statuses from proclab's own help (doc/man-include.sh).
# Shipped in the tarball (dist_), as GNU projects do: building a release needs no help2man.
# It depends on the sources of that text, not on the binary, so that a tarball's page stays
# up to date; the binary only has to be built first (order-only).
# One page per command too, as git has git-commit(1): proclab-check(1) is 'proclab help
# check' (doc/man-command.sh).
MAN_COMMANDS = \
	doc/proclab-check.1 \
	doc/proclab-grade.1 \
	doc/proclab-gradebook.1 \
	doc/proclab-help.1 \
	doc/proclab-hint.1 \
	doc/proclab-init.1 \
	doc/proclab-lesson.1 \
	doc/proclab-list.1 \
	doc/proclab-man.1 \
	doc/proclab-run.1 \
	doc/proclab-trace.1 \
	doc/proclab-watch.1
dist_man1_MANS = doc/proclab.1 $(MAN_COMMANDS)
MAINTAINERCLEANFILES = doc/proclab.1 $(MAN_COMMANDS)
MAN_DEPS = \
	$(top_srcdir)/configure.ac \
	$(top_srcdir)/doc/man-include.sh \
	$(top_srcdir)/src/cmd-check.c \
	$(top_srcdir)/src/cmd-grade.c \
	$(top_srcdir)/src/cmd-gradebook.c \
	$(top_srcdir)/src/cmd-help.c \
	$(top_srcdir)/src/cmd-hint.c \
	$(top_srcdir)/src/cmd-init.c \
	$(top_srcdir)/src/cmd-lesson.c \
	$(top_srcdir)/src/cmd-list.c \
	$(top_srcdir)/src/cmd-man.c \
	$(top_srcdir)/src/cmd-run.c \
	$(top_srcdir)/src/cmd-trace.c \
	$(top_srcdir)/src/cmd-watch.c \
	$(top_srcdir)/src/proclab.c
doc/proclab.1: $(MAN_DEPS) | proclab$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) doc && \
	LC_ALL=C $(SHELL) $(top_srcdir)/doc/man-include.sh ./proclab$(EXEEXT) >doc/proclab.h2m-t && \
	LC_ALL=C $(HELP2MAN) --no-info --section=1 --include=doc/proclab.h2m-t \
	    --name='a teaching lab for processes, IPC and synchronization in C' \
	    --output=$@-t ./proclab$(EXEEXT) && \
	rm -f doc/proclab.h2m-t && mv -f $@-t $@
doc/proclab-%.1: $(MAN_DEPS) $(top_srcdir)/doc/man-command.sh | proclab$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) doc && cd doc && \
	LC_ALL=C $(SHELL) $(abs_top_srcdir)/doc/man-command.sh ../proclab$(EXEEXT) $* >$(@F)-t && \
	mv -f $(@F)-t $(@F)

# What an instructor reads, installed with the program.
dist_doc_DATA = README.md README.pt_BR.md doc/platforms.md doc/sandbox.md doc/scaling.md
docscalingdir = $(docdir)/scaling
dist_docscaling_DATA = \
	doc/scaling/k8s-grade-job.yaml \
	doc/scaling/parallel-ssh.sh \
	doc/scaling/slurm-grade.sbatch \
	doc/scaling/slurm-merge.sbatch

# The reference cards of 'proclab man' (src/cards.c, which finds them in the source tree or
# here). Each card's translation, NAME.pt_BR.md, is made by po4a and committed (po4a/local.mk).
cardsdir = $(pkgdatadir)/cards
dist_cards_DATA = \
	doc/cards/cards.list \
	doc/cards/cond.md \
	doc/cards/cond.pt_BR.md \
	doc/cards/exit.md \
	doc/cards/exit.pt_BR.md \
	doc/cards/fork.md \
	doc/cards/fork.pt_BR.md \
	doc/cards/mmap.md \
	doc/cards/mmap.pt_BR.md \
	doc/cards/mq.md \
	doc/cards/mq.pt_BR.md \
	doc/cards/mutex.md \
	doc/cards/mutex.pt_BR.md \
	doc/cards/pipe.md \
	doc/cards/pipe.pt_BR.md \
	doc/cards/poll.md \
	doc/cards/poll.pt_BR.md \
	doc/cards/read-write.md \
	doc/cards/read-write.pt_BR.md \
	doc/cards/sem.md \
	doc/cards/sem.pt_BR.md \
	doc/cards/send-recv.md \
	doc/cards/send-recv.pt_BR.md \
	doc/cards/shm.md \
	doc/cards/shm.pt_BR.md \
	doc/cards/socket.md \
	doc/cards/socket.pt_BR.md \
	doc/cards/socketpair.md \
	doc/cards/socketpair.pt_BR.md \
	doc/cards/wait.md \
	doc/cards/wait.pt_BR.md
