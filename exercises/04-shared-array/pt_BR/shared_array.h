/* SPDX-License-Identifier: MIT */
/*
 * shared_array.h: exercício 04, vetor compartilhado. Não altere este arquivo: os testes
 * usam a struct e chamam as funções exatamente como estão declaradas aqui.
 */
#ifndef SHARED_ARRAY_H
#define SHARED_ARRAY_H

#include <pthread.h>

#define ARRAY_MAX 32

/*
 * Um vetor de ints compartilhado por vários processos (o Array('i', ...) do caderno), com
 * uma trava por elemento. Você pode usar as travas uma por elemento (locks[i] protege
 * items[i]) ou só locks[0] para o vetor inteiro. Os testes põem a struct em memória
 * compartilhada.
 */
struct shared_array {
	int		n;                      /* items[0..n-1] estão em uso */
	int		items[ARRAY_MAX];
	pthread_mutex_t	locks[ARRAY_MAX];
};

/*
 * Copia values[0..n-1] para o vetor (1 <= n <= ARRAY_MAX) e inicializa locks[0..n-1]
 * como mutexes compartilhados entre processos (todos os n, mesmo que você use só locks[0]).
 * Retorna 0, ou um número de erro (EINVAL para um n inválido, ou o de uma chamada pthread).
 */
int array_init(struct shared_array *a, const int *values, int n);

/*
 * Soma AMOUNT (que pode ser negativo) a cada elemento, como o increase_item_val do
 * caderno: para cada elemento, lê o valor, chama lab_think() e o escreve de volta.
 * Vários processos a chamam ao mesmo tempo no mesmo vetor: nenhuma atualização pode
 * se perder.
 */
void array_add(struct shared_array *a, int amount);

/* Destrói as n travas. Retorna 0 ou um número de erro. */
int array_destroy(struct shared_array *a);

#endif
/* original em inglês: sha256 173a6e6ceba63d44b63267b4e97a0251911931e7028bd5f470b7b298f4a74080 */
