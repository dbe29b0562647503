/* SPDX-License-Identifier: MIT */
/*
 * lab-wrap.c: link-time wrappers (-Wl,--wrap=SYMBOL for each of LAB_WRAPPED).
 *
 * Every wrapper calls the real function, counts the call in the shared page when
 * it succeeded, and under grading (PROCLAB_DELAY_US > 0) injects seeded delays
 * around fork and the lock operations, and may split reads (and writes larger
 * than PIPE_BUF, which are not atomic anyway) into short transfers. errno is kept.
 * A behaviour is counted the same whichever call does it: a trylock that got the
 * lock is a lock, a waitid that reaped a child is a reap, a writev is a write.
 * Calls the runtime makes for itself (lab_internal_ > 0) are neither counted nor
 * delayed, and the verdict record's fd is never split.
 * Under the grader's scheduler (lab-sched.c) each call is also a scheduling point: an
 * acquire (lock, wait, read, write, fork) before the call, which it models rather than
 * blocks in; a release (unlock, post, signal, broadcast) after it. Delays are then left
 * out (the scheduler orders the calls), short transfers and spurious wakeups are not.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "labtest.h"
#include "lab-internal.h"

#define DECLARE_WRAPPED(ret, name, params) ret __real_##name params; ret __wrap_##name params;
LAB_WRAPPED_CALLS(DECLARE_WRAPPED)
/* POSIX.1-2024's clock forms came with glibc 2.30: on an older C library the program still
 * links, and a call of one (which would not compile there) returns ENOSYS. */
#pragma weak __real_pthread_mutex_clocklock
#pragma weak __real_sem_clockwait
#pragma weak __real_pthread_cond_clockwait

/* Under the scheduler, before a timed call: how long until ABSTIME on CLOCK, as the
 * call's timeout on the virtual clock (0 when it has passed or is not given). */
static void
timeout_at(clockid_t clock, const struct timespec *abstime)
{
	struct timespec now;
	int64_t ns;

	if (!lab_sched_on_())
		return;
	if (abstime == NULL || clock_gettime(clock, &now) == -1) {
		lab_sched_timeout_(0);
		return;
	}
	ns = ((int64_t)abstime->tv_sec - now.tv_sec) * 1000000000 + abstime->tv_nsec -
	    now.tv_nsec;
	lab_sched_timeout_(ns > 0 ? (uint64_t)ns : 0);
}

/* Where the student's (or the harness's) call is: the wrapper's return address. */
#define SITE ((uintptr_t)__builtin_return_address(0))

/* A race test's run: short transfers and spurious wakeups are injected, seeded. */
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
	if (lab_internal_ == 0) {
		lab_count_(c);
		lab_sched_holds_(c);
	}
}

/* Counts C when R (what a call returned) is 0, errno kept: the lock and wait variants. */
static int
count_if_zero(int r, enum lab_counter c)
{
	int saved = errno;

	if (r == 0)
		count(c);
	errno = saved;
	return r;
}

/* ---------------------------------------------------------------- processes */

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

pid_t
__wrap_wait3(int *wstatus, int options, struct rusage *usage)
{
	int status = 0;
	pid_t r;

	lab_sched_wait_(-1, options, SITE);
	r = __real_wait3(&status, options, usage);
	if (r > 0) {
		lab_sched_reaped_(r);
		count_reap(r, status);
		if (wstatus != NULL)
			*wstatus = status;
	}
	return r;
}

pid_t
__wrap_wait4(pid_t pid, int *wstatus, int options, struct rusage *usage)
{
	int status = 0;
	pid_t r;

	lab_sched_wait_(pid, options, SITE);
	r = __real_wait4(pid, &status, options, usage);
	if (r > 0) {
		lab_sched_reaped_(r);
		count_reap(r, status);
		if (wstatus != NULL)
			*wstatus = status;
	}
	return r;
}

