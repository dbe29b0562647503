/* SPDX-License-Identifier: MIT */
/*
 * crash.c: a crash told by function and line. Before a process of the test program dies
 * of a fault, the runtime writes "proclab-crash SIGNAL PC CALLER..." on its stderr
 * (lib/lab-crash.c: offsets into the program). Here those offsets become
 * "withdraw (bank.c:31) <- worker (bank.c:52)" through addr2line, run in the sandbox on
 * the program the grader built with -g, keeping only the frames in the student's files.
 * Everything on that line is the student's to forge: it is parsed strictly, and at worst
 * it changes the words of the student's own failure.
 */
#include "grader.h"
#include "labtest.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CRASH_MAX_FRAMES	25      /* the PC and up to 24 callers, as the runtime writes */
#define CRASH_SHOWN		4       /* frames of the student's code named in the message */

struct frame {
	bool		 in_program;    /* not "-": an address addr2line can look up */
	char		*function;
	char		*file;          /* the basename, when in one of the student's files */
	long		 line;
};

/* The first crash line of ERR (LEN bytes): its offsets in OFF ("-" as UINT64_MAX). */
static int
crash_line(const char *err, size_t len, unsigned long long *off)
{
	static const char key[] = LAB_CRASH_LINE " ";
	const char	*p = err, *end = err + len, *eol;
	char		 tok[32];
	int		 n = 0, sig, used;

	for (; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return 0;       /* only a whole line: a cut one is not believed */
		if ((size_t)(eol - p) > sizeof key - 1 && memcmp(p, key, sizeof key - 1) == 0)
			break;
	}
	if (p >= end)
		return 0;
	p += sizeof key - 1;
	if (sscanf(p, "%d%n", &sig, &used) != 1 || sig < 1 || sig > 64)
		return 0;
	for (p += used; p < eol && n < CRASH_MAX_FRAMES; p += used) {
		if (sscanf(p, " %31[^ \n]%n", tok, &used) != 1)
			break;
		if (strcmp(tok, "-") == 0)
			off[n++] = UINT64_MAX;
		else if (strlen(tok) <= 16 && strspn(tok, "0123456789abcdef") == strlen(tok))
			off[n++] = strtoull(tok, NULL, 16);
		else
			return 0;
	}
	return n;
}

/* addr2line -f's answer: "FUNCTION\nFILE:LINE[ (discriminator N)]\n" per address. */
static void
read_answers(const struct exercise *ex, char *out, struct frame *f, int n)
{
	char	*save, *fn, *loc, *colon, *base;

	fn = strtok_r(out, "\n", &save);
	for (int i = 0; i < n && fn != NULL; i++) {
		if (!f[i].in_program)
			continue;
		if ((loc = strtok_r(NULL, "\n", &save)) == NULL)
			break;
		if ((colon = strrchr(loc, ':')) != NULL && isdigit((unsigned char)colon[1])) {
			*colon = '\0';
			base = strrchr(loc, '/') != NULL ? strrchr(loc, '/') + 1 : loc;
			if (exercise_has_file(ex, base) && strcmp(fn, "??") != 0) {
				f[i].function = utf8_sanitize(fn, strlen(fn));
				f[i].file = xstrdup(base);
				f[i].line = strtol(colon + 1, NULL, 10);
			}
		}
		fn = strtok_r(NULL, "\n", &save);
	}
}

/* "withdraw (bank.c:31) <- worker (bank.c:52)": the student's frames from FIRST on. */
static char *
chain(const struct frame *f, int n, int first)
{
	char	*s = xstrdup(""), *t;
	int	 shown = 0;

	for (int i = first; i < n && shown < CRASH_SHOWN; i++) {
		if (f[i].file == NULL)
			continue;
		xasprintf(&t, "%s%s%s (%s:%ld)", s, shown > 0 ? " <- " : "", f[i].function,
		    f[i].file, f[i].line);
		free(s);
		s = t;
		shown++;
	}
	return s;
}

