/* SPDX-License-Identifier: MIT */
/*
 * check_lab.c: unit tests of the exercise runtime (lib/libproclab.a), linked like an
 * exercise: with -Wl,--wrap for every symbol of LAB_WRAPPED.
 *
 * Harness behaviour (the report, exit statuses, failures in children) is tested
 * by running lab_main in a forked child with PROCLAB_RESULT_FD on a pipe.
 */
#define _GNU_SOURCE

#include <check.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lab.h"
#include "labtest.h"

/* ------------------------------------------------------------ running a harness */

struct run {
	int	status;         /* exit status of the harness, -SIGNO if killed */
	char	record[2048];   /* what it wrote to PROCLAB_RESULT_FD */
	char	out[2048];      /* its stdout and stderr */
};

/* What FD gives until its end. No ck_assert before that: Check takes a mutex of its own in
 * ck_assert, which would be counted in the shared page while the harness child counts. */
static void
read_all(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int err = 0;

	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		len += (size_t)n;
	}
	buf[len] = '\0';
	ck_assert_msg(err == 0, "read: %s", strerror(err));
	ck_assert_msg(len < size - 1, "harness output too long");
}

struct harness_args {
	const struct lab_test *tests;
	size_t	ntests;
	const char *name, *seed, *delay;
	int	rec[2], out[2];
};

static void
harness_child(void *arg)
{
	struct harness_args *h = arg;
	char fd[16];
	char *argv[] = { "test_unit", (char *)h->name, NULL };

	close(h->rec[0]);
	close(h->out[0]);
	dup2(h->out[1], STDOUT_FILENO);
	dup2(h->out[1], STDERR_FILENO);
	close(h->out[1]);
	snprintf(fd, sizeof fd, "%d", h->rec[1]);
	setenv("PROCLAB_RESULT_FD", fd, 1);
	setenv("PROCLAB_SEED", h->seed, 1);
	setenv("PROCLAB_DELAY_US", h->delay, 1);
	setenv("PROCLAB_THINK_US", "1000", 1);
	exit(lab_main(h->name ? 2 : 1, argv, h->tests, h->ntests));
}

/*
 * Run test NAME of TESTS in a child harness with the given seed and delay. The child
 * is started with lab_spawn so that its fork is not counted after lab_main has reset
 * the counters (a real harness is a fresh program).
 */
