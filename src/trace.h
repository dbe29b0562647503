/* SPDX-License-Identifier: MIT */
/*
 * trace.h: a --trace file read back and laid out in lanes, for proclab trace: the plain
 * text of cmd-trace.c and the viewer of trace-step.c draw the same rows.
 *
 *   trace.c         reading the JSON Lines (grader/sched-trace.c writes them), choosing
 *                   the run, the rows of a run (its lanes, which event each shows), the
 *                   sentences that describe them
 *   trace-step.c    proclab trace FILE --step: the run one event at a time, in curses
 *   cmd-trace.c     the command: its options, the plain text
 */
#ifndef PROCLAB_TRACE_H
#define PROCLAB_TRACE_H

#include "proclab.h"

#include <jansson.h>
#include <signal.h>

struct trace_event {
	char		 kind;          /* 't'urn, 'b'lock, 'e'xit, 'f'ree, 'w'rite */
	long		 step;
	int		 process;       /* -1: a write by a process that ran free */
	char		*call, *site;
	char		*object;        /* "0x..." as the trace names it ("" for a write) */
	char		*var;           /* a write's watched variable, its values */
	long long	 old_value, new_value;
	int		 lost_update_of;        /* whose update the write lost, -1 none */
};
/* One process of a deadlock, as the end of its run says (older traces have none). */
struct trace_wait {
	int		 process;
	char		*call, *object, *site;  /* site NULL: not in the student's files */
	char		*caller;        /* the student's function that called site's, or NULL */
	int		 holder;        /* the mutex's holder, -1 none known */
	char		*holder_site;   /* where it took it (NULL: not known) */
	bool		 holder_ended, passed_over;
};
struct trace_run {
	json_t		*head, *end;
	struct trace_event *ev;
	size_t		 nev;
	int		 nprocs;        /* highest process + 1 */
	bool		 deadlock, livelock;
	struct trace_wait *waits;
	size_t		 nwaits;
};
struct trace_file {
	struct trace_run *runs;
	size_t		 nruns;
};

/* PATH read into TF; -1 with *CAUSE (TF empty) when it cannot be read or is not a trace.
 * trace_load: the same, and that is a usage error. */
int trace_read(const char *path, struct trace_file *tf, char **cause);
void trace_load(const char *path, struct trace_file *tf);
void trace_free(struct trace_file *tf);
/* The run to show: --run ARG (a usage error when there is none such), else the first that
 * failed, else the first. */
struct trace_run *trace_choose(struct trace_file *tf, const char *arg);

/*
 * The lines a run is shown as, one per event of the student's code (with ALL, the test
 * program's too): a turn whose call blocked at once is one "waits" row. LANES is the row's
 * column per live process, the acting one marked, as drawn in UTF-8 or ASCII.
 */
struct trace_row {
	const struct trace_event *e;
	bool		 waits;
	char		*lanes;
};
struct trace_rows {
	struct trace_row *v;
	size_t		 n;
	size_t		 lost;          /* lost updates in the run */
};
void trace_rows(const struct trace_run *, bool all, bool utf8, struct trace_rows *);
void trace_rows_free(struct trace_rows *);

/* The sentences, each malloc'd and without a newline; NULL where the run has none. */
char *trace_title(const struct trace_run *);    /* exercise, test, run, seed, verdict */
char *trace_legend(bool utf8);                  /* what the marks of the lanes mean */
char *trace_describe(const struct trace_event *, bool waits);
char *trace_replay(const struct trace_run *);   /* "This run again, exactly: ..." */
const char *trace_message(const struct trace_run *);    /* the verdict's own message */
/*
 * A deadlock drawn as its wait-for cycle, from the waits at its end and what the run did
 * before (who signalled, posted, wrote into what a process now waits on): a heading, the
 * processes of the cycle, each line after the first starting with an arrow and the last
 * closing it, then those that wait too, off the cycle. Each line is malloc'd, without a
 * newline; its wrapped lines go under its text (INDENT columns in). No line at all when
 * the run did not end in a deadlock or its trace does not say who waited (an old one).
 */
struct trace_text {
	char		**v;
	size_t		 n;
	int		 indent;
};
void trace_deadlock(const struct trace_run *, bool utf8, struct trace_text *);
void trace_text_free(struct trace_text *);
/* KEY's string in J, "" when it has none. */
const char *trace_str(json_t *j, const char *key);

/* R as plain text into F: proclab trace show, and lesson --visual off a terminal. */
void trace_print(FILE *f, const struct trace_run *r, bool all, bool utf8);

/* trace-step.c: R shown one row at a time on the terminal; the exit status. */
int trace_step(const struct trace_run *r, bool all);
/* The same inside a curses screen that is on already (the dashboard's), until q, or until
 * *STOP is set (by the host's signal handlers; WAITING is the mask that lets them in
 * during ppoll). The screen is left to the host to draw again. false, with nothing
 * drawn, when the run has no row to show. */
bool trace_step_in(const struct trace_run *r, bool all, bool color, const sigset_t *waiting,
    volatile sig_atomic_t *stop);

#endif /* PROCLAB_TRACE_H */
