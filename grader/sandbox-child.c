/* SPDX-License-Identifier: MIT */
/*
 * sandbox-child.c: the child side, everything that runs in a raw clone child between
 * clone and execve (or _exit): init, main, and the small helpers of the probe, the uid
 * killer and the message queue sweep.
 *
 * NO MALLOC IN THIS FILE.  The caller may have threads and we clone with the raw system
 * call (glibc's fork bookkeeping skipped), so malloc, stdio, readdir and glibc's set*id
 * broadcast are off limits here: plain system calls on the context's fields only (the
 * child's copy of them), fixed buffers on the stack, and only functions of this file (or
 * fsutil.c's mkdir_p_inplace, which allocates nothing).  Errors go to the caller as one
 * message on a pipe (child_fail); the caller turns it into the result's cause.
 */
#include "sandbox-int.h"
#include "sandbox-linux.h"

#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <net/if.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

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
	struct sb_msg m;
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

/* The one way a child fails: "CALL PATH" and errno to the caller on FD, then _exit. */
static void ATTR_NORETURN
child_fail(int fd, const char *call, const char *path, int status)
{
	char	 buf[200];
	int	 err = errno;

	msg_send(fd, MSG_ERROR, err, 0, path ? cat2(buf, sizeof buf, call, path) : call);
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

/* The uid and gid, with raw calls: glibc's set*id would try to reach the caller's other
 * threads.  NULL, or the call that failed. */
static const char *
become(uid_t uid, gid_t gid)
{
	if (syscall(SYS_setgroups, 0, NULL) == -1)
		return "setgroups";
	if (syscall(SYS_setresgid, gid, gid, gid) == -1)
		return "setresgid";
	if (syscall(SYS_setresuid, uid, uid, uid) == -1)
		return "setresuid";
	return NULL;
}

static int
make_private(void)
{
	return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
}

/* Calls EACH on every entry of the folder FD but "." and "..", read with getdents64. */
static void
each_entry(int fd, void (*each)(int, const char *, const void *), const void *arg)
{
	char	 buf[4096];
	long	 n, off;
	struct linux_dirent64 *de;

	while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
		for (off = 0; off < n; off += de->d_reclen) {
			de = (struct linux_dirent64 *)(buf + off);
			if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
			    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
				continue;
			each(fd, de->d_name, arg);
		}
}

/* ------------------------------------------------------------ init's file system */

static void
bring_up_lo(struct sb_run *r)
{
	struct ifreq ifr;
	int	 s;

	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		child_fail(r->p.msg_wr, "socket", NULL, 126);
	memset(&ifr, 0, sizeof ifr);
	memcpy(ifr.ifr_name, "lo", 3);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == -1)
		child_fail(r->p.msg_wr, "ioctl SIOCGIFFLAGS", "lo", 126);
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) == -1)
		child_fail(r->p.msg_wr, "ioctl SIOCSIFFLAGS", "lo", 126);
	close(s);
}

static int
mount_attr(int dirfd, const char *path, unsigned flags, uint64_t set, uint64_t clr)
{
	struct mount_attr_ a = { set, clr, 0, 0 };

	return (int)syscall(SYS_mount_setattr, dirfd, path, flags, &a, sizeof a);
}

/* Where the run's root is built before it becomes "/": a tmpfs over the old /tmp. */
#define NEW_ROOT	"/tmp"

static const char *const root_devices[] = {
	"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", NULL
};
static const char *const root_dev_links[][2] = {
	{ "/dev/fd", "/proc/self/fd" }, { "/dev/stdin", "/proc/self/fd/0" },
	{ "/dev/stdout", "/proc/self/fd/1" }, { "/dev/stderr", "/proc/self/fd/2" },
};

/* NEW_ROOT followed by PATH into BUF (PATH_MAX), or the child fails. */
static char *
in_root(struct sb_run *r, char *buf, const char *path)
{
	size_t nr = strlen(NEW_ROOT), np = strlen(path);

	if (nr + np + 1 > PATH_MAX)
		child_fail(r->p.msg_wr, "mount (path too long)", path, 126);
	memcpy(buf, NEW_ROOT, nr);
	memcpy(buf + nr, path, np + 1);
	return buf;
}

