#!/bin/sh
# SPDX-License-Identifier: MIT
# proclab init --classroom: the GitHub Classroom template. Its workflow is read with PyYAML
# and checked against the manifest (one grader step per test and per hygiene point, with the
# manifest's points; the reporter listing every step), then its steps are run here in order
# (tests/platforms/classroom_steps.py says what it runs as GitHub does and what it stands in
# for: the checkout, and the set-up step that builds proclab, replaced by the build tree's
# proclab on PATH). With the stubs every step fails; with the reference solutions every step
# passes and the reporter adds up every point; a file that does not compile fails its
# exercise's steps, saying so, and no other's. Then the bad command lines.
. "$top_srcdir/tests/lib.sh"

need_python
"$PYTHON3" -c 'import yaml' 2>/dev/null || skip "PyYAML not found (apt-get install python3-yaml)"
command -v bash >/dev/null 2>&1 || skip "no bash (GitHub runs 'run' steps with bash)"

STEPS="$PYTHON3 $top_srcdir/tests/platforms/classroom_steps.py"
MANIFEST=$top_srcdir/exercises/manifest.json
HELPER=$top_srcdir/platforms/classroom
REF=0123456789abcdef0123456789abcdef01234567
URL=https://example.org/course/proclab.git
T=$TEST_TMP/template
WF=$T/.github/workflows/classroom.yml

# 1. The template: init's working copy, the workflow, and a README that says how it is graded.
expect_status 0 "$PROCLAB" init --classroom "$T" --proclab-ref "$REF" --proclab-url "$URL"
expect_grep '^Made a GitHub Classroom template in .*: 12 exercises\.$' "$TEST_TMP/last"
expect_grep '^Its workflow has 71 graded steps: one per test and per hygiene point\.$' \
	"$TEST_TMP/last"
expect_grep "^Together they are worth 144 points, as in 'proclab check all'\.\$" "$TEST_TMP/last"
[ -f "$WF" ] || fail "no $WF"
for d in "$top_srcdir"/exercises/[0-9][0-9]-*/; do
	d=$(basename "$d")
	[ -d "$T/$d" ] || fail "the template has no $d/"
	if ls "$T/$d" | grep -q '^test_\|^judge_'; then fail "a harness or judge in $T/$d"; fi
done
expect_grep '^## Graded on GitHub' "$T/README.md"
# The same workflow whatever the instructor's language (the README is in theirs).
"$PROCLAB" init --classroom "$TEST_TMP/pt" --proclab-ref "$REF" --proclab-url "$URL" \
	>/dev/null || fail "init --classroom failed"
LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" init --classroom "$TEST_TMP/pt2" --proclab-ref "$REF" \
	--proclab-url "$URL" >/dev/null || fail "init --classroom failed in Portuguese"
cmp -s "$WF" "$TEST_TMP/pt2/.github/workflows/classroom.yml" ||
	fail "the workflow depends on the instructor's language"

# make classroom makes the same template.
make -s -C "$top_builddir" classroom CLASSROOM_DIR="$TEST_TMP/mk" CLASSROOM_REF="$REF" \
	CLASSROOM_URL="$URL" >"$TEST_TMP/make" 2>&1 || {
	sed 's/^/  | /' "$TEST_TMP/make" >&2
	fail "make classroom failed"
}
cmp -s "$WF" "$TEST_TMP/mk/.github/workflows/classroom.yml" ||
	fail "make classroom and proclab init --classroom make different workflows"

# 2. Its structure, against the manifest.
$STEPS check "$WF" "$MANIFEST" "$URL" "$REF" || fail "the workflow's structure (above)"
# The default URL is proclab's own.
expect_status 0 "$PROCLAB" init --classroom "$TEST_TMP/d" --proclab-ref v0.1.0
expect_grep '^  PROCLAB_URL: "https://github.com/proclab/proclab"$' \
	"$TEST_TMP/d/.github/workflows/classroom.yml"

# 3. Its steps, in order. WS is a copy of the template, as the checkout makes it.
run_steps() {   # WS ARGS...
	ws=$1; shift
	$STEPS run "$WF" "$MANIFEST" "$ws" "$top_builddir" "$HELPER" "$@" >"$TEST_TMP/steps" 2>&1 || {
		sed 's/^/  | /' "$TEST_TMP/steps" >&2
		fail "the steps in $ws (above)"
	}
	cat "$TEST_TMP/steps"
}
# 3a. The stubs: every step fails, 0 points.
cp -R "$T" "$TEST_TMP/stubs"
run_steps "$TEST_TMP/stubs" --expect fail
expect_grep '^step Autograding Reporter: Points 0/144$' "$TEST_TMP/steps"
# 3b. The reference solutions: every step passes, every point.
cp -R "$T" "$TEST_TMP/solved"
for d in "$top_srcdir"/solutions/[0-9][0-9]-*/; do
	cp "$d"*.c "$TEST_TMP/solved/$(basename "$d")/" || fail "cannot copy $d"
