/* SPDX-License-Identifier: MIT */
/*
 * report.c: what every report format shares: the format names, the escaping they need, the
 * score, the sentences of feedback; and report_write, which hands a report to the writer of
 * its format (report-FORMAT.c, one file per format).
 *
 * Students never see a hidden test's name, title or message (struct report.instructor).
 * Everything that came from the student's run or compiler goes through utf8_sanitize first:
 * valid UTF-8 with every control character but newline and tab made visible.
 */
#include "report-int.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const format_names[] = {
	[FORMAT_TEXT] = "text", [FORMAT_JSON] = "json", [FORMAT_JUNIT] = "junit",
	[FORMAT_TAP] = "tap", [FORMAT_GRADESCOPE] = "gradescope", [FORMAT_AUTOLAB] = "autolab",
	[FORMAT_PRAIRIELEARN] = "prairielearn", [FORMAT_VPL] = "vpl",
};

bool
report_format_parse(const char *s, enum report_format *f)
{
	for (size_t i = 0; i < nitems(format_names); i++)
		if (strcmp(s, format_names[i]) == 0) {
			*f = (enum report_format)i;
			return true;
		}
	return false;
}

const char *
report_format_ext(enum report_format f)
{
	switch (f) {
	case FORMAT_JSON:	return "json";
	case FORMAT_JUNIT:	return "xml";
	case FORMAT_TAP:	return "tap";
	case FORMAT_GRADESCOPE:	return "gradescope.json";
	case FORMAT_AUTOLAB:	return "autolab.txt";
	case FORMAT_PRAIRIELEARN: return "prairielearn.json";
	case FORMAT_VPL:	return "vpl.txt";
	default:		return "txt";
	}
}

/* ------------------------------------------------------------ escaping */

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t	cp;
	size_t		len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

size_t
utf8_valid(const char *in, size_t n)
{
	const unsigned char	*s = (const unsigned char *)in;
	size_t			 i = 0, l;

	while (i < n && (l = utf8_seq(s + i, n - i)) != 0)
		i += l;
	return i;
}

char *
utf8_sanitize(const char *in, size_t n)
{
	const unsigned char	*s = (const unsigned char *)in;
	char			*out = xmalloc(n * 3 + 1), *o = out;
	size_t			 i = 0, l;

	while (i < n) {
		if (s[i] == '\0') {
			i++;
			continue;
		}
		l = utf8_seq(s + i, n - i);
		if (l == 0) {
			memcpy(o, "\xef\xbf\xbd", 3);           /* U+FFFD */
			o += 3;
			i++;
			continue;
		}
		/* A terminal obeys control characters: shown as ^[ (ESC), ^G, ^M, ^?, and
		 * the C1 ones (U+0080..U+009F, e.g. CSI) as \u009b; only \n and \t pass. */
		if ((l == 1 && s[i] < 0x20 && s[i] != '\n' && s[i] != '\t') || s[i] == 0x7f) {
			*o++ = '^';
			*o++ = s[i] == 0x7f ? '?' : (char)(s[i] + 0x40);
			i++;
			continue;
		}
		if (l == 2 && s[i] == 0xc2 && s[i + 1] < 0xa0) {
			o += sprintf(o, "\\u%04x", s[i + 1]);
			i += 2;
			continue;
		}
		memcpy(o, s + i, l);
		o += l;
		i += l;
	}
	*o = '\0';
	return out;
}

/* XML 1.0 text or attribute value: markup escaped, characters XML forbids replaced. */
void
xml_escape(FILE *f, const char *str)
{
	char			*clean;
	const unsigned char	*s;

	if (str == NULL)
		return;
	clean = utf8_sanitize(str, strlen(str));
	for (s = (const unsigned char *)clean; *s != '\0'; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		case '\t': case '\n': case '\r': fprintf(f, "&#%d;", *s); break;
		default:
			if (*s < 0x20 || *s == 0x7f)
				fputs("\xef\xbf\xbd", f);
			else if (*s == 0xef && s[1] == 0xbf && (s[2] == 0xbe || s[2] == 0xbf)) {
				fputs("\xef\xbf\xbd", f);       /* U+FFFE, U+FFFF */
				s += 2;
			} else
				fputc(*s, f);
		}
	}
	free(clean);
}

