#!/bin/sh
# SPDX-License-Identifier: MIT
# The Gradescope bundle (make gradescope's autograder.zip) as Gradescope runs it, in a fake
# /autograder (PROCLAB_AUTOGRADER_ROOT): the zip unpacked by a tool that is not proclab's
# into source/, run_autograder copied up, setup.sh run as is (it builds proclab from the
# release tarball in the zip and installs it; its apt-get step is quickstart's, which
# installs only what dpkg says is missing: the test skips when anything is), then
# run_autograder on one submission after another, each results.json read with python3's
# json against Gradescope's documented fields. The reference solutions get full marks,
# proclab init's stubs 0 with visible failed tests; code that does not compile, an empty
# submission, an archive, a proclab that crashes, hangs, writes garbage or is missing all
# end in a valid results.json; a submission that writes its own results.json gets nothing
# from it; and where namespaces are refused (as in a Docker container) the reference still
# gets full marks and the report says which isolation held.
. "$top_srcdir/tests/lib.sh"
need_python
ZIP=$top_builddir/autograder.zip
[ -f "$ZIP" ] || fail "$ZIP not made (make check makes it first; by hand: make gradescope)"
missing=$(sh "$top_srcdir/quickstart" --missing) || fail "quickstart --missing failed"
[ -z "$missing" ] || skip "packages missing ($missing): setup.sh would apt-get them"
NONS=$top_builddir/tests/grader/sandbox/nons

AG=$TEST_TMP/autograder
export PROCLAB_AUTOGRADER_ROOT="$AG"

# The zip: Gradescope's layout (the files at its root, run_autograder executable), then
# unpacked as Gradescope does, into source/.
"$PYTHON3" - "$ZIP" <<'PY' || fail "autograder.zip is not laid out as Gradescope wants"
import re, stat, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = sorted(z.namelist())
assert len(names) == 4 and [names[i] for i in (0, 2, 3)] == [
    "autograder.conf", "run_autograder", "setup.sh"], names
assert re.fullmatch(r"proclab-[0-9][0-9.]*\.tar\.gz", names[1]), names
for n in ("run_autograder", "setup.sh"):
    mode = z.getinfo(n).external_attr >> 16
    assert stat.S_ISREG(mode) and mode & 0o111 == 0o111, (n, oct(mode))
assert z.testzip() is None
PY
mkdir -p "$AG/source"
if command -v unzip >/dev/null 2>&1; then
	unzip -q "$ZIP" -d "$AG/source" || fail "unzip failed"
else
	"$PYTHON3" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
	    "$ZIP" "$AG/source" || fail "unpacking with python3's zipfile failed"
fi
cp "$AG/source/run_autograder" "$AG/run_autograder" && chmod +x "$AG/run_autograder" || exit 99

# setup.sh, as Gradescope runs it (bash, as root, once): the build is the one Gradescope
# runs, timed here.
t0=$(date +%s)
(cd "$AG" && bash "$AG/source/setup.sh") >"$TEST_TMP/setup.log" 2>&1 || {
	sed 's/^/  | /' "$TEST_TMP/setup.log" >&2
	fail "setup.sh failed"
}
t1=$(date +%s)
note "setup.sh: proclab built from the tarball and installed in $((t1 - t0)) s"
expect_no_grep 'installing:' "$TEST_TMP/setup.log"
[ -x "$AG/proclab/bin/proclab" ] || fail "setup.sh installed no $AG/proclab/bin/proclab"
[ ! -e "$AG/build" ] || fail "setup.sh left its build folder"
left=$(find "$AG" -name 'proclab-*.tar.gz' -o -name solutions)
[ -z "$left" ] || fail "the reference solutions stay in the image: $left"

