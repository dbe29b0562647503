/* SPDX-License-Identifier: MIT */
/*
 * labtest.h: what an exercise's test harness uses. Students never include it.
 *
 * A harness is one C file with test functions and a LAB_MAIN table:
 *
 *	static void test_one_worker(void) { ... lab_report_long("total", t); }
 *	LAB_MAIN(LAB_TEST(one_worker), LAB_TEST(many_workers))
 *
 * A harness never decides that a test passed: it drives the student's code and reports
 * what it observed. The exercise's judge (judge_NAME.c, see judge.h), a program that never
 * loads the student's code, chose the test's inputs and decides from the reports. A
 * harness may still fail a test itself (lab_fail, lab_expect_*): a failure can only cost
 * the student's own run, so it is safe to take from a process the student shares.
 *
 * The grader runs it once per test case:   harness TESTNAME [NAME=VALUE ...]
 * (the inputs the judge chose; VALUE is a whole number, or numbers separated by commas)
 * and lists the tests with:                harness --list
 * Environment (set by the grader; defaults make a harness runnable by hand):
 *	PROCLAB_SEED       seed of this run (decimal; default 1)
 *	PROCLAB_DELAY_US   upper bound of injected delays in microseconds (0: none; default 0)
 *	PROCLAB_RESULT_FD  fd that receives the report (default: none, stdout gets a copy)
 *	PROCLAB_THINK_US   lab_think()'s base sleep in microseconds (default 1000; a harness
 *	                   may set it with lab_set_think_us)
 *	PROCLAB_LOCALEDIR  where the message catalog is, with LANGUAGE: the student's language
 *	                   (default: none, the messages stay English; see "Messages" below)
 *
 * The report (text, one "keyword value" line each, written by the harness process only):
 *	test NAME                 first, once
 *	report NAME VALUE...      what lab_report_* observed, each NAME once
 *	failed MESSAGE            the harness failed the test (lab_fail), with optional
 *	expected VALUE / actual VALUE
 *	done                      last: the test function returned and nothing failed
 * A run without "done" or "failed" ended early (the student's code called exit); the
 * judge explains it. The first failure of a run wins, whichever process had it: lab_fail
 * in a child process (one the harness or the student's code forked) stores its message in
 * shared memory and _exits 1; the harness process reports it (at lab_join, when the test
 * function returns, or at its own failure). A child that returns from the student's
 * function into the test function and back to lab_main fails the test; exit() called
 * in the harness process during the test writes a failed record.
 * Exit status of a harness: 0 done, 1 failed, 2 usage (unknown test, bad environment value,
 * missing input), 3 runtime error (a system call of the runtime failed:
 * "proclab runtime: mmap: ..." on stderr).
 *
 * Link-time wrapping (-Wl,--wrap=SYMBOL for each of LAB_WRAPPED): the student's calls to
 * these functions go through the runtime, which counts them in shared memory (visible
 * to all processes of the run) and, under grading, injects seeded random delays around
 * them so races are exposed. A behaviour is counted, not a call name: every legitimate
 * way of doing it is wrapped and counts the same (struct lab_counts):
 *	fork                                           forks (fork_failures)
 *	wait, waitpid, wait3, wait4, waitid            reaps: a child that exited or was
 *	                                               killed (waitid's WNOWAIT reaps none)
 *	pthread_mutex_lock, _trylock, _timedlock,      mutex_locks, when it got the lock
 *	_clocklock; pthread_mutex_unlock               mutex_unlocks
 *	sem_wait, sem_trywait, sem_timedwait,          sem_waits, when it took one;
 *	sem_clockwait; sem_post                        sem_posts
 *	pthread_cond_wait, _timedwait, _clockwait      cond_waits (every call, timed out too)
 *	pthread_cond_signal, _broadcast                cond_signals
 *	read, readv, recv, recvfrom, recvmsg           reads (that did not fail)
 *	write, writev, send, sendto, sendmsg           writes (that did not fail)
 * Not wrapped: stdio (fread, fwrite, printf), pread/pwrite, spin locks, pthread_join,
 * and the __*64 names a 32-bit build with _TIME_BITS=64 calls for the timed forms.
 * Delays (lab_delay) come before fork and after it in both processes, before every lock,
 * sem wait and transfer, after unlock/sem_post/cond_signal/broadcast. Under grading a
 * read of N > 1 bytes (any form, but recv with MSG_WAITALL) is shortened to 1..N-1
 * bytes, and a write of more than PIPE_BUF bytes likewise, with lab_set_short_io's
 * chance (default 50%): the vector forms (readv, writev, recvmsg, sendmsg) get a copy of
 * their list trimmed to that total. Writes of at most PIPE_BUF bytes stay whole (POSIX
 * makes them atomic on pipes), nothing on the record's fd is split, nor anything on a
 * datagram or seqpacket socket (a shorter buffer would cut a message, not a stream).
 * Under grading a condition wait (any form) also returns 0 now and then without any
 * signal (lab_set_spurious_wakeups' chance, default 10%), as POSIX allows: it unlocks the
 * mutex, waits a random delay and locks it again, so a wait not in a `while` loop that
 * re-checks its condition goes on too early. It is counted as a cond wait, not a lock.
 * Counts are of successful calls. The harness's own calls are counted too, except those
 * of lab_spawn/lab_join and those a harness makes through __real_NAME (declare it: the
 * real call, neither counted, delayed nor split).
 */
