/* SPDX-License-Identifier: MIT */
/*
 * test_letters.c: the driving side of exercise 11 (parallel letter count). Do not edit:
 * the grader uses its own copy.
 *
 * The judge (judge_letters.c) chooses every file: how many of each letter, in each case,
 * and of the other bytes (digits, punctuation, Portuguese accented letters) it holds, which
 * paths are named pipes, which one is empty or missing; it counts the totals itself and
 * decides. This file writes the files (those bytes in a seeded random order) into a fresh
 * folder, calls count_letters and reports what its caller saw. The last nprocs paths are
 * named pipes (FIFOs) served by a process of the test: it writes their text and closes
 * them all at the same moment, once every one of them has a reader. With files assigned
 * round robin, each child's last file is one of them, so all the children finish
 * counting together and add into the totals at the same time: totals updated without a
 * lock lose updates on every run. count_letters() itself runs in a process of the test,
 * watched with a deadline.
 *
 * Under proclab's scheduler (lab_scheduled) the lost update is certain without that: every
 * lab_think() lets the others go as far as they can first. There is no FIFO server then:
 * the test program itself holds each FIFO open for reading and writing with the first half
 * of its text in it (so that a child's open() never blocks in the kernel, out of the
 * scheduler's sight), and after each pause (lab_pause_ms: until every other process waits)
 * writes the second half into those whose first a reader took, and closes those whose
 * whole text was taken, which gives that reader its end of file (a single read() never
 * gets a whole named pipe). Once nothing was let go for three pauses and no other process
 * can go on by itself, count_letters()'s process is joined for good: a stall is then the
 * scheduler's deadlock.
 *
 * Run by hand:  ./test_letters TEST $(judge plan TEST SEED)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "labtest.h"
#include "letters.h"

/* The harness's own processes and pipe writes use the real calls: lab_counts()
 * shows only what letters.c did. */
pid_t __real_fork(void);
pid_t __real_waitpid(pid_t, int *, int);
ssize_t __real_write(int, const void *, size_t);
ssize_t __real_read(int, void *, size_t);

#define MAX_FILES	16
#define FILE_FIELDS	(2 * LETTERS + 2)       /* a..z, A..Z, other bytes, accented letters */
#define MAX_BYTES	20000
#define DEADLINE_MS	3000
#define RELEASE_MS	150     /* FIFOs are released after this even if not all are open */

/* How the call of count_letters ended (report outcome). */
enum { RETURNED, DEADLINE, CALLER_KILLED, CALLER_EXITED };

struct shared {
	int	returned, ret, err;
	long	counts[LETTERS];
	struct lab_counts c;            /* what count_letters did */
	long	parent_read;            /* bytes the calling process read (-1: unknown) */
	long	children;               /* left after count_letters: 1 zombie, 2 running */
	int	released;               /* the FIFO server has closed the FIFOs */
	int	released_at_return;     /* ... before count_letters returned */
	pid_t	driver;
};

static struct shared *sh;
static char dir[64];
static char *paths[MAX_FILES];
static char *text[MAX_FILES];
static size_t len[MAX_FILES];
static bool is_fifo[MAX_FILES];
static int fifo_fd[MAX_FILES];          /* under the scheduler: the test's own end, -1 none */
static size_t fifo_sent[MAX_FILES];     /* ... and how much of the text it wrote so far */
static int npaths;
static pid_t harness_pid, helper_pid;

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

static void
cleanup(void)
{
	if (getpid() != harness_pid)
		return;
	if (helper_pid > 0) {
		kill(helper_pid, SIGKILL);
		__real_waitpid(helper_pid, NULL, 0);
		helper_pid = 0;
	}
	for (int i = 0; i < npaths; i++)
		if (fifo_fd[i] >= 0) {
			close(fifo_fd[i]);
			fifo_fd[i] = -1;
		}
	for (int i = 0; i < npaths; i++)
		if (paths[i] != NULL)
			unlink(paths[i]);
	if (dir[0] != '\0')
		rmdir(dir);
	dir[0] = '\0';
}

