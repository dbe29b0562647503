# SPDX-License-Identifier: MIT
# Lesson 14: Manager: a server process holds the list; workers append through requests.
. "$top_srcdir/tests/lib.sh"
L=$LESSONS/14-manager
out=$TEST_TMP/last

expect_status 0 "$L" --help
expect_grep '^Usage: 14-manager ' "$out"
bad() {
	local msg=$1; shift
	expect_status 2 "$L" "$@"
	[ "$(wc -l <"$out")" -eq 2 ] || { cat "$out" >&2; fail "'$*': expected 2 lines"; }
	expect_grep "^14-manager: $msg\$" "$out"
	expect_grep "^Try '14-manager --help'\.\$" "$out"
}
bad "--workers: '65' is not a whole number from 1 to 64" --workers 65
bad "--workers: '' is not a whole number from 1 to 64" --workers=
bad "unknown or ambiguous option '--bogus'" --bogus
bad "option '--quick' takes no value" --quick=1

check() {  # check N ARGS...
	local n=$1; shift
	expect_status 0 "$L" "$@"
	results=$(sed -n 's/^Results: \[\(.*\)\]$/\1/p' "$out")
	[ -n "$results" ] || fail "no Results line"
	# every item exactly once, in some order
	sorted=$(printf '%s\n' "$results" | tr -d ' ' | tr , '\n' | sort -n | tr '\n' ' ')
	[ "$sorted" = "$(seq 0 $((n - 1)) | tr '\n' ' ')" ] || fail "Results does not hold 0..$((n - 1)) once each: [$results]"
	# one "{item} {list}" line per worker; its list holds its item and is a prefix of
	# the final list (the server only ever appends)
	[ "$(grep -Ec '^[0-9]+ \[[0-9, ]+\]$' "$out")" -eq "$n" ] || fail "expected $n worker lines"
	grep -E '^[0-9]+ \[[0-9, ]+\]$' "$out" | while read -r item list; do
		inner=${list#[}; inner=${inner%]}
		case ", $inner," in *", $item,"*) ;; *) fail "worker $item printed a list without its item: $list" ;; esac
		case "$results, " in "$inner, "*) ;; *) fail "worker $item's list $list is not a prefix of [$results]" ;; esac
	done || exit 1
	# the socket and its folder are gone
	sock=$(grep -Eo '/tmp/proclab-manager-[A-Za-z0-9]+/listener' "$out" | head -1)
	[ -n "$sock" ] || fail "the explanation names no socket"
	[ ! -e "$sock" ] && [ ! -e "$(dirname "$sock")" ] || fail "$sock was left behind"
}
for i in 1 2 3; do
	check 10 --quick
done
check 1 --workers 1
check 64 --workers 64
# Part 2, notebook 001's manager.list([1, 2, 3]) + append(4): the snippet prints
# nothing (said so); the lesson prints [1, 2, 3] then [1, 2, 3, 4] (CPython 3.11
# with a print added before and after), right after its heading.
for args in --quick "--workers 1"; do
	# shellcheck disable=SC2086
	expect_status 0 "$L" $args
	got=$(sed -n '/^Notebook 001: lista_compartilhada = manager.list(\[1, 2, 3\]), then$/,/^$/p' "$out" | tr '\n' '|')
	[ "$got" = 'Notebook 001: lista_compartilhada = manager.list([1, 2, 3]), then|lista_compartilhada.append(4); the notebook prints nothing, the lesson|prints the list before and after:|[1, 2, 3]|[1, 2, 3, 4]||' ] || {
		sed 's/^/  | /' "$out" >&2
		fail "'$args': part 2 is not the heading, [1, 2, 3], [1, 2, 3, 4], a blank line"
	}
	expect_grep "^The notebook's snippet prints nothing; the lists above, \[1, 2, 3\] then \[1, 2, 3, 4\],\$" "$out"
done
# Notebook 001's heading "Gerenciamento de Prioridade" for Manager, corrected.
expect_status 0 "$L" --quick
expect_grep '^Notebook 001 files Manager under the heading "Gerenciamento de Prioridade"$' "$TEST_TMP/last"
expect_grep '^\(priority management\)\. A Manager manages no priorities' "$TEST_TMP/last"
exit 0
