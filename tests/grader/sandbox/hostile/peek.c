/* SPDX-License-Identifier: MIT */
/* peek DIR FILE: tries to list DIR and read DIR/FILE (a solutions folder the sandbox was
 * told to hide). Prints "entries=N" and "open=ok" or "open=<errno name>". */
#define _GNU_SOURCE
#include <sys/prctl.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	DIR	*d;
	struct dirent *de;
	char	 path[4096];
	int	 n = 0, fd;

	prctl(PR_SET_NAME, "plhostile", 0, 0, 0);      /* the tests find it in /proc/PID/comm */
	if (argc != 3) {
		fprintf(stderr, "usage: peek DIR FILE\n");
		return 2;
	}
	if ((d = opendir(argv[1])) != NULL) {
		while ((de = readdir(d)) != NULL)
			if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
				n++;
		closedir(d);
	}
	printf("entries=%d\n", n);
	snprintf(path, sizeof path, "%s/%s", argv[1], argv[2]);
	if ((fd = open(path, O_RDONLY)) == -1)
		printf("open=%s\n", strerrorname_np(errno));
	else
		printf("open=ok\n");
	return 0;
}