char *
crash_where(const char *err, size_t len, const struct exercise *ex, const char *workdir,
    const struct grade_options *o)
{
	unsigned long long	 off[CRASH_MAX_FRAMES];
	struct frame		 f[CRASH_MAX_FRAMES];
	const char		*args[4 + CRASH_MAX_FRAMES] = { "addr2line", "-f", "-e",
	    COMPILED_PROGRAM };
	char			*out, *where = NULL, *c;
	int			 n, nargs = 4, first = -1;

	if (err == NULL || (n = crash_line(err, len, off)) == 0)
		return NULL;
	memset(f, 0, sizeof f);
	for (int i = 0; i < n; i++) {
		char *a;

		if (off[i] == UINT64_MAX)
			continue;
		f[i].in_program = true;
		/* a caller's return address is past its call: the call is the byte before */
		xasprintf(&a, "0x%llx", i == 0 || off[i] == 0 ? off[i] : off[i] - 1);
		args[nargs++] = a;
	}
	if (nargs > 4 && compile_tool(args, (size_t)nargs, workdir, o, &out) == 0) {
		read_answers(ex, out, f, n);
		free(out);
	}
	for (int i = 0; i < n && first == -1; i++)
		if (f[i].file != NULL)
			first = i;
	if (first == 0) {
		c = chain(f, n, 0);
		xasprintf(&where, _("Where it crashed: %s."), c);
		free(c);
	} else if (first > 0) {
		c = chain(f, n, first);
		xasprintf(&where, _("Where it crashed: in the C library or the harness, called "
		    "from %s."), c);
		free(c);
	}
	for (int i = 4; i < nargs; i++)
		free((char *)args[i]);
	for (int i = 0; i < n; i++) {
		free(f[i].function);
		free(f[i].file);
	}
	return where;
}

/* TEXT without its crash lines (and the blank line the runtime puts before each). */
void
crash_strip(char *text)
{
	static const char key[] = LAB_CRASH_LINE " ";
	char	*r = text, *w = text, *eol;

	while (*r != '\0') {
		size_t n = (eol = strchr(r, '\n')) != NULL ? (size_t)(eol - r) + 1 : strlen(r);

		if (strncmp(r, key, sizeof key - 1) == 0) {
			if (w > text + 1 && w[-1] == '\n' && w[-2] == '\n')
				w--;            /* the runtime's own blank line */
			else if (w == text + 1 && w[-1] == '\n')
				w--;
		} else {
			memmove(w, r, n);
			w += n;
		}
		r += n;
	}
	*w = '\0';
}

void
program_places(const struct exercise *ex, const char *workdir, const struct grade_options *o,
    const uint64_t *off, size_t n, char **names)
{
	struct frame	*f = xcalloc(n + 1, sizeof *f);
	const char	**args = xcalloc(n + 4, sizeof *args);
	char		*out;
	size_t		 nargs = 4;

	args[0] = "addr2line";
	args[1] = "-f";
	args[2] = "-e";
	args[3] = COMPILED_PROGRAM;
	for (size_t i = 0; i < n; i++) {
		char *a;

		names[i] = NULL;
		if (off[i] == 0)
			continue;
		f[i].in_program = true;
		/* a return address is past its call: the call is the byte before */
		xasprintf(&a, "0x%llx", (unsigned long long)off[i] - 1);
		args[nargs++] = a;
	}
	if (nargs > 4 && compile_tool(args, nargs, workdir, o, &out) == 0) {
		read_answers(ex, out, f, (int)n);
		free(out);
	}
	for (size_t i = 0; i < n; i++) {
		if (f[i].file != NULL)
			xasprintf(&names[i], "%s (%s:%ld)", f[i].function, f[i].file, f[i].line);
		free(f[i].function);
		free(f[i].file);
	}
	for (size_t i = 4; i < nargs; i++)
		free((char *)args[i]);
	free(args);
	free(f);
}
