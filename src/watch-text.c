/* SPDX-License-Identifier: MIT */
/*
 * watch-text.c: the dashboard's text as wide characters: widening (invalid bytes and control
 * characters made visible), the columns a text takes (translations differ in length from the
 * English), and wrapping into the lines of the detail pane.
 */
#include "watch.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* TEXT as wide characters: invalid bytes and control characters become '?', tabs spaces. */
wchar_t *
widen(const char *s)
{
	size_t		 len = strlen(s), n = 0, k;
	wchar_t		*w = xcalloc(len * 8 + 1, sizeof *w), wc;
	mbstate_t	 ps;

	memset(&ps, 0, sizeof ps);
	while (*s != '\0') {
		k = mbrtowc(&wc, s, strlen(s), &ps);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&ps, 0, sizeof ps);
			wc = L'?';
			k = 1;
		}
		s += k;
		if (wc == L'\t') {
			do
				w[n++] = L' ';
			while (n % 8 != 0);
			continue;
		}
		if (wc != L'\n' && (wc < 32 || wc == 127 || wcwidth(wc) < 0))
			wc = L'?';
		w[n++] = wc;
	}
	w[n] = L'\0';
	return w;
}

/* The columns C takes on the screen. */
int
wchar_cols(wchar_t c)
{
	int	k = wcwidth(c);

	return k < 0 ? 1 : k;
}

/* Columns TEXT takes on the screen. */
int
text_cols(const char *s)
{
	wchar_t	*w = widen(s);
	int	 n = 0;

	for (const wchar_t *p = w; *p != L'\0'; p++)
		n += wchar_cols(*p);
	free(w);
	return n;
}

static void
lines_push(struct lines *L, const wchar_t *w, size_t n, enum style s)
{
	if (L->n == L->cap) {
		L->cap = L->cap ? L->cap * 2 : 64;
		L->v = xreallocarray(L->v, L->cap, sizeof *L->v);
	}
	L->v[L->n].w = xcalloc(n + 1, sizeof(wchar_t));
	wmemcpy(L->v[L->n].w, w, n);
	L->v[L->n].style = s;
	L->n++;
}

/* How much of P (PLEN characters) goes on a line of WIDTH columns that already has COL used:
 * up to the last space where possible, at least one character. *KEEP: of those, the ones
 * shown (the spaces where the line breaks are dropped). */
static size_t
fit(const wchar_t *p, size_t plen, int col, int width, size_t *keep)
{
	size_t	i = 0, brk = 0, n;

	while (i < plen && col + wchar_cols(p[i]) <= width) {
		if (p[i] == L' ')
			brk = i;
		col += wchar_cols(p[i]);
		i++;
	}
	if (i < plen && brk > 0)
		i = brk + 1;
	if (i == 0 && plen > 0)
		i = 1;
	n = i;
	while (n > 0 && p[n - 1] == L' ' && i < plen)
		n--;
	*keep = n;
	return i;
}

/* Adds TEXT wrapped to WIDTH columns, each line after the first indented by INDENT more. */
void
lines_add(struct lines *L, int width, int indent, enum style s, const char *text)
{
	wchar_t		*all = widen(text), *p = all, *buf;
	bool		 first = true;

	if (width < 8)
		width = 8;
	buf = xcalloc((size_t)width + (size_t)indent + wcslen(all) + 2, sizeof *buf);
	do {
		wchar_t	*nl = wcschr(p, L'\n');
		size_t	 plen = nl != NULL ? (size_t)(nl - p) : wcslen(p);

		/* one source line, wrapped at spaces where possible */
		do {
			int	 pre = first ? 0 : indent;
			size_t	 n, i;

			wmemset(buf, L' ', (size_t)pre);
			i = fit(p, plen, pre, width, &n);
			wmemcpy(buf + pre, p, n);
			lines_push(L, buf, (size_t)pre + n, s);
			first = false;
			p += i;
			plen -= i;
			while (plen > 0 && *p == L' ' && i > 0) {
				p++;
				plen--;
			}
		} while (plen > 0);
		p = nl != NULL ? nl + 1 : NULL;
		first = false;
	} while (p != NULL);
	free(buf);
	free(all);
}

void
lines_addf(struct lines *L, int width, int indent, enum style s, const char *fmt, ...)
{
	va_list	 ap;
	char	*t;

	va_start(ap, fmt);
	xvasprintf(&t, fmt, ap);
	va_end(ap);
	lines_add(L, width, indent, s, t);
	free(t);
}

void
lines_free(struct lines *L)
{
	for (size_t i = 0; i < L->n; i++)
		free(L->v[i].w);
	free(L->v);
	memset(L, 0, sizeof *L);
}