static void
run_harness(struct run *r, const struct lab_test *tests, size_t ntests, const char *name,
    const char *seed, const char *delay)
{
	struct harness_args h = { tests, ntests, name, seed, delay, { -1, -1 }, { -1, -1 } };
	pid_t pid;
	int status;

	ck_assert_msg(pipe(h.rec) == 0 && pipe(h.out) == 0, "pipe: %s", strerror(errno));
	pid = lab_spawn(harness_child, &h);
	close(h.rec[1]);
	close(h.out[1]);
	read_all(h.rec[0], r->record, sizeof r->record);
	read_all(h.out[0], r->out, sizeof r->out);
	close(h.rec[0]);
	close(h.out[0]);
	/* Not lab_join: it would report the failure the harness recorded in shared memory. */
	ck_assert_msg(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
	/* A report names its test first; the rest is what the tests below look at. */
	if (r->status != 2 && name[0] != '-') {
		char first[128];
		size_t len = (size_t)snprintf(first, sizeof first, "test %s\n", name);

		ck_assert_msg(strncmp(r->record, first, len) == 0, "the report starts with "
		    "\"%.*s\", not \"%s\"", (int)len - 1, first, r->record);
		memmove(r->record, r->record + len, strlen(r->record + len) + 1);
	}
}

/* ------------------------------------------------------------ harness test functions */

static long *shared_numbers;    /* set before run_harness, inherited by the child */

static void test_passes(void) { lab_expect_long("balance", 350, 350); }
static void test_fails_long(void) { lab_expect_long("balance", 350, 300); }
static void test_fails_str(void) { lab_expect_str("line", "120", "140\nx"); }
static void test_fails_values(void)
{
	lab_fail_values("350", "250", "lost update: expected %d, got %d", 350, 250);
}

static void child_fails(void *arg) { (void)arg; lab_fail("from the child: %d", 42); }
static void test_child_fails(void)
{
	pid_t pid = lab_spawn(child_fails, NULL);

	lab_join(pid);
	lab_fail("not reached: lab_join reports the child's failure");
}

static void test_child_fails_unjoined(void)
{
	pid_t pid = lab_spawn(child_fails, NULL);
	siginfo_t si;

	/* Wait until it has ended without reaping it through lab_join. */
	ck_assert(waitid(P_PID, (id_t)pid, &si, WEXITED) == 0);
}

static void test_calls_exit(void) { exit(0); }

static void test_child_returns(void)
{
	/* Like a student's worker that forgets to exit: the child returns to lab_main. */
	pid_t pid = fork();

	if (pid > 0)
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
}

static void test_zombie(void)
{
	pid_t pid = fork();
	siginfo_t si;

	if (pid == 0)
		_exit(0);
	/* Wait until it is a zombie, leaving it unreaped. */
	ck_assert(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == 0);
	lab_expect_no_children("the workers ended");
}

static void test_running_child(void)
{
	int gate[2];
	char ch;
	pid_t pid;

	ck_assert(pipe(gate) == 0);
	pid = fork();
	if (pid == 0) {
		/* Runs until the harness process ends (and closes the gate). */
		close(gate[1]);
		_exit(read(gate[0], &ch, 1) == 0 ? 0 : 1);
	}
	close(gate[0]);
	lab_expect_no_children("the workers ended");
}

static void test_reaped(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(3);
	ck_assert(waitpid(pid, NULL, 0) == pid);
	lab_expect_no_children("the workers ended");
	lab_expect_long("reaps", 1, lab_counts().reaps);
	lab_expect_long("forks", 1, lab_counts().forks);
}

static void draw_numbers(void *arg)
{
	long *into = arg;

	for (int i = 0; i < 4; i++)
		into[i] = (long)(lab_random() >> 1);
}
static void test_random(void)
{
	draw_numbers(shared_numbers);
	lab_join(lab_spawn(draw_numbers, shared_numbers + 4));
	lab_join(lab_spawn(draw_numbers, shared_numbers + 8));
}

static void test_short_reads(void)
{
	char buf[200];
	int fds[2];
	ssize_t n;
	long shortened = 0;

	lab_set_short_io(100);
	for (int i = 0; i < 20; i++) {
		memset(buf, 'x', sizeof buf);
		if (pipe(fds) == -1 || write(fds[1], buf, 100) != 100)
			lab_fail("pipe or write failed");
		n = read(fds[0], buf, 100);
		if (n < 1 || n > 100)
			lab_fail("read returned %zd", n);
		if (n < 100)
			shortened++;
		close(fds[0]);
		close(fds[1]);
	}
	lab_expect_long("shortened reads", 20, shortened);
}

static void test_no_short_reads(void)
{
	char buf[100];
	int fds[2];

	lab_set_short_io(100);
	memset(buf, 'x', sizeof buf);
	if (pipe(fds) == -1 || write(fds[1], buf, 100) != 100)
		lab_fail("pipe or write failed");
	lab_expect_long("read", 100, (long)read(fds[0], buf, 100));
}

static void test_thinks(void)
{
	lab_think();
	lab_join(lab_spawn((void (*)(void *))lab_think, NULL));
	lab_expect_long("thinks", 2, lab_counts().thinks);
}

static void lab_sleep_poll(void) { usleep(1000); }
static void think_once(void *arg) { (void)arg; lab_think(); }
static void test_max_thinking(void)
{
	pid_t a, b;

	/* b starts thinking while a is inside its 300 ms think. */
	lab_set_think_us(300000);
	a = lab_spawn(think_once, NULL);
	while (lab_counts().thinks < 1)
		lab_sleep_poll();
	b = lab_spawn(think_once, NULL);
	lab_join(a);
	lab_join(b);
	lab_expect_long("thinks", 2, lab_counts().thinks);
	lab_expect_long("max_thinking", 2, lab_counts().max_thinking);
	lab_counts_reset();
	lab_think();
	lab_think();
	lab_expect_long("max_thinking after reset", 1, lab_counts().max_thinking);
}

static void sleep_long(void *arg) { (void)arg; sleep(30); }
static void test_join_within(void)
{
	lab_expect_long("join_within", LAB_TIMED_OUT, lab_join_within(lab_spawn(sleep_long, NULL), 50));
	lab_expect_long("join_within", 0, lab_join_within(lab_spawn(think_once, NULL), 5000));
	lab_expect_no_children("join_within");
}

static void test_returns_into_test(void)
{
	pid_t pid = fork();     /* a student's worker that forgot to exit */

	lab_expect_harness_process("run_workers");
	if (pid > 0)
		waitpid(pid, NULL, 0);
	lab_fail("not reached: the child's failure is reported by lab_main");
}


/* ------------------------------------------------------------ the variants under grading */

#define BIG (2 * PIPE_BUF + 100)        /* a write that may be split */

/* A stream pair (socketpair SOCK_STREAM) or a datagram pair; fails the test otherwise. */
static void
pair(int type, int sv[2])
{
	if (socketpair(AF_UNIX, type, 0, sv) == -1)
		lab_fail("socketpair: %s", strerror(errno));
}

/* BUF[0..N-1] is the pattern 'a' + i % 26 (what fill() wrote). */
static void
fill(char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)('a' + i % 26);
}

