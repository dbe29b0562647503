/* SPDX-License-Identifier: MIT */
/*
 * sandbox-monitor.c: the caller while the run runs.  It listens to the capture pipes and
 * to init's messages, measures and enforces the CPU and wall limits every tick, counts
 * what is still alive when main ends, kills it all and reaps init.
 */
#include "sandbox-int.h"

#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double
sb_elapsed(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

void
sb_now(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

/* Keeps the first CAP bytes exactly; the rest is read and dropped. */
static void
capture_read(struct sb_run *r, struct sb_capture *c)
{
	char	 buf[65536];
	ssize_t	 n;
	size_t	 keep;

	if ((n = read(c->fd, buf, sizeof buf)) == -1) {
		if (errno == EINTR || errno == EAGAIN)
			return;
		cause_errno(r->cause, "read (captured output)");
	}
	if (n <= 0) {
		close(c->fd);
		c->fd = -1;
		return;
	}
	keep = c->cap - c->len < (size_t)n ? c->cap - c->len : (size_t)n;
	memcpy(c->buf + c->len, buf, keep);
	c->len += keep;
	c->buf[c->len] = '\0';
	if (keep < (size_t)n)
		c->truncated = true;
}

static void
main_status(struct sb_run *r, int st)
{
	r->main_done = true;
	r->main_status = st;
	sb_now(&r->t_main);
}

/* One message of a child (init, main, a sweep helper). */
void
sb_msg_apply(struct sb_run *r, struct sb_msg *m)
{
	m->text[sizeof m->text - 1] = '\0';
	switch (m->type) {
	case MSG_MAIN_PID:
		r->main = m->a;
		break;
	case MSG_MAIN_STATUS:
		main_status(r, m->a);
		if (m->b > r->maxrss_kb)
			r->maxrss_kb = m->b;
		break;
	case MSG_ERROR:
		errno = m->a;
		if (m->a != 0)
			cause_errno(r->cause, "%s", m->text);
		else
			cause_set(r->cause, "%s", m->text);
		break;
	case MSG_LEFTOVER:
		sb_ipc_leftover(r, m->text);
		break;
	case MSG_DONE:
		if (m->b > r->maxrss_kb)
			r->maxrss_kb = m->b;
		break;
	}
}

static void
msg_read(struct sb_run *r)
{
	struct sb_msg m;
	ssize_t	 n;

	if ((n = read(r->p.msg_rd, &m, sizeof m)) == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n != (ssize_t)sizeof m) {
		close(r->p.msg_rd);
		r->p.msg_rd = -1;
		return;
	}
	sb_msg_apply(r, &m);
}

void
sb_kill_all(struct sb_run *r)
{
	struct sb_scan sc;

	if (r->ns.on)
		kill(r->init, SIGUSR1);
	else {
		sb_uid_kill(r);
		if (r->main > 0)
			kill(-r->main, SIGKILL);
		sb_proc_scan(r, &sc, true);
	}
	if (!r->killing)
		sb_now(&r->t_kill);
	r->killing = true;
}

/* One tick: CPU, memory, processes of the run; limits. */
static void
sample(struct sb_run *r)
{
	const struct sandbox_limits *l = &r->spec->limits;
	struct timespec t;
	struct sb_scan sc;
	double	 cpu;

	sb_now(&t);
	memset(&sc, 0, sizeof sc);
	cpu = sb_cg_cpu(r);
	/* /proc is walked only for what no cgroup tells */
	if (cpu < 0 || (l->processes > 0 && !r->cg.pids_on) ||
	    (l->memory_mb > 0 && !r->cg.mem_on))
		sb_proc_scan(r, &sc, false);
	if (sc.tasks > r->peak_tasks)
		r->peak_tasks = sc.tasks;
	if (sc.vsize_kb > r->peak_vsize_kb)
		r->peak_vsize_kb = sc.vsize_kb;
	if (cpu < 0)
		cpu = sc.cpu_s;
	if (cpu > r->cpu_s)
		r->cpu_s = cpu;
	if (r->main_done || r->killing)
		return;
	if (l->cpu_ms > 0 && r->cpu_s * 1000 >= l->cpu_ms) {
		r->hit = SANDBOX_CPU_LIMIT;
		sb_kill_all(r);
	} else if (l->wall_ms > 0 && sb_elapsed(&r->t0, &t) * 1000 >= l->wall_ms) {
		r->hit = SANDBOX_WALL_LIMIT;
		sb_kill_all(r);
	} else if (l->resident_only && l->memory_mb > 0 && !r->cg.mem_on &&
	    sc.rss_kb >= l->memory_mb * 1024) {
		r->hit = SANDBOX_MEMORY_LIMIT;  /* no RLIMIT_AS to stop it: polled */
		sb_kill_all(r);
	} else if (sb_disk_over(r)) {
		r->hit = SANDBOX_DISK_LIMIT;
		sb_kill_all(r);
	}
}

/* main is gone: count who stayed, then kill them. */
static void
main_ended(struct sb_run *r)
{
	struct sb_scan sc;

	sb_proc_scan(r, &sc, false);
	if (sc.procs > 0) {
		/* A process killed a moment ago (a harness tidying up its own helpers)
		 * takes a little while to die: count only who is still there. */
		struct timespec settle = { 0, 50 * 1000 * 1000 };

		nanosleep(&settle, NULL);
		sb_proc_scan(r, &sc, false);
	}
	r->res->leftover_processes = sc.procs;
	sb_kill_all(r);
}

bool
sb_reap_init(struct sb_run *r, int flags)
{
	int	 st;
	pid_t	 pid;

	if (r->init_done)
		return true;
	if ((pid = wait4(r->init, &st, flags, &r->init_ru)) == -1 && errno != EINTR) {
		cause_errno(r->cause, "waitpid (sandbox init)");
		r->init_done = true;
	} else if (pid == r->init) {
		r->init_done = true;
		sb_now(&r->t_init);
	}
	return r->init_done;
}

/*
 * init ended before main.  Only the fallback without a uid of its own allows that (the
 * run may signal init): main, now our child (we are a subreaper then), goes on.
 */
static void
init_gone(struct sb_run *r)
{
	int	 st;

	if (r->ns.on || r->uid.slot != -1 || r->main <= 0) {
		cause_set(r->cause, "the sandbox's init ended before the program");
		sb_kill_all(r);
		return;
	}
	if (waitpid(r->main, &st, WNOHANG) == r->main)
		main_status(r, st);
}

/* Waits a tick for output or a message, and takes what came. */
static void
listen_once(struct sb_run *r)
{
	struct sb_capture *cap[3] = { &r->p.out, &r->p.err, &r->p.rep };
	struct pollfd pfd[4];
	int	 i, n = 0;

	for (i = 0; i < 3; i++)
		if (cap[i]->fd != -1)
			pfd[n++] = (struct pollfd){ cap[i]->fd, POLLIN, 0 };
	if (r->p.msg_rd != -1)
		pfd[n++] = (struct pollfd){ r->p.msg_rd, POLLIN, 0 };
	if (poll(pfd, n, SANDBOX_TICK_MS) == -1 && errno != EINTR) {
		cause_errno(r->cause, "poll");
		sb_kill_all(r);
	}
	for (i = 0; i < n; i++)
		if (pfd[i].revents != 0) {
			if (pfd[i].fd == r->p.msg_rd)
				msg_read(r);
			else
				capture_read(r, pfd[i].fd == r->p.out.fd ? &r->p.out :
				    pfd[i].fd == r->p.err.fd ? &r->p.err : &r->p.rep);
		}
}

void
sb_monitor(struct sb_run *r)
{
	struct timespec t, last;
	int	 tick = 0;

	sb_now(&r->t0);
	last = r->t0;
	for (;;) {
		listen_once(r);
		sb_now(&t);
		if (!r->killing && sb_elapsed(&last, &t) * 1000 >= SANDBOX_TICK_MS) {
			last = t;
			sample(r);
		}
		if (r->main_done && !r->killing)
			main_ended(r);
		else if (r->killing && ++tick % 5 == 0 && !r->init_done)
			sb_kill_all(r);    /* again: a fork may have raced the last round */
		if (r->p.msg_rd == -1 && !r->main_done && !r->killing)
			init_gone(r);
		if (r->killing && !r->init_done &&
		    sb_elapsed(&r->t_kill, &t) * 1000 > SANDBOX_KILL_GRACE_MS)
			kill(r->init, SIGKILL);
		if (sb_reap_init(r, WNOHANG) && (r->p.msg_rd == -1 && r->p.out.fd == -1 &&
		    r->p.err.fd == -1 && r->p.rep.fd == -1))
			break;
		if (r->init_done && (r->main_done || r->killing) &&
		    sb_elapsed(&r->t_init, &t) * 1000 > SANDBOX_DRAIN_MS)
			break;  /* some escaped writer holds a pipe: stop listening */
	}
}
