# SPDX-License-Identifier: MIT
# The conventions a packager checks: --version in the GNU form, the bug address in --help,
# write errors on standard output, --color=WHEN beside NO_COLOR.
. "$top_srcdir/tests/lib.sh"

# --version: name and version, then copyright, licence and no-warranty lines.
expect_status 0 "$PROCLAB" --version
[ "$(head -n 1 "$TEST_TMP/last")" = "proclab $(sed -n 's/^AC_INIT(\[proclab\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")" ] ||
	fail "--version's first line is not 'proclab VERSION' (configure.ac's)"
expect_grep '^Copyright \(C\) [0-9]{4} ' "$TEST_TMP/last"
expect_grep '^License MIT: .*<https://' "$TEST_TMP/last"
expect_grep '^This is free software: you are free to change and redistribute it\.$' "$TEST_TMP/last"
expect_grep '^There is NO WARRANTY, to the extent permitted by law\.$' "$TEST_TMP/last"
[ "$(wc -l < "$TEST_TMP/last")" -eq 5 ] || fail "--version has more than its five lines"

# The overview ends with where to report bugs: a real address, not a placeholder.
for args in --help help ""; do
	# shellcheck disable=SC2086
	expect_status 0 "$PROCLAB" $args
	last=$(tail -n 1 "$TEST_TMP/last")
	case $last in
	"Report bugs to: https://"*) ;;
	*) fail "'proclab $args' does not end with 'Report bugs to: ADDRESS' (got: $last)" ;;
	esac
	expect_no_grep 'example\.invalid' "$TEST_TMP/last"
done
# A command's own help does not repeat it.
expect_status 0 "$PROCLAB" help check
expect_no_grep '^Report bugs' "$TEST_TMP/last"

# A write error on standard output, as gnulib's closeout: one message, exit 3 (internal:
# the machine's fault), whatever the command.
[ -w /dev/full ] || skip "no /dev/full"
for args in --help --version list "help exit-status" "check --help"; do
	status=0
	# shellcheck disable=SC2086
	"$PROCLAB" $args >/dev/full 2>"$TEST_TMP/err" || status=$?
	[ "$status" -eq 3 ] || fail "'proclab $args >/dev/full' exited $status, not 3"
	[ "$(cat "$TEST_TMP/err")" = "proclab: write error: No space left on device" ] || {
		sed 's/^/  | /' "$TEST_TMP/err" >&2
		fail "'proclab $args >/dev/full' did not say 'proclab: write error: No space left on device' once"
	}
done
# Standard output closed before proclab starts is no write error when nothing was written.
status=0
"$PROCLAB" lesson 99 >&- 2>/dev/null || status=$?
[ "$status" -eq 2 ] || fail "a usage error with stdout closed exited $status, not 2"
expect_status 0 "$PROCLAB" help exit-status
expect_grep 'standard output cannot be written' "$TEST_TMP/last"

# --color=WHEN: a bad value is a usage error naming the choices, before anything else.
for cmd in check watch; do
	run "$TEST_TMP/out" "$PROCLAB" "$cmd" --color=blue
	[ "$status" -eq 2 ] || fail "$cmd --color=blue exited $status, not 2"
	expect_grep "^proclab: --color: 'blue' is not a choice: give auto, always or never$" "$TEST_TMP/out"
	expect_grep "^Try 'proclab help $cmd'\.$" "$TEST_TMP/out"
	[ "$(wc -l < "$TEST_TMP/out")" -eq 2 ] || fail "$cmd --color=blue printed more than two lines"
done
expect_status 2 "$PROCLAB" check 1 --color
expect_grep '^proclab: --color needs a value$' "$TEST_TMP/last"

# always colors even into a file (and over NO_COLOR); never and auto off a terminal do not.
expect_status 0 "$PROCLAB" init "$TEST_TMP/w"
esc=$(printf '\033')
color_case() {     # WANT(yes|no) ARGS...
	local want=$1; shift
	status=0
	(cd "$TEST_TMP/w" && "$PROCLAB" check 1 --seed 1 "$@") >"$TEST_TMP/report" 2>&1 || status=$?
	[ "$status" -eq 1 ] || fail "check 1 $* on the stub exited $status, not 1"
	if grep -q "$esc" "$TEST_TMP/report"; then got=yes; else got=no; fi
	[ "$got" = "$want" ] || fail "check 1 $* (NO_COLOR=${NO_COLOR-unset}): colors $got, expected $want"
}
unset NO_COLOR
color_case yes --color=always
color_case yes --color always
color_case no --color=never
color_case no --color=auto
color_case no
NO_COLOR=1 color_case yes --color=always
NO_COLOR=1 color_case no
