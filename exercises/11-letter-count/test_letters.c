/* SPDX-License-Identifier: MIT */
/*
 * test_letters.c: the tests of exercise 11 (parallel letter count).
 *
 * The tests write seeded random files (letters in both cases, digits, punctuation,
 * Portuguese accented letters) into a fresh folder and count them themselves. The
 * last nprocs paths are named pipes (FIFOs) served by a process of the test: it
 * writes their text and closes them all at the same moment, once every one of them
 * has a reader. With files assigned round robin, each child's last file is one of
 * them, so all the children finish counting together and add into the totals at
 * the same time: totals updated without a lock lose updates on every run.
 * count_letters() itself runs in a process of the test, watched with a deadline.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

#define MAX_FILES	32
#define MAX_SIZE	6000
#define DEADLINE_MS	3000
#define RELEASE_MS	150     /* FIFOs are released after this even if not all are open */

struct shared {
	int	returned, ret, err;
	long	counts[LETTERS];
	struct lab_counts c;            /* what count_letters did */
	long	parent_read;            /* bytes the calling process read (-1: unknown) */
	pid_t	driver;
};

static struct shared *sh;
static char dir[64];
static char *paths[MAX_FILES];
static char *text[MAX_FILES];
static size_t len[MAX_FILES];
static bool is_fifo[MAX_FILES];
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
			lab_fail("mkdtemp (test harness): %s", strerror(errno));
		}
	}
	if (atexit(cleanup) != 0)
		lab_fail("atexit (test harness) failed");
}

/* Seeded random text: mostly letters of both cases, with other bytes mixed in. */
static char *
random_text(size_t n, bool all_letters)
{
	static const char other[] = "0123456789 .,;:!?()-\n\t'\"";
	static const char *accented[] = { "\xc3\xa7", "\xc3\xa3", "\xc3\xa9", "\xc3\x81",
	    "\xc3\xb5" };       /* ç ã é Á õ (UTF-8) */
	char *s = malloc(n + 1);
	size_t i = 0;

	if (s == NULL)
		lab_fail("malloc (test harness): %s", strerror(errno));
	if (all_letters)        /* every letter at least once, both cases */
		for (int l = 0; l < LETTERS && i + 2 <= n; l++) {
			s[i++] = (char)('a' + l);
			s[i++] = (char)('A' + l);
		}
	while (i < n) {
		uint64_t r = lab_random();

		switch (r % 10) {
		case 0: case 1: case 2: case 3: case 4:
			s[i++] = (char)('a' + (r >> 8) % LETTERS);
			break;
		case 5: case 6:
			s[i++] = (char)('A' + (r >> 8) % LETTERS);
			break;
		case 7: case 8:
			s[i++] = other[(r >> 8) % (sizeof other - 1)];
			break;
		default:
			if (i + 2 <= n) {
				memcpy(s + i, accented[(r >> 8) % 5], 2);
				i += 2;
			} else {
				s[i++] = ' ';
			}
		}
	}
	s[n] = '\0';
	return s;
}

static void
write_file(const char *path, const char *s, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd == -1)
		lab_fail("open %s (test harness): %s", path, strerror(errno));
	while (n > 0) {
		ssize_t w = __real_write(fd, s, n);

		if (w == -1) {
			if (errno == EINTR)
				continue;
			lab_fail("write %s (test harness): %s", path, strerror(errno));
		}
		s += w;
		n -= (size_t)w;
	}
	if (close(fd) == -1)
		lab_fail("close %s (test harness): %s", path, strerror(errno));
}

