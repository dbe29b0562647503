/* SPDX-License-Identifier: MIT */
/*
 * pool.c: reference solution of exercise 08 (process pool).
 *
 * The workers write their results into memory shared with the caller (one mmap made
 * before fork): a result slot and a "done" flag per task. Worker w takes the tasks
 * w, w + W, w + 2W, ... (a fixed split: no queue needed). The caller waits for every
 * worker; a worker killed by a signal (fn crashed) or that exited with an error has
 * left some "done" flags at 0: exactly those tasks are reported failed.
 */
#define _GNU_SOURCE     /* MAP_ANONYMOUS */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pool.h"

struct slot {
	int64_t		result;
	unsigned char	done;
};

int
pool_map(pool_fn fn, const int64_t *in, int64_t *out, size_t n, int workers,
    unsigned char *failed)
{
	pid_t pid[POOL_MAX_WORKERS];
	struct slot *slot;
	size_t size, nworkers, started = 0;
	int fork_errno = 0, rc = 0;

	for (size_t i = 0; i < n; i++)
		failed[i] = 1;
	if (workers < 1 || workers > POOL_MAX_WORKERS) {
		errno = EINVAL;
		return -1;
	}
	if (n == 0)
		return 0;
	nworkers = (size_t)workers < n ? (size_t)workers : n;

	size = n * sizeof *slot;
	slot = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (slot == MAP_FAILED) {
		perror("pool: mmap");
		return -1;
	}

	for (size_t w = 0; w < nworkers; w++) {
		pid[w] = fork();
		if (pid[w] == -1) {
			fork_errno = errno;
			perror("pool: fork");
			break;          /* the tasks of the missing workers fail */
		}
		if (pid[w] == 0) {
			/* The worker: its share of the tasks, then _exit (not exit:
			 * the caller's stdio buffers must not be flushed twice). */
			for (size_t i = w; i < n; i += nworkers) {
				slot[i].result = fn(in[i]);
				slot[i].done = 1;
			}
			_exit(0);
		}
		started++;
	}

	/* Wait for every worker that was started, whatever happened to it. */
	for (size_t w = 0; w < started; w++) {
		int status = 0;

		while (waitpid(pid[w], &status, 0) == -1) {
			if (errno != EINTR) {
				perror("pool: waitpid");
				break;
			}
		}
		if (WIFSIGNALED(status))
			fprintf(stderr, "pool: worker %zu (pid %ld) was killed by signal %d "
			    "(%s)\n", w, (long)pid[w], WTERMSIG(status),
			    strsignal(WTERMSIG(status)));
		else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
			fprintf(stderr, "pool: worker %zu (pid %ld) exited with status %d\n",
			    w, (long)pid[w], WEXITSTATUS(status));
	}

	/* A task has a result exactly when its worker got to mark it done. */
	for (size_t i = 0; i < n; i++) {
		if (slot[i].done) {
			out[i] = slot[i].result;
			failed[i] = 0;
		} else
			rc = -1;
	}
	if (munmap(slot, size) == -1)
		perror("pool: munmap");
	if (fork_errno != 0)
		errno = fork_errno;
	return rc;
}
