/* SPDX-License-Identifier: MIT */
/*
 * ordered_flags.c: exercise 02, ordered flags (see ordered_flags.h and README.md).
 * Check your work with:  proclab check 2
 */
#define _GNU_SOURCE
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>

#include "ordered_flags.h"

int
flags_init(struct flags *f)
{
	f->valor = 100;
	f->status = false;
	/*
	 * TODO 1: set up f->funcao1_done with sem_init so that it works between
	 *         processes and starts "not done yet". Return 0, or -1 on failure.
	 */
	errno = ENOSYS;         /* "not written yet": remove this when you write the function */
	return -1;
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
	/* TODO 2: tell funcao2 that funcao1 has finished. */
	return res;
}

int
funcao2(struct flags *f)
{
	int res;

	/* TODO 3: wait here until funcao1 has finished. */
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
	/* TODO 4: destroy the semaphore. */
	(void)f;
	return 0;
}
