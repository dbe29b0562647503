/* SPDX-License-Identifier: MIT */
/*
 * judge_letters.c: the judge of exercise 11 (parallel letter count). It chooses every
 * file of a test (how many of each letter, in each case, and of the other bytes it
 * holds; which paths are named pipes, which file is empty or missing), counts the
 * totals itself from those choices and decides from what test_letters.c reports.
 *
 * Wrong totals are explained only as far as they show it. The judge knows each file's
 * letters and each child's (files c, c + nprocs, ...): totals short by exactly some
 * children's tables, letter by letter, are lost updates when several children were
 * between reading a total and writing it at once (lab_think's count), or totals copied
 * before those children had added theirs when no two were; totals short by exactly some
 * whole files name those files; anything else is part of a file left uncounted.
 */
#include "judge.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "letters.h"

#define MAX_FILES	16
#define FILE_FIELDS	(2 * LETTERS + 2)       /* a..z, A..Z, other bytes, accented letters */
#define DEADLINE_S	3

enum { RETURNED, DEADLINE, CALLER_KILLED, CALLER_EXITED };

static const struct judge_report reports[] = {
	JUDGE_LONG("outcome", RETURNED, CALLER_EXITED),
	JUDGE_LONG("how", 0, 255),
	JUDGE_LONG("ret", INT_MIN, INT_MAX),
	JUDGE_LONG("errno", 0, INT_MAX),
	JUDGE_LONGS("counts", LONG_MIN, LONG_MAX, LETTERS),
	JUDGE_LONG("forks", 0, LONG_MAX),
	JUDGE_LONG("thinks", 0, LONG_MAX),
	JUDGE_LONG("max_thinking", 0, LONG_MAX),
	JUDGE_LONG("locks", 0, LONG_MAX),
	JUDGE_LONG("parent_read", -1, LONG_MAX),
	JUDGE_LONG("children", 0, 2),
	JUDGE_LONG("released_at_return", 0, 1),
	JUDGE_LONGS("rets", INT_MIN, INT_MAX, 4),
	JUDGE_LONGS("errnos", 0, INT_MAX, 4),
};

/* ------------------------------------------------------------ plans */

/* File I: BYTES seeded draws like notebook 003's text (half lower case, a fifth upper
 * case, the rest digits, punctuation and accented letters); ALL: every letter at least
 * once in each case. */
static void
plan_file(struct judge *j, int i, long bytes, bool all)
{
	long f[FILE_FIELDS] = { 0 };
	char name[32];

	for (int l = 0; l < 2 * LETTERS && all; l++)
		f[l]++;
	for (long k = 0; k < bytes; k++) {
		uint64_t r = judge_random_below(j, 10);
		int l = (int)judge_random_below(j, LETTERS);

		if (r < 5)
			f[l]++;
		else if (r < 7)
			f[LETTERS + l]++;
		else if (r < 9)
			f[2 * LETTERS]++;
		else
			f[2 * LETTERS + 1]++;
	}
	snprintf(name, sizeof name, "file_%d", i);
	judge_input_longs(j, name, f, FILE_FIELDS);
}

/* NFILES files, the last NPROCS of them named pipes (short, with every letter); file 1
 * empty when EMPTY; file MISSING (-1: none) not created. */
static void
plan_files(struct judge *j, int nprocs, int nfiles, bool empty, int missing)
{
	judge_input_long(j, "nprocs", nprocs);
	judge_input_long(j, "nfiles", nfiles);
	judge_input_long(j, "fifos", nprocs);
	judge_input_long(j, "missing", missing);
	for (int i = 0; i < nfiles; i++) {
		bool fifo = i >= nfiles - nprocs;

		if (empty && i == 1 && !fifo)
			plan_file(j, i, 0, false);
		else
			plan_file(j, i, fifo ? 150 : 500 + (long)judge_random_below(j, 5500), fifo);
	}
}

static void
plan_one_process(struct judge *j)
{
	plan_files(j, 1, 4, false, -1);
}

static void
plan_four_processes(struct judge *j)
{
	plan_files(j, 4, 12, false, -1);
}

static void
plan_varied(struct judge *j)
{
	int p = 2 + (int)judge_random_below(j, 2);              /* 2..3 children */

	plan_files(j, p, p * (2 + (int)judge_random_below(j, 2)), true, -1);
}

