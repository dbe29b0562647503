/* SPDX-License-Identifier: MIT */
/*
 * grader.h: the grader library (libgrader.a): manifest, submission, compile, run, verdict,
 * grade, reports and batch grading. It includes nothing of the proclab command, never exits
 * and never prints: failures come back through the error convention of base.h.
 */
#ifndef PROCLAB_GRADER_H
#define PROCLAB_GRADER_H

#include "base.h"
#include "sandbox.h"

#include <stdio.h>


enum verdict {
	VERDICT_PASSED,
	VERDICT_WRONG_ANSWER,
	VERDICT_CPU_TIME_LIMIT,
	VERDICT_WALL_TIME_LIMIT,
	VERDICT_MEMORY_LIMIT,
	VERDICT_OUTPUT_LIMIT,
	VERDICT_CRASHED,
	VERDICT_TOO_MANY_PROCESSES,
	VERDICT_COMPILE_ERROR,
	VERDICT_LEFT_PROCESSES,
	VERDICT_INTERNAL_ERROR
};
const char *verdict_name(enum verdict);      /* "passed", "wrong answer", ... */
const char *verdict_id(enum verdict);        /* "passed", "wrong_answer", ... */
bool verdict_from_id(const char *, enum verdict *);

/* manifest.c: exercises/manifest.json. */
struct test_spec {
	char		*name;          /* the harness's test name */
	char		*title;
	int		 points;
	int		 runs;
	bool		 race;
	bool		 hidden;        /* name, title and message never shown to students */
	int		 explore;       /* enum sched_strategy: who orders its processes */
	const char	*visibility;    /* Gradescope's: "visible", "hidden" (a hidden test's
					 * default), "after_due_date", "after_published" */
	int		 hint;          /* the exercise's hint about it, 1-based; 0: none */
};
struct exercise {
	int		 number;
	char		*name, *dir, *title, *notebook;
	char		**files;        /* the student's files */
	size_t		 nfiles;
	char		*header, *harness;
	char		*judge;         /* judge_NAME.c: chooses the inputs, decides every test */
	struct sandbox_limits limits;   /* defaults merged */
	struct test_spec *tests;
	size_t		 ntests;
	int		 hygiene_points;
	long		 budget_ms;     /* wall time for all the runs of all its tests */
	char		**hints;
	size_t		 nhints;
	char		**forbidden;    /* calls the student's code must not make: the
					 * defaults' and the exercise's own */
	size_t		 nforbidden;
};
struct manifest {
	char		*path;
	char		*dir;           /* pristine exercise folders (harnesses, headers) */
	struct exercise	*ex;            /* teaching order */
	size_t		 nex;
};
/* NULL and *CAUSE (what and where) when the manifest is unusable. */
struct manifest *manifest_load(const char *path, char **cause);
void manifest_free(struct manifest *);
const struct exercise *manifest_find(const struct manifest *, const char *); /* "3", "03", "bank-balance", "03-bank-balance" */
int exercise_max_score(const struct exercise *);
/* A title or hint of the manifest as shown to people: its translation (po/manifest-msgids.h
 * holds them for xgettext), or itself; "" and NULL stay as they are. */
const char *manifest_text(const char *);
/* Whether NAME is one of EX's student files (its basename, as the manifest lists them). */
bool exercise_has_file(const struct exercise *, const char *name);

/* verdict.c: the harness's record and the sandbox's outcome, in a student's words. */
struct run_record {
	bool		 has_status, passed;
	char		*message, *expected, *actual;
};
void run_record_parse(const char *text, struct run_record *);
void run_record_free(struct run_record *);
struct run_verdict {
	enum verdict	 verdict;
	char		*message;       /* one sentence */
	char		*expected, *actual;  /* may be NULL */
	char		*schedule;      /* a controlled run's decisions (sched_findings) */
	int		 uncontrolled;  /* processes of it that ran free */
	long		 steps;         /* turns the scheduler gave */
	char		*branches;      /* dfs: the choices of each decision */
};
/* RECORD: the judge's verdict record (judge_decide). */
void verdict_from_run(const struct sandbox_result *, const struct sandbox_limits *,
    const char *record, struct run_verdict *);
void run_verdict_free(struct run_verdict *);
uint64_t derive_seed(uint64_t base, const char *test, int run);

