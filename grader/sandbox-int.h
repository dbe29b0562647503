/* SPDX-License-Identifier: MIT */
/*
 * sandbox-int.h: the inside of the sandbox: the one context of a run (struct sb_run) and
 * the hooks of its modules, one module per kernel facility (see doc/sandbox.md):
 *
 *	sandbox.c		the orchestration: sandbox_run, preparing, starting, the result
 *	sandbox-monitor.c	the caller while the run runs: pipes, limits, killing, reaping
 *	sandbox-child.c		the child side between clone and exec (the only no-malloc file)
 *	sandbox-ns.c		namespaces: the probe, uid/gid maps, what the mount ns rebinds/hides
 *	sandbox-cgroup.c	cgroups v1 and v2: pids, memory, CPU accounting
 *	sandbox-uid.c		uid slots: a uid of the run's own when we are root
 *	sandbox-proc.c		/proc: the run's processes, leftovers; small /proc and /sys files
 *	sandbox-ipc.c		IPC objects the run leaves (POSIX shm, SysV, message queues)
 *
 * Each module owns one part of the context and does nothing when its facility is off (no
 * namespaces, no cgroup, no uid slot), as isolate's cg.c does, so the orchestration calls
 * the hooks without asking.  Errors follow base.h: a hook that can fail sets *r->cause
 * (the first cause wins: it is the result's) and returns -1; a hook that cleans up notes a
 * failure there and goes on.
 */
#ifndef PROCLAB_SANDBOX_INT_H
#define PROCLAB_SANDBOX_INT_H

#include "sandbox.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#define SANDBOX_UID_BASE	2000000000u   /* no real user has these */
#define SANDBOX_SLOTS		1000
#define SANDBOX_SLOT_DIR	"/run/proclab-sandbox"  /* else SANDBOX_SLOT_DIR2 */
#define SANDBOX_SLOT_DIR2	"/tmp/.proclab-sandbox"
#define SANDBOX_TICK_MS		10            /* polling period of the CPU/wall limits */
#define SB_MQUEUE_DIR		"/tmp/.proclab-mqueue"  /* namespaces: the run's mqueue fs */
#define SANDBOX_REPORT_MAX	(256 * 1024)        /* cap of the fd 3 report */
#define SANDBOX_OUTPUT_MAX	(256u << 20)  /* output_bytes beyond this: this */
#define SANDBOX_TMPFS_MB	64            /* private /tmp and /dev/shm when no memory limit */
#define SANDBOX_KILL_GRACE_MS	3000          /* then init itself is SIGKILLed */
#define SANDBOX_DRAIN_MS	1000          /* pipes still open after init died */
#define SANDBOX_NAMES_MAX	20            /* leftover IPC objects named in the result */

/* Messages from init (and main, before it execs) to the caller; one write() each. */
enum sb_msg_type { MSG_MAIN_PID, MSG_MAIN_STATUS, MSG_ERROR, MSG_LEFTOVER, MSG_DONE };
struct sb_msg {
	int		 type;
	int		 a;             /* pid, wait status, errno */
	long		 b;             /* max RSS (KiB) */
	char		 text[200];     /* failed call and path, leftover object name */
};

struct sb_capture {
	int		 fd;
	char		*buf;
	size_t		 len;
	size_t		 cap;
	bool		 truncated;
};

/* The pipes between the caller and the run. */
struct sb_pipes {
	int		 sync_rd, sync_wr;      /* caller -> init: go (EOF) */
	int		 msg_rd, msg_wr;        /* init, main -> caller */
	struct sb_capture out, err, rep;
	int		 out_wr, err_wr, rep_wr;
};

/* sandbox-ns.c */
struct sb_ns {
	bool		 on;            /* namespace mode */
	char		 shm_opts[64];
	char		 tmp_opts[64];
	char		 work_opts[64];         /* private_workdir's tmpfs */
	char		*rebind[2];     /* workdir; argv[0]'s folder when under /tmp */
	int		 rebind_fd[2];  /* O_PATH, opened by init before /tmp is covered */
	int		 nrebind;
	int		 rebind_rw;     /* the workdir's index */
	char	       **hide;          /* existing hide paths */
	bool		*hide_dir;
	int		 nhide;
	char		 nslink[64];    /* "pid:[N]": init's PID namespace */
};

/* sandbox-apparmor.c */
const char *sb_apparmor_hint(const char *dir, const char *exe, char *buf, size_t len);

/* sandbox-cgroup.c */
enum sb_cg_kind { CG_NONE, CG_V1, CG_V2 };
struct sb_cgroup {
	enum sb_cg_kind	 kind;
	char		*pids;          /* v1: one folder per controller; v2: pids only */
	char		*mem;
	char		*cpu;
	bool		 pids_on;       /* a pids limit in a cgroup */
	bool		 mem_on;        /* a memory limit in a cgroup */
	bool		 oom;           /* read by sb_cg_final, before the cgroups go */
	bool		 pids_max;
	double		 cpu_s;
};

/* sandbox-uid.c */
struct sb_uid {
	int		 slot;          /* -1: no uid of its own */
	int		 fd;            /* the slot's flock()ed file */
	uid_t		 uid;           /* what main runs as */
	gid_t		 gid;
	bool		 chowned;       /* the workdir, for the run */
};

