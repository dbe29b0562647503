#!/bin/sh
# SPDX-License-Identifier: MIT
# The home screen as a student meets it (tests/src/tmux.sh drives it; the checks: watch.sh):
#  - 'proclab' alone, on a terminal in a working copy, opens it, on the first item not done
#    (lesson 01 in a new copy); 'q' gives the terminal back as it was
#  - '?' the keys; '/' finds an item, Esc comes back; Enter runs a lesson, its output in the
#    pane, its run noted in .proclab-state; a long lesson shows it runs, Esc stops it, with
#    nothing left behind
#  - 'x' asks first: 'n' leaves the file, 'y' puts the stub back and keeps the student's as
#    add.c.~1~; 'c' checks everything, says so, and 'c' again stops it
#  - the last known state shows at once from .proclab-state: a passed exercise as passed
#    with no check run; one changed since as passed* while the screen says it is checking
#  - UTF-8 where the locale has it, ASCII where not
#  - not on a terminal, 'proclab' prints the catalog with each state; outside a working copy,
#    the usage as ever
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
. "$top_srcdir/tests/src/tmux.sh"

make_fixture
W=$TEST_TMP/wc
expect_status 0 "$PROCLAB" init "$W"

# --- 'proclab' alone on a terminal: the home screen, at lesson 01. ---
start_home "$W"
wait_for '^>L01 processes-vs-th' 10
expect_grep '^proclab  '"$W"'( |$)' "$SCREEN"
expect_grep 'Lesson 01: Processes vs threads' "$SCREEN"
expect_grep 'State: not run yet' "$SCREEN"
expect_grep '^ E01 adder +new +-/8 ' "$SCREEN"
expect_no_grep 'checking' "$SCREEN"           # a stub needs no check to be "new"

# --- '?': the keys; any key closes them. ---
tm send-keys -t w '?'
wait_for 'The keys' 10
expect_grep 'x +reset the exercise to its stub' "$SCREEN"
expect_grep '/ +search the list' "$SCREEN"
expect_grep 'v +the race viewer: the failed race test' "$SCREEN"
tm send-keys -t w Space
wait_for 'n next +h hint' 10
expect_no_grep 'The keys' "$SCREEN"

# --- '/': typing selects the first match, Esc goes back; Enter stays there. ---
tm send-keys -t w / c o s t
wait_for '^>L17 costs ' 10
expect_grep '^/cost ' "$SCREEN"
tm send-keys -t w Escape
wait_for '^>L01 processes-vs-th' 10
tm send-keys -t w / c o p i
wait_for '^>L04 copied-values ' 10
tm send-keys -t w Enter
wait_for 'Lesson 04: Values are copied \(Enter runs it\)' 10

# --- Enter runs the lesson: its output in the pane, its run noted. ---
tm send-keys -t w Enter
wait_for 'Lesson 04 ran in [0-9.]+ s' 30
# The pane follows the end: the source named, its path wrapped as the pane's width wants.
pane=$(sed -n 's/^[^|]*|//; s/ *$//p' "$SCREEN" | tr -d '\n')
case $pane in
*/lessons/04-copied-values.c*) ;;
*) fail "Enter: the pane does not end with the lesson's source path: $pane" ;;
esac
expect_grep '^>L04 copied-values +ran ' "$SCREEN"
tm send-keys -t w Home
wait_for 'Ran in [0-9.]+ s\.' 10
expect_grep 'resultado da funcao1' "$SCREEN"
expect_grep '^lesson 04-copied-values ran [0-9T:-]+Z$' "$W/.proclab-state"

# --- A long lesson: the screen says it runs; Esc stops it and all its processes. ---
tm send-keys -t w / c o s t s Enter
wait_for '^>L17 costs ' 10
tm send-keys -t w Enter
wait_for 'lesson 17 running' 10
expect_grep 'Running .* [0-9]+ s \(Esc stops it\)' "$SCREEN"
tm send-keys -t w Escape
wait_for 'Lesson 17 stopped after [0-9.]+ s' 10
lessons=$(cd "$LESSONS" && pwd -P)
end=$(($(date +%s) + 10))
while pgrep -f -- "$lessons/17-costs" >/dev/null; do
	[ "$(date +%s)" -lt "$end" ] || fail "Esc: lesson 17 still runs after 10 s"
	sleep 0.2
done
expect_no_grep '^lesson 17-costs' "$W/.proclab-state"        # a stopped run is not a run
quit_watch "q (proclab alone)"