# grade NAME: run_autograder on what is in $AG/submission, as Gradescope does (a fresh
# results/, the working folder /autograder); results.json kept as $TEST_TMP/NAME.json.
grade() {
	rm -rf "$AG/results"
	mkdir -p "$AG/results"
	status=0
	g0=$(date +%s)
	(cd "$AG" && "$AG/run_autograder") >"$TEST_TMP/$1.out" 2>&1 || status=$?
	note "$1: graded in $(($(date +%s) - g0)) s"
	[ "$status" -eq 0 ] || {
		sed 's/^/  | /' "$TEST_TMP/$1.out" >&2
		fail "$1: run_autograder exited $status"
	}
	[ -f "$AG/results/results.json" ] || {
		sed 's/^/  | /' "$TEST_TMP/$1.out" >&2
		fail "$1: no results.json"
	}
	cp "$AG/results/results.json" "$TEST_TMP/$1.json"
}

# submission: a fresh, empty $AG/submission.
submission() {
	rm -rf "$AG/submission"
	mkdir -p "$AG/submission"
}

# conf KEY=VALUE...: autograder.conf as make gradescope writes it, with these settings.
conf() {
	{
		echo "# autograder.conf: for this test"
		for kv in "$@"; do echo "$kv"; done
	} >"$AG/source/autograder.conf"
}
cp "$AG/source/autograder.conf" "$TEST_TMP/autograder.conf.made"
expect_grep '^EXERCISE=all$' "$TEST_TMP/autograder.conf.made"
expect_grep '^TIMEOUT=600$' "$TEST_TMP/autograder.conf.made"

# The whole lab, flat, as a student's upload of several files arrives.
submission
cp "$top_srcdir"/solutions/*/*.c "$AG/submission/"
grade reference

# proclab init's stubs, in their folders (a zip of the working copy, unpacked).
submission
"$PROCLAB" init "$AG/submission/trabalho" >/dev/null || exit 99
grade stub

# Exercise 03 alone does not compile.
submission
BANK=$top_srcdir/solutions/03-bank-balance/bank.c
sed 's/^account_init(/account_init(struct nonsense x, /' "$BANK" >"$AG/submission/bank.c"
grade broken
# ... and graded in Portuguese, exercise 03 alone, as make gradescope GRADESCOPE_LANGUAGE=pt_BR
# GRADESCOPE_EXERCISE=3 sets it.
conf EXERCISE=3 REPORT_LANGUAGE=pt_BR TIMEOUT=600
grade portuguese
cp "$TEST_TMP/autograder.conf.made" "$AG/source/autograder.conf"

submission
grade empty

# One archive is all the student uploaded (Gradescope unpacks only a .zip).
submission
mkdir -p "$TEST_TMP/tar/entrega/03-bank-balance"
cp "$BANK" "$TEST_TMP/tar/entrega/03-bank-balance/"
tar -czf "$AG/submission/entrega.tar.gz" -C "$TEST_TMP/tar" entrega || exit 99
grade archive

# A submission that writes its own results.json (at once, and from a child meant to outlive
# the test): the sandbox keeps it from results/, and run_autograder's file would win anyway.
forge_submission() {
	submission
	sed -e 's|^account_init(struct account \*a, long balance)$|&\
{ forge(); return account_init_real(a, balance); }\
int account_init_real(struct account *a, long balance)|' \
	    -e 's|^#include "bank.h"$|&\
#include <fcntl.h>\
#include <unistd.h>\
int account_init_real(struct account *, long);\
static void put(void) {\
	const char forged[] = "{\\"score\\": 999, \\"tests\\": []}\\n";\
	int fd = open(RESULTS "/results.json", O_WRONLY \| O_CREAT \| O_TRUNC, 0666);\
	if (fd != -1) { if (write(fd, forged, sizeof forged - 1) < 0) {} close(fd); }\
}\
static void forge(void) {\
	put();\
	if (fork() == 0) { setsid(); sleep(2); put(); _exit(0); }\
}|' "$BANK" |
	    sed "s|RESULTS \"/results.json\"|\"$AG/results/results.json\"|" >"$AG/submission/bank.c"
	grep -q forge "$AG/submission/bank.c" || fail "the forging submission was not made"
}
forge_submission
grade forged
sleep 3         # the child's second try, had it survived
cp "$AG/results/results.json" "$TEST_TMP/forged-later.json"

# proclab itself failing: crashing, writing garbage, hanging, missing.
mv "$AG/proclab/bin/proclab" "$TEST_TMP/proclab.real" || exit 99
submission
cp "$BANK" "$AG/submission/"
printf '#!/bin/sh\nkill -SEGV $$\n' >"$AG/proclab/bin/proclab"
chmod +x "$AG/proclab/bin/proclab"
grade crash
# a proclab that writes half a report where --output says, and fails
cat >"$AG/proclab/bin/proclab" <<'EOF'
#!/bin/sh
for a; do
	case ${o-} in --output) printf '{"score": ' >"$a" ;; esac
	o=$a
done
exit 1
EOF
grade garbage
printf '#!/bin/sh\nexec sleep 600\n' >"$AG/proclab/bin/proclab"
conf EXERCISE=all TIMEOUT=4
t0=$(date +%s)
grade hang
[ $(($(date +%s) - t0)) -lt 30 ] || fail "hang: run_autograder took too long with a timeout of 4 s"
rm -f "$AG/proclab/bin/proclab"
grade missing
mv "$TEST_TMP/proclab.real" "$AG/proclab/bin/proclab" || exit 99

# One exercise per assignment, where namespaces are refused as in a Docker container.
conf EXERCISE=3 TIMEOUT=600
ran_nons=false
if [ -x "$NONS" ] && "$NONS" true 2>/dev/null; then
	ran_nons=true
	submission
	cp "$top_srcdir"/solutions/*/*.c "$AG/submission/"
	status=0
	(cd "$AG" && "$NONS" "$AG/run_autograder") >"$TEST_TMP/nons.out" 2>&1 || status=$?
	[ "$status" -eq 0 ] || fail "nons: run_autograder exited $status"
	cp "$AG/results/results.json" "$TEST_TMP/nons.json"
	forge_submission
	(cd "$AG" && "$NONS" "$AG/run_autograder") >"$TEST_TMP/nons-forged.out" 2>&1 ||
		fail "nons-forged: run_autograder failed"
	sleep 3
	cp "$AG/results/results.json" "$TEST_TMP/nons-forged.json"
