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
	tests/exercises/12-manager-chat.sh
TESTS += $(EXERCISE_TESTS)
EXTRA_DIST += tests/exercises
