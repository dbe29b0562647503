#!/bin/sh
# SPDX-License-Identifier: MIT
# The sandbox against hostile code, in both modes: an escape by double fork and setsid(),
# killing the parent, kill(-1, SIGKILL) (PID namespace only), reading a hidden path and
# reaching the network (namespaces only), IPC objects left behind. The caller survives
# (sbrun prints its result) and nothing of the run survives (checked in the outer net).
. "$top_srcdir/tests/grader/sandbox/lib.sh"
R=$TEST_TMP/r

shm_left() { ls /dev/shm 2>/dev/null | grep -c plhostile; }

for m in $MODES; do
	sb $m $R -- "$HOSTILE/escape"
	expect outcome exited $R "[$m] escape"
	expect out 'escaped\n' $R "[$m] escape"
	expect leftover_processes 1 $R "[$m] escape"

	sb $m $R -- "$HOSTILE/killparent"
	expect rc 0 $R "[$m] killparent"
	expect outcome exited $R "[$m] killparent"
	case $(val out $R) in
	*'still here\n') ;;
	*) fail "[$m] killparent: the run did not go on: $(val out $R)" ;;
	esac

	if [ $m != rlimits ]; then
		sb $m $R -- "$HOSTILE/killall"
		expect rc 0 $R "[$m] kill(-1)"
		expect outcome exited $R "[$m] kill(-1)"
		expect out 'kill -1: sent\nstill here\n' $R "[$m] kill(-1)"
	else
		note "[$m] kill(-1, SIGKILL) skipped: the fallback has no PID namespace to contain it"
	fi

	# hidden paths: a folder and a file the run could otherwise reach
	sol=$WORK/solutions
	mkdir -p "$sol"
	echo secret >"$sol/answer.c"
	if [ $m != rlimits ]; then
		sb $m $R -- "$HOSTILE/peek" "$sol" answer.c
		expect out 'entries=1\nopen=ok\n' $R "[$m] not hidden"
		sb $m $R --hide "$sol" -- "$HOSTILE/peek" "$sol" answer.c
		expect out 'entries=0\nopen=ENOENT\n' $R "[$m] hidden folder"
		sb $m $R --hide "$sol/answer.c" -- /bin/cat "$sol/answer.c"
		expect outcome exited $R "[$m] hidden file"
		expect out '' $R "[$m] hidden file reads as empty"
		sb $m $R --hide "$sol" -- /bin/sh -c "echo x > $sol/new"
		expect exit_status 2 $R "[$m] hidden folder is read-only"
		[ ! -e "$sol/new" ] || fail "[$m] the run wrote into a hidden folder"
	else
		note "[$m] hidden paths not checked: the fallback has no mount namespace to hide them"
	fi

	# the program's folder and the build tree cannot be written (read-only file system,
	# or not the run's uid); the workdir can
	if [ $m != rlimits ] || [ $OWN_UID = yes ]; then
		sb $m $R -- /bin/sh -c "echo x > '$HOSTILE/planted'; echo x > '$top_builddir/planted';
		    echo x > mine && echo done"
		expect out 'done\n' $R "[$m] tamper"
		[ ! -e "$HOSTILE/planted" ] && [ ! -e "$top_builddir/planted" ] ||
			fail "[$m] the run planted a file outside its workdir"
		[ -f "$WORK/mine" ] || fail "[$m] the run could not write its workdir"
		rm -f "$WORK/mine"
	fi

	# network: loopback works, anything else is unreachable at once (no traffic leaves)
	if [ $m != rlimits ]; then
		sb $m $R -- "$HOSTILE/netprobe"
		expect out 'loopback=ok\noutside=ENETUNREACH\n' $R "[$m] network"
	else
		note "[$m] network isolation not available in the fallback: not probed"
	fi

	# IPC left behind: named, counted, removed
	sb $m $R -- "$HOSTILE/ipcleak"
	# Landlock grants message queues through an mqueue mount: the namespaces' own, or in
	# the fallback the host's /dev/mqueue, which some machines (containers) do not mount
	mq=yes
	if [ $m = rlimits ] && [ "$LANDLOCK" = yes ] && ! grep -q ' /dev/mqueue mqueue ' /proc/mounts; then
		mq=no
		expect out 'mq_open: Permission denied\ncreated 4\n' $R "[$m] ipcleak (no /dev/mqueue)"
	else
		expect out 'created 5\n' $R "[$m] ipcleak"
	fi
	names=$(val leftover_names $R)
	for obj in /dev/shm/plhostile-shm /dev/shm/sem.plhostile-sem 'SysV shared memory' \
	    'SysV semaphore set'; do
		case $names in
		*"$obj"*) ;;
		*) fail "[$m] ipcleak: '$obj' not in leftover_names: $names" ;;
		esac
	done
	if [ $mq = yes ] && { [ $m != rlimits ] || [ $OWN_UID = yes ]; }; then
		expect leftover_ipc 5 $R "[$m] ipcleak"
		case $names in *'mqueue /plhostile-mq'*) ;; *) fail "[$m] mqueue not reported" ;; esac
	fi
	[ "$(shm_left)" -eq 0 ] || fail "[$m] ipcleak: /dev/shm still has: $(ls /dev/shm | grep plhostile)"
	if [ $OWN_UID = yes ] && [ -r /proc/sysvipc/shm ]; then
		[ "$(awk 'NR > 1 && $8 + 0 >= 2000000000' /proc/sysvipc/shm | wc -l)" -eq 0 ] &&
		    [ "$(awk 'NR > 1 && $5 + 0 >= 2000000000' /proc/sysvipc/sem | wc -l)" -eq 0 ] ||
			fail "[$m] ipcleak: SysV objects of a sandbox uid remain"
	fi
done
exit 0
