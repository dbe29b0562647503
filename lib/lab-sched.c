/* SPDX-License-Identifier: MIT */
/*
 * lab-sched.c: the runtime's side of the controlled scheduler (lab-sched.h). When the
 * grader gives the run a scheduler page (PROCLAB_SCHED_FD), every process of the test
 * program asks for its turn at each scheduling point, and a call that would block is
 * reported as blocked instead of being made, so the grader's scheduler alone decides who
 * runs. Without a page every function here does nothing and the wrappers behave as before.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "lab-internal.h"
#include "lab-sched.h"
#include "labtest.h"

#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * The calls themselves, not their wrappers (lab-wrap.c), which would make points: with
 * --wrap, __real_NAME is the call. Weak, so that a program linked without the wrappers
 * (a tool of the tests) still links: there NAME is the call itself.
 */
int __real_poll(struct pollfd *, nfds_t, int);
int __real_pthread_mutex_unlock(pthread_mutex_t *);
int __real_pthread_mutex_trylock(pthread_mutex_t *);
int __real_sem_trywait(sem_t *);
int __real_waitid(idtype_t, id_t, siginfo_t *, int);
int __real_semop(int, struct sembuf *, size_t);
int __real_nanosleep(const struct timespec *, struct timespec *);
#pragma weak __real_waitid
#pragma weak __real_semop
#pragma weak __real_nanosleep
#pragma weak __real_poll
#pragma weak __real_pthread_mutex_unlock
#pragma weak __real_pthread_mutex_trylock
#pragma weak __real_sem_trywait
#define REAL(name) (__real_##name != NULL ? __real_##name : name)

static struct lab_sched_page	*page;
static uint64_t			 call_deadline; /* the timed call's, on the virtual clock */
static char			*arena;         /* LAB_SCHED_ARENA_SIZE bytes, or NULL */
static int			 my_slot = -1;  /* -1: this process is not controlled */

/* lab_watch_locked: variables this process may change only while it holds a lock. Between
 * two of its points a process runs alone, so a change seen at a point is its own; "held"
 * counts the mutexes and semaphores it has taken and not given back, "held_max" the most
 * it held since its last turn began (a lock taken right after a point, one given back
 * right before the next, both cover the code in between). */
#define GUARDED_MAX	4
static struct guarded {
	char		 name[LAB_SCHED_WATCH_NAME];
	const void	*addr;
	size_t		 size;
	int64_t		 seen;          /* its value when this process last had the turn */
} guarded[GUARDED_MAX];
static int			 nguarded;
static long			 held, held_max;

static void
futex_wait(uint32_t *addr, uint32_t val)
{
	syscall(SYS_futex, addr, FUTEX_WAIT, val, NULL, NULL, 0);
}

