/* SPDX-License-Identifier: MIT */
/*
 * verdict.c: from what the sandbox saw and what the harness recorded to a verdict and one
 * sentence a student understands. Pure functions (no processes), unit-tested.
 */
#include "grader.h"
#include "labtest.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* The names are English here (verdict_name: JSON's verdict_text); the text report shows
 * _(verdict_name(v)). */
static const struct {
	const char	*name, *id;
} verdicts[] = {
	[VERDICT_PASSED] = { N_("passed"), "passed" },
	[VERDICT_WRONG_ANSWER] = { N_("wrong answer"), "wrong_answer" },
	[VERDICT_CPU_TIME_LIMIT] = { N_("CPU time limit exceeded"), "cpu_time_limit" },
	[VERDICT_WALL_TIME_LIMIT] = { N_("time limit exceeded"), "wall_time_limit" },
	[VERDICT_MEMORY_LIMIT] = { N_("memory limit exceeded"), "memory_limit" },
	[VERDICT_OUTPUT_LIMIT] = { N_("output limit exceeded"), "output_limit" },
	[VERDICT_CRASHED] = { N_("crashed"), "crashed" },
	[VERDICT_TOO_MANY_PROCESSES] = { N_("too many processes"), "too_many_processes" },
	[VERDICT_COMPILE_ERROR] = { N_("did not compile"), "compile_error" },
	[VERDICT_LEFT_PROCESSES] = { N_("left processes behind"), "left_processes" },
	[VERDICT_INTERNAL_ERROR] = { N_("internal error"), "internal_error" },
};

const char *
verdict_name(enum verdict v)
{
	if ((size_t)v >= nitems(verdicts))
		return "internal error";
	return verdicts[v].name;
}

const char *
verdict_id(enum verdict v)
{
	if ((size_t)v >= nitems(verdicts))
		return "internal_error";
	return verdicts[v].id;
}

bool
verdict_from_id(const char *id, enum verdict *v)
{
	for (size_t i = 0; i < nitems(verdicts); i++)
		if (strcmp(verdicts[i].id, id) == 0) {
			*v = (enum verdict)i;
			return true;
		}
	return false;
}

static bool
is(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && strncmp(s, word, len) == 0;
}

/* The judge's verdict record: keeps the first value of each key; a "status failed"
 * anywhere wins over "passed" ("incomplete", or none: the run ended early). */
void
run_record_parse(const char *text, struct run_record *rec)
{
	const char	*p = text, *nl, *sp;
	size_t		 klen, vlen;
	char		**slot;

	memset(rec, 0, sizeof *rec);
	if (text == NULL)
		return;
	for (; *p != '\0'; p = *nl == '\0' ? nl : nl + 1) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		sp = memchr(p, ' ', (size_t)(nl - p));
		if (sp == NULL)
			continue;
		klen = (size_t)(sp - p);
		vlen = (size_t)(nl - sp - 1);
		if (vlen > 0 && sp[vlen] == '\r')
			vlen--;
		if (is(p, klen, LAB_KEY_STATUS)) {
			if (is(sp + 1, vlen, LAB_STATUS_FAILED)) {
				rec->has_status = true;
				rec->passed = false;
			} else if (is(sp + 1, vlen, LAB_STATUS_PASSED) && !rec->has_status) {
				rec->has_status = true;
				rec->passed = true;
			}
			continue;
		}
		if (is(p, klen, LAB_KEY_MESSAGE))
			slot = &rec->message;
		else if (is(p, klen, LAB_KEY_EXPECTED))
			slot = &rec->expected;
		else if (is(p, klen, LAB_KEY_ACTUAL))
			slot = &rec->actual;
		else
			continue;
		if (*slot == NULL)
			*slot = utf8_sanitize(sp + 1, vlen > 1024 ? 1024 : vlen);
	}
}

void
run_record_free(struct run_record *rec)
{
	free(rec->message);
	free(rec->expected);
	free(rec->actual);
	memset(rec, 0, sizeof *rec);
}

static const char *
signal_name(int sig, char *buf, size_t len)
{
	const char	*abbrev = sigabbrev_np(sig);

	if (abbrev == NULL)
		snprintf(buf, len, _("signal %d"), sig);
	else
		snprintf(buf, len, "SIG%s", abbrev);
	return buf;
}

static const char *
signal_hint(int sig)
{
	switch (sig) {
	case SIGSEGV:
		return _(" (a bad pointer: memory that is not mapped, e.g. after munmap or in a child "
		    "that did not inherit it?)");
	case SIGBUS:
		return _(" (a bad access to a mapping: shared memory smaller than you used? "
		    "forgot ftruncate?)");
	case SIGABRT:
		return _(" (abort: an assert failed or the C library found corrupt memory)");
	case SIGFPE:
		return _(" (an arithmetic error such as a division by zero)");
	case SIGPIPE:
		return _(" (wrote to a pipe whose reading end was closed)");
	case SIGKILL:
		return _(" (killed from outside)");
	case SIGXFSZ:
		return _(" (wrote a file larger than the file-size limit: an endless write loop?)");
	default:
		return "";
	}
}