static void
plan_missing_file(struct judge *j)
{
	plan_files(j, 3, 6, false, (int)judge_random_below(j, 3));     /* a regular file */
}

/* nprocs 0, nprocs below 0, npaths below 0. */
static void
plan_bad_arguments(struct judge *j)
{
	long np[3] = { 0, -1 - (long)judge_random_below(j, 3), 1 + (long)judge_random_below(j, 4) };
	long nf[3] = { 0, (long)judge_random_below(j, 3), -1 - (long)judge_random_below(j, 3) };

	judge_input_longs(j, "nprocs", np, 3);
	judge_input_longs(j, "npaths", nf, 3);
}

/* ------------------------------------------------------------ the files' letters */

struct count {
	int	nprocs, nfiles, fifos;
	long	file[MAX_FILES][LETTERS];       /* letters of each file, cases together */
	long	child[MAX_FILES][LETTERS];      /* of each child's files */
	long	want[LETTERS], bytes;
	long	upper[LETTERS];                 /* of all files, the capitals alone */
	const long *got;
	long	max_thinking, thinks;
};

static bool
get_files(struct judge *j, struct count *c)
{
	memset(c, 0, sizeof *c);
	c->nprocs = (int)judge_in_long(j, "nprocs");
	c->nfiles = (int)judge_in_long(j, "nfiles");
	c->fifos = (int)judge_in_long(j, "fifos");
	for (int f = 0; f < c->nfiles; f++) {
		char name[32];
		size_t n;
		const long *v;

		snprintf(name, sizeof name, "file_%d", f);
		v = judge_in_longs(j, name, &n);
		for (int l = 0; l < LETTERS; l++) {
			c->file[f][l] = v[l] + v[LETTERS + l];
			c->child[f % c->nprocs][l] += c->file[f][l];
			c->want[l] += c->file[f][l];
			c->upper[l] += v[LETTERS + l];
		}
		for (size_t k = 0; k < n; k++)
			c->bytes += k == 2 * LETTERS + 1 ? 2 * v[k] : v[k];
	}
	return true;
}

static void
file_name(const struct count *c, int f, char *buf, size_t size)
{
	snprintf(buf, size, "%s%02d.txt", f >= c->nfiles - c->fifos ? "pipe" : "file", f);
}

/* ITEM appended to the list in BUF (at O), the last of N: "a, b and c". */
static size_t
list_add(char *buf, size_t size, size_t o, const char *item, int i, int n)
{
	char prev[512];

	if (o >= size)
		return o;
	if (i == 0)
		return o + (size_t)snprintf(buf + o, size - o, "%s", item);
	if (i < n - 1)
		return o + (size_t)snprintf(buf + o, size - o, ", %s", item);
	snprintf(prev, sizeof prev, "%s", buf);
	/* TRANSLATORS: the last two of a list of files or of children: "a, b and c" */
	return (size_t)snprintf(buf, size, _("%s and %s"), prev, item);
}

/* The files of child CH: "file01.txt, pipe05.txt". */
static void
files_of_child(const struct count *c, int ch, char *buf, size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int f = ch; f < c->nfiles && o < size; f += c->nprocs) {
		char name[24];

		file_name(c, f, name, sizeof name);
		o += (size_t)snprintf(buf + o, size - o, "%s%s", f > ch ? ", " : "", name);
	}
}

/* The children in MASK, by number and files: "1 (file01.txt, pipe05.txt)", "0 (...) and
 * 2 (...)" (the message says "child" or "children"); how many. */
static int
children_named(const struct count *c, unsigned mask, char *buf, size_t size)
{
	int n = __builtin_popcount(mask), i = 0;
	size_t o = 0;

	buf[0] = '\0';
	for (int ch = 0; ch < c->nprocs; ch++) {
		char files[160], item[200];

		if (!(mask & 1u << ch))
			continue;
		files_of_child(c, ch, files, sizeof files);
		snprintf(item, sizeof item, "%d (%s)", ch, files);
		o = list_add(buf, size, o, item, i++, n);
	}
	return n;
}

/* The files in MASK, by name: "file01.txt, file04.txt and pipe05.txt". */
static void
files_named(const struct count *c, unsigned mask, char *buf, size_t size)
{
	int n = __builtin_popcount(mask), i = 0;
	size_t o = 0;

	buf[0] = '\0';
	for (int f = 0; f < c->nfiles; f++)
		if (mask & 1u << f) {
			char name[24];

			file_name(c, f, name, sizeof name);
			o = list_add(buf, size, o, name, i++, n);
		}
}

