/* SPDX-License-Identifier: MIT */
/*
 * 14-manager: a server process that holds a list (notebooks 001 and 004, "Manager").
 *
 *   def worker(list, item):
 *       x = 0
 *       for a in range(10000):
 *           x += 1
 *       list.append(item)
 *       print("{} {}".format(item, list))
 *   if __name__ == '__main__':
 *       mgr = multiprocessing.Manager()
 *       list = mgr.list()
 *       jobs = [multiprocessing.Process(target=worker, args=(list, i)) for i in range(10)]
 *       for j in jobs: j.start()
 *       for j in jobs: j.join()
 *       print('Results:', list)
 *
 * A Manager is a server process. The list lives in the server's own memory, nobody
 * else's; the `list` the workers get is a proxy that turns each method call into a
 * request over a socket and waits for the answer. Here that is in plain sight:
 *   - the socket: AF_UNIX, SOCK_SEQPACKET (connection-oriented, and every send() is
 *     one message: no framing needed), bound to a path in a fresh mkdtemp() folder;
 *   - the protocol, one text message each way:
 *         "APPEND 7"  -> "OK"        list.append(7)
 *         "GET"       -> "[0, 7]"    str(list)
 *         "SHUTDOWN"  -> "BYE"       the manager's shutdown()
 *         "LIST 1 2 3" -> "ID 1"     manager.list([1, 2, 3]): a second list
 *         "#1 APPEND 4" -> "OK"      a request on list 1 (no "#": list 0)
 *   - the server answers one request at a time (poll() over all connections), so
 *     every request is atomic: no lock is needed around the list.
 *
 * Part 2 is notebook 001's snippet ("Gerenciamento de Prioridade"):
 *
 *   with Manager() as manager:
 *       lista_compartilhada = manager.list([1, 2, 3])
 *       lista_compartilhada.append(4)
 *
 * It prints nothing. The lesson prints the list before and after the append, which
 * is what CPython 3.11 shows with a print(lista_compartilhada) added at each place:
 * [1, 2, 3] then [1, 2, 3, 4].
 */
#define _GNU_SOURCE

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lesson-i18n.h"

#define NAME "14-manager"
#define MAX_WORKERS 64
#define MSG_MAX 1024

static void
usage(FILE *f)
{
	fprintf(f, _(
"Usage: %s [OPTION]...\n"
"A Manager: a server process holds a list; 10 worker processes append their item\n"
"through requests over a UNIX socket and print \"{item} {list}\"; then the parent\n"
"prints 'Results: [...]'.\n"
"Then notebook 001's manager.list([1, 2, 3]) and append(4), printed before and after.\n"
"\n"
"  --workers N      worker processes (1..64, default 10)\n"
"  --quick          (accepted for 'proclab lesson all'; the demo is already quick)\n"
"  --help           show this help and exit\n"
"\n"
"Exit status: 0 the demo ran, 1 a system call failed, 2 bad usage.\n"), NAME);
}

/* The parent cleans up on every path, also when a call fails: it stops the server,
 * reaps it and removes the socket. */
static pid_t main_pid, server_pid = -1;
static const char *sock_path, *sock_dir;

static void __attribute__((noreturn))
die(const char *call, int err)
{
	fprintf(stderr, NAME ": %s: %s\n", call, strerror(err));
	if (getpid() == main_pid) {
		if (server_pid > 0) {
			kill(server_pid, SIGKILL);
			waitpid(server_pid, NULL, 0);
		}
		if (sock_path != NULL)
			unlink(sock_path);
		if (sock_dir != NULL)
			rmdir(sock_dir);
	}
	exit(1);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, NAME ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\nTry '%s --help'.\n"), NAME);
	exit(2);
}

/* getopt_long returned '?' or ':': say which option was wrong, exit 2. */
static void __attribute__((noreturn))
bad_option(int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		bad_usage(_("option '%s' needs a value"), arg);
	if (optopt != 0 && strncmp(arg, "--", 2) == 0)
		bad_usage(_("option '%.*s' takes no value"), (int)strcspn(arg, "="), arg);
	if (optopt != 0)
		bad_usage(_("unknown option '-%c'"), optopt);
	bad_usage(_("unknown or ambiguous option '%s'"), arg);
}

static long
parse_num(const char *opt, const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (arg[0] < '0' || arg[0] > '9' || *end != '\0' || errno != 0 || v < min || v > max)
		bad_usage(_("%s: '%s' is not a whole number from %ld to %ld"), opt, arg, min, max);
	return v;
}

