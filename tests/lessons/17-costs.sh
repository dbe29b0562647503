#!/bin/sh
# SPDX-License-Identifier: MIT
# Lesson 17: what each mechanism costs. Proves that it measures and reports every figure
# (text sections, valid JSON, every figure finite and positive, units present); it never
# judges a speed.
. "$top_srcdir/tests/lib.sh"

L="$LESSONS/17-costs"
[ -x "$L" ] || fail "$L was not built"
export LC_ALL=C

# --- usage and bad input
expect_status 0 "$L" --help
expect_grep '^Usage: 17-costs' "$TEST_TMP/last"
expect_grep 'Exit status' "$TEST_TMP/last"
expect_status 2 "$L" --reps abc
expect_grep "^17-costs: --reps: 'abc' is not a whole number from 1 to 1000$" "$TEST_TMP/last"
expect_grep "^Try '17-costs --help'\.$" "$TEST_TMP/last"
[ "$(wc -l <"$TEST_TMP/last")" -eq 2 ] || fail "a bad option should print exactly two lines"
expect_status 2 "$L" --reps 0
expect_status 2 "$L" --cpu x
expect_status 2 "$L" --json
expect_status 2 "$L" --no-such-option
expect_status 2 "$L" extra-argument

shm_left() { ls /dev/shm /dev/mqueue 2>/dev/null | grep -c '^proclab-17-costs-' ; }
before=$(shm_left)

# --- one quick run, the Python side included when python3 is there
have_py=no
[ -n "${PYTHON3:-}" ] && [ -x "$PYTHON3" ] && have_py=yes
expect_status 0 "$L" --quick --json "$TEST_TMP/costs.json"
out=$TEST_TMP/last
for section in '^Round-trip latency' '^Throughput' '^Starting a process' \
    "^fork and the parent's memory" '^Locks' '^A pool' '^C against CPython' \
    '^What the figures say'; do
	expect_grep "$section" "$out"
done
expect_grep '^  pipe +[0-9.]+ microseconds per round trip  \(p10 [0-9.]+, p90 [0-9.]+\)$' "$out"
expect_grep '^  fork, parent with 256 MiB touched +[0-9.]+ microseconds per start' "$out"
expect_grep '^  C11 atomic_fetch_add, 2 processes +[0-9.]+ nanoseconds per increment' "$out"
expect_grep 'gigabytes \(10\^9 bytes\) per second' "$out"
if [ "$have_py" = yes ]; then
	expect_grep '^C against CPython [0-9]+\.[0-9]+' "$out"
	expect_grep '^      C: process-shared mutex, 1 process [0-9.]+ ns -> [0-9.]+x$' "$out"
fi

# validate FILE WANT_PYTHON: every figure there, finite, positive, with its unit.
validate() {
	"$PYTHON3" - "$1" "$2" <<'EOF'
import json, math, sys
path, want_py = sys.argv[1], sys.argv[2] == "yes"
with open(path) as f:
    d = json.load(f)
c_ids = """pipe_rt socketpair_rt mq_rt shm_sem_rt shm_futex_rt shm_spin_rt tcp_rt
    pipe_tput socketpair_tput shm_tput thread_start fork_0mib spawn_0mib
    fork_64mib fork_256mib spawn_64mib spawn_256mib mutex_1 sem_1 atomic_1
    mutex_2 sem_2 atomic_2 pool_task""".split()
py_ids = """py_queue_rt py_pipe_rt py_pipe_tput py_value_lock_1 py_value_lock_2
    py_start_fork py_start_spawn py_start_forkserver py_pool_task py_manager_call""".split()
want = c_ids + (py_ids if want_py else [])
figs = d["figures"]
bad = []
assert d["lesson"] == "17-costs", d["lesson"]
for i in want:
    if i not in figs:
        bad.append("%s: missing" % i)
        continue
    f = figs[i]
    for k in ("median", "p10", "p90", "min", "max"):
        v = f.get(k)
        if not isinstance(v, (int, float)) or not math.isfinite(v) or v <= 0:
            bad.append("%s: %s is %r" % (i, k, v))
    if not (f["min"] <= f["p10"] <= f["median"] <= f["p90"] <= f["max"]):
        bad.append("%s: the percentiles are out of order" % i)
    for k in ("unit", "unit_symbol", "teaches", "name", "section"):
        if not isinstance(f.get(k), str) or not f[k]:
            bad.append("%s: no %s" % (i, k))
    if not isinstance(f.get("samples"), int) or f["samples"] < 1:
        bad.append("%s: samples %r" % (i, f.get("samples")))
if want_py:
    if d["python"] is None or d["python_skipped"] is not None:
        bad.append("the Python side did not run: %r" % d["python_skipped"])
    cmp = {c["python"]: c for c in d["comparisons"]}
    for i in py_ids:
        c = cmp.get(i)
        if c is None:
            bad.append("%s: no comparison" % i)
        elif c["c"] not in figs or not isinstance(c["ratio"], (int, float)) \
                or not math.isfinite(c["ratio"]) or c["ratio"] <= 0 or c["target"] not in (3, 20):
            bad.append("%s: bad comparison %r" % (i, c))
else:
    if any(i in figs for i in py_ids) or d["comparisons"]:
        bad.append("Python figures in a run without Python")
if bad:
    sys.exit("\n".join(bad))
EOF
}

