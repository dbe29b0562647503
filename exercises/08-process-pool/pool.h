/* SPDX-License-Identifier: MIT */
/*
 * pool.h: a pool of worker processes that maps a function over an array (exercise 08).
 *
 * The C version of notebook 001's Pool:
 *
 *	with Pool(4) as pool:                   int64_t out[4]; unsigned char failed[4];
 *	    res = pool.map(quadrado, [1,2,3,4]) pool_map(quadrado, in, out, 4, 4, failed);
 *
 * Do not change this file: the tests call exactly this function.
 */
#ifndef POOL_H
#define POOL_H

#include <stddef.h>
#include <stdint.h>

#define POOL_MAX_WORKERS 16

typedef int64_t (*pool_fn)(int64_t);

/*
 * Sets out[i] = fn(in[i]) for every i in 0..n-1, computed in worker processes:
 * starts exactly min(workers, n) workers with fork() (none when n is 0), each worker
 * calls fn for many tasks, the caller itself never calls fn. Every worker is reaped
 * before pool_map returns.
 *
 * Returns 0 when every task has its result: out[i] set, failed[i] = 0 for all i.
 * Returns -1 when some task has no result: a worker died (fn crashed it, e.g. with
 * SIGSEGV) or could not be started. Then failed[i] = 1 for every task without a result
 * and failed[i] = 0 (and out[i] set) for every task that has one; the tasks of workers
 * that did not die must have their results. pool_map never waits forever for a
 * worker that died.
 * Bad arguments (workers < 1 or > POOL_MAX_WORKERS): -1 with errno EINVAL, every
 * failed[i] = 1, no process started. When fork fails, errno is fork's error.
 */
int pool_map(pool_fn fn, const int64_t *in, int64_t *out, size_t n, int workers,
    unsigned char *failed);

#endif
