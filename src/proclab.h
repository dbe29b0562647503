/* SPDX-License-Identifier: MIT */
/*
 * proclab.h: the internal header of the proclab command, above the grader library.
 *
 * Sections, each owned by one file:
 *   util.c           messages, exit statuses
 *   paths.c          where lessons, exercises and the runtime are (build tree or installed)
 *   lessons.c        the lesson catalog, and where each exercise comes among the lessons
 *   stubs.c          the exercises' stubs: their language, putting one back
 *   home.c           proclab with no command: the home screen, or the catalog with states
 *   cards.c          the reference cards of 'proclab man'
 *   pager.c          a long text through the pager on a terminal
 *   classroom.c      the GitHub Classroom template's workflow (init --classroom)
 *   cmd-*.c          one subcommand each
 */
#ifndef PROCLAB_H
#define PROCLAB_H

#include "grader.h"

#include <getopt.h>
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
/* --color=WHEN: auto (a terminal, NO_COLOR unset, TERM not dumb), always or never. */
enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
extern enum color_when color_when;
void color_option(const char *cmd, const char *arg);    /* sets color_when, or usage error */
/* (cmd.c calls it for option 'C', --color, of any command that declares it) */
bool use_color(FILE *);                 /* what color_when says for this stream */
void close_stdout(void);                /* atexit: a write error on stdout is exit 3 */
struct manifest *manifest_load_or_die(void);    /* exit 3 with the message */

/* paths.c: the build tree is used when this binary is the one make built. */
bool in_build_tree(void);
const char *lessons_dir(void);          /* lesson executables */
const char *exercises_dir(void);        /* manifest.json, tasks, stubs, harnesses */
const char *solutions_dir(void);        /* reference solutions (NULL when not installed) */
const char *runtime_include_dir(void);  /* lab.h, labtest.h */
const char *runtime_lib_dir(void);      /* libproclab.a */
const char *manifest_path(void);
const char *locale_dir(void);           /* the message catalogs: build tree's po/locale or localedir */
const char *message_languages(void);    /* LANGUAGE for the judges and harnesses, or NULL */
/* The language of the messages in force, as their catalog names it ("pt_BR"), malloc'd;
 * NULL for English. What it and a translation's file name may hold: LANG_CHARS. */
char *messages_language(void);
#define LANG_CHARS	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@"
const char *cards_dir(void);            /* the reference cards of 'proclab man' */

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
/* lesson-sched.c: proclab lesson 6|7|8|9 --schedule S | --explore STRATEGY | --visual, the race
 * under the controlled scheduler. lesson_sched_parse: false when ARGV does not ask for it
 * (a usage error when it asks wrongly); lesson_sched_exec: the exit status. */
struct lesson_sched {
	const struct lesson	*lesson;
	size_t			 which;         /* in lesson-sched.c's table */
	const char		*schedule;      /* --schedule */
	const char		*explore;       /* --explore */
	bool			 visual;        /* --visual: the run in the race viewer */
	const char		*trace;         /* --visual --trace FILE: the run into FILE */
	enum sched_strategy	 strategy;
};
bool lesson_sched_parse(const struct lesson *, int argc, char **argv, struct lesson_sched *);
bool lesson_races(const struct lesson *);       /* it takes --schedule, --explore, --visual */
int lesson_sched_exec(struct lesson_sched *);
/* Teaching order: the number of the lesson after which exercise DIR comes (its last lesson
 * needed); 0 for an exercise the lab does not know (another manifest's): after them all. */
int lesson_before(const char *exdir);

/* stubs.c: the stubs as proclab init gives them, and putting them back (the dashboard's
 * reset). translation_find: BEFORE LANG AFTER, else BEFORE LL AFTER for a LANG LL_CC, when
 * EXDIR has it (README.pt_BR.md; pt_BR/bank.c), else NULL. */
char *translation_find(const char *exdir, const char *lang, const char *before,
    const char *after);
/* WD is one of the lab's own trees (the exercises, their source tree, the solutions), which
 * look like a working copy but are nobody's. */
bool workdir_is_lab(const struct manifest *, const char *wd);
char *workcopy_language(const struct manifest *, const char *wd, const struct exercise *);
char *stub_path(const struct manifest *, const struct exercise *, const char *name,
    const char *lang);
/* The fingerprints (progress_hash) of EX's stubs in English and each translation. */
size_t stub_hashes(const struct manifest *, const struct exercise *, uint64_t *, size_t max);
/* Each of EX's files (PATHS: where they are, NULL: nowhere yet) made the stub again; the
 * student's moved to KEPT[j] (NAME.~N~; NULL when there was none). -1 with *CAUSE. */
int stub_reset(const struct manifest *, const char *wd, const struct exercise *,
    char *const *paths, char **kept, char **cause);

/* cards.c: the reference cards (doc/cards/cards.list). A card's NAMES[0] is its name (its
 * file NAME.md), the others the calls it covers; a name matches in any case, "fork(2)" too. */
