/* SPDX-License-Identifier: MIT */
/*
 * 10-queue: a process-safe FIFO queue (notebooks 001 and 004, "Queue").
 *
 * Which POSIX primitive: a pipe carrying framed messages. That is what Python's
 * multiprocessing.Queue is underneath: a pipe, messages pickled and sent with a length
 * prefix, and a lock so that two readers never split one message between them. A POSIX
 * message queue (mq_open) would keep the boundaries for us, but it is a named kernel
 * object with small default limits (10 messages of 8 KiB on Linux) that must be unlinked
 * and that some sandboxes forbid; a pipe needs nothing but the fork that shares it.
 *
 * The frame: a 4-byte length, then the payload; the whole frame goes out in ONE write()
 * of at most PIPE_BUF bytes, which POSIX makes atomic, so writers never interleave.
 * A reader needs two read()s (length, then payload), so readers take a process-shared
 * mutex around them (Python's Queue._rlock). CPython 3.11's Queue also has a _wlock:
 * created on every platform but Windows (queues.py: `if sys.platform == 'win32':
 * self._wlock = None else: self._wlock = ctx.Lock()`) and taken by the feeder thread
 * around EVERY send_bytes, whatever the message's size, since one message may take
 * more than one write(). Ours is always one write() of at most PIPE_BUF: no lock needed.
 *
 * Notebook 004's slide, typos fixed, never calls p.start(): its `while not q.empty()`
 * finds the queue empty and it prints nothing (CPython 3.11: 0 bytes of output). The
 * lesson starts the process and blocks in q.get(), and says so.
 */
#define _GNU_SOURCE

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lesson-i18n.h"

#define NAME "10-queue"
#define MAX_PRODUCERS 16
#define MAX_CONSUMERS 16
#define MAX_MESSAGES 100000

static void
usage(FILE *f)
{
	fprintf(f, _(
"Usage: %s [OPTION]...\n"
"A queue between processes, built from a pipe with framed messages.\n"
"First a child puts ['Process-1', 42, None, 'hello'] and the parent gets and prints\n"
"it; then several producers and consumers share one queue and every message must\n"
"be delivered exactly once.\n"
"\n"
"  --producers N    producer processes (1..16, default 3)\n"
"  --consumers N    consumer processes (1..16, default 3)\n"
"  --messages N     messages per producer (1..100000, default 1000, --quick 200)\n"
"  --quick          fewer messages (for the tests and 'proclab lesson all')\n"
"  --help           show this help and exit\n"
"\n"
"Exit status: 0 the demo ran, 1 a system call failed or a message was lost or\n"
"duplicated, 2 bad usage.\n"), NAME);
}

/* The parent's children not yet reaped: when it gives up, it kills and reaps them. */
static pid_t main_pid, kids[MAX_PRODUCERS + MAX_CONSUMERS + 1];
static int nkids;

static void __attribute__((noreturn))
bail(void)
{
	if (getpid() == main_pid) {
		for (int k = 0; k < nkids; k++)
			if (kids[k] > 0)
				kill(kids[k], SIGKILL);
		for (int k = 0; k < nkids; k++)
			if (kids[k] > 0)
				waitpid(kids[k], NULL, 0);
	}
	exit(1);
}

static void __attribute__((noreturn))
die(const char *call, int err)
{
	fprintf(stderr, NAME ": %s: %s\n", call, strerror(err));
	bail();
}

static void
add_kid(pid_t pid)
{
	kids[nkids++] = pid;
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

/* ------------------------------------------------------------------ the queue */

struct queue {
	int		 rfd, wfd;      /* the pipe: read end, write end */
	pthread_mutex_t	*rlock;         /* in shared memory: one reader at a time */
};

#define FRAME_MAX PIPE_BUF

/* q.put(obj): one write() of length + payload, atomic because it is <= PIPE_BUF. */
static void
queue_put(struct queue *q, const void *payload, uint32_t len)
{
	char frame[FRAME_MAX];

	if (len > FRAME_MAX - sizeof len) {
		fprintf(stderr, _("%s: a message of %u bytes is too large for one frame\n"), NAME,
		    len);
		bail();
	}
	memcpy(frame, &len, sizeof len);
	memcpy(frame + sizeof len, payload, len);
	ssize_t n = write(q->wfd, frame, sizeof len + len);
	if (n == -1)
		die("write", errno);
	if ((size_t)n != sizeof len + len) {    /* cannot happen for <= PIPE_BUF */
		fprintf(stderr, _("%s: write: a frame was written only in part\n"), NAME);
		bail();
	}
}

/* Read exactly n bytes; 0 at end of file before the first byte, 1 when done. */
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
			fprintf(stderr, _("%s: read: end of file inside a frame\n"), NAME);
			bail();
		}
		got += (size_t)r;
	}
	return 1;
}

