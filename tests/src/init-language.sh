#!/bin/sh
# SPDX-License-Identifier: MIT
# proclab init writes each task in the language of the messages. With LANGUAGE=pt_BR (and a
# UTF-8 locale) README.md is the exercise's README.pt_BR.md and the English is beside it as
# README.en.md; without it README.md is the English and README.pt_BR.md is beside it. The
# stubs and headers follow the same rule, each on its own (pt_BR/STEM.c, else pt/STEM.c, as
# STEM.c), but alone: no second copy of a file the grader looks for by its name. Where
# the messages stay English (glibc ignores LANGUAGE under LC_ALL=C) the tasks do too; an
# exercise without a translation keeps its English README.md alone; README.pt.md serves
# pt_BR; the Portuguese working copy is graded like any other, its stubs exactly as the
# English ones.
. "$top_srcdir/tests/lib.sh"

[ -x "$PROCLAB" ] || skip "$PROCLAB not built"
[ -f "$top_builddir/po/locale/pt_BR/LC_MESSAGES/proclab.mo" ] ||
	skip "no build-tree catalog (configured with --disable-nls?)"
locale -a 2>/dev/null | grep -qix 'c\.utf-\?8' || skip "no C.UTF-8 locale: LANGUAGE is ignored"

EX=$top_srcdir/exercises
DIRS=$(cd "$EX" && ls -d [0-9][0-9]-*)
[ -n "$DIRS" ] || exit 99

# sources DIR: the stubs and headers of exercise DIR (what a student edits or reads).
sources() {
	(cd "$EX/$1" && ls -- *.c *.h | grep -v '^\(test\|judge\)_')
}

# sources_are FROM WORKDIR LABEL: each stub and header of WORKDIR/DIR is FROM/DIR's (FROM a
# path under exercises/DIR: "" for the English, "pt_BR/"), lab.h is the runtime's, and
# WORKDIR/DIR has no other source file and no folder.
sources_are() {
	for d in $DIRS; do
		for f in $(sources "$d"); do
			[ -f "$EX/$d/$1$f" ] || exit 99
			cmp -s "$2/$d/$f" "$EX/$d/$1$f" ||
				fail "$3: $d/$f is not exercises/$d/$1$f"
		done
		cmp -s "$2/$d/lab.h" "$top_srcdir/lib/lab.h" || fail "$3: $d has no lab.h"
		extra=$(cd "$2/$d" && ls -A | grep -vx 'README\(\.[A-Za-z_@]*\)\?\.md' |
		    grep -vx 'lab\.h' | grep -vxF "$(sources "$d")")
		[ -z "$extra" ] || fail "$3: $d has $(printf '%s\n' "$extra" | tr '\n' ' ')"
	done
}

# 1. Portuguese: README.md translated, the English beside it, the copy's README too.
expect_status 0 env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" init "$TEST_TMP/pt"
expect_grep '^Cópia de trabalho criada em .*: 12 exercícios\.$' "$TEST_TMP/last"
for d in $DIRS; do
	w=$TEST_TMP/pt/$d
	cmp -s "$w/README.md" "$EX/$d/README.pt_BR.md" || fail "pt: $d/README.md is not the translation"
	cmp -s "$w/README.en.md" "$EX/$d/README.md" || fail "pt: $d/README.en.md is not the English"
	[ ! -e "$w/README.pt_BR.md" ] || fail "pt: $d has the translation twice"
done
expect_grep '^# Exercício 01: fork e join$' "$TEST_TMP/pt/01-fork-join/README.md"
expect_grep '^## Dicas$' "$TEST_TMP/pt/09-barrier/README.md"
expect_grep '^# Seus exercícios do proclab$' "$TEST_TMP/pt/README.md"
expect_grep 'original em inglês ao lado, em README\.en\.md' "$TEST_TMP/pt/README.md"
expect_grep '^comentários do \.c e do cabeçalho também vêm em português' \
    "$TEST_TMP/pt/README.md"