fi

"$PYTHON3" - "$TEST_TMP" "$top_srcdir/exercises/manifest.json" "$ran_nons" <<'PY' ||
import json, sys
d, manifest, ran_nons = sys.argv[1], sys.argv[2], sys.argv[3] == "true"
VIS = {"hidden", "after_due_date", "after_published", "visible"}
FMT = {"text", "html", "simple_format", "md", "ansi"}
TOP = {"score", "max_score", "execution_time", "output", "output_format", "test_output_format",
       "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
       "leaderboard"}
TEST = {"score", "max_score", "status", "name", "name_format", "number", "output",
        "output_format", "tags", "visibility", "extra_data"}
num = lambda x: isinstance(x, (int, float)) and not isinstance(x, bool)

def load(name):
    """results.json as Gradescope reads it: its documented fields, of their types."""
    with open("%s/%s.json" % (d, name), encoding="utf-8") as f:
        r = json.load(f)
    assert isinstance(r, dict) and set(r) <= TOP, (name, set(r) - TOP)
    assert num(r["score"]), (name, r.get("score"))
    assert "max_score" not in r or num(r["max_score"]), name
    assert "execution_time" not in r or num(r["execution_time"]), name
    assert isinstance(r.get("output", ""), str)
    for k in ("output_format", "test_output_format"):
        assert r.get(k, "text") in FMT, (name, k, r[k])
    for k in ("visibility", "stdout_visibility"):
        assert r.get(k, "visible") in VIS, (name, k, r[k])
    assert r.get("stdout_visibility") == "hidden", name     # the log is the instructor's
    assert isinstance(r["tests"], list) and r["tests"], name
    for t in r["tests"]:
        assert set(t) <= TEST and {"name", "score", "max_score", "status"} <= set(t), (name, t)
        assert isinstance(t["name"], str) and t["name"], (name, t)
        assert num(t["score"]) and num(t["max_score"]) and 0 <= t["score"] <= t["max_score"] or \
            t["max_score"] == 0 == t["score"], (name, t)
        assert t["status"] in ("passed", "failed"), (name, t)
        assert t.get("visibility", "visible") in VIS and t.get("output_format", "text") in FMT
        assert isinstance(t.get("output", ""), str) and isinstance(t.get("number", ""), str)
        assert all(isinstance(g, str) for g in t.get("tags", [])), (name, t)
    assert r["score"] == sum(t["score"] for t in r["tests"]), (name, r["score"])
    return r

