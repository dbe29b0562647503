#!/bin/sh
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

# Under the lock: exact on every trial.
"$L" --trials 15 --think-ms 1 >"$out" 2>&1 || fail "--trials 15 exited $?"
[ "$(grep -cF "$final	(trial " "$out")" -eq 15 ] || { cat "$out" >&2; fail "not 15 exact trials"; }
[ "$(grep -c '^Final value' "$out")" -eq 15 ] || fail "more than 15 'Final value' lines"
expect_grep '^lost updates: 0\.\.0 of 20 per trial; correct in 15 of 15 trials\.$' "$out"

# Without it, with 15 ms between each read and write, the two processes read
# element 0 together: every trial loses at least one update. Every element is
# still i + 5, i + 10 or i - 5, nothing else.
"$L" --no-lock --trials 6 --think-ms 15 >"$out" 2>&1 || fail "--no-lock exited $?"
[ "$(sed -n 1p "$out")" = "$initial" ] || { cat "$out" >&2; fail "line 1 is not '$initial'"; }
[ "$(grep -c '^Final value' "$out")" -eq 6 ] || { cat "$out" >&2; fail "not 6 'Final value' lines"; }
if grep -qF "$final" "$out"; then
	cat "$out" >&2
	fail "a --no-lock trial came out right although both processes read element 0 together"
fi
expect_no_grep 'lost updates: 0 of 20' "$out"
expect_grep '^lost updates: [0-9]+\.\.[0-9]+ of 20 per trial; correct in 0 of 6 trials\.$' "$out"
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
