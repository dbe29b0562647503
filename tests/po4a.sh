#!/bin/sh
# SPDX-License-Identifier: MIT
# The exercise tasks and the README in Brazilian Portuguese (po4a, po4a/po4a.cfg). Every
# task has its translation; every PO is valid, and complete against the English as it is
# now (po4a merges the English into a copy: no fuzzy, no untranslated entry); a changed
# English paragraph fails that check and comes out in English, never as the old
# translation; the code of the English (its `code` spans and code blocks, comments aside)
# is in the translation as it is; the translations in the tree (committed: a clone has them
# as they were committed) are what po4a makes from the English and the PO files now.
. "$top_srcdir/tests/lib.sh"

command -v po4a >/dev/null 2>&1 || skip "po4a not found (apt-get install po4a)"
command -v msgfmt >/dev/null 2>&1 && command -v msgexec >/dev/null 2>&1 &&
	command -v msggrep >/dev/null 2>&1 || skip "gettext's tools not found (install gettext)"

CFG=po4a/po4a.cfg
LANGS=$(sed -n 's/^\[po4a_langs\] *//p' "$top_srcdir/$CFG")
MASTERS=$(sed -n 's/^\[type: [a-z]*\] \([^ ]*\) .*/\1/p' "$top_srcdir/$CFG")
[ -n "$LANGS" ] && [ -n "$MASTERS" ] || fail "$CFG names no language or no document"

# DOC.LANG.po of a master (pot= of its line, as po4a names it), and its translation.
po_of() { # MASTER LANG
	sed -n "s|^\\[type: [a-z]*\\] $1 .* pot=\\([^ ]*\\).*|po4a/\\1.$2.po|p" "$top_srcdir/$CFG"
}
out_of() { printf '%s\n' "${1%.md}.$2.md"; }

