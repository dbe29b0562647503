/* SPDX-License-Identifier: MIT */
/*
 * test_ordered_flags.c: the tests of exercise 02 (ordered flags). Do not change this file.
 *
 * Each trial runs funcao1 and funcao2 in two processes of the test's own, started in
 * the order the test names. funcao1's process is held back: it waits until funcao2's
 * process has called funcao2 and then up to 50 ms more for funcao2 to return, so
 * without synchronization funcao2 computes first on every run. With it, funcao2 waits
 * and the results are 120 then 230.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "labtest.h"
#include "ordered_flags.h"

struct shared {
	struct flags f;                 /* what the student's code works on */
	int	res1, res2;
	int	started2, returned2;
};
static struct shared *sh;
static int out1[2], out2[2];            /* each process's stdout */

static void
init(void)
{
	int value = -1;

	sh = lab_shared(sizeof *sh);
	if (flags_init(&sh->f) == -1) {
		if (errno == ENOSYS)
			lab_fail("flags_init: not written yet: see TODO in ordered_flags.c");
		lab_fail("flags_init returned -1 (%s), expected 0", strerror(errno));
	}
	lab_expect_long("valor after flags_init", 100, sh->f.valor);
	lab_expect_long("status after flags_init", 0, sh->f.status);
	/* glibc: the semaphore's third int is 0 when it is private to one process. */
	if (((const int *)&sh->f.funcao1_done)[2] == 0)
		lab_fail("flags_init: the semaphore is not shared between processes: "
		    "sem_init's second argument (pshared) must be 1");
	if (sem_getvalue(&sh->f.funcao1_done, &value) == -1)
		lab_fail("sem_getvalue on funcao1_done failed (%s): was it set up with sem_init?",
		    strerror(errno));
	if (value != 0)
		lab_fail("flags_init: the semaphore starts at %d, so funcao2 would not wait: "
		    "start it at 0 (sem_init's third argument)", value);
}

static void
to_pipe(int p[2])
{
	if (dup2(p[1], STDOUT_FILENO) == -1)
		lab_fail("test: dup2: %s", strerror(errno));
	close(p[0]);
	close(p[1]);
}

static void
run1(void *arg)
{
	(void)arg;
	to_pipe(out1);
	/* Held back: until funcao2's process is in funcao2, then up to 50 ms more. */
	for (int i = 0; !__atomic_load_n(&sh->started2, __ATOMIC_SEQ_CST) && i < 5000; i++)
		usleep(1000);
	for (int i = 0; !__atomic_load_n(&sh->returned2, __ATOMIC_SEQ_CST) && i < 50; i++)
		usleep(1000);
	sh->res1 = funcao1(&sh->f);
}

static void
run2(void *arg)
{
	(void)arg;
	to_pipe(out2);
	__atomic_store_n(&sh->started2, 1, __ATOMIC_SEQ_CST);
	sh->res2 = funcao2(&sh->f);
	__atomic_store_n(&sh->returned2, 1, __ATOMIC_SEQ_CST);
}

static void
read_output(int p[2], char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	close(p[1]);
	while (len + 1 < size && (n = read(p[0], buf + len, size - 1 - len)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			lab_fail("test: read: %s", strerror(errno));
		}
		len += (size_t)n;
	}
	buf[len] = '\0';
	close(p[0]);
}

static void
join(pid_t pid, const char *fn)
{
	if (lab_join_within(pid, 5000) == LAB_TIMED_OUT)
		lab_fail("deadlock: the process running %s waited more than 5 s: funcao2 should "
		    "wait only until funcao1 posts the semaphore, and funcao1 should not wait", fn);
}

/* One trial; the outputs of the two processes go to out_1 and out_2. */
static void
trial(bool funcao1_first, char *out_1, char *out_2, size_t size)
{
	pid_t p1, p2;
	char e[32], a[32];

	init();
	sh->res1 = sh->res2 = -1;
	if (pipe(out1) == -1 || pipe(out2) == -1)
		lab_fail("test: pipe: %s", strerror(errno));
	if (funcao1_first) {
		p1 = lab_spawn(run1, NULL);
		p2 = lab_spawn(run2, NULL);
	} else {
		p2 = lab_spawn(run2, NULL);
		p1 = lab_spawn(run1, NULL);
	}
	join(p1, "funcao1");
	join(p2, "funcao2");
	read_output(out1, out_1, size);
	read_output(out2, out_2, size);
	snprintf(e, sizeof e, "120 then 230");
	snprintf(a, sizeof a, "%d then %d", sh->res1, sh->res2);
	if (sh->res1 == 410 && sh->res2 == 140)
		lab_fail_values(e, a, "funcao2 ran before funcao1 (funcao2 returned 140, funcao1 "
		    "410): funcao2 must wait on the semaphore until funcao1 has finished, "
		    "whichever process starts first");
	if (sh->res1 == 120 && sh->res2 == 140)
		lab_fail_values(e, a, "funcao2 returned 140: it read valor and status before "
		    "funcao1 had written them: post the semaphore at the end of funcao1");
	if (sh->res1 != 120 || sh->res2 != 230)
		lab_fail_values(e, a, "expected funcao1 to return 120 and funcao2 230, got %d "
		    "and %d", sh->res1, sh->res2);
	if (flags_destroy(&sh->f) == -1)
		lab_fail("flags_destroy returned -1 (%s), expected 0", strerror(errno));
}

static void
test_init(void)
{
	init();
}

static void
test_funcao1_started_first(void)
{
	char o1[512], o2[512];

	for (int t = 0; t < 3; t++)
		trial(true, o1, o2, sizeof o1);
}

static void
test_funcao2_started_first(void)
{
	char o1[512], o2[512];

	for (int t = 0; t < 3; t++)
		trial(false, o1, o2, sizeof o1);
}

static void
expect_line(const char *who, const char *out, const char *line)
{
	if (strstr(out, line) == NULL)
		lab_fail_values(line, out, "%s should print \"%s\" (a line of its own, like the "
		    "notebook), it printed \"%s\"", who, line, out);
}

static void
test_prints(void)
{
	char o1[512], o2[512];

	trial(lab_random_below(2) == 0, o1, o2, sizeof o1);
	expect_line("funcao1", o1, "O resultado da funcao1 é: 120\n");
	expect_line("funcao2", o2, "O resultado da funcao2 é: 230\n");
}

LAB_MAIN(LAB_TEST(init), LAB_TEST(funcao1_started_first), LAB_TEST(funcao2_started_first),
    LAB_TEST(prints))