static void
expect_pattern(const char *what, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i] != (char)('a' + i % 26))
			lab_fail("%s: byte %zu is '%c'", what, i, buf[i]);
}

/* Every read form of 100 bytes comes short (1..99), the bytes in their places; a recv with
 * MSG_WAITALL, and anything on a datagram socket, stays whole. */
static void
test_short_read_forms(void)
{
	char src[100], a[30], b[30], c[40], got[100];
	struct iovec v[3] = { { a, sizeof a }, { b, sizeof b }, { c, sizeof c } };
	struct msghdr m = { .msg_iov = v, .msg_iovlen = 3 };
	int sv[2];
	ssize_t n;

	lab_set_short_io(100);
	fill(src, sizeof src);
	for (int form = 0; form < 4; form++)
		for (int i = 0; i < 10; i++) {
			pair(SOCK_STREAM, sv);
			if (write(sv[0], src, sizeof src) != (ssize_t)sizeof src)
				lab_fail("write: %s", strerror(errno));
			m.msg_flags = -1;
			n = form == 0 ? readv(sv[1], v, 3) : form == 1 ? recv(sv[1], got, 100, 0) :
			    form == 2 ? recvfrom(sv[1], got, 100, 0, NULL, NULL) :
			    recvmsg(sv[1], &m, 0);
			if (n < 1 || n > 99)
				lab_fail("read form %d returned %zd, not 1..99", form, n);
			if (form == 0 || form == 3) {
				memcpy(got, a, 30);
				memcpy(got + 30, b, 30);
				memcpy(got + 60, c, 40);
			}
			expect_pattern("a shortened read", got, (size_t)n);
			if (form == 3 && m.msg_flags != 0)
				lab_fail("recvmsg: msg_flags %d, not copied back", m.msg_flags);
			close(sv[0]);
			close(sv[1]);
		}
	pair(SOCK_STREAM, sv);
	if (write(sv[0], src, sizeof src) != (ssize_t)sizeof src)
		lab_fail("write: %s", strerror(errno));
	lab_expect_long("recv with MSG_WAITALL", 100, (long)recv(sv[1], got, 100, MSG_WAITALL));
	close(sv[0]);
	close(sv[1]);
	pair(SOCK_DGRAM, sv);
	for (int i = 0; i < 10; i++) {
		if (send(sv[0], src, sizeof src, 0) != (ssize_t)sizeof src)
			lab_fail("send: %s", strerror(errno));
		lab_expect_long("recv on a datagram socket", 100, (long)recv(sv[1], got, 100, 0));
	}
	close(sv[0]);
	close(sv[1]);
}

/* WRITTEN bytes arrived on FD: the pattern, then nothing more. */
static void
expect_arrived(int fd, ssize_t written)
{
	static char got[BIG + 1];
	ssize_t n, total = 0;

	while ((n = recv(fd, got + total, sizeof got - (size_t)total, MSG_DONTWAIT)) > 0)
		total += n;
	lab_expect_long("bytes that arrived", (long)written, (long)total);
	expect_pattern("a shortened write", got, (size_t)total);
}

/* Form FORM of a write of N bytes of SRC to FD. */
static ssize_t
write_form(int form, int fd, const char *src, size_t n)
{
	struct iovec v[3] = { { (char *)src, 10 }, { (char *)src + 10, n / 2 - 10 },
		{ (char *)src + n / 2, n - n / 2 } };
	struct msghdr m = { .msg_iov = v, .msg_iovlen = 3 };

	switch (form) {
	case 0:
		return writev(fd, v, 3);
	case 1:
		return send(fd, src, n, 0);
	case 2:
		return sendto(fd, src, n, 0, NULL, 0);
	default:
		return sendmsg(fd, &m, 0);
	}
}

/* Every write form of more than PIPE_BUF bytes comes short, the bytes in order; one of at
 * most PIPE_BUF stays whole; on a datagram socket a write stays whole. */