/* A reap: a child that exited or was killed, and WNOWAIT (look, leave it) not asked. */
int
__wrap_waitid(idtype_t idtype, id_t id, siginfo_t *info, int options)
{
	siginfo_t local;
	siginfo_t *si = info != NULL ? info : &local;
	int r, saved;

	memset(&local, 0, sizeof local);
	lab_sched_wait_(idtype == P_PID ? (pid_t)id : -1, options, SITE);
	r = __real_waitid(idtype, id, si, options);
	saved = errno;
	if (r == 0 && (options & WNOWAIT) == 0)
		lab_sched_reaped_(si->si_pid);
	if (r == 0 && si->si_pid > 0 && (options & WNOWAIT) == 0 &&
	    (si->si_code == CLD_EXITED || si->si_code == CLD_KILLED ||
	    si->si_code == CLD_DUMPED))
		count(LAB_C_REAPS);
	errno = saved;
	return r;
}

/* ---------------------------------------------------------------- locks and semaphores */

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

int
__wrap_pthread_mutex_trylock(pthread_mutex_t *m)
{
	int err;

	lab_sched_point_(LAB_OP_TRY, (uintptr_t)m, 0, SITE);     /* never blocks */
	delay();
	if ((err = __real_pthread_mutex_trylock(m)) == 0)
		lab_sched_took_(m);     /* so that a deadlock can name its holder */
	return count_if_zero(err, LAB_C_MUTEX_LOCKS);
}

int
__wrap_pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
	timeout_at(CLOCK_REALTIME, abstime);
	if (lab_sched_on_())     /* the virtual clock: it times out when nobody can go on */
		return count_if_zero(lab_sched_mutex_timedlock_(m, SITE), LAB_C_MUTEX_LOCKS);
	delay();
	return count_if_zero(__real_pthread_mutex_timedlock(m, abstime), LAB_C_MUTEX_LOCKS);
}

int
__wrap_pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock,
    const struct timespec *abstime)
{
	if (__real_pthread_mutex_clocklock == NULL)
		return ENOSYS;
	timeout_at(clock, abstime);
	if (lab_sched_on_())
		return count_if_zero(lab_sched_mutex_timedlock_(m, SITE), LAB_C_MUTEX_LOCKS);
	delay();
	return count_if_zero(__real_pthread_mutex_clocklock(m, clock, abstime),
	    LAB_C_MUTEX_LOCKS);
}

int
__wrap_pthread_mutex_unlock(pthread_mutex_t *m)
{
	int e = __real_pthread_mutex_unlock(m);

	if (e == 0)
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
	int r;

	lab_sched_point_(LAB_OP_TRY, (uintptr_t)s, 0, SITE);
	delay();
	if ((r = __real_sem_trywait(s)) == 0)
		lab_sched_acquired_(s);
	return count_if_zero(r, LAB_C_SEM_WAITS);
}

int
__wrap_sem_timedwait(sem_t *s, const struct timespec *abstime)
{
	timeout_at(CLOCK_REALTIME, abstime);
	if (lab_sched_on_())
		return count_if_zero(lab_sched_sem_timedwait_(s, SITE), LAB_C_SEM_WAITS);
	delay();
	return count_if_zero(__real_sem_timedwait(s, abstime), LAB_C_SEM_WAITS);
}

int
__wrap_sem_clockwait(sem_t *s, clockid_t clock, const struct timespec *abstime)
{
	if (__real_sem_clockwait == NULL) {
		errno = ENOSYS;
		return -1;
	}
	timeout_at(clock, abstime);
	if (lab_sched_on_())
		return count_if_zero(lab_sched_sem_timedwait_(s, SITE), LAB_C_SEM_WAITS);
	delay();
	return count_if_zero(__real_sem_clockwait(s, clock, abstime), LAB_C_SEM_WAITS);
}

int
__wrap_sem_post(sem_t *s)
{
	int r = __real_sem_post(s), saved = errno;

	if (r == 0)
		count(LAB_C_SEM_POSTS);
	delay();
	lab_sched_point_(LAB_OP_SEM_POST, (uintptr_t)s, 0, SITE);
	errno = saved;
	return r;
}

/* ---------------------------------------------------------------- System V semaphores */

/* A semop counts as what it does: a wait when an operation takes or waits for zero, a
 * post when one gives (both, in one call that does both). */
static void
count_semop(const struct sembuf *ops, size_t n)
{
	bool waits = false, gives = false;

	for (size_t i = 0; i < n; i++) {
		waits = waits || ops[i].sem_op <= 0;
		gives = gives || ops[i].sem_op > 0;
	}
	if (waits)
		count(LAB_C_SEM_WAITS);
	if (gives)
		count(LAB_C_SEM_POSTS);
}