#ifndef PROCLAB_LABTEST_H
#define PROCLAB_LABTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The wrapped calls, once (an X-macro: X(return type, name, parameter list)). The runtime
 * declares __real_NAME and __wrap_NAME from it, the grader links with --wrap=NAME for each,
 * and the build makes lib/lab-wrap.flags from these lines for its own tests.
 */
#define LAB_WRAPPED_CALLS(X) \
	X(pid_t, fork, (void)) \
	X(pid_t, waitpid, (pid_t, int *, int)) \
	X(pid_t, wait, (int *)) \
	X(pid_t, wait3, (int *, int, struct rusage *)) \
	X(pid_t, wait4, (pid_t, int *, int, struct rusage *)) \
	X(int, waitid, (idtype_t, id_t, siginfo_t *, int)) \
	X(int, pthread_mutex_lock, (pthread_mutex_t *)) \
	X(int, pthread_mutex_trylock, (pthread_mutex_t *)) \
	X(int, pthread_mutex_timedlock, (pthread_mutex_t *, const struct timespec *)) \
	X(int, pthread_mutex_clocklock, (pthread_mutex_t *, clockid_t, const struct timespec *)) \
	X(int, pthread_mutex_unlock, (pthread_mutex_t *)) \
	X(int, sem_wait, (sem_t *)) \
	X(int, sem_trywait, (sem_t *)) \
	X(int, sem_timedwait, (sem_t *, const struct timespec *)) \
	X(int, sem_clockwait, (sem_t *, clockid_t, const struct timespec *)) \
	X(int, sem_post, (sem_t *)) \
	X(int, pthread_cond_wait, (pthread_cond_t *, pthread_mutex_t *)) \
	X(int, pthread_cond_timedwait, (pthread_cond_t *, pthread_mutex_t *, \
	    const struct timespec *)) \
	X(int, pthread_cond_clockwait, (pthread_cond_t *, pthread_mutex_t *, clockid_t, \
	    const struct timespec *)) \
	X(int, pthread_cond_signal, (pthread_cond_t *)) \
	X(int, pthread_cond_broadcast, (pthread_cond_t *)) \
	X(ssize_t, read, (int, void *, size_t)) \
	X(ssize_t, readv, (int, const struct iovec *, int)) \
	X(ssize_t, recv, (int, void *, size_t, int)) \
	X(ssize_t, recvfrom, (int, void *, size_t, int, struct sockaddr *, socklen_t *)) \
	X(ssize_t, recvmsg, (int, struct msghdr *, int)) \
	X(ssize_t, write, (int, const void *, size_t)) \
	X(ssize_t, writev, (int, const struct iovec *, int)) \
	X(ssize_t, send, (int, const void *, size_t, int)) \
	X(ssize_t, sendto, (int, const void *, size_t, int, const struct sockaddr *, socklen_t)) \
	X(ssize_t, sendmsg, (int, const struct msghdr *, int)) \
	X(int, poll, (struct pollfd *, nfds_t, int)) \
	X(int, semop, (int, struct sembuf *, size_t)) \
	X(int, semtimedop, (int, struct sembuf *, size_t, const struct timespec *)) \
	X(unsigned, sleep, (unsigned)) \
	X(int, usleep, (useconds_t)) \
	X(int, nanosleep, (const struct timespec *, struct timespec *)) \
	X(int, clock_nanosleep, (clockid_t, int, const struct timespec *, struct timespec *)) \
	X(int, sched_yield, (void)) \
	X(void, _exit, (int))
