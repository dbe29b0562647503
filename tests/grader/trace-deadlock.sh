#!/bin/sh
# SPDX-License-Identifier: MIT
# A deadlock in a --trace file, drawn as its wait-for cycle, on real deadlocking solutions
# of exercise 07 (tests/exercises/07-bounded-queue/wrong-*):
#  - the end line of a deadlocked run carries the wait-for graph: each waiting process, its
#    call, object and site, the mutex's holder and where it took it (JSON read back with
#    Python's json); a run that did not deadlock has none
#  - 'proclab trace show FILE' draws it: a heading, the cycle (each line after the first
#    with an arrow, each process waiting for the next one's, the last arrow back to the
#    first), then those that wait too; wrong-get-keeps-lock-when-empty's process that
#    waits for the mutex it holds itself is a cycle of one, the others wait for it
#  - ASCII arrows in the C locale; Portuguese; an older trace (no "waits") reads as before
. "$top_srcdir/tests/lib.sh"
need_python

# workcopy NAME: the reference with NAME's mistake, in $TEST_TMP/NAME
workcopy() {
	mkdir -p "$TEST_TMP/$1/07-bounded-queue" &&
	    cp "$top_srcdir/solutions/07-bounded-queue/bqueue.c" "$TEST_TMP/$1/07-bounded-queue/" &&
	    patch -s -f "$TEST_TMP/$1/07-bounded-queue/bqueue.c" \
	    <"$top_srcdir/tests/exercises/07-bounded-queue/$1/bqueue.c.patch" || exit 99
}

# check_cycle FILE: the cycle drawn in FILE (trace show's text) is the trace's own graph
check_cycle() {
	"$PYTHON3" - "$1" "$2" <<'EOF' || fail "$1: the cycle is not drawn right"
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read().splitlines()
end = [json.loads(l) for l in open(sys.argv[2], encoding="ascii")
       if '"type":"end"' in l and '"deadlock":true' in l][0]
waits = {w["process"]: w for w in end["waits"]}
def fail(why):
    sys.stderr.write("\n".join("  | " + l for l in text) + "\n" + why + "\n")
    sys.exit(1)
if "The deadlock, as who waits for whom:" not in text:
    fail("no heading")
at = text.index("The deadlock, as who waits for whom:") + 1
who = r"(the test program|process (\d+))"
def proc(m, g):
    return 0 if m.group(g) == "the test program" else int(m.group(g + 1))
cycle = []
while at < len(text):
    pre = "      " if not cycle else "   \u2192  "
    if not text[at].startswith(pre) or text[at].startswith("   \u2192  back to "):
        break
    m = re.match(re.escape(pre) + who + " (waits|keeps)", text[at])
    if not m:
        fail("not a process that waits: " + text[at])
    cycle.append((proc(m, 1), text[at]))
    at += 1
if not cycle:
    fail("no cycle under the heading")
m = re.match(r"^   \u2192  back to " + who + r": (it waits for itself|each waits for the "
             r"next), so (it never goes on|none of them can go on)\.$", text[at])
if not m or proc(m, 1) != cycle[0][0]:
    fail("the last arrow does not go back to the first process")
for i, (p, line) in enumerate(cycle):
    nxt = cycle[(i + 1) % len(cycle)][0]
    w = waits[p]
    if w["holder"] is not None:
        if nxt != w["holder"]:
            fail("process %d waits for the holder %d, not %d" % (p, w["holder"], nxt))
        held = "it holds itself" if nxt == p else "held by %s" % (
            "the test program" if nxt == 0 else "process %d" % nxt)
        if ("for the mutex %s (since %s)" % (held, w["holder_site"])) not in line:
            fail("the holder and where it took the mutex are not said: " + line)
    elif p != 0 and not re.search(r"; process %d (signalled|posted) it before, and waits "
                                  r"too$" % nxt, line):
        fail("no word on why process %d waits for process %d: %s" % (p, nxt, line))
    if w["site"] is not None and w["site"] not in line:
        fail("the site %s is not on the line: %s" % (w["site"], line))
on = {p for p, _ in cycle}
rest = [l for l in text[at + 1:] if l.startswith("      ")]
if len(on) + len(rest) != len(waits):
    fail("%d on the cycle and %d waiting too, of %d" % (len(on), len(rest), len(waits)))
if rest and text[at + 1] != "Waiting too:":
    fail("no 'Waiting too:' over the others")
print(len(cycle))
EOF
}

