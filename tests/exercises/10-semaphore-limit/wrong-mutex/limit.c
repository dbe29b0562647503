/* SPDX-License-Identifier: MIT */
/*
 * wrong-mutex: a process-shared mutex around the section instead of a semaphore
 * with value k: safe, but only ONE worker is ever inside, whatever k is.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "limit.h"

int
run_limited(int nworkers, int k, int rounds, limit_section *section, void *arg)
{
	pthread_mutex_t *m;
	pthread_mutexattr_t a;
	int result = 0;

	if (nworkers < 1 || k < 1 || rounds < 0) {
		errno = EINVAL;
		return -1;
	}
	m = mmap(NULL, sizeof *m, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		perror("run_limited: mmap");
		return -1;
	}
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
	fflush(stdout);
	for (int i = 0; i < nworkers; i++) {
		pid_t pid = fork();

		if (pid == -1) {
			perror("run_limited: fork");
			return -1;
		}
		if (pid == 0) {
			for (int r = 0; r < rounds; r++) {
				pthread_mutex_lock(m);
				section(i, arg);
				pthread_mutex_unlock(m);
			}
			_exit(0);
		}
	}
	for (int i = 0; i < nworkers; i++) {
		int status;

		if (wait(&status) == -1) {
			perror("run_limited: wait");
			return -1;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			result = -1;
	}
	pthread_mutex_destroy(m);
	munmap(m, sizeof *m);
	return result;
}
