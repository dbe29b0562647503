/* SPDX-License-Identifier: MIT */
/*
 * judge_limit.c: the judge of exercise 10 (at most K workers inside at once). It chooses
 * N, K and the rounds of every test from the seed and decides from what test_limit.c
 * reports: how many workers were inside the section at once, how many sections each
 * worker ran, how the call ended and what it left behind. Where the report says where
 * the semaphore was (the address given to sem_init: in a shared or a private mapping,
 * its pshared and value, which process initialised it), a failure names it; that never
 * decides a test on its own.
 */
#include "judge.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define MAX_WORKERS	16
#define DEADLINE_S	2

enum { RETURNED, DEADLINE, CALLER_KILLED, CALLER_EXITED };
enum { SEM_NONE, SEM_SHARED_MAP, SEM_PRIVATE_MAP, SEM_UNKNOWN_MAP };

static const struct judge_report reports[] = {
	JUDGE_LONG("outcome", RETURNED, CALLER_EXITED),
	JUDGE_LONG("how", 0, 255),
	JUDGE_LONG("max_inside", 0, LONG_MAX),
	JUDGE_LONG("sections", 0, LONG_MAX),
	JUDGE_LONG("inside", LONG_MIN, LONG_MAX),
	JUDGE_LONGS("calls", 0, LONG_MAX, MAX_WORKERS),
	JUDGE_LONG("bad_worker", LONG_MIN, LONG_MAX),
	JUDGE_LONG("in_driver", 0, MAX_WORKERS),
	JUDGE_LONG("same_process", 0, MAX_WORKERS * MAX_WORKERS),
	JUDGE_LONG("forks", 0, LONG_MAX),
	JUDGE_LONG("sem_waits", 0, LONG_MAX),
	JUDGE_LONG("sem_posts", 0, LONG_MAX),
	JUDGE_LONG("mutex_locks", 0, LONG_MAX),
	JUDGE_LONG("sem_inits", 0, LONG_MAX),
	JUDGE_LONG("sem_memory", SEM_NONE, SEM_UNKNOWN_MAP),
	JUDGE_LONG("sem_pshared", INT_MIN, INT_MAX),
	JUDGE_LONG("sem_value", 0, UINT_MAX),
	JUDGE_LONG("sem_in_worker", 0, 1),
	JUDGE_LONG("ret", INT_MIN, INT_MAX),
	JUDGE_LONG("errno", 0, INT_MAX),
	JUDGE_LONG("children", 0, 2),
	JUDGE_LONGS("rets", INT_MIN, INT_MAX, 4),
	JUDGE_LONGS("errnos", 0, INT_MAX, 4),
};

/* ------------------------------------------------------------ plans */

static void
plan(struct judge *j, long nworkers, long k, long rounds)
{
	judge_input_long(j, "nworkers", nworkers);
	judge_input_long(j, "k", k);
	judge_input_long(j, "rounds", rounds);
}

static void
plan_one_at_a_time(struct judge *j)
{
	plan(j, 3, 1, 3);
}

static void
plan_three_of_six(struct judge *j)
{
	plan(j, 6, 3, 4);
}

static void
plan_varied(struct judge *j)
{
	long k = 2 + (long)judge_random_below(j, 3);            /* 2..4 */

	plan(j, k + 2 + (long)judge_random_below(j, 3), k, 3);  /* k+2..k+4 workers */
}

static void
plan_all_fit(struct judge *j)
{
	plan(j, 3, 5, 2);
}

/* One of 4 workers ends with status 3 in its first section, keeping its unit: K = 2 lets
 * the others go on, one at a time. */
static void
plan_worker_fails(struct judge *j)
{
	plan(j, 4, 2, 2);
	judge_input_long(j, "fail_worker", (long)judge_random_below(j, 4));
}

