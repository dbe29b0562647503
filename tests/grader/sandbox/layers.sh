#!/bin/sh
# SPDX-License-Identifier: MIT
# The layers that hold without namespaces, each alone and together, in the fallback as
# root and as an unprivileged user (when we are root: the driver run as nobody), which is
# what an instructor gets where namespaces are refused (Ubuntu 24.04's AppArmor, Docker):
#   Landlock: a run reads only the system's files and writes only its workdir, so
#     another checkout's solutions, a file like ~/.bashrc and the gradebook's results are
#     out of reach even where the file modes allow them (every mode);
#   seccomp: kill(-1, SIGKILL) is refused (a group kill is allowed: a manager may end its own),
#     and so is a unix socket of the run's own: the machine's (mode 0777 here) stay out of
#     reach (a socketpair still works);
#   Landlock ABI 6: signals reach only the run's own processes.
# With both left out (PROCLAB_SANDBOX=...,no-landlock,no-seccomp) the same kill(-1) kills
# the grader and the user's other processes: the check that this test can fail.
. "$top_srcdir/tests/grader/sandbox/lib.sh"
R=$TEST_TMP/r

# Files the modes leave open to everyone, outside the system's folders.
chmod 755 "$TEST_TMP"
OUT=$TEST_TMP/outside
mkdir -p "$OUT/solutions" "$OUT/home" "$OUT/results" || exit 99
echo 'long add(long a, long b) { return a + b; }' >"$OUT/solutions/add.c"
: >"$OUT/home/.bashrc"
echo '{"score": 8}' >"$OUT/results/ana.json"
chmod 755 "$OUT" "$OUT/solutions"
chmod 777 "$OUT/home" "$OUT/results" "$WORK"
chmod 644 "$OUT/solutions/add.c"
chmod 666 "$OUT/home/.bashrc" "$OUT/results/ana.json"

# outside MODE LABEL: what the run could do outside its workdir, one word per attempt.
outside() {
	sb "$1" $R -- /bin/sh -c "
		cat '$OUT/solutions/add.c' >/dev/null 2>&1 && echo read || echo no-read
		echo 'rm -rf ~' 2>/dev/null >>'$OUT/home/.bashrc' && echo appended || echo no-append
		echo '{\"score\": 9999}' 2>/dev/null >'$OUT/results/ana.json' && echo forged || echo no-forge
		(true >'$OUT/results/new.json') 2>/dev/null && echo created || echo no-create
		f=\$(mktemp ./own.XXXXXX) && echo ok >\$f && cat \$f"
	expect out 'no-read\nno-append\nno-forge\nno-create\nok\n' $R "[$2] outside the workdir"
	[ ! -s "$OUT/home/.bashrc" ] || fail "[$2] .bashrc was changed"
	grep -q '"score": 8' "$OUT/results/ana.json" || fail "[$2] the result file was changed"
}

# killall LABEL WANT: the hostile kill(-1, SIGKILL) from a fallback run (the driver run by
# $SB_AS), beside a process of the same user outside the run; WANT: held or broken.
cat >"$TEST_TMP/victim.sh" <<'V'
sleep 30 &
victim=$!
"$@"
echo "rc_inner=$?"
kill -0 "$victim" 2>/dev/null && echo victim=alive || echo victim=dead
kill "$victim" 2>/dev/null
V
chmod 755 "$TEST_TMP/victim.sh"
killall() {
	as=${SB_AS:-}
	SB_AS="$as sh $TEST_TMP/victim.sh"
	sb rlimits $R -- "$HOSTILE/killall"
	SB_AS=$as
	if [ "$2" = held ]; then
		expect rc_inner 0 $R "[$1] kill(-1): the grader survives"
		expect victim alive $R "[$1] kill(-1): another process of the same user"
		case $(val out $R) in
		'kill -1: sent\nstill here\n'|'kill -1: Operation not permitted\nstill here\n') ;;
		*) fail "[$1] kill(-1): the run did not go on: $(val out $R)" ;;
		esac
	elif [ "$(val victim $R)" = alive ] && [ "$(val rc_inner $R)" = 0 ]; then
		sed 's/^/  | /' $R >&2
		fail "[$1] kill(-1) without the layers harmed nobody: this test could not fail"
	fi
}

# A unix socket of the machine's, open to everyone: the fallback cannot hide it, seccomp
# refuses the socket to reach it with; without seccomp the run connects (the check).
SYSPY=/usr/bin/python3
if [ -x "$SYSPY" ]; then
	"$SYSPY" -c "
import os, socket, time
s = socket.socket(socket.AF_UNIX)
s.bind('$OUT/host.sock'); os.chmod('$OUT/host.sock', 0o777); s.listen(5)
time.sleep(120)" &
	server=$!
	trap 'kill $server 2>/dev/null; rm -rf "$TEST_TMP"; [ -z "$OUTER_CG" ] || rmdir "$OUTER_CG" 2>/dev/null' EXIT
	i=0; while [ ! -S "$OUT/host.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	CONNECT="import socket
a, b = socket.socketpair(); a.send(b'x'); print('pair', b.recv(1).decode())
s = socket.socket(socket.AF_UNIX)
s.connect('$OUT/host.sock'); print('connected')"
	sb rlimits $R -- "$SYSPY" -c "$CONNECT"
	expect out 'pair x\n' $R "[rlimits] a unix socket of the machine"
	case $(val err $R) in *PermissionError*) ;; *) fail "[rlimits] unix socket: $(val err $R)" ;; esac
	SB_LAYERS=no-seccomp sb rlimits $R -- "$SYSPY" -c "$CONNECT"
	expect out 'pair x\nconnected\n' $R "[rlimits, no seccomp] the test's own check"
else
	note "no /usr/bin/python3: the unix socket case is skipped"
fi

if [ "$LANDLOCK" = yes ]; then
	for m in $MODES; do
		outside $m $m
	done
else
	note "Landlock is not available on this kernel: file checks skipped"
fi

if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	users="root nobody"
else
	users=$(id -un)
	note "the unprivileged fallback as root's nobody is tested when the suite runs as root"
fi
for u in $users; do
	if [ "$u" = nobody ]; then
		SB_AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
		[ "$LANDLOCK" = no ] || outside rlimits "rlimits as nobody"
	fi
	SB_LAYERS=no-landlock killall "rlimits as $u, seccomp alone" held
	if [ "$LANDLOCK_SCOPES" = yes ]; then
		SB_LAYERS=no-seccomp killall "rlimits as $u, Landlock alone" held
	fi
	killall "rlimits as $u" held
	# as root the run has a uid of its own, which holds by itself
	[ "$u" = root ] ||
		SB_BROKEN=yes SB_LAYERS=no-landlock,no-seccomp killall "rlimits as $u, no layer" broken
	unset SB_AS
done
exit 0
