/* SPDX-License-Identifier: MIT */
/*
 * Wrong: funcao2 polls the semaphore with sem_trywait and sleeps 2 ms (nanosleep)
 * between tries. It goes on only once funcao1 has posted and keeps no CPU busy, but it
 * polls, which the task forbids: it is never blocked in sem_wait.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ordered_flags.h"

int
flags_init(struct flags *f)
{
	f->valor = 100;
	f->status = false;
	if (sem_init(&f->funcao1_done, 1, 0) == -1)
		return -1;
	return 0;
}

int
funcao1(struct flags *f)
{
	int res;

	if (f->status) {
		res = f->valor + 10;
		f->status = false;
	} else {
		res = f->valor + 20;
		f->valor = 200;
		f->status = true;
	}
	printf("O resultado da funcao1 é: %d\n", res);
	sem_post(&f->funcao1_done);
	return res;
}

int
funcao2(struct flags *f)
{
	const struct timespec pause = { 0, 2000000 };
	int res;

	while (sem_trywait(&f->funcao1_done) == -1) {
		if (errno != EAGAIN && errno != EINTR) {
			perror("sem_trywait");
			exit(1);
		}
		nanosleep(&pause, NULL);
	}
	if (f->status) {
		res = f->valor + 30;
		f->status = false;
	} else {
		res = f->valor + 40;
		f->valor = 400;
		f->status = true;
	}
	printf("O resultado da funcao2 é: %d\n", res);
	return res;
}

int
flags_destroy(struct flags *f)
{
	return sem_destroy(&f->funcao1_done);
}
