#!/bin/sh
# SPDX-License-Identifier: MIT
# proclab trace FILE --step, the race viewer, driven at an interactive shell's prompt in a
# detached tmux session (tests/src/tmux.sh; skipped without tmux), on real traces of
# exercise 03: one without the lock (lost updates), the reference (none).
#  - the first screen is event 1 of as many events as the plain text has lines; 'n' goes
#    to the first lost update, the plain text's first LOST UPDATE line, and the screen
#    names both processes and the balance's values so far; Left goes back, N says there is
#    none before; End shows the verdict's message and the replay command of the plain text
#  - a resize redraws: narrower, nothing wider than the pane; back, the same screen again
#  - q and Ctrl-C give the prompt back, the screen as it was and the terminal's modes as
#    they were (echo and icanon on, in 'stty -a' typed at the prompt)
#  - on the reference's trace, 'n' says there is no lost update; ASCII in the C locale;
#    Portuguese
#  - a terminal closed under it ends it (it does not spin on a hung-up descriptor)
#  - off a terminal --step is a usage error; a missing or bad FILE says what the plain
#    command says; 'trace show FILE' is the plain text
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/src/tmux.sh"
need_python

mkdir -p "$TEST_TMP/ref/03-bank-balance" "$TEST_TMP/nolock/03-bank-balance" &&
    cp "$top_srcdir/solutions/03-bank-balance/"* "$TEST_TMP/ref/03-bank-balance/" &&
    cp "$top_srcdir/tests/exercises/03-bank-balance/wrong-no-lock/bank.c" \
    "$TEST_TMP/nolock/03-bank-balance/" || exit 99
# A seed of its own: the same runs each time, whatever they are.
expect_status 1 "$PROCLAB" check 3 --seed 1 --dir "$TEST_TMP/nolock" --trace "$TEST_TMP/race.jsonl"
expect_status 0 "$PROCLAB" check 3 --seed 1 --dir "$TEST_TMP/ref" --trace "$TEST_TMP/ref.jsonl"
expect_status 0 env LC_ALL=C.UTF-8 "$PROCLAB" trace "$TEST_TMP/race.jsonl"
cp "$TEST_TMP/last" "$TEST_TMP/plain" || exit 99

# --- off a terminal, and bad files: the plain command's messages ---
expect_status 0 env LC_ALL=C.UTF-8 "$PROCLAB" trace show "$TEST_TMP/race.jsonl"
cmp -s "$TEST_TMP/last" "$TEST_TMP/plain" || fail "'trace show FILE' is not 'trace FILE'"
expect_status 2 "$PROCLAB" trace "$TEST_TMP/race.jsonl" --step
expect_grep "^proclab: --step: standard output is not a terminal: run it in a terminal, or drop --step" \
    "$TEST_TMP/last"
expect_grep "^Try 'proclab help trace'\\.$" "$TEST_TMP/last"
printf 'not json\n' >"$TEST_TMP/garbage" || exit 99
for f in none garbage; do
	expect_status 2 "$PROCLAB" trace "$TEST_TMP/$f"
	mv "$TEST_TMP/last" "$TEST_TMP/want" || exit 99
	expect_status 2 "$PROCLAB" trace "$TEST_TMP/$f" --step
	cmp -s "$TEST_TMP/last" "$TEST_TMP/want" || fail "--step on a $f file: not the plain message"
done
expect_status 2 "$PROCLAB" trace show
expect_grep "^proclab: which trace\\? give the file" "$TEST_TMP/last"
expect_status 2 "$PROCLAB" trace show "$TEST_TMP/race.jsonl" --step
expect_grep "^proclab: --step: 'show' is the plain text" "$TEST_TMP/last"
expect_status 2 "$PROCLAB" trace "$TEST_TMP/race.jsonl" "$TEST_TMP/ref.jsonl"
expect_grep "^proclab: one trace at a time, not also '.*ref.jsonl'" "$TEST_TMP/last"

# --- the viewer, typed at the prompt of an interactive shell ---

