/*
 * sandbox.c: running untrusted code (a student's exercise, its harness) with limits.
 *
 * Shape of a run (see doc/HACKING.md and the isolate/nsjail notes):
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
 * Between clone and execve the children only make plain system calls: the caller may have
 * threads, and we clone with the raw system call (glibc's fork bookkeeping skipped), so
 * malloc, stdio and glibc's set*id broadcast are off limits there.
 *
 * As root, student code runs as a uid of its own (SANDBOX_UID_BASE + slot, a slot being a
 * flock()ed file per concurrent run), so RLIMIT_NPROC counts only this run, and in a
 * pids/memory/cpuacct cgroup (v1 or v2) where one can be created.
 */
#include "sandbox.h"

#include <stdio.h>

#include <sys/ioctl.h>
#include <sys/file.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <net/if.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SANDBOX_UID_BASE	2000000000u   /* no real user has these */
#define SANDBOX_SLOTS		1000
#define SANDBOX_SLOT_DIR	"/run/proclab-sandbox"  /* else SANDBOX_SLOT_DIR2 */
#define SANDBOX_SLOT_DIR2	"/tmp/.proclab-sandbox"
#define SANDBOX_TICK_MS		10            /* polling period of the CPU/wall limits */
#define SANDBOX_REPORT_MAX	65536         /* cap of the fd 3 report */
#define SANDBOX_OUTPUT_MAX	(256u << 20)  /* output_bytes beyond this: this */
#define SANDBOX_TMPFS_MB	64            /* private /tmp and /dev/shm when no memory limit */
#define SANDBOX_KILL_GRACE_MS	3000          /* then init itself is SIGKILLed */
#define SANDBOX_DRAIN_MS	1000          /* pipes still open after init died */
#define SANDBOX_NAMES_MAX	20            /* leftover IPC objects named in the result */

/* Messages from init (and main, before it execs) to the caller; one write() each. */
enum msg_type { MSG_MAIN_PID, MSG_MAIN_STATUS, MSG_ERROR, MSG_LEFTOVER, MSG_DONE };
struct msg {
	int		 type;
	int		 a;             /* pid, wait status, errno */
	long		 b;             /* max RSS (KiB) */
	char		 text[200];     /* failed call and path, leftover object name */
};

enum cg_kind { CG_NONE, CG_V1, CG_V2 };

struct capture {
	int		 fd;
	char		*buf;
	size_t		 len;
	size_t		 cap;
	bool		 truncated;
};

struct run {
	const struct sandbox_spec *spec;
	struct sandbox_result *res;
	bool		 ns;            /* namespace mode */
	bool		 root;
	int		 slot;          /* -1: no uid of its own */
	int		 slot_fd;
	uid_t		 uid;           /* what main runs as */
	gid_t		 gid;
	pid_t		 caller;

	enum cg_kind	 cg;
	bool		 cg_mem_limited;        /* read before the cgroups go */
	bool		 cg_pids_limited;
	bool		 cg_oom;
	bool		 cg_pids_max;
	double		 cg_cpu_s;
	char		*cg_pids;       /* v1: one folder per controller; v2: cg_pids only */
	char		*cg_mem;
	char		*cg_cpu;

	int		 workdir_fd;    /* O_PATH: reachable whatever the parents' modes */
	int		 exe_fd;
	struct stat	 workdir_st;
	bool		 chowned;
	char		 shm_opts[64];
	char		 tmp_opts[64];
	char		*rebind[2];     /* workdir; argv[0]'s folder when under /tmp */
	int		 rebind_fd[2];  /* O_PATH, opened by init before /tmp is covered */
	int		 nrebind;
	int		 rebind_rw;     /* the workdir's index */
	char	       **hide;          /* existing hide paths */
	bool		*hide_dir;
	int		 nhide;
	int		 cpu;           /* one_cpu: the CPU, else -1 */

	int		 sync_rd, sync_wr;      /* caller -> init: go (EOF) */
	int		 msg_rd, msg_wr;        /* init, main -> caller */
	struct capture	 out, err, rep;
	int		 out_wr, err_wr, rep_wr;

	pid_t		 init;
	char		 nslink[64];    /* "pid:[N]": init's PID namespace */
	pid_t		 main;
	bool		 init_done;
	bool		 main_done;
	int		 main_status;
	long		 maxrss_kb;
	struct rusage	 init_ru;

	struct timespec	 t0, t_main, t_kill, t_init;
	bool		 killing;
	enum sandbox_outcome hit;       /* a limit we enforced, or SANDBOX_EXITED */
	long		 peak_tasks;
	long		 peak_vsize_kb;
	double		 cpu_s;

	long		 user_tasks;    /* fallback without a uid: the user's tasks before */
	pid_t		*track;         /* fallback without a uid: descendants seen so far */
	size_t		 ntrack;
	char	       **shm_before;    /* fallback without a uid: /dev/shm and SysV IPC before */
	size_t		 nshm_before;
};

static volatile int forced_fallback;

/* ------------------------------------------------------------ small helpers */

static double
elapsed(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

static void
now(struct timespec *ts)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
}

