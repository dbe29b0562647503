# SPDX-License-Identifier: MIT
# Lesson 09: Value/Array with get_lock(): exact with the lock, lost updates without.
. "$top_srcdir/tests/lib.sh"
L=$LESSONS/09-get-lock
out=$TEST_TMP/last
zeros='^\[0, 0, 0, 0, 0, 0, 0, 0, 0, 0\]$'

# usage
expect_status 0 "$L" --help
expect_grep '^Usage: 09-get-lock ' "$out"
expect_grep 'no-lock' "$out"
bad() {  # bad ARG... : exit 2, exactly the message line and the Try line
	local msg=$1; shift
	expect_status 2 "$L" "$@"
	[ "$(wc -l <"$out")" -eq 2 ] || { cat "$out" >&2; fail "'$*': expected 2 lines on stderr"; }
	expect_grep "^09-get-lock: $msg\$" "$out"
	expect_grep "^Try '09-get-lock --help'\.\$" "$out"
}
bad "--trials: 'abc' is not a whole number from 1 to 10000" --trials abc
bad "--trials: '0' is not a whole number from 1 to 10000" --trials 0
bad "--trials: '5x' is not a whole number from 1 to 10000" --trials 5x
bad "--think-ms: '-1' is not a whole number from 0 to 10000" --think-ms -1
bad "--think-ms: '99999999999999999999' is not a whole number from 0 to 10000" --think-ms 99999999999999999999
bad "unknown or ambiguous option '--bogus'" --bogus
bad "option '--trials' needs a value" --trials
bad "unexpected argument 'extra'" --quick extra
bad "option '--no-lock' takes no value" --no-lock=yes
bad "unknown option '-x'" -x

# the notebook's cells, with the lock: 0.0 and ten zeros
expect_status 0 "$L" --quick
[ "$(sed -n 1p "$out")" = "0.0" ] || fail "first line is not 0.0: $(sed -n 1p "$out")"
sed -n 2p "$out" | grep -Eq "$zeros" || fail "second line is not ten zeros: $(sed -n 2p "$out")"
[ -z "$(sed -n 3p "$out")" ] || fail "no blank line before the explanation"
expect_grep 'lock' "$out"
# the join() and the print the slide's Value cell lacks are added, and the lesson says so
expect_grep "^Notebook 004's Value cell starts both processes but never joins them \(its$" "$out"
expect_grep '^prints nothing: this lesson waits for both children of each cell \(waitpid\)$' "$out"

# locked: exact on every trial, even with think time inside the critical section
expect_status 0 "$L" --trials 20 --think-ms 1
[ "$(grep -c '^0\.0$' "$out")" -eq 20 ] || fail "locked value was not 0.0 on all 20 trials"
[ "$(grep -Ec "$zeros" "$out")" -eq 20 ] || fail "locked array was not all zeros on all 20 trials"
expect_grep '^value ranged 0\.0\.\.0\.0; correct \(0\.0\) in 20 of 20 trials$' "$out"
expect_grep '^array all zeros in 20 of 20 trials$' "$out"

# no lock: both processes start together and think 50 ms between their first read and
# write, so both read the same value and an update is lost on EVERY trial.
expect_status 0 "$L" --no-lock --trials 8 --think-ms 50
expect_grep '^value ranged .*; correct \(0\.0\) in 0 of 8 trials$' "$out"
expect_grep '^array all zeros in 0 of 8 trials$' "$out"
[ "$(grep -c '^0\.0$' "$out")" -eq 0 ] || fail "an unlocked trial printed 0.0"
expect_grep 'Without the lock' "$out"
# The explanation counts this run's outcomes: the trials it says ended at +-100000.0 and
# elsewhere are the value lines printed above, and none is said to have ended at 0.0.
wiped=$(grep -Ec '^-?100000\.0$' "$out")
others=$((8 - wiped))
expect_grep 'thought 50 ms between the read and the write of its first update' "$out"
if [ "$wiped" -gt 0 ]; then
	expect_grep "^Trials whose value ended at exactly \+100000\.0 or -100000\.0: $wiped of 8\.$" "$out"
else
	expect_no_grep '^Trials whose value ended at exactly' "$out"
fi
if [ "$others" -gt 0 ]; then
	expect_grep "^Trials whose value ended neither at 0\.0 nor at \+/-100000\.0: $others of 8\.$" "$out"
else
	expect_no_grep '^Trials whose value ended neither' "$out"
fi
expect_no_grep 'still ended at 0\.0' "$out"

# --think-ms 0: nobody thinks, and the explanation does not say anyone did; the trials
# that came out 0.0 are said to be a right total that proves nothing.
expect_status 0 "$L" --no-lock --trials 4 --think-ms 0
expect_grep 'a few$' "$out"
expect_grep '^nanoseconds apart with --think-ms 0\.' "$out"
expect_no_grep 'thought|thinks' "$out"
zero=$(grep -c '^0\.0$' "$out")
if [ "$zero" -gt 0 ]; then
	expect_grep "^Trials whose value still ended at 0\.0: $zero of 4\." "$out"
else
	expect_no_grep 'still ended at 0\.0' "$out"
fi
exit 0