done
run_steps "$TEST_TMP/solved" --expect pass
expect_grep '^step Autograding Reporter: Points 144/144$' "$TEST_TMP/steps"
# 3c. Exercise 1 does not compile, 2 is solved: 1's steps fail and say why, 2's pass (the
#     steps of these two alone: the others' are those of 3a and 3b).
cp -R "$T" "$TEST_TMP/broken"
printf 'this is not C\n' >>"$TEST_TMP/broken/01-fork-join/fork_join.c"
cp "$top_srcdir"/solutions/02-ordered-flags/*.c "$TEST_TMP/broken/02-ordered-flags/"
run_steps "$TEST_TMP/broken" --only 01-fork-join,02-ordered-flags --expect pass \
	--exercise "01-fork-join=fail:FAILED \(did not compile\)|not checked: your code did not compile"
expect_grep '^10 grader steps, 5 passed; Points 11$' "$TEST_TMP/steps"

# 4. The helper on its own: a verdict names the test, the points and why.
H=$TEST_TMP/home
mkdir -p "$H"
helper() { (cd "$TEST_TMP/broken" && env HOME="$H" PATH="$top_builddir:$HELPER:$PATH" \
	proclab-classroom "$@"); }
expect_status 0 helper grade 01-fork-join
expect_grep '^01-fork-join  Fork and join  0/11$' "$TEST_TMP/last"
expect_grep "error: unknown type name .this." "$TEST_TMP/last"
expect_status 1 helper verdict 01-fork-join 1:one_worker 2
expect_grep '^FAILED \(did not compile\), 0 of 2 points$' "$TEST_TMP/last"
expect_grep 'the compiler said:' "$TEST_TMP/last"
# A workflow made from another manifest than the proclab it grades with: no verdict, and why.
expect_status 1 helper verdict 01-fork-join 1:one_worker 5
expect_grep 'does not match the proclab it grades with .*one_worker worth 2 there, .* worth 5' \
	"$TEST_TMP/last"
expect_status 1 helper verdict 01-fork-join 9:nine 1
expect_grep '01-fork-join has 4 tests there, not 9' "$TEST_TMP/last"
expect_status 1 helper verdict 01-fork-join 2:one_worker 3
expect_grep 'its test 2 is many_workers worth 3 there' "$TEST_TMP/last"
# No report: the grading step did not run, or could not.
expect_status 1 helper verdict 03-bank-balance 1:init 1
expect_grep "no report of 03-bank-balance: the step 'Grade 03-bank-balance' did not write one" \
	"$TEST_TMP/last"
expect_status 1 helper grade 99-nothing
expect_grep "proclab check refused the command line: is 99-nothing an exercise" "$TEST_TMP/last"
expect_status 1 helper verdict 99-nothing 1:x 1
expect_grep "proclab check refused the command line" "$TEST_TMP/last"
printf '{"exercises": [{"dir": "03-bank-balance"}]}' >"$H/.proclab-classroom/03-bank-balance.json"
expect_status 1 helper verdict 03-bank-balance 1:init 1
expect_grep "not proclab's JSON report" "$TEST_TMP/last"
printf 'not json' >"$H/.proclab-classroom/03-bank-balance.json"
expect_status 1 helper verdict 03-bank-balance 1:init 1
expect_grep "is not JSON" "$TEST_TMP/last"
# Bad command lines: exit 2, what to give.
expect_status 2 helper
expect_status 2 helper judge 01-fork-join
expect_grep "'judge' is not a step: grade or verdict" "$TEST_TMP/last"
expect_status 2 helper verdict 01-fork-join one_worker 2
expect_grep "'one_worker' is not a test: give N:NAME" "$TEST_TMP/last"
expect_status 2 helper verdict 01-fork-join 1:one_worker two
expect_status 2 helper verdict ../etc 1:x 1
expect_grep "'../etc' is not an exercise folder" "$TEST_TMP/last"
expect_status 2 helper grade
expect_status 0 helper --help

# 5. A hidden test: its name and title stay out of the workflow, which students read; its
#    step still gets its verdict (the student's report calls it hidden_N).
cp -R "$top_srcdir/exercises" "$TEST_TMP/ex"
"$PYTHON3" - "$TEST_TMP/ex/manifest.json" <<'EOF' || fail "cannot edit the manifest"
import json, sys
m = json.load(open(sys.argv[1]))
m["exercises"][0]["tests"][1]["hidden"] = True
json.dump(m, open(sys.argv[1], "w"), indent=2)
EOF
PROCLAB_MANIFEST=$TEST_TMP/ex/manifest.json "$PROCLAB" init --classroom "$TEST_TMP/hid" \
	--proclab-ref "$REF" --proclab-url "$URL" >/dev/null || fail "init with a hidden test"
HWF=$TEST_TMP/hid/.github/workflows/classroom.yml
expect_grep '01-fork-join: hidden test 2' "$HWF"
expect_no_grep 'many_workers|3 to 8 workers' "$HWF"
$STEPS check "$HWF" "$TEST_TMP/ex/manifest.json" "$URL" "$REF" || fail "the hidden test's workflow"
cp "$top_srcdir"/solutions/01-fork-join/*.c "$TEST_TMP/hid/01-fork-join/"
hidden_helper() { (cd "$TEST_TMP/hid" && env HOME="$TEST_TMP/hhome" \
	PROCLAB_MANIFEST="$TEST_TMP/ex/manifest.json" PATH="$top_builddir:$HELPER:$PATH" \
	proclab-classroom "$@"); }
expect_status 0 hidden_helper grade 01-fork-join
expect_no_grep 'many_workers|3 to 8 workers' "$TEST_TMP/last"
expect_status 0 hidden_helper verdict 01-fork-join 2:hidden_2 3
expect_grep '^passed, 3 of 3 points$' "$TEST_TMP/last"

# Titles and names that YAML and the shell must both take as they are: quotes, a backslash,
# '#', ': ', a tab, a line separator, accents; a name with a quote and a space. (This
# manifest is only read: its harnesses would not know the renamed test.)
cp -R "$top_srcdir/exercises" "$TEST_TMP/odd"
"$PYTHON3" - "$TEST_TMP/odd/manifest.json" <<'EOF' || fail "cannot edit the manifest"
import json, sys
m = json.load(open(sys.argv[1]))
m["exercises"][0]["tests"][0]["title"] = 'one "quoted" \\ #x: y\tz\u2028w, ação, ${ x }'
m["exercises"][0]["tests"][2]["name"] = "it's odd"
json.dump(m, open(sys.argv[1], "w"), indent=2)
EOF
PROCLAB_MANIFEST=$TEST_TMP/odd/manifest.json "$PROCLAB" init --classroom "$TEST_TMP/oddt" \
	--proclab-ref "$REF" --proclab-url "$URL" >/dev/null || fail "init with odd titles"
$STEPS check "$TEST_TMP/oddt/.github/workflows/classroom.yml" "$TEST_TMP/odd/manifest.json" \
	"$URL" "$REF" || fail "the odd titles' workflow"
# An expression is refused: Actions would evaluate it.
"$PYTHON3" - "$TEST_TMP/odd/manifest.json" <<'EOF' || fail "cannot edit the manifest"
import json, sys
m = json.load(open(sys.argv[1]))
m["exercises"][1]["tests"][0]["title"] = "prints ${{ secrets.TOKEN }}"
json.dump(m, open(sys.argv[1], "w"), indent=2)
EOF
expect_status 3 env PROCLAB_MANIFEST="$TEST_TMP/odd/manifest.json" "$PROCLAB" init --classroom \
	"$TEST_TMP/expr" --proclab-ref "$REF"
expect_grep "^proclab: test 'init' of 02-ordered-flags has '\\\$\{\{' in its name or title" \
	"$TEST_TMP/last"
[ ! -e "$TEST_TMP/expr" ] || fail "init made $TEST_TMP/expr for a manifest it refused"

# 6. proclab init's bad command lines: one message each, exit 2, nothing made.
bad() {   # PATTERN ARGS...
	pat=$1; shift
	expect_status 2 "$PROCLAB" init "$@"
	expect_grep "$pat" "$TEST_TMP/last"
	[ ! -e "$TEST_TMP/bad" ] || fail "init $* made $TEST_TMP/bad"
}
bad "^proclab: --classroom needs --proclab-ref REF" --classroom "$TEST_TMP/bad"
bad "^proclab: --proclab-ref goes with --classroom" --proclab-ref "$REF" "$TEST_TMP/bad"
bad "^proclab: --proclab-url goes with --classroom" --proclab-url "$URL" "$TEST_TMP/bad"
for r in "" "-f" "a b" "x..y" "main.lock" "/main" "main/" 'a$b' "v1;rm"; do
	bad "^proclab: --proclab-ref: '.*' is not a commit or tag name" \
		--classroom --proclab-ref "$r" "$TEST_TMP/bad"
done
for u in "" "-u" "proclab" "ftp://x/y" "https://" "https://x/a b" 'https://x/$HOME' \
    "https://x/\"q" "file://rel" "git@:x"; do
	bad "^proclab: --proclab-url: '.*' is not a git URL" \
		--classroom --proclab-ref "$REF" --proclab-url "$u" "$TEST_TMP/bad"
done
bad "^proclab: --proclab-ref needs a value" --classroom "$TEST_TMP/bad" --proclab-ref
for u in "ssh://git@example.org/proclab.git" "git@github.com:owner/proclab.git" \
    "file:///srv/git/proclab" "http://example.org/proclab"; do
	rm -rf "$TEST_TMP/ok"
	expect_status 0 "$PROCLAB" init --classroom --proclab-ref "$REF" --proclab-url "$u" \
		"$TEST_TMP/ok"
done
# The target must be new or empty, as for a working copy.
expect_status 2 "$PROCLAB" init --classroom --proclab-ref "$REF" "$T"
expect_grep "is not empty" "$TEST_TMP/last"
