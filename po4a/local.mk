# SPDX-License-Identifier: MIT
# The exercise tasks, the README and the reference cards of 'proclab man' in other
# languages, through po4a (po4a/po4a.cfg; how a translator works: doc/HACKING.md,
# "Translating the tasks").
#
# README.LANG.md beside each README.md (and NAME.LANG.md beside each card) is made by po4a
# from po4a/DOC.LANG.po and committed, as po/manifest-msgids.h is: a reader of the
# repository's web page finds it where the English links to it, and neither a clone nor a
# tarball needs po4a to build. make never writes it (nor a PO): `make update-po4a` does,
# after a change to the English or to a PO, and tests/po4a.sh fails while a committed
# translation is not what po4a makes from the English and the PO now.
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
EXTRA_DIST += po4a/po4a.cfg $(PO4A_PO)

# After an English change: merge it into every PO (changed paragraphs become fuzzy) and
# remake the translations; then translate what is fuzzy or new (tests/po4a.sh lists it),
# run it again to write the translations, and commit the PO files with them.
update-po4a:
	cd $(srcdir) && $(PO4A) po4a/po4a.cfg
.PHONY: update-po4a
