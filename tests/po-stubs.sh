#!/bin/sh
# SPDX-License-Identifier: MIT
# The stubs and headers a student receives, in the languages of the tasks (po4a.cfg's
# [po4a_langs]): exercises/NN-name/LANG/FILE translates exercises/NN-name/FILE for every
# stub and header of every exercise. A translation keeps the English's SPDX line, its code
# as the compiler sees it (comments stripped by `cc -fpreprocessed -E`), on the same lines,
# its TODO numbering and lines of at most 100 columns, translates something, and ends
# with the sha256 of the English it translates: a changed English fails here, naming the
# file to translate again. The checks are shown to fail on tampered copies.
# (doc/HACKING.md, "Translating the stubs")
. "$top_srcdir/tests/lib.sh"

command -v sha256sum >/dev/null 2>&1 || skip "no sha256sum (coreutils)"
# A compiler that strips comments without preprocessing: GCC's -fpreprocessed (clang has none).
strips() {
	printf '/* c */ int x;\n' | $1 -fpreprocessed -dD -E -P -x c - >"$TEST_TMP/probe" 2>&1 &&
		grep -qx '[[:space:]]*int x;' "$TEST_TMP/probe"
}
if strips "${CC:-cc}"; then
	CC=${CC:-cc}
elif strips gcc; then
	CC=gcc
else
	skip "neither ${CC:-cc} nor gcc strips comments (-fpreprocessed -E)"
fi

LANGS=$(sed -n 's/^\[po4a_langs\] *//p' "$top_srcdir/po4a/po4a.cfg")
[ -n "$LANGS" ] || fail "po4a/po4a.cfg names no language"
EX=$top_srcdir/exercises
DIRS=$(cd "$EX" && ls -d [0-9][0-9]-*)
[ -n "$DIRS" ] || exit 99

# originals DIR: the files of exercise DIR a student receives (not its harness or judge).
originals() {
	(cd "$EX/$1" && ls -- *.c *.h 2>/dev/null | grep -v '^\(test\|judge\)_')
}

# ... which are the manifest's stubs and headers (read with Python's json when there is one).
if [ -n "${PYTHON3:-}" ] && [ -x "$PYTHON3" ]; then
	"$PYTHON3" -c 'import json, sys
for e in json.load(open(sys.argv[1]))["exercises"]:
    for f in sorted(e["files"] + [e["header"]]):
        print(e["dir"], f)' "$EX/manifest.json" >"$TEST_TMP/manifest" || exit 99
	for d in $DIRS; do
		originals "$d" | sed "s|^|$d |"
	done >"$TEST_TMP/tree"
	LC_ALL=C sort "$TEST_TMP/tree" | diff "$TEST_TMP/manifest" - >"$TEST_TMP/diff" || {
		sed 's/^/  | /' "$TEST_TMP/diff" >&2
		fail "the stubs and headers in exercises/ are not the manifest's" \
		    "(< manifest, > tree)"
	}
else
	note "no python3: the stubs are not checked against the manifest"
fi

# code FILE OUT [-P]: FILE's code as the compiler reads it, comments stripped, trailing
# blanks dropped, in OUT; with -P, without the blank lines and line markers that keep its
# lines. A compiler error goes to stdout, as a problem, and leaves OUT empty.
code() {
	if $CC -fpreprocessed -dD -E ${3:-} -x c - <"$1" >"$2.raw" 2>"$2.err"; then
		sed 's/[[:space:]]*$//' "$2.raw" >"$2"
	else
		: >"$2"
		printf '%s: %s cannot read it:\n' "$1" "$CC"
		sed 's/^/    /' "$2.err" | head -5
	fi
}

# todos FILE: the TODO markers of FILE, one a line ("TODO", "TODO 2").
todos() {
	grep -o 'TODO\( [0-9][0-9]*\)\?' "$1"
}

