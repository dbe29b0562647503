#!/bin/sh
# SPDX-License-Identifier: MIT
# The compiler runs in the sandbox: a student's #include of an absolute path reads neither a
# reference solution nor another student's submission (hidden) nor a file only root may read
# (the run's own uid), so the compiler's messages cannot leak it. A flooding compile is capped
# and grading goes on; CC may hold extra words; a missing compiler is proclab's error (3).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
need_python
make_fixture

# Files the run must not read, in a world-readable folder outside $TEST_TMP (0700) and outside
# /tmp (which the sandbox replaces): hiding, not the folder's mode, must keep them away.
SCRATCH=
[ -d /var/tmp ] && [ -w /var/tmp ] && SCRATCH=$(mktemp -d /var/tmp/proclab-compile.XXXXXX)
[ -n "$SCRATCH" ] || SCRATCH=$(mktemp -d "$top_builddir/tests/grader/compile-sandbox.XXXXXX") ||
	exit 99
trap 'rm -rf "$TEST_TMP" "$SCRATCH"' EXIT
chmod 755 "$SCRATCH" || exit 99
SCRATCH=$(cd "$SCRATCH" && pwd -P) || exit 99

# json FILE EXPR: prints EXPR of the JSON report r, its first exercise e.
json() {
	"$PYTHON3" -c 'import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8")); e = r["exercises"][0]
v = eval(sys.argv[2]); print(*v) if isinstance(v, tuple) else print(v)' "$1" "$2"
}

# The isolation this machine gives the grader: what may be asserted depends on it.
make_workdir "$TEST_TMP/probe" good
expect_status 0 "$PROCLAB" check 1 --dir "$TEST_TMP/probe" --seed 1 --format json \
	--output "$TEST_TMP/probe.json"
ISO=$(json "$TEST_TMP/probe.json" 'r["isolation"]') || fail "no isolation in the report"
[ "$(json "$TEST_TMP/probe.json" 'e["score"]')" = 8 ] || fail "the good variant lost points"
note "isolation: $ISO; uid $(id -u)"

