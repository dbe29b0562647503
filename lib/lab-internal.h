/* SPDX-License-Identifier: MIT */
/*
 * lab-internal.h: state shared by the runtime's own files (never installed).
 *
 * One MAP_SHARED page, set up by a constructor before main() runs, holds the
 * counters of lab_counts() and the first failure recorded by any process of the
 * run; every process forked afterwards sees the same page.
 */
#ifndef PROCLAB_LAB_INTERNAL_H
#define PROCLAB_LAB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

enum lab_counter {
	LAB_C_FORKS,
	LAB_C_FORK_FAILURES,
	LAB_C_REAPS,
	LAB_C_MUTEX_LOCKS,
	LAB_C_MUTEX_UNLOCKS,
	LAB_C_SEM_WAITS,
	LAB_C_SEM_POSTS,
	LAB_C_COND_WAITS,
	LAB_C_COND_SIGNALS,
	LAB_C_READS,
	LAB_C_WRITES,
	LAB_C_THINKS,
	LAB_C_COUNT
};

#define LAB_MSG_MAX 1024        /* a translated message is longer than its English */
#define LAB_VAL_MAX 240

/* The first failure of the run, whichever process had it. */
struct lab_failure {
	int	state;          /* 0 none, 1 being written, 2 ready (atomic) */
	pid_t	pid;
	char	message[LAB_MSG_MAX];
	char	expected[LAB_VAL_MAX];
	char	actual[LAB_VAL_MAX];
};

struct lab_state {
	long	counters[LAB_C_COUNT];  /* atomic */
	long	processes;              /* serial numbers of forked processes (atomic) */
	long	thinking;               /* processes inside lab_think() now (atomic) */
	long	max_thinking;           /* most of them at once since the last reset (atomic) */
	struct lab_failure failure;
};

/* Configuration of this run (copied into every child by fork). */
struct lab_config {
	uint64_t seed;
	long	delay_us;               /* 0: no injection */
	long	think_us;
	int	short_io_percent;       /* chance that a read or large write is split (grading) */
	int	spurious_percent;       /* chance that a condition wait wakes at once (grading) */
	bool	think_overlap;          /* scheduled: lab_think waits until nobody can go on */
	int	record_fd;              /* -1: the record goes to stdout */
};

extern struct lab_state *lab_state_;
extern struct lab_config lab_config_;
extern int lab_internal_;
extern pid_t lab_harness_pid_;       /* > 0 while the runtime itself calls a wrapped function */

void lab_count_(enum lab_counter);
void lab_sleep_us_(long);
void lab_crash_setup_(void);   /* lab-crash.c: the crash line before dying */
__attribute__((noreturn)) void lab_internal_error_(const char *call);
uint64_t lab_program_offset_(uintptr_t);       /* lab-crash.c: 0 outside the program */

/* lab-sched.c: the controlled scheduler's points (lab-sched.h); nothing when it is off. */
#include "lab-sched.h"
#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>
bool lab_sched_on_(void);
void lab_sched_attach_(void);
/* OP: enum lab_sched_op, maybe with LAB_OP_TIMED */
void lab_sched_point_(uint32_t op, uint64_t object, uint64_t object2, uintptr_t site);
void lab_sched_blocked_(void);
void lab_sched_exit_(void);
void lab_sched_detach_(void);
void lab_sched_forget_(void);
int lab_sched_fork_(uintptr_t site);
void lab_sched_forked_(int slot, pid_t);
void lab_sched_wait_(pid_t, int options, uintptr_t site);
void lab_sched_reaped_(pid_t);
void lab_sched_read_(int fd, uintptr_t site);
void lab_sched_idle_(uint32_t op, uintptr_t site);
void lab_sched_settle_children_(void);
/* Zeroed shared memory from the arena the scheduler can read; NULL: no scheduler or full. */
void *lab_sched_shared_(size_t);
void lab_sched_took_(const void *mutex);
void lab_sched_watch_(const char *name, const void *addr, size_t size);
void lab_sched_watch_locked_(const char *name, const void *addr, size_t size);
void lab_sched_holds_(enum lab_counter);        /* a lock or semaphore taken or given back */
long lab_sched_pollers_(void);
struct sembuf;
int lab_sched_semop_(int id, struct sembuf *ops, size_t n, bool timed, uintptr_t site);
void lab_order_sysv_acquire_(int id, unsigned num);     /* a System V semaphore taken */
void lab_order_sysv_release_(int id, unsigned num);     /* ... given: at the next point */
long lab_sched_others_going_(void);
void lab_sched_timeout_(uint64_t ns);   /* before a timed call: its timeout, from now */
bool lab_sched_ended_(pid_t);
void lab_sched_killed_(pid_t);
void lab_sched_kill_group_(pid_t pgid);
void lab_sched_acquired_(const void *);         /* a try-variant took a lock or semaphore */
void lab_rng_fork_(uint64_t slot);      /* a scheduled child's own random numbers */
/* lab-order.c: which changes of a watched region the synchronisation ordered */
struct lab_sched_page;
void lab_order_attach_(struct lab_sched_page *, int slot);
void lab_order_forget_(void);
void lab_order_fork_(int child);
void lab_order_forked_(int slot);
void lab_order_untracked_(void);
void lab_order_acquire_(uint64_t addr);        /* a lock, semaphore or condition */
void lab_order_acquire_pipe_(uint64_t ino);
void lab_order_reaped_(pid_t);
void lab_order_turn_(void);
void lab_order_point_(uint32_t op, uint64_t object, uint64_t object2, uint64_t site,
    uint64_t call_site, bool others_run);
void lab_order_watch_(const char *name, const void *addr);
struct pollfd;
int lab_sched_poll_(struct pollfd *, unsigned long n, int timeout, uintptr_t site);
size_t lab_sched_write_(int fd, size_t n, uintptr_t site);
int lab_sched_mutex_lock_(pthread_mutex_t *, uintptr_t site);
int lab_sched_sem_wait_(sem_t *, uintptr_t site);
int lab_sched_cond_wait_(pthread_cond_t *, pthread_mutex_t *, uintptr_t site);
int lab_sched_cond_spurious_(pthread_mutex_t *, uintptr_t site);
int lab_sched_mutex_timedlock_(pthread_mutex_t *, uintptr_t site);
int lab_sched_sem_timedwait_(sem_t *, uintptr_t site);
int lab_sched_cond_timedwait_(pthread_cond_t *, pthread_mutex_t *, uintptr_t site);

#endif
