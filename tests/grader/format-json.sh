#!/bin/sh
# SPDX-License-Identifier: MIT
# --format json: parsed by python's json; scores add up; hostile text (markup, a byte that is
# not UTF-8) survives; hidden tests stay hidden; --output writes the same report.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
need_python
make_fixture
W=$TEST_TMP/wc
make_workdir "$W" nasty
expect_status 1 "$PROCLAB" check 1 --dir "$W" --seed 5 --format json --output "$TEST_TMP/r.json"
[ ! -s "$TEST_TMP/last" ] || { cat "$TEST_TMP/last" >&2; fail "--output: something went to the terminal"; }
"$PYTHON3" - "$TEST_TMP/r.json" <<'PY' || fail "JSON report check failed"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert r["seed"] == 5 and r["isolation"] in ("namespaces", "rlimits"), r
assert r["max_score"] == 8 and r["score"] == 7, (r["score"], r["max_score"])
assert r["passed"] is False and r["internal_error"] is False
(ex,) = r["exercises"]
assert ex["dir"] == "01-adder" and ex["compiled"] is True
assert "\ufffd" in ex["compiler_output"] and '<&\\">' in ex["compiler_output"], ex["compiler_output"]
assert sum(t["score"] for t in ex["tests"]) + ex["hygiene"]["score"] == ex["score"] == 7
v = {t["name"]: t for t in ex["tests"]}
assert set(v) == {"small", "child", "hidden_3", "markup"}, set(v)
m = v["markup"]
assert m["verdict"] == "wrong_answer" and m["expected"] == "5" and m["actual"] == "0", m
assert m["message"].startswith("<&\"'> ]]> # TODO"), m["message"]
assert v["hidden_3"]["message"] is None and v["hidden_3"]["title"] == "hidden test 3"
assert "zebra" not in open(sys.argv[1], encoding="utf-8").read()
assert v["child"]["runs"] == 4 and v["child"]["runs_passed"] == 4 and v["child"]["race"]
PY
# the same on stdout
expect_status 1 "$PROCLAB" check 1 --dir "$W" --seed 5 --format json
"$PYTHON3" -c 'import json,sys; json.load(open(sys.argv[1]))' "$TEST_TMP/last" ||
	fail "JSON on stdout does not parse"
# all passed: exit 0, "passed": true
make_workdir "$W" good
expect_status 0 "$PROCLAB" check all --dir "$W" --format json
"$PYTHON3" -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["passed"] and r["score"]==8' \
	"$TEST_TMP/last" || fail "a passing JSON report is wrong"
