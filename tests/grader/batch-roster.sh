#!/bin/sh
# SPDX-License-Identifier: MIT
# proclab grade --roster: a roster as a spreadsheet writes it (BOM, CRLF, quoted commas,
# quotes and line breaks, an extra column, blank rows) gives the gradebook the roster's IDs
# and e-mails exactly (leading zeros kept), every roster student in its order (no scores for
# one who handed nothing in), then a submission not in the roster (graded, one warning);
# spreadsheet protection changes the name cell, never the key nor the ID. Python's csv
# module reads what is written. Each bad roster is one message with its line, exit 2, before
# anything is graded or written. Sharded, the merged gradebook is a single run's, byte for
# byte, with --roster or with the roster the shards kept.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
need_python
make_fixture
S=$TEST_TMP/subs
SRC=$TEST_TMP/src
mkdir -p "$S" "$SRC" || exit 99
make_workdir "$S/alice" good
make_workdir "$S/bob, jr" wrong
make_workdir "$S/-dash" good
make_workdir "$S/=cmd" good
make_workdir "$S/José" good
make_workdir "$S/stray" good
make_workdir "$SRC/carol" good
tar -C "$SRC" -czf "$S/carol.tar.gz" carol || exit 99

# zed handed nothing in; stray is not in the roster. The first column is not proclab's.
R=$TEST_TMP/roster.csv
printf '\357\273\277Name,Folder,ID,E-mail\r\n' >"$R"
printf '"Silva, Alice",alice,0042,alice@x.br\r\n' >>"$R"
printf '"Bob ""Jr"" Souza","bob, jr",0007,bob@x.br\r\n' >>"$R"
printf ',,,\r\n' >>"$R"
printf '"Dash\r\nTwo lines",-dash,00099,dash@x.br\r\n' >>"$R"
printf 'Cmd,=cmd,0100,\r\n' >>"$R"
printf 'Jos\303\251,Jos\303\251,1234,jose@x.br\r\n' >>"$R"
printf 'Carol,carol,,carol@x.br\r\n' >>"$R"
printf 'Zed,zed,0500,zed@x.br\r\n' >>"$R"