/* compile.c */
struct compile_result {
	bool		 ok;
	bool		 internal;      /* the compiler could not be run: not the student's fault */
	char		*output;        /* warnings or errors, capped */
	bool		 truncated;
};
struct grade_options;
/* Copies the student's files (SRC[i] is EX->files[i]), the pristine header and harness of
 * MF->dir and the runtime into WORKDIR and compiles WORKDIR/test-program there, in the
 * sandbox with OPT->hide hidden. */
void compile_exercise(const struct manifest *, const struct exercise *, char *const *src,
    const struct grade_options *, const char *workdir, struct compile_result *);
#define COMPILED_PROGRAM "test-program"
/* EX's judge (EX->judge with libjudge.a, never the student's files) compiled into
 * WORKDIR/judge; -1 with *CAUSE (a problem of the lab, not the student's). */
int compile_judge(const struct manifest *, const struct exercise *,
    const struct grade_options *, const char *workdir, char **cause);
void compile_result_free(struct compile_result *);
/* Whether the compiler links a program with -fsanitize=address,undefined: -1 with *CAUSE
 * (what it said, what to install) when not. */
int compile_sanitize_probe(const struct grade_options *, char **cause);
int compile_tool(const char *const *args, size_t nargs, const char *workdir,
    const struct grade_options *, char **out);

/* debug-run.c: the test program ARGV run under DEBUGGER ("gdb") on the terminal, outside
 * the sandbox, in RUNDIR with ENVP; its report read back into SR as sandbox_run would. */
void debug_run(const char *debugger, char *const *argv, char *const *envp,
    const char *rundir, struct sandbox_result *);

/* crash.c: the student's function and line of each offset OFF[i] into WORKDIR's program
 * ("withdraw (bank.c:31)" in NAMES[i], malloc'd; NULL outside the student's files). */
void program_places(const struct exercise *, const char *workdir,
    const struct grade_options *, const uint64_t *off, size_t n, char **names);
/* crash.c: "Where it crashed: withdraw (bank.c:31) <- worker (bank.c:52)." from the
 * runtime's crash line in a run's stderr ERR, looked up in WORKDIR's program; or NULL. */
char *crash_where(const char *err, size_t len, const struct exercise *,
    const char *workdir, const struct grade_options *);
void crash_strip(char *text);   /* the crash lines out of a run's output shown */

/* sanitize.c: "AddressSanitizer: heap-buffer-overflow: a write of 4 bytes ..., in f (x.c:9)"
 * from the first sanitizer report in a run's stderr ERR, *START where that report begins;
 * or NULL. */
char *sanitize_explain(const char *err, size_t len, const struct exercise *,
    size_t *start);

/* screen.c: the student's object PATH (compiled from their FILE) read with libelf before it
 * is linked; -1 with *CAUSE, a sentence for the student naming the symbol or section, when
 * it has a constructor or destructor, defines main, a lab_* or wrapper name, or uses the
 * runtime's internals or a call EX forbids. */
int screen_object(const char *path, const char *file, const struct exercise *, char **cause);

/* catalog.c: copies of LOCALE_DIR's catalogs (LANG/LC_MESSAGES/proclab.mo) in
 * WORK/locale, for a test program, which can read its own folder in the sandbox: that
 * folder (malloc'd), or NULL with *CAUSE. */
char *catalog_copy(const char *locale_dir, const char *work, char **cause);

/* judge-run.c: an exercise's judge (EX->judge), compiled once per process. judge_plan:
 * the test's inputs for SEED ("NAME=VALUE" strings, NULL-terminated); judge_decide: the
 * verdict record for the run's REPORT. NULL with *CAUSE when the judge cannot say (the
 * lab's error). */
char **judge_plan(const struct manifest *, const struct exercise *, const struct test_spec *,
    uint64_t seed, const struct grade_options *, char **cause);
char *judge_decide(const struct manifest *, const struct exercise *, const struct test_spec *,
    uint64_t seed, const char *report, size_t len, const struct grade_options *,
    char **cause);
/* judge_prepare: begins compiling EX's judge in a process of its own, beside the student's
 * build (the first judge_plan finishes it; nothing when it cannot begin). judge_settle:
 * every judge still compiling finished, its process reaped, its folder gone. */
void judge_prepare(const struct manifest *, const struct exercise *,
    const struct grade_options *);
void judge_settle(void);

