/* SPDX-License-Identifier: MIT */
/*
 * sandbox-ns.c: the namespaces, the caller's side: whether this machine allows them (the
 * probe), the flags of init's clone, the user namespace's uid/gid maps, init's PID
 * namespace, and what the mount namespace rebinds and hides (the child side mounts them:
 * sandbox-child.c).  Off (the fallback): every hook does nothing.
 */
#include "sandbox-int.h"
#include "sandbox-linux.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

unsigned long
sb_ns_flags(bool root)
{
	unsigned long f = CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS;

	return root ? f : f | CLONE_NEWUSER;
}

/* What the instructor can do about namespaces refused with errno ERR ("" when we cannot
 * tell): the switches that usually refuse them, read from /proc/sys. */
static const char *
ns_hint(int err)
{
	static char	 hint[1024];
	char		 v[16], exe[PATH_MAX];

	if (geteuid() == 0)
		return err == EPERM || err == EACCES ? _(" (as root, a container's seccomp profile "
		    "or a security module refuses them: in Docker, run with --privileged or "
		    "--security-opt seccomp=unconfined)") : "";

	if (sb_read_file("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", v,
	    sizeof v) > 0 && v[0] == '1') {
		if (realpath("/proc/self/exe", exe) == NULL)
			snprintf(exe, sizeof exe, "proclab");
		return sb_apparmor_hint("/etc/apparmor.d", exe, hint, sizeof hint);
	}
	if (sb_read_file("/proc/sys/user/max_user_namespaces", v, sizeof v) > 0 && v[0] == '0')
		return _(" (user namespaces are turned off: sysctl user.max_user_namespaces=0; "
		    "raise it, or grade as root)");
	if (sb_read_file("/proc/sys/kernel/unprivileged_userns_clone", v, sizeof v) > 0 &&
	    v[0] == '0')
		return _(" (sysctl kernel.unprivileged_userns_clone=0: set it to 1, or grade as "
		    "root)");
	if (err == EPERM || err == EACCES)
		return _(" (a container's seccomp profile or a security module refuses them: in "
		    "Docker, run with --security-opt seccomp=unconfined or --privileged, or grade "
		    "as root)");
	return "";
}

/* Can we make the namespaces and mount a tmpfs in them (AppArmor may say no)? When not,
 * WHY says which call failed, its error and what to do about it. */
bool
sb_ns_usable(char *why, size_t len)
{
	bool	 root = geteuid() == 0;
	pid_t	 pid;
	int	 st, err;

	pid = raw_clone(sb_ns_flags(root));
	if (pid == -1) {
		err = errno;
		snprintf(why, len, _("clone(%s): %s%s"), root ? "CLONE_NEWPID|CLONE_NEWNS|..." :
		    "CLONE_NEWUSER|CLONE_NEWPID|...", strerror(err), ns_hint(err));
		return false;
	}
	if (pid == 0)
		sb_child_probe();
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR) {
			snprintf(why, len, "waitpid: %s", strerror(errno));
			return false;
		}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return true;
	err = WIFEXITED(st) ? WEXITSTATUS(st) : 0;
	snprintf(why, len, _("in the new namespaces, mounting a tmpfs failed: %s%s"),
	    err != 0 ? strerror(err) : _("the probe was killed"), ns_hint(err));
	return false;
}

const char *const sb_system_dirs[] = {
	"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt", "/sys",
	NULL
};

bool
sb_under_system_dir(const char *path)
{
	for (const char *const *d = sb_system_dirs; *d != NULL; d++) {
		size_t n = strlen(*d);

		if (strncmp(path, *d, n) == 0 && (path[n] == '/' || path[n] == '\0'))
			return true;
	}
	return false;
}

/* The workdir is bound into the run's root, to be its one writable place; argv[0]'s folder
 * too (read-only) when it is not a system folder.  The shorter first: one may hold the
 * other. */
static void
prepare_rebinds(struct sb_run *r)
{
	const struct sandbox_spec *s = r->spec;
	char	*dir, *slash;
	bool	 exe_dir;

	dir = xstrdup(s->argv[0]);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	exe_dir = dir[0] != '\0' && !sb_under_system_dir(dir) && strcmp(dir, s->workdir) != 0;
	if (exe_dir && strlen(dir) < strlen(s->workdir))
		r->ns.rebind[r->ns.nrebind++] = xstrdup(dir);
	r->ns.rebind_rw = r->ns.nrebind;
	r->ns.rebind[r->ns.nrebind++] = xstrdup(s->workdir);
	if (exe_dir && strlen(dir) >= strlen(s->workdir))
		r->ns.rebind[r->ns.nrebind++] = xstrdup(dir);
	free(dir);
}

