# SPDX-License-Identifier: MIT
# Each exercise: the reference passes on every run, the stub and the realistic wrong
# solutions in tests/exercises/NN-name/wrong-*/ fail with the message their 'expect' names.
EXERCISE_TESTS = \
	tests/exercises/01-fork-join.sh \
	tests/exercises/02-ordered-flags.sh \
	tests/exercises/03-bank-balance.sh \
	tests/exercises/04-shared-array.sh \
	tests/exercises/05-locked-counter.sh \
	tests/exercises/06-pipe-squares.sh \
	tests/exercises/07-bounded-queue.sh \
	tests/exercises/08-process-pool.sh \
	tests/exercises/09-barrier.sh \
	tests/exercises/10-semaphore-limit.sh \
	tests/exercises/11-letter-count.sh \
	tests/exercises/12-manager-chat.sh \
	tests/exercises/check-all.sh \
	tests/exercises/readmes.sh
TESTS += $(EXERCISE_TESTS)
# The wrong-solution folders one by one: a directory in EXTRA_DIST is copied from the
# build tree when it exists there, and the build tree's tests/exercises holds only logs.
EXTRA_DIST += $(EXERCISE_TESTS) \
	tests/exercises/01-fork-join \
	tests/exercises/02-ordered-flags \
	tests/exercises/03-bank-balance \
	tests/exercises/04-shared-array \
	tests/exercises/05-locked-counter \
	tests/exercises/06-pipe-squares \
	tests/exercises/07-bounded-queue \
	tests/exercises/08-process-pool \
	tests/exercises/09-barrier \
	tests/exercises/10-semaphore-limit \
	tests/exercises/11-letter-count \
	tests/exercises/12-manager-chat
