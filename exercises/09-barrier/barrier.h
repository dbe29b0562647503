/* SPDX-License-Identifier: MIT */
/*
 * barrier.h: a reusable barrier for processes (exercise 09).
 *
 * The C version of the notebook's  multiprocessing.Barrier(n):
 *
 *	barreira = Barrier(n)           struct barrier *b = barrier_create(n);
 *	self.barreira.wait()            barrier_wait(b);
 *
 * barrier_create() is called once, BEFORE fork(); every process forked afterwards
 * uses the same barrier through the same pointer. The same barrier is used for
 * round after round: it must work again as soon as it has opened.
 * Do not change this file: the tests call exactly these functions.
 */
#ifndef BARRIER_H
#define BARRIER_H

struct barrier;         /* you define it in barrier.c */

/* A new barrier for n processes (n >= 1), in memory shared with processes forked
 * later. NULL, with errno set, when n < 1 (EINVAL) or the memory or the
 * synchronisation objects cannot be set up. */
struct barrier *barrier_create(int n);

/* Blocks until n processes have called barrier_wait() in this round, then all n
 * return and the next round begins. 0, or -1 when a call failed (after printing
 * "barrier_wait: CALL: reason" on stderr). */
int barrier_wait(struct barrier *b);

/* Frees the barrier; called once, after every other process is done with it.
 * 0, or -1 with errno set. */
int barrier_destroy(struct barrier *b);

#endif