/* sched.c: the controlled scheduler of a run (lib/lab-sched.h, grader/sched-int.h). */
enum sched_strategy { SCHED_OFF, SCHED_PCT, SCHED_RANDOM, SCHED_REPLAY, SCHED_DFS };
struct sched_plan {
	enum sched_strategy strategy;
	uint64_t	 seed;
	const char	*replay;        /* SCHED_REPLAY: a schedule the findings gave;
					 * SCHED_DFS: the prefix to follow, then the first */
	long		 steps_hint;    /* pct: about how many decisions a run makes */
	long		 budget_ms;     /* a turn longer than this lets the process run free */
	bool		 trace;         /* the findings carry every event (--trace) */
};
struct sched_wait {                     /* one process of a deadlock */
	int		 process;       /* its slot: 0 the test program, 1... its children */
	uint32_t	 op;            /* enum lab_sched_op */
	uint64_t	 object, site;
	uint64_t	 caller_site;   /* where the function waiting was called from, 0 unknown */
	int		 holder;        /* a lock's holder, -1 none known */
	uint64_t	 holder_site;   /* where the holder took it */
	bool		 holder_ended;  /* the holder ended still holding it */
	bool		 passed_over;   /* a condition wait: a signal on it woke another waiter */
};
enum sched_event_kind {
	SCHED_EV_TURN,          /* the scheduler let the process make its call */
	SCHED_EV_BLOCK,         /* the call would have blocked: it waits (lock, cond, read...) */
	SCHED_EV_EXIT,
	SCHED_EV_FREE,          /* kept its turn past the budget: runs free until its next call */
	SCHED_EV_WRITE,         /* it changed a watched variable (lab_watch) since its last call */
	SCHED_EV_COUNT
};
struct sched_event {                    /* one line of --trace */
	enum sched_event_kind kind;
	long		 step;          /* turns given before it */
	int		 process;       /* its slot */
	int32_t		 pid;
	uint32_t	 op;            /* enum lab_sched_op */
	uint64_t	 object, site;
	int		 result;        /* a turn's: 0, or ETIMEDOUT (a timed call gives up) */
	/* SCHED_EV_WRITE (site: the writer's call just before it; process -1: unknown) */
	int		 var;           /* the watch's number */
	int64_t		 old_value, new_value;
	int		 overwrote;     /* whose update it lost, -1 none */
};
struct sched_lost {                     /* the first lost update of a run */
	int		 process, var;
	int64_t		 value;         /* what it wrote */
	uint64_t	 site;          /* its call just before the write */
	int		 writer;        /* whose write it overwrote */
	int64_t		 overwritten;
	uint64_t	 writer_site;
	int64_t		 seen;          /* the variable at the process's lab_think() */
};
struct sched_findings {
	char		*schedule;      /* the decisions ("a3bc"): replays the run */
	char		*branches;      /* SCHED_DFS: each decision's choices, "ab/abc/..." */
	long		 steps;
	int		 uncontrolled;  /* processes that ran free some of the time */
	bool		 diverged;      /* a replay's choice could not be made */
	bool		 deadlock;
	bool		 livelock;      /* (with deadlock) all kept polling, nothing changing */
	bool		 tampered;      /* a process ran without its turn: the page was forged */
	int		 tampered_process;
	struct sched_wait *waits;
	size_t		 nwaits;
	struct sched_event *events;     /* plan.trace: every turn, block, exit, release */
	size_t		 nevents;
	char		**watches;      /* the watched variables' names */
	size_t		 nwatches;
	bool		 has_lost;
	struct sched_lost lost;
	bool		 has_copied;    /* two processes held a mutex at one address at once */
	struct sched_copied {
		int		 process, holder;
		uint64_t	 site, holder_site;     /* where each took it */
	} copied;
	bool		 has_unheld;    /* a process unlocked a mutex it did not hold */
	struct sched_copied unheld;     /* process, where; holder (-1 none), where it took it */
	bool		 has_unguarded; /* a lab_watch_locked variable changed with no lock */
	struct sched_unguarded {
		int		 process;
		int64_t		 old, value;
		uint64_t	 site;          /* its call just before the change */
		char		 name[32];
	} unguarded;
	bool		 has_unshared;  /* a private mutex, condition or semaphore two used */
	struct sched_unshared {
		int		 process, other;        /* the second user; the first */
		unsigned	 kind;                  /* LAB_SYNC_* */
		uint64_t	 site, other_site;
	} unshared;
	bool		 has_unordered; /* a lab_watch_region change nothing ordered */
	struct sched_unordered {
		int		 process, other;        /* who changed; who had before */
		int64_t		 offset;
		unsigned	 length;
		uint64_t	 site, other_site;      /* each one's call before its change */
		char		 name[32];
	} unordered;
	bool		 complete;
};
struct sched_run;
const char *sched_strategy_name(enum sched_strategy);
bool sched_strategy_from_name(const char *, enum sched_strategy *);     /* not "replay" */
bool sched_schedule_valid(const char *, char **cause);
/* SCHED_DFS: the prefix of the next schedule after the run that made DECISIONS with
 * BRANCHES (its findings), malloc'd; NULL when every schedule has been run. */