#    the stubs and headers in Portuguese, alone.
sources_are pt_BR/ "$TEST_TMP/pt" pt
expect_grep '^	 \* TODO 1: inicialize a->lock para que funcione entre processos:$' \
    "$TEST_TMP/pt/03-bank-balance/bank.c"

# 2. English: the English as README.md, the translation beside it, no README.en.md.
expect_status 0 env -u LANGUAGE LC_ALL=C.UTF-8 "$PROCLAB" init "$TEST_TMP/en"
expect_grep '^Made your working copy in .*: 12 exercises\.$' "$TEST_TMP/last"
for d in $DIRS; do
	w=$TEST_TMP/en/$d
	cmp -s "$w/README.md" "$EX/$d/README.md" || fail "en: $d/README.md is not the English"
	cmp -s "$w/README.pt_BR.md" "$EX/$d/README.pt_BR.md" ||
		fail "en: $d/README.pt_BR.md is not the translation"
	[ ! -e "$w/README.en.md" ] || fail "en: $d has README.en.md"
done
expect_grep '^# Your proclab exercises$' "$TEST_TMP/en/README.md"
sources_are "" "$TEST_TMP/en" en
# ... and its Makefile: every stub compiles with the grader's flags, lab.h found beside it,
# without a warning; 'make check N=3' runs proclab check 3.
# (a make of its own: not this suite's jobs)
wmake() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$TEST_TMP/en" "$@"; }
if command -v make >/dev/null 2>&1; then
	wmake >"$TEST_TMP/make" 2>&1 || { cat "$TEST_TMP/make" >&2; fail "make failed"; }
	! grep -q 'warning:' "$TEST_TMP/make" || { cat "$TEST_TMP/make" >&2; fail "make warned"; }
	[ -f "$TEST_TMP/en/03-bank-balance/bank.o" ] || fail "make made no 03-bank-balance/bank.o"
	wmake -n check N=3 | grep -qx 'proclab check 3' ||
		fail "make check N=3 does not run proclab check 3"
	wmake clean >/dev/null 2>&1 && [ ! -e "$TEST_TMP/en/03-bank-balance/bank.o" ] ||
		fail "make clean left 03-bank-balance/bank.o"
fi

# 3. The tasks follow the messages: LANGUAGE under LC_ALL=C is ignored by both; a first
#    language without a catalog falls through to pt_BR for both.
expect_status 0 env LANGUAGE=pt_BR LC_ALL=C "$PROCLAB" init "$TEST_TMP/c"
expect_grep '^Made your working copy' "$TEST_TMP/last"
cmp -s "$TEST_TMP/c/01-fork-join/README.md" "$EX/01-fork-join/README.md" ||
	fail "LANGUAGE=pt_BR LC_ALL=C: English messages, but not the English task"
sources_are "" "$TEST_TMP/c" "LANGUAGE=pt_BR LC_ALL=C"
expect_status 0 env LANGUAGE=fr:pt_BR LC_ALL=C.UTF-8 "$PROCLAB" init "$TEST_TMP/fr"
expect_grep '^Cópia de trabalho criada' "$TEST_TMP/last"
cmp -s "$TEST_TMP/fr/01-fork-join/README.md" "$EX/01-fork-join/README.pt_BR.md" ||
	fail "LANGUAGE=fr:pt_BR: Portuguese messages, but not the Portuguese task"
sources_are pt_BR/ "$TEST_TMP/fr" "LANGUAGE=fr:pt_BR"

# 4. A course's own exercise (PROCLAB_MANIFEST) without a translation: the English alone,
#    in either language; with README.pt.md, that one for pt_BR, and pt/add.c (no pt/add.h):
#    the Portuguese add.c beside the English add.h.
. "$top_srcdir/tests/grader/fixture.sh"
make_fixture
expect_status 0 env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" init "$TEST_TMP/fx"
cmp -s "$TEST_TMP/fx/01-adder/README.md" "$FX/01-adder/README.md" ||
	fail "an untranslated task: README.md is not the English"
