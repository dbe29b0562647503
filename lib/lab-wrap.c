/* SPDX-License-Identifier: MIT */
/*
 * lab-wrap.c: link-time wrappers (-Wl,--wrap=SYMBOL for each of LAB_WRAPPED).
 *
 * Every wrapper calls the real function, counts the call in the shared page when
 * it succeeded, and under grading (PROCLAB_DELAY_US > 0) injects seeded delays
 * around fork and the lock operations, and may split reads (and writes larger
 * than PIPE_BUF, which are not atomic anyway) into short transfers. errno is kept.
 * Calls the runtime makes for itself (lab_internal_ > 0) are neither counted nor
 * delayed, and the verdict record's fd is never split.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "labtest.h"
#include "lab-internal.h"

#define DECLARE_WRAPPED(ret, name, params) ret __real_##name params; ret __wrap_##name params;
LAB_WRAPPED_CALLS(DECLARE_WRAPPED)

/* Where the student's (or the harness's) call is: the wrapper's return address. */
#define SITE ((uintptr_t)__builtin_return_address(0))

/* A race test's run: short transfers are injected, seeded (under the scheduler too). */
static bool
injecting(void)
{
	return lab_internal_ == 0 && lab_config_.delay_us > 0;
}

/* Random delays only when the scheduler is not in control: it orders the calls itself. */
static bool
grading(void)
{
	return injecting() && !lab_sched_on_();
}

static void
delay(void)
{
	int saved = errno;

	if (grading())
		lab_delay();
	errno = saved;
}

static void
count(enum lab_counter c)
{
	if (lab_internal_ == 0)
		lab_count_(c);
}

pid_t
__wrap_fork(void)
{
	pid_t pid;
	int saved, slot = lab_sched_fork_(SITE);

	delay();
	/*
	 * Counted before the child exists, so that no process of the run can see the
	 * child at work while its fork is not yet counted; taken back if fork fails.
	 */
	count(LAB_C_FORKS);
	pid = __real_fork();
	saved = errno;
	lab_sched_forked_(slot, pid);
	if (pid == -1 && lab_internal_ == 0 && lab_state_ != NULL) {
		__atomic_sub_fetch(&lab_state_->counters[LAB_C_FORKS], 1, __ATOMIC_SEQ_CST);
		count(LAB_C_FORK_FAILURES);
	}
	if (pid != -1)
		delay();        /* child or parent runs first, at random */
	errno = saved;
	return pid;
}

static void
count_reap(pid_t r, int status)
{
	if (r > 0 && (WIFEXITED(status) || WIFSIGNALED(status)))
		count(LAB_C_REAPS);
}

pid_t
__wrap_waitpid(pid_t pid, int *wstatus, int options)
{
	int status = 0;
	pid_t r;

	lab_sched_wait_(pid, options, SITE);
	r = __real_waitpid(pid, &status, options);
	if (r > 0) {
		lab_sched_reaped_(r);
		count_reap(r, status);
		if (wstatus != NULL)
			*wstatus = status;
	}
	return r;
}

pid_t
__wrap_wait(int *wstatus)
{
	int status = 0;
	pid_t r;

	lab_sched_wait_(-1, 0, SITE);
	r = __real_wait(&status);
	if (r > 0) {
		lab_sched_reaped_(r);
		count_reap(r, status);
		if (wstatus != NULL)
			*wstatus = status;
	}
	return r;
}

int
__wrap_pthread_mutex_lock(pthread_mutex_t *m)
{
	int e;

	if (lab_sched_on_())
		e = lab_sched_mutex_lock_(m, SITE);
	else {
		delay();
		e = __real_pthread_mutex_lock(m);
	}
	if (e == 0)
		count(LAB_C_MUTEX_LOCKS);
	return e;
}

/* A try never blocks: a point, then the call. */
int
__wrap_pthread_mutex_trylock(pthread_mutex_t *m)
{
	int e;

	lab_sched_point_(LAB_OP_TRY, (uintptr_t)m, 0, SITE);
	delay();
	if ((e = __real_pthread_mutex_trylock(m)) == 0)
		count(LAB_C_MUTEX_LOCKS);
	return e;
}

int
__wrap_pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *t)
{
	int e;

	if (lab_sched_on_())
		e = lab_sched_mutex_timedlock_(m, SITE);
	else {
		delay();
		e = __real_pthread_mutex_timedlock(m, t);
	}
	if (e == 0)
		count(LAB_C_MUTEX_LOCKS);
	return e;
}

int
__wrap_pthread_mutex_unlock(pthread_mutex_t *m)
{
	int e;

	if ((e = __real_pthread_mutex_unlock(m)) == 0)
		count(LAB_C_MUTEX_UNLOCKS);
	delay();
	lab_sched_point_(LAB_OP_UNLOCK, (uintptr_t)m, 0, SITE);    /* after: its window */
	return e;
}

int
__wrap_sem_wait(sem_t *s)
{
	int r, saved;

	if (lab_sched_on_())
		r = lab_sched_sem_wait_(s, SITE);
	else {
		delay();
		r = __real_sem_wait(s);
	}
	saved = errno;
	if (r == 0)
		count(LAB_C_SEM_WAITS);
	errno = saved;
	return r;
}

