#!/bin/sh
# SPDX-License-Identifier: MIT
# Every command-line error of check, hint, init and grade: exit 2 and one clear message
# (plus the "Try" line); a broken manifest: exit 3 naming the field.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
make_fixture
W=$TEST_TMP/wc
make_workdir "$W" good

# usage_case PATTERN CMD...: exit 2, the message matches PATTERN, and a "Try" line.
usage_case() {
	local pat=$1; shift
	expect_status 2 "$@"
	expect_grep "$pat" "$TEST_TMP/last"
	expect_grep "^Try 'proclab help" "$TEST_TMP/last"
}

usage_case "'99' is not an exercise" "$PROCLAB" check 99 --dir "$W"
usage_case "'no-such' is not an exercise" "$PROCLAB" check no-such --dir "$W"
usage_case "which exercise\\?" "$PROCLAB" check
usage_case "one exercise at a time" "$PROCLAB" check 1 2 --dir "$W"
usage_case "--format: 'xml' is not a report format \\(text, json, junit, tap, gradescope, autolab, prairielearn, vpl\\)" \
	"$PROCLAB" check 1 --dir "$W" --format xml
usage_case "--seed: 'abc' is not a whole number" "$PROCLAB" check 1 --dir "$W" --seed abc
usage_case "--seed: '-1' is not a whole number" "$PROCLAB" check 1 --dir "$W" --seed -1
usage_case "--dir: '$TEST_TMP/nowhere': No such file or directory" \
	"$PROCLAB" check 1 --dir "$TEST_TMP/nowhere"
usage_case "--dir: '$W/01-adder/add.c' is neither a folder nor an archive" "$PROCLAB" check 1 \
    --dir "$W/01-adder/add.c"
usage_case "--dir: '/dev/null' is neither a folder nor an archive" "$PROCLAB" check 1 --dir /dev/null
usage_case "--time-limit: '0' is not a whole number of seconds from 1 to 86400" \
	"$PROCLAB" check 1 --dir "$W" --time-limit 0
usage_case "--time-limit: '9s' is not a whole number of seconds" "$PROCLAB" check 1 --dir "$W" \
	--time-limit 9s
usage_case "unknown option '--bogus'" "$PROCLAB" check 1 --bogus
usage_case "--dir needs a value" "$PROCLAB" check 1 --dir
mkdir "$TEST_TMP/empty"
( cd "$TEST_TMP/empty" && "$PROCLAB" check 1 ) >"$TEST_TMP/out" 2>&1 && fail "check outside a working copy passed"
expect_grep "no working copy here" "$TEST_TMP/out"

# --output: '-' is standard output; a symlink or a FIFO is written through, never replaced.
"$PROCLAB" check 1 --dir "$W" --seed 7 --format json --output - >"$TEST_TMP/dash.json" ||
	fail "check --output - failed"
expect_grep '"seed": 7' "$TEST_TMP/dash.json"
[ ! -e ./- ] || fail "check --output - wrote a file named '-'"
: >"$TEST_TMP/target.json"
ln -s "$TEST_TMP/target.json" "$TEST_TMP/link.json"
"$PROCLAB" check 1 --dir "$W" --seed 7 --format json --output "$TEST_TMP/link.json" ||
	fail "check --output SYMLINK failed"
[ -L "$TEST_TMP/link.json" ] || fail "check --output replaced the symlink with a file"
expect_grep '"seed": 7' "$TEST_TMP/target.json"
mkfifo "$TEST_TMP/fifo"
timeout 60 cat "$TEST_TMP/fifo" >"$TEST_TMP/from-fifo" &
reader=$!
timeout 60 "$PROCLAB" check 1 --dir "$W" --seed 7 --format json --output "$TEST_TMP/fifo" ||
	fail "check --output FIFO failed"
wait "$reader"
[ -p "$TEST_TMP/fifo" ] || fail "check --output replaced the FIFO with a file"
expect_grep '"seed": 7' "$TEST_TMP/from-fifo"

usage_case "'0' is not an exercise" "$PROCLAB" hint 0 --dir "$W"
usage_case "which exercise\\?" "$PROCLAB" hint
usage_case "--dir: '$TEST_TMP/nowhere': No such file or directory" \
	"$PROCLAB" hint 1 --dir "$TEST_TMP/nowhere"

usage_case "'$W' is not empty" "$PROCLAB" init "$W"
usage_case "where\\? give the folder" "$PROCLAB" init
usage_case "is not a folder" "$PROCLAB" init "$W/01-adder/add.c"

usage_case "--jobs: '0' is not a whole number from 1 to 256" "$PROCLAB" grade --jobs 0 "$W"
usage_case "--jobs: 'many' is not a whole number from 1 to 256" "$PROCLAB" grade --jobs many "$W"
usage_case "--format: 'csv' is not a report format" "$PROCLAB" grade --format csv "$W"
usage_case "no submissions given" "$PROCLAB" grade --out "$TEST_TMP/out"
usage_case "'$TEST_TMP/ghost.zip': No such file or directory" \
	"$PROCLAB" grade --out "$TEST_TMP/res" "$W" "$TEST_TMP/ghost.zip"
[ ! -e "$TEST_TMP/res" ] || fail "grade started although a submission is missing"
usage_case "--out: '$W/01-adder/add.c' exists and is not a folder" \
	"$PROCLAB" grade --out "$W/01-adder/add.c" "$W"

# A broken manifest is proclab's problem (exit 3), said with the file and the field.
bad_manifest() {
	printf '%s\n' "$1" >"$TEST_TMP/bad.json"
	PROCLAB_MANIFEST=$TEST_TMP/bad.json expect_status 3 "$PROCLAB" check 1 --dir "$W"
	expect_grep "$2" "$TEST_TMP/last"
}
bad_manifest '{ "format": 1, "exercises": [ { "number": 1 } ] }' \
	'bad.json: exercises\[0\]: "name" is missing'
bad_manifest '{ "format": 2, "exercises": [] }' 'bad.json: .*format.*must be'
bad_manifest '{ "format": 1, "exercises": [' 'bad.json:[0-9]+:[0-9]+: '
sed 's/"points": 2/"points": -2/' "$FX/manifest.json" >"$TEST_TMP/bad.json"
PROCLAB_MANIFEST=$TEST_TMP/bad.json expect_status 3 "$PROCLAB" check 1 --dir "$W"
expect_grep 'exercises\[0\]\.tests\[0\]\.points: must be a whole number from 0 to 1000' "$TEST_TMP/last"
sed 's/"add.c"/"..\/add.c"/' "$FX/manifest.json" >"$TEST_TMP/bad.json"
PROCLAB_MANIFEST=$TEST_TMP/bad.json expect_status 3 "$PROCLAB" check 1 --dir "$W"
expect_grep 'files: must be a list of plain file names' "$TEST_TMP/last"
sed 's/"cpu_ms": 2000/"cpu_secs": 2/' "$FX/manifest.json" >"$TEST_TMP/bad.json"
PROCLAB_MANIFEST=$TEST_TMP/bad.json expect_status 3 "$PROCLAB" check 1 --dir "$W"
expect_grep 'unknown limit "cpu_secs"' "$TEST_TMP/last"
exit 0
