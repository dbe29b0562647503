/* SPDX-License-Identifier: MIT */
/*
 * lesson-sched.h: lessons 06 to 09 under proclab's controlled scheduler (proclab lesson 6
 * --schedule S, --explore dfs; 07 and 09, the locked fixes, the same way, to check them).
 * Each of those lessons is built twice from its one source:
 * the lesson itself, and NN-NAME-sched (-DLESSON_SCHED, linked like an exercise with the
 * runtime's wrappers and lessons/lesson-sched.c), which proclab runs under the scheduler.
 * There every wrapped call (fork, sem_wait, mutex, nanosleep, waitpid, _exit) is a
 * scheduling point, the lesson's mmap(MAP_SHARED | MAP_ANONYMOUS) region comes from the
 * scheduler's memory, and the scheduler watches the variables the lesson names.
 *
 * In the lesson's own build these do nothing, and in the -sched build too when no
 * scheduler is attached: the lesson runs as it reads.
 */
#ifndef LESSON_SCHED_H
#define LESSON_SCHED_H

#include <stdbool.h>
#include <stddef.h>

#ifdef LESSON_SCHED
/* the runtime's (lib/labtest.h), declared here so that the lesson keeps its own _() */
bool lab_scheduled(void);
void lab_think(void);
void lab_watch(const char *name, const void *addr, size_t size);

/* Whether proclab's scheduler orders this run. */
#define lesson_scheduled()	lab_scheduled()
/* The scheduler is to watch LVALUE, a shared integer, under NAME ("balance", "a[3]"). */
#define LESSON_WATCH(name, lvalue)	lab_watch((name), &(lvalue), sizeof (lvalue))
/* This process has just read the watched variables for a read-change-write and will write
 * them back: a write over another's write made since is a lost update. A scheduling point
 * (lab_think), where no time passes. */
#define lesson_think()	lab_think()
#else
#define lesson_scheduled()	false
#define LESSON_WATCH(name, lvalue)	((void)0)
#define lesson_think()	((void)0)
#endif

#endif
