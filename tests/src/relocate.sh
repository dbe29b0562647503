# SPDX-License-Identifier: MIT
# A relocatable install with no build path in it: `make install DESTDIR=D`, then the
# installed tree moved somewhere else, must still find its lessons, exercises, runtime and
# translations, and grade a solution; no installed file may name the source or build
# folder (Reproducible Builds), and no program carries an RPATH.
. "$top_srcdir/tests/lib.sh"

prefix=$(sed -n 's/^prefix = //p' "$top_builddir/Makefile")
[ -n "$prefix" ] || fail "no prefix in $top_builddir/Makefile"
# Only the Makefile's own jobserver, not the suite's: this install is one job of the suite.
expect_status 0 env -u MAKEFLAGS -u MFLAGS make -s -C "$top_builddir" install \
	DESTDIR="$TEST_TMP/dest"
[ -x "$TEST_TMP/dest$prefix/bin/proclab" ] || fail "make install wrote no $prefix/bin/proclab"
mkdir -p "$TEST_TMP/moved"
mv "$TEST_TMP/dest$prefix" "$TEST_TMP/moved/lab"
rm -rf "$TEST_TMP/dest"
lab=$TEST_TMP/moved/lab

# No installed file names the folders it was built from (debug information included).
# One line may name the install prefix, wherever it is (make distcheck's is inside the
# source folder): the AppArmor profile's, which must name the installed program (below).
src=$(cd "$top_srcdir" && pwd -P)
build=$(cd "$top_builddir" && pwd -P)
profile=$lab/etc/apparmor.d/proclab
profile_line="profile proclab $prefix/bin/proclab flags=(unconfined) {"
for dir in "$src" "$build"; do
	grep -rlaF -- "$dir" "$lab" >"$TEST_TMP/named" || continue
	while IFS= read -r f; do
		[ "$f" = "$profile" ] && ! grep -vxF -- "$profile_line" "$f" | grep -qF -- "$dir" &&
			continue
		printf '%s\n' "$f"
	done <"$TEST_TMP/named" >"$TEST_TMP/really"
	if [ -s "$TEST_TMP/really" ]; then
		sed 's/^/  | /' "$TEST_TMP/really" >&2
		fail "installed files name $dir"
	fi
done
# No RPATH or RUNPATH in any installed program.
command -v readelf >/dev/null || skip "no readelf (binutils)"
for exe in "$lab"/bin/* "$lab"/libexec/proclab/*; do
	head -c 4 "$exe" | grep -q ELF || continue
	if readelf -d "$exe" | grep -E '\((RPATH|RUNPATH)\)'; then
		fail "$exe has an RPATH or RUNPATH"
	fi
done

# The AppArmor profile names the installed program (Ubuntu 23.10 and later need it for
# the sandbox's user namespaces); AppArmor 4's parser compiles it where it is installed.
[ -f "$profile" ] || fail "make install wrote no etc/apparmor.d/proclab"
grep -qxF -- "$profile_line" "$profile" || { sed 's/^/  | /' "$profile" >&2
	fail "the AppArmor profile has no line '$profile_line'"; }
expect_grep '^  userns,$' "$profile"
if command -v apparmor_parser >/dev/null &&
	apparmor_parser --version | grep -Eq 'version ([4-9]|[1-9][0-9])\.'; then
	expect_status 0 apparmor_parser --skip-kernel-load --skip-cache "$profile"
else
	note "no AppArmor 4 parser here: the profile's syntax is not compiled"
fi

# The moved tree works: catalog, a lesson (and its source), the translations, and a graded
# solution.
P=$lab/bin/proclab
expect_status 0 "$P" list
expect_grep '^ *12 +manager-chat' "$TEST_TMP/last"
expect_status 0 "$P" lesson 4
expect_grep '^O resultado da funcao1 é: 120$' "$TEST_TMP/last"
# its last line names the program that ran: the installed one, where it now is
exe=$(find "$lab" -name 04-copied-values -type f)
[ -n "$exe" ] || fail "no installed 04-copied-values"
expect_grep "^This program: $(cd "$(dirname "$exe")" && pwd -P)/04-copied-values\$" "$TEST_TMP/last"
# ... and its source, installed for reading: the copy in the moved tree, the source's own
src=$(sed -n 's/^Source: //p' "$TEST_TMP/last")
lab_real=$(cd "$lab" && pwd -P)
case $src in
"$lab_real"/share/*/04-copied-values.c) ;;
*) fail "lesson 4 names its source '$src', not an installed one in $lab_real" ;;
esac
cmp -s "$src" "$top_srcdir/lessons/04-copied-values.c" ||
	fail "the installed $src is not lessons/04-copied-values.c"
expect_status 0 env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$P" help
expect_grep '^uso: proclab ' "$TEST_TMP/last"
# the reference cards of proclab man, in English and in Portuguese
expect_status 0 "$P" man pthread_cond_wait
expect_grep '^cond: condition variables' "$TEST_TMP/last"
expect_status 0 env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$P" man fork
expect_grep '^fork: cria um processo novo$' "$TEST_TMP/last"
expect_status 0 "$P" init "$TEST_TMP/w"
# ... and in Portuguese: the tasks, the stubs and the headers translated, from the moved tree
expect_status 0 env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$P" init "$TEST_TMP/w-pt"
n=0
for e in "$top_srcdir"/exercises/[0-9][0-9]-*/; do
	d=$(basename "$e")
	for t in "$e"README.pt_BR.md "$e"pt_BR/*; do
		f=$(basename "$t")
		[ "$f" = README.pt_BR.md ] && f=README.md
		cmp -s "$t" "$TEST_TMP/w-pt/$d/$f" ||
			fail "LANGUAGE=pt_BR init from the moved tree: $d/$f is not ${t#"$e"}"
		n=$((n + 1))
	done
done
[ "$n" -ge 36 ] || fail "only $n translated files to compare"
cp "$top_srcdir"/solutions/01-fork-join/*.c "$TEST_TMP/w/01-fork-join/"
(cd "$TEST_TMP/w" && "$P" check 1 --seed 7) >"$TEST_TMP/report" 2>&1 ||
	{ sed 's/^/  | /' "$TEST_TMP/report" >&2; fail "the moved proclab did not pass the reference of 01"; }
expect_grep '^score 11/11$' "$TEST_TMP/report"
