/* SPDX-License-Identifier: MIT */
/*
 * labtest.c: the harness side of the exercise runtime: lab_main, the judge's inputs,
 * the report, failing and expectations, shared memory, seeded randomness, counters.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "labtest.h"
#include "lab-internal.h"

struct lab_state *lab_state_;
struct lab_config lab_config_ = {
	.seed = 1, .delay_us = 0, .think_us = 1000, .short_io_percent = 50,
	.spurious_percent = 10, .record_fd = -1
};
int lab_internal_;

pid_t lab_harness_pid_;                 /* the process that runs the test and writes the record */
#define harness_pid lab_harness_pid_
static const char *test_name;
static bool in_test, record_written;
static char **inputs;                   /* NAME=VALUE arguments after the test's name */
static int ninputs;
static uint64_t rng[4];                 /* xoshiro256** state of this process */

/* ---------------------------------------------------------------- basics */

__attribute__((noreturn)) void
lab_internal_error_(const char *call)
{
	char buf[256];
	int n = snprintf(buf, sizeof buf, "proclab runtime: %s: %s\n", call, strerror(errno));

	lab_internal_++;
	if (n > 0)
		(void)!write(STDERR_FILENO, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
	_exit(3);
}

static struct lab_counts counts_of(const long *);

/* This process's own counts (a child starts with its parent's): lab_own_counts. */
static long own_counts[LAB_C_COUNT];

void
lab_count_(enum lab_counter c)
{
	if (lab_state_ != NULL)
		__atomic_add_fetch(&lab_state_->counters[c], 1, __ATOMIC_SEQ_CST);
	own_counts[c]++;
}

void
lab_sleep_us_(long us)
{
	struct timespec ts, rem;

	if (us <= 0)
		return;
	ts.tv_sec = us / 1000000;
	ts.tv_nsec = (us % 1000000) * 1000;
	while (nanosleep(&ts, &rem) == -1) {
		if (errno != EINTR)
			lab_internal_error_("nanosleep");
		ts = rem;
	}
}

/* ---------------------------------------------------------------- randomness */

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_seed(uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		rng[i] = splitmix64(&x);
}

/* Under the scheduler, a child's random numbers (its short transfers, its spurious wakeups)
 * come from the run's seed and its place in the schedule, not from whatever its parent had
 * drawn by then, which may depend on time (a loop until a wall-clock stall): a replay must
 * inject the same. */
void
lab_rng_fork_(uint64_t slot)
{
	rng_seed(lab_config_.seed ^ ((slot + 1) * 0x9e3779b97f4a7c15ULL));
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
lab_random(void)
{
	uint64_t result = rotl(rng[1] * 5, 7) * 9;
	uint64_t t = rng[1] << 17;

	rng[2] ^= rng[0];
	rng[3] ^= rng[1];
	rng[1] ^= rng[2];
	rng[0] ^= rng[3];
	rng[2] ^= t;
	rng[3] = rotl(rng[3], 45);
	return result;
}

uint64_t
lab_random_below(uint64_t n)
{
	return n == 0 ? 0 : lab_random() % n;
}

uint64_t
lab_seed(void)
{
	return lab_config_.seed;
}

/* Each forked process gets its own stream: the seed mixed with its serial number. */
static void
atfork_child(void)
{
	long serial = 0;

	lab_sched_forget_();    /* a fork the wrapper did not see runs uncontrolled */
	if (lab_state_ != NULL)
		serial = __atomic_add_fetch(&lab_state_->processes, 1, __ATOMIC_SEQ_CST);
	rng_seed(lab_config_.seed ^ ((uint64_t)serial * 0xd1342543de82ef95ULL));
}

void
lab_delay(void)
{
	long max = lab_config_.delay_us;
	uint64_t r;

	if (max <= 0)
		return;
	r = lab_random();
	switch (r & 3) {
	case 0:
		break;
	case 1:
		sched_yield();
		break;
	default:
		lab_sleep_us_((long)((r >> 2) % (uint64_t)(max + 1)));
		break;
	}
}

/* ---------------------------------------------------------------- setup */

__attribute__((constructor)) static void
lab_setup(void)
{
	void *p;

	p = mmap(NULL, sizeof *lab_state_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		lab_internal_error_("mmap");
	lab_state_ = p;
	harness_pid = getpid();
	rng_seed(lab_config_.seed);
	errno = pthread_atfork(NULL, NULL, atfork_child);
	if (errno != 0)
		lab_internal_error_("pthread_atfork");
	lab_crash_setup_();
}

void *
lab_shared(size_t size)
{
	void *p;

	if (size == 0)
		size = 1;
	if ((p = lab_sched_shared_(size)) != NULL)
		return p;       /* where the scheduler can watch it */
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		lab_internal_error_("mmap");
	return p;
}

void
lab_watch(const char *name, const void *addr, size_t size)
{
	lab_sched_watch_(name, addr, size);
}

void
lab_watch_locked(const char *name, const void *addr, size_t size)
{
	lab_sched_watch_locked_(name, addr, size);
}

void
lab_watch_region(const char *name, const void *addr)
{
	lab_order_watch_(name, addr);
}

struct lab_counts
lab_counts(void)
{
	struct lab_counts c;
	long v[LAB_C_COUNT];

	for (int i = 0; i < LAB_C_COUNT; i++)
		v[i] = __atomic_load_n(&lab_state_->counters[i], __ATOMIC_SEQ_CST);
	c = counts_of(v);
	c.max_thinking = __atomic_load_n(&lab_state_->max_thinking, __ATOMIC_SEQ_CST);
	return c;
}

struct lab_counts
lab_own_counts(void)
{
	return counts_of(own_counts);
}

void
lab_expect_released(const char *call)
{
	static long taken0, given0;     /* a child starts with its parent's, as the counts */
	long taken = own_counts[LAB_C_MUTEX_LOCKS] + own_counts[LAB_C_SEM_WAITS];
	long given = own_counts[LAB_C_MUTEX_UNLOCKS] + own_counts[LAB_C_SEM_POSTS];

	if (call != NULL && taken - taken0 > given - given0)
		lab_fail("%s returned still holding the lock: it took %ld and gave back %ld "
		    "(locks and semaphores, in any form). Unlock on every way out of the "
		    "function, an early return too", call, taken - taken0, given - given0);
	taken0 = taken;
	given0 = given;
}

static struct lab_counts
counts_of(const long *v)
{
	struct lab_counts c;

	memset(&c, 0, sizeof c);
	c.forks = v[LAB_C_FORKS];
	c.fork_failures = v[LAB_C_FORK_FAILURES];
	c.reaps = v[LAB_C_REAPS];
	c.mutex_locks = v[LAB_C_MUTEX_LOCKS];
	c.mutex_unlocks = v[LAB_C_MUTEX_UNLOCKS];
	c.sem_waits = v[LAB_C_SEM_WAITS];
	c.sem_posts = v[LAB_C_SEM_POSTS];
	c.cond_waits = v[LAB_C_COND_WAITS];
	c.cond_signals = v[LAB_C_COND_SIGNALS];
	c.reads = v[LAB_C_READS];
	c.writes = v[LAB_C_WRITES];
	c.thinks = v[LAB_C_THINKS];
	return c;
}

void
lab_counts_reset(void)
{
	for (int i = 0; i < LAB_C_COUNT; i++)
		__atomic_store_n(&lab_state_->counters[i], 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&lab_state_->max_thinking,
	    __atomic_load_n(&lab_state_->thinking, __ATOMIC_SEQ_CST), __ATOMIC_SEQ_CST);
}

void
lab_set_think_us(long us)
{
	lab_config_.think_us = us < 0 ? 0 : us;
}

void
lab_set_think_overlap(bool on)
{
	lab_config_.think_overlap = on;
}

long
lab_think_us(void)
{
	return lab_config_.think_us;
}

long
lab_delay_us(void)
{
	return lab_config_.delay_us;
}

void
lab_set_short_io(int percent)
{
	lab_config_.short_io_percent = percent < 0 ? 0 : percent > 100 ? 100 : percent;
}

void
lab_set_spurious_wakeups(int percent)
{
	lab_config_.spurious_percent = percent < 0 ? 0 : percent > 100 ? 100 : percent;
}

/* ---------------------------------------------------------------- the record */

static void
put_line(char *buf, size_t size, size_t *len, const char *key, const char *value)
{
	size_t i;

	if (*len + strlen(key) + 3 >= size)
		return;
	*len += (size_t)snprintf(buf + *len, size - *len, value[0] != '\0' ? "%s " : "%s", key);
	for (i = 0; value[i] != '\0' && *len + 2 < size; i++) {
		unsigned char ch = (unsigned char)value[i];

		buf[(*len)++] = ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;
	}
	buf[(*len)++] = '\n';
	buf[*len] = '\0';
}

static void
write_all_fd(int fd, const char *buf, size_t len)
{
	lab_internal_++;
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			lab_internal_error_("write (verdict record)");
		}
		buf += n;
		len -= (size_t)n;
	}
	lab_internal_--;
}

static int
record_fd(void)
{
	return lab_config_.record_fd >= 0 ? lab_config_.record_fd : STDOUT_FILENO;
}

/* The end of the report: "done", or the failure with its values. Written once. */
static void
write_record(bool passed, const char *message, const char *expected, const char *actual)
{
	char buf[LAB_MSG_MAX + 2 * LAB_VAL_MAX + 64];
	size_t len = 0;

	if (record_written)
		return;
	record_written = true;
	fflush(stdout);
	fflush(stderr);
	buf[0] = '\0';
	if (passed)
		put_line(buf, sizeof buf, &len, LAB_REPORT_DONE, "");
	else
		put_line(buf, sizeof buf, &len, LAB_REPORT_FAILED, message != NULL &&
		    message[0] != '\0' ? message : _("the test failed"));
	if (expected != NULL && expected[0] != '\0')
		put_line(buf, sizeof buf, &len, LAB_REPORT_EXPECTED, expected);
	if (actual != NULL && actual[0] != '\0')
		put_line(buf, sizeof buf, &len, LAB_REPORT_ACTUAL, actual);
	write_all_fd(record_fd(), buf, len);
}

/* Claim the run's failure slot; false when another process failed first. */
static bool
claim_failure(const char *message, const char *expected, const char *actual)
{
	struct lab_failure *f = &lab_state_->failure;
	int zero = 0;

	if (!__atomic_compare_exchange_n(&f->state, &zero, 1, false, __ATOMIC_SEQ_CST,
	    __ATOMIC_SEQ_CST))
		return false;
	f->pid = getpid();
	snprintf(f->message, sizeof f->message, "%s", message);
	snprintf(f->expected, sizeof f->expected, "%s", expected ? expected : "");
	snprintf(f->actual, sizeof f->actual, "%s", actual ? actual : "");
	__atomic_store_n(&f->state, 2, __ATOMIC_SEQ_CST);
	return true;
}

/* The failure another process recorded, waiting briefly if it is being written. */
static const struct lab_failure *
recorded_failure(void)
{
	struct lab_failure *f = &lab_state_->failure;

	for (int i = 0; i < 1000; i++) {
		int s = __atomic_load_n(&f->state, __ATOMIC_SEQ_CST);

		if (s == 0)
			return NULL;
		if (s == 2)
			return f;
		lab_sleep_us_(100);
	}
	return NULL;
}

/* The harness's own children (lab_spawn) not yet joined: killed when the test fails. */
static pid_t spawned[256];
static size_t nspawned;

static void
forget_spawned(pid_t pid)
{
	for (size_t i = 0; i < nspawned; i++)
		if (spawned[i] == pid) {
			spawned[i] = spawned[--nspawned];
			return;
		}
}

static void
kill_spawned(void)
{
	lab_internal_++;
	for (size_t i = 0; i < nspawned; i++)
		if (kill(spawned[i], SIGKILL) == 0)
			while (waitpid(spawned[i], NULL, 0) == -1 && errno == EINTR)
				;
	nspawned = 0;
	lab_internal_--;
}

/* Report a failure: the first one of the run wins. Never returns. */
__attribute__((noreturn)) static void
fail_with(const char *message, const char *expected, const char *actual)
{
	const struct lab_failure *f;

	if (message[0] == '\0')
		message = _("a process of the test failed");
	claim_failure(message, expected, actual);
	if (getpid() != harness_pid)
		_exit(1);
	kill_spawned();
	f = recorded_failure();
	if (f != NULL)
		write_record(false, f->message, f->expected, f->actual);
	else
		write_record(false, message, expected, actual);
	exit(1);
}

void
lab_fail(const char *fmt, ...)
{
	char msg[LAB_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, lab_gettext(fmt), ap);
	va_end(ap);
	fail_with(msg, NULL, NULL);
}

void
lab_fail_values(const char *expected, const char *actual, const char *fmt, ...)
{
	char msg[LAB_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, lab_gettext(fmt), ap);
	va_end(ap);
	fail_with(msg, expected, actual);
}

void
lab_expect_long(const char *what, long expected, long actual)
{
	char e[32], a[32];

	if (expected == actual)
		return;
	snprintf(e, sizeof e, "%ld", expected);
	snprintf(a, sizeof a, "%ld", actual);
	/* TRANSLATORS: the first %s says what was measured ("the final balance") */
	lab_fail_values(e, a, "%s: expected %ld, got %ld", lab_gettext(what), expected, actual);
}

void
lab_expect_str(const char *what, const char *expected, const char *actual)
{
	if (expected != NULL && actual != NULL && strcmp(expected, actual) == 0)
		return;
	if (expected == NULL && actual == NULL)
		return;
	/* TRANSLATORS: the first %s says what was compared, the others are texts */
	lab_fail_values(expected ? expected : "(null)", actual ? actual : "(null)",
	    "%s: expected \"%s\", got \"%s\"", lab_gettext(what), expected ? expected : "(null)",
	    actual ? actual : "(null)");
}

long
lab_children_left(pid_t *ended)
{
	siginfo_t si;
	int r;

	memset(&si, 0, sizeof si);
	lab_sched_settle_children_();
	lab_internal_++;        /* the runtime's own look: not the student's waitid */
	r = waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT);
	lab_internal_--;
	if (r == -1) {
		if (errno == ECHILD)
			return LAB_CHILDREN_NONE;
		lab_internal_error_("waitid");
	}
	if (si.si_pid == 0)
		return LAB_CHILDREN_RUNNING;
	if (ended != NULL)
		*ended = si.si_pid;
	return LAB_CHILDREN_UNREAPED;
}