/* Records the first internal error: "CALL PATH: strerror". */
static void
run_error(struct run *r, int err, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 n;

	if (r->res->internal_error[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(r->res->internal_error, sizeof r->res->internal_error, fmt, ap);
	va_end(ap);
	if (err != 0) {
		n = strlen(r->res->internal_error);
		snprintf(r->res->internal_error + n, sizeof r->res->internal_error - n,
		    ": %s", strerror(err));
	}
}

static int
write_file(const char *path, const char *text)
{
	int	 fd, saved;
	ssize_t	 n;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) == -1)
		return -1;
	n = write(fd, text, strlen(text));
	saved = errno;
	close(fd);
	errno = saved;
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* First line of PATH into BUF; -1 with errno. */
static int
read_file(const char *path, char *buf, size_t size)
{
	int	 fd, saved;
	ssize_t	 n;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, size - 1);
	saved = errno;
	close(fd);
	errno = saved;
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* "KEY value" in a flat-keyed file (memory.events, pids.events, cpu.stat). */
static long long
read_key(const char *path, const char *key)
{
	char	 buf[4096], *p;
	size_t	 klen = strlen(key);

	if (read_file(path, buf, sizeof buf) == -1)
		return -1;
	for (p = buf; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (strncmp(p, key, klen) == 0 && p[klen] == ' ')
			return strtoll(p + klen + 1, NULL, 10);
	return -1;
}

/* PROCLAB_SANDBOX: "rlimits" forces the fallback, "no-cgroups" namespaces alone. */
static bool
env_is(const char *what)
{
	const char *v = getenv("PROCLAB_SANDBOX");

	return v != NULL && strcmp(v, what) == 0;
}

/* glibc's fork takes locks another thread of the caller may hold: use the system call. */
static pid_t
raw_clone(unsigned long flags)
{
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
}

/* ------------------------------------------------------------ probing */

static int probe_result = -1;
static pthread_once_t probe_once = PTHREAD_ONCE_INIT;

static unsigned long
ns_flags(bool root)
{
	unsigned long f = CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS;

	return root ? f : f | CLONE_NEWUSER;
}

/* Can we make the namespaces and mount a tmpfs in them (AppArmor may say no)? */
static void
probe(void)
{
	pid_t	 pid;
	int	 st;

	probe_result = ISOLATION_RLIMITS;
	pid = raw_clone(ns_flags(geteuid() == 0));
	if (pid == -1)
		return;
	if (pid == 0) {
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1 ||
		    mount("tmpfs", "/tmp", "tmpfs", 0, "size=1m") == -1)
			_exit(1);
		_exit(0);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		probe_result = ISOLATION_NAMESPACES;
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

/* ------------------------------------------------------------ uid slots */

/* Root's own folder for the slot locks: /run, or /tmp when /run is not writable. */
static const char *
slot_dir(struct run *r)
{
	static const char *dirs[] = { SANDBOX_SLOT_DIR, SANDBOX_SLOT_DIR2 };
	struct stat st;
	size_t	 i;

	for (i = 0; i < nitems(dirs); i++) {
		if (mkdir(dirs[i], 0700) == -1 && errno != EEXIST)
			continue;
		if (lstat(dirs[i], &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == 0 &&
		    (st.st_mode & 077) == 0)
			return dirs[i];
	}
	run_error(r, errno, "mkdir %s (or %s, root's and mode 0700)", SANDBOX_SLOT_DIR,
	    SANDBOX_SLOT_DIR2);
	return NULL;
}

static void kill_uid(struct run *);

/* Takes a free slot: its uid is this run's alone while we hold the lock. */
static int
slot_take(struct run *r)
{
	const char *dir;
	char	 path[64];
	int	 i, fd, start;

	if ((dir = slot_dir(r)) == NULL)
		return -1;
	start = 0;      /* the lowest free: few lock files, few uids */
	for (i = 0; i < SANDBOX_SLOTS; i++) {
		r->slot = (start + i) % SANDBOX_SLOTS;
		snprintf(path, sizeof path, "%s/%d", dir, r->slot);
		if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
			run_error(r, errno, "open %s", path);
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			r->slot_fd = fd;
			r->uid = SANDBOX_UID_BASE + (uid_t)r->slot;
			r->gid = (gid_t)r->uid;
			kill_uid(r);    /* what a grader that crashed may have left */
			return 0;
		}
		close(fd);
	}
	r->slot = -1;
	run_error(r, 0, "no free sandbox slot in %s (%d runs at once)", dir, SANDBOX_SLOTS);
	return -1;
}

static void
slot_release(struct run *r)
{
	if (r->slot_fd != -1)
		close(r->slot_fd);     /* drops the flock */
	r->slot_fd = -1;
}

/* ------------------------------------------------------------ cgroups */

/* Our own cgroup in a hierarchy: "4:memory:/a/b" for v1 CONTROLLER, "0::/a" for v2. */
static char *
own_cgroup(const char *controller)
{
	FILE	*f;
	char	*line = NULL, *p, *q, *found = NULL;
	size_t	 size = 0;

	if ((f = fopen("/proc/self/cgroup", "re")) == NULL)
		return NULL;
	while (found == NULL && getline(&line, &size, f) != -1) {
		line[strcspn(line, "\n")] = '\0';
		if ((p = strchr(line, ':')) == NULL || (q = strchr(p + 1, ':')) == NULL)
			continue;
		*q = '\0';
		if (controller == NULL ? p[1] == '\0' && line[0] == '0' :
		    strstr(p + 1, controller) != NULL)
			found = xstrdup(q + 1);
	}
	free(line);
	fclose(f);
	return found;
}

/* Empties and removes DIR: its tasks are SIGKILLed until it can go. */
static int
cg_kill_rmdir(const char *dir)
{
	char	*path, buf[4096], *p;
	int	 try;

	xasprintf(&path, "%s/cgroup.procs", dir);
	for (try = 0; try < 100 && rmdir(dir) == -1 && errno == EBUSY; try++) {
		if (read_file(path, buf, sizeof buf) == 0)
			for (p = buf; *p != '\0'; p = strchr(p, '\n') + 1) {
				kill((pid_t)atol(p), SIGKILL);
				if (strchr(p, '\n') == NULL)
					break;
			}
		usleep(10000);
	}
	free(path);
	return try < 100 ? 0 : -1;
}

/* A cgroup of our slot but not ours was left by a grader that died: we hold the slot. */
static void
cg_remove_stale(struct run *r, const char *parent)
{
	DIR	*d;
	struct dirent *de;
	char	*path;
	int	 pid, slot, n;

	if ((d = opendir(parent)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (sscanf(de->d_name, "proclab-%d-%d%n", &pid, &slot, &n) != 2 ||
		    de->d_name[n] != '\0' || slot != r->slot || pid == (int)r->caller)
			continue;
		xasprintf(&path, "%s/%s", parent, de->d_name);
		cg_kill_rmdir(path);
		free(path);
	}
	closedir(d);
}

static char *
cg_make(struct run *r, const char *mount, const char *controller)
{
	char	*own, *path, *parent;

	if ((own = own_cgroup(controller)) == NULL)
		return NULL;
	xasprintf(&parent, "%s%s", mount, strcmp(own, "/") == 0 ? "" : own);
	free(own);
	cg_remove_stale(r, parent);
	xasprintf(&path, "%s/proclab-%d-%d", parent, (int)r->caller, r->slot);
	free(parent);
	if (mkdir(path, 0755) == -1 && errno != EEXIST) {
		free(path);
		return NULL;
	}
	return path;
}

static int
cg_set(const char *dir, const char *file, long long value)
{
	char	*path, text[32];
	int	 rc;

	xasprintf(&path, "%s/%s", dir, file);
	snprintf(text, sizeof text, "%lld", value);
	rc = write_file(path, text);
	free(path);
	return rc;
}

static long long
cg_get(const char *dir, const char *file, const char *key)
{
	char	*path, buf[64];
	long long v = -1;

	xasprintf(&path, "%s/%s", dir, file);
	if (key != NULL)
		v = read_key(path, key);
	else if (read_file(path, buf, sizeof buf) == 0)
		v = strtoll(buf, NULL, 10);
	free(path);
	return v;
}

/* v2 needs the controllers delegated to our cgroup's children; else no cgroup. */
static void
cg_setup_v2(struct run *r)
{
	const struct sandbox_limits *l = &r->spec->limits;

	if ((r->cg_pids = cg_make(r, "/sys/fs/cgroup", NULL)) == NULL)
		return;
	if ((l->processes > 0 && cg_set(r->cg_pids, "pids.max", l->processes + 1) == -1) ||
	    (l->memory_mb > 0 && cg_set(r->cg_pids, "memory.max", l->memory_mb << 20) == -1)) {
		rmdir(r->cg_pids);
		free(r->cg_pids);
		r->cg_pids = NULL;
		return;
	}
	cg_set(r->cg_pids, "memory.swap.max", 0);    /* without swap accounting: no such file */
	r->cg = CG_V2;
}

static void
cg_setup_v1(struct run *r)
{
	const struct sandbox_limits *l = &r->spec->limits;

	r->cg_pids = cg_make(r, "/sys/fs/cgroup/pids", "pids");
	r->cg_mem = cg_make(r, "/sys/fs/cgroup/memory", "memory");
	r->cg_cpu = cg_make(r, "/sys/fs/cgroup/cpuacct", "cpuacct");
	/* init counts as a task of the cgroup: one more */
	if (r->cg_pids != NULL && l->processes > 0 &&
	    cg_set(r->cg_pids, "pids.max", l->processes + 1) == -1) {
		rmdir(r->cg_pids);
		free(r->cg_pids);
		r->cg_pids = NULL;
	}
	if (r->cg_mem != NULL && l->memory_mb > 0) {
		cg_set(r->cg_mem, "memory.swappiness", 0);  /* optional, like memsw below */
		if (cg_set(r->cg_mem, "memory.limit_in_bytes", l->memory_mb << 20) == -1) {
			rmdir(r->cg_mem);
			free(r->cg_mem);
			r->cg_mem = NULL;
		} else
			cg_set(r->cg_mem, "memory.memsw.limit_in_bytes", l->memory_mb << 20);
	}
	if (r->cg_pids != NULL || r->cg_mem != NULL || r->cg_cpu != NULL)
		r->cg = CG_V1;
}

static void
cg_setup(struct run *r)
{
	if (access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0)
		cg_setup_v2(r);
	else if (access("/sys/fs/cgroup/pids", F_OK) == 0)
		cg_setup_v1(r);
}

static int
cg_enter(struct run *r, pid_t pid)
{
	const char *dirs[] = { r->cg_pids, r->cg_mem, r->cg_cpu };
	size_t	 i;
	char	*path;
	int	 rc = 0;

	for (i = 0; i < nitems(dirs); i++) {
		if (dirs[i] == NULL)
			continue;
		xasprintf(&path, "%s/cgroup.procs", dirs[i]);
		if (cg_set(dirs[i], "cgroup.procs", pid) == -1) {
			run_error(r, errno, "write %s", path);
			rc = -1;
		}
		free(path);
	}
	return rc;
}

/* CPU seconds of the whole cgroup, or -1. */
static double
cg_cpu(struct run *r)
{
	long long v;

	if (r->cg == CG_V2 && (v = cg_get(r->cg_pids, "cpu.stat", "usage_usec")) >= 0)
		return v / 1e6;
	if (r->cg == CG_V1 && r->cg_cpu != NULL &&
	    (v = cg_get(r->cg_cpu, "cpuacct.usage", NULL)) >= 0)
		return v / 1e9;
	return -1;
}

static bool
cg_oom_killed(struct run *r)
{
	if (r->cg == CG_V2)
		return cg_get(r->cg_pids, "memory.events", "oom_kill") > 0;
	if (r->cg_mem != NULL)
		return cg_get(r->cg_mem, "memory.oom_control", "oom_kill") > 0;
	return false;
}

static bool
cg_pids_hit(struct run *r)
{
	return r->cg_pids != NULL && cg_get(r->cg_pids, "pids.events", "max") > 0;
}

static bool
cg_has_pids(struct run *r)
{
	return r->cg_pids != NULL && r->spec->limits.processes > 0;
}

static bool
cg_has_mem(struct run *r)
{
	return (r->cg == CG_V2 || r->cg_mem != NULL) && r->spec->limits.memory_mb > 0;
}

/* What the result needs from the cgroups, before they are removed. */
static void
cg_final(struct run *r)
{
	r->cg_mem_limited = cg_has_mem(r);
	r->cg_pids_limited = cg_has_pids(r);
	r->cg_oom = cg_oom_killed(r);
	r->cg_pids_max = cg_pids_hit(r);
	r->cg_cpu_s = cg_cpu(r);
}

/* SIGKILLs whatever is left in each cgroup, then removes it. */
static void
cg_remove(struct run *r)
{
	char	**dirs[] = { &r->cg_pids, &r->cg_mem, &r->cg_cpu };
	size_t	 i;

	for (i = 0; i < nitems(dirs); i++) {
		if (*dirs[i] == NULL)
			continue;
		if (cg_kill_rmdir(*dirs[i]) == -1)
			run_error(r, errno, "rmdir %s", *dirs[i]);
		free(*dirs[i]);
		*dirs[i] = NULL;
	}
}

/* ------------------------------------------------------------ /proc */

struct procstat {
	pid_t	 ppid;
	pid_t	 sid;
	long	 threads;
	double	 cpu_s;         /* utime + stime + cutime + cstime */
	long	 vsize_kb;
};

static int
proc_stat(pid_t pid, struct procstat *ps)
{
	char	 path[64], buf[1024], *p;
	long long f[52];
	int	 i;
	static long hz;

	if (hz == 0)
		hz = sysconf(_SC_CLK_TCK);
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (read_file(path, buf, sizeof buf) == -1 || (p = strrchr(buf, ')')) == NULL)
		return -1;
	/* fields from 3 (state) on; f[i] is field i + 3 */
	p += 2;
	if (*p == 'Z' || *p == 'X')
		return -1;
	p++;
	for (i = 1; i < 21 && *p != '\0'; i++)
		f[i] = strtoll(p, &p, 10);
	if (i < 21)
		return -1;
	ps->ppid = (pid_t)f[1];
	ps->sid = (pid_t)f[3];
	ps->cpu_s = (double)(f[11] + f[12] + f[13] + f[14]) / hz;
	ps->threads = (long)f[17];
	ps->vsize_kb = (long)(f[20] / 1024);
	return 0;
}

static bool
same_link(pid_t pid, const char *want)
{
	char	 path[64], got[64];
	ssize_t	 n;

	snprintf(path, sizeof path, "/proc/%d/ns/pid", (int)pid);
	if ((n = readlink(path, got, sizeof got - 1)) == -1)
		return false;
	got[n] = '\0';
	return strcmp(got, want) == 0;
}

static bool
tracked(struct run *r, pid_t pid)
{
	size_t i;

	for (i = 0; i < r->ntrack; i++)
		if (r->track[i] == pid)
			return true;
	return false;
}

/*
 * Is PID one of the run's processes (init excluded)?  Namespaces: in init's PID
 * namespace.  A uid of its own: owned by it.  Otherwise: main's session, or a child of
 * a process already tracked (noted here, so it stays tracked after a setsid()).
 */
static bool
is_member(struct run *r, pid_t pid, const struct procstat *ps, const char *nslink)
{
	struct stat st;
	char	 path[64];

	if (pid == r->init)
		return false;
	if (r->ns)
		return same_link(pid, nslink);
	if (r->slot != -1) {
		snprintf(path, sizeof path, "/proc/%d", (int)pid);
		return stat(path, &st) == 0 && st.st_uid == r->uid;
	}
	if (tracked(r, pid))
		return true;
	if (ps->sid == r->init || ps->ppid == r->init ||
	    (r->main > 0 && ps->ppid == r->main) || tracked(r, ps->ppid)) {
		r->track = xreallocarray(r->track, r->ntrack + 1, sizeof *r->track);
		r->track[r->ntrack++] = pid;
		return true;
	}
	return false;
}

struct scan {
	int	 procs;         /* members (init excluded) */
	long	 tasks;         /* their threads, init included */
	double	 cpu_s;         /* members and init */
	long	 vsize_kb;      /* the largest member */
};

/* Walks /proc once; KILL: SIGKILL every member found. */
static void
scan_run(struct run *r, struct scan *sc, bool kill_them)
{
	DIR	*d;
	struct dirent *de;
	struct procstat ps;
	pid_t	 pid;

	memset(sc, 0, sizeof *sc);
	if (proc_stat(r->init, &ps) == 0) {
		sc->cpu_s += ps.cpu_s;
		sc->tasks += ps.threads;
	}
	if ((d = opendir("/proc")) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid = (pid_t)atol(de->d_name);
		if (proc_stat(pid, &ps) == -1 || !is_member(r, pid, &ps, r->nslink))
			continue;
		sc->procs++;
		sc->tasks += ps.threads;
		sc->cpu_s += ps.cpu_s;
		if (ps.vsize_kb > sc->vsize_kb)
			sc->vsize_kb = ps.vsize_kb;
		if (kill_them)
			kill(pid, SIGKILL);
	}
	closedir(d);
}

/* Tasks (threads) of our uid: RLIMIT_NPROC counts them all. */
static long
user_tasks(void)
{
	DIR	*d;
	struct dirent *de;
	struct procstat ps;
	struct stat st;
	char	 path[300];
	long	 n = 0;

	if ((d = opendir("/proc")) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof path, "/proc/%s", de->d_name);
		if (stat(path, &st) == 0 && st.st_uid == getuid() &&
		    proc_stat((pid_t)atol(de->d_name), &ps) == 0)
			n += ps.threads;
	}
	closedir(d);
	return n;
}

/* ------------------------------------------------------------ IPC objects */

static void
add_leftover(struct run *r, const char *name)
{
	char	*joined;

	/* the count is exact; the names stop at a readable few */
	if (++r->res->leftover_ipc > SANDBOX_NAMES_MAX) {
		if (r->res->leftover_ipc == SANDBOX_NAMES_MAX + 1) {
			xasprintf(&joined, "%s, ...", r->res->leftover_names);
			free(r->res->leftover_names);
			r->res->leftover_names = joined;
		}
		return;
	}
	if (r->res->leftover_names == NULL)
		r->res->leftover_names = xstrdup(name);
	else {
		xasprintf(&joined, "%s, %s", r->res->leftover_names, name);
		free(r->res->leftover_names);
		r->res->leftover_names = joined;
	}
}

static bool
was_there(struct run *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nshm_before; i++)
		if (strcmp(r->shm_before[i], name) == 0)
			return true;
	return false;
}

static void
note_before(struct run *r, const char *name)
{
	r->shm_before = xreallocarray(r->shm_before, r->nshm_before + 1, sizeof *r->shm_before);
	r->shm_before[r->nshm_before++] = xstrdup(name);
}

static void
shm_snapshot(struct run *r)
{
	DIR	*d;
	struct dirent *de;

	if ((d = opendir("/dev/shm")) == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			note_before(r, de->d_name);
	closedir(d);
}

/*
 * Fallback: what the run left in the machine's /dev/shm (POSIX shm, named semaphores)
 * and SysV IPC.  With a uid of its own, what that uid owns; otherwise what is new and
 * ours (a concurrent run of the same user could be blamed: namespaces avoid that).
 */
static void
ipc_sweep_shm(struct run *r)
{
	DIR	*d;
	struct dirent *de;
	struct stat st;
	char	*path;

	if ((d = opendir("/dev/shm")) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		xasprintf(&path, "/dev/shm/%s", de->d_name);
		if (lstat(path, &st) == 0 && (r->slot != -1 ? st.st_uid == r->uid :
		    st.st_uid == geteuid() && !was_there(r, de->d_name))) {
			add_leftover(r, path);
			if (unlink(path) == -1 && rmdir(path) == -1)
				run_error(r, errno, "unlink %s", path);
		}
		free(path);
	}
	closedir(d);
}

/* Is SysV object ID of KIND the run's?  Without a uid of its own: ours and new. */
static bool
sysv_runs(struct run *r, size_t kind, long long id, uid_t uid, bool snapshot)
{
	char	 name[64];

	snprintf(name, sizeof name, "sysv:%zu:%lld", kind, id);
	if (snapshot) {
		if (uid == getuid())
			note_before(r, name);
		return false;
	}
	return r->slot != -1 ? uid == r->uid : uid == getuid() && !was_there(r, name);
}

/* SNAPSHOT: note what is there before the run; else remove what the run left. */
static void
ipc_sweep_sysv(struct run *r, bool snapshot)
{
	/* the columns: key id perms ...; the uid is column UIDCOL (from 0) */
	static const struct { const char *file, *what; int uidcol; } kinds[] = {
		{ "/proc/sysvipc/shm", "SysV shared memory", 7 },
		{ "/proc/sysvipc/sem", "SysV semaphore set", 4 },
		{ "/proc/sysvipc/msg", "SysV message queue", 7 },
	};
	FILE	*f;
	char	*line = NULL, name[96], *p, *end;
	size_t	 size = 0, i;
	long long col[8];
	int	 n;

	for (i = 0; i < nitems(kinds); i++) {
		if ((f = fopen(kinds[i].file, "re")) == NULL)
			continue;
		while (getline(&line, &size, f) != -1) {
			for (n = 0, p = line; n <= kinds[i].uidcol; n++, p = end) {
				col[n] = strtoll(p, &end, 10);
				if (end == p)
					break;
			}
			if (n <= kinds[i].uidcol || !sysv_runs(r, i, col[1],
			    (uid_t)col[kinds[i].uidcol], snapshot))
				continue;       /* the header, or not the run's */
			snprintf(name, sizeof name, "%s key %lld", kinds[i].what, col[0]);
			add_leftover(r, name);
			if ((i == 0 ? shmctl((int)col[1], IPC_RMID, NULL) :
			    i == 1 ? semctl((int)col[1], 0, IPC_RMID) :
			    msgctl((int)col[1], IPC_RMID, NULL)) == -1)
				run_error(r, errno, "remove %s", name);
		}
		fclose(f);
	}
	free(line);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) == -1 && errno != ENOENT ? -1 : 0;
}

/* Temporary files of the run's uid at the top of /tmp and /var/tmp (not the workdir). */
static void
tmp_sweep(struct run *r)
{
	static const char *dirs[] = { "/tmp", "/var/tmp" };
	DIR	*d;
	struct dirent *de;
	struct stat st;
	char	*path;
	size_t	 i;

	if (r->slot == -1)
		return;
	for (i = 0; i < nitems(dirs); i++) {
		if ((d = opendir(dirs[i])) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			xasprintf(&path, "%s/%s", dirs[i], de->d_name);
			if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0 &&
			    lstat(path, &st) == 0 && st.st_uid == r->uid &&
			    (st.st_dev != r->workdir_st.st_dev || st.st_ino != r->workdir_st.st_ino) &&
			    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) == -1)
				run_error(r, errno, "remove %s", path);
			free(path);
		}
		closedir(d);
	}
}

