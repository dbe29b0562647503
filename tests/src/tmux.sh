# SPDX-License-Identifier: MIT
# tests/src/tmux.sh: driving the home screen (proclab watch, proclab alone) as a person
# would, in a detached tmux session of a fixed size: keys sent with send-keys, the screen
# read with capture-pane. Sourced after tests/lib.sh and tests/grader/fixture.sh.
#
#   start_watch ENV... -- ARGS...   proclab watch ARGS in session w, 80x24, LC_ALL=C unless
#                                   ENV says otherwise; WATCH_PID its pid
#   start_home DIR ENV...           plain 'proclab' in DIR, likewise
#   screen [-e]                     the pane into $SCREEN (-e: with escape sequences)
#   wait_for ERE SECONDS            until a line of the screen matches
#   wait_exit SECONDS               until it has exited: its status in $EXIT_STATUS, and
#                                   the terminal's modes (stty -a) as they were before
#   no_leftovers SECONDS            the dashboard, its checks and lessons all gone
#   quit_watch WHAT                 'q': exit 0, the terminal as it was, nothing left
# Every wait is bounded; the screen is printed when a wait times out.

command -v tmux >/dev/null 2>&1 || skip "tmux not found"
command -v pgrep >/dev/null 2>&1 || skip "pgrep (procps) not found"

# One tmux server per dashboard, on a socket of our own: never the user's tmux.
SOCK= SOCKS= nsock=0
trap 'for s in $SOCKS; do tmux -S "$s" kill-server >/dev/null 2>&1; done; rm -rf "$TEST_TMP"' EXIT
tm() { tmux -S "$SOCK" "$@"; }
SCREEN=$TEST_TMP/screen
RC=$TEST_TMP/rc
mkdir -p "$TEST_TMP/tmp" || exit 99

# start_in DIR ENVS ARGS: the command under a shell that notes the terminal's modes before
# and after it and its exit status (tmux's own pane_dead_status is not reliable here), then
# keeps the pane open.
start_in() {
	nsock=$((nsock + 1))
	SOCK=$TEST_TMP/tmux$nsock.sock
	SOCKS="$SOCKS $SOCK"
	rm -f "$RC" "$TEST_TMP/stty.before" "$TEST_TMP/stty.after"
	cmd="cd '$1' && stty -a >'$TEST_TMP/stty.before' &&"
	cmd="$cmd env TMPDIR='$TEST_TMP/tmp' LC_ALL=C $2 '$PROCLAB' $3; echo \$? >'$RC.t';"
	cmd="$cmd stty -a >'$TEST_TMP/stty.after'; mv '$RC.t' '$RC'; sleep 600"
	tm -f /dev/null new-session -d -s w -x 80 -y 24 "$cmd" || fail "tmux new-session failed"
	shell=$(tm display-message -p -t w '#{pane_pid}')
	end=$(($(date +%s) + 10))
	until WATCH_PID=$(pgrep -P "$shell" -f "$PROCLAB"); do
		[ -s "$RC" ] && break           # it has already exited
		[ "$(date +%s)" -lt "$end" ] || fail "the dashboard did not start"
		sleep 0.1
	done
}

start_watch() {
	envs=
	while [ "$1" != -- ]; do envs="$envs '$1'"; shift; done
	shift
	args=watch
	for a in "$@"; do args="$args '$a'"; done
	start_in "$TEST_TMP" "$envs" "$args"
}

start_home() {
	dir=$1; shift
	envs=
	for e in "$@"; do envs="$envs '$e'"; done
	start_in "$dir" "$envs" ""
}

screen() { tm capture-pane -p ${1:+"$1"} -t w >"$SCREEN" 2>/dev/null; }

wait_for() {
	end=$(($(date +%s) + $2))
	while :; do
		screen
		grep -Eq -- "$1" "$SCREEN" && return 0
		[ "$(date +%s)" -lt "$end" ] || break
		sleep 0.2
	done
	sed 's/^/  | /' "$SCREEN" >&2
	fail "after $2 s, no line of the screen matches /$1/"
}

wait_exit() {
	end=$(($(date +%s) + $1))
	until [ -s "$RC" ]; do
		[ "$(date +%s)" -lt "$end" ] || {
			screen
			sed 's/^/  | /' "$SCREEN" >&2
			fail "the dashboard did not exit within $1 s"
		}
		sleep 0.2
	done
	EXIT_STATUS=$(cat "$RC")
	cmp -s "$TEST_TMP/stty.before" "$TEST_TMP/stty.after" || {
		diff "$TEST_TMP/stty.before" "$TEST_TMP/stty.after" >&2
		fail "the terminal's modes are not what they were before the dashboard"
	}
}

no_leftovers() {
	end=$(($(date +%s) + $1))
	while :; do
		left=$(pgrep -f -- "--format json --dir $W|$TEST_TMP/tmp/|$LESSONS/[0-9]" || true)
		kill -0 "$WATCH_PID" 2>/dev/null && left="$left $WATCH_PID"
		[ -z "$(echo $left)" ] && break
		[ "$(date +%s)" -lt "$end" ] || {
			ps -o pid,ppid,args -p "$(echo $left | tr ' ' ,)" >&2
			fail "processes left after quitting: $left"
		}
		sleep 0.2
	done
	[ -z "$(ls -A "$TEST_TMP/tmp")" ] || fail "left in TMPDIR: $(ls -A "$TEST_TMP/tmp")"
}

quit_watch() {
	tm send-keys -t w q
	wait_exit 10
	[ "$EXIT_STATUS" = 0 ] || fail "$1: the dashboard exited $EXIT_STATUS"
	no_leftovers 10
}