# --- wrong-one-cond: producers and consumers on one condition, all asleep
workcopy wrong-one-cond
expect_status 1 "$PROCLAB" check 7 --seed 7 --dir "$TEST_TMP/wrong-one-cond" \
    --trace "$TEST_TMP/cond.jsonl"
"$PYTHON3" - "$TEST_TMP/cond.jsonl" <<'EOF' || fail "the deadlock's waits in the trace"
import json, sys
ends = [json.loads(l) for l in open(sys.argv[1], encoding="ascii") if '"type":"end"' in l]
dead = [e for e in ends if e["deadlock"]]
assert dead, "no deadlocked run"
assert all("waits" not in e for e in ends if not e["deadlock"]), "waits in a run that went on"
for e in dead:
    assert e["livelock"] is False, e
    assert len(e["waits"]) >= 3, e["waits"]
    for w in e["waits"]:
        assert set(w) == {"process", "call", "object", "site", "caller", "holder", "holder_site",
                          "holder_ended", "passed_over"}, w
        assert w["object"].startswith("0x"), w
        if w["process"] == 0:
            assert w["call"] == "wait" and w["site"] is None, w
        else:
            assert w["call"] == "cond_wait", w
            assert w["site"].startswith(("bq_put (bqueue.c:", "bq_get (bqueue.c:")), w
            assert w["holder"] is None, w
EOF
expect_status 0 env LC_ALL=C.UTF-8 "$PROCLAB" trace show "$TEST_TMP/cond.jsonl"
n=$(check_cycle "$TEST_TMP/last" "$TEST_TMP/cond.jsonl") || exit 1
[ "$n" -ge 2 ] || fail "wrong-one-cond: a cycle of $n"
expect_grep '^deadlock: every process is waiting' "$TEST_TMP/last"      # the verdict still

# --- wrong-get-keeps-lock-when-empty: a mutex its holder waits for; the others wait for it
workcopy wrong-get-keeps-lock-when-empty
expect_status 1 "$PROCLAB" check 7 --seed 7 --dir "$TEST_TMP/wrong-get-keeps-lock-when-empty" \
    --trace "$TEST_TMP/keep.jsonl"
expect_status 0 env LC_ALL=C.UTF-8 "$PROCLAB" trace show "$TEST_TMP/keep.jsonl"
n=$(check_cycle "$TEST_TMP/last" "$TEST_TMP/keep.jsonl") || exit 1
[ "$n" -eq 1 ] || fail "wrong-get-keeps-lock-when-empty: a cycle of $n, not of one"
expect_grep '^      process [0-9]+ waits in bq_get \(bqueue\.c:[0-9]+\) for the mutex it holds itself \(since bq_get \(bqueue\.c:[0-9]+\)\)$' \
    "$TEST_TMP/last"
expect_grep '^   →  back to process [0-9]+: it waits for itself, so it never goes on\.$' \
    "$TEST_TMP/last"
expect_grep '^Waiting too:$' "$TEST_TMP/last"
expect_grep '^      process [0-9]+ waits in bq_put \(bqueue\.c:[0-9]+\) for the mutex held by process [0-9]+ \(since bq_get \(bqueue\.c:[0-9]+\)\)$' \
    "$TEST_TMP/last"

# --- ASCII, Portuguese
expect_status 0 env LC_ALL=C "$PROCLAB" trace show "$TEST_TMP/keep.jsonl"
expect_grep '^  ->  back to process [0-9]+: it waits for itself' "$TEST_TMP/last"
expect_status 0 env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" trace show "$TEST_TMP/keep.jsonl"
expect_grep '^O deadlock, como quem espera por quem:$' "$TEST_TMP/last"
expect_grep '^   →  de volta ao começo, o processo [0-9]+: ' "$TEST_TMP/last"

# --- an older trace, without the graph: read as before, no cycle drawn
sed 's/,"livelock":false,"waits":\[.*\]}$/}/' "$TEST_TMP/keep.jsonl" >"$TEST_TMP/old.jsonl" ||
	exit 99
expect_no_grep '"waits"' "$TEST_TMP/old.jsonl"
expect_status 0 env LC_ALL=C.UTF-8 "$PROCLAB" trace show "$TEST_TMP/old.jsonl"
expect_no_grep 'who waits for whom' "$TEST_TMP/last"
expect_grep '^deadlock: every process is waiting' "$TEST_TMP/last"
exit 0
