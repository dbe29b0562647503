# SPDX-License-Identifier: MIT
# proclab(1): help2man's page renders with no warning (groff -ww, man -l) and says what
# --help and --version say.
. "$top_srcdir/tests/lib.sh"

command -v groff >/dev/null 2>&1 || skip "groff not found (apt-get install groff-base)"
page=$top_builddir/doc/proclab.1
[ -f "$page" ] || page=$top_srcdir/doc/proclab.1
[ -f "$page" ] || fail "no doc/proclab.1 in the build or source tree"

groff -ww -z -man "$page" 2>"$TEST_TMP/warn" || fail "groff failed on $page"
[ ! -s "$TEST_TMP/warn" ] || { sed 's/^/  | /' "$TEST_TMP/warn" >&2; fail "groff -ww warns on $page"; }
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man --warnings -l "$page" >"$TEST_TMP/page" 2>"$TEST_TMP/warn" || fail "man -l failed"
	[ ! -s "$TEST_TMP/warn" ] || { sed 's/^/  | /' "$TEST_TMP/warn" >&2; fail "man -l warns on $page"; }
else
	groff -man -Tutf8 "$page" >"$TEST_TMP/page"
fi
sed 's/.\x08//g' "$TEST_TMP/page" >"$TEST_TMP/text"
for section in NAME SYNOPSIS DESCRIPTION COMMANDS "EXIT STATUS" ENVIRONMENT "REPORTING BUGS" COPYRIGHT; do
	expect_grep "^$section\$" "$TEST_TMP/text"
done
expect_grep "^ +proclab - a teaching lab" "$TEST_TMP/text"
expect_grep "Report bugs to: https://" "$TEST_TMP/text"
expect_grep "NO WARRANTY" "$TEST_TMP/text"
expect_grep "usage: proclab check N\\|NAME\\|all" "$TEST_TMP/text"
expect_grep "^PROCLAB\\(1\\)" "$TEST_TMP/text"
version=$("$PROCLAB" --version | sed -n '1s/^proclab //p')
expect_grep "^proclab $version " "$TEST_TMP/text"

# A page per command, as git has: each renders with no warning, is named proclab-CMD, and
# says what 'proclab help CMD' says.
for cmd in check grade gradebook help hint init lesson list man run trace watch; do
	expect_grep "proclab-$cmd\\(1\\)" "$TEST_TMP/text"
	page=$top_builddir/doc/proclab-$cmd.1
	[ -f "$page" ] || page=$top_srcdir/doc/proclab-$cmd.1
	[ -f "$page" ] || fail "no doc/proclab-$cmd.1 in the build or source tree"
	groff -ww -z -man "$page" 2>"$TEST_TMP/warn" || fail "groff failed on $page"
	[ ! -s "$TEST_TMP/warn" ] || { sed 's/^/  | /' "$TEST_TMP/warn" >&2; fail "groff -ww warns on $page"; }
	MANWIDTH=100 groff -man -Tutf8 -rLL=100n "$page" 2>/dev/null | sed 's/.\x08//g' >"$TEST_TMP/cmd"
	expect_grep "^PROCLAB-$(printf '%s' "$cmd" | tr 'a-z' 'A-Z')\\(1\\)" "$TEST_TMP/cmd"
	expect_grep "^ +proclab-$cmd - [a-z]" "$TEST_TMP/cmd"
	for section in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" "SEE ALSO" "REPORTING BUGS"; do
		expect_grep "^$section\$" "$TEST_TMP/cmd"
	done
	# Every line of the command's help is on its page (the usage without "usage: ").
	LC_ALL=C "$PROCLAB" help "$cmd" | sed -e 's/^usage: //' -e '/^$/d' -e 's/^ *//' \
		>"$TEST_TMP/help"
	sed 's/^ *//' "$TEST_TMP/cmd" | grep -vxF -f - "$TEST_TMP/help" >"$TEST_TMP/lacks" || :
	[ ! -s "$TEST_TMP/lacks" ] || { sed 's/^/  | /' "$TEST_TMP/lacks" >&2
		fail "proclab-$cmd(1) lacks these lines of 'proclab help $cmd'"; }
done
