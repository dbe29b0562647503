# SPDX-License-Identifier: MIT
# The proclab command's own paths: list, lesson, help, version, and every usage error.
. "$top_srcdir/tests/lib.sh"

expect_status 0 "$PROCLAB" --version
expect_grep '^proclab [0-9]+\.[0-9]+' "$TEST_TMP/last"

expect_status 0 "$PROCLAB" --help
expect_grep '^usage: proclab COMMAND' "$TEST_TMP/last"
expect_status 0 "$PROCLAB"
expect_grep '^usage: proclab COMMAND' "$TEST_TMP/last"

# The catalog: all 17 lessons with their notebooks, then every exercise of the manifest.
expect_status 0 "$PROCLAB" list
expect_grep '^  01  processes-vs-threads +003 ' "$TEST_TMP/last"
expect_grep '^  16  letter-frequency +003 ' "$TEST_TMP/last"
expect_grep '^  17  costs +000-004 ' "$TEST_TMP/last"
[ "$(grep -cE '^  [0-9]{2}  ' "$TEST_TMP/last")" -eq $((17 + 12)) ] ||
	fail "list should show 17 lessons and 12 exercises"
expect_grep '^  12  manager-chat ' "$TEST_TMP/last"

# A lesson by number, padded number and name; its options reach it.
for n in 4 04 copied-values 04-copied-values; do
	expect_status 0 "$PROCLAB" lesson "$n" --quick
	expect_grep 'O resultado da funcao1 é: 120' "$TEST_TMP/last"
done
expect_status 0 "$PROCLAB" lesson 7 --help
expect_grep '[-]-trials' "$TEST_TMP/last"
# The lesson's own usage errors come through with its exit status.
expect_status 2 "$PROCLAB" lesson 7 --trials 0
expect_grep "07-balance-lock: --trials" "$TEST_TMP/last"

# Usage errors: one line naming what was wrong, a hint, exit 2, nothing else.
usage_case() {
	local pattern=$1; shift
	run "$TEST_TMP/out" "$@"
	[ "$status" -eq 2 ] || { cat "$TEST_TMP/out" >&2; fail "'$*' exited $status, not 2"; }
	expect_grep "$pattern" "$TEST_TMP/out"
	expect_grep "^Try 'proclab " "$TEST_TMP/out"
	[ "$(wc -l < "$TEST_TMP/out")" -eq 2 ] || { cat "$TEST_TMP/out" >&2; fail "'$*' printed more than two lines"; }
}
usage_case "'frobnicate' is not a proclab command" "$PROCLAB" frobnicate
usage_case "unknown option '--frob'" "$PROCLAB" --frob
usage_case "no lesson '18'" "$PROCLAB" lesson 18
usage_case "no lesson '0'" "$PROCLAB" lesson 0
usage_case "no lesson 'balance'" "$PROCLAB" lesson balance
usage_case "which lesson\\?" "$PROCLAB" lesson
usage_case "'lesson all' takes only --quick" "$PROCLAB" lesson all --trials 3
usage_case "list takes no arguments" "$PROCLAB" list extra
usage_case "no help on 'nothing'" "$PROCLAB" help nothing
usage_case "help takes one topic" "$PROCLAB" help a b
usage_case "which trace\\? give the file" "$PROCLAB" trace
usage_case "which trace\\? give the file" "$PROCLAB" trace show
usage_case "one trace at a time, not also 'b'" "$PROCLAB" trace a b
usage_case "one trace at a time, not also 'c'" "$PROCLAB" trace show b c
# --step needs a terminal (here standard output is a file); the plain text does not
printf '%s\n' '{"type":"run","exercise":3,"test":"t","run":1,"seed":"1","replay":"r"}' \
    '{"type":"turn","step":1,"process":1,"call":"lock","site":"deposit (bank.c:9)"}' \
    '{"type":"end","verdict":"passed"}' >"$TEST_TMP/t.jsonl" || exit 99
usage_case "^proclab: --step: standard output is not a terminal: run it in a terminal, or drop --step" \
    "$PROCLAB" trace "$TEST_TMP/t.jsonl" --step
usage_case "^proclab: --step: 'show' is the plain text" "$PROCLAB" trace show "$TEST_TMP/t.jsonl" --step
expect_status 0 env LC_ALL=C "$PROCLAB" trace show "$TEST_TMP/t.jsonl"
expect_grep '^     1  \*  process 1: lock, in deposit \(bank\.c:9\)$' "$TEST_TMP/last"

# Every command and topic has help.
for topic in list lesson man check hint init grade gradebook trace watch help environment exit-status; do
	expect_status 0 "$PROCLAB" help "$topic"
	[ -s "$TEST_TMP/last" ] || fail "help $topic is empty"
done
for cmd in list lesson man check hint init grade gradebook trace; do
	expect_status 0 "$PROCLAB" "$cmd" --help
	expect_grep "^usage: proclab $cmd" "$TEST_TMP/last"
done

# lesson all --quick runs all seventeen and says so.
expect_status 0 "$PROCLAB" lesson all --quick
[ "$(grep -c '^==> Lesson ' "$TEST_TMP/last")" -eq 17 ] || fail "lesson all ran fewer than 17 lessons"
expect_grep '^All 17 lessons ran\.$' "$TEST_TMP/last"
# Each lesson ends by naming its source and the program that ran (issue 9): the two lines
# just before the next lesson's heading (or the summary) are "Source: SRC/NN-name.c" (17:
# "... (and 17-costs.py beside it)"), SRC the source tree's lessons/ from the build tree,
# and "This program: $LESSONS/NN-name". Every source named is there to be read.
lessons_dir=$(cd "$LESSONS" && pwd -P)
src_dir=$(cd "$top_srcdir/lessons" && pwd -P)
awk -v dir="$lessons_dir" -v src="$src_dir" '
	function check(  name, want) {
		name = b; sub(/^This program: .*\//, "", name)
		if (n < 2 || b != "This program: " dir "/" name || name !~ /^[0-9][0-9]-[a-z0-9-]+$/) {
			print "lesson " lesson " ends with: " a " / " b; bad = 1; return
		}
		want = "Source: " src "/" name ".c"
		if (a != want && a != want " (and " name ".py beside it)") {
			print "lesson " lesson ": " a " (not " want ")"; bad = 1; return
		}
		print "file " src "/" name ".c"
		if (a != want) print "file " src "/" name ".py"
		ends++
	}
	/^==> Lesson / || /^All 17 lessons ran\.$/ { if (lesson != "") check(); lesson = $3; n = 0; next }
	/./ { a = b; b = $0; n++ }
	END { if (ends != 17) { print ends " of 17 lessons named their source"; bad = 1 } exit bad }
' "$TEST_TMP/last" >"$TEST_TMP/ends" || { sed 's/^/  | /' "$TEST_TMP/ends" >&2; fail "a lesson does not end with its source and program"; }
sed -n 's/^file //p' "$TEST_TMP/ends" | while IFS= read -r f; do
	[ -r "$f" ] || fail "a lesson names its source $f, which is not there"
done || exit 1
[ "$(grep -c '^file ' "$TEST_TMP/ends")" -eq 18 ] || fail "not 18 sources named (17 C, 1 Python)"
