#!/bin/sh
# SPDX-License-Identifier: MIT
# Lesson 15 (notebook 004): a queue served over TCP with an HMAC challenge-response.
. "$top_srcdir/tests/lib.sh"

L="$LESSONS/15-remote-manager"
[ -x "$L" ] || fail "$L was not built"
command -v pgrep >/dev/null || skip "pgrep not found"
command -v setsid >/dev/null || skip "setsid not found"

bg_pids=
cleanup() {
	for p in $bg_pids; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$TEST_TMP"
}
trap cleanup EXIT

# wait_for PATTERN FILE: up to 10 s for a line of FILE to match.
wait_for() {
	for _ in $(seq 100); do
		grep -Eqs -- "$1" "$2" && return 0
		sleep 0.1
	done
	sed 's/^/  | /' "$2" >&2
	fail "no line matching /$1/ in $(basename "$2") after 10 s"
}

# wait_gone PID: up to 10 s for a background job to end; its status in $status.
wait_gone() {
	for _ in $(seq 100); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$1" 2>/dev/null && fail "process $1 still running after 10 s"
	status=0
	wait "$1" || status=$?
}

# line_no PATTERN FILE: the number of the first line matching the ERE.
line_no() { grep -En -- "$1" "$2" | head -n 1 | cut -d: -f1; }

# --- usage
expect_status 0 "$L" --help
expect_grep '^Usage: 15-remote-manager' "$TEST_TMP/last"
expect_grep 'Exit status' "$TEST_TMP/last"
expect_status 2 "$L" --port abc
expect_grep "^15-remote-manager: --port: 'abc' is not a whole number from 0 to 65535$" "$TEST_TMP/last"
expect_grep "^Try '15-remote-manager --help'\.$" "$TEST_TMP/last"
[ "$(wc -l <"$TEST_TMP/last")" -eq 2 ] || fail "a bad option should print exactly two lines"
expect_status 2 "$L" --port 65536
expect_status 2 "$L" --port ''
expect_status 2 "$L" --put
expect_grep "option '--put' needs a value" "$TEST_TMP/last"
expect_status 2 "$L" --serve --get
expect_grep 'one at a time' "$TEST_TMP/last"
expect_status 2 "$L" --get --port 0
expect_status 2 "$L" --authkey ''
expect_grep '--authkey: give 1 to 256 bytes' "$TEST_TMP/last"
expect_status 2 "$L" --serve extra
expect_grep "unexpected argument 'extra'" "$TEST_TMP/last"
expect_status 2 "$L" --bogus
expect_grep "unknown or ambiguous option '--bogus'" "$TEST_TMP/last"

# --- the demo, in its own session: everything it forked must be gone after it
for trial in 1 2 3 4 5; do
	out="$TEST_TMP/demo$trial"
	setsid "$L" --quick >"$out" 2>&1 &
	sid=$!
	wait_gone "$sid"
	[ "$status" -eq 0 ] || { sed 's/^/  | /' "$out" >&2; fail "the demo exited $status"; }
	left=$(pgrep -s "$sid" || true)
	[ -z "$left" ] || fail "processes of the demo still running: $left"
	expect_grep '^server: serving a queue on 127\.0\.0\.1:[0-9]+, authkey b.abc.$' "$out"
	expect_grep "^client 1: queue\.put\('hello'\)$" "$out"
	expect_grep "^server, connection 1: put 'hello'$" "$out"
	expect_grep "^server, connection 2: refused: digest received was wrong" "$out"
	expect_grep "^15-remote-manager: client with authkey b'xyz': authentication failed: wrong key$" "$out"
	expect_grep '^hello$' "$out"
	expect_grep "^server, connection 3: get -> 'hello'$" "$out"
	expect_grep '^server: stopped by SIGTERM; 0 items left in the queue$' "$out"
	expect_grep '^server process reaped, exit status 0$' "$out"
	expect_grep 'key itself never went' "$out"
	# ... the opposite of exercise 12's protocol, and the lesson says so
	expect_grep '^Exercise 12 \(manager-chat\) does the opposite: ' "$out"
	expect_grep '^KEY <key>, the key itself in clear text, so anyone who can watch the$' "$out"
	# the refusal comes before hello: the server kept serving after it
	refused=$(line_no 'authentication failed: wrong key' "$out")
	hello=$(line_no '^hello$' "$out")
	[ "$refused" -lt "$hello" ] || fail "hello should be delivered after the refusal"
	[ "$(grep -c '^hello$' "$out")" -eq 1 ] || fail "hello delivered more than once"
done