int
__wrap_semop(int id, struct sembuf *ops, size_t n)
{
	int r;

	if ((r = lab_sched_semop_(id, ops, n, false, SITE)) == -2) {
		delay();
		r = __real_semop(id, ops, n);
	}
	if (r == 0)
		count_semop(ops, n);
	return r;
}

int
__wrap_semtimedop(int id, struct sembuf *ops, size_t n, const struct timespec *timeout)
{
	int r;

	if (lab_sched_on_())    /* a relative timeout, on the virtual clock */
		lab_sched_timeout_(timeout == NULL ? UINT64_MAX :
		    (uint64_t)timeout->tv_sec * 1000000000u + (uint64_t)timeout->tv_nsec);
	if ((r = lab_sched_semop_(id, ops, n, timeout != NULL, SITE)) == -2) {
		delay();
		r = __real_semtimedop(id, ops, n, timeout);
	}
	if (r == 0)
		count_semop(ops, n);
	return r;
}

/* ---------------------------------------------------------------- condition variables */

/*
 * Under grading, now and then a wait returns 0 at once, without a signal: a spurious
 * wakeup, which POSIX allows, so that a wait guarded by `if` instead of `while` fails.
 * Like a wait it gives the mutex away for a while and has it again when it returns (the
 * real calls: not counted as a lock; under the scheduler at a point, so that another
 * process may go meanwhile). True when it did; *E is what the wait returns.
 * lab_woke_spuriously() tells a harness which kind of return the last wait was.
 */
static _Thread_local bool last_wait_spurious;

int
lab_woke_spuriously(void)
{
	bool was = last_wait_spurious;

	last_wait_spurious = false;
	return was;
}

static bool
spurious_wakeup(pthread_mutex_t *m, int *e, uintptr_t site)
{
	last_wait_spurious = injecting() &&
	    (int)(lab_random() % 100) < lab_config_.spurious_percent;
	if (!last_wait_spurious)
		return false;
	if (lab_sched_on_()) {  /* the mutex let go at a point: another may go, then back */
		*e = lab_sched_cond_spurious_(m, site);
		return true;
	}
	*e = __real_pthread_mutex_unlock(m);
	if (*e != 0)
		return true;    /* not the caller's mutex: what a wait would say */
	delay();
	*e = __real_pthread_mutex_lock(m);
	return true;
}

int
__wrap_pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	int e;

	count(LAB_C_COND_WAITS);
	if (spurious_wakeup(m, &e, SITE))
		return e;
	if (lab_sched_on_())
		return lab_sched_cond_wait_(c, m, SITE);
	e = __real_pthread_cond_wait(c, m);
	return e;
}

int
__wrap_pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
    const struct timespec *abstime)
{
	int e;

	count(LAB_C_COND_WAITS);
	if (spurious_wakeup(m, &e, SITE))
		return e;
	/* glibc: bit 1 of __wrefs is the condition's clock, set for CLOCK_MONOTONIC */
	timeout_at((c->__data.__wrefs & 2) != 0 ? CLOCK_MONOTONIC : CLOCK_REALTIME, abstime);
	if (lab_sched_on_())
		return lab_sched_cond_timedwait_(c, m, SITE);
	e = __real_pthread_cond_timedwait(c, m, abstime);
	return e;
}

int
__wrap_pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clock,
    const struct timespec *abstime)
{
	int e;

	if (__real_pthread_cond_clockwait == NULL)
		return ENOSYS;
	count(LAB_C_COND_WAITS);
	if (spurious_wakeup(m, &e, SITE))
		return e;
	timeout_at(clock, abstime);
	if (lab_sched_on_())
		return lab_sched_cond_timedwait_(c, m, SITE);
	e = __real_pthread_cond_clockwait(c, m, clock, abstime);
	return e;
}

int
__wrap_pthread_cond_signal(pthread_cond_t *c)
{
	int e = __real_pthread_cond_signal(c);

	if (e == 0)
		count(LAB_C_COND_SIGNALS);
	delay();
	lab_sched_point_(LAB_OP_COND_SIGNAL, (uintptr_t)c, 0, SITE);
	return e;
}

