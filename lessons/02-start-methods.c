/* SPDX-License-Identifier: MIT */
/*
 * 02-start-methods: notebook 003, the three start methods.
 *
 * CPython starts a Process in one of three ways (measured with CPython 3.11.7
 * on Linux, reading its multiprocessing sources beside it):
 *   fork        os.fork(): the child is a copy of the parent as it is right now.
 *   spawn       a fresh interpreter: popen_spawn_posix calls util.spawnv_passfds,
 *               which is _posixsubprocess.fork_exec (fork or vfork, then exec) of
 *               sys.executable, not posix_spawn. The parent then writes, down a
 *               pipe, the pickled preparation data (sys.path, the main module's
 *               path) and the pickled Process object: its target (pickled by
 *               name: module and function) and its args. The child unpickles
 *               them, re-importing the main module as __mp_main__ to find the
 *               target. In C: posix_spawn() of this same program
 *               (/proc/self/exe) with a hidden --child flag; the "pickle" is the
 *               argv (which function, its arguments as text). It starts from
 *               main(), with every global at its initial value.
 *   forkserver  a server that is itself a freshly started interpreter (spawned
 *               like spawn, with the main module imported as __mp_main__ so its
 *               `if __name__ == "__main__":` block does not run), which fork()s a
 *               worker whenever asked. CPython starts it at the first start(),
 *               not at set_start_method('forkserver'): after set_start_method
 *               forkserver._forkserver._forkserver_pid was still None, after the
 *               first start() it was a pid. Its workers saw a global at its
 *               initial value 0 whether the parent set it before or after the
 *               server started. Here: the server is posix_spawn()ed at the first
 *               forkserver start and forks workers on request over a socketpair.
 *
 * C can also do what CPython does not: fork() a server from the parent at a
 * moment it chooses, so the server (and every worker) carries the parent's
 * state of that moment. That is the fourth row, "forked server".
 *
 * To see what a child inherits, the global 'answer' starts at 0, is set to 1
 * before the forked server is made and to 2 after. A child started with fork
 * sees 2, with spawn 0, through the (fresh) forkserver 0, through the forked
 * server 1. Each method is also timed: the median over K starts of the time from
 * "start it" to "it has told us answer" (the forkserver's first start includes
 * starting the server; the median hides that one).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "lesson-i18n.h"

extern char **environ;

static const char *prog = "02-start-methods";

/* The global that the children report: 0 in a fresh program. */
static int answer = 0;

static void
usage(FILE *fp)
{
	fprintf(fp, _(
	    "Usage: %s [--starts K] [--quick] [--help]\n"
	    "Notebook 003: the start methods fork, spawn (a fresh program) and forkserver\n"
	    "(a fresh server program forks workers on request), beside a fork server\n"
	    "made with fork(), what C can do and CPython does not. Runs the\n"
	    "notebook's spawn cell (do_something in 5 spawned processes), then shows what\n"
	    "each start costs (median of K starts, in microseconds) and which value of a\n"
	    "global the child sees.\n"
	    "\n"
	    "  --starts K   starts per method for the timing (1..1000; default 51)\n"
	    "  --quick      11 starts and a 30 ms sleep in do_something (unless given)\n"
	    "  --help       show this help and exit\n"
	    "\n"
	    "Exit status: 0 the demo ran, 1 a system call failed, 2 bad usage.\n"), prog);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\nTry '%s --help'.\n"), prog);
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

/* A whole decimal number in [min, max]: true and *out set, or false. */
static bool
parse_number(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 || v < min || v > max)
		return false;
	*out = v;
	return true;
}

static void
sys_error(const char *call)
{
	fprintf(stderr, "%s: %s: %s\n", prog, call, strerror(errno));
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		continue;
}

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* write() all of buf, or -1. */
static int
write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* read() exactly len bytes: 1, 0 at end of file, -1 on error. */
static int
read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = read(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			return 0;
		p += n;
		len -= (size_t)n;
	}
	return 1;
}

static void
do_something(int thread_number, long ms)
{
	/* def do_something(thread_number):
	 *     print(f'Working {thread_number} ...')
	 *     time.sleep(0.15)
	 *     print(f'Thread {thread_number} was finished.') */
	printf("Working %d ...\n", thread_number);
	fflush(stdout);
	sleep_ms(ms);
	printf("Thread %d was finished.\n", thread_number);
	fflush(stdout);
}

static int fork_server(int sock);

/*
 * The spawned program: /proc/self/exe --child report FD, --child server FD (the
 * fresh fork server) or --child work I MS.
 * A fresh start of this file: main() runs again and 'answer' is back to 0.
 */
