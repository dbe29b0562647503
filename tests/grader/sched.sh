# SPDX-License-Identifier: MIT
# The controlled scheduler (grader/sched*.c, lib/lab-sched.c) on the lab's exercises 03 and
# 07: a lost update fails with a schedule, and --replay of it gives the same failure, byte
# for byte, 20 times, also beside two CPU hogs; a queue with one condition deadlocks and is
# told so at once, with who waits in which function and line; the references pass every
# schedule of both strategies; a run partly uncontrolled promises no replay; bad --replay,
# --explore and --schedules are refused.
. "$top_srcdir/tests/lib.sh"
need_python

copy() {        # copy NAME EXERCISE [PATCH]: a working copy of the reference, maybe patched
	mkdir -p "$TEST_TMP/$1/$2" && cp "$top_srcdir/solutions/$2/"* "$TEST_TMP/$1/$2/" &&
	    { [ -z "${3:-}" ] || (cd "$TEST_TMP/$1/$2" && patch -s <"$3"); } || exit 99
}
copy ref03 03-bank-balance
copy ref07 07-bounded-queue
copy onecond 07-bounded-queue "$top_srcdir/tests/exercises/07-bounded-queue/wrong-one-cond/bqueue.c.patch"
mkdir -p "$TEST_TMP/nolock/03-bank-balance" &&
    cp "$top_srcdir/tests/exercises/03-bank-balance/wrong-no-lock/bank.c" \
    "$TEST_TMP/nolock/03-bank-balance/" || exit 99

# --- a lost update: failed with its schedule, in the text and in the JSON report
expect_status 1 "$PROCLAB" check 03 --dir "$TEST_TMP/nolock" --format json \
    --output "$TEST_TMP/nolock.json"
token=$("$PYTHON3" - "$TEST_TMP/nolock.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
t = [t for e in d["exercises"] for t in e["tests"] if t["name"] == "race_5_and_5"][0]
assert t["verdict"] != "passed" and "lost update" in t["message"], t
assert t["schedule"].startswith("1.race_5_and_5.%d." % t["failed_run"]), t["schedule"]
print(t["schedule"])
EOF
) || fail "the JSON report has no schedule for the failed race test"
expect_status 1 "$PROCLAB" check 03 --dir "$TEST_TMP/nolock" --replay "$token"
expect_grep 'lost update' "$TEST_TMP/last"
expect_grep "proclab check 3 --replay $token\)" "$TEST_TMP/last"
expect_no_grep 'one deposit and one withdrawal' "$TEST_TMP/last"     # one test only
grep -v '^isolation:' "$TEST_TMP/last" >"$TEST_TMP/first"

# --- 20 replays, the last 10 beside two CPU hogs: the same words every time
replays() {
	for i in $(seq "$1"); do
		run "$TEST_TMP/again" "$PROCLAB" check 03 --dir "$TEST_TMP/nolock" --replay "$token"
		grep -v '^isolation:' "$TEST_TMP/again" | cmp -s - "$TEST_TMP/first" || {
			diff "$TEST_TMP/first" "$TEST_TMP/again" | sed 's/^/  | /' >&2
			fail "replay $i of $token differs from the first"
		}
	done
}
replays 10
hog() { timeout 120 sh -c 'while :; do :; done' & }
hog; h1=$!; hog; h2=$!
replays 10
kill "$h1" "$h2" 2>/dev/null; wait "$h1" "$h2" 2>/dev/null

# --- a deadlock: told at once, with the student's function and line of each waiter
wait_line=$(grep -n 'pthread_cond_wait' "$TEST_TMP/onecond/07-bounded-queue/bqueue.c" |
    head -1 | cut -d: -f1)
[ -n "$wait_line" ] || fail "the one-condition queue has no pthread_cond_wait"
expect_status 1 "$PROCLAB" check 07 --dir "$TEST_TMP/onecond"
expect_grep 'deadlock: every process is waiting and none can go on' "$TEST_TMP/last"
expect_grep "waits in bq_(put|get) \(bqueue\.c:[0-9]+\) on a condition variable" "$TEST_TMP/last"
expect_no_grep 'time limit exceeded' "$TEST_TMP/last"
grep -Eo 'bqueue\.c:[0-9]+' "$TEST_TMP/last" | cut -d: -f2 | sort -u >"$TEST_TMP/lines"
grep -n 'pthread_cond_wait' "$TEST_TMP/onecond/07-bounded-queue/bqueue.c" | cut -d: -f1 |
    sort -u >"$TEST_TMP/waits"
comm -23 "$TEST_TMP/lines" "$TEST_TMP/waits" | grep -q . &&
    fail "a waiter is named at a line that is not one of the queue's pthread_cond_wait"

# --- the references: every schedule of both strategies passes
for s in random pct; do
	expect_status 0 "$PROCLAB" check 03 --dir "$TEST_TMP/ref03" --explore "$s" --schedules 12
	expect_status 0 "$PROCLAB" check 07 --dir "$TEST_TMP/ref07" --explore "$s" --schedules 6
done

# --- a run partly out of the scheduler's hands (adders that never reach a point for over
# 0.5 s): failed, but no replay token is promised, and the report says why
mkdir -p "$TEST_TMP/free/05-locked-counter" && cp \
    "$top_srcdir/tests/exercises/05-locked-counter/wrong-add-no-lock/counter.c" \
    "$TEST_TMP/free/05-locked-counter/" || exit 99
expect_status 1 "$PROCLAB" check 05 --dir "$TEST_TMP/free"
expect_grep "under proclab's scheduler, but [0-9]+ process(es)? ran free for a while.*cannot be replayed; proclab check 5 --seed [0-9]+ gives the same inputs" \
    "$TEST_TMP/last"
grep -A3 'lost updates' "$TEST_TMP/last" | grep -q -- '--replay' &&
	fail "a partly uncontrolled run promised a replay"

# --- bad options: one message each, status 2
bad() {         # bad PATTERN ARGS...
	local want=$1; shift
	expect_status 2 "$PROCLAB" check "$@" --dir "$TEST_TMP/nolock"
	expect_grep "$want" "$TEST_TMP/last"
}
bad 'is not a schedule proclab printed' 03 --replay garbage
bad 'is not a schedule proclab printed' 03 --replay "1.race_5_and_5.0.5.ab"
bad 'the schedule is damaged' 03 --replay "1.race_5_and_5.1.5.a0b"
bad 'has no test .fifo.' 03 --replay "1.fifo.1.5.ab"
bad 'leave out --seed' 03 --replay "$token" --seed 5
bad 'replays one test' all --replay "$token"
bad 'is not a strategy' 03 --explore dfs2
bad 'is not a whole number from 1 to 1000' 03 --schedules 0
exit 0