int
__wrap_pthread_cond_broadcast(pthread_cond_t *c)
{
	int e = __real_pthread_cond_broadcast(c);

	if (e == 0)
		count(LAB_C_COND_SIGNALS);
	delay();
	lab_sched_point_(LAB_OP_COND_BROADCAST, (uintptr_t)c, 0, SITE);
	return e;
}

/* ---------------------------------------------------------------- transfers */

/* False for a socket that keeps message boundaries (datagram, seqpacket): there a
 * shorter buffer cuts a message (the rest is lost), it is no short transfer. */
static bool
byte_stream(int fd)
{
	int type = 0, saved = errno;
	socklen_t len = sizeof type;
	bool stream = getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1 ||
	    type == SOCK_STREAM;

	errno = saved;
	return stream;
}

/* Under grading, maybe shorten a transfer of N bytes to 1..N-1 bytes (only when N > MIN). */
static size_t
maybe_short(int fd, size_t n, size_t min)
{
	uint64_t r;

	if (!injecting() || fd == lab_config_.record_fd || n < 2 || n <= min)
		return n;
	r = lab_random();
	if ((int)(r % 100) >= lab_config_.short_io_percent || !byte_stream(fd))
		return n;
	return 1 + (size_t)((r >> 8) % (n - 1));
}

/*
 * The vector forms: maybe_short on the total of *IOV, and when it is shortened, *IOV
 * becomes LOCAL (room for IOV_MAX), a copy of the list trimmed to that many bytes; the
 * number of entries to pass. A list the call would refuse (a count out of range, a total
 * over SSIZE_MAX) is passed as it is.
 */
static int
maybe_short_iov(int fd, const struct iovec **iov, int cnt, size_t min, struct iovec *local)
{
	size_t total = 0, want;
	int k;

	if (!injecting() || cnt < 1 || cnt > IOV_MAX)
		return cnt;
	for (k = 0; k < cnt; k++) {
		if ((*iov)[k].iov_len > (size_t)SSIZE_MAX - total)
			return cnt;
		total += (*iov)[k].iov_len;
	}
	if ((want = maybe_short(fd, total, min)) == total)
		return cnt;
	for (k = 0; want > 0; k++) {
		local[k] = (*iov)[k];
		if (local[k].iov_len > want)
			local[k].iov_len = want;
		want -= local[k].iov_len;
	}
	*iov = local;
	return k;
}

/* A read of any form: R (what it returned) counted when it succeeded, errno kept. */
static ssize_t
count_read(ssize_t r)
{
	int saved = errno;

	if (r >= 0)
		count(LAB_C_READS);
	errno = saved;
	return r;
}

static ssize_t
count_write(ssize_t r)
{
	int saved = errno;

	if (r >= 0)
		count(LAB_C_WRITES);
	errno = saved;
	return r;
}

/* Before a read: a delay, or under the scheduler, until the read would not block. */
static void
read_delay(int fd, uintptr_t site)
{
	delay();
	lab_sched_read_(fd, site);
}

/* Before a write of N bytes: a delay (none on the verdict record), or under the scheduler,
 * until it would not block; how many of them may go now (lab_sched_write_). */
static size_t
write_delay(int fd, size_t n, uintptr_t site)
{
	if (fd == lab_config_.record_fd)
		return n;
	delay();
	return lab_sched_write_(fd, n, site);
}

/* The bytes of a vector, for the scheduler's room check (at most PIPE_BUF: the rest may
 * be split anyway). */
static size_t
iov_bytes(const struct iovec *iov, int cnt)
{
	size_t total = 0;

	for (int k = 0; iov != NULL && k < cnt && k < IOV_MAX && total < PIPE_BUF; k++)
		total += iov[k].iov_len;
	return total < PIPE_BUF ? total : PIPE_BUF;
}

ssize_t
__wrap_read(int fd, void *buf, size_t n)
{
	read_delay(fd, SITE);
	return count_read(__real_read(fd, buf, maybe_short(fd, n, 0)));
}

ssize_t
__wrap_readv(int fd, const struct iovec *iov, int cnt)
{
	struct iovec local[IOV_MAX];

	read_delay(fd, SITE);
	cnt = maybe_short_iov(fd, &iov, cnt, 0, local);
	return count_read(__real_readv(fd, iov, cnt));
}

