/* SPDX-License-Identifier: MIT */
/*
 * ordered_flags.c: exercício 02, flags em ordem (veja ordered_flags.h e README.md).
 * Confira seu trabalho com:  proclab check 2
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
	 * TODO 1: prepare f->funcao1_done com sem_init para que funcione entre processos
	 *         e comece em "ainda não terminou". Retorne 0, ou -1 em caso de falha.
	 */
	errno = ENOSYS;         /* "ainda não escrita": remova isto quando escrever a função */
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
	/* TODO 2: avise funcao2 de que funcao1 terminou. */
	return res;
}

int
funcao2(struct flags *f)
{
	int res;

	/* TODO 3: espere aqui até funcao1 ter terminado. */
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
	/* TODO 4: destrua o semáforo. */
	(void)f;
	return 0;
}
/* original em inglês: sha256 6f6f8ca431fa0902d089ecdaf95d2f07f53242f77fb2c5c68eea8287b3352277 */