/* nfiles paths; the last nfifos are FIFOs. One regular file may be empty. */
static void
make_files(int nfiles, int nfifos, bool with_empty)
{
	make_dir();
	npaths = nfiles;
	for (int i = 0; i < nfiles; i++) {
		size_t n = 500 + (size_t)(lab_random() % (MAX_SIZE - 500));

		is_fifo[i] = i >= nfiles - nfifos;
		if (with_empty && i == 1 && !is_fifo[i])
			n = 0;
		if (asprintf(&paths[i], "%s/%s%02d.txt", dir, is_fifo[i] ? "pipe" : "file", i) == -1)
			lab_fail("asprintf (test harness): out of memory");
		/* The FIFOs are short and hold every letter: each child adds to every total. */
		text[i] = random_text(is_fifo[i] ? 200 : n, is_fifo[i]);
		len[i] = strlen(text[i]);
		if (is_fifo[i]) {
			if (mkfifo(paths[i], 0600) == -1)
				lab_fail("mkfifo %s (test harness): %s", paths[i], strerror(errno));
		} else {
			write_file(paths[i], text[i], len[i]);
		}
	}
}

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
			size_t off = 0;

			if (!is_fifo[i] || fd[i] != -1)
				continue;
			fd[i] = open(paths[i], O_WRONLY | O_NONBLOCK);
			if (fd[i] == -1) {
				if (errno != ENXIO)     /* ENXIO: no reader yet */
					_exit(3);
				continue;
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
		}
		sleep_us(200);
	}
}

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
		lab_fail("setpgid (test harness): %s", strerror(errno));
	sh->driver = getpid();
	c0 = lab_counts();
	r0 = read_rchar();
	for (int i = 0; i < LETTERS; i++)
		sh->counts[i] = -1;
	sh->ret = count_letters((const char *const *)paths, npaths, nprocs, sh->counts);
	sh->err = errno;
	r1 = read_rchar();
	sh->c = lab_counts();
	sh->c.forks -= c0.forks;
	sh->c.mutex_locks -= c0.mutex_locks;
	sh->c.sem_waits -= c0.sem_waits;
	sh->c.writes -= c0.writes;
	sh->c.thinks -= c0.thinks;
	sh->parent_read = r0 >= 0 && r1 >= 0 ? r1 - r0 : -1;
	sh->returned = 1;
	if (getpid() != sh->driver)
		lab_fail("a child process returned from count_letters: end every child with "
		    "_exit() when its files are counted");
	lab_expect_no_children("count_letters returned");
	_exit(0);
}

/* Runs count_letters in a process of the test, with a deadline. */
static void
run_driver(int nprocs)
{
	pid_t pid;
	int status;
	long t0;
	bool ended = false;

	sh = lab_shared(sizeof *sh);
	fflush(stdout);
	fflush(stderr);
	helper_pid = __real_fork();
	if (helper_pid == -1)
		lab_fail("fork (test harness): %s", strerror(errno));
	if (helper_pid == 0)
		helper_main();
	pid = __real_fork();
	if (pid == -1)
		lab_fail("fork (test harness): %s", strerror(errno));
	if (pid == 0)
		driver_main(nprocs);
	setpgid(pid, pid);
	t0 = now_ms();
	while (now_ms() - t0 < DEADLINE_MS) {
		pid_t r = __real_waitpid(pid, &status, WNOHANG);

		if (r == -1)
			lab_fail("waitpid (test harness): %s", strerror(errno));
		if (r == pid) {
			ended = true;
			break;
		}
		sleep_us(2000);
	}
	kill(-pid, SIGKILL);    /* children left running by a count_letters that did not wait */
	if (!ended) {
		__real_waitpid(pid, NULL, 0);
		lab_fail("count_letters did not return within %d s (is a child stuck, or the "
		    "parent waiting for something that never comes?)", DEADLINE_MS / 1000);
	}
	if (WIFSIGNALED(status))
		lab_fail("the process that called count_letters crashed: %s",
		    strsignal(WTERMSIG(status)));
	if (!sh->returned || WEXITSTATUS(status) != 0)
		lab_fail("count_letters did not return: exit() was called in the parent "
		    "(only the children should exit)");
}

static void
expected_counts(long want[LETTERS])
{
	memset(want, 0, LETTERS * sizeof want[0]);
	for (int f = 0; f < npaths; f++)
		for (size_t i = 0; i < len[f]; i++) {
			unsigned char c = (unsigned char)text[f][i];

			if (c >= 'A' && c <= 'Z')
				want[c - 'A']++;
			else if (c >= 'a' && c <= 'z')
				want[c - 'a']++;
		}
}