# 1. Batch: leech includes alice's file by its absolute path (a submission, hidden from
#    every run) and gets nothing; the flooder's compile is capped; alice is graded in full.
S=$SCRATCH/subs
make_workdir "$S/alice" good
make_workdir "$S/leech"
printf '#include "%s"\n' "$S/alice/01-adder/add.c" >"$S/leech/01-adder/add.c"
make_workdir "$S/flooder" cflood
chmod -R a+rX "$S" || exit 99
expect_status 0 "$PROCLAB" grade --jobs 2 --seed 5 --out "$TEST_TMP/out" "$S"/*
"$PYTHON3" - "$TEST_TMP/out" "$ISO" <<'PY' || fail "batch results wrong"
import json, sys
out, iso = sys.argv[1:]
res = {}
for name in ("alice", "leech", "flooder"):
    res[name] = json.load(open(out + "/results/" + name + ".json", encoding="utf-8"))["exercises"][0]
assert res["alice"]["score"] == 8, res["alice"]
fl = res["flooder"]
assert not fl["compiled"] and fl["score"] == 0, fl
assert "compiler output truncated after 8192 bytes" in fl["compiler_output"], fl
assert len(fl["compiler_output"]) < 9000, len(fl["compiler_output"])
le = res["leech"]
if iso == "namespaces":
    assert not le["compiled"] and le["score"] == 0, le
    assert "add.c" in le["compiler_output"], le
else:
    print("rlimits: another student's world-readable file is not hidden (leech: %d)" % le["score"])
PY

# 2. check: a file that includes the lab's reference solution by its absolute path does not
#    compile (the build tree's grader hides solutions/).
SOL=$(cd "$top_srcdir" && pwd -P)/solutions/03-bank-balance/bank.c
if [ -f "$SOL" ] && [ "$ISO" = namespaces ]; then
	(
		unset PROCLAB_MANIFEST
		"$PROCLAB" init "$TEST_TMP/lab" >/dev/null || exit 99
		printf '#include "%s"\n' "$SOL" >"$TEST_TMP/lab/03-bank-balance/bank.c"
		run "$TEST_TMP/last" "$PROCLAB" check 3 --dir "$TEST_TMP/lab" --seed 3 \
			--format json --output "$TEST_TMP/sol.json"
		[ "$status" -eq 1 ] || fail "check of a file including the solution exited $status:
$(cat "$TEST_TMP/last")"
		[ "$(json "$TEST_TMP/sol.json" 'e["compiled"], e["score"]')" = "False 0" ] ||
			fail "including $SOL compiled: $(json "$TEST_TMP/sol.json" 'e')"
	) || exit $?
else
	note "solution not hidden here ($ISO, $SOL): not checked"
fi

# 3. As root: a 0600 file of root's (and /etc/shadow) is not readable by the compiler, and
#    nothing of it reaches the report, in the namespaces and in the fallback alike.
if [ "$(id -u)" = 0 ]; then
	MARK=proclab_secret_$$_marker
	printf 'int %s = 1 +;\n' "$MARK" >"$SCRATCH/secret.h"
	chmod 600 "$SCRATCH/secret.h" || exit 99
	make_workdir "$TEST_TMP/spy"
	printf '#include "%s"\n' "$SCRATCH/secret.h" >>"$TEST_TMP/spy/01-adder/add.c"
	expect_status 1 "$PROCLAB" check 1 --dir "$TEST_TMP/spy" --seed 2
	expect_grep 'did not compile' "$TEST_TMP/last"
	expect_grep 'secret\.h' "$TEST_TMP/last"
	expect_no_grep "$MARK" "$TEST_TMP/last"
	PROCLAB_SANDBOX=rlimits expect_status 1 "$PROCLAB" check 1 --dir "$TEST_TMP/spy" --seed 2
	expect_grep 'secret\.h' "$TEST_TMP/last"
	expect_no_grep "$MARK" "$TEST_TMP/last"
	expect_status 1 "$PROCLAB" check 1 --dir "$TEST_TMP/spy" --seed 2 --format json \
		--output "$TEST_TMP/spy.json"
	[ "$(json "$TEST_TMP/spy.json" 'e["compiled"], e["score"]')" = "False 0" ] ||
		fail "the secret was compiled"
	if [ -r /etc/shadow ] && [ -s /etc/shadow ]; then
		make_workdir "$TEST_TMP/shadow"
		printf '#include "/etc/shadow"\n' >>"$TEST_TMP/shadow/01-adder/add.c"
		expect_status 1 "$PROCLAB" check 1 --dir "$TEST_TMP/shadow" --seed 2
		expect_grep 'did not compile' "$TEST_TMP/last"
		expect_grep '/etc/shadow' "$TEST_TMP/last"
		awk 'length($0) >= 8' /etc/shadow >"$TEST_TMP/shadow-lines"
		if [ -s "$TEST_TMP/shadow-lines" ] &&
		    grep -Fq -f "$TEST_TMP/shadow-lines" "$TEST_TMP/last"; then
			fail "a line of /etc/shadow is in the report"
		fi
	fi
else
	note "not root: the uid switch is not checked"
fi

# 4. CC with extra words; a compiler that is not there is proclab's error, not the student's.
make_workdir "$TEST_TMP/extra" good
printf '#ifndef PROCLAB_EXTRA_WORD\n#error CC lost its extra word\n#endif\n' \
	>>"$TEST_TMP/extra/01-adder/add.c"
expect_status 1 "$PROCLAB" check 1 --dir "$TEST_TMP/extra" --seed 1
expect_grep 'CC lost its extra word' "$TEST_TMP/last"
CC="${CC:-cc} -DPROCLAB_EXTRA_WORD" expect_status 0 "$PROCLAB" check 1 \
	--dir "$TEST_TMP/extra" --seed 1
CC=/nonexistent/cc expect_status 3 "$PROCLAB" check 1 --dir "$TEST_TMP/probe" --seed 1
expect_grep "cannot run the compiler '/nonexistent/cc'" "$TEST_TMP/last"
CC=proclab-no-such-compiler expect_status 3 "$PROCLAB" check 1 --dir "$TEST_TMP/probe" --seed 1
expect_grep "cannot run the compiler 'proclab-no-such-compiler'" "$TEST_TMP/last"
exit 0
