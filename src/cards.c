/* SPDX-License-Identifier: MIT */
/*
 * cards.c: the reference cards of 'proclab man' (doc/cards/): the index cards.list (each
 * card and the names it answers to), the card a name finds or the ones closest to it, a
 * card's text in the language of the messages, and that text, light Markdown, laid out for
 * a terminal. The cards are data, so that po4a translates them as it does the tasks.
 */
#include "proclab.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CARDS_INDEX	"cards.list"
#define CARD_MAX	(256 * 1024)    /* a card, or the index: a few KB */
#define NAME_CHARS	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"

static void
card_add_name(struct card *c, const char *name, size_t len)
{
	c->names = xreallocarray(c->names, c->nnames + 1, sizeof *c->names);
	c->names[c->nnames++] = xstrndup(name, len);
}

/* One line of the index into IX: a new card, or (it starts with a blank) more names. */
static int
cards_parse_line(struct card_index *ix, char *line, const char *path, int lineno,
    char **cause)
{
	struct card	*c;
	char		*p = line;
	size_t		 len;
	bool		 more = *p == ' ' || *p == '\t';

	if (more && ix->ncards == 0) {
		cause_set(cause, _("%s:%d: a line that goes on from no card"), path, lineno);
		return -1;
	}
	if (!more) {
		ix->cards = xreallocarray(ix->cards, ix->ncards + 1, sizeof *ix->cards);
		memset(&ix->cards[ix->ncards++], 0, sizeof *ix->cards);
	}
	c = &ix->cards[ix->ncards - 1];
	for (;;) {
		p += strspn(p, " \t");
		if (*p == '\0')
			return 0;
		len = strspn(p, NAME_CHARS);
		if (len == 0 || (p[len] != '\0' && p[len] != ' ' && p[len] != '\t')) {
			cause_set(cause, _("%s:%d: '%s' is not a name (letters, digits, _ and -)"),
			    path, lineno, p);
			return -1;
		}
		card_add_name(c, p, len);
		p += len;
	}
}

struct card_index *
cards_load(const char *dir, char **cause)
{
	struct card_index	*ix = xcalloc(1, sizeof *ix);
	char			*path, *text, *line, *next;
	size_t			 len;
	int			 lineno = 0;

	xasprintf(&path, "%s/%s", dir, CARDS_INDEX);
	if ((text = read_file_max(path, CARD_MAX, &len, cause)) == NULL)
		goto fail;
	for (line = text; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		lineno++;
		if (line[strspn(line, " \t")] == '#' || line[strspn(line, " \t")] == '\0')
			continue;
		if (cards_parse_line(ix, line, path, lineno, cause) == -1)
			goto fail;
	}
	if (ix->ncards == 0) {
		cause_set(cause, _("%s names no card"), path);
		goto fail;
	}
	free(text);
	free(path);
	return ix;
fail:
	free(text);
	free(path);
	cards_free(ix);
	return NULL;
}

void
cards_free(struct card_index *ix)
{
	if (ix == NULL)
		return;
	for (size_t i = 0; i < ix->ncards; i++) {
		for (size_t j = 0; j < ix->cards[i].nnames; j++)
			free(ix->cards[i].names[j]);
		free(ix->cards[i].names);
	}
	free(ix->cards);
	free(ix);
}

/* NAME as typed, less a man-style "()" or "(2)" after it: "fork(2)" is fork. */
static char *
query_name(const char *name)
{
	const char	*open = strrchr(name, '(');
	size_t		 len = strlen(name);

	if (open != NULL && open > name && len > 0 && name[len - 1] == ')' &&
	    strspn(open + 1, "0123456789abcdefghijklmnopqrstuvwxyz") == len - (open - name) - 2)
		len = (size_t)(open - name);
	return xstrndup(name, len);
}

const struct card *
cards_find(const struct card_index *ix, const char *name)
{
	char	*q = query_name(name);

	for (size_t i = 0; i < ix->ncards; i++) {
		for (size_t j = 0; j < ix->cards[i].nnames; j++) {
			if (strcasecmp(ix->cards[i].names[j], q) == 0) {
				free(q);
				return &ix->cards[i];
			}
		}
	}
	free(q);
	return NULL;
}

/* The edit distance from what was typed, A, to the name B, case aside; 1 when B holds A
 * (4 letters or more): "pthread_mutex" is close to pthread_mutex_lock. */
static size_t
name_distance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), *row, d, diag, up;

	if (la >= 4 && la < lb && strcasestr(b, a) != NULL)
		return 1;
	row = xcalloc(lb + 1, sizeof *row);
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			up = row[j];
			d = diag + (tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]));
			if (up + 1 < d)
				d = up + 1;
			if (row[j - 1] + 1 < d)
				d = row[j - 1] + 1;
			diag = up;
			row[j] = d;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

