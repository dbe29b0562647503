#!/bin/sh
# SPDX-License-Identifier: MIT
# The recipes of doc/scaling.md, run as their engines would run them, on a class of 7:
# the Slurm array script once per array task (the variables sbatch sets), then its merge
# script; the Kubernetes Indexed Job's command once per completion index (the variables
# the Job sets; its paths mapped to test folders); the GNU parallel recipe with this
# machine as its three hosts. Each gradebook must equal a single run's, byte for byte.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
make_fixture
R=$top_srcdir/doc/scaling
CLASS=$TEST_TMP/class
for s in ana bia caio davi eva fabio gil; do
	case $s in b*|d*|g*) v=wrong ;; *) v=good ;; esac
	make_workdir "$CLASS/$s" $v
done
SEED=20261203
export CLASS SEED
# 'proclab' on the PATH, as an installed one would be
mkdir -p "$TEST_TMP/bin" &&
	printf '#!/bin/sh\nexec "%s" "$@"\n' "$PROCLAB" >"$TEST_TMP/bin/proclab" &&
	chmod 755 "$TEST_TMP/bin/proclab" || exit 99
PATH=$TEST_TMP/bin:$PATH
export PATH
"$PROCLAB" grade --jobs 1 --seed $SEED --out "$TEST_TMP/one" "$CLASS"/* >/dev/null 2>&1 ||
	fail "the single run failed"

same() {
	cmp "$TEST_TMP/one/gradebook.csv" "$1/gradebook.csv" ||
		fail "$2: the gradebook differs from a single run's"
}

# Slurm: --array=1-4 (the script's own line), two CPUs per task.
n=$(sed -n 's/^#SBATCH --array=1-\([0-9]*\)$/\1/p' "$R/slurm-grade.sbatch")
[ "$n" = 4 ] || fail "slurm-grade.sbatch: no '#SBATCH --array=1-N' line"
RESULTS=$TEST_TMP/slurm
export RESULTS
for t in 1 2 3 4; do
	SLURM_ARRAY_TASK_ID=$t SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_MAX=4 \
	    SLURM_ARRAY_TASK_COUNT=4 SLURM_CPUS_PER_TASK=1 \
	    sh "$R/slurm-grade.sbatch" >"$TEST_TMP/slurm-$t.out" 2>&1 ||
		fail "slurm task $t: $(cat "$TEST_TMP/slurm-$t.out")"
done
expect_grep '^shard 4 of 4: 1 submission graded' "$TEST_TMP/slurm-4.out"
sh "$R/slurm-merge.sbatch" >"$TEST_TMP/merge.out" 2>&1 || fail "slurm merge: $(cat "$TEST_TMP/merge.out")"
same "$RESULTS" slurm

# Kubernetes: completions and PROCLAB_SHARDS agree; the container's command per index.
Y=$R/k8s-grade-job.yaml
c=$(sed -n 's/^  completions: \([0-9]*\)$/\1/p' "$Y")
shards=$(sed -n '/name: PROCLAB_SHARDS/{n;s/^ *value: "\([0-9]*\)"$/\1/p;}' "$Y")
[ -n "$c" ] && [ "$c" = "$shards" ] || fail "k8s: completions ($c) and PROCLAB_SHARDS ($shards) differ"
cmd=$(sed -n '/# recipe-command/{n;s/^ *args: \["\(.*\)"\]$/\1/p;}' "$Y" | sed 's/\\"/"/g')
[ -n "$cmd" ] || fail "k8s: no args line after '# recipe-command'"
K=$TEST_TMP/k8s
mkdir -p "$K"
cmd=$(printf '%s' "$cmd" | sed "s|/results|$K|g; s|/class|$CLASS|g")
i=0
while [ $i -lt "$c" ]; do
	JOB_COMPLETION_INDEX=$i PROCLAB_SHARDS=$shards sh -c "$cmd" >"$TEST_TMP/k8s-$i.out" 2>&1 ||
		fail "k8s index $i: $(cat "$TEST_TMP/k8s-$i.out")"
	i=$((i + 1))
done
"$PROCLAB" gradebook "$K"/shard-* --out "$K" >/dev/null 2>&1 || fail "k8s merge failed"
same "$K" kubernetes

# GNU parallel, this machine as three hosts.
if command -v parallel >/dev/null 2>&1 && parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
	HOSTS=":,:,:" RESULTS=$TEST_TMP/par sh "$R/parallel-ssh.sh" >"$TEST_TMP/par.out" 2>&1 ||
		fail "parallel recipe: $(cat "$TEST_TMP/par.out")"
	[ "$(ls -d "$TEST_TMP"/par/shard-* | wc -l)" -eq 3 ] || fail "parallel: not three shards"
	same "$TEST_TMP/par" "GNU parallel"
else
	note "GNU parallel is not installed: its recipe is not run"
fi
exit 0
