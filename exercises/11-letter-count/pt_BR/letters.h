/* SPDX-License-Identifier: MIT */
/*
 * letters.h: contar as letras de muitos arquivos com vários processos (exercício 11).
 *
 * A versão em C do count_letters do caderno 003, em que cada trabalhador conta
 * alguns dos arquivos e as tabelas são juntadas numa só:
 *
 *	frequency_table = {'a': 0, ...}         long counts[LETTERS];   counts[0] é 'a'
 *	for item in content:                    para cada byte c lido:
 *	    if item.lower() in table:               se c é letra: counts[lower(c) - 'a']++
 *	        table[item.lower()] += 1
 *
 * Não altere este arquivo: os testes chamam exatamente esta função.
 */
#ifndef LETTERS_H
#define LETTERS_H

#define LETTERS 26

/*
 * Conta as letras a..z, maiúsculas e minúsculas juntas, nos npaths arquivos
 * nomeados em paths, com nprocs processos filhos: cada arquivo é contado por exatamente
 * um filho, e o pai só junta as tabelas dos filhos. No retorno, counts[i] tem
 * quantas vezes 'a' + i (ou 'A' + i) aparece em todos os arquivos.
 * Outros bytes (dígitos, pontuação, letras acentuadas como 'ç') não são contados.
 * Retorna 0; -1 quando um arquivo não pode ser aberto ou lido ou uma chamada falha
 * (depois de imprimir "count_letters: CALL PATH: reason" em stderr e de esperar por
 * todos os filhos); -1 com errno EINVAL, sem iniciar nada, quando npaths < 0 ou nprocs < 1.
 */
int count_letters(const char *const paths[], int npaths, int nprocs, long counts[LETTERS]);

#endif
/* original em inglês: sha256 c09de237200a49ba63d510ac4525b41a2110eb36b114fa9017325481c760ee78 */
