/* SPDX-License-Identifier: MIT */
/*
 * ordered_flags.c: exercise 02, reference solution.
 *
 * In the notebook (000, In [5]) the order of funcao1 and funcao2 depends on which
 * process the scheduler runs first. A semaphore that starts at 0 fixes it: funcao2
 * waits on it (sem_wait blocks while it is 0), funcao1 posts it when it has finished.
 * The semaphore lives in the shared struct and is process-shared (sem_init's 1).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>

#include "ordered_flags.h"

int
flags_init(struct flags *f)
{
	f->valor = 100;
	f->status = false;
	return sem_init(&f->funcao1_done, 1, 0);    /* shared between processes, "not yet" */
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
	/* Only now may funcao2 go on: valor and status are written. */
	if (sem_post(&f->funcao1_done) == -1) {
		perror("funcao1: sem_post");
		exit(1);
	}
	return res;
}

int
funcao2(struct flags *f)
{
	int res;

	while (sem_wait(&f->funcao1_done) == -1)
		if (errno != EINTR) {
			perror("funcao2: sem_wait");
			exit(1);
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
