#!/bin/sh
# SPDX-License-Identifier: MIT
# The judge owns the verdict: code that passes the object screen and writes on the report
# descriptor (3) itself gets no mark it did not earn. Each forger below is a plausible
# add.c (it compiles, defines only add) that writes something the harness never would:
# the old "status passed" record, a report for another test, the same report twice, a
# constant answer, raw terminal escapes, a report too long to read, a NUL byte. Every
# test it touches fails with a message that says the report was tampered with, the
# escapes reach no report raw, and a forged constant passes only where it is the answer.
# All of it in the namespaces and in the fallback (--no-namespaces).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
make_fixture
W=$TEST_TMP/wc

# forge NAME BODY: grade an add.c whose add() runs BODY (with a and b) first.
forge() {
	rm -rf "$W"
	make_workdir "$W" stub
	cat >"$W/01-adder/add.c" <<C
#include <string.h>
#include <unistd.h>
#include "add.h"
static void put(const char *s, size_t n) { if (write(3, s, n) < 0) _exit(9); }
long add(long a, long b) { $2 return a + b; }
C
	# shellcheck disable=SC2086 # MODE: no word, or --no-namespaces
	"$PROCLAB" check 1 --dir "$W" --seed 7 $MODE >"$TEST_TMP/$1.out" 2>&1
	echo $? >"$TEST_TMP/$1.rc"
}

# forged NAME SCORE REGEX: the forger NAME scored SCORE and its messages match REGEX.
forged() {
	expect_grep "^score $2( |\$)" "$TEST_TMP/$1.out" || exit 1
	[ "$(cat "$TEST_TMP/$1.rc")" = 1 ] || fail "$1: proclab check exited $(cat "$TEST_TMP/$1.rc")"
	expect_grep "$3" "$TEST_TMP/$1.out" || exit 1
	expect_no_grep 'internal error' "$TEST_TMP/$1.out" || exit 1
}

for MODE in "" --no-namespaces; do
	# The record of the harness-decides days, then out before the harness reports anything.
	forge status 'put("status passed\n", 14); _exit(0);'
	forged status 0/8 'line 2 of the test.s report \("status passed"\) is not a line of the report'

	# A report claiming to be another test's.
	forge other 'put("test secret\n", 12);'
	forged other 0/8 'line 2 of the test.s report \("test secret"\)'

	# The right sum, reported before the harness reports it: the report twice.
	forge twice 'char r[64]; int n = snprintf(r, sizeof r, "report sum %ld\n", a + b); put(r, (size_t)n);'
	forged twice 0/8 'repeats a report already made'

	# A constant answer with its own end: passes only the test whose sum is 4 (2 + 2), and
	# the hygiene point that comes with one passed test. In the child test it ends the
	# child, and the harness's own report then follows the forged end.
	forge constant 'put("report sum 4\ndone\n", 18); _exit(0);'
	forged constant 3/8 'report sum 0"\) comes after the end of the report'

	# Terminal escapes on descriptor 3: quoted in the message, never raw on the terminal.
	forge escapes 'put("\033]0;pwned\007\033[2J\n", 14);'
	forged escapes 0/8 'x1b'
	if LC_ALL=C grep -q "$(printf '\033')" "$TEST_TMP/escapes.out"; then
	fail "a raw ESC reached the report"
	fi

	# More than the judge reads: the report is refused whole, not cut to a valid prefix.
	forge long 'static char big[300000]; memset(big, 0x41, sizeof big); big[sizeof big - 1] = 10; put(big, sizeof big);'
	forged long 0/8 'report was longer than the harness ever writes'

	# A NUL byte hiding the rest of a line from a reader that stops at it.
	forge nul 'put("report sum 4\0 and more\n", 23);'
	forged nul 0/8 'does not hold values of that report|holds a NUL'

	# And the honest answer still gets everything.
	rm -rf "$W"
	make_workdir "$W" good
	# shellcheck disable=SC2086
	expect_status 0 "$PROCLAB" check 1 --dir "$W" --seed 7 $MODE
	expect_grep '^score 8/8' "$TEST_TMP/last"
done
exit 0