int
__wrap_sem_trywait(sem_t *s)
{
	int r, saved;

	lab_sched_point_(LAB_OP_TRY, (uintptr_t)s, 0, SITE);
	delay();
	r = __real_sem_trywait(s);
	saved = errno;
	if (r == 0)
		count(LAB_C_SEM_WAITS);
	errno = saved;
	return r;
}

int
__wrap_sem_timedwait(sem_t *s, const struct timespec *t)
{
	int r, saved;

	if (lab_sched_on_())
		r = lab_sched_sem_timedwait_(s, SITE);
	else {
		delay();
		r = __real_sem_timedwait(s, t);
	}
	saved = errno;
	if (r == 0)
		count(LAB_C_SEM_WAITS);
	errno = saved;
	return r;
}

int
__wrap_sem_post(sem_t *s)
{
	int r, saved;

	r = __real_sem_post(s);
	saved = errno;
	lab_sched_point_(LAB_OP_SEM_POST, (uintptr_t)s, 0, SITE);

	if (r == 0)
		count(LAB_C_SEM_POSTS);
	delay();
	errno = saved;
	return r;
}

int
__wrap_pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	int e;

	count(LAB_C_COND_WAITS);
	if (lab_sched_on_())
		return lab_sched_cond_wait_(c, m, SITE);
	e = __real_pthread_cond_wait(c, m);
	return e;
}

int
__wrap_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *t)
{
	count(LAB_C_COND_WAITS);
	if (lab_sched_on_())
		return lab_sched_cond_timedwait_(c, m, SITE);
	return __real_pthread_cond_timedwait(c, m, t);
}

int
__wrap_pthread_cond_signal(pthread_cond_t *c)
{
	int e;

	e = __real_pthread_cond_signal(c);
	lab_sched_point_(LAB_OP_COND_SIGNAL, (uintptr_t)c, 0, SITE);

	if (e == 0)
		count(LAB_C_COND_SIGNALS);
	delay();
	return e;
}

int
__wrap_pthread_cond_broadcast(pthread_cond_t *c)
{
	int e;

	e = __real_pthread_cond_broadcast(c);
	lab_sched_point_(LAB_OP_COND_BROADCAST, (uintptr_t)c, 0, SITE);

	if (e == 0)
		count(LAB_C_COND_SIGNALS);
	delay();
	return e;
}

/* Under grading, maybe shorten a transfer of N bytes to 1..N-1 bytes. */
static size_t
maybe_short(int fd, size_t n, size_t min)
{
	uint64_t r;

	if (!injecting() || fd == lab_config_.record_fd || n < 2 || n <= min)
		return n;
	r = lab_random();
	if ((int)(r % 100) >= lab_config_.short_io_percent)
		return n;
	return 1 + (size_t)((r >> 8) % (n - 1));
}

ssize_t
__wrap_read(int fd, void *buf, size_t n)
{
	ssize_t r;
	int saved;

	delay();
	lab_sched_read_(fd, SITE);
	r = __real_read(fd, buf, maybe_short(fd, n, 0));
	saved = errno;
	if (r >= 0)
		count(LAB_C_READS);
	errno = saved;
	return r;
}

ssize_t
__wrap_write(int fd, const void *buf, size_t n)
{
	ssize_t r;
	int saved;

	if (fd != lab_config_.record_fd) {
		delay();
		n = lab_sched_write_(fd, n, SITE);
	}
	r = __real_write(fd, buf, maybe_short(fd, n, PIPE_BUF));
	saved = errno;
	if (r >= 0)
		count(LAB_C_WRITES);
	errno = saved;
	return r;
}

/*
 * Sleeps: under the scheduler time is virtual, and a sleep is a point that orders
 * nothing (the sleeper may well go on first); otherwise the real call.
 */
unsigned
__wrap_sleep(unsigned s)
{
	if (!lab_sched_on_())
		return __real_sleep(s);
	lab_sched_point_(LAB_OP_SLEEP, s, 0, SITE);
	return 0;
}

int
__wrap_usleep(useconds_t us)
{
	if (!lab_sched_on_())
		return __real_usleep(us);
	lab_sched_point_(LAB_OP_SLEEP, us, 0, SITE);
	return 0;
}

int
__wrap_nanosleep(const struct timespec *t, struct timespec *rem)
{
	if (!lab_sched_on_())
		return __real_nanosleep(t, rem);
	lab_sched_point_(LAB_OP_SLEEP, 0, 0, SITE);
	if (rem != NULL)
		rem->tv_sec = rem->tv_nsec = 0;
	return 0;
}

int
__wrap_clock_nanosleep(clockid_t clock, int flags, const struct timespec *t,
    struct timespec *rem)
{
	if (!lab_sched_on_())
		return __real_clock_nanosleep(clock, flags, t, rem);
	lab_sched_point_(LAB_OP_SLEEP, 0, 0, SITE);
	if (rem != NULL)
		rem->tv_sec = rem->tv_nsec = 0;
	return 0;
}

/* A yield is a point that lets another process go: a trylock loop's turn to wait. */
int
__wrap_sched_yield(void)
{
	if (!lab_sched_on_())
		return __real_sched_yield();
	lab_sched_point_(LAB_OP_SLEEP, 0, 0, SITE);
	return 0;
}

void
__wrap__exit(int status)
{
	lab_sched_exit_();
	__real__exit(status);
	for (;;)
		;       /* __real__exit does not return */
}
