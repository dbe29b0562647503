/* SPDX-License-Identifier: MIT */
/*
 * test_limit.c: the driving side of exercise 10 (at most K workers inside at once).
 * Do not edit: the grader uses its own copy.
 *
 * The judge (judge_limit.c) chooses N, K and the rounds and decides; this file calls
 * run_limited() with them and reports what it saw. The section it hands to run_limited()
 * counts, in shared memory, how many workers are inside it right now and the largest
 * number ever seen. The first sections wait until K workers are inside together (a limit
 * that is too strict never gets there), then stay long enough for one more worker to get
 * in if the limit lets it (a limit that is too loose is caught). run_limited() itself runs
 * in a process of the test, watched with a deadline: workers stuck for ever (a missing
 * sem_post) are reported, not waited for.
 *
 * Under proclab's scheduler (lab_scheduled) there is no clock to gather by: a section is
 * a lab_think() that lets every other process go as far as it can first, so every worker
 * the limit lets in is inside with it, on every schedule; run_limited's process is one of
 * the test's (lab_spawn), joined for good: workers stuck for ever are the scheduler's
 * deadlock, told with each one's line.
 *
 * The test also notes where the semaphore is, when the code uses sem_init: this file's
 * sem_init (the linker takes it before the C library's) records the address's mapping
 * (shared or private, from /proc/self/maps), pshared, the value and which process called
 * it, then calls the library's. That only ever explains a failure: a named semaphore, a
 * pipe of tokens or anything else that limits right passes without it.
 *
 * Run by hand:  ./test_limit TEST $(judge plan TEST SEED)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <semaphore.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lab.h"
#include "labtest.h"
#include "limit.h"

/* The harness's own processes use the real calls: lab_counts() shows only limit.c. */
pid_t __real_fork(void);
pid_t __real_waitpid(pid_t, int *, int);

#define MAX_WORKERS	16
#define DEADLINE_MS	2000
#define GATHER_MS	400     /* how long the first sections wait for K workers */

/* How the call of run_limited ended (report outcome). */
enum { RETURNED, DEADLINE, CALLER_KILLED, CALLER_EXITED };
/* Where the first sem_init's semaphore was (report sem_memory). */
enum { SEM_NONE, SEM_SHARED_MAP, SEM_PRIVATE_MAP, SEM_UNKNOWN_MAP };

struct shared {
	int	nworkers, k, rounds, want;      /* want = min(k, nworkers) */
	int	fail_worker;                    /* ends with status 3 in its first section */
	long	hold_us;                        /* stay in the section this long */
	pid_t	driver;                         /* the process that calls run_limited */
	int	inside, max_inside;             /* atomic */
	int	gathered;                       /* 1: want workers were inside together */
	long	gather_start_ms;
	long	sections, left;                 /* atomic: entered, and left again */
	long	calls[MAX_WORKERS];
	pid_t	pid[MAX_WORKERS];
	long	bad_worker;                     /* a section called with a bad index (+1) */
	int	ret, err;                       /* what run_limited returned */
	int	returned;
	long	children;                       /* left after run_limited: 1 zombie, 2 running */
	struct lab_counts c0, counts;           /* before and after run_limited */
	/* the first sem_init during run_limited, and how many there were */
	long	sem_inits, sem_memory, sem_pshared, sem_value, sem_in_worker;
};

static struct shared *sh;

static void
sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* ------------------------------------------------------------ where the semaphore is */

/* The mapping of ADDR in this process: shared (rw-s), private, or not found. */
static long
mapping_of(const void *addr)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512], perms[8];
	uintptr_t a = (uintptr_t)addr, lo, hi;
	long where = SEM_UNKNOWN_MAP;

	if (f == NULL)
		return SEM_UNKNOWN_MAP;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %7s", &lo, &hi, perms) == 3 &&
		    a >= lo && a < hi) {
			where = perms[3] == 's' ? SEM_SHARED_MAP : SEM_PRIVATE_MAP;
			break;
		}
	fclose(f);
	return where;
}

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
/* The student's sem_init: noted, then the C library's (dlsym is in libc since 2.34). */
int
sem_init(sem_t *s, int pshared, unsigned value)
{
	static int (*real)(sem_t *, int, unsigned);

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "sem_init");
	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	if (sh != NULL && __atomic_fetch_add(&sh->sem_inits, 1, __ATOMIC_SEQ_CST) == 0) {
		sh->sem_memory = mapping_of(s);
		sh->sem_pshared = pshared;
		sh->sem_value = value;
		sh->sem_in_worker = getpid() != sh->driver ||
		    lab_counts().forks > sh->c0.forks;
	}
	return real(s, pshared, value);
}
#endif

/* ------------------------------------------------------------ the section */

