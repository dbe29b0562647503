/* SPDX-License-Identifier: MIT */
/*
 * sandbox-cgroup.c: cgroups v1 and v2, as root in the namespace mode: a pids limit, a
 * memory limit (no swap) and CPU accounting for the whole run, in a cgroup of the run's
 * own ("proclab-CALLERPID-SLOT" below the caller's).  Off (no usable cgroup, or none
 * wanted): kind is CG_NONE and every hook does nothing (sb_cg_cpu says -1).
 */
#include "sandbox-int.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
		if (sb_read_file(path, buf, sizeof buf) == 0)
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
cg_remove_stale(struct sb_run *r, const char *parent)
{
	DIR	*d;
	struct dirent *de;
	char	*path;
	int	 pid, slot, n;

	if ((d = opendir(parent)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (sscanf(de->d_name, "proclab-%d-%d%n", &pid, &slot, &n) != 2 ||
		    de->d_name[n] != '\0' || slot != r->uid.slot || pid == (int)r->caller)
			continue;
		xasprintf(&path, "%s/%s", parent, de->d_name);
		cg_kill_rmdir(path);
		free(path);
	}
	closedir(d);
}

static char *
cg_make(struct sb_run *r, const char *mount, const char *controller)
{
	char	*own, *path, *parent;

	if ((own = own_cgroup(controller)) == NULL)
		return NULL;
	xasprintf(&parent, "%s%s", mount, strcmp(own, "/") == 0 ? "" : own);
	free(own);
	cg_remove_stale(r, parent);
	xasprintf(&path, "%s/proclab-%d-%d", parent, (int)r->caller, r->uid.slot);
	free(parent);
	if (mkdir(path, 0755) == -1 && errno != EEXIST) {
		free(path);
		return NULL;
	}
	return path;
}

/* Removes the cgroup *DIR, which could not be limited: the run goes without it. */
static void
cg_drop(char **dir)
{
	rmdir(*dir);
	free(*dir);
	*dir = NULL;
}

static int
cg_set(const char *dir, const char *file, long long value)
{
	char	*path, text[32];
	int	 rc;

	xasprintf(&path, "%s/%s", dir, file);
	snprintf(text, sizeof text, "%lld", value);
	rc = sb_write_file(path, text);
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
		v = sb_read_key(path, key);
	else if (sb_read_file(path, buf, sizeof buf) == 0)
		v = strtoll(buf, NULL, 10);
	free(path);
	return v;
}

/* v2 needs the controllers delegated to our cgroup's children; else no cgroup. */
static void
cg_setup_v2(struct sb_run *r)
{
	const struct sandbox_limits *l = &r->spec->limits;

	if ((r->cg.pids = cg_make(r, "/sys/fs/cgroup", NULL)) == NULL)
		return;
	if ((l->processes > 0 && cg_set(r->cg.pids, "pids.max", l->processes + 1) == -1) ||
	    (l->memory_mb > 0 && cg_set(r->cg.pids, "memory.max", l->memory_mb << 20) == -1)) {
		cg_drop(&r->cg.pids);
		return;
	}
	cg_set(r->cg.pids, "memory.swap.max", 0);    /* without swap accounting: no such file */
	r->cg.kind = CG_V2;
}

static void
cg_setup_v1(struct sb_run *r)
{
	const struct sandbox_limits *l = &r->spec->limits;

	r->cg.pids = cg_make(r, "/sys/fs/cgroup/pids", "pids");
	r->cg.mem = cg_make(r, "/sys/fs/cgroup/memory", "memory");
	r->cg.cpu = cg_make(r, "/sys/fs/cgroup/cpuacct", "cpuacct");
	/* init counts as a task of the cgroup: one more */
	if (r->cg.pids != NULL && l->processes > 0 &&
	    cg_set(r->cg.pids, "pids.max", l->processes + 1) == -1)
		cg_drop(&r->cg.pids);
	if (r->cg.mem != NULL && l->memory_mb > 0) {
		cg_set(r->cg.mem, "memory.swappiness", 0);  /* optional, like memsw below */
		if (cg_set(r->cg.mem, "memory.limit_in_bytes", l->memory_mb << 20) == -1)
			cg_drop(&r->cg.mem);
		else
			cg_set(r->cg.mem, "memory.memsw.limit_in_bytes", l->memory_mb << 20);
	}
	if (r->cg.pids != NULL || r->cg.mem != NULL || r->cg.cpu != NULL)
		r->cg.kind = CG_V1;
}

/* The run's cgroups, where they can be made; what they limit, for the other modules. */
void
sb_cg_setup(struct sb_run *r)
{
	const struct sandbox_limits *l = &r->spec->limits;

	if (access("/sys/fs/cgroup/cgroup.controllers", F_OK) == 0)
		cg_setup_v2(r);
	else if (access("/sys/fs/cgroup/pids", F_OK) == 0)
		cg_setup_v1(r);
	r->cg.pids_on = r->cg.pids != NULL && l->processes > 0;
	r->cg.mem_on = (r->cg.kind == CG_V2 || r->cg.mem != NULL) && l->memory_mb > 0;
}

int
sb_cg_enter(struct sb_run *r, pid_t pid)
{
	const char *dirs[] = { r->cg.pids, r->cg.mem, r->cg.cpu };
	size_t	 i;
	char	*path;
	int	 rc = 0;

	for (i = 0; i < nitems(dirs); i++) {
		if (dirs[i] == NULL)
			continue;
		xasprintf(&path, "%s/cgroup.procs", dirs[i]);
		if (cg_set(dirs[i], "cgroup.procs", pid) == -1) {
			cause_errno(r->cause, "write %s", path);
			rc = -1;
		}
		free(path);
	}
	return rc;
}

/* CPU seconds of the whole cgroup, or -1. */
double
sb_cg_cpu(struct sb_run *r)
{
	long long v;

	if (r->cg.kind == CG_V2 && (v = cg_get(r->cg.pids, "cpu.stat", "usage_usec")) >= 0)
		return v / 1e6;
	if (r->cg.kind == CG_V1 && r->cg.cpu != NULL &&
	    (v = cg_get(r->cg.cpu, "cpuacct.usage", NULL)) >= 0)
		return v / 1e9;
	return -1;
}

static bool
cg_oom_killed(struct sb_run *r)
{
	if (r->cg.kind == CG_V2)
		return cg_get(r->cg.pids, "memory.events", "oom_kill") > 0;
	if (r->cg.mem != NULL)
		return cg_get(r->cg.mem, "memory.oom_control", "oom_kill") > 0;
	return false;
}

/* What the result needs from the cgroups, before they are removed. */
void
sb_cg_final(struct sb_run *r)
{
	r->cg.oom = cg_oom_killed(r);
	r->cg.pids_max = r->cg.pids != NULL && cg_get(r->cg.pids, "pids.events", "max") > 0;
	r->cg.cpu_s = sb_cg_cpu(r);
}

/* SIGKILLs whatever is left in each cgroup, then removes it. */
void
sb_cg_remove(struct sb_run *r)
{
	char	**dirs[] = { &r->cg.pids, &r->cg.mem, &r->cg.cpu };
	size_t	 i;

	for (i = 0; i < nitems(dirs); i++) {
		if (*dirs[i] == NULL)
			continue;
		if (cg_kill_rmdir(*dirs[i]) == -1)
			cause_errno(r->cause, "rmdir %s", *dirs[i]);
		free(*dirs[i]);
		*dirs[i] = NULL;
	}
}
