/* SPDX-License-Identifier: MIT */
/*
 * counter.h: um contador compartilhado por processos, com a sua própria trava (exercício 05).
 *
 * A versão em C do  Value('d', 0.0, lock=True)  do caderno:
 *
 *	with n.get_lock():              counter_lock(c);
 *	    n.value += 1                c->value += 1;   (ou só counter_add(c, 1))
 *	                                counter_unlock(c);
 *
 * counter_create() é chamada uma vez, ANTES do fork(); todo processo criado por fork
 * depois disso usa o mesmo contador pelo mesmo ponteiro. Não altere este arquivo: os
 * testes chamam exatamente estas funções.
 */
#ifndef COUNTER_H
#define COUNTER_H

struct counter;         /* você a define em counter.c */

/* Um contador novo com o valor `initial`, em memória compartilhada com os processos
 * criados depois por fork. NULL (com errno definido) se a memória ou a trava falhar. */
struct counter *counter_create(long initial);

/* Pega / libera a trava do contador (o get_lock() do caderno). Enquanto um processo
 * a segura, counter_lock, counter_add e counter_read bloqueiam em todos os outros. */
void counter_lock(struct counter *c);
void counter_unlock(struct counter *c);

/* Soma delta (que pode ser negativo) segurando a trava; retorna o novo valor. */
long counter_add(struct counter *c, long delta);

/* O valor atual, lido segurando a trava. */
long counter_read(struct counter *c);

/* Libera o contador; chame uma vez, quando nenhum outro processo o usar mais.
 * 0, ou -1 com errno definido. */
int counter_destroy(struct counter *c);

#endif
/* original em inglês: sha256 9e2011a37e8c8ee089c886599db171687589818f73be83ace24b4cb93b0c7c00 */
