/* SPDX-License-Identifier: MIT */
/* limits MODE: probes one limit from inside and prints what it found.
 *	nofile      opens /dev/null until it fails: "open_files=N errno=NAME"
 *	fsize       writes a file until it fails: "bytes=N errno=NAME"
 *	nproc K     forks K children that sleep 300 ms; reaps them; exit 1 if a fork failed
 *	report      writes a verdict record to fd 3 and a line to stdout and stderr
 *	fds         prints the open fds from 0 to 1023 ("0 1 2 ")
 *	uid         prints its uid and sleeps 1 s (so that runs at once overlap)
 */
#define _GNU_SOURCE
#include <sys/prctl.h>

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
nofile(void)
{
	int	 n = 0;

	while (open("/dev/null", O_RDONLY) != -1)
		n++;
	printf("open_files=%d errno=%s\n", n + 3, strerrorname_np(errno));
	return 0;
}

static int
fsize(void)
{
	char	 buf[1000];
	long	 total = 0;
	ssize_t	 n;
	int	 fd;

	signal(SIGXFSZ, SIG_IGN);
	memset(buf, 'x', sizeof buf);
	if ((fd = open("big.out", O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1) {
		printf("open: %s\n", strerror(errno));
		return 1;
	}
	while ((n = write(fd, buf, sizeof buf)) > 0)
		total += n;
	printf("bytes=%ld errno=%s\n", total, strerrorname_np(errno));
	close(fd);
	unlink("big.out");
	return 0;
}

static int
nproc(int k)
{
	int	 i, started = 0, failed = 0;
	pid_t	 pid;

	for (i = 0; i < k; i++) {
		if ((pid = fork()) == -1) {
			printf("fork: %s\n", strerrorname_np(errno));
			failed = 1;
			break;
		}
		if (pid == 0) {
			usleep(300000);
			_exit(0);
		}
		started++;
	}
	while (wait(NULL) > 0)
		;
	printf("started=%d\n", started);
	return failed;
}

int
main(int argc, char **argv)
{
	prctl(PR_SET_NAME, "plhostile", 0, 0, 0);      /* the tests find it in /proc/PID/comm */
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc >= 2 && strcmp(argv[1], "nofile") == 0)
		return nofile();
	if (argc >= 2 && strcmp(argv[1], "fsize") == 0)
		return fsize();
	if (argc >= 3 && strcmp(argv[1], "nproc") == 0)
		return nproc(atoi(argv[2]));
	if (argc >= 2 && strcmp(argv[1], "report") == 0) {
		dprintf(3, "status passed\nmessage all good\n");
		printf("to stdout\n");
		fprintf(stderr, "to stderr\n");
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "fds") == 0) {
		for (int fd = 0; fd < 1024; fd++)
			if (fcntl(fd, F_GETFD) != -1)
				printf("%d ", fd);
		printf("\n");
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "uid") == 0) {
		printf("uid=%u\n", (unsigned)getuid());
		sleep(1);
		return 0;
	}
	fprintf(stderr, "usage: limits nofile|fsize|nproc K|report|fds|uid\n");
	return 2;
}
