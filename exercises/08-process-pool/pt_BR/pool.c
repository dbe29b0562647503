/* SPDX-License-Identifier: MIT */
/*
 * pool.c: exercício 08, um pool de processos trabalhadores.
 * Leia README.md primeiro; confira seu trabalho com:  proclab check 8
 */
#define _GNU_SOURCE     /* MAP_ANONYMOUS */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pool.h"

int
pool_map(pool_fn fn, const int64_t *in, int64_t *out, size_t n, int workers,
    unsigned char *failed)
{
	/* TODO: verifique workers; crie memória compartilhada para os resultados; crie com
	 * fork min(workers, n) trabalhadores, cada um calcula a sua parte das tarefas e
	 * faz _exit; espere cada trabalhador; copie os resultados para out e marque em
	 * failed as tarefas que ficaram sem resultado. */
	(void)fn;
	(void)in;
	(void)out;
	for (size_t i = 0; i < n; i++)
		failed[i] = 1;
	(void)workers;
	fprintf(stderr, "pool_map: not written yet: see TODO in pool.c\n");
	errno = ENOSYS;
	return -1;
}
/* original em inglês: sha256 0e96e3db646526b9f45aa65f22fa2f7b4686c6ff3a36d786f27bd2ad4205e0fb */
