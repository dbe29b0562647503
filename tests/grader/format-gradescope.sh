#!/bin/sh
# SPDX-License-Identifier: MIT
# --format gradescope: Gradescope's results.json (score, max_score, execution_time, output,
# tests[] with name, score, max_score, status, output, visibility), also when the student's
# code times out or crashes, and from a flat submission folder as Gradescope gives it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
need_python
make_fixture
W=$TEST_TMP/submission
for v in good loop crash cerror; do
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
    for t in r["tests"]:
        assert set(t) == {"name", "score", "max_score", "status", "output", "visibility"}, t
        assert t["status"] in ("passed", "failed") and t["visibility"] == "visible"
        assert (t["status"] == "passed") == (t["score"] == t["max_score"]) or t["max_score"] == 0
    assert sum(t["score"] for t in r["tests"]) == r["score"]
    assert all("zebra" not in t["name"] + t["output"] for t in r["tests"])
    first = r["tests"][0]
    if v == "loop":
        assert "time limit" in first["output"], first
    if v == "crash":
        assert "SIGSEGV" in first["output"], first
    if v == "cerror":
        assert "did not compile" in first["output"] and "error" in first["output"], first
PY
