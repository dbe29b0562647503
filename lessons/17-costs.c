/* SPDX-License-Identifier: MIT */
/*
 * 17-costs: what each mechanism costs, measured in one run.
 *
 * The notebooks use Queue, Pipe, Value with its lock, Process with three start
 * methods, Pool and Manager without ever asking what one operation costs. This
 * lesson measures the C/POSIX mechanisms the other lessons use, then (when
 * python3 is there) the CPython equivalents in the same run, and puts the ratio
 * beside each:
 *
 *   round trips   one byte there and back: pipe, socketpair, POSIX message queue,
 *                 shared memory + semaphore, shared memory + futex, shared memory
 *                 + busy-wait (the floor), TCP on 127.0.0.1
 *   throughput    64 KiB messages through a pipe, a socketpair, a shared ring
 *   starts        fork + wait, posix_spawn + exec + wait, thread create + join;
 *                 fork and posix_spawn again from a parent with 64 and 256 MiB touched
 *   locks         process-shared mutex, semaphore, C11 atomic add: alone, and
 *                 two processes on one counter
 *   a pool        tasks to 2 worker processes through a pipe, results back
 *
 * Every figure is a median over repetitions (samples), each sample the mean of
 * many operations, with the 10th and 90th percentiles beside it. Nothing named
 * is left behind: the shared memory object and the message queues are unlinked
 * as soon as they are open (the open descriptors and mappings keep them alive),
 * and every child asks to be killed if the lesson dies (PR_SET_PDEATHSIG).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <linux/futex.h>
#include <math.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lesson-i18n.h"

extern char **environ;

static const char *prog = "17-costs";

/* The spawned program: this same file, told to end at once (like /bin/true). */
#define EXIT_AT_ONCE "--exit-at-once"
#define HELPER_NAME "17-costs.py"
#define MSG (64 * 1024)         /* throughput message size */
#define RING_SLOTS 4

/* ------------------------------------------------------------- usage */

static void
usage(FILE *fp)
{
	fprintf(fp, _(
	    "Usage: %s [--quick] [--reps N] [--json FILE] [--no-python] [--cpu N] [--help]\n"
	    "What each mechanism costs, measured in this run: round trips through a pipe, a\n"
	    "socketpair, a POSIX message queue, shared memory with a semaphore, a futex or a\n"
	    "busy-wait, and TCP on 127.0.0.1; throughput of 64 KiB messages; starting a\n"
	    "process or a thread (and fork from a parent with 64 and 256 MiB touched); locks\n"
	    "alone and contended by two processes; a pool of 2 workers. With python3, the\n"
	    "CPython multiprocessing equivalents in the same run, and the ratio beside each.\n"
	    "Every figure: median and 10th..90th percentile over N samples.\n"
	    "\n"
	    "  --quick       few repetitions and short samples (for the tests: about 1 s)\n"
	    "  --reps N      samples per figure (1..1000; default 15, with --quick 3)\n"
	    "  --json FILE   also write every figure as JSON to FILE ('-': standard output,\n"
	    "                and the text goes to standard error)\n"
	    "  --no-python   measure the C side only\n"
	    "  --cpu N       run everything (C and Python) on CPU N only (sched_setaffinity):\n"
	    "                round trips without a cross-CPU wake-up\n"
	    "  --help        show this help and exit\n"
	    "\n"
	    "Environment: PYTHON3 the interpreter to use (default: python3 on PATH).\n"
	    "The Python side is %s, beside this program (or in the source tree).\n"
	    "\n"
	    "Exit status: 0 the measurements ran, 1 a system call failed, 2 bad usage.\n"),
	    prog, HELPER_NAME);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\nTry '%s --help'.\n"), prog);
	exit(2);
}

static void __attribute__((noreturn))
bad_option(int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		bad_usage(_("option '%s' needs a value"), arg);
	if (optopt != 0 && strncmp(arg, "--", 2) == 0)
		bad_usage(_("option '%.*s' takes no value"), (int)strcspn(arg, "="), arg);
	if (optopt != 0)
		bad_usage(_("unknown option '-%c'"), optopt);
	bad_usage(_("unknown or ambiguous option '%s'"), arg);
}

static bool
parse_number(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static int
sys_error(const char *call)
{
	fprintf(stderr, "%s: %s: %s\n", prog, call, strerror(errno));
	return -1;
}

static int
err_error(const char *call, int err)
{
	fprintf(stderr, "%s: %s: %s\n", prog, call, strerror(err));
	return -1;
}

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int
write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* read() exactly len bytes: 1, 0 at end of file (errno 0), -1 on error. */
static int
read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = read(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0) {
			errno = 0;
			return 0;
		}
		p += n;
		len -= (size_t)n;
	}
	return 1;
}

static void
close_fd(int *fd)
{
	if (*fd != -1) {
		close(*fd);
		*fd = -1;
	}
}

/* Reap pid; 0 when it exited with status 0. kill_first: SIGKILL it first. */
static int
reap(pid_t pid, bool kill_first)
{
	int status;

	if (pid <= 0)
		return 0;
	if (kill_first)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			return sys_error("waitpid");
	}
	if (kill_first)
		return 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		if (WIFEXITED(status))
			fprintf(stderr, _("%s: a child process failed (exit status %d)\n"), prog,
			    WEXITSTATUS(status));
		else
			fprintf(stderr, _("%s: a child process failed (signal %d)\n"), prog,
			    WTERMSIG(status));
		return -1;
	}
	return 0;
}

/* In a measuring child: die with the lesson, so none is ever left waiting. */
static pid_t lesson_pid;

static void
child_setup(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != lesson_pid)
		_exit(1);
}

/* ------------------------------------------------------------- the figures */

enum section { S_RT, S_TPUT, S_START, S_MEM, S_LOCK, S_POOL, S_PY, NSECTIONS };
static const char *section_ids[NSECTIONS] = {
	"latency", "throughput", "start", "memory", "locks", "pool", "python"
};

enum unit { U_US_RT, U_GBS, U_US_START, U_NS_INC, U_US_TASK, U_US_CALL };
static const struct {
	const char *sym, *words;
} units[] = {
	[U_US_RT] = { "us", N_("microseconds per round trip") },
	[U_GBS] = { "GB/s", N_("gigabytes (10^9 bytes) per second") },
	[U_US_START] = { "us", N_("microseconds per start") },
	[U_NS_INC] = { "ns", N_("nanoseconds per increment") },
	[U_US_TASK] = { "us", N_("microseconds per task") },
	[U_US_CALL] = { "us", N_("microseconds per call") },
};

struct figure {
	const char *id;
	enum section sec;
	const char *name;
	enum unit unit;
	const char *teaches;
	const char *c_equiv;    /* Python figures: the C figure it is compared with */
	double target;          /* ... and how many times faster C should be */
	/* results */
	double v[1000];
	int n;
	long ops;               /* operations (or bytes) per sample */
	double med, p10, p90, min, max;
};

/* Designated initialisers: the results start at zero. */
#define FIG(i, s, nm, u, t, ce, tg) \
	{ .id = i, .sec = s, .name = nm, .unit = u, .teaches = t, .c_equiv = ce, .target = tg }

static struct figure figs[] = {
	FIG("pipe_rt", S_RT, N_("pipe"), U_US_RT,
	    N_("two pipes, one each way: each round trip puts the other side to sleep and wakes it, twice"),
	    NULL, 0),
	FIG("socketpair_rt", S_RT, N_("socketpair (AF_UNIX stream)"), U_US_RT,
	    N_("a socket does the same work as a pipe and a little more bookkeeping"),
	    NULL, 0),
	FIG("mq_rt", S_RT, N_("POSIX message queue"), U_US_RT,
	    N_("mq_send/mq_receive keep message boundaries, at about the price of a pipe"),
	    NULL, 0),
	FIG("shm_sem_rt", S_RT, N_("shared memory + semaphore"), U_US_RT,
	    N_("no data is copied, but a sleeping side still has to be woken by the kernel"),
	    NULL, 0),
	FIG("shm_futex_rt", S_RT, N_("shared memory + futex"), U_US_RT,
	    N_("the futex is what sem_t and pthread mutexes are made of: the same wake-up, nothing less"),
	    NULL, 0),
	FIG("shm_spin_rt", S_RT, N_("shared memory + busy-wait, a CPU each"), U_US_RT,
	    N_("nobody sleeps: the floor, paid for with two CPUs that spin (useless when CPUs are scarce)"),
	    NULL, 0),
	FIG("tcp_rt", S_RT, N_("TCP on 127.0.0.1"), U_US_RT,
	    N_("the whole TCP/IP stack for one byte: dearer than a pipe even on loopback"),
	    NULL, 0),