/* MSG_WAITALL asks for the whole length (short only at a signal, an error or the end). */
ssize_t
__wrap_recv(int fd, void *buf, size_t n, int flags)
{
	read_delay(fd, SITE);
	if ((flags & MSG_WAITALL) == 0)
		n = maybe_short(fd, n, 0);
	return count_read(__real_recv(fd, buf, n, flags));
}

ssize_t
__wrap_recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *addr,
    socklen_t *addrlen)
{
	read_delay(fd, SITE);
	if ((flags & MSG_WAITALL) == 0)
		n = maybe_short(fd, n, 0);
	return count_read(__real_recvfrom(fd, buf, n, flags, addr, addrlen));
}

/* A shortened list goes in a copy of *MSG, whose results are copied back. */
ssize_t
__wrap_recvmsg(int fd, struct msghdr *msg, int flags)
{
	struct iovec local[IOV_MAX];
	struct msghdr copy;
	const struct iovec *iov;
	ssize_t r;
	int cnt, saved;

	read_delay(fd, SITE);
	if (msg == NULL || (flags & MSG_WAITALL) != 0 || msg->msg_iovlen > IOV_MAX)
		return count_read(__real_recvmsg(fd, msg, flags));
	iov = msg->msg_iov;
	cnt = maybe_short_iov(fd, &iov, (int)msg->msg_iovlen, 0, local);
	if (iov == msg->msg_iov)
		return count_read(__real_recvmsg(fd, msg, flags));
	copy = *msg;
	copy.msg_iov = local;
	copy.msg_iovlen = (size_t)cnt;
	r = __real_recvmsg(fd, &copy, flags);
	saved = errno;
	msg->msg_namelen = copy.msg_namelen;
	msg->msg_controllen = copy.msg_controllen;
	msg->msg_flags = copy.msg_flags;
	errno = saved;
	return count_read(r);
}

ssize_t
__wrap_write(int fd, const void *buf, size_t n)
{
	n = write_delay(fd, n, SITE);
	return count_write(__real_write(fd, buf, maybe_short(fd, n, PIPE_BUF)));
}

ssize_t
__wrap_writev(int fd, const struct iovec *iov, int cnt)
{
	struct iovec local[IOV_MAX];

	write_delay(fd, iov_bytes(iov, cnt), SITE);
	cnt = maybe_short_iov(fd, &iov, cnt, PIPE_BUF, local);
	return count_write(__real_writev(fd, iov, cnt));
}

ssize_t
__wrap_send(int fd, const void *buf, size_t n, int flags)
{
	n = write_delay(fd, n, SITE);
	return count_write(__real_send(fd, buf, maybe_short(fd, n, PIPE_BUF), flags));
}

ssize_t
__wrap_sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *addr,
    socklen_t addrlen)
{
	n = write_delay(fd, n, SITE);
	return count_write(__real_sendto(fd, buf, maybe_short(fd, n, PIPE_BUF), flags, addr,
	    addrlen));
}

ssize_t
__wrap_sendmsg(int fd, const struct msghdr *msg, int flags)
{
	struct iovec local[IOV_MAX];
	struct msghdr copy;
	const struct iovec *iov;
	int cnt;

	write_delay(fd, msg != NULL ? iov_bytes(msg->msg_iov, (int)msg->msg_iovlen) : 0, SITE);
	if (msg == NULL || msg->msg_iovlen > IOV_MAX)
		return count_write(__real_sendmsg(fd, msg, flags));
	iov = msg->msg_iov;
	cnt = maybe_short_iov(fd, &iov, (int)msg->msg_iovlen, PIPE_BUF, local);
	if (iov == msg->msg_iov)
		return count_write(__real_sendmsg(fd, msg, flags));
	copy = *msg;
	copy.msg_iov = local;
	copy.msg_iovlen = (size_t)cnt;
	return count_write(__real_sendmsg(fd, &copy, flags));
}

/* Under the scheduler, waits in it rather than in the kernel (lab_sched_poll_). */
int
__wrap_poll(struct pollfd *fds, nfds_t n, int timeout)
{
	if (!lab_sched_on_())
		return __real_poll(fds, n, timeout);
	return lab_sched_poll_(fds, n, timeout, SITE);
}

/* ---------------------------------------------------------------- time and exit */

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
