/* SPDX-License-Identifier: MIT */
/*
 * race-child.c: the smallest race, for tests/grader/check_sched.c: test "two" forks two
 * processes that each read a shared counter, think (a scheduling point) and write it back
 * plus one; the test program then reports the counter. 2 means both updates were kept,
 * 1 that one was lost. The "guarded_*" tests add one to a counter watched with
 * lab_watch_locked in two processes, each its own way: with the lock given back before
 * the add (the change the scheduler must report), under a mutex, under a semaphore, and
 * under a mutex after a sem_post that gave nothing back (a signal, not a lock).
 */
#include "lab.h"
#include "labtest.h"

#include <pthread.h>
#include <semaphore.h>
#include <string.h>

static long *counter;
static struct locks {
	pthread_mutex_t	m;
	sem_t		s, signal;
} *locks;

static void
add_one(void *arg)
{
	long seen = *counter;

	(void)arg;
	lab_think();
	*counter = seen + 1;
}

static void
test_two(void)
{
	pid_t a, b;

	counter = lab_shared(sizeof *counter);
	a = lab_spawn(add_one, NULL);
	b = lab_spawn(add_one, NULL);
	lab_join(a);
	lab_join(b);
	lab_report_long("counter", *counter);
}

enum way { UNLOCKED_FIRST, MUTEX, SEMAPHORE, AFTER_POST };

static void
add_guarded(void *arg)
{
	enum way w = *(const enum way *)arg;

	LAB_WATCH_LOCKED("counter", *counter);
	if (w == AFTER_POST)
		sem_post(&locks->signal);
	if (w == SEMAPHORE)
		sem_wait(&locks->s);
	else
		pthread_mutex_lock(&locks->m);
	if (w == UNLOCKED_FIRST)
		pthread_mutex_unlock(&locks->m);
	*counter += 1;
	if (w == SEMAPHORE)
		sem_post(&locks->s);
	else if (w != UNLOCKED_FIRST)
		pthread_mutex_unlock(&locks->m);
}

static void
guarded(enum way w)
{
	pthread_mutexattr_t attr;
	pid_t a, b;

	counter = lab_shared(sizeof *counter);
	locks = lab_shared(sizeof *locks);
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&locks->m, &attr);
	sem_init(&locks->s, 1, 1);
	sem_init(&locks->signal, 1, 0);
	a = lab_spawn(add_guarded, &w);
	b = lab_spawn(add_guarded, &w);
	lab_join(a);
	lab_join(b);
	lab_report_long("counter", *counter);
}

static void test_guarded_unlocked_first(void) { guarded(UNLOCKED_FIRST); }
static void test_guarded_mutex(void) { guarded(MUTEX); }
static void test_guarded_semaphore(void) { guarded(SEMAPHORE); }
static void test_guarded_after_post(void) { guarded(AFTER_POST); }

LAB_MAIN(LAB_TEST(two), LAB_TEST(guarded_unlocked_first), LAB_TEST(guarded_mutex),
    LAB_TEST(guarded_semaphore), LAB_TEST(guarded_after_post))
