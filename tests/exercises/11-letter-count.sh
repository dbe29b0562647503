#!/bin/sh
# SPDX-License-Identifier: MIT
# Exercise 11: the known answers through proclab check (run-exercise.sh), then, when the
# notebook's corpus (RFC 1000-1019) is in PROCLAB_RFC_DIR, the reference and every
# right-*/ count it for real with 4 processes (rfc_count.c): the totals must be those of
# an independent count, with e = 140093 as in notebook 003. Without the corpus that part
# is skipped (and said so).
sh "$top_srcdir/tests/exercises/run-exercise.sh" 11-letter-count || exit $?
. "$top_srcdir/tests/lib.sh"

ex=11-letter-count
T=$top_srcdir/tests/exercises/$ex
if ! [ -d "${PROCLAB_RFC_DIR:-}" ] || ! [ -r "$PROCLAB_RFC_DIR/rfc1019.txt" ]; then
	note "NOTE: no RFC corpus in PROCLAB_RFC_DIR: the RFC 1000-1019 count was skipped"
	exit 0
fi
rfcs=
for i in $(seq 1000 1019); do
	rfcs="$rfcs $PROCLAB_RFC_DIR/rfc$i.txt"
done
# shellcheck disable=SC2086
cat $rfcs | LC_ALL=C tr -cd 'A-Za-z' | LC_ALL=C tr 'A-Z' 'a-z' | fold -w1 | sort | uniq -c |
    awk '{ n[$2] = $1 } END { for (i = 0; i < 26; i++) { c = sprintf("%c", 97 + i);
	print c, n[c] + 0 } }' >"$TEST_TMP/want"
expect_grep '^e 140093$' "$TEST_TMP/want"
for sol in "$top_srcdir/solutions/$ex" "$T"/right-*/; do
	[ -f "$sol/letters.c" ] || continue
	name=$(basename "$sol")
	[ "$name" = "$ex" ] && name=reference
	${CC:-cc} -std=c11 -pthread -I"$top_srcdir/lib" -I"$top_srcdir/exercises/$ex" \
	    -o "$TEST_TMP/rfc_count" "$sol/letters.c" "$T/rfc_count.c" \
	    "$top_builddir/lib/libproclab.a" -lrt || fail "$name: rfc_count does not build"
	# shellcheck disable=SC2086
	expect_status 0 "$TEST_TMP/rfc_count" 4 $rfcs
	cmp -s "$TEST_TMP/want" "$TEST_TMP/last" || {
		diff "$TEST_TMP/want" "$TEST_TMP/last" | sed 's/^/  | /' >&2
		fail "$name: the letters of RFC 1000-1019 counted with 4 processes differ"
	}
	note "$name: RFC 1000-1019 with 4 processes: the independent count's totals"
done
exit 0
