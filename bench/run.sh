#!/bin/bash
# SPDX-License-Identifier: MIT
# bench/run.sh: time proclab's C lessons against CPython's multiprocessing doing the
# same notebook demo (bench/py/NN-name.py), pair by pair. Run it through `make bench`
# (it builds the lessons first); doc/benchmarks.md says what each pair measures.
#
# For each pair: run both once and check that they print the same figures (the same
# answers), then time both in the same run, interleaved C, Python, C, Python, ... for
# --rounds rounds, and report the medians and the ratio Python / C. With hyperfine
# installed each round is one `hyperfine -N --runs 1` of both commands (--export-json
# into the results folder); without it, its own loop around `date +%s%N`.
#
# --mode callgrind instead counts the instructions of the C side only (valgrind
# --tool=callgrind --trace-children=yes --dump-before='*fork', summed over every part
# of every process of the lesson):
# a number that does not move with the machine's load, for changes that need one.
#
# Pair 17 is different: lesson 17-costs measures C and CPython itself, in one run
# (its own samples, not --rounds; its CPython side is lessons/17-costs.py), and
# run.sh prints its C-against-CPython table with each ratio against its target
# (3x; 20x for the locked increment), from its --json (bench/py/costs-table.py).
#
# Usage: bench/run.sh [--mode time|callgrind] [--rounds N (default 7; callgrind 3)] [--timer auto|hyperfine|date]
#                     [--out DIR] [PAIR...]          (PAIR: 02 07 08 09 10 11 12 14 16 17)
# Environment: LESSONS (the built lessons; default ./lessons), PYTHON3 (default python3),
#   PROCLAB_RFC_DIR (the RFC corpus for pair 16; default /work/shared/data/rfc),
#   BENCH_OUT (results folder; default ./bench/results).
# Exit status: 0 every pair ran and agreed (or was skipped, with the reason printed);
#   1 a pair failed or its two sides printed different figures; 2 bad usage.

set -u
prog=bench/run.sh
here=$(cd "$(dirname "$0")" && pwd) || exit 1
pydir=$here/py

usage() {
	sed -n '/^# Usage:/,/^# Exit status/{s/^# \{0,1\}//;p}' "$0"
	sed -n '/^# Exit status/,/^$/{/^# Exit status/d;s/^# \{0,1\}//;p}' "$0"
}
bad_usage() {
	echo "$prog: $1" >&2
	echo "Try '$prog --help'." >&2
	exit 2
}

mode=time rounds='' timer=auto
out=${BENCH_OUT:-bench/results}
pairs=()
while [ $# -gt 0 ]; do
	case $1 in
	--help|-h) usage; exit 0 ;;
	--mode) [ $# -ge 2 ] || bad_usage "--mode needs a value: time or callgrind"
		mode=$2; shift ;;
	--mode=*) mode=${1#--mode=} ;;
	--rounds) [ $# -ge 2 ] || bad_usage "--rounds needs a whole number from 1 to 100"
		rounds=$2; shift ;;
	--rounds=*) rounds=${1#--rounds=} ;;
	--timer) [ $# -ge 2 ] || bad_usage "--timer needs a value: auto, hyperfine or date"
		timer=$2; shift ;;
	--timer=*) timer=${1#--timer=} ;;
	--out) [ $# -ge 2 ] || bad_usage "--out needs a folder"
		out=$2; shift ;;
	--out=*) out=${1#--out=} ;;
	-*) bad_usage "unknown option '$1'" ;;
	*) pairs+=("$1") ;;
	esac
	shift
done
case $mode in
time) : "${rounds:=7}" ;;
callgrind) : "${rounds:=3}" ;;
*) bad_usage "--mode: '$mode' is not time or callgrind" ;;
esac
case $rounds in
''|*[!0-9]*) bad_usage "--rounds: '$rounds' is not a whole number from 1 to 100" ;;
esac
[ "$rounds" -ge 1 ] && [ "$rounds" -le 100 ] ||
	bad_usage "--rounds: '$rounds' is not a whole number from 1 to 100"
