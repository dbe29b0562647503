/* SPDX-License-Identifier: MIT */
/*
 * bank.c: exercício 03, saldo bancário. Corrija a condição de corrida (veja bank.h e
 * README.md). Confira seu trabalho com:  proclab check 3
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>

#include "lab.h"
#include "bank.h"

int
account_init(struct account *a, long balance)
{
	a->balance = balance;
	/*
	 * TODO 1: inicialize a->lock para que funcione entre processos:
	 *         um pthread_mutexattr_t com PTHREAD_PROCESS_SHARED.
	 *         Retorne 0 quando der certo, senão o número do erro.
	 */
	return ENOSYS;          /* "ainda não escrita": remova isto quando escrever a função */
}

void
deposit(struct account *a, long amount)
{
	/* TODO 2: esta é a condição de corrida do caderno: dois processos podem ler o mesmo
	 *         saldo, e uma atualização se perde. Proteja os três passos com a->lock. */
	long local_copy = a->balance;   /* ler */
	local_copy += amount;           /* alterar */
	lab_think();                    /* cálculo pesado */
	a->balance = local_copy;        /* escrever */
}

void
withdraw(struct account *a, long amount)
{
	/* TODO 3: o mesmo que em deposit. */
	long local_copy = a->balance;
	local_copy -= amount;
	lab_think();
	a->balance = local_copy;
}

int
account_destroy(struct account *a)
{
	/* TODO 4: destrua a trava. */
	(void)a;
	return 0;
}
/* original em inglês: sha256 185a6463df4d812bc74b49f935e05886f2741f712ed8df90848a9d69a217d8a5 */
