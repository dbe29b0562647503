/* SPDX-License-Identifier: MIT */
/*
 * roster.c: the class list of an LMS (grade --roster): which submission is which student,
 * by the ID and e-mail an LMS (Moodle, Canvas, Blackboard) matches grades on. A CSV file as
 * spreadsheets write it, read with libcsv: RFC 4180 quoting, CRLF or LF, a UTF-8 BOM, and
 * ';' between fields when the header has no ',' (Excel in Portuguese writes that).
 *
 * The first row is a header naming the columns (any order, any case): folder (required: the
 * student as the gradebook's student column names them, the submission's folder or archive
 * name without .zip/.tar/.tar.gz/.tgz), id and email (or e-mail; at least one of the two).
 * Other columns are ignored. Every bad roster is refused whole, with its line: grading a
 * class with half a roster would give an LMS half the grades.
 */
#include "grader.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { COL_FOLDER, COL_ID, COL_EMAIL, NCOLS };

struct parse {
	const char	*name;          /* the file, for messages */
	struct roster	*r;
	unsigned char	 delim;
	char		**fields;       /* the record being read */
	size_t		 nfields;
	size_t		 line;          /* of the byte being read, from 1 */
	size_t		 record_line;   /* where the record being read began */
	bool		 in_record;
	bool		 have_header;
	size_t		 ncolumns;      /* the header's */
	long		 col[NCOLS];    /* -1: absent */
	bool		 try_semicolon; /* the header is one field with a ';' in it */
	char		*error;         /* the first thing wrong; the rest is not read */
};

static char *
trimmed(const char *s)
{
	size_t	len;

	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return xstrndup(s, len);
}

static long
column_of(const char *title)
{
	char	*t = trimmed(title);
	long	 c = -1;

	if (strcasecmp(t, "folder") == 0)
		c = COL_FOLDER;
	else if (strcasecmp(t, "id") == 0)
		c = COL_ID;
	else if (strcasecmp(t, "email") == 0 || strcasecmp(t, "e-mail") == 0)
		c = COL_EMAIL;
	free(t);
	return c;
}

static void
header(struct parse *ps)
{
	static const char *const names[NCOLS] = { "folder", "id", "email" };
	long	 c;

	if (ps->nfields == 1 && ps->delim == ',' && strchr(ps->fields[0], ';') != NULL) {
		ps->try_semicolon = true;
		return;
	}
	for (size_t i = 0; i < ps->nfields && ps->error == NULL; i++) {
		if ((c = column_of(ps->fields[i])) == -1)
			continue;
		if (ps->col[c] != -1)
			cause_set(&ps->error, _("%s: line %zu: two '%s' columns (%ld and %zu): keep "
			    "one"), ps->name, ps->record_line, names[c], ps->col[c] + 1, i + 1);
		ps->col[c] = (long)i;
	}
	if (ps->col[COL_FOLDER] == -1)
		cause_set(&ps->error, _("%s: line %zu: no 'folder' column: the first row must be a "
		    "header naming the columns folder, id and email (e.g. folder,id,email)"),
		    ps->name, ps->record_line);
	else if (ps->col[COL_ID] == -1 && ps->col[COL_EMAIL] == -1)
		cause_set(&ps->error, _("%s: line %zu: neither an 'id' nor an 'email' column: an "
		    "LMS matches students on one of them (header: folder,id,email)"), ps->name,
		    ps->record_line);
	ps->ncolumns = ps->nfields;
	ps->have_header = true;
}

/* A cell of column C of the record ("" when the roster has no such column); only once the
 * record has as many fields as the header. */
static const char *
cell(const struct parse *ps, int c)
{
	return ps->col[c] == -1 ? "" : ps->fields[ps->col[c]];
}

static bool
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* What is wrong with the record as a student's row, or NULL. */
static char *
row_problem(const struct parse *ps)
{
	char	*why = NULL;

	if (ps->nfields < ps->ncolumns)
		cause_set(&why, ngettext("%s: line %zu has %zu field but the header has %zu: "
		    "every row needs a cell for each column, empty or not",
		    "%s: line %zu has %zu fields but the header has %zu: every row needs a cell "
		    "for each column, empty or not", ps->nfields), ps->name, ps->record_line,
		    ps->nfields, ps->ncolumns);
	else if (ps->nfields > ps->ncolumns)
		cause_set(&why, _("%s: line %zu has %zu fields but the header has %zu: a field "
		    "with a comma in it must be in double quotes"), ps->name, ps->record_line,
		    ps->nfields, ps->ncolumns);
	else if (*cell(ps, COL_FOLDER) == '\0')
		cause_set(&why, _("%s: line %zu: the folder is empty: it names the student's "
		    "submission, as the gradebook's student column does"), ps->name,
		    ps->record_line);
	else if (*cell(ps, COL_ID) == '\0' && *cell(ps, COL_EMAIL) == '\0')
		cause_set(&why, _("%s: line %zu: '%s' has neither an ID nor an e-mail: an LMS "
		    "could not match the grades to anyone"), ps->name, ps->record_line,
		    cell(ps, COL_FOLDER));
	else if (has_control(cell(ps, COL_ID)) || has_control(cell(ps, COL_EMAIL)))
		cause_set(&why, _("%s: line %zu: the ID or e-mail of '%s' has a line break or "
		    "another control character"), ps->name, ps->record_line, cell(ps, COL_FOLDER));
	return why;
}

