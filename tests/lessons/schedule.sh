#!/bin/sh
# SPDX-License-Identifier: MIT
# Lessons 06 and 08 under proclab's controlled scheduler: proclab lesson 6|8 --schedule S
# replays one interleaving exactly; --explore runs many (dfs: every one) and counts those
# that lost an update. No real time passes under the scheduler: sleeps are virtual.
# Lessons 07 and 09, the same races under a lock, the same way: none loses an update.
. "$top_srcdir/tests/lib.sh"
out=$TEST_TMP/out

# Lesson 08's scheduled race (its -sched build): the widened window on one element, no
# start line, the sleep a think. Counted by hand, with T0..T3 the lesson's turns (fork the
# +10 process P1, fork the -5 process P2, reap P1, reap P2) and Pi's turns r (its start:
# it reads sh_array[0], then thinks) and w (after the think: it writes back and ends),
# the orders allowed are those of r1 < w1 < T2, T1 < T2, T1 < r2 < w2 (T0 first, T3
# last): the C(5,2) = 10 interleavings of (r1 w1) with (T1 r2 w2), each with T2 in one of
# the gaps after both w1 and T1: 3+3+2+1+3+2+1+2+1+1 = 19 schedules. An update is lost
# when each read comes before the other's write (r2 < w1 and r1 < w2): of the 10
# interleavings those are r1 T1 r2 w1 w2, r1 T1 r2 w2 w1, T1 r1 r2 w1 w2, T1 r1 r2 w2 w1,
# T1 r2 r1 w1 w2 and T1 r2 r1 w2 w1, with 2, 1, 2, 1, 2 and 1 places for T2: 9 of the 19.
expect_status 0 "$PROCLAB" lesson 8 --explore dfs
cp "$TEST_TMP/last" "$out"
expect_grep '^Lesson 08 under proclab.s scheduler, every interleaving \(dfs\)\.$' "$out"
expect_grep '^The race on 1 element, \[0\]: one process adds 10 and one subtracts 5, each$' "$out"
expect_grep '^19 interleavings ran, 9 of them lost an update, 10 lost none\.$' "$out"
lost=$(sed -n 's/^One that lost an update: proclab lesson 8 --schedule \([a-z0-9]*\)$/\1/p' "$out")
clean=$(sed -n 's/^One that lost none:      proclab lesson 8 --schedule \([a-z0-9]*\)$/\1/p' "$out")
[ -n "$lost" ] && [ -n "$clean" ] || fail "dfs did not print a schedule of each kind"
# the same tree again: the same counts and schedules
"$PROCLAB" lesson 8 --explore dfs >"$TEST_TMP/again" 2>&1 || fail "dfs again exited $?"
cmp -s "$out" "$TEST_TMP/again" || fail "a second dfs printed something else"

# replay: the same bytes 5 times; the losing one loses, the other does not
replay() {
	n=$1 s=$2
	"$PROCLAB" lesson "$n" --schedule "$s" >"$TEST_TMP/r1" 2>&1 || fail "--schedule $s exited $?"
	for i in 2 3 4 5; do
		"$PROCLAB" lesson "$n" --schedule "$s" >"$TEST_TMP/r$i" 2>&1 || fail "exited $?"
		cmp -s "$TEST_TMP/r1" "$TEST_TMP/r$i" || {
			diff "$TEST_TMP/r1" "$TEST_TMP/r$i" >&2
			fail "lesson $n --schedule $s: run $i differs from run 1"
		}
	done
}
replay 8 "$lost"
expect_grep '^Final value: \[(10|-5)\]$' "$TEST_TMP/r1"
expect_grep '^read, sleep, write: lost updates: 1 of 2 \(' "$TEST_TMP/r1"
expect_grep '^What this schedule did: process [12] wrote sh_array\[0\] = (10|-5) over the (10|-5) that$' "$TEST_TMP/r1"
expect_grep '^process [12] had written, after it had read 0: process [12].s update was lost$' "$TEST_TMP/r1"
replay 8 "$clean"
expect_grep '^Final value: \[5\]$' "$TEST_TMP/r1"
expect_grep '^read, sleep, write: lost updates: 0 of 2 ' "$TEST_TMP/r1"
expect_grep '^What this schedule did: no process wrote over a write it had not read,$' "$TEST_TMP/r1"

