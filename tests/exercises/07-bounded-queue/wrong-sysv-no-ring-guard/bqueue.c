/*
 * wrong-sysv-no-ring-guard: System V semaphores for the free slots and the messages,
 * but nothing guards head and tail: two producers both past their free-slot wait write
 * the same slot (the guard of right-sysv-sem taken out).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>

#include "bqueue.h"

enum { GUARD, FREE_SLOTS, MSGS };

struct bqueue {
	int	semid;
	size_t	cap, head, tail;
	int64_t	slot[];
};

static void
op(struct bqueue *q, unsigned short which, short d)
{
	struct sembuf b = { which, d, 0 };

	while (semop(q->semid, &b, 1) == -1)
		if (errno != EINTR) {
			fprintf(stderr, "bqueue: semop: %s\n", strerror(errno));
			exit(1);
		}
}

struct bqueue *
bq_create(size_t capacity)
{
	struct bqueue *q;
	unsigned short init[3];

	if (capacity < 1 || capacity > BQ_MAX_CAPACITY) {
		errno = EINVAL;
		return NULL;
	}
	q = mmap(NULL, sizeof *q + capacity * sizeof(int64_t), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (q == MAP_FAILED)
		return NULL;
	q->cap = capacity;
	q->head = q->tail = 0;
	init[GUARD] = 1;
	init[FREE_SLOTS] = (unsigned short)capacity;
	init[MSGS] = 0;
	if ((q->semid = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600)) == -1 ||
	    semctl(q->semid, 0, SETALL, init) == -1) {
		int e = errno;

		if (q->semid != -1)
			semctl(q->semid, 0, IPC_RMID);
		munmap(q, sizeof *q + capacity * sizeof(int64_t));
		errno = e;
		return NULL;
	}
	return q;
}

void
bq_put(struct bqueue *q, int64_t msg)
{
	op(q, FREE_SLOTS, -1);
	q->slot[q->tail] = msg;
	q->tail = (q->tail + 1) % q->cap;
	op(q, MSGS, 1);
}

int64_t
bq_get(struct bqueue *q)
{
	int64_t m;

	op(q, MSGS, -1);
	m = q->slot[q->head];
	q->head = (q->head + 1) % q->cap;
	op(q, FREE_SLOTS, 1);
	return m;
}

int
bq_destroy(struct bqueue *q)
{
	int r = semctl(q->semid, 0, IPC_RMID);

	if (munmap(q, sizeof *q + q->cap * sizeof(int64_t)) == -1)
		return -1;
	return r == -1 ? -1 : 0;
}