case $timer in
auto) if command -v hyperfine >/dev/null 2>&1; then timer=hyperfine; else timer=date; fi ;;
hyperfine) command -v hyperfine >/dev/null 2>&1 ||
	bad_usage "--timer hyperfine: hyperfine is not installed (apt-get install hyperfine)" ;;
date) ;;
*) bad_usage "--timer: '$timer' is not auto, hyperfine or date" ;;
esac

all_pairs=(02 07 08 09 10 11 12 14 16 17)
[ ${#pairs[@]} -gt 0 ] || pairs=("${all_pairs[@]}")
for p in "${pairs[@]}"; do
	case " ${all_pairs[*]} " in
	*" $p "*) ;;
	*) bad_usage "unknown pair '$p' (the pairs: ${all_pairs[*]})" ;;
	esac
done

LESSONS=${LESSONS:-lessons}
PYTHON3=${PYTHON3:-python3}
RFC_DIR=${PROCLAB_RFC_DIR:-/work/shared/data/rfc}
command -v "$PYTHON3" >/dev/null 2>&1 || { echo "$prog: $PYTHON3: not found" >&2; exit 1; }
# The interpreter itself, not a wrapper: a pyenv shim is a shell script that costs
# more than the demo (about 150 ms a run here).
py_exe=$("$PYTHON3" -c 'import sys; print(sys.executable)') && [ -x "$py_exe" ] || {
	echo "$prog: $PYTHON3 does not say where its interpreter is (sys.executable)" >&2
	exit 1
}
PYTHON3=$py_exe
if [ "$mode" = callgrind ] && ! command -v valgrind >/dev/null 2>&1; then
	echo "$prog: valgrind: not found (apt-get install valgrind)" >&2
	exit 1
fi
mkdir -p "$out" || { echo "$prog: mkdir $out: failed" >&2; exit 1; }
out=$(cd "$out" && pwd)

# The RFC corpus of pair 16: rfc*.txt in PROCLAB_RFC_DIR, in name order.
rfc_files=()
if [ -d "$RFC_DIR" ]; then
	for f in "$RFC_DIR"/rfc*.txt; do
		[ -f "$f" ] && rfc_files+=("$f")
	done
fi

