# SPDX-License-Identifier: MIT
# proclab check N --sanitize and proclab run N TEST --sanitize: the student's code built with
# AddressSanitizer and UBSan, the first error the test's message with its kind, function,
# file and line; the reference passes sanitized; a compiler without the sanitizers' runtimes
# is refused with what to install. Few runs: sanitized runs are slow.
. "$top_srcdir/tests/lib.sh"
need_python

printf 'int main(void) { return 0; }\n' >"$TEST_TMP/probe.c"
${CC:-cc} -fsanitize=address,undefined -o "$TEST_TMP/probe" "$TEST_TMP/probe.c" \
	>/dev/null 2>&1 || skip "the compiler has no AddressSanitizer/UBSan runtime"

REF=$top_srcdir/solutions/01-fork-join/fork_join.c
mk() {          # mk NAME: a flat working copy of exercise 01's reference solution
	mkdir -p "$TEST_TMP/$1" && cp "$REF" "$TEST_TMP/$1/fork_join.c" || exit 99
}
mk ok
mk oob
mk ub
mk forged
mk child
# Planted bugs, just before the reference frees its array of pids (the lines found, not
# assumed): one int written past the end of the malloc'ed array, and a signed overflow.
grep -q '^	free(pids);$' "$REF" || fail "the reference changed: no 'free(pids);' line"
sed -i 's|^	free(pids);$|	pids[n] = 0;\n	free(pids);|' "$TEST_TMP/oob/fork_join.c"
sed -i 's|^	free(pids);$|	{ volatile int big = 2147483647; big += n; }\n	free(pids);|' \
	"$TEST_TMP/ub/fork_join.c"
sed -i 's|^	free(pids);$|	fprintf(stderr, "==x==ERROR: AddressSanitizer: heap-use-after-free\\n");\n	free(pids);|' \
	"$TEST_TMP/forged/fork_join.c"
# in a worker, after fork: the child's report on the shared stderr, the child exiting 1
grep -q '^		if (pid == 0)$' "$REF" || fail "the reference changed: no 'if (pid == 0)' line"
sed -i 's|^		if (pid == 0)$|		if (pid == 0) { int *q = malloc(4); q[1] = 1; }\n		if (pid == 0)|' \
	"$TEST_TMP/child/fork_join.c"
sed -i 's|^#include <stdlib.h>$|#include <stdio.h>\n#include <stdlib.h>|' "$TEST_TMP/forged/fork_join.c"
line() { grep -n -- "$1" "$2" | head -1 | cut -d: -f1; }
bad=$(line 'pids\[n\] = 0;' "$TEST_TMP/oob/fork_join.c")
alloc=$(line 'pids = malloc' "$TEST_TMP/oob/fork_join.c")
ovf=$(line 'big += n' "$TEST_TMP/ub/fork_join.c")
kid=$(line 'q\[1\] = 1' "$TEST_TMP/child/fork_join.c")
[ -n "$bad" ] && [ -n "$alloc" ] && [ -n "$ovf" ] && [ -n "$kid" ] ||
	fail "the planted lines are missing"

# The out-of-bounds write: its kind, the access, and both places, in proclab run's verdict.
expect_status 1 "$PROCLAB" run 1 one_worker --sanitize --seed 3 --dir "$TEST_TMP/oob"
cp "$TEST_TMP/last" "$TEST_TMP/oob.out"
expect_grep "^sanitized: built with AddressSanitizer and UndefinedBehaviorSanitizer" \
	"$TEST_TMP/oob.out"
expect_grep "^FAIL crashed: the sanitizer stopped your program: AddressSanitizer: heap-buffer-overflow: a write of 4 bytes just past the end of a [0-9]+-byte block, in run_workers \\(fork_join\\.c:$bad\\), allocated in run_workers \\(fork_join\\.c:$alloc\\)$" \
	"$TEST_TMP/oob.out"
# ... and ASan's own report is shown whole by run, so the message is checked against it.
expect_grep "^==[0-9]+==ERROR: AddressSanitizer: heap-buffer-overflow on address" "$TEST_TMP/oob.out"
expect_grep "^    #0 0x[0-9a-f]+ in run_workers .*/fork_join\\.c:$bad\$" "$TEST_TMP/oob.out"

# The same kind of write in a forked worker: the parent goes on, the child's report decides.
expect_status 1 "$PROCLAB" run 1 one_worker --sanitize --seed 3 --dir "$TEST_TMP/child"
expect_grep "^FAIL crashed: the sanitizer stopped your program: AddressSanitizer: heap-buffer-overflow: a write of 4 bytes just past the end of a 4-byte block, in run_workers \\(fork_join\\.c:$kid\\), allocated in run_workers \\(fork_join\\.c:$kid\\)$" \
	"$TEST_TMP/last"