/* RFC 4180: always quoted, quotes doubled; a leading = + - @ gets a ' so a spreadsheet does
 * not run it as a formula. */
void
csv_field(FILE *f, const char *str)
{
	char	*clean = utf8_sanitize(str, strlen(str));

	fputc('"', f);
	if (strchr("=+-@\t\r", clean[0]) != NULL && clean[0] != '\0')
		fputc('\'', f);
	for (const char *s = clean; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
	free(clean);
}

/* A TAP description: one line, no unescaped '#'. */
char *
tap_escape(const char *str)
{
	char	*clean = utf8_sanitize(str, strlen(str));
	char	*out = xmalloc(strlen(clean) * 2 + 1), *o = out;

	for (const char *s = clean; *s != '\0'; s++) {
		if (*s == '#' || *s == '\\')
			*o++ = '\\';
		*o++ = (*s == '\n' || *s == '\r') ? ' ' : *s;
	}
	*o = '\0';
	free(clean);
	return out;
}

/* --------------------------------------------------------------- helpers */

int
report_score(const struct report *r, int *max)
{
	int	score = 0;

	*max = 0;
	for (size_t i = 0; i < r->nres; i++) {
		score += r->res[i].score;
		*max += r->res[i].max_score;
	}
	return score;
}

bool
report_internal(const struct report *r)
{
	for (size_t i = 0; i < r->nres; i++)
		if (r->res[i].internal)
			return true;
	return false;
}

bool
rep_shown(const struct report *r, const struct test_spec *t)
{
	return r->instructor || !t->hidden;
}

char *
rep_test_title(const struct report *r, const struct case_result *t, size_t i)
{
	char	*s;

	if (rep_shown(r, t->spec))
		return xstrdup(manifest_text(t->spec->title));
	xasprintf(&s, _("hidden test %zu"), i + 1);
	return s;
}

char *
rep_test_name(const struct report *r, const struct case_result *t, size_t i)
{
	char	*s;

	if (rep_shown(r, t->spec))
		return xstrdup(t->spec->name);
	xasprintf(&s, "hidden_%zu", i + 1);
	return s;
}

/* TEXT with PREFIX before each of its lines, without a last empty line. */
static char *
quote_lines(const char *text, const char *prefix)
{
	size_t n = 1, len = strlen(text), plen = strlen(prefix), o = 0;
	char *out;

	for (size_t i = 0; i < len; i++)
		n += text[i] == '\n';
	out = xmalloc(len + n * plen + 1);
	for (size_t i = 0; i < len; i++) {
		if (i == 0 || text[i - 1] == '\n') {
			memcpy(out + o, prefix, plen);
			o += plen;
		}
		if (!(text[i] == '\n' && i + 1 == len))
			out[o++] = text[i];
	}
	out[o] = '\0';
	return out;
}

/* The feedback of a failed test in plain text (several lines), or NULL if it passed. */
char *
rep_test_feedback(const struct report *r, const struct exercise_result *er,
    const struct case_result *t)
{
	char	*s, *x;

	if (t->verdict == VERDICT_PASSED)
		return NULL;
	if (!rep_shown(r, t->spec)) {
		xasprintf(&s, "%s", _(verdict_name(t->verdict)));
		return s;
	}
	xasprintf(&s, "%s: %s", _(verdict_name(t->verdict)), t->message ? t->message : "");
	if (t->expected != NULL) {
		xasprintf(&x, _("%s\nexpected: %s"), s, t->expected);
		free(s);
		s = x;
	}
	if (t->actual != NULL) {
		xasprintf(&x, _("%s\nactual:   %s"), s, t->actual);
		free(s);
		s = x;
	}
	if (t->output != NULL && t->output[0] != '\0') {
		char *quoted = quote_lines(t->output, "| ");

		xasprintf(&x, t->output_is_err ? _("%s\nyour code printed on stderr:\n%s") :
		    _("%s\nyour code printed:\n%s"), s, quoted);
		free(quoted);
		free(s);
		s = x;
	}
	if (t->replay != NULL) {
		xasprintf(&x, _("%s\n(failed on run %d, under proclab's scheduler; this "
		    "interleaving again, exactly: proclab check %d --replay %s)"), s,
		    t->failed_run, er->ex->number, t->replay);
		free(s);
		s = x;
	} else if (t->uncontrolled > 0) {
		xasprintf(&x, ngettext("%s\n(failed on run %d, under proclab's scheduler, "
		    "but %d process ran free for a while, with no call the scheduler sees for over "
		    "0.5 s, so this interleaving cannot be replayed; proclab check %d --seed %llu "
		    "gives the same inputs)", "%s\n(failed on run %d, under proclab's scheduler, "
		    "but %d processes ran free for a while, with no call the scheduler sees for "
		    "over 0.5 s, so this interleaving cannot be replayed; proclab check %d --seed "
		    "%llu gives the same inputs)", (unsigned long)t->uncontrolled), s,
		    t->failed_run, t->uncontrolled, er->ex->number, (unsigned long long)r->seed);
		free(s);
		s = x;
	} else if (t->failed_run > 0 && t->spec->runs > 1 && r->sanitized) {
		xasprintf(&x, t->spec->race ?
		    _("%s\n(failed on run %d of %d, with injected delays; proclab check %d "
		    "--sanitize --seed %llu replays it)") :
		    _("%s\n(failed on run %d of %d; proclab check %d --sanitize --seed %llu "
		    "replays it)"),
		    s, t->failed_run, t->spec->runs, er->ex->number, (unsigned long long)r->seed);
		free(s);
		s = x;
	} else if (t->failed_run > 0 && t->spec->runs > 1) {
		xasprintf(&x, t->spec->race ?
		    _("%s\n(failed on run %d of %d, with injected delays; proclab check %d --seed "
		    "%llu replays it)") :
		    _("%s\n(failed on run %d of %d; proclab check %d --seed %llu replays it)"),
		    s, t->failed_run, t->spec->runs, er->ex->number, (unsigned long long)r->seed);
		free(s);
		s = x;
	}
	return s;
}

char *
rep_hygiene_feedback(const struct exercise_result *er)
{
	char	*s;

	if (er->hygiene_verdict == VERDICT_PASSED)
		return NULL;
	if (er->hygiene_message != NULL)
		xasprintf(&s, "%s", er->hygiene_message);
	else
		xasprintf(&s, "%s", !er->submitted ? _("not checked: nothing submitted") :
		    _("not checked: your code did not compile"));
	return s;
}

char *
rep_compile_feedback(const struct exercise_result *er)
{
	char	*s;

	if (!er->submitted)
		xasprintf(&s, _("not submitted: %s"), er->missing ? er->missing : "?");
	else if (er->internal && er->internal_message != NULL)
		xasprintf(&s, _("internal error (not your fault): %s"), er->internal_message);
	else if (!er->compiled)
		xasprintf(&s, _("did not compile:\n%s"), er->compiler_output ? er->compiler_output : "");
	else if (er->compiler_output != NULL && er->compiler_output[0] != '\0')
		xasprintf(&s, _("compiled with warnings:\n%s"), er->compiler_output);
	else
		return NULL;
	return s;
}

/* One line: what held the code under test, in the words an instructor can check. */
const char *
rep_protections(const struct report *r)
{
	static char buf[1024];
	int abi = sandbox_landlock();
	size_t n;
	const char *base = r->isolation == ISOLATION_NAMESPACES ? _("namespaces (processes, IPC, "
	    "network, a read-only file system), resource limits") : _("resource limits and a "
	    "process group (no namespaces)");

	if (abi >= 6)
		snprintf(buf, sizeof buf, _("%s; Landlock %d: only the system's files and the run's "
		    "folder, signals and abstract sockets confined to the run"), base, abi);
	else if (abi >= 1)
		snprintf(buf, sizeof buf, _("%s; Landlock %d: only the system's files and the run's "
		    "folder (signals are not confined before Linux 6.12)"), base, abi);
	else
		snprintf(buf, sizeof buf, _("%s; no Landlock (Linux 5.13 or later with Landlock "
		    "enabled keeps a run to the system's files and its own folder)"), base);
	n = strlen(buf);
	if (r->sanitized)
		snprintf(buf + n, sizeof buf - n, _("; sanitized (--sanitize): built with "
		    "AddressSanitizer and UndefinedBehaviorSanitizer, %d times the time limits, "
		    "memory limited as resident memory (the sanitizer's address space cannot be), "
		    "the same tests and points"), SANITIZE_SLOWER);
	return buf;
}

const char *
rep_isolation_warning(const struct report *r)
{
	static char buf[1024];
	const char *why = sandbox_fallback_reason();

	if (r->isolation == ISOLATION_NAMESPACES)
		return NULL;
	if (why == NULL)
		why = _("namespaces were not used");
	if (geteuid() == 0)
		snprintf(buf, sizeof buf, _("fallback isolation (%s): the code under test runs as "
		    "a uid of its own, but can reach the network and see other processes in "
		    "/proc"), why);
	else if (sandbox_landlock() >= 6)
		snprintf(buf, sizeof buf, _("fallback isolation (%s): the code under test runs as "
		    "you, can reach the network and see other processes in /proc"), why);
	else
		snprintf(buf, sizeof buf, _("fallback isolation (%s): the code under test runs as "
		    "you and could signal or disturb other processes of the same user"), why);
	return buf;
}

int
report_write(FILE *f, enum report_format fmt, const struct report *r)
{
	int	rc;

	switch (fmt) {
	case FORMAT_JSON:	rc = write_json(f, r); break;
	case FORMAT_JUNIT:	rc = write_junit(f, r); break;
	case FORMAT_TAP:	rc = write_tap(f, r); break;
	case FORMAT_GRADESCOPE:	rc = write_gradescope(f, r); break;
	case FORMAT_AUTOLAB:	rc = write_autolab(f, r); break;
	case FORMAT_PRAIRIELEARN: rc = write_prairielearn(f, r); break;
	case FORMAT_VPL:	rc = write_vpl(f, r); break;
	default:		rc = write_text(f, r); break;
	}
	if (fflush(f) == EOF || ferror(f))
		rc = -1;
	return rc;
}

int
report_emit(const char *path, FILE *f, enum report_format fmt, const struct report *r,
    char **cause)
{
	struct stat	 st;
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*mem;
	int		 rc;

	if (path == NULL || strcmp(path, "-") == 0) {
		if (report_write(f, fmt, r) == -1) {
			cause_errno(cause, _("writing the report"));
			return -1;
		}
		return 0;
	}
	if ((mem = open_memstream(&buf, &len)) == NULL) {
		cause_errno(cause, "open_memstream");
		return -1;
	}
	rc = report_write(mem, fmt, r);
	if (fclose(mem) == EOF || rc == -1) {
		cause_errno(cause, _("building the report"));
		free(buf);
		return -1;
	}
	/* a path that is not a regular file (a symlink, a FIFO, a device such as /dev/stdout)
	 * is written through, never replaced by a new file */
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		rc = write_file(path, O_TRUNC, buf, len, cause);
	else if ((rc = write_file_atomic(path, buf, len)) == -1)
		cause_errno(cause, "%s", path);
	free(buf);
	return rc;
}