/* q.get(): blocks until a message is there; returns its length, -1 at end of file. */
static long
queue_get(struct queue *q, void *payload, size_t cap)
{
	uint32_t len;
	int e, ok;

	if ((e = pthread_mutex_lock(q->rlock)) != 0)      /* with self._rlock: */
		die("pthread_mutex_lock", e);
	ok = read_full(q->rfd, &len, sizeof len);
	if (ok && len > cap) {
		fprintf(stderr, _("%s: a frame of %u bytes is larger than the buffer\n"), NAME, len);
		bail();
	}
	if (ok)
		read_full(q->rfd, payload, len);
	if ((e = pthread_mutex_unlock(q->rlock)) != 0)
		die("pthread_mutex_unlock", e);
	return ok ? (long)len : -1;
}

/* ------------------------------------------------------- a tiny "pickle" for lists */

/* Items: 's' + 2-byte length + bytes, 'i' + 8-byte integer, 'n' (None). */
static size_t
put_str(char *buf, size_t off, const char *s)
{
	uint16_t n = (uint16_t)strlen(s);

	buf[off++] = 's';
	memcpy(buf + off, &n, sizeof n);
	memcpy(buf + off + sizeof n, s, n);
	return off + sizeof n + n;
}

static size_t
put_int(char *buf, size_t off, int64_t v)
{
	buf[off++] = 'i';
	memcpy(buf + off, &v, sizeof v);
	return off + sizeof v;
}

static size_t
put_none(char *buf, size_t off)
{
	buf[off++] = 'n';
	return off;
}

/* print(lista): Python's repr of a list of str, int and None. */
static void
print_py_list(const char *buf, size_t len)
{
	size_t off = 0;

	printf("[");
	for (int first = 1; off < len; first = 0) {
		if (!first)
			printf(", ");
		char tag = buf[off++];
		if (tag == 's') {
			uint16_t n;
			memcpy(&n, buf + off, sizeof n);
			off += sizeof n;
			/* repr(str): single quotes unless the text has one and no double quote */
			const char *s = buf + off;
			int sq = memchr(s, '\'', n) != NULL, dq = memchr(s, '"', n) != NULL;
			char quote = sq && !dq ? '"' : '\'';
			putchar(quote);
			for (uint16_t i = 0; i < n; i++) {
				unsigned char ch = (unsigned char)s[i];
				if (ch == '\\' || ch == (unsigned char)quote)
					printf("\\%c", ch);
				else if (ch == '\n')
					printf("\\n");
				else if (ch == '\t')
					printf("\\t");
				else if (ch < 0x20 || ch == 0x7f)
					printf("\\x%02x", ch);
				else
					putchar(ch);
			}
			putchar(quote);
			off += n;
		} else if (tag == 'i') {
			int64_t v;
			memcpy(&v, buf + off, sizeof v);
			off += sizeof v;
			printf("%lld", (long long)v);
		} else {
			printf("None");
		}
	}
	printf("]\n");
}

/* ------------------------------------------------------------- process helpers */

static int
reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			fprintf(stderr, NAME ": waitpid: %s\n", strerror(errno));
			return -1;
		}
	}
	for (int k = 0; k < nkids; k++)
		if (kids[k] == pid)
			kids[k] = 0;            /* reaped: never kill that pid again */
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, _("%s: child %ld failed (status %d)\n"), NAME, (long)pid, status);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ part 1 */

