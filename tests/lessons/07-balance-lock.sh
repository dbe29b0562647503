#!/bin/sh
# SPDX-License-Identifier: MIT
# Lesson 07: the same deposits and withdrawals under a process-shared lock: 350 every time.
. "$top_srcdir/tests/lib.sh"
L="$LESSONS/07-balance-lock"
[ -x "$L" ] || fail "$L was not built"

bad() {
	pat=$1
	shift
	"$L" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	st=$?
	[ "$st" -eq 2 ] || fail "'$*' exited $st, expected 2"
	[ ! -s "$TEST_TMP/out" ] || fail "'$*' printed on stdout"
	[ "$(wc -l <"$TEST_TMP/err")" -eq 2 ] || { cat "$TEST_TMP/err" >&2; fail "'$*': stderr is not 2 lines"; }
	expect_grep "^07-balance-lock: $pat" "$TEST_TMP/err"
	expect_grep "^Try '07-balance-lock --help'\.$" "$TEST_TMP/err"
}

expect_status 0 "$L" --help
expect_grep '^Usage: 07-balance-lock' "$TEST_TMP/last"

# The think time that makes lesson 06 wrong on every trial: exact here on every trial.
out=$TEST_TMP/lock
"$L" --trials 20 --think-ms 2 >"$out" 2>"$TEST_TMP/err" || fail "exited $?"
[ ! -s "$TEST_TMP/err" ] || { cat "$TEST_TMP/err" >&2; fail "stderr not empty"; }
[ "$(grep -c '^Final Balance = 350	(trial [0-9]*: lost updates: 0 of 10)$' "$out")" -eq 20 ] || {
	cat "$out" >&2
	fail "not 20 trials with Final Balance = 350 and no lost update"
}
[ "$(grep -c '^Final Balance' "$out")" -eq 20 ] || fail "more than 20 'Final Balance' lines"
expect_grep '^lost updates: 0\.\.0 of 10 per trial; final balance ranged 350\.\.350; correct \(350\) in 20 of 20 trials\.$' "$out"

# The notebook's own cell: one run, one line.
"$L" --trials 1 --think-ms 20 >"$out" 2>&1 || fail "--trials 1 exited $?"
[ "$(sed -n 1p "$out")" = "Final Balance = 350" ] || { cat "$out" >&2; fail "first line is not 'Final Balance = 350'"; }
[ "$(sed -n 2p "$out")" = "" ] || fail "no blank line after the notebook's output"
expect_grep '^lost updates: 0 of 10; expected 350, got 350\.$' "$out"

expect_status 0 "$L" --quick
expect_grep 'correct \(350\) in 3 of 3 trials' "$TEST_TMP/last"

bad "--trials: '' is not a whole number from 1 to 10000" --trials=
bad "--trials: '10001' is not a whole number from 1 to 10000" --trials 10001
bad "--think-ms: ' 5' is not a whole number from 0 to 10000" --think-ms " 5"
bad "option '--think-ms' needs a value" --think-ms
bad "unknown or ambiguous option '--seed'" --seed 3
bad "unexpected argument 'now'" now
exit 0