char *sched_dfs_next(const char *decisions, const char *branches);
struct sched_run *sched_begin(const struct sched_plan *, char **cause);
int sched_fd(const struct sched_run *);        /* the page, for the sandbox to pass on */
int sched_end(struct sched_run *, struct sched_findings *, char **cause);
void sched_findings_free(struct sched_findings *);
/* sched-trace.c: one scheduled run into --trace's JSON Lines */
struct sched_trace_run {
	const struct exercise	*ex;
	const struct test_spec	*test;
	int			 run;
	uint64_t		 seed;
	enum sched_strategy	 strategy;
	const struct sched_findings *findings;
	const struct run_verdict *verdict;
	const char		*workdir;       /* where the compiled program is */
	const struct grade_options *options;
	/* EX NULL: a lesson's race (proclab lesson N --visual): no test, verdict or call
	 * sites; LESSON its number, MESSAGE what the schedule did */
	int			 lesson;
	const char		*message;
	/* with EX NULL: names N call sites OFF (offsets in the program) into NAMES, or NULL */
	void			(*places)(const uint64_t *off, size_t n, char **names);
};
void sched_trace_run(FILE *, const struct sched_trace_run *);
const char *sched_op_name(uint32_t);            /* "lock", "cond_wait", ... */
const char *sched_event_name(enum sched_event_kind);    /* "turn", "block", ... */
bool sched_event_kind(const char *name, enum sched_event_kind *);
/* sched-explain.c: "deadlock: ... process 1 waits in deposit (bank.c:31) for ..." */
char *sched_deadlock_message(const struct sched_findings *, const struct exercise *,
    const char *workdir, const struct grade_options *);
/* "The schedule shows the lost update: process 7 wrote balance = 50 right after ..." */
char *sched_lost_message(const struct sched_findings *, const struct exercise *,
    const char *workdir, const struct grade_options *);
/* "The schedule shows the lock is not shared: process 8 took the mutex in deposit ..." */
char *sched_copied_message(const struct sched_findings *, const struct exercise *,
    const char *workdir, const struct grade_options *);
/* "The schedule shows an unlock of a mutex the process did not hold: process 3 ..." */
char *sched_unheld_message(const struct sched_findings *, const struct exercise *,
    const char *workdir, const struct grade_options *);
/* "The schedule shows a change made without the lock: process 3 changed value ..." */
char *sched_unguarded_message(const struct sched_findings *, const struct exercise *,
    const char *workdir, const struct grade_options *);
/* "The schedule shows a mutex that is not process-shared: process 2 locked ..." */
char *sched_unshared_message(const struct sched_findings *, const struct exercise *,
    const char *workdir, const struct grade_options *);
/* "The schedule shows two changes that nothing ordered: process 3 changed ..." */
char *sched_unordered_message(const struct sched_findings *, const struct exercise *,
    const char *workdir, const struct grade_options *);