/*
 * The cards closest to NAME, best first (the index's order between equals): at most MAX,
 * and only those no farther than the closest one plus 1. MATCHED[i]: the name of OUT[i]
 * that came closest. Returns how many.
 */
size_t
cards_closest(const struct card_index *ix, const char *name, const struct card **out,
    const char **matched, size_t max)
{
	char	*q = query_name(name);
	size_t	*dist = xcalloc(ix->ncards, sizeof *dist), *best = xcalloc(ix->ncards,
		    sizeof *best), n = 0, least = SIZE_MAX;

	for (size_t i = 0; i < ix->ncards; i++) {
		dist[i] = SIZE_MAX;
		for (size_t j = 0; j < ix->cards[i].nnames; j++) {
			size_t d = name_distance(q, ix->cards[i].names[j]);

			if (d < dist[i]) {
				dist[i] = d;
				best[i] = j;
			}
		}
		if (dist[i] < least)
			least = dist[i];
	}
	for (size_t d = least; d <= least + 1 && n < max; d++) {
		for (size_t i = 0; i < ix->ncards && n < max; i++) {
			if (dist[i] != d)
				continue;
			out[n] = &ix->cards[i];
			matched[n++] = ix->cards[i].names[best[i]];
		}
	}
	free(best);
	free(dist);
	free(q);
	return n;
}

/* DIR/NAME.LANG.md, else DIR/NAME.LL.md for a LANG LL_CC, else NULL. */
static char *
card_translation(const char *dir, const char *name, const char *lang, size_t *len)
{
	size_t	 ll = strcspn(lang, "_@");
	char	*path, *text;

	xasprintf(&path, "%s/%s.%s.md", dir, name, lang);
	text = read_file_max(path, CARD_MAX, len, NULL);
	free(path);
	if (text != NULL || lang[ll] == '\0')
		return text;
	xasprintf(&path, "%s/%s.%.*s.md", dir, name, (int)ll, lang);
	text = read_file_max(path, CARD_MAX, len, NULL);
	free(path);
	return text;
}

/* The card's Markdown in LANG when it has a translation (LANG NULL: English). */
char *
card_text(const char *dir, const struct card *c, const char *lang, char **cause)
{
	char	*path, *text;
	size_t	 len;

	if (lang != NULL && (text = card_translation(dir, c->names[0], lang, &len)) != NULL)
		return text;
	xasprintf(&path, "%s/%s.md", dir, c->names[0]);
	text = read_file_max(path, CARD_MAX, &len, cause);
	free(path);
	return text;
}

/* What a card is about: its first line, "# NAME: TITLE", less "# NAME: ". */
char *
card_title(const struct card *c, const char *text)
{
	size_t	len = strlen(c->names[0]), end = strcspn(text, "\n");

	if (strncmp(text, "# ", 2) == 0 && strncmp(text + 2, c->names[0], len) == 0 &&
	    strncmp(text + 2 + len, ": ", 2) == 0)
		return xstrndup(text + 4 + len, end - 4 - len);
	return xstrndup(text, end);
}

/* A line of prose: `code` in bold on a terminal; as it is, backticks and all, elsewhere. */
static void
render_prose(FILE *f, const char *line, size_t len, bool color)
{
	bool	 in = false;

	if (!color) {
		fwrite(line, 1, len, f);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '`') {
			fputs(in ? "\033[0m" : "\033[1m", f);
			in = !in;
		} else {
			fputc(line[i], f);
		}
	}
	if (in)
		fputs("\033[0m", f);
}

/*
 * A card's Markdown for a terminal: the title and the section headings at the left margin
 * (bold in COLOR), prose two columns in, code blocks four, without their fences. The cards
 * use only these (tests/src/man-cards.sh checks them).
 */
void
card_render(FILE *f, const char *text, bool color)
{
	const char	*line, *next;
	size_t		 len, skip;
	bool		 code = false;

	for (line = text; *line != '\0'; line = next) {
		len = strcspn(line, "\n");
		next = line[len] == '\n' ? line + len + 1 : line + len;
		if (strncmp(line, "```", 3) == 0) {
			code = !code;
			continue;
		}
		if (len == 0) {
			fputc('\n', f);
		} else if (code) {
			fprintf(f, "    %.*s\n", (int)len, line);
		} else if (strncmp(line, "# ", 2) == 0 || strncmp(line, "## ", 3) == 0) {
			skip = line[1] == '#' ? 3 : 2;
			fprintf(f, "%s%.*s%s\n", color ? "\033[1m" : "", (int)(len - skip),
			    line + skip, color ? "\033[0m" : "");
		} else {
			fputs("  ", f);
			render_prose(f, line, len, color);
			fputc('\n', f);
		}
	}
}
