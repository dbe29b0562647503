# SPDX-License-Identifier: MIT
# proclab watch, the dashboard: driven in a detached tmux session (skipped without tmux).
WATCH_TESTS = \
	tests/src/watch.sh \
	tests/src/home.sh
TESTS += $(WATCH_TESTS)
EXTRA_DIST += $(WATCH_TESTS)
EXTRA_DIST += tests/src/tmux.sh
