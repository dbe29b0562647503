/* SPDX-License-Identifier: MIT */
/*
 * test_counter.c: the driving side of exercise 05 (locked counter). Do not edit: the
 * grader uses its own copy.
 *
 * The judge (judge_counter.c) chooses the initial values and the deltas and decides; this
 * file calls the student's functions in processes of its own and reports what their
 * callers saw: the values returned and read, which calls went ahead while another process
 * held the lock, whether they went on once it was released, and whether the values that
 * counter_add returned under contention fit one order of the adds. It fails a test itself
 * only when a child dies inside the student's code or is left behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "counter.h"
#include "labtest.h"

#define PROCS		8       /* processes adding at once */
#define PATTERN_MAX	16      /* deltas a contention process cycles through */
#define ADDERS		3       /* lock_is_shared: children calling counter_add */
#define LOCKER		ADDERS          /* ... the child calling counter_lock */
#define READER		(ADDERS + 1)    /* ... the child calling counter_read */
#define QUEUED		(ADDERS + 2)
#define BALANCE_MAX	8       /* contention: the unbalanced values reported */
#define HOLD_MS		300     /* how long a blocked call must stay blocked */
#define WAIT_MS		3000    /* how long we wait for something that must happen */

/* ------------------------------------------------------------ helpers */

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Polls *flag (shared memory) for up to ms milliseconds; true once it is nonzero. */
static int
wait_flag(int *flag, long ms)
{
	for (long t = 0; t < ms; t++) {
		if (__atomic_load_n(flag, __ATOMIC_SEQ_CST))
			return 1;
		sleep_ms(1);
	}
	return __atomic_load_n(flag, __ATOMIC_SEQ_CST) != 0;
}

/* A child that did not exit 0 died inside the student's code. */
static void
expect_clean_exit(int status, const char *function)
{
	if (status == LAB_TIMED_OUT)
		/* TRANSLATORS: %s is counter_add, counter_lock or counter_read */
		lab_fail("a child process was still calling %s after %d s: deadlock?", function,
		    WAIT_MS / 1000);
	if (status < 0)
		/* TRANSLATORS: signal number and name; counter_add, counter_lock or counter_read */
		lab_fail("a child process was killed by signal %d (%s) while calling %s",
		    -status, lab_strsignal(-status), function);
	if (status != 0)
		/* TRANSLATORS: %s is counter_add, counter_lock or counter_read */
		lab_fail("a child process exited with status %d while calling %s", status,
		    function);
}

static struct counter *
create(long initial)
{
	struct counter *c;

	errno = 0;
	c = counter_create(initial);
	if (c == NULL) {
		if (errno == ENOSYS)
			lab_fail("counter_create: not written yet: see TODO in counter.c");
		lab_fail("counter_create(%ld) returned NULL: %s", initial,
		    errno ? lab_strerror(errno) : _("errno not set"));
	}
	return c;
}

static void
destroy(struct counter *c)
{
	if (counter_destroy(c) == 0)
		return;
	if (errno == EBUSY)     /* pthread_mutex_destroy of a locked mutex */
		lab_fail("counter_destroy returned -1: %s: the counter's lock was still taken "
		    "when the test destroyed it, after every counter_add, counter_read and "
		    "counter_unlock had returned: a lock taken and never given back (a "
		    "counter_lock whose trylock failed must not return as if it had the lock: "
		    "wait until it has it)", lab_strerror(errno));
	lab_fail("counter_destroy returned -1: %s", lab_strerror(errno));
}

/* ------------------------------------------------------------ basic, child_sees */


/* One process: the arithmetic and the return values. */
static void
test_basic(void)
{
	struct counter *c = create(lab_input_long("initial"));
	long read[2], added[2];
	char call[64];

	lab_expect_released(NULL);
	read[0] = counter_read(c);
	lab_expect_released("counter_read(c)");
	for (int i = 0; i < 2; i++) {
		long delta = lab_input_long(i == 0 ? "first" : "second");

		added[i] = counter_add(c, delta);
		snprintf(call, sizeof call, "counter_add(c, %ld)", delta);
		lab_expect_released(call);
	}
	counter_lock(c);
	counter_unlock(c);
	read[1] = counter_read(c);
	lab_report_longs("reads", read, 2);
	lab_report_longs("added", added, 2);
	destroy(c);
}

struct child_adds {
	struct counter	*c;
	long		 delta, times;
	int		*go;                    /* NULL, or wait for it first */
};

