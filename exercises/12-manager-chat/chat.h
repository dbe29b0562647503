/* SPDX-License-Identifier: MIT */
/*
 * chat.h: two processes chat through a manager that holds their queues (exercise 12).
 *
 * The C version of notebook 004's BaseManager exercise: a server process owns two
 * queues and listens on TCP; clients connect with an authentication key and put
 * messages into a queue or get them out of it.
 *
 *	m = QueueManager(address=('', 0), authkey=b'abc')   manager_start("abc", &port, &pid)
 *	m.get_server().serve_forever()                       (runs in the child manager_start forks)
 *	m = QueueManager(address=('127.0.0.1', port), authkey=b'abc'); m.connect()
 *	                                                     fd = manager_connect(port, "abc")
 *	queue.put('hello')                                   queue_put(fd, 0, "hello")
 *	msg = queue.get()                                    queue_get(fd, 0, buf, sizeof buf)
 *
 * The wire protocol (README.md) is fixed: the tests also speak it themselves.
 * Do not change this file: the tests call exactly these functions.
 */
#ifndef CHAT_H
#define CHAT_H

#include <stddef.h>
#include <sys/types.h>

#define CHAT_MSG_MAX 256        /* a message: at most 255 bytes, no '\n', plus the '\0' */

/* Starts the manager in a child process listening on 127.0.0.1, on a port the kernel
 * chooses; returns once it accepts connections, with *port (host byte order) and
 * *pid set. Only clients that send `key` first are served. 0, or -1 on failure. */
int manager_start(const char *key, unsigned short *port, pid_t *pid);

/* Stops the manager started as pid (and whatever processes it started) and reaps it.
 * 0, or -1 on failure. */
int manager_stop(pid_t pid);

/* Connects to the manager on 127.0.0.1:port and authenticates with key. A connected
 * socket; -1 with errno EACCES when the manager refused the key; -1 with errno set
 * on any other failure. */
int manager_connect(unsigned short port, const char *key);

/* Puts msg (at most CHAT_MSG_MAX - 1 bytes, no '\n') at the end of queue 0 or 1.
 * 0, or -1 on failure (EINVAL for a bad queue or message). */
int queue_put(int conn, int queue, const char *msg);

/* Takes the oldest message out of queue 0 or 1, waiting until there is one, into buf
 * (size bytes, '\0'-terminated). 0, or -1 on failure. */
int queue_get(int conn, int queue, char *buf, size_t size);

/*
 * One side of the chat, alternating (the notebook: write, send, receive):
 * side 0, for i in 0..n-1: puts mine[i] into queue 0, then gets theirs[i] from queue 1;
 * side 1, for i in 0..n-1: gets theirs[i] from queue 0, then puts mine[i] into queue 1.
 * Connects with manager_connect and closes the connection at the end. 0, or -1.
 */
int chat(unsigned short port, const char *key, int side, const char *const mine[], int n,
    char theirs[][CHAT_MSG_MAX]);

#endif
