#!/bin/sh
# SPDX-License-Identifier: MIT
# Lesson 02: fork, spawn and forkserver: the spawn cell's lines, start costs, what is inherited.
. "$top_srcdir/tests/lib.sh"
L="$LESSONS/02-start-methods"
[ -x "$L" ] || fail "$L was not built"

bad() {
	pat=$1
	shift
	"$L" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	st=$?
	[ "$st" -eq 2 ] || fail "'$*' exited $st, expected 2"
	[ ! -s "$TEST_TMP/out" ] || fail "'$*' printed on stdout"
	[ "$(wc -l <"$TEST_TMP/err")" -eq 2 ] || { cat "$TEST_TMP/err" >&2; fail "'$*': stderr is not 2 lines"; }
	expect_grep "^02-start-methods: $pat" "$TEST_TMP/err"
	expect_grep "^Try '02-start-methods --help'\.$" "$TEST_TMP/err"
}

expect_status 0 "$L" --help
expect_grep '^Usage: 02-start-methods' "$TEST_TMP/last"
expect_no_grep '[-][-]child' "$TEST_TMP/last"

out=$TEST_TMP/run
i=0
while [ $i -lt 3 ]; do
	# Through a pipe: if the fork server (which holds our stdout) were left
	# running, cat would not see end of file and timeout would kill it.
	timeout -s KILL 30 sh -c '"$0" --quick --starts 15 2>"$1" | cat' "$L" "$TEST_TMP/err" >"$out" ||
	    { cat "$TEST_TMP/err" >&2; fail "--quick failed or hung (status $?)"; }
	[ ! -s "$TEST_TMP/err" ] || { cat "$TEST_TMP/err" >&2; fail "stderr not empty"; }
	# The notebook's spawn cell: five spawned processes run do_something(i).
	for n in 0 1 2 3 4; do
		[ "$(grep -c "^Working $n \.\.\.\$" "$out")" -eq 1 ] || { cat "$out" >&2; fail "no single 'Working $n ...'"; }
		[ "$(grep -c "^Thread $n was finished\.\$" "$out")" -eq 1 ] || fail "no single 'Thread $n was finished.'"
	done
	# What each child inherits: the value at the start (fork), the initial value
	# (spawn, and CPython's forkserver, a fresh server program: 0 whether the
	# global was set before or after), the value when C's forked server was made.
	expect_grep '^fork          median +[0-9]+ us over 15 starts; the child sees answer = 2 ' "$out"
	expect_grep '^spawn         median +[0-9]+ us over 15 starts; the child sees answer = 0 ' "$out"
	expect_grep '^forkserver    median +[0-9]+ us over 15 starts; the child sees answer = 0 \(a copy of a fresh server program\)$' "$out"
	expect_grep '^forked server median +[0-9]+ us over 15 starts; the child sees answer = 1 ' "$out"
	expect_no_grep 'varied' "$out"
	i=$((i + 1))
done
# A single start is a median too.
expect_status 0 "$L" --quick --starts 1
expect_grep '^spawn         median +[0-9]+ us over 1 starts; the child sees answer = 0 ' "$TEST_TMP/last"

# The corrected claims (each of these fails on the old text).
L1=$TEST_TMP/last
expect_no_grep 'so it sees 1, the value when the server|must be set up before the server starts' "$L1"
expect_no_grep 'set_start_method.*starts the server early|the way Python re-runs the interpreter' "$L1"
expect_grep "^server starts at the first start\(\), not at set_start_method\('forkserver'\)\.\$" "$L1"
expect_grep '^_posixsubprocess\.fork_exec \(fork, then exec\) of sys\.executable' "$L1"
expect_grep '^sends the child, down a pipe, the pickled Process: its target' "$L1"
# notebook 003's "spawn (apenas Linux)", quoted as it is, then the platform defaults
grep -qxF 'Ha 3 formas de iniciar um processo em Python: spawn (apenas Linux), fork e forkserver.' "$L1" ||
    fail "the notebook's start-method line is not quoted as it is"
expect_grep '^  spawn is not Linux-only: it is on every platform' "$L1"
expect_grep '^  Linux \(CPython 3\.11 here: get_start_method\(\) is .fork.; forkserver from$' "$L1"
expect_grep '^  3\.14\), spawn on macOS \(since 3\.8\) and Windows\.$' "$L1"
expect_grep '^Why Windows and macOS need if __name__ == "__main__": spawn' "$L1"
expect_grep "^AttributeError: Can't get attribute 'do_something' on <module '__main__'\$" "$L1"
grep -q "/\* *multiprocessing.set_start_method('forkserver') starts the server early" \
    "$top_srcdir/lessons/02-start-methods.c" && fail "the source still says set_start_method starts the server"

bad "--starts: '0' is not a whole number from 1 to 1000" --starts 0
bad "--starts: 'many' is not a whole number from 1 to 1000" --starts many
bad "option '--starts' needs a value" --starts
bad "--child is for this program's own use" --child report
bad "--child is for this program's own use" --child work 1 x
bad "unknown or ambiguous option '--method'" --method fork
exit 0
