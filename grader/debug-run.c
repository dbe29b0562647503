/* SPDX-License-Identifier: MIT */
/*
 * debug-run.c: one run of a test program under a debugger, for `proclab run --gdb`. It
 * runs on the student's terminal and outside the sandbox: it is the student's own code on
 * their own machine, asked for by name, and a debugger cannot trace through the sandbox's
 * seccomp filter. The arguments and environment are the run's; its report descriptor
 * (3) is a file, read back afterwards as the sandbox would have read it, so the judge
 * still decides.
 */
#include "grader.h"
#include "labtest.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEBUG_ENV_MAX	24

/* NAME on PATH (the run's own): an absolute path, or NULL. */
static char *
find_debugger(const char *name, char *const *envp)
{
	const char	*path = "/usr/local/bin:/usr/bin:/bin";
	char		*dirs, *dir, *save, *p;

	if (strchr(name, '/') != NULL)
		return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
	for (char *const *e = envp; *e != NULL; e++)
		if (strncmp(*e, "PATH=", 5) == 0)
			path = *e + 5;
	dirs = xstrdup(path);
	for (dir = strtok_r(dirs, ":", &save); dir != NULL; dir = strtok_r(NULL, ":", &save)) {
		xasprintf(&p, "%s/%s", dir, name);
		if (access(p, X_OK) == 0) {
			free(dirs);
			return p;
		}
		free(p);
	}
	free(dirs);
	return NULL;
}

static void __attribute__((noreturn))
debugger_child(const char *path, char **av, char **env, const char *rundir, const char *report)
{
	int fd;

	if (chdir(rundir) == -1)
		_exit(127);
	if ((fd = open(report, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) == -1)
		_exit(127);
	if (dup2(fd, LAB_RESULT_FD) == -1)  /* dup2 clears close-on-exec on the copy */
		_exit(127);
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	execve(path, av, env);
	_exit(127);
}

void
debug_run(const char *debugger, char *const *argv, char *const *envp, const char *rundir,
    struct sandbox_result *sr)
{
	char		*path, *report, *av[64], *env[DEBUG_ENV_MAX], *cause = NULL;
	const char	*term = getenv("TERM");
	size_t		 n = 0, k = 0;
	pid_t		 pid;
	int		 st;
	void		(*old_int)(int), (*old_quit)(int);

	memset(sr, 0, sizeof *sr);
	sr->isolation = ISOLATION_RLIMITS;     /* nothing at all, and never better */
	if ((path = find_debugger(debugger, envp)) == NULL) {
		sr->outcome = SANDBOX_INTERNAL;
		xasprintf(&sr->cause, _("%s not found: install it (apt-get install %s)"),
		    debugger, debugger);
		return;
	}
	av[n++] = path;
	av[n++] = "-q";
	av[n++] = "--args";
	for (size_t i = 0; argv[i] != NULL && n < 63; i++)
		av[n++] = argv[i];
	av[n] = NULL;
	for (size_t i = 0; envp[i] != NULL && k < DEBUG_ENV_MAX - 2; i++)
		env[k++] = envp[i];
	if (term != NULL)
		xasprintf(&env[k++], "TERM=%s", term);
	env[k] = NULL;
	xasprintf(&report, "%s/../debug-report", rundir);

	/* ^C belongs to the debugger and the program, not to us */
	old_int = signal(SIGINT, SIG_IGN);
	old_quit = signal(SIGQUIT, SIG_IGN);
	if ((pid = fork()) == 0)
		debugger_child(path, av, env, rundir, report);
	while (pid > 0 && waitpid(pid, &st, 0) == -1 && errno == EINTR)
		continue;
	signal(SIGINT, old_int);
	signal(SIGQUIT, old_quit);
	if (pid == -1 || !WIFEXITED(st) || WEXITSTATUS(st) == 127) {
		sr->outcome = SANDBOX_INTERNAL;
		xasprintf(&sr->cause, _("%s could not be started"), path);
	} else if ((sr->report = read_file_max(report, LAB_REPORT_MAX, &sr->report_len,
	    &cause)) == NULL) {
		sr->report = xstrdup("");     /* nothing reported: the judge says so */
		free(cause);
		sr->outcome = SANDBOX_EXITED;
	} else
		sr->outcome = SANDBOX_EXITED;
	if (term != NULL)
		free(env[k - 1]);
	free(report);
	free(path);
}
