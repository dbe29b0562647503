/* SPDX-License-Identifier: MIT */
/*
 * lab-sched.h: the controlled scheduler's protocol, shared by the exercise runtime
 * (lib/lab-sched.c, in every process of a test program) and the grader's scheduler
 * (grader/sched.c, a process of the grader, outside the sandbox).
 *
 * The grader maps one page of a memfd and gives the run its descriptor (LAB_ENV_SCHED_FD).
 * Each controlled process owns one slot. At a scheduling point (a wrapped call, lab_think,
 * the process's start and its end) the process writes what it is about to do (op, object,
 * call site), sets its state to ASKING and sleeps on its slot's futex "go" until the
 * scheduler sets the state to RUNNING. Exactly one process holds RUNNING at a time; it runs
 * free until its next point. A call that would block (a try-variant failed, poll said not
 * ready) is reported as BLOCKED instead of being made: the scheduler lets the process retry
 * after another process did something. Everything here is the student's to forge; the
 * scheduler checks what it reads and at worst the run goes uncontrolled or fails.
 */
#ifndef PROCLAB_LAB_SCHED_H
#define PROCLAB_LAB_SCHED_H

#include <stdint.h>

#define LAB_ENV_SCHED_FD	"PROCLAB_SCHED_FD"
#define LAB_SCHED_MAGIC		0x73636864u     /* "schd" */
#define LAB_SCHED_VERSION	7u
#define LAB_SCHED_PROCS		52      /* one letter each in a schedule: a-z A-Z */
#define LAB_SCHED_ABORTED	99      /* exit status of a process the scheduler ended */
/* After the page, the memfd holds the arena: the harness's lab_shared memory, which the
 * scheduler maps too, so that it reads the watched variables itself at each point. */
#define LAB_SCHED_ARENA_OFFSET	65536u  /* a multiple of any page size */
#define LAB_SCHED_ARENA_SIZE	(4u << 20)
#define LAB_SCHED_WATCHES	32
#define LAB_SCHED_WATCH_NAME	24

enum lab_sched_op {
	LAB_OP_START,           /* a new process, before its first instruction of its own */
	LAB_OP_FORK,
	LAB_OP_WAIT,            /* object: the pid waited for (-1 any); blocks until one ended */
	LAB_OP_WAIT_POLL,       /* a wait with WNOHANG: never blocks */
	LAB_OP_LOCK,            /* object: the mutex */
	LAB_OP_UNLOCK,          /* a release (unlock, post, signal, broadcast): the point is
				 * after it, so that another process may go right then */
	LAB_OP_SEM_WAIT,        /* object: the semaphore */
	LAB_OP_SEM_POST,
	LAB_OP_COND_WAIT,       /* object: the condition; object2: its mutex */
	LAB_OP_COND_SIGNAL,
	LAB_OP_COND_BROADCAST,
	LAB_OP_READ,            /* object: the pipe or socket (its inode) */
	LAB_OP_WRITE,
	LAB_OP_SLEEP,           /* sleep, usleep, nanosleep: time is virtual, a sleep orders nothing */
	LAB_OP_THINK,           /* lab_think() */
	LAB_OP_EXIT,
	LAB_OP_TRY,             /* object: a mutex or semaphore tried (trylock, trywait), or
				 * the number of descriptors of a poll with no timeout */
	LAB_OP_POLL,            /* object: how many descriptors; blocks until one is ready */
	LAB_OP_COUNT
};
/* Or'ed into op: the call has a timeout (deadline_ns), which runs out when nobody else can
 * go on, the earliest deadline first (the virtual clock moves only then, to it), or once
 * the others made many steps; the scheduler then answers ETIMEDOUT in result. */
#define LAB_OP_TIMED	0x100u

enum lab_sched_state {
	LAB_SLOT_FREE,          /* not in use */
	LAB_SLOT_ASKING,        /* at a point, waiting for the turn (process writes) */
	LAB_SLOT_RUNNING,       /* has the turn (scheduler writes) */
	LAB_SLOT_BLOCKED,       /* its call would block; waiting for the turn (process writes) */
	LAB_SLOT_EXITED,        /* ended (process writes) */
	LAB_SLOT_DETACHED       /* left the scheduler's control, e.g. the runtime's spinner */
};

