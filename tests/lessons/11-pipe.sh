# SPDX-License-Identifier: MIT
# Lesson 11: Pipe: one-way message, duplex squares, big-message deadlock and its cure.
. "$top_srcdir/tests/lib.sh"
L=$LESSONS/11-pipe
out=$TEST_TMP/last

expect_status 0 "$L" --help
expect_grep '^Usage: 11-pipe ' "$out"
bad() {
	local msg=$1; shift
	expect_status 2 "$L" "$@"
	[ "$(wc -l <"$out")" -eq 2 ] || { cat "$out" >&2; fail "'$*': expected 2 lines"; }
	expect_grep "^11-pipe: $msg\$" "$out"
	expect_grep "^Try '11-pipe --help'\.\$" "$out"
}
bad "--timeout-ms: '49' is not a whole number from 50 to 10000" --timeout-ms 49
bad "--timeout-ms: '' is not a whole number from 50 to 10000" --timeout-ms=
bad "unknown or ambiguous option '--trials'" --trials 3

for i in 1 2 3; do
	expect_status 0 "$L" --quick
	[ "$(sed -n 1p "$out")" = "Mensagem via Pipe" ] || fail "line 1: $(sed -n 1p "$out")"
	[ "$(sed -n 2p "$out")" = "Recebido...[1, 2, 3, 4, 5]" ] || fail "line 2: $(sed -n 2p "$out")"
	[ "$(sed -n 3p "$out")" = "[1, 4, 9, 16, 25]" ] || fail "line 3: $(sed -n 3p "$out")"
	sz=$(sed -n 's/^A pipe.s buffer: fcntl(F_GETPIPE_SZ) = \([0-9]*\) bytes;$/\1/p' "$out")
	[ -n "$sz" ] || fail "no F_GETPIPE_SZ line"
	expect_grep "^O_NONBLOCK writes put $sz bytes in before EAGAIN\.\$" "$out"
	big=$((sz * 4))
	expect_grep "^  parent: write stuck after $sz of $big bytes" "$out"
	expect_grep "^  child:  write stuck after $sz of $big bytes" "$out"
	expect_grep '^  -> deadlock: each waits for the other to read, nobody reads$' "$out"
	expect_grep "^  parent received $big bytes, child received $big bytes -> no deadlock\$" "$out"
done
exit 0