/* sandbox-proc.c: the fallback without a uid of its own */
struct sb_track {
	long		 user_tasks;    /* the user's tasks before the run */
	pid_t		*pids;          /* descendants seen so far */
	size_t		 n;
};

/* sandbox-ipc.c: the fallback without a uid of its own */
struct sb_ipc {
	char	       **before;        /* /dev/shm and SysV IPC before the run */
	size_t		 nbefore;
};

struct sb_run {
	const struct sandbox_spec *spec;
	struct sandbox_result *res;
	char	       **cause;         /* &res->cause */
	bool		 root;
	pid_t		 caller;
	int		 cpu;           /* one_cpu: the CPU, else -1 */
	int		 workdir_fd;    /* O_PATH: reachable whatever the parents' modes */
	int		 exe_fd;
	struct stat	 workdir_st;

	int		 landlock_abi;  /* what sb_landlock_apply uses (0: none) */
	time_t		 started_at;    /* wall clock: the fallback's new /dev/shm files */
	struct timespec	 disk_checked;
	struct {
		unsigned char	bpf[4096];      /* struct sock_filter[len] */
		unsigned short	len;
	}		 seccomp;       /* the filter, built by the caller */
	struct sb_ns	 ns;
	struct sb_cgroup cg;
	struct sb_uid	 uid;
	struct sb_track	 track;
	struct sb_ipc	 ipc;
	struct sb_pipes	 p;

	pid_t		 init;
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
};

/* sandbox-ns.c: the system's folders, the whole of a run's root in the namespaces and
 * all it may read beside its own folders under Landlock (NULL-terminated). */
extern const char *const sb_system_dirs[];
bool	 sb_under_system_dir(const char *path);

/* sandbox.c: is WORD one of PROCLAB_SANDBOX's (rlimits, no-cgroups, no-landlock)? */
bool	 sb_env_has(const char *word);

/* sandbox-landlock.c: the Landlock ABI this kernel offers (0: none); the main child's
 * restriction with r->landlock_abi (NULL, or the call that failed). */
int	 sb_landlock_abi(void);
const char *sb_landlock_apply(struct sb_run *);

/* sandbox-disk.c: has the fallback run written more than disk_mb (checked every
 * SB_DISK_EVERY_MS)? */
#define SB_DISK_EVERY_MS	100
bool	 sb_disk_over(struct sb_run *);

/* sandbox-seccomp.c: the run's filter built (caller; -1 with the cause) and loaded
 * (main child; NULL, or the call that failed). */
int	 sb_seccomp_prepare(struct sb_run *);
const char *sb_seccomp_apply(struct sb_run *);

/* sandbox-monitor.c */
void	 sb_now(struct timespec *);
double	 sb_elapsed(const struct timespec *, const struct timespec *);
void	 sb_msg_apply(struct sb_run *, struct sb_msg *);
void	 sb_kill_all(struct sb_run *);
bool	 sb_reap_init(struct sb_run *, int flags);
void	 sb_monitor(struct sb_run *);

/* sandbox-child.c: each runs in a raw clone child and never returns */
void	 sb_child_init(struct sb_run *) ATTR_NORETURN;
void	 sb_child_probe(void) ATTR_NORETURN;
void	 sb_child_kill_uid(uid_t, gid_t) ATTR_NORETURN;
void	 sb_child_mq_sweep(int fd, uid_t, bool own_ns) ATTR_NORETURN;

/* sandbox-ns.c */
unsigned long sb_ns_flags(bool root);
bool	 sb_ns_usable(char *why, size_t len);
int	 sb_ns_prepare(struct sb_run *);
int	 sb_ns_started(struct sb_run *);
void	 sb_ns_free(struct sb_run *);

/* sandbox-cgroup.c */
void	 sb_cg_setup(struct sb_run *);
int	 sb_cg_enter(struct sb_run *, pid_t);
double	 sb_cg_cpu(struct sb_run *);
void	 sb_cg_final(struct sb_run *);
void	 sb_cg_remove(struct sb_run *);

/* sandbox-uid.c */
int	 sb_uid_take(struct sb_run *);
int	 sb_uid_chown(struct sb_run *);
void	 sb_uid_restore(struct sb_run *);
void	 sb_uid_kill(struct sb_run *);
void	 sb_uid_sweep_tmp(struct sb_run *);
void	 sb_uid_release(struct sb_run *);

/* sandbox-proc.c */
struct sb_scan {
	int		 procs;         /* members (init excluded) */
	long		 tasks;         /* their threads, init included */
	double		 cpu_s;         /* members and init */
	long		 vsize_kb;      /* the largest member */
	long		 rss_kb;        /* all members together (shared pages counted twice) */
};
void	 sb_proc_scan(struct sb_run *, struct sb_scan *, bool kill_them);
long	 sb_proc_user_tasks(void);
void	 sb_proc_reap_tracked(struct sb_run *);
void	 sb_proc_free(struct sb_run *);
int	 sb_write_file(const char *path, const char *text);
int	 sb_read_file(const char *path, char *buf, size_t size);
long long sb_read_key(const char *path, const char *key);

/* sandbox-ipc.c */
void	 sb_ipc_leftover(struct sb_run *, const char *name);
void	 sb_ipc_snapshot(struct sb_run *);
void	 sb_ipc_sweep(struct sb_run *);
void	 sb_ipc_free(struct sb_run *);

#endif /* PROCLAB_SANDBOX_INT_H */
