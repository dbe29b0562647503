/* SPDX-License-Identifier: MIT */
/*
 * 03-lifecycle: notebooks 001 (Process, start, join, is_alive, terminate) and
 * 004 (current_process().name).
 *
 * multiprocessing.Process(target, args) is a small record in C: the function to
 * run, its argument, the child's pid once started and its exit code once joined.
 *   p.start()      fork(); the child runs target(args), then _exit(0): what the
 *                  target returns is thrown away. Only sys.exit(n) (SystemExit,
 *                  which Process._bootstrap turns into the exit status) gives n.
 *                  CPython 3.11 here: a target that returns 3 -> exitcode 0; a
 *                  target that calls sys.exit(3) -> exitcode 3.
 *   p.join()       waitpid(pid, &status, 0)
 *   p.is_alive()   waitpid(pid, &status, WNOHANG): 0 means still running
 *   p.terminate()  kill(pid, SIGTERM)          p.kill()  kill(pid, SIGKILL)
 *   p.exitcode     WEXITSTATUS(status), or -WTERMSIG(status) when a signal killed it
 *   p.name         "Process-N", numbered in creation order as Python does
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lesson-i18n.h"

static const char *prog = "03-lifecycle";

static void
usage(FILE *fp)
{
	fprintf(fp, _(
	    "Usage: %s [--quick] [--help]\n"
	    "Notebooks 001 and 004: a process's life in C. start (fork), join (waitpid),\n"
	    "is_alive (waitpid WNOHANG), terminate and kill (SIGTERM, SIGKILL), exit codes\n"
	    "(-15 for a process killed by SIGTERM, as Python reports it) and process names\n"
	    "(current_process().name: MainProcess, Process-1, Process-2, ...).\n"
	    "\n"
	    "  --quick   nothing to shorten here (accepted like every lesson)\n"
	    "  --help    show this help and exit\n"
	    "\n"
	    "Exit status: 0 the demo ran, 1 a system call failed, 2 bad usage.\n"), prog);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\nTry '%s --help'.\n"), prog);
	exit(2);
}

/* getopt_long returned '?' or ':': say which option was wrong, exit 2. */
static void __attribute__((noreturn))
bad_option(int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		bad_usage(_("option '%s' needs a value"), arg);
	if (optopt != 0 && strncmp(arg, "--", 2) == 0)
		bad_usage(_("option '%.*s' takes no value"), (int)strcspn(arg, "="), arg);
	if (optopt != 0)
		bad_usage(_("unknown option '-%c'"), optopt);
	bad_usage(_("unknown or ambiguous option '%s'"), arg);
}

static void
sys_error(const char *call)
{
	fprintf(stderr, "%s: %s: %s\n", prog, call, strerror(errno));
}

/* "SIGTERM" for 15: sigabbrev_np() (glibc 2.32) gives "TERM". */
static const char *
signal_name(int sig)
{
	static char buf[32];
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev == NULL)
		snprintf(buf, sizeof buf, _("signal %d"), sig);
	else
		snprintf(buf, sizeof buf, "SIG%s", abbrev);
	return buf;
}

/* current_process().name: "MainProcess" here, the Process's name in a child. */
static const char *current_name = "MainProcess";
static int process_counter;     /* Python numbers Process-1, Process-2, ... the same way */

/* p = multiprocessing.Process(target=..., args=(...,)) */
struct process {
	char		 name[32];
	int		(*target)(const char *arg);     /* what it returns is ignored, as in Python */
	const char	*arg;
	pid_t		 pid;           /* 0 until started */
	bool		 joined;        /* waited for: exitcode is valid, the pid is gone */
	int		 exitcode;
};

static void
process_init(struct process *p, int (*target)(const char *), const char *arg)
{
	memset(p, 0, sizeof *p);
	snprintf(p->name, sizeof p->name, "Process-%d", ++process_counter);
	p->target = target;
	p->arg = arg;
}

/* p.start(): 0, or -1 with errno set. */
static int
process_start(struct process *p)
{
	fflush(stdout);         /* or the child would print our buffered lines again */
	p->pid = fork();
	if (p->pid == -1) {
		p->pid = 0;
		return -1;
	}
	if (p->pid == 0) {
		/* The child: run the target; when it returns, exit status 0
		 * (Python's Process._bootstrap: exitcode = 0 after run()). */
		current_name = p->name;
		(void)p->target(p->arg);
		fflush(stdout);
		_exit(0);
	}
	return 0;
}

