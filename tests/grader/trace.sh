#!/bin/sh
# SPDX-License-Identifier: MIT
# proclab check --trace FILE: every scheduled run as it happened, in JSON Lines, read back
# with Python's json. A run line, then its events in order, then its verdict; the turns are
# the run's steps; the calls the student's code made are named by function and line; the
# failing run's replay token gives that run again and --replay of it the same trace, event
# for event (the objects' addresses aside: the address space is laid out anew); a run
# outside the scheduler writes nothing; a FILE that cannot be written is refused first.
# proclab trace draws the failing run (a column per live process, the student's calls,
# the verdict, the replay command), in both languages, and refuses bad traces; 'trace show'
# is the same text (the viewer, --step: tests/src/trace-step.sh).
# The watched balance: each write with its value, one history per run; a lost update (a
# write over another process's write made after the writer's lab_think()) only where
# the lock is missing, the report naming both writes as the trace has them.
. "$top_srcdir/tests/lib.sh"
need_python

mkdir -p "$TEST_TMP/ref/03-bank-balance" "$TEST_TMP/nolock/03-bank-balance" &&
    cp "$top_srcdir/solutions/03-bank-balance/"* "$TEST_TMP/ref/03-bank-balance/" &&
    cp "$top_srcdir/tests/exercises/03-bank-balance/wrong-no-lock/bank.c" \
    "$TEST_TMP/nolock/03-bank-balance/" || exit 99

# check_trace FILE VERDICT: the trace's shape; prints the first failing run's replay token
check_trace() {
	"$PYTHON3" - "$1" "$2" <<'EOF'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="ascii")]
assert lines, "an empty trace"
runs, cur, token, lost = 0, None, None, 0
for j in lines:
    if j["type"] == "run":
        assert cur is None, "a run inside a run"
        cur, turns, last, value, writer = j, 0, 0, None, None
        runs += 1
        assert j["strategy"] == "random" and j["schedule"], j
        assert j["replay"] == "1.%s.%d.%s.%s" % (j["test"], j["run"], j["seed"],
            j["schedule"]), j
    elif j["type"] == "end":
        assert cur is not None, "an end without its run"
        assert turns == cur["steps"], (turns, cur["steps"])
        if j["verdict"] != "passed" and token is None:
            token = cur["replay"]
        assert j["verdict"] in (sys.argv[2], "passed"), j
        cur = None
    elif j["type"] == "write":
        assert j["var"] == "balance" and j["old"] != j["new"], j
        assert value is None or j["old"] == value, ("the history breaks", value, j)
        if j["lost_update_of"] is not None:
            assert j["lost_update_of"] == writer != j["process"], (writer, j)
            lost += 1
        value, writer = j["new"], j["process"]
    else:
        assert j["type"] in ("turn", "block", "exit", "free"), j
        assert j["step"] >= last, "events out of order"
        last = j["step"]
        turns += j["type"] == "turn"
        assert j["call"] in ("start", "fork", "wait", "wait_nohang", "lock", "unlock",
            "sem_wait", "sem_post", "cond_wait", "cond_signal", "cond_broadcast", "read",
            "write", "sleep", "think", "exit", "try", "poll"), j
        assert j["site"] is None or j["site"].endswith(")"), j
assert cur is None and runs >= 2, runs
sites = {j["site"] for j in lines if j.get("site")}
assert any(s.startswith(("deposit (bank.c:", "withdraw (bank.c:", "update (bank.c:"))
    for s in sites), sites
assert any(j["type"] == "write" for j in lines), "no write of the balance"
assert (lost > 0) == (sys.argv[2] != "passed"), ("lost updates", lost)
if sys.argv[2] != "passed":
    assert token is not None, "no failing run"
    print(token)
EOF
}

