/* SPDX-License-Identifier: MIT */
/*
 * 11-pipe: Pipe() between two processes (notebooks 001 and 004, "Pipe").
 *
 * Python's Pipe() returns two connection objects, duplex by default; send() pickles an
 * object and writes it with a length prefix, recv() reads one whole message. In C:
 *   - one way:  pipe(fds), a byte stream from fds[1] to fds[0];
 *   - duplex:   socketpair(AF_UNIX, SOCK_STREAM), both ends read and write;
 *   - a message: a length prefix, then the bytes (we frame them ourselves).
 * Part 3 shows the trap of a pipe's limited buffer: when both sides write a message
 * larger than the buffer before reading, both block forever. We show it without
 * hanging (an interval timer interrupts the stuck write) and then avoid it with poll().
 */
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lesson-i18n.h"

#define NAME "11-pipe"

static long timeout_ms = 300;

static void
usage(FILE *f)
{
	fprintf(f, _(
"Usage: %s [OPTION]...\n"
"Pipe(): a one-way message, a duplex connection that squares a list, and what\n"
"happens when both sides send more than the pipe's buffer before reading.\n"
"\n"
"  --timeout-ms MS  how long the deadlock demo waits before giving up (50..10000;\n"
"                   default 300, with --quick 100)\n"
"  --quick          short timeout (for the tests and 'proclab lesson all')\n"
"  --help           show this help and exit\n"
"\n"
"Exit status: 0 the demo ran, 1 a system call failed, 2 bad usage.\n"), NAME);
}

static pid_t main_pid, child = -1;      /* the parent's current child, not yet reaped */

/* Exit 1; the parent first kills and reaps its child, so that none is left behind. */
static void __attribute__((noreturn))
bail(void)
{
	if (getpid() == main_pid && child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	exit(1);
}

static void __attribute__((noreturn))
die(const char *call, int err)
{
	fprintf(stderr, NAME ": %s: %s\n", call, strerror(err));
	bail();
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
		if (errno != EINTR)
			die("waitpid", errno);
	child = -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, _("%s: child %ld failed (status %d)\n"), NAME, (long)pid, status);
		return -1;
	}
	return 0;
}

/* --------------------------------------------------- messages: length + bytes */

static void
write_full(int fd, const void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(fd, (const char *)buf + done, n - done);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			die("write", errno);
		}
		done += (size_t)w;
	}
}

/* 1 when n bytes were read, 0 at end of file before the first byte. */
static int
read_full(int fd, void *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			die("read", errno);
		}
		if (r == 0) {
			if (got == 0)
				return 0;
			fprintf(stderr, _("%s: read: end of file inside a message\n"), NAME);
			bail();
		}
		got += (size_t)r;
	}
	return 1;
}

/* conn.send(obj) */
static void
send_msg(int fd, const void *buf, uint32_t len)
{
	write_full(fd, &len, sizeof len);
	write_full(fd, buf, len);
}

/* conn.recv(): the length of the message, -1 when the other side closed. */
static long
recv_msg(int fd, void *buf, size_t cap)
{
	uint32_t len;

	if (!read_full(fd, &len, sizeof len))
		return -1;
	if (len > cap) {
		fprintf(stderr, _("%s: a message of %u bytes is too large\n"), NAME, len);
		bail();
	}
	read_full(fd, buf, len);
	return len;
}

static void
print_list(const char *prefix, const int64_t *v, size_t n)
{
	printf("%s[", prefix);
	for (size_t i = 0; i < n; i++)
		printf("%s%lld", i ? ", " : "", (long long)v[i]);
	printf("]\n");
}

/* ------------------------------------------------------------- part 1 and 2 */

/*
 * def comunicador(conexao):
 *     conexao.send("Mensagem via Pipe")
 *     conexao.close()
 */
static void
comunicador(int conexao)
{
	const char *msg = "Mensagem via Pipe";

	send_msg(conexao, msg, (uint32_t)strlen(msg));
	if (close(conexao) == -1)
		die("close", errno);
}

/*
 * def funcao(con):
 *     lista = con.recv()
 *     print("Recebido...{}".format(lista))
 *     res = []
 *     for n in lista:
 *         res.append(n*n)
 *     con.send(res)
 *     con.close()
 */
