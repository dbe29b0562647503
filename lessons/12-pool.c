/* SPDX-License-Identifier: MIT */
/*
 * 12-pool: a pool of worker processes (notebook 001, "Pool").
 *
 *   def quadrado(n):
 *       return n * n
 *   with Pool(4) as pool:
 *       resultados = pool.map(quadrado, [1, 2, 3, 4])
 *   print(resultados)
 *
 * Python's Pool forks the workers once; the parent sends them tasks through a pipe
 * and they send results back through another. Here: each worker has its own task pipe
 * (the parent decides who gets which chunk: the next chunk goes to the first worker that
 * is free), and all workers write their results into one shared result pipe. Every
 * task and every result is one fixed-size record written with ONE write() of at most
 * PIPE_BUF bytes, which POSIX makes atomic: results of different workers never mix.
 * A result carries the chunk's position, so the parent puts it in its place: map()'s
 * answer is in input order even when the workers finish in another order.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lesson-i18n.h"

#define NAME "12-pool"
#define MAX_WORKERS 16
#define CHUNK_MAX 32            /* items in one task record */
#define DEMO_ITEMS 20           /* part 2: range(1, 21) */

static void
usage(FILE *f)
{
	fprintf(f, _(
"Usage: %s [OPTION]...\n"
"Pool(4): map(quadrado, [1, 2, 3, 4]) -> [1, 4, 9, 16], apply(quadrado, (7,)), then\n"
"map over range(1, 21) in chunks, the early chunks slowest, to show which worker\n"
"did which chunk and that the results still come back in input order.\n"
"\n"
"  --workers N      worker processes (1..16, default 4)\n"
"  --chunksize N    items per task in the chunk demo (1..20, default 3)\n"
"  --think-ms MS    sleep unit of the slow chunks (0..1000; default 20, --quick 5)\n"
"  --quick          short sleeps (for the tests and 'proclab lesson all')\n"
"  --help           show this help and exit\n"
"\n"
"Exit status: 0 the demo ran, 1 a system call failed, 2 bad usage.\n"), NAME);
}

/* When the parent gives up, it first stops and reaps its workers (see bail()). */
static void bail(void) __attribute__((noreturn));

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

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static const char *format_list(char *buf, size_t size, const int64_t *v, int n);

/* ---------------------------------------------------------------- records */

struct task {                   /* parent -> worker */
	int32_t	chunk;          /* which chunk of the input (its position) */
	int32_t	n;              /* items in this chunk */
	int64_t	sleep_ms;       /* make this chunk slow (the demo's think time) */
	int64_t	args[CHUNK_MAX];
};

struct result {                 /* worker -> parent */
	int32_t	worker;
	int32_t	pid;
	int32_t	chunk;
	int32_t	n;
	int64_t	res[CHUNK_MAX];
};

_Static_assert(sizeof(struct task) <= PIPE_BUF, "a task must fit one atomic write");
_Static_assert(sizeof(struct result) <= PIPE_BUF, "a result must fit one atomic write");

static void
write_record(int fd, const void *rec, size_t size)
{
	ssize_t w;

	while ((w = write(fd, rec, size)) == -1 && errno == EINTR)
		;
	if (w == -1)
		die("write", errno);
	if ((size_t)w != size) {        /* cannot happen for <= PIPE_BUF on a pipe */
		fprintf(stderr, _("%s: write: a record was written only in part\n"), NAME);
		bail();
	}
}

/* 1: a whole record; 0: end of file. */
static int
read_record(int fd, void *rec, size_t size)
{
	size_t got = 0;

	while (got < size) {
		ssize_t r = read(fd, (char *)rec + got, size - got);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			die("read", errno);
		}
		if (r == 0) {
			if (got == 0)
				return 0;
			fprintf(stderr, _("%s: read: end of file inside a record\n"), NAME);
			bail();
		}
		got += (size_t)r;
	}
	return 1;
}

/* ------------------------------------------------------------------ worker */

/* def quadrado(n): return n * n */
static int64_t
quadrado(int64_t n)
{
	return n * n;
}

/* A worker's life: take a task, compute, send the result; stop at end of file. */
static void
worker(int id, int task_fd, int result_fd)
{
	struct task t;

	while (read_record(task_fd, &t, sizeof t)) {
		struct result r;
		memset(&r, 0, sizeof r);
		if (t.sleep_ms > 0)
			sleep_ms(t.sleep_ms);
		r.worker = id;
		r.pid = (int32_t)getpid();
		r.chunk = t.chunk;
		r.n = t.n;
		for (int i = 0; i < t.n; i++)
			r.res[i] = quadrado(t.args[i]);
		write_record(result_fd, &r, sizeof r);
	}
	_exit(0);
}

