/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: funcao2 waits with sem_clockwait (CLOCK_MONOTONIC), 100 ms at a
 * time, and tries again on ETIMEDOUT or EINTR.
 * (Written from the task README alone by a blind tester.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
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
	if (sem_post(&f->funcao1_done) == -1)
		perror("sem_post");
	return res;
}

int
funcao2(struct flags *f)
{
	int res;
	for (;;) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += 100000000;
		if (ts.tv_nsec >= 1000000000) { ts.tv_sec++; ts.tv_nsec -= 1000000000; }
		if (sem_clockwait(&f->funcao1_done, CLOCK_MONOTONIC, &ts) == 0)
			break;
		if (errno != ETIMEDOUT && errno != EINTR) { perror("sem_clockwait"); return -1; }
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