/* Three calls, each with one invalid argument (0 or below, or negative rounds). */
static void
plan_bad_arguments(struct judge *j)
{
	long nw[3], k[3], rounds[3];

	for (int i = 0; i < 3; i++) {
		nw[i] = 1 + (long)judge_random_below(j, 6);
		k[i] = 1 + (long)judge_random_below(j, 4);
		rounds[i] = (long)judge_random_below(j, 4);
	}
	nw[0] = -(long)judge_random_below(j, 3);                /* 0, -1 or -2 */
	k[1] = -(long)judge_random_below(j, 3);
	rounds[2] = -1 - (long)judge_random_below(j, 3);
	judge_input_longs(j, "nworkers", nw, 3);
	judge_input_longs(j, "k", k, 3);
	judge_input_longs(j, "rounds", rounds, 3);
}

/* ------------------------------------------------------------ what the run showed */

struct run {
	long	nworkers, k, rounds, want;
	long	outcome, how, max_inside, sections, inside, bad_worker, in_driver, same;
	long	forks, sem_waits, sem_posts, mutex_locks;
	long	sem_inits, sem_memory, sem_pshared, sem_value, sem_in_worker;
	long	ret, err, children;
	const long *calls;
	size_t	ncalls;
};

static bool
get_run(struct judge *j, struct run *r)
{
	memset(r, 0, sizeof *r);
	r->nworkers = judge_in_long(j, "nworkers");
	r->k = judge_in_long(j, "k");
	r->rounds = judge_in_long(j, "rounds");
	r->want = r->k < r->nworkers ? r->k : r->nworkers;
	r->outcome = judge_long(j, "outcome");
	r->how = judge_long(j, "how");
	r->max_inside = judge_long(j, "max_inside");
	r->sections = judge_long(j, "sections");
	r->inside = judge_long(j, "inside");
	r->calls = judge_longs(j, "calls", &r->ncalls);
	r->bad_worker = judge_long(j, "bad_worker");
	r->in_driver = judge_long(j, "in_driver");
	r->same = judge_long(j, "same_process");
	r->forks = judge_long(j, "forks");
	r->sem_waits = judge_long(j, "sem_waits");
	r->sem_posts = judge_long(j, "sem_posts");
	r->mutex_locks = judge_long(j, "mutex_locks");
	r->sem_inits = judge_long(j, "sem_inits");
	if (r->sem_inits > 0) {
		r->sem_memory = judge_long(j, "sem_memory");
		r->sem_pshared = judge_long(j, "sem_pshared");
		r->sem_value = judge_long(j, "sem_value");
		r->sem_in_worker = judge_long(j, "sem_in_worker");
	}
	if (!judge_failed(j) && r->ncalls != (size_t)r->nworkers)
		judge_fail(j, "the test reported %zu workers' sections of %ld", r->ncalls,
		    r->nworkers);
	if (judge_failed(j) || r->outcome != RETURNED)
		return !judge_failed(j);
	r->ret = judge_long(j, "ret");
	r->err = judge_long(j, "errno");
	r->children = judge_long(j, "children");
	return !judge_failed(j);
}

/* ------------------------------------------------------------ deciding */

/* run_limited did not return within DEADLINE_S, the workers having stopped coming in:
 * what the run shows of why. */