	FIG("pipe_tput", S_TPUT, N_("pipe, 64 KiB writes"), U_GBS,
	    N_("every byte is copied twice (into the kernel, out of it), 64 KiB (the pipe's size) at a time"),
	    NULL, 0),
	FIG("socketpair_tput", S_TPUT, N_("socketpair, 64 KiB writes"), U_GBS,
	    N_("a socket's buffer is bigger than a pipe's: fewer sleeps per megabyte"),
	    NULL, 0),
	FIG("shm_tput", S_TPUT, N_("shared memory ring, 64 KiB slots"), U_GBS,
	    N_("the same two copies, memcpy in and out, with a semaphore per slot and no kernel copy"),
	    NULL, 0),

	FIG("thread_start", S_START, N_("thread create + join"), U_US_START,
	    N_("a thread shares the address space: nothing to copy, the cheapest way to run code in parallel"),
	    NULL, 0),
	FIG("fork_0mib", S_START, N_("fork + _exit + wait"), U_US_START,
	    N_("fork copies the page tables and descriptors of a small process: a few tens of microseconds or more"),
	    NULL, 0),
	FIG("spawn_0mib", S_START, N_("posix_spawn + exec + wait"), U_US_START,
	    N_("exec loads a fresh program (ld.so, libc): costs more than fork from a small parent"),
	    NULL, 0),

	FIG("fork_64mib", S_MEM, N_("fork, parent with 64 MiB touched"), U_US_START,
	    N_("fork copies the page table entries of every touched page: the cost grows with the parent"),
	    NULL, 0),
	FIG("fork_256mib", S_MEM, N_("fork, parent with 256 MiB touched"), U_US_START,
	    N_("four times the memory, about four times the page tables to copy (and to tear down)"),
	    NULL, 0),
	FIG("spawn_64mib", S_MEM, N_("posix_spawn, parent with 64 MiB touched"), U_US_START,
	    N_("posix_spawn borrows the parent's memory (CLONE_VM) until exec: no page tables copied"),
	    NULL, 0),
	FIG("spawn_256mib", S_MEM, N_("posix_spawn, parent with 256 MiB touched"), U_US_START,
	    N_("flat: a big parent should spawn, not fork (Python's spawn and forkserver exist partly for this)"),
	    NULL, 0),

	FIG("mutex_1", S_LOCK, N_("process-shared mutex, 1 process"), U_NS_INC,
	    N_("an uncontended lock is two atomic instructions in user space: no system call"),
	    NULL, 0),
	FIG("sem_1", S_LOCK, N_("semaphore as a lock, 1 process"), U_NS_INC,
	    N_("sem_wait/sem_post uncontended: also a user-space atomic, about the mutex's price"),
	    NULL, 0),
	FIG("atomic_1", S_LOCK, N_("C11 atomic_fetch_add, 1 process"), U_NS_INC,
	    N_("one locked instruction, no lock at all: the cheapest correct shared increment"),
	    NULL, 0),
	FIG("mutex_2", S_LOCK, N_("process-shared mutex, 2 processes"), U_NS_INC,
	    N_("two processes on one lock: the cache line bounces between CPUs and losers sleep in futex()"),
	    NULL, 0),
	FIG("sem_2", S_LOCK, N_("semaphore as a lock, 2 processes"), U_NS_INC,
	    N_("contended, a semaphore wakes sleepers through the kernel like the mutex"),
	    NULL, 0),
	FIG("atomic_2", S_LOCK, N_("C11 atomic_fetch_add, 2 processes"), U_NS_INC,
	    N_("contention costs even without a lock: the cache line moves from CPU to CPU"),
	    NULL, 0),

	FIG("pool_task", S_POOL, N_("2 worker processes, tasks through a pipe"), U_US_TASK,
	    N_("per task: 8 bytes to a worker, 16 back; kept in flight, so the wake-ups overlap"),
	    NULL, 0),

	FIG("py_queue_rt", S_PY, N_("Queue put/get round trip"), U_US_RT,
	    N_("put pickles and hands the item to a feeder thread, which writes a pipe; get takes a lock, reads, unpickles"),
	    "pipe_rt", 3),
	FIG("py_pipe_rt", S_PY, N_("Pipe() send/recv round trip"), U_US_RT,
	    N_("Pipe() is a socketpair: the same wake-ups, plus pickling and a length header each way"),
	    "socketpair_rt", 3),
	FIG("py_pipe_tput", S_PY, N_("Pipe(duplex=False) send_bytes 64 KiB"), U_GBS,
	    N_("bytes are not pickled: close to the C pipe, minus a fresh bytes object per message"),
	    "pipe_tput", 3),
	FIG("py_value_lock_1", S_PY, N_("Value += 1 under get_lock(), 1 process"), U_NS_INC,
	    N_("a method call, a context manager, an RLock (a semaphore) and a ctypes access per increment"),
	    "mutex_1", 20),
	FIG("py_value_lock_2", S_PY, N_("Value += 1 under get_lock(), 2 processes"), U_NS_INC,
	    N_("the same work under contention: the interpreter's cost and the lock's wake-ups"),
	    "mutex_2", 20),
	FIG("py_start_fork", S_PY, N_("Process start + join, fork"), U_US_START,
	    N_("fork plus the Process object, a sentinel pipe, and the child's exit through the interpreter"),
	    "fork_0mib", 3),
	FIG("py_start_spawn", S_PY, N_("Process start + join, spawn"), U_US_START,
	    N_("a fresh interpreter that imports multiprocessing and this script: tens of milliseconds"),
	    "spawn_0mib", 3),
	FIG("py_start_forkserver", S_PY, N_("Process start + join, forkserver"), U_US_START,
	    N_("a request over a socket to the server, which forks: fork's cost plus a round trip or two"),
	    "fork_0mib", 3),
	FIG("py_pool_task", S_PY, N_("Pool(2).map per task, chunksize=1"), U_US_TASK,
	    N_("each task is pickled, queued by a handler thread, run, and its result queued back"),
	    "pool_task", 3),
	FIG("py_manager_call", S_PY, N_("Manager dict proxy call (d[k] = v)"), U_US_CALL,
	    N_("every proxy call is a pickled request and reply over a socket to the manager process"),
	    "socketpair_rt", 3),
};
#define NFIGS (sizeof figs / sizeof figs[0])

static struct figure *
fig(const char *id)
{
	size_t i;

	for (i = 0; i < NFIGS; i++)
		if (strcmp(figs[i].id, id) == 0)
			return &figs[i];
	return NULL;
}