# Lesson 06: ten processes, too many for dfs; pct draws 50 schedules, seeded: the same
# ones every time. The lesson's own count of lost updates agrees with the scheduler's.
expect_status 0 "$PROCLAB" lesson 6 --explore pct
cp "$TEST_TMP/last" "$out"
expect_grep '^Lesson 06 under proclab.s scheduler, 50 schedules drawn by pct\.$' "$out"
line=$(sed -n 's/^50 interleavings ran, \([0-9]*\) of them lost an update, \([0-9]*\) lost none\.$/\1 \2/p' "$out")
[ -n "$line" ] || { cat "$out" >&2; fail "no count line"; }
set -- $line
[ $(($1 + $2)) -eq 50 ] || fail "$1 + $2 is not 50"
"$PROCLAB" lesson 6 --explore pct >"$TEST_TMP/again" 2>&1 || fail "pct again exited $?"
cmp -s "$out" "$TEST_TMP/again" || fail "a second pct exploration printed something else"
lost8=$lost clean8=$clean
lost=$(sed -n 's/^One that lost an update: proclab lesson 6 --schedule \([a-z0-9]*\)$/\1/p' "$out")
clean=$(sed -n 's/^One that lost none:      proclab lesson 6 --schedule \([a-z0-9]*\)$/\1/p' "$out")
[ -n "$lost" ] || fail "pct found no schedule of lesson 06 that loses an update"
replay 6 "$lost"
expect_grep '^lost updates: [1-9] of 10 updates were overwritten; expected 350, got -?[0-9]+\.$' "$TEST_TMP/r1"
expect_grep '^What this schedule did: process ([1-9]|10) wrote balance = -?[0-9]+ over the -?[0-9]+ that$' "$TEST_TMP/r1"
if [ -n "$clean" ]; then
	replay 6 "$clean"
	expect_grep '^Final Balance = 350$' "$TEST_TMP/r1"
	expect_grep '^lost updates: 0 of 10 updates were overwritten; expected 350, got 350\.$' "$TEST_TMP/r1"
	expect_grep '^What this schedule did: no process wrote over a write it had not read,$' "$TEST_TMP/r1"
fi

# Bad inputs: one message, the usual hint, status 2, nothing run.
bad() {
	pat=$1
	shift
	"$PROCLAB" lesson "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	st=$?
	[ "$st" -eq 2 ] || fail "'lesson $*' exited $st, expected 2"
	[ ! -s "$TEST_TMP/out" ] || fail "'lesson $*' printed on stdout"
	[ "$(wc -l <"$TEST_TMP/err")" -eq 2 ] || { cat "$TEST_TMP/err" >&2; fail "'lesson $*': stderr is not 2 lines"; }
	expect_grep "^proclab: $pat" "$TEST_TMP/err"
	expect_grep "^Try 'proclab help lesson'\.$" "$TEST_TMP/err"
}
bad "--schedule: the schedule is damaged near '!'" 8 --schedule 'ab!'
bad "--schedule: 'd' is not one of lesson 08's processes \(a to c\)" 8 --schedule abd
bad "--schedule: 'l' is not one of lesson 06's processes \(a to k\)" 6 --schedule=a2l
bad "option '--schedule' needs a value" 8 --schedule
bad "--schedule: the schedule is empty: copy one that 'proclab lesson 8 --explore' printed" 8 --schedule=
bad "--explore: 'bfs' is not a strategy \(dfs, random or pct\)" 8 --explore bfs
bad "--explore: 'off' is not a strategy" 6 --explore=off
bad "--explore dfs: lesson 06's ten processes have far too many interleavings" 6 --explore dfs
bad "--explore dfs: lesson 07's ten processes have far too many interleavings to run them all: try --explore random or pct" 7 --explore dfs
bad "--explore dfs: lesson 09's two cells, one after the other, have far too many interleavings" 9 --explore dfs
bad "--schedule: 'f' is not one of lesson 09's processes \(a to e\)" 9 --schedule abf
bad "lesson 10 has no race to schedule: --schedule, --explore and --visual work on lessons 6 to 9" 10 --schedule ab
bad "lesson 01 has no race to schedule" 1 --explore dfs
bad "give --schedule or --explore, not both" 8 --schedule ab --explore dfs
bad "--schedule, --explore and --visual take no other lesson options: '--quick' is one too many" 8 --explore dfs --quick
bad "--visual shows one run: give it a --schedule, or nothing" 8 --visual --explore dfs
bad "lesson 03 has no race to schedule: --schedule, --explore and --visual work on lessons 6 to 9" 3 --visual
# a schedule of the right letters that this lesson never makes: said after the run, status 1
expect_status 1 "$PROCLAB" lesson 8 --schedule c
expect_grep "^proclab: the schedule c is not one of lesson 08's: the run went$" "$TEST_TMP/last"

