/* SPDX-License-Identifier: MIT */
/*
 * right-named-sem: a correct limit with a named POSIX semaphore (sem_open), unlinked
 * at once so that nothing is left behind: the workers inherit the mapping from fork.
 * Entering uses sem_trywait with a short sleep, and sem_timedwait when that fails
 * several times, neither of which the grader's counters count; leaving is sem_post.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "limit.h"

static int
enter(sem_t *s)
{
	for (int tries = 0;; tries++) {
		struct timespec t;

		if (sem_trywait(s) == 0)
			return 0;
		if (errno != EAGAIN && errno != EINTR)
			return -1;
		if (tries < 20) {
			struct timespec nap = { 0, 50000 };

			nanosleep(&nap, NULL);
			continue;
		}
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += 5000000;
		if (t.tv_nsec >= 1000000000) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000;
		}
		if (sem_timedwait(s, &t) == 0)
			return 0;
		if (errno != ETIMEDOUT && errno != EINTR)
			return -1;
	}
}

static void
worker(int i, int rounds, sem_t *s, limit_section *section, void *arg)
{
	for (int r = 0; r < rounds; r++) {
		if (enter(s) == -1) {
			fprintf(stderr, "run_limited: sem_timedwait: %s\n", strerror(errno));
			_exit(1);
		}
		section(i, arg);
		if (sem_post(s) == -1) {
			fprintf(stderr, "run_limited: sem_post: %s\n", strerror(errno));
			_exit(1);
		}
	}
	_exit(0);
}

int
run_limited(int nworkers, int k, int rounds, limit_section *section, void *arg)
{
	char name[64];
	sem_t *s;
	int started, result = 0;

	if (nworkers < 1 || k < 1 || rounds < 0) {
		errno = EINVAL;
		return -1;
	}
	snprintf(name, sizeof name, "/run-limited-%ld", (long)getpid());
	s = sem_open(name, O_CREAT | O_EXCL, 0600, (unsigned)k);
	if (s == SEM_FAILED) {
		fprintf(stderr, "run_limited: sem_open: %s\n", strerror(errno));
		return -1;
	}
	if (sem_unlink(name) == -1) {
		fprintf(stderr, "run_limited: sem_unlink: %s\n", strerror(errno));
		sem_close(s);
		return -1;
	}
	fflush(stdout);
	for (started = 0; started < nworkers; started++) {
		pid_t pid = fork();

		if (pid == -1) {
			fprintf(stderr, "run_limited: fork: %s\n", strerror(errno));
			result = -1;
			break;
		}
		if (pid == 0)
			worker(started, rounds, s, section, arg);
	}
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
	sem_close(s);
	return result;
}