static void
record(struct figure *f, double value, long ops)
{
	if (f->n < (int)(sizeof f->v / sizeof f->v[0]))
		f->v[f->n++] = value;
	f->ops = ops;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
percentile(const double *s, int n, double q)
{
	double pos = q * (n - 1);
	int i = (int)pos;

	if (i >= n - 1)
		return s[n - 1];
	return s[i] + (pos - i) * (s[i + 1] - s[i]);
}

static void
summarise(struct figure *f)
{
	double s[1000];

	if (f->n == 0)
		return;
	memcpy(s, f->v, sizeof s[0] * f->n);
	qsort(s, f->n, sizeof s[0], cmp_double);
	f->min = s[0];
	f->max = s[f->n - 1];
	f->med = percentile(s, f->n, 0.5);
	f->p10 = percentile(s, f->n, 0.1);
	f->p90 = percentile(s, f->n, 0.9);
}

/* ------------------------------------------------------------- scale */

static struct {
	int reps;
	long rt;          /* round trips per sample */
	long tput;        /* bytes per sample */
	long starts;      /* process starts per sample */
	long threads;     /* thread starts per sample */
	long lock1;       /* increments per sample, one process */
	long lock2;       /* increments per process per sample, two processes */
	long tasks;       /* pool tasks per sample */
} sc;

/* ------------------------------------------------------------- shared memory */

struct shared {
	sem_t ping, pong;               /* shm + semaphore round trip */
	atomic_uint turn;               /* futex round trip: 0 parent's turn, 1 child's */
	atomic_uint spin;               /* busy-wait round trip, same meaning */
	pthread_mutex_t mutex;
	sem_t lock;                     /* a semaphore used as a lock (value 1) */
	atomic_long counter;
	long plain;                     /* incremented under the mutex or the semaphore */
	long long end_ns[2];            /* contended runs: when each process finished */
	sem_t full, empty;              /* the throughput ring */
	char ring[RING_SLOTS][MSG];
};

static struct shared *sh;
static bool sems_ready, mutex_ready;

/* shm_open, map, and unlink at once: the mapping keeps the memory alive, and no
 * name is left behind whatever happens next. */
static int
shared_open(void)
{
	pthread_mutexattr_t ma;
	char name[64];
	int fd, err;

	snprintf(name, sizeof name, "/proclab-17-costs-%ld", (long)getpid());
	if ((fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600)) == -1)
		return sys_error("shm_open");
	shm_unlink(name);
	if (ftruncate(fd, sizeof *sh) == -1) {
		sys_error("ftruncate");
		close(fd);
		return -1;
	}
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (sh == MAP_FAILED) {
		sh = NULL;
		return sys_error("mmap");
	}
	if (sem_init(&sh->ping, 1, 0) == -1 || sem_init(&sh->pong, 1, 0) == -1 ||
	    sem_init(&sh->lock, 1, 1) == -1 || sem_init(&sh->full, 1, 0) == -1 ||
	    sem_init(&sh->empty, 1, RING_SLOTS) == -1)
		return sys_error("sem_init");
	sems_ready = true;
	if ((err = pthread_mutexattr_init(&ma)) != 0 ||
	    (err = pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED)) != 0 ||
	    (err = pthread_mutex_init(&sh->mutex, &ma)) != 0)
		return err_error("pthread_mutex_init", err);
	pthread_mutexattr_destroy(&ma);
	mutex_ready = true;
	return 0;
}

static void
shared_close(void)
{
	if (sh == NULL)
		return;
	if (sems_ready) {
		sem_destroy(&sh->ping);
		sem_destroy(&sh->pong);
		sem_destroy(&sh->lock);
		sem_destroy(&sh->full);
		sem_destroy(&sh->empty);
	}
	if (mutex_ready)
		pthread_mutex_destroy(&sh->mutex);
	munmap(sh, sizeof *sh);
	sh = NULL;
}

static long
futex(atomic_uint *addr, int op, unsigned val)
{
	/* Not FUTEX_PRIVATE_FLAG: the word is shared between processes. */
	return syscall(SYS_futex, (uint32_t *)addr, op, val, NULL, NULL, 0);
}

