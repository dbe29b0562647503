/* SPDX-License-Identifier: MIT */
/*
 * test_chat.c: the driving side of exercise 12 (chat through a manager). Do not change
 * this file.
 *
 * The judge (judge_chat.c) chooses the key and every message and decides; this file runs
 * the steps of each test and reports what a client saw. Some steps talk to your manager
 * with a client of the test's own, byte for byte the protocol of README.md (sometimes in
 * pieces); others call your client functions, once against a manager of the test's own
 * whose answers come in pieces. A test's steps run in a process of their own (the body),
 * watched with a deadline; the body notes each observation in shared memory as it makes
 * it, so what it saw before something stopped answering is still reported.
 *
 * Every test ends the same way: a client of the test's connects with the right key and
 * stays connected, then the body calls manager_stop and looks for children it did not
 * reap. The harness process is a child subreaper (PR_SET_CHILD_SUBREAPER), so a process
 * the manager started that outlives the manager becomes the harness's: it counts (in
 * /proc) the processes still running after manager_stop returned, giving them 1 s to end.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chat.h"
#include "labtest.h"

/* The harness's own processes and its own client use the real calls: they are neither
 * slowed down nor split. */
pid_t __real_fork(void);
pid_t __real_waitpid(pid_t, int *, int);
ssize_t __real_read(int, void *, size_t);
ssize_t __real_send(int, const void *, size_t, int);

#define DEADLINE_MS	5000
#define GRACE_MS	1000    /* for processes to end after manager_stop returned */
#define TURNS		8
#define LIST_MAX	4096
#define MSGS_MAX	8
#define LINE_MAX_	(CHAT_MSG_MAX + 32)

/* The report's encoding, read the same way by judge_chat.c. "answers": each reply the
 * test's client got, as its bytes then ANS_END, or one code instead of a line. */
#define ANS_END		(-1)
#define ANS_CLOSED	(-2)    /* the manager closed the connection */
#define ANS_SILENT	(-3)    /* no line within 2 s */
#define ANS_SEND_CLOSED	(-4)    /* the manager hung up while the request was being sent */
#define ANS_NO_CONNECT	(-1000) /* minus errno: connect failed */
/* "end": how the body ended: [END_*, detail] */
#define END_DONE	0
#define END_DEADLINE	1
#define END_SIGNAL	2       /* detail: the signal */
#define END_EXIT	3       /* detail: the exit status */
/* "unreaped": the body's children after manager_stop */
#define UNREAPED_NONE		0
#define UNREAPED_MANAGER	1       /* the manager ended, never reaped */
#define UNREAPED_OTHER		2       /* another child ended, never reaped */
#define RUNNING_MANAGER		3       /* the manager still running */
#define RUNNING_OTHER		4
/* "sides": [side, how, value, errno] per side of the chat, as they end */
#define SIDE_RETURNED	0       /* value: what chat returned */
#define SIDE_KILLED	1       /* value: the signal */
#define SIDE_EXITED	2       /* value: the exit status */

struct list {
	size_t	n;
	long	v[LIST_MAX];
};

struct shared {
	pid_t	manager;                /* for the clean-up: killed with its group */
	long	body_proc;              /* the body's process id as /proc shows it */
	int	stopped;                /* manager_stop returned: count what is left */
	int	done;                   /* the body's steps ended */
	int	has_start, has_sides, has_stop, has_unreaped;
	long	start[4];               /* ret, errno, pid, port */
	long	stop[2];                /* ret, errno */
	long	unreaped;
	struct list answers;            /* the test's client: the replies */
	struct list connect, put, get;  /* your client functions: ret, errno each */
	struct list got;                /* the messages queue_get gave, bytes then ANS_END */
	struct list fake;               /* the lines the test's manager received */
	struct list sides;              /* how the sides of the chat ended */
	char	theirs[2][TURNS][CHAT_MSG_MAX];
	int	returned[2];
	long	chat_ret[2], chat_errno[2];
};

