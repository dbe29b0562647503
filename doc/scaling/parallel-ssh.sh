#!/bin/sh
# SPDX-License-Identifier: MIT
# A class graded on a few machines over ssh with GNU parallel, one share per machine:
#
#	HOSTS="lab1,lab2,lab3" CLASS=~/class RESULTS=~/results SEED=20261203 ./parallel-ssh.sh
#
# Every host needs proclab on its PATH and the class at the same path (a shared disk or
# an rsync first); each share comes back with --return, then one gradebook is made here.
# HOSTS=":" runs the shares on this machine (GNU parallel's name for it).
set -eu
: "${HOSTS:?set HOSTS to the ssh logins, separated by commas}"
: "${CLASS:?set CLASS}" "${RESULTS:?set RESULTS}" "${SEED:?set SEED}"
n=$(printf '%s\n' "$HOSTS" | tr ',' '\n' | grep -c .)
mkdir -p "$RESULTS"
cd "$RESULTS"
seq 1 "$n" | parallel --will-cite --sshlogin "$HOSTS" --jobs 1 --return "shard-{}" --cleanup \
    "proclab grade --seed $SEED --shard {}/$n --out shard-{} $CLASS/* >/dev/null"
exec proclab gradebook shard-* --out .