# recorded FILE: the sha256 on FILE's last line, "/* LABEL: sha256 HEX */"; empty if none.
recorded() {
	tail -n 1 "$1" | sed -n 's|^/\* [^*]*: sha256 \([0-9a-f]\{64\}\) \*/$|\1|p'
}

# made_from ENGLISH SUM: in a git checkout, the newest commit whose ENGLISH had that sha256.
made_from() {
	git -C "$top_srcdir" rev-parse --show-toplevel >/dev/null 2>&1 || return 0
	git -C "$top_srcdir" log --format=%h -n 200 -- "$1" 2>/dev/null | while read -r c; do
		s=$(git -C "$top_srcdir" show "$c:./$1" 2>/dev/null | sha256sum | cut -d' ' -f1)
		[ "$s" = "$2" ] && { printf '%s\n' "$c"; break; }
	done
}

# check_pair ENGLISH TRANSLATION NAME_E NAME_T: the problems of one translation, one a
# paragraph on stdout (nothing when it is right).
check_pair() {
	local e=$1 t=$2 ne=$3 nt=$4 sum got label c w
	sum=$(sha256sum <"$e" | cut -d' ' -f1)
	got=$(recorded "$t")
	if [ -z "$got" ]; then
		printf '%s: its last line must give the sha256 of %s, which it translates:\n' \
		    "$nt" "$ne"
		printf '  /* original em inglês: sha256 %s */\n' "$sum"
	elif [ "$got" != "$sum" ]; then
		label=$(tail -n 1 "$t" | sed 's|^/\* \([^*]*\): sha256 .*|\1|')
		c=$(made_from "$ne" "$got")
		printf '%s translates another version of %s\n' "$nt" "$ne"
		printf '  (its last line: sha256 %s; the English now: %s).\n' "$got" "$sum"
		if [ -n "$c" ]; then
			printf '  It was made from commit %s: %s shows what changed.\n' "$c" \
			    "git diff $c -- $ne"
		else
			printf '  git log -p %s shows what changed.\n' "$ne"
		fi
		printf '  Carry that into the translation, then make its last line\n'
		printf '  /* %s: sha256 %s */\n' "$label" "$sum"
	fi
	sed '$d' "$t" >"$TEST_TMP/body"
	[ "$(head -n 1 "$t")" = "$(head -n 1 "$e")" ] ||
		printf '%s: its first line is not the English'"'"'s: %s\n' "$nt" \
		    "$(head -n 1 "$e")"
	code "$e" "$TEST_TMP/code.e" -P
	code "$TEST_TMP/body" "$TEST_TMP/code.t" -P
	if ! cmp -s "$TEST_TMP/code.e" "$TEST_TMP/code.t"; then
		printf '%s: its code is not the code of %s (comments aside; - English, + it):\n' \
		    "$nt" "$ne"
		diff -u "$TEST_TMP/code.e" "$TEST_TMP/code.t" | sed '1,2d; s/^/    /' | head -20
	else
		code "$e" "$TEST_TMP/lines.e"
		code "$TEST_TMP/body" "$TEST_TMP/lines.t"
		cmp -s "$TEST_TMP/lines.e" "$TEST_TMP/lines.t" ||
			printf '%s: its code is not on the lines of %s: give each comment as %s\n' \
			    "$nt" "$ne" "many lines as the English has"
	fi
	[ "$(todos "$e")" = "$(todos "$t")" ] ||
		printf '%s: its TODO markers are not those of %s: %s\n' "$nt" "$ne" \
		    "$(todos "$e" | tr '\n' ' ')"
	w=$(expand "$t" | wc -L)
	[ "$w" -le 100 ] || printf '%s: a line of %s columns (at most 100)\n' "$nt" "$w"
	cmp -s "$TEST_TMP/body" "$e" && printf '%s: it is the English: translate it\n' "$nt"
	return 0
}