static void
test_short_write_forms(void)
{
	static char src[BIG], got[BIG];
	int sv[2];
	ssize_t n;

	lab_set_short_io(100);
	fill(src, sizeof src);
	for (int form = 0; form < 4; form++) {
		for (int i = 0; i < 10; i++) {
			pair(SOCK_STREAM, sv);
			n = write_form(form, sv[0], src, sizeof src);
			if (n < 1 || n >= BIG)
				lab_fail("write form %d of %d bytes returned %zd", form, BIG, n);
			expect_arrived(sv[1], n);
			lab_expect_long("a write of PIPE_BUF bytes", PIPE_BUF,
			    (long)write_form(form, sv[0], src, PIPE_BUF));
			expect_arrived(sv[1], PIPE_BUF);
			close(sv[0]);
			close(sv[1]);
		}
		pair(SOCK_DGRAM, sv);
		lab_expect_long("a write on a datagram socket", BIG,
		    (long)write_form(form, sv[0], src, sizeof src));
		lab_expect_long("the datagram", BIG, (long)recv(sv[1], got, sizeof got, 0));
		close(sv[0]);
		close(sv[1]);
	}
}

/* A deadline MS milliseconds from now (the default clock of a mutex, semaphore, cond). */
static struct timespec
in_ms(long ms)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (ms % 1000) * 1000000;
	if (t.tv_nsec >= 1000000000) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000;
	}
	return t;
}

/* glibc notes the thread holding a mutex in __owner. */
static int held_by_me(const pthread_mutex_t *m) { return m->__data.__owner == gettid(); }

/* Spurious wakeups at 100%: every form returns 0 at once, nobody signalling, the mutex
 * held again, counted as a cond wait and not as a lock, told by lab_woke_spuriously. */
static void
test_spurious_wakeups(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec t = in_ms(10000);
	int e[3];

	lab_set_spurious_wakeups(100);
	pthread_mutex_lock(&m);
	lab_counts_reset();
	e[0] = pthread_cond_wait(&c, &m);
	e[1] = pthread_cond_timedwait(&c, &m, &t);
	e[2] = pthread_cond_clockwait(&c, &m, CLOCK_REALTIME, &t);
	lab_expect_long("pthread_cond_wait", 0, e[0]);
	lab_expect_long("pthread_cond_timedwait", 0, e[1]);
	lab_expect_long("pthread_cond_clockwait", 0, e[2]);
	lab_expect_long("mutex held after the wakeups", 1, held_by_me(&m));
	lab_expect_long("cond_waits", 3, lab_counts().cond_waits);
	lab_expect_long("mutex_locks", 0, lab_counts().mutex_locks);
	lab_expect_long("lab_woke_spuriously", 1, lab_woke_spuriously());
	lab_expect_long("lab_woke_spuriously, asked again", 0, lab_woke_spuriously());
	pthread_mutex_unlock(&m);
}

/* The default chance: some of 200 short timed waits wake at once, most time out; at 0%
 * none does. */
static void
test_spurious_default(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	long woke = 0;

	pthread_mutex_lock(&m);
	for (int i = 0; i < 200; i++) {
		struct timespec t = in_ms(1);

		woke += pthread_cond_timedwait(&c, &m, &t) == 0;
	}
	if (woke < 2 || woke > 60)
		lab_fail("%ld of 200 timed waits woke without a signal at the default chance",
		    woke);
	lab_set_spurious_wakeups(0);
	for (int i = 0; i < 50; i++) {
		struct timespec t = in_ms(1);

		lab_expect_long("timedwait at 0%", ETIMEDOUT, pthread_cond_timedwait(&c, &m, &t));
	}
	lab_expect_long("lab_woke_spuriously after a real wait", 0, lab_woke_spuriously());
	pthread_mutex_unlock(&m);
}

static const struct lab_test tests[] = {
	LAB_TEST(max_thinking), LAB_TEST(join_within), LAB_TEST(returns_into_test),
	LAB_TEST(passes), LAB_TEST(fails_long), LAB_TEST(fails_str), LAB_TEST(fails_values),
	LAB_TEST(child_fails), LAB_TEST(child_fails_unjoined), LAB_TEST(calls_exit),
	LAB_TEST(child_returns), LAB_TEST(zombie), LAB_TEST(running_child), LAB_TEST(reaped),
	LAB_TEST(random), LAB_TEST(short_reads), LAB_TEST(no_short_reads), LAB_TEST(thinks),
	LAB_TEST(short_read_forms), LAB_TEST(short_write_forms), LAB_TEST(spurious_wakeups),
	LAB_TEST(spurious_default),
};
#define NTESTS (sizeof tests / sizeof tests[0])

static void
run(struct run *r, const char *name)
{
	run_harness(r, tests, NTESTS, name, "1", "0");
}

/* ------------------------------------------------------------ record and statuses */

START_TEST(record_passed)
{
	struct run r;

	run(&r, "passes");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.record, "done\n");
}
END_TEST

START_TEST(record_failed_with_values)
{
	struct run r;

	run(&r, "fails_long");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.record, "failed balance: expected 350, got 300\n"
	    "expected 350\nactual 300\n");
	run(&r, "fails_values");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.record, "failed lost update: expected 350, got 250\n"
	    "expected 350\nactual 250\n");
}
END_TEST

