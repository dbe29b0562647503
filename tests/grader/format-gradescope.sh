#!/bin/sh
# SPDX-License-Identifier: MIT
# --format gradescope: Gradescope's results.json (score, max_score, execution_time, output,
# tests[] with name, number, tags, score, max_score, status, output, visibility), also when
# the student's code times out or crashes, and from a flat submission folder as Gradescope
# gives it. A hidden test goes in whole, with Gradescope's "hidden" (or the manifest's
# "after_due_date"), so that Gradescope, not the report, keeps it from the student.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
need_python
make_fixture
W=$TEST_TMP/submission
for v in good loop crash cerror; do
	# the last one with the secret test shown after the due date
	[ $v = cerror ] && sed 's/"hidden": true}/"hidden": true, "visibility": "after_due_date"}/' \
	    "$FX/manifest.json" >"$FX/m2" && mv "$FX/m2" "$FX/manifest.json"
	rm -rf "$W"; mkdir -p "$W"
	variant $v >"$W/add.c"     # flat, the way Gradescope hands a submission in
	want=1; [ $v = good ] && want=0
	expect_status $want "$PROCLAB" check all --dir "$W" --format gradescope \
		--output "$TEST_TMP/$v.json"
	[ -s "$TEST_TMP/$v.json" ] || fail "$v: no results.json written"
done
"$PYTHON3" - "$TEST_TMP" <<'PY' || fail "Gradescope results check failed"
import json, sys
d = sys.argv[1]
for v, score in (("good", 8), ("loop", 6), ("crash", 6), ("cerror", 0)):
    r = json.load(open("%s/%s.json" % (d, v), encoding="utf-8"))
    assert r["score"] == score and r["max_score"] == 8, (v, r["score"], r["max_score"])
    assert isinstance(r["execution_time"], (int, float)) and isinstance(r["output"], str)
    assert len(r["tests"]) == 5, v
    assert r["output_format"] == r["test_output_format"] == "text"
    assert r["stdout_visibility"] == "hidden"
    for t in r["tests"]:
        assert set(t) == {"name", "number", "tags", "score", "max_score", "status", "output",
                          "visibility"}, t
        assert t["status"] in ("passed", "failed")
        assert t["visibility"] in ("visible", "hidden", "after_due_date", "after_published")
        assert (t["status"] == "passed") == (t["score"] == t["max_score"]) or t["max_score"] == 0
        assert t["tags"] == ["01-adder"]
    assert [t["number"] for t in r["tests"]] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert sum(t["score"] for t in r["tests"]) == r["score"]
    # the secret test: in whole, for Gradescope to keep back; nowhere among the visible
    secret = [t for t in r["tests"] if t["visibility"] != "visible"]
    assert [t["number"] for t in secret] == ["1.3"] and "zebra" in secret[0]["name"], secret
    assert secret[0]["visibility"] == ("after_due_date" if v == "cerror" else "hidden")
    assert all("zebra" not in t["name"] + t["output"] for t in r["tests"] if t not in secret)
    first = r["tests"][0]
    if v == "loop":
        assert "time limit" in first["output"], first
    if v == "crash":
        assert "SIGSEGV" in first["output"], first
    if v == "cerror":
        assert "did not compile" in first["output"] and "error" in first["output"], first
PY