/* check.c: grading one exercise. */
#define SANITIZE_SLOWER	3
struct grade_options {
	uint64_t	 seed;
	const char	*const *hide;   /* paths the sandbox hides (NULL-terminated, or NULL) */
	const char	*runtime_include;       /* lab.h, labtest.h */
	const char	*runtime_lib;   /* libproclab.a */
	/* Told before each exercise (for a progress line) and of each warning (a temp folder
	 * that could not be removed); either may be NULL. */
	void		(*on_exercise)(void *arg, const struct exercise *, size_t i, size_t n);
	void		(*on_warning)(void *arg, const char *message);
	void		*arg;
	/* The student's language for the judges' and test programs' messages: LANGUAGE's
	 * value (as "pt_BR" or "pt_BR.UTF-8"), NULL for English; and where the catalogs are
	 * (LANG/LC_MESSAGES/proclab.mo), NULL for none. */
	const char	*languages;
	const char	*locale_dir;
	/* `proclab run`: only the test named ONLY_TEST, only its ONLY_RUN-th run (1-based,
	 * the same inputs and seed as grading makes it), ON_RUN told everything it printed
	 * and reported; under DEBUGGER ("gdb": outside the sandbox, on the terminal) when
	 * not NULL. All zero for grading. */
	const char	*only_test;
	int		 only_run;
	/* --sanitize: built with AddressSanitizer and UBSan (sanitize.c), the first error
	 * they report the test's message; SANITIZE_SLOWER times the time limits */
	bool		 sanitize;
	const char	*debugger;
	void		(*on_run)(void *arg, const struct test_spec *, int run, uint64_t seed,
	    char *const *inputs, const struct sandbox_result *);
	/* The wall time a whole grade_submission may take (0: no limit): once it is spent,
	 * every run left fails unrun, so a platform's own timeout never strikes first. */
	long		 time_limit_ms;
	/* the controlled scheduler: a strategy for every race test (SCHED_OFF: the
	 * manifest's), how many runs each (0: the manifest's), or one run replayed */
	bool		 explore_set;
	int		 explore;       /* enum sched_strategy */
	int		 schedules;
	const char	*replay;        /* the decisions; only_test and only_run name the run */
	FILE		*trace;         /* --trace: every scheduled run's events, or NULL */
	double		 deadline_s;    /* CLOCK_MONOTONIC; grade_submission sets it */
};
struct case_result {
	const struct test_spec *spec;
	enum verdict	 verdict;
	char		*message, *expected, *actual;
	char		*output;        /* the end of what the failed run printed, or NULL */
	bool		 output_is_err; /* output is stderr (else stdout) */
	int		 score;
	int		 runs_passed;   /* runs are stopped at the first failure */
	int		 failed_run;    /* 1-based, 0 if none */
	uint64_t	 failed_seed;
	char		*replay;        /* the failed run's --replay token, NULL if uncontrolled */
	int		 uncontrolled;  /* the failed run's processes that ran free a while */
	bool		 skipped;       /* not run: only another test was asked for */
	double		 time_s;
};
struct exercise_result {
	const struct exercise *ex;
	bool		 submitted;     /* the student's files were found */
	char		*missing;       /* what was not found, when !submitted */
	bool		 compiled;
	char		*compiler_output;
	struct case_result *tests;      /* ex->ntests */
	int		 hygiene_score;
	enum verdict	 hygiene_verdict;
	char		*hygiene_message;
	int		 score, max_score;
	bool		 internal;      /* proclab's own fault */
	char		*internal_message;
	double		 time_s;
	bool		 fallback_used; /* some run had only ISOLATION_RLIMITS */
};
void grade_exercise(const struct manifest *, const struct exercise *, const char *student_dir,
    const struct grade_options *, struct exercise_result *);
/* EX as not submitted: MISSING says what was not found, MESSAGE is every test's. */
void grade_not_submitted(const struct exercise *, const char *missing, const char *message,
    struct exercise_result *);
/* One student's grading: what check shows and batch writes. */
struct grading {
	struct exercise_result *res;
	size_t		 nres;
	enum isolation	 isolation;     /* what was in force: the fallback if any run had it */
	double		 time_s;
	bool		 all_passed;
	bool		 internal;      /* some exercise hit proclab's own fault */
};
void grade_submission(const struct manifest *, const struct exercise *const *todo, size_t ntodo,
    const char *root, const struct grade_options *, struct grading *);
void grading_free(struct grading *);
void exercise_result_free(struct exercise_result *);
bool exercise_passed(const struct exercise_result *);

/* submission.c: a student's files from a folder or a .tar/.tar.gz/.zip. */
/* Path of EX's FILE under ROOT: ROOT/DIR/FILE, ROOT/exercises/DIR/FILE, else the one
 * ROOT/.../FILE; NULL with a reason in *why (malloc'd). */
char *submission_find(const char *root, const struct exercise *, const char *file, char **why);
bool submission_is_archive(const char *path);
/* PATH ends in one of the archive names grading reads (.zip, .tar, .tar.gz, .tgz, ...). */
bool submission_archive_name(const char *path);
/* The student's working copy: from START upward, the first folder holding an exercise folder
 * of the manifest, directly or under exercises/. NULL if none. */
