#!/bin/sh
# SPDX-License-Identifier: MIT
# --format autolab, prairielearn and vpl, each read the way its platform reads it:
#   Autolab takes the last line of the output, {"scores": {PROBLEM: points}};
#   PrairieLearn results.json: gradable, score from 0 to 1, tests[] with name,
#     description, points, max_points, message, output;
#   Moodle VPL: "Comment :=>>" lines, then "Grade :=>> N".
# Scores agree with the JSON report's; a hidden test stays redacted; no raw escape.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
need_python
make_fixture
W=$TEST_TMP/wc
for v in good nasty chatty cerror; do
	rm -rf "$W"; make_workdir "$W" $v
	for f in json autolab prairielearn vpl; do
		"$PROCLAB" check 1 --dir "$W" --seed 5 --format $f >"$TEST_TMP/$v.$f" 2>/dev/null
		rc=$?
		want=1; [ $v = good ] && want=0
		[ $rc -eq $want ] || fail "$v, $f: exit $rc, expected $want"
	done
done
"$PYTHON3" - "$TEST_TMP" <<'PY' || fail "platform formats check failed"
import json, re, sys
d = sys.argv[1]
for v in ("good", "nasty", "chatty", "cerror"):
    ref = json.load(open("%s/%s.json" % (d, v), encoding="utf-8"))
    want = {e["dir"]: e["score"] for e in ref["exercises"]}
    total, top = ref["score"], ref["max_score"]
    # Autolab
    text = open("%s/%s.autolab" % (d, v), encoding="utf-8").read()
    last = text.rstrip("\n").split("\n")[-1]
    assert json.loads(last) == {"scores": want}, (v, last)
    # PrairieLearn
    pl = json.load(open("%s/%s.prairielearn" % (d, v), encoding="utf-8"))
    assert pl["gradable"] is True and 0 <= pl["score"] <= 1, pl
    assert abs(pl["score"] - total / top) < 1e-9, (v, pl["score"], total, top)
    assert sum(t["points"] for t in pl["tests"]) == total
    assert sum(t["max_points"] for t in pl["tests"]) == top
    for t in pl["tests"]:
        assert set(t) >= {"name", "description", "points", "max_points", "message", "output"}, t
        assert isinstance(t["points"], int) and 0 <= t["points"] <= t["max_points"], t
        assert all(isinstance(t[k], str) for k in ("name", "description", "message", "output"))
    # Moodle VPL
    lines = open("%s/%s.vpl" % (d, v), encoding="utf-8").read().split("\n")
    assert lines[-1] == "" and re.fullmatch(r"Grade :=>> \d+", lines[-2]), lines[-2:]
    assert int(lines[-2].split()[-1]) == total, (v, lines[-2], total)
    assert all(l.startswith("Comment :=>>") for l in lines[:-2]), [l for l in lines[:-2]
                                                                  if not l.startswith("Comment :=>>")]
    for f in ("autolab", "prairielearn", "vpl"):
        raw = open("%s/%s.%s" % (d, v, f), encoding="utf-8").read()
        assert "zebra" not in raw and "\x1b" not in raw, (v, f)
cerror = json.load(open(d + "/cerror.prairielearn", encoding="utf-8"))
assert "did not compile" in cerror["tests"][0]["message"], cerror["tests"][0]
assert any("error" in t["output"] for t in cerror["tests"]), "the compiler's output"
PY
expect_status 2 "$PROCLAB" check 1 --dir "$W" --format moodle
expect_grep "is not a report format \\(text, json, junit, tap, gradescope, autolab, prairielearn, vpl\\)" "$TEST_TMP/last"
exit 0