static int
child_main(int argc, char **argv)
{
	long fd, i, ms;

	if (argc == 4 && strcmp(argv[2], "report") == 0 && parse_number(argv[3], 0, 1023, &fd)) {
		if (write_all((int)fd, &answer, sizeof answer) == -1) {
			sys_error("write");
			return 1;
		}
		return 0;
	}
	if (argc == 4 && strcmp(argv[2], "server") == 0 && parse_number(argv[3], 0, 1023, &fd))
		return fork_server((int)fd);
	if (argc == 5 && strcmp(argv[2], "work") == 0 && parse_number(argv[3], 0, 99, &i) &&
	    parse_number(argv[4], 0, 10000, &ms)) {
		do_something((int)i, ms);
		return 0;
	}
	lesson_i18n();          /* someone typed --child: answer in their language */
	bad_usage(_("--child is for this program's own use"));
}

/* ------------------------------------------------------------- fork server */

/*
 * The server: it waits for a request byte, forks a worker for each, and waits
 * for the worker. The worker is a copy of the server: it sends its 'answer'
 * back over the socket and exits. End of file: the server ends. Both kinds of
 * server run this: the fresh one (posix_spawn, CPython's way) and the one made
 * with fork() (a copy of us at that moment).
 */
static int
fork_server(int sock)
{
	char req;
	pid_t pid;
	int r, status;

	while ((r = read_all(sock, &req, 1)) == 1) {
		pid = fork();
		if (pid == -1) {
			sys_error(_("fork (in the fork server)"));
			return 1;
		}
		if (pid == 0)
			_exit(write_all(sock, &answer, sizeof answer) == -1 ? 1 : 0);
		while (waitpid(pid, &status, 0) == -1) {
			if (errno != EINTR) {
				sys_error(_("waitpid (in the fork server)"));
				return 1;
			}
		}
	}
	if (r == -1) {
		sys_error(_("read (in the fork server)"));
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------- one start each */

enum method { M_FORK, M_SPAWN, M_FORKSERVER, M_FORKED_SERVER };
#define NMETHODS 4

/* A fork server: our end of its socketpair and its pid (-1: not started). */
struct server {
	int	sock;
	pid_t	pid;
};

/*
 * CPython's forkserver: a fresh program (posix_spawn of /proc/self/exe
 * --child server FD), started when the first forkserver process is wanted. Its
 * 'answer' is the initial 0, whatever ours is. 0, or 1 when a call failed.
 */
static int
start_fresh_server(struct server *srv)
{
	posix_spawn_file_actions_t fa;
	char fdarg[16];
	char *args[5];
	int sv[2], target, err;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		sys_error("socketpair");
		return 1;
	}
	target = sv[1] == 100 ? 101 : 100;
	snprintf(fdarg, sizeof fdarg, "%d", target);
	args[0] = (char *)prog;
	args[1] = (char *)"--child";
	args[2] = (char *)"server";
	args[3] = fdarg;
	args[4] = NULL;
	if ((err = posix_spawn_file_actions_init(&fa)) != 0) {
		fprintf(stderr, "%s: posix_spawn_file_actions_init: %s\n", prog, strerror(err));
		close(sv[0]);
		close(sv[1]);
		return 1;
	}
	err = posix_spawn_file_actions_adddup2(&fa, sv[1], target);
	if (err == 0)
		err = posix_spawn(&srv->pid, "/proc/self/exe", &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(sv[1]);
	if (err != 0) {
		fprintf(stderr, "%s: posix_spawn: %s\n", prog, strerror(err));
		srv->pid = -1;
		close(sv[0]);
		return 1;
	}
	srv->sock = sv[0];
	return 0;
}

/* Start one child with the method, wait until it reported its 'answer', reap it.
 * Returns 0 and sets *took_us and *seen, or 1 when a call failed. */
static int
start_one(enum method m, struct server *srv, double *took_us, int *seen)
{
	char fdarg[16];
	char *args[5];
	posix_spawn_file_actions_t fa;
	double t0;
	pid_t pid = -1;
	int fds[2] = { -1, -1 };
	int target, err, r, status, rc = 0;
	char req = 'F';

	if (m == M_FORKSERVER || m == M_FORKED_SERVER) {
		t0 = now_us();
		/* p.start() with forkserver: the server starts now, at the first start. */
		if (srv->pid == -1 && start_fresh_server(srv) != 0)
			return 1;
		if (write_all(srv->sock, &req, 1) == -1) {
			sys_error(_("write (to the fork server)"));
			return 1;
		}
		if ((r = read_all(srv->sock, seen, sizeof *seen)) != 1) {
			if (r == 0)
				fprintf(stderr, _("%s: the fork server went away\n"), prog);
			else
				sys_error(_("read (from the fork server)"));
			return 1;
		}
		*took_us = now_us() - t0;
		return 0;
	}

	if (pipe2(fds, O_CLOEXEC) == -1) {
		sys_error("pipe2");
		return 1;
	}
	t0 = now_us();
	if (m == M_FORK) {
		fflush(stdout);
		pid = fork();
		if (pid == -1) {
			sys_error("fork");
			rc = 1;
			goto out_pipe;
		}
		if (pid == 0)
			_exit(write_all(fds[1], &answer, sizeof answer) == -1 ? 1 : 0);
	} else {
		/* The fresh program gets the pipe's write end as fd 'target' (dup2 in
		 * the child clears close-on-exec) and its number on the command line. */
		target = fds[1] == 100 ? 101 : 100;
		snprintf(fdarg, sizeof fdarg, "%d", target);
		args[0] = (char *)prog;
		args[1] = (char *)"--child";
		args[2] = (char *)"report";
		args[3] = fdarg;
		args[4] = NULL;
		if ((err = posix_spawn_file_actions_init(&fa)) != 0) {
			fprintf(stderr, "%s: posix_spawn_file_actions_init: %s\n", prog, strerror(err));
			rc = 1;
			goto out_pipe;
		}
		err = posix_spawn_file_actions_adddup2(&fa, fds[1], target);
		if (err == 0)
			err = posix_spawn(&pid, "/proc/self/exe", &fa, NULL, args, environ);
		posix_spawn_file_actions_destroy(&fa);
		if (err != 0) {
			fprintf(stderr, "%s: posix_spawn: %s\n", prog, strerror(err));
			pid = -1;
			rc = 1;
			goto out_pipe;
		}
	}
	close(fds[1]);          /* so a child that dies early gives us end of file */
	fds[1] = -1;
	if ((r = read_all(fds[0], seen, sizeof *seen)) != 1) {
		if (r == 0)
			fprintf(stderr, _("%s: the child ended without reporting\n"), prog);
		else
			sys_error("read");
		rc = 1;
	}
	*took_us = now_us() - t0;
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			sys_error("waitpid");
			rc = 1;
			break;
		}
	}
	if (rc == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
		fprintf(stderr, _("%s: a child failed\n"), prog);
		rc = 1;
	}
out_pipe:
	close(fds[0]);
	if (fds[1] != -1)
		close(fds[1]);
	return rc;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* K starts with one method: median time and the value every child saw (-1: varied). */
static int
measure(enum method m, struct server *srv, long k, double *times, double *median, int *seen)
{
	long i;
	int s;

	for (i = 0; i < k; i++) {
		if (start_one(m, srv, &times[i], &s) != 0)
			return 1;
		if (i == 0)
			*seen = s;
		else if (s != *seen)
			*seen = -1;
	}
	qsort(times, (size_t)k, sizeof *times, cmp_double);
	*median = k % 2 ? times[k / 2] : (times[k / 2 - 1] + times[k / 2]) / 2;
	return 0;
}

/* The notebook's cell: set_start_method('spawn'); 5 Processes running do_something. */
static int
spawn_cell(long ms)
{
	char num[16], msarg[16];
	char *args[6];
	pid_t pids[5];
	int i, started, err, status, rc = 0;

	snprintf(msarg, sizeof msarg, "%ld", ms);
	fflush(stdout);
	for (started = 0; started < 5; started++) {
		snprintf(num, sizeof num, "%d", started);
		args[0] = (char *)prog;
		args[1] = (char *)"--child";
		args[2] = (char *)"work";
		args[3] = num;
		args[4] = msarg;
		args[5] = NULL;
		err = posix_spawn(&pids[started], "/proc/self/exe", NULL, NULL, args, environ);
		if (err != 0) {
			fprintf(stderr, "%s: posix_spawn: %s\n", prog, strerror(err));
			rc = 1;
			break;
		}
	}
	for (i = 0; i < started; i++) {
		while (waitpid(pids[i], &status, 0) == -1) {
			if (errno != EINTR) {
				sys_error("waitpid");
				return 1;
			}
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, _("%s: spawned process %d failed\n"), prog, i);
			rc = 1;
		}
	}
	return rc;
}