# --- the reference: every run passed, its locks named in bank.c
expect_status 0 "$PROCLAB" check 3 --dir "$TEST_TMP/ref" --trace "$TEST_TMP/ref.jsonl"
check_trace "$TEST_TMP/ref.jsonl" passed >/dev/null || fail "the reference's trace"
grep -q '"call":"lock","object":"0x[0-9a-f]*","site":"[a-z_]* (bank.c:' "$TEST_TMP/ref.jsonl" ||
	fail "no lock of the reference's bank.c in its trace"

# --- a lost update: the failing run's token, and its replay traced twice alike
expect_status 1 "$PROCLAB" check 3 --dir "$TEST_TMP/nolock" --trace "$TEST_TMP/nolock.jsonl"
token=$(check_trace "$TEST_TMP/nolock.jsonl" "wrong answer") || fail "the lost update's trace"
for k in 1 2; do
	expect_status 1 "$PROCLAB" check 3 --dir "$TEST_TMP/nolock" --replay "$token" \
	    --trace "$TEST_TMP/replay$k.jsonl"
	sed 's/"object":"0x[0-9a-f]*"/"object":_/' "$TEST_TMP/replay$k.jsonl" >"$TEST_TMP/r$k" ||
		exit 99
done
[ "$(grep -c '"type":"run"' "$TEST_TMP/r1")" -eq 1 ] || fail "--replay traced more than its run"
cmp -s "$TEST_TMP/r1" "$TEST_TMP/r2" || fail "two replays of one schedule traced differently"
grep -q '"call":"think",.*"site":"deposit (bank.c:' "$TEST_TMP/r1" ||
	fail "the replay's trace has no think in deposit"
grep -q '"type":"end","verdict":"wrong answer","message":"lost update' "$TEST_TMP/r1" ||
	fail "the replay's trace does not end with the lost update"
# the report's account of the first lost update is the trace's
"$PYTHON3" - "$TEST_TMP/replay1.jsonl" <<'EOF' || fail "the lost update told is not the trace's"
import json, re, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="ascii")]
msg = lines[-1]["message"]
m = re.search(r"The schedule shows the lost update: process (\d+) wrote balance = (-?\d+) "
    r"right after its call in (deposit|withdraw) \(bank\.c:\d+\), over the (-?\d+) that "
    r"process (\d+) had written right after its call in (deposit|withdraw) \(bank\.c:\d+\); "
    r"process \1 had read balance before that write \(it was (-?\d+) at its lab_think\(\)\), "
    r"so the update of process \5 was lost\.$", msg)
assert m, msg
p, v, fn, old, q, qfn, seen = m.groups()
w = [j for j in lines if j["type"] == "write" and j["lost_update_of"] is not None][0]
assert (w["process"], w["new"], w["old"], w["lost_update_of"]) == (int(p), int(v), int(old),
    int(q)), (w, m.groups())
assert w["site"].startswith(fn + " ("), w
amount = int(v) - int(seen)      # what the process added to the balance it had read
assert (amount > 0) == (fn == "deposit"), (fn, seen, v)
EOF

# --- proclab trace: the failing run drawn, a column per live process, and its replay
expect_status 0 env LC_ALL=C.UTF-8 "$PROCLAB" trace "$TEST_TMP/nolock.jsonl"
cp "$TEST_TMP/last" "$TEST_TMP/shown" || exit 99
expect_status 0 env LC_ALL=C.UTF-8 "$PROCLAB" trace show "$TEST_TMP/nolock.jsonl"
cmp -s "$TEST_TMP/last" "$TEST_TMP/shown" || fail "'proclab trace show FILE' is not 'proclab trace FILE'"
expect_grep '^Exercise 3, test race_[a-z0-9_]*, run [0-9]* \(seed [0-9]*\): wrong answer$' \
    "$TEST_TMP/shown"
expect_grep '^ *[0-9]+  [│ ]*○[│ ]*  process [0-9]+ waits \(think\), in deposit \(bank\.c:[0-9]+\)$' \
    "$TEST_TMP/shown"
