#!/bin/sh
# SPDX-License-Identifier: MIT
# The Brazilian Portuguese translation: po/pt_BR.po is valid (msgfmt --check), complete (every
# message of the sources translated, none fuzzy), and the proclab command really speaks it
# with LANGUAGE=pt_BR (help, a usage error, plurals, a graded report) while staying English
# without it, and keeping its machine formats (JSON ids, numbers) English.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"

PO=$top_srcdir/po/pt_BR.po
command -v msgfmt >/dev/null 2>&1 || skip "msgfmt not found (install gettext)"

# 1. Valid, complete, nothing fuzzy.
msgfmt --check --statistics -o "$TEST_TMP/pt_BR.mo" "$PO" >"$TEST_TMP/stats" 2>&1 || {
	sed 's/^/  | /' "$TEST_TMP/stats" >&2
	fail "msgfmt --check rejects po/pt_BR.po"
}
expect_grep '^[0-9]+ translated messages?\.$' "$TEST_TMP/stats"
expect_no_grep 'untranslated|fuzzy' "$TEST_TMP/stats"

# 2. Every message the sources mark (_, N_, ngettext) is in the catalog: a string added or
#    changed in the code without its translation fails here.
if command -v xgettext >/dev/null 2>&1 && command -v msgcmp >/dev/null 2>&1; then
	# the keywords of po/Makevars (the exercises' failing functions among them)
	KEYWORDS=$(grep -o -e '--keyword=[^ \\]*' -e '--flag=[^ \\]*' "$top_srcdir/po/Makevars")
	[ -n "$KEYWORDS" ] || fail "no --keyword options found in po/Makevars"
	(cd "$top_srcdir" && grep -v '^#' po/POTFILES.in | grep . |
	    xargs xgettext $KEYWORDS --from-code=UTF-8 \
	    -o "$TEST_TMP/sources.pot") || fail "xgettext could not read the sources of po/POTFILES.in"
	msgcmp "$PO" "$TEST_TMP/sources.pot" >"$TEST_TMP/msgcmp" 2>&1 || {
		sed 's/^/  | /' "$TEST_TMP/msgcmp" >&2
		fail "po/pt_BR.po lacks messages of the sources (make -C po update-po, then translate)"
	}
	# and no catalog entry is left over from a message the code no longer has
	msgcomm --less-than=2 --no-location "$TEST_TMP/sources.pot" "$PO" -o "$TEST_TMP/only" ||
		fail "msgcomm failed"
	[ ! -s "$TEST_TMP/only" ] || {
		grep '^msgid' "$TEST_TMP/only" | sed 's/^/  | /' >&2
		fail "messages in only one of po/pt_BR.po and the sources (see above)"
	}
else
	note "xgettext/msgcmp not found: completeness against the sources not checked"
fi

# 3. The command itself. The build tree's catalog is made by make (po/local.mk).
[ -x "$PROCLAB" ] || skip "$PROCLAB not built"
[ -f "$top_builddir/po/locale/pt_BR/LC_MESSAGES/proclab.mo" ] ||
	skip "no build-tree catalog po/locale/pt_BR/LC_MESSAGES/proclab.mo (configured with --disable-nls?)"

# glibc ignores LANGUAGE when LC_MESSAGES is "C" or "POSIX"; any UTF-8 locale will do, and
# glibc 2.35 and later have C.UTF-8 built in. pt_BR.UTF-8 is used when it was generated.
LOC=
ALL_LOCALES=$(locale -a 2>/dev/null | tr 'A-Z' 'a-z')
for l in c.utf8 pt_br.utf8 en_us.utf8; do
	if printf '%s\n' "$ALL_LOCALES" | grep -qx "$l"; then
		case $l in c.utf8) LOC=C.UTF-8 ;; pt_br.utf8) LOC=pt_BR.UTF-8 ;; en_us.utf8) LOC=en_US.UTF-8 ;; esac
		break
	fi
done
[ -n "$LOC" ] || skip "no UTF-8 locale (C.UTF-8, pt_BR.UTF-8 or en_US.UTF-8): LANGUAGE would be ignored"
note "locale used: $LOC"

pt() { env LANGUAGE=pt_BR LC_ALL="$LOC" "$@"; }
en() { env -u LANGUAGE LC_ALL="$LOC" "$@"; }

expect_status 0 pt "$PROCLAB" help
expect_grep '^uso: proclab COMANDO' "$TEST_TMP/last"
expect_grep 'Aprender:' "$TEST_TMP/last"
expect_status 0 en "$PROCLAB" help
expect_grep '^usage: proclab COMMAND' "$TEST_TMP/last"
expect_no_grep 'Aprender' "$TEST_TMP/last"

# A usage error: the message and the "Try" line, exit 2 whatever the language.
expect_status 2 pt "$PROCLAB" lesson 99
expect_grep "^proclab: não existe a lição '99'" "$TEST_TMP/last"
expect_grep "^Tente 'proclab help lesson'\\.$" "$TEST_TMP/last"
expect_status 2 en "$PROCLAB" lesson 99
expect_grep "^proclab: no lesson '99'" "$TEST_TMP/last"
expect_grep "^Try 'proclab help lesson'\\.$" "$TEST_TMP/last"
expect_status 2 pt "$PROCLAB" frobnicate
expect_grep "'frobnicate' não é um comando do proclab" "$TEST_TMP/last"

# Static tables (N_): the lesson catalog.
expect_status 0 pt "$PROCLAB" list
expect_grep 'Lições \(execute uma com: proclab lesson N\)' "$TEST_TMP/last"
expect_grep 'balance-race +002 +5 depósitos e 5 saques sem lock' "$TEST_TMP/last"

