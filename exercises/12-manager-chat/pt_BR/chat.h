/* SPDX-License-Identifier: MIT */
/*
 * chat.h: dois processos conversam por meio de um gerenciador dono das filas (exercício 12).
 *
 * A versão em C do exercício de BaseManager do caderno 004: um processo servidor é dono
 * de duas filas e escuta em TCP; os clientes se conectam com uma chave de autenticação e
 * põem mensagens numa fila ou as tiram dela.
 *
 *	m = QueueManager(address=('', 0), authkey=b'abc')   manager_start("abc", &port, &pid)
 *	m.get_server().serve_forever()                       (roda no filho que manager_start cria)
 *	m = QueueManager(address=('127.0.0.1', port), authkey=b'abc'); m.connect()
 *	                                                     fd = manager_connect(port, "abc")
 *	queue.put('hello')                                   queue_put(fd, 0, "hello")
 *	msg = queue.get()                                    queue_get(fd, 0, buf, sizeof buf)
 *
 * O protocolo (README.md) é fixo: os próprios testes também o falam.
 * Não altere este arquivo: os testes chamam exatamente estas funções.
 */
#ifndef CHAT_H
#define CHAT_H

#include <stddef.h>
#include <sys/types.h>

#define CHAT_MSG_MAX 256        /* uma mensagem: no máximo 255 bytes, sem '\n', mais o '\0' */

/* Inicia o gerenciador num processo filho que escuta em 127.0.0.1, numa porta que o kernel
 * escolhe; retorna quando ele já aceita conexões, com *port (na ordem de bytes do host) e
 * *pid definidos. Só clientes que enviam `key` primeiro são atendidos. 0, ou -1 se falhar. */
int manager_start(const char *key, unsigned short *port, pid_t *pid);

/* Para o gerenciador iniciado como pid (e os processos que ele iniciou) e o recolhe.
 * 0, ou -1 se falhar. */
int manager_stop(pid_t pid);

/* Conecta-se ao gerenciador em 127.0.0.1:port e se autentica com key. Um socket
 * conectado; -1 com errno EACCES quando o gerenciador recusou a chave; -1 com errno
 * definido em qualquer outra falha. */
int manager_connect(unsigned short port, const char *key);

/* Põe msg (no máximo CHAT_MSG_MAX - 1 bytes, sem '\n') no fim da fila 0 ou 1.
 * 0, ou -1 se falhar (EINVAL para uma fila ou mensagem inválida). */
int queue_put(int conn, int queue, const char *msg);

/* Tira a mensagem mais antiga da fila 0 ou 1, esperando até haver uma, para buf
 * (size bytes, terminada em '\0'). 0, ou -1 se falhar. */
int queue_get(int conn, int queue, char *buf, size_t size);

/*
 * Um lado do chat, alternado (o caderno: escreve, envia, recebe):
 * side 0, para i em 0..n-1: põe mine[i] na fila 0, depois tira theirs[i] da fila 1;
 * side 1, para i em 0..n-1: tira theirs[i] da fila 0, depois põe mine[i] na fila 1.
 * Conecta-se com manager_connect e fecha a conexão no fim. 0, ou -1.
 */
int chat(unsigned short port, const char *key, int side, const char *const mine[], int n,
    char theirs[][CHAT_MSG_MAX]);

#endif
/* original em inglês: sha256 4984ad3d2d3af559b739d43aeb9d71cc5b6c5e75961d88070d28632b48d3522f */