# In Portuguese: proclab's lines and the lesson's own
LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" lesson 8 --explore dfs >"$out" 2>&1 || fail "pt dfs exited $?"
expect_grep '^Lição 08 sob o escalonador do proclab, todas as intercalações \(dfs\)\.$' "$out"
expect_grep '^19 intercalações rodaram, 9 delas perderam uma atualização, 10 não perderam$' "$out"
LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" lesson 8 --schedule "$lost8" >"$out" 2>&1 || fail "pt exited $?"
expect_grep '^Sob o escalonador do proclab, com 1 elemento: um processo roda de cada vez, e$' "$out"
expect_grep '^O que este escalonamento fez: o processo [12] gravou sh_array\[0\] = (10|-5) por cima$' "$out"

# --visual off a terminal: the race viewer's plain text, drawn from the run's real trace.
# Without a schedule, the first that loses an update (lesson 8: dfs's first losing one).
expect_status 0 "$PROCLAB" lesson 8 --visual
cp "$TEST_TMP/last" "$out"
expect_grep "^Lesson 08, one interleaving of its race under proclab's scheduler$" "$out"
expect_grep "^ +[0-9]+  .*process [12] wrote sh_array\[0\] = (10|-5) \(it was (0|10|-5)\), right after its call in sleep_ms \(08-shared-array\.c:[0-9]+\): LOST UPDATE, the write of process [12] is gone$" "$out"
expect_grep "^This run again, exactly: proclab lesson 8 --schedule $lost8 \(the lesson's output\), or proclab lesson 8 --visual --schedule $lost8 \(this view\)$" "$out"
[ "$(grep -c 'LOST UPDATE' "$out")" -eq 1 ] || fail "--visual: not one lost update marked"
# a schedule that loses none: no write marked lost, and said so
expect_status 0 "$PROCLAB" lesson 8 --visual --schedule "$clean8"
expect_grep "^What this schedule did: no process wrote over a write it had not read, so no update was lost" "$TEST_TMP/last"
grep -q 'LOST UPDATE' "$TEST_TMP/last" && fail "--visual --schedule $clean8 marks a lost update"
# lesson 6's ten processes: the first random schedule that loses one
expect_status 0 "$PROCLAB" lesson 6 --visual
expect_grep "^ +[0-9]+  .*process [0-9]+ wrote balance = .*: LOST UPDATE, the write of process [0-9]+ is gone$" "$TEST_TMP/last"
expect_status 1 "$PROCLAB" lesson 8 --visual --schedule c
expect_grep "^proclab: the schedule c is not one of lesson 08's: the run went$" "$TEST_TMP/last"

