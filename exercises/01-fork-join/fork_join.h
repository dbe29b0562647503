/* SPDX-License-Identifier: MIT */
/*
 * fork_join.h: exercise 01, fork and join. Do not change this file: the tests call
 * run_workers exactly as declared here.
 */
#ifndef FORK_JOIN_H
#define FORK_JOIN_H

/*
 * Start N workers, one process each: worker i runs fn(args[i]) in its own child
 * process and ends with exit status fn(args[i]) & 0xff. Start them all first, then
 * wait for every one of them. Store worker i's result in statuses[i]:
 *   - its exit status (0..255) when it ended normally;
 *   - minus the signal number (e.g. -15 for SIGTERM) when a signal killed it.
 * Return 0 when every worker was started and waited for; -1 when a system call
 * failed (errno says why; workers already started are still waited for).
 */
int run_workers(int n, int (*fn)(int), const int *args, int *statuses);

#endif
