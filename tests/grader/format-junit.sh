#!/bin/sh
# SPDX-License-Identifier: MIT
# --format junit: parsed by python's xml.etree; one testcase per test plus hygiene;
# failures carry the verdict and the message; hostile text is escaped.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
need_python
make_fixture
W=$TEST_TMP/wc
for v in nasty cerror; do
	make_workdir "$W" $v
	expect_status 1 "$PROCLAB" check 1 --dir "$W" --seed 5 --format junit --output "$TEST_TMP/$v.xml"
done
"$PYTHON3" - "$TEST_TMP/nasty.xml" "$TEST_TMP/cerror.xml" <<'PY' || fail "JUnit report check failed"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
(suite,) = root.findall("testsuite")
cases = suite.findall("testcase")
assert [c.get("name") for c in cases] == ["small", "child", "hidden_3", "markup", "hygiene"], \
    [c.get("name") for c in cases]
assert int(root.get("tests")) == 5 and int(root.get("failures")) == 1, root.attrib
f = cases[3].find("failure")
assert f is not None and f.get("type") == "wrong_answer", f
assert f.get("message").startswith("wrong answer: <&\"'> ]]> # TODO"), f.get("message")
assert "\ufffd" in suite.find("system-out").text
props = {p.get("name"): p.get("value") for p in suite.find("properties")}
assert props["seed"] == "5" and props["score"] == "7/8", props
root = ET.parse(sys.argv[2]).getroot()
cases = root.find("testsuite").findall("testcase")
assert all(c.find("failure").get("type") == "compile_error" for c in cases), "cerror"
assert "error" in cases[0].find("failure").text
PY
expect_no_grep zebra "$TEST_TMP/nasty.xml"
