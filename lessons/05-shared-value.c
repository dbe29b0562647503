/* SPDX-License-Identifier: MIT */
/*
 * 05-shared-value: notebook 000, cell In[5].
 *
 * The same funcao1 and funcao2 as lesson 04, but valor and status now live in
 * memory that both children share: multiprocessing.Value('i', 100) and
 * Value(c_bool, False) become an int and a bool in one mmap(MAP_SHARED |
 * MAP_ANONYMOUS) region made before fork(). What the first function writes, the
 * second one reads: 120 then 230 when funcao1 runs first, 140 then 410 when
 * funcao2 does.
 *
 * The notebook got "120, 230" because funcao1's process happened to run first.
 * Here the order is not left to luck: the second child waits on a process-shared
 * semaphore (sem_init with pshared = 1, inside the shared region) that the first
 * child posts when it is done.
 *
 * Part 2 is notebook 001's Value/Array snippet ("Compartilhamento de Dados"): a
 * child sets valor.value = 10 and doubles every element of Array('i', [1, 2, 3,
 * 4]); after join() the parent prints 10 and [2, 4, 6, 8]. The int and the four
 * ints are again one mmap(MAP_SHARED | MAP_ANONYMOUS) region made before fork().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lesson-i18n.h"

static const char *prog = "05-shared-value";

static void
usage(FILE *fp)
{
	fprintf(fp, _(
	    "Usage: %s [--first funcao1|funcao2] [--quick] [--help]\n"
	    "Notebook 000, In[5]: funcao1 and funcao2 on a shared int valor = Value('i', 100)\n"
	    "and a shared bool status = Value(c_bool, False), kept in mmap(MAP_SHARED) memory.\n"
	    "The second function sees what the first one wrote.\n"
	    "Then notebook 001's Value('i', 0) and Array('i', [1, 2, 3, 4]): a child sets\n"
	    "10 and doubles the array; after join() the parent prints 10 and [2, 4, 6, 8].\n"
	    "\n"
	    "  --first F   which function runs first: funcao1 (default; prints 120 then 230)\n"
	    "              or funcao2 (prints 140 then 410); a process-shared semaphore\n"
	    "              enforces the order\n"
	    "  --quick     nothing to shorten here (accepted like every lesson)\n"
	    "  --help      show this help and exit\n"
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

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		continue;
}

/* Everything the processes share: one mmap(MAP_SHARED) region made before fork(). */
struct shared {
	int	valor;          /* valor = multiprocessing.Value("i", 100) */
	bool	status;         /* status = multiprocessing.Value(ctypes.c_bool, False) */
	sem_t	first_done;     /* posted by the first child; the second waits on it */
};

/*
 * def funcao1(val, stat):
 *     if stat.value:
 *         res = val.value + 10
 *         stat.value = False
 *     else:
 *         res = val.value + 20
 *         val.value = 200
 *         stat.value = True
 *     print(f"O resultado da funcao1 é: {res}")
 *     time.sleep(0.001)
 */
static void
funcao1(int *val, bool *stat)
{
	int res;

	if (*stat) {
		res = *val + 10;
		*stat = false;
	} else {
		res = *val + 20;
		*val = 200;     /* writes the shared int: the other process will see it */
		*stat = true;
	}
	printf("O resultado da funcao1 é: %d\n", res);
	sleep_ms(1);
}

/* def funcao2(val, stat): the same with +30 / +40 and val.value = 400. */
static void
funcao2(int *val, bool *stat)
{
	int res;

	if (*stat) {
		res = *val + 30;
		*stat = false;
	} else {
		res = *val + 40;
		*val = 400;
		*stat = true;
	}
	printf("O resultado da funcao2 é: %d\n", res);
	sleep_ms(1);
}

/* One child: wait for its turn if it is second, run its function, let the other go. */
static int
child(struct shared *sh, void (*target)(int *, bool *), bool second)
{
	if (second) {
		while (sem_wait(&sh->first_done) == -1) {
			if (errno != EINTR) {
				sys_error("sem_wait");
				return 1;
			}
		}
	}
	target(&sh->valor, &sh->status);
	if (fflush(stdout) == EOF) {
		sys_error("fflush");
		return 1;
	}
	if (!second && sem_post(&sh->first_done) == -1) {
		sys_error("sem_post");
		return 1;
	}
	return 0;
}

/* Notebook 001: one int and an array of four ints, shared with the child. */
struct shared_va {
	int	valor;          /* valor = Value('i', 0) */
	int	array[4];       /* array = Array('i', [1, 2, 3, 4]) */
};

/*
 * def exemplo(valor, array):
 *     valor.value = 10
 *     for i in range(len(array)):
 *         array[i] = array[i] * 2
 */
static void
exemplo(int *valor, int *array, size_t len)
{
	*valor = 10;
	for (size_t i = 0; i < len; i++)
		array[i] = array[i] * 2;
}

