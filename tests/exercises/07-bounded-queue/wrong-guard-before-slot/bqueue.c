/* wrong-guard-before-slot: semaphores only, with P and V helpers, but bq_put takes the
 * guard before it waits for a free slot: on a full queue the producer sleeps holding the
 * guard, and the consumer that would free a slot waits for that guard (a deadlock). */
#define _GNU_SOURCE
#include <errno.h>
#include <semaphore.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "bqueue.h"

struct bqueue {
	sem_t	guard, free_slots, msgs;
	size_t	cap, head, tail;
	int64_t	slot[];
};

static void P(sem_t *s) { while (sem_wait(s) == -1 && errno == EINTR) ; }
static void V(sem_t *s) { sem_post(s); }

struct bqueue *
bq_create(size_t capacity)
{
	struct bqueue *q;

	if (capacity < 1 || capacity > BQ_MAX_CAPACITY) { errno = EINVAL; return NULL; }
	q = mmap(NULL, sizeof *q + capacity * sizeof(int64_t), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (q == MAP_FAILED) return NULL;
	q->cap = capacity; q->head = q->tail = 0;
	sem_init(&q->guard, 1, 1); sem_init(&q->free_slots, 1, (unsigned)capacity);
	sem_init(&q->msgs, 1, 0);
	return q;
}

void
bq_put(struct bqueue *q, int64_t msg)
{
	P(&q->guard);
	P(&q->free_slots);
	q->slot[q->tail] = msg;
	q->tail = (q->tail + 1) % q->cap;
	V(&q->msgs);
	V(&q->guard);
}

int64_t
bq_get(struct bqueue *q)
{
	int64_t m;

	P(&q->msgs);
	P(&q->guard);
	m = q->slot[q->head];
	q->head = (q->head + 1) % q->cap;
	V(&q->guard);
	V(&q->free_slots);
	return m;
}

int
bq_destroy(struct bqueue *q)
{
	sem_destroy(&q->guard); sem_destroy(&q->free_slots); sem_destroy(&q->msgs);
	return munmap(q, sizeof *q + q->cap * sizeof(int64_t));
}
