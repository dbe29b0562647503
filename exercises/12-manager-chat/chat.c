/* SPDX-License-Identifier: MIT */
/*
 * chat.c: two processes chat through a manager that holds their queues (exercise 12).
 *
 * Write the functions of chat.h. Read README.md first: it has the wire protocol
 * (which the tests speak too), the rules and hints. Check with:  proclab check 12
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
	/* TODO: socket, bind to 127.0.0.1 port 0, listen, getsockname (the port);
	 * the two queues; fork the manager: it accepts connections and serves each
	 * one (a process per connection, or poll()); checks the key first. */
	(void)key; (void)port; (void)pid;
	return not_written("manager_start");
}

int
manager_stop(pid_t pid)
{
	/* TODO: end the manager (and its helpers), reap it. */
	(void)pid;
	return not_written("manager_stop");
}

int
manager_connect(unsigned short port, const char *key)
{
	/* TODO: socket, connect to 127.0.0.1:port, send "KEY <key>\n", expect "OK\n". */
	(void)port; (void)key;
	return not_written("manager_connect");
}

int
queue_put(int conn, int queue, const char *msg)
{
	/* TODO: send "PUT <queue> <msg>\n", expect "OK\n". */
	(void)conn; (void)queue; (void)msg;
	return not_written("queue_put");
}

int
queue_get(int conn, int queue, char *buf, size_t size)
{
	/* TODO: send "GET <queue>\n", expect "MSG <text>\n" (read until the '\n'). */
	(void)conn; (void)queue; (void)buf; (void)size;
	return not_written("queue_get");
}

int
chat(unsigned short port, const char *key, int side, const char *const mine[], int n,
    char theirs[][CHAT_MSG_MAX])
{
	/* TODO: connect; side 0: put mine[i] into queue 0, get theirs[i] from queue 1;
	 * side 1: get theirs[i] from queue 0, put mine[i] into queue 1; close. */
	(void)port; (void)key; (void)side; (void)mine; (void)n; (void)theirs;
	return not_written("chat");
}