static void
futex_wake(uint32_t *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

bool
lab_sched_on_(void)
{
	return my_slot >= 0;
}

static struct lab_sched_slot *
me(void)
{
	return &page->slots[my_slot];
}

/* The scheduler ended the run (a deadlock, say): leave at once, without atexit handlers. */
static void
check_abort(void)
{
	if (__atomic_load_n(&page->abort, __ATOMIC_ACQUIRE) != 0)
		syscall(SYS_exit_group, LAB_SCHED_ABORTED);
}

/* The slot's new STATE, then the scheduler woken to see it. */
static void
tell(struct lab_sched_slot *s, uint32_t state)
{
	__atomic_store_n(&s->state, state, __ATOMIC_RELEASE);
	__atomic_add_fetch(&page->wake, 1, __ATOMIC_RELEASE);
	futex_wake(&page->wake);
}

/* The slots handed out so far (at most LAB_SCHED_PROCS). */
static uint32_t
slots_used(void)
{
	uint32_t n = __atomic_load_n(&page->nslots, __ATOMIC_ACQUIRE);

	return n < LAB_SCHED_PROCS ? n : LAB_SCHED_PROCS;
}

/* Slot C's process was killed, never to tell: its slot says it ended. */
static void
tell_ended(struct lab_sched_slot *c)
{
	c->op = LAB_OP_EXIT;
	tell(c, LAB_SLOT_EXITED);
}

static int64_t
guarded_value(const struct guarded *g)
{
	int8_t i8;
	int16_t i16;
	int32_t i32;
	int64_t v = 0;

	switch (g->size) {
	case 1: memcpy(&i8, g->addr, 1); v = i8; break;
	case 2: memcpy(&i16, g->addr, 2); v = i16; break;
	case 4: memcpy(&i32, g->addr, 4); v = i32; break;
	default: memcpy(&v, g->addr, 8); break;
	}
	return v;
}

/* Another process of the program runs free (let go after its budget): a change seen now
 * may be its. */
static bool
others_run(void)
{
	uint32_t n = slots_used();

	for (uint32_t i = 0; i < n; i++)
		if ((int)i != my_slot &&
		    __atomic_load_n(&page->slots[i].state, __ATOMIC_ACQUIRE) == LAB_SLOT_RUNNING)
			return true;
	return false;
}

/* At a point, before asking: a guarded variable this process changed since its turn began
 * while it held nothing. The first such change of the run goes in the page; SITE is the
 * call before it. */
static void
guarded_check(uint64_t site)
{
	struct lab_sched_unguarded *u = &page->unguarded;
	uint32_t zero = 0;

	for (int k = 0; k < nguarded; k++) {
		int64_t v = guarded_value(&guarded[k]);

		if (v == guarded[k].seen)
			continue;
		if (held_max <= 0 && !others_run() &&
		    __atomic_compare_exchange_n(&u->claimed, &zero, 1, false, __ATOMIC_ACQ_REL,
		    __ATOMIC_ACQUIRE)) {
			u->slot = my_slot;
			u->old = guarded[k].seen;
			u->value = v;
			u->site = site;
			memcpy(u->name, guarded[k].name, sizeof u->name);
			__atomic_store_n(&u->ready, 1, __ATOMIC_RELEASE);
		}
		guarded[k].seen = v;
	}
}

/* The turn begins: what the guarded variables hold now is not this process's doing. */
static void
guarded_turn(void)
{
	for (int k = 0; k < nguarded; k++)
		guarded[k].seen = guarded_value(&guarded[k]);
	held_max = held;
}

void
lab_sched_holds_(enum lab_counter c)
{
	if (c == LAB_C_MUTEX_LOCKS || c == LAB_C_SEM_WAITS) {
		if (++held > held_max)
			held_max = held;
	} else if ((c == LAB_C_MUTEX_UNLOCKS || c == LAB_C_SEM_POSTS) && held > 0)
		held--;         /* a post with nothing taken (a signal, not a lock) gives none */
}

static void
wait_turn(struct lab_sched_slot *s)
{
	int saved = errno;

	for (;;) {
		uint32_t go = __atomic_load_n(&s->go, __ATOMIC_ACQUIRE);

		check_abort();
		if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) == LAB_SLOT_RUNNING)
			break;
		futex_wait(&s->go, go);
	}
	s->took = 0;    /* the scheduler has seen it with the point just made */
	lab_sched_settle_children_();   /* its children's ends, as the schedule has them */
	guarded_turn();
	lab_order_turn_();
	errno = saved;
}

/* Whether a call at this point may block: a deadlock names where it waits. */
static bool
may_block(uint32_t op)
{
	switch (op & ~LAB_OP_TIMED) {
	case LAB_OP_WAIT: case LAB_OP_LOCK: case LAB_OP_SEM_WAIT: case LAB_OP_COND_WAIT:
	case LAB_OP_READ: case LAB_OP_WRITE: case LAB_OP_POLL: case LAB_OP_TRY:
		return true;
	default:
		return false;
	}
}

/* Where the function that made the call at SITE was called from: a deadlock in a helper
 * (P, lock_queue) then names the student's function that called it (one backtrace, about
 * a microsecond, only at calls that may block). 0 when unknown. */
static uint64_t
caller_of(uintptr_t site)
{
	void *frames[16];
	int n = backtrace(frames, 16);

	for (int i = 0; i + 1 < n; i++)
		if ((uintptr_t)frames[i] == site)
			return lab_program_offset_((uintptr_t)frames[i + 1]);
	return 0;
}

