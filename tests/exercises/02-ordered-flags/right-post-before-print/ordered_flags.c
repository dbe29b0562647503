/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: funcao1 posts once valor and status are written but before it
 * prints (the printed line is not part of the shared state).
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
	sem_post(&f->funcao1_done);
	printf("O resultado da funcao1 é: %d\n", res);
	return res;
}

int
funcao2(struct flags *f)
{
	int res;
	while (sem_wait(&f->funcao1_done) == -1 && errno == EINTR)
		;
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
