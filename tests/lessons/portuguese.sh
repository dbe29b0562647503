#!/bin/sh
# SPDX-License-Identifier: MIT
# Every lesson speaks Portuguese with LANGUAGE=pt_BR LC_ALL=C.UTF-8: each run below is made
# in English and in Portuguese, and a line of the Portuguese run that is also a line of the
# English run (digits aside) and reads as English prose (three or more distinct English
# function words) is an untranslated explanation. The notebook's own lines (Portuguese),
# its figures and quoted code are left alone by that rule. PT_LESSONS="04 06" checks some.
. "$top_srcdir/tests/lib.sh"
locale -a 2>/dev/null | grep -qix 'c.utf-\?8' || skip "no C.UTF-8 locale"

# The runs of each lesson: its options, one run per "|"-separated set. Each lesson's modes
# that explain something of their own (a deadlock, --no-lock, ...) are listed here.
runs() {
	case $1 in
	01) echo '--help|--quick|--quick=2' ;;
	02) echo '--help|--quick --starts 3|--quick --starts 1|--starts 0|--child x' ;;
	03) echo '--help|--quick|--trials 5|Mundo' ;;
	04) echo '--help|--quick|--bogus' ;;
	05) echo '--help|--quick|--first funcao2 --quick|--first funcao3' ;;
	06) echo '--help|--quick --seed 1|--trials 1 --think-ms 5 --seed 2|--trials 4 --think-ms 0' \
		'--seed 5|--trials 0' ;;
	07) echo '--help|--quick|--trials 1 --think-ms 5|--trials 10001' ;;
	08) echo '--help|--quick|--trials 3 --think-ms 1|--no-lock --quick|--no-lock --trials 3' \
		'--think-ms 3|--no-lock --think-ms 0|--think-ms x' ;;
	09) echo '--help|--quick|--no-lock --trials 3|--no-lock --think-ms 0 --trials 3|--trials x' ;;
	10) echo '--help|--quick|--quick --consumers 1 --producers 1|--messages 0' ;;
	11) echo '--help|--quick|--timeout-ms 49' ;;
	12) echo '--help|--quick|--quick --workers 1|--quick --chunksize 20|--think-ms 0' \
		'--workers 2|--workers 0' ;;
	13) echo '--help|--quick|--think-ms 0' ;;
	14) echo '--help|--quick|--workers 1|--workers 65' ;;
	15) echo '--help|--quick|--trace --authkey k3y|--port abc|--get --port 1|--serve --get' ;;
	16) echo '--help|--quick|--quick --widen|--quick --think-ms 0 --trials 2|--quick --repr' \
		'--tables --quick|--trials 0|--quick /nonexistent' ;;
	17) echo '--help|--quick|--quick --no-python --cpu 0|--reps 0|--cpu x' ;;
	*) echo '--help|--quick' ;;
	esac
}

ENGLISH=' the and of to is that it with for on was are when which each this what why not but
 by from its into only than were be has have here there every after before then own same all
 an at or how while until because '

# The lines a lesson quotes word for word from a notebook that says them in English: they
# stay as the notebook has them in every language (the lesson explains them around).
quoted() {
	case $1 in
	01) echo '- GIL allows the processes to run on single core only.' ;;
	02) echo 'When the program starts and selects the forkserver start method, a server' \
		'process is started.' ;;
	esac
}

# english_lines FILE: the lines of FILE with three or more distinct English function words.
english_lines() {
	awk -v words="$ENGLISH" '
	BEGIN { n = split(words, w, /[ \n]+/); for (i = 1; i <= n; i++) if (w[i] != "") fw[w[i]] = 1 }
	{
		line = tolower($0); gsub(/[^a-z]+/, " ", line)
		k = split(line, t, " "); delete seen; c = 0
		for (i = 1; i <= k; i++) if ((t[i] in fw) && !(t[i] in seen)) { seen[t[i]] = 1; c++ }
		if (c >= 3) print
	}' "$1"
}

# Every lesson built (all of them speak Portuguese), or the ones PT_LESSONS names.
lessons=${PT_LESSONS:-$(ls "$LESSONS" | sed -n 's/^\([0-9][0-9]\)-[a-z0-9-]*$/\1/p' | sort -u)}
[ -n "$lessons" ] || fail "no lessons built in $LESSONS"
bad=0
for n in $lessons; do
	# the program, not its object file: a dot in the name, not in the folders above it
	exe=
	for f in "$LESSONS/$n"-*; do
		case ${f##*/} in
		*.*) ;;
		*) exe=$f && break ;;
		esac
	done
	[ -n "$exe" ] && [ -x "$exe" ] || fail "lesson $n was not built"
	quoted "$n" | sed 's/[0-9]/#/g' >"$TEST_TMP/quoted"
	IFS='|'
	for args in $(runs "$n"); do
		unset IFS
		# shellcheck disable=SC2086
		env -u LANGUAGE LC_ALL=C.UTF-8 "$exe" $args >"$TEST_TMP/en" 2>&1
		# shellcheck disable=SC2086
		env LANGUAGE=pt_BR LC_ALL=C.UTF-8 "$exe" $args >"$TEST_TMP/pt" 2>&1
		sed 's/[0-9]/#/g' "$TEST_TMP/en" | sort -u >"$TEST_TMP/en.lines"
		sed 's/[0-9]/#/g' "$TEST_TMP/pt" >"$TEST_TMP/pt.norm"
		english_lines "$TEST_TMP/pt.norm" | sort -u | comm -12 - "$TEST_TMP/en.lines" |
			grep -vxF -f "$TEST_TMP/quoted" >"$TEST_TMP/untranslated"
		if [ -s "$TEST_TMP/untranslated" ]; then
			printf 'lesson %s %s: untranslated lines:\n' "$n" "$args" >&2
			sed 's/^/  | /' "$TEST_TMP/untranslated" >&2
			bad=1
		fi
		if cmp -s "$TEST_TMP/en" "$TEST_TMP/pt"; then
			printf 'lesson %s %s: the Portuguese run is the English run\n' "$n" "$args" >&2
			bad=1
		fi
		IFS='|'
	done
	unset IFS
done
[ "$bad" -eq 0 ] || fail "untranslated lesson output (lines above)"