#define LAB_WRAPPED_NAME_(ret, name, params) #name,
#define LAB_WRAPPED LAB_WRAPPED_CALLS(LAB_WRAPPED_NAME_)

/*
 * The grader's side of the protocol, once: the environment a harness reads and the
 * verdict record it writes (see above).
 */
#define LAB_ENV_SEED		"PROCLAB_SEED"
#define LAB_ENV_DELAY_US	"PROCLAB_DELAY_US"
#define LAB_ENV_THINK_US	"PROCLAB_THINK_US"
#define LAB_ENV_RESULT_FD	"PROCLAB_RESULT_FD"
#define LAB_ENV_LOCALEDIR	"PROCLAB_LOCALEDIR"
#define LAB_TEXTDOMAIN		"proclab"       /* the catalog's name: the command's own */
#define LAB_RESULT_FD		3       /* the descriptor the grader gives the record */
#define LAB_RESULT_FD_STR	"3"
#define LAB_REPORT_TEST		"test"
#define LAB_REPORT_VALUE	"report"
#define LAB_REPORT_FAILED	"failed"
#define LAB_REPORT_EXPECTED	"expected"
#define LAB_REPORT_ACTUAL	"actual"
#define LAB_REPORT_DONE		"done"
#define LAB_REPORT_MAX		(256 * 1024)    /* bytes of a report the grader reads */
/* A crashing process's last line on stderr: "proclab-crash SIGNAL PC CALLER..." (lab-crash.c) */
/* The harness's own crash, on purpose (a task that kills its worker): signal SIG with its
 * default action and no crash line, so that the report never says where "it crashed". */
void lab_crash_on_purpose(int sig) __attribute__((noreturn));
#define LAB_CRASH_LINE		"proclab-crash"
/* The judge's verdict record (judge to grader): "status passed|failed|incomplete",
 * then "message", "expected", "actual" lines. */
#define LAB_KEY_STATUS		"status"
#define LAB_KEY_MESSAGE		"message"
#define LAB_KEY_EXPECTED	"expected"
#define LAB_KEY_ACTUAL		"actual"
#define LAB_STATUS_PASSED	"passed"
#define LAB_STATUS_FAILED	"failed"
#define LAB_STATUS_INCOMPLETE	"incomplete"    /* no "done" and no failure: ended early */

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

/*
 * Messages (harnesses and judges alike): every message a student reads is a msgid of the
 * "proclab" catalog (po/POTFILES.in lists the exercise's files). The format of lab_fail,
 * lab_fail_values, judge_fail and judge_fail_values and the WHAT of lab_expect_* and
 * judge_expect_long are translated by those functions (xgettext knows them as keywords):
 * write one whole sentence per message with its printf arguments, never one built from
 * pieces. Other text goes through _("...") where it is used, N_("...") in a static table
 * (and _() where shown), lab_ngettext(one, many, n) where a count is printed,
 * lab_strerror(err) and lab_strsignal(sig) where a system error or a signal is named. A
 * comment starting with TRANSLATORS: just before the call reaches the translator.
 */
__attribute__((format_arg(1)))
const char *lab_gettext(const char *msgid);
__attribute__((format_arg(1), format_arg(2)))
const char *lab_ngettext(const char *one, const char *many, unsigned long n);
void lab_gettext_load(void);    /* maps the catalog now (lab_main: before the test forks) */
/* strerror and strsignal in the same language (glibc's own translation, where it has one):
 * a message that quotes a system error or a signal's name uses these. */
const char *lab_strerror(int err);
const char *lab_strsignal(int sig);
#ifndef _
#define _(s)	lab_gettext(s)
#endif
#ifndef N_
#define N_(s)	s
#endif

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
/* The calling process's children, looked at without reaping any (waitid WNOWAIT):
 * LAB_CHILDREN_NONE, LAB_CHILDREN_UNREAPED (one has ended and was never waited for; its
 * pid in *ENDED when not NULL) or LAB_CHILDREN_RUNNING (every one still runs). */
enum { LAB_CHILDREN_NONE, LAB_CHILDREN_UNREAPED, LAB_CHILDREN_RUNNING };
long lab_children_left(pid_t *ended);

/* Zeroed memory shared by every process forked afterwards (MAP_SHARED|MAP_ANONYMOUS). */
void *lab_shared(size_t);
/* Under the scheduler: a variable in lab_shared memory (a signed integer of SIZE bytes) the
 * scheduler reads at each point, so that a failure can say which write lost which update.
 * Up to 32 per run; elsewhere it does nothing. LAB_WATCH(name, lvalue) is the short form. */