static void
note_max_inside(int in)
{
	int max = __atomic_load_n(&sh->max_inside, __ATOMIC_SEQ_CST);

	while (in > max && !__atomic_compare_exchange_n(&sh->max_inside, &max, in, false,
	    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
}

/* The first sections: wait (bounded) until `want` workers are inside. */
static void
gather(struct shared *s)
{
	long zero = 0, t = now_ms();

	__atomic_compare_exchange_n(&s->gather_start_ms, &zero, t, false, __ATOMIC_SEQ_CST,
	    __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&s->gathered, __ATOMIC_SEQ_CST)) {
		if (__atomic_load_n(&s->inside, __ATOMIC_SEQ_CST) >= s->want ||
		    now_ms() - __atomic_load_n(&s->gather_start_ms, __ATOMIC_SEQ_CST) > GATHER_MS)
			__atomic_store_n(&s->gathered, 1, __ATOMIC_SEQ_CST);
		else
			sleep_us(100);
	}
}

static void
section(int worker, void *arg)
{
	struct shared *s = arg;

	if (worker < 0 || worker >= s->nworkers) {
		__atomic_store_n(&s->bad_worker, (long)worker + 1, __ATOMIC_SEQ_CST);
		return;
	}
	if (s->pid[worker] == 0)
		s->pid[worker] = getpid();
	s->calls[worker]++;
	__atomic_add_fetch(&s->sections, 1, __ATOMIC_SEQ_CST);
	note_max_inside(__atomic_add_fetch(&s->inside, 1, __ATOMIC_SEQ_CST));
	if (worker == s->fail_worker) {         /* a worker that fails, its unit with it */
		__atomic_sub_fetch(&s->inside, 1, __ATOMIC_SEQ_CST);
		__atomic_add_fetch(&s->left, 1, __ATOMIC_SEQ_CST);
		_exit(3);
	}
	if (lab_scheduled()) {
		lab_think();    /* every other process first: all the limit lets in come in */
	} else {
		if (!__atomic_load_n(&s->gathered, __ATOMIC_SEQ_CST))
			gather(s);
		/* Long enough for one more worker to come in, if the limit lets it. */
		sleep_us(s->hold_us + (long)(lab_random() % 500));
	}
	__atomic_sub_fetch(&s->inside, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&s->left, 1, __ATOMIC_SEQ_CST);
}

/* ------------------------------------------------------------ the call */

static void
driver(void *unused)
{
	(void)unused;
	sh->driver = getpid();
	if (setpgid(0, 0) == -1)
		lab_fail("setpgid (test harness): %s", lab_strerror(errno));
	sh->c0 = lab_counts();
	errno = 0;
	sh->ret = run_limited(sh->nworkers, sh->k, sh->rounds, section, sh);
	sh->err = errno;
	if (getpid() != sh->driver)
		lab_fail("a worker process returned from run_limited: end every worker with "
		    "_exit(0) when its rounds are done");
	sh->counts = lab_counts();
	sh->children = lab_children_left(NULL);
	sh->returned = 1;
	_exit(0);
}

/* Under the scheduler: run_limited in a process of the test, joined; how it ended. */
static int
run_scheduled(long *how)
{
	pid_t pid;
	int status;

	lab_set_think_overlap(true);
	pid = lab_spawn(driver, NULL);
	setpgid(pid, pid);      /* also done by the child: whichever runs first */
	status = lab_join(pid);
	lab_stop_group(pid);    /* workers a run_limited left running */
	*how = status < 0 ? -status : status;
	if (sh->returned)
		return RETURNED;
	return status < 0 ? CALLER_KILLED : CALLER_EXITED;
}

/* Runs run_limited in a process of the test, with a deadline: how it ended. */
static int
run(long *how)
{
	pid_t pid;
	int status;
	long t0;

	if (lab_scheduled())
		return run_scheduled(how);
	fflush(stdout);
	fflush(stderr);
	pid = __real_fork();
	if (pid == -1)
		lab_fail("fork (test harness): %s", lab_strerror(errno));
	if (pid == 0)
		driver(NULL);
	setpgid(pid, pid);      /* also done by the child: whichever runs first */
	*how = 0;
	for (t0 = now_ms(); now_ms() - t0 < DEADLINE_MS; sleep_us(2000)) {
		pid_t r = __real_waitpid(pid, &status, WNOHANG);

		if (r == -1)
			lab_fail("waitpid (test harness): %s", lab_strerror(errno));
		if (r != pid)
			continue;
		kill(-pid, SIGKILL);    /* workers a run_limited left running */
		if (sh->returned)
			return RETURNED;
		*how = WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status);
		return WIFSIGNALED(status) ? CALLER_KILLED : CALLER_EXITED;
	}
	sh->counts = lab_counts();
	kill(-pid, SIGKILL);
	__real_waitpid(pid, NULL, 0);
	return DEADLINE;
}

