#!/bin/sh
# SPDX-License-Identifier: MIT
# Lesson 03: start, join, is_alive, terminate/kill, exit codes, signal names, process names.
. "$top_srcdir/tests/lib.sh"
L="$LESSONS/03-lifecycle"
[ -x "$L" ] || fail "$L was not built"

bad() {
	pat=$1
	shift
	"$L" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	st=$?
	[ "$st" -eq 2 ] || fail "'$*' exited $st, expected 2"
	[ ! -s "$TEST_TMP/out" ] || fail "'$*' printed on stdout"
	[ "$(wc -l <"$TEST_TMP/err")" -eq 2 ] || { cat "$TEST_TMP/err" >&2; fail "'$*': stderr is not 2 lines"; }
	expect_grep "^03-lifecycle: $pat" "$TEST_TMP/err"
	expect_grep "^Try '03-lifecycle --help'\.$" "$TEST_TMP/err"
}

expect_status 0 "$L" --help
expect_grep '^Usage: 03-lifecycle' "$TEST_TMP/last"

out=$TEST_TMP/run
i=0
while [ $i -lt 5 ]; do
	"$L" --quick >"$out" 2>"$TEST_TMP/err" || { cat "$TEST_TMP/err" >&2; fail "--quick exited $?"; }
	[ ! -s "$TEST_TMP/err" ] || { cat "$TEST_TMP/err" >&2; fail "stderr not empty"; }
	[ "$(sed -n 1p "$out")" = "Olá, Mundo!" ] || { cat "$out" >&2; fail "line 1 is not 'Olá, Mundo!'"; }
	expect_grep '^Process-1: exitcode = 0, is_alive\(\) = False$' "$out"
	# current_process().name inside the second child, numbered as Python does
	expect_grep "^\['Process-2', 42, None, 'hello'\]$" "$out"
	expect_grep '^Process-2: exitcode = 0$' "$out"
	# an ended, unjoined child is a zombie: kill(pid, 0) finds it, is_alive() does not
	expect_grep '^  kill\(pid, 0\) = 0: the pid still exists \(a zombie\)$' "$out"
	expect_grep '^  is_alive\(\) = False: waitpid\(WNOHANG\) collected it, exitcode = 3$' "$out"
	expect_grep '^  kill\(pid, 0\) = -1 ESRCH: now the pid is gone$' "$out"
	expect_grep '^Process-4 sleeps: is_alive\(\) = True$' "$out"
	expect_grep '^Process-4: terminate\(\), join\(\): is_alive\(\) = False, exitcode = -15 \(SIGTERM: Terminated\)$' "$out"
	expect_grep '^Process-5: kill\(\), join\(\): exitcode = -9 \(SIGKILL: Killed\)$' "$out"
	expect_grep '^current_process\(\)\.name here: MainProcess$' "$out"
	# A target's return value is not its exit status (CPython 3.11: return 3 ->
	# exitcode 0; only sys.exit(3) -> 3). The old text said it _exit()s with it.
	expect_grep '^Process-6: its target returned 3: exitcode = 0$' "$out"
	expect_grep '^target that returns 3 gives exitcode 0 ' "$out"
	expect_grep '^Only sys\.exit\(3\) gives 3 \(Process-3\)' "$out"
	expect_no_grep 'with$|its return value \(sys\.exit' "$out"
	expect_no_grep 'unexpected' "$out"
	i=$((i + 1))
done

# Even with SIGTERM ignored by whoever started it, terminate() ends the child
# (the child restores the default action); the lesson must not hang.
if command -v timeout >/dev/null 2>&1; then
	timeout -s KILL 10 sh -c 'trap "" TERM; exec "$0" --quick' "$L" >"$out" 2>&1 ||
	    fail "with SIGTERM ignored: exited $?"
	expect_grep 'exitcode = -15 \(SIGTERM' "$out"
fi

bad "unknown or ambiguous option '--trials'" --trials 5
bad "unexpected argument 'Mundo'" Mundo
exit 0
