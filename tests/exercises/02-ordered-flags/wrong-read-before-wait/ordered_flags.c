/* SPDX-License-Identifier: MIT */
/*
 * Wrong: funcao2 reads valor and status before its sem_wait, and computes from those
 * stale values afterwards (funcao1 posts at its end, as it should).
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

int flags_init(struct flags *f) { f->valor = 100; f->status = false; return sem_init(&f->funcao1_done, 1, 0); }
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
	bool st = f->status;
	int v = f->valor;
	sem_wait(&f->funcao1_done);
	if (st) { res = v + 30; f->status = false; }
	else { res = v + 40; f->valor = 400; f->status = true; }
	printf("O resultado da funcao2 é: %d\n", res);
	return res;
}
int flags_destroy(struct flags *f) { return sem_destroy(&f->funcao1_done); }
