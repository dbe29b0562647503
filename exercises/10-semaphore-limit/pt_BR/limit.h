/* SPDX-License-Identifier: MIT */
/*
 * limit.h: no máximo K de N processos trabalhadores numa seção ao mesmo tempo (exercício 10).
 *
 * A versão em C do  multiprocessing.Semaphore(k)  do caderno:
 *
 *	sem = Semaphore(k)              um semáforo em memória compartilhada, valor inicial k
 *	with sem:                       sem_wait(sem);
 *	    secao_critica()                 section(worker, arg);
 *	                                sem_post(sem);
 *
 * Não altere este arquivo: os testes chamam exatamente esta função.
 */
#ifndef LIMIT_H
#define LIMIT_H

/* O que cada trabalhador executa, dado por quem chama (os testes): worker é 0..nworkers-1. */
typedef void limit_section(int worker, void *arg);

/*
 * Inicia nworkers processos filhos. O trabalhador i chama section(i, arg) `rounds` vezes,
 * e nunca mais de k trabalhadores podem estar dentro de section() no mesmo instante.
 * Cada trabalhador termina com status de saída 0 quando acaba. run_limited espera por
 * todos eles e retorna 0; -1 quando um trabalhador ou uma chamada falhou (depois de
 * imprimir "run_limited: CALL: reason" em stderr). Com nworkers < 1, k < 1 ou rounds < 0
 * não inicia nada e retorna -1 com errno EINVAL.
 */
int run_limited(int nworkers, int k, int rounds, limit_section *section, void *arg);

#endif
/* original em inglês: sha256 b169c6b7279a07604e3068aa9eaed1efd1c05c9be574e0be386b7d29cff6c972 */
