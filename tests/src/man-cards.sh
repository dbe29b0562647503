#!/bin/sh
# SPDX-License-Identifier: MIT
# proclab man (issue 9): every call of the issue, and every socket call of lesson 15, has a
# card, found by any of its names; the Portuguese cards with LANGUAGE=pt_BR; an unknown name
# fails with its message and status 2; the lessons, exercises, cards and manual pages that
# the cards name exist (and the "No manual entry" they report is true); the cards use only
# the Markdown that proclab lays out, fit 80 columns, and go through the pager on a terminal.
. "$top_srcdir/tests/lib.sh"

CARDS=$top_srcdir/doc/cards
[ -f "$CARDS/cards.list" ] || fail "no $CARDS/cards.list"
# cards.list, one card a line: NAME, then every name it answers to.
awk '/^[ \t]*(#|$)/ { next }
	/^[ \t]/ { for (i = 1; i <= NF; i++) line = line " " $i; next }
	{ if (line != "") print line; line = $0; gsub(/[ \t]+/, " ", line) }
	END { if (line != "") print line }' "$CARDS/cards.list" >"$TEST_TMP/cards"
[ -s "$TEST_TMP/cards" ] || fail "cards.list names no card"
cut -d' ' -f1 "$TEST_TMP/cards" >"$TEST_TMP/names"
title_of() { sed -n '1s/^# //p' "$1"; }         # FILE: a card's title, as proclab shows it
first() { head -n 1 "$TEST_TMP/last"; }         # the first line proclab printed

# shows CARD NAME...: proclab man NAME, for each NAME, shows CARD (its title comes first).
shows() {
	local card=$1 title name
	shift
	[ -f "$CARDS/$card.md" ] || fail "no card $card.md for $*"
	title=$(title_of "$CARDS/$card.md")
	for name in "$@"; do
		expect_status 0 "$PROCLAB" man "$name"
		[ "$(first)" = "$title" ] || fail "proclab man $name shows '$(first)', not $card.md"
	done
}

# 1. The calls of the issue find the card that covers them.
shows fork fork
shows wait wait waitpid WIFEXITED WEXITSTATUS WIFSIGNALED WTERMSIG
shows exit _exit exit
shows mmap mmap MAP_SHARED MAP_ANONYMOUS
shows shm shm_open ftruncate shm_unlink
shows mutex pthread_mutexattr_setpshared pthread_mutex_init pthread_mutex_lock \
	pthread_mutex_unlock pthread_mutex_trylock
shows cond pthread_condattr_setpshared pthread_cond_init pthread_cond_wait \
	pthread_cond_signal pthread_cond_broadcast
shows sem sem_init sem_open sem_wait sem_post sem_unlink
shows pipe pipe
shows socketpair socketpair
shows poll poll
shows read-write read write
shows mq mq_open mq_send mq_receive
# ... and so does every socket call that lesson 15 makes, read from its source.
SOCKET_API='socket|bind|listen|accept4?|connect|send|sendto|sendmsg|recv|recvfrom|recvmsg'
SOCKET_API="$SOCKET_API|shutdown|[gs]etsockopt|getsockname|getpeername|hton[ls]|ntoh[ls]"
SOCKET_API="$SOCKET_API|inet_pton|inet_ntop|getaddrinfo|gethostbyname|select|poll"
grep -ohE "\\b($SOCKET_API)\\(" "$top_srcdir"/lessons/15-*.c | tr -d '(' | sort -u \
	>"$TEST_TMP/calls15"
[ "$(wc -l <"$TEST_TMP/calls15")" -ge 8 ] || fail "lesson 15's socket calls were not found"
while read -r call; do
	expect_status 0 "$PROCLAB" man "$call"
done <"$TEST_TMP/calls15"

# 2. Any name of a card finds it, in any case, with "()" or "(2)" after it; every name
#    that cards.list gives a card finds that card.
expect_status 0 "$PROCLAB" man mutex
cp "$TEST_TMP/last" "$TEST_TMP/mutex"
for name in pthread_mutex_lock PTHREAD_MUTEX_LOCK 'pthread_mutex_lock()' 'pthread_mutex_lock(3)'
do
	expect_status 0 "$PROCLAB" man "$name"
	cmp -s "$TEST_TMP/last" "$TEST_TMP/mutex" || fail "proclab man $name is not the mutex card"