expect_grep "^This run again, exactly: proclab check 3 --replay $token\$" "$TEST_TMP/shown"
expect_grep '^lost update' "$TEST_TMP/shown"
expect_grep '^ *[0-9]+  [│ ]*![│ ]*  process [0-9]+ wrote balance = -?[0-9]+ \(it was -?[0-9]+\), right after its call in (deposit|withdraw) \(bank\.c:[0-9]+\): LOST UPDATE, the write of process [0-9]+ is gone$' \
    "$TEST_TMP/shown"
expect_grep '^[0-9]+ lost updates? in this run \(marked !\)\.$' "$TEST_TMP/shown"
# the columns: one mark per line, never more than the processes alive at once
"$PYTHON3" - "$TEST_TMP/shown" <<'EOF' || fail "the lanes are not drawn right"
import re, sys
rows = [l for l in open(sys.argv[1], encoding="utf-8") if re.match(r" *[0-9]+  ", l)]
assert rows, "no event lines"
for l in rows:
    marks = re.match(r" *[0-9]+  (.*?)  process", l).group(1)[::2]
    assert sum(c in "●○╳◆!" for c in marks) == 1, l
    assert all(c in "│●○╳◆! " for c in marks), l
    assert len(marks) <= 11, l       # the test program and ten processes at most
EOF
expect_status 0 env LC_ALL=C "$PROCLAB" trace "$TEST_TMP/nolock.jsonl" --run 2
expect_grep '^A column per live process; \* its turn, o it waits, x it ends, w it wrote a watched variable, ! a lost update\.$' \
    "$TEST_TMP/last"
expect_grep '^Exercise 3, test race_[a-z0-9_]*, run [0-9]* ' "$TEST_TMP/last"
expect_status 0 env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" trace "$TEST_TMP/ref.jsonl"
expect_grep '^Exercício 3, teste race_5_and_5, execução 1 .*: passou$' "$TEST_TMP/last"

# --- bad traces: one message each, status 2
expect_status 2 "$PROCLAB" trace "$TEST_TMP/nolock.jsonl" --run 99
expect_grep "^proclab: --run: '99' is not a run of this trace \(it has [0-9]+: give 1 to [0-9]+\)" \
    "$TEST_TMP/last"
expect_status 2 "$PROCLAB" trace "$TEST_TMP/none.jsonl"
expect_grep "^proclab: cannot read '.*none.jsonl': No such file or directory" "$TEST_TMP/last"
printf 'not json\n' >"$TEST_TMP/garbage" || exit 99
expect_status 2 "$PROCLAB" trace "$TEST_TMP/garbage"
expect_grep "^proclab: .*garbage:1: not a line of a proclab trace" "$TEST_TMP/last"
head -n 5 "$TEST_TMP/nolock.jsonl" >"$TEST_TMP/cut" || exit 99
expect_status 2 "$PROCLAB" trace "$TEST_TMP/cut"
expect_grep "the last run has no end: the file was cut short" "$TEST_TMP/last"
: >"$TEST_TMP/empty"
expect_status 2 "$PROCLAB" trace "$TEST_TMP/empty"
expect_grep "has no scheduled run in it" "$TEST_TMP/last"

# --- outside the scheduler: nothing to trace
expect_status 0 "$PROCLAB" check 3 --dir "$TEST_TMP/ref" --explore off --trace "$TEST_TMP/off"
[ -f "$TEST_TMP/off" ] && [ ! -s "$TEST_TMP/off" ] || fail "--explore off traced something"

# --- a file that cannot be written: refused before grading
expect_status 2 "$PROCLAB" check 3 --dir "$TEST_TMP/ref" --trace "$TEST_TMP/no/such/dir/t"
expect_grep "^proclab: --trace: cannot write '.*/no/such/dir/t': No such file or directory" \
    "$TEST_TMP/last"
exit 0
