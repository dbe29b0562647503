#!/bin/sh
# SPDX-License-Identifier: MIT
# po-system-errors.sh: a diagnosis that quotes a system error or a signal's name (strerror,
# strsignal) quotes it in the student's language under LANGUAGE=pt_BR, in glibc's own words
# (its "libc" catalog, read here with gettext(1), not with proclab): in a harness's message
# (inside the sandbox, in the namespaces and in the fallback) and in a judge's (outside it).
# Stubs made to fail with a chosen error: 03's account_init returns EINVAL (the harness
# says it), 01's run_workers fails with EAGAIN (the judge says it), and 05's counter_add
# aborts (the harness names the signal).
. "$top_srcdir/tests/lib.sh"

[ -x "$PROCLAB" ] || skip "$PROCLAB not built"
[ -f "$top_builddir/po/locale/pt_BR/LC_MESSAGES/proclab.mo" ] ||
	skip "no build-tree catalog (configured with --disable-nls?)"
locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx 'c.utf8' ||
	skip "no C.UTF-8 locale: glibc would ignore LANGUAGE"
command -v gettext >/dev/null 2>&1 || skip "gettext(1) not found (install gettext-base)"
unset PROCLAB_MANIFEST LANGUAGE LC_MESSAGES LANG
SEED=20261203
W=$TEST_TMP/wc

# glibc's translation of one of its messages.
libc_pt() { LANGUAGE=pt_BR LC_ALL=C.UTF-8 gettext -d libc -- "$1"; }
[ "$(libc_pt 'Invalid argument')" != 'Invalid argument' ] ||
	skip "glibc has no Brazilian Portuguese messages here (Debian: apt-get install libc-l10n)"

# stub NN-name FILE SED: the working copy holds the exercise's stub, FILE changed by SED
# (the change must take).
stub() {
	rm -rf "$W" && mkdir -p "$W/$1" && cp "$top_srcdir/exercises/$1"/*.[ch] "$W/$1/" || exit 99
	sed -i "$3" "$W/$1/$2" || exit 99
	cmp -s "$top_srcdir/exercises/$1/$2" "$W/$1/$2" && fail "$1/$2: '$3' changed nothing"
	return 0
}

# expect_quoted LABEL N ENGLISH-LINE ENGLISH-TEXT [ENV...]: exercise N graded in English
# has a diagnosis with ENGLISH-LINE (an ERE) quoting ENGLISH-TEXT; graded in Portuguese,
# its diagnoses quote glibc's translation of ENGLISH-TEXT and never the English.
expect_quoted() {
	label=$1 ex=$2 line=$3 text=$4
	shift 4
	pt=$(libc_pt "$text")
	[ "$pt" != "$text" ] || skip "glibc has no Portuguese for '$text' here"
	env LC_ALL=C "$@" "$PROCLAB" check "$ex" --dir "$W" --seed $SEED >"$TEST_TMP/en" 2>&1
	env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$@" "$PROCLAB" check "$ex" --dir "$W" \
	    --seed $SEED >"$TEST_TMP/pt" 2>&1
	grep -Eq -- "$line" "$TEST_TMP/en" || { sed 's/^/  | /' "$TEST_TMP/en" >&2
	    fail "$label: no diagnosis /$line/ in the English report"; }
	grep -qF -- "($pt)" "$TEST_TMP/pt" || { sed 's/^/  | /' "$TEST_TMP/pt" >&2
	    fail "$label: the Portuguese report does not quote glibc's '$pt' for '$text'"; }
	if grep -F -- "$text" "$TEST_TMP/pt" >"$TEST_TMP/same"; then
		sed 's/^/  | /' "$TEST_TMP/same" >&2
		fail "$label: '$text' left in English under LANGUAGE=pt_BR (above)"
	fi
	return 0
}

stub 03-bank-balance bank.c '0,/return ENOSYS;/s//return EINVAL;/'
expect_quoted "03, the harness" 3 '^       .*account_init returned 22 \(Invalid argument\)' \
	'Invalid argument'
expect_quoted "03, the harness (fallback)" 3 \
	'^       .*account_init returned 22 \(Invalid argument\)' 'Invalid argument' \
	PROCLAB_SANDBOX=rlimits

stub 01-fork-join fork_join.c 's/errno = ENOSYS;/errno = EAGAIN;/'
expect_quoted "01, the judge" 1 \
	'^       .*run_workers returned -1 \(Resource temporarily unavailable\)' \
	'Resource temporarily unavailable'
# (its first test has one worker: the count's singular, in both languages)
expect_grep 'no system call should fail with 1 worker$' "$TEST_TMP/en"
expect_grep 'nenhuma chamada de sistema deveria falhar com 1 trabalhador$' "$TEST_TMP/pt"

rm -rf "$W" && mkdir -p "$W/05-locked-counter" &&
	cp "$top_srcdir/exercises/05-locked-counter"/*.h "$W/05-locked-counter/" || exit 99
sed '/^counter_add(/,/^}/s/counter_lock(c);/abort();/' \
	"$top_srcdir/solutions/05-locked-counter/counter.c" >"$W/05-locked-counter/counter.c"
grep -q 'abort();' "$W/05-locked-counter/counter.c" || fail "05: counter_add unchanged"
expect_quoted "05, the harness (a signal)" 5 \
	'^       .*killed by signal 6 \(Aborted\) while calling counter_add' 'Aborted'
exit 0