static void
funcao(int con)
{
	int64_t lista[64], res[64];
	long len = recv_msg(con, lista, sizeof lista);

	if (len < 0) {
		fprintf(stderr, _("%s: child: the parent closed without sending\n"), NAME);
		bail();
	}
	size_t n = (size_t)len / sizeof lista[0];
	print_list("Recebido...", lista, n);
	fflush(stdout);
	for (size_t i = 0; i < n; i++)
		res[i] = lista[i] * lista[i];
	send_msg(con, res, (uint32_t)(n * sizeof res[0]));
	if (close(con) == -1)
		die("close", errno);
}

static int
part_one_way(void)
{
	int fds[2];
	char buf[256];

	/* conn1, conn2 = Pipe()  (here one way: pipe(), fds[0] reads, fds[1] writes) */
	if (pipe(fds) == -1)
		die("pipe", errno);
	fflush(stdout);
	pid_t p = fork();                       /* p = Process(target=comunicador, ...) */
	if (p == -1)
		die("fork", errno);
	if (p == 0) {
		close(fds[0]);
		comunicador(fds[1]);
		_exit(0);
	}
	child = p;
	close(fds[1]);  /* the parent keeps only the read end, so it sees end of file */
	long len = recv_msg(fds[0], buf, sizeof buf - 1);       /* print(conn2.recv()) */
	close(fds[0]);
	if (len < 0) {
		fprintf(stderr, _("%s: the child closed the pipe without sending\n"), NAME);
		reap(p);
		return -1;
	}
	buf[len] = '\0';
	printf("%s\n", buf);
	return reap(p);                         /* p.join() */
}

static int
part_duplex(void)
{
	int sv[2];
	int64_t res[64];
	const int64_t lista[] = { 1, 2, 3, 4, 5 };

	/* con_pai, con_filho = Pipe()   (duplex: a connected pair of UNIX sockets) */
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		die("socketpair", errno);
	int con_pai = sv[0], con_filho = sv[1];
	fflush(stdout);
	pid_t p = fork();                       /* p = Process(target=funcao, args=(con_filho,)) */
	if (p == -1)
		die("fork", errno);
	if (p == 0) {
		close(con_pai);
		funcao(con_filho);
		_exit(0);
	}
	child = p;
	close(con_filho);
	send_msg(con_pai, lista, sizeof lista);                 /* con_pai.send([1,2,3,4,5]) */
	long len = recv_msg(con_pai, res, sizeof res);          /* print(con_pai.recv()) */
	close(con_pai);
	if (len < 0) {
		fprintf(stderr, _("%s: the child closed without answering\n"), NAME);
		reap(p);
		return -1;
	}
	print_list("", res, (size_t)len / sizeof res[0]);
	return reap(p);                         /* p.join() */
}

/* ------------------------------------------------------------- part 3: deadlock */

static void
on_alarm(int sig)
{
	(void)sig;      /* only there to interrupt a blocked write() */
}

/* A one-shot interval timer: SIGALRM after ms milliseconds (0 disarms it). */
static void
arm_timer(long ms)
{
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };

	if (setitimer(ITIMER_REAL, &it, NULL) == -1)
		die("setitimer", errno);
}

/*
 * One side of the deadlock: write the whole big message, then (only then) read.
 * Returns how many bytes the write got in before the timer interrupted it.
 */
static size_t
write_then_read(int wfd, const char *big, size_t size)
{
	size_t done = 0;

	arm_timer(timeout_ms);
	while (done < size) {
		ssize_t w = write(wfd, big + done, size - done);
		if (w == -1) {
			if (errno == EINTR)
				break;          /* the timer fired: we were stuck */
			if (errno == EPIPE)
				break;          /* the other side's timer fired first and it
						 * gave up, closing its end: stuck all the same */
			die("write", errno);
		}
		done += (size_t)w;
		/* A write interrupted after a partial transfer returns the partial count;
		 * the next one would block again: stop when the timer has fired. */
		struct itimerval left;
		if (getitimer(ITIMER_REAL, &left) == -1)
			die("getitimer", errno);
		if (done < size && left.it_value.tv_sec == 0 && left.it_value.tv_usec == 0)
			break;
	}
	arm_timer(0);
	return done;
}

/*
 * The safe way: one poll() loop per side that writes when the pipe has room and reads
 * when data is there, so neither side's buffer ever stays full.
 */
