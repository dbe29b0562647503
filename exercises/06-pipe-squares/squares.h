/* SPDX-License-Identifier: MIT */
/*
 * squares.h: a worker that squares a list of numbers sent through a pipe (exercise 06).
 *
 * The C version of notebook 004's Pipe example:
 *
 *	def funcao(con):                      int squares_serve(int fd)
 *	    lista = con.recv()                  read the request from fd
 *	    con.send([n*n for n in lista])      write the answer to fd
 *
 * fd is one end of a duplex connection (socketpair(AF_UNIX, SOCK_STREAM), like
 * Pipe()): the worker reads from it and writes to it. The parent holds the other end.
 *
 * Framing (how a list travels as bytes; every number is an int64_t in the machine's
 * byte order, 8 bytes):
 *	request:  n, then x[0], x[1], ..., x[n-1]        0 <= n <= SQUARES_MAX
 *	answer:   n, then x[0]*x[0], ..., x[n-1]*x[n-1]
 * Every x satisfies |x| <= SQUARES_XMAX, so every square fits in an int64_t.
 * The parent writes the WHOLE request before it reads any of the answer.
 *
 * Do not change this file: the tests call exactly this function.
 */
#ifndef SQUARES_H
#define SQUARES_H

#include <stdint.h>

#define SQUARES_MAX	1000000                 /* numbers in one request, at most */
#define SQUARES_XMAX	INT64_C(3037000499)     /* floor(sqrt(INT64_MAX)) */

/*
 * Serves one request on fd: reads it all, writes the answer, returns 0.
 * Returns -1, after one line on stderr saying what was wrong, and writes no answer when
 * the request is bad (n < 0 or n > SQUARES_MAX; the connection ends before the whole
 * request arrived) or a system call fails ("squares: read: Connection reset by peer").
 * Does not close fd.
 */
int squares_serve(int fd);

#endif