static void
make_dir(void)
{
	harness_pid = getpid();
	snprintf(dir, sizeof dir, "letters.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		snprintf(dir, sizeof dir, "/tmp/proclab-letters.XXXXXX");
		if (mkdtemp(dir) == NULL) {
			dir[0] = '\0';
			lab_fail("mkdtemp (test harness): %s", lab_strerror(errno));
		}
	}
	if (atexit(cleanup) != 0)
		lab_fail("atexit (test harness) failed");
}

/* ------------------------------------------------------------ the files */

/* One piece of a file's text: a letter, another byte, or an accented letter (2 bytes). */
struct piece {
	char	b[2];
	int	n;
};

/* The text the judge asked for: F's letters (a..z, then A..Z), other bytes and
 * accented letters, in a seeded random order. */
static char *
make_text(const long *f, size_t *lenp)
{
	/* and the bytes beside the letters' ranges ('@' '[' '`' '{'), for an off-by-one */
	static const char other[] = "0123456789 .,;:!?()-\n\t'\"@[`{|}~";
	static const char *accented[] = { "\xc3\xa7", "\xc3\xa3", "\xc3\xa9", "\xc3\x81",
	    "\xc3\xb5" };       /* ç ã é Á õ (UTF-8) */
	struct piece *p;
	size_t n = 0, total = 0;
	char *s;

	for (int i = 0; i < FILE_FIELDS; i++)
		total += (size_t)f[i];
	if (total > MAX_BYTES)
		lab_fail("harness: a file of %zu bytes (at most %d)", total, MAX_BYTES);
	if ((p = malloc((total + 1) * sizeof *p)) == NULL ||
	    (s = malloc(2 * total + 1)) == NULL)
		lab_fail("malloc (test harness): %s", lab_strerror(errno));
	for (int i = 0; i < 2 * LETTERS; i++) {
		char letter = (char)(i < LETTERS ? 'a' + i : 'A' + i - LETTERS);

		for (long k = 0; k < f[i]; k++)
			p[n++] = (struct piece){ { letter }, 1 };
	}
	for (long k = 0; k < f[2 * LETTERS]; k++)
		p[n++] = (struct piece){ { other[lab_random_below(sizeof other - 1)] }, 1 };
	for (long k = 0; k < f[2 * LETTERS + 1]; k++) {
		p[n].n = 2;
		memcpy(p[n++].b, accented[lab_random_below(5)], 2);
	}
	for (size_t i = n; i > 1; i--) {
		size_t r = (size_t)lab_random_below(i);
		struct piece t = p[i - 1];

		p[i - 1] = p[r];
		p[r] = t;
	}
	*lenp = 0;
	for (size_t i = 0; i < n; i++) {
		memcpy(s + *lenp, p[i].b, (size_t)p[i].n);
		*lenp += (size_t)p[i].n;
	}
	s[*lenp] = '\0';
	free(p);
	return s;
}

static void
write_file(const char *path, const char *s, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd == -1)
		lab_fail("open %s (test harness): %s", path, lab_strerror(errno));
	while (n > 0) {
		ssize_t w = __real_write(fd, s, n);

		if (w == -1) {
			if (errno == EINTR)
				continue;
			lab_fail("write %s (test harness): %s", path, lab_strerror(errno));
		}
		s += w;
		n -= (size_t)w;
	}
	if (close(fd) == -1)
		lab_fail("close %s (test harness): %s", path, lab_strerror(errno));
}

/* The judge's files: file_I for each path, the last `fifos` of them named pipes, and
 * the one numbered `missing` (if any) not created at all. */
static void
make_files(void)
{
	int nfifos = (int)lab_input_long("fifos"), missing = (int)lab_input_long("missing");

	for (int i = 0; i < MAX_FILES; i++)
		fifo_fd[i] = -1;
	npaths = (int)lab_input_long("nfiles");
	if (npaths < 1 || npaths > MAX_FILES || nfifos < 0 || nfifos > npaths)
		lab_fail("harness: %d files, %d of them FIFOs", npaths, nfifos);
	make_dir();
	for (int i = 0; i < npaths; i++) {
		long f[FILE_FIELDS];
		char name[32];

		snprintf(name, sizeof name, "file_%d", i);
		if (lab_input_longs(name, f, FILE_FIELDS) != FILE_FIELDS)
			lab_fail("harness: %s has not %d numbers", name, FILE_FIELDS);
		is_fifo[i] = i >= npaths - nfifos;
		if (asprintf(&paths[i], "%s/%s%02d.txt", dir, is_fifo[i] ? "pipe" : "file",
		    i) == -1)
			lab_fail("asprintf (test harness): out of memory");
		text[i] = make_text(f, &len[i]);
		if (i == missing)
			continue;
		if (is_fifo[i]) {
			if (mkfifo(paths[i], 0600) == -1)
				lab_fail("mkfifo %s (test harness): %s", paths[i], lab_strerror(errno));
		} else {
			write_file(paths[i], text[i], len[i]);
		}
	}
}