/* Read-only, recursively where mount_setattr works (Linux 5.12), else the top mount. */
static void
make_readonly(struct sb_run *r, const char *path)
{
	if (mount_attr(AT_FDCWD, path, AT_RECURSIVE, MOUNT_ATTR_RDONLY_, 0) == 0)
		return;
	if (mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID, NULL) == -1)
		child_fail(r->p.msg_wr, "mount (read-only)", path, 126);
}

/* SRC (of the old root) bound at the same PATH of the new one; a symlink is copied, a
 * missing path skipped. A file gets a file to mount on. */
static void
bind_into_root(struct sb_run *r, const char *path, bool readonly)
{
	char dst[PATH_MAX], target[PATH_MAX];
	struct stat st;
	ssize_t n;
	int fd;

	if (lstat(path, &st) == -1)
		return;
	in_root(r, dst, path);
	if (S_ISLNK(st.st_mode)) {
		if ((n = readlink(path, target, sizeof target - 1)) < 0)
			child_fail(r->p.msg_wr, "readlink", path, 126);
		target[n] = '\0';
		if (symlink(target, dst) == -1 && errno != EEXIST)
			child_fail(r->p.msg_wr, "symlink", dst, 126);
		return;
	}
	if (S_ISDIR(st.st_mode) ? mkdir_p_inplace(dst, 0755) == -1 :
	    (fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) == -1 || close(fd) == -1)
		child_fail(r->p.msg_wr, "mkdir", dst, 126);
	if (mount(path, dst, NULL, MS_BIND | MS_REC, NULL) == -1)
		child_fail(r->p.msg_wr, "mount --bind", path, 126);
	if (readonly)
		make_readonly(r, dst);
}

/* The workdir (writable, or a fresh tmpfs for a private one) and the program's folder
 * (read-only), from the fds opened in the old root. */
static void
mount_rebinds(struct sb_run *r)
{
	char	 fdpath[32], path[PATH_MAX];

	for (int i = 0; i < r->ns.nrebind; i++) {
		in_root(r, path, r->ns.rebind[i]);
		fd_path(fdpath, r->ns.rebind_fd[i]);
		if (mkdir_p_inplace(path, 0755) == -1)
			child_fail(r->p.msg_wr, "mkdir", path, 126);
		if (i == r->ns.rebind_rw && r->spec->private_workdir) {
			/* nothing of it comes back: a fresh tmpfs of the disk limit */
			if (mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, r->ns.work_opts) == -1)
				child_fail(r->p.msg_wr, "mount tmpfs", path, 126);
			continue;
		}
		if (mount(fdpath, path, NULL, MS_BIND | MS_REC, NULL) == -1)
			child_fail(r->p.msg_wr, "mount --bind", r->ns.rebind[i], 126);
		if (i != r->ns.rebind_rw)
			make_readonly(r, path);
	}
}

/* An empty read-only tmpfs on a hidden folder, /dev/null on a hidden file (in the new
 * root, where most are not to be found at all). */
static void
mount_hides(struct sb_run *r)
{
	const unsigned long ro = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	int	 i;

	for (i = 0; i < r->ns.nhide; i++) {
		if (r->ns.hide_dir[i] ?
		    mount("tmpfs", r->ns.hide[i], "tmpfs", ro, "size=4k,mode=0555") :
		    mount("/dev/null", r->ns.hide[i], NULL, MS_BIND, NULL)) {
			if (errno == ENOENT)
				continue;       /* not in the run's root: already gone */
			child_fail(r->p.msg_wr, "mount (hide)", r->ns.hide[i], 126);
		}
		if (!r->ns.hide_dir[i])
			mount(NULL, r->ns.hide[i], NULL, MS_REMOUNT | MS_BIND | ro, NULL);
	}
}