/* The explanation: what the rows above show, then the notebook's own claims,
 * quoted as they are (in every language) and corrected. */
static void
explain(void)
{
	printf(_("fork copies the parent as it is at that moment, so the child saw the value\n"
	    "set just before (2). Copying is cheap: Linux shares the pages and copies one\n"
	    "only when either side writes to it (copy-on-write). But everything is copied:\n"
	    "open files, a big heap, a lock another thread held (it stays locked in the\n"
	    "child, where that thread does not exist): \"unreliable when parent state is\n"
	    "complex\", as the notebook says.\n"));
	printf(_("spawn starts a new program: main() again, globals at their initial values\n"
	    "(0). Here that is posix_spawn of /proc/self/exe; CPython's spawn is\n"
	    "_posixsubprocess.fork_exec (fork, then exec) of sys.executable, and then\n"
	    "sends the child, down a pipe, the pickled Process: its target (by name:\n"
	    "module and function) and its args. It costs the most: exec, the dynamic\n"
	    "loader, a fresh address space; Python adds the interpreter start and the\n"
	    "imports on top.\n"));
	printf(_("forkserver forks each worker from a server, and CPython's server is itself a\n"
	    "freshly started program: its workers saw 0, and CPython 3.11 workers saw 0\n"
	    "too, whether the global was set before or after the server started. The\n"
	    "server starts at the first start(), not at set_start_method('forkserver').\n"));
	printf(_("The forked server row is what C can do besides: fork() a server from the\n"
	    "parent at a moment it chooses; its workers are copies of us at that moment\n"
	    "(1). Either way a worker costs a fork of a small process plus a round trip\n"
	    "over the socketpair.\n"));
	printf("\n");
	printf(_("The notebook, corrected (the quotes are its own lines):\n"));
	printf("Ha 3 formas de iniciar um processo em Python: spawn (apenas Linux), fork e "
	    "forkserver.\n");
	printf(_("  spawn is not Linux-only: it is on every platform and the only one on\n"
	    "  Windows; fork and forkserver are the Unix-only ones. The default is fork on\n"
	    "  Linux (CPython 3.11 here: get_start_method() is 'fork'; forkserver from\n"
	    "  3.14), spawn on macOS (since 3.8) and Windows.\n"));
	printf("When the program starts and selects the forkserver start method, a server "
	    "process is started.\n");
	printf(_("  It starts at the first start(). And \"this must be specified in the\n"
	    "  forkserver state\" means modules for it to preload\n"
	    "  (set_forkserver_preload), not values set before the server started.\n"));
	printf(_("Why Windows and macOS need if __name__ == \"__main__\": spawn (and the\n"
	    "forkserver) re-import the main module in the child, as __mp_main__, to find\n"
	    "the target by name. Unguarded, the child runs the module's top level again\n"
	    "(CPython 3.11, the spawn cell without its guard: every child failed with\n"
	    "RuntimeError: context has already been set). From Jupyter there is no main\n"
	    "file to import, and the notebook's spawn cell gives, in each child (run\n"
	    "here through python3 -c, a __main__ without a file, as Jupyter's):\n"));
	printf("AttributeError: Can't get attribute 'do_something' on <module '__main__'\n"
	    "(built-in)>\n");
	printf(_("A C program has no such trap: the child is main() again, told by its argv\n"
	    "(--child work I MS) what to run.\n"));
}

