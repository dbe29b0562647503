/* SPDX-License-Identifier: MIT */
/*
 * bqueue.h: a bounded FIFO queue shared by processes (exercise 07).
 *
 * The C version of the notebook's multiprocessing.Queue, with a fixed capacity:
 *
 *	q = Queue(maxsize=capacity)         struct bqueue *q = bq_create(capacity);
 *	q.put(msg)    (waits while full)    bq_put(q, msg);
 *	msg = q.get() (waits while empty)   msg = bq_get(q);
 *
 * bq_create() is called once, BEFORE fork(); every process forked afterwards puts
 * and gets through the same pointer. Messages are int64_t. Do not change this file:
 * the tests call exactly these functions.
 */
#ifndef BQUEUE_H
#define BQUEUE_H

#include <stddef.h>
#include <stdint.h>

#define BQ_MAX_CAPACITY	4096

struct bqueue;          /* you define it in bqueue.c */

/* An empty queue for up to `capacity` messages, in memory shared with processes
 * forked later. NULL with errno set: EINVAL when capacity is 0 or more than
 * BQ_MAX_CAPACITY, or the error of the call that failed (mmap, ...). */
struct bqueue *bq_create(size_t capacity);

/* Appends msg; while the queue holds `capacity` messages, waits until a get makes room. */
void bq_put(struct bqueue *q, int64_t msg);

/* Removes and returns the oldest message; while the queue is empty, waits for a put. */
int64_t bq_get(struct bqueue *q);

/* Frees the queue, once no process uses it any more. 0, or -1 with errno set. */
int bq_destroy(struct bqueue *q);

#endif
