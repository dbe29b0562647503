#!/bin/sh
# SPDX-License-Identifier: MIT
# Lesson 04: funcao1/funcao2 on plain (copied) values print 120 and 140, in either order.
. "$top_srcdir/tests/lib.sh"
L="$LESSONS/04-copied-values"
[ -x "$L" ] || fail "$L was not built"

# bad ARGS...: exit 2, nothing on stdout, one message line and the hint on stderr.
bad() {
	pat=$1
	shift
	"$L" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	st=$?
	[ "$st" -eq 2 ] || fail "'$*' exited $st, expected 2"
	[ ! -s "$TEST_TMP/out" ] || fail "'$*' printed on stdout"
	[ "$(wc -l <"$TEST_TMP/err")" -eq 2 ] || { cat "$TEST_TMP/err" >&2; fail "'$*': stderr is not 2 lines"; }
	expect_grep "^04-copied-values: $pat" "$TEST_TMP/err"
	expect_grep "^Try '04-copied-values --help'\.$" "$TEST_TMP/err"
}

expect_status 0 "$L" --help
expect_grep '^Usage: 04-copied-values' "$TEST_TMP/last"

# The children never see each other's (or the parent's) changes: every run, both
# results come from valor = 100, status = False.
i=0
while [ $i -lt 10 ]; do
	"$L" --quick >"$TEST_TMP/out" 2>"$TEST_TMP/err" || fail "--quick exited $?"
	[ ! -s "$TEST_TMP/err" ] || { cat "$TEST_TMP/err" >&2; fail "stderr not empty"; }
	[ "$(grep -c '^O resultado da funcao1 é: 120$' "$TEST_TMP/out")" -eq 1 ] || { cat "$TEST_TMP/out" >&2; fail "no single 'funcao1 é: 120' line"; }
	[ "$(grep -c '^O resultado da funcao2 é: 140$' "$TEST_TMP/out")" -eq 1 ] || { cat "$TEST_TMP/out" >&2; fail "no single 'funcao2 é: 140' line"; }
	[ "$(grep -c '^O resultado' "$TEST_TMP/out")" -eq 2 ] || fail "more than two result lines"
	expect_grep '^In the parent, after both joins: valor = 100, status = False\.$' "$TEST_TMP/out"
	# The notebook's lines come first, then a blank line and the explanation.
	[ "$(sed -n 3p "$TEST_TMP/out")" = "" ] || fail "line 3 is not blank"
	i=$((i + 1))
done

bad "unknown or ambiguous option '--bogus'" --bogus
bad "option '--quick' takes no value" --quick=1
bad "unexpected argument 'extra'" extra
exit 0