static void
row(struct parse *ps)
{
	struct roster		*r = ps->r;
	struct roster_student	*s;

	if ((ps->error = row_problem(ps)) != NULL)
		return;
	r->students = xreallocarray(r->students, r->n + 1, sizeof *r->students);
	s = &r->students[r->n++];
	s->folder = xstrdup(cell(ps, COL_FOLDER));
	s->id = trimmed(cell(ps, COL_ID));
	s->email = trimmed(cell(ps, COL_EMAIL));
	s->line = ps->record_line;
}

static void
on_field(void *data, size_t len, void *arg)
{
	struct parse	*ps = arg;

	ps->fields = xreallocarray(ps->fields, ps->nfields + 1, sizeof *ps->fields);
	ps->fields[ps->nfields++] = xstrndup(data, len);
}

static void
on_record(int c, void *arg)
{
	struct parse	*ps = arg;
	bool		 blank = true;

	(void)c;
	for (size_t i = 0; i < ps->nfields; i++)
		blank = blank && ps->fields[i][0] == '\0';
	/* ",,," is the blank row a spreadsheet writes: skipped, as a blank line is */
	if (!blank && ps->error == NULL && !ps->try_semicolon) {
		if (!ps->have_header)
			header(ps);
		else
			row(ps);
	}
	for (size_t i = 0; i < ps->nfields; i++)
		free(ps->fields[i]);
	ps->nfields = 0;
	ps->in_record = false;
}

/* The bytes through libcsv one at a time, so that every record and error has its line. */
static void
parse_records(struct parse *ps, const char *data, size_t len)
{
	struct csv_parser	p;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		xalloc_die("csv_init");
	csv_set_delim(&p, ps->delim);
	ps->line = 1;
	for (size_t i = 0; i < len && ps->error == NULL && !ps->try_semicolon; i++) {
		char	c = data[i];

		if (!ps->in_record && c != '\r' && c != '\n' && c != ' ' && c != '\t') {
			ps->in_record = true;
			ps->record_line = ps->line;
		}
		if (csv_parse(&p, data + i, 1, on_field, on_record, ps) != 1) {
			if (csv_error(&p) == CSV_ENOMEM || csv_error(&p) == CSV_ETOOBIG)
				xalloc_die("csv_parse");
			cause_set(&ps->error, _("%s: line %zu: a double quote out of place: a field "
			    "with a quote, comma or line break in it must be in double quotes, and "
			    "each quote in it doubled (\"\")"), ps->name, ps->line);
		}
		if (c == '\n' || (c == '\r' && (i + 1 == len || data[i + 1] != '\n')))
			ps->line++;
	}
	if (ps->error == NULL && !ps->try_semicolon &&
	    csv_fini(&p, on_field, on_record, ps) != 0)
		cause_set(&ps->error, _("%s: line %zu: a quoted field is never closed (a double "
		    "quote is missing)"), ps->name, ps->record_line);
	for (size_t i = 0; i < ps->nfields; i++)
		free(ps->fields[i]);
	free(ps->fields);
	ps->fields = NULL;
	ps->nfields = 0;
	csv_free(&p);
}

/* What keeps DATA from being text for a CSV parser: not UTF-8, UTF-16, a NUL byte. */
static bool
text_ok(const char *name, const char *data, size_t len, char **cause)
{
	size_t	ok = utf8_valid(data, len), line = 1;
	char	*nul = memchr(data, '\0', len);

	if (len >= 2 && ((data[0] == '\xff' && data[1] == '\xfe') ||
	    (data[0] == '\xfe' && data[1] == '\xff'))) {
		cause_set(cause, _("%s is UTF-16 (Excel's 'Unicode Text'): save it as 'CSV "
		    "UTF-8 (Comma delimited)'"), name);
		return false;
	}
	if (nul != NULL && (size_t)(nul - data) < ok)
		ok = (size_t)(nul - data);
	if (ok == len)
		return true;
	for (size_t i = 0; i < ok; i++)
		line += data[i] == '\n';
	if (data[ok] == '\0')
		cause_set(cause, _("%s: line %zu has a NUL byte: a roster is a text file (CSV)"),
		    name, line);
	else
		cause_set(cause, _("%s: line %zu is not UTF-8 (byte 0x%02X): save the roster as "
		    "'CSV UTF-8' (Excel: Save As, 'CSV UTF-8 (Comma delimited)'; LibreOffice: "
		    "character set 'Unicode (UTF-8)')"), name, line, (unsigned char)data[ok]);
	return false;
}

/* The students' indices sorted by one of their fields (an e-mail's case aside). */
struct field_order {
	const struct roster_student	*s;
	int				 col;
};

static const char *
field(const struct roster_student *s, int col)
{
	return col == COL_FOLDER ? s->folder : col == COL_ID ? s->id : s->email;
}

