#!/bin/sh
# SPDX-License-Identifier: MIT
# The sandbox's limits trip, each with its outcome, in both modes: CPU (one process, and
# two: the whole run's time counts), wall, memory, processes, a fork bomb, the files it
# writes (disk: tmpfs in the namespaces, polled in the fallback). Nothing survives (sb
# checks /proc inside the outer net). No speed is asserted.
. "$top_srcdir/tests/grader/sandbox/lib.sh"
R=$TEST_TMP/r

# Up to 100 files of 1 MiB in the workdir, then as many in /dev/shm; prints how many fit.
DISKHOG='for d in . /dev/shm; do i=0; while [ $i -lt 100 ]; do
	head -c 1048576 /dev/zero 2>/dev/null >"$d/plhostile-disk.$i" || break; i=$((i + 1)); done
	echo "$d $i"; done'

for m in $MODES; do
	# files: 8 MiB of them at most, in the workdir and in /dev/shm alike
	sb $m $R --disk-mb 8 --private-workdir --file-size-kb 4096 -- /bin/sh -c "$DISKHOG"
	if [ $m = rlimits ]; then
		expect outcome disk_limit $R "[$m] disk"
	else
		expect outcome exited $R "[$m] disk"
		case $(val out $R) in
		'. '[0-8]'\n/dev/shm '[0-8]'\n') ;;
		*) fail "[$m] disk: more than 8 MiB fit: $(val out $R)" ;;
		esac
	fi
	ls /dev/shm 2>/dev/null | grep -q plhostile-disk && fail "[$m] disk: files left in /dev/shm"
	rm -f "$WORK"/plhostile-disk.*

	sb $m $R --cpu-ms 500 --wall-ms 60000 -- "$HOSTILE/spin"
	expect outcome cpu_limit $R "[$m] spin"
	sb $m $R --cpu-ms 1000 --wall-ms 60000 -- "$HOSTILE/spin" 2
	expect outcome cpu_limit $R "[$m] spin x2"
	awk -v c="$(val cpu_s $R)" 'BEGIN { exit !(c >= 1.0) }' ||
		fail "[$m] spin x2: cpu_s $(val cpu_s $R) below the 1 s limit that tripped"

	sb $m $R --cpu-ms 10000 --wall-ms 500 -- "$HOSTILE/sleeper"
	expect outcome wall_limit $R "[$m] sleeper"

	sb $m $R --memory-mb 64 -- "$HOSTILE/memhog"
	expect outcome memory_limit $R "[$m] memhog"
	sb $m $R --memory-mb 64 -- /bin/sh -c 'echo fits'
	expect outcome exited $R "[$m] small program, memory limit"
	sb $m $R --memory-mb 64 -- "$HOSTILE/memhog" 32 1
	expect outcome exited $R "[$m] 32 MiB of 64, exit 1"
	expect exit_status 1 $R "[$m] 32 MiB of 64, exit 1"

	if [ $m != rlimits ] || [ $OWN_UID = yes ]; then
		sb $m $R --processes 5 -- "$HOSTILE/limits" nproc 4
		expect outcome exited $R "[$m] 5 processes, limit 5"
		expect out 'started=4\n' $R "[$m] 5 processes, limit 5"
		sb $m $R --processes 5 -- "$HOSTILE/limits" nproc 10
		expect outcome process_limit $R "[$m] 11 processes, limit 5"
		expect out 'fork: EAGAIN\nstarted=4\n' $R "[$m] 11 processes, limit 5"
	else
		# RLIMIT_NPROC counts all the user's tasks, some of them out of sight: not exact
		sb $m $R --processes 5 -- "$HOSTILE/limits" nproc 10
		expect outcome process_limit $R "[$m] 11 processes, limit 5"
		note "[$m] fallback without root: the process limit is not exact"
	fi

	# the fork bomb: within the net (400 pids at most), stopped by the sandbox's limit
	sb $m $R --processes 20 --cpu-ms 1500 --wall-ms 10000 -- "$HOSTILE/forkbomb"
	expect rc 0 $R "[$m] fork bomb"
	expect outcome process_limit $R "[$m] fork bomb"
done
exit 0