struct msgs {
	int	n;
	char	m[MSGS_MAX][CHAT_MSG_MAX];
};

static struct shared *sh;
static char key[64];
static pid_t me;                        /* the body, or a side of the chat */

static void
sleep_us(long us)
{
	struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* ---------------------------------------------------------------- observations */

static void
add(struct list *l, long v)
{
	if (l->n < LIST_MAX)
		l->v[l->n++] = v;
}

static void
add_line(struct list *l, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		add(l, (unsigned char)s[i]);
	add(l, ANS_END);
}

/* A child that returned from FUNCTION into the test (it forked and both returned). */
static void
expect_me(const char *function)
{
	if (getpid() != me)
		lab_fail("a process forked in %s returned from it into the test: a process "
		    "you start must end with _exit() when its work is done", function);
}

/* After your FUNCTION returned RET: (RET, errno) into L. */
static long
noted(struct list *l, const char *function, long ret)
{
	int e = errno;

	expect_me(function);
	add(l, ret);
	add(l, ret == -1 ? e : 0);
	return ret;
}

/* The messages of input NAME (their bytes, 0 between two), exactly WANT of them. */
static void
input_msgs(const char *name, struct msgs *out, int want)
{
	long v[MSGS_MAX * CHAT_MSG_MAX];
	size_t n = lab_input_longs(name, v, sizeof v / sizeof v[0]), len = 0;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i <= n; i++) {
		if (i == n || v[i] == 0) {
			out->n++;
			len = 0;
			continue;
		}
		if (v[i] < 1 || v[i] > 255 || v[i] == '\n' || len + 1 >= CHAT_MSG_MAX ||
		    out->n == MSGS_MAX)
			lab_fail("harness: input %s is not a list of messages", name);
		out->m[out->n][len++] = (char)v[i];
	}
	if (out->n != want)
		lab_fail("harness: input %s has %d messages, not %d", name, out->n, want);
}

/* ---------------------------------------------------------------- the test's own client */

static int
raw_connect(unsigned short port)
{
	struct sockaddr_in a;
	struct timeval tv = { 2, 0 };
	int fd = socket(AF_INET, SOCK_STREAM, 0), e;

	if (fd == -1)
		lab_fail("socket (test harness): %s", lab_strerror(errno));
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons(port);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) == -1) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == -1)
		lab_fail("setsockopt (test harness): %s", lab_strerror(errno));
	return fd;
}

/* Sends s; false when the peer already hung up. */
static bool
raw_send(int fd, const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		ssize_t w = __real_send(fd, s, n, MSG_NOSIGNAL);

		if (w == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE || errno == ECONNRESET)
				return false;
			lab_fail("send (test harness): %s", lab_strerror(errno));
		}
		s += w;
		n -= (size_t)w;
	}
	return true;
}

/* One line from the peer, without '\n', its length in *LEN. 1: a line; 0: it hung up;
 * -1: 2 s of silence. */
static int
raw_line(int fd, char *buf, size_t size, size_t *len)
{
	*len = 0;
	for (;;) {
		char c;
		ssize_t r = __real_read(fd, &c, 1);

		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return -1;
		if (r == -1 && errno == ECONNRESET)
			return 0;
		if (r == -1)
			lab_fail("read (test harness): %s", lab_strerror(errno));
		if (r == 0)
			return *len == 0 ? 0 : 1;
		if (c == '\n')
			return 1;
		if (*len + 1 < size)
			buf[(*len)++] = c;
	}
}

/*
 * One exchange of the test's client on *FD (first connected to PORT when it is -1):
 * PIECES sent 3 ms apart (what TCP may do to any message), then REPLIES lines read. Each
 * reply, or what came instead, goes into the answers. 0 when every reply was a line;
 * otherwise the ANS_ code of what came.
 */