/* ------------------------------------------------------------ wrong totals */

/* The smallest set of whole files whose letters are exactly the deficit D (0: none). */
static unsigned
missing_files(const struct count *c, const long *d)
{
	unsigned best = 0;
	int best_n = MAX_FILES + 1;

	for (unsigned m = 1; m < 1u << c->nfiles; m++) {
		int n = __builtin_popcount(m), l;

		if (n >= best_n)
			continue;
		for (l = 0; l < LETTERS; l++) {
			long s = 0;

			for (int f = 0; f < c->nfiles; f++)
				s += m & 1u << f ? c->file[f][l] : 0;
			if (s != d[l])
				break;
		}
		if (l == LETTERS) {
			best = m;
			best_n = n;
		}
	}
	return best;
}

/* The children whose files are all in MASK (the files of the others none), or 0. */
static unsigned
whole_children(const struct count *c, unsigned mask)
{
	unsigned kids = 0;

	for (int f = 0; f < c->nfiles; f++) {
		bool in = mask & 1u << f, empty = true;

		for (int l = 0; l < LETTERS; l++)
			empty = empty && c->file[f][l] == 0;
		if (empty)
			continue;
		if (in)
			kids |= 1u << (f % c->nprocs);
	}
	for (int f = 0; f < c->nfiles; f++) {
		bool empty = true;

		for (int l = 0; l < LETTERS; l++)
			empty = empty && c->file[f][l] == 0;
		if (!empty && (kids & 1u << (f % c->nprocs)) && !(mask & 1u << f))
			return 0;
	}
	return kids;
}

/* Children whose tables add up to exactly D at letter L (0: none; D > 0). */
static unsigned
children_summing(const struct count *c, int l, long d)
{
	for (unsigned m = 1; m < 1u << c->nprocs; m++) {
		long s = 0;

		for (int ch = 0; ch < c->nprocs; ch++)
			s += m & 1u << ch ? c->child[ch][l] : 0;
		if (s == d)
			return m;
	}
	return 0;
}

/* Totals short by some children's tables (MASK, for letter L), lost or not yet added. */
static void
short_by_children(struct judge *j, const struct count *c, int l, unsigned mask,
    bool every_letter, const char *e, const char *a)
{
	char who[512];
	unsigned long n = (unsigned long)children_named(c, mask, who, sizeof who);

	if (c->max_thinking > 1 && every_letter)
		/* TRANSLATORS: %s: the children, by number and files: "1 (file01.txt, pipe05.txt)" */
		judge_fail_values(j, e, a, lab_ngettext("lost update: letter '%c': expected %ld, "
		    "got %ld, short by exactly what child %s counted in every letter. %ld "
		    "children were between reading a total and writing it back (lab_think) at "
		    "the same time: two of them read the same old total, and the second write "
		    "wiped out the first's sum. Add into the totals only under the lock: lock, "
		    "read, lab_think, write, unlock", "lost update: letter '%c': expected %ld, "
		    "got %ld, short by exactly what children %s counted in every letter. %ld "
		    "children were between reading a total and writing it back (lab_think) at "
		    "the same time: two of them read the same old total, and the second write "
		    "wiped out the first's sum. Add into the totals only under the lock: lock, "
		    "read, lab_think, write, unlock", n), 'a' + l, c->want[l], c->got[l], who,
		    c->max_thinking);
	else if (c->max_thinking > 1)
		/* TRANSLATORS: %s: the children, by number and files: "1 (file01.txt, pipe05.txt)" */
		judge_fail_values(j, e, a, lab_ngettext("lost updates: letter '%c': expected %ld, "
		    "got %ld, short by exactly what child %s counted. %ld children were between "
		    "reading a total and writing it back (lab_think) at the same time: two of "
		    "them read the same old total, and the second write wiped out the first's "
		    "sum. Add into the totals only under the lock: lock, read, lab_think, write, "
		    "unlock", "lost updates: letter '%c': expected %ld, got %ld, short by exactly "
		    "what children %s counted. %ld children were between reading a total and "
		    "writing it back (lab_think) at the same time: two of them read the same old "
		    "total, and the second write wiped out the first's sum. Add into the totals "
		    "only under the lock: lock, read, lab_think, write, unlock", n), 'a' + l,
		    c->want[l], c->got[l], who, c->max_thinking);
	else if (every_letter)
		/* TRANSLATORS: %s: the children, by number and files: "1 (file01.txt, pipe05.txt)" */
		judge_fail_values(j, e, a, lab_ngettext("letter '%c': expected %ld, got %ld: short "
		    "by exactly what child %s counted in every letter, and no two children were "
		    "adding at the same time: the totals were copied when that table was not in "
		    "them yet. Copy the totals only after waiting for every child (and check that "
		    "every child adds its table)", "letter '%c': expected %ld, got %ld: short by "
		    "exactly what children %s counted in every letter, and no two children were "
		    "adding at the same time: the totals were copied when those tables were not "
		    "in them yet. Copy the totals only after waiting for every child (and check "
		    "that every child adds its table)", n), 'a' + l, c->want[l], c->got[l], who);
	else
		/* TRANSLATORS: %s: the children, by number and files: "1 (file01.txt, pipe05.txt)" */
		judge_fail_values(j, e, a, lab_ngettext("letter '%c': expected %ld, got %ld: short "
		    "by exactly what child %s counted, and no two children were adding at the "
		    "same time: the totals were copied when that table was not in them yet. Copy "
		    "the totals only after waiting for every child (and check that every child "
		    "adds its table)", "letter '%c': expected %ld, got %ld: short by exactly what "
		    "children %s counted, and no two children were adding at the same time: the "
		    "totals were copied when those tables were not in them yet. Copy the totals "
		    "only after waiting for every child (and check that every child adds its "
		    "table)", n), 'a' + l, c->want[l], c->got[l], who);
}

