/* SPDX-License-Identifier: MIT */
/*
 * 04-copied-values: notebook 000, cell In[4].
 *
 * funcao1 and funcao2 each get the plain values valor = 100 and status = False
 * and run in their own process. Each one changes valor and status, but only in
 * its own copy: fork() gives the child a copy of the parent's memory, so neither
 * the other child nor the parent ever sees the change. Both print what they
 * computed from the untouched starting values: 120 and 140.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
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

static const char *prog = "04-copied-values";

static void
usage(FILE *fp)
{
	fprintf(fp, _(
	    "Usage: %s [--quick] [--help]\n"
	    "Notebook 000, In[4]: funcao1 and funcao2 get the plain values valor = 100 and\n"
	    "status = False in two processes started with fork(). Each child changes its own\n"
	    "copy only, so they print 120 and 140 (in either order).\n"
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

/* time.sleep(seconds), restarted when a signal interrupts it. */
static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		continue;
}

/*
 * def funcao1(val: int | float, stat: bool) -> None:
 *     if stat:
 *         res = val + 10
 *         stat = False
 *     else:
 *         res = val + 20
 *         val = 200
 *         stat = True
 *     print(f"O resultado da funcao1 é: {res}")
 *     time.sleep(0.001)
 */
static void
funcao1(int val, bool stat)
{
	int res;

	if (stat) {
		res = val + 10;
		stat = false;
	} else {
		res = val + 20;
		val = 200;      /* changes this process's copy only */
		stat = true;
	}
	printf("O resultado da funcao1 é: %d\n", res);
	sleep_ms(1);
	(void)val;
	(void)stat;
}

/* def funcao2(val, stat): the same with +30 / +40 and val = 400. */
static void
funcao2(int val, bool stat)
{
	int res;

	if (stat) {
		res = val + 30;
		stat = false;
	} else {
		res = val + 40;
		val = 400;
		stat = true;
	}
	printf("O resultado da funcao2 é: %d\n", res);
	sleep_ms(1);
	(void)val;
	(void)stat;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	void (*targets[2])(int, bool) = { funcao1, funcao2 };
	pid_t pids[2] = { -1, -1 };
	int c, i, status, rc = 0;

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

	/* valor = 100
	 * status = False */
	int valor = 100;
	bool status_flag = false;

	/* pcs = [Process(target=funcao1, args=(valor, status)),
	 *        Process(target=funcao2, args=(valor, status))]
	 * [pc.start() for pc in pcs] */
	for (i = 0; i < 2; i++) {
		fflush(stdout);         /* or the child would print our buffer again */
		pids[i] = fork();
		if (pids[i] == -1) {
			sys_error("fork");
			rc = 1;
			break;
		}
		if (pids[i] == 0) {
			/* The child: its own copy of valor and status_flag. */
			targets[i](valor, status_flag);
			if (fflush(stdout) == EOF)
				_exit(1);
			_exit(0);
		}
	}

	/* [pc.join() for pc in pcs] */
	for (i = 0; i < 2; i++) {
		if (pids[i] <= 0)
			continue;
		while (waitpid(pids[i], &status, 0) == -1) {
			if (errno != EINTR) {
				sys_error("waitpid");
				return 1;
			}
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, _("%s: the child running funcao%d failed\n"), prog, i + 1);
			rc = 1;
		}
	}
	if (rc != 0)
		return rc;

	printf("\n");
	printf(_("In the parent, after both joins: valor = %d, status = %s.\n"),
	    valor, status_flag ? "True" : "False");
	printf(_("Each child got a copy of valor = 100 and status = False when fork() made it,\n"
	    "so both took the 'else' branch: funcao1 printed 100 + 20 = 120 and funcao2\n"
	    "100 + 40 = 140. funcao1 then set its copy to 200 and funcao2 its copy to 400;\n"
	    "nobody else saw that: after fork() parent and child share no ordinary memory.\n"
	    "Which line comes first is up to the scheduler. Lesson 05 shares the values\n"
	    "with mmap(MAP_SHARED) and the results change.\n"));
	lesson_where(stdout, "04-copied-values.c", NULL);
	return 0;
}