/* ------------------------------------------------------------ init and main (no malloc) */

static volatile sig_atomic_t init_killing;

static void
init_on_usr1(int sig)
{
	(void)sig;
	init_killing = 1;
	kill(-1, SIGKILL);      /* PID 1 of the namespace: everyone else in it */
}

static void
msg_send(int fd, int type, int a, long b, const char *text)
{
	struct msg m;
	size_t	 n = text ? strlen(text) : 0;

	memset(&m, 0, sizeof m);
	m.type = type;
	m.a = a;
	m.b = b;
	if (n >= sizeof m.text)
		n = sizeof m.text - 1;
	if (n > 0)
		memcpy(m.text, text, n);
	while (write(fd, &m, sizeof m) == -1 && errno == EINTR)
		;
}

/* "what path" into BUF without stdio. */
static const char *
cat2(char *buf, size_t size, const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = b ? strlen(b) : 0;

	if (la + lb + 2 > size)
		lb = la + 2 < size ? size - la - 2 : 0;
	memcpy(buf, a, la);
	buf[la] = ' ';
	memcpy(buf + la + 1, b ? b : "", lb);
	buf[la + 1 + lb] = '\0';
	return buf;
}

static void __attribute__((noreturn))
child_fail_fd(int fd, const char *call, int status)
{
	msg_send(fd, MSG_ERROR, errno, 0, call);
	_exit(status);
}

