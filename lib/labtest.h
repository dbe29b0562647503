/*
 * labtest.h: what an exercise's test harness uses. Students never include it.
 *
 * A harness is one C file with test functions and a LAB_MAIN table:
 *
 *	static void test_one_worker(void) { ... lab_expect_int(...); }
 *	LAB_MAIN(LAB_TEST(one_worker), LAB_TEST(many_workers))
 *
 * The grader runs it once per test case:   harness TESTNAME
 * and lists the tests with:                harness --list
 * Environment (set by the grader; defaults make a harness runnable by hand):
 *	PROCLAB_SEED       seed of this run (decimal; default 1)
 *	PROCLAB_DELAY_US   upper bound of injected delays in microseconds (0: none; default 0)
 *	PROCLAB_RESULT_FD  fd that receives the verdict record (default: none, stdout gets a copy)
 *
 * Verdict record (text, one "key value" per line, written once by the harness process):
 *	status passed|failed
 *	message <one line a student understands>
 *	expected <value>          (optional)
 *	actual <value>            (optional)
 * A test passes only when the harness process wrote "status passed"; a run that exits
 * without a record (the student's code called exit) is a failure the grader explains.
 *
 * Link-time wrapping (-Wl,--wrap=SYMBOL for each of LAB_WRAPPED): the student's calls to
 * these functions go through the runtime, which counts them in shared memory (visible
 * to all processes of the run) and, under grading, injects seeded random delays around
 * them so races are exposed. read and write may also be split into short transfers.
 */
#ifndef PROCLAB_LABTEST_H
#define PROCLAB_LABTEST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define LAB_WRAPPED \
	"fork", "waitpid", "wait", \
	"pthread_mutex_lock", "pthread_mutex_unlock", \
	"sem_wait", "sem_post", \
	"pthread_cond_wait", "pthread_cond_signal", "pthread_cond_broadcast", \
	"read", "write"

struct lab_test {
	const char	*name;
	void		(*fn)(void);
};
#define LAB_TEST(n) { #n, test_##n }
#define LAB_MAIN(...)							\
	int main(int argc, char **argv) {				\
		static const struct lab_test lab_tests_[] = { __VA_ARGS__ }; \
		return lab_main(argc, argv, lab_tests_,			\
		    sizeof lab_tests_ / sizeof lab_tests_[0]);		\
	}
int lab_main(int, char **, const struct lab_test *, size_t);

/* Failing: the message says what was wrong in the student's terms. Never returns. */
__attribute__((noreturn, format(printf, 1, 2)))
void lab_fail(const char *fmt, ...);
__attribute__((noreturn, format(printf, 3, 4)))
void lab_fail_values(const char *expected, const char *actual, const char *fmt, ...);
/* Fails with "WHAT: expected E, got A" (and the values in the record). */
void lab_expect_long(const char *what, long expected, long actual);
void lab_expect_str(const char *what, const char *expected, const char *actual);
/* Fails when the calling process still has a child (zombie or running). */
void lab_expect_no_children(const char *after_what);

/* Zeroed memory shared by every process forked afterwards (MAP_SHARED|MAP_ANONYMOUS). */
void *lab_shared(size_t);

/* Seeded randomness: same seed, same sequence in the harness process. */
uint64_t lab_seed(void);
uint64_t lab_random(void);              /* next number of this process's stream */
void lab_delay(void);                   /* an injected delay (0..PROCLAB_DELAY_US), maybe a yield */

/* What the student's code did, counted by the wrappers across all processes. */
struct lab_counts {
	long	forks;              /* successful fork() calls */
	long	fork_failures;
	long	reaps;              /* children reaped by wait/waitpid */
	long	mutex_locks;
	long	mutex_unlocks;
	long	sem_waits;
	long	sem_posts;
	long	cond_waits;
	long	cond_signals;       /* signal + broadcast */
	long	reads;
	long	writes;
	long	thinks;             /* lab_think() calls */
};
struct lab_counts lab_counts(void);     /* a snapshot */
void lab_counts_reset(void);

#endif
