#!/bin/sh
# SPDX-License-Identifier: MIT
# check --dir ARCHIVE grades a .tar.gz or .zip of the files as it grades their folder (what
# a student uploads to a platform), and a damaged archive is every test's reason, not a
# crash; check --time-limit S stops starting runs once S seconds of grading are spent, so
# the report is written before a platform's own timeout: the tests already run keep their
# verdicts, the others fail unrun and say why.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
need_python
make_fixture
make_workdir "$TEST_TMP/w/entrega" good
tar -czf "$TEST_TMP/entrega.tar.gz" -C "$TEST_TMP/w" entrega || exit 99
(cd "$TEST_TMP/w" && "$PYTHON3" -m zipfile -c "$TEST_TMP/entrega.zip" entrega) || exit 99
mkdir "$TEST_TMP/tmp" || exit 99
for a in entrega.tar.gz entrega.zip; do
	TMPDIR=$TEST_TMP/tmp expect_status 0 "$PROCLAB" check all --dir "$TEST_TMP/$a"
	expect_grep '^score 8/8' "$TEST_TMP/last"
	[ -z "$(ls -A "$TEST_TMP/tmp")" ] || fail "$a: check left $(ls -A "$TEST_TMP/tmp") behind"
done
head -c 100 "$TEST_TMP/entrega.tar.gz" >"$TEST_TMP/cut.tar.gz"
expect_status 1 "$PROCLAB" check 1 --dir "$TEST_TMP/cut.tar.gz" --format json \
	--output "$TEST_TMP/cut.json"
"$PYTHON3" - "$TEST_TMP/cut.json" <<'PY' || fail "a damaged archive's report"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
e = r["exercises"][0]
assert e["score"] == 0 and not e["submitted"], e
assert "cut.tar.gz: not a readable archive" in json.dumps(e), e
PY

# The loop variant spins in test 'small' until its CPU or wall limit (2 s, 6 s): with 1 s of
# grading, 'small' ran and failed on its own, the three tests after it were never started.
make_workdir "$TEST_TMP/loop" loop
expect_status 1 "$PROCLAB" check 1 --dir "$TEST_TMP/loop" --time-limit 1 --format json \
	--output "$TEST_TMP/loop.json"
"$PYTHON3" - "$TEST_TMP/loop.json" <<'PY' || fail "--time-limit's report"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
small, *rest = r["exercises"][0]["tests"]
assert small["name"] == "small" and small["runs_passed"] == 0, small
assert small["verdict"] in ("cpu_time_limit", "wall_time_limit"), small
assert "grading" not in small["message"], small
assert len(rest) == 3 and all(t["verdict"] == "wall_time_limit" and t["time_s"] == 0
                              for t in rest), rest
for t in rest:
    if not t["hidden"]:
        assert "grading's whole time limit of 1 s was spent" in t["message"], t
assert r["exercises"][0]["score"] == 0
PY
expect_status 0 "$PROCLAB" check 1 --dir "$TEST_TMP/w/entrega" --time-limit 60
expect_grep '^score 8/8' "$TEST_TMP/last"
exit 0
