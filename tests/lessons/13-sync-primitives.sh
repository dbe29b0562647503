# SPDX-License-Identifier: MIT
# Lesson 13: Lock, RLock, Condition, Event, Semaphore, Barrier between processes.
. "$top_srcdir/tests/lib.sh"
L=$LESSONS/13-sync-primitives
out=$TEST_TMP/last

expect_status 0 "$L" --help
expect_grep '^Usage: 13-sync-primitives ' "$out"
bad() {
	local msg=$1; shift
	expect_status 2 "$L" "$@"
	[ "$(wc -l <"$out")" -eq 2 ] || { cat "$out" >&2; fail "'$*': expected 2 lines"; }
	expect_grep "^13-sync-primitives: $msg\$" "$out"
	expect_grep "^Try '13-sync-primitives --help'\.\$" "$out"
}
bad "--think-ms: '0' is not a whole number from 1 to 1000" --think-ms 0
bad "--think-ms: 'x' is not a whole number from 1 to 1000" --think-ms x
bad "unknown or ambiguous option '--bogus'" --bogus
bad "option '--quick' takes no value" --quick=1

line() { grep -n -m1 -E -- "$1" "$out" | cut -d: -f1; }  # first line number matching
before() {  # before A B: the first line matching A comes before every line matching B
	local a b
	a=$(line "$1"); [ -n "$a" ] || fail "no line matches /$1/"
	for b in $(grep -n -E -- "$2" "$out" | cut -d: -f1); do
		[ "$a" -lt "$b" ] || { sed 's/^/  | /' "$out" >&2; fail "/$1/ is not before /$2/"; }
	done
}

for i in 1 2 3; do
	expect_status 0 "$L" --quick --think-ms 20
	# Lock
	[ "$(grep -c '^Seção crítica$' "$out")" -eq 2 ] || fail "expected 2 'Seção crítica' lines"
	expect_grep '^counter = 20000 ' "$out"
	# RLock: the order is forced by the protocol, so it is exact
	before '^Process-1 acquired the RLock 3 times' '^Process-2 acquire\(False\) \(pthread_mutex_trylock\): .*\(EBUSY\):$'
	before '^Process-2 acquire\(False\) \(pthread_mutex_trylock\): .*\(EBUSY\):$' '^Process-1 releases it 3 times$'
	before '^Process-1 releases it 3 times$' '^Process-2 acquired the RLock$'
	expect_grep '^\(EDEADLK from PTHREAD_MUTEX_ERRORCHECK' "$out"
	# Condition
	expect_grep '^Process-1 woke up: item = 42$' "$out"
	# Event: nobody passes before set()
	[ "$(grep -c '^Process-[123] saw the event$' "$out")" -eq 3 ] || fail "expected 3 event lines"
	before '^main: event.set\(\)$' 'saw the event$'
	# Semaphore(2): never more than 2 inside; with 6 processes holding it 20 ms, 2 at once
	expect_grep '^6 processes, each inside for 20 ms: at most 2 inside at once, measured maximum 2$' "$out"
	# Barrier: nobody continues before both woke up; the slide's class name
	for p in 1 2; do
		[ "$(grep -c "^MeuProcesso-$p iniciando!!\$" "$out")" -eq 1 ] || fail "MeuProcesso-$p iniciando"
		before "^MeuProcesso-$p iniciando!!\$" "^MeuProcesso-$p acordei!!\$"
		before "^MeuProcesso-$p acordei!!\$" 'continuando processamento!!!$'
	done
	expect_no_grep '^Process-[12] (iniciando|acordei|- )' "$out"
	[ "$(grep -Ec '^MeuProcesso-[12] - [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} continuando processamento!!!$' "$out")" -eq 2 ] ||
		fail "expected 2 'continuando processamento' lines with a timestamp"
	# agora is read BEFORE wait(), as the slide does: the two timestamps are apart
	# by the difference of the sleeps (0.1 s), not a fraction of a millisecond.
	t1=$(sed -n 's/^MeuProcesso-1 - .* [0-9][0-9]:[0-9][0-9]:\([0-9.]*\) continuando.*/\1/p' "$out")
	t2=$(sed -n 's/^MeuProcesso-2 - .* [0-9][0-9]:[0-9][0-9]:\([0-9.]*\) continuando.*/\1/p' "$out")
	d=$(awk -v a="$t1" -v b="$t2" 'BEGIN { d = (b - a) * 1000; if (d < 0) d += 60000; printf "%d", d }')
	[ "$d" -ge 50 ] && [ "$d" -le 5000 ] || { cat "$out" >&2; fail "timestamps $t1 and $t2 are $d ms apart, expected about 100"; }
	expect_grep '^The timestamps are agora, read before wait\(\) as the slide does: they slept$' "$out"
	expect_grep '^0\.1 s and 0\.2 s and woke [0-9]+ ms apart\.' "$out"
	expect_no_grep 'yet continued [0-9.]+ ms apart' "$out"
	# RLock: others block; only the non-blocking try fails
	expect_no_grep 'others get EBUSY meanwhile' "$out"
	expect_grep '^it blocks until then, and only a non-blocking try \(acquire\(False\) in Python,$' "$out"
done
exit 0
