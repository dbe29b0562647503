# SPDX-License-Identifier: MIT
# tests/lib.sh: sourced by every shell test. Automake's test driver reads the exit
# status: 0 pass, 77 skip, 99 hard error, anything else fail.
set -u
: "${top_srcdir:?run through make check}" "${top_builddir:?run through make check}"
: "${PROCLAB:=$top_builddir/proclab}" "${LESSONS:=$top_builddir/lessons}"

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/proclab-test.XXXXXX") || exit 99
trap 'rm -rf "$TEST_TMP"' EXIT

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
skip() { printf 'SKIP: %s\n' "$*" >&2; exit 77; }
note() { printf '%s\n' "$*"; }

# run OUT CMD...: run CMD, stdout+stderr to OUT, return its status in $status.
run() {
	local out=$1; shift
	status=0
	"$@" >"$out" 2>&1 || status=$?
	return 0
}

# expect_status N CMD...: CMD must exit with N (output in $TEST_TMP/last).
expect_status() {
	local want=$1; shift
	run "$TEST_TMP/last" "$@"
	[ "$status" -eq "$want" ] || {
		sed 's/^/  | /' "$TEST_TMP/last" >&2
		fail "'$*' exited $status, expected $want"
	}
}

# expect_grep PATTERN FILE: FILE must have a line matching the ERE.
expect_grep() {
	grep -Eq -- "$1" "$2" || {
		sed 's/^/  | /' "$2" >&2
		fail "no line of $(basename "$2") matches /$1/"
	}
}

# expect_no_grep PATTERN FILE
expect_no_grep() {
	! grep -Eq -- "$1" "$2" || {
		grep -E -- "$1" "$2" | sed 's/^/  | /' >&2
		fail "$(basename "$2") has a line matching /$1/"
	}
}

need_python() { [ -n "${PYTHON3:-}" ] && [ -x "$PYTHON3" ] || skip "python3 not found"; }