void
lab_sched_point_(uint32_t op, uint64_t object, uint64_t object2, uintptr_t site)
{
	struct lab_sched_slot *s;

	if (my_slot < 0)
		return;
	s = me();
	guarded_check(s->site);
	lab_order_point_(op, object, object2, s->site, lab_program_offset_(site),
	    others_run());
	s->op = op;
	s->object = object;
	s->object2 = object2;
	s->deadline_ns = (op & LAB_OP_TIMED) != 0 ? call_deadline : 0;
	s->site = lab_program_offset_(site);
	s->caller = s->site != 0 && may_block(op) ? caller_of(site) : 0;
	s->seq++;
	tell(s, LAB_SLOT_ASKING);
	wait_turn(s);
}

static struct lab_sched_slot *
child_slot(pid_t pid)
{
	uint32_t n = slots_used();

	for (uint32_t k = 0; k < n; k++)
		if ((int)k != my_slot && page->slots[k].parent == my_slot &&
		    page->slots[k].pid == pid)
			return &page->slots[k];
	return NULL;
}

/* Whether child PID told the scheduler it ended (true when it is not under control). */
bool
lab_sched_ended_(pid_t pid)
{
	struct lab_sched_slot *c;

	if (my_slot < 0 || (c = child_slot(pid)) == NULL)
		return true;
	return __atomic_load_n(&c->state, __ATOMIC_ACQUIRE) == LAB_SLOT_EXITED;
}

/* Child PID was killed while it waited for its turn: its slot says it ended. */
void
lab_sched_killed_(pid_t pid)
{
	struct lab_sched_slot *c;

	if (my_slot >= 0 && (c = child_slot(pid)) != NULL)
		tell_ended(c);
}

/* Kills every process of group PGID (SIGKILL) and tells the scheduler those it controls
 * ended. Only the caller runs now (it has the turn), so the group cannot grow meanwhile. */
void
lab_sched_kill_group_(pid_t pgid)
{
	bool in_group[LAB_SCHED_PROCS] = { false };
	uint32_t n;

	if (my_slot < 0) {
		kill(-pgid, SIGKILL);
		return;
	}
	n = slots_used();
	for (uint32_t k = 0; k < n; k++)
		in_group[k] = (int)k != my_slot &&
		    __atomic_load_n(&page->slots[k].state, __ATOMIC_ACQUIRE) != LAB_SLOT_EXITED &&
		    getpgid(page->slots[k].pid) == pgid;
	kill(-pgid, SIGKILL);
	for (uint32_t k = 0; k < n; k++)
		if (in_group[k])
			tell_ended(&page->slots[k]);
}

/* The other controlled processes (but the test program's first) that are not waiting in a
 * blocking call now: at a poll
 * (a sleep, a yield, a try-variant, a wait with WNOHANG) or running free (one that keeps
 * the turn past its budget: it loops with no call at all). */
long
lab_sched_pollers_(void)
{
	uint32_t n;
	long busy = 0;

	if (my_slot < 0)
		return 0;
	n = slots_used();
	for (uint32_t k = 0; k < n; k++) {
		uint32_t st = __atomic_load_n(&page->slots[k].state, __ATOMIC_ACQUIRE);
		uint32_t op = page->slots[k].op & ~LAB_OP_TIMED;

		if ((int)k == my_slot || k == 0)        /* 0: the test program's own loop */
			continue;
		if (st == LAB_SLOT_RUNNING || (st == LAB_SLOT_ASKING && (op == LAB_OP_SLEEP ||
		    op == LAB_OP_TRY || op == LAB_OP_WAIT_POLL)))
			busy++;
	}
	return busy;
}

/* The other controlled processes that can go on without the caller: asking for a turn
 * (but a wait, whose child may never end), running, or in a call with a timeout (a think,
 * a sleep, a timed wait: the virtual clock ends it). Not those blocked for good. */