# ---- the pairs: lesson, C options, Python options, what the pair measures ----------
# pair_setup ID sets lesson, c_args (array), py_args (array), what; returns 1 with
# skip_why set when the pair cannot run here.
pair_setup() {
	skip_why=
	case $1 in
	02) lesson=02-start-methods
		c_args=(--starts 11 --quick); py_args=(--starts 11 --quick)
		what="spawn cell (5 processes, 30 ms sleep) + 11 starts each by fork, spawn, forkserver" ;;
	07) lesson=07-balance-lock
		c_args=(--trials 10 --think-ms 0); py_args=(--trials 10 --think-ms 0)
		what="10 trials x 10 processes, Value balance under a Lock, no think time" ;;
	08) lesson=08-shared-array
		c_args=(--trials 10 --think-ms 0); py_args=(--trials 10 --think-ms 0)
		what="10 trials x 2 processes, Array of 10 under a Lock, no think time" ;;
	09) lesson=09-get-lock
		c_args=(--trials 2 --think-ms 0); py_args=(--trials 2 --think-ms 0)
		what="2 trials: 2 x 100000 get_lock() adds on a double, 2 x 50000 on an array" ;;
	10) lesson=10-queue
		c_args=(--producers 3 --consumers 3 --messages 2000)
		py_args=(--producers 3 --consumers 3 --messages 2000)
		what="1 message, then 3 producers x 2000 messages to 3 consumers through a Queue" ;;
	11) lesson=11-pipe
		c_args=(--timeout-ms 50); py_args=(--timeout-ms 50)
		what="Pipe: a message, squares, 4x-buffer deadlock (50 ms timer) and poll exchange" ;;
	12) lesson=12-pool
		c_args=(--think-ms 0); py_args=(--think-ms 0)
		what="Pool(4): map [1..4], apply, map range(1, 21) in chunks of 3, no sleeps" ;;
	14) lesson=14-manager
		c_args=(--workers 10); py_args=(--workers 10)
		what="Manager list: 10 processes count to 10000, append, print the list" ;;
	17) lesson=17-costs
		what="round trips, throughput, starts, locks, a pool: C and CPython, measured by the lesson"
		if [ "$mode" = callgrind ]; then
			skip_why="it times itself (wall-clock figures): nothing to count in callgrind mode"
			return 1
		fi
		if [ ! -x "$LESSONS/$lesson" ]; then
			skip_why="lessons/$lesson is not built (missing or in progress)"
			return 1
		fi
		return 0 ;;
	16) lesson=16-letter-frequency
		c_args=(--repr --trials 1 --think-ms 0 "${rfc_files[@]}")
		py_args=(--repr --trials 1 "${rfc_files[@]}")
		what="letters of ${#rfc_files[@]} RFCs (str(bytes)), 6 variants: threads, locks, processes"
		if [ ${#rfc_files[@]} -eq 0 ]; then
			skip_why="no RFC corpus (no rfc*.txt in $RFC_DIR; set PROCLAB_RFC_DIR)"
			return 1
		fi ;;
	esac
	if [ "$mode" = callgrind ] && [ "$1" = 02 ]; then
		# Its spawn method runs posix_spawn("/proc/self/exe"), which under valgrind is
		# valgrind's own tool binary, and every spawned child dies.
		skip_why="under valgrind /proc/self/exe is valgrind itself: the spawn children cannot start"
		return 1
	fi
	if [ ! -x "$LESSONS/$lesson" ]; then
		skip_why="lessons/$lesson is not built (missing or in progress)"
		return 1
	fi
	if [ ! -f "$pydir/$lesson.py" ]; then
		skip_why="bench/py/$lesson.py is missing"
		return 1
	fi
	return 0
}

# ---- the figures each side must agree on -------------------------------------------
# figures ID < output: the answer lines, normalised so that both sides' are comparable.
figures() {
	case $1 in
	02) # who printed what in the spawn cell, and what fork and spawn children saw.
	    # (Python's forkserver is a fresh interpreter: its children see 0, not 1.)
		grep -E '^(Working [0-9]+ \.\.\.|Thread [0-9]+ was finished\.)$' | sort
		;;
	07) grep -oE '^Final Balance = -?[0-9]+' ;;
	08) grep -oE '^(Initial Value|Final value): \[[-0-9, ]*\]' ;;
	09) grep -E '^(-?[0-9]+\.[0-9]+|\[[-0-9, ]*\])$' ;;
	10) grep -E "^(\[.*\]|[0-9]+ producers x [0-9]+ messages.*|total .*|every message .*)$" ;;
	11) grep -E '^(Mensagem via Pipe|Recebido\.\.\.\[.*\]|\[.*\]|A pipe.s buffer: .*|O_NONBLOCK .*|Both sides .*|  parent.*|  child.*|  -> .*)$' ;;
	12) grep -E '^(\[1, 4, 9, 16\]|[0-9]+|results in input order: .*)$' ;;
	14) # the order depends on the scheduler: compare how many workers printed and
	    # which items the final list holds.
		awk '/^[0-9]+ \[/ { n++ }
		     /^Results: / { gsub(/[^0-9 ]/, ""); k = split($0, a, " ")
		                    for (i = 1; i <= k; i++) print "item " a[i] | "sort -n -k2" }
		     END { close("sort -n -k2"); print "workers printed: " n + 0 }' ;;
	16) # the corpus, the sequential table (the notebook's In[53]) and its total.
		awk '/^Counting the sources given:/ { print }
		     /^sequential, one table:/ { t = 1; next }
		     t && /^}/ { t = 0 }
		     t { print }
		     /\(the reference: [0-9]+ letters\)/ { sub(/.*\(/, "("); print }' ;;
	esac
}
# For pair 02 the start-method answers too: fork children see 2, spawn children 0.
figures_02_answers() {
	grep -oE '^(fork|spawn) +median .*answer = -?[0-9]+' | sed -E 's/ +median .*answer/: answer/'
}

