/* wrong-no-feature-macro (from a blind pass): a correct count, but the file defines no
 * feature macro, so under -std=c11 MAP_ANONYMOUS is undeclared and it does not compile. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "letters.h"
#include "lab.h"

int count_letters(const char *const paths[], int npaths, int nprocs, long counts[LETTERS])
{
	if (npaths < 0 || nprocs < 1) {
		errno = EINVAL;
		return -1;
	}
	long *totals = mmap(NULL, LETTERS * sizeof(long), PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (totals == MAP_FAILED) {
		perror("count_letters: mmap");
		return -1;
	}
	sem_t *s = mmap(NULL, sizeof(sem_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED) {
		perror("count_letters: mmap");
		munmap(totals, LETTERS * sizeof(long));
		return -1;
	}
	if (sem_init(s, 1, 1) == -1) {
		perror("count_letters: sem_init");
		munmap(s, sizeof(sem_t));
		munmap(totals, LETTERS * sizeof(long));
		return -1;
	}
	pid_t pid[nprocs];
	int n = 0, ret = 0;
	for (; n < nprocs; n++) {
		pid[n] = fork();
		if (pid[n] == -1) {
			perror("count_letters: fork");
			ret = -1;
			break;
		}
		if (pid[n] == 0) {
			long mine[LETTERS];
			memset(mine, 0, sizeof mine);
			for (int f = n; f < npaths; f += nprocs) {
				int fd = open(paths[f], O_RDONLY);
				if (fd == -1) {
					fprintf(stderr, "count_letters: open %s: %s\n", paths[f], strerror(errno));
					_exit(1);
				}
				char buf[8192];
				ssize_t got;
				while ((got = read(fd, buf, sizeof buf)) != 0) {
					if (got == -1) {
						if (errno == EINTR)
							continue;
						fprintf(stderr, "count_letters: read %s: %s\n", paths[f], strerror(errno));
						_exit(1);
					}
					for (ssize_t k = 0; k < got; k++) {
						unsigned char ch = (unsigned char)buf[k];
						if (ch < 128 && isalpha(ch))
							mine[tolower(ch) - 'a']++;
					}
				}
				close(fd);
			}
			while (sem_wait(s) == -1)
				if (errno != EINTR) {
					perror("count_letters: sem_wait");
					_exit(1);
				}
			for (int i = 0; i < LETTERS; i++) {
				long old = totals[i];
				lab_think();
				totals[i] = old + mine[i];
			}
			if (sem_post(s) == -1) {
				perror("count_letters: sem_post");
				_exit(1);
			}
			_exit(0);
		}
	}
	for (int i = 0; i < n; i++) {
		int status;
		pid_t w;
		do
			w = waitpid(pid[i], &status, 0);
		while (w == -1 && errno == EINTR);
		if (w == -1) {
			perror("count_letters: waitpid");
			ret = -1;
		} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			ret = -1;
		}
	}
	if (ret == 0)
		for (int i = 0; i < LETTERS; i++)
			counts[i] = totals[i];
	sem_destroy(s);
	munmap(s, sizeof(sem_t));
	munmap(totals, LETTERS * sizeof(long));
	return ret;
}
