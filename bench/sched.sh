#!/bin/bash
# SPDX-License-Identifier: MIT
# The controlled scheduler's costs (issue 12's targets), measured in one run, medians:
#  1. one scheduling point: bench/sched-point (two processes passing points, bare and
#     under the scheduler, interleaved);
#  2. proclab check all on the twelve reference solutions against compiling the twelve
#     bare (gcc with the same flags, the runtime and the wrappers), and how many runs the
#     race tests under the scheduler made.
# Environment: PROCLAB, BENCH_BIN, CC, top_srcdir, top_builddir (make bench sets them);
# SCHED_ROUNDS (default 3).
set -eu
rounds=${SCHED_ROUNDS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/proclab-bench-sched.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== the scheduler"
"$BENCH_BIN/sched-point" "$BENCH_BIN/sched-child" 20000 7

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
now() { date +%s.%N; }

cp -r "$top_srcdir/solutions" "$work/sol"
flags=$(tr '\n' ' ' <"$top_builddir/lib/lab-wrap.flags")
compile_all() {
	for d in "$top_srcdir"/exercises/[0-9][0-9]-*/; do
		n=$(basename "$d")
		"$CC" -std=c11 -Wall -Wextra -pthread -g -I"$d" -I"$top_srcdir/lib" \
		    -o "$work/tp-$n" "$work/sol/$n"/*.c "$d"/test_*.c \
		    "$top_builddir/lib/libproclab.a" -lrt $flags
	done
}
: >"$work/compile"; : >"$work/check"
for r in $(seq "$rounds"); do
	t0=$(now); compile_all; t1=$(now)
	"$PROCLAB" check all --dir "$work/sol" --format json --output "$work/report.json" \
	    >/dev/null 2>&1 || { echo "bench: a reference solution failed: see proclab check all"; exit 1; }
	t2=$(now)
	echo "$t1 - $t0" | bc >>"$work/compile"
	echo "$t2 - $t1" | bc >>"$work/check"
done
c=$(median <"$work/compile"); k=$(median <"$work/check")
runs=$(python3 - "$work/report.json" "$top_srcdir/exercises/manifest.json" <<'PY'
import json, sys
rep = json.load(open(sys.argv[1])); man = json.load(open(sys.argv[2]))
scheduled = {(e["dir"], t["name"]) for e in man["exercises"] for t in e["tests"]
             if t.get("explore") not in (None, "off")}
n = [t["runs_passed"] for e in rep["exercises"] for t in e["tests"]
     if (e["dir"], t["name"]) in scheduled]
print("%d race tests under the scheduler, %d to %d runs each" % (len(n), min(n), max(n)))
PY
)
printf 'check all on the references: %.2f s; compiling the twelve bare: %.2f s; ratio %.1f\n' \
    "$k" "$c" "$(echo "$k / $c" | bc -l)"
echo "($runs; medians of $rounds rounds)"
