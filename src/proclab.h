/*
 * proclab.h: the one internal header of the proclab command (CLI and grader).
 *
 * Sections, each owned by one subsystem:
 *   xmalloc.c        allocation wrappers that die cleanly
 *   util.c           messages, exit statuses, number parsing
 *   paths.c          where lessons, exercises and the runtime are (build tree or installed)
 *   lessons.c        the lesson catalog
 *   grader/sandbox.c  running untrusted code
 *   grader/ (others)  manifest, compile, check, reports, batch grading
 */
#ifndef PROCLAB_H
#define PROCLAB_H

#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/*
 * Messages for people go through gettext: _("...") where the text is printed, N_("...") in
 * static tables (translated with _() where shown), ngettext(one, many, n) for counts.
 * Machine formats (JSON, JUnit, TAP, CSV keys, verdict ids, file names) stay English.
 */
#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s)	gettext(s)
#else
#define _(s)	((const char *)(s))
#define gettext(s)	((const char *)(s))
#define ngettext(s, p, n)	((n) == 1 ? (const char *)(s) : (const char *)(p))
#define textdomain(d)	((void)0)
#define bindtextdomain(d, dir)	((void)0)
#endif
#define N_(s)	s

/* Exit statuses of the proclab command (documented in proclab help exit-status). */
#define EXIT_OK         0   /* success; for check/grade: everything passed */
#define EXIT_FAILED     1   /* ran, but some test failed or a lesson failed */
#define EXIT_USAGE      2   /* bad command line: unknown subcommand, lesson, option value */
#define EXIT_INTERNAL   3   /* proclab's own fault or the machine's: not the student's */

#define ATTR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define ATTR_NORETURN __attribute__((noreturn))
#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* xmalloc.c */
void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
int xasprintf(char **, const char *, ...) ATTR_PRINTF(2, 3);
int xvasprintf(char **, const char *, va_list) ATTR_PRINTF(2, 0);

/* util.c */
extern const char *progname;            /* "proclab" */
void fatal(const char *, ...) ATTR_PRINTF(1, 2) ATTR_NORETURN;      /* + strerror(errno), exit 3 */
void fatalx(const char *, ...) ATTR_PRINTF(1, 2) ATTR_NORETURN;     /* exit 3 */
void usage_error(const char *cmd, const char *, ...) ATTR_PRINTF(2, 3) ATTR_NORETURN; /* exit 2 */
void warnx_(const char *, ...) ATTR_PRINTF(1, 2);
/* Strict decimal parse of a whole string into [min, max]; false on junk, sign or overflow. */
bool parse_long(const char *, long min, long max, long *out);
bool parse_u64(const char *, uint64_t *out);
bool use_color(FILE *);                 /* a terminal and NO_COLOR unset */

/* paths.c: the build tree is used when this binary is the one make built. */
bool in_build_tree(void);
const char *lessons_dir(void);          /* lesson executables */
const char *exercises_dir(void);        /* manifest.json, tasks, stubs, harnesses */
const char *solutions_dir(void);        /* reference solutions (NULL when not installed) */
const char *runtime_include_dir(void);  /* lab.h, labtest.h */
const char *runtime_lib_dir(void);      /* libproclab.a */
const char *manifest_path(void);
const char *locale_dir(void);           /* the message catalogs: build tree's po/locale or localedir */

/* lessons.c */
struct lesson {
	int		 number;
	const char	*name;          /* short name, e.g. "balance-race" */
	const char	*title;
	const char	*notebook;      /* "002", "001, 004" */
	const char	*summary;
};
extern const struct lesson lessons[];
extern const size_t nlessons;
const struct lesson *lesson_find(const char *);  /* "6", "06", "balance-race" */
char *lesson_path(const struct lesson *);

/* Subcommands: argv[0] is the subcommand's name. */
int cmd_list(int, char **);
int cmd_lesson(int, char **);
int cmd_help(int, char **);
int cmd_check(int, char **);
int cmd_hint(int, char **);
int cmd_init(int, char **);
int cmd_grade(int, char **);
int cmd_watch(int, char **);

/* cmd-help.c: the help texts, one place for each command's usage. */
int help_show(const char *topic, FILE *);        /* EXIT_OK, or EXIT_USAGE for an unknown topic */
/* For "CMD --help" inside a subcommand: true when argv has --help/-h before any "--". */
bool help_requested(int, char **);