/* /dev: a few devices, the fd links, a fresh /dev/shm. */
static void
build_dev(struct sb_run *r)
{
	char path[PATH_MAX];

	if (mkdir(in_root(r, path, "/dev"), 0755) == -1 ||
	    mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,mode=0755") == -1)
		child_fail(r->p.msg_wr, "mount tmpfs", path, 126);
	for (int i = 0; root_devices[i] != NULL; i++)
		bind_into_root(r, root_devices[i], false);
	for (size_t i = 0; i < sizeof root_dev_links / sizeof root_dev_links[0]; i++)
		if (symlink(root_dev_links[i][1], in_root(r, path, root_dev_links[i][0])) == -1)
			child_fail(r->p.msg_wr, "symlink", path, 126);
	if (mkdir(in_root(r, path, "/dev/shm"), 01777) == -1 ||
	    mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, r->ns.shm_opts) == -1)
		child_fail(r->p.msg_wr, "mount tmpfs", path, 126);
}

/*
 * The namespace's file system: a root of the run's own (a tmpfs) holding the system's
 * folders read-only, a few devices, fresh /proc, /tmp and /dev/shm, the workdir and the
 * program's folder; nothing else of the machine (no home, /run, /var, sockets, other
 * checkouts). pivot_root makes it "/" and the old root is let go.
 */
