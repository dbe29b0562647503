# SPDX-License-Identifier: MIT
# The exercise tasks, the README and the reference cards of 'proclab man' in other
# languages, through po4a (po4a/po4a.cfg; how a translator works: doc/HACKING.md,
# "Translating the tasks").
#
# README.LANG.md is made beside its README.md from po4a/DOC.LANG.po, in the source tree
# (where an uninstalled proclab reads the exercises, src/paths.c) as gettext's .gmo and
# automake's .info files are, and shipped in the tarball: a tarball builds without po4a,
# a git clone needs it (configure says so). make remakes one document at a time, when its
# English, its PO or po4a.cfg changed: po4a with po4a.cfg less the other documents' lines,
# so that po4a.cfg alone says how, and --no-update, so that a build never touches a PO.
# Install: exercises/local.mk, doc/local.mk (the cards too).
PO4A_PO = \
	po4a/01-fork-join.pt_BR.po \
	po4a/02-ordered-flags.pt_BR.po \
	po4a/03-bank-balance.pt_BR.po \
	po4a/04-shared-array.pt_BR.po \
	po4a/05-locked-counter.pt_BR.po \
	po4a/06-pipe-squares.pt_BR.po \
	po4a/07-bounded-queue.pt_BR.po \
	po4a/08-process-pool.pt_BR.po \
	po4a/09-barrier.pt_BR.po \
	po4a/10-semaphore-limit.pt_BR.po \
	po4a/11-letter-count.pt_BR.po \
	po4a/12-manager-chat.pt_BR.po \
	po4a/README.pt_BR.po \
	po4a/card-cond.pt_BR.po \
	po4a/card-exit.pt_BR.po \
	po4a/card-fork.pt_BR.po \
	po4a/card-mmap.pt_BR.po \
	po4a/card-mq.pt_BR.po \
	po4a/card-mutex.pt_BR.po \
	po4a/card-pipe.pt_BR.po \
	po4a/card-poll.pt_BR.po \
	po4a/card-read-write.pt_BR.po \
	po4a/card-sem.pt_BR.po \
	po4a/card-send-recv.pt_BR.po \
	po4a/card-shm.pt_BR.po \
	po4a/card-socket.pt_BR.po \
	po4a/card-socketpair.pt_BR.po \
	po4a/card-wait.pt_BR.po
PO4A_OUTPUTS = \
	README.pt_BR.md \
	doc/cards/cond.pt_BR.md \
	doc/cards/exit.pt_BR.md \
	doc/cards/fork.pt_BR.md \
	doc/cards/mmap.pt_BR.md \
	doc/cards/mq.pt_BR.md \
	doc/cards/mutex.pt_BR.md \
	doc/cards/pipe.pt_BR.md \
	doc/cards/poll.pt_BR.md \
	doc/cards/read-write.pt_BR.md \
	doc/cards/sem.pt_BR.md \
	doc/cards/send-recv.pt_BR.md \
	doc/cards/shm.pt_BR.md \
	doc/cards/socket.pt_BR.md \
	doc/cards/socketpair.pt_BR.md \
	doc/cards/wait.pt_BR.md \
	exercises/01-fork-join/README.pt_BR.md \
	exercises/02-ordered-flags/README.pt_BR.md \
	exercises/03-bank-balance/README.pt_BR.md \
	exercises/04-shared-array/README.pt_BR.md \
	exercises/05-locked-counter/README.pt_BR.md \
	exercises/06-pipe-squares/README.pt_BR.md \
	exercises/07-bounded-queue/README.pt_BR.md \
	exercises/08-process-pool/README.pt_BR.md \
	exercises/09-barrier/README.pt_BR.md \
	exercises/10-semaphore-limit/README.pt_BR.md \
	exercises/11-letter-count/README.pt_BR.md \
	exercises/12-manager-chat/README.pt_BR.md
EXTRA_DIST += po4a/po4a.cfg $(PO4A_PO)
MAINTAINERCLEANFILES += $(PO4A_OUTPUTS)
CLEANFILES += $(PO4A_OUTPUTS:=.cfg)

# $@ is the target's name in the makefile (GNU make drops the VPATH it was found by when
# it remakes it): po4a writes $(srcdir)/$@, and $@.cfg is the one-document po4a.cfg.
PO4A_ONE = $(MKDIR_P) $(@D) && m='$(@:.pt_BR.md=.md)' && \
	sed -e '/^\[type:/{' -e "\\|^\[type: [a-z]*\] $$m |!d" -e '}' \
	    $(srcdir)/po4a/po4a.cfg >$@.cfg && \
	grep -q '^\[type:' $@.cfg && \
	(cd $(srcdir) && $(PO4A) -q --no-update "$(abs_builddir)/$@.cfg") && \
	rm -f $@.cfg && touch $(srcdir)/$@
exercises/%/README.pt_BR.md: exercises/%/README.md po4a/%.pt_BR.po po4a/po4a.cfg
	$(AM_V_GEN)$(PO4A_ONE)
README.pt_BR.md: README.md po4a/README.pt_BR.po po4a/po4a.cfg
	$(AM_V_GEN)$(PO4A_ONE)
doc/cards/%.pt_BR.md: doc/cards/%.md po4a/card-%.pt_BR.po po4a/po4a.cfg
	$(AM_V_GEN)$(PO4A_ONE)

# After an English change: merge it into every PO (changed paragraphs become fuzzy) and
# remake the translations; then translate what is fuzzy or new (tests/po4a.sh lists it).
update-po4a:
	cd $(srcdir) && $(PO4A) po4a/po4a.cfg
.PHONY: update-po4a