/* Status from waitpid to Python's exitcode: the exit status, or minus the signal. */
static void
process_record(struct process *p, int status)
{
	p->joined = true;
	if (WIFEXITED(status))
		p->exitcode = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		p->exitcode = -WTERMSIG(status);
}

/* p.join(): 0, or -1 with errno set. */
static int
process_join(struct process *p)
{
	int status;

	if (p->joined)
		return 0;
	while (waitpid(p->pid, &status, 0) == -1) {
		if (errno != EINTR)
			return -1;
	}
	process_record(p, status);
	return 0;
}

/* p.is_alive(): 1 running, 0 ended (and collected), -1 with errno set. */
static int
process_is_alive(struct process *p)
{
	int status;
	pid_t r;

	if (p->joined)
		return 0;
	r = waitpid(p->pid, &status, WNOHANG);
	if (r == -1)
		return -1;
	if (r == 0)
		return 1;       /* still running */
	process_record(p, status);
	return 0;
}

/* ------------------------------------------------------------------ targets */

/* def funcao_exemplo(nome):          (notebook 001)
 *     print(f"Olá, {nome}!") */
static int
funcao_exemplo(const char *nome)
{
	printf("Olá, %s!\n", nome);
	return 0;
}

/* def funcao(q):                      (notebook 004; printed here, lesson 10 has the queue)
 *     nomeProcesso = current_process().name
 *     q.put([nomeProcesso, 42, None, 'hello']) */
static int
funcao(const char *unused)
{
	(void)unused;
	printf("['%s', 42, None, 'hello']\n", current_name);
	return 0;
}

/* def sai(codigo): sys.exit(codigo)
 * SystemExit(3) leaves the target; _bootstrap makes 3 the exit status. In C the
 * target leaves the process itself. */
static int
sai(const char *codigo)
{
	fflush(stdout);
	_exit(atoi(codigo));
}

/* def devolve(codigo): return codigo     -- a return value is not an exit status */
static int
devolve(const char *codigo)
{
	return atoi(codigo);    /* returned to nobody: the child still exits 0 */
}

/* def dorme(): time.sleep(60)   -- until someone terminates it */
static int
dorme(const char *unused)
{
	struct timespec ts = { 60, 0 };

	(void)unused;
	nanosleep(&ts, NULL);
	return 0;
}

