#!/bin/sh
# SPDX-License-Identifier: MIT
# Lesson 05: funcao1/funcao2 on a shared int and bool: 120 then 230, or 140 then 410.
. "$top_srcdir/tests/lib.sh"
L="$LESSONS/05-shared-value"
[ -x "$L" ] || fail "$L was not built"

bad() {
	pat=$1
	shift
	"$L" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	st=$?
	[ "$st" -eq 2 ] || fail "'$*' exited $st, expected 2"
	[ ! -s "$TEST_TMP/out" ] || fail "'$*' printed on stdout"
	[ "$(wc -l <"$TEST_TMP/err")" -eq 2 ] || { cat "$TEST_TMP/err" >&2; fail "'$*': stderr is not 2 lines"; }
	expect_grep "^05-shared-value: $pat" "$TEST_TMP/err"
	expect_grep "^Try '05-shared-value --help'\.$" "$TEST_TMP/err"
}

# check WHICH FIRST SECOND VALOR ARGS...: the two result lines, in that order, on every run.
check() {
	which=$1 l1=$2 l2=$3 valor=$4
	shift 4
	i=0
	while [ $i -lt 15 ]; do
		"$L" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err" || fail "'$*' exited $?"
		[ ! -s "$TEST_TMP/err" ] || { cat "$TEST_TMP/err" >&2; fail "stderr not empty"; }
		[ "$(sed -n 1p "$TEST_TMP/out")" = "$l1" ] && [ "$(sed -n 2p "$TEST_TMP/out")" = "$l2" ] &&
		    [ "$(sed -n 3p "$TEST_TMP/out")" = "" ] || {
			sed 's/^/  | /' "$TEST_TMP/out" >&2
			fail "$which first: expected '$l1' then '$l2' (run $i)"
		}
		expect_grep "valor\.value = $valor, status\.value = False\.$" "$TEST_TMP/out"
		i=$((i + 1))
	done
}

expect_status 0 "$L" --help
expect_grep '^Usage: 05-shared-value' "$TEST_TMP/last"

check funcao1 'O resultado da funcao1 é: 120' 'O resultado da funcao2 é: 230' 200 --quick
check funcao1 'O resultado da funcao1 é: 120' 'O resultado da funcao2 é: 230' 200 --first funcao1 --quick
check funcao2 'O resultado da funcao2 é: 140' 'O resultado da funcao1 é: 410' 400 --first=funcao2 --quick

# Part 2, notebook 001's Value/Array snippet: after the heading, exactly 10 and
# [2, 4, 6, 8] (what CPython 3.11 prints), then a blank line and the explanation.
for args in --quick "--first funcao2 --quick"; do
	# shellcheck disable=SC2086
	expect_status 0 "$L" $args
	part2=$(sed -n "/^Notebook 001, Value('i', 0) and Array('i', \[1, 2, 3, 4\]):\$/,\$p" "$TEST_TMP/last")
	[ -n "$part2" ] || fail "'$args': no part 2 heading"
	[ "$(printf '%s\n' "$part2" | sed -n 2,4p | tr '\n' '|')" = '10|[2, 4, 6, 8]||' ] || {
		printf '%s\n' "$part2" | sed 's/^/  | /' >&2
		fail "'$args': part 2 does not print 10, [2, 4, 6, 8], a blank line"
	}
	expect_grep '^The child \(pid [0-9]+\) wrote valor = 10 and doubled the array; after waitpid\(\)$' "$TEST_TMP/last"
done

bad "--first: 'funcao3' is not funcao1 or funcao2" --first funcao3
bad "option '--first' needs a value" --first
bad "unknown or ambiguous option '--trials'" --trials 3
exit 0
