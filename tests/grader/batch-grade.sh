#!/bin/sh
# SPDX-License-Identifier: MIT
# proclab grade: folders, .tar.gz, .zip, in parallel worker processes; names with commas,
# quotes and bytes that are not UTF-8; broken submissions (garbage archive, empty archive,
# a compiler flood, a crashing compiler, an archive with ../ and absolute paths) never stop
# the batch. The gradebook (parsed by python's csv) has every student exactly once.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
need_python
make_fixture
S=$TEST_TMP/subs
SRC=$TEST_TMP/src
OUT=$TEST_TMP/out
mkdir -p "$S" "$SRC" || exit 99

make_workdir "$S/alice" good                               # NN-name/FILE
mkdir "$S/bob, jr" && variant wrong >"$S/bob, jr/add.c"     # flat
make_workdir "$SRC/carol" crash
tar -C "$SRC" -czf "$S/carol \"cc\".tar.gz" carol || exit 99
mkdir -p "$SRC/dave/src" && variant good >"$SRC/dave/src/add.c"
EVE=$(printf 'eve-\377\376')
make_workdir "$S/$EVE" good
make_workdir "$S/flooder" cflood
make_workdir "$S/crasher" good
echo '/* CRASHME */' >>"$S/crasher/01-adder/add.c"
head -c 3000 /dev/urandom >"$S/garbage.zip"
mkdir "$SRC/nothing" && tar -C "$SRC/nothing" -cf "$S/empty.tar" . || exit 99
"$PYTHON3" - "$SRC" "$S" "$TEST_TMP" <<'PY' || exit 99
import io, sys, tarfile, zipfile
src, subs, tmp = sys.argv[1:]
with zipfile.ZipFile(subs + "/dave.zip", "w") as z:
    z.write(src + "/dave/src/add.c", "dave/src/add.c")
good = open(src + "/dave/src/add.c", "rb").read()
with tarfile.open(subs + "/evil.tar", "w") as t:
    for name in ("../../escaped/01-adder/add.c", tmp + "/absolute/01-adder/add.c"):
        info = tarfile.TarInfo(name)
        info.size = len(good)
        t.addfile(info, io.BytesIO(good))
    link = tarfile.TarInfo("01-adder/add.c")      # a symlink to a file outside: never used
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/passwd"
    t.addfile(link)
with tarfile.open(subs + "/bigfile.tar.gz", "w:gz") as t:   # 2 MiB of source: over the cap
    big = good + b"/*" + b" " * (2 << 20) + b"*/\n"
    info = tarfile.TarInfo("01-adder/add.c")
    info.size = len(big)
    t.addfile(info, io.BytesIO(big))
PY

# A compiler that crashes when it sees CRASHME (a stand-in for an internal compiler error).
# The compiler runs in the sandbox, as another uid when we are root: the wrapper lives in a
# folder that uid can read ($TEST_TMP is 0700).
CCDIR=$(mktemp -d "$top_builddir/tests/grader/cc-wrap.XXXXXX") || exit 99
trap 'rm -rf "$TEST_TMP" "$CCDIR"' EXIT
chmod 755 "$CCDIR" || exit 99
cat >"$CCDIR/cc-crash" <<EOF2
#!/bin/sh
for a; do case \$a in *.c) grep -q CRASHME "\$a" 2>/dev/null && kill -SEGV \$\$;; esac; done
exec ${CC:-cc} "\$@"
EOF2
chmod 755 "$CCDIR/cc-crash" || exit 99

