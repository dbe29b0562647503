/* SPDX-License-Identifier: MIT */
/*
 * check.c: grading one exercise: (1) compile, (2) run every test case in the sandbox, one
 * test per run, race tests `runs` times with delay injection (half of the runs pinned to one
 * CPU), all runs must pass, (3) hygiene: processes or IPC objects left behind.
 */
#include "grader.h"
#include "labtest.h"
#include "lab-sched.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RACE_DELAY_US	2000

/* --sanitize: ASan's shadow, redzones and quarantine need memory, and every check costs
 * time; the address space cannot be limited (sandbox.h: resident_only) */
#define SANITIZE_MEMORY_MB(mb)	((mb) * 2 + 256)
#define SANITIZE_ASAN_OPTIONS	"ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=0:" \
	"color=never:quarantine_size_mb=32:print_legend=0"
#define SANITIZE_UBSAN_OPTIONS	"UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:color=never"

_Static_assert(LAB_RESULT_FD == SANDBOX_REPORT_FD, "the harness writes where the sandbox reads");

static void
set_internal(struct exercise_result *res, const char *fmt, ...) ATTR_PRINTF(2, 3);

static void
set_internal(struct exercise_result *res, const char *fmt, ...)
{
	va_list	ap;

	if (res->internal)
		return;
	res->internal = true;
	va_start(ap, fmt);
	xvasprintf(&res->internal_message, fmt, ap);
	va_end(ap);
}

static void
not_run(struct exercise_result *res, enum verdict v, const char *why)
{
	for (size_t i = 0; i < res->ex->ntests; i++) {
		res->tests[i].verdict = v;
		res->tests[i].message = xstrdup(why);
	}
}