# details ID: figures that each side measures itself (from the answer-check run, so a
# single sample each): the start costs of pair 02, the variants' seconds of pair 16.
details() {
	case $1 in
	02) echo "pair 02, cost of one start (each side's own median of its starts, answer-check run):"
		for m in fork spawn forkserver; do
			printf '  %-10s C %8s us   Python %8s us\n' "$m" \
			    "$(awk -v m="$m" '$1 == m && $2 == "median" { print $3 }' "$out/02.c.out")" \
			    "$(awk -v m="$m" '$1 == m && $2 == "median" { print $3 }' "$out/02.py.out")"
		done ;;
	16) echo "pair 16, seconds of each variant (each side's own clock, answer-check run):"
		local rows='/^variant  / { t = 1; next } t && NF == 0 { exit }
			t { s = $0; sub(/ +[0-9.]+  .*/, "", s); for (i = 1; i <= NF; i++)
			    if ($i ~ /^[0-9]+\.[0-9]+$/) { printf "%s|%s\n", s, $i; break } }'
		paste -d'|' <(awk "$rows" "$out/16.c.out") <(awk "$rows" "$out/16.py.out") |
		    awk -F'|' '{ printf "  %-36s C %9s s   %-36s Python %9s s\n", $1, $2, $3, $4 }' ;;
	esac
}