static long
exchange(int *fd, unsigned short port, const char *const pieces[], int replies)
{
	char line[LINE_MAX_];
	size_t len;

	if (*fd == -1 && (*fd = raw_connect(port)) == -1) {
		add(&sh->answers, ANS_NO_CONNECT - errno);
		return ANS_NO_CONNECT - errno;
	}
	for (int i = 0; pieces[i] != NULL; i++) {
		if (i > 0)
			sleep_us(3000);
		if (!raw_send(*fd, pieces[i])) {
			add(&sh->answers, ANS_SEND_CLOSED);
			return ANS_SEND_CLOSED;
		}
	}
	for (int k = 0; k < replies; k++) {
		int r = raw_line(*fd, line, sizeof line, &len);

		if (r != 1) {
			add(&sh->answers, r == 0 ? ANS_CLOSED : ANS_SILENT);
			return r == 0 ? ANS_CLOSED : ANS_SILENT;
		}
		add_line(&sh->answers, line, len);
	}
	return 0;
}

/* One request in one piece, one reply. */
static long
ask(int *fd, unsigned short port, const char *request)
{
	const char *pieces[] = { request, NULL };

	return exchange(fd, port, pieces, 1);
}

static void
close_fd(int *fd)
{
	if (*fd != -1)
		close(*fd);
	*fd = -1;
}

/* ---------------------------------------------------------------- start and stop */

/* manager_start, its result noted. The port, or 0 when the test cannot go on. */
static unsigned short
start(void)
{
	unsigned short port = 0;
	pid_t pid = 0;
	int ret, e;

	errno = 0;
	ret = manager_start(key, &port, &pid);
	e = errno;
	expect_me("manager_start");
	sh->start[0] = ret;
	sh->start[1] = ret == -1 ? e : 0;
	sh->start[2] = pid;
	sh->start[3] = port;
	sh->has_start = 1;
	if (ret != 0 || pid <= 0 || port == 0)
		return 0;
	sh->manager = pid;
	return port;
}

/* The body's children after manager_stop: UNREAPED_* or RUNNING_*. */
static long
children_left(void)
{
	siginfo_t si;
	pid_t ended;

	switch (lab_children_left(&ended)) {
	case LAB_CHILDREN_NONE:
		return UNREAPED_NONE;
	case LAB_CHILDREN_UNREAPED:
		return ended == sh->manager ? UNREAPED_MANAGER : UNREAPED_OTHER;
	}
	memset(&si, 0, sizeof si);
	if (waitid(P_PID, (id_t)sh->manager, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	    si.si_pid == 0)
		return RUNNING_MANAGER;
	return RUNNING_OTHER;
}

/*
 * The end of every test: the test's client connects with the right key and stays
 * connected; manager_stop; the children left. Then the body waits, the connection still
 * open, for the harness process to count the processes left and end it.
 */
static void
stop_manager(unsigned short port)
{
	char hello[96];
	int fd = -1;
	long ret;

	snprintf(hello, sizeof hello, "KEY %s\n", key);
	if (ask(&fd, port, hello) != 0)
		return;
	errno = 0;
	ret = manager_stop(sh->manager);
	sh->stop[1] = ret == -1 ? errno : 0;
	expect_me("manager_stop");
	sh->stop[0] = ret;
	sh->has_stop = 1;
	if (ret == 0) {
		sh->unreaped = children_left();
		sh->has_unreaped = 1;
	}
	__atomic_store_n(&sh->stopped, 1, __ATOMIC_SEQ_CST);
	for (;;)
		sleep_us(100000);
}

/* ---------------------------------------------------------------- processes left */

struct proc {
	long	pid, ppid;
	char	state;
};

/* This process's id as /proc numbers it (not getpid() when /proc is another PID
 * namespace's); -1 when /proc cannot be read. */
static long
proc_self(void)
{
	char buf[32];
	ssize_t n = readlink("/proc/self", buf, sizeof buf - 1);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return atol(buf);
}

/* One process of /proc/NAME/stat into *P; false when it is gone or unreadable. */
static bool
proc_read(const char *name, struct proc *p)
{
	char path[64], buf[512], *paren;
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%s/stat", name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	n = __real_read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	p->pid = atol(buf);
	paren = strrchr(buf, ')');      /* the command may hold spaces and parentheses */
	return paren != NULL && sscanf(paren + 1, " %c %ld", &p->state, &p->ppid) == 2;
}

/* Every process /proc shows, *N of them; NULL when /proc cannot be read. */
static struct proc *
proc_table(size_t *n)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	struct proc *t = NULL, *bigger;
	size_t cap = 0;

	*n = 0;
	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		if (*n == cap) {
			cap = cap == 0 ? 64 : 2 * cap;
			if ((bigger = realloc(t, cap * sizeof *t)) == NULL)
				lab_fail("realloc (test harness): %s", lab_strerror(errno));
			t = bigger;
		}
		if (proc_read(e->d_name, &t[*n]))
			(*n)++;
	}
	closedir(d);
	if (*n == 0) {
		free(t);
		return NULL;
	}
	return t;
}

