#!/bin/sh
# SPDX-License-Identifier: MIT
# Lesson 01: do_something(i) in 5 threads and 5 processes, timings, the CPU-bound comparison.
. "$top_srcdir/tests/lib.sh"
L="$LESSONS/01-processes-vs-threads"
[ -x "$L" ] || fail "$L was not built"

bad() {
	pat=$1
	shift
	"$L" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	st=$?
	[ "$st" -eq 2 ] || fail "'$*' exited $st, expected 2"
	[ ! -s "$TEST_TMP/out" ] || fail "'$*' printed on stdout"
	[ "$(wc -l <"$TEST_TMP/err")" -eq 2 ] || { cat "$TEST_TMP/err" >&2; fail "'$*': stderr is not 2 lines"; }
	expect_grep "^01-processes-vs-threads: $pat" "$TEST_TMP/err"
	expect_grep "^Try '01-processes-vs-threads --help'\.$" "$TEST_TMP/err"
}

expect_status 0 "$L" --help
expect_grep '^Usage: 01-processes-vs-threads' "$TEST_TMP/last"

out=$TEST_TMP/run
"$L" --quick >"$out" 2>"$TEST_TMP/err" || { cat "$TEST_TMP/err" >&2; fail "--quick exited $?"; }
[ ! -s "$TEST_TMP/err" ] || { cat "$TEST_TMP/err" >&2; fail "stderr not empty"; }

# section FROM TO: the lines between the two headers.
section() { sed -n "/^$1/,/^$2/p" "$out" | sed '1d;$d'; }
section '5 threads:$' '5 threads took' >"$TEST_TMP/threads"
section '5 processes:$' '5 processes took' >"$TEST_TMP/procs"
for part in threads procs; do
	f=$TEST_TMP/$part
	[ "$(wc -l <"$f")" -eq 10 ] || { cat "$out" >&2; fail "$part: not 10 lines"; }
	for i in 0 1 2 3 4; do
		[ "$(grep -c "^Working $i \.\.\.\$" "$f")" -eq 1 ] || fail "$part: no single 'Working $i ...'"
		[ "$(grep -c "^Thread $i was finished\.\$" "$f")" -eq 1 ] || fail "$part: no single 'Thread $i was finished.'"
		# each worker says it works before it says it finished
		w=$(grep -n "^Working $i " "$f" | cut -d: -f1)
		t=$(grep -n "^Thread $i " "$f" | cut -d: -f1)
		[ "$w" -lt "$t" ] || fail "$part: 'Thread $i was finished.' came before 'Working $i ...'"
	done
done
expect_grep '^5 threads took [0-9]+\.[0-9]{3} s \(each slept 0\.030 s\)$' "$out"
expect_grep '^5 processes took [0-9]+\.[0-9]{3} s \(each slept 0\.030 s\)$' "$out"
expect_grep '^CPU-bound loop: 1 worker alone took [0-9.]+ s; [2-4] workers ' "$out"
expect_grep '^  [2-4] threads took [0-9.]+ s \([0-9.]+x one worker\)$' "$out"
expect_grep '^  [2-4] processes took [0-9.]+ s \([0-9.]+x one worker\)$' "$out"
expect_grep 'GIL' "$out"
# The explanation comes after one blank line.
n=$(grep -n '^$' "$out" | head -1 | cut -d: -f1)
[ -n "$n" ] && [ "$n" -gt 25 ] || fail "no blank line after the measurements"

bad "option '--quick' takes no value" --quick=2
bad "unknown or ambiguous option '--threads'" --threads 3
# Notebook 002's "GIL allows the processes to run on single core only", quoted and corrected.
expect_status 0 "$L" --quick
grep -qxF -- '- GIL allows the processes to run on single core only.' "$TEST_TMP/last" ||
	fail "notebook 002's GIL line is not quoted as it is"
expect_grep '^Not so: each process has its own interpreter and its own GIL, so processes$' "$TEST_TMP/last"
exit 0
