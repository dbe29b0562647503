#!/bin/sh
# SPDX-License-Identifier: MIT
# proclab watch, the home screen's checks, driven as a person would: in a detached tmux
# session of a fixed size, keys sent with send-keys, the screen read with capture-pane
# (tests/src/tmux.sh; the lessons, search, help, reset and plain 'proclab': home.sh).
#  - not a terminal, bad options: one clear message, exit 2
#  - a working copy made by proclab init (the pipeline's tiny fixture exercise): the list, the
#    progress bar, the stub's check result (verdicts, expected/actual), the task, the hint
#    after 'h' (also recorded in .proclab-state), the whole list after 'l', a resize, colors
#    and NO_COLOR;
#    the file replaced by a good solution is checked again by itself and shows passed; a save is
#    noticed through inotify (the folder is watched), and with inotify unavailable through
#    stat() once a second
#  - student code that crashes, floods or writes escapes: a result, the screen whole
#  - 'q' while a check runs (a solution that loops) ends the dashboard and every process of
#    the check, and leaves no temporary folder; the header says it is checking; Esc stops
#    the check, Ctrl-C quits; the terminal's modes are as they were after each (stty -a)
#  - --manual-run: no inotify watch, 'r' checks
#  - the lab's own exercise 01: the stub fails, the reference solution from solutions/ passes
# Every wait is bounded; the screen is printed when a wait times out.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
. "$top_srcdir/tests/src/tmux.sh"

# --- Usage errors and no terminal: one message, exit 2, no screen. ---
make_fixture
W=$TEST_TMP/wc
expect_status 0 "$PROCLAB" init "$W"

"$PROCLAB" watch --dir "$W" </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err" && st=0 || st=$?
[ "$st" -eq 2 ] || fail "watch with stdout not a terminal exited $st, expected 2"
[ "$(wc -l <"$TEST_TMP/err")" -eq 1 ] || { cat "$TEST_TMP/err" >&2; fail "not one message"; }
expect_grep 'standard output is not a terminal' "$TEST_TMP/err"
[ ! -s "$TEST_TMP/out" ] || fail "watch wrote to a stdout that is not a terminal"
expect_status 2 "$PROCLAB" watch --dir "$TEST_TMP/nowhere"
expect_grep "--dir: '$TEST_TMP/nowhere': No such file or directory" "$TEST_TMP/last"
expect_status 2 "$PROCLAB" watch --dir "$TEST_TMP/tmp"
expect_grep "no working copy in --dir" "$TEST_TMP/last"
expect_status 2 "$PROCLAB" watch 9 --dir "$W"
expect_grep "'9' is not an exercise" "$TEST_TMP/last"
expect_status 2 "$PROCLAB" watch --frobnicate
expect_grep "unknown option '--frobnicate'" "$TEST_TMP/last"
expect_status 0 "$PROCLAB" watch --help
expect_grep '^usage: proclab watch' "$TEST_TMP/last"
expect_status 0 "$PROCLAB" help watch
expect_grep '^  n, p +the next item, the previous one' "$TEST_TMP/last"
expect_grep '^  --manual-run ' "$TEST_TMP/last"

# A terminal that cannot move its cursor: one message, exit 2.
start_watch TERM=dumb -- --dir "$W"
wait_exit 10
[ "$EXIT_STATUS" = 2 ] || fail "TERM=dumb: the dashboard exited $EXIT_STATUS, expected 2"
wait_for 'terminal \(TERM=dumb\) cannot move its cursor' 5

# --- The stub: the list, the progress bar, the check result, the task. ---
start_watch -- 1 --dir "$W"
wait_for 'Checked [0-9:]+: 0/8 points' 60
expect_grep '^proclab  '"$W"'( |$)' "$SCREEN"
expect_grep 'Progress: \[\.+\] 0/1 exercises passed' "$SCREEN"
expect_grep '^0/8 points, 0/17 lessons run' "$SCREEN"
expect_grep '^>E01 adder +new +-/8 ' "$SCREEN"           # its file is the stub
expect_grep '^ L17 costs ' "$SCREEN"                     # the lessons before it
expect_grep 'Exercise 01: Adder' "$SCREEN"
expect_grep 'File: 01-adder/add\.c' "$SCREEN"
expect_grep 'State: not started \(the file is the' "$SCREEN"
expect_grep 'FAIL two plus two +0/2' "$SCREEN"
expect_grep 'wrong answer: ' "$SCREEN"
expect_grep 'expected: 4' "$SCREEN"
expect_grep 'actual: +1' "$SCREEN"
expect_grep 'FAIL sum in a child +0/3' "$SCREEN"
expect_no_grep 'zebra' "$SCREEN"                 # the hidden test stays hidden
expect_no_grep 'Checking|checking' "$SCREEN"
expect_grep 'n next +h hint +l list +c all +r run +v race +x reset +/ search +\? help +q quit' \
    "$SCREEN"
