/*
 * proclab.h: the one internal header of the proclab command (CLI and grader).
 *
 * Sections, each owned by one subsystem:
 *   xmalloc.c        allocation wrappers that die cleanly
 *   util.c           messages, exit statuses, number parsing
 *   paths.c          where lessons, exercises and the runtime are (build tree or installed)
 *   lessons.c        the lesson catalog
 *   grader/sandbox*.c  running untrusted code
 *   grader/*.c       manifest, compile, check, reports, batch grading
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

#endif /* PROCLAB_H */
