/* SPDX-License-Identifier: MIT */
/*
 * sandbox-linux.h: what the sandbox needs of Linux that glibc (2.36 and older) may lack:
 * system call numbers, constants and kernel structs, and the raw clone.  Only the sandbox
 * files include it; it allocates nothing.
 */
#ifndef PROCLAB_SANDBOX_LINUX_H
#define PROCLAB_SANDBOX_LINUX_H

#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

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

/* close_range(2) (Linux 5.9): mark close-on-exec instead of closing. */
#define CLOSE_RANGE_CLOEXEC_	4u

/* Linux dirent64, read with getdents64: readdir may allocate. */
struct linux_dirent64 {
	unsigned long long d_ino;
	long long	 d_off;
	unsigned short	 d_reclen;
	unsigned char	 d_type;
	char		 d_name[];
};

/* glibc's fork takes locks another thread of the caller may hold: use the system call. */
static inline pid_t
raw_clone(unsigned long flags)
{
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
}

#endif /* PROCLAB_SANDBOX_LINUX_H */
