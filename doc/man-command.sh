#!/bin/sh
# SPDX-License-Identifier: MIT
# doc/man-command.sh PROCLAB CMD: the page proclab-CMD(1), as git has git-commit(1), from
# the program's own 'proclab help CMD': its usage as the synopsis, the rest as the
# description, the one-line summary of 'proclab help' as its name. The date is the
# release's (SOURCE_DATE_EPOCH when set, for Reproducible Builds).
set -eu
p=$1
cmd=$2
say() { printf '%s\n' "$@"; }
roff() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/" -e 's/-/\\-/g'; }

version=$("$p" --version | sed -n '1s/^proclab //p')
date=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" '+%B %Y')
# The overview's line: "  CMD ARG...  summary", the words apart by one space, the columns by two.
summary=$("$p" help | sed -n "s/^  $cmd\\( [^ ]\\{1,\\}\\)*   *\\([a-z].*\\)\$/\\2/p" | head -n 1)
[ -n "$summary" ] || { echo "man-command.sh: 'proclab help' has no line for $cmd" >&2; exit 1; }
"$p" help "$cmd" >"$cmd.help-t"
# The usage: from the first line to the first blank one.
sed -n '1,/^$/p' "$cmd.help-t" | sed '/^$/d; s/^usage: //; s/^       //' >"$cmd.usage-t"
sed '1,/^$/d' "$cmd.help-t" >"$cmd.body-t"

upper=$(printf '%s' "proclab-$cmd" | tr 'a-z' 'A-Z')
say ".TH $upper 1 \"$date\" \"proclab $version\" \"User Commands\""
say '.SH NAME'
say "proclab\\-$cmd \\- $(printf '%s' "$summary" | roff)"
say '.SH SYNOPSIS'
say '.nf'
roff <"$cmd.usage-t"
say '.fi'
say '.SH DESCRIPTION'
say '.nf'
roff <"$cmd.body-t"
say '.fi'
say '.SH EXIT STATUS'
say '.nf'
"$p" help exit-status | sed 1d | roff
say '.fi'
say '.SH SEE ALSO'
say '.BR proclab (1),'
say "and \\fBproclab help $cmd\\fR, which says the same in the language of \\fBLANGUAGE\\fR."
say '.SH REPORTING BUGS'
"$p" help | sed -n 's/^Report bugs to: //p' | roff
rm -f "$cmd.help-t" "$cmd.usage-t" "$cmd.body-t"
