/* SPDX-License-Identifier: MIT */
/*
 * barrier.h: uma barreira reutilizável para processos (exercício 09).
 *
 * A versão em C do  multiprocessing.Barrier(n)  do caderno:
 *
 *	barreira = Barrier(n)           struct barrier *b = barrier_create(n);
 *	self.barreira.wait()            barrier_wait(b);
 *
 * barrier_create() é chamada uma vez, ANTES do fork(); todo processo criado por fork
 * depois disso usa a mesma barreira pelo mesmo ponteiro. A mesma barreira é usada
 * rodada após rodada: ela precisa funcionar de novo assim que abriu.
 * Não altere este arquivo: os testes chamam exatamente estas funções.
 */
#ifndef BARRIER_H
#define BARRIER_H

struct barrier;         /* você a define em barrier.c */

/* Uma barreira nova para n processos (n >= 1), em memória compartilhada com os processos
 * criados depois por fork. NULL, com errno definido, quando n < 1 (EINVAL) ou quando a
 * memória ou os objetos de sincronização não puderam ser preparados. */
struct barrier *barrier_create(int n);

/* Bloqueia até n processos terem chamado barrier_wait() nesta rodada; então todos os n
 * retornam e a próxima rodada começa. 0, ou -1 quando uma chamada falhou (depois de
 * imprimir "barrier_wait: CALL: reason" em stderr). */
int barrier_wait(struct barrier *b);

/* Libera a barreira; chamada uma vez, quando nenhum outro processo a usar mais.
 * 0, ou -1 com errno definido. */
int barrier_destroy(struct barrier *b);

#endif
/* original em inglês: sha256 c684b623edd87a9680e41fe139086bfde43f12264caedd0bdb210e1833f3759d */
