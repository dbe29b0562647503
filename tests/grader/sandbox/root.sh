#!/bin/sh
# SPDX-License-Identifier: MIT
# The namespaces' root is the run's own: the system's folders read-only, a few devices,
# fresh /proc, /tmp and /dev/shm, its workdir and its program's folder, nothing else. So,
# with Landlock left out (the mount namespace alone): another checkout's solutions and a
# unix socket of the machine (mode 0777) are not there at all, the system's folders cannot
# be written, and the program still runs (its folder, /usr, /etc, /dev/null are there).
. "$top_srcdir/tests/grader/sandbox/lib.sh"
need_python
R=$TEST_TMP/r
# inside, a python3 of the system's folders (the test's own may live in a home folder)
SYSPY=/usr/bin/python3
[ -x "$SYSPY" ] || skip "no /usr/bin/python3 to try the socket from inside"
[ "$MODES" != rlimits ] || skip "no namespaces here: the fallback has no root of its own"

chmod 755 "$TEST_TMP"
OUT=$TEST_TMP/outside
mkdir -p "$OUT/solutions" || exit 99
echo secret >"$OUT/solutions/answer.c"
chmod -R a+rX "$OUT"
"$PYTHON3" -c "
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind('$OUT/host.sock'); os.chmod('$OUT/host.sock', 0o777); s.listen(5)
time.sleep(60)" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$TEST_TMP"' EXIT
i=0; while [ ! -S "$OUT/host.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -S "$OUT/host.sock" ] || fail "the test's own socket did not appear"

for m in $MODES; do
	[ $m = rlimits ] && continue
	SB_LAYERS=no-landlock sb $m $R -- /bin/sh -c "
		cat '$OUT/solutions/answer.c' 2>/dev/null || echo no-solutions
		'$SYSPY' -c \"
import socket
s = socket.socket(socket.AF_UNIX)
try:
    s.connect('$OUT/host.sock'); print('connected')
except OSError as e:
    print('no-socket', e.errno)\"
		(echo x >/usr/plhostile) 2>/dev/null && echo wrote-usr || echo no-usr
		(echo x >/etc/plhostile) 2>/dev/null && echo wrote-etc || echo no-etc
		test -e /home/. -o -e /run/. -o -e /var/. -o -e /root/. && echo machine || echo minimal
		echo ok >/dev/null && head -c 1 /dev/zero | wc -c"
	expect out 'no-solutions\nno-socket 2\nno-usr\nno-etc\nminimal\n1\n' $R "[$m] the run's own root"
done
exit 0
