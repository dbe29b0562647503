#!/bin/sh
# SPDX-License-Identifier: MIT
# setup.sh: Gradescope runs this once, as root, when it builds the autograder's image from
# autograder.zip (unpacked in /autograder/source). It installs the packages proclab needs
# (the release tarball's own quickstart, the lab's one list of them: nothing is installed
# that dpkg says is there), builds proclab from that tarball, installs it in
# /autograder/proclab, and removes the tarball and the build: the reference solutions
# ship in the tarball and must not stay in the image that grades students.
#
# PROCLAB_AUTOGRADER_ROOT (default /autograder) moves the whole tree, for a test.
set -eu

ROOT=${PROCLAB_AUTOGRADER_ROOT:-/autograder}
SRC=$ROOT/source
PREFIX=$ROOT/proclab
BUILD=$ROOT/build

say() { printf 'setup.sh: %s\n' "$*"; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }

cd "$SRC" 2>/dev/null || die "no folder $SRC: unzip autograder.zip there"
set -- proclab-*.tar.gz
{ [ $# -eq 1 ] && [ -f "$1" ]; } ||
	die "$SRC must hold exactly one proclab-VERSION.tar.gz (make gradescope puts it there)"
TARBALL=$SRC/$1

rm -rf "$BUILD"
mkdir -p "$BUILD"
tar -xzf "$TARBALL" -C "$BUILD" || die "$TARBALL cannot be unpacked: make gradescope again"
set -- "$BUILD"/proclab-*/
{ [ $# -eq 1 ] && [ -d "$1" ]; } || die "$TARBALL did not unpack into one proclab-VERSION/ folder"
cd "$1"

say "packages"
sh ./quickstart --packages
say "building proclab in $BUILD"
./configure --quiet --prefix="$PREFIX"
# nproc in a container may count the host's CPUs: more compilers at once than 768 MB hold
jobs=$(nproc 2>/dev/null || echo 1)
[ "$jobs" -le 4 ] || jobs=4
make -j"$jobs" >"$BUILD/make.log" 2>&1 || { tail -n 50 "$BUILD/make.log" >&2; die "make failed"; }
make install >"$BUILD/install.log" 2>&1 ||
	{ tail -n 50 "$BUILD/install.log" >&2; die "make install failed"; }

cd "$ROOT"
rm -rf "$BUILD" "$TARBALL"
# Nothing of the grader's is the student's to read (Gradescope's own advice): root only.
chmod 0700 "$PREFIX" "$SRC"
"$PREFIX/bin/proclab" --version >/dev/null || die "the installed $PREFIX/bin/proclab does not run"
say "proclab installed in $PREFIX"