/* ---------------------------------------------------------------- sandbox */

enum isolation {
	ISOLATION_NAMESPACES,   /* user/PID/IPC/net/mount namespaces, private /dev/shm and /tmp */
	ISOLATION_RLIMITS       /* fallback: limits, process group and subreaper only */
};
const char *isolation_name(enum isolation);
/* What this machine allows; PROCLAB_SANDBOX=rlimits (or --no-namespaces) forces the fallback. */
enum isolation sandbox_probe(void);
void sandbox_force_fallback(void);

struct sandbox_limits {
	long		cpu_ms;         /* CPU time of the whole run, all processes */
	long		wall_ms;
	long		memory_mb;      /* address space / cgroup memory */
	long		processes;      /* processes alive at once */
	long		open_files;
	long		file_size_kb;
	size_t		output_bytes;   /* stdout and stderr, each, exact */
};

struct sandbox_spec {
	char *const	*argv;          /* argv[0] is an absolute path */
	char *const	*envp;
	const char	*workdir;       /* cwd of the run; writable by the run */
	const char *const *hide;    /* NULL-terminated: paths made invisible (solutions, other students) */
	struct sandbox_limits limits;
	int		 one_cpu;       /* pin the run to one CPU */
	bool		 want_report;   /* give the run fd 3, a pipe whose text lands in result.report */
};

enum sandbox_outcome {
	SANDBOX_EXITED,         /* exit_status is valid */
	SANDBOX_SIGNALED,       /* term_signal is valid */
	SANDBOX_CPU_LIMIT,
	SANDBOX_WALL_LIMIT,
	SANDBOX_MEMORY_LIMIT,
	SANDBOX_PROCESS_LIMIT,  /* fork failed with EAGAIN at the process limit */
	SANDBOX_INTERNAL        /* the sandbox itself failed: internal_error says why */
};

struct sandbox_result {
	enum sandbox_outcome outcome;
	int		 exit_status;
	int		 term_signal;
	double		 cpu_s;
	double		 wall_s;
	char		*out;           /* NUL-terminated, at most limits.output_bytes */
	size_t		 out_len;
	bool		 out_truncated;
	char		*err;
	size_t		 err_len;
	bool		 err_truncated;
	char		*report;        /* what the run wrote to fd 3 (want_report) */
	int		 leftover_processes;  /* still alive after the main process ended; all killed */
	int		 leftover_ipc;  /* shm, semaphores, queues left behind; all removed */
	char		*leftover_names; /* e.g. "/dev/shm/sem.x, /dev/shm/y" */
	enum isolation	 isolation;
	char		 internal_error[256];
};

int sandbox_run(const struct sandbox_spec *, struct sandbox_result *);
void sandbox_result_free(struct sandbox_result *);

/* ---------------------------------------------------------------- grading */

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

/* manifest.c: manifest_path() (PROCLAB_MANIFEST overrides it). */
struct test_spec {
	char		*name;          /* the harness's test name */
	char		*title;
	int		 points;
	int		 runs;
	bool		 race;
	bool		 hidden;        /* name, title and message never shown to students */
};
struct exercise {
	int		 number;
	char		*name, *dir, *title, *notebook;
	char		**files;        /* the student's files */
	size_t		 nfiles;
	char		*header, *harness;
	struct sandbox_limits limits;   /* defaults merged */
	struct test_spec *tests;
	size_t		 ntests;
	int		 hygiene_points;
	char		**hints;
	size_t		 nhints;
};
struct manifest {
	char		*path;
	char		*dir;           /* pristine exercise folders (harnesses, headers) */
	struct exercise	*ex;            /* teaching order */
	size_t		 nex;
};
/* NULL and a message in err (what and where) when the manifest is unusable. */
struct manifest *manifest_load(const char *path, char *err, size_t errlen);
struct manifest *manifest_load_or_die(void);    /* exit 3 with the message */
void manifest_free(struct manifest *);
const struct exercise *manifest_find(const struct manifest *, const char *); /* "3", "03", "bank-balance", "03-bank-balance" */
int exercise_max_score(const struct exercise *);

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
};
void verdict_from_run(const struct sandbox_result *, const struct sandbox_limits *,
    struct run_verdict *);