done
while read -r card names; do
	# shellcheck disable=SC2086
	shows "$card" $names
done <"$TEST_TMP/cards"

# 3. The list: every card with its title, in the order of cards.list, and its names.
expect_status 0 "$PROCLAB" man
sed -n 's/^  \([^ ][^ ]*\)  .*/\1/p' "$TEST_TMP/last" >"$TEST_TMP/listed"
cmp -s "$TEST_TMP/listed" "$TEST_TMP/names" ||
	fail "'proclab man' does not list the cards of cards.list, in its order"
while read -r card names; do
	title=$(title_of "$CARDS/$card.md")
	grep -qxF "  $(printf '%-10s' "$card")  ${title#"$card: "}" "$TEST_TMP/last" ||
		fail "'proclab man' does not show '$card' with its title"
done <"$TEST_TMP/cards"
expect_grep '^ +pthread_mutex_init, pthread_mutex_lock,' "$TEST_TMP/last"

# 4. A name with no card: one line that names names with a card, the hint, status 2.
for name in pthread_mutx_lock kill "" "../../etc/passwd"; do
	run "$TEST_TMP/out" "$PROCLAB" man "$name"
	[ "$status" -eq 2 ] || fail "proclab man '$name' exited $status, not 2"
	[ "$(wc -l <"$TEST_TMP/out")" -eq 2 ] || { sed 's/^/  | /' "$TEST_TMP/out" >&2
		fail "proclab man '$name' printed more than two lines"; }
	re=$(printf '%s' "$name" | sed 's/[.]/[.]/g')
	expect_grep "^proclab: no card for '$re' \\(the closest names: [^)]+\\);" "$TEST_TMP/out"
	expect_grep "; 'proclab man' lists the cards\$" "$TEST_TMP/out"
	expect_grep "^Try 'proclab help man'\\.\$" "$TEST_TMP/out"
	sed -n '1s/.*(the closest names: \([^)]*\)).*/\1/p' "$TEST_TMP/out" | tr -d ',' |
		tr ' ' '\n' >"$TEST_TMP/near"
	[ -s "$TEST_TMP/near" ] || fail "proclab man '$name' names no close card"
	while read -r near; do
		expect_status 0 "$PROCLAB" man "$near"
	done <"$TEST_TMP/near"
done
run "$TEST_TMP/out" "$PROCLAB" man pthread_mutx_lock
expect_grep "closest names: pthread_mutex_lock\\)" "$TEST_TMP/out"
expect_status 2 "$PROCLAB" man fork wait
expect_grep "^proclab: one call at a time, not also 'wait'\$" "$TEST_TMP/last"
expect_status 2 "$PROCLAB" man --frob
expect_grep "unknown option '--frob'" "$TEST_TMP/last"
expect_status 0 "$PROCLAB" help man
expect_grep 'usage error \(exit status 2\)' "$TEST_TMP/last"
# A write error on standard output is exit 3, as for every command.
if [ -w /dev/full ]; then
	status=0
	"$PROCLAB" man fork >/dev/full 2>"$TEST_TMP/err" || status=$?
	[ "$status" -eq 3 ] || fail "proclab man fork >/dev/full exited $status, not 3"
	expect_grep '^proclab: write error' "$TEST_TMP/err"
fi

