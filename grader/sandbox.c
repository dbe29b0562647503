/* SPDX-License-Identifier: MIT */
/*
 * sandbox.c: running untrusted code (a student's exercise, its harness) with limits: the
 * public API (sandbox.h) and the orchestration of a run.  The modules are listed in
 * sandbox-int.h; doc/sandbox.md states what each mode guarantees.
 *
 * Shape of a run (see the isolate/nsjail notes in doc/sandbox.md):
 *
 *	caller (any thread) --clone--> init --fork--> main (execs argv)
 *
 * init is ours: in the namespace mode it is PID 1 of a fresh PID namespace (with new IPC,
 * network and mount namespaces, and a user namespace when we are not root); in the fallback
 * it is a child subreaper.  Either way every descendant of main, even one that double-forks
 * and calls setsid(), ends up as init's child, and init reaps them all.  init tells the
 * caller main's pid and wait status (and what the run left in its IPC namespace) through a
 * message pipe; the caller measures, enforces the CPU and wall limits, captures stdout,
 * stderr and fd 3 through pipes, counts what is still alive when main ends, kills it all
 * and waits for init.
 *
 * Between clone and execve the children only make plain system calls (sandbox-child.c).
 *
 * As root, student code runs as a uid of its own (sandbox-uid.c), so RLIMIT_NPROC counts
 * only this run, and in a pids/memory/cpuacct cgroup (v1 or v2) where one can be created
 * (sandbox-cgroup.c).
 */
#include "sandbox-int.h"
#include "sandbox-linux.h"

#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile int forced_fallback;
static int probe_result = -1;
static pthread_once_t probe_once = PTHREAD_ONCE_INIT;

/* PROCLAB_SANDBOX, words separated by commas: "rlimits" forces the fallback, "no-cgroups"
 * namespaces alone, "no-landlock" and "no-seccomp" leave a layer out (to test what the
 * others hold alone). */
bool
sb_env_has(const char *what)
{
	const char *v = getenv("PROCLAB_SANDBOX");
	size_t n = strlen(what);

	for (; v != NULL && *v != '\0'; v += strcspn(v, ","), v += *v == ',')
		if (strncmp(v, what, n) == 0 && (v[n] == ',' || v[n] == '\0'))
			return true;
	return false;
}
#define env_is sb_env_has

static char fallback_why[512];

static void
probe(void)
{
	probe_result = sb_ns_usable(fallback_why, sizeof fallback_why) ? ISOLATION_NAMESPACES :
	    ISOLATION_RLIMITS;
}

const char *
sandbox_fallback_reason(void)
{
	if (forced_fallback)
		return _("--no-namespaces was given");
	if (env_is("rlimits"))
		return _("PROCLAB_SANDBOX=rlimits forces it");
	if (sandbox_probe() == ISOLATION_NAMESPACES)
		return NULL;
	return fallback_why;
}

int
sandbox_landlock(void)
{
	return env_is("no-landlock") ? 0 : sb_landlock_abi();
}

enum isolation
sandbox_probe(void)
{
	if (forced_fallback || env_is("rlimits"))
		return ISOLATION_RLIMITS;
	pthread_once(&probe_once, probe);
	return (enum isolation)probe_result;
}

void
sandbox_force_fallback(void)
{
	forced_fallback = 1;
}

const char *
isolation_name(enum isolation i)
{
	switch (i) {
	case ISOLATION_NAMESPACES:
		return "namespaces";
	case ISOLATION_RLIMITS:
		return "rlimits";
	}
	return "unknown";
}

/* ------------------------------------------------------------ preparing a run */

static void
capture_init(struct sb_capture *c, size_t cap)
{
	c->fd = -1;
	c->cap = cap;
	c->len = 0;
	c->truncated = false;
	c->buf = xmalloc(cap + 1);
	c->buf[0] = '\0';
}