long
lab_sched_others_going_(void)
{
	uint32_t n;
	long going = 0;

	if (my_slot < 0)
		return 0;
	n = slots_used();
	for (uint32_t k = 0; k < n; k++) {
		uint32_t st = __atomic_load_n(&page->slots[k].state, __ATOMIC_ACQUIRE);
		uint32_t op = page->slots[k].op;

		if ((int)k == my_slot)
			continue;
		if (st == LAB_SLOT_RUNNING ||
		    (st == LAB_SLOT_ASKING && (op & ~LAB_OP_TIMED) != LAB_OP_WAIT) ||
		    (st == LAB_SLOT_BLOCKED && (op & LAB_OP_TIMED) != 0))
			going++;
	}
	return going;
}

/* The timed call about to be made gives up NS from now, on the virtual clock (its retries
 * keep that deadline). */
void
lab_sched_timeout_(uint64_t ns)
{
	uint64_t now;

	if (my_slot < 0)
		return;
	now = __atomic_load_n(&page->vclock_ns, __ATOMIC_ACQUIRE);
	call_deadline = now + ns < now ? UINT64_MAX : now + ns;
}

/* The call at the last point would block: wait until the scheduler lets us try again. */
void
lab_sched_blocked_(void)
{
	if (my_slot < 0)
		return;
	tell(me(), LAB_SLOT_BLOCKED);
	wait_turn(me());
}

/*
 * The process ends: its descriptors closed first, so that when the scheduler hears of it
 * a reader of its pipes already sees the end of file. FLUSH: stdio's buffers go out
 * before (exit() would flush them after its handlers, on closed descriptors).
 */
static void
leave(bool flush)
{
	if (my_slot < 0)
		return;
	if (flush)
		fflush(NULL);
	if (syscall(SYS_close_range, 0u, ~0u, 0u) == -1)
		for (int fd = 0; fd < 1024; fd++)
			close(fd);
	guarded_check(me()->site);
	lab_order_point_(LAB_OP_EXIT, 0, 0, me()->site, 0, others_run());
	me()->op = LAB_OP_EXIT;
	tell(me(), LAB_SLOT_EXITED);
	my_slot = -1;
}

static void
sched_atexit(void)
{
	leave(true);
}

void
lab_sched_exit_(void)
{
	leave(false);
}

/* In every new child (pthread_atfork): its parent's slot is not its own. A fork through
 * the wrapper gives it its slot right after (lab_sched_forked_). */
void
lab_sched_forget_(void)
{
	my_slot = -1;
	held = held_max = 0;    /* its parent's locks are not its own */
	lab_order_forget_();
}

void
lab_sched_detach_(void)
{
	if (my_slot < 0)
		return;
	tell(me(), LAB_SLOT_DETACHED);
	my_slot = -1;
}