# 5. The cards use only what card_render lays out: a title "# NAME: ...", "## " headings,
#    ``` fences (opened with ```c or ```, closed), lists and prose; every card and every
#    translation fits 80 columns as shown. Every card is in cards.list and po4a.cfg.
cat >"$TEST_TMP/format.awk" <<'EOF'
function bad(what) { print f ": " FNR ": " what; status = 1 }
/^```/ { if (!code && $0 !~ /^```c?$/) bad("a fence other than ```c"); code = !code; next }
code { next }
/^#/ && FNR > 1 && !/^## [^ ]/ { bad("a heading other than ##") }
/\*\*|\]\(|^[|>]|^    [^ ]/ { bad("Markdown that proclab does not lay out") }
END { if (code) bad("a code block is not closed"); exit status }
EOF
for md in "$CARDS"/*.md; do
	base=${md##*/}
	card=${base%%.*}
	grep -qx "$card" "$TEST_TMP/names" || fail "$base: '$card' is not in cards.list"
	case $base in
	*.*.md) ;;
	*) grep -q "^\\[type: md\\] doc/cards/$base " "$top_srcdir/po4a/po4a.cfg" ||
		fail "doc/cards/$base is not in po4a/po4a.cfg" ;;
	esac
	head -n 1 "$md" | grep -q "^# $card: [^ ]" ||
		fail "$base: its first line is not '# $card: TITLE'"
	awk -v f="$base" -f "$TEST_TMP/format.awk" "$md" >"$TEST_TMP/format" ||
		{ sed 's/^/  | /' "$TEST_TMP/format" >&2; fail "$base: see above"; }
done
locale -a 2>/dev/null | grep -qix 'c\.utf-\?8' && HAVE_UTF8=yes || HAVE_UTF8=no
narrow() { # FILE WHAT: every line of FILE at most 80 columns wide
	[ "$HAVE_UTF8" = no ] || [ "$(LC_ALL=C.UTF-8 wc -L <"$1")" -le 80 ] ||
		fail "$2 is wider than 80 columns"
}
while read -r card names; do
	"$PROCLAB" man "$card" >"$TEST_TMP/en" || fail "proclab man $card failed"
	narrow "$TEST_TMP/en" "proclab man $card"
done <"$TEST_TMP/cards"
"$PROCLAB" man >"$TEST_TMP/list"
narrow "$TEST_TMP/list" "'proclab man'"

# 6. In Portuguese: each card's translation, with its own title; a language without one
#    gets English.
if [ "$HAVE_UTF8" = yes ]; then
	while read -r card names; do
		[ -f "$CARDS/$card.pt_BR.md" ] || fail "no $card.pt_BR.md (make makes it with po4a)"
		pt=$(title_of "$CARDS/$card.pt_BR.md")
		[ "$pt" != "$(title_of "$CARDS/$card.md")" ] ||
			fail "$card.pt_BR.md's title is English"
		name=${names%% *}
		run "$TEST_TMP/last" env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" man "$name"
		[ "$status" -eq 0 ] || fail "LANGUAGE=pt_BR proclab man $name exited $status"
		[ "$(first)" = "$pt" ] ||
			fail "LANGUAGE=pt_BR proclab man $name is not $card.pt_BR.md"
		narrow "$TEST_TMP/last" "$card.pt_BR.md"
	done <"$TEST_TMP/cards"
	run "$TEST_TMP/last" env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" man
	expect_grep '^  fork        cria um processo novo$' "$TEST_TMP/last"
	narrow "$TEST_TMP/last" "'proclab man' in Portuguese"
	run "$TEST_TMP/last" env LANGUAGE=fr LC_ALL=C.UTF-8 "$PROCLAB" man fork
	[ "$(first)" = "$(title_of "$CARDS/fork.md")" ] ||
		fail "with no French card, proclab man fork is not the English card"
	run "$TEST_TMP/out" env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$PROCLAB" man kill
	[ "$status" -eq 2 ] || fail "LANGUAGE=pt_BR proclab man kill exited $status, not 2"
	expect_grep "^proclab: nenhuma ficha para 'kill' " "$TEST_TMP/out"
fi