/* Every total is 0. */
static void
all_zero(struct judge *j, const struct count *c, const char *e, const char *a)
{
	if (c->thinks > 0)
		judge_fail_values(j, e, a, lab_ngettext("every total is 0, though the children "
		    "did add their tables (lab_think was called %ld time): none of it reached the "
		    "totals count_letters copied. Either the totals are not in memory shared with "
		    "the children (mmap with MAP_SHARED, before fork), or they were copied before "
		    "the children had added theirs (wait for every child, then copy)", "every "
		    "total is 0, though the children did add their tables (lab_think was called "
		    "%ld times): none of it reached the totals count_letters copied. Either the "
		    "totals are not in memory shared with the children (mmap with MAP_SHARED, "
		    "before fork), or they were copied before the children had added theirs "
		    "(wait for every child, then copy)", (unsigned long)c->thinks), c->thinks);
	else
		judge_fail_values(j, e, a, "every total is 0 and lab_think was never called: the "
		    "children never added their tables into the totals");
}

/* Does got hold every regular file's letters M times and each pipe's 1 to nprocs times
 * (as the digits of PIPES, base nprocs, say: 0 is once)? */
static bool
counted_times(const struct count *c, long m, unsigned pipes)
{
	for (int l = 0; l < LETTERS; l++) {
		long sum = 0;
		unsigned k = pipes;

		for (int f = 0; f < c->nfiles; f++)
			if (f < c->nfiles - c->fifos)
				sum += m * c->file[f][l];
			else {
				sum += (long)(1 + k % (unsigned)c->nprocs) * c->file[f][l];
				k /= (unsigned)c->nprocs;
			}
		if (sum != c->got[l])
			return false;
	}
	return true;
}

/* M > 1 when got holds every regular file's letters M times (each pipe's text goes once
 * to whoever reads it, so a pipe may count 1 to nprocs times): 0 when not. */
static long
regular_files_times(const struct count *c)
{
	unsigned combos = 1;

	for (int f = 0; f < c->fifos; f++)
		combos *= (unsigned)c->nprocs;
	for (long m = 2; m <= c->nprocs; m++)
		for (unsigned p = 0; p < combos; p++)
			if (counted_times(c, m, p))
				return m;
	return 0;
}