static int
sem_wait_intr(sem_t *s)
{
	while (sem_wait(s) == -1) {
		if (errno != EINTR)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- round trips */

enum mech { M_PIPE, M_SOCKET, M_MQ, M_SEM, M_FUTEX, M_SPIN, M_TCP };

struct chan {
	enum mech m;
	int rfd[2], wfd[2];     /* [side]: 0 the lesson, 1 the child */
	mqd_t q[2];             /* q[0] lesson -> child, q[1] child -> lesson */
};

static int
chan_send(struct chan *c, int side)
{
	char b = 'x';

	switch (c->m) {
	case M_PIPE:
	case M_SOCKET:
	case M_TCP:
		return write_all(c->wfd[side], &b, 1);
	case M_MQ:
		while (mq_send(c->q[side], &b, 1, 0) == -1) {
			if (errno != EINTR)
				return -1;
		}
		return 0;
	case M_SEM:
		return sem_post(side == 0 ? &sh->ping : &sh->pong);
	case M_FUTEX:
		atomic_store(&sh->turn, 1u - side);
		return futex(&sh->turn, FUTEX_WAKE, 1) == -1 ? -1 : 0;
	case M_SPIN:
		atomic_store(&sh->spin, 1u - side);
		return 0;
	}
	return -1;
}

static int
chan_recv(struct chan *c, int side)
{
	char buf[16];
	unsigned spins = 0;

	switch (c->m) {
	case M_PIPE:
	case M_SOCKET:
	case M_TCP:
		return read_all(c->rfd[side], buf, 1) == 1 ? 0 : -1;
	case M_MQ:
		while (mq_receive(c->q[1 - side], buf, sizeof buf, NULL) == -1) {
			if (errno != EINTR)
				return -1;
		}
		return 0;
	case M_SEM:
		return sem_wait_intr(side == 0 ? &sh->pong : &sh->ping);
	case M_FUTEX:
		while (atomic_load(&sh->turn) != (unsigned)side) {
			if (futex(&sh->turn, FUTEX_WAIT, 1u - side) == -1 &&
			    errno != EAGAIN && errno != EINTR)
				return -1;
		}
		return 0;
	case M_SPIN:
		/* Spin; now and then give the CPU away, in case the other side
		 * is waiting for one (2 CPUs, shared with others). */
		while (atomic_load_explicit(&sh->spin, memory_order_acquire) != (unsigned)side) {
			if (++spins % 1024 == 0)
				sched_yield();
		}
		return 0;
	}
	return -1;
}

static void
chan_close(struct chan *c)
{
	int s;

	for (s = 0; s < 2; s++) {
		if (c->rfd[s] == c->wfd[s])
			c->wfd[s] = -1;
		close_fd(&c->rfd[s]);
		close_fd(&c->wfd[s]);
		if (c->q[s] != (mqd_t)-1) {
			mq_close(c->q[s]);
			c->q[s] = (mqd_t)-1;
		}
	}
}

/* A connected TCP pair on 127.0.0.1: *a the client, *b the accepted side. */
static int
tcp_pair(int *a, int *b)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof sin;
	int lfd, one = 1;

	*a = *b = -1;
	if ((lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return sys_error("socket");
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = 0;               /* any free port */
	if (bind(lfd, (struct sockaddr *)&sin, sizeof sin) == -1) {
		sys_error("bind (127.0.0.1)");
		goto fail;
	}
	if (listen(lfd, 1) == -1 || getsockname(lfd, (struct sockaddr *)&sin, &len) == -1) {
		sys_error("listen");
		goto fail;
	}
	if ((*a = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		sys_error("socket");
		goto fail;
	}
	if (connect(*a, (struct sockaddr *)&sin, sizeof sin) == -1) {
		sys_error("connect (127.0.0.1)");
		goto fail;
	}
	if ((*b = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1) {
		sys_error("accept");
		goto fail;
	}
	/* One byte, sent now: no Nagle delay waiting for more. */
	setsockopt(*a, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	setsockopt(*b, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	close(lfd);
	return 0;
fail:
	close(lfd);
	close_fd(a);
	close_fd(b);
	return -1;
}

static int
chan_open(struct chan *c, enum mech m)
{
	int p1[2], p2[2], sv[2];
	char name[2][64];
	struct mq_attr attr;
	int s;

	c->m = m;
	for (s = 0; s < 2; s++) {
		c->rfd[s] = c->wfd[s] = -1;
		c->q[s] = (mqd_t)-1;
	}
	switch (m) {
	case M_PIPE:
		if (pipe2(p1, O_CLOEXEC) == -1)
			return sys_error("pipe");
		if (pipe2(p2, O_CLOEXEC) == -1) {
			close(p1[0]);
			close(p1[1]);
			return sys_error("pipe");
		}
		c->wfd[0] = p1[1];      /* lesson -> child */
		c->rfd[1] = p1[0];
		c->wfd[1] = p2[1];      /* child -> lesson */
		c->rfd[0] = p2[0];
		return 0;
	case M_SOCKET:
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
			return sys_error("socketpair");
		c->rfd[0] = c->wfd[0] = sv[0];
		c->rfd[1] = c->wfd[1] = sv[1];
		return 0;
	case M_TCP:
		if (tcp_pair(&sv[0], &sv[1]) == -1)
			return -1;
		c->rfd[0] = c->wfd[0] = sv[0];
		c->rfd[1] = c->wfd[1] = sv[1];
		return 0;
	case M_MQ:
		memset(&attr, 0, sizeof attr);
		attr.mq_maxmsg = 1;
		attr.mq_msgsize = 8;
		for (s = 0; s < 2; s++) {
			snprintf(name[s], sizeof name[s], "/proclab-17-costs-%ld-%d", (long)getpid(), s);
			c->q[s] = mq_open(name[s], O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600, &attr);
			if (c->q[s] == (mqd_t)-1) {
				sys_error("mq_open");
				chan_close(c);
				return -1;
			}
			mq_unlink(name[s]);     /* the descriptors keep it; no name left */
		}
		return 0;
	case M_SEM:
	case M_FUTEX:
	case M_SPIN:
		atomic_store(&sh->turn, 0);
		atomic_store(&sh->spin, 0);
		return 0;
	}
	return -1;
}

/* The child's ends only: closes the lesson's ends (so it sees EOF if we die). */
static void
chan_keep_side(struct chan *c, int side)
{
	int other = 1 - side;

	if (c->rfd[other] == c->wfd[other])
		c->wfd[other] = -1;
	close_fd(&c->rfd[other]);
	close_fd(&c->wfd[other]);
}

/* For the busy-wait: the first two CPUs we may use, so that each side has its
 * own (two spinners on one CPU only take turns). False if there is just one. */
static bool pinned_by_user;

static bool
two_cpus(cpu_set_t *saved, int cpu[2])
{
	int i, k = 0;

	if (pinned_by_user || sched_getaffinity(0, sizeof *saved, saved) == -1)
		return false;
	for (i = 0; i < CPU_SETSIZE && k < 2; i++)
		if (CPU_ISSET(i, saved))
			cpu[k++] = i;
	return k == 2;
}

static void
pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof set, &set);
}

static int
bench_rt(enum mech m, const char *id)
{
	struct figure *f = fig(id);
	struct chan c;
	long i, total, warm = 20;
	long long t0;
	pid_t pid;
	int r, cpu[2];
	cpu_set_t saved;
	bool pinned = m == M_SPIN && two_cpus(&saved, cpu);

	if (chan_open(&c, m) == -1)
		return -1;
	total = warm + (long)sc.reps * sc.rt;
	fflush(NULL);
	if ((pid = fork()) == -1) {
		sys_error("fork");
		chan_close(&c);
		return -1;
	}
	if (pid == 0) {
		/* The echo: receive a byte, send it back. */
		child_setup();
		if (pinned)
			pin(cpu[1]);
		chan_keep_side(&c, 1);
		for (i = 0; i < total; i++)
			if (chan_recv(&c, 1) == -1 || chan_send(&c, 1) == -1)
				_exit(1);
		_exit(0);
	}
	if (pinned)
		pin(cpu[0]);
	chan_keep_side(&c, 0);
	for (i = 0; i < warm; i++)
		if (chan_send(&c, 0) == -1 || chan_recv(&c, 0) == -1)
			goto fail;
	for (r = 0; r < sc.reps; r++) {
		t0 = now_ns();
		for (i = 0; i < sc.rt; i++)
			if (chan_send(&c, 0) == -1 || chan_recv(&c, 0) == -1)
				goto fail;
		record(f, (now_ns() - t0) / 1e3 / sc.rt, sc.rt);
	}
	if (pinned)
		sched_setaffinity(0, sizeof saved, &saved);
	chan_close(&c);
	return reap(pid, false);
fail:
	if (errno != 0)
		fprintf(stderr, _("%s: %s round trip: %s\n"), prog, _(f->name), strerror(errno));
	else
		fprintf(stderr, _("%s: %s round trip: the child went away\n"), prog, _(f->name));
	if (pinned)
		sched_setaffinity(0, sizeof saved, &saved);
	chan_close(&c);
	reap(pid, true);
	return -1;
}

/* ------------------------------------------------------------- throughput */

static int
bench_tput_fd(bool sock, const char *id)
{
	struct figure *f = fig(id);
	static char buf[MSG];
	long long t0, total = (long long)(sc.reps + 1) * sc.tput, got;
	int fds[2], r;
	ssize_t n;
	pid_t pid;

	if (sock ? socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == -1
	    : pipe2(fds, O_CLOEXEC) == -1)
		return sys_error(sock ? "socketpair" : "pipe");
	/* fds[1] writes, fds[0] reads, as with the pipe */
	memset(buf, 'x', sizeof buf);
	fflush(NULL);
	if ((pid = fork()) == -1) {
		sys_error("fork");
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		long long sent;

		child_setup();
		close(fds[0]);
		for (sent = 0; sent < total; sent += MSG)
			if (write_all(fds[1], buf, MSG) == -1)
				_exit(1);
		_exit(0);
	}
	close(fds[1]);
	/* Sample 0 warms up (and includes the child's start): not recorded. */
	for (r = 0; r <= sc.reps; r++) {
		t0 = now_ns();
		for (got = 0; got < sc.tput; got += n) {
			/* never past the sample: the writer stops at the total */
			n = read(fds[0], buf, sc.tput - got < MSG ? (size_t)(sc.tput - got) : MSG);
			if (n == -1 && errno == EINTR) {
				n = 0;
				continue;
			}
			if (n <= 0) {
				if (n == 0)
					fprintf(stderr, _("%s: %s: the writer went away\n"), prog,
					    _(f->name));
				else
					fprintf(stderr, "%s: %s: %s\n", prog, _(f->name),
					    strerror(errno));
				close(fds[0]);
				reap(pid, true);
				return -1;
			}
		}
		if (r > 0)
			record(f, (double)got / (now_ns() - t0), got);
	}
	close(fds[0]);
	return reap(pid, false);
}

static int
bench_tput_shm(void)
{
	struct figure *f = fig("shm_tput");
	static char buf[MSG];
	long i, per = sc.tput / MSG, total = (sc.reps + 1) * per;
	long long t0;
	int r;
	pid_t pid;

	memset(buf, 'x', sizeof buf);
	fflush(NULL);
	if ((pid = fork()) == -1)
		return sys_error("fork");
	if (pid == 0) {
		child_setup();
		for (i = 0; i < total; i++) {
			if (sem_wait_intr(&sh->empty) == -1)
				_exit(1);
			memcpy(sh->ring[i % RING_SLOTS], buf, MSG);
			sem_post(&sh->full);
		}
		_exit(0);
	}
	for (r = 0, i = 0; r <= sc.reps; r++) {
		long k;

		t0 = now_ns();
		for (k = 0; k < per; k++, i++) {
			if (sem_wait_intr(&sh->full) == -1) {
				sys_error("sem_wait");
				reap(pid, true);
				return -1;
			}
			memcpy(buf, sh->ring[i % RING_SLOTS], MSG);
			sem_post(&sh->empty);
		}
		if (r > 0)
			record(f, (double)per * MSG / (now_ns() - t0), per * MSG);
	}
	return reap(pid, false);
}

/* ------------------------------------------------------------- starting */

static void *
thread_noop(void *arg)
{
	return arg;
}

static int
start_fork(void)
{
	pid_t pid = fork();

	if (pid == -1)
		return sys_error("fork");
	if (pid == 0)
		_exit(0);
	return reap(pid, false);
}

static int
start_spawn(void)
{
	char *args[] = { (char *)prog, (char *)EXIT_AT_ONCE, NULL };
	pid_t pid;
	int err;

	if ((err = posix_spawn(&pid, "/proc/self/exe", NULL, NULL, args, environ)) != 0)
		return err_error("posix_spawn", err);
	return reap(pid, false);
}

static int
start_thread(void)
{
	pthread_t t;
	int err;

	if ((err = pthread_create(&t, NULL, thread_noop, NULL)) != 0)
		return err_error("pthread_create", err);
	if ((err = pthread_join(t, NULL)) != 0)
		return err_error("pthread_join", err);
	return 0;
}

static int
bench_start(int (*start)(void), long batch, const char *id)
{
	struct figure *f = fig(id);
	long long t0;
	long i;
	int r;

	fflush(NULL);
	if (start() == -1)              /* warm up */
		return -1;
	for (r = 0; r < sc.reps; r++) {
		t0 = now_ns();
		for (i = 0; i < batch; i++)
			if (start() == -1)
				return -1;
		record(f, (now_ns() - t0) / 1e3 / batch, batch);
	}
	return 0;
}

/* Touch the pages of [from, to) MiB of mem: a page fault each, then a page table entry. */
static void
touch(char *mem, long from, long to)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), off;

	for (off = (size_t)from << 20; off < (size_t)to << 20; off += page)
		mem[off] = 1;
}

/* fork and posix_spawn from a parent with 0, 64 and 256 MiB of private memory touched:
 * one mapping of 256 MiB, its first 64 touched, then the rest (none touched twice). */
static int
bench_memory(void)
{
	size_t len = (size_t)256 << 20;
	char *mem;
	int rc;

	if (bench_start(start_fork, sc.starts, "fork_0mib") == -1 ||
	    bench_start(start_spawn, sc.starts, "spawn_0mib") == -1)
		return -1;
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return sys_error("mmap");
	touch(mem, 0, 64);
	rc = bench_start(start_fork, sc.starts, "fork_64mib");
	if (rc == 0)
		rc = bench_start(start_spawn, sc.starts, "spawn_64mib");
	if (rc == 0) {
		touch(mem, 64, 256);
		rc = bench_start(start_fork, sc.starts, "fork_256mib");
	}
	if (rc == 0)
		rc = bench_start(start_spawn, sc.starts, "spawn_256mib");
	munmap(mem, len);
	return rc;
}

/* ------------------------------------------------------------- locks */

enum lockkind { L_MUTEX, L_SEM, L_ATOMIC };

static int
increments(enum lockkind k, long n)
{
	long i;

	for (i = 0; i < n; i++) {
		switch (k) {
		case L_MUTEX:
			if (pthread_mutex_lock(&sh->mutex) != 0)
				return -1;
			sh->plain++;
			pthread_mutex_unlock(&sh->mutex);
			break;
		case L_SEM:
			if (sem_wait_intr(&sh->lock) == -1)
				return -1;
			sh->plain++;
			sem_post(&sh->lock);
			break;
		case L_ATOMIC:
			atomic_fetch_add(&sh->counter, 1);
			break;
		}
	}
	return 0;
}

static long
counted(enum lockkind k)
{
	return k == L_ATOMIC ? atomic_load(&sh->counter) : sh->plain;
}

static int
bench_lock1(enum lockkind k, const char *id)
{
	struct figure *f = fig(id);
	long long t0;
	int r;

	sh->plain = 0;
	atomic_store(&sh->counter, 0);
	increments(k, sc.lock1 / 10);   /* warm up */
	for (r = 0; r < sc.reps; r++) {
		t0 = now_ns();
		if (increments(k, sc.lock1) == -1) {
			fprintf(stderr, _("%s: %s: the lock failed\n"), prog, _(f->name));
			return -1;
		}
		record(f, (double)(now_ns() - t0) / sc.lock1, sc.lock1);
	}
	return 0;
}

/* Two processes, each sc.lock2 increments, released together; the time from the
 * release until the later one finished, per increment. And the count is checked. */
static int
bench_lock2(enum lockkind k, const char *id)
{
	struct figure *f = fig(id);
	pid_t pid[2] = { -1, -1 };
	int go[2] = { -1, -1 }, ready[2] = { -1, -1 };
	long long t0, t1;
	char b[2];
	int r, j, rc = -1;

	for (r = 0; r < sc.reps; r++) {
		sh->plain = 0;
		atomic_store(&sh->counter, 0);
		if (pipe2(go, O_CLOEXEC) == -1 || pipe2(ready, O_CLOEXEC) == -1) {
			sys_error("pipe");
			goto out;
		}
		fflush(NULL);
		for (j = 0; j < 2; j++) {
			if ((pid[j] = fork()) == -1) {
				sys_error("fork");
				goto out;
			}
			if (pid[j] == 0) {
				child_setup();
				close(go[1]);
				close(ready[0]);
				if (write_all(ready[1], "r", 1) == -1)
					_exit(1);
				/* Blocks until the lesson closes its end of 'go'. */
				if (read(go[0], b, 1) != 0)
					_exit(1);
				if (increments(k, sc.lock2) == -1)
					_exit(1);
				sh->end_ns[j] = now_ns();
				_exit(0);
			}
		}
		close_fd(&ready[1]);
		if (read_all(ready[0], b, 2) != 1) {
			fprintf(stderr, _("%s: %s: a child did not start\n"), prog, _(f->name));
			goto out;
		}
		t0 = now_ns();
		close_fd(&go[1]);               /* both wake up: go */
		for (j = 0; j < 2; j++) {
			int e = reap(pid[j], false);

			pid[j] = -1;
			if (e == -1)
				goto out;
		}
		close_fd(&go[0]);
		close_fd(&ready[0]);
		if (counted(k) != 2 * sc.lock2) {
			fprintf(stderr, _("%s: %s: counted %ld, expected %ld\n"), prog, _(f->name),
			    counted(k), 2 * sc.lock2);
			goto out;
		}
		t1 = sh->end_ns[0] > sh->end_ns[1] ? sh->end_ns[0] : sh->end_ns[1];
		record(f, (double)(t1 - t0) / (2.0 * sc.lock2), 2 * sc.lock2);
	}
	rc = 0;
out:
	for (j = 0; j < 2; j++)
		if (pid[j] > 0)
			reap(pid[j], true);
	close_fd(&go[0]);
	close_fd(&go[1]);
	close_fd(&ready[0]);
	close_fd(&ready[1]);
	return rc;
}

/* ------------------------------------------------------------- a pool */

/* Workers: read an 8-byte task (a negative one: stop), answer {task, task^2}. */
static void __attribute__((noreturn))
pool_worker(int tasks, int results)
{
	long t, ans[2];

	for (;;) {
		if (read_all(tasks, &t, sizeof t) != 1)
			_exit(1);
		if (t < 0)
			_exit(0);
		ans[0] = t;
		ans[1] = t * t;
		if (write_all(results, ans, sizeof ans) == -1)
			_exit(1);
	}
}

/* One map(): n tasks, at most 256 in flight; the sum of squares checked. */
static int
pool_map(int tasks, int results, long n)
{
	long buf[64], res[2 * 64], sent = 0, got = 0, sum = 0, want = 0, k, i;
	ssize_t m;
	size_t have = 0;
	char *rp = (char *)res;

	for (i = 0; i < n; i++)
		want += i * i;
	while (got < n) {
		if (sent < n && sent - got < 256) {
			k = n - sent;
			if (k > 64)
				k = 64;
			if (k > 256 - (sent - got))
				k = 256 - (sent - got);
			for (i = 0; i < k; i++)
				buf[i] = sent + i;
			/* 512 bytes at most: one atomic write (PIPE_BUF) */
			if (write_all(tasks, buf, (size_t)k * sizeof buf[0]) == -1)
				return sys_error("write (tasks)");
			sent += k;
			continue;
		}
		m = read(results, rp + have, sizeof res - have);
		if (m == -1 && errno == EINTR)
			continue;
		if (m <= 0) {
			if (m == 0)
				fprintf(stderr, _("%s: pool: a worker went away\n"), prog);
			else
				fprintf(stderr, _("%s: pool: %s\n"), prog, strerror(errno));
			return -1;
		}
		have += (size_t)m;
		for (i = 0; (size_t)(i + 1) * 2 * sizeof(long) <= have; i++) {
			sum += res[2 * i + 1];
			got++;
		}
		have -= (size_t)i * 2 * sizeof(long);
		memmove(rp, rp + (size_t)i * 2 * sizeof(long), have);
	}
	if (sum != want) {
		fprintf(stderr, _("%s: pool: the squares add up to %ld, not %ld\n"), prog, sum, want);
		return -1;
	}
	return 0;
}

static int
bench_pool(void)
{
	struct figure *f = fig("pool_task");
	int tp[2] = { -1, -1 }, rp[2] = { -1, -1 }, r, j, rc = -1;
	pid_t pid[2] = { -1, -1 };
	long stop[2] = { -1, -1 };
	long long t0;

	if (pipe2(tp, O_CLOEXEC) == -1 || pipe2(rp, O_CLOEXEC) == -1) {
		sys_error("pipe");
		goto out;
	}
	fflush(NULL);
	for (j = 0; j < 2; j++) {
		if ((pid[j] = fork()) == -1) {
			sys_error("fork");
			goto out;
		}
		if (pid[j] == 0) {
			child_setup();
			close(tp[1]);
			close(rp[0]);
			pool_worker(tp[0], rp[1]);
		}
	}
	close_fd(&tp[0]);
	close_fd(&rp[1]);
	if (pool_map(tp[1], rp[0], sc.tasks / 4 + 1) == -1)     /* warm up */
		goto out;
	for (r = 0; r < sc.reps; r++) {
		t0 = now_ns();
		if (pool_map(tp[1], rp[0], sc.tasks) == -1)
			goto out;
		record(f, (now_ns() - t0) / 1e3 / sc.tasks, sc.tasks);
	}
	if (write_all(tp[1], stop, sizeof stop) == -1) {
		sys_error("write (tasks)");
		goto out;
	}
	rc = 0;
	for (j = 0; j < 2; j++) {
		if (reap(pid[j], false) == -1)
			rc = -1;
		pid[j] = -1;
	}
out:
	for (j = 0; j < 2; j++)
		if (pid[j] > 0)
			reap(pid[j], true);
	close_fd(&tp[0]);
	close_fd(&tp[1]);
	close_fd(&rp[0]);
	close_fd(&rp[1]);
	return rc;
}

/* ------------------------------------------------------------- the C side */

static int
run_c(void)
{
	static const struct {
		enum mech m;
		const char *id;
	} rts[] = {
		{ M_PIPE, "pipe_rt" }, { M_SOCKET, "socketpair_rt" }, { M_MQ, "mq_rt" },
		{ M_SEM, "shm_sem_rt" }, { M_FUTEX, "shm_futex_rt" }, { M_SPIN, "shm_spin_rt" },
		{ M_TCP, "tcp_rt" },
	};
	size_t i;

	for (i = 0; i < sizeof rts / sizeof rts[0]; i++)
		if (bench_rt(rts[i].m, rts[i].id) == -1)
			return -1;
	if (bench_tput_fd(false, "pipe_tput") == -1 || bench_tput_fd(true, "socketpair_tput") == -1 ||
	    bench_tput_shm() == -1)
		return -1;
	if (bench_start(start_thread, sc.threads, "thread_start") == -1)
		return -1;
	if (bench_memory() == -1)
		return -1;
	if (bench_lock1(L_MUTEX, "mutex_1") == -1 || bench_lock1(L_SEM, "sem_1") == -1 ||
	    bench_lock1(L_ATOMIC, "atomic_1") == -1 || bench_lock2(L_MUTEX, "mutex_2") == -1 ||
	    bench_lock2(L_SEM, "sem_2") == -1 || bench_lock2(L_ATOMIC, "atomic_2") == -1)
		return -1;
	return bench_pool();
}

/* ------------------------------------------------------------- the Python side */

static char py_exe[PATH_MAX], py_version[64], py_helper[PATH_MAX];
static char py_skipped[PATH_MAX + 128];         /* why not: English, for the JSON */
static char py_skipped_text[PATH_MAX + 256];    /* ... and in the student's language */

/* Why the Python side did not run (or not to the end), in both languages. */
static void __attribute__((format(printf, 1, 2)))
skip_python(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(py_skipped, sizeof py_skipped, fmt, ap);
	va_end(ap);
	va_start(ap, fmt);
	vsnprintf(py_skipped_text, sizeof py_skipped_text, _(fmt), ap);
	va_end(ap);
}

/* PYTHON3 from the environment, else python3 on PATH; false (and why) if none. */
static bool
find_python(void)
{
	const char *env = getenv("PYTHON3"), *path = getenv("PATH"), *p, *e;
	size_t len;

	if (env != NULL && *env != '\0') {
		if (access(env, X_OK) != 0) {
			skip_python(N_("PYTHON3=%s is not an executable"), env);
			return false;
		}
		snprintf(py_exe, sizeof py_exe, "%s", env);
		return true;
	}
	for (p = path != NULL ? path : "/usr/bin:/bin"; *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		len = (size_t)(e - p);
		if (len > 0 && len + sizeof "/python3" < sizeof py_exe) {
			snprintf(py_exe, sizeof py_exe, "%.*s/python3", (int)len, p);
			if (access(py_exe, X_OK) == 0)
				return true;
		}
	}
	skip_python(N_("python3 is not on PATH (or set PYTHON3)"));
	return false;
}

/* The helper: beside this program (installed, or an in-tree build), else in the
 * source tree when this program is in the build tree: ../.proclab-build-tree names it. */
static bool
find_helper(void)
{
	char exe[PATH_MAX], mark[PATH_MAX + 32], src[PATH_MAX], *slash;
	FILE *fp;

	if (realpath("/proc/self/exe", exe) == NULL) {
		skip_python(N_("cannot tell where this program is"));
		return false;
	}
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	snprintf(py_helper, sizeof py_helper, "%.*s/%s", PATH_MAX - 20, exe, HELPER_NAME);
	if (access(py_helper, R_OK) == 0)
		return true;
	snprintf(mark, sizeof mark, "%s/../.proclab-build-tree", exe);
	if ((fp = fopen(mark, "r")) != NULL) {
		if (fgets(src, sizeof src, fp) != NULL) {
			src[strcspn(src, "\n")] = '\0';
			snprintf(py_helper, sizeof py_helper, "%.*s/lessons/%s", PATH_MAX - 40, src,
			    HELPER_NAME);
		}
		fclose(fp);
		if (access(py_helper, R_OK) == 0)
			return true;
	}
	skip_python(N_("%s is missing"), py_helper);
	return false;
}

/* One line of the helper: "version X" or "figure ID V1 V2 ...". */
static void
py_line(char *line)
{
	struct figure *f;
	char *tok, *save, *end;
	double v;

	tok = strtok_r(line, " \n", &save);
	if (tok == NULL)
		return;
	if (strcmp(tok, "version") == 0) {
		if ((tok = strtok_r(NULL, " \n", &save)) != NULL)
			snprintf(py_version, sizeof py_version, "%s", tok);
		return;
	}
	if (strcmp(tok, "figure") != 0 || (tok = strtok_r(NULL, " \n", &save)) == NULL)
		return;
	if ((f = fig(tok)) == NULL || f->sec != S_PY)
		return;
	if ((tok = strtok_r(NULL, " \n", &save)) == NULL)
		return;
	f->ops = strtol(tok, &end, 10);
	while ((tok = strtok_r(NULL, " \n", &save)) != NULL) {
		v = strtod(tok, &end);
		if (*end == '\0' && isfinite(v) && v > 0)
			record(f, v, f->ops);
	}
}

/* Run the helper in its own process group, read its figures; a deadline, after
 * which the whole group is killed. Returns -1 only when a call of ours failed;
 * a helper that fails leaves py_skipped set. */
static int
run_python(bool quick, int timeout_s)
{
	char reps[16], *args[7], buf[65536], *nl;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	struct pollfd pfd;
	size_t have = 0;
	long long deadline;
	int fds[2], err, status, n, i = 0;
	pid_t pid;
	ssize_t m;

	snprintf(reps, sizeof reps, "%d", sc.reps);
	args[i++] = py_exe;
	args[i++] = py_helper;
	args[i++] = (char *)"--reps";
	args[i++] = reps;
	if (quick)
		args[i++] = (char *)"--quick";
	args[i] = NULL;
	if (pipe2(fds, O_CLOEXEC) == -1)
		return sys_error("pipe");
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	fflush(NULL);
	err = posix_spawn(&pid, py_exe, &fa, &attr, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(fds[1]);
	if (err != 0) {
		close(fds[0]);
		/* strerror in the C locale for the JSON, in the student's for the text */
		locale_t c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);

		snprintf(py_skipped, sizeof py_skipped, "cannot run %s: %s", py_exe,
		    c_locale != (locale_t)0 ? strerror_l(err, c_locale) : strerror(err));
		snprintf(py_skipped_text, sizeof py_skipped_text, _("cannot run %s: %s"), py_exe,
		    strerror(err));
		if (c_locale != (locale_t)0)
			freelocale(c_locale);
		return 0;
	}
	deadline = now_ns() + timeout_s * 1000000000LL;
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	for (;;) {
		long long left = (deadline - now_ns()) / 1000000;

		if (left <= 0) {
			skip_python(N_("the Python side took more than %d s and was stopped"),
			    timeout_s);
			kill(-pid, SIGKILL);
			break;
		}
		n = poll(&pfd, 1, (int)(left > INT_MAX ? INT_MAX : left));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			sys_error("poll");
			kill(-pid, SIGKILL);
			close(fds[0]);
			reap(pid, true);
			return -1;
		}
		if (n == 0)
			continue;
		m = read(fds[0], buf + have, sizeof buf - 1 - have);
		if (m == -1 && errno == EINTR)
			continue;
		if (m <= 0)
			break;
		have += (size_t)m;
		buf[have] = '\0';
		while ((nl = strchr(buf, '\n')) != NULL) {
			*nl = '\0';
			py_line(buf);
			have -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, have + 1);
		}
		if (have == sizeof buf - 1)
			have = 0;       /* an absurd line: drop it */
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR)
			return sys_error("waitpid");
	}
	/* Its children too, if any outlived it. */
	kill(-pid, SIGKILL);
	if (py_skipped[0] == '\0' && WIFEXITED(status) && WEXITSTATUS(status) != 0)
		skip_python(N_("%s %s failed (exit status %d); see its messages above"), py_exe,
		    HELPER_NAME, WEXITSTATUS(status));
	else if (py_skipped[0] == '\0' && !WIFEXITED(status))
		skip_python(N_("%s %s failed (signal %d); see its messages above"), py_exe,
		    HELPER_NAME, WTERMSIG(status));
	return 0;
}

