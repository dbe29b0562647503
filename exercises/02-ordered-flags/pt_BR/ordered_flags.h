/* SPDX-License-Identifier: MIT */
/*
 * ordered_flags.h: exercício 02, flags em ordem. Não altere este arquivo: os testes
 * usam a struct e chamam as funções exatamente como estão declaradas aqui.
 */
#ifndef ORDERED_FLAGS_H
#define ORDERED_FLAGS_H

#include <semaphore.h>
#include <stdbool.h>

/*
 * O estado que os dois processos compartilham (o Value("i", 100) e o
 * Value(ctypes.c_bool, False) do caderno). Os testes o põem em memória compartilhada.
 */
struct flags {
	int	valor;
	bool	status;
	sem_t	funcao1_done;   /* como funcao2 fica sabendo que funcao1 terminou */
};

/*
 * valor = 100, status = false, e prepara funcao1_done para uso entre processos.
 * Retorna 0, ou -1 com errno definido se uma chamada falhou.
 */
int flags_init(struct flags *f);

/*
 * As funções funcao1 e funcao2 do caderno (caderno 000, In [5]) sobre o estado
 * compartilhado: cada uma calcula o seu resultado, imprime "O resultado da funcaoN é: RES"
 * e retorna RES. Os testes as executam em dois processos iniciados em qualquer ordem;
 * funcao1 sempre tem de ir primeiro, então os resultados são sempre 120 e depois 230.
 */
int funcao1(struct flags *f);
int funcao2(struct flags *f);

/* Libera o que flags_init preparou. Retorna 0, ou -1 com errno definido. */
int flags_destroy(struct flags *f);

#endif
/* original em inglês: sha256 26d51dda9dc3f46aa388654db1cad972f5ebfe5f41c63749a1de41b6464d6dc2 */
