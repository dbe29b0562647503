# SPDX-License-Identifier: MIT
# tests/grader/sandbox/lib.sh: sourced by the sandbox tests (tests/grader/sandbox/*.sh).
#
# Every run of the driver (sbrun, which calls sandbox_run) happens inside an outer safety
# net of the test's own: a PID namespace that dies with it (unshare --kill-child), a pids
# cgroup of 400 when root can make one, a ulimit and a timeout. A sandbox bug that lets
# kill(-1) or a fork bomb through stops at the net. The survivors are counted INSIDE the
# net, right after sandbox_run returned, from /proc/*/comm ("plhostile", set by every
# hostile program and inherited by its children).
. "$top_srcdir/tests/lib.sh"

SBRUN=$top_builddir/tests/grader/sandbox/sbrun
HOSTILE=$top_builddir/tests/grader/sandbox/hostile
[ -x "$SBRUN" ] || fail "$SBRUN not built (make check builds it)"
command -v unshare >/dev/null 2>&1 || skip "unshare(1) not found: no outer safety net, so no hostile test"

WORK=$TEST_TMP/work
mkdir -p "$WORK" || exit 99

# How the outer PID namespace can be made here (root, or an unprivileged user namespace;
# then an IPC namespace too: the fallback without root cannot find the message queues a
# run leaves, so they must vanish with the net).
if unshare --pid --fork --mount-proc --kill-child true 2>/dev/null; then
	NET="unshare --pid --fork --mount-proc --kill-child"
elif unshare --user --map-current-user --pid --fork --mount-proc --kill-child true 2>/dev/null; then
	NET="unshare --user --map-current-user --ipc --pid --fork --mount-proc --kill-child"
else
	skip "no PID namespace for the outer safety net (not root, no user namespaces)"
fi
export NET

# A pids cgroup around the net, when we may make one (root; cgroup v1 or v2).
OUTER_CG=
outer_cgroup() {
	local base own
	[ "$(id -u)" -eq 0 ] || return 0
	if [ -d /sys/fs/cgroup/pids ]; then
		own=$(sed -n 's/^[0-9]*:pids:\(.*\)/\1/p' /proc/self/cgroup)
		base=/sys/fs/cgroup/pids${own%/}
	elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then
		own=$(sed -n 's/^0::\(.*\)/\1/p' /proc/self/cgroup)
		base=/sys/fs/cgroup${own%/}
	else
		return 0
	fi
	OUTER_CG=$base/proclab-test-$$
	if ! mkdir "$OUTER_CG" 2>/dev/null || ! echo 400 >"$OUTER_CG/pids.max" 2>/dev/null; then
		rmdir "$OUTER_CG" 2>/dev/null
		OUTER_CG=
	fi
}
outer_cgroup
trap 'rm -rf "$TEST_TMP"; [ -z "$OUTER_CG" ] || rmdir "$OUTER_CG" 2>/dev/null' EXIT

# The net: outer.sh joins the cgroup and sets the limits, inner.sh runs in the PID
# namespace and counts the survivors before the namespace (and the net) goes.
cat >"$TEST_TMP/inner.sh" <<'INNER'
"$@"
echo "rc=$?"
n=0
for f in /proc/[0-9]*/comm; do
	[ "$(cat "$f" 2>/dev/null)" = plhostile ] && n=$((n + 1))
done
echo "survivors=$n"
INNER
cat >"$TEST_TMP/outer.sh" <<'OUTER'
cg=$1 inner=$2
shift 2
[ -z "$cg" ] || echo $$ >"$cg/cgroup.procs" || exit 99
ulimit -u 2000 2>/dev/null
exec timeout -s KILL 120 $NET sh "$inner" "$@"
OUTER

# sb MODE OUT [sbrun options] -- CMD...: one sandboxed run in the net (the driver run by
# the words of $SB_AS first, when set: e.g. setpriv to run it as another user; $SB_LAYERS,
# e.g. no-landlock, leaves layers out: see grader/sandbox.c); the result's
# key=value lines in OUT, then rc=(sbrun's status) and survivors=N. MODE: ns, nocg
# (namespaces without cgroups: PROCLAB_SANDBOX=no-cgroups, what a root without usable
# cgroups gets) or rlimits (the fallback, forced with PROCLAB_SANDBOX=rlimits).
sb() {
	local mode=$1 out=$2 force=
	shift 2
	case $mode in
	rlimits) force=PROCLAB_SANDBOX=rlimits${SB_LAYERS:+,$SB_LAYERS} ;;
	nocg) force=PROCLAB_SANDBOX=no-cgroups${SB_LAYERS:+,$SB_LAYERS} ;;
	*) force=${SB_LAYERS:+PROCLAB_SANDBOX=$SB_LAYERS} ;;
	esac
	# shellcheck disable=SC2086 # SB_AS: words before the driver (e.g. setpriv ...)
	(cd "$WORK" && exec env $force sh "$TEST_TMP/outer.sh" "$OUTER_CG" \
	    "$TEST_TMP/inner.sh" ${SB_AS:-} "$SBRUN" --workdir "$WORK" "$@") >"$out" 2>&1
	# SB_BROKEN=yes: a run that is meant to break the sandbox (its survivors die with the net)
	[ "${SB_BROKEN:-}" = yes ] || grep -q '^survivors=0$' "$out" || {
		sed 's/^/  | /' "$out" >&2
		fail "[$mode] $*: processes of the run survived sandbox_run (or the net failed)"
	}
}

# val KEY FILE: the value of KEY= in FILE (the first one).
val() { sed -n "s/^$1=//p" "$2" | head -n 1; }

# expect KEY VALUE FILE [what]
expect() {
	local got
	got=$(val "$1" "$3")
	[ "$got" = "$2" ] || {
		sed 's/^/  | /' "$3" >&2
		fail "${4:-}: $1 is '$got', expected '$2'"
	}
}

# Is student code given a uid of its own (we are root)?
OWN_UID=no
[ "$(id -u)" -eq 0 ] && OWN_UID=yes
# The modes to test: rlimits always; namespaces when this machine allows them, with and
# (as root, who may have cgroups) without cgroups.
MODES=rlimits
sb ns "$TEST_TMP/probe" -- /bin/true
# Does Landlock restrict the runs (any ABI), and confine their signals (ABI 6)?
LANDLOCK=no LANDLOCK_SCOPES=no
[ "$(val landlock "$TEST_TMP/probe")" -ge 1 ] 2>/dev/null && LANDLOCK=yes
[ "$(val landlock "$TEST_TMP/probe")" -ge 6 ] 2>/dev/null && LANDLOCK_SCOPES=yes
if [ "$(val isolation "$TEST_TMP/probe")" != namespaces ]; then
	note "namespaces not available here: testing the rlimits fallback only"
elif [ $OWN_UID = yes ]; then
	MODES="ns nocg rlimits"
else
	MODES="ns rlimits"
fi