[ "$(ls "$TEST_TMP/fx/01-adder" | grep -c '^README')" -eq 1 ] ||
	fail "an untranslated task: README files other than README.md: $(ls "$TEST_TMP/fx/01-adder")"
cmp -s "$TEST_TMP/fx/01-adder/add.c" "$FX/01-adder/add.c" || fail "an untranslated stub changed"
printf '# Somador\n\nEscreva add(a, b).\n' >"$FX/01-adder/README.pt.md"
mkdir "$FX/01-adder/pt" && { printf '/* Escreva add(a, b). */\n'; cat "$FX/01-adder/add.c"; } \
	>"$FX/01-adder/pt/add.c" || exit 99
expect_status 0 env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" init "$TEST_TMP/fx-pt"
cmp -s "$TEST_TMP/fx-pt/01-adder/README.md" "$FX/01-adder/README.pt.md" ||
	fail "README.pt.md was not taken for pt_BR"
cmp -s "$TEST_TMP/fx-pt/01-adder/README.en.md" "$FX/01-adder/README.md" ||
	fail "README.pt.md: the English is not beside it"
cmp -s "$TEST_TMP/fx-pt/01-adder/add.c" "$FX/01-adder/pt/add.c" || fail "pt/add.c was not taken"
cmp -s "$TEST_TMP/fx-pt/01-adder/add.h" "$FX/01-adder/add.h" ||
	fail "no pt/add.h: the English add.h is not there"
[ "$(ls -A "$TEST_TMP/fx-pt/01-adder" | grep -vx 'lab\.h' | grep -c '\.[ch]$')" -eq 2 ] &&
	[ ! -e "$TEST_TMP/fx-pt/01-adder/pt" ] ||
	fail "a second stub or header in the Portuguese copy: $(ls -A "$TEST_TMP/fx-pt/01-adder")"
expect_status 0 env -u LANGUAGE LC_ALL=C.UTF-8 "$PROCLAB" init "$TEST_TMP/fx-en"
cmp -s "$TEST_TMP/fx-en/01-adder/README.pt.md" "$FX/01-adder/README.pt.md" ||
	fail "English: README.pt.md is not beside the English"
cmp -s "$TEST_TMP/fx-en/01-adder/add.c" "$FX/01-adder/add.c" ||
	fail "English: add.c is not the English"

# 5. The Portuguese working copy is graded as any other: the extra README is no file of
#    the student's, the Portuguese stub fails, the solution passes.
W=$TEST_TMP/fx-pt
cd "$W/01-adder" || exit 99
expect_status 1 env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" check 1
expect_grep '^nota 0/8' "$TEST_TMP/last"
variant good >"$W/01-adder/add.c"
expect_status 0 env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" check 1
expect_grep '^nota 8/8' "$TEST_TMP/last"

# 6. The lab's Portuguese stubs are graded exactly as the English ones: every exercise,
#    one seed, the same report (0 points, the same messages), in Portuguese.
unset PROCLAB_MANIFEST
for c in pt en; do
	run "$TEST_TMP/check-$c" env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" check all \
	    --dir "$TEST_TMP/$c" --seed 20261203
	[ "$status" -eq 1 ] || { sed 's/^/  | /' "$TEST_TMP/check-$c" >&2
		fail "$c: proclab check all of the stubs exited $status, expected 1"; }
done
expect_grep '^nota 0/[0-9]+$' "$TEST_TMP/check-pt"
diff -u "$TEST_TMP/check-en" "$TEST_TMP/check-pt" >"$TEST_TMP/check.diff" || {
	head -30 "$TEST_TMP/check.diff" | sed 's/^/  | /' >&2
	fail "the Portuguese stubs are not graded as the English ones (- English, + Portuguese)"
}
exit 0