char *workdir_find(const struct manifest *, const char *start);

/* Copies the manifest's files of every exercise from an archive or folder into STAGE/DIR/FILE.
 * Returns false with *why on an unreadable/unsafe archive (the student's problem). */
bool submission_stage(const char *sub, const struct manifest *, const char *stage, char **why);
char *submission_student_name(const char *sub);     /* base name without .tar.gz/.tgz/.tar/.zip */

/* progress.c: the student's progress in WORKDIR/.proclab-state (with the hints of hints.c):
 * each exercise's latest check, with a fingerprint of the files checked, and each lesson
 * run from the dashboard. Plain text, one line each; a line deleted is forgotten. */
struct progress_result {
	bool		 passed;
	int		 score, max;
	time_t		 when;
	uint64_t	 hash;          /* progress_hash() of the files that were checked */
};
char *progress_read(const char *workdir);       /* the file's text; "" when there is none */
bool progress_result(const char *text, const char *dir, struct progress_result *);
bool progress_lesson(const char *text, const char *name, bool *ran_ok, time_t *when);
int progress_set(const char *workdir, const char *kind, const char *name, const char *rest,
    char **cause);
int progress_record(const char *workdir, const struct exercise *,
    const struct progress_result *, char **cause);
int progress_record_lesson(const char *workdir, const char *name, bool ran_ok, time_t when,
    char **cause);
/* A fingerprint of the contents of the N files PATHS (NULL: missing), in that order. */
uint64_t progress_hash(char *const *paths, size_t n);

/* report.c: formats. */
enum report_format {
	FORMAT_TEXT, FORMAT_JSON, FORMAT_JUNIT, FORMAT_TAP, FORMAT_GRADESCOPE, FORMAT_AUTOLAB,
	FORMAT_PRAIRIELEARN, FORMAT_VPL
};
bool report_format_parse(const char *, enum report_format *);
const char *report_format_ext(enum report_format);
struct report {
	const char	*student;       /* NULL for check */
	bool		 instructor;    /* show hidden tests */
	bool		 color;
	uint64_t	 seed;
	enum isolation	 isolation;
	double		 time_s;
	struct exercise_result *res;
	size_t		 nres;
	const size_t	*hints_seen;    /* per result, for the text's "Stuck?" line; or NULL */
	bool		 sanitized;     /* --sanitize: said in the protections */
};
int report_write(FILE *, enum report_format, const struct report *);
/* Writes the report to PATH atomically (NULL or "-": to F; a symlink, FIFO or device:
 * written through, never replaced); -1 with *CAUSE. */
int report_emit(const char *path, FILE *f, enum report_format, const struct report *,
    char **cause);

/* report-json.c: a JSON report read back, every score and verdict checked against the
 * manifest (a result file is only as trustworthy as the folder it sits in). */
#define RESULT_FILE_MAX	(16u << 20)
struct result_file {
	char		*student;       /* NULL for check's */
	uint64_t	 seed;
	bool		 passed;
	int		 score;
	struct exercise_result *res;    /* in the file's order */
	size_t		 nres;
};
int result_file_parse(const char *text, size_t len, const struct manifest *,
    struct result_file *, char **cause);
int result_file_read(const char *path, const struct manifest *, struct result_file *,
    char **cause);
void result_file_free(struct result_file *);
int report_score(const struct report *, int *max);
/* Invalid bytes -> U+FFFD, NUL dropped, control characters (but \n, \t) made visible:
 * ESC -> "^[", DEL -> "^?", U+009B -> "\u009b". At most 3 times LEN bytes. */
char *utf8_sanitize(const char *, size_t len);
size_t utf8_valid(const char *, size_t len);         /* the length of the valid prefix */
void xml_escape(FILE *, const char *);
void csv_field(FILE *, const char *);
char *tap_escape(const char *);                    /* one line, '#' escaped */

/* hints.c: the hints read so far (at most ex->nhints), kept in WORKDIR/.proclab-state:
 * SEEN N means hints 1 to N (reading hint K counts the gentler ones before it as read). */
