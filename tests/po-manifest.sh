#!/bin/sh
# SPDX-License-Identifier: MIT
# po-manifest.sh: the manifest's human text (exercise titles, test titles, hints) is in the
# catalog and shown in Portuguese under LANGUAGE=pt_BR, the same way as every message:
# po/manifest-msgids.h (what xgettext reads) matches exercises/manifest.json; `proclab list`
# and `proclab hint` show each title and hint as the catalog translates it (looked up with
# gettext(1), not with proclab) and none of the English ones; English stays the default; a
# JSON report translates titles and keeps its identifiers (name, dir, verdict) English.
. "$top_srcdir/tests/lib.sh"
need_python

GEN=$top_builddir/po/manifest-msgids
MF=$top_srcdir/exercises/manifest.json
[ -x "$GEN" ] || fail "po/manifest-msgids was not built (make check builds it)"

# 1. What xgettext reads is the manifest's text of now.
"$GEN" "$MF" >"$TEST_TMP/msgids.h" || fail "po/manifest-msgids failed on $MF"
diff -u "$top_srcdir/po/manifest-msgids.h" "$TEST_TMP/msgids.h" >"$TEST_TMP/diff" || {
	sed 's/^/  | /' "$TEST_TMP/diff" >&2
	fail "po/manifest-msgids.h is stale: make update-manifest-msgids, then make -C po update-po and translate"
}
# The generator's own error path: a manifest without exercises' names.
printf '{"exercises": [{"number": 1}]}\n' >"$TEST_TMP/bad.json"
expect_status 1 "$GEN" "$TEST_TMP/bad.json"
expect_grep 'exercises\[0\] has no name or tests' "$TEST_TMP/last"

[ -x "$PROCLAB" ] || skip "$PROCLAB not built"
LOCALEDIR=$top_builddir/po/locale
[ -f "$LOCALEDIR/pt_BR/LC_MESSAGES/proclab.mo" ] || skip "no build-tree catalog (--disable-nls?)"
command -v gettext >/dev/null 2>&1 || skip "gettext(1) not found (install gettext-base)"
locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx 'c.utf8' || skip "no C.UTF-8 locale"
unset PROCLAB_MANIFEST LANGUAGE LC_MESSAGES LANG

# The manifest's strings, one per line, by a parser that is not proclab's: KIND NUMBER TEXT.
"$PYTHON3" - "$MF" >"$TEST_TMP/strings" <<'PY' || fail "python could not read the manifest"
import json, sys
for e in json.load(open(sys.argv[1]))["exercises"]:
    print("title", e["number"], e["title"])
    for t in e["tests"]:
        if "title" in t: print("test", e["number"], t["title"])
    for h in e.get("hints", []): print("hint", e["number"], h)
PY
pt_of() { TEXTDOMAINDIR=$LOCALEDIR LANGUAGE=pt_BR LC_ALL=C.UTF-8 gettext -d proclab -- "$1"; }

# 2. list: every exercise's title translated, none left in English; English by default.
env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" list >"$TEST_TMP/list.pt" 2>&1 || fail "list failed"
env LC_ALL=C "$PROCLAB" list >"$TEST_TMP/list.en" 2>&1 || fail "list failed"
n=0
while read -r kind number text; do
	[ "$kind" = title ] || continue
	pt=$(pt_of "$text")
	[ "$pt" != "$text" ] || fail "exercise $number's title \"$text\" has no translation"
	grep -qF -- "$pt" "$TEST_TMP/list.pt" || fail "list under pt_BR lacks \"$pt\""
	grep -qF -- "$text" "$TEST_TMP/list.pt" && fail "list under pt_BR shows \"$text\" in English"
	grep -qF -- "$text" "$TEST_TMP/list.en" || fail "list in English lacks \"$text\""
	n=$((n + 1))
done <"$TEST_TMP/strings"
[ "$n" -ge 12 ] || fail "only $n exercise titles checked"

# 3. hint: each hint of each exercise, read one after the other, as the catalog says.
W=$TEST_TMP/wc
expect_status 0 "$PROCLAB" init "$W"
cd "$W" || exit 99
nh=0
while read -r kind number text; do
	[ "$kind" = hint ] || continue
	pt=$(pt_of "$text")
	[ "$pt" != "$text" ] || fail "a hint of exercise $number has no translation: $text"
	expect_status 0 env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" hint "$number"
	expect_grep "^Dica [0-9]+ de [0-9]+ para " "$TEST_TMP/last"
	grep -qxF -- "  $pt" "$TEST_TMP/last" || {
		sed 's/^/  | /' "$TEST_TMP/last" >&2
		fail "hint of exercise $number under pt_BR is not \"$pt\""
	}
	nh=$((nh + 1))
done <"$TEST_TMP/strings"
[ "$nh" -ge 36 ] || fail "only $nh hints checked"
expect_status 0 env LC_ALL=C "$PROCLAB" hint 3 --all
expect_grep '^Hint 1 of [0-9]+ for 03-bank-balance \(Bank balance\):' "$TEST_TMP/last"
cd "$top_builddir" || exit 99

# 4. Test titles in a report (text and JSON): translated; JSON's identifiers English.
rm -rf "$W" && mkdir -p "$W/03-bank-balance" &&
	cp "$top_srcdir/solutions/03-bank-balance/bank.c" "$W/03-bank-balance/" || exit 99
env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" check 3 --dir "$W" --seed 7 >"$TEST_TMP/text" 2>&1
env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" check 3 --dir "$W" --seed 7 --format json \
    >"$TEST_TMP/json" 2>"$TEST_TMP/err" || { cat "$TEST_TMP/err" >&2; fail "check --format json"; }
while read -r kind number text; do
	[ "$kind" = test ] && [ "$number" = 3 ] || continue
	pt=$(pt_of "$text")
	[ "$pt" != "$text" ] || fail "test title \"$text\" has no translation"
	grep -qF -- " $pt  " "$TEST_TMP/text" || fail "the pt_BR report lacks the test title \"$pt\""
done <"$TEST_TMP/strings"
"$PYTHON3" - "$TEST_TMP/json" "$(pt_of 'Bank balance')" <<'PY' || fail "the JSON report (above)"
import json, sys
r = json.load(open(sys.argv[1]))
e = r["exercises"][0]
assert e["name"] == "bank-balance" and e["dir"] == "03-bank-balance", (e["name"], e["dir"])
assert e["title"] == sys.argv[2], e["title"]
names = [t["name"] for t in e["tests"]]
assert names == ["init", "one_deposit", "race_5_and_5", "race_random"], names
assert all(t["verdict"] == "passed" for t in e["tests"]), e["tests"]
assert e["tests"][0]["title"] != "account_init sets the balance and a process-shared lock"
PY
exit 0