/* The test program's first process takes slot 0 and waits for its first turn. */
void
lab_sched_attach_(void)
{
	const char *s = getenv(LAB_ENV_SCHED_FD);
	uint32_t none = 0;
	char *end;
	long fd;
	void *p;

	if (s == NULL || s[0] == '\0')
		return;
	fd = strtol(s, &end, 10);
	if (*end != '\0' || fd < 0 || fd > 1024)
		lab_internal_error_(LAB_ENV_SCHED_FD);
	p = mmap(NULL, sizeof *page, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
	if (p == MAP_FAILED)
		lab_internal_error_("mmap (scheduler page)");
	/* the arena is mapped once, here: every process forked later shares it */
	arena = mmap(NULL, LAB_SCHED_ARENA_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd,
	    LAB_SCHED_ARENA_OFFSET);
	if (arena == MAP_FAILED)
		arena = NULL;
	close((int)fd);
	page = p;
	if (page->magic != LAB_SCHED_MAGIC || page->version != LAB_SCHED_VERSION ||
	    __atomic_load_n(&page->nslots, __ATOMIC_ACQUIRE) != 0)
		lab_internal_error_("scheduler page");
	/* The slot whole, asking to start, before the scheduler can see it, as fork fills a
	 * child's: seen between the count and a first point, its number of points would
	 * change under the scheduler's eyes, which is how a forged page looks. */
	page->slots[0].parent = -1;
	page->slots[0].pid = (int32_t)getpid();
	page->slots[0].op = LAB_OP_START;
	page->slots[0].state = LAB_SLOT_ASKING;
	if (!__atomic_compare_exchange_n(&page->nslots, &none, 1, false, __ATOMIC_ACQ_REL,
	    __ATOMIC_ACQUIRE))
		lab_internal_error_("scheduler page");
	my_slot = 0;
	lab_order_attach_(page, 0);
	if (atexit(sched_atexit) != 0)
		lab_internal_error_("atexit");
	__atomic_add_fetch(&page->wake, 1, __ATOMIC_RELEASE);
	futex_wake(&page->wake);
	wait_turn(me());
}

/* A trylock took mutex M: the scheduler learns its holder at the next point. */
void
lab_sched_took_(const void *m)
{
	if (my_slot >= 0) {
		me()->took = (uintptr_t)m;
		lab_order_acquire_((uintptr_t)m);
	}
}

/* A try-variant took a lock or a semaphore: what its last releaser did is in our past. */
void
lab_sched_acquired_(const void *object)
{
	if (my_slot >= 0)
		lab_order_acquire_((uintptr_t)object);
}

/* Page-aligned pieces of the arena, handed out to every process from the page's counter. */
void *
lab_sched_shared_(size_t size)
{
	uint64_t sz = (size + 4095) & ~(uint64_t)4095, off;

	if (arena == NULL || size > LAB_SCHED_ARENA_SIZE)
		return NULL;
	off = __atomic_fetch_add(&page->arena_used, sz, __ATOMIC_ACQ_REL);
	if (off > LAB_SCHED_ARENA_SIZE - sz)
		return NULL;
	return arena + off;
}

/* Only the process that has the turn adds a watch: the scheduler sees it complete. */
void
lab_sched_watch_(const char *name, const void *addr, size_t size)
{
	const char *a = addr;
	uint32_t n;
	struct lab_sched_watch *w;

	if (my_slot < 0 || arena == NULL || a < arena || size == 0 || size > 8 ||
	    (size & (size - 1)) != 0 || a + size > arena + LAB_SCHED_ARENA_SIZE)
		return;
	n = __atomic_load_n(&page->nwatches, __ATOMIC_ACQUIRE);
	if (n >= LAB_SCHED_WATCHES)
		return;
	w = &page->watches[n];
	snprintf(w->name, sizeof w->name, "%s", name);
	w->offset = (uint64_t)(a - arena);
	w->size = (uint32_t)size;
	__atomic_store_n(&page->nwatches, n + 1, __ATOMIC_RELEASE);
}

/* A variable of any memory this process can read (the student's own struct, say) that it
 * may change only while holding a lock; checked at each of its points. */
void
lab_sched_watch_locked_(const char *name, const void *addr, size_t size)
{
	struct guarded *g;

	if (my_slot < 0 || addr == NULL || size == 0 || size > 8 || (size & (size - 1)) != 0 ||
	    nguarded >= GUARDED_MAX)
		return;
	g = &guarded[nguarded++];
	snprintf(g->name, sizeof g->name, "%s", name);
	g->addr = addr;
	g->size = size;
	g->seen = guarded_value(g);
}

/*
 * Before fork: the child's slot, filled in by the parent (which has the turn), the child
 * asking for its first turn; -1 when not controlled or out of slots (the child then runs
 * uncontrolled). After fork: lab_sched_forked_ with fork's result.
 */
int
lab_sched_fork_(uintptr_t site)
{
	uint32_t n;
	struct lab_sched_slot *c;

	if (my_slot < 0)
		return -1;
	lab_sched_point_(LAB_OP_FORK, 0, 0, site);
	n = __atomic_load_n(&page->nslots, __ATOMIC_ACQUIRE);
	if (n >= LAB_SCHED_PROCS) {
		lab_order_untracked_();
		return -1;
	}
	c = &page->slots[n];
	c->parent = my_slot;
	c->pid = 0;
	c->reaped = 0;
	c->op = LAB_OP_START;
	c->object = c->object2 = 0;
	c->site = me()->site;
	c->state = LAB_SLOT_ASKING;
	lab_order_fork_((int)n);
	__atomic_store_n(&page->nslots, n + 1, __ATOMIC_RELEASE);
	return (int)n;
}

void
lab_sched_forked_(int slot, pid_t pid)
{
	if (slot < 0)
		return;
	if (pid == 0) {         /* the child: wait for the turn the parent asked for us */
		my_slot = slot;
		lab_order_forked_(slot);
		lab_rng_fork_((uint64_t)slot);
		wait_turn(me());
		return;
	}
	if (pid > 0)
		page->slots[slot].pid = (int32_t)pid;
	else
		tell(&page->slots[slot], LAB_SLOT_EXITED);   /* no child: the slot ends here */
}

/*
 * With each turn (and before lab_children_left looks): a child that told the scheduler it
 * ended is given the moment the kernel takes to make it a zombie, so that whatever looks at
 * the children (a waitid with WNOHANG, the harness's checks) sees what the schedule did,
 * not how fast the kernel was (at most 200 ms: a child may hang in its exit, flushing into a
 * full pipe). Each child once.
 */
void
lab_sched_settle_children_(void)
{
	static uint64_t settled;        /* slots already seen ended (a child's are others) */
	const struct timespec ms = { 0, 1000000 };
	uint32_t n;

	if (my_slot < 0)
		return;
	n = slots_used();
	for (uint32_t k = 0; k < n; k++) {
		const struct lab_sched_slot *c = &page->slots[k];

		if ((settled >> k & 1) != 0 || c->parent != my_slot || c->pid <= 0 ||
		    __atomic_load_n(&c->state, __ATOMIC_ACQUIRE) != LAB_SLOT_EXITED)
			continue;
		settled |= 1ULL << k;
		for (int t = 0; t < 200; t++) {
			siginfo_t si;

			memset(&si, 0, sizeof si);
			if (REAL(waitid)(P_PID, (id_t)c->pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0 ||
			    si.si_pid != 0)
				break;          /* a zombie, or reaped already */
			REAL(nanosleep)(&ms, NULL);
		}
	}
}

/* A wait for PID (-1: any child) that blocks: the scheduler lets it go once one ended. */
void
lab_sched_wait_(pid_t pid, int options, uintptr_t site)
{
	lab_sched_point_((options & WNOHANG) ? LAB_OP_WAIT_POLL : LAB_OP_WAIT,
	    (uint64_t)(int64_t)pid, 0, site);
}

void
lab_sched_reaped_(pid_t pid)
{
	if (my_slot >= 0 && pid > 0) {
		me()->reaped = (int32_t)pid;
		lab_order_reaped_(pid);
	}
}

/* The inode of FD when it is a pipe or a socket (the calls that can block), else 0. */
static uint64_t
channel(int fd)
{
	struct stat st;

	if (fstat(fd, &st) == -1 || !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
		return 0;
	if ((fcntl(fd, F_GETFL) & O_NONBLOCK) != 0)
		return 0;       /* never blocks: only a point */
	return (uint64_t)st.st_ino;
}

/* Until no other process can go on: a timed sleep that only its timeout ends. */
void
lab_sched_idle_(uint32_t op, uintptr_t site)
{
	if (my_slot < 0)
		return;
	lab_sched_point_(op | LAB_OP_TIMED, 0, 0, site);
	do
		lab_sched_blocked_();
	while (me()->result != ETIMEDOUT);
}

/* Until reading FD would not block. */
void
lab_sched_read_(int fd, uintptr_t site)
{
	uint64_t ino;

	if (my_slot < 0)
		return;
	ino = channel(fd);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		lab_sched_point_(LAB_OP_READ, ino, (uint64_t)fd, site);
		if (ino == 0 || REAL(poll)(&p, 1, 0) != 0) {
			lab_order_acquire_pipe_(ino);
			return;
		}
		lab_sched_blocked_();
	}
}

/* A stream socket that poll says is writable has at least three quarters of its send
 * buffer free (a Unix socket's rule; TCP's is near): a quarter of it goes without waiting
 * for the reader. A datagram goes whole or not at all. */
static size_t
stream_room(int fd, size_t n)
{
	int type = 0, sndbuf = 0;
	socklen_t len = sizeof type;

	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_STREAM)
		return n;
	len = sizeof sndbuf;
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, &len) != 0 || sndbuf < 4096)
		return n;
	return n < (size_t)sndbuf / 4 ? n : (size_t)sndbuf / 4;
}