void lab_watch(const char *name, const void *addr, size_t size);
#define LAB_WATCH(name, lvalue)	lab_watch((name), &(lvalue), sizeof (lvalue))
/* Under the scheduler: a variable (a signed integer of SIZE bytes, in any memory the
 * process can read) the task says is changed only while holding a lock. A change this
 * process makes while it holds no mutex and no semaphore fails the test, naming the call
 * before it. Up to 4 per process, from the call on; elsewhere it does nothing. */
void lab_watch_locked(const char *name, const void *addr, size_t size);
#define LAB_WATCH_LOCKED(name, lvalue)	lab_watch_locked((name), &(lvalue), sizeof (lvalue))
/* Under the scheduler: the shared mapping around ADDR (the student's structure, say; its
 * first 16 KiB), whose every change must be ordered after the last change of the same
 * bytes by another process (by a lock, a semaphore, a condition, a pipe, a fork or a
 * reap between them). A change nothing ordered fails the test, naming both calls before
 * the changes; NAME says what ADDR is ("*q"). One per run; elsewhere it does nothing. */
void lab_watch_region(const char *name, const void *addr);

/* Seeded randomness: same seed, same sequence in the harness process. */
uint64_t lab_seed(void);
uint64_t lab_random(void);              /* next number of this process's stream */
void lab_delay(void);                   /* an injected delay (0..PROCLAB_DELAY_US), maybe a yield */

/* What the student's code did, counted by the wrappers across all processes. */
struct lab_counts {
	long	forks;              /* successful fork() calls */
	long	fork_failures;
	long	reaps;              /* children reaped, by any wait form */
	long	mutex_locks;        /* locks taken (lock, trylock, timedlock, clocklock) */
	long	mutex_unlocks;
	long	sem_waits;          /* sem_wait, sem_trywait, sem_timedwait, sem_clockwait */
	long	sem_posts;
	long	cond_waits;         /* cond_wait, timedwait, clockwait (spurious ones too) */
	long	cond_signals;       /* signal + broadcast */
	long	reads;              /* read, readv, recv, recvfrom, recvmsg */
	long	writes;             /* write, writev, send, sendto, sendmsg */
	long	thinks;             /* lab_think() calls */
	long	max_thinking;       /* most processes inside lab_think() at the same time */
};
#define LAB_NCOUNTS 13                  /* the fields above, in this order */
/* So a report carries them as LAB_NCOUNTS longs in that order, and reads back the same. */
_Static_assert(sizeof(struct lab_counts) == LAB_NCOUNTS * sizeof(long),
    "LAB_NCOUNTS is the number of fields of struct lab_counts, all long, unpadded");
struct lab_counts lab_counts(void);     /* a snapshot */
/* This process's own calls only (a child starts with its parent's counts: take differences,
 * e.g. whether one bq_get waited); max_thinking is 0. */
struct lab_counts lab_own_counts(void);
/*
 * After CALL (e.g. "bq_get(q)") returned in this process: every lock and semaphore it
 * took, in any form, was given back, else the test fails saying so (one kept makes the
 * next call wait for ever on a lock its own process holds: told now, not after a time
 * limit). CALL NULL: count from now on. Only where each call of the API ends unlocked.
 */
void lab_expect_released(const char *call);
void lab_counts_reset(void);            /* lab_main resets before the test function */

/* Added after the first version (all optional for harnesses). */
uint64_t lab_random_below(uint64_t n);  /* 0..n-1 (0 when n is 0), from lab_random() */
long lab_delay_us(void);                /* PROCLAB_DELAY_US of this run; > 0 means grading */
long lab_think_us(void);                /* lab_think()'s base sleep */
void lab_set_think_us(long us);         /* set it for processes forked afterwards (and this one) */
/* Under the scheduler, a process in lab_think() waits until no other process can go on, so
 * every read-think-write that a lock does not guard overlaps with all the others: the lost
 * update is certain, not a matter of the schedule (for processes forked afterwards). */
void lab_set_think_overlap(bool on);
void lab_set_short_io(int percent);     /* chance (0..100) that a read is split under grading */
void lab_set_spurious_wakeups(int percent);     /* chance (0..100) of one, under grading */
/* 1 when the calling thread's last condition wait (any form) since its previous call of
 * this function was a spurious wakeup the runtime made; 0 when it was a real wait, or
 * there was none. Called before and after the student's function, it tells a wait not
 * in a loop (gone on right after a spurious wakeup) from other mistakes. */