# --- 'x' asks; 'n' leaves the student's file; 'y' puts the stub back, theirs kept. ---
variant good >"$W/01-adder/add.c" || exit 99
cp "$W/01-adder/add.c" "$TEST_TMP/mine.c" || exit 99
start_watch -- 1 --dir "$W"
wait_for 'Checked [0-9:]+: 8/8 points' 60
tm send-keys -t w x
wait_for 'Reset add\.c to the stub\? Yours is kept as add\.c\.~N~ \(y/n\)' 10
expect_grep 'y: reset it +any other key: keep your file' "$SCREEN"
tm send-keys -t w n
wait_for 'Not reset: your add\.c is as it was\.' 10
cmp -s "$W/01-adder/add.c" "$TEST_TMP/mine.c" || fail "'n' changed the file"
[ ! -e "$W/01-adder/add.c.~1~" ] || fail "'n' made a backup"
tm send-keys -t w x
wait_for '\(y/n\)' 10
tm send-keys -t w y
wait_for '^>E01 adder +new ' 30
cmp -s "$W/01-adder/add.c.~1~" "$TEST_TMP/mine.c" || fail "'y' did not keep the file"
cmp -s "$W/01-adder/add.c" "$FX/01-adder/add.c" || fail "'y' did not put the stub back"
# a second reset keeps the first backup and makes the next one; a check that ends while
# the question is up does not hide it (CI once saw the check's result in its place)
wait_for 'Checked [0-9:]+: 0/8 points' 60
tm send-keys -t w x
wait_for '\(y/n\)' 10
variant wrong >"$W/01-adder/add.c" || exit 99
wait_for '^>E01 adder +failing ' 60
expect_grep 'Reset add\.c to the stub\? Yours is kept as add\.c\.~N~ \(y/n\)' "$SCREEN"
tm send-keys -t w y
wait_for '^>E01 adder +new ' 30
[ -f "$W/01-adder/add.c.~2~" ] && cmp -s "$W/01-adder/add.c.~1~" "$TEST_TMP/mine.c" ||
	fail "the second reset did not keep add.c.~2~ beside add.c.~1~"

# --- 'c' checks every exercise, and the screen says so; 'c' again stops it. ---
# (a solution that loops: each check lasts a few seconds, until its CPU time limit)
variant loop >"$W/01-adder/add.c" || exit 99
wait_for 'Checked [0-9:]+: [0-7]/8 points' 60
tm send-keys -t w c
wait_for 'checking all: 1 of 1' 30
expect_grep 'Checking the 1 exercise \(Esc or c stops\)' "$SCREEN"
tm send-keys -t w c
wait_for 'Stopped: 0 of the 1 exercise checked\.' 10
quit_watch "q after check all"

# --- The last known state at once: a passed exercise, unchanged, shows passed and is not
# checked again; changed since, it shows passed* while the screen says it checks it. ---
variant good >"$W/01-adder/add.c" || exit 99
expect_status 0 "$PROCLAB" check 1 --dir "$W"
expect_grep '^result 01-adder passed 8/8 ' "$W/.proclab-state"
start_home "$W"
wait_for '^ E01 adder +passed +8/8 ' 10
expect_grep '1/1 exercises passed' "$SCREEN"
expect_no_grep 'checking' "$SCREEN"
! pgrep -f -- "--format json --dir $W" >/dev/null || fail "an unchanged exercise checked again"
quit_watch "q (state at once)"
# slower: each call sleeps, so that the check lasts a few seconds
variant good | sed 's/{ return/{ usleep(600000); return/' >"$W/01-adder/add.c" || exit 99
grep -q usleep "$W/01-adder/add.c" || exit 99
start_home "$W"
wait_for 'checking 01-adder [0-9]+ s' 30
expect_grep '^ E01 adder +passed ' "$SCREEN"     # the last known state, meanwhile
wait_for '^ E01 adder +passed +8/8 ' 90
quit_watch "q (state changed)"

# --- UTF-8 where the locale has it: the progress bar's blocks; ASCII otherwise (above). ---
start_home "$W" LC_ALL=C.UTF-8
wait_for 'Progress: ' 10
grep -q '█' "$SCREEN" || fail "no UTF-8 progress bar under C.UTF-8"
quit_watch "q (UTF-8)"

# --- Not on a terminal: the catalog with each state, as plain text. ---
(cd "$W" && "$PROCLAB") </dev/null >"$TEST_TMP/catalog" 2>&1 ||
	fail "'proclab' off a terminal failed"
expect_grep "^Your progress in $W: 1 of 1 exercises passed, 8/8 points, 1 of 17 lessons run\.$" \
    "$TEST_TMP/catalog"
expect_grep '^  L04  copied-values +ran +Values are copied$' "$TEST_TMP/catalog"
expect_grep '^  L05  shared-value +not run +Shared value and flag$' "$TEST_TMP/catalog"
expect_grep '^  E01  adder +passed +8/8 +Adder$' "$TEST_TMP/catalog"
[ "$(grep -cE '^  [LE][0-9]{2}  ' "$TEST_TMP/catalog")" -eq 18 ] ||
	fail "the catalog should list 17 lessons and 1 exercise"
variant stub >"$W/01-adder/add.c" || exit 99
(cd "$W/01-adder" && "$PROCLAB") >"$TEST_TMP/catalog" 2>&1 || fail "'proclab' off a terminal failed"
expect_grep '^  E01  adder +not started +-/8 +Adder$' "$TEST_TMP/catalog"
# deleting a line by hand forgets it
grep -v '^lesson 04' "$W/.proclab-state" >"$TEST_TMP/state" &&
	mv "$TEST_TMP/state" "$W/.proclab-state" || exit 99
(cd "$W" && "$PROCLAB") >"$TEST_TMP/catalog" 2>&1 || fail "'proclab' off a terminal failed"
expect_grep '^  L04  copied-values +not run ' "$TEST_TMP/catalog"
# outside a working copy: the usage
mkdir "$TEST_TMP/empty" || exit 99
(cd "$TEST_TMP/empty" && "$PROCLAB") >"$TEST_TMP/usage" 2>&1 || fail "'proclab' outside failed"
expect_grep '^usage: proclab COMMAND' "$TEST_TMP/usage"
exit 0