/* ------------------------------------------------------------------ the pool */

struct pool {
	int	 nworkers;
	pid_t	 pid[MAX_WORKERS];
	int	 task_fd[MAX_WORKERS];  /* parent's write end of each worker's task pipe */
	int	 result_fd;             /* parent's read end of the shared result pipe */
};

static pid_t main_pid;
static struct pool *live_pool;          /* the parent's pool, while it has workers */

/* Exit 1; in the parent, first kill and reap the workers so that none is left. */
static void
bail(void)
{
	if (getpid() == main_pid && live_pool != NULL) {
		for (int w = 0; w < live_pool->nworkers; w++)
			kill(live_pool->pid[w], SIGKILL);
		for (int w = 0; w < live_pool->nworkers; w++)
			waitpid(live_pool->pid[w], NULL, 0);
	}
	exit(1);
}

/* Pool(n): fork n workers. */
static int
pool_start(struct pool *p, int n)
{
	int res[2];

	p->nworkers = 0;
	if (pipe(res) == -1) {
		fprintf(stderr, NAME ": pipe: %s\n", strerror(errno));
		return -1;
	}
	p->result_fd = res[0];
	fflush(stdout);
	for (int w = 0; w < n; w++) {
		int tp[2];
		if (pipe(tp) == -1) {
			fprintf(stderr, NAME ": pipe: %s\n", strerror(errno));
			break;
		}
		pid_t pid = fork();
		if (pid == -1) {
			fprintf(stderr, NAME ": fork: %s\n", strerror(errno));
			close(tp[0]);
			close(tp[1]);
			break;
		}
		if (pid == 0) {
			/* The worker keeps its task read end and the result write end only,
			 * so that it sees end of file when the parent closes its task pipe. */
			for (int k = 0; k < p->nworkers; k++)
				close(p->task_fd[k]);
			close(tp[1]);
			close(res[0]);
			worker(w + 1, tp[0], res[1]);
		}
		close(tp[0]);
		p->pid[w] = pid;
		p->task_fd[w] = tp[1];
		p->nworkers++;
	}
	close(res[1]);
	return p->nworkers == n ? 0 : -1;
}

/* pool.close(); pool.join(): end of file on every task pipe, then reap. */
static int
pool_close(struct pool *p)
{
	int rc = 0;

	for (int w = 0; w < p->nworkers; w++)
		close(p->task_fd[w]);
	for (int w = 0; w < p->nworkers; w++) {
		int status;
		while (waitpid(p->pid[w], &status, 0) == -1) {
			if (errno != EINTR) {
				fprintf(stderr, NAME ": waitpid: %s\n", strerror(errno));
				rc = -1;
				break;
			}
		}
		if (rc == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
			fprintf(stderr, _("%s: worker %d failed (status %d)\n"), NAME, w + 1, status);
			rc = -1;
		}
	}
	close(p->result_fd);
	p->nworkers = 0;
	return rc;
}

/* What the parent learned about each chunk: who computed it and when it came back. */
struct chunk_info {
	int	worker;
	pid_t	pid;
	int	finished;       /* 0 = first to come back */
};

/*
 * pool.map(func, args, chunksize): split args into chunks, give each free worker the
 * next chunk, put every result in its place. slow_ms(k) is the sleep of chunk k.
 */
static void
pool_map(struct pool *p, const int64_t *args, int n, int chunksize, long think_ms,
    int64_t *out, struct chunk_info *info)
{
	int nchunks = (n + chunksize - 1) / chunksize;
	int next = 0, done = 0;

	/* Hand out the first chunks, one per worker, then one more each time a worker
	 * sends a result back (that worker is free again). */
	for (int w = 0; w < p->nworkers && next < nchunks; w++, next++) {
		struct task t;
		memset(&t, 0, sizeof t);
		t.chunk = next;
		t.n = n - next * chunksize < chunksize ? n - next * chunksize : chunksize;
		t.sleep_ms = (int64_t)(nchunks - 1 - next) * think_ms;
		memcpy(t.args, args + next * chunksize, (size_t)t.n * sizeof t.args[0]);
		write_record(p->task_fd[w], &t, sizeof t);
	}
	while (done < nchunks) {
		struct result r;
		if (!read_record(p->result_fd, &r, sizeof r)) {
			fprintf(stderr, _("%s: all workers are gone before the map finished\n"), NAME);
			bail();
		}
		if (r.chunk < 0 || r.chunk >= nchunks || r.worker < 1 || r.worker > p->nworkers ||
		    r.n != (n - r.chunk * chunksize < chunksize ? n - r.chunk * chunksize : chunksize)) {
			fprintf(stderr, _("%s: a worker sent a malformed result\n"), NAME);
			bail();
		}
		/* results[chunk*chunksize ...] = r.res: input order, whatever the finish order */
		memcpy(out + r.chunk * chunksize, r.res, (size_t)r.n * sizeof out[0]);
		info[r.chunk].worker = r.worker;
		info[r.chunk].pid = r.pid;
		info[r.chunk].finished = done++;
		if (next < nchunks) {
			struct task t;
			memset(&t, 0, sizeof t);
			t.chunk = next;
			t.n = n - next * chunksize < chunksize ? n - next * chunksize : chunksize;
			t.sleep_ms = (int64_t)(nchunks - 1 - next) * think_ms;
			memcpy(t.args, args + next * chunksize, (size_t)t.n * sizeof t.args[0]);
			write_record(p->task_fd[r.worker - 1], &t, sizeof t);
			next++;
		}
	}
}

