#!/bin/sh
# SPDX-License-Identifier: MIT
# proclab check on a fake exercise: every verdict comes with a sentence a student
# understands, the score adds up, the exit status says passed/failed, hidden tests stay hidden.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
make_fixture
W=$TEST_TMP/wc

# check_variant NAME STATUS: grade variant NAME, expect exit STATUS; output in $TEST_TMP/last
check_variant() {
	rm -rf "$W"
	make_workdir "$W" "$1"
	expect_status "$2" "$PROCLAB" check 1 --dir "$W" --seed 42
}

check_variant good 0
expect_grep '^score 8/8' "$TEST_TMP/last"
expect_grep 'PASS two plus two +2/2' "$TEST_TMP/last"
expect_grep 'seed 42' "$TEST_TMP/last"
expect_grep '^isolation: (namespaces|rlimits)' "$TEST_TMP/last"
expect_no_grep 'Stuck\?' "$TEST_TMP/last"

check_variant stub 1
expect_grep '^score 0/8' "$TEST_TMP/last"
expect_grep 'wrong answer: add\(2, 2\): expected 4, got 1' "$TEST_TMP/last"
expect_grep "Stuck\\? 'proclab hint 1' shows hint 1 of 2" "$TEST_TMP/last"
expect_grep 'not checked|no hygiene points' "$TEST_TMP/last"
# the hidden test: its title and its message never reach the student
expect_grep 'FAIL hidden test 3' "$TEST_TMP/last"
expect_no_grep 'zebra' "$TEST_TMP/last"

check_variant wrong 1
expect_grep 'expected: 42' "$TEST_TMP/last"
expect_grep 'actual: +-2' "$TEST_TMP/last"
expect_grep 'failed on run 1 of 4, with injected delays; proclab check 1 --seed 42 replays' "$TEST_TMP/last"

check_variant crash 1
expect_grep 'crashed: the test crashed with SIGSEGV' "$TEST_TMP/last"
expect_grep '^score 6/8' "$TEST_TMP/last"

check_variant exit 1
expect_grep 'exit' "$TEST_TMP/last"
expect_grep 'FAIL two plus two' "$TEST_TMP/last"

check_variant flood 1
expect_grep 'output limit exceeded: your code printed more than 4096 bytes on stdout' "$TEST_TMP/last"

check_variant loop 1
expect_grep 'FAIL two plus two' "$TEST_TMP/last"
expect_grep 'time limit exceeded' "$TEST_TMP/last"

check_variant orphan 1
expect_grep 'PASS two plus two' "$TEST_TMP/last"
expect_grep 'FAIL hygiene' "$TEST_TMP/last"
expect_grep 'still running after the test ended' "$TEST_TMP/last"
expect_grep '^score 7/8' "$TEST_TMP/last"

# Control characters from the student's side reach no report raw: the instructor's terminal
# would obey them. They are shown as ^[ and ^G instead, in every format.
check_variant escapes 1
expect_grep 'did not compile' "$TEST_TMP/last"
expect_grep '\^\[\]0;pwned\^G \^\[\[2J' "$TEST_TMP/last"
esc=$(printf '\033'); bel=$(printf '\007')
for fmt in text json junit tap gradescope; do
	"$PROCLAB" check 1 --dir "$W" --seed 42 --format "$fmt" >"$TEST_TMP/esc.$fmt" 2>&1
	! grep -q "[$esc$bel]" "$TEST_TMP/esc.$fmt" || fail "--format $fmt: a raw ESC or BEL in the report"
	grep -q 'pwned' "$TEST_TMP/esc.$fmt" || fail "--format $fmt: the compiler's message is gone"
done

# A working copy whose exercise folder (or exercises/ folder) is a symbolic link, to the
# solutions or to a classmate's work, is refused: nothing is graded there.
make_workdir "$TEST_TMP/classmate" good
for link in 01-adder exercises; do
	rm -rf "$W" && mkdir -p "$W" || exit 99
	if [ $link = exercises ]; then
		ln -s "$TEST_TMP/classmate" "$W/exercises"
	else
		ln -s "$TEST_TMP/classmate/01-adder" "$W/01-adder"
	fi
	expect_status 1 "$PROCLAB" check 1 --dir "$W" --seed 42
	expect_grep "$link is a symbolic link: links are not followed" "$TEST_TMP/last"
	expect_grep '^score 0/8' "$TEST_TMP/last"
done

# The exercise's time budget: 7 runs of 0.3 s each cannot fit in 1 s, so the last test is
# never run, and says why; the first one ran and passed.
sed 's/"hygiene_points": 1,/"hygiene_points": 1, "budget_ms": 1000,/' "$PROCLAB_MANIFEST" \
	>"$FX/budget.json" || exit 99
grep -q '"budget_ms": 1000' "$FX/budget.json" || exit 99
rm -rf "$W" && make_workdir "$W" sleepy
(PROCLAB_MANIFEST=$FX/budget.json && export PROCLAB_MANIFEST &&
	expect_status 1 "$PROCLAB" check 1 --dir "$W" --seed 42) || exit 1
expect_grep 'PASS two plus two' "$TEST_TMP/last"
expect_grep 'FAIL markup' "$TEST_TMP/last"
expect_grep 'used its whole time budget of 1 s' "$TEST_TMP/last"