# 1. Every task is translated: each exercise's README.md is in po4a.cfg, with a PO per
#    language, and each PO is valid.
for t in "$top_srcdir"/exercises/[0-9][0-9]-*/README.md; do
	m=${t#"$top_srcdir"/}
	printf '%s\n' "$MASTERS" | grep -qx "$m" || fail "$m is not in $CFG: add its line"
done
for m in $MASTERS; do
	for l in $LANGS; do
		po=$(po_of "$m" "$l")
		[ -f "$top_srcdir/$po" ] || fail "no $po for $m (po4a $CFG makes it)"
		msgfmt --check -o /dev/null "$top_srcdir/$po" 2>"$TEST_TMP/err" || {
			sed 's/^/  | /' "$TEST_TMP/err" >&2
			fail "msgfmt --check rejects $po"
		}
	done
done

# copy_tree DIR: what po4a reads (po4a.cfg, the English, the PO files), so that po4a can
# merge and translate there without touching the tree.
copy_tree() {
	mkdir -p "$1/po4a" && cp "$top_srcdir/$CFG" "$1/po4a/" &&
		cp "$top_srcdir"/po4a/*.po "$1/po4a/" || exit 99
	for m in $MASTERS; do
		mkdir -p "$1/$(dirname "$m")" && cp "$top_srcdir/$m" "$1/$m" || exit 99
	done
}

# incomplete DIR: the PO files of DIR with a fuzzy or untranslated entry, and those
# entries' first lines. Status 0 when there is one.
incomplete() {
	found=1
	for po in "$1"/po4a/*.po; do
		stats=$(msgfmt --statistics -o /dev/null "$po" 2>&1)
		case $stats in
		*fuzzy* | *untranslated*)
			found=0
			printf '%s: %s\n' "${po#"$1"/}" "$stats"
			{ msgattrib --only-fuzzy --no-obsolete "$po"
			  msgattrib --untranslated --no-obsolete "$po"; } |
			    sed -n '/^msgid ""$/{n;/^msgstr/d;p;}; /^msgid "./p' | head -5 |
			    sed 's/^/    /'
			;;
		esac
	done
	return $found
}

# 2. Complete against the English as it is: merged by po4a into a copy, nothing is fuzzy
#    or untranslated. A paragraph changed without its translation fails here.
A=$TEST_TMP/a
copy_tree "$A"
(cd "$A" && po4a -q --no-translations "$CFG") >"$TEST_TMP/po4a.out" 2>&1 || {
	sed 's/^/  | /' "$TEST_TMP/po4a.out" >&2
	fail "po4a --no-translations $CFG failed"
}
if incomplete "$A" >"$TEST_TMP/incomplete"; then
	sed 's/^/  | /' "$TEST_TMP/incomplete" >&2
	fail "translations out of date with the English: run 'make update-po4a' and translate" \
	    "the entries above (doc/HACKING.md, \"Translating the tasks\")"
fi

# 3. The committed translations are what po4a makes from the PO files and the English now:
#    a change to either without 'make update-po4a' (which writes them) fails here.
(cd "$A" && po4a -q --no-update "$CFG") >"$TEST_TMP/po4a.out" 2>&1 || {
	sed 's/^/  | /' "$TEST_TMP/po4a.out" >&2
	fail "po4a --no-update $CFG failed"
}
for m in $MASTERS; do
	for l in $LANGS; do
		o=$(out_of "$m" "$l")
		[ -f "$top_srcdir/$o" ] || fail "$o is missing: run 'make update-po4a' and commit it"
		cmp -s "$A/$o" "$top_srcdir/$o" || {
			diff -u "$top_srcdir/$o" "$A/$o" | head -20 | sed 's/^/  | /' >&2
			fail "$o is not what po4a makes from $m and $(po_of "$m" "$l") now:" \
			    "run 'make update-po4a' and commit it"
		}
	done
done

# ... and, in a git checkout, committed: the English links to them (README.md to
#    README.pt_BR.md), and a web page of the repository shows only what is in git. (Not
#    in a tarball's tree, even one unpacked inside a checkout, as make distcheck may.)
top=$(git -C "$top_srcdir" rev-parse --show-toplevel 2>/dev/null) || top=
if [ -n "$top" ] && [ "$(cd "$top" && pwd -P)" = "$(cd "$top_srcdir" && pwd -P)" ]; then
	for m in $MASTERS; do
		for l in $LANGS; do
			o=$(out_of "$m" "$l")
			git -C "$top_srcdir" ls-files --error-unmatch -- "$o" >/dev/null 2>&1 ||
				fail "$o is not in git: 'git add $o' (it is committed, po4a/local.mk)"
		done
	done
else
	note "not a git checkout: whether the translations are committed is not checked"
fi

# 4. A changed English paragraph: the check of 2 fails, naming the PO, and the translation
#    shows the new English paragraph where its old translation was, the rest translated.
B=$TEST_TMP/b
copy_tree "$B"
m=exercises/01-fork-join/README.md
l=$(printf '%s\n' $LANGS | head -1)
line=$(sed -n 3p "$B/$m")
[ -n "$line" ] || exit 99
sed -i '3s/$/ (a sentence added in English)/' "$B/$m"
changed=$(sed -n 3p "$B/$m")
(cd "$B" && po4a -q "$CFG") >"$TEST_TMP/po4a.out" 2>&1 || {
	sed 's/^/  | /' "$TEST_TMP/po4a.out" >&2
	fail "po4a $CFG failed on a changed English paragraph"
}
incomplete "$B" >"$TEST_TMP/incomplete" ||
	fail "a changed English paragraph of $m left its PO complete: the check cannot fail"
expect_grep "^$(po_of "$m" "$l"): .*(fuzzy|untranslated)" "$TEST_TMP/incomplete"
o=$(out_of "$m" "$l")
grep -qxF -- "$changed" "$B/$o" || fail "$o does not show the changed paragraph in English"
grep -qxF -- "$line" "$A/$o" && fail "$o translated nothing in the paragraph this test changes"
[ "$(sed -n 1p "$B/$o")" = "$(sed -n 1p "$A/$o")" ] ||
	fail "$o: a paragraph that did not change lost its translation"
[ "$(sed -n 1p "$B/$o")" != "$(sed -n 1p "$B/$m")" ] || fail "$o: the title is not translated"

# 5. Code stays code: every `code` span of an English paragraph is in its translation, a
#    fenced code block is the same but for its comments, and an indented block (commands,
#    a layout whose right column is prose) keeps every word that looks like code. gettext's
#    msgexec reads the PO files; one awk compares what it hands over.
DUMP='printf "\001%s\002%s\002%s\002%s\003" "$PO4A_DOC" "$PO4A_CODE" "$MSGEXEC_MSGID" "$(cat)"'
cat >"$TEST_TMP/code.awk" <<'EOF'
BEGIN { RS = "\003"; FS = "\002" }
function spans(s, set,    n) {
	gsub(/\n/, " ", s)
	while (match(s, /`[^`]*`/)) {
		n = substr(s, RSTART, RLENGTH)
		gsub(/  +/, " ", n)
		set[n] = 1
		s = substr(s, RSTART + RLENGTH)
	}
}
function lines(s, keepcomments,    a, n, i, out, l) {
	n = split(s, a, "\n")
	out = ""
	for (i = 1; i <= n; i++) {
		l = a[i]
		if (!keepcomments) {
			gsub(/\/\*.*\*\//, "", l)
			sub(/(^|[ \t])# .*$/, "", l)
		}
		out = out " " l
	}
	gsub(/[ \t]+/, " ", out)
	sub(/^ /, "", out)
	sub(/ $/, "", out)
	return out
}
function codewords(s, set,    a, n, i, w) {
	n = split(s, a, " ")
	for (i = 1; i <= n; i++) {
		w = a[i]
		sub(/^\(/, "", w)
		sub(/[),;:]+$/, "", w)
		if (w ~ /[][\/._=<>$*&{}0-9]/)
			set[w] = 1
	}
}
function missing(en, tr, what,    k) {
	for (k in en)
		if (!(k in tr))
			printf "%s: %s: %s\n", doc, what, k
}
{
	sub(/^[^\001]*\001/, "")
	if (NF < 4 || $3 == "")
		next                            # the header
	doc = $1; msgid = $3; msgstr = $4
	split("", en); split("", tr)
	spans(msgid, en); spans(msgstr, tr)
	missing(en, tr, "not in the translation")
	if ($2 == "fenced") {
		if (lines(msgid, 0) != lines(msgstr, 0))
			printf "%s: a code block differs from the English: %s\n", doc,
			    substr(msgid, 1, index(msgid "\n", "\n") - 1)
	} else if (msgid !~ /(^|\n)( ? ? ?[^ \n]|\n)/) {
		split("", en); split("", tr)
		codewords(lines(msgid, 0), en); codewords(lines(msgstr, 1), tr)
		missing(en, tr, "not in the translated block")
	}
}
EOF
# check_code PO...: what of the English's code the translations in the PO files changed.
check_code() {
	for po in "$@"; do
		msggrep -v -X -e 'Fenced code block' "$po" -o "$TEST_TMP/prose.po" &&
			msggrep -X -e 'Fenced code block' "$po" -o "$TEST_TMP/fenced.po" || exit 99
		PO4A_DOC=${po##*/} PO4A_CODE=prose msgexec -i "$TEST_TMP/prose.po" sh -c "$DUMP"
		[ ! -f "$TEST_TMP/fenced.po" ] || PO4A_DOC=${po##*/} PO4A_CODE=fenced \
			msgexec -i "$TEST_TMP/fenced.po" sh -c "$DUMP"
		rm -f "$TEST_TMP/prose.po" "$TEST_TMP/fenced.po"
	done | awk -f "$TEST_TMP/code.awk"
}
export PO4A_DOC PO4A_CODE
check_code "$top_srcdir"/po4a/*.po >"$TEST_TMP/code.out"
[ ! -s "$TEST_TMP/code.out" ] || {
	sed 's/^/  | /' "$TEST_TMP/code.out" >&2
	fail "translations that change the English's code (see above)"
}

# ... and that check catches a changed identifier, a changed line of a code block and a
# changed command.
po=$top_srcdir/$(po_of exercises/01-fork-join/README.md "$l")
msggrep -K -F -e 'In `fork_join.c`, write:' -e 'int run_workers(' -e 'proclab check 1' "$po" |
    sed -e '/^msgstr/s/`fork_join\.c`/`forkjoin.c`/' -e '/^msgstr/s/int \*statuses/int *st/' \
	-e '/^msgstr/s/proclab check 1/proclab check 2/' >"$TEST_TMP/bad.po"
[ "$(grep -c '^msgstr.*\(forkjoin\|\*st)\|check 2\)' "$TEST_TMP/bad.po")" -eq 3 ] || exit 99
check_code "$TEST_TMP/bad.po" >"$TEST_TMP/code.out"
expect_grep 'not in the translation: `fork_join.c`' "$TEST_TMP/code.out"
expect_grep 'a code block differs from the English: int run_workers\(' "$TEST_TMP/code.out"
expect_grep 'not in the translated block: 1$' "$TEST_TMP/code.out"
exit 0