void run_verdict_free(struct run_verdict *);
uint64_t derive_seed(uint64_t base, const char *test, int run);

/* compile.c */
struct compile_result {
	bool		 ok;
	bool		 internal;      /* the compiler could not be run: not the student's fault */
	char		*output;        /* warnings or errors, capped */
	bool		 truncated;
};
/* Copies the student's files (SRC[i] is EX->files[i]), the pristine header and harness of
 * MF->dir and the runtime into WORKDIR and compiles WORKDIR/test-program there, in the
 * sandbox with HIDE (NULL-terminated, or NULL) hidden. */
void compile_exercise(const struct manifest *, const struct exercise *, char *const *src,
    const char *const *hide, const char *workdir, struct compile_result *);
#define COMPILED_PROGRAM "test-program"
void compile_result_free(struct compile_result *);

/* check.c: grading one exercise. */
struct grade_options {
	uint64_t	 seed;
	const char	*const *hide;   /* paths the sandbox hides */
};
struct case_result {
	const struct test_spec *spec;
	enum verdict	 verdict;
	char		*message, *expected, *actual;
	int		 score;
	int		 runs_passed;   /* runs are stopped at the first failure */
	int		 failed_run;    /* 1-based, 0 if none */
	uint64_t	 failed_seed;
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
char *make_temp_dir(const char *what);  /* $TMPDIR/proclab-WHAT.XXXXXX, NULL with errno */
int remove_tree(const char *);          /* rm -rf without following symlinks; -1 with errno */
void temp_cleanup_on_signals(void);     /* SIGINT/TERM/HUP remove make_temp_dir's folders */
void grade_exercise(const struct manifest *, const struct exercise *, const char *student_dir,
    const struct grade_options *, struct exercise_result *);
void exercise_result_free(struct exercise_result *);
bool exercise_passed(const struct exercise_result *);

/* submission.c: a student's files from a folder or a .tar/.tar.gz/.zip. */
/* Path of EX's FILE under ROOT: ROOT/DIR/FILE, ROOT/exercises/DIR/FILE, else the one
 * ROOT/.../FILE; NULL with a reason in *why (malloc'd). */
char *submission_find(const char *root, const struct exercise *, const char *file, char **why);
bool submission_is_archive(const char *path);
/* The student's working copy: from START upward, the first folder holding an exercise folder
 * of the manifest, directly or under exercises/. NULL if none. */
char *workdir_find(const struct manifest *, const char *start);
/* cmd-hint.c: hints read so far, kept in WORKDIR/.proclab-state. */
size_t hint_state_get(const char *workdir, const struct exercise *);
/* Copies the manifest's files of every exercise from an archive or folder into STAGE/DIR/FILE.
 * Returns false with *why on an unreadable/unsafe archive (the student's problem). */
bool submission_stage(const char *sub, const struct manifest *, const char *stage, char **why);
char *submission_student_name(const char *sub);     /* base name without .tar.gz/.tgz/.tar/.zip */

/* report.c: formats. */
enum report_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_JUNIT, FORMAT_TAP, FORMAT_GRADESCOPE };
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
};
int report_write(FILE *, enum report_format, const struct report *);
int report_score(const struct report *, int *max);
char *utf8_sanitize(const char *, size_t len);     /* invalid bytes -> U+FFFD, NUL -> dropped */
void xml_escape(FILE *, const char *);
void csv_field(FILE *, const char *);
char *tap_escape(const char *);                    /* one line, '#' escaped */
/* Writes PATH atomically (temp file in the same folder, fsync, rename); -1 with errno. */
int write_file_atomic(const char *path, const char *data, size_t len);

/* cmd-check.c: options shared by check and grade (usage_error on a bad value). */
uint64_t seed_parse(const char *cmd, const char *arg);
uint64_t seed_random(void);
enum report_format format_option(const char *cmd, const char *arg);

/* batch.c */
struct batch_options {
	long		 jobs;
	const char	*outdir;
	bool		 resume;
	enum report_format format;
	uint64_t	 seed;
	bool		 progress;
};
int batch_grade(const struct manifest *, char **subs, size_t nsubs, const struct batch_options *);
/* The gradebook (OUT/gradebook.csv) from OUT/results/NAME.json. */
int gradebook_rebuild(const struct manifest *, const char *outdir, bool *all_passed);

#endif /* PROCLAB_H */
