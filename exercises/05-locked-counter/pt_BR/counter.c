/* SPDX-License-Identifier: MIT */
/*
 * counter.c: exercício 05, um contador compartilhado por processos, com a sua própria trava.
 * Leia README.md primeiro; confira seu trabalho com:  proclab check 5
 */
#define _GNU_SOURCE     /* MAP_ANONYMOUS */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "counter.h"

struct counter {
	/* TODO: o valor e a sua trava. Onde esta struct tem de ficar para que
	 * os processos criados depois por fork a compartilhem? */
	long	value;
};

struct counter *
counter_create(long initial)
{
	/* TODO: mapeie memória compartilhada para o contador, prepare uma trava que
	 * funcione entre processos, guarde `initial`. */
	(void)initial;
	errno = ENOSYS;         /* "ainda não escrita": remova ao terminar */
	return NULL;
}

void
counter_lock(struct counter *c)
{
	/* TODO */
	(void)c;
}

void
counter_unlock(struct counter *c)
{
	/* TODO */
	(void)c;
}

long
counter_add(struct counter *c, long delta)
{
	/* TODO: some delta segurando a trava, retorne o novo valor. */
	(void)c;
	(void)delta;
	return 0;
}

long
counter_read(struct counter *c)
{
	/* TODO: leia o valor segurando a trava. */
	(void)c;
	return 0;
}

int
counter_destroy(struct counter *c)
{
	/* TODO: desfaça o que counter_create fez. */
	(void)c;
	return 0;
}
/* original em inglês: sha256 de1273af19a89496322d8fbd0816e59e56393dd089803f73c680ebbe3ac282f4 */