/*
 * Until writing N bytes to FD would not block: how many of them can go now. A pipe fills
 * by pages, not bytes (a write that does not fit in the last page's rest takes a page of
 * its own), so its bytes queued say little: poll's POLLOUT says a page is free, room for
 * any write of up to PIPE_BUF bytes (POSIX keeps those whole: they wait for it) and for
 * PIPE_BUF bytes of a larger one, which may be split anyway; an empty pipe takes its whole
 * size. A socket: stream_room.
 */
size_t
lab_sched_write_(int fd, size_t n, uintptr_t site)
{
	uint64_t ino;

	if (my_slot < 0)
		return n;
	ino = channel(fd);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLOUT };
		int queued = 0, size, r;

		lab_sched_point_(LAB_OP_WRITE, ino, (uint64_t)fd, site);
		if (ino == 0)
			return n;
		r = REAL(poll)(&p, 1, 0);
		if (r != 0 && (p.revents & POLLOUT) == 0)
			return n;       /* an error or a hang-up: let the call report it */
		if (r > 0) {
			if ((size = fcntl(fd, F_GETPIPE_SZ)) <= 0)
				return stream_room(fd, n);
			if (n <= PIPE_BUF)
				return n;
			if (ioctl(fd, FIONREAD, &queued) == 0 && queued == 0)
				return n < (size_t)size ? n : (size_t)size;
			return PIPE_BUF;
		}
		lab_sched_blocked_();
	}
}