/* How many columns s takes on the terminal (the method names line up). */
static int
text_width(const char *s)
{
	wchar_t w[64];
	size_t n = mbstowcs(w, s, sizeof w / sizeof w[0]);
	int cols = n == (size_t)-1 || n == sizeof w / sizeof w[0] ? -1 : wcswidth(w, n);

	return cols < 0 ? (int)strlen(s) : cols;
}

/* The table: each method's median start time and the 'answer' its child saw. */
static void
print_table(const double *median, const int *seen, long k)
{
	/* The names of CPython's start methods stay as they are; the fourth is ours. */
	static const char *names[NMETHODS] = {
		"fork", "spawn", "forkserver", N_("forked server")
	};
	static const char *why[NMETHODS] = {
		N_("a copy of the parent now"),
		N_("a fresh program: the initial value"),
		N_("a copy of a fresh server program"),
		N_("a copy of a copy of us made then"),
	};
	int m, pad, width = 0;

	printf(_("answer = 0 at program start, 1 when the forked server was made, 2 now.\n"));
	for (m = M_FORK; m < NMETHODS; m++)
		if (text_width(m == M_FORKED_SERVER ? _(names[m]) : names[m]) > width)
			width = text_width(m == M_FORKED_SERVER ? _(names[m]) : names[m]);
	for (m = M_FORK; m < NMETHODS; m++) {
		const char *name = m == M_FORKED_SERVER ? _(names[m]) : names[m];

		pad = width - text_width(name);
		/* TRANSLATORS: the method's name padded to the widest, the median start time
		 * in microseconds, the number of starts (K); English keeps "starts" for 1
		 * too, a language that agrees with the count says it once. */
		if (seen[m] == -1)
			printf(ngettext("%s%*s median %7.0f us over %ld starts; the child sees answer = "
			    "(it varied!)\n", "%s%*s median %7.0f us over %ld starts; the child sees "
			    "answer = (it varied!)\n", (unsigned long)k), name, pad, "", median[m], k);
		else
			/* TRANSLATORS: as above, then the value of the global 'answer' the child
			 * saw and why it saw that value. */
			printf(ngettext("%s%*s median %7.0f us over %ld starts; the child sees answer = "
			    "%d (%s)\n", "%s%*s median %7.0f us over %ld starts; the child sees "
			    "answer = %d (%s)\n", (unsigned long)k), name, pad, "", median[m], k,
			    seen[m], _(why[m]));
	}

}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ "starts", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	struct server servers[2] = { { -1, -1 }, { -1, -1 } };  /* fresh, forked */
	double *times = NULL, median[NMETHODS];
	int seen[NMETHODS], sv[2] = { -1, -1 };
	long k = -1;
	bool quick = false;
	int c, m, i, status, rc = 1;

	/* The spawned children print no prose: they skip the locale setup, which would
	 * add to the start cost measured and repeat lesson_i18n's note on LANGUAGE. */
	if (argc >= 2 && strcmp(argv[1], "--child") == 0)
		return child_main(argc, argv);
	lesson_i18n();

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'q':
			quick = true;
			break;
		case 'k':
			if (!parse_number(optarg, 1, 1000, &k))
				bad_usage(_("%s: '%s' is not a whole number from %ld to %ld"),
				    "--starts", optarg, 1L, 1000L);
			break;
		default:
			bad_option(c, argv);
		}
	}
	if (optind < argc)
		bad_usage(_("unexpected argument '%s'"), argv[optind]);
	if (k < 0)
		k = quick ? 11 : 51;
	if ((times = calloc((size_t)k, sizeof *times)) == NULL) {
		sys_error("calloc");
		return 1;
	}

	/* What C can do and CPython does not: a fork server made with fork() now,
	 * while answer = 1. It and its workers are copies of us at this moment.
	 * (CPython's set_start_method('forkserver') starts nothing; its server is a
	 * fresh program started at the first start(), below.) */
	answer = 1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		sys_error("socketpair");
		goto out;
	}
	fflush(stdout);
	servers[1].pid = fork();
	if (servers[1].pid == -1) {
		sys_error("fork");
		close(sv[1]);
		goto out;
	}
	if (servers[1].pid == 0) {
		close(sv[0]);
		_exit(fork_server(sv[1]));
	}
	close(sv[1]);
	servers[1].sock = sv[0];
	answer = 2;     /* changed after the forked server was made, before the other starts */

	/* if __name__ == '__main__':
	 *     multiprocessing.set_start_method('spawn')
	 *     for i in range(5):
	 *         p = Process(target=do_something, args=(i,))
	 *         p.start() */
	if (spawn_cell(quick ? 30 : 150) != 0)
		goto out;

	for (m = M_FORK; m < NMETHODS; m++)
		if (measure((enum method)m, &servers[m == M_FORKED_SERVER], k, times, &median[m],
		    &seen[m]) != 0)
			goto out;
	print_table(median, seen, k);
	printf("\n");
	explain();
	rc = 0;
out:
	/* Close our ends: each server reads end of file and leaves; reap them. */
	for (i = 0; i < 2; i++) {
		if (servers[i].sock != -1)
			close(servers[i].sock);
		if (servers[i].pid <= 0)
			continue;
		while (waitpid(servers[i].pid, &status, 0) == -1) {
			if (errno != EINTR) {
				sys_error("waitpid");
				rc = 1;
				break;
			}
		}
		if (rc == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
			fprintf(stderr, _("%s: a fork server failed\n"), prog);
			rc = 1;
		}
	}
	if (servers[1].sock == -1 && sv[0] != -1)
		close(sv[0]);
	free(times);
	if (rc == 0)
		lesson_where(stdout, "02-start-methods.c", NULL);
	return rc;
}