/* ------------------------------------------------------------------ main */

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	struct process procs[6], *p;
	siginfo_t info;
	int c, i, alive, rc = 1;

	lesson_i18n();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'q':
			break;
		default:
			bad_option(c, argv);
		}
	}
	if (optind < argc)
		bad_usage(_("unexpected argument '%s'"), argv[optind]);
	memset(procs, 0, sizeof procs);
	/* Whoever started us may have ignored SIGTERM, and children inherit that:
	 * terminate() below needs SIGTERM's default action (end the process). */
	if (signal(SIGTERM, SIG_DFL) == SIG_ERR) {
		sys_error("signal");
		return 1;
	}

	/* p = Process(target=funcao_exemplo, args=("Mundo",))
	 * p.start()
	 * p.join() */
	p = &procs[0];
	process_init(p, funcao_exemplo, "Mundo");
	if (process_start(p) == -1) {
		sys_error("fork");
		goto out;
	}
	if (process_join(p) == -1) {
		sys_error("waitpid");
		goto out;
	}
	printf("%s: exitcode = %d, is_alive() = %s\n", p->name, p->exitcode,
	    process_is_alive(p) ? "True" : "False");

	/* p = Process(target=funcao, args=(q,)); p.start(); p.join() */
	p = &procs[1];
	process_init(p, funcao, NULL);
	if (process_start(p) == -1) {
		sys_error("fork");
		goto out;
	}
	if (process_join(p) == -1) {
		sys_error("waitpid");
		goto out;
	}
	printf("%s: exitcode = %d\n", p->name, p->exitcode);

	/* p = Process(target=sai, args=(3,)); p.start()
	 * It ends at once, but until somebody waits for it the kernel keeps its pid
	 * and exit status: a zombie. waitid(WNOWAIT) waits for the end without
	 * collecting it, so we can look at the zombie. */
	p = &procs[2];
	process_init(p, sai, "3");
	if (process_start(p) == -1) {
		sys_error("fork");
		goto out;
	}
	while (waitid(P_PID, (id_t)p->pid, &info, WEXITED | WNOWAIT) == -1) {
		if (errno != EINTR) {
			sys_error("waitid");
			goto out;
		}
	}
	/* TRANSLATORS: %s is the process's name, Process-3. */
	printf(_("%s ran sys.exit(3) and has ended, nobody has joined it yet:\n"), p->name);
	if (kill(p->pid, 0) == 0)
		printf(_("  kill(pid, 0) = 0: the pid still exists (a zombie)\n"));
	else
		printf(_("  kill(pid, 0) = -1 %s: unexpected\n"), strerrorname_np(errno));
	if ((alive = process_is_alive(p)) == -1) {
		sys_error("waitpid");
		goto out;
	}
	printf(_("  is_alive() = %s: waitpid(WNOHANG) collected it, exitcode = %d\n"),
	    alive ? "True" : "False", p->exitcode);
	if (kill(p->pid, 0) == -1)
		printf(_("  kill(pid, 0) = -1 %s: now the pid is gone\n"), strerrorname_np(errno));
	else
		printf(_("  kill(pid, 0) = 0: unexpected\n"));

	/* p = Process(target=dorme); p.start()
	 * p.is_alive(); p.terminate(); p.join(); p.is_alive(); p.exitcode */
	p = &procs[3];
	process_init(p, dorme, NULL);
	if (process_start(p) == -1) {
		sys_error("fork");
		goto out;
	}
	if ((alive = process_is_alive(p)) == -1) {
		sys_error("waitpid");
		goto out;
	}
	printf(_("%s sleeps: is_alive() = %s\n"), p->name, alive ? "True" : "False");
	if (kill(p->pid, SIGTERM) == -1) {             /* p.terminate() */
		sys_error("kill");
		goto out;
	}
	if (process_join(p) == -1) {
		sys_error("waitpid");
		goto out;
	}
	printf("%s: terminate(), join(): is_alive() = %s, exitcode = %d (%s: %s)\n",
	    p->name, process_is_alive(p) ? "True" : "False", p->exitcode,
	    signal_name(-p->exitcode), strsignal(-p->exitcode));

	/* p = Process(target=dorme); p.start(); p.kill(); p.join() */
	p = &procs[4];
	process_init(p, dorme, NULL);
	if (process_start(p) == -1) {
		sys_error("fork");
		goto out;
	}
	if (kill(p->pid, SIGKILL) == -1) {             /* p.kill() */
		sys_error("kill");
		goto out;
	}
	if (process_join(p) == -1) {
		sys_error("waitpid");
		goto out;
	}
	printf("%s: kill(), join(): exitcode = %d (%s: %s)\n", p->name, p->exitcode,
	    signal_name(-p->exitcode), strsignal(-p->exitcode));

	/* def devolve(codigo): return codigo
	 * p = Process(target=devolve, args=(3,)); p.start(); p.join(); p.exitcode */
	p = &procs[5];
	process_init(p, devolve, "3");
	if (process_start(p) == -1) {
		sys_error("fork");
		goto out;
	}
	if (process_join(p) == -1) {
		sys_error("waitpid");
		goto out;
	}
	printf(_("%s: its target returned 3: exitcode = %d\n"), p->name, p->exitcode);

	/* print(current_process().name) */
	printf(_("current_process().name here: %s\n"), current_name);

	printf("\n");
	printf(_("start() is fork(): the child runs the target function, and when the\n"
	    "target returns the child _exit(0)s: what it returned is thrown away, so a\n"
	    "target that returns 3 gives exitcode 0 (Process-6; CPython 3.11 the same).\n"
	    "Only sys.exit(3) gives 3 (Process-3): SystemExit leaves the target and\n"
	    "becomes the exit status; in C the child calls _exit(3). join() is waitpid(): it\n"
	    "waits, collects the exit status and lets the kernel forget the pid. Until\n"
	    "then an ended child is a zombie: kill(pid, 0) still finds it, which is why\n"
	    "is_alive() uses waitpid(WNOHANG) instead. terminate() sends SIGTERM, kill()\n"
	    "SIGKILL; a child killed by signal N gets exitcode -N in Python (WIFSIGNALED,\n"
	    "WTERMSIG in C). Names are Process-1, Process-2, ... in creation order;\n"
	    "the parent is MainProcess.\n"));
	rc = 0;
out:
	/* Whatever happened above: no child is left running or unreaped. */
	for (i = 0; i < 6; i++) {
		if (procs[i].pid > 0 && !procs[i].joined) {
			kill(procs[i].pid, SIGKILL);
			if (process_join(&procs[i]) == -1) {
				sys_error("waitpid");
				rc = 1;
			}
		}
	}
	if (rc == 0)
		lesson_where(stdout, "03-lifecycle.c", NULL);
	return rc;
}