/* The running (not zombie) descendants of ROOT other than EXCLUDE, by /proc; up to MAX
 * of their ids into PIDS. -1 when /proc cannot be read. */
static long
descendants(long root, long exclude, long *pids, size_t max)
{
	size_t n, k = 0;
	struct proc *t = root > 0 ? proc_table(&n) : NULL;
	bool *in, more = true;
	long live = 0;

	if (t == NULL)
		return -1;
	if ((in = calloc(n, sizeof *in)) == NULL)
		lab_fail("calloc (test harness): %s", lab_strerror(errno));
	while (more) {
		more = false;
		for (size_t i = 0; i < n; i++) {
			bool under = t[i].ppid == root;

			for (size_t p = 0; p < n && !under && !in[i]; p++)
				under = in[p] && t[p].pid == t[i].ppid;
			if (!in[i] && under && t[i].pid != root)
				more = in[i] = true;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (in[i] && t[i].pid != exclude && t[i].state != 'Z' && t[i].state != 'X') {
			if (k < max)
				pids[k++] = t[i].pid;
			live++;
		}
	free(in);
	free(t);
	return live;
}

/* After manager_stop returned: how many processes (other than the body) are still
 * running, once they have had GRACE_MS to end. -1 when /proc cannot be read. */
static long
count_left(void)
{
	long self = proc_self(), t0 = now_ms(), n;

	for (;;) {
		n = descendants(self, sh->body_proc, NULL, 0);
		if (n <= 0 || now_ms() - t0 >= GRACE_MS)
			return n;
		sleep_us(5000);
	}
}

/* Ends whatever is left of the test (the body, the manager, anything they started). */
static void
clean_up(pid_t body, bool body_running)
{
	long pids[64], n = 0, t0;

	if (sh->manager > 0) {
		kill(-sh->manager, SIGKILL);
		kill(sh->manager, SIGKILL);
	}
	kill(-body, SIGKILL);
	if (proc_self() == (long)getpid())      /* its ids are ours */
		n = descendants(getpid(), -1, pids, 64);
	for (long i = 0; i < n && i < 64; i++)
		kill((pid_t)pids[i], SIGKILL);
	if (body_running)
		__real_waitpid(body, NULL, 0);
	for (t0 = now_ms(); now_ms() - t0 < 500;) {
		pid_t r = __real_waitpid(-1, NULL, WNOHANG);

		if (r == -1 && errno != EINTR)
			break;          /* no child left */
		if (r == 0)
			sleep_us(1000);
	}
}

/* ---------------------------------------------------------------- running a test */

static void
report_list(const char *name, const struct list *l)
{
	if (l->n > 0)
		lab_report_longs(name, l->v, l->n);
}

static void
report_theirs(const char *name, int s)
{
	long v[TURNS * (CHAT_MSG_MAX + 1)];
	size_t n = 0;

	for (int i = 0; i < TURNS; i++) {
		size_t len = strnlen(sh->theirs[s][i], CHAT_MSG_MAX);

		for (size_t k = 0; k < len; k++)
			v[n++] = (unsigned char)sh->theirs[s][i][k];
		v[n++] = ANS_END;
	}
	lab_report_longs(name, v, n);
}

static void
report_all(long left, const long end[2])
{
	if (sh->has_start)
		lab_report_longs("start", sh->start, 4);
	report_list("answers", &sh->answers);
	report_list("connect", &sh->connect);
	report_list("put", &sh->put);
	report_list("get", &sh->get);
	report_list("got", &sh->got);
	report_list("fake", &sh->fake);
	report_list("sides", &sh->sides);
	if (sh->has_sides) {
		report_theirs("theirs_0", 0);
		report_theirs("theirs_1", 1);
	}
	if (sh->has_stop)
		lab_report_longs("stop", sh->stop, 2);
	if (sh->has_unreaped)
		lab_report_long("unreaped", sh->unreaped);
	if (left != -2)
		lab_report_long("left_running", left);
	lab_report_longs("end", end, 2);
}

/* Waits for the body: 1 when it ended (*STATUS), 0 when it has stopped the manager,
 * -1 at the deadline. */
static int
wait_body(pid_t pid, int *status)
{
	long t0 = now_ms();

	while (now_ms() - t0 < DEADLINE_MS) {
		pid_t r = __real_waitpid(pid, status, WNOHANG);

		if (r == -1 && errno != EINTR)
			lab_fail("waitpid (test harness): %s", lab_strerror(errno));
		if (r == pid)
			return 1;
		if (__atomic_load_n(&sh->stopped, __ATOMIC_SEQ_CST))
			return 0;
		sleep_us(2000);
	}
	return -1;
}

/* Runs BODY in a process of its own, with the deadline, and reports what it saw. */
static void
run(void (*body)(void))
{
	long end[2] = { END_DONE, 0 }, left = -2;
	int status = 0, w;
	pid_t pid;

	if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		lab_fail("prctl (test harness): %s", lab_strerror(errno));
	fflush(stdout);
	fflush(stderr);
	pid = __real_fork();
	if (pid == -1)
		lab_fail("fork (test harness): %s", lab_strerror(errno));
	if (pid == 0) {
		setpgid(0, 0);
		me = getpid();
		sh->body_proc = proc_self();
		body();
		__atomic_store_n(&sh->done, 1, __ATOMIC_SEQ_CST);
		_exit(0);
	}
	setpgid(pid, pid);
	w = wait_body(pid, &status);
	if (w == 0)
		left = count_left();
	else if (w == -1)
		end[0] = END_DEADLINE;
	else if (WIFSIGNALED(status))
		end[0] = END_SIGNAL, end[1] = WTERMSIG(status);
	else if (!__atomic_load_n(&sh->done, __ATOMIC_SEQ_CST))
		end[0] = END_EXIT, end[1] = WEXITSTATUS(status);
	clean_up(pid, w != 1);
	report_all(left, end);
}

/* The shared memory and the key: before any step. */
static void
setup(void)
{
	sh = lab_shared(sizeof *sh);
	snprintf(key, sizeof key, "proclab-%04ld", lab_input_long("key"));
}

/* ---------------------------------------------------------------- tests */

static void
handshake_body(void)
{
	unsigned short port = start();
	char hello[96];
	int fd = -1, conn;

	if (port == 0)
		return;
	snprintf(hello, sizeof hello, "KEY %s\n", key);
	if (ask(&fd, port, hello) != 0)
		return;
	close_fd(&fd);
	errno = 0;
	conn = (int)noted(&sh->connect, "manager_connect", manager_connect(port, key));
	if (conn < 0)
		return;
	close(conn);
	stop_manager(port);
}

static void
test_handshake(void)
{
	setup();
	run(handshake_body);
}

static struct msgs sneaky;

/* A wrong key (the right one and more), a PUT before any key, manager_connect with the
 * right key less its last digit, then the right key. */
static void
wrong_key_body(void)
{
	unsigned short port = start();
	char hello[CHAT_MSG_MAX + 16], wrong[64];
	int fd = -1, conn;
	long r;

	if (port == 0)
		return;
	snprintf(hello, sizeof hello, "KEY %s-wrong\n", key);
	r = ask(&fd, port, hello);
	close_fd(&fd);
	if (r == ANS_SILENT || r <= ANS_NO_CONNECT)
		return;
	snprintf(hello, sizeof hello, "PUT 0 %s\n", sneaky.m[0]);
	r = ask(&fd, port, hello);
	close_fd(&fd);
	if (r == ANS_SILENT || r <= ANS_NO_CONNECT)
		return;
	snprintf(wrong, sizeof wrong, "%.*s", (int)strlen(key) - 1, key);
	errno = 0;
	conn = (int)noted(&sh->connect, "manager_connect", manager_connect(port, wrong));
	if (conn >= 0)
		close(conn);
	snprintf(hello, sizeof hello, "KEY %s\n", key);
	if (ask(&fd, port, hello) != 0)
		return;
	close_fd(&fd);
	stop_manager(port);
}

static void
test_wrong_key(void)
{
	setup();
	input_msgs("sneaky", &sneaky, 1);
	run(wrong_key_body);
}

static struct msgs pmsgs;

/* KEY, then PUT 0 m0, PUT 1 m1, PUT 0 m2, GET 0, GET 1, GET 0 on one connection. */
static void
protocol_body(void)
{
	unsigned short port = start();
	static const int putq[3] = { 0, 1, 0 };
	char req[CHAT_MSG_MAX + 16];
	int fd = -1;

	if (port == 0)
		return;
	snprintf(req, sizeof req, "KEY %s\n", key);
	if (ask(&fd, port, req) != 0)
		return;
	for (int i = 0; i < 3; i++) {
		snprintf(req, sizeof req, "PUT %d %s\n", putq[i], pmsgs.m[i]);
		if (ask(&fd, port, req) != 0)
			return;
	}
	for (int i = 0; i < 3; i++) {
		snprintf(req, sizeof req, "GET %d\n", putq[i]);
		if (ask(&fd, port, req) != 0)
			return;
	}
	close_fd(&fd);
	stop_manager(port);
}

static void
test_protocol(void)
{
	setup();
	input_msgs("msgs", &pmsgs, 3);
	run(protocol_body);
}

static struct msgs queue[2];

/* Your client: 6 messages into each queue (alternating), then queue 1's and queue 0's
 * back; it stops at the first message that does not come back as it was put. */
static void
queue_order_body(void)
{
	unsigned short port = start();
	char got[CHAT_MSG_MAX];
	int conn;

	if (port == 0)
		return;
	errno = 0;
	conn = (int)noted(&sh->connect, "manager_connect", manager_connect(port, key));
	if (conn < 0)
		return;
	for (int i = 0; i < 6; i++)
		for (int q = 0; q < 2; q++) {
			errno = 0;
			if (noted(&sh->put, "queue_put", queue_put(conn, q, queue[q].m[i])) != 0)
				return;
		}
	for (int q = 1; q >= 0; q--)
		for (int i = 0; i < 6; i++) {
			memset(got, 0, sizeof got);
			errno = 0;
			if (noted(&sh->get, "queue_get", queue_get(conn, q, got, sizeof got)) != 0)
				return;
			add_line(&sh->got, got, strnlen(got, sizeof got));
			if (strncmp(got, queue[q].m[i], sizeof got) != 0)
				return;
		}
	close(conn);
	stop_manager(port);
}

static void
test_queue_order(void)
{
	setup();
	input_msgs("queue_0", &queue[0], 6);
	input_msgs("queue_1", &queue[1], 6);
	run(queue_order_body);
}

/* Sends the pieces 3 ms apart; false when the peer hung up. */
static bool
send_pieces(int fd, const char *const pieces[])
{
	for (int i = 0; pieces[i] != NULL; i++) {
		if (i > 0)
			sleep_us(3000);
		if (!raw_send(fd, pieces[i]))
			return false;
	}
	return true;
}

/* The test's manager's next line, noted; false when none came. */
static bool
fake_line(int fd)
{
	char line[LINE_MAX_];
	size_t len;
	int r = raw_line(fd, line, sizeof line, &len);

	if (r != 1) {
		add(&sh->fake, r == 0 ? ANS_CLOSED : ANS_SILENT);
		return false;
	}
	add_line(&sh->fake, line, len);
	return true;
}

/* The test's manager: notes each request of your client and answers it in pieces,
 * whatever it was: OK, OK, "MSG " m1 (in four pieces), "MSG " m2. */
static void
fake_manager(int ls)
{
	static const char *ok[] = { "O", "K\n", NULL };
	const char *m = pmsgs.m[1];
	size_t n = strlen(m);
	char p1[CHAT_MSG_MAX], p2[CHAT_MSG_MAX], p3[CHAT_MSG_MAX], last[CHAT_MSG_MAX + 8];
	const char *msg[] = { "MS", p1, p2, p3, NULL };
	struct timeval tv = { 2, 0 };
	int fd = accept(ls, NULL, NULL);

	if (fd == -1)
		lab_fail("accept (test harness): %s", lab_strerror(errno));
	snprintf(p1, sizeof p1, "G %.*s", (int)(n / 3), m);
	snprintf(p2, sizeof p2, "%.*s", (int)(2 * n / 3 - n / 3), m + n / 3);
	snprintf(p3, sizeof p3, "%s\n", m + 2 * n / 3);
	snprintf(last, sizeof last, "MSG %s\n", pmsgs.m[2]);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (fake_line(fd) && send_pieces(fd, ok) && fake_line(fd) && send_pieces(fd, ok) &&
	    fake_line(fd) && send_pieces(fd, msg) && fake_line(fd) && raw_send(fd, last))
		sleep_us(100000);       /* let the client close first */
	_exit(0);
}

/* Your client against the test's manager: manager_connect, queue_put(0, m0),
 * queue_get(1), queue_get(0). False when one of them failed. */
static bool
pieces_client(void)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	char got[CHAT_MSG_MAX];
	int ls, conn, q = 1;
	bool ok = false;
	pid_t fake;

	ls = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (ls == -1 || bind(ls, (struct sockaddr *)&a, sizeof a) == -1 || listen(ls, 4) == -1 ||
	    getsockname(ls, (struct sockaddr *)&a, &alen) == -1)
		lab_fail("socket/bind/listen (test harness): %s", lab_strerror(errno));
	if ((fake = __real_fork()) == -1)
		lab_fail("fork (test harness): %s", lab_strerror(errno));
	if (fake == 0)
		fake_manager(ls);
	close(ls);
	errno = 0;
	conn = (int)noted(&sh->connect, "manager_connect", manager_connect(ntohs(a.sin_port), key));
	if (conn < 0)
		goto out;
	errno = 0;
	if (noted(&sh->put, "queue_put", queue_put(conn, 0, pmsgs.m[0])) != 0)
		goto out;
	for (int k = 0; k < 2; k++, q = 0) {
		memset(got, 0, sizeof got);
		errno = 0;
		if (noted(&sh->get, "queue_get", queue_get(conn, q, got, sizeof got)) != 0)
			goto out;
		add_line(&sh->got, got, strnlen(got, sizeof got));
	}
	ok = true;
out:
	if (conn >= 0)
		close(conn);
	if (__real_waitpid(fake, NULL, 0) == -1)
		lab_fail("waitpid (test harness): %s", lab_strerror(errno));
	return ok;
}

/* Your manager, with requests in pieces: "KE", "Y ", key "\nPU", "T 0 " half of m3, the
 * rest of m3 "\n"; then two PUTs (m4, m5) in one piece; three GET 0. */
static void
pieces_manager(void)
{
	unsigned short port = start();
	const char *m3 = pmsgs.m[3];
	int half = (int)strlen(m3) / 2, fd = -1;
	char keyline[96], tail1[CHAT_MSG_MAX + 8], tail2[CHAT_MSG_MAX + 8];
	char two[2 * CHAT_MSG_MAX + 16];
	const char *p1[] = { "KE", "Y ", keyline, tail1, NULL };
	const char *p2[] = { tail2, NULL }, *p3[] = { two, NULL };

	if (port == 0)
		return;
	snprintf(keyline, sizeof keyline, "%s\nPU", key);
	snprintf(tail1, sizeof tail1, "T 0 %.*s", half, m3);
	snprintf(tail2, sizeof tail2, "%s\n", m3 + half);
	snprintf(two, sizeof two, "PUT 0 %s\nPUT 0 %s\n", pmsgs.m[4], pmsgs.m[5]);
	if (exchange(&fd, port, p1, 1) != 0 || exchange(&fd, port, p2, 1) != 0 ||
	    exchange(&fd, port, p3, 2) != 0)
		return;
	for (int i = 0; i < 3; i++)
		if (ask(&fd, port, "GET 0\n") != 0)
			return;
	close_fd(&fd);
	stop_manager(port);
}

static void
pieces_body(void)
{
	if (pieces_client())
		pieces_manager();
}

static void
test_pieces(void)
{
	setup();
	input_msgs("msgs", &pmsgs, 6);
	run(pieces_body);
}

static struct msgs script[2];

static void
chat_side(int s, unsigned short port)
{
	const char *mine[TURNS];

	me = getpid();
	for (int i = 0; i < TURNS; i++)
		mine[i] = script[s].m[i];
	errno = 0;
	sh->chat_ret[s] = chat(port, key, s, mine, TURNS, sh->theirs[s]);
	sh->chat_errno[s] = errno;
	expect_me("chat");
	sh->returned[s] = 1;
	_exit(0);
}

/* How side S ended (its STATUS), into the sides: S, then SIDE_*, the value, errno. */
static void
note_side(int s, int status)
{
	add(&sh->sides, s);
	if (WIFSIGNALED(status)) {
		add(&sh->sides, SIDE_KILLED);
		add(&sh->sides, WTERMSIG(status));
		add(&sh->sides, 0);
	} else if (!sh->returned[s]) {
		add(&sh->sides, SIDE_EXITED);
		add(&sh->sides, WEXITSTATUS(status));
		add(&sh->sides, 0);
	} else {
		add(&sh->sides, SIDE_RETURNED);
		add(&sh->sides, sh->chat_ret[s]);
		add(&sh->sides, sh->chat_errno[s]);
	}
}

/* Both sides of the chat at once, each in a process of the test's; each side's end is
 * noted when it comes (one that crashed is reported even if the other waits forever). */
static void
chat_body(void)
{
	unsigned short port = start();
	pid_t side[2];
	int status, left = 2;

	if (port == 0)
		return;
	for (int s = 0; s < 2; s++) {
		if ((side[s] = __real_fork()) == -1)
			lab_fail("fork (test harness): %s", lab_strerror(errno));
		if (side[s] == 0)
			chat_side(s, port);
	}
	while (left > 0) {
		for (int s = 0; s < 2; s++) {
			pid_t r;

			if (side[s] == 0)
				continue;       /* ended */
			r = __real_waitpid(side[s], &status, WNOHANG);
			if (r == -1 && errno != EINTR)
				lab_fail("waitpid (test harness): %s", lab_strerror(errno));
			if (r == side[s]) {
				note_side(s, status);
				side[s] = 0;
				left--;
			}
		}
		sleep_us(1000);
	}
	sh->has_sides = 1;
	stop_manager(port);
}

static void
test_chat(void)
{
	setup();
	input_msgs("script_0", &script[0], TURNS);
	input_msgs("script_1", &script[1], TURNS);
	run(chat_body);
}

LAB_MAIN(LAB_TEST(handshake), LAB_TEST(wrong_key), LAB_TEST(protocol),
    LAB_TEST(queue_order), LAB_TEST(pieces), LAB_TEST(chat))