static void
run_init(struct sb_run *r, const struct sandbox_spec *spec, struct sandbox_result *res)
{
	size_t	 outcap = spec->limits.output_bytes;

	memset(res, 0, sizeof *res);
	memset(r, 0, sizeof *r);
	r->spec = spec;
	r->res = res;
	r->cause = &res->cause;
	r->uid.slot = -1;
	r->uid.fd = r->workdir_fd = r->exe_fd = -1;
	r->p.sync_rd = r->p.sync_wr = r->p.msg_rd = r->p.msg_wr = -1;
	r->p.out_wr = r->p.err_wr = r->p.rep_wr = -1;
	r->ns.rebind_fd[0] = r->ns.rebind_fd[1] = -1;
	sb_now(&r->t0);
	r->t_main = r->t_kill = r->t_init = r->disk_checked = r->t0;
	r->started_at = time(NULL) - 1;        /* mtime has whole seconds */
	if (outcap > SANDBOX_OUTPUT_MAX)
		outcap = SANDBOX_OUTPUT_MAX;
	r->hit = SANDBOX_EXITED;
	r->cg.cpu_s = -1;
	r->caller = getpid();
	r->root = geteuid() == 0;
	r->ns.on = sandbox_probe() == ISOLATION_NAMESPACES;
	res->isolation = r->ns.on ? ISOLATION_NAMESPACES : ISOLATION_RLIMITS;
	res->landlock_abi = r->landlock_abi = sandbox_landlock();
	capture_init(&r->p.out, outcap);
	capture_init(&r->p.err, outcap);
	capture_init(&r->p.rep, SANDBOX_REPORT_MAX);
}

static int
check_spec(struct sb_run *r)
{
	const struct sandbox_spec *s = r->spec;

	if (s->argv == NULL || s->argv[0] == NULL || s->argv[0][0] != '/') {
		cause_set(r->cause, "sandbox: argv[0] must be an absolute path");
		return -1;
	}
	if (s->workdir == NULL) {
		cause_set(r->cause, "sandbox: no workdir");
		return -1;
	}
	return 0;
}

/* The fallback without root: orphans come back to us if the run kills init; what the
 * user has before the run (tasks, IPC), so that the run's own can be told. */
static int
prepare_fallback(struct sb_run *r)
{
	if (r->root || r->ns.on)
		return 0;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1) {
		cause_errno(r->cause, "prctl PR_SET_CHILD_SUBREAPER");
		return -1;
	}
	sb_ipc_snapshot(r);
	r->track.user_tasks = sb_proc_user_tasks();
	return 0;
}

static void
prepare_cpu(struct sb_run *r)
{
	static unsigned counter;
	cpu_set_t set;
	int	 n, i, want;

	r->cpu = -1;
	if (!r->spec->one_cpu || sched_getaffinity(0, sizeof set, &set) == -1 ||
	    (n = CPU_COUNT(&set)) == 0)
		return;
	want = (int)(__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED) % (unsigned)n);
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &set) && want-- == 0) {
			r->cpu = i;
			return;
		}
}

