/* right-one-byte-reads (from a blind pass): a semaphore as the lock, files read one byte
 * at a time, children reaped with wait(): thousands of reads before the named pipe. */
#define _GNU_SOURCE
#include "letters.h"
#include "lab.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUFSZ 1

struct shared {
	sem_t lock;
	long totals[LETTERS];
};

/*GLOBALS*/

static void tally(const unsigned char *buf, ssize_t n, long mine[LETTERS])
{
	for (ssize_t i = 0; i < n; i++) {
		unsigned char c = buf[i];
		if (c >= 'A' && c <= 'Z')
			mine[c - 'A']++;
		else if (c >= 'a' && c <= 'z')
			mine[c - 'a']++;
	}
}

static int count_file(const char *path, long mine[LETTERS])
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "count_letters: open %s: %s\n", path, strerror(errno));
		return -1;
	}
	unsigned char buf[BUFSZ];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0) {
			fprintf(stderr, "count_letters: read %s: %s\n", path, strerror(errno));
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		tally(buf, n, mine);
	}
	close(fd);
	return 0;
}

static int lock_init(struct shared *sh)
{
	if (sem_init(&sh->lock, 1, 1) < 0) {
		perror("count_letters: sem_init");
		return -1;
	}
	return 0;
}

static void lock(struct shared *sh)
{
	while (sem_wait(&sh->lock) < 0) {
		if (errno == EINTR)
			continue;
		perror("count_letters: sem_wait");
		_exit(1);
	}
}

static void unlock(struct shared *sh)
{
	if (sem_post(&sh->lock) < 0) {
		perror("count_letters: sem_post");
		_exit(1);
	}
}

static void lock_destroy(struct shared *sh)
{
	sem_destroy(&sh->lock);
}

static void add_into(struct shared *sh, const long mine[LETTERS])
{
	lock(sh);
	for (int i = 0; i < LETTERS; i++) {
		long old = sh->totals[i];
		lab_think();
		sh->totals[i] = old + mine[i];
	}
	unlock(sh);
}

static void child(const char *const paths[], int npaths, int nprocs, int c, struct shared *sh)
{
	long mine[LETTERS] = {0};
	for (int i = c; i < npaths; i += nprocs)
		if (count_file(paths[i], mine) < 0)
			_exit(1);
	add_into(sh, mine);
	_exit(0);
}

static struct shared *shared_new(void)
{
	struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		perror("count_letters: mmap");
		return NULL;
	}
	memset(sh, 0, sizeof *sh);
	return sh;
}

static void shared_free(struct shared *sh)
{
	munmap(sh, sizeof *sh);
}

int count_letters(const char *const paths[], int npaths, int nprocs, long counts[LETTERS])
{
	if (npaths < 0 || nprocs < 1) {
		errno = EINVAL;
		return -1;
	}
	struct shared *sh = shared_new();
	if (!sh)
		return -1;
	if (lock_init(sh) < 0) {
		shared_free(sh);
		return -1;
	}
	pid_t *pids = malloc(nprocs * sizeof *pids);
	if (!pids) {
		perror("count_letters: malloc");
		lock_destroy(sh);
		shared_free(sh);
		return -1;
	}
	int ok = 1, started = 0;
	for (int c = 0; c < nprocs; c++) {
		pid_t p = fork();
		if (p < 0) {
			perror("count_letters: fork");
			ok = 0;
			break;
		}
		if (p == 0)
			child(paths, npaths, nprocs, c, sh);
		pids[started++] = p;
	}
	/*BEFORE_WAIT*/
	for (int c = 0; c < started; c++) {
		int st;
		pid_t w = wait(&st);
		if (w < 0) {
			perror("count_letters: wait");
			ok = 0;
			break;
		}
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			ok = 0;
	}
	free(pids);
	if (ok)
		memcpy(counts, sh->totals, sizeof sh->totals);
	lock_destroy(sh);
	shared_free(sh);
	return ok ? 0 : -1;
}
