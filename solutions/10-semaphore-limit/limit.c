/* SPDX-License-Identifier: MIT */
/*
 * limit.c: at most K of N worker processes inside a section at once (exercise 10),
 * reference solution.
 *
 * One unnamed POSIX semaphore, process-shared, in shared memory, with initial
 * value k: each worker takes one unit (sem_wait) before the section and gives
 * it back (sem_post) after. The (k+1)-th worker sleeps in sem_wait until one of
 * the k inside leaves.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "limit.h"

static void
worker(int i, int rounds, sem_t *slots, limit_section *section, void *arg)
{
	for (int r = 0; r < rounds; r++) {
		while (sem_wait(slots) == -1) {
			if (errno != EINTR) {
				fprintf(stderr, "run_limited: sem_wait: %s\n", strerror(errno));
				_exit(1);
			}
		}
		section(i, arg);
		if (sem_post(slots) == -1) {
			fprintf(stderr, "run_limited: sem_post: %s\n", strerror(errno));
			_exit(1);
		}
	}
	_exit(0);
}

int
run_limited(int nworkers, int k, int rounds, limit_section *section, void *arg)
{
	sem_t *slots;
	int started, result = 0;

	if (nworkers < 1 || k < 1 || rounds < 0) {
		errno = EINVAL;
		return -1;
	}
	slots = mmap(NULL, sizeof *slots, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	    -1, 0);
	if (slots == MAP_FAILED) {
		fprintf(stderr, "run_limited: mmap: %s\n", strerror(errno));
		return -1;
	}
	if (sem_init(slots, 1, (unsigned)k) == -1) {   /* 1: shared between processes */
		fprintf(stderr, "run_limited: sem_init: %s\n", strerror(errno));
		munmap(slots, sizeof *slots);
		return -1;
	}

	fflush(stdout);         /* or the children would print our buffered output again */
	for (started = 0; started < nworkers; started++) {
		pid_t pid = fork();

		if (pid == -1) {
			fprintf(stderr, "run_limited: fork: %s\n", strerror(errno));
			result = -1;
			break;
		}
		if (pid == 0)
			worker(started, rounds, slots, section, arg);      /* never returns */
	}

	/* Reap every worker we started, even after a failure. */
	for (int i = 0; i < started; i++) {
		int status;

		if (wait(&status) == -1) {
			fprintf(stderr, "run_limited: wait: %s\n", strerror(errno));
			result = -1;
			break;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			result = -1;
	}

	sem_destroy(slots);
	if (munmap(slots, sizeof *slots) == -1) {
		fprintf(stderr, "run_limited: munmap: %s\n", strerror(errno));
		result = -1;
	}
	return result;
}
