#!/bin/sh
# SPDX-License-Identifier: MIT
# Lesson 08: +10 and -5 on a shared array under a lock: [5, ..., 14]; --no-lock loses updates.
. "$top_srcdir/tests/lib.sh"
L="$LESSONS/08-shared-array"
[ -x "$L" ] || fail "$L was not built"

bad() {
	pat=$1
	shift
	"$L" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	st=$?
	[ "$st" -eq 2 ] || fail "'$*' exited $st, expected 2"
	[ ! -s "$TEST_TMP/out" ] || fail "'$*' printed on stdout"
	[ "$(wc -l <"$TEST_TMP/err")" -eq 2 ] || { cat "$TEST_TMP/err" >&2; fail "'$*': stderr is not 2 lines"; }
	expect_grep "^08-shared-array: $pat" "$TEST_TMP/err"
	expect_grep "^Try '08-shared-array --help'\.$" "$TEST_TMP/err"
}

initial='Initial Value: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]'
final='Final value: [5, 6, 7, 8, 9, 10, 11, 12, 13, 14]'

expect_status 0 "$L" --help
expect_grep '^Usage: 08-shared-array' "$TEST_TMP/last"

# The notebook's cell: its two lines, then a blank line.
out=$TEST_TMP/run
"$L" --quick >"$out" 2>"$TEST_TMP/err" || fail "--quick exited $?"
[ ! -s "$TEST_TMP/err" ] || { cat "$TEST_TMP/err" >&2; fail "stderr not empty"; }
[ "$(sed -n 1p "$out")" = "$initial" ] || { cat "$out" >&2; fail "line 1 is not '$initial'"; }
[ "$(sed -n 2p "$out")" = "$final" ] || { cat "$out" >&2; fail "line 2 is not '$final'"; }
[ "$(sed -n 3p "$out")" = "" ] || fail "line 3 is not blank"
expect_grep '^lost updates: 0 of 20 ' "$out"

# --no-lock --quick: one trial of each placement, well under 2 s.
"$L" --no-lock --quick >"$out" 2>&1 || fail "--no-lock --quick exited $?"
[ "$(grep -c '^Final value' "$out")" -eq 2 ] || { cat "$out" >&2; fail "not 2 'Final value' lines"; }
# (2 ms is short enough for a loaded machine to separate the two: only the shape here)
expect_grep '^read, sleep, write: lost updates: [0-9]+ of 20 ' "$out"
expect_grep '^Right in (no|the one) trial, ' "$out"

# Under the lock: exact on every trial.
"$L" --trials 15 --think-ms 1 >"$out" 2>&1 || fail "--trials 15 exited $?"
[ "$(grep -cF "$final	(trial " "$out")" -eq 15 ] || { cat "$out" >&2; fail "not 15 exact trials"; }
[ "$(grep -c '^Final value' "$out")" -eq 15 ] || fail "more than 15 'Final value' lines"
expect_grep '^lost updates: 0\.\.0 of 20 per trial; correct in 15 of 15 trials\.$' "$out"

# --no-lock: first the notebook's own placement (sleep, then +=), counted and
# reported as counted; then the widened window (read, sleep 15 ms, write back),
# where the two processes read element 0 together: every trial loses updates.
# Every element is still i + 5, i + 10 or i - 5, nothing else.
"$L" --no-lock --trials 6 --think-ms 15 >"$out" 2>&1 || fail "--no-lock exited $?"
[ "$(sed -n 1p "$out")" = "$initial" ] || { cat "$out" >&2; fail "line 1 is not '$initial'"; }
[ "$(grep -c '^Final value' "$out")" -eq 12 ] || { cat "$out" >&2; fail "not 6 + 6 'Final value' lines"; }
if sed -n 8,13p "$out" | grep -qF "$final"; then
	cat "$out" >&2
	fail "a widened --no-lock trial came out right although both processes read element 0 together"
fi
expect_grep '^read, sleep, write: lost updates: [0-9]+\.\.[0-9]+ of 20 per trial; correct in 0 of 6 trials\.$' "$out"
expect_grep '^Right in none of the 6 trials, [1-9][0-9]*\.\.[0-9]+ of 20 updates lost per trial:$' "$out"
# The notebook's placement: whatever the count, the summary and the words say it.
nb=$(sed -n 2,7p "$out" | grep -cF "$final")
expect_grep "^sleep, then \+=:     lost updates: [0-9]+\.\.[0-9]+ of 20 per trial; correct in $nb of 6 trials\.\$" "$out"
case $nb in
6) expect_grep '^nanoseconds apart\. Right in all 6 trials: ' "$out" ;;
0) expect_grep '^nanoseconds apart\. Right in none of the 6 trials, ' "$out" ;;
*) expect_grep "^nanoseconds apart\. Right in $nb of 6 trials, " "$out" ;;
esac
# The old text moved the sleep without saying so and explained one fixed story.
expect_grep "^First the notebook's own cell with 'with lock:' removed: each process$" "$out"
expect_grep '^Then the window widened: read the element, sleep 15 ms, write back\.$' "$out"
expect_grep 'right in 8 of 10 runs, 9 of 10 with Array\(lock=False\)' "$out"
expect_no_grep '^Without the lock both processes read element i at the same moment' "$out"
sed -n 's/^Final value: \[\(.*\)\].*/\1/p' "$out" | tr -d ',' | while read -r a0 a1 a2 a3 a4 a5 a6 a7 a8 a9; do
	i=0
	for v in $a0 $a1 $a2 $a3 $a4 $a5 $a6 $a7 $a8 $a9; do
		[ "$v" -eq $((i + 5)) ] || [ "$v" -eq $((i + 10)) ] || [ "$v" -eq $((i - 5)) ] ||
		    fail "element $i is $v: not $((i + 5)), $((i + 10)) or $((i - 5))"
		i=$((i + 1))
	done
	[ $i -eq 10 ] || fail "not 10 elements"
done || exit 1

bad "--think-ms: 'x' is not a whole number from 0 to 10000" --think-ms x
bad "--trials: '-3' is not a whole number from 1 to 10000" --trials -3
bad "option '--no-lock' takes no value" --no-lock=yes
bad "unknown or ambiguous option '--seed'" --seed 1
exit 0
