/* SPDX-License-Identifier: MIT */
/*
 * right-letter-locks: a correct count that takes another route than the reference: one
 * process-shared semaphore per letter (sem_init(&s, 1, 1)) instead of one mutex for the
 * whole table, so two children may add different letters at the same time; the parent
 * reaps with waitid(), which the grader's counters do not count. Files are read in small
 * pieces, a loop until read() returns 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lab.h"
#include "letters.h"

struct totals {
	sem_t	lock[LETTERS];
	long	count[LETTERS];
};

static int
count_file(const char *path, long mine[LETTERS])
{
	unsigned char buf[512];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd == -1) {
		fprintf(stderr, "count_letters: open %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		n = read(fd, buf, sizeof buf);
		if (n == 0)
			break;
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			fprintf(stderr, "count_letters: read %s: %s\n", path, strerror(errno));
			close(fd);
			return -1;
		}
		for (ssize_t i = 0; i < n; i++) {
			int c = buf[i] | 0x20;          /* 'A'..'Z' to 'a'..'z' */

			if (buf[i] < 0x80 && c >= 'a' && c <= 'z')
				mine[c - 'a']++;
		}
	}
	if (close(fd) == -1) {
		fprintf(stderr, "count_letters: close %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static void
child(int c, const char *const paths[], int npaths, int nprocs, struct totals *t)
{
	long mine[LETTERS] = { 0 };

	for (int f = c; f < npaths; f += nprocs)
		if (count_file(paths[f], mine) == -1)
			_exit(1);
	for (int i = 0; i < LETTERS; i++) {
		long old;

		while (sem_wait(&t->lock[i]) == -1)
			if (errno != EINTR) {
				fprintf(stderr, "count_letters: sem_wait: %s\n", strerror(errno));
				_exit(1);
			}
		old = t->count[i];
		lab_think();
		t->count[i] = old + mine[i];
		if (sem_post(&t->lock[i]) == -1) {
			fprintf(stderr, "count_letters: sem_post: %s\n", strerror(errno));
			_exit(1);
		}
	}
	_exit(0);
}

/* Reaps N children with waitid; -1 when one did not exit with status 0. */
static int
reap(int n)
{
	int result = 0;

	for (int i = 0; i < n; i++) {
		siginfo_t si;

		memset(&si, 0, sizeof si);
		if (waitid(P_ALL, 0, &si, WEXITED) == -1) {
			if (errno == EINTR) {
				i--;
				continue;
			}
			fprintf(stderr, "count_letters: waitid: %s\n", strerror(errno));
			return -1;
		}
		if (si.si_code != CLD_EXITED || si.si_status != 0)
			result = -1;
	}
	return result;
}

int
count_letters(const char *const paths[], int npaths, int nprocs, long counts[LETTERS])
{
	struct totals *t;
	int started, result = 0;

	if (npaths < 0 || nprocs < 1) {
		errno = EINVAL;
		return -1;
	}
	t = mmap(NULL, sizeof *t, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED) {
		fprintf(stderr, "count_letters: mmap: %s\n", strerror(errno));
		return -1;
	}
	for (int i = 0; i < LETTERS; i++)
		if (sem_init(&t->lock[i], 1, 1) == -1) {
			fprintf(stderr, "count_letters: sem_init: %s\n", strerror(errno));
			munmap(t, sizeof *t);
			return -1;
		}
	fflush(stdout);
	for (started = 0; started < nprocs; started++) {
		pid_t pid = fork();

		if (pid == -1) {
			fprintf(stderr, "count_letters: fork: %s\n", strerror(errno));
			result = -1;
			break;
		}
		if (pid == 0)
			child(started, paths, npaths, nprocs, t);
	}
	if (reap(started) == -1)
		result = -1;
	if (result == 0)
		memcpy(counts, t->count, sizeof t->count);
	for (int i = 0; i < LETTERS; i++)
		sem_destroy(&t->lock[i]);
	munmap(t, sizeof *t);
	return result;
}