START_TEST(record_is_one_line_per_key)
{
	struct run r;

	run(&r, "fails_str");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.record, "failed line: expected \"120\", got \"140 x\"\nexpected 120\nactual 140 x\n");
}
END_TEST

START_TEST(list_and_usage)
{
	struct run r;

	run(&r, "--list");
	ck_assert_int_eq(r.status, 0);
	ck_assert_str_eq(r.record, "");
	ck_assert_ptr_nonnull(strstr(r.out, "passes\nfails_long\n"));
	run(&r, "no_such_test");
	ck_assert_int_eq(r.status, 2);
	ck_assert_str_eq(r.record, "");
	ck_assert_ptr_nonnull(strstr(r.out, "no test named 'no_such_test'"));
	run(&r, NULL);
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.out, "usage:"));
	run_harness(&r, tests, NTESTS, "passes", "12x", "0");
	ck_assert_int_eq(r.status, 2);
	ck_assert_ptr_nonnull(strstr(r.out, "PROCLAB_SEED: '12x' is not a whole number"));
	ck_assert_str_eq(r.record, "");
}
END_TEST

START_TEST(failure_in_a_child_is_reported)
{
	struct run r;

	run(&r, "child_fails");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.record, "failed from the child: 42\n");
	run(&r, "child_fails_unjoined");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.record, "failed from the child: 42\n");
}
END_TEST

START_TEST(exit_in_the_harness_process_fails)
{
	struct run r;

	run(&r, "calls_exit");
	ck_assert_int_eq(r.status, 0);          /* the student's exit(0) ... */
	ck_assert_ptr_nonnull(strstr(r.record, "failed "));
	ck_assert_ptr_nonnull(strstr(r.record, "exit() was called in the parent process"));
}
END_TEST

START_TEST(child_returning_into_the_test_fails)
{
	struct run r;

	run(&r, "child_returns");
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.record, "failed "));
	ck_assert_ptr_nonnull(strstr(r.record, "a child process returned from your function"));
}
END_TEST

/* ------------------------------------------------------------ children and counts */

START_TEST(no_children_catches_a_zombie)
{
	struct run r;

	run(&r, "zombie");
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.record,
	    "failed zombie: after the workers ended, a child process has ended but was never "
	    "reaped"));
	run(&r, "running_child");
	ck_assert_int_eq(r.status, 1);
	ck_assert_ptr_nonnull(strstr(r.record, "a child process is still running"));
	run(&r, "reaped");
	ck_assert_str_eq(r.record, "done\n");
	ck_assert_int_eq(r.status, 0);
}
END_TEST

START_TEST(wrappers_count_forks_and_reaps_across_processes)
{
	pid_t pids[3];
	int status;
	struct lab_counts c;

	lab_counts_reset();
	for (int i = 0; i < 3; i++) {
		pids[i] = fork();
		ck_assert(pids[i] != -1);
		if (pids[i] == 0) {
			/* Each child forks and reaps a grandchild: counted in the shared page. */
			pid_t g = fork();

			if (g == 0)
				_exit(7);
			if (g == -1 || waitpid(g, &status, 0) != g || WEXITSTATUS(status) != 7)
				_exit(1);
			_exit(0);
		}
	}
	for (int i = 0; i < 3; i++) {
		ck_assert(waitpid(pids[i], &status, 0) == pids[i]);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	c = lab_counts();
	ck_assert_int_eq(c.forks, 6);
	ck_assert_int_eq(c.reaps, 6);
	ck_assert_int_eq(c.fork_failures, 0);
	/* wait() counts too; WNOHANG with nothing to reap does not. */
	int gate[2];
	char ch;

	ck_assert(pipe(gate) == 0);
	pids[0] = fork();
	if (pids[0] == 0) {
		close(gate[1]);
		_exit(read(gate[0], &ch, 1) == 0 ? 0 : 1);     /* runs until the gate closes */
	}
	close(gate[0]);
	ck_assert(waitpid(-1, &status, WNOHANG) == 0);
	close(gate[1]);
	ck_assert(wait(NULL) == pids[0]);
	ck_assert_int_eq(lab_counts().reaps, 7);
	ck_assert_int_eq(lab_counts().forks, 7);
	lab_counts_reset();
	ck_assert_int_eq(lab_counts().forks, 0);
}
END_TEST

START_TEST(wrappers_count_locks_semaphores_and_io)
{
	struct shm { pthread_mutex_t m; sem_t s; long total, total2; } *sh = lab_shared(sizeof *sh);
	pthread_mutexattr_t a;
	pid_t pids[4];
	int fds[2];
	char buf[8];
	struct lab_counts c;

	ck_assert(pthread_mutexattr_init(&a) == 0);
	ck_assert(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED) == 0);
	ck_assert(pthread_mutex_init(&sh->m, &a) == 0);
	ck_assert(sem_init(&sh->s, 1, 1) == 0);
	/* No ck_assert until the snapshot: Check takes a mutex of its own in ck_assert. */
	lab_counts_reset();
	for (int i = 0; i < 4; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			for (int j = 0; j < 10; j++) {
				pthread_mutex_lock(&sh->m);
				sh->total++;
				pthread_mutex_unlock(&sh->m);
				sem_wait(&sh->s);
				sh->total2++;
				sem_post(&sh->s);
			}
			_exit(0);
		}
	}
	int ok = 1;
	for (int i = 0; i < 4; i++)
		ok &= pids[i] > 0 && waitpid(pids[i], NULL, 0) == pids[i];
	ok &= pipe(fds) == 0 && write(fds[1], "abc", 3) == 3 && read(fds[0], buf, sizeof buf) == 3;
	c = lab_counts();
	ck_assert(ok);
	ck_assert_int_eq(sh->total, 40);
	ck_assert_int_eq(sh->total2, 40);
	ck_assert_int_eq(c.mutex_locks, 40);
	ck_assert_int_eq(c.mutex_unlocks, 40);
	ck_assert_int_eq(c.sem_waits, 40);
	ck_assert_int_eq(c.sem_posts, 40);
	ck_assert_int_eq(c.reads, 1);
	ck_assert_int_eq(c.writes, 1);
	ck_assert_int_eq(c.forks, 4);
	ck_assert_int_eq(c.reaps, 4);
}
END_TEST

