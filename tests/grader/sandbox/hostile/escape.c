/* SPDX-License-Identifier: MIT */
/* escape: a grandchild that double-forks and setsid()s to outlive the run (it would sleep
 * an hour); main exits 0 at once. Expect leftover_processes 1 and nothing alive after. */
#define _GNU_SOURCE
#include <sys/prctl.h>

#include <sys/wait.h>

#include <stdio.h>
#include <unistd.h>

int
main(void)
{
	pid_t	 pid;

	prctl(PR_SET_NAME, "plhostile", 0, 0, 0);      /* the tests find it in /proc/PID/comm */
	if ((pid = fork()) == -1) {
		perror("escape: fork");
		return 1;
	}
	if (pid == 0) {
		if (fork() == 0) {
			setsid();
			sleep(3600);
		}
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	usleep(100000);         /* let the grandchild reach setsid() */
	printf("escaped\n");
	return 0;
}
