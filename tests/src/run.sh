# SPDX-License-Identifier: MIT
# proclab run N TEST: one run of one test on the student's code, with everything it printed
# and reported shown whole, the verdict the grader gives, and the same inputs for the same
# --seed and --run; under gdb when asked.
. "$top_srcdir/tests/lib.sh"

expect_status 0 "$PROCLAB" init "$TEST_TMP/w"
W=$TEST_TMP/w/03-bank-balance
cp "$top_srcdir/solutions/03-bank-balance/bank.c" "$W/"

# Bad input: one clear message, exit 2.
run "$TEST_TMP/out" "$PROCLAB" run 3 --dir "$TEST_TMP/w"
[ "$status" -eq 2 ] || fail "run with no test exited $status, not 2"
expect_grep "which exercise and which test\\?" "$TEST_TMP/out"
run "$TEST_TMP/out" "$PROCLAB" run 3 nosuch --dir "$TEST_TMP/w"
[ "$status" -eq 2 ] || fail "run 3 nosuch exited $status, not 2"
expect_grep "^proclab: 03-bank-balance has no test 'nosuch' \\(its tests: 1 init, 2 one_deposit, " "$TEST_TMP/out"
run "$TEST_TMP/out" "$PROCLAB" run 3 race_5_and_5 --run 99 --dir "$TEST_TMP/w"
[ "$status" -eq 2 ] || fail "--run 99 exited $status, not 2"
expect_grep "^proclab: --run: '99' is not a run of test race_5_and_5: give 1 to [0-9]+$" "$TEST_TMP/out"

# The reference passes, and everything is shown: inputs, outputs, the report, the verdict.
expect_status 0 "$PROCLAB" run 3 race_5_and_5 --seed 5 --run 2 --dir "$TEST_TMP/w"
cp "$TEST_TMP/last" "$TEST_TMP/ref"
expect_grep "^03-bank-balance, test race_5_and_5 \\(.*\\), run 2 of [0-9]+: the run 'proclab check 3 --seed 5' makes$" "$TEST_TMP/ref"
expect_grep "^the judge's inputs: .*amounts_1=" "$TEST_TMP/ref"
expect_grep "^--- its report to the judge \\(descriptor 3\\) ---$" "$TEST_TMP/ref"
expect_grep "^report balances 350" "$TEST_TMP/ref"
expect_grep "^done$" "$TEST_TMP/ref"
expect_grep "^PASS passed$" "$TEST_TMP/ref"
# The same seed and run, the same inputs; another run, other inputs.
expect_status 0 "$PROCLAB" run 3 3 --seed 5 --run 2 --dir "$TEST_TMP/w"
[ "$(grep "^the judge's inputs" "$TEST_TMP/last")" = "$(grep "^the judge's inputs" "$TEST_TMP/ref")" ] ||
	fail "the same --seed and --run gave other inputs"
expect_status 0 "$PROCLAB" run 3 3 --seed 5 --run 3 --dir "$TEST_TMP/w"
[ "$(grep "^the judge's inputs" "$TEST_TMP/last")" != "$(grep "^the judge's inputs" "$TEST_TMP/ref")" ] ||
	fail "another --run gave the same inputs"

# A student's printf shows up, whole.
sed 's/^deposit(struct account \*a, long amount)$/&\n{ printf("deposit %ld here\\n", amount); }\nstatic void unused_deposit(struct account *a, long amount)/' \
	"$top_srcdir/solutions/03-bank-balance/bank.c" >"$W/bank.c"
grep -q 'deposit %ld here' "$W/bank.c" || fail "the planted printf is not in bank.c"
run "$TEST_TMP/out" "$PROCLAB" run 3 one_deposit --seed 1 --dir "$TEST_TMP/w"
[ "$status" -eq 1 ] || fail "a deposit that only prints exited $status, not 1"
expect_grep '^--- your program.s standard output ---$' "$TEST_TMP/out"
expect_grep '^deposit [0-9]+ here$' "$TEST_TMP/out"
expect_grep '^FAIL wrong answer: ' "$TEST_TMP/out"

# A crash: the verdict names the line; the runtime's crash line is not shown as output.
cp "$top_srcdir/solutions/03-bank-balance/bank.c" "$W/"
(cd "$W" && patch -s bank.c <"$top_srcdir/tests/exercises/03-bank-balance/wrong-null-withdraw/bank.c.patch") ||
	fail "the crash patch does not apply"
run "$TEST_TMP/out" "$PROCLAB" run 3 one_deposit --seed 1 --dir "$TEST_TMP/w"
[ "$status" -eq 1 ] || fail "a crashing withdraw exited $status, not 1"
expect_grep '^FAIL crashed: the test crashed with SIGSEGV .*Where it crashed: withdraw \(bank\.c:[0-9]+\)\.$' "$TEST_TMP/out"
expect_no_grep '^proclab-crash ' "$TEST_TMP/out"

# Under gdb: the commands on standard input, the crash seen where it happened; no verdict
# for a run gdb did not let finish, the judge's for one it did.
command -v gdb >/dev/null || skip "no gdb"
printf 'run\nbt\nquit\ny\n' | "$PROCLAB" run 3 one_deposit --seed 1 --gdb --dir "$TEST_TMP/w" \
	>"$TEST_TMP/gdb" 2>&1 || status=$?
expect_grep 'SIGSEGV' "$TEST_TMP/gdb"
expect_grep 'in withdraw \(.*\) at bank\.c:[0-9]+' "$TEST_TMP/gdb"
expect_grep "^none: the run did not finish under gdb" "$TEST_TMP/gdb"
cp "$top_srcdir/solutions/03-bank-balance/bank.c" "$W/"
printf 'run\nquit\n' | "$PROCLAB" run 3 one_deposit --seed 1 --gdb --dir "$TEST_TMP/w" \
	>"$TEST_TMP/gdb" 2>&1 || fail "the reference under gdb did not pass: $(tail -3 "$TEST_TMP/gdb")"
expect_grep '^PASS passed$' "$TEST_TMP/gdb"
