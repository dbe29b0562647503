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
    m = re.match(r"^(ok|not ok) (\d+) - (.*?)(?<!\\) # (\d+)/(\d+)$", l)
    if m:
        results.append(m.groups())
        continue
    assert l == "" or l.startswith("#"), "stray line: %r" % l
assert [int(r[1]) for r in results] == [1, 2, 3, 4, 5], results
assert [r[0] for r in results] == ["ok", "ok", "ok", "not ok", "ok"], results
assert results[3][2] == "01-adder: markup <&\"'> \\# ]]>", results[3][2]
assert yaml[4]["verdict"] == "wrong_answer", yaml
assert yaml[4]["message"].startswith("wrong answer: <&\"'> ]]> # TODO"), yaml[4]
assert "\ufffd" in yaml[4]["compiler"]
PY
expect_grep '^# score 7/8$' "$TEST_TMP/r.tap"