void
lab_expect_no_children(const char *after_what)
{
	switch (lab_children_left(NULL)) {
	case LAB_CHILDREN_NONE:
		return;
	case LAB_CHILDREN_UNREAPED:
		/* TRANSLATORS: %s is a clause, what had just happened ("run_workers returned").
		 * No pid: inside the sandbox it is a small number that reads as an index. */
		lab_fail("zombie: after %s, a child process has ended but was never reaped: "
		    "call waitpid() for every child you started", lab_gettext(after_what));
	default:
		/* TRANSLATORS: %s is a clause, what had just happened ("run_workers returned") */
		lab_fail("after %s, a child process is still running: wait for every child "
		    "with waitpid() before returning", lab_gettext(after_what));
	}
}

/* ---------------------------------------------------------------- harness processes */

/* The spinner's shared words: stop (harness to spinner), its CPU time (back). */
struct spin_state {
	int	stop;
	long	cpu_us;
};
static struct spin_state *spin;

static long
process_cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
spin_body(void *arg)
{
	volatile unsigned long n = 0;

	(void)arg;
	lab_sched_detach_();    /* a yardstick of the machine: it runs free */
	while (!__atomic_load_n(&spin->stop, __ATOMIC_RELAXED))
		n++;
	__atomic_store_n(&spin->cpu_us, process_cpu_us(), __ATOMIC_SEQ_CST);
}