static void __attribute__((noreturn))
child_fail(struct run *r, const char *call, const char *path, int status)
{
	char	 buf[200];
	int	 err = errno;

	msg_send(r->msg_wr, MSG_ERROR, err, 0, path ? cat2(buf, sizeof buf, call, path) : call);
	_exit(status);
}

/* "/proc/self/fd/N" without stdio. */
static void
fd_path(char *buf, int fd)
{
	char	 digits[16];
	int	 n = 0;

	do
		digits[n++] = (char)('0' + fd % 10);
	while ((fd /= 10) > 0);
	memcpy(buf, "/proc/self/fd/", 14);
	buf += 14;
	while (n > 0)
		*buf++ = digits[--n];
	*buf = '\0';
}

/* Closes every fd but KEEP (n of them): other runs' pipes must not stay open in us. */
static void
close_others(int *keep, int n)
{
	int	 i, j, t, lo = 0;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && keep[j - 1] > keep[j]; j--) {
			t = keep[j];
			keep[j] = keep[j - 1];
			keep[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		if (keep[i] < 0)
			continue;
		if (keep[i] > lo)
			syscall(SYS_close_range, (unsigned)lo, (unsigned)keep[i] - 1, 0u);
		lo = keep[i] + 1;
	}
	syscall(SYS_close_range, (unsigned)lo, ~0u, 0u);
}

static void
bring_up_lo(struct run *r)
{
	struct ifreq ifr;
	int	 s;

	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		child_fail(r, "socket", NULL, 126);
	memset(&ifr, 0, sizeof ifr);
	memcpy(ifr.ifr_name, "lo", 3);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == -1)
		child_fail(r, "ioctl SIOCGIFFLAGS", "lo", 126);
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) == -1)
		child_fail(r, "ioctl SIOCSIFFLAGS", "lo", 126);
	close(s);
}

/* mount_setattr(2) (Linux 5.12): glibc 2.36 has no wrapper, <linux/mount.h> clashes. */
#define MOUNT_ATTR_RDONLY_	0x00000001
#ifndef AT_RECURSIVE
#define AT_RECURSIVE		0x8000
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr	442
#endif
struct mount_attr_ {
	uint64_t	 attr_set;
	uint64_t	 attr_clr;
	uint64_t	 propagation;
	uint64_t	 userns_fd;
};

static int
mount_attr(int dirfd, const char *path, unsigned flags, uint64_t set, uint64_t clr)
{
	struct mount_attr_ a = { set, clr, 0, 0 };

	return (int)syscall(SYS_mount_setattr, dirfd, path, flags, &a, sizeof a);
}

/*
 * The namespace's file system: private mounts, all read-only but the workdir, fresh
 * /dev/shm and /tmp, hidden paths.
 */
static void
setup_mounts(struct run *r)
{
	char	 fdpath[32], *p, path[PATH_MAX];
	int	 i;
	bool	 ro_root;
	const unsigned long ro = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
		child_fail(r, "mount --make-rprivate", "/", 126);
	/* bind sources must be of our mount namespace: open them here */
	for (i = 0; i < r->nrebind; i++)
		if ((r->rebind_fd[i] = open(r->rebind[i], O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
			child_fail(r, "open", r->rebind[i], 126);
	/* the whole file system read-only: the run writes its workdir, /tmp, /dev/shm */
	ro_root = mount_attr(AT_FDCWD, "/", AT_RECURSIVE, MOUNT_ATTR_RDONLY_, 0) == 0;
	if (!ro_root && errno != ENOSYS && errno != EPERM)  /* old kernel; seccomp */
		child_fail(r, "mount_setattr (read-only)", "/", 126);
	if (access("/dev/shm", F_OK) == 0 &&
	    mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, r->shm_opts) == -1)
		child_fail(r, "mount tmpfs", "/dev/shm", 126);
	if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, r->tmp_opts) == -1)
		child_fail(r, "mount tmpfs", "/tmp", 126);
	/* the workdir (and the program) may live under /tmp: put them back */
	for (i = 0; i < r->nrebind; i++) {
		p = r->rebind[i];
		if (strlen(p) >= sizeof path)
			child_fail(r, "mount --bind (path too long)", p, 126);
		memcpy(path, p, strlen(p) + 1);
		fd_path(fdpath, r->rebind_fd[i]);
		if (mkdir_p_inplace(path, 0755) == -1)
			child_fail(r, "mkdir", p, 126);
		if (mount(fdpath, p, NULL, MS_BIND | MS_REC, NULL) == -1)
			child_fail(r, "mount --bind", p, 126);
		if (i == r->rebind_rw && ro_root &&
		    mount_attr(AT_FDCWD, p, 0, 0, MOUNT_ATTR_RDONLY_) == -1)
			child_fail(r, "mount_setattr (read-write)", p, 126);
	}
	/* a fresh /proc shows this PID namespace only; not fatal when refused */
	mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	for (i = 0; i < r->nhide; i++) {
		if (r->hide_dir[i] ? mount("tmpfs", r->hide[i], "tmpfs", ro, "size=4k,mode=0555")
		    : mount("/dev/null", r->hide[i], NULL, MS_BIND, NULL)) {
			if (errno == ENOENT)
				continue;       /* under the fresh /tmp: already gone */
			child_fail(r, "mount (hide)", r->hide[i], 126);
		}
		if (!r->hide_dir[i])
			mount(NULL, r->hide[i], NULL, MS_REMOUNT | MS_BIND | ro, NULL);
	}
}

static void
set_limit(struct run *r, int resource, const char *name, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = { soft, hard };

	if (setrlimit(resource, &rl) == -1)
		child_fail(r, "setrlimit", name, 126);
}

