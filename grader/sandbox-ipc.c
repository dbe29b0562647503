/* SPDX-License-Identifier: MIT */
/*
 * sandbox-ipc.c: the IPC objects a run leaves behind (POSIX shared memory and named
 * semaphores in /dev/shm, SysV shared memory, semaphore sets and message queues, POSIX
 * message queues), named in the result and removed.  In the namespace mode init lists
 * them in the run's own IPC namespace, which dies with it (sandbox-child.c), and these
 * sweeps do nothing; in the fallback they look at the machine's: with a uid of its own,
 * what that uid owns; otherwise what is new and ours since the snapshot.
 */
#include "sandbox-int.h"
#include "sandbox-linux.h"

#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
join_name(struct sandbox_result *res, const char *name)
{
	char	*joined;

	xasprintf(&joined, "%s, %s", res->leftover_names, name);
	free(res->leftover_names);
	res->leftover_names = joined;
}

/* One more leftover: the count is exact; the names stop at a readable few. */
void
sb_ipc_leftover(struct sb_run *r, const char *name)
{
	struct sandbox_result *res = r->res;

	if (++res->leftover_ipc > SANDBOX_NAMES_MAX) {
		if (res->leftover_ipc == SANDBOX_NAMES_MAX + 1)
			join_name(res, "...");
		return;
	}
	if (res->leftover_names == NULL)
		res->leftover_names = xstrdup(name);
	else
		join_name(res, name);
}

static bool
was_there(struct sb_run *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ipc.nbefore; i++)
		if (strcmp(r->ipc.before[i], name) == 0)
			return true;
	return false;
}

static void
note_before(struct sb_run *r, const char *name)
{
	r->ipc.before = xreallocarray(r->ipc.before, r->ipc.nbefore + 1, sizeof *r->ipc.before);
	r->ipc.before[r->ipc.nbefore++] = xstrdup(name);
}

static bool
dot_or_dotdot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

static void
shm_snapshot(struct sb_run *r)
{
	DIR	*d;
	struct dirent *de;

	if ((d = opendir("/dev/shm")) == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		if (!dot_or_dotdot(de->d_name))
			note_before(r, de->d_name);
	closedir(d);
}

/* What the run left in the machine's /dev/shm (POSIX shm, named semaphores). */
static void
sweep_shm(struct sb_run *r)
{
	DIR	*d;
	struct dirent *de;
	struct stat st;
	char	*path;

	if ((d = opendir("/dev/shm")) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (dot_or_dotdot(de->d_name))
			continue;
		xasprintf(&path, "/dev/shm/%s", de->d_name);
		if (lstat(path, &st) == 0 && (r->uid.slot != -1 ? st.st_uid == r->uid.uid :
		    st.st_uid == geteuid() && !was_there(r, de->d_name))) {
			sb_ipc_leftover(r, path);
			if (unlink(path) == -1 && rmdir(path) == -1)
				cause_errno(r->cause, "unlink %s", path);
		}
		free(path);
	}
	closedir(d);
}

/* Is SysV object ID of KIND the run's?  Without a uid of its own: ours and new. */
static bool
sysv_runs(struct sb_run *r, size_t kind, long long id, uid_t uid, bool snapshot)
{
	char	 name[64];

	snprintf(name, sizeof name, "sysv:%zu:%lld", kind, id);
	if (snapshot) {
		if (uid == getuid())
			note_before(r, name);
		return false;
	}
	return r->uid.slot != -1 ? uid == r->uid.uid : uid == getuid() && !was_there(r, name);
}

/* SNAPSHOT: note what is there before the run; else remove what the run left. */
static void
sweep_sysv(struct sb_run *r, bool snapshot)
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
			sb_ipc_leftover(r, name);
			if ((i == 0 ? shmctl((int)col[1], IPC_RMID, NULL) :
			    i == 1 ? semctl((int)col[1], 0, IPC_RMID) :
			    msgctl((int)col[1], IPC_RMID, NULL)) == -1)
				cause_errno(r->cause, "remove %s", name);
		}
		fclose(f);
	}
	free(line);
}

/*
 * Message queues have no file of their own unless mqueue is mounted: mount it in a mount
 * namespace of a helper's own and remove the run uid's queues there (where that namespace
 * is refused, in the machine's /dev/mqueue if it is mounted).  Without a uid of the run's
 * own, nothing (the run's queues cannot be told from ours).
 */
static void
sweep_mq(struct sb_run *r)
{
	struct sb_msg m;
	int	 p[2], st;
	pid_t	 pid;
	bool	 own_ns;

	if (r->uid.slot == -1)
		return;
	if (pipe2(p, O_CLOEXEC) == -1) {
		cause_errno(r->cause, "pipe");
		return;
	}
	/* where namespaces are refused (a container), the machine's /dev/mqueue */
	own_ns = true;
	if ((pid = raw_clone(CLONE_NEWNS)) == -1 && (errno == EPERM || errno == EINVAL)) {
		own_ns = false;
		pid = raw_clone(0);
	}
	if (pid == -1) {
		cause_errno(r->cause, "clone (mqueue sweep)");
		close(p[0]);
		close(p[1]);
		return;
	}
	if (pid == 0)
		sb_child_mq_sweep(p[1], r->uid.uid, own_ns);
	close(p[1]);
	while (read(p[0], &m, sizeof m) == (ssize_t)sizeof m)
		sb_msg_apply(r, &m);    /* leftovers and errors */
	close(p[0]);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
}

/* The fallback without a uid of its own: what is there before the run. */
void
sb_ipc_snapshot(struct sb_run *r)
{
	if (r->ns.on || r->uid.slot != -1)
		return;
	shm_snapshot(r);
	sweep_sysv(r, true);
}

/* The fallback, after the run: what it left in the machine's IPC. */
void
sb_ipc_sweep(struct sb_run *r)
{
	if (r->ns.on)
		return;
	sweep_shm(r);
	sweep_sysv(r, false);
	sweep_mq(r);
}

void
sb_ipc_free(struct sb_run *r)
{
	size_t	 i;

	for (i = 0; i < r->ipc.nbefore; i++)
		free(r->ipc.before[i]);
	free(r->ipc.before);
}