/* ------------------------------------------------------------ the FIFO server */

/* Closes FIFO i (its reader gets end of file) and puts a fresh FIFO at its path,
 * so that a later open() of the path is a new reader, never the old one. */
static void
serve_again(int fd[], int i)
{
	char tmp[128];

	/* Rename first, close after: the path never goes missing, and whoever opened
	 * the old FIFO still finds its writer there. */
	snprintf(tmp, sizeof tmp, "%s.new", paths[i]);
	if (mkfifo(tmp, 0600) == -1 || rename(tmp, paths[i]) == -1)
		_exit(3);
	close(fd[i]);
	fd[i] = -1;
}

/* Opens FIFO i if it has a reader and writes its text; false when it has none yet. */
static bool
serve(int fd[], int i)
{
	size_t off = 0;

	fd[i] = open(paths[i], O_WRONLY | O_NONBLOCK);
	if (fd[i] == -1) {
		if (errno != ENXIO)     /* ENXIO: no reader yet */
			_exit(3);
		return false;
	}
	if (fcntl(fd[i], F_SETFL, 0) == -1)
		_exit(3);
	while (off < len[i]) {
		ssize_t w = __real_write(fd[i], text[i] + off, len[i] - off);

		if (w == -1 && errno != EINTR)
			break;          /* the reader went away */
		if (w > 0)
			off += (size_t)w;
	}
	return true;
}

/* The FIFO server: opens each FIFO as soon as it has a reader and writes its text;
 * closes them all together once all are open (or RELEASE_MS after the first). */
static void
helper_main(void)
{
	int fd[MAX_FILES];
	int nfifo = 0, nopen = 0;     /* nopen: FIFOs served before the release */
	bool released = false;
	long first = -1;

	signal(SIGPIPE, SIG_IGN);       /* a reader that closes early must not kill us */
	for (int i = 0; i < npaths; i++) {
		fd[i] = -1;
		if (is_fifo[i])
			nfifo++;
	}
	/* Runs until the test kills it: a FIFO opened again later (a child that counts
	 * a file twice) is served again, from a fresh FIFO. */
	for (;;) {
		for (int i = 0; i < npaths; i++) {
			if (!is_fifo[i] || fd[i] != -1 || !serve(fd, i))
				continue;
			if (!released)
				nopen++;
			if (first < 0)
				first = now_ms();
			if (released)           /* a late reader: give it its EOF at once */
				serve_again(fd, i);
		}
		if (!released && nopen > 0 && (nopen == nfifo || now_ms() - first > RELEASE_MS)) {
			for (int i = 0; i < npaths; i++)
				if (is_fifo[i] && fd[i] >= 0)
					serve_again(fd, i);
			released = true;
			__atomic_store_n(&sh->released, 1, __ATOMIC_SEQ_CST);
		}
		sleep_us(200);
	}
}

/* ------------------------------------------------------------ the call */

static long
read_rchar(void)
{
	char buf[1024];
	ssize_t n;
	/* This thread's own reads: /proc/self/io would add the children reaped. */
	int fd = open("/proc/thread-self/io", O_RDONLY);
	char *p;

	if (fd == -1)
		return -1;
	n = __real_read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "rchar:");
	return p != NULL ? atol(p + 6) : -1;
}