/* What run_limited's processes did, as the judge needs it. */
static void
report_run(int outcome, long how)
{
	long same = 0, in_driver = 0, inside = __atomic_load_n(&sh->inside, __ATOMIC_SEQ_CST);

	for (int i = 0; i < sh->nworkers; i++) {
		in_driver += sh->calls[i] > 0 && sh->pid[i] == sh->driver;
		for (int j = 0; j < i && same == 0; j++)
			if (sh->calls[i] > 0 && sh->pid[i] == sh->pid[j])
				same = (long)j * MAX_WORKERS + i + 1;
	}
	lab_report_long("outcome", outcome);
	lab_report_long("how", how);
	lab_report_long("max_inside", sh->max_inside);
	lab_report_long("sections", sh->sections);
	lab_report_long("inside", inside);
	lab_report_longs("calls", sh->calls, (size_t)sh->nworkers);
	lab_report_long("bad_worker", sh->bad_worker);
	lab_report_long("in_driver", in_driver);
	lab_report_long("same_process", same);
	lab_report_long("forks", sh->counts.forks - sh->c0.forks);
	lab_report_long("sem_waits", sh->counts.sem_waits - sh->c0.sem_waits);
	lab_report_long("sem_posts", sh->counts.sem_posts - sh->c0.sem_posts);
	lab_report_long("mutex_locks", sh->counts.mutex_locks - sh->c0.mutex_locks);
	lab_report_long("sem_inits", sh->sem_inits);
	if (sh->sem_inits > 0) {
		lab_report_long("sem_memory", sh->sem_memory);
		lab_report_long("sem_pshared", sh->sem_pshared);
		lab_report_long("sem_value", sh->sem_value);
		lab_report_long("sem_in_worker", sh->sem_in_worker);
	}
	if (outcome != RETURNED)
		return;
	lab_report_long("ret", sh->ret);
	lab_report_long("errno", sh->err);
	lab_report_long("children", sh->children);
}

/* One call of run_limited with the judge's N, K and rounds; FAILS: its worker
 * fail_worker ends with status 3 in its first section (the semaphore's unit it took is
 * lost with it: K is 2 or more then, so the others go on). */
static void
limited(bool fails)
{
	long how;
	int outcome;

	sh = lab_shared(sizeof *sh);
	sh->nworkers = (int)lab_input_long("nworkers");
	sh->k = (int)lab_input_long("k");
	sh->rounds = (int)lab_input_long("rounds");
	sh->fail_worker = fails ? (int)lab_input_long("fail_worker") : -1;
	if (sh->nworkers < 1 || sh->nworkers > MAX_WORKERS || sh->k < 1 || sh->rounds < 0 ||
	    (fails && (sh->k < 2 || sh->rounds < 1 || sh->fail_worker < 0 ||
	    sh->fail_worker >= sh->nworkers)))
		lab_fail("harness: %d workers, k %d, %d rounds, worker %d fails", sh->nworkers,
		    sh->k, sh->rounds, sh->fail_worker);
	/* after a failure, fewer than K units are left: K together is not asked then */
	sh->want = fails ? 1 : sh->k < sh->nworkers ? sh->k : sh->nworkers;
	/* Longer than the delays the grader injects around sem_wait and sem_post. */
	sh->hold_us = 1000 + 2 * lab_delay_us();
	outcome = run(&how);
	report_run(outcome, how);
}

static void
test_run(void)
{
	limited(false);
}

static void
test_worker_fails(void)
{
	limited(true);
}

#define test_one_at_a_time test_run
#define test_three_of_six test_run
#define test_varied test_run
#define test_all_fit test_run

/* run_limited with the judge's invalid arguments, in the harness process. */
static void
test_bad_arguments(void)
{
	long nw[4], k[4], rounds[4], ret[4], err[4];
	size_t n = lab_input_longs("nworkers", nw, 4);
	long forks0 = lab_counts().forks;

	if (lab_input_longs("k", k, 4) != n || lab_input_longs("rounds", rounds, 4) != n)
		lab_fail("harness: nworkers, k and rounds differ in length");
	for (size_t i = 0; i < n; i++) {
		errno = 0;
		ret[i] = run_limited((int)nw[i], (int)k[i], (int)rounds[i], section, NULL);
		err[i] = errno;
	}
	lab_report_longs("rets", ret, n);
	lab_report_longs("errnos", err, n);
	lab_report_long("forks", lab_counts().forks - forks0);
	lab_report_long("children", lab_children_left(NULL));
}

LAB_MAIN(LAB_TEST(one_at_a_time), LAB_TEST(three_of_six), LAB_TEST(varied),
    LAB_TEST(all_fit), LAB_TEST(worker_fails), LAB_TEST(bad_arguments))