static void
stuck(struct judge *j, const struct run *r)
{
	long total = r->nworkers * r->rounds;

	if (r->inside > 0 || r->sections >= total)
		judge_fail(j, "run_limited did not return within %d s (%ld of %ld sections ran): "
		    "does the parent wait for a child that never ends?", DEADLINE_S, r->sections,
		    total);
	else if (r->sem_inits > 0 && r->sem_pshared == 0 && r->sem_memory == SEM_SHARED_MAP)
		judge_fail(j, lab_ngettext("run_limited did not return within %d s (%ld of %ld "
		    "sections ran); the other workers stayed blocked, though every worker that "
		    "went in came out again (sem_post was called %ld time): that sem_post did "
		    "not wake them. The semaphore was initialised with sem_init(s, 0, ...): pshared 0 "
		    "makes it private to one process, so a sem_post in one worker never wakes a "
		    "worker of another: give sem_init 1", "run_limited did not return within %d s "
		    "(%ld of %ld sections ran); the other workers stayed blocked, though every "
		    "worker that went in came out again (sem_post was called %ld times): none of "
		    "those sem_posts woke them. The semaphore was initialised with sem_init(s, 0, "
		    "...): pshared 0 makes it private to one process, so a sem_post in one worker "
		    "never wakes a worker of another: give sem_init 1",
		    (unsigned long)r->sem_posts), DEADLINE_S, r->sections, total, r->sem_posts);
	else if (r->sem_posts < r->sem_waits)
		judge_fail(j, "run_limited did not return within %d s (%ld of %ld sections ran), "
		    "and the workers are stuck in sem_wait: every sem_wait needs its sem_post "
		    "after the section (waits that took the semaphore: %ld, calls of sem_post: "
		    "%ld)", DEADLINE_S, r->sections, total, r->sem_waits, r->sem_posts);
	else if (r->sem_inits > 0 && r->sem_value == 0)
		judge_fail(j, "run_limited did not return within %d s (%ld of %ld sections ran), "
		    "and the other workers stayed blocked with nobody inside the section: the "
		    "semaphore was initialised with the value 0, so no worker can pass sem_wait "
		    "until someone posts", DEADLINE_S, r->sections, total);
	else
		judge_fail(j, "run_limited did not return within %d s (%ld of %ld sections ran); "
		    "the other workers stayed blocked with nobody inside the section: are they "
		    "waiting for something nobody gives back?", DEADLINE_S, r->sections, total);
}

/* Did run_limited return? Fails with what happened otherwise. */
static bool
returned(struct judge *j, const struct run *r)
{
	switch (r->outcome) {
	case DEADLINE:
		stuck(j, r);
		return false;
	case CALLER_KILLED:
		judge_fail(j, "the process that called run_limited was killed by signal %ld "
		    "(%s)", r->how, lab_strsignal((int)r->how));
		return false;
	case CALLER_EXITED:
		judge_fail(j, "run_limited did not return: the process that called it ended "
		    "with exit status %ld (exit() in the parent? only the workers end, with "
		    "_exit)", r->how);
		return false;
	}
	if (r->ret == -1 && r->err == ENOSYS)
		judge_fail(j, "run_limited: not written yet: see the TODO in limit.c");
	else if (r->ret != 0)
		judge_fail(j, "run_limited returned %ld (errno: %s), expected 0", r->ret,
		    lab_strerror((int)r->err));
	return !judge_failed(j);
}

/* More than k inside at once: the observation, and what sem_init showed. */
static void
too_many(struct judge *j, const struct run *r)
{
	if (r->sem_inits == 0)
		judge_fail(j, "%ld workers were inside the section at the same moment, but at "
		    "most %ld may be: the limit let more than %ld in", r->max_inside, r->k, r->k);
	else if (r->sem_in_worker)
		judge_fail(j, "%ld workers were inside the section at the same moment, but at "
		    "most %ld may be. sem_init was called in a worker (or after the first fork), "
		    "so the workers did not all use one semaphore: set it up once, before the "
		    "first fork", r->max_inside, r->k);
	else if (r->sem_memory == SEM_PRIVATE_MAP)
		judge_fail(j, "%ld workers were inside the section at the same moment, but at "
		    "most %ld may be. The semaphore given to sem_init is in the private memory of "
		    "the process that called run_limited (not in a MAP_SHARED mapping: a local or "
		    "global variable, malloc, or mmap with MAP_PRIVATE), so fork gave each worker "
		    "its own copy of it, each starting at %ld: a worker's sem_wait counted only "
		    "that worker. Put the sem_t in memory from mmap(MAP_SHARED | MAP_ANONYMOUS) "
		    "made before the first fork (pshared 1 alone does not share it)",
		    r->max_inside, r->k, r->sem_value);
	else if (r->sem_value > r->k)
		judge_fail(j, "%ld workers were inside the section at the same moment, but at "
		    "most %ld may be: the semaphore was initialised with the value %ld, and k is "
		    "%ld: that many workers pass sem_wait before one has to wait", r->max_inside,
		    r->k, r->sem_value, r->k);
	else
		judge_fail(j, "%ld workers were inside the section at the same moment, but at "
		    "most %ld may be: the limit let more than %ld in", r->max_inside, r->k, r->k);
}