static void
add_times(void *arg)
{
	const struct child_adds *a = arg;

	if (a->go != NULL)
		wait_flag(a->go, WAIT_MS);
	for (long i = 0; i < a->times; i++)
		counter_add(a->c, a->delta);
}

/* A child's adds are seen by the parent: the value is in shared memory. */
static void
test_child_sees(void)
{
	struct child_adds a = { create(lab_input_long("initial")), 1, lab_input_long("times"),
	    NULL };

	expect_clean_exit(lab_join_within(lab_spawn(add_times, &a), WAIT_MS),
	    "counter_add");
	lab_report_long("parent_reads", counter_read(a.c));
	destroy(a.c);
}

/* ------------------------------------------------------------ lock_is_shared */

struct queue {
	struct counter	*c;
	long		 delta[ADDERS];
	long		 read;                  /* what the reader's counter_read returned */
	int		 go;                    /* the parent holds the lock: call now */
	int		 entered[QUEUED], done[QUEUED];
};
static struct queue *q;

/* Child I < ADDERS: counter_add(c, delta[I]); LOCKER: counter_lock, counter_unlock;
 * READER: counter_read. */
static void
queued(void *arg)
{
	int i = (int)(long)arg;

	wait_flag(&q->go, WAIT_MS);
	__atomic_store_n(&q->entered[i], 1, __ATOMIC_SEQ_CST);
	if (i < ADDERS) {
		counter_add(q->c, q->delta[i]);
	} else if (i == LOCKER) {
		counter_lock(q->c);
		counter_unlock(q->c);
	} else {
		q->read = counter_read(q->c);
	}
	__atomic_store_n(&q->done[i], 1, __ATOMIC_SEQ_CST);
}

/* The function child I calls. */
static const char *
queued_call(int i)
{
	return i < ADDERS ? "counter_add" : i == LOCKER ? "counter_lock" : "counter_read";
}

/* How many of the children [FROM, TO) have finished. */
static long
finished(int from, int to)
{
	long n = 0;

	for (int i = from; i < to; i++)
		n += __atomic_load_n(&q->done[i], __ATOMIC_SEQ_CST);
	return n;
}

/*
 * While the parent holds the lock, ADDERS children call counter_add, one counter_lock and
 * one counter_read: none may go ahead. Once the parent unlocks, all must go on, and the
 * counter must hold every delta.
 */
static void
test_lock_is_shared(void)
{
	pid_t pids[QUEUED];
	long ahead[3], after[3];

	q = lab_shared(sizeof *q);
	q->c = create(lab_input_long("initial"));
	if (lab_input_longs("deltas", q->delta, ADDERS) != ADDERS)
		lab_fail("harness: %d deltas expected", ADDERS);
	/* Forked before the parent locks: a lock that is not shared is unlocked in them. */
	for (int i = 0; i < QUEUED; i++)
		pids[i] = lab_spawn(queued, (void *)(long)i);
	counter_lock(q->c);
	__atomic_store_n(&q->go, 1, __ATOMIC_SEQ_CST);
	for (int i = 0; i < QUEUED; i++)
		if (!wait_flag(&q->entered[i], WAIT_MS))
			lab_fail("a child process never started: is counter_lock returning?");
	sleep_ms(HOLD_MS);
	ahead[0] = finished(0, ADDERS);
	ahead[1] = finished(LOCKER, LOCKER + 1);
	ahead[2] = finished(READER, READER + 1);
	counter_unlock(q->c);
	for (int i = 0; i < QUEUED; i++)
		if (!wait_flag(&q->done[i], WAIT_MS))
			break;
	after[0] = finished(0, ADDERS);
	after[1] = finished(LOCKER, LOCKER + 1);
	after[2] = finished(READER, READER + 1);
	for (int i = 0; i < QUEUED; i++) {
		int status = lab_join_within(pids[i], q->done[i] ? WAIT_MS : 0);

		if (status != LAB_TIMED_OUT)    /* else still blocked: the judge says so */
			expect_clean_exit(status, queued_call(i));
	}
	lab_report_longs("went_ahead", ahead, 3);
	lab_report_longs("went_on", after, 3);
	lab_report_long("read", q->read);
	lab_report_long("value", counter_read(q->c));
	destroy(q->c);
}

/* ------------------------------------------------------------ own_lock */

