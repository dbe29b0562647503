#!/bin/sh
# SPDX-License-Identifier: MIT
# proclab check --trace FILE: every scheduled run as it happened, in JSON Lines, read back
# with Python's json. A run line, then its events in order, then its verdict; the turns are
# the run's steps; the calls the student's code made are named by function and line; the
# failing run's replay token gives that run again and --replay of it the same trace, event
# for event (the objects' addresses aside: the address space is laid out anew); a run
# outside the scheduler writes nothing; a FILE that cannot be written is refused first.
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
runs, cur, token = 0, None, None
for j in lines:
    if j["type"] == "run":
        assert cur is None, "a run inside a run"
        cur, turns, last = j, 0, 0
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

# --- outside the scheduler: nothing to trace
expect_status 0 "$PROCLAB" check 3 --dir "$TEST_TMP/ref" --explore off --trace "$TEST_TMP/off"
[ -f "$TEST_TMP/off" ] && [ ! -s "$TEST_TMP/off" ] || fail "--explore off traced something"

# --- a file that cannot be written: refused before grading
expect_status 2 "$PROCLAB" check 3 --dir "$TEST_TMP/ref" --trace "$TEST_TMP/no/such/dir/t"
expect_grep "^proclab: --trace: cannot write '.*/no/such/dir/t': No such file or directory" \
    "$TEST_TMP/last"
exit 0
