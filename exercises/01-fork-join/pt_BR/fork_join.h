/* SPDX-License-Identifier: MIT */
/*
 * fork_join.h: exercício 01, fork e join. Não altere este arquivo: os testes chamam
 * run_workers exatamente como está declarada aqui.
 */
#ifndef FORK_JOIN_H
#define FORK_JOIN_H

/*
 * Inicia N trabalhadores, um processo para cada: o trabalhador i executa fn(args[i]) no
 * seu próprio processo filho e termina com status de saída fn(args[i]) & 0xff. Inicie todos
 * primeiro, depois espere por cada um. Guarde o resultado do trabalhador i em statuses[i]:
 *   - o seu status de saída (0..255), quando ele terminou normalmente;
 *   - menos o número do sinal (por exemplo, -15 para SIGTERM), quando um sinal o matou.
 * Retorna 0 quando todos os trabalhadores foram iniciados e esperados; -1 quando uma
 * chamada de sistema falhou (errno diz por quê; os já iniciados ainda são esperados).
 */
int run_workers(int n, int (*fn)(int), const int *args, int *statuses);

#endif
/* original em inglês: sha256 0c70ef51221d5eb7c851b87d2492751bf2c58e6fccc2481f60786000f658c350 */