int lab_woke_spuriously(void);
/*
 * The harness's own processes (e.g. to start the student's functions in a chosen order):
 * lab_spawn forks (neither counted nor delayed), runs fn(arg) in the child, then _exit(0).
 * lab_join waits for it (not counted); if any process of the run failed, the test fails
 * with that message; otherwise it returns the exit status, or -SIGNO if it was killed.
 */
pid_t lab_spawn(void (*fn)(void *), void *arg);
int lab_join(pid_t pid);
/* Like lab_join, but waits at most MS milliseconds: then kills the process (SIGKILL),
 * reaps it and returns LAB_TIMED_OUT, so a harness can name a deadlock. It stops
 * waiting at once when another process of the run has failed (the test fails).
 * When the harness process fails, its lab_spawn children not yet joined are killed. */
#define LAB_TIMED_OUT (-1000)
int lab_join_within(pid_t pid, long ms);
/* PID's status when it has ended (as lab_join); else it is killed and reaped: LAB_TIMED_OUT.
 * Under the scheduler too, where lab_join_within waits for good: the scheduler is told it
 * ended, so that the others go on (a harness ending the processes a fault left stuck). */
int lab_stop(pid_t pid);
/* Kills every process of group PGID (SIGKILL), e.g. what a student's call left running;
 * under the scheduler the scheduler is told they ended. The caller reaps its own. */
void lab_stop_group(pid_t pgid);
/*
 * Whether the grader's scheduler orders this run (the test's "explore" in the manifest):
 * then one process runs at a time, sleeps take no time, and a stall or deadlock is found
 * by the scheduler, exactly, which ends the run with its own message. A harness then
 * waits for its processes with lab_join (lab_join_within does so too) instead of
 * timing them: a wall-clock timeout means nothing on virtual time.
 */
bool lab_scheduled(void);
/* Waits MS milliseconds; under the scheduler, until no other process can go on (each
 * waits or has ended): what a harness holding a lock wants, to see what the others do
 * meanwhile, on any schedule. */
void lab_pause_ms(long ms);
/* Under the scheduler, right after lab_pause_ms: how many other processes of the run (but
 * the test program's first, whose own loops are the harness's) are
 * not waiting in a blocking call (a lock, a semaphore, a condition, a read, a wait) but
 * polling (at a sleep, a yield, a try-variant, a wait with WNOHANG) or looping with no call
 * at all: busy waiting, seen on every schedule. Elsewhere 0. */
long lab_pollers(void);
/* Under the scheduler, right after lab_pause_ms: how many other processes can still go on
 * without the caller (not blocked for good in a lock, a read, a condition or a wait with
 * no timeout); 0 elsewhere. 0 after a pause: only what the caller does next can help. */
long lab_others_going(void);
/*
 * A yardstick for busy waiting, whatever the machine's load: lab_spin_start() starts a
 * harness process that spins on the CPU (as a busy-waiting student process would) until
 * lab_spin_stop(), which returns the CPU time it got, in microseconds. A waiting call
 * that got a good share of that was spinning too; one that slept got next to nothing.
 */
pid_t lab_spin_start(void);
long lab_spin_stop(pid_t spinner);
/* Fails when the caller is not the harness process: a child of the student's code returned
 * from FUNCTION into the test ("a worker process returned from FUNCTION ..."). */
void lab_expect_harness_process(const char *function);

/*
 * The judge's inputs of this run, from the command line (NAME=VALUE after the test name).
 * A missing or malformed input is a usage error (exit 2): run the harness through
 * `proclab check`, or give the inputs by hand.
 */
long lab_input_long(const char *name);
size_t lab_input_longs(const char *name, long *out, size_t max);        /* how many */
/*
 * What the test observed, for the judge: one "report" line each, NAME at most once per
 * run ([a-z0-9_], up to 32 bytes), from the harness process only (a harness bug otherwise:
 * exit 3). Text is cut at 1024 bytes and its control characters become spaces.
 */
void lab_report_long(const char *name, long value);
void lab_report_longs(const char *name, const long *values, size_t n);
void lab_report_text(const char *name, const char *text);
void lab_report_counts(const char *name, const struct lab_counts *);   /* LAB_NCOUNTS numbers */

#endif
