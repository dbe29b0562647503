#define _GNU_SOURCE
#include "limit.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

union semun { int val; struct semid_ds *buf; unsigned short *array; };

static int op(int id, int d)
{
	struct sembuf b = { 0, (short)d, 0 };
	while (semop(id, &b, 1) == -1)
		if (errno != EINTR)
			return -1;
	return 0;
}

int run_limited(int nworkers, int k, int rounds, limit_section *section, void *arg)
{
	int id, ret = 0, n = 0;
	union semun u;

	if (nworkers < 1 || k < 1 || rounds < 0) {
		errno = EINVAL;
		return -1;
	}
	id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	if (id == -1) {
		fprintf(stderr, "run_limited: semget: %s\n", strerror(errno));
		return -1;
	}
	u.val = k;
	if (semctl(id, 0, SETVAL, u) == -1) {
		fprintf(stderr, "run_limited: semctl: %s\n", strerror(errno));
		semctl(id, 0, IPC_RMID);
		return -1;
	}
	for (int i = 0; i < nworkers; i++) {
		pid_t p = fork();
		if (p == -1) {
			fprintf(stderr, "run_limited: fork: %s\n", strerror(errno));
			ret = -1;
			break;
		}
		if (p == 0) {
			for (int r = 0; r < rounds; r++) {
				if (op(id, -1))
					_exit(1);
				section(i, arg);
				if (op(id, 1))
					_exit(1);
			}
			_exit(0);
		}
		n++;
	}
	while (n > 0) {
		int st;
		if (wait(&st) == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "run_limited: wait: %s\n", strerror(errno));
			ret = -1;
			break;
		}
		n--;
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			ret = -1;
	}
	if (semctl(id, 0, IPC_RMID) == -1) {
		fprintf(stderr, "run_limited: semctl: %s\n", strerror(errno));
		ret = -1;
	}
	return ret;
}