# 1. Every stub and header has its translation in every language, and nothing else is there.
: >"$TEST_TMP/problems"
n=0
for d in $DIRS; do
	for l in $LANGS; do
		[ -d "$EX/$d/$l" ] || { printf 'exercises/%s/%s/ is missing: translate %s\n' \
		    "$d" "$l" "$(originals "$d" | tr '\n' ' ')"; continue; }
		(cd "$EX/$d/$l" && ls -A) | while read -r f; do
			originals "$d" | grep -qxF -- "$f" ||
				printf 'exercises/%s/%s/%s translates no stub or header of %s\n' \
				    "$d" "$l" "$f" "$d"
		done
		for f in $(originals "$d"); do
			if [ -f "$EX/$d/$l/$f" ]; then
				check_pair "$EX/$d/$f" "$EX/$d/$l/$f" "exercises/$d/$f" \
				    "exercises/$d/$l/$f"
				n=$((n + 1))
			else
				printf 'exercises/%s/%s/%s is missing: translate %s\n' \
				    "$d" "$l" "$f" "exercises/$d/$f"
			fi
		done
	done
done >>"$TEST_TMP/problems"
if [ -s "$TEST_TMP/problems" ]; then
	sed 's/^/  | /' "$TEST_TMP/problems" >&2
	fail "stubs not translated or translated wrong (above; doc/HACKING.md," \
	    "\"Translating the stubs\")"
fi
[ "$n" -gt 0 ] || fail "no translation checked"
note "$n translations of stubs and headers checked"

# 2. The checks fail on tampered copies of 03's stub: its English changed (a comment), its
#    code changed, its code moved down a line, its last line gone.
l=$(printf '%s\n' $LANGS | head -n 1)
e=$EX/03-bank-balance/bank.c
t=$EX/03-bank-balance/$l/bank.c
T=$TEST_TMP/t
mkdir -p "$T" || exit 99
tampered() { # WHAT ENGLISH TRANSLATION PATTERN
	check_pair "$2" "$3" exercises/03-bank-balance/bank.c \
	    "exercises/03-bank-balance/$l/bank.c" >"$T/out"
	grep -Eq -- "$4" "$T/out" || {
		sed 's/^/  | /' "$T/out" >&2
		fail "$1: the check did not say /$4/"
	}
}
check_pair "$e" "$t" e t >"$T/out"
[ ! -s "$T/out" ] || exit 99
sed 's|TODO 4: destroy the lock\.|TODO 4: destroy the lock (pthread_mutex_destroy).|' "$e" >"$T/e"
! cmp -s "$e" "$T/e" || exit 99
sum=$(sha256sum <"$T/e" | cut -d' ' -f1)
tampered "a changed English" "$T/e" "$t" "translates another version of .*/bank\.c$"
tampered "a changed English" "$T/e" "$t" "^  /\\* .*: sha256 $sum \\*/$"
sed 's|local_copy += amount;|local_copy += 2 * amount;|' "$t" >"$T/t1"
! cmp -s "$t" "$T/t1" || exit 99
tampered "a changed code" "$e" "$T/t1" "its code is not the code of .*bank\.c"
tampered "a changed code" "$e" "$T/t1" '^    \+.*local_copy \+= 2 \* amount;$'
sed '/^deposit(/i\
/* uma linha a mais */' "$t" >"$T/t2"
! cmp -s "$t" "$T/t2" || exit 99
tampered "a comment one line longer" "$e" "$T/t2" "its code is not on the lines of"
sed '$d' "$t" >"$T/t3"
tampered "no sha256 line" "$e" "$T/t3" 'its last line must give the sha256 of'
sum=$(sha256sum <"$e" | cut -d' ' -f1)
tampered "no sha256 line" "$e" "$T/t3" "^  /\\* .*: sha256 $sum \\*/$"
sed 's|TODO 3:|TODO 5:|' "$t" >"$T/t4"
tampered "a TODO renumbered" "$e" "$T/t4" "its TODO markers are not those of"
exit 0
