/* SPDX-License-Identifier: MIT */
/*
 * base.h: what every part of the grader library (and the proclab command above it) shares:
 * config.h, the gettext macros, allocation that succeeds, the one error convention, strict
 * number parsing and the file-system helpers.
 *
 * The error convention: a function that can fail returns -1, NULL or false and, when CAUSE
 * is not NULL, sets *CAUSE to a malloc'd sentence saying what failed (the caller frees it).
 * Library code never prints, never exits: the caller decides what to show and which exit
 * status to use. The one exception is running out of memory (xmalloc.c), as in tmux and git.
 */
#ifndef PROCLAB_BASE_H
#define PROCLAB_BASE_H

#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Messages for people go through gettext: _("...") where the text is shown, N_("...") in
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

#define ATTR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define ATTR_NORETURN __attribute__((noreturn))
#define nitems(a) (sizeof (a) / sizeof (a)[0])

/* xmalloc.c: a zero size is a bug (tmux); out of memory ends the program (exit 3). */
void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
int xasprintf(char **, const char *, ...) ATTR_PRINTF(2, 3);
int xvasprintf(char **, const char *, va_list) ATTR_PRINTF(2, 0);
/* For an allocator that is not ours (jansson): says WHAT and exits 3. */
void xalloc_die(const char *what) ATTR_NORETURN;

/* cause.c: *CAUSE = the formatted sentence (when CAUSE is not NULL); the first one set wins. */
void cause_set(char **cause, const char *, ...) ATTR_PRINTF(2, 3);
void cause_setv(char **cause, const char *, va_list) ATTR_PRINTF(2, 0);
/* "WHAT: strerror(errno)", errno kept. */
void cause_errno(char **cause, const char *what, ...) ATTR_PRINTF(2, 3);

/* parse.c: a strict decimal parse of a whole string into [min, max]; false on junk, a sign
 * or overflow. */
bool parse_long(const char *, long min, long max, long *out);
bool parse_u64(const char *, uint64_t *out);

/* fsutil.c */
/* rm -rf without following symlinks; -1 with errno. */
int remove_tree(const char *);
/* $TMPDIR/proclab-WHAT.XXXXXX (0700), removed on SIGINT/TERM/HUP once
 * temp_cleanup_on_signals() has run; NULL with errno. */
char *make_temp_dir(const char *what);
int temp_cleanup_on_signals(char **cause);
/* mkdir -p with MODE for each folder made; the _inplace one allocates nothing (a child
 * between fork and exec may call it). */
int mkdir_p_inplace(char *path, mode_t mode);
int mkdir_p(const char *path, mode_t mode, char **cause);
/* Copies SRC (a regular file, not a symlink, at most MAX bytes) to DST (0644), which must
 * not exist when EXCLUSIVE. */
int copy_file(const char *src, const char *dst, off_t max, bool exclusive, char **cause);
/* Writes LEN bytes of DATA to PATH, opened write-only with OFLAGS added (O_CREAT | O_EXCL
 * for a new file, 0644; O_TRUNC for one that exists); -1 with *CAUSE naming PATH. */
int write_file(const char *path, int oflags, const char *data, size_t len, char **cause);
/* Writes PATH atomically (temp file in the same folder, fsync, rename); -1 with errno. */
int write_file_atomic(const char *path, const char *data, size_t len);
/* All LEN bytes of DATA to FD, again after EINTR; -1 with errno otherwise. */
int write_all(int fd, const void *data, size_t len);
/* The whole of a regular file of at most MAX bytes, NUL-terminated (*LEN without it). */
char *read_file_max(const char *path, size_t max, size_t *len, char **cause);
/* Removes the temp files of atomic writes cut short (".NAME.tmp.XXXXXX") in DIR. */
void remove_stale_temps(const char *dir);

#endif /* PROCLAB_BASE_H */