CC=$CCDIR/cc-crash expect_status 0 "$PROCLAB" grade --jobs 2 --seed 9 --out "$OUT" \
	--format junit "$S"/*
expect_grep 'submissions graded; gradebook: ' "$TEST_TMP/last"
[ ! -e "$TEST_TMP/escaped" ] && [ ! -e "$TEST_TMP/absolute" ] || fail "an archive wrote outside"
[ -z "$(find "$OUT" -name '.*.tmp.*')" ] || fail "temp files left"
"$PYTHON3" - "$OUT" <<'PY' || fail "gradebook check failed"
import csv, glob, json, sys, xml.etree.ElementTree as ET
out = sys.argv[1]
raw = open(out + "/gradebook.csv", "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM for spreadsheets"
rows = list(csv.reader(open(out + "/gradebook.csv", encoding="utf-8-sig", newline="")))
assert rows[0] == ["student", "key", "01-adder", "total"], rows[0]
assert rows[1] == ["(max points)", "", "8", "8"], rows[1]
book = {r[0]: int(r[3]) for r in rows[2:]}
assert len(book) == len(rows) - 2 == 11, rows
# the key column is each result file's name, exactly
keys = {r[1] for r in rows[2:]}
assert keys == {p.split("/")[-1][:-5] for p in glob.glob(out + "/results/*.json")}, keys
eve = "eve-\ufffd\ufffd"
want = {"alice": 8, "bob, jr": 0, 'carol "cc"': 6, "dave": 8, eve: 8, "flooder": 0,
        "crasher": 0, "garbage": 0, "empty": 0, "evil": 0, "bigfile": 0}
assert book == want, (book, want)
res = {}
for p in glob.glob(out + "/results/*.json"):
    r = json.load(open(p, encoding="utf-8"))
    res[r["student"]] = r["exercises"][0]
assert set(res) == set(want), set(res)
assert "truncated" in res["flooder"]["compiler_output"], res["flooder"]
assert "SIGSEGV" in res["crasher"]["compiler_output"], res["crasher"]
assert "not a readable archive" in res["garbage"]["missing"], res["garbage"]
assert "add.c was not found" in res["evil"]["missing"], res["evil"]
assert "larger than" in res["bigfile"]["missing"], res["bigfile"]
assert res["bob, jr"]["tests"][0]["actual"] == "0"
# the instructor sees hidden tests
assert res["alice"]["tests"][2]["name"] == "secret"
reports = glob.glob(out + "/reports/*.xml")
assert len(reports) == 11, reports
classnames = set()
for p in reports:
    root = ET.parse(p).getroot()
    for suite in root.findall("testsuite"):
        for c in suite.findall("testcase"):
            key = (c.get("classname"), c.get("name"))
            assert key not in classnames, ("two students' cases collide", key)
            classnames.add(key)
    # a submission without the exercise: skipped, not failed
    if p.endswith("/garbage.xml"):
        assert int(root.get("skipped")) == 5 and int(root.get("failures")) == 0, root.attrib
        assert all(c.find("skipped") is not None for c in root.iter("testcase")), p
assert any(p.endswith("/garbage.xml") for p in reports), reports
assert ("alice.01-adder", "small") in classnames, sorted(classnames)[:3]
PY

# Two names that make the same key are two students, both graded under keys that differ:
# "José" and a folder named like José's own key.
K=$TEST_TMP/keys
make_workdir "$K/José" good
"$PROCLAB" grade --jobs 1 --out "$TEST_TMP/k1" "$K/José" >/dev/null 2>&1 || fail "grading José alone failed"
jkey=$(basename "$(ls "$TEST_TMP/k1/results/"*.json)" .json)
[ "$jkey" != "José" ] || fail "José's key kept a byte that is not safe in a file name"
make_workdir "$K/$jkey" wrong
expect_status 0 "$PROCLAB" grade --jobs 2 --out "$TEST_TMP/k2" "$K/José" "$K/$jkey"
expect_no_grep 'grading only' "$TEST_TMP/last"
[ "$(ls "$TEST_TMP/k2/results/"*.json | wc -l)" -eq 2 ] || fail "two students, not two result files"
"$PYTHON3" - "$TEST_TMP/k2/gradebook.csv" "$jkey" <<'PY' || fail "gradebook: both students, each once"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
names = sorted(r[0] for r in rows[2:])
assert names == sorted(["José", sys.argv[2]]), names
PY


# A result file whose scores the manifest does not allow never reaches the gradebook: it is
# left out, with a warning naming it (a student's code that rewrote results/ gains nothing).
cp "$TEST_TMP/k2/results/$jkey.json" "$TEST_TMP/k2/results/mallory.json"
"$PYTHON3" - "$TEST_TMP/k2/results/mallory.json" <<'PY' || exit 99
import json, sys
r = json.load(open(sys.argv[1]))
r["student"] = "mallory"
r["exercises"][0]["score"] = 9999
json.dump(r, open(sys.argv[1], "w"))
PY
"$PROCLAB" grade --jobs 1 --resume --out "$TEST_TMP/k2" "$K/José" "$K/$jkey" >"$TEST_TMP/last" 2>&1
expect_grep 'mallory.json: 01-adder: a score, verdict or test that the manifest does not allow' \
	"$TEST_TMP/last"
expect_no_grep 'mallory' "$TEST_TMP/k2/gradebook.csv"
expect_no_grep '9999' "$TEST_TMP/k2/gradebook.csv"
