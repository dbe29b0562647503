/* SPDX-License-Identifier: MIT */
/*
 * Right, another route: funcao2 waits with sem_timedwait, 100 ms at a time, and tries
 * again when the time runs out (or a signal interrupts it) until funcao1 has posted.
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
	return sem_init(&f->funcao1_done, 1, 0);
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
	if (sem_post(&f->funcao1_done) != 0) {
		perror("sem_post");
		abort();
	}
	return res;
}

/* Wait for funcao1's post, waking up every 100 ms. */
static void
wait_for_funcao1(sem_t *s)
{
	for (;;) {
		struct timespec deadline;

		clock_gettime(CLOCK_REALTIME, &deadline);
		deadline.tv_nsec += 100000000L;
		if (deadline.tv_nsec >= 1000000000L) {
			deadline.tv_sec++;
			deadline.tv_nsec -= 1000000000L;
		}
		if (sem_timedwait(s, &deadline) == 0)
			return;
		if (errno != ETIMEDOUT && errno != EINTR) {
			perror("sem_timedwait");
			abort();
		}
	}
}

int
funcao2(struct flags *f)
{
	int res;

	wait_for_funcao1(&f->funcao1_done);
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