static int
reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			fprintf(stderr, NAME ": waitpid: %s\n", strerror(errno));
			return -1;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, _("%s: process %ld failed (status %d)\n"), NAME, (long)pid, status);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ the server */

struct list {
	int	items[MAX_WORKERS + 1];
	int	n;
};

#define MAX_LISTS 2     /* list 0: the workers'; list 1: notebook 001's */

/* str(list): "[3, 0, 7]" */
static void
list_repr(const struct list *l, char *buf, size_t size)
{
	size_t off = 0;

	off += (size_t)snprintf(buf + off, size - off, "[");
	for (int i = 0; i < l->n && off < size; i++)
		off += (size_t)snprintf(buf + off, size - off, "%s%d", i ? ", " : "", l->items[i]);
	if (off < size)
		snprintf(buf + off, size - off, "]");
}

static void
send_msg(int fd, const char *msg)
{
	if (send(fd, msg, strlen(msg), MSG_NOSIGNAL) == -1)
		die("send", errno);
}

/* Serve requests until SHUTDOWN; the list is in this process's memory only. */
static void
serve(int listen_fd)
{
	struct pollfd pf[MAX_WORKERS + 2];
	int nfd = 1;
	struct list lists[MAX_LISTS] = { { .n = 0 } };
	int nlists = 1;

	pf[0].fd = listen_fd;
	pf[0].events = POLLIN;
	for (;;) {
		if (poll(pf, (nfds_t)nfd, -1) == -1) {
			if (errno == EINTR)
				continue;
			die("poll", errno);
		}
		for (int k = nfd - 1; k >= 1; k--) {
			if (!(pf[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char req[MSG_MAX], ans[MSG_MAX];
			ssize_t r = recv(pf[k].fd, req, sizeof req - 1, 0);
			if (r <= 0) {           /* the client closed its connection (or failed) */
				close(pf[k].fd);
				pf[k] = pf[--nfd];
				continue;
			}
			req[r] = '\0';
			/* "#N REQUEST": a request on list N; without "#", list 0 */
			struct list *list = NULL;
			const char *cmd = req;
			int id = 0, used = 0, item;
			char extra;
			if (req[0] != '#')
				list = &lists[0];
			else if (sscanf(req, "#%d %n", &id, &used) == 1 && used > 0 &&
			    id >= 0 && id < nlists) {
				list = &lists[id];
				cmd = req + used;
			}
			if (list == NULL) {
				snprintf(ans, sizeof ans, "ERROR no such list '%.100s'", req);
				send_msg(pf[k].fd, ans);
			} else if (sscanf(cmd, "APPEND %d%c", &item, &extra) == 1 &&
			    list->n < MAX_WORKERS + 1) {
				list->items[list->n++] = item;  /* list.append(item) */
				send_msg(pf[k].fd, "OK");
			} else if (strcmp(cmd, "GET") == 0) {
				list_repr(list, ans, sizeof ans);
				send_msg(pf[k].fd, ans);
			} else if (cmd == req && strncmp(cmd, "LIST", 4) == 0 && nlists < MAX_LISTS) {
				/* manager.list([1, 2, 3]): a new list in this process, its id back */
				struct list *nl = &lists[nlists];
				const char *q = cmd + 4;
				int n;
				nl->n = 0;
				while (nl->n < MAX_WORKERS + 1 && sscanf(q, " %d%n", &item, &n) == 1) {
					nl->items[nl->n++] = item;
					q += n;
				}
				snprintf(ans, sizeof ans, "ID %d", nlists++);
				send_msg(pf[k].fd, ans);
			} else if (strcmp(req, "SHUTDOWN") == 0) {
				send_msg(pf[k].fd, "BYE");
				for (int j = 0; j < nfd; j++)
					close(pf[j].fd);
				_exit(0);
			} else {
				snprintf(ans, sizeof ans, "ERROR bad request '%.100s'", req);
				send_msg(pf[k].fd, ans);
			}
		}
		if (pf[0].revents & POLLIN) {
			int fd = accept(listen_fd, NULL, NULL);
			if (fd == -1) {
				if (errno != EINTR && errno != ECONNABORTED)
					die("accept", errno);
			} else if (nfd == (int)(sizeof pf / sizeof pf[0])) {
				close(fd);      /* too many clients at once */
			} else {
				pf[nfd].fd = fd;
				pf[nfd].events = POLLIN;
				pf[nfd].revents = 0;
				nfd++;
			}
		}
	}
}

/* ------------------------------------------------------------------ the proxy */

static int
connect_to(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);

	if (fd == -1)
		die("socket", errno);
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1)
		die("connect", errno);
	return fd;
}

/* One request, one answer: what every proxy method call does. */
static void
request(int fd, const char *req, char *ans, size_t size)
{
	send_msg(fd, req);
	ssize_t r = recv(fd, ans, size - 1, 0);
	if (r == -1)
		die("recv", errno);
	if (r == 0) {
		fprintf(stderr, _("%s: the manager closed the connection\n"), NAME);
		exit(1);
	}
	ans[r] = '\0';
	if (strncmp(ans, "ERROR", 5) == 0) {
		/* TRANSLATORS: %s is the manager's answer, "ERROR ..." (not translated). */
		fprintf(stderr, _("%s: the manager answered: %s\n"), NAME, ans);
		exit(1);
	}
}

/* def worker(list, item) */
static void
worker(const char *path, int item)
{
	volatile long x = 0;
	char req[64], ans[MSG_MAX];

	for (int a = 0; a < 10000; a++)         /* for a in range(10000): x += 1 */
		x += 1;
	(void)x;                                /* (busy work, like the notebook's) */
	int fd = connect_to(path);
	snprintf(req, sizeof req, "APPEND %d", item);
	request(fd, req, ans, sizeof ans);      /* list.append(item) */
	request(fd, "GET", ans, sizeof ans);    /* str(list): a second request */
	printf("%d %s\n", item, ans);           /* print("{} {}".format(item, list)) */
	fflush(stdout);
	close(fd);
}

/* What the run showed: the server's pid and socket, the workers, notebook 001's list. */
static void
explain(long server, const char *path, long nworkers, int list_id, const char *before,
    const char *after)
{
	if (nworkers > 1)
		printf(_("\nThe list lived only in the server process (pid %ld), behind the UNIX socket\n"
		    "%s. Each worker connected and sent two requests,\n"
		    "\"APPEND i\" and \"GET\"; the server answered them one at a time, so no update\n"
		    "was lost and no lock was needed. The order of the items is the order in which\n"
		    "the requests reached the server: it depends on how the kernel scheduled the %ld\n"
		    "workers, not on their numbers, so it changes from run to run. A worker's\n"
		    "printed list may already hold items appended after its own (between its APPEND\n"
		    "and its GET), just as in Python, where str(list) is a second request.\n"),
		    server, path, nworkers);
	else
		printf(_("\nThe list lived only in the server process (pid %ld), behind the UNIX socket\n"
		    "%s.\nThe one worker connected and sent two requests, \"APPEND 0\" and \"GET\",\n"
		    "and the server answered each in turn. With more workers (--workers N) the\n"
		    "server still answers one request at a time, so no update is lost and no lock\n"
		    "is needed, and the items come in the order the requests reach it, which\n"
		    "changes from run to run.\n"), server, path);
	/* Notebook 001 lists multiprocessing.Manager under the heading
	 * "Gerenciamento de Prioridade": a Manager has nothing to do with priorities. */
	/* TRANSLATORS: the list's id three times, then the list before and after. */
	printf(_("Notebook 001's manager.list([1, 2, 3]) was request \"LIST 1 2 3\": the server\n"
	    "made a second list in its own memory and answered its id (%d); append(4) and\n"
	    "each print were requests on that id (\"#%d APPEND 4\", \"#%d GET\").\n"
	    "The notebook's snippet prints nothing; the lists above, %s then %s,\n"
	    "are the lesson's prints: CPython 3.11 prints the same with a\n"
	    "print(lista_compartilhada) before and after the append.\n"),
	    list_id, list_id, list_id, before, after);
	printf(_("Notebook 001 files Manager under the heading \"Gerenciamento de Prioridade\"\n"
	    "(priority management). A Manager manages no priorities: it is what this lesson\n"
	    "shows, a server process that owns shared objects (lists, dicts) and answers\n"
	    "the other processes' requests on them: sharing of state, not scheduling.\n"));
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ "workers", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	long nworkers = 10;
	int c;

	lesson_i18n();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'q':
			break;
		case 'w':
			nworkers = parse_num("--workers", optarg, 1, MAX_WORKERS);
			break;
		default:
			bad_option(c, argv);
		}
	}
	if (optind < argc)
		bad_usage(_("unexpected argument '%s'"), argv[optind]);
	setvbuf(stdout, NULL, _IOLBF, 0);

	int rc = 1, listen_fd;
	pid_t server, jobs[MAX_WORKERS];
	int njobs = 0;
	char dir[] = "/tmp/proclab-manager-XXXXXX", path[sizeof dir + 16];
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	/* mgr = multiprocessing.Manager(): an address, a listening socket, a server process.
	 * The socket is made before the fork, so it accepts as soon as workers connect. */
	main_pid = getpid();
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", errno);
	sock_dir = dir;
	snprintf(path, sizeof path, "%s/listener", dir);
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	if ((listen_fd = socket(AF_UNIX, SOCK_SEQPACKET, 0)) == -1) {
		fprintf(stderr, NAME ": socket: %s\n", strerror(errno));
		goto out_rmdir;
	}
	if (bind(listen_fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		fprintf(stderr, NAME ": bind: %s\n", strerror(errno));
		goto out_close;
	}
	sock_path = path;
	if (listen(listen_fd, MAX_WORKERS) == -1) {
		fprintf(stderr, NAME ": listen: %s\n", strerror(errno));
		goto out_unlink;
	}
	fflush(stdout);
	if ((server = fork()) == -1) {
		fprintf(stderr, NAME ": fork: %s\n", strerror(errno));
		goto out_unlink;
	}
	if (server == 0)
		serve(listen_fd);               /* never returns */
	server_pid = server;
	close(listen_fd);
	listen_fd = -1;

	/* jobs = [Process(target=worker, args=(list, i)) for i in range(10)]; j.start() */
	for (int i = 0; i < nworkers; i++) {
		pid_t p = fork();
		if (p == -1) {
			fprintf(stderr, NAME ": fork: %s\n", strerror(errno));
			break;
		}
		if (p == 0) {
			worker(path, i);
			_exit(0);
		}
		jobs[njobs++] = p;
	}
	int failed = njobs < nworkers;
	for (int i = 0; i < njobs; i++)         /* for j in jobs: j.join() */
		failed |= reap(jobs[i]) == -1;

	/* print('Results:', list), then the manager's shutdown() */
	char ans[MSG_MAX];
	int fd = connect_to(path);
	request(fd, "GET", ans, sizeof ans);
	if (!failed)
		printf("Results: %s\n", ans);

	/* ---- Part 2, notebook 001 (the manager here is the same server):
	 *     lista_compartilhada = manager.list([1, 2, 3])
	 *     print(lista_compartilhada)          <- the lesson's, not the notebook's
	 *     lista_compartilhada.append(4)
	 *     print(lista_compartilhada)          <- the lesson's, not the notebook's */
	char id_req[64], before[MSG_MAX], after[MSG_MAX];
	int list_id;
	request(fd, "LIST 1 2 3", ans, sizeof ans);
	if (sscanf(ans, "ID %d", &list_id) != 1) {
		fprintf(stderr, _("%s: the manager's answer was unexpected: '%s'\n"), NAME, ans);
		failed = 1;
	} else {
		snprintf(id_req, sizeof id_req, "#%d GET", list_id);
		request(fd, id_req, before, sizeof before);
		snprintf(id_req, sizeof id_req, "#%d APPEND 4", list_id);
		request(fd, id_req, ans, sizeof ans);
		snprintf(id_req, sizeof id_req, "#%d GET", list_id);
		request(fd, id_req, after, sizeof after);
		if (!failed) {
			printf(_("\nNotebook 001: lista_compartilhada = manager.list([1, 2, 3]), then\n"
			    "lista_compartilhada.append(4); the notebook prints nothing, the lesson\n"
			    "prints the list before and after:\n"));
			printf("%s\n", before);
			printf("%s\n", after);
		}
	}
	request(fd, "SHUTDOWN", ans, sizeof ans);
	close(fd);
	server_pid = -1;
	if (reap(server) == -1 || failed)
		goto out_unlink;

	explain((long)server, path, nworkers, list_id, before, after);
	rc = 0;

out_unlink:
	if (unlink(path) == -1) {
		fprintf(stderr, NAME ": unlink: %s\n", strerror(errno));
		rc = 1;
	}
out_close:
	if (listen_fd != -1)
		close(listen_fd);
out_rmdir:
	if (rmdir(dir) == -1) {
		fprintf(stderr, NAME ": rmdir: %s\n", strerror(errno));
		rc = 1;
	}
	if (rc == 0)
		lesson_where(stdout, "14-manager.c", NULL);
	return rc;
}