# start_shell: sh -i in session w, 80x24, in $TEST_TMP, its prompt "trace$ ".
start_shell() {
	nsock=$((nsock + 1))
	SOCK=$TEST_TMP/tmux$nsock.sock
	SOCKS="$SOCKS $SOCK"
	tm -f /dev/null new-session -d -s w -x 80 -y 24 \
	    "cd '$TEST_TMP' && env PS1='trace\$ ' ENV=/dev/null HISTFILE=/dev/null sh -i" ||
		fail "tmux new-session failed"
	wait_for '^trace\$' 10
}

# step ENV... -- ARGS...: on a cleared screen, proclab trace ARGS --step, the terminal's
# modes noted before and after it, its status after it.
step() {
	envs=
	while [ "$1" != -- ]; do envs="$envs '$1'"; shift; done
	shift
	args=
	for a in "$@"; do args="$args '$a'"; done
	rm -f "$RC" "$TEST_TMP/stty.before" "$TEST_TMP/stty.after"
	tm send-keys -t w "printf '\\033[H\\033[2J'; stty -a >stty.before; env $envs '$PROCLAB'" \
	    " trace $args --step; echo \$? >rc.t; stty -a >stty.after; mv rc.t '$RC'" Enter
}

# ended HOW: the viewer has exited 0, the terminal's modes and the screen as they were
# (the prompt alone), and 'stty -a' typed at the prompt says echo and icanon.
ended() {
	wait_exit 10
	[ "$EXIT_STATUS" = 0 ] || fail "$1: the viewer exited $EXIT_STATUS"
	wait_for '^trace\$' 10
	grep -v '^$' "$SCREEN" >"$TEST_TMP/left"
	[ "$(cat "$TEST_TMP/left")" = 'trace$' ] || {
		sed 's/^/  | /' "$SCREEN" >&2
		fail "$1: the screen is not the prompt alone, as it was"
	}
	tm send-keys -t w 'stty -a' Enter
	wait_for 'icanon' 10
	expect_grep '(^| )icanon( |;|$)' "$SCREEN"
	expect_grep '(^| )echo( |;|$)' "$SCREEN"
	expect_no_grep '(^| )-(icanon|echo)( |;|$)' "$SCREEN"
	tm send-keys -t w "printf '\\033[H\\033[2J'" Enter
	wait_for '^trace\$' 10
}

# check_screen WHAT: the screen against the plain text, by the Python below.
check_screen() {
	"$PYTHON3" - "$1" "$SCREEN" "$TEST_TMP/plain" <<'EOF' || fail "$1: the screen is not right"
import re, sys
what, screen, plain = sys.argv[1], sys.argv[2], sys.argv[3]
scr = open(screen, encoding="utf-8").read().splitlines()
rows = [l for l in open(plain, encoding="utf-8").read().splitlines()
        if re.match(r" *[0-9]+  ", l)]
def text(l):                    # the row's words, after its step and lanes
    return re.match(r" *[0-9]+  .*?  (process .*|a process .*)$", l).group(1)
def fail(why):
    sys.stderr.write("\n".join("  | " + l for l in scr) + "\n%s: %s\n" % (what, why))
    sys.exit(1)
assert len(scr) == 24, len(scr)
m = re.match(r"^Event ([0-9]+) of ([0-9]+), step ([0-9]+)", scr[1])
if not m:
    fail("no 'Event K of N' on the second line")
k, n, stepno = int(m.group(1)), int(m.group(2)), int(m.group(3))
if n != len(rows):
    fail("%d events, the plain text has %d rows" % (n, len(rows)))
if not re.match(r"^Exercise 3, test race_\w+, run [0-9]+ \(seed [0-9]+\): wrong answer$", scr[0]):
    fail("the title")
if "n/N lost update" not in scr[23] or "q quit" not in scr[23]:
    fail("no keys on the last line")
rule = [i for i, l in enumerate(scr) if re.fullmatch(r"\u2500{80}", l)]
if len(rule) != 1:
    fail("not one rule under the lanes")
lanes, foot = scr[2:rule[0]], scr[rule[0] + 1:22]
# the rows up to the current one, the current one last, as the plain text has them
want = rows[max(0, k - len(lanes)):k]
if [l[:80].rstrip() for l in want] + [""] * (len(lanes) - len(want)) != lanes:
    fail("the lanes are not the plain text's rows up to event %d" % k)
if int(rows[k - 1].split()[0]) != stepno:
    fail("the step is not the row's")
# the event in words, whole, under the histories (its lines apart by a space)
said = " ".join(l.strip() for l in foot)
if text(rows[k - 1]) not in said:
    fail("the event's words are not under the lanes: " + text(rows[k - 1]))
lost = [i + 1 for i, r in enumerate(rows) if "LOST UPDATE" in r]
if what == "first lost update":
    if k != lost[0]:
        fail("n went to event %d, not %d" % (k, lost[0]))
    w = re.search(r"process ([0-9]+) wrote balance = (-?[0-9]+) \(it was (-?[0-9]+)\), right "
        r"after its call in \w+ \(bank\.c:[0-9]+\): LOST UPDATE, the write of process "
        r"([0-9]+) is gone", said)
    if not w or w.group(1) == w.group(4):
        fail("the lost update does not name two processes")
    if not re.search(r"balance = %s, its values: .*%s by %s! process" % (w.group(2),
            w.group(2), w.group(1)), said):
        fail("the balance's values do not end with the lost update")
if what == "last":
    if k != n:
        fail("End is not the last event")
    replay = [l for l in open(plain, encoding="utf-8") if l.startswith("This run again")][0]
    end = [i for i, l in enumerate(foot) if l.startswith("This run again, exactly: ")]
    if not end or "".join(foot[end[0]:]).replace(" ", "") != replay.strip().replace(" ", ""):
        fail("no replay command, or not the plain text's")
    message = [l for l in open(plain, encoding="utf-8") if l.startswith("lost update")][0]
    if message.strip() not in " ".join(l.strip() for l in foot[:end[0]]):
        fail("the verdict's message is not there whole")
EOF
}

