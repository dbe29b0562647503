#!/bin/sh
# SPDX-License-Identifier: MIT
# Grading where namespaces are refused (tests/grader/sandbox/nons stands in for Ubuntu
# 24.04's AppArmor restriction or Docker's seccomp profile), as root and, when we are
# root, as an unprivileged user: the report says the fallback is in force, why (the
# failing call and its error) and what holds instead; the honest answer keeps full marks;
# a forged report still gets nothing; and a submission that goes after the grader
# (kill(-1, SIGKILL)) or after a classmate's result file in the gradebook harms neither.
# And, in the hardest mode (an unprivileged user, namespaces refused), every reference
# solution of the lab still gets full marks.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
NONS=$top_builddir/tests/grader/sandbox/nons
[ -x "$NONS" ] || fail "$NONS not built (make check builds it)"
command -v unshare >/dev/null 2>&1 || skip "unshare(1) not found: no PID namespace around kill(-1)"
unshare --pid --fork --mount-proc --kill-child true 2>/dev/null ||
	skip "no PID namespace for the outer safety net around kill(-1)"
make_fixture
chmod 755 "$TEST_TMP"
chmod -R a+rX "$FX"
S=$TEST_TMP/subs
RES=$TEST_TMP/results
mkdir -p "$S" "$RES" && chmod 777 "$S" "$RES" || exit 99

# as USER CMD...: CMD as USER (root: as is), namespaces refused, in a PID namespace that
# holds whatever kill(-1) reaches.
as() {
	u=$1
	shift
	if [ "$u" = root ]; then
		unshare --pid --fork --mount-proc --kill-child "$NONS" "$@"
	else
		unshare --pid --fork --mount-proc --kill-child \
		    setpriv --reuid=65534 --regid=65534 --clear-groups "$NONS" "$@"
	fi
}

# submission NAME BODY: $S/NAME/01-adder/add.c whose add() runs BODY first.
submission() {
	mkdir -p "$S/$1/01-adder"
	cat >"$S/$1/01-adder/add.c" <<C
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include "add.h"
long add(long a, long b) { $2 return a + b; }
C
	chmod -R a+rwX "$S/$1"
}

submission honest ''
submission forger 'if (write(3, "status passed\n", 14) < 0) return 0; _exit(0);'
submission killer 'kill(-1, SIGKILL);'
submission vandal "FILE *f = fopen(\"$RES/results/honest.json\", \"w\"); if (f) { fputs(\"{\\\"score\\\": -100}\", f); fclose(f); }"

users=root
[ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 && users="root nobody"
[ "$users" = root ] && [ "$(id -u)" -ne 0 ] && users=$(id -un)
for u in $users; do
	as $u "$PROCLAB" check 1 --dir "$S/honest" --seed 3 >"$TEST_TMP/honest.out" 2>&1 ||
		{ sed 's/^/  | /' "$TEST_TMP/honest.out" >&2; fail "[$u] the honest answer failed"; }
	expect_grep '^score 8/8' "$TEST_TMP/honest.out"
	expect_grep '^isolation: rlimits' "$TEST_TMP/honest.out"
	expect_grep '^warning: fallback isolation \(clone\(CLONE_.*\): Operation not permitted' \
	    "$TEST_TMP/honest.out"
	expect_grep '^protections: resource limits and a process group' "$TEST_TMP/honest.out"

	as $u "$PROCLAB" check 1 --dir "$S/forger" --seed 3 >"$TEST_TMP/forger.out" 2>&1
	expect_grep '^score 0/8' "$TEST_TMP/forger.out"

	# the whole class: the killer and the vandal beside two honest students
	rm -rf "${RES:?}"/* "$S/zoe" && cp -R "$S/honest" "$S/zoe" && chmod -R a+rwX "$S/zoe"
	as $u "$PROCLAB" grade "$S/honest" "$S/killer" "$S/vandal" "$S/zoe" --out "$RES" --jobs 1 \
	    --seed 3 >"$TEST_TMP/grade.out" 2>&1
	echo "rc=$?" >>"$TEST_TMP/grade.out"
	if grep -q '^rc=137' "$TEST_TMP/grade.out" || ! [ -s "$RES/gradebook.csv" ]; then
		sed 's/^/  | /' "$TEST_TMP/grade.out" >&2
		fail "[$u] the grader did not survive the class (kill(-1) or a vandal)"
	fi
	for st in honest zoe; do
		grep -q '"score": 8' "$RES/results/$st.json" ||
			{ cat "$RES/results/$st.json" >&2; fail "[$u] $st's result was changed: not 8 points"; }
	done
	grep -q '^"\{0,1\}honest"\{0,1\},.*8' "$RES/gradebook.csv" ||
		{ cat "$RES/gradebook.csv" >&2; fail "[$u] the gradebook lost honest's 8 points"; }
done

if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	unset PROCLAB_MANIFEST
	SOLS=$TEST_TMP/solutions
	cp -R "$top_srcdir/solutions" "$SOLS" && chmod -R a+rX "$SOLS" || exit 99
	as nobody "$PROCLAB" check all --dir "$SOLS" --seed 3 >"$TEST_TMP/all.out" 2>&1 ||
		{ sed 's/^/  | /' "$TEST_TMP/all.out" >&2; fail "[nobody] a reference solution lost points"; }
	expect_grep '^score ([0-9]+)/\1$' "$TEST_TMP/all.out"
	expect_grep '^isolation: rlimits' "$TEST_TMP/all.out"
fi
exit 0
