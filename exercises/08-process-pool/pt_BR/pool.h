/* SPDX-License-Identifier: MIT */
/*
 * pool.h: um pool de processos trabalhadores que aplica uma função a um vetor (exercício 08).
 *
 * A versão em C do Pool do caderno 001:
 *
 *	with Pool(4) as pool:                   int64_t out[4]; unsigned char failed[4];
 *	    res = pool.map(quadrado, [1,2,3,4]) pool_map(quadrado, in, out, 4, 4, failed);
 *
 * Não altere este arquivo: os testes chamam exatamente esta função.
 */
#ifndef POOL_H
#define POOL_H

#include <stddef.h>
#include <stdint.h>

#define POOL_MAX_WORKERS 16

typedef int64_t (*pool_fn)(int64_t);

/*
 * Faz out[i] = fn(in[i]) para todo i em 0..n-1, calculado em processos trabalhadores:
 * inicia exatamente min(workers, n) trabalhadores com fork() (nenhum quando n é 0), cada
 * um chama fn para muitas tarefas, e quem chama pool_map nunca chama fn. Todo trabalhador
 * é recolhido antes de pool_map retornar.
 *
 * Retorna 0 quando toda tarefa tem o seu resultado: out[i] definido, failed[i] = 0 para
 * todo i. Retorna -1 quando alguma tarefa ficou sem resultado: um trabalhador morreu (fn o
 * derrubou, por exemplo com SIGSEGV) ou não pôde ser iniciado. Então failed[i] = 1 para
 * toda tarefa sem resultado e failed[i] = 0 (e out[i] definido) para toda tarefa que tem
 * um; as tarefas dos trabalhadores que não morreram precisam ter os seus resultados.
 * pool_map nunca espera para sempre por um trabalhador que morreu.
 * Argumentos inválidos (workers < 1 ou > POOL_MAX_WORKERS): -1 com errno EINVAL, todo
 * failed[i] = 1, nenhum processo iniciado. Quando fork falha, errno é o erro do fork.
 */
int pool_map(pool_fn fn, const int64_t *in, int64_t *out, size_t n, int workers,
    unsigned char *failed);

#endif
/* original em inglês: sha256 9b23242edc66d4e52fc6ad5bf228a73c62ae40ddd5d6d9853968ca41a0503816 */
