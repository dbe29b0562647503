/* SPDX-License-Identifier: MIT */
/*
 * test_counter.c: the tests of exercise 05 (locked counter). Do not edit: the
 * grader uses its own copy.  Run one test by hand:  ./test_counter contention
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "counter.h"
#include "labtest.h"

#define PROCS		8       /* processes adding at once */
#define ADDS		2000    /* adds per process (without injected delays) */
#define ADDS_DELAYED	150     /* with injected delays: each add sleeps a little */
#define HOLD_MS		300     /* how long a blocked add must stay blocked */
#define WAIT_MS		3000    /* how long we wait for something that must happen */

/* ------------------------------------------------------------ helpers */

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static pid_t
xfork(void)
{
	pid_t pid = fork();

	if (pid == -1)
		lab_fail("fork: %s", strerror(errno));
	return pid;
}

/* Polls *flag (shared memory) for up to ms milliseconds; true once it is nonzero. */
static int
wait_flag(volatile int *flag, long ms)
{
	for (long t = 0; t < ms; t++) {
		if (__atomic_load_n(flag, __ATOMIC_SEQ_CST))
			return 1;
		sleep_ms(1);
	}
	return __atomic_load_n(flag, __ATOMIC_SEQ_CST) != 0;
}

/* Waits for pid for up to ms milliseconds: 1 reaped (status set), 0 still running. */
static int
reap_within(pid_t pid, int *status, long ms)
{
	for (long t = 0;; t++) {
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid)
			return 1;
		if (r == -1 && errno != EINTR)
			lab_fail("waitpid: %s", strerror(errno));
		if (t >= ms)
			return 0;
		sleep_ms(1);
	}
}