# Lessons 07 and 09, the fixes: 50 seeded schedules each by random and by pct, none loses an
# update, every one ends right (the scheduler's last writes say how), the same every time.
locked() {
	n=$1 strategy=$2 end=$3
	expect_status 0 "$PROCLAB" lesson "$n" --explore "$strategy"
	cp "$TEST_TMP/last" "$out"
	expect_grep "^Lesson 0$n under proclab.s scheduler, 50 schedules drawn by $strategy\.\$" "$out"
	expect_grep '^50 interleavings ran, 0 of them lost an update, 50 lost none\.$' "$out"
	expect_grep "^$end in every one: the lock let one process at a\$" "$out"
	grep -q '^One that lost an update' "$out" && fail "lesson $n --explore $strategy: one lost"
	clean=$(sed -n "s/^One that lost none:      proclab lesson $n --schedule \([a-z0-9]*\)\$/\1/p" "$out")
	[ -n "$clean" ] || fail "lesson $n --explore $strategy printed no schedule"
	"$PROCLAB" lesson "$n" --explore "$strategy" >"$TEST_TMP/again" 2>&1 || fail "again exited $?"
	cmp -s "$out" "$TEST_TMP/again" || fail "a second lesson $n --explore $strategy differs"
}
locked 7 random 'Final Balance = 350'
expect_grep '^each reading the balance, thinking and writing it back while it holds one$' "$out"
clean7=$clean
locked 7 pct 'Final Balance = 350'
locked 9 random '0\.0 and \[0, 0\]'
expect_grep '^under the value.s or the array.s own lock\.$' "$out"
clean9=$clean
locked 9 pct '0\.0 and \[0, 0\]'
# a printed schedule replays byte for byte, the lesson's output with it
replay 7 "$clean7"
expect_grep '^Final Balance = 350$' "$TEST_TMP/r1"
expect_grep '^lost updates: 0 of 10; expected 350, got 350\.$' "$TEST_TMP/r1"
expect_grep "^Under proclab's scheduler one process runs at a time, and the schedule$" "$TEST_TMP/r1"
expect_grep '^What this schedule did: no process wrote over a write it had not read,$' "$TEST_TMP/r1"
grep -q 'The trial took' "$TEST_TMP/r1" && fail "lesson 7 --schedule: a wall-clock time"
replay 9 "$clean9"
expect_grep '^0\.0$' "$TEST_TMP/r1"
expect_grep '^\[0, 0\]$' "$TEST_TMP/r1"
expect_grep "^Under proclab's scheduler, with 2 updates each way of the value and 2$" "$TEST_TMP/r1"
expect_grep '^What this schedule did: no process wrote over a write it had not read,$' "$TEST_TMP/r1"
# --visual off a terminal: the first schedule drawn, its locks and unlocks in the lanes
expect_status 0 "$PROCLAB" lesson 7 --visual
cp "$TEST_TMP/last" "$out"
expect_grep "^Lesson 07, one interleaving of its race under proclab's scheduler$" "$out"
expect_grep '^ +[0-9]+  .*process ([1-9]|10): lock, in change_balance \(07-balance-lock\.c:[0-9]+\)$' "$out"
expect_grep '^ +[0-9]+  .*process ([1-9]|10): unlock, in change_balance \(07-balance-lock\.c:[0-9]+\)$' "$out"
expect_grep '^ +[0-9]+  .*process ([1-9]|10) waits \(lock\), in change_balance \(07-balance-lock\.c:[0-9]+\)$' "$out"
expect_grep '^ +[0-9]+  .*process ([1-9]|10) wrote balance = 350 \(it was [0-9]+\), right after its call in ' "$out"
[ "$(grep -c ': unlock, in change_balance' "$out")" -eq 10 ] || fail "--visual: not 10 unlocks of the lesson's lock"
grep -q 'LOST UPDATE' "$out" && fail "lesson 7 --visual marks a lost update"
expect_grep "^This run again, exactly: proclab lesson 7 --schedule $clean7 \(the lesson's output\)" "$out"
expect_status 0 "$PROCLAB" lesson 9 --visual --schedule "$clean9"
cp "$TEST_TMP/last" "$out"
expect_grep '^ +[0-9]+  .*process [1-4]: lock, in update_value \(09-get-lock\.c:[0-9]+\)$' "$out"
expect_grep '^ +[0-9]+  .*process [1-4]: unlock, in update_array \(09-get-lock\.c:[0-9]+\)$' "$out"
expect_grep '^ +[0-9]+  .*process [12] wrote num\.value = -?[0-2] \(it was -?[0-2]\), right after its call in update_value ' "$out"
expect_grep '^ +[0-9]+  .*process [34] wrote vet\[1\] = -?[0-2] \(it was -?[0-2]\)' "$out"
grep -q 'LOST UPDATE' "$out" && fail "lesson 9 --visual marks a lost update"
expect_grep "^What this schedule did: no process wrote over a write it had not read, so no update was lost" "$out"
# in Portuguese: proclab's lines and the lesson's own
LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" lesson 7 --explore random >"$out" 2>&1 || fail "pt 7 exited $?"
expect_grep '^Lição 07 sob o escalonador do proclab, 50 escalonamentos sorteados por random\.$' "$out"
expect_grep '^Final Balance = 350 em todas: a trava deixou um processo de cada vez$' "$out"
LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" lesson 9 --schedule "$clean9" >"$out" 2>&1 || fail "pt 9 exited $?"
expect_grep '^Sob o escalonador do proclab, com 2 atualizações em cada sentido do valor e 2$' "$out"
LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" lesson 7 --schedule "$clean7" >"$out" 2>&1 || fail "pt 7 exited $?"
expect_grep '^Sob o escalonador do proclab um processo roda de cada vez, e o escalonamento$' "$out"

# The -sched builds without a scheduler: the lesson as it is (the wrappers pass through).
expect_status 0 "$LESSONS/08-shared-array-sched" --no-lock --quick
expect_grep '^Final value: \[' "$TEST_TMP/last"
expect_grep '^read, sleep, write: lost updates: [0-9]+ of 2 ' "$TEST_TMP/last"
expect_status 0 "$LESSONS/06-balance-race-sched" --trials 2 --think-ms 1 --seed 3
expect_grep '^Final Balance = ' "$TEST_TMP/last"
expect_status 0 "$LESSONS/07-balance-lock-sched" --quick
expect_grep '^Final Balance = 350	\(trial 3: lost updates: 0 of 10\)$' "$TEST_TMP/last"
expect_grep '^Each trial took ' "$TEST_TMP/last"
expect_status 0 "$LESSONS/09-get-lock-sched" --quick
expect_grep '^0\.0$' "$TEST_TMP/last"
expect_grep '^Every update ran under the value.s own lock' "$TEST_TMP/last"
exit 0
