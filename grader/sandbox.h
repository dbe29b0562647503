/* SPDX-License-Identifier: MIT */
/*
 * sandbox.h: running untrusted code (a student's program, the compiler on a student's files)
 * with limits, in namespaces where the machine allows them. Usable on its own: it needs only
 * base.h.
 */
#ifndef PROCLAB_SANDBOX_H
#define PROCLAB_SANDBOX_H

#include "base.h"


enum isolation {
	ISOLATION_NAMESPACES,   /* user/PID/IPC/net/mount namespaces, private /dev/shm and /tmp */
	ISOLATION_RLIMITS       /* fallback: limits, process group and subreaper only */
};
const char *isolation_name(enum isolation);
/* What this machine allows; PROCLAB_SANDBOX=rlimits (or --no-namespaces) forces the fallback. */
enum isolation sandbox_probe(void);
void sandbox_force_fallback(void);
/* Why the fallback is in force, with what the instructor can do (NULL in the namespaces). */
const char *sandbox_fallback_reason(void);
/* The Landlock ABI every run is restricted with (0: none; PROCLAB_SANDBOX=no-landlock). */
int sandbox_landlock(void);

struct sandbox_limits {
	long		cpu_ms;         /* CPU time of the whole run, all processes */
	long		wall_ms;
	long		memory_mb;      /* address space / cgroup memory */
	long		processes;      /* processes alive at once */
	long		open_files;
	long		file_size_kb;
	size_t		output_bytes;   /* stdout and stderr, each, exact */
	long		disk_mb;        /* files written (workdir, /tmp, /dev/shm); 0: none */
	/* memory_mb limits resident memory only (the memory cgroup, else /proc polled), not
	 * the address space: AddressSanitizer reserves terabytes it never touches */
	bool		resident_only;
};

/* The descriptor a run gets for its report (want_report): the one after stderr. */
#define SANDBOX_REPORT_FD	3
/* The descriptor a run gets for the scheduler's page (pass_sched): the one after. */
#define SANDBOX_SCHED_FD	4

struct sandbox_spec {
	char *const	*argv;          /* argv[0] is an absolute path */
	char *const	*envp;
	const char	*workdir;       /* cwd of the run; writable by the run */
	const char *const *hide;    /* NULL-terminated: paths made invisible (solutions, other students) */
	struct sandbox_limits limits;
	int		 one_cpu;       /* pin the run to one CPU */
	bool		 want_report;   /* give the run SANDBOX_REPORT_FD, a pipe whose text lands in result.report */
	bool		 pass_sched;    /* give the run sched_fd as SANDBOX_SCHED_FD */
	int		 sched_fd;
	bool		 private_workdir;       /* namespaces: the run sees an empty tmpfs of
					 * disk_mb as its workdir (nothing of it comes back) */
};

enum sandbox_outcome {
	SANDBOX_EXITED,         /* exit_status is valid */
	SANDBOX_SIGNALED,       /* term_signal is valid */
	SANDBOX_CPU_LIMIT,
	SANDBOX_WALL_LIMIT,
	SANDBOX_MEMORY_LIMIT,
	SANDBOX_PROCESS_LIMIT,  /* fork failed with EAGAIN at the process limit */
	SANDBOX_DISK_LIMIT,     /* the fallback's files outgrew disk_mb */
	SANDBOX_INTERNAL        /* the sandbox itself failed: cause says why */
};

struct sandbox_result {
	enum sandbox_outcome outcome;
	int		 exit_status;
	int		 term_signal;
	double		 cpu_s;
	double		 wall_s;
	char		*out;           /* NUL-terminated, at most limits.output_bytes */
	size_t		 out_len;
	bool		 out_truncated;
	char		*err;
	size_t		 err_len;
	bool		 err_truncated;
	char		*report;        /* what the run wrote to fd 3 (want_report), NUL added */
	size_t		 report_len;
	bool		 report_truncated;      /* more than SANDBOX_REPORT_MAX bytes */
	int		 leftover_processes;  /* still alive after the main process ended; all killed */
	int		 leftover_ipc;  /* shm, semaphores, queues left behind; all removed */
	char		*leftover_names; /* e.g. "/dev/shm/sem.x, /dev/shm/y" */
	enum isolation	 isolation;
	int		 landlock_abi;  /* the Landlock ABI that restricted the run (0: none) */
	char		*cause;         /* SANDBOX_INTERNAL: "CALL PATH: strerror" (base.h) */
};

int sandbox_run(const struct sandbox_spec *, struct sandbox_result *);
void sandbox_result_free(struct sandbox_result *);

#endif /* PROCLAB_SANDBOX_H */