static void
setup_mounts(struct sb_run *r)
{
	char	 path[PATH_MAX];
	int	 i;

	if (make_private() == -1)
		child_fail(r->p.msg_wr, "mount --make-rprivate", "/", 126);
	/* bind sources must be of our mount namespace: open them here */
	for (i = 0; i < r->ns.nrebind; i++)
		if ((r->ns.rebind_fd[i] = open(r->ns.rebind[i],
		    O_PATH | O_DIRECTORY | O_CLOEXEC)) == -1)
			child_fail(r->p.msg_wr, "open", r->ns.rebind[i], 126);
	if (mount("tmpfs", NEW_ROOT, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755") == -1)
		child_fail(r->p.msg_wr, "mount tmpfs", NEW_ROOT, 126);
	for (i = 0; sb_system_dirs[i] != NULL; i++)
		bind_into_root(r, sb_system_dirs[i], true);
	build_dev(r);
	if (mkdir(in_root(r, path, "/tmp"), 01777) == -1 ||
	    mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, r->ns.tmp_opts) == -1)
		child_fail(r->p.msg_wr, "mount tmpfs", path, 126);
	/* the IPC namespace's message queues as files: Landlock grants mq_open through it,
	 * init lists what is left in it; not fatal when refused */
	if (mkdir(in_root(r, path, SB_MQUEUE_DIR), 0700) == 0)
		mount("mqueue", path, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
	mount_rebinds(r);
	/* a fresh /proc shows this PID namespace only */
	if (mkdir(in_root(r, path, "/proc"), 0555) == -1 ||
	    mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == -1)
		child_fail(r->p.msg_wr, "mount proc", path, 126);
	if (chdir(NEW_ROOT) == -1 || syscall(SYS_pivot_root, ".", ".") == -1)
		child_fail(r->p.msg_wr, "pivot_root", NEW_ROOT, 126);
	if (umount2(".", MNT_DETACH) == -1 || chdir("/") == -1)
		child_fail(r->p.msg_wr, "umount (the old root)", "/", 126);
	/* the root's own tmpfs (its mount points), not what is mounted on it */
	if (mount_attr(AT_FDCWD, "/", 0, MOUNT_ATTR_RDONLY_, 0) == -1 &&
	    mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID, NULL) == -1)
		child_fail(r->p.msg_wr, "mount (read-only)", "/", 126);
	mount_hides(r);
}

/* ------------------------------------------------------------ main */

static void
set_limit(struct sb_run *r, int resource, const char *name, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = { soft, hard };

	if (setrlimit(resource, &rl) == -1)
		child_fail(r->p.msg_wr, "setrlimit", name, 126);
}

static void
main_limits(struct sb_run *r)
{
	const struct sandbox_limits *l = &r->spec->limits;
	rlim_t	 s;

	set_limit(r, RLIMIT_CORE, "RLIMIT_CORE", 0, 0);
	if (l->cpu_ms > 0) {
		/* a backstop: the whole run's CPU time is polled by the caller */
		s = (rlim_t)(l->cpu_ms + 999) / 1000 + 1;
		set_limit(r, RLIMIT_CPU, "RLIMIT_CPU", s, s + 1);
	}
	if (l->memory_mb > 0 && !l->resident_only) {
		/* with a memory cgroup RLIMIT_AS only catches the absurd: the cgroup is exact */
		s = (rlim_t)l->memory_mb << 20;
		if (r->cg.mem_on)
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
		s = (rlim_t)l->processes + (r->uid.slot == -1 || r->cg.pids_on ? 1 : 0) +
		    (rlim_t)r->track.user_tasks;
		set_limit(r, RLIMIT_NPROC, "RLIMIT_NPROC", s, s);
	}
}

/* Puts FD on TARGET, whatever numbers the caller's pipes got. */
static void
move_fd(struct sb_run *r, int fd, int target)
{
	if (fd == target) {
		if (fcntl(fd, F_SETFD, 0) == -1)
			child_fail(r->p.msg_wr, "fcntl", NULL, 126);
		return;
	}
	if (dup2(fd, target) == -1)
		child_fail(r->p.msg_wr, "dup2", NULL, 126);
}

/* stdin /dev/null, stdout and stderr the capture pipes, fd 3 the report, fd 4 the
 * scheduler's page (pass_sched); no other. */
_Static_assert(SANDBOX_REPORT_FD == 3, "the report is the descriptor after stderr");
_Static_assert(SANDBOX_SCHED_FD == 4, "the scheduler's page is after the report");
static void
main_fds(struct sb_run *r)
{
	int	 fds[5], null, i;

	if ((null = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1)
		child_fail(r->p.msg_wr, "open", "/dev/null", 126);
	/* above 4 first, so dup2 cannot clobber one with another */
	fds[0] = fcntl(null, F_DUPFD_CLOEXEC, 10);
	fds[1] = fcntl(r->p.out_wr, F_DUPFD_CLOEXEC, 10);
	fds[2] = fcntl(r->p.err_wr, F_DUPFD_CLOEXEC, 10);
	fds[3] = r->spec->want_report ? fcntl(r->p.rep_wr, F_DUPFD_CLOEXEC, 10) : -2;
	fds[4] = r->spec->pass_sched ? fcntl(r->spec->sched_fd, F_DUPFD_CLOEXEC, 10) : -2;
	for (i = 0; i < 5; i++) {
		if (fds[i] == -1)
			child_fail(r->p.msg_wr, "fcntl F_DUPFD", NULL, 126);
		if (fds[i] >= 0)
			move_fd(r, fds[i], i);
	}
	if (!r->spec->want_report)
		close(3);
	if (!r->spec->pass_sched)
		close(4);
	if (syscall(SYS_close_range, 5u, ~0u, CLOSE_RANGE_CLOEXEC_) == -1)
		for (i = 5; i < 1024; i++)
			if (i != r->p.msg_wr && i != r->workdir_fd && i != r->exe_fd)
				close(i);
}

static void ATTR_NORETURN
main_child(struct sb_run *r)
{
	const struct sandbox_spec *s = r->spec;
	const char *failed;
	cpu_set_t set;

	if (setpgid(0, 0) == -1)
		child_fail(r->p.msg_wr, "setpgid", NULL, 126);
	/* the same for every run, not the grader's: with umask 077 the compiler's 0700
	 * test-program was out of reach of the next run's uid */
	umask(022);
	main_fds(r);
	main_limits(r);
	if (r->cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(r->cpu, &set);
		if (sched_setaffinity(0, sizeof set, &set) == -1)
			child_fail(r->p.msg_wr, "sched_setaffinity", NULL, 126);
	}
	/* by name while we may (getcwd works); else the fd: its parents may be 0700 (the
	 * fallback; in the namespaces the fd is of the old root, which must stay out of reach) */
	if (chdir(s->workdir) == -1 && (r->ns.on || fchdir(r->workdir_fd) == -1))
		child_fail(r->p.msg_wr, "chdir", s->workdir, 126);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		child_fail(r->p.msg_wr, "prctl PR_SET_NO_NEW_PRIVS", NULL, 126);
	/* before the uid changes: the rules' paths are opened with the caller's rights */
	if ((failed = sb_landlock_apply(r)) != NULL)
		child_fail(r->p.msg_wr, failed, NULL, 126);
	if (r->uid.slot != -1 && (failed = become(r->uid.uid, r->uid.gid)) != NULL)
		child_fail(r->p.msg_wr, failed, NULL, 126);
	if ((failed = sb_seccomp_apply(r)) != NULL)
		child_fail(r->p.msg_wr, failed, NULL, 126);
	execve(s->argv[0], s->argv, s->envp);
	/* the path may be out of reach for the uid (a 0700 parent): the fd is not */
	if ((errno == EACCES || errno == ENOENT) && r->exe_fd >= 0)
		syscall(SYS_execveat, r->exe_fd, "", s->argv, s->envp, AT_EMPTY_PATH);
	child_fail(r->p.msg_wr, "execve", s->argv[0], 127);
}

/* ------------------------------------------------------------ init */

struct leftover_dir {
	int		 msg_wr;
	const char	*prefix;
};

static void
send_entry(int dirfd, const char *entry, const void *arg)
{
	const struct leftover_dir *ld = arg;
	char	 name[200];
	size_t	 lp = strlen(ld->prefix), ln = strlen(entry);

	(void)dirfd;
	if (lp + ln >= sizeof name)
		ln = sizeof name - lp - 1;
	memcpy(name, ld->prefix, lp);
	memcpy(name + lp, entry, ln);
	name[lp + ln] = '\0';
	msg_send(ld->msg_wr, MSG_LEFTOVER, 0, 0, name);
}

static void
init_list_dir(struct sb_run *r, const char *dir, const char *prefix)
{
	struct leftover_dir ld = { r->p.msg_wr, prefix };
	int	 fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return;
	each_entry(fd, send_entry, &ld);
	close(fd);
}

static void
init_list_sysv(struct sb_run *r, const char *file, const char *what)
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
		msg_send(r->p.msg_wr, MSG_LEFTOVER, 0, 0, cat2(name, sizeof name, what, p));
	}
}

