/* SPDX-License-Identifier: MIT */
/*
 * sched-int.h: the controlled scheduler's own parts (grader/sched*.c). The grader's side
 * of one run is sched.c; the scheduler itself is a process of the grader (sched-server.c)
 * that reads the run's page and hands out turns, choosing with a strategy
 * (sched-choose.c). It never runs student code and never trusts the page beyond the
 * run's own outcome.
 */
#ifndef PROCLAB_SCHED_INT_H
#define PROCLAB_SCHED_INT_H

#include "grader.h"
#include "lab-sched.h"

#include <stdint.h>

#define SCHED_DECISIONS_MAX	65536   /* choices recorded per run; more are not replayable */
#define SCHED_BRANCHES_MAX	16384   /* dfs: a tree deeper than this is not explored whole */
#define SCHED_EVENTS_MAX	200000  /* --trace: events kept per run; the rest are left out */

/* What the scheduler knows of one process: its slot, as it last saw it. */
enum sched_pstate {
	SP_NONE,
	SP_READY,               /* asking for its turn */
	SP_RUNNING,
	SP_BLOCKED,             /* its call would block; may retry after another's progress */
	SP_COND,                /* waiting on a condition: only a signal or broadcast wakes it */
	SP_EXITED,
	SP_FREE                 /* runs uncontrolled: detached, or released after its budget */
};
struct sched_proc {
	enum sched_pstate state;
	uint32_t	op;             /* what it asks for now (READY) or was granted */
	uint64_t	object, object2, site;
	uint64_t	caller;         /* where the function at site was called from, 0 unknown */
	int		parent;
	int32_t		pid;
	bool		reaped;
	bool		detached;       /* left control for good (the runtime's spinner) */
	bool		spinning;       /* it asks to poll again, nobody having done more */
	uint64_t	poll_epoch, poll_prev;  /* epochs of its last two polls (sleep, try) */
	bool		timed;          /* its call has a timeout */
	int		result;         /* for its next turn: 0 or ETIMEDOUT */
	bool		timed_out;      /* its turn was to give up */
	bool		retry;          /* its turn is a blocked call's retry: the runtime then
				 * asks again (a lock's point) before it tries */
	uint64_t	priority;       /* pct */
	long		granted_at;     /* the step of its last turn */
	uint64_t	cond_since;     /* SP_COND, SP_BLOCKED: when it began waiting (FIFO) */
	long		blocked_step;   /* SP_COND, SP_BLOCKED: the step it began waiting at */
	bool		passed_over;    /* SP_COND: a signal on its condition woke another one */
	uint64_t	deadline_ns;    /* timed: when it times out on the virtual clock */
	uint64_t	seq;            /* its slot's points as it last asked: they change with a turn */
	/* its poll loop's first call since anyone last did something (a livelock's report:
	 * where each process is when the run stops depends on the clock, this does not) */
	uint32_t	loop_op;
	uint64_t	loop_object, loop_site;
	/* each watched variable as it was at its last lab_think(): version + 1 (0: none) */
	uint64_t	think_version[LAB_SCHED_WATCHES];
	int64_t		think_value[LAB_SCHED_WATCHES];
};

struct sched_chooser {
	enum sched_strategy strategy;
	uint64_t	rng;
	int		depth;          /* pct: d, the bug depth aimed at */
	long		change[8];      /* pct: the decisions at which priorities drop */
	int		nchange;
	const unsigned char *replay;    /* decoded replay decisions (slots) */
	size_t		nreplay;
	bool		diverged;       /* the replay's next choice could not run */
	unsigned char	*made;          /* decisions made (slots) */
	size_t		nmade;
	char		*branches;      /* dfs: each decision's enabled, as letters, "/"-joined */
	size_t		nbranches;
	int		last;           /* the process chosen last, -1 none */
};

void chooser_init(struct sched_chooser *, const struct sched_plan *, int nprocs_hint);
void chooser_new_process(struct sched_chooser *, struct sched_proc *);
/* One of the N enabled processes ENABLED[] (N > 0) of P; records the decision when N > 1. */
int chooser_pick(struct sched_chooser *, struct sched_proc *p, const int *enabled, int n);
void chooser_free(struct sched_chooser *);

/* "a3bc": the decisions as slot letters, runs of one letter with their length. */
char *schedule_encode(const unsigned char *slots, size_t n);
char schedule_letter(int slot);
int schedule_slot(char letter);         /* -1: not a slot's letter */
/* The decisions of S; NULL with *CAUSE when S is not what schedule_encode wrote. */
unsigned char *schedule_decode(const char *s, size_t *n, char **cause);

/* sched-server.c: the scheduler's process, until STOP_FD says the run is over; its
 * findings go to OUT_FD as lines (sched.c reads them). */
void sched_serve(struct lab_sched_page *, const char *arena, const struct sched_plan *,
    int stop_fd, int out_fd) __attribute__((noreturn));

#endif
