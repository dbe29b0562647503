#!/bin/sh
# SPDX-License-Identifier: MIT
# po-exercises.sh [NN-name ...]: every diagnosis a student gets (the judges', the harnesses'
# and their libraries' messages) is in Portuguese under LANGUAGE=pt_BR. For each exercise
# whose judge is listed in po/POTFILES.in (its messages are in the catalog), or each one
# named: the stub and every wrong solution of tests/exercises/NN-name/wrong-*/ are graded
# with one seed in English and in Portuguese, and no diagnosis of the Portuguese run (the
# message after a failed test's verdict) may be one of the English run's. The stub is also
# graded in the fallback (PROCLAB_SANDBOX=rlimits): the harness finds its catalog there too.
. "$top_srcdir/tests/lib.sh"

[ -x "$PROCLAB" ] || skip "$PROCLAB not built"
[ -f "$top_builddir/po/locale/pt_BR/LC_MESSAGES/proclab.mo" ] ||
	skip "no build-tree catalog (configured with --disable-nls?)"
locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx 'c.utf8' ||
	skip "no C.UTF-8 locale: glibc would ignore LANGUAGE"
unset PROCLAB_MANIFEST LANGUAGE LC_MESSAGES LANG
SEED=20261203
W=$TEST_TMP/wc

if [ $# -eq 0 ]; then
	set -- $(sed -n 's|^exercises/\([0-9][0-9]-[a-z-]*\)/judge_.*\.c$|\1|p' \
	    "$top_srcdir/po/POTFILES.in")
fi
[ $# -gt 0 ] || fail "no exercise's judge is listed in po/POTFILES.in"

# diagnoses REPORT: the message of each failed test (the line after FAIL or FALHOU, without
# its verdict: everything up to the first ": ").
diagnoses() {
	awk '/^  (FAIL|FALHOU) / { want = 1; next }
	    want && /^       [^ ]/ { sub(/^       [^:]*: /, ""); print }
	    { want = 0 }' "$1"
}

# grade_both LABEL [ENV...]: the working copy graded in English and in Portuguese, with the
# Portuguese diagnoses checked against the English ones.
grade_both() {
	label=$1; shift
	env LC_ALL=C "$@" "$PROCLAB" check "$ex" --dir "$W" --seed $SEED >"$TEST_TMP/en" 2>&1
	env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$@" "$PROCLAB" check "$ex" --dir "$W" --seed $SEED \
	    >"$TEST_TMP/pt" 2>&1
	diagnoses "$TEST_TMP/en" >"$TEST_TMP/en.msg"
	diagnoses "$TEST_TMP/pt" >"$TEST_TMP/pt.msg"
	[ -s "$TEST_TMP/en.msg" ] || { sed 's/^/  | /' "$TEST_TMP/en" >&2;
	    fail "$ex $label: no diagnosis in the English report"; }
	[ -s "$TEST_TMP/pt.msg" ] || { sed 's/^/  | /' "$TEST_TMP/pt" >&2;
	    fail "$ex $label: no diagnosis in the Portuguese report"; }
	if grep -Fxf "$TEST_TMP/en.msg" "$TEST_TMP/pt.msg" >"$TEST_TMP/same"; then
		sed 's/^/  | /' "$TEST_TMP/same" >&2
		fail "$ex $label: diagnoses left in English under LANGUAGE=pt_BR (above)"
	fi
	grep -q 'internal error\|erro interno' "$TEST_TMP/en" "$TEST_TMP/pt" &&
		fail "$ex $label: an internal error"
	n=$((n + $(wc -l <"$TEST_TMP/pt.msg")))
}

for ex; do
	EX=$top_srcdir/exercises/$ex
	SOL=$top_srcdir/solutions/$ex
	[ -d "$EX" ] || fail "no exercise $ex"
	n=0
	rm -rf "$W" && mkdir -p "$W/$ex" && cp "$EX"/*.c "$EX"/*.h "$W/$ex/" || exit 99
	grade_both "stub"
	grade_both "stub (fallback)" PROCLAB_SANDBOX=rlimits
	for d in "$top_srcdir/tests/exercises/$ex"/wrong-*/; do
		[ -d "$d" ] || continue
		rm -rf "$W" && mkdir -p "$W/$ex" || exit 99
		for f in "$d"/*.c "$d"/*.h; do
			[ -f "$f" ] && cp "$f" "$W/$ex/"
		done
		for p in "$d"/*.patch; do
			[ -f "$p" ] || continue
			f=$(basename "$p" .patch)
			cp "$SOL/$f" "$W/$ex/$f" && patch -s -f "$W/$ex/$f" <"$p" || exit 99
		done
		grade_both "$(basename "$d")"
	done
	note "$ex: $n diagnoses in Portuguese"
done
exit 0