/* A lock that waits for the holder's unlock in the scheduler, never in the kernel.
 * TIMED: a timedlock, which gives up with ETIMEDOUT when the scheduler says so. */
static int
lock(pthread_mutex_t *m, bool timed, uintptr_t site)
{
	for (;;) {
		int e;

		lab_sched_point_(LAB_OP_LOCK | (timed ? LAB_OP_TIMED : 0), (uintptr_t)m, 0, site);
		if ((e = REAL(pthread_mutex_trylock)(m)) != EBUSY) {
			if (e == 0)
				lab_order_acquire_((uintptr_t)m);
			return e;
		}
		lab_sched_blocked_();
		if (me()->result == ETIMEDOUT)
			return ETIMEDOUT;
	}
}

int
lab_sched_mutex_lock_(pthread_mutex_t *m, uintptr_t site)
{
	return lock(m, false, site);
}

int
lab_sched_mutex_timedlock_(pthread_mutex_t *m, uintptr_t site)
{
	return lock(m, true, site);
}

/*
 * A System V semop the scheduler orders as it does sem_wait and sem_post: one that gives
 * only (no operation that can wait) goes at once and is a point after it; one that may
 * wait is tried with IPC_NOWAIT at each turn and waits in the scheduler until another
 * process went on. Each semaphore of a set is an object of the race detector's: a wait
 * takes what its last givers did, a give passes on what came before. TIMED: its timeout was
 * told (lab_sched_timeout_); when it runs out, EAGAIN as semtimedop says. Sets of more than
 * 32 operations are left to the kernel.
 */
int
lab_sched_semop_(int id, struct sembuf *ops, size_t n, bool timed, uintptr_t site)
{
	struct sembuf try[32];
	bool waits = false;

	if (my_slot < 0 || n == 0 || n > 32)
		return -2;      /* the caller makes the real call */
	for (size_t i = 0; i < n; i++) {
		try[i] = ops[i];
		try[i].sem_flg |= IPC_NOWAIT;
		waits = waits || (ops[i].sem_op <= 0 && (ops[i].sem_flg & IPC_NOWAIT) == 0);
	}
	if (!waits) {
		int r = REAL(semop)(id, ops, n), saved = errno;

		for (size_t i = 0; r == 0 && i < n; i++)
			if (ops[i].sem_op > 0)
				lab_order_sysv_release_(id, ops[i].sem_num);
		lab_sched_point_(LAB_OP_SEM_POST, 0, 0, site);
		errno = saved;
		return r;
	}
	for (;;) {
		lab_sched_point_(LAB_OP_SEM_WAIT | (timed ? LAB_OP_TIMED : 0), 0, 0, site);
		if (REAL(semop)(id, try, n) == 0) {
			for (size_t i = 0; i < n; i++)
				if (ops[i].sem_op <= 0)
					lab_order_sysv_acquire_(id, ops[i].sem_num);
			for (size_t i = 0; i < n; i++)
				if (ops[i].sem_op > 0)
					lab_order_sysv_release_(id, ops[i].sem_num);
			return 0;
		}
		if (errno != EAGAIN)
			return -1;
		lab_sched_blocked_();
		if (me()->result == ETIMEDOUT) {
			errno = EAGAIN;
			return -1;
		}
	}
}