G="$PROCLAB grade --jobs 2 --seed 7"
# shellcheck disable=SC2086 # G: the command and its options
expect_status 0 $G --roster "$R" --out "$TEST_TMP/one" "$S"/*
expect_grep '^1 student of the roster handed in nothing' "$TEST_TMP/last"
[ "$(grep -c 'not in the roster' "$TEST_TMP/last")" -eq 1 ] ||
	fail "not one warning about the submission the roster does not list"
expect_grep "/stray: student 'stray' is not in the roster" "$TEST_TMP/last"
cmp -s "$R" "$TEST_TMP/one/roster.csv" || fail "OUT/roster.csv is not the roster as given"

"$PYTHON3" - "$TEST_TMP/one" <<'PY' || fail "gradebook check failed"
import csv, glob, json, sys
out = sys.argv[1]
raw = open(out + "/gradebook.csv", "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM"
rows = list(csv.reader(open(out + "/gradebook.csv", encoding="utf-8-sig", newline="")))
assert rows[0] == ["student", "key", "id", "email", "01-adder", "total"], rows[0]
assert rows[1] == ["(max points)", "", "", "", "8", "8"], rows[1]
body = rows[2:]
assert all(len(r) == 6 for r in body), body
# the roster's order, then the one it does not list; zed with no scores at all
want = [("alice", "0042", "alice@x.br", "8"), ("bob, jr", "0007", "bob@x.br", "0"),
        ("'-dash", "00099", "dash@x.br", "8"), ("'=cmd", "0100", "", "8"),
        ("José", "1234", "jose@x.br", "8"), ("carol", "", "carol@x.br", "8"),
        ("zed", "0500", "zed@x.br", ""), ("stray", "", "", "8")]
got = [(r[0], r[2], r[3], r[5]) for r in body]
assert got == want, got
zed = body[6]
assert zed[1] == "" and zed[4] == "" and zed[5] == "", zed
# the key is each result file's name, exactly; the result names the student exactly
res = {}
for p in glob.glob(out + "/results/*.json"):
    res[p.split("/")[-1][:-5]] = json.load(open(p, encoding="utf-8"))["student"]
keys = {r[1]: r[0] for r in body if r[1]}
assert set(keys) == set(res), (keys, res)
assert keys["-dash"] == "'-dash" and res["-dash"] == "-dash", keys
cmd = [k for k in res if res[k] == "=cmd"]
assert len(cmd) == 1 and keys[cmd[0]] == "'=cmd" and not cmd[0].startswith("="), cmd
# the IDs as text, quoted, not numbers; the roster's other column is not carried
assert b',"0042","alice@x.br",' in raw and b',"00099",' in raw, raw
assert b"Silva" not in raw and b"Two lines" not in raw
PY

# --resume without --roster goes on with the kept one: the same gradebook.
cp "$TEST_TMP/one/gradebook.csv" "$TEST_TMP/before.csv"
# shellcheck disable=SC2086
expect_status 0 $G --resume --out "$TEST_TMP/one" "$S"/*
cmp -s "$TEST_TMP/before.csv" "$TEST_TMP/one/gradebook.csv" ||
	fail "--resume without --roster changed the gradebook"

# Excel in Portuguese: ';' between fields, in UTF-8 with a BOM.
printf '\357\273\277folder;id;email\r\nalice;0042;a@x.br\r\n' >"$TEST_TMP/semi.csv"
# shellcheck disable=SC2086
expect_status 0 $G --roster "$TEST_TMP/semi.csv" --out "$TEST_TMP/semi" "$S/alice"
expect_grep '^"alice",alice,"0042","a@x.br",8,8' "$TEST_TMP/semi/gradebook.csv"

# Bad rosters: one message each (the file, the line, what to do), exit 2, nothing graded
# or written, not even the --out folder.
bad() {     # NAME PATTERN: the roster in $TEST_TMP/bad-NAME.csv (or missing)
	expect_status 2 "$PROCLAB" grade --roster "$TEST_TMP/bad-$1.csv" --out "$TEST_TMP/o-$1" \
	    "$S/alice"
	expect_grep "^proclab: --roster: .*bad-$1\\.csv$2" "$TEST_TMP/last"
	expect_grep "^Try 'proclab help grade'\\.$" "$TEST_TMP/last"
	[ "$(wc -l <"$TEST_TMP/last")" -eq 2 ] || fail "bad roster $1: not one message"
	[ ! -e "$TEST_TMP/o-$1" ] || fail "bad roster $1: something was written"
}
bad missing ': No such file or directory'
printf 'folder,id\nJos\351,1\n' >"$TEST_TMP/bad-latin1.csv"
bad latin1 ': line 2 is not UTF-8 \(byte 0xE9\): save the roster as .CSV UTF-8.'
printf 'folder,id,email\r\n"Two\r\nlines",1,a@x\r\nbob,2\r\n' >"$TEST_TMP/bad-few.csv"
bad few ': line 4 has 2 fields but the header has 3: every row needs a cell for each'
printf 'folder,id\nSilva, Ana,1\n' >"$TEST_TMP/bad-many.csv"
bad many ': line 2 has 3 fields but the header has 2: a field with a comma in it must be'
printf 'folder,id\nalice,1\nbob,2\nalice,3\n' >"$TEST_TMP/bad-dup.csv"
bad dup ": line 4: 'alice' is already on line 2: one row per student"
printf 'folder,id\nalice,0042\nbob,0042\n' >"$TEST_TMP/bad-dupid.csv"
bad dupid ": line 3: 'bob' has the ID of 'alice' \(line 2\)"
: >"$TEST_TMP/bad-empty.csv"
bad empty ' is empty: a roster is a CSV file with a header row \(folder,id,email\)'
printf 'folder,id,email\r\n' >"$TEST_TMP/bad-nostudents.csv"
bad nostudents ' has a header but no students'
printf 'student,id,email\nalice,1,a@x\n' >"$TEST_TMP/bad-header.csv"
bad header ": line 1: no 'folder' column: the first row must be a header naming"
printf 'alice,1,a@x\n' >"$TEST_TMP/bad-noheader.csv"
bad noheader ": line 1: no 'folder' column"
printf 'folder,name\nalice,Alice\n' >"$TEST_TMP/bad-noid.csv"
bad noid ": line 1: neither an 'id' nor an 'email' column"
printf 'folder,id\nalice,"1\n' >"$TEST_TMP/bad-open.csv"
bad open ': line 2: a quoted field is never closed'
printf 'folder,id\nal"ice,1\n' >"$TEST_TMP/bad-quote.csv"
bad quote ': line 2: a double quote out of place'
printf '\377\376f\000o\000l\000' >"$TEST_TMP/bad-utf16.csv"
bad utf16 " is UTF-16 \(Excel's 'Unicode Text'\)"
# ... and for 'proclab gradebook', before its --out folder is made.
expect_status 2 "$PROCLAB" gradebook "$TEST_TMP/one" --roster "$TEST_TMP/bad-dup.csv" \
    --out "$TEST_TMP/o-gb"
expect_grep "^proclab: --roster: .*line 4: 'alice' is already on line 2" "$TEST_TMP/last"
[ ! -e "$TEST_TMP/o-gb" ] || fail "gradebook --roster with a bad roster made --out"
# A kept roster that went bad stops the next batch too, and says what to do.
printf 'nonsense\n' >"$TEST_TMP/one/roster.csv"
# shellcheck disable=SC2086
expect_status 2 $G --resume --out "$TEST_TMP/one" "$S"/*
expect_grep "roster.csv: line 1: no 'folder' column.*give --roster FILE to replace it" \
	"$TEST_TMP/last"
cmp -s "$TEST_TMP/before.csv" "$TEST_TMP/one/gradebook.csv" || fail "the gradebook was rewritten"
cp "$R" "$TEST_TMP/one/roster.csv" || exit 99

# Shards: each keeps the roster and has only its own students; merged, with --roster or
# with the kept roster, the single run's gradebook, byte for byte.
for k in 1 2 3; do
	# shellcheck disable=SC2086
	expect_status 0 $G --shard $k/3 --roster "$R" --out "$TEST_TMP/s$k" "$S"/*
	cmp -s "$R" "$TEST_TMP/s$k/roster.csv" || fail "shard $k did not keep the roster"
	expect_no_grep '^"zed"' "$TEST_TMP/s$k/gradebook.csv"
done
n=$(cat "$TEST_TMP"/s?/gradebook.csv | grep '^"' | grep -vc '^"(max points)"')
[ "$n" -eq 7 ] || fail "the shards' gradebooks have $n students, not the 7 graded"
expect_status 0 "$PROCLAB" gradebook "$TEST_TMP"/s? --roster "$R" --out "$TEST_TMP/m1"
cmp "$TEST_TMP/one/gradebook.csv" "$TEST_TMP/m1/gradebook.csv" ||
	fail "merged with --roster: not the single run's gradebook"
[ "$(grep -c 'not in the roster' "$TEST_TMP/last")" -eq 1 ] ||
	fail "the merge did not warn once about stray"
expect_status 0 "$PROCLAB" gradebook "$TEST_TMP"/s? --out "$TEST_TMP/m2"
cmp "$TEST_TMP/one/gradebook.csv" "$TEST_TMP/m2/gradebook.csv" ||
	fail "merged with the kept roster: not the single run's gradebook"
rm "$TEST_TMP/s2/roster.csv"
expect_status 2 "$PROCLAB" gradebook "$TEST_TMP"/s? --out "$TEST_TMP/m3"
expect_grep 'graded with different rosters \(or one with none\): give --roster FILE' \
	"$TEST_TMP/last"
expect_status 0 "$PROCLAB" gradebook "$TEST_TMP"/s? --roster "$R" --out "$TEST_TMP/m3"
cmp -s "$TEST_TMP/one/gradebook.csv" "$TEST_TMP/m3/gradebook.csv" ||
	fail "--roster did not override the shards' kept rosters"
exit 0