/*
 * def funcao(q):
 *     nomeProcesso = current_process().name
 *     q.put([nomeProcesso, 42, None, 'hello'])
 */
static void
funcao(struct queue *q, const char *nome_processo)
{
	char msg[256];
	size_t len = 0;

	len = put_str(msg, len, nome_processo);
	len = put_int(msg, len, 42);
	len = put_none(msg, len);
	len = put_str(msg, len, "hello");
	queue_put(q, msg, (uint32_t)len);
}

/* -------------------------------------------------------------- part 2 */

struct message {
	int32_t	producer;
	int32_t	seq;
};

struct tally {
	long		received[MAX_CONSUMERS];
	uint64_t	checksum[MAX_CONSUMERS];
	unsigned char	seen[MAX_PRODUCERS][MAX_MESSAGES]; /* how often each message arrived */
};

static uint64_t
message_sum(int32_t producer, int32_t seq)
{
	return (uint64_t)(producer + 1) * 1000003u + (uint64_t)seq;
}

static void
producer(struct queue *q, int id, long n)
{
	for (long s = 0; s < n; s++) {
		struct message m = { id, (int32_t)s };
		queue_put(q, &m, sizeof m);
	}
}

/* Stops at the sentinel (an empty message: Python's None) the parent puts at the end. */
static void
consumer(struct queue *q, int id, struct tally *t)
{
	struct message m;
	long len;

	while ((len = queue_get(q, &m, sizeof m)) == (long)sizeof m) {
		t->received[id]++;
		t->checksum[id] += message_sum(m.producer, m.seq);
		__atomic_fetch_add(&t->seen[m.producer][m.seq], 1, __ATOMIC_RELAXED);
	}
	if (len == -1) {
		fprintf(stderr, _("%s: consumer %d: the queue closed before its sentinel\n"), NAME,
		    id + 1);
		bail();
	}
}

static int
open_queue(struct queue *q, pthread_mutex_t *rlock)
{
	int fds[2];
	pthread_mutexattr_t attr;
	int e;

	if (pipe(fds) == -1) {
		fprintf(stderr, NAME ": pipe: %s\n", strerror(errno));
		return -1;
	}
	q->rfd = fds[0];
	q->wfd = fds[1];
	q->rlock = rlock;
	if ((e = pthread_mutexattr_init(&attr)) != 0 ||
	    (e = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)) != 0 ||
	    (e = pthread_mutex_init(rlock, &attr)) != 0) {
		fprintf(stderr, NAME ": pthread_mutex_init: %s\n", strerror(e));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	pthread_mutexattr_destroy(&attr);
	return 0;
}

static void
close_queue(struct queue *q)
{
	close(q->rfd);
	close(q->wfd);
	pthread_mutex_destroy(q->rlock);
}