pid_t
lab_spin_start(void)
{
	if (spin == NULL)
		spin = lab_shared(sizeof *spin);
	__atomic_store_n(&spin->stop, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&spin->cpu_us, 0, __ATOMIC_SEQ_CST);
	return lab_spawn(spin_body, NULL);
}

long
lab_spin_stop(pid_t spinner)
{
	__atomic_store_n(&spin->stop, 1, __ATOMIC_SEQ_CST);
	lab_join(spinner);
	return __atomic_load_n(&spin->cpu_us, __ATOMIC_SEQ_CST);
}


pid_t
lab_spawn(void (*fn)(void *), void *arg)
{
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	lab_internal_++;
	pid = fork();
	lab_internal_--;
	if (pid == -1)
		lab_internal_error_("fork");
	if (pid == 0) {
		nspawned = 0;
		fn(arg);
		fflush(stdout);
		_exit(0);
	}
	if (nspawned < sizeof spawned / sizeof spawned[0])
		spawned[nspawned++] = pid;
	return pid;
}

/* A spawned process has been reaped: pass on any failure, else its status. */
static int
joined(pid_t pid, int status)
{
	forget_spawned(pid);
	if (recorded_failure() != NULL)
		fail_with("", NULL, NULL);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return -WTERMSIG(status);
}

