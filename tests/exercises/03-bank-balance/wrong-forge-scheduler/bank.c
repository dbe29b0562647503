/* SPDX-License-Identifier: MIT */
/*
 * Wrong, and an attack: no lock, and a process that takes the controlled scheduler's
 * control away. The page the runtime shares with the grader's scheduler is a memfd
 * mapping any process of the program can find (/proc/self/maps) and write: a forked
 * forger marks every process that waits for its turn as running and wakes it (sem_post
 * on the slot's futex word stands in for the syscall the manifest forbids), so they all
 * run at once, outside the schedule. The scheduler sees a process run without its turn,
 * stops the run, and the test fails saying so; it never passes.
 */
#define _GNU_SOURCE
#include <pthread.h>

#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lab.h"

/* Forger: find proclab's scheduler page (a memfd mapping) and let every process that
 * waits for its turn run at once, again and again: the scheduler loses control. */
struct slot { uint32_t state, go, op; int32_t parent, pid, reaped, result; uint32_t pad;
	uint64_t object, object2, site, seq; };
struct page { uint32_t magic, version, wake, abort, nslots, pad; struct slot slots[52]; };

static struct page *
find_page(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	unsigned long lo, hi;
	struct page *p = NULL;

	if (f == NULL)
		return NULL;
	while (fgets(line, sizeof line, f) != NULL)
		if (strstr(line, "memfd:") != NULL && sscanf(line, "%lx-%lx", &lo, &hi) == 2)
			p = (struct page *)lo;
	fclose(f);
	return p;
}

static void
forge(void)
{
	struct page *p = find_page();
	struct timespec t0, t;

	if (p == NULL)
		return;
	if (fork() != 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (uint32_t i = 1; i < p->nslots && i < 52; i++) {
			struct slot *s = &p->slots[i];

			if (s->state == 1 || s->state == 3) {   /* asking, blocked */
				__atomic_store_n(&s->state, 2, __ATOMIC_SEQ_CST); /* running */
				sem_post((sem_t *)&s->go);
			}
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < 3);
	_exit(0);
}
#include "bank.h"

int
account_init(struct account *a, long balance)
{
	pthread_mutexattr_t attr;
	int err;

	a->balance = balance;
	forge();
	if ((err = pthread_mutexattr_init(&attr)) != 0)
		return err;
	if ((err = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)) == 0)
		err = pthread_mutex_init(&a->lock, &attr);
	pthread_mutexattr_destroy(&attr);
	return err;
}

int
account_destroy(struct account *a)
{
	return pthread_mutex_destroy(&a->lock);
}

void
deposit(struct account *a, long amount)
{
	long local_copy = a->balance;
	local_copy += amount;
	lab_think();
	a->balance = local_copy;
}

void
withdraw(struct account *a, long amount)
{
	long local_copy = a->balance;
	local_copy -= amount;
	lab_think();
	a->balance = local_copy;
}
