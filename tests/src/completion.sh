# SPDX-License-Identifier: MIT
# The bash completion (completion/proclab), sourced in bash and driven as bash drives it,
# through COMP_WORDS and COMP_CWORD.
. "$top_srcdir/tests/lib.sh"

command -v bash >/dev/null 2>&1 || skip "no bash"
script=$top_srcdir/completion/proclab

# complete WORD...: what the completion offers for the last WORD, one per line.
complete_words() {
	bash -c '. "$1" || exit 99; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _proclab
		printf "%s\n" "${COMPREPLY[@]}"' complete "$script" "$PROCLAB" "$@"
}
expect_offer() {     # WANT WORD...: WANT among the offers
	local want=$1; shift
	complete_words "$@" >"$TEST_TMP/offers" || fail "completion of '$*' failed"
	grep -qxF -- "$want" "$TEST_TMP/offers" || {
		sed 's/^/  | /' "$TEST_TMP/offers" >&2
		fail "proclab $* <TAB> does not offer '$want'"
	}
}
expect_only() {      # "WANT..." WORD...: exactly these, in this order
	local want=$1; shift
	[ "$(complete_words "$@" | tr '\n' ' ')" = "$want " ] ||
		fail "proclab $* <TAB> offers '$(complete_words "$@" | tr '\n' ' ')', not '$want'"
}

expect_only "check" ch
expect_only "help hint" h
expect_only "--help --version" --
# proclab check --<TAB>: every option check's help names, and --help.
for opt in $("$PROCLAB" check --help | grep -oE -- '--[a-z][a-z-]+' | sort -u) --help; do
	expect_offer "$opt" check --
done
# ... and every other command's options, from its own help.
for cmd in grade gradebook hint watch lesson init; do
	for opt in $("$PROCLAB" "$cmd" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
		expect_offer "$opt" "$cmd" --
	done
done
expect_only "--color" check --co
expect_only "auto always never" check --color =
expect_only "always" check --color = al
expect_only "always" check --color al
expect_only "json" check 1 --format js
# check --dir takes an archive too; hint --dir a folder only
: >"$TEST_TMP/entrega.zip"
expect_only "$TEST_TMP/entrega.zip" check 1 --dir "$TEST_TMP/entr"
expect_only "" hint 1 --dir "$TEST_TMP/entr"
# Exercise numbers and names from proclab list, then 'all' for check; lessons likewise.
expect_offer 12 check ""
expect_offer bank-balance check ""
expect_offer all check ""
expect_only "manager-chat" hint man
expect_offer 17 lesson ""
expect_offer balance-race lesson ""
expect_only "costs" lesson cos
# lesson 6|8 --explore: the strategies a lesson takes (no "off"); --schedule: none to offer
expect_only "dfs random pct" lesson 8 --explore ""
expect_offer --schedule lesson 8 --sch
expect_only "" lesson 8 --schedule ""
expect_only "" check 3 ""
# trace: --step, and 'show' before the file (then files only)
expect_offer --step trace --
expect_offer --run trace "$TEST_TMP/t.jsonl" --
expect_offer show trace ""
: >"$TEST_TMP/race.jsonl"
expect_only "$TEST_TMP/race.jsonl" trace "$TEST_TMP/ra"
expect_only "$TEST_TMP/race.jsonl" trace show "$TEST_TMP/ra"
expect_only "$TEST_TMP/race.jsonl" trace --step "$TEST_TMP/ra"
! complete_words trace show "" | grep -qx show || fail "proclab trace show <TAB> offers 'show' again"
expect_only "environment exit-status" help e
# proclab man: the cards' names and the calls under them, from 'proclab man' itself.
expect_only "man" ma
expect_only "man" help ma
expect_offer mutex man ""
expect_offer WIFEXITED man ""
expect_only "pthread_cond_wait" man pthread_cond_w
expect_only "" man fork ""
# A roster is a file, and the argument after it is not a positional one.
mkdir "$TEST_TMP/c" && : >"$TEST_TMP/c/roster.csv" || exit 99
expect_only "$TEST_TMP/c/roster.csv" grade --roster "$TEST_TMP/c/ro"
expect_only "$TEST_TMP/c/roster.csv" gradebook "$TEST_TMP/c" --roster "$TEST_TMP/c/ro"
expect_only "" grade --shard ""
# Exercise names in any language: the catalog is read in English.
[ "$(LANGUAGE=pt_BR LC_ALL=C.UTF-8 complete_words check "" | wc -l)" -eq "$(complete_words check "" | wc -l)" ] ||
	fail "the completion's catalog depends on the language"