/* Never k inside together (never fewer than one: workers() saw every section run). */
static void
too_few(struct judge *j, const struct run *r)
{
	unsigned long n = (unsigned long)r->max_inside;

	if (r->sem_inits > 0 && r->sem_value < r->want && r->sem_value > 0)
		judge_fail(j, lab_ngettext("at most %ld worker was inside the section at once, "
		    "but %ld may be: the limit must let %ld workers in together (the semaphore "
		    "was initialised with the value %ld)", "at most %ld workers were inside the "
		    "section at once, but %ld may be: the limit must let %ld workers in together "
		    "(the semaphore was initialised with the value %ld)", n), r->max_inside,
		    r->want, r->want, r->sem_value);
	else if (r->mutex_locks > 0 && r->max_inside == 1)
		judge_fail(j, lab_ngettext("at most %ld worker was inside the section at once, "
		    "but %ld may be: the limit must let %ld workers in together (a mutex was "
		    "locked %ld time: a mutex lets only one in)", "at most %ld worker was inside "
		    "the section at once, but %ld may be: the limit must let %ld workers in "
		    "together (a mutex was locked %ld times: a mutex lets only one in)",
		    (unsigned long)r->mutex_locks), r->max_inside, r->want, r->want,
		    r->mutex_locks);
	else
		judge_fail(j, lab_ngettext("at most %ld worker was inside the section at once, "
		    "but %ld may be: the limit must let %ld workers in together (a mutex, or a "
		    "semaphore initialised to 1, lets only one in)", "at most %ld workers were "
		    "inside the section at once, but %ld may be: the limit must let %ld workers "
		    "in together (a mutex, or a semaphore initialised to 1, lets only one in)", n),
		    r->max_inside, r->want, r->want);
}

/* The workers: processes of their own, each with its rounds. */
static void
workers(struct judge *j, const struct run *r)
{
	if (r->bad_worker != 0)
		judge_fail(j, "section() was called with worker %ld: workers are numbered 0 to "
		    "%ld", r->bad_worker - 1, r->nworkers - 1);
	else if (r->forks != r->nworkers)
		judge_fail(j, lab_ngettext("run_limited started %ld process for %ld workers: "
		    "start exactly one child process per worker", "run_limited started %ld "
		    "processes for %ld workers: start exactly one child process per worker",
		    (unsigned long)r->forks), r->forks, r->nworkers);
	else if (r->in_driver > 0)
		judge_fail(j, lab_ngettext("%ld worker ran in the process that called "
		    "run_limited: each worker must be a child process", "%ld workers ran in the "
		    "process that called run_limited: each worker must be a child process",
		    (unsigned long)r->in_driver), r->in_driver);
	else if (r->same != 0)
		judge_fail(j, "workers %ld and %ld ran in the same process: each worker must be "
		    "a process of its own", (r->same - 1) / MAX_WORKERS,
		    (r->same - 1) % MAX_WORKERS);
	for (long i = 0; i < r->nworkers && !judge_failed(j); i++)
		if (r->calls[i] != r->rounds)
			judge_fail(j, lab_ngettext("worker %ld called section() %ld time, "
			    "expected %ld (rounds)", "worker %ld called section() %ld times, "
			    "expected %ld (rounds)", (unsigned long)r->calls[i]), i, r->calls[i],
			    r->rounds);
}

static void
decide_run(struct judge *j)
{
	struct run r;

	if (!get_run(j, &r) || !returned(j, &r))
		return;
	if (r.children == 1)
		judge_fail(j, "zombie: after run_limited returned, a worker had ended but was "
		    "never reaped: wait for every worker you started");
	else if (r.children == 2)
		judge_fail(j, "after run_limited returned, a worker was still running: wait for "
		    "every worker before returning");
	else
		workers(j, &r);
	if (judge_failed(j))
		return;
	if (r.max_inside > r.k)
		too_many(j, &r);
	else if (r.max_inside < r.want)
		too_few(j, &r);
}

