# SPDX-License-Identifier: MIT
# Lesson 10: a Queue over a pipe: the notebook's list, then exactly-once delivery.
. "$top_srcdir/tests/lib.sh"
L=$LESSONS/10-queue
out=$TEST_TMP/last

expect_status 0 "$L" --help
expect_grep '^Usage: 10-queue ' "$out"
bad() {
	local msg=$1; shift
	expect_status 2 "$L" "$@"
	[ "$(wc -l <"$out")" -eq 2 ] || { cat "$out" >&2; fail "'$*': expected 2 lines"; }
	expect_grep "^10-queue: $msg\$" "$out"
	expect_grep "^Try '10-queue --help'\.\$" "$out"
}
bad "--producers: '0' is not a whole number from 1 to 16" --producers 0
bad "--consumers: '17' is not a whole number from 1 to 16" --consumers 17
bad "--messages: 'many' is not a whole number from 1 to 100000" --messages many
bad "unknown or ambiguous option '--bogus'" --bogus
bad "option '--quick' takes no value" --quick=1

# check_run N_PRODUCERS N_CONSUMERS N_MESSAGES ARGS...
check_run() {
	local np=$1 nc=$2 nm=$3; shift 3
	expect_status 0 "$L" "$@"
	[ "$(sed -n 1p "$out")" = "['Process-1', 42, None, 'hello']" ] ||
		fail "first line is not the notebook's list: $(sed -n 1p "$out")"
	# notebook 001's produtor/consumidor, its line as CPython 3.11 prints it
	[ "$(sed -n 2p "$out")" = "Consumidor recebeu: Mensagem" ] ||
		fail "second line is not 'Consumidor recebeu: Mensagem': $(sed -n 2p "$out")"
	expect_grep "^$np producers x $nm messages, $nc consumers, one queue:\$" "$out"
	[ "$(grep -Ec '^consumer [0-9]+ got [0-9]+ messages?$' "$out")" -eq "$nc" ] ||
		fail "expected $nc consumer lines"
	sum=$(awk '/^consumer [0-9]+ got/ { s += $4 } END { print s }' "$out")
	[ "$sum" -eq $((np * nm)) ] || fail "consumers got $sum messages, expected $((np * nm))"
	expect_grep "^total $((np * nm)) messages \(expected $((np * nm))\), checksum ([0-9]+) \(expected \1\)\$" "$out"
	expect_grep '^every message delivered exactly once: yes \(lost 0, duplicated 0\)$' "$out"
}
check_run 3 3 200 --quick
# The corrected claims: the slide has no p.start() and prints nothing; _wlock is
# taken for every write on every non-Windows platform (not only over PIPE_BUF).
expect_grep '^The slide of notebook 004 never calls p\.start\(\): as it is \(typos fixed\) its$' "$out"
expect_grep "^holds its _rlock\. \(CPython's _wlock, on every platform but Windows, is taken\$" "$out"
expect_no_grep 'larger than PIPE_BUF; ours never are' "$out"
grep -q 'p = Process(target=funcao, args=(q,)); p.start()' "$top_srcdir/lessons/10-queue.c" &&
	fail "the source still quotes a p.start() the slide does not have"
grep -q '(_wlock) for messages larger than PIPE_BUF' "$top_srcdir/lessons/10-queue.c" &&
	fail "the source still says _wlock is for messages over PIPE_BUF"
for i in 1 2 3; do
	check_run 3 3 1000
done
check_run 8 5 5000 --producers 8 --consumers 5 --messages 5000
check_run 1 16 100 --producers 1 --consumers 16 --messages 100
exit 0
