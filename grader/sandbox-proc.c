/* SPDX-License-Identifier: MIT */
/*
 * sandbox-proc.c: /proc, the caller's view of the run's processes: which are the run's
 * (init's PID namespace; the run's uid; else main's session and the descendants seen so
 * far), their tasks, CPU time and address space, killing what is left; and the small
 * one-line files of /proc and /sys (cgroups too).  Always on: /proc is where the fallback
 * counts, and the namespace mode finds the leftovers when main ends.
 */
#include "sandbox-int.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
sb_write_file(const char *path, const char *text)
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
int
sb_read_file(const char *path, char *buf, size_t size)
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
long long
sb_read_key(const char *path, const char *key)
{
	char	 buf[4096], *p;
	size_t	 klen = strlen(key);

	if (sb_read_file(path, buf, sizeof buf) == -1)
		return -1;
	for (p = buf; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (strncmp(p, key, klen) == 0 && p[klen] == ' ')
			return strtoll(p + klen + 1, NULL, 10);
	return -1;
}

struct procstat {
	pid_t	 ppid;
	pid_t	 sid;
	long	 threads;
	double	 cpu_s;         /* utime + stime + cutime + cstime */
	long	 vsize_kb;
	long	 rss_kb;
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
	if (sb_read_file(path, buf, sizeof buf) == -1 || (p = strrchr(buf, ')')) == NULL)
		return -1;
	/* fields from 3 (state) on; f[i] is field i + 3 */
	p += 2;
	if (*p == 'Z' || *p == 'X')
		return -1;
	p++;
	for (i = 1; i < 22 && *p != '\0'; i++)
		f[i] = strtoll(p, &p, 10);
	if (i < 22)
		return -1;
	ps->ppid = (pid_t)f[1];
	ps->sid = (pid_t)f[3];
	ps->cpu_s = (double)(f[11] + f[12] + f[13] + f[14]) / hz;
	ps->threads = (long)f[17];
	ps->vsize_kb = (long)(f[20] / 1024);
	ps->rss_kb = (long)f[21] * (sysconf(_SC_PAGESIZE) / 1024);
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
tracked(struct sb_run *r, pid_t pid)
{
	size_t i;

	for (i = 0; i < r->track.n; i++)
		if (r->track.pids[i] == pid)
			return true;
	return false;
}

/* Is /proc/PID owned by UID? */
static bool
owned_by(const char *pid, uid_t uid)
{
	struct stat st;
	char	 path[300];

	snprintf(path, sizeof path, "/proc/%s", pid);
	return stat(path, &st) == 0 && st.st_uid == uid;
}

/*
 * Is PID one of the run's processes (init excluded)?  Namespaces: in init's PID
 * namespace.  A uid of its own: owned by it.  Otherwise: main's session, or a child of
 * a process already tracked (noted here, so it stays tracked after a setsid()).
 */
static bool
is_member(struct sb_run *r, const char *name, pid_t pid, const struct procstat *ps)
{
	if (pid == r->init)
		return false;
	if (r->ns.on)
		return same_link(pid, r->ns.nslink);
	if (r->uid.slot != -1)
		return owned_by(name, r->uid.uid);
	if (tracked(r, pid))
		return true;
	if (ps->sid == r->init || ps->ppid == r->init ||
	    (r->main > 0 && ps->ppid == r->main) || tracked(r, ps->ppid)) {
		r->track.pids = xreallocarray(r->track.pids, r->track.n + 1,
		    sizeof *r->track.pids);
		r->track.pids[r->track.n++] = pid;
		return true;
	}
	return false;
}

/* Walks /proc once; KILL_THEM: SIGKILL every member found. */
void
sb_proc_scan(struct sb_run *r, struct sb_scan *sc, bool kill_them)
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
		if (proc_stat(pid, &ps) == -1 || !is_member(r, de->d_name, pid, &ps))
			continue;
		sc->procs++;
		sc->tasks += ps.threads;
		sc->cpu_s += ps.cpu_s;
		if (ps.vsize_kb > sc->vsize_kb)
			sc->vsize_kb = ps.vsize_kb;
		sc->rss_kb += ps.rss_kb;
		if (kill_them)
			kill(pid, SIGKILL);
	}
	closedir(d);
}

/* Tasks (threads) of our uid: RLIMIT_NPROC counts them all. */
long
sb_proc_user_tasks(void)
{
	DIR	*d;
	struct dirent *de;
	struct procstat ps;
	long	 n = 0;

	if ((d = opendir("/proc")) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		if (owned_by(de->d_name, getuid()) && proc_stat((pid_t)atol(de->d_name), &ps) == 0)
			n += ps.threads;
	}
	closedir(d);
	return n;
}

/* With init gone early, its orphans came to us (the subreaper). */
void
sb_proc_reap_tracked(struct sb_run *r)
{
	size_t	 i;

	for (i = 0; i < r->track.n; i++)
		waitpid(r->track.pids[i], NULL, WNOHANG);
	if (r->main > 0)
		waitpid(r->main, NULL, WNOHANG);
}

void
sb_proc_free(struct sb_run *r)
{
	free(r->track.pids);
}