/* Short totals (no letter too many): which of the three the deficit D looks like. */
static void
short_totals(struct judge *j, const struct count *c, const long *d, int bad, const char *e,
    const char *a)
{
	unsigned files = missing_files(c, d), kids = files ? whole_children(c, files) : 0;
	char names[256];
	bool fifos = true, per_letter = true;
	long missing = 0;

	if (kids != 0) {
		short_by_children(j, c, bad, kids, true, e, a);
		return;
	}
	if (files != 0) {
		files_named(c, files, names, sizeof names);
		for (int f = 0; f < c->nfiles; f++)
			fifos = fifos && (!(files & 1u << f) || f >= c->nfiles - c->fifos);
		if (!fifos)
			/* TRANSLATORS: %s: the files, "file01.txt and pipe05.txt" */
			judge_fail_values(j, e, a, "letter '%c': expected %ld, got %ld: the letters "
			    "of %s are missing, none of them counted: read each file until read() "
			    "returns 0", 'a' + bad, c->want[bad], c->got[bad], names);
		else if (__builtin_popcount(files) == 1)
			/* TRANSLATORS: %s: the files, "file01.txt and pipe05.txt" */
			judge_fail_values(j, e, a, "letter '%c': expected %ld, got %ld: the letters "
			    "of %s are missing, none of them counted: it is a named pipe, whose size "
			    "is 0 and whose text arrives a little at a time: read until read() "
			    "returns 0, whatever the size", 'a' + bad, c->want[bad], c->got[bad],
			    names);
		else
			/* TRANSLATORS: %s: the files, "file01.txt and pipe05.txt" */
			judge_fail_values(j, e, a, "letter '%c': expected %ld, got %ld: the letters "
			    "of %s are missing, none of them counted: they are named pipes, whose "
			    "size is 0 and whose text arrives a little at a time: read until read() "
			    "returns 0, whatever the size", 'a' + bad, c->want[bad], c->got[bad],
			    names);
		return;
	}
	for (int l = 0; l < LETTERS; l++) {
		missing += d[l];
		per_letter = per_letter && (d[l] == 0 || children_summing(c, l, d[l]) != 0);
	}
	if (per_letter && c->nprocs > 1) {
		short_by_children(j, c, bad, children_summing(c, bad, d[bad]), false, e, a);
		return;
	}
	judge_fail_values(j, e, a, lab_ngettext("letter '%c': expected %ld, got %ld: %ld letter "
	    "in all was not counted, and it is neither a whole file nor a whole child's table: "
	    "part of some file went uncounted. Read each file until read() returns 0: a read "
	    "may return fewer bytes than asked, and the named pipes' size is 0", "letter '%c': "
	    "expected %ld, got %ld: %ld letters in all were not counted, and they are neither "
	    "whole files nor whole children's tables: part of some file went uncounted. Read "
	    "each file until read() returns 0: a read may return fewer bytes than asked, and "
	    "the named pipes' size is 0", (unsigned long)missing), 'a' + bad, c->want[bad],
	    c->got[bad], missing);
}

/* Whether got is every letter with its capitals counted K times (0: not counted). */
static bool
capitals_times(const struct count *c, long k)
{
	bool some = false;

	for (int l = 0; l < LETTERS; l++) {
		if (c->got[l] != c->want[l] + (k - 1) * c->upper[l])
			return false;
		some = some || c->upper[l] > 0;
	}
	return some;
}