# the hints and the task are further down: End scrolls the details there
tm send-keys -t w End
wait_for 'Task \(01-adder/README\.md\):' 10
expect_grep 'Write add\(a, b\)\.' "$SCREEN"
expect_grep 'Hints: none read yet \(2 available\)' "$SCREEN"
# colors on a terminal (green, red), none with NO_COLOR (further down)
screen -e
grep -q "$(printf '\033')\\[3[12]m" "$SCREEN" || fail "no colors on a color terminal"

# --- 'h': the first hint, on screen and in .proclab-state; 'h' again: the second. ---
tm send-keys -t w h
wait_for ' 1\. look at the plus sign' 10
expect_grep 'Hints \(1 of 2 read; h shows the next\)' "$SCREEN"
expect_grep 'Hint 1 of 2 for 01-adder' "$SCREEN"
expect_grep '^hints 01-adder 1$' "$W/.proclab-state"
tm send-keys -t w h
wait_for ' 2\. return a \+ b;' 10
expect_grep 'Hints \(2 of 2 read\)' "$SCREEN"
tm send-keys -t w h
wait_for 'No hints left for 01-adder' 10
expect_grep '^hints 01-adder 2$' "$W/.proclab-state"
# the check recorded its result there too, beside the hints
expect_grep '^result 01-adder failing 0/8 [0-9T:-]+Z [0-9a-f]{16}$' "$W/.proclab-state"

# --- 'l': the whole list, with titles; Esc gives the details back. 'n' at the end says so.
tm send-keys -t w l
wait_for 'up/down choose +Enter/l back' 10
expect_grep '^>E01 adder +new +-/8 +Adder$' "$SCREEN"
expect_grep '^ L04 copied-values +Values are copied$' "$SCREEN"
tm send-keys -t w Escape
wait_for 'n next +h hint' 10
tm send-keys -t w n
wait_for 'This is the last item of the list' 10

# --- A resize: the narrow layout stacks the list over the details; back to 80x24. ---
tm resize-window -t w -x 50 -y 20
wait_for '^>E01 adder +new' 10
screen
need_python
"$PYTHON3" -c 'import sys; sys.exit(max(len(l.rstrip("\n")) for l in
    open(sys.argv[1], encoding="utf-8", errors="replace")) > 50)' "$SCREEN" ||
	fail "lines wider than 50 columns"
expect_grep 'Progress: \[\.+\] 0/1 exercises passed' "$SCREEN"
tm send-keys -t w Home
wait_for '^Exercise 01: Adder' 10                # the details, below the list
tm resize-window -t w -x 30 -y 8
wait_for 'Terminal too small' 10
tm resize-window -t w -x 80 -y 24
wait_for '^ L01 processes-vs-th +\|Exercise 01: Adder' 10     # side by side again
expect_grep '^>E01 adder +new ' "$SCREEN"

# --- A compile error, then a missing file: shown as such. ---
variant cerror >"$W/01-adder/add.c"
wait_for 'It does not compile:' 60
expect_grep "error: expected" "$SCREEN"
rm "$W/01-adder/add.c" || exit 99
wait_for 'Not found: add\.c was not found' 60
expect_grep 'File: 01-adder/add\.c \(not found\)' "$SCREEN"
expect_grep '^>E01 adder +new ' "$SCREEN"                # nothing there: not started

# --- Student code that crashes, floods its output or writes terminal escapes: a result like
# any other, and the screen stays whole (its output never reaches the terminal). ---
for v in crash:'crash' flood:'output limit' chatty:'expected: 4'; do
	variant "${v%%:*}" >"$TEST_TMP/add.c" && mv "$TEST_TMP/add.c" "$W/01-adder/add.c" ||
		exit 99
	wait_for "${v#*:}" 60
	wait_for '^>E01 adder +failing ' 60
	expect_grep '^proclab  '"$W"'( |$)' "$SCREEN"
	expect_grep 'Progress: \[' "$SCREEN"
	expect_grep 'n next +h hint' "$SCREEN"
done

# --- A check that fails by itself (here: the manifest broken behind the dashboard's back) is
# reported; the dashboard goes on. ---
cp "$PROCLAB_MANIFEST" "$TEST_TMP/manifest.saved" || exit 99
echo '{ "format": 1, "exercises": [' >"$PROCLAB_MANIFEST"
tm send-keys -t w r
wait_for 'The check failed \(exit 3\)' 60
cp "$TEST_TMP/manifest.saved" "$PROCLAB_MANIFEST" || exit 99