/* A child that exits with CODE at once, or (CODE < 0) waits to be killed. */
static pid_t
child(int code)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (code < 0)
			pause();
		_exit(code);
	}
	return pid;
}

START_TEST(every_wait_form_counts_its_reaps)
{
	siginfo_t si[5];
	int status[2], ok = 1;
	struct rusage ru;
	pid_t p[5];
	long looked;

	lab_counts_reset();
	for (int i = 0; i < 5; i++)
		p[i] = child(i == 4 ? -1 : i + 1);
	/* WNOWAIT looks without reaping; WNOHANG with every child still running reaps none */
	ok &= waitid(P_PID, (id_t)p[0], &si[0], WEXITED | WNOWAIT) == 0 && si[0].si_pid == p[0];
	si[4].si_pid = -1;
	ok &= waitid(P_PID, (id_t)p[4], &si[4], WEXITED | WNOHANG) == 0 && si[4].si_pid == 0;
	looked = lab_counts().reaps;
	ok &= waitid(P_PID, (id_t)p[0], &si[0], WEXITED) == 0 && si[0].si_code == CLD_EXITED &&
	    si[0].si_status == 1;
	ok &= wait4(p[1], &status[0], 0, &ru) == p[1] && WEXITSTATUS(status[0]) == 2;
	ok &= waitpid(p[2], NULL, 0) == p[2];
	ok &= wait3(&status[1], 0, NULL) == p[3] && WEXITSTATUS(status[1]) == 4;
	kill(p[4], SIGKILL);
	ok &= waitid(P_PID, (id_t)p[4], NULL, WEXITED) == 0;
	ck_assert(ok);
	ck_assert_int_eq(looked, 0);
	ck_assert_int_eq(lab_counts().reaps, 5);
	ck_assert_int_eq(lab_counts().forks, 5);
	/* nothing left: ECHILD, errno kept */
	ck_assert_int_eq(waitid(P_ALL, 0, &si[0], WEXITED), -1);
	ck_assert_int_eq(errno, ECHILD);
	ck_assert_int_eq(lab_counts().reaps, 5);
}
END_TEST