/* The totals against the judge's own count; true when they are right. */
static bool
totals(struct judge *j, const struct count *c)
{
	long d[LETTERS], m = 0;
	int bad = -1, over = -1;
	bool zero = true, multiple = true;
	char e[32], a[32];

	for (int l = 0; l < LETTERS; l++) {
		d[l] = c->want[l] - c->got[l];
		if (d[l] != 0 && bad < 0)
			bad = l;
		if (d[l] < 0 && over < 0)
			over = l;
		zero = zero && c->got[l] == 0;
		if (c->want[l] == 0 ? c->got[l] != 0 : c->got[l] % c->want[l] != 0 ||
		    (m != 0 && c->got[l] / c->want[l] != m))
			multiple = false;
		else if (c->want[l] != 0)
			m = c->got[l] / c->want[l];
	}
	if (bad < 0)
		return true;
	bad = over >= 0 ? over : bad;
	snprintf(e, sizeof e, "%ld", c->want[bad]);
	snprintf(a, sizeof a, "%ld", c->got[bad]);
	if (c->got[bad] < 0)
		judge_fail_values(j, e, a, "counts['%c' - 'a'] is %ld, what the caller had put "
		    "there: count_letters returned 0 without filling in counts", 'a' + bad,
		    c->got[bad]);
	else if (capitals_times(c, 0))
		judge_fail_values(j, e, a, "letter '%c': expected %ld, got %ld: exactly the "
		    "capital letters were not counted (%ld '%c' in the files): upper and lower "
		    "case go together, 'E' and 'e' both into counts[4] (tolower(c) - 'a', or "
		    "c - 'A' for 'A' to 'Z')", 'a' + bad, c->want[bad], c->got[bad],
		    c->upper[bad], 'A' + bad);
	else if (capitals_times(c, 2))
		judge_fail_values(j, e, a, "letter '%c': expected %ld, got %ld: exactly the "
		    "capital letters were counted twice (%ld '%c' in the files): each byte "
		    "counts once, 'E' and 'e' both into counts[4]", 'a' + bad, c->want[bad],
		    c->got[bad], c->upper[bad], 'A' + bad);
	else if (over >= 0 && multiple && m > 1)
		judge_fail_values(j, e, a, "letter '%c': expected %ld, got %ld: every letter was "
		    "counted %ld times: each file must be counted by exactly one child",
		    'a' + bad, c->want[bad], c->got[bad], m);
	else if (over >= 0 && (m = regular_files_times(c)) > 1)
		judge_fail_values(j, e, a, "letter '%c': expected %ld, got %ld: the letters of "
		    "every regular file were counted %ld times: each file must be counted by "
		    "exactly one child (child c takes files c, c + nprocs, ...)", 'a' + bad,
		    c->want[bad], c->got[bad], m);
	else if (over >= 0)
		judge_fail_values(j, e, a, "letter '%c': expected %ld, got %ld: counted too many "
		    "(are some files counted by more than one child, a buffer counted past the "
		    "bytes read() returned, or bytes that are not 'a' to 'z' or 'A' to 'Z' "
		    "counted as letters: the two bytes of an accented letter, or '@', '[', '`' "
		    "and '{', beside the letters?)", 'a' + bad, c->want[bad], c->got[bad]);
	else if (zero)
		all_zero(j, c, e, a);
	else
		short_totals(j, c, d, bad, e, a);
	return false;
}

/* ------------------------------------------------------------ deciding */

/* Did count_letters return, with ret (0 when OK)? Fails with what happened otherwise. */
static bool
returned(struct judge *j, long ok)
{
	long outcome = judge_long(j, "outcome"), how = judge_long(j, "how"), ret, err;

	if (judge_failed(j))
		return false;
	if (outcome == DEADLINE)
		judge_fail(j, "count_letters did not return within %d s (is a child stuck, or the "
		    "parent waiting for something that never comes?)", DEADLINE_S);
	else if (outcome == CALLER_KILLED)
		judge_fail(j, "the process that called count_letters was killed by signal %ld "
		    "(%s)", how, lab_strsignal((int)how));
	else if (outcome == CALLER_EXITED)
		judge_fail(j, "count_letters did not return: the process that called it ended "
		    "with exit status %ld (exit() in the parent? only the children end, with "
		    "_exit)", how);
	if (judge_failed(j))
		return false;
	ret = judge_long(j, "ret");
	err = judge_long(j, "errno");
	if (ret == -1 && err == ENOSYS)
		judge_fail(j, "count_letters: not written yet: see the TODO in letters.c");
	else if (ok == 0 && ret != 0)
		judge_fail(j, "count_letters returned %ld (errno: %s), expected 0 (see its message "
		    "on stderr)", ret, lab_strerror((int)err));
	return !judge_failed(j);
}

/* No child left behind once count_letters has returned. */
static bool
reaped(struct judge *j)
{
	long children = judge_long(j, "children");

	if (children == 2 && judge_long(j, "released_at_return") == 0)
		judge_fail(j, "count_letters returned while a child was still running, before "
		    "the named pipes had even sent their text: wait for every child, and copy "
		    "the totals only then");
	else if (children == 2)
		judge_fail(j, "count_letters returned while a child was still running: wait for "
		    "every child, and copy the totals only then");
	else if (children == 1)
		judge_fail(j, "zombie: after count_letters returned, a child had ended but was "
		    "never reaped: wait for every child you started");
	return !judge_failed(j);
}

