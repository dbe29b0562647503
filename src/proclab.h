/*
 * proclab.h: the internal header of the proclab command, above the grader library.
 *
 * Sections, each owned by one file:
 *   util.c           messages, exit statuses
 *   paths.c          where lessons, exercises and the runtime are (build tree or installed)
 *   lessons.c        the lesson catalog
 *   cmd-*.c          one subcommand each
 */
#ifndef PROCLAB_H
#define PROCLAB_H

#include "grader.h"

#include <stdio.h>

/* Exit statuses of the proclab command (documented in proclab help exit-status). */
#define EXIT_OK         0   /* success; for check/grade: everything passed */
#define EXIT_FAILED     1   /* ran, but some test failed or a lesson failed */
#define EXIT_USAGE      2   /* bad command line: unknown subcommand, lesson, option value */
#define EXIT_INTERNAL   3   /* proclab's own fault or the machine's: not the student's */

/* util.c */
extern const char *progname;            /* "proclab" */
void fatal(const char *, ...) ATTR_PRINTF(1, 2) ATTR_NORETURN;      /* + strerror(errno), exit 3 */
void fatalx(const char *, ...) ATTR_PRINTF(1, 2) ATTR_NORETURN;     /* exit 3 */
void usage_error(const char *cmd, const char *, ...) ATTR_PRINTF(2, 3) ATTR_NORETURN; /* exit 2 */
void warnx_(const char *, ...) ATTR_PRINTF(1, 2);
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

#endif /* PROCLAB_H */