/* A run whose process exited, unless its record says it failed. */
static void
exited_verdict(const struct sandbox_result *r, const struct sandbox_limits *lim,
    const struct run_record *rec, struct run_verdict *v)
{
	if (r->out_truncated || r->err_truncated) {
		v->verdict = VERDICT_OUTPUT_LIMIT;
		xasprintf(&v->message, _("your code printed more than %zu bytes on %s"),
		    lim->output_bytes, r->out_truncated ? "stdout" : "stderr");
		return;
	}
	if (rec->has_status && rec->passed && r->exit_status == 0) {
		v->verdict = VERDICT_PASSED;
		return;
	}
	v->verdict = VERDICT_WRONG_ANSWER;
	if (rec->has_status)
		xasprintf(&v->message, _("the test passed but then its process exited with "
		    "status %d (did your code call exit() or install an atexit handler?)"),
		    r->exit_status);
	else if (r->exit_status == 0)
		xasprintf(&v->message, _("your code ended the test early (did it call exit() "
		    "in the parent?)"));
	else
		xasprintf(&v->message, _("your code ended the test early with exit status %d "
		    "(did it call exit() in the parent, or return from a child without "
		    "_exit?)"), r->exit_status);
}

void
verdict_from_run(const struct sandbox_result *r, const struct sandbox_limits *lim,
    const char *record, struct run_verdict *v)
{
	struct run_record	rec;
	char			sig[32];

	memset(v, 0, sizeof *v);
	run_record_parse(record, &rec);
	/* A flood takes the CPU and the clock with it: it is the cause to name, unless the
	 * harness had already recorded a failure. */
	if ((r->out_truncated || r->err_truncated) && !(rec.has_status && !rec.passed) &&
	    (r->outcome == SANDBOX_CPU_LIMIT || r->outcome == SANDBOX_WALL_LIMIT ||
	    r->outcome == SANDBOX_SIGNALED)) {
		exited_verdict(r, lim, &rec, v);
		run_record_free(&rec);
		return;
	}
	switch (r->outcome) {
	case SANDBOX_INTERNAL:
		v->verdict = VERDICT_INTERNAL_ERROR;
		xasprintf(&v->message, _("the sandbox failed (not your fault): %s"),
		    r->cause != NULL ? r->cause : "no reason given");
		break;
	case SANDBOX_CPU_LIMIT:
		v->verdict = VERDICT_CPU_TIME_LIMIT;
		xasprintf(&v->message, _("your code used more than %.1f s of CPU time "
		    "(an endless loop, or a busy wait instead of blocking?)"), lim->cpu_ms / 1000.0);
		break;
	case SANDBOX_WALL_LIMIT:
		v->verdict = VERDICT_WALL_TIME_LIMIT;
		xasprintf(&v->message, _("the test did not finish within %.1f s of wall-clock time "
		    "(a deadlock, a lost wake-up, or waiting for a child that never ends?)"),
		    lim->wall_ms / 1000.0);
		break;
	case SANDBOX_MEMORY_LIMIT:
		v->verdict = VERDICT_MEMORY_LIMIT;
		xasprintf(&v->message, _("your code used more than %ld MiB of memory"), lim->memory_mb);
		break;
	case SANDBOX_PROCESS_LIMIT:
		v->verdict = VERDICT_TOO_MANY_PROCESSES;
		xasprintf(&v->message, _("your code tried to run more than %ld processes at once "
		    "(a child that keeps forking? a fork in a loop without exit in the child?)"),
		    lim->processes);
		break;
	case SANDBOX_DISK_LIMIT:
		v->verdict = VERDICT_OUTPUT_LIMIT;
		xasprintf(&v->message, _("your code wrote more than %ld MiB of files (in its "
		    "folder and /dev/shm): an endless write loop?"), lim->disk_mb);
		break;
	case SANDBOX_SIGNALED:
		if (rec.has_status && !rec.passed)
			goto failed;
		v->verdict = VERDICT_CRASHED;
		xasprintf(&v->message, _("the test crashed with %s%s"),
		    signal_name(r->term_signal, sig, sizeof sig), signal_hint(r->term_signal));
		break;
	case SANDBOX_EXITED:
		if (!(r->out_truncated || r->err_truncated) && rec.has_status && !rec.passed)
			goto failed;
		exited_verdict(r, lim, &rec, v);
		break;
	default:
		v->verdict = VERDICT_INTERNAL_ERROR;
		xasprintf(&v->message, _("the sandbox returned an unknown outcome %d"),
		    (int)r->outcome);
		break;
	}
	run_record_free(&rec);
	return;
failed:
	v->verdict = VERDICT_WRONG_ANSWER;
	v->message = rec.message != NULL ? rec.message :
	    xstrdup(_("the test failed without saying why"));
	v->expected = rec.expected;
	v->actual = rec.actual;
	rec.message = rec.expected = rec.actual = NULL;
	run_record_free(&rec);
}

void
run_verdict_free(struct run_verdict *v)
{
	free(v->message);
	free(v->expected);
	free(v->actual);
	free(v->schedule);
	free(v->branches);
	memset(v, 0, sizeof *v);
}

/* splitmix64 over the base seed, the test's name and the run number. */
static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

uint64_t
derive_seed(uint64_t base, const char *test, int run)
{
	uint64_t	h = 1469598103934665603ULL;         /* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)test; *p != '\0'; p++)
		h = (h ^ *p) * 1099511628211ULL;
	/* Keep it printable as a plain positive decimal that any harness parses. */
	return mix(base ^ mix(h + (uint64_t)run)) >> 1;
}