static int
sem_down(sem_t *sem, bool timed, uintptr_t site)
{
	for (;;) {
		lab_sched_point_(LAB_OP_SEM_WAIT | (timed ? LAB_OP_TIMED : 0), (uintptr_t)sem, 0,
		    site);
		if (REAL(sem_trywait)(sem) == 0) {
			lab_order_acquire_((uintptr_t)sem);
			return 0;
		}
		if (errno != EAGAIN)
			return -1;
		lab_sched_blocked_();
		if (me()->result == ETIMEDOUT) {
			errno = ETIMEDOUT;
			return -1;
		}
	}
}

int
lab_sched_sem_wait_(sem_t *sem, uintptr_t site)
{
	return sem_down(sem, false, site);
}

int
lab_sched_sem_timedwait_(sem_t *sem, uintptr_t site)
{
	return sem_down(sem, true, site);
}

/*
 * A condition wait the scheduler models: the mutex is released, the process sleeps in
 * the scheduler until a signal or broadcast on the same condition picks it (or, TIMED,
 * its time runs out: ETIMEDOUT), then takes the mutex back like any lock. The condition
 * variable itself is never waited on.
 */
static int
cond_wait(pthread_cond_t *c, pthread_mutex_t *m, bool timed, uintptr_t site)
{
	int e, r;

	lab_sched_point_(LAB_OP_COND_WAIT | (timed ? LAB_OP_TIMED : 0), (uintptr_t)c,
	    (uintptr_t)m, site);
	if ((e = REAL(pthread_mutex_unlock)(m)) != 0)
		return e;
	lab_sched_blocked_();
	r = me()->result == ETIMEDOUT ? ETIMEDOUT : 0;
	if (r == 0)
		lab_order_acquire_((uintptr_t)c);       /* what the signaller did before */
	e = lock(m, false, site);
	return e != 0 ? e : r;
}

/* A spurious wakeup the scheduler orders: the mutex is given back at a point (another
 * process may go then), then taken again like any lock; no signal was waited for. */
int
lab_sched_cond_spurious_(pthread_mutex_t *m, uintptr_t site)
{
	int e;

	if ((e = REAL(pthread_mutex_unlock)(m)) != 0)
		return e;
	lab_sched_point_(LAB_OP_UNLOCK, (uintptr_t)m, 0, site);
	return lock(m, false, site);
}

int
lab_sched_cond_wait_(pthread_cond_t *c, pthread_mutex_t *m, uintptr_t site)
{
	return cond_wait(c, m, false, site);
}

int
lab_sched_cond_timedwait_(pthread_cond_t *c, pthread_mutex_t *m, uintptr_t site)
{
	return cond_wait(c, m, true, site);
}

/*
 * A poll the scheduler models: at each turn a poll with no timeout; when nothing is ready
 * the process waits in the scheduler (for another's progress, or with a TIMEOUT for the
 * virtual clock: then 0, as a poll that timed out).
 */
int
lab_sched_poll_(struct pollfd *fds, nfds_t n, int timeout, uintptr_t site)
{
	if (timeout > 0)
		lab_sched_timeout_((uint64_t)timeout * 1000000);
	for (;;) {
		int r;

		lab_sched_point_(timeout == 0 ? LAB_OP_TRY : LAB_OP_POLL |
		    (timeout > 0 ? LAB_OP_TIMED : 0), (uint64_t)n, 0, site);
		if ((r = REAL(poll)(fds, n, 0)) != 0 || timeout == 0)
			return r;
		lab_sched_blocked_();
		if (me()->result == ETIMEDOUT)
			return 0;
	}
}
