/* SPDX-License-Identifier: MIT */
/* netprobe: TCP over loopback must work; a connect to 10.255.255.1 port 9 must fail at
 * once. Run it only inside a network namespace (nothing is sent anywhere there). */
#define _GNU_SOURCE
#include <sys/prctl.h>

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void
loopback(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof a;
	int	 l, c;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((l = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(l, (struct sockaddr *)&a, sizeof a) == -1 || listen(l, 1) == -1 ||
	    getsockname(l, (struct sockaddr *)&a, &len) == -1 ||
	    (c = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    connect(c, (struct sockaddr *)&a, sizeof a) == -1) {
		printf("loopback=%s\n", strerrorname_np(errno));
		return;
	}
	printf("loopback=ok\n");
	close(c);
	close(l);
}

static void
outside(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(9) };
	struct pollfd pfd;
	socklen_t len = sizeof(int);
	int	 s, err = 0;

	inet_pton(AF_INET, "10.255.255.1", &a.sin_addr);
	if ((s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1) {
		printf("outside=socket:%s\n", strerrorname_np(errno));
		return;
	}
	if (connect(s, (struct sockaddr *)&a, sizeof a) == 0)
		err = 0;
	else if (errno != EINPROGRESS)
		err = errno;
	else {
		pfd = (struct pollfd){ s, POLLOUT, 0 };
		if (poll(&pfd, 1, 2000) == 0)
			err = ETIMEDOUT;
		else
			getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
	}
	printf("outside=%s\n", err == 0 ? "connected" : strerrorname_np(err));
	close(s);
}

int
main(void)
{
	prctl(PR_SET_NAME, "plhostile", 0, 0, 0);      /* the tests find it in /proc/PID/comm */
	loopback();
	outside();
	return 0;
}