# Without --sanitize the same write goes unnoticed (it lands in malloc's slack): it is the
# sanitizer that finds it.
expect_status 0 "$PROCLAB" run 1 one_worker --seed 3 --dir "$TEST_TMP/oob"

# The signed overflow through check, read from the JSON report with Python's parser.
expect_status 1 "$PROCLAB" check 1 --sanitize --seed 3 --format json --output \
	"$TEST_TMP/ub.json" --dir "$TEST_TMP/ub"
"$PYTHON3" - "$TEST_TMP/ub.json" "$ovf" <<'PY' || fail "the UBSan report is not in the JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["sanitized"] is True, d.get("sanitized")
assert "sanitized (--sanitize)" in d["protections"], d["protections"]
t = d["exercises"][0]["tests"]
want = ("the sanitizer stopped your program: UndefinedBehaviorSanitizer: signed integer "
        "overflow in run_workers (fork_join.c:%s)" % sys.argv[2])
# every test calls run_workers with n >= 1: every one stops there
for x in t:
    assert x["verdict"] == "crashed" and x["message"] == want, x
    assert x["score"] == 0, x
assert d["score"] == 0, d["score"]
PY

# The text report's replay line replays it sanitized.
expect_status 1 "$PROCLAB" check 1 --sanitize --seed 3 --color=never --dir "$TEST_TMP/ub"
expect_grep "^       \\(failed on run 1 of 3; proclab check 1 --sanitize --seed 3 replays it\\)$" \
	"$TEST_TMP/last"

# The reference passes sanitized, with the usual points.
expect_status 0 "$PROCLAB" check 1 --sanitize --seed 3 --dir "$TEST_TMP/ok"
expect_grep "^score 11/11$" "$TEST_TMP/last"
expect_grep "^protections: .*; sanitized \\(--sanitize\\): built with AddressSanitizer" \
	"$TEST_TMP/last"
expect_status 0 "$PROCLAB" check 1 --seed 3 --dir "$TEST_TMP/ok"
expect_no_grep "sanitized" "$TEST_TMP/last"

# A line that only looks like a report (no pid) is the student's output, not an error.
expect_status 0 "$PROCLAB" run 1 one_worker --sanitize --seed 3 --dir "$TEST_TMP/forged"
expect_grep "^PASS passed$" "$TEST_TMP/last"

# A compiler whose sanitizer runtimes are missing (gcc without libasan says this): one
# message, what to install, exit 3 before anything is graded. The wrapper sits where the
# sandbox's uid can read it ($TEST_TMP is 0700).
CCDIR=$(mktemp -d "$top_builddir/tests/grader/cc-nosan.XXXXXX") || exit 99
trap 'rm -rf "$TEST_TMP" "$CCDIR"' EXIT
chmod 755 "$CCDIR" || exit 99
cat >"$CCDIR/cc-nosan" <<EOF
#!/bin/sh
for a; do case \$a in -fsanitize=*)
	echo "/usr/bin/ld: cannot find libasan_preinit.o: No such file or directory" >&2
	echo "/usr/bin/ld: cannot find -lasan: No such file or directory" >&2
	exit 1;; esac; done
exec ${CC:-cc} "\$@"
EOF
chmod 755 "$CCDIR/cc-nosan" || exit 99
CC=$CCDIR/cc-nosan expect_status 3 "$PROCLAB" check 1 --sanitize --dir "$TEST_TMP/ok"
[ "$(wc -l <"$TEST_TMP/last")" -eq 1 ] || fail "more than one line for a missing libasan"
expect_grep "^proclab: --sanitize: the compiler cannot build with AddressSanitizer and UndefinedBehaviorSanitizer \\(/usr/bin/ld: cannot find libasan_preinit\\.o: No such file or directory\\)\\. Install their runtimes: with gcc on Debian or Ubuntu, apt-get install libasan8 libubsan1" \
	"$TEST_TMP/last"
CC=$CCDIR/cc-nosan expect_status 3 "$PROCLAB" run 1 one_worker --sanitize --dir "$TEST_TMP/ok"
expect_grep "^proclab: --sanitize: the compiler cannot build" "$TEST_TMP/last"
# the same compiler without --sanitize grades as usual
CC=$CCDIR/cc-nosan expect_status 0 "$PROCLAB" run 1 one_worker --seed 3 --dir "$TEST_TMP/ok"

# --sanitize takes no value.
expect_status 2 "$PROCLAB" check 1 --sanitize=yes --dir "$TEST_TMP/ok"
expect_grep "'--sanitize=yes'" "$TEST_TMP/last"
