/* SPDX-License-Identifier: MIT */
/*
 * bank.h: exercício 03, saldo bancário. Não altere este arquivo: os testes usam a
 * conta e chamam as funções exatamente como estão declaradas aqui.
 */
#ifndef BANK_H
#define BANK_H

#include <pthread.h>

/*
 * Uma conta bancária. Os testes a põem em memória compartilhada por todos os processos
 * (como o Value('i', 100) do caderno) e eles mesmos iniciam os depositantes e os sacadores.
 */
struct account {
	long		balance;
	pthread_mutex_t	lock;   /* a trava que todo processo usa para esta conta */
};

/*
 * Prepara *a: saldo BALANCE e uma trava que funciona entre processos.
 * Retorna 0, ou um número de erro (como as funções pthread) se algo falhou.
 */
int account_init(struct account *a, long balance);

/*
 * Soma AMOUNT ao saldo (deposit) ou o subtrai (withdraw), como o caderno: lê o
 * saldo numa variável local, altera-a, chama lab_think() (o "cálculo pesado") e
 * depois a escreve de volta. Vários processos as chamam ao mesmo tempo na mesma
 * conta: nenhuma atualização pode se perder.
 */
void deposit(struct account *a, long amount);
void withdraw(struct account *a, long amount);

/* Libera o que account_init preparou. Retorna 0 ou um número de erro. */
int account_destroy(struct account *a);

#endif
/* original em inglês: sha256 e862ee13448a6be918191b5a27c348a44f71e1ed25ce4e64ab4121e2d7a24291 */