/* Each counter has its own lock: holding one must not block another. */
static void
test_own_lock(void)
{
	struct counter *a = create(lab_input_long("initial_a"));
	int *go = lab_shared(sizeof *go);
	struct child_adds b = { create(lab_input_long("initial_b")), lab_input_long("delta"), 1,
	    go };
	pid_t pid = lab_spawn(add_times, &b);   /* before the lock, as in lock_is_shared */
	int status;

	counter_lock(a);
	__atomic_store_n(go, 1, __ATOMIC_SEQ_CST);
	status = lab_join_within(pid, WAIT_MS);
	counter_unlock(a);
	lab_report_long("b_add_returned", status != LAB_TIMED_OUT);
	if (status != LAB_TIMED_OUT)
		expect_clean_exit(status, "counter_add");
	lab_report_long("a_value", counter_read(a));
	lab_report_long("b_value", counter_read(b.c));
	destroy(a);
	destroy(b.c);
}

/* ------------------------------------------------------------ contention */

/* The adders' shared state: the start, the stop, and what each counter_add returned. */
struct race {
	int	ready, stop;
	long	adds[PROCS];            /* how many adds each process made */
	long	got[];                  /* each process's first adds_max returned values */
};

struct adder {
	struct counter	*c;
	long		*value;         /* where c keeps its value (find_value), or NULL */
	struct race	*r;
	int		 p;
	long		 pattern[PATTERN_MAX];
	size_t		 len;
	long		 adds_max;
};

/* Start together with the others (all spin until the last is ready), so the adds really
 * overlap; then cycle the pattern until told to stop, keeping the first adds_max values
 * counter_add returned (with delays injected, a process makes far fewer). */
static void
contend(void *arg)
{
	const struct adder *a = arg;
	long *got = a->r->got + (size_t)a->p * (size_t)a->adds_max, i, v;

	if (a->value != NULL)   /* the task: counter_add changes it only holding the lock */
		LAB_WATCH_LOCKED("value", *a->value);
	__atomic_add_fetch(&a->r->ready, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&a->r->ready, __ATOMIC_SEQ_CST) < PROCS &&
	    !__atomic_load_n(&a->r->stop, __ATOMIC_SEQ_CST))
		sched_yield();
	for (i = 0; !__atomic_load_n(&a->r->stop, __ATOMIC_RELAXED); i++) {
		v = counter_add(a->c, a->pattern[i % (long)a->len]);
		if (i < a->adds_max)
			got[i] = v;
	}
	a->r->adds[a->p] = i;
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/*
 * Whether the values counter_add returned fit one order of the adds: add k took the
 * counter from got - delta to got, so each value x is left by as many adds as arrive at
 * it, but for the initial value (left once more) and the final one (arrived at once
 * more). Reports the values where that does not hold, as value, balance pairs (balance:
 * adds that left x minus adds that arrived at x), and how many there are; "recorded" 0
 * when a process made more adds than were kept (nothing then to say).
 */
static void
report_balance(const struct adder *adders, const struct race *r)
{
	size_t n = 0, total = 0, nb = 0, i = 0, k = 0;
	long *from, *to, pairs[2 * BALANCE_MAX], unbalanced = 0;

	for (int p = 0; p < PROCS; p++) {
		if (r->adds[p] > adders[p].adds_max) {
			lab_report_long("recorded", 0);
			return;
		}
		total += (size_t)r->adds[p];
	}
	from = malloc((total + 1) * sizeof *from);
	to = malloc((total + 1) * sizeof *to);
	if (from == NULL || to == NULL)
		lab_fail("harness: out of memory");
	for (int p = 0; p < PROCS; p++)
		for (long a = 0; a < r->adds[p]; a++, n++) {
			to[n] = r->got[(size_t)p * (size_t)adders[p].adds_max + (size_t)a];
			from[n] = to[n] - adders[p].pattern[a % (long)adders[p].len];
		}
	qsort(from, n, sizeof *from, cmp_long);
	qsort(to, n, sizeof *to, cmp_long);
	while (i < n || k < n) {
		long x = k >= n || (i < n && from[i] < to[k]) ? from[i] : to[k], b = 0;

		for (; i < n && from[i] == x; i++)
			b++;
		for (; k < n && to[k] == x; k++)
			b--;
		if (b == 0)
			continue;
		unbalanced++;
		if (nb < BALANCE_MAX) {
			pairs[2 * nb] = x;
			pairs[2 * nb++ + 1] = b;
		}
	}
	free(from);
	free(to);
	lab_report_long("recorded", 1);
	lab_report_longs("balance", pairs, 2 * nb);
	lab_report_long("unbalanced", unbalanced);
}