int
lab_join(pid_t pid)
{
	int status;
	pid_t r;

	lab_internal_++;
	do
		r = waitpid(pid, &status, 0);
	while (r == -1 && errno == EINTR);
	lab_internal_--;
	if (r == -1)
		lab_internal_error_("waitpid");
	return joined(pid, status);
}

int
lab_stop(pid_t pid)
{
	pid_t r;

	if (!lab_sched_on_())
		return lab_join_within(pid, 0);
	if (lab_sched_ended_(pid))
		return lab_join(pid);
	lab_internal_++;
	if (kill(pid, SIGKILL) == -1)
		lab_internal_error_("kill");
	lab_sched_killed_(pid);         /* so that the wait below may go */
	do
		r = waitpid(pid, NULL, 0);
	while (r == -1 && errno == EINTR);
	lab_internal_--;
	if (r == -1)
		lab_internal_error_("waitpid");
	forget_spawned(pid);
	return LAB_TIMED_OUT;
}

void
lab_stop_group(pid_t pgid)
{
	lab_internal_++;
	lab_sched_kill_group_(pgid);
	lab_internal_--;
}

int
lab_join_within(pid_t pid, long ms)
{
	int status;
	pid_t r;

	if (lab_sched_on_())
		return lab_join(pid);   /* a stall is the scheduler's to find, exactly */
	lab_internal_++;
	for (long waited = 0;; waited++) {
		r = waitpid(pid, &status, WNOHANG);
		if (r == -1 && errno == EINTR)
			continue;
		if (r != 0 || waited >= ms)
			break;
		if (__atomic_load_n(&lab_state_->failure.state, __ATOMIC_SEQ_CST) != 0) {
			lab_internal_--;
			fail_with("", NULL, NULL);      /* another process failed: stop waiting */
		}
		lab_sleep_us_(1000);
	}
	if (r == 0) {
		if (kill(pid, SIGKILL) == -1)
			lab_internal_error_("kill");
		do
			r = waitpid(pid, &status, 0);
		while (r == -1 && errno == EINTR);
		lab_internal_--;
		if (r == -1)
			lab_internal_error_("waitpid");
		forget_spawned(pid);
		return LAB_TIMED_OUT;
	}
	lab_internal_--;
	if (r == -1)
		lab_internal_error_("waitpid");
	return joined(pid, status);
}