check_variant cerror 1
expect_grep 'did not compile' "$TEST_TMP/last"
expect_grep 'add.c:[0-9]+:[0-9]+: error: expected .;. before' "$TEST_TMP/last"
expect_grep '^score 0/8' "$TEST_TMP/last"

check_variant cflood 1
expect_grep 'compiler output truncated after 8192 bytes' "$TEST_TMP/last"
[ "$(wc -c <"$TEST_TMP/last")" -lt 16000 ] || fail "compiler flood not capped"

check_variant warn 0
expect_grep 'compiled with warnings' "$TEST_TMP/last"
expect_grep 'unused_thing' "$TEST_TMP/last"

# Only the student's own file is taken from the working copy: a doctored header or
# harness there changes nothing.
rm -rf "$W"; make_workdir "$W" good
echo '#define add(a, b) 4' >>"$W/01-adder/add.h"
printf 'int main(void) { return 0; }\n' >"$W/01-adder/test_add.c"
expect_status 0 "$PROCLAB" check adder --dir "$W" --seed 1
expect_grep '^score 8/8' "$TEST_TMP/last"

# A missing file: not submitted, score 0, no crash.
rm -f "$W/01-adder/add.c"
expect_status 1 "$PROCLAB" check 01-adder --dir "$W"
expect_grep 'not submitted: add.c was not found \(put it in 01-adder/add.c\)' "$TEST_TMP/last"

# The working copy is found from a subfolder, also as exercises/NN-name.
rm -rf "$W"; mkdir -p "$W/exercises"; make_workdir "$W/exercises" good
mkdir -p "$W/exercises/01-adder/deeper"
( cd "$W/exercises/01-adder/deeper" && "$PROCLAB" check all --seed 3 ) >"$TEST_TMP/out" 2>&1 ||
	fail "check from a subfolder: $(cat "$TEST_TMP/out")"
expect_grep '^score 8/8' "$TEST_TMP/out"

# A failed test shows the end of what the student's code printed (stderr here), quoted and
# with its control characters visible; the JSON report carries it too.
rm -rf "$W"; make_workdir "$W" chatty
expect_status 1 "$PROCLAB" check 1 --dir "$W" --seed 42
expect_grep '^       your code printed on stderr:$' "$TEST_TMP/last"
expect_grep '^       \| add\(2, 2\) \^\[\[2J$' "$TEST_TMP/last"
if LC_ALL=C grep -q "$(printf '\033')" "$TEST_TMP/last"; then fail "a raw ESC from stderr reached the report"; fi
expect_status 1 "$PROCLAB" check 1 --dir "$W" --seed 42 --format json
expect_grep '"output": "add\(2, 2\) \^\[\[2J\\n"' "$TEST_TMP/last"
expect_grep '"output_stream": "stderr"' "$TEST_TMP/last"

# Files: a run may write 64 MiB (the default disk_mb). In the namespaces its folder is a
# tmpfs of that size (a write past it fails, the sum is still right); in the fallback the
# run is stopped and the verdict says why. Nothing of it is left behind.
rm -rf "$W"; make_workdir "$W" diskhog
expect_status 0 "$PROCLAB" check 1 --dir "$W" --seed 42
expect_grep '^score 8/8' "$TEST_TMP/last"
expect_status 1 "$PROCLAB" check 1 --dir "$W" --seed 42 --no-namespaces
expect_grep 'output limit exceeded: your code wrote more than 64 MiB of files' "$TEST_TMP/last"
! ls "$W/01-adder" | grep -q hog || fail "the disk hog's files landed in the student's folder"

# --no-namespaces: the fallback sandbox, named in the report with why and its warning,
# and what protects the machine instead.
rm -rf "$W"; make_workdir "$W" good
expect_status 0 "$PROCLAB" check 1 --dir "$W" --no-namespaces
expect_grep '^isolation: rlimits' "$TEST_TMP/last"
expect_grep '^protections: resource limits and a process group \(no namespaces\)' "$TEST_TMP/last"
if [ "$(id -u)" -eq 0 ]; then
	expect_grep '^warning: fallback isolation \(--no-namespaces was given\): the code under test runs as a uid of its own' "$TEST_TMP/last"
else
	expect_grep '^warning: fallback isolation \(--no-namespaces was given\): the code under test runs as you' "$TEST_TMP/last"
fi
expect_grep '^score 8/8' "$TEST_TMP/last"

# SIGTERM in the middle of a check: the build folder is removed, the check dies of it.
rm -rf "$W"; make_workdir "$W" loop
mkdir "$TEST_TMP/tmp"
TMPDIR=$TEST_TMP/tmp "$PROCLAB" check 1 --dir "$W" >/dev/null 2>&1 &
pid=$!
n=0
until ls "$TEST_TMP/tmp" | grep -q '^proclab-build\.'; do
	n=$((n + 1))
	[ $n -le 300 ] || { kill $pid; fail "no build folder after 30 s"; }
	sleep 0.1
done
kill -TERM $pid
st=0; wait $pid || st=$?
[ $st -eq 143 ] || fail "check exited $st after SIGTERM, expected 143"
[ -z "$(ls "$TEST_TMP/tmp")" ] || fail "left behind after SIGTERM: $(ls "$TEST_TMP/tmp")"