/* Part 2, notebook 001's Value/Array snippet: prints 10 and [2, 4, 6, 8]. */
static int
value_array(void)
{
	struct shared_va *va;
	pid_t pid;
	int status, rc = 0;
	size_t i, n;

	/* valor = Value('i', 0); array = Array('i', [1, 2, 3, 4]) */
	va = mmap(NULL, sizeof *va, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (va == MAP_FAILED) {
		sys_error("mmap");
		return 1;
	}
	n = sizeof va->array / sizeof va->array[0];
	va->valor = 0;
	for (i = 0; i < n; i++)
		va->array[i] = (int)i + 1;

	/* p = Process(target=exemplo, args=(valor, array)); p.start() */
	fflush(stdout);
	pid = fork();
	if (pid == -1) {
		sys_error("fork");
		rc = 1;
		goto out_unmap;
	}
	if (pid == 0) {
		exemplo(&va->valor, va->array, n);
		_exit(0);
	}
	/* p.join() */
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			sys_error("waitpid");
			rc = 1;
			goto out_unmap;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, _("%s: the child running %s failed\n"), prog, "exemplo");
		rc = 1;
		goto out_unmap;
	}
	/* print(valor.value) */
	printf("%d\n", va->valor);
	/* print(array[:]) */
	printf("[");
	for (i = 0; i < n; i++)
		printf("%s%d", i ? ", " : "", va->array[i]);
	printf("]\n");

	printf("\n");
	printf(_("The child (pid %ld) wrote valor = %d and doubled the array; after waitpid()\n"
	    "the parent read those values from the same mmap(MAP_SHARED | MAP_ANONYMOUS)\n"
	    "page: the child's writes were not to a copy, so the parent sees them. Python's\n"
	    "Value and Array are the same thing: ctypes objects in shared memory made\n"
	    "before the child starts (each with a lock the snippet does not need: only one\n"
	    "process writes, and the parent reads only after join()).\n"), (long)pid, va->valor);
out_unmap:
	if (munmap(va, sizeof *va) == -1) {
		sys_error("munmap");
		rc = 1;
	}
	return rc;
}

/* What the two children did to the shared values, and why in that order. */
static void
explain(const struct shared *sh, int first)
{
	printf(_("After both joins the parent reads valor.value = %d, status.value = %s.\n"),
	    sh->valor, sh->status ? "True" : "False");
	if (first == 0)
		printf(_("funcao1 ran first: status was False, so it printed 100 + 20 = 120 and set\n"
		    "valor = 200, status = True. funcao2 then found status True: 200 + 30 = 230.\n"));
	else
		printf(_("funcao2 ran first: status was False, so it printed 100 + 40 = 140 and set\n"
		    "valor = 400, status = True. funcao1 then found status True: 400 + 10 = 410.\n"));
	if (first == 0)
		printf(_("Unlike lesson 04, both children use the same physical memory: mmap() with\n"
		    "MAP_SHARED | MAP_ANONYMOUS before fork(). The order came from a semaphore\n"
		    "(sem_init(&s, 1, 0): pshared = 1; the second child sem_wait()s, the first\n"
		    "sem_post()s when done). Without it the order is up to the scheduler: the\n"
		    "notebook just happened to run funcao1 first. Try --first funcao2.\n"));
	else
		printf(_("Unlike lesson 04, both children use the same physical memory: mmap() with\n"
		    "MAP_SHARED | MAP_ANONYMOUS before fork(). The order came from a semaphore\n"
		    "(sem_init(&s, 1, 0): pshared = 1; the second child sem_wait()s, the first\n"
		    "sem_post()s when done). Without it the order is up to the scheduler: the\n"
		    "notebook just happened to run funcao1 first; --first funcao2 chose the\n"
		    "other order here.\n"));
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "first", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 }
	};
	void (*targets[2])(int *, bool *) = { funcao1, funcao2 };
	const char *names[2] = { "funcao1", "funcao2" };
	struct shared *sh;
	pid_t pids[2] = { -1, -1 };
	int first = 0;          /* index of the function that runs first */
	int c, i, status, rc = 0;

	lesson_i18n();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "funcao1") == 0)
				first = 0;
			else if (strcmp(optarg, "funcao2") == 0)
				first = 1;
			else
				bad_usage(_("--first: '%s' is not funcao1 or funcao2"), optarg);
			break;
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

	/* valor = multiprocessing.Value("i", 100)
	 * status = multiprocessing.Value(ctypes.c_bool, False)
	 * Anonymous shared memory: fork() passes the mapping itself to the children,
	 * not a copy of it. */
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		sys_error("mmap");
		return 1;
	}
	sh->valor = 100;
	sh->status = false;
	/* pshared = 1: the semaphore works between processes (it is in shared memory). */
	if (sem_init(&sh->first_done, 1, 0) == -1) {
		sys_error("sem_init");
		rc = 1;
		goto out_unmap;
	}

	/* pcs = [Process(target=funcao1, args=(valor, status)),
	 *        Process(target=funcao2, args=(valor, status))]
	 * [pc.start() for pc in pcs] */
	for (i = 0; i < 2; i++) {
		fflush(stdout);
		pids[i] = fork();
		if (pids[i] == -1) {
			sys_error("fork");
			rc = 1;
			goto out_reap;
		}
		if (pids[i] == 0)
			_exit(child(sh, targets[i], i != first));
	}

out_reap:
	/* [pc.join() for pc in pcs] */
	for (i = 0; i < 2; i++) {
		if (pids[i] <= 0)
			continue;
		if (rc != 0)    /* fork failed: a child may wait for a turn that never comes */
			kill(pids[i], SIGKILL);
		while (waitpid(pids[i], &status, 0) == -1) {
			if (errno != EINTR) {
				sys_error("waitpid");
				rc = 1;
				break;
			}
		}
		if (rc == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
			fprintf(stderr, _("%s: the child running %s failed\n"), prog, names[i]);
			rc = 1;
		}
	}
	if (rc == 0) {
		printf("\n");
		explain(sh, first);
	}
	if (sem_destroy(&sh->first_done) == -1) {
		sys_error("sem_destroy");
		rc = 1;
	}
out_unmap:
	if (munmap(sh, sizeof *sh) == -1) {
		sys_error("munmap");
		rc = 1;
	}
	if (rc != 0)
		return rc;

	/* ---- Part 2, notebook 001 */
	printf(_("\nNotebook 001, Value('i', 0) and Array('i', [1, 2, 3, 4]):\n"));
	if ((rc = value_array()) == 0)
		lesson_where(stdout, "05-shared-value.c", NULL);
	return rc;
}
