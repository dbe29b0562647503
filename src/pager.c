/* SPDX-License-Identifier: MIT */
/*
 * pager.c: a long text on a terminal goes through a pager, as man's and git's do: $PAGER,
 * run by sh so that it may carry options, or less -R when PAGER is unset; PAGER "" or
 * "cat" asks for none. Off a terminal, or when the pager cannot be run, the text goes to
 * standard output as it is.
 */
#include "proclab.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum pager_kind
pager_choose(void)
{
	const char	*p = getenv("PAGER");

	if (!isatty(STDOUT_FILENO))
		return PAGER_NONE;
	if (p == NULL)
		return PAGER_LESS;
	if (p[strspn(p, " \t")] == '\0' || strcmp(p, "cat") == 0)
		return PAGER_NONE;
	return PAGER_USER;
}

/*
 * TEXT into the pager's standard input; its wait status, or -1 when it could not be
 * started. A reader that quits early (q in less) is no error: SIGPIPE is ignored meanwhile,
 * and so are the terminal's SIGINT and SIGQUIT, which are the pager's to handle.
 */
static int
pager_run(enum pager_kind kind, const char *text, size_t len)
{
	struct sigaction	 ign, old_pipe, old_int, old_quit;
	int			 fds[2], status;
	pid_t			 pid;

	if (pipe(fds) == -1)
		return -1;
	if ((pid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		if (dup2(fds[0], STDIN_FILENO) == -1)
			_exit(126);
		close(fds[0]);
		close(fds[1]);
		if (kind == PAGER_LESS)
			execlp("less", "less", "-R", (char *)NULL);
		else
			execl("/bin/sh", "sh", "-c", getenv("PAGER"), (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old_pipe);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	(void)write_all(fds[1], text, len);     /* EPIPE: the reader has seen enough */
	close(fds[1]);
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			status = -1;
			break;
		}
	}
	sigaction(SIGPIPE, &old_pipe, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	return status;
}

void
pager_show(enum pager_kind kind, const char *text, size_t len)
{
	int	status;

	if (kind != PAGER_NONE) {
		fflush(stdout);
		status = pager_run(kind, text, len);
		/* 127: sh found no such command, or less is not installed */
		if (status != -1 && !(WIFEXITED(status) && WEXITSTATUS(status) == 127))
			return;
		if (kind == PAGER_USER)
			warnx_(_("the pager '%s' could not be run; the text follows without it "
			    "(PAGER=cat asks for no pager)"), getenv("PAGER"));
	}
	fwrite(text, 1, len, stdout);
}