bool
lab_scheduled(void)
{
	return lab_sched_on_();
}

void
lab_pause_ms(long ms)
{
	if (lab_sched_on_()) {
		lab_sched_timeout_(ms > 0 ? (uint64_t)ms * 1000000 : 0);
		lab_sched_idle_(LAB_OP_SLEEP, (uintptr_t)__builtin_return_address(0));
	} else
		lab_sleep_us_(ms * 1000);
}

long
lab_pollers(void)
{
	return lab_sched_pollers_();
}

long
lab_others_going(void)
{
	return lab_sched_others_going_();
}

void
lab_expect_harness_process(const char *function)
{
	if (getpid() != harness_pid)
		/* TRANSLATORS: %s is the student's function, e.g. pool_map */
		lab_fail("a worker process returned from %s into the test program: end every "
		    "child with exit() or _exit() when its work is done", function);
}

/* ---------------------------------------------------------------- inputs and reports */

__attribute__((noreturn)) static void
input_error(const char *name, const char *why)
{
	char msg[LAB_MSG_MAX];

	snprintf(msg, sizeof msg, "test %s: input %s %s (proclab check gives every input; by "
	    "hand: %s NAME=VALUE ...)", test_name ? test_name : "?", name, why,
	    test_name ? test_name : "TEST");
	fprintf(stderr, "harness: %s\n", msg);
	in_test = false;
	exit(2);
}