# 7. What the cards name exists: each 'proclab lesson N' is a lesson, each 'exercise NN'
#    an exercise (with its name where the card gives one, and then using one of the card's
#    names), each 'proclab man NAME' a card; the translation names the same ones.
refs() { # MD: one line per reference: "lesson N NAME", "exercise NN NAME", "man NAME"
	sed -e 's/`proclab lesson \([0-9][0-9]*\)` (\([a-z0-9-]*\))/\n@lesson \1 \2\n/g' \
	    -e 's/`proclab lesson \([0-9][0-9]*\)`/\n@lesson \1 -\n/g' \
	    -e 's/exerc[a-zí]* \([0-9][0-9]\) (\([a-z0-9-]*\))/\n@E \1 \2\n/g' \
	    -e 's/exerc[a-zí]* \([0-9][0-9]\)/\n@E \1 -\n/g' \
	    -e 's/`proclab man \([A-Za-z0-9_-]*\)`/\n@man \1\n/g' "$1" |
		sed -n -e 's/^@E /exercise /p' -e 's/^@\([lm]\)/\1/p'
}
uses() { # FILE...: one of the card's names ($TEST_TMP/words) is in them
	cat "$@" | grep -qwF -f "$TEST_TMP/words"
}
check_ref() { # CARD KIND N NAME
	local card=$1 kind=$2 n=$3 name=$4 nn
	case $kind in
	lesson)
		nn=$(printf '%02d' "$n")
		ls "$top_srcdir/lessons/$nn"-*.c >/dev/null 2>&1 ||
			fail "$card.md names proclab lesson $n, which does not exist"
		expect_status 0 "$PROCLAB" lesson "$n" --help
		[ "$name" = - ] && return
		[ -f "$top_srcdir/lessons/$nn-$name.c" ] ||
			fail "$card.md: lesson $n is not ($name)"
		uses "$top_srcdir/lessons/$nn-$name.c" ||
			fail "$card.md cites lesson $n ($name), which uses none of its calls"
		;;
	exercise)
		ls -d "$top_srcdir/exercises/$n"-*/ >/dev/null 2>&1 ||
			fail "$card.md names exercise $n, which does not exist"
		[ "$name" = - ] && return
		[ -d "$top_srcdir/exercises/$n-$name" ] ||
			fail "$card.md: exercise $n is not ($name)"
		uses "$top_srcdir/exercises/$n-$name/README.md" \
		    "$top_srcdir/solutions/$n-$name"/*.c ||
			fail "$card.md cites exercise $n ($name), which uses none of its calls"
		;;
	man)
		expect_status 0 "$PROCLAB" man "$n"
		;;
	esac
}
while read -r card names; do
	# shellcheck disable=SC2086
	printf '%s\n' $names >"$TEST_TMP/words"
	refs "$CARDS/$card.md" >"$TEST_TMP/refs-en"
	while read -r kind n name; do
		check_ref "$card" "$kind" "$n" "$name" </dev/null
	done <"$TEST_TMP/refs-en"
	[ -f "$CARDS/$card.pt_BR.md" ] || continue
	refs "$CARDS/$card.pt_BR.md" | sort >"$TEST_TMP/b"
	sort "$TEST_TMP/refs-en" >"$TEST_TMP/a"
	cmp -s "$TEST_TMP/a" "$TEST_TMP/b" || {
		diff "$TEST_TMP/a" "$TEST_TMP/b" | sed 's/^/  | /' >&2
		fail "$card.pt_BR.md names other lessons, exercises or cards than $card.md"
	}
done <"$TEST_TMP/cards"

# 8. The system's manual pages the cards name: on Debian with manpages-dev, each exists and
#    comes from the package the card says (sections 2 and 3 manpages-dev, 7 manpages); each
#    in a paragraph that says "No manual entry" does not exist (unless glibc-doc or
#    manpages-posix-dev, which the cards speak of, are installed). Docker images often
#    drop /usr/share/man whatever is installed: then nothing is checked.
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
if command -v man >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1 &&
    installed manpages-dev && installed manpages && man -w 2 fork >/dev/null 2>&1 &&
    man -w 7 pipe >/dev/null 2>&1; then
	if installed glibc-doc || installed manpages-posix-dev; then none=skip; else none=check; fi
	sed "s|.*|$CARDS/&.md|" "$TEST_TMP/names" >"$TEST_TMP/english"
	# shellcheck disable=SC2046
	awk 'BEGIN { RS = "" }
		{ no = /No manual entry/; s = $0
		  while (match(s, /`man [0-9] [A-Za-z0-9_]+`/)) {
			print (no ? "none " : "page ") substr(s, RSTART + 5, RLENGTH - 6)
			s = substr(s, RSTART + RLENGTH) } }' $(cat "$TEST_TMP/english") |
		sort -u >"$TEST_TMP/pages"
	grep -q '^none ' "$TEST_TMP/pages" || fail "no card says which pages are missing"
	while read -r what sec page; do
		path=$(man -w "$sec" "$page" 2>/dev/null) || path=
		if [ "$what" = none ]; then
			[ "$none" = skip ] || [ -z "$path" ] ||
				fail "a card says 'man $sec $page' has no entry, but it is $path"
			continue
		fi
		[ -n "$path" ] || fail "a card names 'man $sec $page', which this system lacks"
		pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | cut -d: -f1)
		case $sec in 7) want=manpages ;; *) want=manpages-dev ;; esac
		[ "$pkg" = "$want" ] ||
			fail "man $sec $page is in '$pkg', not $want as the cards say"
	done <"$TEST_TMP/pages"
else
	note "no man, or no manpages-dev and manpages here: the cards' manual pages not checked"
fi

# 9. The pager, on a terminal (script(1) makes one): $PAGER gets the card plainly; with
#    PAGER unset, less -R gets it in bold; with no less, or a PAGER that cannot run, the
#    card comes on the terminal itself. Off a terminal no pager runs.
PAGER="touch $TEST_TMP/paged" "$PROCLAB" man fork >"$TEST_TMP/plain" ||
	fail "proclab man fork failed"
[ ! -e "$TEST_TMP/paged" ] || fail "proclab man ran the pager with no terminal"
grep -q "$(printf '\033')" "$TEST_TMP/plain" && fail "proclab man fork into a file has colors"
SCRIPT=$(command -v script) || skip "no script(1) (util-linux): the pager is not checked"
TITLE=$(head -n 1 "$TEST_TMP/plain")
on_tty() { # ENV...: proclab man fork on a terminal, with env's ENV; its output in tty-text
	timeout 30 env "$@" SHELL=/bin/sh "$SCRIPT" -qec "$PROCLAB man fork" /dev/null \
		</dev/null >"$TEST_TMP/tty" 2>&1 || fail "proclab man fork on a terminal failed"
	tr -d '\r' <"$TEST_TMP/tty" >"$TEST_TMP/tty-text"
}
on_tty PAGER="cat >$TEST_TMP/paged"
cmp -s "$TEST_TMP/paged" "$TEST_TMP/plain" || fail "\$PAGER did not get the card as it is"
mkdir "$TEST_TMP/bin" "$TEST_TMP/nobin" || exit 99
printf '#!/bin/sh\nprintf "%%s\\n" "$*" >"%s/less-args"\ncat >"%s/less-in"\n' \
	"$TEST_TMP" "$TEST_TMP" >"$TEST_TMP/bin/less" && chmod +x "$TEST_TMP/bin/less" || exit 99
on_tty -u PAGER -u NO_COLOR TERM=xterm PATH="$TEST_TMP/bin:$PATH"
[ "$(cat "$TEST_TMP/less-args")" = "-R" ] || fail "with PAGER unset, less was not run as less -R"
grep -q "$(printf '\033\\[1m')" "$TEST_TMP/less-in" || fail "less -R got no bold"
sed 's/\x1b\[[0-9]*m//g' "$TEST_TMP/less-in" | tr -d '`' >"$TEST_TMP/a"
tr -d '`' <"$TEST_TMP/plain" >"$TEST_TMP/b"
cmp -s "$TEST_TMP/a" "$TEST_TMP/b" || fail "less -R got another text than the card"
on_tty -u PAGER NO_COLOR=1 PATH="$TEST_TMP/bin:$PATH"
grep -q "$(printf '\033')" "$TEST_TMP/less-in" && fail "NO_COLOR=1: less -R still got colors"
on_tty -u PAGER NO_COLOR=1 PATH="$TEST_TMP/nobin"
grep -qxF "$TITLE" "$TEST_TMP/tty-text" || fail "with no less, the card is not on the terminal"
on_tty PAGER=no-such-pager-here
expect_grep "^proclab: the pager 'no-such-pager-here' could not be run" "$TEST_TMP/tty-text"
grep -qxF "$TITLE" "$TEST_TMP/tty-text" || fail "after a pager that failed, no card"
exit 0
