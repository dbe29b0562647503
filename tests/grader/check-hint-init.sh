#!/bin/sh
# SPDX-License-Identifier: MIT
# proclab init makes a working copy (tasks, stubs, headers, README; no harness, no solution)
# and refuses a folder that is not empty; proclab hint shows the hints one by one, keeps the
# progress in .proclab-state, says when none is left; check points at the next hint.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
make_fixture
W=$TEST_TMP/wc

expect_status 0 "$PROCLAB" init "$W"
expect_grep "Made your working copy in $W: 1 exercise\\." "$TEST_TMP/last"
for f in README.md 01-adder/README.md 01-adder/add.c 01-adder/add.h; do
	[ -f "$W/$f" ] || fail "init did not make $f"
done
[ ! -e "$W/01-adder/test_add.c" ] || fail "init copied the harness"
cmp -s "$FX/01-adder/add.c" "$W/01-adder/add.c" || fail "init: add.c is not the stub"
expect_grep 'proclab check 1' "$W/README.md"
usage_msg="'$W' is not empty"
expect_status 2 "$PROCLAB" init "$W"
expect_grep "$usage_msg" "$TEST_TMP/last"
cmp -s "$FX/01-adder/add.c" "$W/01-adder/add.c" || fail "a refused init touched the copy"
# an existing empty folder is fine
mkdir "$TEST_TMP/empty"
expect_status 0 "$PROCLAB" init "$TEST_TMP/empty"

# The stub fails; check names the first hint.
cd "$W/01-adder" || exit 99
expect_status 1 "$PROCLAB" check 1
expect_grep "Stuck\\? 'proclab hint 1' shows hint 1 of 2" "$TEST_TMP/last"

expect_status 0 "$PROCLAB" hint 1
expect_grep '^Hint 1 of 2 for 01-adder' "$TEST_TMP/last"
expect_grep 'look at the plus sign' "$TEST_TMP/last"
expect_grep '^hints 01-adder 1$' "$W/.proclab-state"
expect_status 1 "$PROCLAB" check adder
expect_grep "shows hint 2 of 2" "$TEST_TMP/last"
expect_status 0 "$PROCLAB" hint adder
expect_grep '^Hint 2 of 2 for 01-adder' "$TEST_TMP/last"
expect_grep 'return a \+ b;' "$TEST_TMP/last"
expect_status 0 "$PROCLAB" hint 1
expect_grep 'No hints left for 01-adder: you have read all 2' "$TEST_TMP/last"
expect_status 0 "$PROCLAB" hint 1 --all
expect_grep '^Hint 1 of 2' "$TEST_TMP/last"
expect_grep '^Hint 2 of 2' "$TEST_TMP/last"
expect_status 1 "$PROCLAB" check 1
expect_grep "read all 2 hints" "$TEST_TMP/last"
# the state file is plain text; other lines survive an update
[ "$(grep -c '^hints 01-adder ' "$W/.proclab-state")" -eq 1 ] || fail "state: duplicate lines"
cd "$TEST_TMP" || exit 99
expect_status 0 "$PROCLAB" hint 1 --dir "$TEST_TMP/empty" --all
expect_grep 'No hint of exercise 1 read yet' "$TEST_TMP/last"

# The solved exercise passes from the working copy made by init.
variant good >"$W/01-adder/add.c"
expect_status 0 "$PROCLAB" check all --dir "$W"
expect_grep '^score 8/8' "$TEST_TMP/last"
