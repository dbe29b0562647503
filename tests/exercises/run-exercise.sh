#!/bin/sh
# SPDX-License-Identifier: MIT
# run-exercise.sh NN-name: grades exercise NN-name's known answers with proclab check:
#   - the reference solution in solutions/NN-name gets full marks on every grading run;
#   - the stub in exercises/NN-name gets zero, each test failing with a message
#     (matching tests/exercises/NN-name/stub-expect, an ERE, when that file exists), and
#     a "Stuck?" line pointing at a hint;
#   - every tests/exercises/NN-name/wrong-*/ fails on every grading run, with a message
#     matching the ERE in its 'expect' file. A wrong solution is either its own STEM.c or
#     a STEM.c.patch against the reference (the usual case: the mistake is the diff).
#     A wrong solution that failed under the scheduler is replayed with the token its
#     report printed, and must fail with the same message. When the folder has a 'stuck'
#     file, its ERE must match the report's "Stuck?" line: the hint of the first failing
#     test the manifest ties one to (no hint read yet, in a fresh working copy); when it
#     has an 'unexpected' file, its ERE must match nothing in the report (a false cause);
#   - every tests/exercises/NN-name/right-*/ (a correct solution that takes another route
#     than the reference, written from the task alone) gets full marks on every run.
# Each grading run has a fresh random seed (printed in the output kept on failure).
# PROCLAB_EXERCISE_RUNS (default 2) sets how many grading runs.
. "$top_srcdir/tests/lib.sh"
ex=${1:?usage: run-exercise.sh NN-name}
runs=${PROCLAB_EXERCISE_RUNS:-2}
EX=$top_srcdir/exercises/$ex
SOL=$top_srcdir/solutions/$ex
T=$top_srcdir/tests/exercises/$ex
W=$TEST_TMP/wc
unset PROCLAB_MANIFEST
[ -d "$EX" ] || skip "exercise $ex is not written yet"
[ -d "$SOL" ] || skip "exercise $ex has no reference solution yet"

# workcopy DIR: a working copy whose exercise folder holds DIR's .c and .h files (the grader
# takes only the student's files the manifest names; the rest are ignored).
workcopy() {
	rm -rf "$W"
	mkdir -p "$W/$ex" || exit 99
	for f in "$1"/*.c "$1"/*.h; do
		[ -f "$f" ] && cp "$f" "$W/$ex/"
	done
	return 0
}

# grade WANT_STATUS LABEL: one grading run; output in $TEST_TMP/out, score in $got/$max.
grade() {
	status=0
	"$PROCLAB" check "$ex" --dir "$W" >"$TEST_TMP/out" 2>&1 || status=$?
	score=$(sed -n 's/^score \([0-9]*\/[0-9]*\).*/\1/p' "$TEST_TMP/out" | tail -n 1)
	got=${score%/*}
	max=${score#*/}
	if [ "$status" -ne "$1" ] || [ -z "$score" ]; then
		sed 's/^/  | /' "$TEST_TMP/out" >&2
		fail "$2: proclab check exited $status, expected $1"
	fi
	if grep -q 'internal error' "$TEST_TMP/out"; then
		sed 's/^/  | /' "$TEST_TMP/out" >&2
		fail "$2: an internal error"
	fi
}

workcopy "$SOL"
"$PROCLAB" check "$ex" --dir "$W" >"$TEST_TMP/out" 2>&1
grep -Eq '^  (PASS|FAIL) ' "$TEST_TMP/out" || fail "proclab does not know exercise $ex"
grep -E '^  (PASS|FAIL) ' "$TEST_TMP/out" | grep -vq ' hygiene ' ||
	fail "exercises/manifest.json lists no tests for $ex yet"
i=1
while [ $i -le "$runs" ]; do
	grade 0 "reference solution, run $i"
	[ "$got" = "$max" ] && [ "$max" -gt 0 ] || fail "reference solution, run $i: $score"
	# the lab's harness and the reference compile clean (a warning in them is shown to
	# every student, and an implicit declaration in a harness is a crash waiting)
	if grep -q 'compiled with warnings' "$TEST_TMP/out"; then
		sed 's/^/  | /' "$TEST_TMP/out" >&2
		fail "reference solution, run $i: compiled with warnings"
	fi
	i=$((i + 1))
done
note "reference: $score on $runs runs"

