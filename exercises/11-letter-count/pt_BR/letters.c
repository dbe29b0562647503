/* SPDX-License-Identifier: MIT */
/*
 * letters.c: contar as letras de muitos arquivos com vários processos (exercício 11).
 *
 * Escreva count_letters() de letters.h. Leia README.md primeiro: ele tem as regras
 * (onde chamar lab_think()) e dicas. Confira com:  proclab check 11
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab.h"
#include "letters.h"

int
count_letters(const char *const paths[], int npaths, int nprocs, long counts[LETTERS])
{
	/* TODO: verifique os argumentos (EINVAL).
	 * TODO: uma tabela de totais (e a sua trava) em memória compartilhada, antes do fork().
	 * TODO: crie nprocs filhos com fork; o filho c conta os arquivos c, c + nprocs, ... numa
	 *       tabela só sua (leia cada arquivo até read() retornar 0), depois a soma aos
	 *       totais: leia um total, lab_think(), escreva o novo total.
	 * TODO: o pai espera cada filho, depois copia os totais para counts. */
	(void)paths; (void)npaths; (void)nprocs; (void)counts;
	fprintf(stderr, "count_letters: not written yet: see TODO in letters.c\n");
	errno = ENOSYS;
	return -1;
}
/* original em inglês: sha256 71aaa10c969cf08d65d85a48d25e9d79d267caa42a99740f1e0269cb4d834a91 */
