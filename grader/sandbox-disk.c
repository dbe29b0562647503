/* SPDX-License-Identifier: MIT */
/*
 * sandbox-disk.c: the files a run writes, limited (limits.disk_mb). In the namespaces the
 * workdir of a run that asks for a private one, /tmp and /dev/shm are tmpfs of that size
 * (sandbox-child.c mounts them; a full one says ENOSPC, as a full disk does). In the
 * fallback there is nothing to mount: the caller adds up, every SB_DISK_EVERY_MS, the
 * blocks of the workdir's files and of the run's files in /dev/shm (its uid's, or without
 * a uid of its own ours that are newer than the run) and stops the run past the limit.
 * Polling lets a fast writer overshoot by what it writes in that time.
 */
#include "sandbox-int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SB_DISK_DEPTH	16      /* deeper folders are not followed (their files still count) */

/* Bytes of the regular files below DIRFD (closed), same device, symlinks not followed. */
static unsigned long long
tree_bytes(int dirfd, dev_t dev, int depth)
{
	unsigned long long total = 0;
	struct dirent *e;
	struct stat st;
	DIR *d;

	if ((d = fdopendir(dirfd)) == NULL) {
		close(dirfd);
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 || st.st_dev != dev)
			continue;
		if (S_ISREG(st.st_mode))
			total += (unsigned long long)st.st_blocks * 512;
		else if (S_ISDIR(st.st_mode) && depth < SB_DISK_DEPTH) {
			int fd = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			    O_CLOEXEC);

			if (fd != -1)
				total += tree_bytes(fd, dev, depth + 1);
		}
	}
	closedir(d);
	return total;
}

/* The run's files at the top of /dev/shm (POSIX shared memory and semaphores). */
static unsigned long long
shm_bytes(const struct sb_run *r)
{
	unsigned long long total = 0;
	struct dirent *e;
	struct stat st;
	DIR *d = opendir("/dev/shm");

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (r->uid.slot != -1 ? st.st_uid != r->uid.uid :
		    st.st_uid != geteuid() || st.st_mtime < r->started_at)
			continue;
		total += (unsigned long long)st.st_blocks * 512;
	}
	closedir(d);
	return total;
}

/* Has the fallback run R written more than its disk_mb? */
bool
sb_disk_over(struct sb_run *r)
{
	long mb = r->spec->limits.disk_mb;
	struct timespec now;
	int fd;

	if (r->ns.on || mb <= 0)
		return false;
	sb_now(&now);
	if (sb_elapsed(&r->disk_checked, &now) * 1000 < SB_DISK_EVERY_MS)
		return false;
	r->disk_checked = now;
	if ((fd = openat(r->workdir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return false;
	return tree_bytes(fd, r->workdir_st.st_dev, 0) + shm_bytes(r) >
	    (unsigned long long)mb << 20;
}