/*
 * Where the student's struct counter keeps its value, so that the scheduler can check
 * that only a process holding a lock changes it (a change right after an unlock is atomic
 * under a scheduler that runs one process at a time, yet loses updates on two CPUs): the
 * one aligned long in c's first bytes that follows an add of PROBE and its undoing.
 * NULL when there is no such single place (the value elsewhere, or a wrong counter).
 */
#define PROBE	0x5eed00000000L
static long *
find_value(struct counter *c)
{
	uintptr_t start = ((uintptr_t)c + sizeof(long) - 1) & ~(uintptr_t)(sizeof(long) - 1);
	uintptr_t end = ((uintptr_t)c | (uintptr_t)(sysconf(_SC_PAGESIZE) - 1)) + 1;
	long v0 = counter_read(c), *found = NULL;

	if (end - (uintptr_t)c > 512)
		end = (uintptr_t)c + 512;       /* c's page, mapped: no read past it */
	counter_add(c, PROBE);
	for (uintptr_t a = start; a + sizeof(long) <= end; a += sizeof(long))
		if (*(long *)a == v0 + PROBE) {
			if (found != NULL) {
				found = NULL;
				break;
			}
			found = (long *)a;
		}
	counter_add(c, -PROBE);
	return found != NULL && *found == v0 ? found : NULL;
}

/* Waits until all PROCS adders are ready (or WAIT_MS), lets them add for ADD_MS, stops them. */
static void
run_race(struct race *r, long add_ms)
{
	for (int t = 0; t < WAIT_MS && __atomic_load_n(&r->ready, __ATOMIC_SEQ_CST) < PROCS; t++)
		sleep_ms(1);
	sleep_ms(add_ms);
	__atomic_store_n(&r->stop, 1, __ATOMIC_SEQ_CST);
}

/* PROCS processes add at once, started together: the judge checks the total and whether
 * the values counter_add returned fit one order of the adds. */
static void
test_contention(void)
{
	static struct adder adders[PROCS];
	long adds_max = lab_input_long("adds_max");
	struct race *r = lab_shared(sizeof *r + PROCS * (size_t)adds_max * sizeof(long));
	struct counter *c = create(lab_input_long("initial"));
	long *value = lab_scheduled() ? find_value(c) : NULL;
	pid_t pids[PROCS];
	struct lab_counts n;

	/* under the scheduler, every change of the counter must be ordered after the last
	 * (a lock that is each process's own copy orders nothing) */
	lab_watch_region("*c", c);

	for (int p = 0; p < PROCS; p++) {
		char name[32];

		snprintf(name, sizeof name, "pattern_%d", p + 1);
		adders[p] = (struct adder){ c, value, r, p, { 0 }, 0, adds_max };
		adders[p].len = lab_input_longs(name, adders[p].pattern, PATTERN_MAX);
		if (adders[p].len == 0)
			lab_fail("harness: %s is empty", name);
	}
	lab_counts_reset();
	for (int p = 0; p < PROCS; p++)
		pids[p] = lab_spawn(contend, &adders[p]);
	run_race(r, lab_input_long("add_ms"));
	for (int p = 0; p < PROCS; p++) {
		int status = lab_join_within(pids[p], 4 * WAIT_MS);

		if (status == LAB_TIMED_OUT) {
			for (int k = p + 1; k < PROCS; k++)
				lab_join_within(pids[k], 0);
			lab_fail("%d processes adding at once did not finish in %d s once told to "
			    "stop: deadlock in counter_add?", PROCS, 4 * WAIT_MS / 1000);
		}
		expect_clean_exit(status, "counter_add");
	}
	n = lab_counts();
	lab_report_longs("adds", r->adds, PROCS);
	lab_report_long("value", counter_read(c));
	report_balance(adders, r);
	lab_report_counts("counts", &n);
	/* TRANSLATORS: a clause, shown as "after the adding processes were reaped, ..." */
	lab_expect_no_children("the adding processes were reaped");
	destroy(c);
}

LAB_MAIN(LAB_TEST(basic), LAB_TEST(child_sees), LAB_TEST(lock_is_shared),
    LAB_TEST(own_lock), LAB_TEST(contention))