size_t hints_seen(const char *workdir, const struct exercise *);
int hints_set_seen(const char *workdir, const struct exercise *, size_t seen, char **cause);
/* The hint to point a student at who did not pass ER, having read SEEN (what the text
 * report's "Stuck?" line, the JSON report's "stuck" and the dashboard say): the hint of the
 * first failing test whose manifest entry names one ("hint"), *TEST set to that test, when
 * the code compiled and ran; else the next unread one, *TEST NULL. 0 when ER passed, or
 * there is no hint to point at (none, or all read and no failing test names one). Hidden
 * tests never name theirs. */
size_t hint_for_result(const struct exercise_result *er, size_t seen,
    const struct case_result **test);

/* roster.c: the class list of an LMS (--roster FILE), a CSV file with a header naming its
 * columns folder (the student's name as the gradebook's student column has it), id and
 * email; other columns are ignored. */
#define ROSTER_MAX	(16u << 20)
struct roster_student {
	char		*folder;
	char		*id, *email;    /* "" when the roster has none */
	size_t		 line;
};
struct roster {
	char		*path;          /* resolved, to hide from student code; or NULL */
	char		*data;          /* the file's bytes, as they were read */
	size_t		 len;
	struct roster_student *students; /* in the roster's order */
	size_t		 n;
	size_t		*by_folder;     /* indices into students, sorted by folder */
};
/* NULL with *CAUSE (the file, the line, what to do) for anything that is not a roster. */
struct roster *roster_parse(const char *name, const char *data, size_t len, char **cause);
struct roster *roster_load(const char *path, char **cause);
void roster_free(struct roster *);
const struct roster_student *roster_find(const struct roster *, const char *folder);

/* batch.c: grading a class, one worker process per submission. Nothing is printed: the
 * caller hears of progress and problems through on_event (from the worker processes too). */
enum batch_event_kind {
	BATCH_PROGRESS,         /* done of total graded, failed of them could not be */
	BATCH_RESUMING,         /* message: how many were already graded */
	BATCH_WARNING,          /* message: something the instructor should know */
	BATCH_FAILED            /* message: a student who could not be graded, and why */
};
struct batch_event {
	enum batch_event_kind kind;
	const char	*student;       /* or NULL */
	const char	*message;       /* or NULL */
	size_t		 done, total, failed;
};
struct batch_options {
	long		 jobs;
	const char	*outdir;
	bool		 resume;
	long		 shard, shards;  /* grade share SHARD (1..SHARDS) only; 0/0: all */
	enum report_format format;
	const struct roster *roster;    /* or NULL; kept as OUT/roster.csv */
	struct grade_options grade;     /* seed, hidden paths, runtime */
	void		(*on_event)(void *arg, const struct batch_event *);
	void		*arg;
};
struct batch_summary {
	size_t		 todo;          /* submissions to grade in this run */
	size_t		 skipped;       /* already graded (--resume), a student's second one, or
					 * another shard's */
	size_t		 graded;
	size_t		 failed;        /* could not be graded: '--resume' tries them again */
	size_t		 unsubmitted;   /* students of the roster with no submission given */
	bool		 gradebook_failed;
	bool		 all_passed;    /* every student in the gradebook passed everything */
};
/* -1 with *CAUSE when the batch could not run at all (the output folder, fork). */
int batch_grade(const struct manifest *, char **subs, size_t nsubs, const struct batch_options *,
    struct batch_summary *, char **cause);
/* How a gradebook is made. With a roster, its students come first, in its order, each with
 * their ID and e-mail (a student without a result: empty scores), then the results of
 * students not in it. */
struct gradebook_options {
	const struct roster *roster;    /* or NULL */
	bool		 partial;       /* a shard's: no row for the roster's students without a
					 * result here (another shard may have them) */
	bool		 warn_unlisted; /* a warning for each result not in the roster */
	void		(*on_warning)(void *arg, const char *message);
	void		*arg;
};
/* The gradebook (OUT/gradebook.csv) from OUT/results/NAME.json; a file that is not a valid
 * result is left out, with a warning. */
int gradebook_rebuild(const struct manifest *, const char *outdir,
    const struct gradebook_options *, bool *all_passed, char **cause);
/* The same from the results of several batches (shards): every DIRS[i]/results/NAME.json,
 * into OUT/gradebook.csv; a student in two of them is a *CAUSE (-1), nothing written. */
int gradebook_merge(const struct manifest *, const char *const *dirs, size_t ndirs,
    const char *outdir, const struct gradebook_options *, bool *all_passed, char **cause);

#endif /* PROCLAB_GRADER_H */