static void
main_limits(struct run *r)
{
	const struct sandbox_limits *l = &r->spec->limits;
	rlim_t	 s;

	set_limit(r, RLIMIT_CORE, "RLIMIT_CORE", 0, 0);
	if (l->cpu_ms > 0) {
		/* a backstop: the whole run's CPU time is polled by the caller */
		s = (rlim_t)(l->cpu_ms + 999) / 1000 + 1;
		set_limit(r, RLIMIT_CPU, "RLIMIT_CPU", s, s + 1);
	}
	if (l->memory_mb > 0) {
		/* with a memory cgroup RLIMIT_AS only catches the absurd: the cgroup is exact */
		s = (rlim_t)l->memory_mb << 20;
		if (cg_has_mem(r))
			s = s * 4 + (256u << 20);
		set_limit(r, RLIMIT_AS, "RLIMIT_AS", s, s);
	}
	if (l->open_files > 0)
		set_limit(r, RLIMIT_NOFILE, "RLIMIT_NOFILE", (rlim_t)l->open_files,
		    (rlim_t)l->open_files);
	if (l->file_size_kb > 0)
		set_limit(r, RLIMIT_FSIZE, "RLIMIT_FSIZE", (rlim_t)l->file_size_kb << 10,
		    (rlim_t)l->file_size_kb << 10);
	if (l->processes > 0) {
		/* init counts when it shares the uid (user namespace); the pids cgroup,
		 * exact and observable, must trip before this backstop.  Without a uid or a
		 * user namespace of the run's own, RLIMIT_NPROC counts all the user's tasks:
		 * those there were when the run started, plus the run's */
		s = (rlim_t)l->processes + (r->slot == -1 || cg_has_pids(r) ? 1 : 0) +
		    (rlim_t)r->user_tasks;
		set_limit(r, RLIMIT_NPROC, "RLIMIT_NPROC", s, s);
	}
}

/* Puts FD on TARGET, whatever numbers the caller's pipes got. */
static void
move_fd(struct run *r, int fd, int target)
{
	if (fd == target) {
		if (fcntl(fd, F_SETFD, 0) == -1)
			child_fail(r, "fcntl", NULL, 126);
		return;
	}
	if (dup2(fd, target) == -1)
		child_fail(r, "dup2", NULL, 126);
}