# --- the racy trace: event 1, the first lost update, back, the end ---
start_shell
step LC_ALL=C.UTF-8 -- "$TEST_TMP/race.jsonl"
wait_for '^Event 1 of [0-9]+, step [0-9]+$' 10
check_screen "event 1"
tm send-keys -t w n
wait_for '^Event [0-9]+ of [0-9]+, step [0-9]+; 1 lost update so far$' 10
check_screen "first lost update"
cp "$SCREEN" "$TEST_TMP/lost.screen" || exit 99
first=$(sed -n '2s/^Event \([0-9]*\) .*/\1/p' "$SCREEN")
tm send-keys -t w Left
wait_for "^Event $((first - 1)) of [0-9]+, step [0-9]+$" 10
check_screen "back"
screen -e
"$PYTHON3" - "$SCREEN" <<'EOF' || fail "back: the current row, the last of the lanes, is not highlighted"
import re, sys
scr = open(sys.argv[1], encoding="utf-8").read().splitlines()
plain = [re.sub(r"\x1b\[[0-9;]*m", "", l) for l in scr]
rule = [i for i, l in enumerate(plain) if re.fullmatch(r"\u2500{80}", l)][0]
last = max(i for i in range(2, rule) if plain[i].strip())
rev = r"\x1b\[([0-9;]*;)?7(;[0-9;]*)?m"
assert re.search(rev + r" *[0-9]+  ", scr[last]), scr[last]
assert not any(re.search(rev, l) for l in scr[2:last]), "another row highlighted"
EOF
tm send-keys -t w N
wait_for '^No lost update before this event\.' 10
tm send-keys -t w n
wait_for "^Event $first of " 10
# --- a resize: narrower, then back to the same screen ---
tm resize-window -t w -x 60 -y 16
wait_for '^Event [0-9]+ of [0-9]+, step' 10
screen
"$PYTHON3" - "$SCREEN" <<'EOF' || { sed 's/^/  | /' "$SCREEN" >&2; fail "at 60x16"; }
import sys
scr = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(scr) == 16 and max(len(l) for l in scr) <= 60, "wider or longer than the pane"
assert sum(l.startswith("Exercise 3, test ") for l in scr) == 1, "not one title"
assert sum(l.startswith("Event ") for l in scr) == 1, "not one event line"
assert "n/N lost update" in scr[15], "the keys are not on the last line"
EOF
tm resize-window -t w -x 80 -y 24
end=$(($(date +%s) + 10))
until screen && cmp -s "$SCREEN" "$TEST_TMP/lost.screen"; do
	[ "$(date +%s)" -lt "$end" ] || {
		diff "$TEST_TMP/lost.screen" "$SCREEN" >&2
		fail "back at 80x24, the screen is not what it was"
	}
	sleep 0.2