workcopy "$EX"
grade 1 "stub"
[ "$got" -eq 0 ] || { sed 's/^/  | /' "$TEST_TMP/out" >&2; fail "the stub scores $score, not 0"; }
grep -q '^  PASS' "$TEST_TMP/out" && { sed 's/^/  | /' "$TEST_TMP/out" >&2; fail "a test passes on the stub"; }
expect_grep '^       [a-zA-Z].*: .+' "$TEST_TMP/out"
[ ! -f "$T/stub-expect" ] || expect_grep "$(cat "$T/stub-expect")" "$TEST_TMP/out"
expect_grep "Stuck\\? 'proclab hint $((1${ex%%-*} - 100))( [0-9]+)?' shows hint 1?[0-9] of " \
    "$TEST_TMP/out"
note "stub: $score"

# apply_patches DIR: DIR's STEM.c.patch files applied to the reference's STEM.c in $W.
apply_patches() {
	for p in "$1"/*.patch; do
		[ -f "$p" ] || continue
		f=$(basename "$p" .patch)
		cp "$SOL/$f" "$W/$ex/$f" && patch -s -f "$W/$ex/$f" < "$p" ||
			fail "$ex/$(basename "$1"): $(basename "$p") does not apply to solutions/$ex/$f"
	done
}

for d in "$T"/right-*/; do
	[ -d "$d" ] || continue
	name=$(basename "$d")
	workcopy "$d"
	apply_patches "$d"
	i=1
	while [ $i -le "$runs" ]; do
		grade 0 "$name, run $i"
		[ "$got" = "$max" ] || { sed 's/^/  | /' "$TEST_TMP/out" >&2; fail "$name, run $i: $score"; }
		i=$((i + 1))
	done
	note "$name: $score on $runs runs"
done

# replay_same NAME: the last grading's first '--replay TOKEN' (a failure under the
# scheduler) run again gives that test the same message, word for word.
replay_same() {
	token=$(sed -n 's/.*--replay \([^ )]*\)).*/\1/p' "$TEST_TMP/out" | head -n 1)
	[ -n "$token" ] || return 0
	want=$(awk -v tok="$token" '/^  FAIL /{getline m; msg=m}
	    index($0, "--replay " tok ")") {print msg; exit}' "$TEST_TMP/out")
	status=0
	"$PROCLAB" check "$ex" --dir "$W" --replay "$token" >"$TEST_TMP/replay" 2>&1 || status=$?
	again=$(awk '/^  FAIL /{getline m; print m; exit}' "$TEST_TMP/replay")
	if [ "$status" -ne 1 ] || [ -z "$want" ] || [ "$want" != "$again" ]; then
		sed 's/^/  | /' "$TEST_TMP/replay" >&2
		fail "$1: --replay $token gave another outcome (status $status): '$again', not '$want'"
	fi
	note "$1: its replay failed alike"
}

nwrong=0
for d in "$T"/wrong-*/; do
	[ -d "$d" ] || continue
	name=$(basename "$d")
	[ -f "$d/expect" ] || fail "$ex/$name has no expect file"
	pat=$(cat "$d/expect")
	workcopy "$d"
	apply_patches "$d"
	i=1
	while [ $i -le "$runs" ]; do
		grade 1 "$name, run $i"
		[ "$got" -lt "$max" ] || fail "$name, run $i: full marks ($score)"
		grep -Eq -- "$pat" "$TEST_TMP/out" || {
			sed 's/^/  | /' "$TEST_TMP/out" >&2
			fail "$name, run $i: no message matches /$pat/"
		}
		if [ -f "$d/unexpected" ] && grep -Eq -- "$(cat "$d/unexpected")" "$TEST_TMP/out"
		then
			sed 's/^/  | /' "$TEST_TMP/out" >&2
			fail "$name, run $i: the report says /$(cat "$d/unexpected")/"
		fi
		if [ -f "$d/stuck" ] && ! grep -Eq -- "$(cat "$d/stuck")" "$TEST_TMP/out"; then
			sed 's/^/  | /' "$TEST_TMP/out" >&2
			fail "$name, run $i: no Stuck line matches /$(cat "$d/stuck")/"
		fi
		i=$((i + 1))
	done
	note "$name: $score, /$pat/ on $runs runs"
	replay_same "$name"
	nwrong=$((nwrong + 1))
done
[ "$nwrong" -gt 0 ] || note "(no wrong solutions in tests/exercises/$ex yet)"
exit 0