/* ------------------------------------------------------------- reporting */

static double
ratio(const struct figure *py)
{
	const struct figure *c = fig(py->c_equiv);

	if (c == NULL || c->n == 0 || py->n == 0)
		return NAN;
	/* How many times better C is: for a rate C / Python, for a time Python / C. */
	return py->unit == U_GBS ? c->med / py->med : py->med / c->med;
}

static const char *
num(double v, char *buf, size_t size)
{
	int prec = v >= 100 ? 0 : v >= 10 ? 1 : v >= 1 ? 2 : 3;

	snprintf(buf, size, "%.*f", prec, v);
	return buf;
}

/* The width of the figures' names in this language: 42 columns, or the widest. */
static int
name_width(void)
{
	int width = 42, w;
	size_t i;

	for (i = 0; i < NFIGS; i++)
		if ((w = lesson_width(_(figs[i].name))) > width)
			width = w;
	return width;
}

static void
print_figure(FILE *out, const struct figure *f, int width)
{
	char a[32], b[32], c[32];

	if (f->n == 0)
		return;
	fprintf(out, "  ");
	lesson_pad(out, _(f->name), width);
	fprintf(out, " %9s %s  (p10 %s, p90 %s)\n", num(f->med, a, sizeof a),
	    _(units[f->unit].words), num(f->p10, b, sizeof b), num(f->p90, c, sizeof c));
	fprintf(out, "      %s\n", _(f->teaches));
}

