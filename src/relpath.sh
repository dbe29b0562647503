#!/bin/sh
# SPDX-License-Identifier: MIT
# relpath.sh FROM TO: directory TO written relative to directory FROM, both absolute, as
# make expands configure's directories: "relpath.sh /usr/bin /usr/share/proclab" prints
# "../share/proclab". The installed programs find their parts this way, so that no
# absolute path is compiled in and a copied install tree still works.
set -euf

norm() {	# PATH: without "", "." and ".." components, no trailing slash ("" for /)
	out=
	old_ifs=$IFS
	IFS=/
	for c in $1; do
		case $c in
		'' | .) ;;
		..) out=${out%/*} ;;
		*) out=$out/$c ;;
		esac
	done
	IFS=$old_ifs
	printf '%s\n' "$out"
}

case $1$2 in
/*/*) ;;
*) echo "relpath.sh: give two absolute directories (got '$1' and '$2')" >&2; exit 2 ;;
esac
from=$(norm "$1")
to=$(norm "$2")
up=
while :; do
	case $to/ in
	"$from"/*) break ;;
	esac
	from=${from%/*}
	up=../$up
done
rest=${to#"$from"}
rest=${rest#/}
result=$up$rest
result=${result%/}
printf '%s\n' "${result:-.}"