/* In the namespaces, once everyone else is gone: what did the run leave? */
static void
init_list_ipc(struct sb_run *r)
{
	init_list_dir(r, "/dev/shm", "/dev/shm/");
	init_list_sysv(r, "/proc/sysvipc/shm", "SysV shared memory key");
	init_list_sysv(r, "/proc/sysvipc/sem", "SysV semaphore set key");
	init_list_sysv(r, "/proc/sysvipc/msg", "SysV message queue key");
	init_list_dir(r, SB_MQUEUE_DIR, "mqueue /");
}

/* The caller's mask and ignored signals (SIGPIPE...) are not the run's; nor its fds. */
static void
init_reset(struct sb_run *r)
{
	struct sigaction sa;
	sigset_t all;
	ssize_t	 n;
	int	 i, fd;
	int	 keep[] = { 0, 1, 2, r->p.sync_rd, r->p.msg_wr, r->p.out_wr, r->p.err_wr,
	    r->p.rep_wr, r->workdir_fd, r->exe_fd, r->ns.rebind_fd[0], r->ns.rebind_fd[1],
	    r->spec->pass_sched ? r->spec->sched_fd : -1 };

	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	for (i = 1; i < NSIG; i++)
		if (i != SIGKILL && i != SIGSTOP)
			sigaction(i, &sa, NULL);      /* glibc refuses its own two: fine */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
		child_fail(r->p.msg_wr, "prctl PR_SET_PDEATHSIG", NULL, 126);
	close_others(keep, (int)nitems(keep));
	/* the OOM killer: not us */
	if (r->ns.on && r->root &&
	    (fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC)) != -1) {
		n = write(fd, "-1000", 5);
		(void)n;
		close(fd);
	}
}

/* Waits until the caller put us in the cgroups and wrote the uid maps; then becomes the
 * run's init: a session, the namespaces' file system, or a subreaper. */