static void
print_section(FILE *out, enum section s, const char *title)
{
	int width = name_width();
	size_t i;

	fprintf(out, "\n%s\n", title);
	for (i = 0; i < NFIGS; i++)
		if (figs[i].sec == s)
			print_figure(out, &figs[i], width);
}

static double
med(const char *id)
{
	const struct figure *f = fig(id);

	return f != NULL && f->n > 0 ? f->med : NAN;
}

/* The first lines: how many samples, how many CPUs, pinned or not. */
static void
report_head(FILE *out, bool quick, int cpu)
{
	fprintf(out, _("What each mechanism costs, measured in this run (samples per figure: %d;\n"
	    "CPUs online: %ld).\n"), sc.reps, sysconf(_SC_NPROCESSORS_ONLN));
	if (quick)
		fprintf(out, _("--quick: short samples, and few of them: rougher figures than a full "
		    "run's.\n"));
	if (cpu >= 0)
		fprintf(out, _("Everything runs on CPU %d only (--cpu).\n"), cpu);
	else
		fprintf(out, _("Not pinned: the two sides of a round trip may run on two CPUs (--cpu N\n"
		    "pins everything to CPU N).\n"));
	fprintf(out, _("Each figure: the median over the samples, then the 10th and 90th "
	    "percentiles.\n"));
}