# --- The file replaced by a good solution: checked again by itself, passed. ---
variant good >"$TEST_TMP/add.c" && mv "$TEST_TMP/add.c" "$W/01-adder/add.c" || exit 99
wait_for 'Checked [0-9:]+: 8/8 points' 60
expect_grep 'Progress: \[#+\] 1/1 exercises passed' "$SCREEN"
expect_grep '^>E01 adder +passed +8/8 ' "$SCREEN"
expect_grep 'State: passed, 8/8 points \(checked' "$SCREEN"
expect_grep 'PASS two plus two +2/2' "$SCREEN"
expect_grep 'PASS sum in a child +3/3' "$SCREEN"
expect_grep 'Every test passes\.' "$SCREEN"
expect_grep '01-adder passes every test' "$SCREEN"
expect_no_grep 'FAIL' "$SCREEN"
expect_grep '^result 01-adder passed 8/8 ' "$W/.proclab-state"

# --- 'r' checks again now. A fast check's "Checking" line can come and go between two looks
# at the screen: a new "Checked" time proves the re-run too. ---
old=$(grep -Eo 'Checked [0-9:]+' "$SCREEN" | head -n 1)
sleep 1         # the re-run's time differs from the last check's
tm send-keys -t w r
end=$(($(date +%s) + 60))
while :; do
	screen
	grep -q 'Checking 01-adder again' "$SCREEN" && break
	new=$(grep -Eo 'Checked [0-9:]+' "$SCREEN" | head -n 1)
	[ -n "$new" ] && [ "$new" != "$old" ] && break
	[ "$(date +%s)" -lt "$end" ] || {
		sed 's/^/  | /' "$SCREEN" >&2
		fail "'r': no check again after 60 s (last: $old)"
	}
	sleep 0.2
done
wait_for 'Checked [0-9:]+: 8/8 points' 60

