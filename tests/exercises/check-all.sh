# SPDX-License-Identifier: MIT
# proclab check all: the twelve reference solutions get full marks, the twelve stubs
# get zero, each exercise with a message that says what to do.
. "$top_srcdir/tests/lib.sh"
need_python
unset PROCLAB_MANIFEST

# The reference solutions: every exercise full marks, exit 0.
expect_status 0 "$PROCLAB" check all --dir "$top_srcdir/solutions" --format json \
	--output "$TEST_TMP/solutions.json"
"$PYTHON3" - "$TEST_TMP/solutions.json" <<'PY' || fail "reference solutions: not full marks"
import json, sys
d = json.load(open(sys.argv[1]))
ex = d["exercises"]
assert len(ex) == 12, "%d exercises graded, expected 12" % len(ex)
for e in ex:
    assert e["score"] == e["max_score"] > 0, "%s: %s/%s" % (e["name"], e["score"], e["max_score"])
assert d["score"] == d["max_score"], (d["score"], d["max_score"])
print("solutions: %d/%d" % (d["score"], d["max_score"]))
PY

# The stubs: zero everywhere, exit 1, and every test says the stub is not written yet.
expect_status 1 "$PROCLAB" check all --dir "$top_srcdir/exercises" --format json \
	--output "$TEST_TMP/stubs.json"
"$PYTHON3" - "$TEST_TMP/stubs.json" <<'PY' || fail "stubs: not zero with a clear message"
import json, sys, re
d = json.load(open(sys.argv[1]))
ex = d["exercises"]
assert len(ex) == 12, "%d exercises graded, expected 12" % len(ex)
assert d["score"] == 0, d["score"]
for e in ex:
    assert e["score"] == 0, "%s scored %s" % (e["name"], e["score"])
    tests = [t for t in e["tests"] if "hygiene" not in t["name"]]
    assert tests, e["name"]
    for t in tests:
        msg = t.get("message") or ""
        assert re.search(r"not written yet", msg), "%s/%s: %r" % (e["name"], t["name"], msg)
print("stubs: 0/%d" % d["max_score"])
PY
