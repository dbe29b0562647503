#!/bin/sh
# SPDX-License-Identifier: MIT
# doc/man-include.sh PROCLAB: help2man's include file for proclab(1), from the program's
# own help, so the page says what 'proclab help CMD' says: one section per command,
# then the environment and the exit statuses.
set -eu
p=$1
say() { printf '%s\n' "$@"; }
# Text as roff: backslashes escaped, no line read as a request, kept as it is laid out.
roff() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/" -e 's/-/\\-/g'; }
say '[SYNOPSIS]'
say '.B proclab'
say '\fICOMMAND\fR [\fIARGS\fR...]'
say '.br'
say '.B proclab'
say '\fB\-\-help\fR | \fB\-\-version\fR'
say '.br'
say '.B proclab'
say '(alone, in a working copy: the home screen, as \fBproclab watch\fR)'
say ''
say '[COMMANDS]'
for c in list lesson man init check hint run trace watch grade gradebook help; do
	say ".SS $c"
	echo '.nf'
	"$p" help "$c" | roff
	echo '.fi'
done
say ''
say '[ENVIRONMENT]'
say '.nf'
"$p" help environment | sed 1d | roff
say '.fi'
say ''
say '[EXIT STATUS]'
say '.nf'
"$p" help exit-status | sed 1d | roff
say '.fi'
say ''
say '[SEE ALSO]'
say '.ad l'
say 'A page per command: \fB\%proclab\-check\fR(1), \fB\%proclab\-grade\fR(1),'
say '\fB\%proclab\-gradebook\fR(1), \fB\%proclab\-help\fR(1), \fB\%proclab\-hint\fR(1),'
say '\fB\%proclab\-init\fR(1), \fB\%proclab\-lesson\fR(1), \fB\%proclab\-list\fR(1), \fB\%proclab\-man\fR(1),'
say '\fB\%proclab\-run\fR(1), \fB\%proclab\-trace\fR(1),'
say '\fB\%proclab\-watch\fR(1).'
say '.PP'
say 'The lessons and exercises: \fBproclab list\fR; the task of exercise N: its README.md in'
say 'the working copy \fBproclab init\fR makes.'