# --- A save is noticed through inotify: the dashboard's inotify descriptor watches the
# exercise's folder (its fdinfo lists the folder's inode), and an editor's burst of writes
# there is checked again with no key pressed. The bound is generous: it proves that the
# re-check happens, not how fast. ---
ino=$(printf '%x' "$(stat -c %i "$W/01-adder")") || exit 99
grep -Eqs "^inotify wd:[0-9]+ ino:$ino " /proc/"$WATCH_PID"/fdinfo/* ||
	fail "the dashboard has no inotify watch on $W/01-adder"
for i in 1 2 3; do
	variant wrong >"$W/01-adder/add.c" || exit 99
done
wait_for 'add\.c changed: checking it again|Checking 01-adder|Checked [0-9:]+: [0-7]/8 points' 15
wait_for 'Checked [0-9:]+: [0-7]/8 points' 60
expect_grep 'FAIL two plus two' "$SCREEN"
variant good >"$W/01-adder/add.c" || exit 99
wait_for 'Checked [0-9:]+: 8/8 points' 60

# --- 'q' quits: exit 0, no process left. ---
quit_watch "q"

# --- 'q' while a check is running (a solution that loops): everything stops. NO_COLOR. The
# header says it is checking, and for how long. ---
variant loop >"$W/01-adder/add.c"
start_watch NO_COLOR=1 -- 1 --dir "$W"
wait_for 'Checking 01-adder .* [0-9]+ s \(Esc stops it\)' 30
expect_grep '^proclab  .* checking 01-adder [0-9]+ s ' "$SCREEN"
screen -e
! grep -q "$(printf '\033')\\[3[0-7]m" "$SCREEN" || fail "colors despite NO_COLOR"
pgrep -f -- "--format json --dir $W" >/dev/null || fail "no check running while 'Checking'"
quit_watch "q during a check"

# --- Esc stops that check without waiting for it, and the screen says so; Ctrl-C quits
# (exit 0) with the terminal as it was and nothing left behind. ---
start_watch -- 1 --dir "$W"
wait_for 'Checking 01-adder' 30
tm send-keys -t w Escape
wait_for 'Stopped checking 01-adder\.' 10
end=$(($(date +%s) + 10))
while pgrep -f -- "--format json --dir $W" >/dev/null; do
	[ "$(date +%s)" -lt "$end" ] || fail "Esc: the check still runs after 10 s"
	sleep 0.2
done
expect_no_grep '^proclab .* checking 01-adder' "$SCREEN"      # the header
tm send-keys -t w r                     # and 'r' starts it again
wait_for 'Checking 01-adder' 30
tm send-keys -t w C-c
wait_exit 10
[ "$EXIT_STATUS" = 0 ] || fail "Ctrl-C: the dashboard exited $EXIT_STATUS"
no_leftovers 10

# --- --manual-run: no file watching (no inotify descriptor); 'r' checks. ---
variant good >"$W/01-adder/add.c" || exit 99
start_watch -- 1 --dir "$W" --manual-run
wait_for 'Checked [0-9:]+: 8/8 points' 60
expect_grep 'manual: r checks' "$SCREEN"
! grep -qs '^inotify' /proc/"$WATCH_PID"/fdinfo/* || fail "--manual-run: an inotify watch"
variant wrong >"$W/01-adder/add.c" || exit 99
tm send-keys -t w r
wait_for 'Checked [0-9:]+: [0-7]/8 points' 60
quit_watch "q (--manual-run)"

# --- Where inotify cannot be had (here: inotify_init1 made to fail, as where the kernel has
# no watches left): the files are still looked at, once a second, and a save is checked. ---
if [ -n "${CC:-}" ] || command -v cc >/dev/null 2>&1; then
	cat >"$TEST_TMP/noinotify.c" <<'C'
#include <errno.h>
#include <stdlib.h>
/* the dashboard's children (its checks) do not inherit this */
__attribute__((constructor)) static void forget(void) { unsetenv("LD_PRELOAD"); }
int inotify_init1(int flags) { (void)flags; errno = EMFILE; return -1; }
C
	${CC:-cc} -shared -fPIC -o "$TEST_TMP/noinotify.so" "$TEST_TMP/noinotify.c" ||
		fail "cannot build the inotify_init1 shim"
	variant wrong >"$W/01-adder/add.c" || exit 99
	start_watch LD_PRELOAD="$TEST_TMP/noinotify.so" -- 1 --dir "$W"
	wait_for 'Checked [0-9:]+: [0-7]/8 points' 60
	! grep -qs '^inotify' /proc/"$WATCH_PID"/fdinfo/* ||
		fail "the shim did not keep inotify away from the dashboard"
	variant good >"$W/01-adder/add.c" || exit 99
	wait_for 'Checked [0-9:]+: 8/8 points' 60
	quit_watch "q (no inotify)"
else
	note "no C compiler: the stat() fallback is not tested"
fi

# --- The lab's own exercise 01: the stub fails; the reference solution passes. ---
unset PROCLAB_MANIFEST
ex=$top_srcdir/exercises/01-fork-join
[ -f "$ex/fork_join.c" ] && [ -f "$top_srcdir/solutions/01-fork-join/fork_join.c" ] ||
	fail "exercise 01-fork-join or its reference solution is missing"
W=$TEST_TMP/lab
mkdir -p "$W/01-fork-join" || exit 99
cp "$ex/fork_join.c" "$ex/fork_join.h" "$ex/README.md" "$W/01-fork-join/" || exit 99
start_watch -- 1 --dir "$W"
wait_for 'Checked [0-9:]+: 0/11 points' 90
expect_grep '^>E01 fork-join +new +-/11 ' "$SCREEN"
expect_grep 'FAIL one worker that returns 7' "$SCREEN"
expect_grep 'wrong answer: run_workers' "$SCREEN"
expect_grep 'File: 01-fork-join/fork_join\.c' "$SCREEN"
cp "$top_srcdir/solutions/01-fork-join/fork_join.c" "$W/01-fork-join/fork_join.c" || exit 99
wait_for 'Checked [0-9:]+: 11/11 points' 90
expect_grep '^>E01 fork-join +passed +11/11 ' "$SCREEN"
expect_grep ' 1/[0-9]+ exercises passed' "$SCREEN"
# the lab's teaching order: fork-join after lesson 03, then lesson 04
tm send-keys -t w n
wait_for '^>L04 copied-values ' 10
wait_for '^ E01 fork-join +passed +11/11 ' 10
tm send-keys -t w p
wait_for '^>E01 fork-join +passed' 10
# the whole list: 'l', two down, Enter: lesson 05 selected
tm send-keys -t w l
wait_for 'up/down choose +Enter/l back' 10
tm send-keys -t w Down Down Enter
wait_for '^>L05 shared-value ' 10
wait_for 'n next +h hint' 10
quit_watch "q"

# the terminal closed under it (its window; here tmux's server): it ends and cleans up, it
# does not spin at full CPU for ever
start_watch -- 1 --dir "$W"
wait_for 'Checked [0-9:]+: 11/11 points' 90
tm kill-server
no_leftovers 10
exit 0