# the demo's output cut short (| head): it dies of SIGPIPE and its server must follow
setsid sh -c "'$L' --trace 2>/dev/null | head -n 2 >/dev/null" &
sid=$!
wait_gone "$sid"
for _ in $(seq 100); do
	left=$(pgrep -s "$sid" || true)
	[ -z "$left" ] && break
	sleep 0.1
done
[ -z "$left" ] || fail "after its demo died, processes are still running: $left"

# --- --trace: the frames are length-prefixed and the key never crosses the wire
key='Sup3r-Secret-Key'
expect_status 0 "$L" --trace --authkey "$key"
cp "$TEST_TMP/last" "$TEST_TMP/trace"
expect_grep '^  server, connection 1 sends \[00 00 00 3b\] #CHALLENGE#\{sha256\}' "$TEST_TMP/trace"
expect_grep '^  client 1 sends \[00 00 00 28\] \{sha256\}' "$TEST_TMP/trace"
expect_grep '^  client 1 got   \[00 00 00 09\] #WELCOME#$' "$TEST_TMP/trace"
expect_grep '^  client 1 sends \[00 00 00 09\] put hello$' "$TEST_TMP/trace"
expect_grep "^  client with authkey b'xyz' got   \[00 00 00 09\] #FAILURE#$" "$TEST_TMP/trace"
expect_grep '^  server, connection 3 sends \[00 00 00 0d\] #RETURN hello$' "$TEST_TMP/trace"
# what went over the wire: the trace lines without "  WHO sends [length] "
grep '^  ' "$TEST_TMP/trace" | sed 's/^[^]]*] //' >"$TEST_TMP/wire"
[ "$(wc -l <"$TEST_TMP/wire")" -ge 20 ] || fail "too few frames traced"
grep -F -- "$key" "$TEST_TMP/wire" && fail "the authkey went over the wire"
grep -F -- "xyz" "$TEST_TMP/wire" && fail "the wrong authkey went over the wire"
# the two challenges of one connection differ (fresh random bytes each time)
c1=$(grep '^  server, connection 1 sends \[00 00 00 3b\]' "$TEST_TMP/trace")
c2=$(grep '^  client 1 sends \[00 00 00 3b\]' "$TEST_TMP/trace")
[ -n "$c1" ] && [ -n "$c2" ] && [ "${c1#*]}" != "${c2#*]}" ] || fail "the challenges should be random"

# In Portuguese the demo speaks Portuguese and --trace stays an English wire log
if locale -a 2>/dev/null | grep -qix 'c.utf-\?8'; then
	expect_status 0 env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$L" --trace
	expect_grep '^servidor, conexão 1: put .hello.$' "$TEST_TMP/last"
	expect_grep '^  client 1 sends \[00 00 00 09\] put hello$' "$TEST_TMP/last"
	expect_grep '^  server, connection 3 sends \[00 00 00 0d\] #RETURN hello$' "$TEST_TMP/last"
fi

# --- separate terminals, as in the notebook: --serve, --put, --get
setsid "$L" --serve --port 0 --authkey s3cret >"$TEST_TMP/server" 2>&1 &
server=$!
bg_pids="$server"
wait_for '^server: serving a queue on 127\.0\.0\.1:[0-9]+' "$TEST_TMP/server"
port=$(sed -n 's/^server: serving a queue on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$TEST_TMP/server")
[ -n "$port" ] || fail "no port in the server's first line"

expect_status 0 "$L" --put hello --port "$port" --authkey s3cret
expect_grep "^client: queue\.put\('hello'\)$" "$TEST_TMP/last"
expect_status 1 "$L" --get --port "$port" --authkey wrong
expect_grep '^15-remote-manager: client: authentication failed: wrong key$' "$TEST_TMP/last"
expect_no_grep '^hello$' "$TEST_TMP/last"
expect_status 1 "$L" --get --port "$port"          # the default key 'abc' is wrong too
expect_grep 'authentication failed: wrong key' "$TEST_TMP/last"
expect_status 0 "$L" --get --port "$port" --authkey s3cret
expect_grep '^hello$' "$TEST_TMP/last"
kill -0 "$server" 2>/dev/null || fail "the server died"

# an independent client in Python, written from multiprocessing.connection (3.12):
# HMAC-SHA256 over "{sha256}" + the random bytes, frames with a "!i" length prefix
if [ -n "${PYTHON3:-}" ] && [ -x "$PYTHON3" ]; then
	cat >"$TEST_TMP/client.py" <<'EOF_PY'
import hmac, os, socket, struct, sys
port, key, msg = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3].encode()
s = socket.create_connection(("127.0.0.1", port), timeout=10)
def send(b): s.sendall(struct.pack("!i", len(b)) + b)
def recv():
    def exact(n):
        b = b""
        while len(b) < n:
            c = s.recv(n - len(b))
            if not c: raise EOFError("closed")
            b += c
        return b
    return exact(struct.unpack("!i", exact(4))[0])