def visible(r):
    return [t for t in r["tests"] if t.get("visibility", "visible") == "visible"]

def given_up(name, *words):
    """run_autograder's own results.json: score 0, why, in English and Portuguese."""
    r = load(name)
    assert r["score"] == 0 and len(r["tests"]) == 1, (name, r)
    t = r["tests"][0]
    assert t["status"] == "failed" and t.get("visibility") == "visible", (name, t)
    assert "\n\n" in r["output"] and t["output"] == r["output"], (name, r["output"])
    for w in words:
        assert w in r["output"], (name, w, r["output"])
    return r

with open(manifest, encoding="utf-8") as f:
    m = json.load(f)
points = {e["dir"]: sum(t["points"] for t in e["tests"]) + e.get("hygiene_points", 1)
          for e in m["exercises"]}

r = load("reference")
assert r["max_score"] == sum(points.values()), (r["max_score"], points)
assert r["score"] == r["max_score"], [(t["name"], t["output"]) for t in r["tests"]
                                      if t["status"] != "passed"]
assert all(t["status"] == "passed" for t in r["tests"])
assert {g for t in r["tests"] for g in t["tags"]} == set(points)
assert "isolation: " in r["output"], r["output"]

r = load("stub")
assert r["score"] == 0 and r["max_score"] == sum(points.values()), r["score"]
vis = visible(r)
assert vis and all(t["status"] == "failed" and t["score"] == 0 for t in vis)
assert all(t["output"] and t["output"] != "passed" for t in vis), vis

r = load("broken")
assert r["score"] == 0 and r["max_score"] == points["03-bank-balance"], r
assert all("did not compile" in t["output"] for t in visible(r) if "hygiene" not in t["name"])
assert any("error" in t["output"] for t in visible(r))

r = load("portuguese")
assert r["score"] == 0 and r["max_score"] == points["03-bank-balance"], r
assert all("não compilou" in t["output"] for t in visible(r) if "hygiene" not in t["name"]), r

given_up("empty", "empty", "vazia", "fork_join.c")

r = load("archive")
assert r["score"] == r["max_score"] == points["03-bank-balance"], r["score"]

# The forger's code ran (the reference under it passes; its leftover child costs the
# hygiene point), and what it wrote went nowhere.
for name in ("forged", "forged-later"):
    r = load(name)
    assert r["max_score"] == points["03-bank-balance"], (name, r)
    assert r["max_score"] - 1 <= r["score"] < 999, (name, [(t["name"], t["output"])
                                                          for t in r["tests"]])

given_up("crash", "status 139", "status 139")
given_up("garbage", "no valid report", "relatório válido")
given_up("hang", "stopped after 3 s", "interrompida depois de 3 s")
given_up("missing", "not set up", "não está pronto")

if ran_nons:
    r = load("nons")
    assert r["score"] == r["max_score"] == points["03-bank-balance"], [
        (t["name"], t["output"]) for t in r["tests"] if t["status"] != "passed"]
    assert "isolation: rlimits" in r["output"] and "no namespaces" in r["output"], r["output"]
    r = load("nons-forged")
    assert r["max_score"] - 1 <= r["score"] < 999, [(t["name"], t["output"])
                                                    for t in r["tests"]]
PY
	fail "a results.json is not what Gradescope and the student need (see above)"
expect_grep 'proclab exited' "$TEST_TMP/reference.out"
exit 0