static void __attribute__((noreturn))
main_child(struct run *r)
{
	const struct sandbox_spec *s = r->spec;
	int	 fds[4], null, i;
	cpu_set_t set;

	if (setpgid(0, 0) == -1)
		child_fail(r, "setpgid", NULL, 126);
	if ((null = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1)
		child_fail(r, "open", "/dev/null", 126);
	/* above 3 first, so dup2 cannot clobber one with another */
	fds[0] = fcntl(null, F_DUPFD_CLOEXEC, 10);
	fds[1] = fcntl(r->out_wr, F_DUPFD_CLOEXEC, 10);
	fds[2] = fcntl(r->err_wr, F_DUPFD_CLOEXEC, 10);
	fds[3] = s->want_report ? fcntl(r->rep_wr, F_DUPFD_CLOEXEC, 10) : -2;
	for (i = 0; i < 4; i++) {
		if (fds[i] == -1)
			child_fail(r, "fcntl F_DUPFD", NULL, 126);
		if (fds[i] >= 0)
			move_fd(r, fds[i], i);
	}
	if (!s->want_report)
		close(3);
	if (syscall(SYS_close_range, 4u, ~0u, 4u /* CLOSE_RANGE_CLOEXEC */) == -1)
		for (i = 4; i < 1024; i++)
			if (i != r->msg_wr && i != r->workdir_fd && i != r->exe_fd)
				close(i);
	main_limits(r);
	if (r->cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(r->cpu, &set);
		if (sched_setaffinity(0, sizeof set, &set) == -1)
			child_fail(r, "sched_setaffinity", NULL, 126);
	}
	/* by name while we may (getcwd works); else the fd: its parents may be 0700 */
	if (chdir(s->workdir) == -1 && fchdir(r->workdir_fd) == -1)
		child_fail(r, "chdir", s->workdir, 126);
	if (r->slot != -1) {
		/* raw calls: glibc's set*id would try to reach the caller's other threads */
		if (syscall(SYS_setgroups, 0, NULL) == -1)
			child_fail(r, "setgroups", NULL, 126);
		if (syscall(SYS_setresgid, r->gid, r->gid, r->gid) == -1)
			child_fail(r, "setresgid", NULL, 126);
		if (syscall(SYS_setresuid, r->uid, r->uid, r->uid) == -1)
			child_fail(r, "setresuid", NULL, 126);
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		child_fail(r, "prctl PR_SET_NO_NEW_PRIVS", NULL, 126);
	execve(s->argv[0], s->argv, s->envp);
	/* the path may be out of reach for the uid (a 0700 parent): the fd is not */
	if ((errno == EACCES || errno == ENOENT) && r->exe_fd >= 0)
		syscall(SYS_execveat, r->exe_fd, "", s->argv, s->envp, AT_EMPTY_PATH);
	child_fail(r, "execve", s->argv[0], 127);
}

/* Linux dirent64, read with getdents64: readdir may allocate. */
struct linux_dirent64 {
	unsigned long long d_ino;
	long long	 d_off;
	unsigned short	 d_reclen;
	unsigned char	 d_type;
	char		 d_name[];
};

static void
init_list_dir(struct run *r, const char *dir, const char *prefix)
{
	char	 buf[4096], name[200];
	long	 n, off;
	int	 fd;
	struct linux_dirent64 *de;
	size_t	 lp = strlen(prefix), ln;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
		for (off = 0; off < n; off += de->d_reclen) {
			de = (struct linux_dirent64 *)(buf + off);
			if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
			    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
				continue;
			ln = strlen(de->d_name);
			if (lp + ln >= sizeof name)
				ln = sizeof name - lp - 1;
			memcpy(name, prefix, lp);
			memcpy(name + lp, de->d_name, ln);
			name[lp + ln] = '\0';
			msg_send(r->msg_wr, MSG_LEFTOVER, 0, 0, name);
		}
	close(fd);
}

static void
init_list_sysv(struct run *r, const char *file, const char *what)
{
	char	 buf[4096], *p, *nl, name[200];
	ssize_t	 n;
	int	 fd, line = 0;

	if ((fd = open(file, O_RDONLY | O_CLOEXEC)) == -1)
		return;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (p = buf; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
		*nl = '\0';
		while (*p == ' ')
			p++;
		if (line++ == 0 || *p == '\0')
			continue;               /* the header */
		p[strcspn(p, " ")] = '\0';      /* the key, in decimal */
		msg_send(r->msg_wr, MSG_LEFTOVER, 0, 0, cat2(name, sizeof name, what, p));
	}
}

/* In the namespaces, once everyone else is gone: what did the run leave? */
static void
init_list_ipc(struct run *r)
{
	init_list_dir(r, "/dev/shm", "/dev/shm/");
	init_list_sysv(r, "/proc/sysvipc/shm", "SysV shared memory key");
	init_list_sysv(r, "/proc/sysvipc/sem", "SysV semaphore set key");
	init_list_sysv(r, "/proc/sysvipc/msg", "SysV message queue key");
	if (mkdir("/tmp/.proclab-mqueue", 0700) == 0 &&
	    mount("mqueue", "/tmp/.proclab-mqueue", "mqueue", 0, NULL) == 0)
		init_list_dir(r, "/tmp/.proclab-mqueue", "mqueue /");
}

static void __attribute__((noreturn))
init_child(struct run *r)
{
	struct sigaction sa;
	sigset_t all;
	struct rusage ru;
	char	 c;
	int	 st, i;
	long	 maxrss = 0;
	pid_t	 pid;

	/* the caller's mask and ignored signals (SIGPIPE...) are not the run's */
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	for (i = 1; i < NSIG; i++)
		if (i != SIGKILL && i != SIGSTOP)
			sigaction(i, &sa, NULL);      /* glibc refuses its own two: fine */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
		child_fail(r, "prctl PR_SET_PDEATHSIG", NULL, 126);
	{
		int keep[] = { 0, 1, 2, r->sync_rd, r->msg_wr, r->out_wr, r->err_wr, r->rep_wr,
		    r->workdir_fd, r->exe_fd, r->rebind_fd[0], r->rebind_fd[1] };

		close_others(keep, (int)nitems(keep));
	}
	if (r->ns && r->root)
		write_file("/proc/self/oom_score_adj", "-1000");        /* the OOM killer: not us */
	/* wait until the caller put us in the cgroups and wrote the uid maps */
	while (read(r->sync_rd, &c, 1) == -1 && errno == EINTR)
		;
	close(r->sync_rd);
	if (!r->ns && getppid() != r->caller)
		_exit(126);     /* the caller died before we started */
	if (setsid() == -1)
		child_fail(r, "setsid", NULL, 126);
	if (r->ns) {
		setup_mounts(r);
		bring_up_lo(r);
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = init_on_usr1;
		if (sigaction(SIGUSR1, &sa, NULL) == -1)        /* no SA_RESTART */
			child_fail(r, "sigaction", "SIGUSR1", 126);
	} else if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		child_fail(r, "prctl PR_SET_CHILD_SUBREAPER", NULL, 126);
	/* no ptrace into init (it keeps capabilities in a user namespace) */
	if (prctl(PR_SET_DUMPABLE, 0) == -1)
		child_fail(r, "prctl PR_SET_DUMPABLE", NULL, 126);
	if ((r->main = raw_clone(0)) == -1)
		child_fail(r, "fork", NULL, 126);
	if (r->main == 0)
		main_child(r);
	close(r->out_wr);
	close(r->err_wr);
	close(r->rep_wr);
	msg_send(r->msg_wr, MSG_MAIN_PID, r->main, 0, NULL);
	/* reap main, then whatever it left behind, until nobody is left */
	for (;;) {
		pid = wait4(-1, &st, 0, &ru);
		if (pid == -1 && errno == EINTR)
			continue;
		if (pid == -1)
			break;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
		if (pid == r->main)
			msg_send(r->msg_wr, MSG_MAIN_STATUS, st, ru.ru_maxrss, NULL);
		if (init_killing)
			kill(-1, SIGKILL);
	}
	if (r->ns)
		init_list_ipc(r);
	msg_send(r->msg_wr, MSG_DONE, 0, maxrss, NULL);
	_exit(0);
}

/*
 * Message queues have no file of their own unless mqueue is mounted: mount it in a mount
 * namespace of a helper's own and remove the run uid's queues there.
 */
static void
ipc_sweep_mq(struct run *r)
{
	char	 buf[4096], name[200], slashed[190];
	struct linux_dirent64 *de;
	struct stat st;
	struct msg m;
	long	 n, off;
	int	 p[2], fd, st_;
	pid_t	 pid;

	if (r->slot == -1)
		return;
	if (pipe2(p, O_CLOEXEC) == -1) {
		run_error(r, errno, "pipe");
		return;
	}
	if ((pid = raw_clone(CLONE_NEWNS)) == -1) {
		run_error(r, errno, "clone (mqueue sweep)");
		close(p[0]);
		close(p[1]);
		return;
	}
	if (pid == 0) {
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1 ||
		    mount("mqueue", "/tmp", "mqueue", 0, NULL) == -1 ||
		    (fd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
			child_fail_fd(p[1], "mount mqueue", 1);
		while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
			for (off = 0; off < n; off += de->d_reclen) {
				de = (struct linux_dirent64 *)(buf + off);
				if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
				    st.st_uid != r->uid || !S_ISREG(st.st_mode))
					continue;
				unlinkat(fd, de->d_name, 0);
				slashed[0] = '/';
				slashed[1] = '\0';
				strncat(slashed, de->d_name, sizeof slashed - 2);
				msg_send(p[1], MSG_LEFTOVER, 0, 0,
				    cat2(name, sizeof name, "mqueue", slashed));
			}
		_exit(0);
	}
	close(p[1]);
	while (read(p[0], &m, sizeof m) == (ssize_t)sizeof m) {
		m.text[sizeof m.text - 1] = '\0';
		if (m.type == MSG_ERROR)
			run_error(r, m.a, "%s", m.text);
		else
			add_leftover(r, m.text);
	}
	close(p[0]);
	while (waitpid(pid, &st_, 0) == -1 && errno == EINTR)
		;
}

/* ------------------------------------------------------------ the caller's side */

static void
capture_init(struct capture *c, int fd, size_t cap)
{
	c->fd = fd;
	c->cap = cap;
	c->len = 0;
	c->truncated = false;
	c->buf = xmalloc(cap + 1);
	c->buf[0] = '\0';
}

/* Keeps the first CAP bytes exactly; the rest is read and dropped. */
static void
capture_read(struct run *r, struct capture *c)
{
	char	 buf[65536];
	ssize_t	 n;
	size_t	 keep;

	if ((n = read(c->fd, buf, sizeof buf)) == -1) {
		if (errno != EINTR && errno != EAGAIN)
			run_error(r, errno, "read (captured output)");
		if (errno == EINTR || errno == EAGAIN)
			return;
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
msg_read(struct run *r)
{
	struct msg m;
	ssize_t	 n;

	if ((n = read(r->msg_rd, &m, sizeof m)) == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n != (ssize_t)sizeof m) {
		close(r->msg_rd);
		r->msg_rd = -1;
		return;
	}
	m.text[sizeof m.text - 1] = '\0';
	switch (m.type) {
	case MSG_MAIN_PID:
		r->main = m.a;
		break;
	case MSG_MAIN_STATUS:
		r->main_done = true;
		r->main_status = m.a;
		if (m.b > r->maxrss_kb)
			r->maxrss_kb = m.b;
		now(&r->t_main);
		break;
	case MSG_ERROR:
		run_error(r, m.a, "%s", m.text);
		break;
	case MSG_LEFTOVER:
		add_leftover(r, m.text);
		break;
	case MSG_DONE:
		if (m.b > r->maxrss_kb)
			r->maxrss_kb = m.b;
		break;
	}
}

/* Root without namespaces: a process with the run's uid kills every process of it. */
static void
kill_uid(struct run *r)
{
	pid_t	 pid;
	int	 st;

	if ((pid = raw_clone(0)) == -1) {
		run_error(r, errno, "fork (killer)");
		return;
	}
	if (pid == 0) {
		if (syscall(SYS_setgroups, 0, NULL) == -1 ||
		    syscall(SYS_setresgid, r->gid, r->gid, r->gid) == -1 ||
		    syscall(SYS_setresuid, r->uid, r->uid, r->uid) == -1)
			_exit(1);
		kill(-1, SIGKILL);
		_exit(0);
	}
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
}

static void
kill_all(struct run *r)
{
	struct scan sc;

	if (r->ns)
		kill(r->init, SIGUSR1);
	else {
		if (r->slot != -1)
			kill_uid(r);
		if (r->main > 0)
			kill(-r->main, SIGKILL);
		scan_run(r, &sc, true);
	}
	if (!r->killing)
		now(&r->t_kill);
	r->killing = true;
}

/* One tick: CPU, memory, processes of the run; limits. */
static void
sample(struct run *r)
{
	const struct sandbox_limits *l = &r->spec->limits;
	struct timespec t;
	struct scan sc;
	double	 cpu;

	now(&t);
	memset(&sc, 0, sizeof sc);
	cpu = cg_cpu(r);
	/* /proc is walked only for what no cgroup tells */
	if (cpu < 0 || (l->processes > 0 && !cg_has_pids(r)) ||
	    (l->memory_mb > 0 && !cg_has_mem(r)))
		scan_run(r, &sc, false);
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
		kill_all(r);
	} else if (l->wall_ms > 0 && elapsed(&r->t0, &t) * 1000 >= l->wall_ms) {
		r->hit = SANDBOX_WALL_LIMIT;
		kill_all(r);
	}
}

/* main is gone: count who stayed, then kill them. */
static void
main_ended(struct run *r)
{
	struct scan sc;

	scan_run(r, &sc, false);
	if (sc.procs > 0) {
		/* A process killed a moment ago (a harness tidying up its own helpers)
		 * takes a little while to die: count only who is still there. */
		struct timespec settle = { 0, 50 * 1000 * 1000 };

		nanosleep(&settle, NULL);
		scan_run(r, &sc, false);
	}
	r->res->leftover_processes = sc.procs;
	kill_all(r);
}

static bool
reap_init(struct run *r, int flags)
{
	int	 st;
	pid_t	 pid;

	if (r->init_done)
		return true;
	if ((pid = wait4(r->init, &st, flags, &r->init_ru)) == -1 && errno != EINTR) {
		run_error(r, errno, "waitpid (sandbox init)");
		r->init_done = true;
	} else if (pid == r->init) {
		r->init_done = true;
		now(&r->t_init);
	}
	return r->init_done;
}

/*
 * init ended before main.  Only the fallback without a uid of its own allows that (the
 * run may signal init): main, now our child (we are a subreaper then), goes on.
 */
static void
init_gone(struct run *r)
{
	int	 st;

	if (r->ns || r->slot != -1 || r->main <= 0) {
		run_error(r, 0, "the sandbox's init ended before the program");
		kill_all(r);
		return;
	}
	if (waitpid(r->main, &st, WNOHANG) == r->main) {
		r->main_done = true;
		r->main_status = st;
		now(&r->t_main);
	}
}

static void
monitor(struct run *r)
{
	struct pollfd pfd[4];
	struct capture *cap[3] = { &r->out, &r->err, &r->rep };
	struct timespec t, last;
	int	 i, n, tick = 0;

	now(&r->t0);
	last = r->t0;
	for (;;) {
		n = 0;
		for (i = 0; i < 3; i++)
			if (cap[i]->fd != -1)
				pfd[n++] = (struct pollfd){ cap[i]->fd, POLLIN, 0 };
		if (r->msg_rd != -1)
			pfd[n++] = (struct pollfd){ r->msg_rd, POLLIN, 0 };
		if (poll(pfd, n, SANDBOX_TICK_MS) == -1 && errno != EINTR) {
			run_error(r, errno, "poll");
			kill_all(r);
		}
		for (i = 0; i < n; i++)
			if (pfd[i].revents != 0) {
				if (pfd[i].fd == r->msg_rd)
					msg_read(r);
				else
					capture_read(r, pfd[i].fd == r->out.fd ? &r->out :
					    pfd[i].fd == r->err.fd ? &r->err : &r->rep);
			}
		now(&t);
		if (!r->killing && elapsed(&last, &t) * 1000 >= SANDBOX_TICK_MS) {
			last = t;
			sample(r);
		}
		if (r->main_done && !r->killing)
			main_ended(r);
		else if (r->killing && ++tick % 5 == 0 && !r->init_done)
			kill_all(r);    /* again: a fork may have raced the last round */
		if (r->msg_rd == -1 && !r->main_done && !r->killing)
			init_gone(r);
		if (r->killing && !r->init_done &&
		    elapsed(&r->t_kill, &t) * 1000 > SANDBOX_KILL_GRACE_MS)
			kill(r->init, SIGKILL);
		if (reap_init(r, WNOHANG) && (r->msg_rd == -1 && r->out.fd == -1 &&
		    r->err.fd == -1 && r->rep.fd == -1))
			break;
		if (r->init_done && (r->main_done || r->killing) &&
		    elapsed(&r->t_init, &t) * 1000 > SANDBOX_DRAIN_MS)
			break;  /* some escaped writer holds a pipe: stop listening */
	}
}

/* ------------------------------------------------------------ preparing a run */

static int
make_pipe(struct run *r, int *rd, int *wr)
{
	int	 p[2];

	if (pipe2(p, O_CLOEXEC) == -1) {
		run_error(r, errno, "pipe");
		return -1;
	}
	*rd = p[0];
	*wr = p[1];
	return 0;
}

static bool
under_tmp(const char *path)
{
	return strncmp(path, "/tmp/", 5) == 0;
}

static int
rebind(struct run *r, const char *path)
{
	r->rebind[r->nrebind++] = xstrdup(path);
	return 0;
}

static int
prepare_paths(struct run *r)
{
	const struct sandbox_spec *s = r->spec;
	const char *const *h;
	struct stat st;
	char	*dir, *slash;

	if ((r->workdir_fd = open(s->workdir, O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1) {
		run_error(r, errno, "open %s", s->workdir);
		return -1;
	}
	if (fstat(r->workdir_fd, &r->workdir_st) == -1) {
		run_error(r, errno, "stat %s", s->workdir);
		return -1;
	}
	if ((r->exe_fd = open(s->argv[0], O_PATH | O_CLOEXEC)) == -1) {
		run_error(r, errno, "open %s", s->argv[0]);
		return -1;
	}
	dir = xstrdup(s->argv[0]);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	/* the shorter first: one may hold the other */
	if (r->ns && under_tmp(dir) && strcmp(dir, s->workdir) != 0 &&
	    strlen(dir) < strlen(s->workdir) && rebind(r, dir) == -1)
		goto out_free;
	/* the workdir is bound on itself, to be the one writable place */
	r->rebind_rw = r->nrebind;
	if (r->ns && rebind(r, s->workdir) == -1)
		goto out_free;
	if (r->ns && under_tmp(dir) && strcmp(dir, s->workdir) != 0 &&
	    strlen(dir) >= strlen(s->workdir) && rebind(r, dir) == -1)
		goto out_free;
	free(dir);
	for (h = s->hide; h != NULL && *h != NULL; h++) {
		if (stat(*h, &st) == -1)
			continue;       /* nothing to hide */
		r->hide = xreallocarray(r->hide, r->nhide + 1, sizeof *r->hide);
		r->hide_dir = xreallocarray(r->hide_dir, r->nhide + 1, sizeof *r->hide_dir);
		r->hide[r->nhide] = xstrdup(*h);
		r->hide_dir[r->nhide++] = S_ISDIR(st.st_mode);
	}
	return 0;
out_free:
	free(dir);
	return -1;
}

/* The run's uid must write its workdir. */
static int
prepare_owner(struct run *r)
{
	if (r->slot == -1)
		return 0;
	if (fchownat(r->workdir_fd, "", r->uid, r->gid, AT_EMPTY_PATH) == -1) {
		run_error(r, errno, "chown %s", r->spec->workdir);
		return -1;
	}
	r->chowned = true;
	return 0;
}

static void
prepare_cpu(struct run *r)
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

/* User namespace: the same uid and gid inside, so nobody is root in there after exec. */
static int
write_maps(struct run *r)
{
	char	 path[64], line[64];

	snprintf(path, sizeof path, "/proc/%d/uid_map", (int)r->init);
	snprintf(line, sizeof line, "%u %u 1", (unsigned)getuid(), (unsigned)getuid());
	if (write_file(path, line) == -1) {
		run_error(r, errno, "write %s", path);
		return -1;
	}
	snprintf(path, sizeof path, "/proc/%d/setgroups", (int)r->init);
	if (write_file(path, "deny") == -1 && errno != ENOENT) {
		run_error(r, errno, "write %s", path);
		return -1;
	}
	snprintf(path, sizeof path, "/proc/%d/gid_map", (int)r->init);
	snprintf(line, sizeof line, "%u %u 1", (unsigned)getgid(), (unsigned)getgid());
	if (write_file(path, line) == -1) {
		run_error(r, errno, "write %s", path);
		return -1;
	}
	return 0;
}

static int
read_nslink(struct run *r)
{
	char	 path[64];
	ssize_t	 n;

	snprintf(path, sizeof path, "/proc/%d/ns/pid", (int)r->init);
	if ((n = readlink(path, r->nslink, sizeof r->nslink - 1)) == -1) {
		run_error(r, errno, "readlink %s", path);
		return -1;
	}
	r->nslink[n] = '\0';
	return 0;
}

static int
start(struct run *r)
{
	const struct sandbox_limits *l = &r->spec->limits;
	long	 mb = l->memory_mb > 0 ? l->memory_mb : SANDBOX_TMPFS_MB;

	snprintf(r->shm_opts, sizeof r->shm_opts, "size=%ldm,mode=1777", mb);
	snprintf(r->tmp_opts, sizeof r->tmp_opts, "size=%ldm,mode=1777", mb);
	if (make_pipe(r, &r->sync_rd, &r->sync_wr) == -1 ||
	    make_pipe(r, &r->msg_rd, &r->msg_wr) == -1 ||
	    make_pipe(r, &r->out.fd, &r->out_wr) == -1 ||
	    make_pipe(r, &r->err.fd, &r->err_wr) == -1 ||
	    make_pipe(r, &r->rep.fd, &r->rep_wr) == -1)
		return -1;
	if ((r->init = raw_clone(r->ns ? ns_flags(r->root) : 0)) == -1) {
		run_error(r, errno, "clone");
		return -1;
	}
	if (r->init == 0)
		init_child(r);
	close(r->sync_rd);
	r->sync_rd = -1;
	/* now, while init is dumpable: it is not once it runs */
	if (r->ns && read_nslink(r) == -1) {
		kill(r->init, SIGKILL);
		reap_init(r, 0);
		return -1;
	}
	if ((!r->ns || r->root || write_maps(r) == 0) && cg_enter(r, r->init) == 0) {
		close(r->sync_wr);      /* go */
		r->sync_wr = -1;
	} else {
		kill(r->init, SIGKILL);
		reap_init(r, 0);
		return -1;
	}
	/* our copies of the run's ends; EOF comes when the run's last writer is gone */
	close(r->msg_wr);
	close(r->out_wr);
	close(r->err_wr);
	close(r->rep_wr);
	r->msg_wr = r->out_wr = r->err_wr = r->rep_wr = -1;
	return 0;
}

/* ------------------------------------------------------------ the result */

static void
finish(struct run *r)
{
	const struct sandbox_limits *l = &r->spec->limits;
	struct sandbox_result *res = r->res;
	double	 cpu, ru_cpu, slack;
	bool	 clean, nproc_hit, near;

	ru_cpu = r->init_ru.ru_utime.tv_sec + r->init_ru.ru_utime.tv_usec / 1e6 +
	    r->init_ru.ru_stime.tv_sec + r->init_ru.ru_stime.tv_usec / 1e6;
	if ((cpu = r->cg_cpu_s) < 0)
		cpu = ru_cpu;
	res->cpu_s = cpu > r->cpu_s ? cpu : r->cpu_s;
	res->wall_s = elapsed(&r->t0, r->main_done ? &r->t_main : r->killing ? &r->t_kill :
	    &r->t_init);
	if (r->init_ru.ru_maxrss > r->maxrss_kb)
		r->maxrss_kb = r->init_ru.ru_maxrss;

	/* the peak counts init; a shared uid's RLIMIT_NPROC counts tasks we cannot see too */
	nproc_hit = r->cg_pids_limited ? r->cg_pids_max :
	    r->peak_tasks >= l->processes + (r->ns || r->slot != -1 ? 1 : 0);
	clean = r->main_done && WIFEXITED(r->main_status) && WEXITSTATUS(r->main_status) == 0;
	/* no memory cgroup: a process that had (nearly) all its memory resident, or a main
	 * killed by a signal after its address space neared RLIMIT_AS (threads' arenas make
	 * the address space alone weak evidence) */
	slack = l->memory_mb > 64 ? l->memory_mb / 8.0 : 8;
	near = r->maxrss_kb >= (l->memory_mb - slack) * 1024 ||
	    (r->main_done && WIFSIGNALED(r->main_status) &&
	    r->peak_vsize_kb >= (l->memory_mb - slack) * 1024);
	if (res->internal_error[0] != '\0')
		res->outcome = SANDBOX_INTERNAL;
	else if (!clean && l->memory_mb > 0 && (r->cg_oom || (!r->cg_mem_limited && near)))
		res->outcome = SANDBOX_MEMORY_LIMIT;
	else if (!clean && l->processes > 0 && nproc_hit)
		res->outcome = SANDBOX_PROCESS_LIMIT;
	else if (r->hit != SANDBOX_EXITED && r->hit != SANDBOX_SIGNALED)
		res->outcome = r->hit;
	else if (r->main_done && WIFSIGNALED(r->main_status) &&
	    WTERMSIG(r->main_status) == SIGXCPU)
		res->outcome = SANDBOX_CPU_LIMIT;
	else if (r->main_done && WIFEXITED(r->main_status)) {
		res->outcome = SANDBOX_EXITED;
		res->exit_status = WEXITSTATUS(r->main_status);
	} else if (r->main_done && WIFSIGNALED(r->main_status)) {
		res->outcome = SANDBOX_SIGNALED;
		res->term_signal = WTERMSIG(r->main_status);
	} else {
		/* init died under us before main ended (killed by the run, fallback) */
		res->outcome = SANDBOX_SIGNALED;
		res->term_signal = SIGKILL;
	}
	if (!r->main_done)
		res->leftover_processes = 0;

	res->out = r->out.buf;
	res->out_len = r->out.len;
	res->out_truncated = r->out.truncated;
	res->err = r->err.buf;
	res->err_len = r->err.len;
	res->err_truncated = r->err.truncated;
	if (r->spec->want_report)
		res->report = r->rep.buf;
	else
		free(r->rep.buf);
	r->out.buf = r->err.buf = r->rep.buf = NULL;
}

static void
close_fd(int *fd)
{
	if (*fd != -1)
		close(*fd);
	*fd = -1;
}

/* Nobody of the run may survive us; then the IPC objects and files it left. */
static void
cleanup(struct run *r)
{
	struct scan sc;
	int	 i;

	if (r->init > 0 && !r->init_done) {
		kill_all(r);
		kill(r->init, SIGKILL);
		reap_init(r, 0);
	}
	if (r->init > 0 && !r->ns) {
		for (i = 0; i < 100; i++) {
			scan_run(r, &sc, true);
			if (r->slot != -1)
				kill_uid(r);
			if (sc.procs == 0)
				break;
			usleep(10000);
		}
		/* with init gone early, its orphans came to us (the subreaper) */
		for (i = 0; i < (int)r->ntrack; i++)
			waitpid(r->track[i], NULL, WNOHANG);
		if (r->main > 0)
			waitpid(r->main, NULL, WNOHANG);
	}
	if (r->chowned && fchownat(r->workdir_fd, "", r->workdir_st.st_uid,
	    r->workdir_st.st_gid, AT_EMPTY_PATH) == -1)
		run_error(r, errno, "chown %s", r->spec->workdir);
	if (r->init > 0 && !r->ns) {
		ipc_sweep_shm(r);
		ipc_sweep_sysv(r, false);
		ipc_sweep_mq(r);
		tmp_sweep(r);
	}
	cg_final(r);
	cg_remove(r);
	slot_release(r);
	close_fd(&r->sync_rd);
	close_fd(&r->sync_wr);
	close_fd(&r->msg_rd);
	close_fd(&r->msg_wr);
	close_fd(&r->out.fd);
	close_fd(&r->err.fd);
	close_fd(&r->rep.fd);
	close_fd(&r->out_wr);
	close_fd(&r->err_wr);
	close_fd(&r->rep_wr);
	close_fd(&r->workdir_fd);
	close_fd(&r->exe_fd);
	close_fd(&r->rebind_fd[0]);
	close_fd(&r->rebind_fd[1]);
}

static void
run_free(struct run *r)
{
	size_t	 i;

	for (i = 0; i < (size_t)r->nrebind; i++)
		free(r->rebind[i]);
	for (i = 0; i < (size_t)r->nhide; i++)
		free(r->hide[i]);
	free(r->hide);
	free(r->hide_dir);
	free(r->track);
	for (i = 0; i < r->nshm_before; i++)
		free(r->shm_before[i]);
	free(r->shm_before);
	free(r->out.buf);
	free(r->err.buf);
	free(r->rep.buf);
}

static int
check_spec(struct run *r)
{
	const struct sandbox_spec *s = r->spec;

	if (s->argv == NULL || s->argv[0] == NULL || s->argv[0][0] != '/') {
		run_error(r, 0, "sandbox: argv[0] must be an absolute path");
		return -1;
	}
	if (s->workdir == NULL) {
		run_error(r, 0, "sandbox: no workdir");
		return -1;
	}
	return 0;
}

/*
 * Runs SPEC->argv under the limits; fills RES (free it with sandbox_result_free).
 * Returns 0 when the run happened, whatever its outcome; -1 when the outcome is
 * SANDBOX_INTERNAL (internal_error says why: "CALL PATH: strerror").
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
	struct run r;
	static char *const empty_env[] = { "PATH=/usr/bin:/bin", NULL };
	struct sandbox_spec s = *spec;
	size_t	 outcap = spec->limits.output_bytes;

	memset(res, 0, sizeof *res);
	memset(&r, 0, sizeof r);
	if (s.envp == NULL)
		s.envp = empty_env;
	r.spec = &s;
	r.res = res;
	r.slot = -1;
	r.slot_fd = r.workdir_fd = r.exe_fd = -1;
	r.sync_rd = r.sync_wr = r.msg_rd = r.msg_wr = -1;
	r.out_wr = r.err_wr = r.rep_wr = -1;
	r.out.fd = r.err.fd = r.rep.fd = -1;
	r.rebind_fd[0] = r.rebind_fd[1] = -1;
	now(&r.t0);
	r.t_main = r.t_kill = r.t_init = r.t0;
	if (outcap > SANDBOX_OUTPUT_MAX)
		outcap = SANDBOX_OUTPUT_MAX;
	r.hit = SANDBOX_EXITED;
	r.cg_cpu_s = -1;
	r.caller = getpid();
	r.root = geteuid() == 0;
	r.ns = sandbox_probe() == ISOLATION_NAMESPACES;
	res->isolation = r.ns ? ISOLATION_NAMESPACES : ISOLATION_RLIMITS;
	capture_init(&r.out, -1, outcap);
	capture_init(&r.err, -1, outcap);
	capture_init(&r.rep, -1, SANDBOX_REPORT_MAX);

	if (check_spec(&r) == -1)
		goto out_free;
	if (r.root && slot_take(&r) == -1)
		goto out_free;
	/* the fallback is limits alone: no cgroup; PROCLAB_SANDBOX=no-cgroups tests (and
	 * gives) what a machine without usable cgroups has */
	if (r.root && r.ns && !env_is("no-cgroups"))
		cg_setup(&r);
	if (!r.root && !r.ns) {
		/* orphans come back to us if the run kills init */
		if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1) {
			run_error(&r, errno, "prctl PR_SET_CHILD_SUBREAPER");
			goto out_cleanup;
		}
		shm_snapshot(&r);
		ipc_sweep_sysv(&r, true);
		r.user_tasks = user_tasks();
	}
	prepare_cpu(&r);
	if (prepare_paths(&r) == -1 || prepare_owner(&r) == -1)
		goto out_cleanup;
	if (start(&r) == -1)
		goto out_cleanup;
	monitor(&r);
out_cleanup:
	cleanup(&r);
	finish(&r);
out_free:
	if (res->internal_error[0] != '\0') {
		res->outcome = SANDBOX_INTERNAL;
		if (res->out == NULL) {
			res->out = r.out.buf;
			res->err = r.err.buf;
			r.out.buf = r.err.buf = NULL;
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
	res->out = res->err = res->report = res->leftover_names = NULL;
}