# answer_challenge
m = recv()
assert m.startswith(b"#CHALLENGE#{sha256}") and len(m) == 11 + 8 + 40, m
send(b"{sha256}" + hmac.new(key, m[11:], "sha256").digest())
r = recv()
if r != b"#WELCOME#":
    print("python client: refused:", r.decode()); sys.exit(3)
# deliver_challenge
nonce = b"{sha256}" + os.urandom(40)
send(b"#CHALLENGE#" + nonce)
r = recv()
ok = hmac.compare_digest(r, b"{sha256}" + hmac.new(key, nonce, "sha256").digest())
send(b"#WELCOME#" if ok else b"#FAILURE#")
assert ok, "the server's answer is wrong"
send(b"put " + msg)
r = recv()
assert r == b"#RETURN", r
print("python client: put", msg.decode())
EOF_PY
	expect_status 0 "$PYTHON3" "$TEST_TMP/client.py" "$port" s3cret 'from Python'
	expect_grep '^python client: put from Python$' "$TEST_TMP/last"
	expect_status 3 "$PYTHON3" "$TEST_TMP/client.py" "$port" not-the-key x
	expect_grep '^python client: refused: #FAILURE#$' "$TEST_TMP/last"
	expect_status 0 "$L" --get --port "$port" --authkey s3cret
	expect_grep '^from Python$' "$TEST_TMP/last"
else
	note "no python3: the independent client is skipped"
fi

# a get waits for a put (a condition variable in the server)
"$L" --get --port "$port" --authkey s3cret >"$TEST_TMP/getter" 2>&1 &
getter=$!
bg_pids="$bg_pids $getter"
wait_for '^client: queue\.get\(\)$' "$TEST_TMP/getter"
sleep 0.2
kill -0 "$getter" 2>/dev/null || fail "get should wait while the queue is empty"
expect_status 0 "$L" --put 'second message' --port "$port" --authkey s3cret
wait_gone "$getter"
[ "$status" -eq 0 ] || fail "the waiting get exited $status"
expect_grep '^second message$' "$TEST_TMP/getter"

# a get still waiting when the server stops: the server closes it and exits 0
"$L" --get --port "$port" --authkey s3cret >"$TEST_TMP/orphan" 2>&1 &
orphan=$!
bg_pids="$bg_pids $orphan"
wait_for '^client: queue\.get\(\)$' "$TEST_TMP/orphan"
sleep 0.2
kill -TERM "$server"
wait_gone "$server"
[ "$status" -eq 0 ] || { sed 's/^/  | /' "$TEST_TMP/server" >&2; fail "the server exited $status on SIGTERM"; }
expect_grep '^server: stopped by SIGTERM; 0 items left in the queue$' "$TEST_TMP/server"
expect_grep 'refused: digest received was wrong' "$TEST_TMP/server"
wait_gone "$orphan"
[ "$status" -eq 1 ] || fail "a get cut off by the server's end should exit 1, not $status"
expect_grep 'closed the connection' "$TEST_TMP/orphan"
left=$(pgrep -s "$server" || true)
[ -z "$left" ] || fail "processes of the server still running: $left"

# the server is gone: a clear message, exit 1
expect_status 1 "$L" --get --port "$port" --authkey s3cret
expect_grep "^15-remote-manager: client: connect 127\.0\.0\.1:$port: Connection refused" "$TEST_TMP/last"

# SIGINT (Ctrl-C) stops a server cleanly too, with an item left over
setsid "$L" --serve --port 0 >"$TEST_TMP/server2" 2>&1 &
server=$!
bg_pids="$bg_pids $server"
wait_for '^server: serving a queue' "$TEST_TMP/server2"
port=$(sed -n 's/^server: serving a queue on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$TEST_TMP/server2")
expect_status 0 "$L" --put left --port "$port"
# a port in use: a clear message
expect_status 1 "$L" --serve --port "$port"
expect_grep "^15-remote-manager: server: bind 127\.0\.0\.1:$port: Address already in use$" "$TEST_TMP/last"
kill -INT "$server"
wait_gone "$server"
[ "$status" -eq 0 ] || fail "the server exited $status on SIGINT"
expect_grep '^server: stopped by SIGINT; 1 item left in the queue$' "$TEST_TMP/server2"

left=$(pgrep -f "$L" || true)
[ -z "$left" ] || fail "15-remote-manager processes still running: $left"
exit 0