static void
driver_main(int nprocs)
{
	struct lab_counts c0;
	long r0, r1;

	if (setpgid(0, 0) == -1)
		lab_fail("setpgid (test harness): %s", lab_strerror(errno));
	sh->driver = getpid();
	c0 = lab_counts();
	r0 = read_rchar();
	for (int i = 0; i < LETTERS; i++)
		sh->counts[i] = -1;
	errno = 0;
	sh->ret = count_letters((const char *const *)paths, npaths, nprocs, sh->counts);
	sh->err = errno;
	sh->released_at_return = __atomic_load_n(&sh->released, __ATOMIC_SEQ_CST);
	r1 = read_rchar();
	if (getpid() != sh->driver)
		lab_fail("a child process returned from count_letters: end every child with "
		    "_exit() when its files are counted");
	sh->c = lab_counts();
	sh->c.forks -= c0.forks;
	sh->c.mutex_locks -= c0.mutex_locks;
	sh->c.sem_waits -= c0.sem_waits;
	sh->c.thinks -= c0.thinks;
	sh->parent_read = r0 >= 0 && r1 >= 0 ? r1 - r0 : -1;
	sh->children = lab_children_left(NULL);
	sh->returned = 1;
	_exit(0);
}

/* ------------------------------------------------------------ under the scheduler */

/* Bytes I..I+N of FIFO F's text into the test's end (it has the room: a pipe holds 64 KiB,
 * a text at most 2 * MAX_BYTES). */
static void
fifo_write(int f, size_t n)
{
	ssize_t w = n > 0 ? __real_write(fifo_fd[f], text[f] + fifo_sent[f], n) : 0;

	if (w != (ssize_t)n)
		lab_fail("write %s (test harness): %s", paths[f],
		    w == -1 ? lab_strerror(errno) : "cut short");
	fifo_sent[f] += n;
}

/* FIFO I held open by the test with the first half of its text in it: a reader's open()
 * does not block. */
static void
hold_fifo(int i)
{
	if ((fifo_fd[i] = open(paths[i], O_RDWR | O_NONBLOCK)) == -1)
		lab_fail("open %s (test harness): %s", paths[i], lab_strerror(errno));
	if (fcntl(fifo_fd[i], F_SETPIPE_SZ, 65536) == -1 && errno != EPERM)
		lab_fail("fcntl %s (test harness): %s", paths[i], lab_strerror(errno));
	fifo_sent[i] = 0;
	fifo_write(i, (len[i] + 1) / 2);
}

/* For each held FIFO whose text so far a reader took: the rest of its text, or when that
 * was the rest, its end (the test's end closed: the reader gets its end of file). How many
 * it let go either way; all closed: released. */
static int
release_read_fifos(void)
{
	int moved = 0, held = 0;

	for (int i = 0; i < npaths; i++) {
		int left;

		if (fifo_fd[i] < 0)
			continue;
		if (ioctl(fifo_fd[i], FIONREAD, &left) == -1)
			lab_fail("ioctl FIONREAD (test harness): %s", lab_strerror(errno));
		if (left > 0 && fifo_sent[i] > 0) {
			held++;                 /* not read yet, or being read */
		} else if (fifo_sent[i] < len[i]) {
			fifo_write(i, len[i] - fifo_sent[i]);
			moved++;
			held++;
		} else {
			close(fifo_fd[i]);
			fifo_fd[i] = -1;
			moved++;
		}
	}
	if (held == 0)
		__atomic_store_n(&sh->released, 1, __ATOMIC_SEQ_CST);
	return moved;
}

static bool
ended(pid_t pid)
{
	siginfo_t si;

	si.si_pid = 0;
	while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == -1)
		if (errno != EINTR)
			lab_fail("waitid (test harness): %s", lab_strerror(errno));
	return si.si_pid == pid;
}

static void
spawned_driver(void *arg)
{
	for (int i = 0; i < npaths; i++)        /* the test's ends are its own */
		if (fifo_fd[i] >= 0)
			close(fifo_fd[i]);
	driver_main(*(int *)arg);
}

/* count_letters in a process of the test, joined: how it ended. Each pause lets the
 * others go as far as they can, then the FIFOs read from are let go; once nothing was let
 * go for three pauses after which no other process could go on by itself, the test waits
 * for good (a stall is then the scheduler's). */
