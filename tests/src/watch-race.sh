#!/bin/sh
# SPDX-License-Identifier: MIT
# v on the home screen, the race viewer, driven in tmux (tests/src/tmux.sh) on the lab's own
# exercises in a working copy that proclab init made:
#  - exercise 07 with a solution that deadlocks (wrong-one-cond): its check fails the
#    capacity-1 race test; v runs that test's failed run again, traced, in the background
#    (the header says so, the screen goes on), then opens the viewer on it: that test, run
#    and seed, the events, at the end the deadlock's cycle of waits; q gives the dashboard
#    back as it was, and the trace is gone
#  - Esc while the run is being traced stops it, and no viewer opens
#  - lesson 08: v shows its race, as 'proclab lesson 8 --visual' does
#  - where there is nothing to show, one sentence on the status line: a lesson with no race,
#    an exercise that passed
#  - Ctrl-C in the viewer quits proclab: exit 0, the terminal's modes as they were, no
#    process and no temporary file left
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/src/tmux.sh"

W=$TEST_TMP/wc
expect_status 0 "$PROCLAB" init "$W"
cp "$top_srcdir/solutions/07-bounded-queue/bqueue.c" "$W/07-bounded-queue/bqueue.c" &&
    patch -s -f "$W/07-bounded-queue/bqueue.c" \
    <"$top_srcdir/tests/exercises/07-bounded-queue/wrong-one-cond/bqueue.c.patch" &&
    cp "$top_srcdir/solutions/01-fork-join/"*.c "$W/01-fork-join/" || exit 99

# no_trace: no race's trace left in the dashboard's temporary folder
no_trace() {
	[ -z "$(find "$TEST_TMP/tmp" -name race.jsonl)" ] || fail "$1: the race's trace is left"
}

start_watch LC_ALL=C.UTF-8 -- 7 --dir "$W"
wait_for 'FAIL capacity 1: no deadlock, nothing' 90
expect_grep ' v race ' "$SCREEN"

# --- v: the failed race test's run, traced in the background, then in the viewer ---
tm send-keys -t w v
wait_for "^Running the failed run of \"capacity 1: no deadlock, nothing lost\" again|^Exercise 7, test" 10
wait_for '^Exercise 7, test capacity_one, run [0-9]+ \(seed [0-9]+\): wrong answer$' 90
expect_grep '^Event 1 of [0-9]+, step [0-9]+$' "$SCREEN"
expect_grep 'n/N lost update .*q quit' "$SCREEN"
tm send-keys -t w End
wait_for '^The deadlock, as who waits for whom:$' 10
expect_grep '^   →  back to process [0-9]+: each waits for the next' "$SCREEN"
expect_grep 'waits in bq_(put|get) \(bqueue\.c:[0-9]+\) on a condition variable' "$SCREEN"
tm send-keys -t w q
wait_for '^Back from the race viewer \(v opens it again\)\.$' 10
expect_grep '^>E07 bounded-queue +failing +12/15' "$SCREEN"
expect_grep 'FAIL capacity 1: no deadlock, nothing' "$SCREEN"
expect_no_grep '^Event [0-9]+ of ' "$SCREEN"
no_trace "after q"

# --- Esc while it is being traced: stopped, no viewer ---
tm send-keys -t w v
tm send-keys -t w Escape
wait_for '^The race viewer was not opened: stopped\.$' 10
sleep 2
screen
expect_no_grep '^Exercise 7, test ' "$SCREEN"
end=$(($(date +%s) + 10))
while pgrep -f -- "--replay 1\\.capacity_one\\." >/dev/null; do
	[ "$(date +%s)" -lt "$end" ] || fail "Esc left the traced run running"
	sleep 0.2
done
no_trace "after Esc"

# --- lesson 08: its race, as 'proclab lesson 8 --visual' shows it ---
tm send-keys -t w / s h a r e d - a Enter
wait_for '^>L08 shared-array' 10
tm send-keys -t w v
wait_for "^Lesson 08, one interleaving of its race under proclab's scheduler$" 60
expect_grep '^Event 1 of [0-9]+, step [0-9]+' "$SCREEN"
tm send-keys -t w End
wait_for '^What this schedule did: process [0-9]+ wrote sh_array\[0\]' 10
tm send-keys -t w q
wait_for '^Back from the race viewer' 10
expect_grep '^>L08 shared-array' "$SCREEN"

# --- nothing to show: one sentence ---
tm send-keys -t w g v
wait_for '^Lesson 01 has no race to show: v shows lessons 06 to 09, and the race' 10
tm send-keys -t w / f o r k - j Enter
wait_for '^>E01 fork-join +passed' 90
tm send-keys -t w v
wait_for '^Every test of exercise 01 passed: there is no failed race to show\.$' 10

# --- Ctrl-C in the viewer: proclab ends, the terminal as it was, nothing left ---
tm send-keys -t w / b o u n d e d Enter
wait_for '^>E07 bounded-queue' 10
tm send-keys -t w v
wait_for '^Exercise 7, test capacity_one, run ' 90
tm send-keys -t w C-c
wait_exit 10
[ "$EXIT_STATUS" = 0 ] || fail "Ctrl-C in the viewer: exit $EXIT_STATUS"
no_leftovers 10
exit 0