static size_t
exchange_with_poll(int wfd, int rfd, const char *out, size_t size, char *in, size_t cap)
{
	size_t sent = 0, got = 0;
	int flags = fcntl(wfd, F_GETFL);

	if (flags == -1)
		die("fcntl", errno);
	if (fcntl(wfd, F_SETFL, flags | O_NONBLOCK) == -1)     /* never block in write() */
		die("fcntl", errno);
	int reading = 1;
	while (sent < size || reading) {
		struct pollfd pf[2] = {
			{ .fd = sent < size ? wfd : -1, .events = POLLOUT },
			{ .fd = reading ? rfd : -1, .events = POLLIN },
		};
		if (poll(pf, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			die("poll", errno);
		}
		if (pf[0].revents & (POLLOUT | POLLERR)) {
			ssize_t w = write(wfd, out + sent, size - sent);
			if (w == -1 && errno != EAGAIN)
				die("write", errno);
			if (w > 0)
				sent += (size_t)w;
			if (sent == size && close(wfd) == -1)  /* end of our message */
				die("close", errno);
		}
		if (pf[1].revents & (POLLIN | POLLHUP)) {
			ssize_t r = read(rfd, in + got, cap - got);
			if (r == -1 && errno != EINTR)
				die("read", errno);
			if (r == 0)
				reading = 0;    /* the other side closed: its message is complete */
			if (r > 0)
				got += (size_t)r;
			if (got == cap)
				reading = 0;
		}
	}
	return got;
}

/*
 * Two pipes (a duplex connection), each process writes a message of `size` bytes to the
 * other. mode 0: write everything, then read (deadlocks); mode 1: poll() (works).
 */
static int
big_exchange(int mode, size_t size, size_t *parent_moved, size_t *child_moved)
{
	int down[2], up[2];    /* down: parent -> child, up: child -> parent */
	int rc = -1;
	int report[2];         /* the child tells the parent how far it got */

	char *out = malloc(size), *in = malloc(size);
	if (out == NULL || in == NULL)
		die("malloc", errno);
	memset(out, 'x', size);
	if (pipe(down) == -1 || pipe(up) == -1 || pipe(report) == -1)
		die("pipe", errno);
	fflush(stdout);
	pid_t p = fork();
	if (p == -1)
		die("fork", errno);
	if (p == 0) {
		close(down[1]);
		close(up[0]);
		close(report[0]);
		uint64_t moved;
		if (mode == 0)
			moved = write_then_read(up[1], out, size);
		else
			moved = exchange_with_poll(up[1], down[0], out, size, in, size);
		write_full(report[1], &moved, sizeof moved);
		_exit(0);
	}
	child = p;
	close(down[0]);
	close(up[1]);
	close(report[1]);
	if (mode == 0)
		*parent_moved = write_then_read(down[1], out, size);
	else
		*parent_moved = exchange_with_poll(down[1], up[0], out, size, in, size);
	uint64_t moved = 0;
	int ok = read_full(report[0], &moved, sizeof moved);
	*child_moved = (size_t)moved;
	/* Close everything so that a child still stuck in write() gets EPIPE, not a hang. */
	if (mode == 0)
		close(down[1]);
	close(up[0]);
	close(report[0]);
	if (reap(p) == 0 && ok)
		rc = 0;
	free(out);
	free(in);
	return rc;
}

/* One side of the exchange that writes first: where its write got stuck, or all sent. */
static void
say_stuck(bool parent, size_t moved, size_t size)
{
	if (parent && moved < size)
		printf(_("  parent: write stuck after %zu of %zu bytes (interrupted after %ld ms)\n"),
		    moved, size, timeout_ms);
	else if (parent)
		printf(_("  parent: wrote all %zu bytes\n"), size);
	else if (moved < size)
		printf(_("  child:  write stuck after %zu of %zu bytes (interrupted after %ld ms)\n"),
		    moved, size, timeout_ms);
	else
		printf(_("  child:  wrote all %zu bytes\n"), size);
}

/* Part 3; *deadlocked: both writes got stuck. */
static int
part_big(bool *deadlocked)
{
	int fds[2];

	/* How big is a pipe's buffer? fcntl(F_GETPIPE_SZ) says; O_NONBLOCK writes confirm. */
	if (pipe(fds) == -1)
		die("pipe", errno);
	int pipe_sz = fcntl(fds[1], F_GETPIPE_SZ);
	if (pipe_sz == -1)
		die("fcntl F_GETPIPE_SZ", errno);
	if (fcntl(fds[1], F_SETFL, O_NONBLOCK) == -1)
		die("fcntl", errno);
	char chunk[4096];
	memset(chunk, 'x', sizeof chunk);
	long filled = 0;
	for (;;) {
		ssize_t w = write(fds[1], chunk, sizeof chunk);
		if (w == -1) {
			if (errno == EAGAIN)
				break;          /* full: a blocking write would wait here */
			die("write", errno);
		}
		filled += w;
	}
	close(fds[0]);
	close(fds[1]);
	printf(_("\nA pipe's buffer: fcntl(F_GETPIPE_SZ) = %d bytes;\n"
	    "O_NONBLOCK writes put %ld bytes in before EAGAIN.\n"), pipe_sz, filled);

	size_t size = (size_t)pipe_sz * 4, pm, cm;
	printf(_("Both sides send %zu bytes (4 x the buffer), then read:\n"), size);
	fflush(stdout);
	if (big_exchange(0, size, &pm, &cm) == -1)
		return -1;
	say_stuck(true, pm, size);
	say_stuck(false, cm, size);
	*deadlocked = pm < size && cm < size;
	if (*deadlocked)
		printf(_("  -> deadlock: each waits for the other to read, nobody reads\n"));
	else
		printf(_("  -> a write finished: no deadlock this time (a bigger pipe buffer?)\n"));
	printf(_("Both sides send %zu bytes, reading while writing (poll):\n"), size);
	fflush(stdout);
	if (big_exchange(1, size, &pm, &cm) == -1)
		return -1;
	if (pm == size && cm == size)
		printf(_("  parent received %zu bytes, child received %zu bytes -> no deadlock\n"),
		    pm, cm);
	else
		printf(_("  parent received %zu bytes, child received %zu bytes of %zu: cut short\n"),
		    pm, cm, size);
	return pm == size && cm == size ? 0 : -1;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ "timeout-ms", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	int quick = 0, timeout_given = 0, c;

	lesson_i18n();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'q':
			quick = 1;
			break;
		case 't':
			timeout_ms = parse_num("--timeout-ms", optarg, 50, 10000);
			timeout_given = 1;
			break;
		default:
			bad_option(c, argv);
		}
	}
	if (optind < argc)
		bad_usage(_("unexpected argument '%s'"), argv[optind]);
	if (quick && !timeout_given)
		timeout_ms = 100;

	main_pid = getpid();
	/* SIGALRM interrupts a blocked write() (no SA_RESTART); SIGPIPE becomes EPIPE. */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) == -1)
		die("sigaction", errno);
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) == -1)
		die("sigaction", errno);

	bool deadlocked = false;
	if (part_one_way() == -1 || part_duplex() == -1 || part_big(&deadlocked) == -1)
		return 1;

	printf(_("\nA pipe() is one-way; Python's duplex Pipe() is a socketpair(AF_UNIX), which\n"
	    "both processes read and write. A pipe carries bytes, not messages: send() puts a\n"
	    "4-byte length before the bytes and recv() reads exactly that much. The kernel\n"
	    "buffers only F_GETPIPE_SZ bytes; a write() that does not fit blocks until the\n"
	    "other side reads.\n"));
	if (deadlocked)
		printf(_("If both sides write a big message before reading, both block forever\n"
		    "(here a setitimer() SIGALRM interrupted them). The cure: read while writing\n"
		    "(poll() on both ends with O_NONBLOCK, or a reader thread), or agree that one\n"
		    "side reads everything before it answers.\n"));
	else
		printf(_("If both sides write a big message before reading, both can block forever;\n"
		    "here one side's write finished before the timer fired (its pipe took more\n"
		    "than F_GETPIPE_SZ said) and that side went on to read. The cure all the same:\n"
		    "read while writing (poll() on both ends with O_NONBLOCK, or a reader thread),\n"
		    "or agree that one side reads everything before it answers.\n"));
	lesson_where(stdout, "11-pipe.c", NULL);
	return 0;
}