static void
check_counts(int nprocs)
{
	long want[LETTERS], total = 0;
	int bad = -1;
	bool multiple = true;
	long m = 0;

	expected_counts(want);
	for (int i = 0; i < LETTERS; i++) {
		total += want[i];
		if (sh->counts[i] != want[i] && bad < 0)
			bad = i;
		if (want[i] == 0 || sh->counts[i] % want[i] != 0 ||
		    (m != 0 && sh->counts[i] / want[i] != m))
			multiple = false;
		else if (want[i] != 0)
			m = sh->counts[i] / want[i];
	}
	if (bad >= 0) {
		char e[32], a[32];
		long w = want[bad], g = sh->counts[bad];

		snprintf(e, sizeof e, "%ld", w);
		snprintf(a, sizeof a, "%ld", g);
		if (multiple && m > 1)
			lab_fail_values(e, a, "letter '%c': expected %ld, got %ld: every letter was "
			    "counted %ld times: each file must be counted by exactly one child",
			    'a' + bad, w, g, m);
		if (g > w)
			lab_fail_values(e, a, "letter '%c': expected %ld, got %ld: counted too many "
			    "(are some files counted by more than one child, or a buffer counted "
			    "past the bytes read() returned?)", 'a' + bad, w, g);
		if (sh->c.mutex_locks + sh->c.sem_waits == 0 && sh->c.writes < nprocs)
			lab_fail_values(e, a, "letter '%c': expected %ld, got %ld: lost updates: the "
			    "children add into the shared totals without a lock (read, think, write: "
			    "two children read the same old total)", 'a' + bad, w, g);
		lab_fail_values(e, a, "letter '%c': expected %ld, got %ld: some letters were not "
		    "counted: read each file until read() returns 0 (a read may return fewer "
		    "bytes than asked, and some files are pipes whose size is 0); add into "
		    "the totals only under the lock, and merge after every child has finished",
		    'a' + bad, w, g);
	}
	if (sh->c.forks != nprocs)
		lab_fail("count_letters started %ld processes, expected %d: start exactly "
		    "nprocs children", sh->c.forks, nprocs);
	if (sh->c.thinks < (long)LETTERS * nprocs)
		lab_fail("lab_think() was called %ld times, expected at least %d: call it "
		    "between reading each total and writing the new value back, for each of "
		    "the %d letters of each child's table (see Rules)", sh->c.thinks,
		    LETTERS * nprocs, LETTERS);
	if (sh->parent_read >= 0 && total > 0) {
		long bytes = 0;

		for (int f = 0; f < npaths; f++)
			bytes += (long)len[f];
		if (sh->parent_read > bytes / 2)
			lab_fail("the parent process read %ld bytes, about as much as the files "
			    "hold (%ld): the children must read and count the files, the parent "
			    "only merges their tables", sh->parent_read, bytes);
	}
}

static void
run_count(int nprocs, int nfiles, bool with_empty)
{
	make_files(nfiles, nprocs, with_empty);
	run_driver(nprocs);
	if (sh->ret != 0) {
		if (sh->err == ENOSYS)
			lab_fail("count_letters: not written yet: see the TODO in letters.c");
		lab_fail("count_letters returned %d (errno: %s), expected 0 (see its message "
		    "on stderr)", sh->ret, strerror(sh->err));
	}
	check_counts(nprocs);
	cleanup();
}

static void
test_one_process(void)
{
	run_count(1, 4, false);
}

static void
test_four_processes(void)
{
	run_count(4, 12, false);
}

static void
test_varied(void)
{
	int p = 2 + (int)(lab_random() % 2);            /* 2..3 */

	run_count(p, p * (2 + (int)(lab_random() % 2)), true);
}

static void
test_missing_file(void)
{
	make_files(6, 3, false);
	unlink(paths[2]);       /* a regular file: counted by child 2 */
	run_driver(3);
	if (sh->ret == -1 && sh->err == ENOSYS)
		lab_fail("count_letters: not written yet: see the TODO in letters.c");
	if (sh->ret != -1)
		lab_fail("count_letters returned %d although %s does not exist: expected -1 "
		    "(the child that cannot open it prints why and exits with status 1; the "
		    "parent sees it in the status from waitpid)", sh->ret, paths[2]);
	if (sh->c.forks != 3)
		lab_fail("count_letters started %ld processes, expected 3: start the nprocs "
		    "children even when a file may be missing (the child finds out)", sh->c.forks);
	cleanup();
}

static void
test_bad_arguments(void)
{
	long counts[LETTERS];
	const char *none[1] = { NULL };
	int r;

	errno = 0;
	r = count_letters(none, 0, 0, counts);
	if (r != -1 || errno != EINVAL) {
		if (errno == ENOSYS)
			lab_fail("count_letters: not written yet: see the TODO in letters.c");
		lab_fail("count_letters(paths, 0, 0, counts) returned %d with errno \"%s\": "
		    "expected -1 with errno EINVAL (nprocs must be at least 1)", r,
		    strerror(errno));
	}
	if (lab_counts().forks != 0)
		lab_fail("count_letters started processes although nprocs was 0");
	lab_expect_no_children("count_letters with invalid arguments");
}

LAB_MAIN(LAB_TEST(one_process), LAB_TEST(four_processes), LAB_TEST(varied),
    LAB_TEST(missing_file), LAB_TEST(bad_arguments))