static void
init_setup(struct sb_run *r)
{
	struct sigaction sa;
	char	 c;

	while (read(r->p.sync_rd, &c, 1) == -1 && errno == EINTR)
		;
	close(r->p.sync_rd);
	if (!r->ns.on && getppid() != r->caller)
		_exit(126);     /* the caller died before we started */
	if (setsid() == -1)
		child_fail(r->p.msg_wr, "setsid", NULL, 126);
	if (r->ns.on) {
		setup_mounts(r);
		bring_up_lo(r);
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = init_on_usr1;
		if (sigaction(SIGUSR1, &sa, NULL) == -1)        /* no SA_RESTART */
			child_fail(r->p.msg_wr, "sigaction", "SIGUSR1", 126);
	} else if (prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		child_fail(r->p.msg_wr, "prctl PR_SET_CHILD_SUBREAPER", NULL, 126);
	/* no ptrace into init (it keeps capabilities in a user namespace) */
	if (prctl(PR_SET_DUMPABLE, 0) == -1)
		child_fail(r->p.msg_wr, "prctl PR_SET_DUMPABLE", NULL, 126);
}

/* Reaps main, then whatever it left behind, until nobody is left; the largest RSS. */
static long
init_reap_all(struct sb_run *r)
{
	struct rusage ru;
	long	 maxrss = 0;
	pid_t	 pid;
	int	 st;

	for (;;) {
		pid = wait4(-1, &st, 0, &ru);
		if (pid == -1 && errno == EINTR)
			continue;
		if (pid == -1)
			break;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
		if (pid == r->main)
			msg_send(r->p.msg_wr, MSG_MAIN_STATUS, st, ru.ru_maxrss, NULL);
		if (init_killing)
			kill(-1, SIGKILL);
	}
	return maxrss;
}

void
sb_child_init(struct sb_run *r)
{
	long	 maxrss;

	init_reset(r);
	init_setup(r);
	if ((r->main = raw_clone(0)) == -1)
		child_fail(r->p.msg_wr, "fork", NULL, 126);
	if (r->main == 0)
		main_child(r);
	close(r->p.out_wr);
	close(r->p.err_wr);
	close(r->p.rep_wr);
	msg_send(r->p.msg_wr, MSG_MAIN_PID, r->main, 0, NULL);
	maxrss = init_reap_all(r);
	if (r->ns.on)
		init_list_ipc(r);
	msg_send(r->p.msg_wr, MSG_DONE, 0, maxrss, NULL);
	_exit(0);
}

/* ------------------------------------------------------------ helpers of the caller */

/* Can we make the namespaces and mount a tmpfs in them (AppArmor may say no)? */
void
sb_child_probe(void)
{
	/* the exit status is the errno (small numbers: it fits); the run's root needs a
	 * tmpfs and pivot_root */
	if (make_private() == -1 || mount("tmpfs", "/tmp", "tmpfs", 0, "size=1m") == -1 ||
	    chdir("/tmp") == -1 || syscall(SYS_pivot_root, ".", ".") == -1)
		_exit(errno > 0 && errno < 256 ? errno : 1);
	_exit(0);
}

/* A process with the run's uid kills every process of it. */
void
sb_child_kill_uid(uid_t uid, gid_t gid)
{
	if (become(uid, gid) != NULL)
		_exit(1);
	kill(-1, SIGKILL);
	_exit(0);
}

struct mq_sweep {
	int		 msg_wr;
	uid_t		 uid;
};

static void
mq_remove(int dirfd, const char *entry, const void *arg)
{
	const struct mq_sweep *mq = arg;
	struct leftover_dir ld = { mq->msg_wr, "mqueue /" };
	struct stat st;

	if (fstatat(dirfd, entry, &st, AT_SYMLINK_NOFOLLOW) == -1 || st.st_uid != mq->uid ||
	    !S_ISREG(st.st_mode))
		return;
	unlinkat(dirfd, entry, 0);
	send_entry(dirfd, entry, &ld);
}

/* In a mount namespace of our own: mqueue on /tmp, UID's queues removed and named on FD. */
void
sb_child_mq_sweep(int fd, uid_t uid, bool own_ns)
{
	struct mq_sweep mq = { fd, uid };
	int	 dir;

	/* no mount namespace of our own (refused): the machine's /dev/mqueue, if mounted */
	if (!own_ns) {
		if ((dir = open("/dev/mqueue", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
			_exit(0);
		each_entry(dir, mq_remove, &mq);
		_exit(0);
	}
	if (make_private() == -1 || mount("mqueue", "/tmp", "mqueue", 0, NULL) == -1 ||
	    (dir = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		child_fail(fd, "mount mqueue", NULL, 1);
	each_entry(dir, mq_remove, &mq);
	_exit(0);
}