static int
by_field(const void *a, const void *b, void *arg)
{
	const struct field_order	*o = arg;
	const char			*x = field(&o->s[*(const size_t *)a], o->col);
	const char			*y = field(&o->s[*(const size_t *)b], o->col);

	return o->col == COL_EMAIL ? strcasecmp(x, y) : strcmp(x, y);
}

/* The students by COL into ORDER; the first line that repeats another's non-empty COL, as
 * *LATER and *EARLIER, or false when none does. */
static bool
sort_find_dup(const struct roster *r, int col, size_t *order, size_t *later, size_t *earlier)
{
	struct field_order	 o = { r->students, col };
	bool			 dup = false;
	size_t			 a, b;

	for (size_t i = 0; i < r->n; i++)
		order[i] = i;
	qsort_r(order, r->n, sizeof *order, by_field, &o);
	for (size_t j = 1; j < r->n; j++) {
		a = order[j - 1];
		b = order[j];
		if (*field(&r->students[a], col) == '\0' || by_field(&a, &b, &o) != 0)
			continue;
		if (r->students[a].line > r->students[b].line)
			a = order[j], b = order[j - 1];
		if (!dup || r->students[b].line < r->students[*later].line)
			*later = b, *earlier = a;
		dup = true;
	}
	return dup;
}

/* One row per student: the same folder, ID or e-mail twice is an error, at the later line;
 * R->by_folder is left sorted for roster_find. */
static bool
index_students(const char *name, struct roster *r, char **cause)
{
	size_t	*order = xcalloc(r->n + 1, sizeof *order), later, earlier;
	bool	 ok = false;

	r->by_folder = xcalloc(r->n + 1, sizeof *r->by_folder);
	if (sort_find_dup(r, COL_FOLDER, r->by_folder, &later, &earlier))
		cause_set(cause, _("%s: line %zu: '%s' is already on line %zu: one row per "
		    "student"), name, r->students[later].line, r->students[later].folder,
		    r->students[earlier].line);
	else if (sort_find_dup(r, COL_ID, order, &later, &earlier))
		cause_set(cause, _("%s: line %zu: '%s' has the ID of '%s' (line %zu): an LMS "
		    "would give both grades to one student"), name, r->students[later].line,
		    r->students[later].folder, r->students[earlier].folder,
		    r->students[earlier].line);
	else if (sort_find_dup(r, COL_EMAIL, order, &later, &earlier))
		cause_set(cause, _("%s: line %zu: '%s' has the e-mail of '%s' (line %zu): an LMS "
		    "would give both grades to one student"), name, r->students[later].line,
		    r->students[later].folder, r->students[earlier].folder,
		    r->students[earlier].line);
	else
		ok = true;
	free(order);
	return ok;
}

struct roster *
roster_parse(const char *name, const char *data, size_t len, char **cause)
{
	struct roster	*r = xcalloc(1, sizeof *r);
	struct parse	 ps = { .name = name, .r = r, .delim = ',', .col = { -1, -1, -1 } };
	size_t		 skip = len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

	r->data = xmalloc(len + 1);
	memcpy(r->data, data, len);
	r->data[len] = '\0';
	r->len = len;
	if (!text_ok(name, data, len, cause))
		goto fail;
	parse_records(&ps, data + skip, len - skip);
	if (ps.try_semicolon) {
		ps = (struct parse){ .name = name, .r = r, .delim = ';', .col = { -1, -1, -1 } };
		parse_records(&ps, data + skip, len - skip);
	}
	if (ps.error != NULL) {
		cause_set(cause, "%s", ps.error);
		free(ps.error);
		goto fail;
	}
	if (!ps.have_header) {
		cause_set(cause, _("%s is empty: a roster is a CSV file with a header row "
		    "(folder,id,email) and a row per student"), name);
		goto fail;
	}
	if (r->n == 0) {
		cause_set(cause, _("%s has a header but no students: add a row per student "
		    "under it"), name);
		goto fail;
	}
	if (!index_students(name, r, cause))
		goto fail;
	return r;
fail:
	roster_free(r);
	return NULL;
}

struct roster *
roster_load(const char *path, char **cause)
{
	char		*real, *data;
	size_t		 len;
	struct roster	*r;

	/* read_file_max follows no symlink; the instructor's roster may well be one */
	if ((real = realpath(path, NULL)) == NULL) {
		cause_errno(cause, "%s", path);
		return NULL;
	}
	if ((data = read_file_max(real, ROSTER_MAX, &len, cause)) == NULL) {
		free(real);
		return NULL;
	}
	if ((r = roster_parse(path, data, len, cause)) != NULL)
		r->path = real;
	else
		free(real);
	free(data);
	return r;
}

void
roster_free(struct roster *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->students[i].folder);
		free(r->students[i].id);
		free(r->students[i].email);
	}
	free(r->students);
	free(r->by_folder);
	free(r->path);
	free(r->data);
	free(r);
}

const struct roster_student *
roster_find(const struct roster *r, const char *folder)
{
	size_t	lo = 0, hi = r->n, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(folder, r->students[r->by_folder[mid]].folder);
		if (c == 0)
			return &r->students[r->by_folder[mid]];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
