/* SPDX-License-Identifier: MIT */
/*
 * limit.h: at most K of N worker processes inside a section at once (exercise 10).
 *
 * The C version of the notebook's  multiprocessing.Semaphore(k):
 *
 *	sem = Semaphore(k)              a semaphore in shared memory, initial value k
 *	with sem:                       sem_wait(sem);
 *	    secao_critica()                 section(worker, arg);
 *	                                sem_post(sem);
 *
 * Do not change this file: the tests call exactly this function.
 */
#ifndef LIMIT_H
#define LIMIT_H

/* What each worker runs, given by the caller (the tests): worker is 0..nworkers-1. */
typedef void limit_section(int worker, void *arg);

/*
 * Starts nworkers child processes. Worker i calls section(i, arg) `rounds` times,
 * and never more than k workers may be inside section() at the same moment.
 * Each worker ends with exit status 0 when it is done. run_limited waits for all
 * of them and returns 0; -1 when a worker failed or a call failed (after printing
 * "run_limited: CALL: reason" on stderr). With nworkers < 1, k < 1 or rounds < 0
 * it starts nothing and returns -1 with errno EINVAL.
 */
int run_limited(int nworkers, int k, int rounds, limit_section *section, void *arg);

#endif
