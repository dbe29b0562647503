# SPDX-License-Identifier: MIT
# proclab watch, the dashboard, and proclab trace --step, the race viewer: driven in a
# detached tmux session (skipped without tmux).
WATCH_TESTS = \
	tests/src/home.sh \
	tests/src/trace-step.sh \
	tests/src/watch-race.sh \
	tests/src/watch.sh
TESTS += $(WATCH_TESTS)
EXTRA_DIST += $(WATCH_TESTS)
EXTRA_DIST += tests/src/tmux.sh
