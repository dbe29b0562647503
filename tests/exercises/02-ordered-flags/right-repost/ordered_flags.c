/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: funcao1 flushes stdout before posting; funcao2 posts the
 * semaphore again after its sem_wait, leaving it at 1 ("done") for anyone else.
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
	int r = sem_init(&f->funcao1_done, 1, 0);
	if (r != 0)
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
	fflush(stdout);
	sem_post(&f->funcao1_done);
	return res;
}

int
funcao2(struct flags *f)
{
	int res;
	if (sem_wait(&f->funcao1_done) != 0)
		return -1;
	sem_post(&f->funcao1_done);   /* leave it "done" for anyone else */
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
	if (sem_destroy(&f->funcao1_done) != 0)
		return -1;
	return 0;
}