#define decide_one_at_a_time decide_run
#define decide_three_of_six decide_run
#define decide_varied decide_run
#define decide_all_fit decide_run

/* What a caller sees when a worker fails: -1, once every worker has ended and been
 * reaped; the other workers ran all their rounds. */
static void
decide_worker_fails(struct judge *j)
{
	struct run r;
	long f = judge_in_long(j, "fail_worker");

	if (!get_run(j, &r))
		return;
	if (r.outcome != RETURNED) {
		(void)returned(j, &r);
		return;
	}
	if (r.ret == -1 && r.err == ENOSYS)
		judge_fail(j, "run_limited: not written yet: see the TODO in limit.c");
	else if (r.ret != -1)
		judge_fail(j, "worker %ld ended with exit status 3, yet run_limited returned "
		    "%ld: it returns -1 when a worker did not end with status 0 (look at each "
		    "status wait gives back: WIFEXITED and WEXITSTATUS)", f, r.ret);
	else if (r.children == 1)
		judge_fail(j, "zombie: after a worker failed, run_limited returned -1 with a "
		    "worker that had ended but was never reaped: wait for every worker, even "
		    "after one failed");
	else if (r.children == 2)
		judge_fail(j, "after a worker failed, run_limited returned -1 while another "
		    "worker was still running: wait for every worker, even after one failed");
	for (long i = 0; i < r.nworkers && !judge_failed(j); i++)
		if (i != f && r.calls[i] != r.rounds)
			judge_fail(j, lab_ngettext("worker %ld called section() %ld time, expected "
			    "%ld (rounds): a worker that fails must not stop the others",
			    "worker %ld called section() %ld times, expected %ld (rounds): a "
			    "worker that fails must not stop the others",
			    (unsigned long)r.calls[i]), i, r.calls[i], r.rounds);
	if (!judge_failed(j) && r.max_inside > r.k)
		too_many(j, &r);
}

static void
decide_bad_arguments(struct judge *j)
{
	size_t n, nr, ne;
	const long *nw = judge_in_longs(j, "nworkers", &n), *k = judge_in_longs(j, "k", &n);
	const long *rounds = judge_in_longs(j, "rounds", &n);
	const long *rets = judge_longs(j, "rets", &nr), *errs = judge_longs(j, "errnos", &ne);
	long forks = judge_long(j, "forks"), children = judge_long(j, "children");

	if (judge_failed(j))
		return;
	if (nr != n || ne != n) {
		judge_fail(j, "the test reported %zu calls of %zu", nr, n);
		return;
	}
	for (size_t i = 0; i < n && !judge_failed(j); i++) {
		if (rets[i] == -1 && errs[i] == EINVAL)
			continue;
		if (errs[i] == ENOSYS)
			judge_fail(j, "run_limited: not written yet: see the TODO in limit.c");
		else
			judge_fail(j, "run_limited(%ld, %ld, %ld, ...) returned %ld with errno "
			    "\"%s\": expected -1 with errno EINVAL", nw[i], k[i], rounds[i],
			    rets[i], lab_strerror((int)errs[i]));
	}
	if (!judge_failed(j) && forks != 0)
		judge_fail(j, lab_ngettext("run_limited started %ld process although its "
		    "arguments were invalid", "run_limited started %ld processes although its "
		    "arguments were invalid", (unsigned long)forks), forks);
	else if (!judge_failed(j) && children != 0)
		judge_fail(j, "after run_limited with invalid arguments, a child process was "
		    "left behind");
}

JUDGE_MAIN(reports, JUDGE_PLANNED(one_at_a_time), JUDGE_PLANNED(three_of_six),
    JUDGE_PLANNED(varied), JUDGE_PLANNED(all_fit), JUDGE_PLANNED(worker_fails),
    JUDGE_PLANNED(bad_arguments))