median() {	# median of the numbers on stdin (one a line)
	sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

q() { printf '%q ' "$@"; }	# a command line for hyperfine -N (shell-words quoting)

now_ns() { date +%s%N; }

# run_once WHO OUTFILE CMD...: one run, output kept; message and 1 when it fails.
run_once() {
	local who=$1 file=$2
	shift 2
	timeout 300 "$@" >"$file" 2>"$file.err"
	local st=$?
	if [ $st -eq 124 ]; then
		echo "  $who side did not finish in 300 s (killed): $*" >&2
		return 1
	fi
	if [ $st -ne 0 ]; then
		echo "  $who side failed (exit status $st): $*" >&2
		sed 's/^/    /' "$file.err" | head -5 >&2
		return 1
	fi
	return 0
}

# ---- time mode ------------------------------------------------------------------
bench_pair_time() {
	local id=$1 c_cmd py_cmd r t0 t1 t2
	c_cmd=("$LESSONS/$lesson" "${c_args[@]}")
	py_cmd=("$PYTHON3" "$pydir/$lesson.py" "${py_args[@]}")
	rm -f "$out/$id".*      # nothing left over from an earlier run

	# Same answers first: both once, figures compared.
	run_once C "$out/$id.c.out" "${c_cmd[@]}" || return 1
	run_once Python "$out/$id.py.out" "${py_cmd[@]}" || return 1
	figures "$id" <"$out/$id.c.out" >"$out/$id.c.fig"
	figures "$id" <"$out/$id.py.out" >"$out/$id.py.fig"
	if [ "$id" = 02 ]; then
		figures_02_answers <"$out/$id.c.out" >>"$out/$id.c.fig"
		figures_02_answers <"$out/$id.py.out" >>"$out/$id.py.fig"
	fi
	if [ ! -s "$out/$id.c.fig" ] || [ ! -s "$out/$id.py.fig" ]; then
		echo "  no figures found in the output (see $out/$id.c.out, $out/$id.py.out)" >&2
		return 1
	fi
	if ! diff -u --label "C lessons/$lesson" --label "Python bench/py/$lesson.py" \
	    "$out/$id.c.fig" "$out/$id.py.fig" >"$out/$id.diff"; then
		echo "  DIFFERENT ANSWERS:" >&2
		sed 's/^/    /' "$out/$id.diff" | head -40 >&2
		return 1
	fi

	details "$id" >>"$out/details.txt"

	# Then the timing, interleaved: C, Python, C, Python, ...
	: >"$out/$id.times"
	for r in $(seq 1 "$rounds"); do
		if [ "$timer" = hyperfine ]; then
			if ! hyperfine -N --runs 1 --style none \
			    --export-json "$out/$id.round$r.json" \
			    -n C "$(q "${c_cmd[@]}")" -n Python "$(q "${py_cmd[@]}")" \
			    >"$out/$id.hyperfine.log" 2>&1; then
				echo "  hyperfine failed in round $r:" >&2
				tail -3 "$out/$id.hyperfine.log" | sed 's/^/    /' >&2
				# hyperfine keeps no output: run each side again to show who failed
				run_once C "$out/$id.c.rerun" "${c_cmd[@]}" &&
				    run_once Python "$out/$id.py.rerun" "${py_cmd[@]}" &&
				    echo "  (both sides passed when run again: an intermittent failure)" >&2
				return 1
			fi
			"$PYTHON3" -c 'import json, sys
d = json.load(open(sys.argv[1]))
t = {x["command"]: x["times"][0] for x in d["results"]}
print("%d %.0f %.0f" % (int(sys.argv[2]), t["C"] * 1e9, t["Python"] * 1e9))' \
			    "$out/$id.round$r.json" "$r" >>"$out/$id.times" || return 1
		else
			t0=$(now_ns)
			"${c_cmd[@]}" >/dev/null 2>&1 || { echo "  C side failed in round $r" >&2; return 1; }
			t1=$(now_ns)
			"${py_cmd[@]}" >/dev/null 2>&1 || { echo "  Python side failed in round $r" >&2; return 1; }
			t2=$(now_ns)
			echo "$r $((t1 - t0)) $((t2 - t1))" >>"$out/$id.times"
		fi
	done
	local c_med py_med ratio
	c_med=$(awk '{ print $2 / 1e6 }' "$out/$id.times" | median)
	py_med=$(awk '{ print $3 / 1e6 }' "$out/$id.times" | median)
	ratio=$(awk -v c="$c_med" -v p="$py_med" 'BEGIN { printf "%.1f", p / c }')
	printf '%-22s %10.1f %10.1f %8sx  %s\n' "$id $lesson" "$c_med" "$py_med" "$ratio" "$what" \
	    >>"$out/table.txt"
	printf '{"pair":"%s","lesson":"%s","what":"%s","rounds":%d,"timer":"%s","c_median_ms":%.3f,"py_median_ms":%.3f,"ratio":%s}\n' \
	    "$id" "$lesson" "$what" "$rounds" "$timer" "$c_med" "$py_med" "$ratio" >>"$out/summary.jsonl"
	return 0
}

# ---- pair 17: the lesson measures both sides itself -------------------------------
bench_costs() {
	rm -f "$out"/17.* "$out/17-costs.json"
	if ! PYTHON3=$PYTHON3 run_once "C and Python" "$out/17.out" \
	    "$LESSONS/$lesson" --json "$out/17-costs.json"; then
		return 1
	fi
	"$PYTHON3" "$pydir/costs-table.py" "$out/17-costs.json" >"$out/17.table" || {
		cat "$out/17.table" >&2
		return 1
	}
	cat "$out/17.table" >>"$out/details.txt"
	"$PYTHON3" -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(json.dumps({"pair": "17", "lesson": "17-costs", "samples": d["samples"],
                  "comparisons": d["comparisons"]}, separators=(",", ":")))' \
	    "$out/17-costs.json" >>"$out/summary.jsonl" || return 1
	return 0
}

# ---- callgrind mode: the C side's instruction count, summed over its processes -----
bench_pair_callgrind() {
	local id=$1 r irs=() n total
	local dir=$out/callgrind/$id
	rm -rf "$dir"
	mkdir -p "$dir" || return 1
	for r in $(seq 1 "$rounds"); do
		mkdir -p "$dir/$r"
		# A forked child inherits callgrind's counters: dumping (and so zeroing them)
		# on entry to fork() makes the child start from 0, so the sum over every
		# part of every process counts each instruction once.
		if ! valgrind --tool=callgrind --trace-children=yes --dump-before='*fork' \
		    --callgrind-out-file="$dir/$r/callgrind.out.%p" \
		    "$LESSONS/$lesson" "${c_args[@]}" >"$dir/$r/stdout" 2>"$dir/$r/valgrind.log"; then
			echo "  lessons/$lesson failed under valgrind (see $dir/$r/valgrind.log):" >&2
			grep -v '^==' "$dir/$r/valgrind.log" | tail -3 | sed 's/^/    /' >&2
			return 1
		fi
		n=$(ls "$dir/$r" | grep -cE '^callgrind\.out\.[0-9]+$')
		total=$(awk '/^summary:/ { s += $2 } END { printf "%.0f", s }' "$dir/$r"/callgrind.out.*)
		if [ "$n" -eq 0 ] || [ -z "$total" ] || [ "$total" = 0 ]; then
			echo "  no callgrind profile was written (see $dir/$r/valgrind.log)" >&2
			return 1
		fi
		irs+=("$total")
		echo "$r $n $total" >>"$dir/counts"
	done
	local med lo hi
	med=$(printf '%s\n' "${irs[@]}" | median)
	lo=$(printf '%s\n' "${irs[@]}" | sort -g | head -1)
	hi=$(printf '%s\n' "${irs[@]}" | sort -g | tail -1)
	printf '%-22s %9s %16.0f %16.0f %16.0f  %s\n' "$id $lesson" "$n" "$med" "$lo" "$hi" "$what" \
	    >>"$out/callgrind.txt"
	printf '{"pair":"%s","lesson":"%s","runs":%d,"processes":%d,"ir_median":%.0f,"ir_min":%.0f,"ir_max":%.0f}\n' \
	    "$id" "$lesson" "$rounds" "$n" "$med" "$lo" "$hi" >>"$out/callgrind.jsonl"
}

# ---- main --------------------------------------------------------------------------
failed=0 skipped=0
stamp=$(date -u '+%Y-%m-%d %H:%M UTC')
cpus=$(nproc 2>/dev/null || echo '?')
if [ "$mode" = time ]; then
	: >"$out/table.txt"
	: >"$out/details.txt"
	: >"$out/summary.jsonl"
	echo "proclab bench, $stamp, $cpus CPUs (load $(cut -d" " -f1-3 /proc/loadavg)), $rounds interleaved rounds per pair, timer: $timer"
	echo "Python: $PYTHON3 ($("$PYTHON3" --version 2>&1)); results in $out"
else
	: >"$out/callgrind.txt"
	: >"$out/callgrind.jsonl"
	echo "proclab bench (callgrind: instructions of the C side only), $stamp, $rounds run(s) per pair"
	echo "results in $out/callgrind"
fi
for id in "${pairs[@]}"; do
	if ! pair_setup "$id"; then
		echo "pair $id: skipped: $skip_why"
		skipped=$((skipped + 1))
		continue
	fi
	echo "pair $id ($lesson): $what"
	if [ "$id" = 17 ]; then
		bench_costs || { failed=$((failed + 1)); echo "pair $id: FAILED"; }
	elif [ "$mode" = time ]; then
		bench_pair_time "$id" || { failed=$((failed + 1)); echo "pair $id: FAILED"; }
	else
		bench_pair_callgrind "$id" || { failed=$((failed + 1)); echo "pair $id: FAILED"; }
	fi
done

echo
if [ "$mode" = time ]; then
	printf '%-22s %10s %10s %9s  %s\n' "pair" "C ms" "Python ms" "Py/C" "what (medians of the rounds; same answers checked)"
	cat "$out/table.txt"
	if [ -s "$out/details.txt" ]; then
		echo
		cat "$out/details.txt"
	fi
else
	printf '%-22s %9s %16s %16s %16s  %s\n' "pair" "processes" "Ir median" "Ir min" "Ir max" "what"
	cat "$out/callgrind.txt"
fi
echo "$((${#pairs[@]} - failed - skipped)) pairs ran, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