struct card {
	char		**names;
	size_t		 nnames;
};
struct card_index {
	struct card	*cards;         /* in the order 'proclab man' lists them */
	size_t		 ncards;
};
struct card_index *cards_load(const char *dir, char **cause);
void cards_free(struct card_index *);
const struct card *cards_find(const struct card_index *, const char *name);
size_t cards_closest(const struct card_index *, const char *name, const struct card **out,
    const char **matched, size_t max);
char *card_text(const char *dir, const struct card *, const char *lang, char **cause);
char *card_title(const struct card *, const char *text);
void card_render(FILE *, const char *text, bool color);

/* pager.c: where a long text goes. On a terminal, $PAGER (run by sh), or less -R when
 * PAGER is unset; PAGER_NONE when standard output is no terminal, or PAGER is "" or cat. */
enum pager_kind { PAGER_NONE, PAGER_LESS, PAGER_USER };
enum pager_kind pager_choose(void);
void pager_show(enum pager_kind, const char *text, size_t len);

/* classroom.c: .github/workflows/classroom.yml of a GitHub Classroom template, from the
 * manifest. classroom_check: -1 with *CAUSE when a name or title would not survive GitHub
 * Actions (an expression); the _ok functions: what --proclab-url and --proclab-ref accept. */
struct classroom_source {
	const char	*url;           /* the git repository the workflow builds proclab from */
	const char	*ref;           /* a commit (or tag) there */
};
int classroom_check(const struct manifest *, char **cause);
bool classroom_url_ok(const char *);
bool classroom_ref_ok(const char *);
int classroom_write(const struct manifest *, const char *dir, const struct classroom_source *,
    char **cause);

/* cmd-check.c: options shared by check and grade (usage_error on a bad value). */
uint64_t seed_parse(const char *cmd, const char *arg);
uint64_t seed_random(void);
enum report_format format_option(const char *cmd, const char *arg);

/* cmd.c: the command table (tmux's cmd_entry). Each cmd-NAME.c defines cmd_NAME_entry. */
#define CMD_RAW		0x1     /* argv as given, argv[0] the command: it parses them itself */
#define CMD_MANIFEST	0x2     /* ctx->mf loaded (exit 3 when unusable) */
#define CMD_WORKDIR	0x4     /* ctx->wd: --dir DIR (option 'd') or found from here upward */
#define CMD_EXERCISE_ARG 0x8    /* ctx->ex: the exercise the first argument names */
#define CMD_ALLOW_ALL	0x10    /* ... or 'all' (ctx->ex NULL) */
#define CMD_DIR_ARCHIVE	0x20    /* --dir may name a file too: an archive of the files */
struct cmd_ctx;
struct cmd_entry {
	const char	*name;
	const char	*help;          /* N_(): usage and what it does, for --help and 'help NAME' */
	const struct option *options;   /* long options besides --help; NULL-terminated or NULL */
	const char	*shortopts;     /* getopt's, besides h */
	int		 args_min, args_max;    /* positional arguments; args_max -1: any number */
	const char	*args_missing;  /* N_(): fewer than args_min; may use %s once: "proclab" */
	const char	*args_extra;    /* N_(): more than args_max; %s: the first one too many */
	int		 flags;
	int		(*exec)(struct cmd_ctx *);
};
struct cmd_ctx {
	const struct cmd_entry *entry;
	int		 argc;          /* the positional arguments */
	char		**argv;
	const char	*opt[128];      /* option VAL's value ("" for a flag), NULL when not given */
	struct manifest	*mf;
	const struct exercise *ex;
	char		*wd;
};
extern const struct cmd_entry cmd_check_entry, cmd_grade_entry, cmd_gradebook_entry,
    cmd_help_entry, cmd_hint_entry, cmd_init_entry, cmd_lesson_entry, cmd_list_entry,
    cmd_man_entry, cmd_run_entry, cmd_trace_entry, cmd_watch_entry;
extern const struct cmd_entry *const cmd_table[];
const struct cmd_entry *cmd_find(const char *);
char *cmd_names(void);                  /* "check, grade, ..." */
int cmd_run(const struct cmd_entry *, int argc, char **argv);
const char *cmd_opt(const struct cmd_ctx *, int val);
/* KEY's exercise, or a usage error that says what to give. */
const struct exercise *cmd_exercise(const struct cmd_ctx *, const char *key);

/* home.c: proclab with no command: the home screen, the catalog with states, or the usage. */
int home_main(void);

/* cmd-help.c: a command's help (from its entry) or a topic's. */
int help_show(const char *topic, FILE *);        /* EXIT_OK, or a usage error (exit 2) */
void version_show(FILE *);               /* --version, the GNU form */
#define PROCLAB_COPYRIGHT_YEAR 2026

#endif /* PROCLAB_H */