static double
monotonic_s(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A solution that sleeps just under the wall limit in every run must not take minutes:
 * once the exercise's runs have used its budget, or the grading its time limit, the rest
 * fail unrun. */
static bool
budget_spent(const struct exercise *ex, const struct exercise_result *res,
    const struct grade_options *o, struct case_result *tr, int run)
{
	long budget = ex->budget_ms * (o->sanitize ? SANITIZE_SLOWER : 1);

	if (o->deadline_s > 0 && monotonic_s() >= o->deadline_s)
		xasprintf(&tr->message, _("not run: grading's whole time limit of %.0f s was spent "
		    "before this test (does the code of some exercise wait a while instead of "
		    "synchronizing?)"), o->time_limit_ms / 1000.0);
	else if (res->time_s * 1000 >= (double)budget)
		xasprintf(&tr->message, _("not run: the exercise's runs used its whole time budget "
		    "of %.0f s (does your code wait a while instead of synchronizing?)"),
		    budget / 1000.0);
	else
		return false;
	tr->verdict = VERDICT_WALL_TIME_LIMIT;
	tr->failed_run = run;
	return true;
}

/* V for a run the lab could not judge: its fault, not the student's. */
static void
judge_error(struct run_verdict *v, char *cause)
{
	v->verdict = VERDICT_INTERNAL_ERROR;
	xasprintf(&v->message, _("the judge failed (not your fault): %s"),
	    cause != NULL ? cause : "no reason given");
	free(cause);
}

/* What decides run SR: the judge's verdict record (NULL with V set when it failed). */
static char *
run_record(const struct manifest *mf, const struct exercise *ex, const struct test_spec *t,
    uint64_t seed, const struct sandbox_result *sr, const struct grade_options *o,
    struct run_verdict *v)
{
	char	*record, *cause = NULL;

	if (sr->outcome == SANDBOX_INTERNAL)
		return xstrdup("");
	if (sr->report_truncated) {
		xasprintf(&record, "%s %s\n%s %s\n", LAB_KEY_STATUS, LAB_STATUS_FAILED,
		    LAB_KEY_MESSAGE, _("the test's report was longer than the harness ever "
		    "writes: something else wrote on its report descriptor (3); the test fails"));
		return record;
	}
	record = judge_decide(mf, ex, t, seed, sr->report, sr->report_len, o, &cause);
	if (record == NULL)
		judge_error(v, cause);
	return record;
}

#define RUN_ENV_MAX	16      /* 4 fixed, up to 10 more (see run_env), the NULL */

/* The environment of a run of T with SEED (the strings from [4] on are malloc'd): LOCALE,
 * when not NULL, is the catalogs' copy in the program's folder (catalog.c). */
static void
run_env(char **envp, const struct test_spec *t, uint64_t seed, const char *locale,
    const struct grade_options *o, bool controlled)
{
	size_t	n = 4;

	envp[0] = "PATH=/usr/local/bin:/usr/bin:/bin";
	envp[1] = "LC_ALL=C.UTF-8";
	envp[2] = "HOME=/tmp";
	envp[3] = "TMPDIR=/tmp";
	xasprintf(&envp[n++], LAB_ENV_SEED "=%llu", (unsigned long long)seed);
	xasprintf(&envp[n++], LAB_ENV_DELAY_US "=%d", t->race ? RACE_DELAY_US : 0);
	envp[n++] = xstrdup(LAB_ENV_RESULT_FD "=" LAB_RESULT_FD_STR);
	if (controlled)
		xasprintf(&envp[n++], "%s=%d", LAB_ENV_SCHED_FD, SANDBOX_SCHED_FD);
	if (locale != NULL && o->languages != NULL) {
		xasprintf(&envp[n++], "LANGUAGE=%s", o->languages);
		xasprintf(&envp[n++], LAB_ENV_LOCALEDIR "=%s", locale);
	}
	if (o->sanitize) {
		envp[n++] = xstrdup(SANITIZE_ASAN_OPTIONS);
		envp[n++] = xstrdup(SANITIZE_UBSAN_OPTIONS);
	}
	envp[n] = NULL;
	assert(n < RUN_ENV_MAX);
}

/* The broken rule a run showed, the most telling first: a lock not process-shared, an
 * unlock of a mutex not held, a change with no lock held, two changes nothing ordered. */
static char *
rule_message(const struct sched_trace_run *tr, const char *dir, const struct sched_findings *f)
{
	if (f->has_unshared)
		return sched_unshared_message(f, tr->ex, dir, tr->options);
	if (f->has_unheld)
		return sched_unheld_message(f, tr->ex, dir, tr->options);
	if (f->has_unguarded)
		return sched_unguarded_message(f, tr->ex, dir, tr->options);
	return sched_unordered_message(f, tr->ex, dir, tr->options);
}

/* What the scheduler found decides too: a deadlock is the run's failure, whatever the
 * judge made of the report the ended run left; a failure carries its schedule. A change
 * with no lock held, and two holders of one mutex, are certain only when no process ran
 * free (one let go runs beside the others: what they saw may be its doing). */
static void
scheduled(struct sched_trace_run *tr, const char *prog, struct sched_findings *f,
    const struct sandbox_result *sr, struct run_verdict *v)
{
	char *dir, *slash;

	if (sr->outcome == SANDBOX_INTERNAL) {
		sched_findings_free(f);
		return;
	}
	dir = xstrdup(prog);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	if (f->tampered && v->verdict != VERDICT_INTERNAL_ERROR) {
		run_verdict_free(v);
		v->verdict = VERDICT_WRONG_ANSWER;
		xasprintf(&v->message, _("process %d of your program ran without its turn: "
		    "something in the program wrote into proclab's scheduler page, which only "
		    "the grader's scheduler may change, so the run was stopped and cannot pass"),
		    f->tampered_process);
	} else if (f->deadlock && v->verdict != VERDICT_INTERNAL_ERROR) {
		run_verdict_free(v);
		v->verdict = VERDICT_WRONG_ANSWER;
		v->message = sched_deadlock_message(f, tr->ex, dir, tr->options);
	} else if ((f->has_unguarded || f->has_unheld || f->has_unordered ||
	    f->has_unshared) && f->uncontrolled == 0 && v->verdict == VERDICT_PASSED) {
		/* the results may be right by the schedule's luck: the rule was broken */
		run_verdict_free(v);
		v->verdict = VERDICT_WRONG_ANSWER;
		v->message = rule_message(tr, dir, f);
	} else if (f->has_copied && f->uncontrolled == 0 && v->verdict == VERDICT_WRONG_ANSWER) {
		/* the cause first: the judge saw the result, not that the lock was a copy */
		char *why = sched_copied_message(f, tr->ex, dir, tr->options), *m;

		/* TRANSLATORS: the schedule's finding, then the test's own message */
		xasprintf(&m, _("%s What the test saw: %s"), why, v->message != NULL ?
		    v->message : "");
		free(v->message);
		free(why);
		v->message = m;
	} else if ((f->has_lost || ((f->has_unguarded || f->has_unheld || f->has_unordered ||
	    f->has_unshared) && f->uncontrolled == 0)) && v->verdict == VERDICT_WRONG_ANSWER) {
		char *why = f->has_lost ? sched_lost_message(f, tr->ex, dir, tr->options) :
		    rule_message(tr, dir, f), *m;
		const char *was = v->message != NULL ? v->message : "";
		size_t len = strlen(was);

		xasprintf(&m, "%s%s%s", was, len == 0 ? "" : was[len - 1] == '.' ? " " : ". ",
		    why);
		free(v->message);
		free(why);
		v->message = m;
	}
	if (tr->options->trace != NULL) {
		tr->findings = f;
		tr->verdict = v;
		tr->workdir = dir;
		sched_trace_run(tr->options->trace, tr);
	}
	free(dir);
	v->steps = f->steps;
	v->schedule = f->schedule;
	v->branches = f->branches;
	v->uncontrolled = f->uncontrolled;
	f->schedule = NULL;
	f->branches = NULL;
	sched_findings_free(f);
}

/* One run of test T with SEED: the judge's inputs, the sandbox, the verdict V. */
static void
run_once(const struct manifest *mf, const struct exercise *ex, const struct test_spec *t,
    const char *prog, const char *rundir, const char *locale, const struct grade_options *o,
    int run, uint64_t seed, const struct sched_plan *plan, struct sandbox_result *sr,
    struct run_verdict *v)
{
	char			**inputs = NULL, **argv, *envp[RUN_ENV_MAX], *record;
	char			*cause = NULL;
	const char		*hide_none[] = { NULL };
	struct sandbox_spec	 spec;
	struct sched_run	*sched = NULL;
	struct sched_findings	 found;
	size_t			 n = 0;

	memset(sr, 0, sizeof *sr);
	memset(v, 0, sizeof *v);
	memset(&found, 0, sizeof found);
	if (plan->strategy != SCHED_OFF && o->debugger == NULL &&
	    (sched = sched_begin(plan, &cause)) == NULL) {
		sr->outcome = SANDBOX_INTERNAL;
		judge_error(v, cause);
		return;
	}
	if ((inputs = judge_plan(mf, ex, t, seed, o, &cause)) == NULL) {
		sr->outcome = SANDBOX_INTERNAL;
		judge_error(v, cause);
		return;
	}
	while (inputs != NULL && inputs[n] != NULL)
		n++;
	argv = xcalloc(n + 3, sizeof *argv);
	argv[0] = (char *)prog;
	argv[1] = t->name;
	for (size_t i = 0; i < n; i++)
		argv[2 + i] = inputs[i];
	run_env(envp, t, seed, locale, o, sched != NULL);
	memset(&spec, 0, sizeof spec);
	spec.argv = argv;
	spec.envp = envp;
	spec.workdir = rundir;
	spec.hide = o->hide != NULL ? o->hide : hide_none;
	spec.limits = ex->limits;
	if (o->sanitize) {
		spec.limits.resident_only = true;
		spec.limits.cpu_ms *= SANITIZE_SLOWER;
		spec.limits.wall_ms *= SANITIZE_SLOWER;
		if (spec.limits.memory_mb > 0)
			spec.limits.memory_mb = SANITIZE_MEMORY_MB(spec.limits.memory_mb);
	}
	spec.one_cpu = t->race && run % 2 == 0;
	spec.want_report = true;
	spec.private_workdir = true;
	if (sched != NULL) {
		spec.pass_sched = true;
		spec.sched_fd = sched_fd(sched);
		spec.one_cpu = false;   /* one process runs at a time anyway */
	}
	if (o->debugger != NULL)
		debug_run(o->debugger, argv, envp, rundir, sr);
	else if (sandbox_run(&spec, sr) == -1 && sr->outcome != SANDBOX_INTERNAL) {
		sr->outcome = SANDBOX_INTERNAL;
		cause_errno(&sr->cause, "sandbox_run");
	}
	if (o->on_run != NULL)
		o->on_run(o->arg, t, run, seed, inputs, sr);
	if (sched != NULL && sched_end(sched, &found, &cause) == -1) {
		sr->outcome = SANDBOX_INTERNAL;
		free(sr->cause);
		sr->cause = cause;
	}
	if ((record = run_record(mf, ex, t, seed, sr, o, v)) != NULL)
		verdict_from_run(sr, &spec.limits, record, v);
	free(record);
	if (sched != NULL) {
		struct sched_trace_run tr = { .ex = ex, .test = t, .run = run, .seed = seed,
		    .strategy = plan->strategy, .options = o };

		scheduled(&tr, prog, &found, sr, v);
	}
	for (size_t i = 0; i < n; i++)
		free(inputs[i]);
	free(inputs);
	free(argv);
	for (size_t i = 4; envp[i] != NULL; i++)
		free(envp[i]);
}

#define OUTPUT_TAIL	800     /* bytes of a failed run's output in its feedback */

/* The end of what run SR printed: stderr if it wrote any (a student's perror or
 * assert), else stdout (their printf); from a line's start, control characters shown. */
static void
keep_output(const struct sandbox_result *sr, size_t err_len, struct case_result *tr)
{
	const char *text = err_len > 0 ? sr->err : sr->out;
	size_t len = err_len > 0 ? err_len : sr->out_len, start = 0;

	if (text == NULL || len == 0)
		return;
	if (len > OUTPUT_TAIL) {
		start = len - OUTPUT_TAIL;
		while (start < len && text[start - 1] != '\n')
			start++;
		if (start == len)
			start = len - OUTPUT_TAIL;
	}
	tr->output = utf8_sanitize(text + start, len - start);
	tr->output_is_err = err_len > 0;
	crash_strip(tr->output);
	if (tr->output[0] == '\0') {
		free(tr->output);
		tr->output = NULL;
	}
}

/* A crash in the run adds where it happened, in the student's code, to V's message. */
static void
explain_crash(const struct exercise *ex, const char *prog, const struct sandbox_result *sr,
    const struct grade_options *o, struct run_verdict *v)
{
	char	*dir = xstrdup(prog), *slash, *where, *m;
	size_t	 len;

	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	if ((where = crash_where(sr->err, sr->err_len, ex, dir, o)) != NULL) {
		len = v->message != NULL ? strlen(v->message) : 0;
		xasprintf(&m, "%s%s%s", len > 0 ? v->message : "",
		    len == 0 ? "" : v->message[len - 1] == '.' ? " " : ". ", where);
		free(v->message);
		v->message = m;
		free(where);
	}
	free(dir);
}

/* --sanitize: the first error a sanitizer reported becomes V's verdict and message (the
 * run's own failure, if any, is what the error caused); *ERR_LEN then ends before the
 * report, whose words are in the message. */
static bool
explain_sanitizer(const struct exercise *ex, const struct sandbox_result *sr,
    struct run_verdict *v, size_t *err_len)
{
	char	*what, *m;
	size_t	 start = 0;

	if (v->verdict == VERDICT_INTERNAL_ERROR ||
	    (what = sanitize_explain(sr->err, sr->err_len, ex, &start)) == NULL)
		return false;
	if (v->verdict == VERDICT_PASSED)
		xasprintf(&m, _("the test passed, but the sanitizer found an error in the run: "
		    "%s"), what);
	else
		xasprintf(&m, _("the sanitizer stopped your program: %s"), what);
	free(what);
	run_verdict_free(v);
	v->verdict = VERDICT_CRASHED;
	v->message = m;
	*err_len = start;
	return true;
}

/* Runs test T `runs` times; stops at the first failing run. Leftovers go to procs and ipc. */
static void
run_test(const struct manifest *mf, const struct exercise *ex, const struct test_spec *t,
    const char *prog, const char *rundir, const char *locale, const struct grade_options *o,
    struct case_result *tr, struct exercise_result *res, int *procs, int *ipc,
    char **ipc_names)
{
	struct sched_plan	plan;
	int			runs = t->runs;
	char			*prefix = NULL;         /* dfs: the next schedule's */

	tr->spec = t;
	memset(&plan, 0, sizeof plan);
	plan.strategy = o->replay != NULL ? SCHED_REPLAY : o->explore_set && t->race ?
	    o->explore : t->explore;
	plan.replay = o->replay;
	plan.steps_hint = 100;
	plan.trace = o->trace != NULL;
	if (plan.strategy != SCHED_OFF && o->schedules > 0)
		runs = o->schedules;
	if (o->only_run > runs)
		runs = o->only_run;
	for (int run = o->only_run > 0 ? o->only_run : 1; run <= runs; run++) {
		struct sandbox_result	sr;
		struct run_verdict	v;
		uint64_t		seed = derive_seed(o->seed, t->name, run);
		size_t			err_len;

		if (o->only_run == 0 && budget_spent(ex, res, o, tr, run)) {
			free(prefix);
			return;
		}
		plan.seed = seed ^ 0x5c4ed01e5eedULL;
		if (plan.strategy == SCHED_DFS) {
			plan.replay = prefix;
			seed = derive_seed(o->seed, t->name, 1);        /* one input, every order */
		}
		run_once(mf, ex, t, prog, rundir, locale, o, run, seed, &plan, &sr, &v);
		if (v.steps > 0)
			plan.steps_hint = v.steps;
		if (sr.outcome != SANDBOX_INTERNAL && sr.isolation == ISOLATION_RLIMITS)
			res->fallback_used = true;
		tr->time_s += sr.wall_s;
		res->time_s += sr.wall_s;
		if (sr.leftover_processes > *procs)
			*procs = sr.leftover_processes;
		if (sr.leftover_ipc > *ipc) {
			*ipc = sr.leftover_ipc;
			free(*ipc_names);
			*ipc_names = sr.leftover_names != NULL ?
			    utf8_sanitize(sr.leftover_names, strlen(sr.leftover_names)) : NULL;
		}
		err_len = sr.err_len;
		if (o->sanitize && explain_sanitizer(ex, &sr, &v, &err_len))
			keep_output(&sr, err_len, tr);
		else if (v.verdict != VERDICT_PASSED && v.verdict != VERDICT_INTERNAL_ERROR) {
			explain_crash(ex, prog, &sr, o, &v);
			keep_output(&sr, err_len, tr);
		}
		sandbox_result_free(&sr);
		if (v.verdict != VERDICT_PASSED) {
			tr->verdict = v.verdict;
			tr->message = v.message;
			tr->expected = v.expected;
			tr->actual = v.actual;
			tr->failed_run = run;
			tr->failed_seed = seed;
			tr->uncontrolled = v.uncontrolled;
			/* a run partly out of the scheduler's hands does not replay: no token */
			if (v.schedule != NULL && v.uncontrolled == 0) /* dfs: run 1's inputs */
				xasprintf(&tr->replay, "1.%s.%d.%llu.%s", t->name,
				    plan.strategy == SCHED_DFS ? 1 : run,
				    (unsigned long long)o->seed, v.schedule);
			free(v.schedule);
			free(v.branches);
			free(prefix);
			if (v.verdict == VERDICT_INTERNAL_ERROR)
				set_internal(res, _("%s, test %s: %s"), ex->dir, t->name, v.message);
			return;
		}
		if (plan.strategy == SCHED_DFS) {
			free(prefix);
			prefix = v.schedule != NULL && v.branches != NULL ?
			    sched_dfs_next(v.schedule, v.branches) : NULL;
			if (prefix == NULL) {
				run_verdict_free(&v);
				tr->runs_passed++;
				break;          /* every schedule has been run */
			}
		}
		run_verdict_free(&v);
		tr->runs_passed++;
		if (o->only_run > 0)
			break;
	}
	free(prefix);
	tr->verdict = VERDICT_PASSED;
	tr->score = t->points;
}

static void
warn(const struct grade_options *o, const char *fmt, ...) ATTR_PRINTF(2, 3);

static void
warn(const struct grade_options *o, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (o->on_warning == NULL)
		return;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	o->on_warning(o->arg, msg);
	free(msg);
}

static void
result_init(const struct exercise *ex, struct exercise_result *res)
{
	memset(res, 0, sizeof *res);
	res->ex = ex;
	res->max_score = exercise_max_score(ex);
	res->tests = xcalloc(ex->ntests + 1, sizeof *res->tests);
	res->hygiene_verdict = VERDICT_PASSED;
	for (size_t i = 0; i < ex->ntests; i++)
		res->tests[i].spec = &ex->tests[i];
}

void
grade_not_submitted(const struct exercise *ex, const char *missing, const char *message,
    struct exercise_result *res)
{
	result_init(ex, res);
	res->missing = xstrdup(missing);
	not_run(res, VERDICT_COMPILE_ERROR, message);
	res->hygiene_verdict = VERDICT_COMPILE_ERROR;
}

/* The student's files of EX under ROOT, or NULL with res->missing set. */
static char **
find_files(const char *root, const struct exercise *ex, struct exercise_result *res)
{
	char	**src = xcalloc(ex->nfiles + 1, sizeof *src), *why = NULL;

	for (size_t i = 0; i < ex->nfiles; i++) {
		src[i] = submission_find(root, ex, ex->files[i], &why);
		if (src[i] == NULL) {
			res->missing = why;
			not_run(res, VERDICT_COMPILE_ERROR, _("the test was not run (file not found)"));
			for (size_t k = 0; k < i; k++)
				free(src[k]);
			free(src);
			return NULL;
		}
	}
	res->submitted = true;
	return src;
}

/* Compiles into WORK; true when there is a program to run. */
static bool
build(const struct manifest *mf, const struct exercise *ex, char **src, const char *work,
    const struct grade_options *o, struct exercise_result *res)
{
	struct compile_result	cr;

	compile_exercise(mf, ex, src, o, work, &cr);
	if (cr.internal) {
		set_internal(res, "%s: %s", ex->dir, cr.output);
		compile_result_free(&cr);
		not_run(res, VERDICT_INTERNAL_ERROR, _("not run: proclab could not compile it"));
		return false;
	}
	res->compiler_output = cr.output;
	res->compiled = cr.ok;
	if (!cr.ok)
		not_run(res, VERDICT_COMPILE_ERROR, _("the test was not run"));
	return cr.ok;
}

/* The hygiene point: nothing left behind, and at least one test passed. */
static void
judge_hygiene(const struct exercise *ex, int procs, int ipc, const char *ipc_names,
    size_t npassed, struct exercise_result *res)
{
	if (procs > 0 && ipc > 0) {
		xasprintf(&res->hygiene_message, ngettext("%d process was still running after "
		    "the test ended (wait for every child), and IPC objects left behind: %s "
		    "(unlink them)", "%d processes were still running after the test ended "
		    "(wait for every child), and IPC objects left behind: %s (unlink them)",
		    procs), procs, ipc_names ? ipc_names : "?");
	} else if (procs > 0) {
		xasprintf(&res->hygiene_message, ngettext("%d process was still running after "
		    "the test ended: wait for every child you start (waitpid), and make every "
		    "child end", "%d processes were still running after the test ended: wait "
		    "for every child you start (waitpid), and make every child end", procs),
		    procs);
	} else if (ipc > 0) {
		xasprintf(&res->hygiene_message, ngettext("%d IPC object was left behind: %s "
		    "(shm_unlink/sem_unlink/mq_unlink what you create by name, semctl/shmctl/"
		    "msgctl with IPC_RMID a System V one)", "%d IPC objects were left behind: %s "
		    "(shm_unlink/sem_unlink/mq_unlink what you create by name, semctl/shmctl/"
		    "msgctl with IPC_RMID a System V one)", ipc), ipc, ipc_names ? ipc_names : "?");
	} else if (npassed == 0) {
		res->hygiene_verdict = VERDICT_WRONG_ANSWER;
		res->hygiene_message = xstrdup(_("no hygiene points until at least one test passes"));
		return;
	} else {
		res->hygiene_score = ex->hygiene_points;
		return;
	}
	res->hygiene_verdict = VERDICT_LEFT_PROCESSES;
}

/* Runs every test of EX on the program WORK/test-program, from WORK/run. */
static void
run_tests(const struct manifest *mf, const struct exercise *ex, const char *work,
    const struct grade_options *o, struct exercise_result *res)
{
	char	*prog, *rundir, *ipc_names = NULL, *locale = NULL, *cause = NULL;
	int	 procs = 0, ipc = 0;
	size_t	 npassed = 0;

	xasprintf(&prog, "%s/%s", work, COMPILED_PROGRAM);
	xasprintf(&rundir, "%s/run", work);
	if (chmod(work, 0755) == -1 || mkdir(rundir, 0777) == -1 || chmod(rundir, 0777) == -1) {
		set_internal(res, "%s: mkdir/chmod: %s", rundir, strerror(errno));
		not_run(res, VERDICT_INTERNAL_ERROR, _("not run: proclab could not make a folder"));
		goto out;
	}
	/* the harness's messages in the student's language; English if that fails */
	if (o->languages != NULL && o->locale_dir != NULL &&
	    (locale = catalog_copy(o->locale_dir, work, &cause)) == NULL) {
		warn(o, _("the tests' messages stay in English: %s"), cause);
		free(cause);
	}
	for (size_t i = 0; i < ex->ntests; i++) {
		if (o->only_test != NULL && strcmp(o->only_test, ex->tests[i].name) != 0) {
			res->tests[i].skipped = true;
			continue;
		}
		run_test(mf, ex, &ex->tests[i], prog, rundir, locale, o, &res->tests[i], res,
		    &procs, &ipc, &ipc_names);
		res->score += res->tests[i].score;
		if (res->tests[i].verdict == VERDICT_PASSED)
			npassed++;
	}
	judge_hygiene(ex, procs, ipc, ipc_names, npassed, res);
	res->score += res->hygiene_score;
out:
	free(prog);
	free(rundir);
	free(locale);
	free(ipc_names);
}

void
grade_exercise(const struct manifest *mf, const struct exercise *ex, const char *student_root,
    const struct grade_options *o, struct exercise_result *res)
{
	char	**src, *work;

	result_init(ex, res);
	if ((src = find_files(student_root, ex, res)) == NULL)
		goto out;
	if ((work = make_temp_dir("build")) == NULL) {
		set_internal(res, _("mkdtemp in %s: %s"), getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		    strerror(errno));
		not_run(res, VERDICT_INTERNAL_ERROR, _("not run: proclab could not make a folder"));
	} else {
		judge_prepare(mf, ex, o);       /* two compilers at once: it needs no student file */
		if (build(mf, ex, src, work, o, res))
			run_tests(mf, ex, work, o, res);
		if (remove_tree(work) == -1)
			warn(o, _("cannot remove %s: %s"), work, strerror(errno));
		free(work);
	}
	for (size_t i = 0; i < ex->nfiles; i++)
		free(src[i]);
	free(src);
out:
	if (!res->submitted || !res->compiled)
		res->hygiene_verdict = VERDICT_COMPILE_ERROR;
}

void
grade_submission(const struct manifest *mf, const struct exercise *const *todo, size_t ntodo,
    const char *root, const struct grade_options *o, struct grading *g)
{
	struct grade_options	go = *o;
	double			t0;

	memset(g, 0, sizeof *g);
	g->res = xcalloc(ntodo + 1, sizeof *g->res);
	g->nres = ntodo;
	g->isolation = sandbox_probe();
	g->all_passed = ntodo > 0;
	t0 = monotonic_s();
	go.deadline_s = o->time_limit_ms > 0 ? t0 + o->time_limit_ms / 1000.0 : 0;
	for (size_t i = 0; i < ntodo; i++) {
		if (o->on_exercise != NULL)
			o->on_exercise(o->arg, todo[i], i, ntodo);
		grade_exercise(mf, todo[i], root, &go, &g->res[i]);
		g->all_passed = g->all_passed && exercise_passed(&g->res[i]);
		g->internal = g->internal || g->res[i].internal;
		if (g->res[i].fallback_used)
			g->isolation = ISOLATION_RLIMITS;       /* what was in force, not hoped for */
	}
	judge_settle();         /* the judges of exercises that never ran a test */
	g->time_s = monotonic_s() - t0;
}

void
grading_free(struct grading *g)
{
	for (size_t i = 0; i < g->nres; i++)
		exercise_result_free(&g->res[i]);
	free(g->res);
	memset(g, 0, sizeof *g);
}

void
exercise_result_free(struct exercise_result *res)
{
	for (size_t i = 0; res->tests != NULL && i < res->ex->ntests; i++) {
		free(res->tests[i].message);
		free(res->tests[i].expected);
		free(res->tests[i].actual);
		free(res->tests[i].output);
		free(res->tests[i].replay);
	}
	free(res->tests);
	free(res->missing);
	free(res->compiler_output);
	free(res->hygiene_message);
	free(res->internal_message);
	memset(res, 0, sizeof *res);
}

bool
exercise_passed(const struct exercise_result *res)
{
	if (!res->submitted || !res->compiled || res->internal)
		return false;
	for (size_t i = 0; i < res->ex->ntests; i++)
		if (res->tests[i].verdict != VERDICT_PASSED)
			return false;
	return res->hygiene_verdict == VERDICT_PASSED;
}
