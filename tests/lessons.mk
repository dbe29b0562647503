# SPDX-License-Identifier: MIT
# Integration tests: every lesson, with the notebook's figures.
LESSON_TESTS = \
	tests/lessons/01-processes-vs-threads.sh \
	tests/lessons/02-start-methods.sh \
	tests/lessons/03-lifecycle.sh \
	tests/lessons/04-copied-values.sh \
	tests/lessons/05-shared-value.sh \
	tests/lessons/06-balance-race.sh \
	tests/lessons/07-balance-lock.sh \
	tests/lessons/08-shared-array.sh \
	tests/lessons/09-get-lock.sh \
	tests/lessons/10-queue.sh \
	tests/lessons/11-pipe.sh \
	tests/lessons/12-pool.sh \
	tests/lessons/13-sync-primitives.sh \
	tests/lessons/14-manager.sh \
	tests/lessons/15-remote-manager.sh \
	tests/lessons/16-letter-frequency.sh \
	tests/lessons/17-costs.sh \
	tests/lessons/portuguese.sh \
	tests/lessons/schedule.sh
TESTS += $(LESSON_TESTS)
EXTRA_DIST += $(LESSON_TESTS)
