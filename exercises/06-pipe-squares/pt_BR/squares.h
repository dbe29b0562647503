/* SPDX-License-Identifier: MIT */
/*
 * squares.h: um trabalhador que eleva ao quadrado uma lista enviada por um pipe (exercício 06).
 *
 * A versão em C do exemplo de Pipe do caderno 004:
 *
 *	def funcao(con):                      int squares_serve(int fd)
 *	    lista = con.recv()                  lê o pedido de fd
 *	    con.send([n*n for n in lista])      escreve a resposta em fd
 *
 * fd é uma ponta de uma conexão duplex (socketpair(AF_UNIX, SOCK_STREAM), como o
 * Pipe()): o trabalhador lê dela e escreve nela. O pai tem a outra ponta.
 *
 * Enquadramento (como uma lista viaja em bytes; cada número é um int64_t na ordem de
 * bytes da máquina, 8 bytes):
 *	pedido:   n, depois x[0], x[1], ..., x[n-1]      0 <= n <= SQUARES_MAX
 *	resposta: n, depois x[0]*x[0], ..., x[n-1]*x[n-1]
 * Todo x satisfaz |x| <= SQUARES_XMAX, então todo quadrado cabe num int64_t.
 * O pai escreve o pedido INTEIRO antes de ler qualquer parte da resposta.
 *
 * Não altere este arquivo: os testes chamam exatamente esta função.
 */
#ifndef SQUARES_H
#define SQUARES_H

#include <stdint.h>

#define SQUARES_MAX	1000000                 /* números num pedido, no máximo */
#define SQUARES_XMAX	INT64_C(3037000499)     /* floor(sqrt(INT64_MAX)) */

/*
 * Atende um pedido em fd: lê o pedido inteiro, escreve a resposta, retorna 0.
 * Retorna -1, depois de uma linha em stderr dizendo o que estava errado, e não escreve
 * resposta quando o pedido é inválido (n < 0 ou n > SQUARES_MAX; a conexão termina antes
 * do fim do pedido) ou uma chamada de sistema falha ("squares: read: Connection reset by peer").
 * Não fecha fd.
 */
int squares_serve(int fd);

#endif
/* original em inglês: sha256 a430f7251195bf6b7873b9961dc08de11dedfff33991bd863446ebcc98f45bda */
