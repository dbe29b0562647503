/* SPDX-License-Identifier: MIT */
/*
 * sandbox-landlock.c: Landlock (Linux 5.13+), which any user may apply to itself, in
 * every mode: the run reads and executes only the system's files (/usr, /lib*, /bin,
 * /sbin, /etc, /proc, /sys, /opt, a few devices) and its program's folder, writes only its
 * workdir, /dev/shm, the message queues (mq_open opens files of the mqueue fs: the IPC
 * namespace's, mounted by init, or the host's /dev/mqueue when it is mounted) and, in
 * the namespaces, the private /tmp (the fallback's /tmp is shared: other runs' build
 * folders live there); from Landlock ABI 6 on (Linux 6.12) it can signal
 * and reach abstract unix sockets of its own processes only. So without namespaces a
 * run still cannot read another checkout's solutions, write ~/.bashrc, /run/lock or the
 * gradebook's results, or kill(-1) the grader and the user's other processes.
 *
 * sb_landlock_apply runs in the main child between the mounts and execve: system calls
 * and stack buffers only, as everything in sandbox-child.c (see doc/sandbox.md).
 * PROCLAB_SANDBOX=no-landlock turns it off (to test what the other layers hold alone).
 * The ABI is asked in the caller (sb_landlock_abi) and read here from the context.
 */
#include "sandbox-int.h"
#include "sandbox-linux.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* linux/landlock.h of Linux 6.1 (Debian 12) stops at ABI 2: our own copy of the ABI. */
#define LL_CREATE_RULESET_VERSION	(1U << 0)
#define LL_RULE_PATH_BENEATH		1
#define LL_FS_EXECUTE			(1ULL << 0)
#define LL_FS_WRITE_FILE		(1ULL << 1)
#define LL_FS_READ_FILE			(1ULL << 2)
#define LL_FS_READ_DIR			(1ULL << 3)
#define LL_FS_MAKE_CHAR			(1ULL << 6)
#define LL_FS_MAKE_BLOCK		(1ULL << 11)
#define LL_FS_ABI1			((1ULL << 13) - 1)      /* bits 0..12 */
#define LL_FS_REFER			(1ULL << 13)            /* ABI 2 */
#define LL_FS_TRUNCATE			(1ULL << 14)            /* ABI 3 */
#define LL_FS_IOCTL_DEV			(1ULL << 15)            /* ABI 5 */
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET	(1ULL << 0)             /* ABI 6 */
#define LL_SCOPE_SIGNAL			(1ULL << 1)
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset	444
#define SYS_landlock_add_rule		445
#define SYS_landlock_restrict_self	446
#endif

struct ll_ruleset_attr {
	uint64_t	handled_access_fs;
	uint64_t	handled_access_net;     /* ABI 4 */
	uint64_t	scoped;                 /* ABI 6 */
};
struct ll_path_beneath {
	uint64_t	allowed_access;
	int32_t		parent_fd;
} __attribute__((packed));

#define LL_READ		(LL_FS_EXECUTE | LL_FS_READ_FILE | LL_FS_READ_DIR)

static const char *const device_paths[] = {
	"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom",
};

int
sb_landlock_abi(void)
{
	static int abi = -2;

	if (abi == -2) {
		long v = syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);

		abi = v < 0 ? 0 : (int)v;
	}
	return abi;
}

/* Everything this ABI can restrict on files: what a rule does not grant is denied. */
static uint64_t
handled_fs(int abi)
{
	uint64_t fs = LL_FS_ABI1;

	if (abi >= 2)
		fs |= LL_FS_REFER;
	if (abi >= 3)
		fs |= LL_FS_TRUNCATE;
	if (abi >= 5)
		fs |= LL_FS_IOCTL_DEV;
	return fs;
}

/* PATH and below get ACCESS; a missing path is nobody's loss. -1 with errno otherwise. */
static int
allow(int ruleset, const char *path, uint64_t access)
{
	struct ll_path_beneath pb;
	int fd = open(path, O_PATH | O_CLOEXEC);

	if (fd == -1)
		return errno == ENOENT || errno == EACCES ? 0 : -1;
	pb.allowed_access = access;
	pb.parent_fd = fd;
	/* the callers give a file only file rights (file_rights): a refusal is a real error */
	if (syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &pb, 0) == -1) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

/* The file rights of a plain file (a rule beneath a file may hold no directory right). */
static uint64_t
file_rights(uint64_t fs)
{
	return fs & (LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | LL_FS_TRUNCATE |
	    LL_FS_IOCTL_DEV);
}

/* Child side: restrict this process and what it starts. NULL, or the call that failed. */
const char *
sb_landlock_apply(struct sb_run *r)
{
	int abi = r->landlock_abi, ruleset;
	uint64_t fs = handled_fs(abi), rw = fs & ~(LL_FS_MAKE_CHAR | LL_FS_MAKE_BLOCK);
	struct ll_ruleset_attr attr = { .handled_access_fs = fs };
	size_t size = abi >= 6 ? sizeof attr : abi >= 4 ? 2 * sizeof(uint64_t) : sizeof(uint64_t);
	char exe_dir[4096];
	const char *slash;

	if (abi < 1)
		return NULL;
	if (abi >= 6)
		attr.scoped = LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL;
	if ((ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0)) == -1)
		return "landlock_create_ruleset";
	/* the system's files (sandbox-ns.c's list) and /proc, read-only; a path this machine
	 * lacks is skipped */
	for (const char *const *d = sb_system_dirs; *d != NULL; d++)
		if (allow(ruleset, *d, LL_READ) == -1)
			goto out_fail;
	if (allow(ruleset, "/proc", LL_READ) == -1)
		goto out_fail;
	/* in the namespaces "/" is the run's own minimal root: its folders may be listed */
	if (r->ns.on && allow(ruleset, "/", LL_FS_READ_DIR) == -1)
		goto out_fail;
	for (size_t i = 0; i < sizeof device_paths / sizeof device_paths[0]; i++)
		if (allow(ruleset, device_paths[i], file_rights(fs) & ~LL_FS_EXECUTE) == -1)
			goto out_fail;
	/* the program's own folder (the compiler may live outside /usr) */
	slash = strrchr(r->spec->argv[0], '/');
	if (slash != NULL && (size_t)(slash - r->spec->argv[0]) < sizeof exe_dir) {
		memcpy(exe_dir, r->spec->argv[0], (size_t)(slash - r->spec->argv[0]));
		exe_dir[slash - r->spec->argv[0]] = '\0';
		if (exe_dir[0] != '\0' && allow(ruleset, exe_dir, LL_READ) == -1)
			goto out_fail;
	}
	/* the workdir is the cwd: by name it may be out of reach (a 0700 parent) */
	if (allow(ruleset, ".", rw) == -1 || allow(ruleset, "/dev/shm", rw) == -1 ||
	    (r->ns.on && allow(ruleset, "/tmp", rw) == -1) ||
	    allow(ruleset, r->ns.on ? SB_MQUEUE_DIR : "/dev/mqueue", rw) == -1)
		goto out_fail;
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) == -1) {
		close(ruleset);
		return "landlock_restrict_self";
	}
	close(ruleset);
	return NULL;
out_fail:
	close(ruleset);
	return "landlock_add_rule";
}