static void
kill_and_reap(const pid_t *pids, int n)
{
	for (int i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	for (int i = 0; i < n; i++)
		if (pids[i] > 0)
			while (waitpid(pids[i], NULL, 0) == -1 && errno == EINTR)
				;
}

/* A child that did not exit 0 died inside the student's code. */
static void
expect_clean_exit(int status, const char *doing)
{
	if (WIFSIGNALED(status))
		lab_fail("a child process was killed by signal %d (%s) while %s",
		    WTERMSIG(status), strsignal(WTERMSIG(status)), doing);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		lab_fail("a child process exited with status %d while %s",
		    WEXITSTATUS(status), doing);
}

static struct counter *
create(long initial)
{
	struct counter *c;

	errno = 0;
	c = counter_create(initial);
	if (c == NULL) {
		if (errno == ENOSYS)
			lab_fail("counter_create: not written yet: see TODO in counter.c");
		lab_fail("counter_create(%ld) returned NULL: %s", initial,
		    errno ? strerror(errno) : "errno not set");
	}
	return c;
}

static void
destroy(struct counter *c)
{
	if (counter_destroy(c) != 0)
		lab_fail("counter_destroy returned -1: %s", strerror(errno));
}

/* ------------------------------------------------------------ tests */

/* One process: the arithmetic and the return values. */
static void
test_basic(void)
{
	long initial = 40 + (long)(lab_random() % 100);
	struct counter *c = create(initial);

	lab_expect_long("counter_read of a new counter", initial, counter_read(c));
	lab_expect_long("counter_add(c, 2) (the new value)", initial + 2, counter_add(c, 2));
	lab_expect_long("counter_add(c, -50) (the new value)", initial - 48, counter_add(c, -50));
	counter_lock(c);
	counter_unlock(c);
	lab_expect_long("counter_read after lock and unlock", initial - 48, counter_read(c));
	destroy(c);
}

/* A child's adds are seen by the parent: the value is in shared memory. */
static void
test_child_sees(void)
{
	struct counter *c = create(0);
	long k = 3 + (long)(lab_random() % 20);
	int status;
	pid_t pid;

	pid = xfork();
	if (pid == 0) {
		for (long i = 0; i < k; i++)
			counter_add(c, 1);
		_exit(0);
	}
	if (!reap_within(pid, &status, WAIT_MS)) {
		kill_and_reap(&pid, 1);
		lab_fail("a child doing %ld counter_add calls did not finish in %d s", k,
		    WAIT_MS / 1000);
	}
	expect_clean_exit(status, "calling counter_add");
	if (counter_read(c) == 0) {
		char e[32];
		snprintf(e, sizeof e, "%ld", k);
		lab_fail_values(e, "0", "a child added 1 %ld times but the parent still "
		    "reads 0: the counter is not in shared memory (use mmap with MAP_SHARED, "
		    "not malloc or a global)", k);
	}
	lab_expect_long("value the parent reads after a child added 1 that many times",
	    k, counter_read(c));
	destroy(c);
}

/* While the parent holds the lock, a child's counter_add must wait; it must go on
 * once the parent releases the lock. */
static void
test_lock_is_shared(void)
{
	struct flags { int go, entered, done; } *f = lab_shared(sizeof *f);
	struct counter *c = create(10);
	int status;
	pid_t pid;

	pid = xfork();
	if (pid == 0) {
		wait_flag(&f->go, WAIT_MS);
		__atomic_store_n(&f->entered, 1, __ATOMIC_SEQ_CST);
		counter_add(c, 1);
		__atomic_store_n(&f->done, 1, __ATOMIC_SEQ_CST);
		_exit(0);
	}
	counter_lock(c);
	__atomic_store_n(&f->go, 1, __ATOMIC_SEQ_CST);
	if (!wait_flag(&f->entered, WAIT_MS)) {
		kill_and_reap(&pid, 1);
		lab_fail("the child never started: is counter_lock returning?");
	}
	if (wait_flag(&f->done, HOLD_MS)) {
		counter_unlock(c);
		kill_and_reap(&pid, 1);
		lab_fail("a child's counter_add went ahead while the parent held the lock: "
		    "the lock is not shared between the processes (is it in private memory, "
		    "e.g. a global or malloc'd mutex, or not PTHREAD_PROCESS_SHARED?)");
	}
	counter_unlock(c);
	if (!reap_within(pid, &status, WAIT_MS)) {
		kill_and_reap(&pid, 1);
		lab_fail("a child waiting in counter_add stayed blocked after the parent "
		    "released the lock (is the mutex PTHREAD_PROCESS_SHARED?)");
	}
	expect_clean_exit(status, "calling counter_add");
	lab_expect_long("value after the child's add", 11, counter_read(c));
	destroy(c);
}

/* Each counter has its own lock: holding one must not block another. */
static void
test_own_lock(void)
{
	struct counter *a = create(0), *b = create(100);
	int status;
	pid_t pid;

	counter_lock(a);
	pid = xfork();
	if (pid == 0) {
		counter_add(b, 5);
		_exit(0);
	}
	if (!reap_within(pid, &status, WAIT_MS)) {
		counter_unlock(a);
		kill_and_reap(&pid, 1);
		lab_fail("counter_add on counter b waited while counter a was locked: each "
		    "counter needs its own lock, not one lock for all counters");
	}
	counter_unlock(a);
	expect_clean_exit(status, "calling counter_add");
	lab_expect_long("counter a (nobody added to it)", 0, counter_read(a));
	lab_expect_long("counter b after adding 5", 105, counter_read(b));
	destroy(a);
	destroy(b);
}

/* PROCS processes add at once, started together; the total must be exact. */
static void
test_contention(void)
{
	static long delta[PROCS][ADDS];
	int *ready = lab_shared(sizeof *ready);
	int adds = lab_delay_us() > 0 ? ADDS_DELAYED : ADDS;
	long initial = (long)(lab_random() % 1000), expected = initial;
	pid_t pids[PROCS] = { 0 };
	struct counter *c = create(initial);
	struct lab_counts n;
	int status;

	/* Mostly +1 and -1, now and then +k: the notebook's soma and subtracao. */
	for (int p = 0; p < PROCS; p++)
		for (int i = 0; i < adds; i++) {
			uint64_t r = lab_random();
			delta[p][i] = r % 10 == 0 ? 2 + (long)(r / 10 % 50) :
			    (r / 10) % 2 ? 1 : -1;
			expected += delta[p][i];
		}
	lab_counts_reset();
	for (int p = 0; p < PROCS; p++) {
		pids[p] = fork();
		if (pids[p] == -1) {
			int e = errno;
			kill_and_reap(pids, p);
			lab_fail("fork: %s", strerror(e));
		}
		if (pids[p] == 0) {
			/* Start together, so the adds really overlap. */
			__atomic_add_fetch(ready, 1, __ATOMIC_SEQ_CST);
			for (int t = 0; t < WAIT_MS && __atomic_load_n(ready,
			    __ATOMIC_SEQ_CST) < PROCS; t++)
				sleep_ms(1);
			for (int i = 0; i < adds; i++)
				counter_add(c, delta[p][i]);
			_exit(0);
		}
	}
	for (int p = 0; p < PROCS; p++) {
		if (!reap_within(pids[p], &status, 4 * WAIT_MS)) {
			kill_and_reap(pids + p, PROCS - p);
			lab_fail("%d processes adding %d times each did not finish in %d s: "
			    "deadlock in counter_add?", PROCS, adds, 4 * WAIT_MS / 1000);
		}
		pids[p] = 0;
		expect_clean_exit(status, "calling counter_add");
	}
	n = lab_counts();
	long got = counter_read(c);
	if (got != expected) {
		char e[32], a[32];
		snprintf(e, sizeof e, "%ld", expected);
		snprintf(a, sizeof a, "%ld", got);
		lab_fail_values(e, a, "after %d processes made %d adds each the counter is "
		    "%ld, not %ld: lost updates (one process read the value while another "
		    "was between its read and its write: read, add and write must all "
		    "happen while holding the lock)", PROCS, adds, got, expected);
	}
	if (n.mutex_locks + n.sem_waits < (long)PROCS * adds)
		lab_fail("counter_add took a lock %ld times for %d adds: without the lock "
		    "on every add, updates get lost (this run was lucky)",
		    n.mutex_locks + n.sem_waits, PROCS * adds);
	lab_expect_no_children("the adding processes were reaped");
	destroy(c);
}

LAB_MAIN(LAB_TEST(basic), LAB_TEST(child_sees), LAB_TEST(lock_is_shared),
    LAB_TEST(own_lock), LAB_TEST(contention))