START_TEST(every_lock_form_counts_when_it_got_the_lock)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	sem_t s;
	struct timespec past = { 0, 0 }, soon;
	int e[8], r[6], err[3];
	struct lab_counts c;

	clock_gettime(CLOCK_REALTIME, &soon);
	soon.tv_sec += 5;
	ck_assert(sem_init(&s, 0, 3) == 0);
	/* No ck_assert until the snapshot: Check takes a mutex of its own in ck_assert. */
	lab_counts_reset();
	e[0] = pthread_mutex_trylock(&m);
	e[1] = pthread_mutex_trylock(&m);                      /* EBUSY: held */
	e[2] = pthread_mutex_timedlock(&m, &past);             /* ETIMEDOUT */
	e[3] = pthread_mutex_clocklock(&m, CLOCK_MONOTONIC, &past);
	e[4] = pthread_mutex_unlock(&m);
	e[5] = pthread_mutex_timedlock(&m, &soon);
	e[6] = pthread_mutex_unlock(&m);
	e[7] = pthread_mutex_clocklock(&m, CLOCK_REALTIME, &soon);
	pthread_mutex_unlock(&m);
	r[0] = sem_trywait(&s);
	r[1] = sem_timedwait(&s, &soon);
	r[2] = sem_clockwait(&s, CLOCK_REALTIME, &soon);
	r[3] = sem_trywait(&s);                                 /* EAGAIN: 0 left */
	err[0] = errno;
	r[4] = sem_timedwait(&s, &past);                        /* ETIMEDOUT */
	err[1] = errno;
	r[5] = sem_clockwait(&s, CLOCK_MONOTONIC, &past);
	err[2] = errno;
	c = lab_counts();
	ck_assert_int_eq(e[0], 0);
	ck_assert_int_eq(e[1], EBUSY);
	ck_assert_int_eq(e[2], ETIMEDOUT);
	ck_assert_int_eq(e[3], ETIMEDOUT);
	ck_assert(e[4] == 0 && e[5] == 0 && e[6] == 0 && e[7] == 0);
	ck_assert_int_eq(c.mutex_locks, 3);
	ck_assert_int_eq(c.mutex_unlocks, 3);
	ck_assert(r[0] == 0 && r[1] == 0 && r[2] == 0);
	ck_assert(r[3] == -1 && err[0] == EAGAIN);
	ck_assert(r[4] == -1 && err[1] == ETIMEDOUT);
	ck_assert(r[5] == -1 && err[2] == ETIMEDOUT);
	ck_assert_int_eq(c.sem_waits, 3);
	sem_destroy(&s);
}
END_TEST

START_TEST(every_cond_wait_form_counts_and_none_is_spurious_unless_grading)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec t;
	int timed_out = 0;

	pthread_mutex_lock(&m);
	lab_counts_reset();
	for (int i = 0; i < 20; i++) {
		clock_gettime(CLOCK_REALTIME, &t);
		timed_out += pthread_cond_timedwait(&c, &m, &t) == ETIMEDOUT;
		timed_out += pthread_cond_clockwait(&c, &m, CLOCK_REALTIME, &t) == ETIMEDOUT;
	}
	pthread_mutex_unlock(&m);
	ck_assert_int_eq(timed_out, 40);
	ck_assert_int_eq(lab_counts().cond_waits, 40);
}
END_TEST

