/* SPDX-License-Identifier: MIT */
/*
 * bqueue.h: uma fila FIFO limitada compartilhada por processos (exercício 07).
 *
 * A versão em C do multiprocessing.Queue do caderno, com uma capacidade fixa:
 *
 *	q = Queue(maxsize=capacity)         struct bqueue *q = bq_create(capacity);
 *	q.put(msg)    (espera se cheia)     bq_put(q, msg);
 *	msg = q.get() (espera se vazia)     msg = bq_get(q);
 *
 * bq_create() é chamada uma vez, ANTES do fork(); todo processo criado por fork depois
 * disso põe e tira pelo mesmo ponteiro. As mensagens são int64_t. Não altere este
 * arquivo: os testes chamam exatamente estas funções.
 */
#ifndef BQUEUE_H
#define BQUEUE_H

#include <stddef.h>
#include <stdint.h>

#define BQ_MAX_CAPACITY	4096

struct bqueue;          /* você a define em bqueue.c */

/* Uma fila vazia para até `capacity` mensagens, em memória compartilhada com os processos
 * criados depois por fork. NULL com errno definido: EINVAL quando capacity é 0 ou maior
 * que BQ_MAX_CAPACITY, ou o erro da chamada que falhou (mmap, ...). */
struct bqueue *bq_create(size_t capacity);

/* Acrescenta msg; enquanto a fila tem `capacity` mensagens, espera um get abrir espaço. */
void bq_put(struct bqueue *q, int64_t msg);

/* Tira e retorna a mensagem mais antiga; enquanto a fila está vazia, espera um put. */
int64_t bq_get(struct bqueue *q);

/* Libera a fila, quando nenhum processo a usar mais. 0, ou -1 com errno definido. */
int bq_destroy(struct bqueue *q);

#endif
/* original em inglês: sha256 0d594fd6588d17c72e6a56364290d33457c2a2c2f6dd19834d4d32dcafe367a3 */