/* What the run showed; the consumers' part depends on how many there were. */
static void
explain(long ncons)
{
	printf(_("\nThe slide of notebook 004 never calls p.start(): as it is (typos fixed) its\n"
	    "while not q.empty() finds nothing and it prints nothing. Above, the process is\n"
	    "started and q.get() blocks until the message is there. Notebook 001's produtor\n"
	    "and consumidor are two processes on one queue: the consumer's get() waits for\n"
	    "the producer's put().\n"));
	printf(_("The queue is a pipe(): q.put() is one write() of a frame (4-byte length +\n"
	    "payload) no larger than PIPE_BUF (%d bytes), which the kernel writes atomically, so\n"
	    "producers never mix their bytes. q.get() is two read()s (length, then payload),\n"
	    "so consumers hold a PTHREAD_PROCESS_SHARED mutex around them, as Python's Queue\n"
	    "holds its _rlock. (CPython's _wlock, on every platform but Windows, is taken\n"
	    "around every put's write, whatever its size; our single write() needs none.)\n"),
	    PIPE_BUF);
	if (ncons > 1)
		printf(_("A pipe is FIFO, so each message is read once, by one consumer; which\n"
		    "consumer gets it depends on who was scheduled, so the counts vary. After\n"
		    "joining the producers the parent puts one empty frame per consumer (Python's\n"
		    "None sentinel) so every consumer stops, and it reaps them all.\n"));
	else
		printf(_("A pipe is FIFO, so each message is read once; the one consumer read them\n"
		    "all, in the order each producer put them. After joining the producers the\n"
		    "parent puts one empty frame (Python's None sentinel) so the consumer stops,\n"
		    "and it reaps it.\n"));
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ "producers", required_argument, NULL, 'p' },
		{ "consumers", required_argument, NULL, 'c' },
		{ "messages", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	long nprod = 3, ncons = 3, nmsg = 1000;
	int quick = 0, msg_given = 0, c;

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
		case 'p':
			nprod = parse_num("--producers", optarg, 1, MAX_PRODUCERS);
			break;
		case 'c':
			ncons = parse_num("--consumers", optarg, 1, MAX_CONSUMERS);
			break;
		case 'm':
			nmsg = parse_num("--messages", optarg, 1, MAX_MESSAGES);
			msg_given = 1;
			break;
		default:
			bad_option(c, argv);
		}
	}
	if (optind < argc)
		bad_usage(_("unexpected argument '%s'"), argv[optind]);
	if (quick && !msg_given)
		nmsg = 200;

	int rc = 1;
	pid_t pids[MAX_PRODUCERS + MAX_CONSUMERS];
	int npids = 0;
	struct queue q;

	/* Shared memory: the queue's reader lock, and the consumers' tallies. */
	struct shm {
		pthread_mutex_t	rlock;
		struct tally	tally;
	} *shm = mmap(NULL, sizeof *shm, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shm == MAP_FAILED)
		die("mmap", errno);
	main_pid = getpid();

	/* ---- Part 1, notebook 004's slide (typos fixed):
	 *     q = Queue()
	 *     p = Process(target=funcao, args=(q,))
	 *     while (not q.empty()):
	 *         print(q.get())
	 * It has no p.start(), so nothing is ever put and it prints nothing. Here the
	 * process is started (p.start()) and the parent blocks in q.get(). */
	if (open_queue(&q, &shm->rlock) == -1)
		goto out_unmap;
	fflush(stdout);
	pid_t p = fork();
	if (p == -1) {
		fprintf(stderr, NAME ": fork: %s\n", strerror(errno));
		goto out_close1;
	}
	if (p == 0) {
		close(q.rfd);
		funcao(&q, "Process-1");        /* current_process().name of the first child */
		_exit(0);
	}
	add_kid(p);
	/* print(q.get()): blocks until the child has put its message. (The notebook's
	 * `while not q.empty()` may find the queue still empty and print nothing.) */
	char buf[FRAME_MAX];
	long len = queue_get(&q, buf, sizeof buf);
	if (len < 0) {
		fprintf(stderr, _("%s: the child exited without putting a message\n"), NAME);
		reap(p);
		goto out_close1;
	}
	print_py_list(buf, (size_t)len);
	if (reap(p) == -1)                      /* p.join() */
		goto out_close1;
	close_queue(&q);

	/* ---- Part 1b, notebook 001:
	 *     def produtor(fila):
	 *         fila.put("Mensagem")
	 *     def consumidor(fila):
	 *         print(f"Consumidor recebeu: {fila.get()}")
	 *     fila = Queue()
	 *     p1 = Process(target=produtor, args=(fila,))
	 *     p2 = Process(target=consumidor, args=(fila,))
	 *     p1.start(); p2.start(); p1.join(); p2.join()
	 * CPython 3.11 prints: Consumidor recebeu: Mensagem */
	if (open_queue(&q, &shm->rlock) == -1)
		goto out_unmap;
	fflush(stdout);
	pid_t p1 = fork();
	if (p1 == -1) {
		fprintf(stderr, NAME ": fork: %s\n", strerror(errno));
		goto out_close1;
	}
	if (p1 == 0) {                          /* produtor */
		close(q.rfd);
		queue_put(&q, "Mensagem", 8);
		_exit(0);
	}
	add_kid(p1);
	pid_t p2 = fork();
	if (p2 == -1) {
		fprintf(stderr, NAME ": fork: %s\n", strerror(errno));
		reap(p1);
		goto out_close1;
	}
	if (p2 == 0) {                          /* consumidor */
		close(q.wfd);
		long n = queue_get(&q, buf, sizeof buf);
		if (n < 0)
			_exit(1);
		printf("Consumidor recebeu: %.*s\n", (int)n, buf);
		fflush(stdout);
		_exit(0);
	}
	add_kid(p2);
	close(q.wfd);                           /* so the consumer sees end of file if p1 fails */
	q.wfd = -1;
	if (reap(p1) == -1 || reap(p2) == -1)   /* p1.join(); p2.join() */
		goto out_close1;
	close_queue(&q);

	/* ---- Part 2: producers and consumers sharing one queue */
	if (open_queue(&q, &shm->rlock) == -1)
		goto out_unmap;
	/* TRANSLATORS: producers, messages each, consumers (any of them may be 1). */
	printf(_("\n%ld producers x %ld messages, %ld consumers, one queue:\n"), nprod, nmsg, ncons);
	fflush(stdout);
	for (int i = 0; i < ncons + nprod; i++) {
		pid_t pid = fork();
		if (pid == -1) {
			fprintf(stderr, NAME ": fork: %s\n", strerror(errno));
			goto out_kill;
		}
		if (pid == 0) {
			if (i < ncons) {
				consumer(&q, i, &shm->tally);
			} else {
				close(q.rfd);
				producer(&q, i - (int)ncons, nmsg);
			}
			_exit(0);
		}
		pids[npids++] = pid;
		add_kid(pid);
	}
	/* Join the producers, then put one sentinel per consumer (Python: q.put(None)). */
	int failed = 0;
	for (int i = (int)ncons; i < npids; i++)
		failed |= reap(pids[i]) == -1;
	for (int k = 0; k < ncons; k++)
		queue_put(&q, "", 0);
	for (int i = 0; i < ncons; i++)
		failed |= reap(pids[i]) == -1;
	npids = 0;
	if (failed)
		goto out_close2;

	long total = 0, dup = 0, lost = 0;
	uint64_t sum = 0, want_sum = 0;
	for (int i = 0; i < ncons; i++) {
		printf(ngettext("consumer %d got %ld message\n", "consumer %d got %ld messages\n",
		    (unsigned long)shm->tally.received[i]), i + 1, shm->tally.received[i]);
		total += shm->tally.received[i];
		sum += shm->tally.checksum[i];
	}
	for (int pr = 0; pr < nprod; pr++)
		for (long s = 0; s < nmsg; s++) {
			want_sum += message_sum(pr, (int32_t)s);
			if (shm->tally.seen[pr][s] == 0)
				lost++;
			else if (shm->tally.seen[pr][s] > 1)
				dup++;
		}
	/* TRANSLATORS: messages received, sent; their checksum, the one expected. */
	printf(_("total %ld messages (expected %ld), checksum %llu (expected %llu)\n"),
	    total, nprod * nmsg, (unsigned long long)sum, (unsigned long long)want_sum);
	rc = lost == 0 && dup == 0 && total == nprod * nmsg && sum == want_sum ? 0 : 1;
	if (rc == 0)
		printf(_("every message delivered exactly once: yes (lost %ld, duplicated %ld)\n"),
		    lost, dup);
	else
		printf(_("every message delivered exactly once: NO (lost %ld, duplicated %ld)\n"),
		    lost, dup);
	if (rc == 0)
		explain(ncons);
	goto out_close2;

out_kill:
	/* A fork failed half way: the started children may wait forever; stop them. */
	for (int i = 0; i < npids; i++)
		kill(pids[i], SIGKILL);
	for (int i = 0; i < npids; i++)
		waitpid(pids[i], NULL, 0);
out_close2:
	close_queue(&q);
	goto out_unmap;
out_close1:
	close_queue(&q);
out_unmap:
	if (munmap(shm, sizeof *shm) == -1) {
		fprintf(stderr, NAME ": munmap: %s\n", strerror(errno));
		rc = 1;
	}
	if (rc == 0)
		lesson_where(stdout, "10-queue.c", NULL);
	return rc;
}
