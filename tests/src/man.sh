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
