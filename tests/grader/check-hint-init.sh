#!/bin/sh
# SPDX-License-Identifier: MIT
# proclab init makes a working copy (tasks, stubs, headers, README; no harness, no solution)
# and refuses a folder that is not empty; proclab hint shows the hints one by one, keeps the
# progress in .proclab-state, says when none is left; check points at the next hint, or at
# the hint the manifest ties to the first failing test (proclab hint N K shows it).
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

# A test's own hint (issue 9): the manifest ties "child" to hint 2. A wrong add fails
# "small" (no hint of its own) and then "child": the Stuck line is under child's failure,
# and names hint 2 and the command that shows it, the first hint not yet read.
sed 's/"title": "sum in a child",/& "hint": 2,/' "$FX/manifest.json" >"$FX/tied.json"
grep -q '"hint": 2' "$FX/tied.json" || fail "the fixture's manifest changed: no hint tied"
W2=$TEST_TMP/tied
make_workdir "$W2" wrong
expect_status 1 env PROCLAB_MANIFEST="$FX/tied.json" "$PROCLAB" check 1 --dir "$W2"
cp "$TEST_TMP/last" "$TEST_TMP/tied.out"
expect_grep "^       Stuck\? 'proclab hint 1 2' shows hint 2 of 2, about this test\.$" \
    "$TEST_TMP/tied.out"
awk '/^  (PASS|FAIL) / { t = $0 } /Stuck\?/ { print t; n++ } END { exit n != 1 }' \
    "$TEST_TMP/tied.out" >"$TEST_TMP/under" || fail "not one Stuck line"
expect_grep '^  FAIL sum in a child ' "$TEST_TMP/under"
expect_no_grep "^  Stuck\? 'proclab hint 1' " "$TEST_TMP/tied.out"
#    proclab hint 1 2 shows it; the gentler hint 1 counts as read, so the next is none.
expect_status 0 env PROCLAB_MANIFEST="$FX/tied.json" "$PROCLAB" hint 1 2 --dir "$W2"
expect_grep '^Hint 2 of 2 for 01-adder' "$TEST_TMP/last"
expect_grep 'return a \+ b;' "$TEST_TMP/last"
expect_grep "gentler hints before it count as read" "$TEST_TMP/last"
expect_grep '^hints 01-adder 2$' "$W2/.proclab-state"
expect_status 0 env PROCLAB_MANIFEST="$FX/tied.json" "$PROCLAB" hint 1 --dir "$W2"
expect_grep 'No hints left for 01-adder' "$TEST_TMP/last"
expect_status 0 env PROCLAB_MANIFEST="$FX/tied.json" "$PROCLAB" hint 1 1 --dir "$W2"
expect_grep '^Hint 1 of 2 for 01-adder' "$TEST_TMP/last"
expect_grep '^hints 01-adder 2$' "$W2/.proclab-state"
expect_status 1 env PROCLAB_MANIFEST="$FX/tied.json" "$PROCLAB" check 1 --dir "$W2"
expect_grep "^       Stuck\? Hint 2 of 2 is about this test \('proclab hint 1 2' shows it again\)\.$" \
    "$TEST_TMP/last"
#    the JSON report says the same: which hint, the command, the test it is about
need_python
expect_status 1 env PROCLAB_MANIFEST="$FX/tied.json" "$PROCLAB" check 1 --dir "$W2" \
    --format json
"$PYTHON3" - "$TEST_TMP/last" <<'PY' || fail "the JSON report's stuck is wrong"
import json, sys
(ex,) = json.load(open(sys.argv[1], encoding="utf-8"))["exercises"]
assert ex["stuck"] == {"hint": 2, "of": 2, "read": True, "command": "proclab hint 1 2",
                       "test": "child"}, ex["stuck"]
assert ex["hints_read"] == 2, ex
assert [t["hint"] for t in ex["tests"]] == [None, 2, None, None], ex["tests"]
PY
#    a compile error is no test's failure: the next unread hint, at the end
make_workdir "$W2" cerror
rm -f "$W2/.proclab-state"
expect_status 1 env PROCLAB_MANIFEST="$FX/tied.json" "$PROCLAB" check 1 --dir "$W2"
expect_grep "^  Stuck\? 'proclab hint 1' shows hint 1 of 2\.$" "$TEST_TMP/last"
#    a hint that is not there; a number and --all
run "$TEST_TMP/out" env PROCLAB_MANIFEST="$FX/tied.json" "$PROCLAB" hint 1 3 --dir "$W2"
[ "$status" -eq 2 ] || fail "hint 1 3 exited $status, not 2"
expect_grep "no hint '3' for exercise 1: it has 2 hints \(1 to 2\)" "$TEST_TMP/out"
run "$TEST_TMP/out" "$PROCLAB" hint 1 1 --all --dir "$W2"
[ "$status" -eq 2 ] || fail "hint 1 1 --all exited $status, not 2"
expect_grep "give a hint's number or --all, not both" "$TEST_TMP/out"
#    a manifest whose test names a hint the exercise lacks is refused, and says where
sed 's/"title": "sum in a child",/& "hint": 3,/' "$FX/manifest.json" >"$FX/bad.json"
expect_status 3 env PROCLAB_MANIFEST="$FX/bad.json" "$PROCLAB" check 1 --dir "$W2"
expect_grep "bad\.json: exercises\[0\]\.tests\[1\]\.hint: must be the number of one of the exercise's hints, from 1 to 2" \
    "$TEST_TMP/last"

# The solved exercise passes from the working copy made by init.
variant good >"$W/01-adder/add.c"
expect_status 0 "$PROCLAB" check all --dir "$W"
expect_grep '^score 8/8' "$TEST_TMP/last"
