#!/bin/sh
# SPDX-License-Identifier: MIT
# A class graded in shards, as on many machines: three 'proclab grade --shard K/3' run at
# once as separate processes, each given the class in another order, grade a share each
# (3, 2 and 2 of 7, no student twice, none left out); 'proclab gradebook' merges their
# folders into the gradebook a single run makes, byte for byte. Slurm's array variables and
# a Kubernetes Indexed Job's index pick the same shares. A student in two folders is an
# error; bad shares are usage errors. The exit status is 0 whatever the scores.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
make_fixture
S=$TEST_TMP/subs
for s in ana bia caio davi eva fabio gil; do
	case $s in b*|d*|g*) v=wrong ;; *) v=good ;; esac
	make_workdir "$S/$s" $v
done
ALL=$(ls -d "$S"/*)
REVERSED=$(ls -d "$S"/* | sort -r)
G="$PROCLAB grade --jobs 1 --seed 11"

# shellcheck disable=SC2086 # ALL and REVERSED: one word per submission (no spaces in them)
expect_status 0 $G --out "$TEST_TMP/one" $ALL
# shellcheck disable=SC2086
{
	$G --shard 1/3 --out "$TEST_TMP/s1" $ALL >"$TEST_TMP/s1.out" 2>&1 &
	p1=$!
	$G --shard 2/3 --out "$TEST_TMP/s2" $REVERSED >"$TEST_TMP/s2.out" 2>&1 &
	p2=$!
	$G --shard 3/3 --out "$TEST_TMP/s3" $ALL >"$TEST_TMP/s3.out" 2>&1 &
	p3=$!
}
for p in $p1 $p2 $p3; do wait $p || fail "a shard exited $?: $(cat "$TEST_TMP"/s?.out)"; done
expect_grep '^shard 2 of 3: 2 submissions graded' "$TEST_TMP/s2.out"
n1=$(ls "$TEST_TMP/s1/results" | wc -l) n2=$(ls "$TEST_TMP/s2/results" | wc -l)
n3=$(ls "$TEST_TMP/s3/results" | wc -l)
[ "$n1 $n2 $n3" = "3 2 2" ] || fail "shares of 7 in 3 are $n1, $n2, $n3, not 3, 2, 2"
[ "$(ls "$TEST_TMP"/s?/results | grep -c json)" -eq 7 ] &&
	[ "$(ls "$TEST_TMP"/s?/results | grep json | sort -u | wc -l)" -eq 7 ] ||
	fail "the shards did not grade every student exactly once"

expect_status 0 "$PROCLAB" gradebook "$TEST_TMP/s1" "$TEST_TMP/s2" "$TEST_TMP/s3" \
    --out "$TEST_TMP/merged"
cmp "$TEST_TMP/one/gradebook.csv" "$TEST_TMP/merged/gradebook.csv" ||
	fail "the merged gradebook differs from a single run's"

# What a batch system tells its array tasks: the same shares.
# shellcheck disable=SC2086
expect_status 0 env SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=4 SLURM_ARRAY_TASK_COUNT=3 \
    $G --out "$TEST_TMP/slurm2" $ALL
ls "$TEST_TMP/s2/results" >"$TEST_TMP/want2" && ls "$TEST_TMP/slurm2/results" >"$TEST_TMP/got2"
cmp -s "$TEST_TMP/want2" "$TEST_TMP/got2" || fail "Slurm task 5 of 4-6 is not shard 2/3"
# shellcheck disable=SC2086
expect_status 0 env JOB_COMPLETION_INDEX=2 PROCLAB_SHARDS=3 $G --out "$TEST_TMP/k8s3" $ALL
ls "$TEST_TMP/s3/results" >"$TEST_TMP/want3" && ls "$TEST_TMP/k8s3/results" >"$TEST_TMP/got3"
cmp -s "$TEST_TMP/want3" "$TEST_TMP/got3" || fail "JOB_COMPLETION_INDEX 2 is not shard 3/3"

# A student in two folders; bad shares.
expect_status 1 "$PROCLAB" gradebook "$TEST_TMP/s1" "$TEST_TMP/one" --out "$TEST_TMP/dup"
expect_grep 'has two results' "$TEST_TMP/last"
[ ! -e "$TEST_TMP/dup/gradebook.csv" ] || fail "a gradebook was written with a student twice"
expect_status 2 "$PROCLAB" gradebook "$S/ana"
expect_grep 'not a result folder' "$TEST_TMP/last"
# shellcheck disable=SC2086
expect_status 2 $G --shard 4/3 --out "$TEST_TMP/bad" $ALL
expect_grep '--shard: .4/3. is not K/N' "$TEST_TMP/last"
# shellcheck disable=SC2086
expect_status 2 env JOB_COMPLETION_INDEX=1 $G --out "$TEST_TMP/bad" $ALL
expect_grep 'set PROCLAB_SHARDS' "$TEST_TMP/last"
exit 0
