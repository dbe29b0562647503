# SPDX-License-Identifier: MIT
# Reference solutions: shipped in the tarball, never installed (students get stubs).
EXTRA_DIST += \
	solutions/01-fork-join/fork_join.c \
	solutions/02-ordered-flags/ordered_flags.c \
	solutions/03-bank-balance/bank.c \
	solutions/04-shared-array/shared_array.c \
	solutions/05-locked-counter/counter.c \
	solutions/06-pipe-squares/squares.c \
	solutions/07-bounded-queue/bqueue.c \
	solutions/08-process-pool/pool.c \
	solutions/09-barrier/barrier.c \
	solutions/10-semaphore-limit/limit.c \
	solutions/11-letter-count/letters.c \
	solutions/12-manager-chat/chat.c