done
tm send-keys -t w End
wait_for '^This run again, exactly: proclab check 3 --replay' 10
check_screen "last"
tm send-keys -t w Right
wait_for '^This is the last event\.' 10
tm send-keys -t w Home
wait_for '^Event 1 of [0-9]+, step [0-9]+$' 10
tm send-keys -t w Left
wait_for '^This is the first event\.' 10
tm send-keys -t w G
wait_for '^This run again, exactly: ' 10
tm send-keys -t w g
wait_for '^Event 1 of ' 10
tm send-keys -t w q
ended "q"

# --- the reference, in ASCII: no lost update; Ctrl-C ---
step LC_ALL=C -- "$TEST_TMP/ref.jsonl"
wait_for '^Event 1 of [0-9]+, step [0-9]+$' 10
expect_grep '^Exercise 3, test race_5_and_5, run 1 \(seed [0-9]+\): passed$' "$SCREEN"
expect_grep '^ +[0-9]+  [|ox*w! ]+  process [0-9]+' "$SCREEN"
expect_grep '^ Right/Space next  Left back  n/N lost update' "$SCREEN"
expect_grep '^-{80}$' "$SCREEN"
tm send-keys -t w n
wait_for '^There is no lost update in this run\.' 10
expect_grep '^Event 1 of ' "$SCREEN"
tm send-keys -t w N
wait_for '^There is no lost update in this run\.' 10
tm send-keys -t w End
wait_for '^This run again, exactly: proclab check 3 --replay' 10
expect_grep '^balance = [0-9]+, its values: ' "$SCREEN"
expect_no_grep '!' "$SCREEN"
# the command whole, or as much as fits, cut with "..." and the way to the whole of it
LC_ALL=C "$PROCLAB" trace "$TEST_TMP/ref.jsonl" >"$TEST_TMP/ref.plain" || exit 99
"$PYTHON3" - "$SCREEN" "$TEST_TMP/ref.plain" <<'EOF' || fail "End: the replay command"
import sys
scr = open(sys.argv[1]).read().splitlines()
want = [l for l in open(sys.argv[2]) if l.startswith("This run again")][0].strip()
at = [i for i, l in enumerate(scr) if l.startswith("This run again")][0]
got = "".join(scr[at:22]).replace(" ", "")
note = "Cut short: 'proclab trace show FILE' prints the whole command."
if got == want.replace(" ", ""):
    assert scr[22] != note, "a note, and the command is whole"
else:
    assert got.endswith("...") and want.replace(" ", "").startswith(got[:-3]), got
    assert len(got) > 300 and scr[22] == note, (len(got), scr[22])
EOF
tm send-keys -t w C-c
ended "Ctrl-C"

# --- in Portuguese ---
step LANGUAGE=pt_BR LC_ALL=C.UTF-8 -- "$TEST_TMP/race.jsonl" --run 1
wait_for '^Evento 1 de [0-9]+, passo [0-9]+$' 10
expect_grep '^Exercício 3, teste race_5_and_5, execução 1 ' "$SCREEN"
tm send-keys -t w q
ended "q (pt_BR)"

# --- the terminal closed under it (its window, here tmux's server): it ends, not spins ---
step LC_ALL=C.UTF-8 -- "$TEST_TMP/race.jsonl"
wait_for '^Event 1 of ' 10
pid=$(pgrep -f -- "$PROCLAB trace $TEST_TMP/race.jsonl --step") || fail "no viewer running"
tm kill-server
end=$(($(date +%s) + 10))
while kill -0 "$pid" 2>/dev/null; do
	[ "$(date +%s)" -lt "$end" ] || { kill -9 "$pid"; fail "the viewer outlived its terminal"; }
	sleep 0.2
done
exit 0