if [ "$have_py" = no ]; then
	[ "$(shm_left)" -eq "$before" ] || fail "a shared memory object or message queue was left behind"
	skip "python3 not found: the JSON was not validated and the CPython side not run"
fi
validate "$TEST_TMP/costs.json" yes || fail "the JSON of --quick --json is incomplete (above)"

# --- C only, the JSON on standard output and the text on standard error
status=0
"$L" --quick --no-python --reps 3 --json - >"$TEST_TMP/stdout.json" 2>"$TEST_TMP/stderr" || status=$?
[ "$status" -eq 0 ] || { cat "$TEST_TMP/stderr" >&2; fail "--json - exited $status"; }
validate "$TEST_TMP/stdout.json" no || fail "the JSON of --no-python --json - is wrong (above)"
expect_grep '^Round-trip latency' "$TEST_TMP/stderr"
expect_grep '^C against CPython: skipped \(--no-python\)$' "$TEST_TMP/stderr"

# In Portuguese the text is translated and the JSON is not: its names, units and reasons
# stay English, as a program reading it expects.
if locale -a 2>/dev/null | grep -qix 'c.utf-\?8'; then
	status=0
	env LANGUAGE=pt_BR LC_ALL=C.UTF-8 PYTHON3=/nonexistent/python3 "$L" --quick --reps 1 \
	    --json - >"$TEST_TMP/pt.json" 2>"$TEST_TMP/pt.txt" || status=$?
	[ "$status" -eq 0 ] || { cat "$TEST_TMP/pt.txt" >&2; fail "the Portuguese --json - exited $status"; }
	validate "$TEST_TMP/pt.json" no || fail "the JSON of a Portuguese run is wrong (above)"
	expect_grep '"name": "pipe", "unit": "microseconds per round trip"' "$TEST_TMP/pt.json"
	expect_grep '"python_skipped": "PYTHON3=/nonexistent/python3 is not an executable"' "$TEST_TMP/pt.json"
	expect_grep 'microssegundos por ida e volta' "$TEST_TMP/pt.txt"
	expect_grep '^C contra CPython: pulado: PYTHON3=/nonexistent/python3 não é um executável$' "$TEST_TMP/pt.txt"
fi

# A Python that is not there: the C side still runs, and says why Python did not.
PYTHON3=/nonexistent/python3 expect_status 0 "$L" --quick --reps 1 --json "$TEST_TMP/nopy.json"
expect_grep '^C against CPython: skipped: PYTHON3=/nonexistent/python3 is not an executable$' "$TEST_TMP/last"
validate "$TEST_TMP/nopy.json" no || fail "the JSON without a Python is wrong (above)"

[ "$(shm_left)" -eq "$before" ] || fail "a shared memory object or message queue was left behind"
exit 0
