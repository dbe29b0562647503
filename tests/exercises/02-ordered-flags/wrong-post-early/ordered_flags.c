/* SPDX-License-Identifier: MIT */
/*
 * Wrong: funcao1 posts the semaphore first, before it has written valor and status, so
 * funcao2 (which does wait) goes on too early.
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
	return sem_init(&f->funcao1_done, 1, 0);
}

int
funcao1(struct flags *f)
{
	int res;
	sem_post(&f->funcao1_done);
	if (f->status) {
		res = f->valor + 10;
		f->status = false;
	} else {
		res = f->valor + 20;
		f->valor = 200;
		f->status = true;
	}
	printf("O resultado da funcao1 é: %d\n", res);
	return res;
}

int
funcao2(struct flags *f)
{
	int res;
	sem_wait(&f->funcao1_done);
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
