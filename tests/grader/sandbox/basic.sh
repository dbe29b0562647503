#!/bin/sh
# SPDX-License-Identifier: MIT
# The sandbox, well-behaved programs: exit status, signals, captured stdout/stderr/fd 3,
# exact output caps, open-file and file-size limits, the workdir, the uid, a private /tmp,
# bad specs, several runs at once. Each case in both modes (namespaces, rlimits fallback).
. "$top_srcdir/tests/grader/sandbox/lib.sh"
R=$TEST_TMP/r

for m in $MODES; do
	want_iso=namespaces
	[ "$m" = rlimits ] && want_iso=rlimits

	sb $m $R -- /bin/sh -c 'echo out; echo err >&2; exit 7'
	expect rc 0 $R "[$m] exit 7"
	expect outcome exited $R "[$m] exit 7"
	expect exit_status 7 $R "[$m] exit 7"
	expect out 'out\n' $R "[$m] exit 7"
	expect err 'err\n' $R "[$m] exit 7"
	expect isolation $want_iso $R "[$m] exit 7"
	expect leftover_processes 0 $R "[$m] exit 7"

	sb $m $R -- /bin/sh -c 'kill -SEGV $$'
	expect outcome signaled $R "[$m] SIGSEGV"
	expect term_signal 11 $R "[$m] SIGSEGV"

	# fd 3 only when asked for
	sb $m $R --report -- "$HOSTILE/limits" report
	expect report 'status passed\nmessage all good\n' $R "[$m] report"
	expect out 'to stdout\n' $R "[$m] report"
	sb $m $R -- "$HOSTILE/limits" report
	expect report '' $R "[$m] no report"

	# no fd of the caller's leaks into the run
	sb $m $R -- "$HOSTILE/limits" fds
	expect out '0 1 2 \n' $R "[$m] open fds"
	sb $m $R --report -- "$HOSTILE/limits" fds
	expect out '0 1 2 3 \n' $R "[$m] open fds with a report"

	# output caps: exact, at the byte; a stream that fits is not truncated
	sb $m $R --output-bytes 5 -- /bin/sh -c 'printf abcde'
	expect out abcde $R "[$m] 5 bytes, cap 5"
	expect out_truncated 0 $R "[$m] 5 bytes, cap 5"
	sb $m $R --output-bytes 4 -- /bin/sh -c 'printf abcde; printf 12345 >&2'
	expect out abcd $R "[$m] 5 bytes, cap 4"
	expect out_truncated 1 $R "[$m] 5 bytes, cap 4"
	expect err 1234 $R "[$m] 5 bytes, cap 4"
	expect err_truncated 1 $R "[$m] 5 bytes, cap 4"
	sb $m $R --output-bytes 100001 --cpu-ms 700 --stdout "$TEST_TMP/flood.out" -- "$HOSTILE/flood"
	expect out_len 100001 $R "[$m] flood"
	expect out_truncated 1 $R "[$m] flood"
	yes | head -c 100001 | cmp -s - "$TEST_TMP/flood.out" ||
		fail "[$m] flood: the captured stdout is not the first 100001 bytes of 'y\\n'..."
	sb $m $R --output-bytes 777 --cpu-ms 500 -- "$HOSTILE/flood" err
	expect err_len 777 $R "[$m] stderr flood"
	expect err_truncated 1 $R "[$m] stderr flood"
	expect out_len 0 $R "[$m] stderr flood"

	# RLIMIT_NOFILE and RLIMIT_FSIZE, seen from inside
	sb $m $R --open-files 20 -- "$HOSTILE/limits" nofile
	expect out 'open_files=20 errno=EMFILE\n' $R "[$m] open files"
	sb $m $R --file-size-kb 100 -- "$HOSTILE/limits" fsize
	expect out 'bytes=102400 errno=EFBIG\n' $R "[$m] file size"

	# the workdir: cwd of the run, writable by it, its owner restored afterwards
	owner=$(stat -c %u:%g "$WORK")
	sb $m $R -- /bin/sh -c 'pwd; echo hi > made-here'
	expect out "$WORK\\n" $R "[$m] workdir"
	[ -f "$WORK/made-here" ] || fail "[$m] the run could not write its workdir"
	[ "$(stat -c %u:%g "$WORK")" = "$owner" ] || fail "[$m] workdir owner not restored"
	rm -f "$WORK/made-here"

	# one CPU when asked
	sb $m $R --one-cpu -- /bin/sh -c 'sed -n "s/^Cpus_allowed_list:[[:space:]]*//p" /proc/self/status'
	case $(val out $R) in
	[0-9]'\n'|[0-9][0-9]'\n') ;;
	*) fail "[$m] --one-cpu: the run may use CPUs $(val out $R)" ;;
	esac

	# never root when we are
	if [ $OWN_UID = yes ]; then
		sb $m $R -- "$HOSTILE/limits" uid
		case $(val out $R) in
		'uid=0\n'|'') fail "[$m] student code ran as root" ;;
		esac
	fi

	# temporary files do not outlive the run: a private /tmp in the namespaces; in the
	# fallback the shared /tmp (where other runs' build folders are) is out of reach with
	# Landlock, else the run uid's files are swept (as root)
	if [ $m != rlimits ]; then
		sb $m $R -- /bin/sh -c 'echo x > /tmp/plhostile-tmp.$$ && echo written'
		expect out 'written\n' $R "[$m] /tmp"
	elif [ "$LANDLOCK" = yes ]; then
		sb $m $R -- /bin/sh -c 'echo x > /tmp/plhostile-tmp.$$ 2>/dev/null || echo refused'
		expect out 'refused\n' $R "[$m] /tmp out of reach (Landlock)"
	elif [ $OWN_UID = yes ]; then
		sb $m $R -- /bin/sh -c 'echo x > /tmp/plhostile-tmp.$$ && echo written'
		expect out 'written\n' $R "[$m] /tmp"
	fi
	! ls /tmp/plhostile-tmp.* >/dev/null 2>&1 || fail "[$m] a file in /tmp outlived the run"

	# bad specs: one clear internal error, nothing run
	sb $m $R -- bin/true
	expect rc 1 $R "[$m] relative argv[0]"
	expect outcome internal $R "[$m] relative argv[0]"
	expect internal_error 'sandbox: argv[0] must be an absolute path' $R "[$m] relative argv[0]"
	sb $m $R -- /nonexistent/program
	expect outcome internal $R "[$m] missing program"
	expect internal_error 'open /nonexistent/program: No such file or directory' $R \
	    "[$m] missing program"

	# runs at once (threads of one caller): own uid and cgroup each, none starves another
	if [ $m != rlimits ] || [ $OWN_UID = yes ]; then
		sb $m $R --runs 4 --processes 4 -- "$HOSTILE/limits" nproc 3
		[ "$(grep -c '^outcome=exited$' $R)" -eq 4 ] &&
		    [ "$(grep -c '^out=started=3\\n$' $R)" -eq 4 ] || {
			sed 's/^/  | /' $R >&2
			fail "[$m] 4 runs at once, 4 processes each: some run was limited by the others"
		}
	else
		sb $m $R --runs 4 -- "$HOSTILE/limits" nproc 3
		[ "$(grep -c '^out=started=3\\n$' $R)" -eq 4 ] || fail "[$m] 4 runs at once"
		note "[$m] fallback without root: runs at once share the user's process limit"
	fi
	if [ $OWN_UID = yes ]; then
		# a uid may be reused by a later run, not by one at the same time
		sb $m $R --runs 4 -- "$HOSTILE/limits" uid
		if awk -F= '/^started=/ { if ($2 > s) s = $2 }
		    /^ended=/ { if (e == "" || $2 < e) e = $2 }
		    END { exit !(s < e) }' $R; then
			[ "$(grep '^out=uid=' $R | sort -u | wc -l)" -eq 4 ] || {
				sed 's/^/  | /' $R >&2
				fail "[$m] 4 runs at once did not get 4 different uids"
			}
		else
			note "[$m] the 4 runs did not overlap (a slow machine): uids not compared"
		fi
	fi
done

# the driver's own usage errors: one message, status 2, nothing run
expect_status 2 "$SBRUN" --cpu-ms abc -- /bin/true
expect_grep '^sbrun: --cpu-ms: not a whole number' "$TEST_TMP/last"
expect_status 2 "$SBRUN" --cpu-ms 5
expect_grep '^sbrun: no command after --' "$TEST_TMP/last"

# the library call forces the fallback as the environment does
sb ns $R --rlimits -- /bin/true
expect isolation rlimits $R "sandbox_force_fallback"
exit 0