/* The sections of the C side, each with what one sample did. */
static void
report_c(FILE *out)
{
	char t[512];

	snprintf(t, sizeof t, _("Round-trip latency: one byte there and back, %ld round trips per "
	    "sample"), sc.rt);
	print_section(out, S_RT, t);
	snprintf(t, sizeof t, _("Throughput: %ld MiB per sample in 64 KiB messages, one writer, one "
	    "reader"), sc.tput >> 20);
	print_section(out, S_TPUT, t);
	snprintf(t, sizeof t, ngettext("Starting a process or a thread: start, let it end at once, "
	    "wait for it (%ld start per sample, threads %ld)", "Starting a process or a thread: "
	    "start, let it end at once, wait for it (%ld starts per sample, threads %ld)",
	    (unsigned long)sc.starts), sc.starts, sc.threads);
	print_section(out, S_START, t);
	print_section(out, S_MEM, _("fork and the parent's memory: the same starts after touching "
	    "64 and 256 MiB (4 KiB pages)"));
	snprintf(t, sizeof t, _("Locks: lock, increment a shared counter, unlock (%ld increments per "
	    "sample alone; %ld per process with two)"), sc.lock1, sc.lock2);
	print_section(out, S_LOCK, t);
	snprintf(t, sizeof t, _("A pool: map() of %ld squares over 2 worker processes"), sc.tasks);
	print_section(out, S_POOL, t);
}

/* C against CPython; *met and *cmp: the figures at their target, the figures compared. */
static void
report_python(FILE *out, bool python_wanted, int *met, int *cmp)
{
	int width = name_width();
	char a[32];
	size_t i;

	*met = *cmp = 0;
	if (!python_wanted) {
		fprintf(out, _("\nC against CPython: skipped (--no-python)\n"));
		return;
	}
	if (fig("py_pipe_rt")->n == 0 && py_skipped[0] != '\0') {
		fprintf(out, _("\nC against CPython: skipped: %s\n"), py_skipped_text);
		return;
	}
	fprintf(out, _("\nC against CPython %s (%s), measured after the C side in the same run\n"),
	    py_version[0] ? py_version : "?", py_exe);
	if (py_skipped[0] != '\0')
		fprintf(out, _("  (incomplete: %s)\n"), py_skipped_text);
	fprintf(out, _("ratio: how many times faster (or, for GB/s, more) the C counterpart is\n"));
	for (i = 0; i < NFIGS; i++) {
		const struct figure *f = &figs[i], *c;
		double r;

		if (f->sec != S_PY || f->n == 0)
			continue;
		c = fig(f->c_equiv);
		r = ratio(f);
		print_figure(out, f, width);
		fprintf(out, "      C: %s %s %s -> %.1fx\n", _(c->name), num(c->med, a, sizeof a),
		    units[c->unit].sym, r);
		(*cmp)++;
		if (r >= f->target)
			(*met)++;
	}
}

