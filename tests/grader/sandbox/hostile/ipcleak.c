/* SPDX-License-Identifier: MIT */
/* ipcleak: creates a POSIX shm object, a named semaphore, a message queue and SysV shared
 * memory and semaphores, and exits without removing any. Expect leftover_ipc >= 5 and
 * every one of them gone afterwards. */
#define _GNU_SOURCE
#include <sys/prctl.h>

#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int
check(int ok, const char *what)
{
	if (!ok)
		printf("%s: %s\n", what, strerror(errno));
	return ok ? 0 : 1;
}

int
main(void)
{
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	int	 bad = 0;

	prctl(PR_SET_NAME, "plhostile", 0, 0, 0);      /* the tests find it in /proc/PID/comm */
	bad += check(shm_open("/plhostile-shm", O_CREAT | O_RDWR, 0600) != -1, "shm_open");
	bad += check(sem_open("/plhostile-sem", O_CREAT, 0600, 1) != SEM_FAILED, "sem_open");
	bad += check(mq_open("/plhostile-mq", O_CREAT | O_RDWR, 0600, &attr) != (mqd_t)-1,
	    "mq_open");
	bad += check(shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600) != -1, "shmget");
	bad += check(semget(IPC_PRIVATE, 1, IPC_CREAT | 0600) != -1, "semget");
	printf("created %d\n", 5 - bad);
	return bad != 0;
}