static void
decide_count(struct judge *j)
{
	struct count c;
	size_t n;
	long forks, parent_read;

	if (!returned(j, 0) || !reaped(j) || !get_files(j, &c))
		return;
	c.got = judge_longs(j, "counts", &n);
	c.thinks = judge_long(j, "thinks");
	c.max_thinking = judge_long(j, "max_thinking");
	forks = judge_long(j, "forks");
	parent_read = judge_long(j, "parent_read");
	if (judge_failed(j) || !totals(j, &c))
		return;
	if (forks != c.nprocs)
		judge_fail(j, lab_ngettext("count_letters started %ld process, expected %d: start "
		    "exactly nprocs children", "count_letters started %ld processes, expected "
		    "%d: start exactly nprocs children", (unsigned long)forks), forks, c.nprocs);
	else if (c.thinks < (long)LETTERS * c.nprocs)
		judge_fail(j, lab_ngettext("lab_think() was called %ld time, expected at least "
		    "%d: call it between reading each total and writing the new value back, for "
		    "each of the %d letters of each child's table (see Rules)", "lab_think() was "
		    "called %ld times, expected at least %d: call it between reading each total "
		    "and writing the new value back, for each of the %d letters of each child's "
		    "table (see Rules)", (unsigned long)c.thinks), c.thinks, LETTERS * c.nprocs,
		    LETTERS);
	else if (parent_read > c.bytes / 2)
		judge_fail(j, "the parent process read %ld bytes, about as much as the files hold "
		    "(%ld): the children must read and count the files, the parent only "
		    "merges their tables", parent_read, c.bytes);
}

#define decide_one_process decide_count
#define decide_four_processes decide_count
#define decide_varied decide_count

static void
decide_missing_file(struct judge *j)
{
	struct count c;
	long ret, forks;
	char name[24];

	if (!returned(j, -1) || !get_files(j, &c))
		return;
	file_name(&c, (int)judge_in_long(j, "missing"), name, sizeof name);
	ret = judge_long(j, "ret");
	forks = judge_long(j, "forks");
	if (judge_failed(j))
		return;
	if (ret != -1)
		judge_fail(j, "count_letters returned %ld although %s does not exist: expected -1 "
		    "(the child that cannot open it prints why and exits with status 1; the "
		    "parent sees it in the status from waitpid)", ret, name);
	else if (forks != c.nprocs)
		judge_fail(j, lab_ngettext("count_letters started %ld process, expected %d: start "
		    "the nprocs children even when a file may be missing (the child finds out)",
		    "count_letters started %ld processes, expected %d: start the nprocs children "
		    "even when a file may be missing (the child finds out)",
		    (unsigned long)forks), forks, c.nprocs);
	else
		reaped(j);
}

static void
decide_bad_arguments(struct judge *j)
{
	size_t n, nr, ne;
	const long *np = judge_in_longs(j, "nprocs", &n), *nf = judge_in_longs(j, "npaths", &n);
	const long *rets = judge_longs(j, "rets", &nr), *errs = judge_longs(j, "errnos", &ne);
	long forks = judge_long(j, "forks"), children = judge_long(j, "children");

	if (judge_failed(j))
		return;
	if (nr != n || ne != n) {
		judge_fail(j, "the test reported %zu calls of %zu", nr, n);
		return;
	}
	for (size_t i = 0; i < n && !judge_failed(j); i++) {
		if (rets[i] == -1 && errs[i] == EINVAL)
			continue;
		if (errs[i] == ENOSYS)
			judge_fail(j, "count_letters: not written yet: see the TODO in letters.c");
		else
			judge_fail(j, "count_letters(paths, %ld, %ld, counts) returned %ld with "
			    "errno \"%s\": expected -1 with errno EINVAL (npaths must be at least "
			    "0 and nprocs at least 1)", nf[i], np[i], rets[i],
			    lab_strerror((int)errs[i]));
	}
	if (!judge_failed(j) && forks != 0)
		judge_fail(j, lab_ngettext("count_letters started %ld process although its "
		    "arguments were invalid", "count_letters started %ld processes although its "
		    "arguments were invalid", (unsigned long)forks), forks);
	else if (!judge_failed(j) && children != 0)
		judge_fail(j, "after count_letters with invalid arguments, a child process was "
		    "left behind");
}

JUDGE_MAIN(reports, JUDGE_PLANNED(one_process), JUDGE_PLANNED(four_processes),
    JUDGE_PLANNED(varied), JUDGE_PLANNED(missing_file), JUDGE_PLANNED(bad_arguments))