/* The chunk demo: how it was set up, each chunk, the finish order, what that shows. */
static void
show_chunks(const int64_t *args, const int64_t *out, const struct chunk_info *info,
    long nworkers, long chunksize, long think_ms)
{
	int nchunks = (DEMO_ITEMS + (int)chunksize - 1) / (int)chunksize, in_order = 1;

	if (nchunks == 1)
		printf(ngettext("\npool.map(quadrado, range(1, 21), chunksize=%ld) with %ld worker;\n"
		    "one chunk, the last, which does not sleep:\n",
		    "\npool.map(quadrado, range(1, 21), chunksize=%ld) with %ld workers;\n"
		    "one chunk, the last, which does not sleep:\n", (unsigned long)nworkers),
		    chunksize, nworkers);
	else if (think_ms > 0)
		/* TRANSLATORS: chunksize, workers, the last chunk's number, think time. */
		printf(ngettext("\npool.map(quadrado, range(1, 21), chunksize=%ld) with %ld worker;\n"
		    "chunk k sleeps (%d - k) x %ld ms, so the early chunks are the slowest:\n",
		    "\npool.map(quadrado, range(1, 21), chunksize=%ld) with %ld workers;\n"
		    "chunk k sleeps (%d - k) x %ld ms, so the early chunks are the slowest:\n",
		    (unsigned long)nworkers), chunksize, nworkers, nchunks - 1, think_ms);
	else
		printf(ngettext("\npool.map(quadrado, range(1, 21), chunksize=%ld) with %ld worker;\n"
		    "no chunk sleeps (--think-ms 0):\n",
		    "\npool.map(quadrado, range(1, 21), chunksize=%ld) with %ld workers;\n"
		    "no chunk sleeps (--think-ms 0):\n", (unsigned long)nworkers),
		    chunksize, nworkers);
	char list[DEMO_ITEMS * 8];
	size_t off = 0;

	for (int k = 0; k < nchunks; k++) {
		int start = k * (int)chunksize;
		int cnt = DEMO_ITEMS - start < chunksize ? DEMO_ITEMS - start : (int)chunksize;
		/* TRANSLATORS: the chunk's number, its items, the worker, its pid, the place
		 * of this chunk's result among the results, how many chunks. */
		printf(_("chunk %d: %s -> worker %d (pid %ld), came back %d of %d\n"), k,
		    format_list(list, sizeof list, args + start, cnt), info[k].worker,
		    (long)info[k].pid, info[k].finished + 1, nchunks);
		in_order &= info[k].finished == k;
	}
	for (int f = 0; f < nchunks; f++)
		for (int k = 0; k < nchunks; k++)
			if (info[k].finished == f)
				off += (size_t)snprintf(list + off, sizeof list - off, "%s%d",
				    f ? ", " : "", k);
	/* TRANSLATORS: the chunks' numbers in the order their results came back. */
	printf(_("finish order: chunks %s\n"), list);
	printf(_("results in input order: %s\n"), format_list(list, sizeof list, out, DEMO_ITEMS));
	if (nchunks == 1)
		printf(_("(chunksize %ld puts all 20 items in one chunk: one worker did them all.)\n"),
		    chunksize);
	else if (in_order && nworkers == 1)
		printf(_("(The one worker did the chunks one after another: they came back in input\n"
		    "order.)\n"));
	else if (in_order)
		printf(_("(This time the chunks came back in input order.)\n"));
	else
		printf(_("(The chunks came back out of order, and each result still went to its\n"
		    "place.)\n"));
}

