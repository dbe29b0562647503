# SPDX-License-Identifier: MIT
# Lesson 12: Pool: map in input order, apply, chunks and the workers that did them.
. "$top_srcdir/tests/lib.sh"
L=$LESSONS/12-pool
out=$TEST_TMP/last

expect_status 0 "$L" --help
expect_grep '^Usage: 12-pool ' "$out"
bad() {
	local msg=$1; shift
	expect_status 2 "$L" "$@"
	[ "$(wc -l <"$out")" -eq 2 ] || { cat "$out" >&2; fail "'$*': expected 2 lines"; }
	expect_grep "^12-pool: $msg\$" "$out"
	expect_grep "^Try '12-pool --help'\.\$" "$out"
}
bad "--workers: '0' is not a whole number from 1 to 16" --workers 0
bad "--chunksize: '21' is not a whole number from 1 to 20" --chunksize 21
bad "--think-ms: '1e3' is not a whole number from 0 to 1000" --think-ms 1e3
bad "unknown or ambiguous option '--bogus'" --bogus
bad "option '--quick' takes no value" --quick=1

squares="[$(seq 1 20 | awk '{ printf "%s%d", (NR > 1 ? ", " : ""), $1 * $1 }')]"
check() {  # check WORKERS CHUNKSIZE ARGS...
	local w=$1 cs=$2; shift 2
	local nchunks=$(( (20 + cs - 1) / cs ))
	expect_status 0 "$L" --workers "$w" --chunksize "$cs" "$@"
	[ "$(sed -n 1p "$out")" = "[1, 4, 9, 16]" ] || fail "line 1: $(sed -n 1p "$out")"
	[ "$(sed -n 2p "$out")" = "49" ] || fail "line 2: $(sed -n 2p "$out")"
	expect_grep "^results in input order: \\$squares\$" "$out"
	[ "$(grep -Ec '^chunk [0-9]+: \[[0-9, ]+\] -> worker [0-9]+ \(pid [0-9]+\), came back [0-9]+ of '"$nchunks"'$' "$out")" -eq "$nchunks" ] ||
		fail "expected $nchunks chunk lines"
	# every chunk came back exactly once, and the pids are at most the workers
	order=$(sed -n 's/^finish order: chunks //p' "$out" | tr -d ' ' | tr , '\n' | sort -n | tr '\n' ' ')
	[ "$order" = "$(seq 0 $((nchunks - 1)) | tr '\n' ' ')" ] || fail "finish order is not a permutation: $order"
	pids=$(sed -n 's/^chunk .*(pid \([0-9]*\)).*/\1/p' "$out" | sort -u | wc -l)
	[ "$pids" -le "$w" ] || fail "$pids different pids for $w workers"
}
check 4 3 --quick
check 1 20 --quick
check 2 1 --quick
check 16 2 --quick
# The early chunks sleep longest: with 4 workers chunks 0..3 start at once; chunk 3
# (3 x 100 ms) comes back 100 ms before any other, chunk 0 (6 x 100 ms) 100 ms after
# all others (chunks 4, 5, 6 follow on freed workers and end at 500 ms). The answer
# is still in input order (checked above).
check 4 3 --think-ms 100
expect_grep '^chunk 3: \[10, 11, 12\] -> worker [0-9]+ \(pid [0-9]+\), came back 1 of 7$' "$out"
expect_grep '^chunk 0: \[1, 2, 3\] -> worker 1 \(pid [0-9]+\), came back 7 of 7$' "$out"
exit 0