static void
report(FILE *out, bool quick, int cpu, bool python_wanted)
{
	char t[32], a[32], b[32], d[32];
	int met, cmp;

	report_head(out, quick, cpu);
	report_c(out);
	report_python(out, python_wanted, &met, &cmp);

	/* What happened, in this run's numbers. */
	fprintf(out, _("\nWhat the figures say\n"));
	{
		static const char *sleepers[] = { "pipe_rt", "socketpair_rt", "mq_rt", "shm_sem_rt",
		    "shm_futex_rt", "tcp_rt" };
		double lo = INFINITY, hi = 0;
		size_t i;

		for (i = 0; i < sizeof sleepers / sizeof sleepers[0]; i++) {
			double v = med(sleepers[i]);

			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
		fprintf(out, _(
		    "- Every round trip whose waiting side sleeps took %s to %s us: the price is\n"
		    "  waking a process, twice, whatever carries the byte. It depends most on where\n"
		    "  the scheduler puts the two sides: on one CPU a wake-up is a context switch, across\n"
		    "  CPUs (in a virtual machine above all) an interrupt to the other CPU, several\n"
		    "  times dearer; the p10..p90 spread shows both. Only the busy-wait (%s us)\n"
		    "  sleeps never, and it holds two CPUs to do it.\n"),
		    num(lo, t, sizeof t), num(hi, a, sizeof a), num(med("shm_spin_rt"), b, sizeof b));
	}
	{
		double f0 = med("fork_0mib"), f256 = med("fork_256mib");
		double s0 = med("spawn_0mib"), s256 = med("spawn_256mib");

		fprintf(out, _(
		    "- fork took %s us from a small parent and %s us with 256 MiB touched: about\n"
		    "  %.1f us more per MiB, the page tables it copies (and frees at exit).\n"
		    "  posix_spawn took %s us and %s us: it shares the parent's memory until exec.\n"),
		    num(f0, t, sizeof t), num(f256, a, sizeof a), (f256 - f0) / 256,
		    num(s0, b, sizeof b), num(s256, d, sizeof d));
	}
	fprintf(out, _(
	    "- An uncontended lock costs %s ns (mutex) and an atomic add %s ns: no system call.\n"
	    "  Two processes on one counter: %s ns and %s ns per increment; the cache line and\n"
	    "  the sleeping loser cost more than the lock itself.\n"),
	    num(med("mutex_1"), t, sizeof t), num(med("atomic_1"), a, sizeof a),
	    num(med("mutex_2"), b, sizeof b), num(med("atomic_2"), d, sizeof d));
	if (cmp > 0)
		fprintf(out, _(
		    "- CPython: %d of %d figures are at least the target (3x, 20x for the locked\n"
		    "  increment) slower than C. Where the kernel's wake-up dominates (round trips,\n"
		    "  a Manager call) the interpreter adds less; where C does no system call at all\n"
		    "  (a lock, an increment) Python's own work is all there is.\n"), met, cmp);
	fprintf(out, _(
	    "Times are wall-clock (CLOCK_MONOTONIC) on a machine others share: compare figures\n"
	    "from the same run only; --cpu 0 shows the round trips without cross-CPU wake-ups.\n"));
}

static void
json_str(FILE *o, const char *s)
{
	fputc('"', o);
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(o, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(o, "\\u%04x", ch);
		else
			fputc(ch, o);
	}
	fputc('"', o);
}

/* A number, or null if it is not finite (JSON has no NaN). */
static void
json_num(FILE *o, double v)
{
	if (isfinite(v))
		fprintf(o, "%.6g", v);
	else
		fputs("null", o);
}

static void
write_json(FILE *o, bool quick, int cpu, bool python_wanted)
{
	size_t i;
	bool first = true;

	fprintf(o, "{\n  \"lesson\": \"17-costs\",\n  \"format\": 1,\n");
	fprintf(o, "  \"quick\": %s,\n  \"samples\": %d,\n", quick ? "true" : "false", sc.reps);
	fprintf(o, "  \"cpus_online\": %ld,\n  \"pinned_cpu\": ", sysconf(_SC_NPROCESSORS_ONLN));
	if (cpu >= 0)
		fprintf(o, "%d,\n", cpu);
	else
		fprintf(o, "null,\n");
	fprintf(o, "  \"python\": ");
	if (python_wanted && py_version[0] != '\0') {
		fprintf(o, "{\"executable\": ");
		json_str(o, py_exe);
		fprintf(o, ", \"version\": ");
		json_str(o, py_version);
		fprintf(o, ", \"helper\": ");
		json_str(o, py_helper);
		fprintf(o, "},\n");
	} else {
		fprintf(o, "null,\n");
	}
	fprintf(o, "  \"python_skipped\": ");
	if (!python_wanted)
		json_str(o, "--no-python");
	else if (py_skipped[0] != '\0')
		json_str(o, py_skipped);
	else
		fputs("null", o);
	fprintf(o, ",\n  \"figures\": {");
	for (i = 0; i < NFIGS; i++) {
		const struct figure *f = &figs[i];

		if (f->n == 0)
			continue;
		fprintf(o, "%s\n    ", first ? "" : ",");
		first = false;
		json_str(o, f->id);
		fprintf(o, ": {\"section\": ");
		json_str(o, section_ids[f->sec]);
		fprintf(o, ", \"name\": ");
		json_str(o, f->name);
		fprintf(o, ", \"unit\": ");
		json_str(o, units[f->unit].words);
		fprintf(o, ", \"unit_symbol\": ");
		json_str(o, units[f->unit].sym);
		fprintf(o, ", \"higher_is_better\": %s", f->unit == U_GBS ? "true" : "false");
		fprintf(o, ", \"samples\": %d, \"operations_per_sample\": %ld", f->n, f->ops);
		fprintf(o, ",\n      \"median\": ");
		json_num(o, f->med);
		fprintf(o, ", \"p10\": ");
		json_num(o, f->p10);
		fprintf(o, ", \"p90\": ");
		json_num(o, f->p90);
		fprintf(o, ", \"min\": ");
		json_num(o, f->min);
		fprintf(o, ", \"max\": ");
		json_num(o, f->max);
		fprintf(o, ",\n      \"teaches\": ");
		json_str(o, f->teaches);
		fprintf(o, "}");
	}
	fprintf(o, "\n  },\n  \"comparisons\": [");
	first = true;
	for (i = 0; i < NFIGS; i++) {
		const struct figure *f = &figs[i];
		double r;

		if (f->sec != S_PY || f->n == 0)
			continue;
		r = ratio(f);
		fprintf(o, "%s\n    {\"python\": ", first ? "" : ",");
		first = false;
		json_str(o, f->id);
		fprintf(o, ", \"c\": ");
		json_str(o, f->c_equiv);
		fprintf(o, ", \"ratio\": ");
		json_num(o, r);
		fprintf(o, ", \"target\": %g, \"met\": %s}", f->target, r >= f->target ? "true" : "false");
	}
	fprintf(o, "%s]\n}\n", first ? "" : "\n  ");
}

/* ------------------------------------------------------------- main */

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ "reps", required_argument, NULL, 'r' },
		{ "json", required_argument, NULL, 'j' },
		{ "no-python", no_argument, NULL, 'P' },
		{ "cpu", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	const char *json = NULL;
	bool quick = false, python = true;
	long reps = 0, cpu = -1;
	FILE *out = stdout, *jf = NULL;
	size_t i;
	int c, rc = 1;

	if (argc == 2 && strcmp(argv[1], EXIT_AT_ONCE) == 0)
		return 0;               /* the program posix_spawn starts */

	lesson_i18n();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'q':
			quick = true;
			break;
		case 'r':
			if (!parse_number(optarg, 1, 1000, &reps))
				bad_usage(_("%s: '%s' is not a whole number from %ld to %ld"), "--reps",
				    optarg, 1L, 1000L);
			break;
		case 'j':
			if (optarg[0] == '\0')
				bad_usage(_("--json: give a file name, or '-' for standard output"));
			json = optarg;
			break;
		case 'P':
			python = false;
			break;
		case 'c':
			if (!parse_number(optarg, 0, CPU_SETSIZE - 1, &cpu))
				bad_usage(_("--cpu: '%s' is not a CPU number from 0 to %d"), optarg,
				    CPU_SETSIZE - 1);
			break;
		default:
			bad_option(c, argv);
		}
	}
	if (optind < argc)
		bad_usage(_("unexpected argument '%s'"), argv[optind]);

	if (quick) {
		/* well under 2 s with the Python side (HACKING): 3 samples, one start each */
		sc.reps = 3;
		sc.rt = 200;
		sc.tput = 4L << 20;
		sc.starts = 1;
		sc.threads = 20;
		sc.lock1 = 100000;
		sc.lock2 = 20000;
		sc.tasks = 200;
	} else {
		sc.reps = 15;
		sc.rt = 2000;
		sc.tput = 64L << 20;
		sc.starts = 10;
		sc.threads = 200;
		sc.lock1 = 1000000;
		sc.lock2 = 200000;
		sc.tasks = 2000;
	}
	if (reps > 0)
		sc.reps = (int)reps;

	if (cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		pinned_by_user = true;
		if (sched_setaffinity(0, sizeof set, &set) == -1) {
			fprintf(stderr, "%s: sched_setaffinity (CPU %ld): %s\n", prog, cpu, strerror(errno));
			return 1;
		}
	}
	if (json != NULL) {
		if (strcmp(json, "-") == 0) {
			jf = stdout;
			out = stderr;
		} else if ((jf = fopen(json, "w")) == NULL) {
			fprintf(stderr, "%s: %s: %s\n", prog, json, strerror(errno));
			return 1;
		}
	}
	signal(SIGPIPE, SIG_IGN);       /* a dead peer: EPIPE, reported, not a silent death */
	lesson_pid = getpid();

	if (shared_open() == -1 || run_c() == -1)
		goto out;
	if (python && find_python() && find_helper())
		if (run_python(quick, quick ? 30 : 300) == -1)
			goto out;
	for (i = 0; i < NFIGS; i++)
		summarise(&figs[i]);
	report(out, quick, (int)cpu, python);
	if (jf != NULL) {
		write_json(jf, quick, (int)cpu, python);
		if (jf != stdout ? fclose(jf) != 0 : fflush(jf) != 0) {
			jf = NULL;
			fprintf(stderr, "%s: %s: %s\n", prog, json, strerror(errno));
			goto out;
		}
		jf = NULL;
	}
	lesson_where(out, "17-costs.c", "17-costs.py");
	rc = 0;
out:
	if (jf != NULL && jf != stdout)
		fclose(jf);
	shared_close();
	return rc;
}