/* Python's repr of a list of ints: "[1, 4, 9]" */
static const char *
format_list(char *buf, size_t size, const int64_t *v, int n)
{
	size_t off = (size_t)snprintf(buf, size, "[");

	for (int i = 0; i < n && off < size; i++)
		off += (size_t)snprintf(buf + off, size - off, "%s%lld", i ? ", " : "",
		    (long long)v[i]);
	if (off < size)
		snprintf(buf + off, size - off, "]");
	return buf;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ "workers", required_argument, NULL, 'w' },
		{ "chunksize", required_argument, NULL, 'c' },
		{ "think-ms", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	long nworkers = 4, chunksize = 3, think_ms = 20;
	int quick = 0, think_given = 0, c;

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
		case 'w':
			nworkers = parse_num("--workers", optarg, 1, MAX_WORKERS);
			break;
		case 'c':
			chunksize = parse_num("--chunksize", optarg, 1, DEMO_ITEMS);
			break;
		case 'k':
			think_ms = parse_num("--think-ms", optarg, 0, 1000);
			think_given = 1;
			break;
		default:
			bad_option(c, argv);
		}
	}
	if (optind < argc)
		bad_usage(_("unexpected argument '%s'"), argv[optind]);
	if (quick && !think_given)
		think_ms = 5;

	struct pool pool = { .nworkers = 0 };
	main_pid = getpid();
	live_pool = &pool;
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)        /* a dead worker: EPIPE, not death */
		die("signal", errno);

	/* with Pool(4) as pool: */
	if (pool_start(&pool, (int)nworkers) == -1) {
		pool_close(&pool);
		return 1;
	}

	/* resultados = pool.map(quadrado, [1, 2, 3, 4]); print(resultados)
	 * Python's default chunksize: divmod(len, 4 * workers), plus one if a remainder. */
	const int64_t lista[] = { 1, 2, 3, 4 };
	int64_t resultados[4];
	struct chunk_info info1[4];
	int n1 = 4, cs1 = n1 / (4 * (int)nworkers) + (n1 % (4 * (int)nworkers) != 0);
	pool_map(&pool, lista, n1, cs1, 0, resultados, info1);
	char line[64];
	printf("%s\n", format_list(line, sizeof line, resultados, n1));

	/* pool.apply(quadrado, (7,)): one call, in one worker, wait for its answer */
	const int64_t sete[] = { 7 };
	int64_t r7;
	struct chunk_info info7;
	pool_map(&pool, sete, 1, 1, 0, &r7, &info7);
	printf("%lld\n", (long long)r7);

	/* pool.map(quadrado, range(1, 21), chunksize=3), early chunks slowest */
	int64_t args[DEMO_ITEMS], out[DEMO_ITEMS];
	struct chunk_info info[DEMO_ITEMS];
	for (int i = 0; i < DEMO_ITEMS; i++)
		args[i] = i + 1;
	pool_map(&pool, args, DEMO_ITEMS, (int)chunksize, think_ms, out, info);

	/* TRANSLATORS: the chunksize, the workers, the worker and pid of apply(). */
	printf(ngettext("\nmap([1, 2, 3, 4]) used chunksize %d (Python's rule: len / (4 x %ld "
	    "worker),\nrounded up); apply(quadrado, (7,)) ran in worker %d (pid %ld).\n",
	    "\nmap([1, 2, 3, 4]) used chunksize %d (Python's rule: len / (4 x %ld workers),\n"
	    "rounded up); apply(quadrado, (7,)) ran in worker %d (pid %ld).\n",
	    (unsigned long)nworkers), cs1, nworkers, info7.worker, (long)info7.pid);
	show_chunks(args, out, info, nworkers, chunksize, think_ms);

	if (pool_close(&pool) == -1)    /* leaving `with Pool(4)`: close, join */
		return 1;

	if (nworkers == 1)
		printf(_("\nThe pool forked its one worker once (fork) and reused it. The worker reads\n"
		    "task records from its own pipe and writes result records to the result pipe;\n"
		    "each record is one write() of at most PIPE_BUF (%d) bytes, so it is atomic.\n"
		    "Every result says which chunk it is, and the parent stores it at that\n"
		    "position. Closing the task pipe gives the worker end of file; it exits and\n"
		    "the parent reaps it with waitpid().\n"), PIPE_BUF);
	else
		printf(_("\nThe pool forked its %ld workers once (fork) and reused them. Each worker "
		    "reads\ntask records from its own pipe and writes result records to one shared "
		    "pipe;\neach record is one write() of at most PIPE_BUF (%d) bytes, so it is "
		    "atomic.\nThe parent gives the next chunk to whichever worker just sent a result, "
		    "so a\nfast worker does more chunks. Every result says which chunk it is, and the\n"
		    "parent stores it at that position: the finish order varies, the answer's order\n"
		    "never does. Closing the task pipes gives each worker end of file; it exits and\n"
		    "the parent reaps it with waitpid().\n"), nworkers, PIPE_BUF);
	lesson_where(stdout, "12-pool.c", NULL);
	return 0;
}
