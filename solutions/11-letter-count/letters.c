/* SPDX-License-Identifier: MIT */
/*
 * letters.c: count the letters of many files with several processes (exercise 11),
 * reference solution.
 *
 * The totals live in shared memory with a process-shared mutex. Child c counts
 * files c, c + nprocs, c + 2 * nprocs, ... into a table of its own (no sharing,
 * no lock needed), then adds that table into the totals while holding the lock:
 * read a total, think, write it back. The parent waits for every child and then
 * copies the totals out.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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
	pthread_mutex_t	lock;
	long		count[LETTERS];
};

/* Adds the letters of one file to mine[]; -1 (with a message) when it fails. */
static int
count_file(const char *path, long mine[LETTERS])
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd == -1) {
		fprintf(stderr, "count_letters: open %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* read() may return fewer bytes than asked: loop until it returns 0 (end). */
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "count_letters: read %s: %s\n", path, strerror(errno));
			close(fd);
			return -1;
		}
		for (ssize_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)buf[i];

			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			if (c >= 'a' && c <= 'z')
				mine[c - 'a']++;
		}
	}
	close(fd);
	return 0;
}

static void
child(int c, const char *const paths[], int npaths, int nprocs, struct totals *t)
{
	long mine[LETTERS] = { 0 };
	int e;

	for (int f = c; f < npaths; f += nprocs)
		if (count_file(paths[f], mine) == -1)
			_exit(1);

	if ((e = pthread_mutex_lock(&t->lock)) != 0) {
		fprintf(stderr, "count_letters: pthread_mutex_lock: %s\n", strerror(e));
		_exit(1);
	}
	for (int i = 0; i < LETTERS; i++) {
		long old = t->count[i];

		lab_think();                    /* the notebook's race window */
		t->count[i] = old + mine[i];
	}
	if ((e = pthread_mutex_unlock(&t->lock)) != 0) {
		fprintf(stderr, "count_letters: pthread_mutex_unlock: %s\n", strerror(e));
		_exit(1);
	}
	_exit(0);
}

int
count_letters(const char *const paths[], int npaths, int nprocs, long counts[LETTERS])
{
	struct totals *t;
	pthread_mutexattr_t a;
	int e, started, result = 0;

	if (npaths < 0 || nprocs < 1) {
		errno = EINVAL;
		return -1;
	}
	t = mmap(NULL, sizeof *t, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (t == MAP_FAILED) {
		fprintf(stderr, "count_letters: mmap: %s\n", strerror(errno));
		return -1;
	}
	if ((e = pthread_mutexattr_init(&a)) != 0 ||
	    (e = pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED)) != 0 ||
	    (e = pthread_mutex_init(&t->lock, &a)) != 0) {
		fprintf(stderr, "count_letters: pthread_mutex_init: %s\n", strerror(e));
		munmap(t, sizeof *t);
		return -1;
	}
	pthread_mutexattr_destroy(&a);

	fflush(stdout);
	for (started = 0; started < nprocs; started++) {
		pid_t pid = fork();

		if (pid == -1) {
			fprintf(stderr, "count_letters: fork: %s\n", strerror(errno));
			result = -1;
			break;
		}
		if (pid == 0)
			child(started, paths, npaths, nprocs, t);       /* never returns */
	}
	/* Merge only after EVERY child has finished: wait for all of them first. */
	for (int i = 0; i < started; i++) {
		int status;

		if (wait(&status) == -1) {
			fprintf(stderr, "count_letters: wait: %s\n", strerror(errno));
			result = -1;
			break;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			result = -1;
	}
	if (result == 0)
		memcpy(counts, t->count, sizeof t->count);
	pthread_mutex_destroy(&t->lock);
	if (munmap(t, sizeof *t) == -1) {
		fprintf(stderr, "count_letters: munmap: %s\n", strerror(errno));
		result = -1;
	}
	return result;
}