static int
run_driver_scheduled(int nprocs, long *how)
{
	pid_t pid;
	int status;

	for (int i = 0; i < npaths; i++)
		if (is_fifo[i] && i != (int)lab_input_long("missing"))
			hold_fifo(i);
	lab_set_think_overlap(true);
	pid = lab_spawn(spawned_driver, &nprocs);
	setpgid(pid, pid);
	for (int still = 0; still < 3 && !ended(pid);) {
		lab_pause_ms(1);
		still = release_read_fifos() > 0 || lab_others_going() > 0 ? 0 : still + 1;
	}
	status = lab_join(pid);
	lab_stop_group(pid);    /* children a count_letters left running */
	*how = status < 0 ? -status : status;
	if (sh->returned)
		return RETURNED;
	return status < 0 ? CALLER_KILLED : CALLER_EXITED;
}

/* Runs count_letters in a process of the test, with a deadline: how it ended. */
static int
run_driver(int nprocs, long *how)
{
	pid_t pid;
	int status;
	long t0;

	sh = lab_shared(sizeof *sh);
	if (lab_scheduled())
		return run_driver_scheduled(nprocs, how);
	fflush(stdout);
	fflush(stderr);
	helper_pid = __real_fork();
	if (helper_pid == -1)
		lab_fail("fork (test harness): %s", lab_strerror(errno));
	if (helper_pid == 0)
		helper_main();
	pid = __real_fork();
	if (pid == -1)
		lab_fail("fork (test harness): %s", lab_strerror(errno));
	if (pid == 0)
		driver_main(nprocs);
	setpgid(pid, pid);
	*how = 0;
	for (t0 = now_ms(); now_ms() - t0 < DEADLINE_MS; sleep_us(2000)) {
		pid_t r = __real_waitpid(pid, &status, WNOHANG);

		if (r == -1)
			lab_fail("waitpid (test harness): %s", lab_strerror(errno));
		if (r != pid)
			continue;
		kill(-pid, SIGKILL);    /* children a count_letters left running */
		if (sh->returned)
			return RETURNED;
		*how = WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status);
		return WIFSIGNALED(status) ? CALLER_KILLED : CALLER_EXITED;
	}
	kill(-pid, SIGKILL);
	__real_waitpid(pid, NULL, 0);
	return DEADLINE;
}

/* One call of count_letters on the judge's files, and what its caller saw. */
static void
test_count(void)
{
	long how;
	int outcome;

	make_files();
	outcome = run_driver((int)lab_input_long("nprocs"), &how);
	lab_report_long("outcome", outcome);
	lab_report_long("how", how);
	if (outcome == RETURNED) {
		lab_report_long("ret", sh->ret);
		lab_report_long("errno", sh->err);
		lab_report_longs("counts", sh->counts, LETTERS);
		lab_report_long("forks", sh->c.forks);
		lab_report_long("thinks", sh->c.thinks);
		lab_report_long("max_thinking", sh->c.max_thinking);
		lab_report_long("locks", sh->c.mutex_locks + sh->c.sem_waits);
		lab_report_long("parent_read", sh->parent_read);
		lab_report_long("children", sh->children);
		lab_report_long("released_at_return", sh->released_at_return);
	}
	cleanup();
}

#define test_one_process test_count
#define test_four_processes test_count
#define test_varied test_count
#define test_missing_file test_count

/* count_letters with the judge's invalid arguments, in the harness process. */
static void
test_bad_arguments(void)
{
	long np[4], nf[4], ret[4], err[4], counts[LETTERS];
	const char *none[1] = { NULL };
	size_t n = lab_input_longs("nprocs", np, 4);
	long forks0 = lab_counts().forks;

	if (lab_input_longs("npaths", nf, 4) != n)
		lab_fail("harness: npaths and nprocs differ in length");
	for (size_t i = 0; i < n; i++) {
		errno = 0;
		ret[i] = count_letters(none, (int)nf[i], (int)np[i], counts);
		err[i] = errno;
	}
	lab_report_longs("rets", ret, n);
	lab_report_longs("errnos", err, n);
	lab_report_long("forks", lab_counts().forks - forks0);
	lab_report_long("children", lab_children_left(NULL));
}

LAB_MAIN(LAB_TEST(one_process), LAB_TEST(four_processes), LAB_TEST(varied),
    LAB_TEST(missing_file), LAB_TEST(bad_arguments))
