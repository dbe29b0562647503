#!/bin/sh
# SPDX-License-Identifier: MIT
# --format tap: TAP 13 checked by a small parser: version, plan, numbered ok/not ok lines,
# '#' in descriptions escaped, YAML blocks whose values are quoted strings.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
need_python
make_fixture
W=$TEST_TMP/wc
make_workdir "$W" nasty
expect_status 1 "$PROCLAB" check 1 --dir "$W" --seed 5 --format tap --output "$TEST_TMP/r.tap"
"$PYTHON3" - "$TEST_TMP/r.tap" <<'PY' || fail "TAP report check failed"
import json, re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[0] == "TAP version 13" and lines[1] == "1..5", lines[:2]
results, yaml, inblock = [], {}, False
for l in lines[2:]:
    if inblock:
        if l == "  ...":
            inblock = False
            continue
        k, v = l.strip().split(": ", 1)
        yaml.setdefault(len(results), {})[k] = json.loads(v)
        continue
    if l == "  ---":
        inblock = True
        continue
    assert " # " not in l.replace("\\#", ""), "a directive slot in use: %r" % l
    m = re.match(r"^(ok|not ok) (\d+) - (.*)$", l)
    if m:
        results.append(m.groups())
        continue
    assert l == "" or l.startswith("#"), "stray line: %r" % l
assert [int(r[1]) for r in results] == [1, 2, 3, 4, 5], results
assert [r[0] for r in results] == ["ok", "ok", "ok", "not ok", "ok"], results
assert results[3][2] == "01-adder: markup <&\"'> \\# ]]>", results[3][2]
assert [(yaml[i]["score"], yaml[i]["max_score"]) for i in range(1, 6)] == \
    [(2, 2), (3, 3), (1, 1), (0, 1), (1, 1)], yaml
assert yaml[4]["verdict"] == "wrong_answer", yaml
assert yaml[4]["message"].startswith("wrong answer: <&\"'> ]]> # TODO"), yaml[4]
assert "\ufffd" in yaml[4]["compiler"]
PY
expect_grep '^# score 7/8$' "$TEST_TMP/r.tap"
# Perl's TAP parser, not ours: five tests, test 4 failed, nothing it cannot parse.
if command -v prove >/dev/null 2>&1; then
	prove -e cat "$TEST_TMP/r.tap" >"$TEST_TMP/prove.out" 2>&1
	expect_grep 'Tests: 5 Failed: 1' "$TEST_TMP/prove.out"
	expect_grep '^  Failed test:  4$' "$TEST_TMP/prove.out"
	expect_no_grep 'Parse errors|TODO|SKIP' "$TEST_TMP/prove.out"
fi