/* The workdir and the program as O_PATH fds: reachable whatever their parents' modes. */
static int
open_paths(struct sb_run *r)
{
	const struct sandbox_spec *s = r->spec;

	if ((r->workdir_fd = open(s->workdir, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1) {
		cause_errno(r->cause, "open %s", s->workdir);
		return -1;
	}
	if (fstat(r->workdir_fd, &r->workdir_st) == -1) {
		cause_errno(r->cause, "stat %s", s->workdir);
		return -1;
	}
	if ((r->exe_fd = open(s->argv[0], O_PATH | O_CLOEXEC)) == -1) {
		cause_errno(r->cause, "open %s", s->argv[0]);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ starting it */

static int
make_pipe(struct sb_run *r, int *rd, int *wr)
{
	int	 p[2];

	if (pipe2(p, O_CLOEXEC) == -1) {
		cause_errno(r->cause, "pipe");
		return -1;
	}
	*rd = p[0];
	*wr = p[1];
	return 0;
}

static int
make_pipes(struct sb_run *r)
{
	if (make_pipe(r, &r->p.sync_rd, &r->p.sync_wr) == -1 ||
	    make_pipe(r, &r->p.msg_rd, &r->p.msg_wr) == -1 ||
	    make_pipe(r, &r->p.out.fd, &r->p.out_wr) == -1 ||
	    make_pipe(r, &r->p.err.fd, &r->p.err_wr) == -1 ||
	    make_pipe(r, &r->p.rep.fd, &r->p.rep_wr) == -1)
		return -1;
	return 0;
}

static void
close_fd(int *fd)
{
	if (*fd != -1)
		close(*fd);
	*fd = -1;
}

/* Clones init; once it is in its namespaces and cgroups, lets it go. */
static int
start(struct sb_run *r)
{
	if (make_pipes(r) == -1)
		return -1;
	if ((r->init = raw_clone(r->ns.on ? sb_ns_flags(r->root) : 0)) == -1) {
		cause_errno(r->cause, "clone");
		return -1;
	}
	if (r->init == 0)
		sb_child_init(r);
	close_fd(&r->p.sync_rd);
	if (sb_ns_started(r) == -1 || sb_cg_enter(r, r->init) == -1) {
		kill(r->init, SIGKILL);
		sb_reap_init(r, 0);
		return -1;
	}
	close_fd(&r->p.sync_wr);        /* go */
	/* our copies of the run's ends; EOF comes when the run's last writer is gone */
	close_fd(&r->p.msg_wr);
	close_fd(&r->p.out_wr);
	close_fd(&r->p.err_wr);
	close_fd(&r->p.rep_wr);
	return 0;
}

/* ------------------------------------------------------------ the result */

/* The outcome from what main did and what the run hit. */
static void
finish_outcome(struct sb_run *r)
{
	const struct sandbox_limits *l = &r->spec->limits;
	struct sandbox_result *res = r->res;
	int	 st = r->main_status;
	double	 slack;
	bool	 clean, nproc_hit, near;

	/* the peak counts init; a shared uid's RLIMIT_NPROC counts tasks we cannot see too */
	nproc_hit = r->cg.pids_on ? r->cg.pids_max :
	    r->peak_tasks >= l->processes + (r->ns.on || r->uid.slot != -1 ? 1 : 0);
	clean = r->main_done && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	/* no memory cgroup: a process that had (nearly) all its memory resident, or a main
	 * killed by a signal after its address space neared RLIMIT_AS (threads' arenas make
	 * the address space alone weak evidence) */
	slack = l->memory_mb > 64 ? l->memory_mb / 8.0 : 8;
	near = r->maxrss_kb >= (l->memory_mb - slack) * 1024 ||
	    (r->main_done && WIFSIGNALED(st) && !l->resident_only &&
	    r->peak_vsize_kb >= (l->memory_mb - slack) * 1024);
	if (res->cause != NULL)
		res->outcome = SANDBOX_INTERNAL;
	else if (!clean && l->memory_mb > 0 && (r->cg.oom || (!r->cg.mem_on && near)))
		res->outcome = SANDBOX_MEMORY_LIMIT;
	else if (!clean && l->processes > 0 && nproc_hit)
		res->outcome = SANDBOX_PROCESS_LIMIT;
	else if (r->hit != SANDBOX_EXITED && r->hit != SANDBOX_SIGNALED)
		res->outcome = r->hit;
	else if (r->main_done && WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU)
		res->outcome = SANDBOX_CPU_LIMIT;
	else if (r->main_done && WIFEXITED(st)) {
		res->outcome = SANDBOX_EXITED;
		res->exit_status = WEXITSTATUS(st);
	} else if (r->main_done && WIFSIGNALED(st)) {
		res->outcome = SANDBOX_SIGNALED;
		res->term_signal = WTERMSIG(st);
	} else {
		/* init died under us before main ended (killed by the run, fallback) */
		res->outcome = SANDBOX_SIGNALED;
		res->term_signal = SIGKILL;
	}
}

static void
finish(struct sb_run *r)
{
	struct sandbox_result *res = r->res;
	const struct rusage *ru = &r->init_ru;
	double	 cpu, ru_cpu;

	ru_cpu = ru->ru_utime.tv_sec + ru->ru_utime.tv_usec / 1e6 +
	    ru->ru_stime.tv_sec + ru->ru_stime.tv_usec / 1e6;
	if ((cpu = r->cg.cpu_s) < 0)
		cpu = ru_cpu;
	res->cpu_s = cpu > r->cpu_s ? cpu : r->cpu_s;
	res->wall_s = sb_elapsed(&r->t0, r->main_done ? &r->t_main : r->killing ? &r->t_kill :
	    &r->t_init);
	if (ru->ru_maxrss > r->maxrss_kb)
		r->maxrss_kb = ru->ru_maxrss;
	finish_outcome(r);
	if (!r->main_done)
		res->leftover_processes = 0;

	res->out = r->p.out.buf;
	res->out_len = r->p.out.len;
	res->out_truncated = r->p.out.truncated;
	res->err = r->p.err.buf;
	res->err_len = r->p.err.len;
	res->err_truncated = r->p.err.truncated;
	if (r->spec->want_report) {
		res->report = r->p.rep.buf;
		res->report_len = r->p.rep.len;
		res->report_truncated = r->p.rep.truncated;
	} else
		free(r->p.rep.buf);
	r->p.out.buf = r->p.err.buf = r->p.rep.buf = NULL;
}

/* ------------------------------------------------------------ cleaning up */

/* Nobody of the run may survive us. */
static void
cleanup_processes(struct sb_run *r)
{
	struct sb_scan sc;
	int	 i;

	if (r->init > 0 && !r->init_done) {
		sb_kill_all(r);
		kill(r->init, SIGKILL);
		sb_reap_init(r, 0);
	}
	if (r->init > 0 && !r->ns.on) {
		for (i = 0; i < 100; i++) {
			sb_proc_scan(r, &sc, true);
			sb_uid_kill(r);
			if (sc.procs == 0)
				break;
			usleep(10000);
		}
		sb_proc_reap_tracked(r);
	}
}

/* Then the IPC objects and files it left, its cgroups, its slot, our fds. */
static void
cleanup(struct sb_run *r)
{
	int	*fds[] = { &r->p.sync_rd, &r->p.sync_wr, &r->p.msg_rd, &r->p.msg_wr,
	    &r->p.out.fd, &r->p.err.fd, &r->p.rep.fd, &r->p.out_wr, &r->p.err_wr, &r->p.rep_wr,
	    &r->workdir_fd, &r->exe_fd, &r->ns.rebind_fd[0], &r->ns.rebind_fd[1] };
	size_t	 i;

	cleanup_processes(r);
	sb_uid_restore(r);
	if (r->init > 0) {
		sb_ipc_sweep(r);
		sb_uid_sweep_tmp(r);
	}
	sb_cg_final(r);
	sb_cg_remove(r);
	sb_uid_release(r);
	for (i = 0; i < nitems(fds); i++)
		close_fd(fds[i]);
}

static void
run_free(struct sb_run *r)
{
	sb_ns_free(r);
	sb_proc_free(r);
	sb_ipc_free(r);
	free(r->p.out.buf);
	free(r->p.err.buf);
	free(r->p.rep.buf);
}

/*
 * Runs SPEC->argv under the limits; fills RES (free it with sandbox_result_free).
 * Returns 0 when the run happened, whatever its outcome; -1 when the outcome is
 * SANDBOX_INTERNAL (cause says why: "CALL PATH: strerror").
 *
 * Limits: 0 (or less) means none, but output_bytes, which is exact (0 keeps nothing).
 * processes counts tasks (threads too), main included.  The fd 3 report is capped at
 * SANDBOX_REPORT_MAX.  envp NULL gives "PATH=/usr/bin:/bin" alone.  one_cpu != 0 pins the
 * run to one of the caller's CPUs, in turn.
 * The workdir is the run's own: as root it belongs to the run's uid while it runs (one
 * workdir per concurrent run).  In the fallback, as root, a workdir under a 0700 folder
 * is reachable only as the cwd (relative paths).
 * MEMORY_LIMIT and PROCESS_LIMIT are reported only for runs that did not exit 0; without
 * a cgroup they are inferred (peak tasks at the limit; RSS or address space near it).
 * leftover_processes counts what was alive when main ended by itself (0 when a limit
 * ended the run); all of it is killed, and the IPC objects are removed.
 * The fallback hides no path and isolates no network; without root it makes the caller
 * a child subreaper and cannot find the message queues a run leaves.  The caller must
 * not ignore SIGCHLD.
 */
int
sandbox_run(const struct sandbox_spec *spec, struct sandbox_result *res)
{
	static char *const empty_env[] = { "PATH=/usr/bin:/bin", NULL };
	struct sandbox_spec s = *spec;
	struct sb_run r;

	if (s.envp == NULL)
		s.envp = empty_env;
	run_init(&r, &s, res);
	if (check_spec(&r) == -1 || sb_uid_take(&r) == -1)
		goto out_free;
	/* the fallback is limits alone: no cgroup; PROCLAB_SANDBOX=no-cgroups tests (and
	 * gives) what a machine without usable cgroups has */
	if (r.root && r.ns.on && !env_is("no-cgroups"))
		sb_cg_setup(&r);
	if (prepare_fallback(&r) == -1)
		goto out_cleanup;
	prepare_cpu(&r);
	if (open_paths(&r) == -1 || sb_ns_prepare(&r) == -1 || sb_seccomp_prepare(&r) == -1 ||
	    sb_uid_chown(&r) == -1 || start(&r) == -1)
		goto out_cleanup;
	sb_monitor(&r);
out_cleanup:
	cleanup(&r);
	finish(&r);
out_free:
	if (res->cause != NULL) {
		res->outcome = SANDBOX_INTERNAL;
		if (res->out == NULL) {
			res->out = r.p.out.buf;
			res->err = r.p.err.buf;
			r.p.out.buf = r.p.err.buf = NULL;
		}
	}
	run_free(&r);
	return res->outcome == SANDBOX_INTERNAL ? -1 : 0;
}

void
sandbox_result_free(struct sandbox_result *res)
{
	free(res->out);
	free(res->err);
	free(res->report);
	free(res->leftover_names);
	free(res->cause);
	res->out = res->err = res->report = res->leftover_names = res->cause = NULL;
}