static const char *
input(const char *name)
{
	size_t len = strlen(name);

	for (int i = 0; i < ninputs; i++)
		if (strncmp(inputs[i], name, len) == 0 && inputs[i][len] == '=')
			return inputs[i] + len + 1;
	input_error(name, "is missing");
}

/* One whole number from *P up to a comma or the end; false when it is not one. */
static bool
parse_long(const char **p, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(*p, &end, 10);
	if (end == *p || errno != 0 || (*end != '\0' && *end != ','))
		return false;
	*p = end;
	return true;
}

long
lab_input_long(const char *name)
{
	const char *p = input(name);
	long v;

	if (!parse_long(&p, &v) || *p != '\0')
		input_error(name, "is not a whole number");
	return v;
}

size_t
lab_input_longs(const char *name, long *out, size_t max)
{
	const char *p = input(name);
	size_t n = 0;

	if (*p == '\0')
		return 0;
	for (;;) {
		long v;

		if (!parse_long(&p, &v))
			input_error(name, "is not a list of whole numbers separated by commas");
		if (n == max)
			input_error(name, "has more numbers than this test can take");
		out[n++] = v;
		if (*p == '\0')
			return n;
		p++;
	}
}

/* "report NAME " then BODY (already a line's worth of text) and a newline. */
static void
report_line(const char *name, const char *body, size_t blen)
{
	size_t nlen = strlen(name), len;
	char *buf;

	if (getpid() != harness_pid) {
		errno = EPERM;
		lab_internal_error_("lab_report (called in a child: only the harness process reports)");
	}
	if (nlen == 0 || nlen > 32 || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != nlen) {
		errno = EINVAL;
		lab_internal_error_("lab_report (a report name is [a-z0-9_], up to 32 bytes)");
	}
	len = strlen(LAB_REPORT_VALUE) + nlen + blen + 3;
	if ((buf = malloc(len + 1)) == NULL)
		lab_internal_error_("malloc");
	len = (size_t)snprintf(buf, len + 1, "%s %s %.*s\n", LAB_REPORT_VALUE, name, (int)blen, body);
	fflush(stdout);
	write_all_fd(record_fd(), buf, len);
	free(buf);
}

