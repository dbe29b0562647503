#!/bin/sh
# SPDX-License-Identifier: MIT
# The sandbox's limits trip, each with its outcome, in both modes: CPU (one process, and
# two: the whole run's time counts), wall, memory, processes, a fork bomb. Nothing
# survives (sb checks /proc inside the outer net). No speed is asserted.
. "$top_srcdir/tests/grader/sandbox/lib.sh"
R=$TEST_TMP/r

for m in $MODES; do
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