START_TEST(every_transfer_form_counts)
{
	char buf[64], a[4], b[60];
	struct iovec v[2] = { { a, sizeof a }, { b, sizeof b } };
	struct msghdr m = { .msg_iov = v, .msg_iovlen = 2 };
	ssize_t n[9];
	int sv[2], fds[2], bad;
	struct lab_counts c;

	ck_assert(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 && pipe(fds) == 0);
	memset(buf, 'x', sizeof buf);
	lab_counts_reset();
	n[0] = writev(fds[1], v, 2);
	n[1] = readv(fds[0], v, 2);
	n[2] = send(sv[0], buf, 10, 0);
	n[3] = recv(sv[1], buf, sizeof buf, 0);
	n[4] = sendto(sv[0], buf, 10, 0, NULL, 0);
	n[5] = recvfrom(sv[1], buf, sizeof buf, 0, NULL, NULL);
	n[6] = sendmsg(sv[0], &m, 0);
	n[7] = recvmsg(sv[1], &m, 0);
	n[8] = writev(-1, v, 2);                /* EBADF: not counted, errno kept */
	bad = errno;
	c = lab_counts();
	ck_assert(n[0] == 64 && n[1] == 64 && n[2] == 10 && n[3] == 10 && n[4] == 10);
	ck_assert(n[5] == 10 && n[6] == 64 && n[7] == 64);
	ck_assert(n[8] == -1 && bad == EBADF);
	ck_assert_int_eq(c.writes, 4);
	ck_assert_int_eq(c.reads, 4);
	/* not grading: a large writev stays whole */
	{
		static char big[3 * PIPE_BUF];
		struct iovec w[2] = { { big, PIPE_BUF }, { big + PIPE_BUF, 2 * PIPE_BUF } };

		ck_assert_int_eq(writev(sv[0], w, 2), 3 * PIPE_BUF);
	}
	close(sv[0]);
	close(sv[1]);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

START_TEST(variants_split_and_wake_under_grading)
{
	struct run r;

	run_harness(&r, tests, NTESTS, "short_read_forms", "3", "100");
	ck_assert_str_eq(r.record, "done\n");
	run_harness(&r, tests, NTESTS, "short_write_forms", "3", "100");
	ck_assert_str_eq(r.record, "done\n");
	run_harness(&r, tests, NTESTS, "spurious_wakeups", "3", "100");
	ck_assert_str_eq(r.record, "done\n");
	run_harness(&r, tests, NTESTS, "spurious_default", "3", "100");
	ck_assert_str_eq(r.record, "done\n");
	/* not grading: the same reads come whole, so the test fails saying so */
	run_harness(&r, tests, NTESTS, "short_read_forms", "3", "0");
	ck_assert_ptr_nonnull(strstr(r.record, "failed read form 0 returned 100, not 1..99"));
}
END_TEST

START_TEST(thinks_are_counted_in_every_process)
{
	struct run r;

	run(&r, "thinks");
	ck_assert_str_eq(r.record, "done\n");
}
END_TEST

START_TEST(max_thinking_join_within_and_harness_process)
{
	struct run r;

	run(&r, "max_thinking");
	ck_assert_str_eq(r.record, "done\n");
	run(&r, "join_within");
	ck_assert_str_eq(r.record, "done\n");
	run(&r, "returns_into_test");
	ck_assert_int_eq(r.status, 1);
	ck_assert_str_eq(r.record, "failed a worker process returned from "
	    "run_workers into the test program: end every child with exit() or _exit() when "
	    "its work is done\n");
}
END_TEST

START_TEST(spawn_and_join_are_not_counted)
{
	pid_t pid;

	lab_counts_reset();
	pid = lab_spawn(draw_numbers, lab_shared(4 * sizeof(long)));
	ck_assert_int_eq(lab_join(pid), 0);
	ck_assert_int_eq(lab_counts().forks, 0);
	ck_assert_int_eq(lab_counts().reaps, 0);
}
END_TEST

/* ------------------------------------------------------------ randomness and short io */

START_TEST(seeded_randomness_is_repeatable)
{
	struct run r;
	long first[12], again[12];

	shared_numbers = lab_shared(12 * sizeof(long));
	run_harness(&r, tests, NTESTS, "random", "7", "0");
	ck_assert_str_eq(r.record, "done\n");
	memcpy(first, shared_numbers, sizeof first);
	memset(shared_numbers, 0, sizeof first);
	run_harness(&r, tests, NTESTS, "random", "7", "0");
	memcpy(again, shared_numbers, sizeof again);
	/* The harness process's stream is the same for the same seed ... */
	ck_assert_mem_eq(first, again, 4 * sizeof(long));
	/* ... each child has its own stream ... */
	ck_assert(first[0] != first[4] && first[4] != first[8] && first[0] != first[8]);
	/* ... and another seed gives another stream. */
	run_harness(&r, tests, NTESTS, "random", "8", "0");
	ck_assert(memcmp(first, shared_numbers, 4 * sizeof(long)) != 0);
}
END_TEST

START_TEST(reads_are_split_only_under_grading)
{
	struct run r;

	run_harness(&r, tests, NTESTS, "short_reads", "3", "100");
	ck_assert_str_eq(r.record, "done\n");
	run_harness(&r, tests, NTESTS, "no_short_reads", "3", "0");
	ck_assert_str_eq(r.record, "done\n");
}
END_TEST

static Suite *
lab_suite(void)
{
	Suite *s = suite_create("libproclab");
	TCase *tc = tcase_create("runtime");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, record_passed);
	tcase_add_test(tc, record_failed_with_values);
	tcase_add_test(tc, record_is_one_line_per_key);
	tcase_add_test(tc, list_and_usage);
	tcase_add_test(tc, failure_in_a_child_is_reported);
	tcase_add_test(tc, exit_in_the_harness_process_fails);
	tcase_add_test(tc, child_returning_into_the_test_fails);
	tcase_add_test(tc, no_children_catches_a_zombie);
	tcase_add_test(tc, wrappers_count_forks_and_reaps_across_processes);
	tcase_add_test(tc, wrappers_count_locks_semaphores_and_io);
	tcase_add_test(tc, every_wait_form_counts_its_reaps);
	tcase_add_test(tc, every_lock_form_counts_when_it_got_the_lock);
	tcase_add_test(tc, every_cond_wait_form_counts_and_none_is_spurious_unless_grading);
	tcase_add_test(tc, every_transfer_form_counts);
	tcase_add_test(tc, variants_split_and_wake_under_grading);
	tcase_add_test(tc, thinks_are_counted_in_every_process);
	tcase_add_test(tc, spawn_and_join_are_not_counted);
	tcase_add_test(tc, max_thinking_join_within_and_harness_process);
	tcase_add_test(tc, seeded_randomness_is_repeatable);
	tcase_add_test(tc, reads_are_split_only_under_grading);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(lab_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
