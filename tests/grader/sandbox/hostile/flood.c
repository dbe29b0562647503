/* SPDX-License-Identifier: MIT */
/* flood [err]: writes "y\n" forever, like yes(1), to stdout (or stderr). Expect the
 * captured stream cut at exactly the byte limit and marked truncated. */
#define _GNU_SOURCE
#include <sys/prctl.h>

#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char	 buf[8192];
	size_t	 i;
	int	 fd = argc > 1 && strcmp(argv[1], "err") == 0 ? 2 : 1;

	prctl(PR_SET_NAME, "plhostile", 0, 0, 0);      /* the tests find it in /proc/PID/comm */
	for (i = 0; i < sizeof buf; i += 2)
		memcpy(buf + i, "y\n", 2);
	for (;;)
		if (write(fd, buf, sizeof buf) == -1)
			return 1;
}
