/* SPDX-License-Identifier: MIT */
/*
 * sandbox-uid.c: uid slots.  As root, student code runs as a uid of its own
 * (SANDBOX_UID_BASE + slot, a slot being a flock()ed file per concurrent run), so
 * RLIMIT_NPROC counts only this run, a kill(-1) reaches only this run, and what the run
 * leaves is found by its owner.  The workdir belongs to that uid while the run runs.
 * Off (not root): the slot is -1 and every hook does nothing.
 */
#include "sandbox-int.h"
#include "sandbox-linux.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Root's own folder for the slot locks: /run, or /tmp when /run is not writable. */
static const char *
slot_dir(struct sb_run *r)
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
	cause_errno(r->cause, "mkdir %s (or %s, root's and mode 0700)", SANDBOX_SLOT_DIR,
	    SANDBOX_SLOT_DIR2);
	return NULL;
}

/* Takes a free slot (the lowest: few lock files, few uids): its uid is this run's alone
 * while we hold the lock. */
int
sb_uid_take(struct sb_run *r)
{
	const char *dir;
	char	 path[64];
	int	 i, fd;

	if (!r->root)
		return 0;
	if ((dir = slot_dir(r)) == NULL)
		return -1;
	for (i = 0; i < SANDBOX_SLOTS; i++) {
		r->uid.slot = i;
		snprintf(path, sizeof path, "%s/%d", dir, r->uid.slot);
		if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
			cause_errno(r->cause, "open %s", path);
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			r->uid.fd = fd;
			r->uid.uid = SANDBOX_UID_BASE + (uid_t)r->uid.slot;
			r->uid.gid = (gid_t)r->uid.uid;
			sb_uid_kill(r);    /* what a grader that crashed may have left */
			return 0;
		}
		close(fd);
	}
	r->uid.slot = -1;
	cause_set(r->cause, "no free sandbox slot in %s (%d runs at once)", dir, SANDBOX_SLOTS);
	return -1;
}

void
sb_uid_release(struct sb_run *r)
{
	if (r->uid.fd != -1)
		close(r->uid.fd);     /* drops the flock */
	r->uid.fd = -1;
}

/* A process with the run's uid kills every process of it. */
void
sb_uid_kill(struct sb_run *r)
{
	pid_t	 pid;
	int	 st;

	if (r->uid.slot == -1)
		return;
	if ((pid = raw_clone(0)) == -1) {
		cause_errno(r->cause, "fork (killer)");
		return;
	}
	if (pid == 0)
		sb_child_kill_uid(r->uid.uid, r->uid.gid);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
}

/* The run's uid must write its workdir. */
int
sb_uid_chown(struct sb_run *r)
{
	if (r->uid.slot == -1)
		return 0;
	if (fchownat(r->workdir_fd, "", r->uid.uid, r->uid.gid, AT_EMPTY_PATH) == -1) {
		cause_errno(r->cause, "chown %s", r->spec->workdir);
		return -1;
	}
	r->uid.chowned = true;
	return 0;
}

/* The workdir back to its owner. */
void
sb_uid_restore(struct sb_run *r)
{
	if (r->uid.chowned && fchownat(r->workdir_fd, "", r->workdir_st.st_uid,
	    r->workdir_st.st_gid, AT_EMPTY_PATH) == -1)
		cause_errno(r->cause, "chown %s", r->spec->workdir);
}

/* Temporary files of the run's uid at the top of /tmp and /var/tmp (not the workdir).
 * In the namespaces there is nothing to sweep: /tmp was the run's own, the rest read-only. */
void
sb_uid_sweep_tmp(struct sb_run *r)
{
	static const char *dirs[] = { "/tmp", "/var/tmp" };
	DIR	*d;
	struct dirent *de;
	struct stat st;
	char	*path;
	size_t	 i;

	if (r->uid.slot == -1 || r->ns.on)
		return;
	for (i = 0; i < nitems(dirs); i++) {
		if ((d = opendir(dirs[i])) == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			xasprintf(&path, "%s/%s", dirs[i], de->d_name);
			if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0 &&
			    lstat(path, &st) == 0 && st.st_uid == r->uid.uid &&
			    (st.st_dev != r->workdir_st.st_dev ||
			    st.st_ino != r->workdir_st.st_ino) && remove_tree(path) == -1)
				cause_errno(r->cause, "remove %s", path);
			free(path);
		}
		closedir(d);
	}
}
