#!/bin/sh
# SPDX-License-Identifier: MIT
# The exercise tasks and the hints (issue 9): the manifest is the one place of the hints, shown
# one at a time by proclab hint, so no task (README.md, README.pt_BR.md) shows a hint again,
# in English or in the catalog's Portuguese: no 8 words in a row of a hint (its words, code
# and punctuation aside) are in a task. Each task says how to get them (proclab hint N, its
# own N) and names the lessons to read first: proclab lesson N of lessons that exist, the
# same in both languages.
. "$top_srcdir/tests/lib.sh"
need_python
MF=$top_srcdir/exercises/manifest.json
LOCALEDIR=$top_builddir/po/locale
unset PROCLAB_MANIFEST LANGUAGE LC_MESSAGES LANG

# The hints in Portuguese too, when the catalog and gettext(1) are there to say them.
pt=no
if [ -f "$LOCALEDIR/pt_BR/LC_MESSAGES/proclab.mo" ] && command -v gettext >/dev/null 2>&1 &&
	locale -a 2>/dev/null | tr 'A-Z' 'a-z' | grep -qx 'c.utf8'; then
	pt=yes
else
	note "no catalog, gettext(1) or C.UTF-8: the Portuguese hints are not looked for"
fi

# 1. No task repeats a hint; each task's hints section points at proclab hint N.
"$PYTHON3" - "$MF" "$top_srcdir/exercises" "$pt" "$LOCALEDIR" >"$TEST_TMP/hints" 2>&1 <<'PY' ||
import json, os, re, subprocess, sys
mf, root, pt, localedir = sys.argv[1:5]
WINDOW = 8
def words(text):
    return re.findall(r"[^\W\d_]+", re.sub(r"[`*_]", "", text.lower()))
env = dict(os.environ, TEXTDOMAINDIR=localedir, LANGUAGE="pt_BR", LC_ALL="C.UTF-8")
def portuguese(h):
    out = subprocess.run(["gettext", "-d", "proclab", "--", h], env=env,
                         capture_output=True, text=True, check=True).stdout
    if out == h:
        sys.exit("hint without a translation: " + h)
    return out
bad = n = 0
for e in json.load(open(mf))["exercises"]:
    hints = list(e["hints"])
    if pt == "yes":
        hints += [portuguese(h) for h in e["hints"]]
    for name in ("README.md", "README.pt_BR.md"):
        path = os.path.join(root, e["dir"], name)
        text = open(path, encoding="utf-8").read()
        task = " ".join(words(text))
        for h in hints:
            hw = words(h)
            for i in range(max(1, len(hw) - WINDOW + 1)):
                if " ".join(hw[i:i + WINDOW]) in task:
                    print("%s/%s shows a hint again: %s" % (e["dir"], name, h))
                    bad += 1
                    break
            n += 1
        if "`proclab hint %d`" % e["number"] not in text:
            print("%s/%s does not say that 'proclab hint %d' shows the hints"
                  % (e["dir"], name, e["number"]))
            bad += 1
        parts = re.split(r"\n## (?:Hints|Dicas)\n", text)
        if len(parts) != 2 or re.search(r"^\d+\. ", parts[1].split("\n## ")[0], re.M):
            print("%s/%s has no hints section, or one that lists hints" % (e["dir"], name))
            bad += 1
print("checked", n)
sys.exit(1 if bad else 0)
PY
	{ sed 's/^/  | /' "$TEST_TMP/hints" >&2; fail "a task shows hints (lines above)"; }
n=$(sed -n 's/^checked //p' "$TEST_TMP/hints")
[ "${n:-0}" -ge 72 ] || fail "only ${n:-0} hints looked for in the tasks"

# 2. Each task names the lessons to read first, lessons that exist, the same in both languages.
for t in "$top_srcdir"/exercises/[0-9][0-9]-*/README.md; do
	d=$(basename "$(dirname "$t")")
	en=$(grep -o '`proclab lesson [0-9]*`' "$t" | sort -u)
	ptl=$(grep -o '`proclab lesson [0-9]*`' "${t%.md}.pt_BR.md" | sort -u)
	[ -n "$en" ] || fail "$d/README.md names no lesson to read first"
	[ "$en" = "$ptl" ] || fail "$d: README.pt_BR.md names other lessons ($ptl) than README.md ($en)"
	grep -q '^\*\*Read first:\*\* .*`proclab lesson [0-9]*`' "$t" ||
		fail "$d/README.md has no 'Read first:' line naming a lesson"
	grep -q '^\*\*Leia antes:\*\* .*`proclab lesson [0-9]*`' "${t%.md}.pt_BR.md" ||
		fail "$d/README.pt_BR.md has no 'Leia antes:' line naming a lesson"
	for n in $(printf '%s\n' "$en" | tr -dc '0-9\n'); do
		expect_status 0 "$PROCLAB" lesson "$n" --help
		expect_grep "^Usage: $(printf '%02d' "$n")-" "$TEST_TMP/last"
	done
done
exit 0