# ngettext: a count and its noun agree.
make_fixture
expect_status 0 pt "$PROCLAB" init "$TEST_TMP/copy"
expect_grep '^Cópia de trabalho criada em .*: 1 exercício\.$' "$TEST_TMP/last"

# A graded report: verdict names and sentences in Portuguese, ids and commands as they are.
W=$TEST_TMP/wc
make_workdir "$W" wrong
expect_status 1 pt "$PROCLAB" check 1 --dir "$W" --seed 42
expect_grep '^nota 0/8' "$TEST_TMP/last"
expect_grep 'resposta errada' "$TEST_TMP/last"
expect_grep 'falhou na execução 1 de 4, com atrasos injetados; proclab check 1 --seed 42 repete' \
    "$TEST_TMP/last"
expect_grep 'FALHOU teste oculto 3' "$TEST_TMP/last"
expect_grep "Travou\\? 'proclab hint 1' mostra a dica 1 de 2\\." "$TEST_TMP/last"
expect_no_grep 'wrong answer|Stuck' "$TEST_TMP/last"

rm -rf "$W"
make_workdir "$W" crash
expect_status 1 pt "$PROCLAB" check 1 --dir "$W" --seed 42
expect_grep 'erro em tempo de execução: o teste caiu com SIGSEGV \(um ponteiro inválido' \
    "$TEST_TMP/last"
# The JSON report of the same run: English ids and verdict names, numbers with a '.', even
# under a Portuguese locale (its decimal separator is ',').
JLOC=$LOC
printf '%s\n' "$ALL_LOCALES" | grep -qx 'pt_br.utf8' && JLOC=pt_BR.UTF-8
env LANGUAGE=pt_BR LC_ALL="$JLOC" "$PROCLAB" check 1 --dir "$W" --seed 42 --format json \
    >"$TEST_TMP/report.json" 2>"$TEST_TMP/err"
[ $? -eq 1 ] || { cat "$TEST_TMP/err" >&2; fail "check --format json did not exit 1"; }
expect_grep '"verdict": "crashed"' "$TEST_TMP/report.json"
expect_grep '"verdict_text": "crashed"' "$TEST_TMP/report.json"
expect_grep '"time_s": [0-9]+\.[0-9]' "$TEST_TMP/report.json"
if [ -n "${PYTHON3:-}" ] && [ -x "$PYTHON3" ]; then
	"$PYTHON3" -c 'import json, sys; json.load(open(sys.argv[1]))' "$TEST_TMP/report.json" ||
		fail "the JSON report under LANGUAGE=pt_BR LC_ALL=$JLOC is not JSON"
fi

# LANG alone (no LANGUAGE) selects Portuguese when the pt_BR.UTF-8 locale exists.
if printf '%s\n' "$ALL_LOCALES" | grep -qx 'pt_br.utf8'; then
	expect_status 0 env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=pt_BR.UTF-8 "$PROCLAB" help
	expect_grep '^uso: proclab COMANDO' "$TEST_TMP/last"
else
	note "pt_BR.UTF-8 locale not generated: LANG=pt_BR.UTF-8 not tested"
fi

# LANGUAGE alone (no LANG: the C locale, which glibc's gettext ignores LANGUAGE in) still
# gives Portuguese, through C.UTF-8, with one note on stderr; a lesson run by proclab
# speaks Portuguese too and does not repeat the note.
if printf '%s\n' "$ALL_LOCALES" | grep -qx 'c.utf-\?8'; then
	nolang() { env -u LC_ALL -u LC_MESSAGES -u LC_CTYPE -u LANG LANGUAGE=pt_BR "$@"; }
	nolang "$PROCLAB" help >"$TEST_TMP/out" 2>"$TEST_TMP/err" || fail "LANGUAGE=pt_BR alone: help failed"
	expect_grep '^uso: proclab COMANDO' "$TEST_TMP/out"
	[ "$(grep -c 'o locale C ignora LANGUAGE=pt_BR; usando C.UTF-8' "$TEST_TMP/err")" -eq 1 ] &&
		[ "$(wc -l <"$TEST_TMP/err")" -eq 1 ] ||
		{ sed 's/^/  | /' "$TEST_TMP/err" >&2; fail "LANGUAGE=pt_BR alone: not one note on stderr"; }
	nolang "$PROCLAB" lesson 4 >"$TEST_TMP/out" 2>"$TEST_TMP/err" || fail "LANGUAGE=pt_BR alone: lesson 4 failed"
	[ "$(wc -l <"$TEST_TMP/err")" -eq 1 ] ||
		{ sed 's/^/  | /' "$TEST_TMP/err" >&2; fail "LANGUAGE=pt_BR alone: the lesson repeated the note"; }
	# A locale asked for by name stays: LC_ALL=C (as scripts and the completion use) is English.
	env -u LC_MESSAGES -u LANG LANGUAGE=pt_BR LC_ALL=C "$PROCLAB" help \
		>"$TEST_TMP/out" 2>"$TEST_TMP/err" || fail "LANGUAGE=pt_BR LC_ALL=C: help failed"
	expect_grep '^usage: proclab COMMAND' "$TEST_TMP/out"
	[ ! -s "$TEST_TMP/err" ] || fail "LANGUAGE=pt_BR LC_ALL=C: something on stderr"
	# Without LANGUAGE nothing changes and nothing is said.
	env -u LC_ALL -u LC_MESSAGES -u LC_CTYPE -u LANG -u LANGUAGE "$PROCLAB" help \
		>"$TEST_TMP/out" 2>"$TEST_TMP/err" || fail "no locale at all: help failed"
	expect_grep '^usage: proclab COMMAND' "$TEST_TMP/out"
	[ ! -s "$TEST_TMP/err" ] || fail "no locale at all: something on stderr"
else
	note "no C.UTF-8 locale: LANGUAGE without LANG not tested"
fi
exit 0
