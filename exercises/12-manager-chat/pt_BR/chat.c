/* SPDX-License-Identifier: MIT */
/*
 * chat.c: dois processos conversam por meio de um gerenciador dono das filas (exercício 12).
 *
 * Escreva as funções de chat.h. Leia README.md primeiro: ele tem o protocolo (que os
 * testes também falam), as regras e dicas. Confira com:  proclab check 12
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chat.h"

static int
not_written(const char *what)
{
	fprintf(stderr, "%s: not written yet: see TODO in chat.c\n", what);
	errno = ENOSYS;
	return -1;
}

int
manager_start(const char *key, unsigned short *port, pid_t *pid)
{
	/* TODO: socket, bind em 127.0.0.1, porta 0, listen, getsockname (a porta);
	 * as duas filas; crie o gerenciador com fork: ele aceita conexões e atende cada uma
	 * (um processo por conexão, ou poll()); verifica a chave primeiro. */
	(void)key; (void)port; (void)pid;
	return not_written("manager_start");
}

int
manager_stop(pid_t pid)
{
	/* TODO: termine o gerenciador (e os seus ajudantes), recolha-o. */
	(void)pid;
	return not_written("manager_stop");
}

int
manager_connect(unsigned short port, const char *key)
{
	/* TODO: socket, connect em 127.0.0.1:port, envie "KEY <key>\n", espere "OK\n". */
	(void)port; (void)key;
	return not_written("manager_connect");
}

int
queue_put(int conn, int queue, const char *msg)
{
	/* TODO: envie "PUT <queue> <msg>\n", espere "OK\n". */
	(void)conn; (void)queue; (void)msg;
	return not_written("queue_put");
}

int
queue_get(int conn, int queue, char *buf, size_t size)
{
	/* TODO: envie "GET <queue>\n", espere "MSG <text>\n" (leia até o '\n'). */
	(void)conn; (void)queue; (void)buf; (void)size;
	return not_written("queue_get");
}

int
chat(unsigned short port, const char *key, int side, const char *const mine[], int n,
    char theirs[][CHAT_MSG_MAX])
{
	/* TODO: conecte; side 0: ponha mine[i] na fila 0, tire theirs[i] da fila 1;
	 * side 1: tire theirs[i] da fila 0, ponha mine[i] na fila 1; feche. */
	(void)port; (void)key; (void)side; (void)mine; (void)n; (void)theirs;
	return not_written("chat");
}
/* original em inglês: sha256 8af3799bdc97ba6a02f2a332e7c4f329a97201594ba24ef610fc7bf36eb80e5b */