struct lab_sched_slot {
	uint32_t	state;          /* enum lab_sched_state (atomic) */
	uint32_t	go;             /* futex: bumped by the scheduler with each turn */
	uint32_t	op;             /* enum lab_sched_op */
	int32_t		parent;         /* slot of the process that forked it, -1 none */
	int32_t		pid;            /* as the process sees itself */
	int32_t		reaped;         /* pid its last wait returned, 0 none */
	int32_t		result;         /* with the turn: 0, or ETIMEDOUT (scheduler writes) */
	uint64_t	object, object2;
	uint64_t	site;           /* offset of the call site in the program, 0 unknown */
	uint64_t	seq;            /* points passed (process writes) */
	uint64_t	took;           /* the mutex a trylock took since its last point, 0 none
				 * (process writes; cleared with its next turn) */
	uint64_t	deadline_ns;    /* LAB_OP_TIMED: when the call times out, on the page's
				 * virtual clock (process writes) */
	uint64_t	caller;         /* a call that may block: where the function making it
				 * was called from (offset, 0 unknown; process writes) */
};

/* A shared variable the harness asks the scheduler to watch (lab_watch): a signed integer
 * of SIZE bytes at OFFSET in the arena. */
struct lab_sched_watch {
	char		name[LAB_SCHED_WATCH_NAME];     /* "balance", "items[3]" */
	uint64_t	offset;
	uint32_t	size;           /* 1, 2, 4 or 8 */
	uint32_t	pad;
};

/* The first change of a variable watched with lab_watch_locked that a process made while it
 * held no mutex and no semaphore (its runtime writes it; the scheduler reports it at the end). */
struct lab_sched_unguarded {
	uint32_t	claimed;        /* 0, then 1 for the first process to fill it (atomic) */
	uint32_t	ready;          /* 1 once filled in (atomic) */
	int32_t		slot;           /* who changed it */
	uint32_t	pad;
	int64_t		old, value;     /* from, to */
	uint64_t	site;           /* its call just before the change, 0 unknown */
	char		name[LAB_SCHED_WATCH_NAME];
};

/* The first change of a region watched with lab_watch_region that nothing ordered after
 * another process's change of the same bytes (lab-order.c writes it). */
struct lab_sched_unordered {
	uint32_t	claimed;        /* 0, then 1 for the first process to fill it (atomic) */
	uint32_t	ready;          /* 1 once filled in (atomic) */
	int32_t		slot, other;    /* who changed the bytes; who had changed them before */
	int64_t		offset;         /* of the first byte, from the address the harness gave */
	uint32_t	length;         /* bytes in a row, changed the same way */
	uint32_t	pad;
	uint64_t	site, other_site;       /* each one's call just before its change */
	char		name[LAB_SCHED_WATCH_NAME];
};

/* The first mutex, condition or semaphore in shared memory that a second process used
 * although it was initialised private (lab-order.c writes it). */
enum { LAB_SYNC_MUTEX = 1, LAB_SYNC_COND, LAB_SYNC_SEM };
struct lab_sched_unshared {
	uint32_t	claimed;        /* 0, then 1 for the first process to fill it (atomic) */
	uint32_t	ready;          /* 1 once filled in (atomic) */
	int32_t		slot, other;    /* the second user; the first */
	uint32_t	kind;           /* LAB_SYNC_* */
	uint32_t	pad;
	uint64_t	site, other_site;       /* each one's call that used it */
};

struct lab_sched_page {
	uint32_t	magic, version;
	uint32_t	wake;           /* futex: bumped by a process after each change of its slot */
	uint32_t	abort;          /* set by the scheduler: every process exits LAB_SCHED_ABORTED */
	uint32_t	nslots;         /* slots handed out (atomic) */
	uint32_t	nwatches;       /* watches filled in (atomic, after the watch) */
	uint64_t	arena_used;     /* bytes of the arena handed out (atomic) */
	uint64_t	vclock_ns;      /* the virtual clock: moved by the scheduler to each timeout
				 * it lets run out, when nobody can go on (scheduler writes) */
	struct lab_sched_slot slots[LAB_SCHED_PROCS];
	struct lab_sched_watch watches[LAB_SCHED_WATCHES];
	struct lab_sched_unguarded unguarded;
	struct lab_sched_unordered unordered;
	struct lab_sched_unshared unshared;
};

#endif
