/* SPDX-License-Identifier: MIT */
/*
 * counter.h: a counter shared by processes, with its own lock (exercise 05).
 *
 * The C version of the notebook's  Value('d', 0.0, lock=True):
 *
 *	with n.get_lock():              counter_lock(c);
 *	    n.value += 1                c->value += 1;   (or just counter_add(c, 1))
 *	                                counter_unlock(c);
 *
 * counter_create() is called once, BEFORE fork(); every process forked afterwards
 * uses the same counter through the same pointer. Do not change this file: the
 * tests call exactly these functions.
 */
#ifndef COUNTER_H
#define COUNTER_H

struct counter;         /* you define it in counter.c */

/* A new counter holding `initial`, in memory shared with processes forked later.
 * NULL (with errno set) when the memory or the lock cannot be set up. */
struct counter *counter_create(long initial);

/* Take / release the counter's lock (the notebook's get_lock()). While one process
 * holds it, counter_lock, counter_add and counter_read block in every other process. */
void counter_lock(struct counter *c);
void counter_unlock(struct counter *c);

/* Adds delta (which may be negative) under the lock; returns the new value. */
long counter_add(struct counter *c, long delta);

/* The current value, read under the lock. */
long counter_read(struct counter *c);

/* Frees the counter; call once, after every other process is done with it.
 * 0, or -1 with errno set. */
int counter_destroy(struct counter *c);

#endif