void
lab_report_longs(const char *name, const long *values, size_t n)
{
	char *body = malloc(n * 21 + 1);
	size_t len = 0;

	if (body == NULL)
		lab_internal_error_("malloc");
	body[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(body + len, i == 0 ? "%ld" : " %ld", values[i]);
	report_line(name, body, len);
	free(body);
}

void
lab_report_long(const char *name, long value)
{
	lab_report_longs(name, &value, 1);
}

void
lab_report_text(const char *name, const char *text)
{
	char body[1024];
	size_t n = 0;

	for (; text != NULL && text[n] != '\0' && n < sizeof body; n++) {
		unsigned char ch = (unsigned char)text[n];

		body[n] = ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;
	}
	report_line(name, body, n);
}

void
lab_report_counts(const char *name, const struct lab_counts *c)
{
	long v[LAB_NCOUNTS];

	memcpy(v, c, sizeof v);         /* the fields in order (labtest.h) */
	lab_report_longs(name, v, LAB_NCOUNTS);
}

/* ---------------------------------------------------------------- lab_main */

static void
at_exit(void)
{
	if (getpid() != harness_pid || !in_test || record_written)
		return;
	const struct lab_failure *f = recorded_failure();
	if (f != NULL)
		write_record(false, f->message, f->expected, f->actual);
	else
		write_record(false, _("the program ended in the middle of the test: exit() was "
		    "called in the parent process (only a child should call exit)"), NULL, NULL);
}

static bool
env_number(const char *prog, const char *name, uint64_t max, uint64_t *out)
{
	const char *s = getenv(name);
	char *end;
	unsigned long long v;

	if (s == NULL || s[0] == '\0')
		return true;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 || v > max) {
		fprintf(stderr, "%s: %s: '%s' is not a whole number from 0 to %" PRIu64 "\n",
		    prog, name, s, max);
		return false;
	}
	*out = v;
	return true;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

int
lab_main(int argc, char **argv, const struct lab_test *tests, size_t ntests)
{
	const char *prog = argc > 0 ? base_name(argv[0]) : "harness";
	const struct lab_test *t = NULL;
	uint64_t seed = 1, delay = 0, think = 1000, fd = UINT64_MAX;

	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (size_t i = 0; i < ntests; i++)
			printf("%s\n", tests[i].name);
		return fflush(stdout) == 0 ? 0 : 3;
	}
	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		printf("usage: %s TEST [NAME=VALUE ...] | --list\n"
		    "Runs one test case with the judge's inputs and writes its report.\n"
		    "Environment: PROCLAB_SEED, PROCLAB_DELAY_US, PROCLAB_THINK_US, PROCLAB_RESULT_FD\n"
		    "Exit status: 0 done, 1 failed, 2 usage, 3 runtime error\n", prog);
		return 0;
	}
	if (argc < 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: %s TEST [NAME=VALUE ...] | --list\n", prog);
		return 2;
	}
	for (size_t i = 0; i < ntests; i++)
		if (strcmp(argv[1], tests[i].name) == 0)
			t = &tests[i];
	if (t == NULL) {
		fprintf(stderr, "%s: no test named '%s' (see %s --list)\n", prog, argv[1], prog);
		return 2;
	}
	if (!env_number(prog, LAB_ENV_SEED, UINT64_MAX, &seed) ||
	    !env_number(prog, LAB_ENV_DELAY_US, 1000000, &delay) ||
	    !env_number(prog, LAB_ENV_THINK_US, 10000000, &think) ||
	    !env_number(prog, LAB_ENV_RESULT_FD, 1024, &fd))
		return 2;
	if (fd != UINT64_MAX) {
		if (fcntl((int)fd, F_GETFD) == -1) {
			fprintf(stderr, "%s: PROCLAB_RESULT_FD: %d: %s\n", prog, (int)fd,
			    strerror(errno));
			return 2;
		}
		lab_config_.record_fd = (int)fd;
	}
	lab_config_.seed = seed;
	lab_config_.delay_us = (long)delay;
	lab_config_.think_us = (long)think;
	rng_seed(seed);
	harness_pid = getpid();
	test_name = t->name;
	inputs = argv + 2;
	ninputs = argc - 2;
	for (int i = 0; i < ninputs; i++)
		if (strchr(inputs[i], '=') == NULL || inputs[i][0] == '=') {
			fprintf(stderr, "%s: '%s' is not an input (NAME=VALUE)\n", prog, inputs[i]);
			return 2;
		}
	lab_counts_reset();
	memset(&lab_state_->failure, 0, sizeof lab_state_->failure);
	__atomic_store_n(&lab_state_->processes, 0, __ATOMIC_SEQ_CST);
	lab_sched_attach_();    /* before at_exit, so that its handler runs after */
	if (atexit(at_exit) != 0) {
		fprintf(stderr, "%s: atexit failed\n", prog);
		return 3;
	}
	fflush(stdout);
	{
		char line[128];
		int n = snprintf(line, sizeof line, "%s %s\n", LAB_REPORT_TEST, t->name);

		write_all_fd(record_fd(), line, n > 0 && (size_t)n < sizeof line ? (size_t)n : 0);
	}
	lab_gettext_load();     /* before the test's processes fork: each has it mapped */
	in_test = true;
	t->fn();
	if (getpid() != harness_pid)
		fail_with(_("a child process returned from your function into the test program: "
		    "end every child with exit() or _exit() when its work is done"), NULL, NULL);
	in_test = false;
	if (recorded_failure() != NULL)
		fail_with("", NULL, NULL);
	write_record(true, NULL, NULL, NULL);
	return 0;
}