static void
prepare_hides(struct sb_run *r)
{
	const char *const *h;
	struct stat st;

	for (h = r->spec->hide; h != NULL && *h != NULL; h++) {
		if (stat(*h, &st) == -1)
			continue;       /* nothing to hide */
		r->ns.hide = xreallocarray(r->ns.hide, r->ns.nhide + 1, sizeof *r->ns.hide);
		r->ns.hide_dir = xreallocarray(r->ns.hide_dir, r->ns.nhide + 1,
		    sizeof *r->ns.hide_dir);
		r->ns.hide[r->ns.nhide] = xstrdup(*h);
		r->ns.hide_dir[r->ns.nhide++] = S_ISDIR(st.st_mode);
	}
}

/* Before the clone: what init mounts (sizes of /tmp and /dev/shm, rebinds, hides). */
int
sb_ns_prepare(struct sb_run *r)
{
	const struct sandbox_limits *l = &r->spec->limits;
	long	 mb = l->memory_mb > 0 ? l->memory_mb : SANDBOX_TMPFS_MB;

	if (!r->ns.on)
		return 0;
	/* each of them at most the disk limit, when there is one */
	if (l->disk_mb > 0 && l->disk_mb < mb)
		mb = l->disk_mb;
	snprintf(r->ns.shm_opts, sizeof r->ns.shm_opts, "size=%ldm,mode=1777", mb);
	snprintf(r->ns.tmp_opts, sizeof r->ns.tmp_opts, "size=%ldm,mode=1777", mb);
	snprintf(r->ns.work_opts, sizeof r->ns.work_opts, "size=%ldm,mode=0777", mb);
	prepare_rebinds(r);
	prepare_hides(r);
	return 0;
}

/* One line into /proc/INIT/FILE; ENOENT is fine when OPTIONAL. */
static int
write_proc(struct sb_run *r, const char *file, const char *line, bool optional)
{
	char	 path[64];

	snprintf(path, sizeof path, "/proc/%d/%s", (int)r->init, file);
	if (sb_write_file(path, line) == -1 && !(optional && errno == ENOENT)) {
		cause_errno(r->cause, "write %s", path);
		return -1;
	}
	return 0;
}

/* User namespace: the same uid and gid inside, so nobody is root in there after exec. */
static int
write_maps(struct sb_run *r)
{
	char	 uid[64], gid[64];

	snprintf(uid, sizeof uid, "%u %u 1", (unsigned)getuid(), (unsigned)getuid());
	snprintf(gid, sizeof gid, "%u %u 1", (unsigned)getgid(), (unsigned)getgid());
	if (write_proc(r, "uid_map", uid, false) == -1 ||
	    write_proc(r, "setgroups", "deny", true) == -1 ||
	    write_proc(r, "gid_map", gid, false) == -1)
		return -1;
	return 0;
}

static int
read_nslink(struct sb_run *r)
{
	char	 path[64];
	ssize_t	 n;

	snprintf(path, sizeof path, "/proc/%d/ns/pid", (int)r->init);
	if ((n = readlink(path, r->ns.nslink, sizeof r->ns.nslink - 1)) == -1) {
		cause_errno(r->cause, "readlink %s", path);
		return -1;
	}
	r->ns.nslink[n] = '\0';
	return 0;
}

/* After the clone, before init goes: its PID namespace (now, while init is dumpable: it
 * is not once it runs), then the maps of its user namespace (not root). */
int
sb_ns_started(struct sb_run *r)
{
	if (!r->ns.on)
		return 0;
	if (read_nslink(r) == -1)
		return -1;
	if (!r->root && write_maps(r) == -1)
		return -1;
	return 0;
}

void
sb_ns_free(struct sb_run *r)
{
	int	 i;

	for (i = 0; i < r->ns.nrebind; i++)
		free(r->ns.rebind[i]);
	for (i = 0; i < r->ns.nhide; i++)
		free(r->ns.hide[i]);
	free(r->ns.hide);
	free(r->ns.hide_dir);
}
