#!/bin/sh
# SPDX-License-Identifier: MIT
# A batch killed with SIGKILL right after its first result file appears loses nothing:
# every result file already there parses, and --resume grades only the rest, cleans the
# temp files of writes cut short and rebuilds the gradebook with every student exactly once.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
need_python
command -v setsid >/dev/null 2>&1 || skip "setsid not found"
make_fixture
S=$TEST_TMP/subs
OUT=$TEST_TMP/out
N=12
i=1
while [ $i -le $N ]; do
	v=good; [ $((i % 3)) -eq 0 ] && v=wrong
	make_workdir "$S/student$i" $v
	i=$((i + 1))
done

setsid "$PROCLAB" grade --jobs 1 --seed 4 --out "$OUT" "$S"/* >"$TEST_TMP/first" 2>&1 &
pid=$!
n=0
while [ -z "$(ls "$OUT/results" 2>/dev/null | grep '\.json$')" ]; do
	n=$((n + 1))
	[ $n -le 600 ] || { kill -9 -- -$pid 2>/dev/null; fail "no result file after 60 s"; }
	kill -0 $pid 2>/dev/null || { cat "$TEST_TMP/first" >&2; fail "grade ended before any result"; }
	sleep 0.1
done
kill -9 -- -$pid 2>/dev/null || kill -9 $pid
wait $pid 2>/dev/null
sleep 0.5          # a sandboxed run of the killed worker may still be ending
done_before=$(ls "$OUT/results" | grep -c '\.json$')
[ "$done_before" -lt $N ] || fail "the batch finished before it could be killed"
"$PYTHON3" - "$OUT/results" <<'PY' || fail "a result file written before the kill is damaged"
import glob, json, sys
for p in glob.glob(sys.argv[1] + "/*.json"):
    json.load(open(p, encoding="utf-8"))
PY

expect_status 0 "$PROCLAB" grade --jobs 2 --seed 4 --out "$OUT" --resume "$S"/*
expect_grep "resuming: $done_before of $N submissions already graded" "$TEST_TMP/last"
expect_grep "^$((N - done_before)) submissions? graded" "$TEST_TMP/last"
[ -z "$(find "$OUT" -name '.*.tmp.*')" ] || fail "temp files left: $(find "$OUT" -name '.*.tmp.*')"
"$PYTHON3" - "$OUT" $N <<'PY' || fail "gradebook after resume is wrong"
import csv, glob, sys
out, n = sys.argv[1], int(sys.argv[2])
rows = list(csv.reader(open(out + "/gradebook.csv", encoding="utf-8-sig", newline="")))[2:]
names = [r[0] for r in rows]
assert sorted(names) == sorted("student%d" % i for i in range(1, n + 1)), names
for r in rows:
    i = int(r[0][len("student"):])
    assert int(r[-1]) == (8 if i % 3 else 0), r
assert len(glob.glob(out + "/results/*.json")) == n
PY
# Resuming a finished batch grades nothing and keeps the gradebook.
cp "$OUT/gradebook.csv" "$TEST_TMP/book"
expect_status 0 "$PROCLAB" grade --out "$OUT" --resume "$S"/*
expect_grep "^0 submissions graded" "$TEST_TMP/last"
cmp -s "$OUT/gradebook.csv" "$TEST_TMP/book" || fail "a no-op resume changed the gradebook"
