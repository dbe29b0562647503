/* SPDX-License-Identifier: MIT */
/*
 * sched-server.c: the controlled scheduler, a process of the grader beside the sandboxed
 * run. It watches the run's page (lab-sched.h), keeps its own table of the processes and
 * gives the turn to one enabled process at a time, chosen by the plan's strategy.
 *
 * A process is enabled when it asks for its turn and its call can go on: a wait has a
 * child that ended (or none to wait for), a blocked call has seen another process make
 * progress since it last failed (it then tries again), a condition waiter has been picked
 * by a signal or broadcast. When no process is enabled, none is running free and none
 * ended in the last moments (whose closing pipes may yet wake a reader), the run is
 * deadlocked: the scheduler says who waits for what and ends the run at once.
 * A process that keeps the turn beyond the plan's budget without coming back (a spin on
 * a plain variable, an unwrapped blocking call) is let go to run free; it rejoins at its
 * next point, and the findings say the run was partly uncontrolled.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sched-int.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define IDLE_POLL_MS	5
#define RETRY_MS	5       /* blocked calls retried this often while one runs free */
#define TIMED_STEPS	2000    /* a call with a timeout gives up once others made this many
				 * steps: time passes while they work, even if they never wait
				 * (a busy waiter that locks and unlocks is never only polling) */
#define LIVELOCK_MS	5000    /* only pollers, nothing changing, this long: a livelock (a
				 * harness's own wall-clock loops, up to 2 s, must end first) */

struct server {
	struct lab_sched_page	*page;
	struct sched_proc	 p[LAB_SCHED_PROCS];
	int			 n;             /* slots known */
	int			 running;       /* -1 none */
	int64_t			 granted_ms, retry_ms;
	long			 steps, released;
	uint64_t		 cond_clock;
	uint64_t		 vclock_ns;     /* the virtual clock (page->vclock_ns) */
	uint64_t		 epoch;         /* + 1 with each call that was more than a poll */
	long			 budget_ms;
	struct sched_chooser	 chooser;
	/* who holds which mutex, from the locks and unlocks seen */
	struct { uint64_t mutex, site; int slot; } held[LAB_SCHED_PROCS * 4];
	int			 nheld;
	FILE			*trace;         /* --trace: the run's events, NULL when off */
	char			*trace_text;
	size_t			 trace_len;
	long			 nevents;
	int			 tampered;      /* a slot that ran without its turn, -1 none */
	int64_t			 spinning_since;        /* ms: every enabled one polls; 0 not */
	bool			 livelock;
	/* the watched variables (lab_watch), read through the scheduler's own mapping */
	const char		*arena;
	struct watched {
		char		 name[LAB_SCHED_WATCH_NAME];
		uint64_t	 offset;
		uint32_t	 size;
		int64_t		 value;
		uint64_t	 version;       /* writes seen */
		int		 writer;        /* who wrote it last: -1 the start, or unknown */
		uint64_t	 site;          /* the writer's call just before the write */
	} w[LAB_SCHED_WATCHES];
	int			 nw;
	char			*lost;          /* the first lost update's findings line */
	char			*copied;        /* the first mutex two processes held at once */
	char			*unheld;        /* the first unlock of a mutex its process did not hold */
};

/* One line of the trace, kept in memory until the run ends: the grader reads the findings
 * only then, and a pipe written during the run would fill and stall it. */
static void
event(struct server *s, enum sched_event_kind kind, int i)
{
	const struct sched_proc *p = &s->p[i];

	if (s->trace == NULL || s->nevents >= SCHED_EVENTS_MAX)
		return;
	s->nevents++;
	fprintf(s->trace, "%s %ld %d %d %u %llu %llu %d\n", sched_event_name(kind), s->steps, i,
	    (int)p->pid, p->op, (unsigned long long)p->object, (unsigned long long)p->site,
	    p->result);
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
futex_wake(uint32_t *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

static void
futex_wait_ms(uint32_t *addr, uint32_t val, long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	syscall(SYS_futex, addr, FUTEX_WAIT, val, &ts, NULL, 0);
}

/* SLOT took MUTEX at SITE. A live process that holds a mutex at the same address too
 * holds another mutex: each locked its own copy (one made by fork), the first such pair of
 * the run is a finding. */
static void
hold(struct server *s, uint64_t mutex, int slot, uint64_t site)
{
	for (int k = 0; k < s->nheld && s->copied == NULL; k++)
		if (s->held[k].mutex == mutex && s->held[k].slot != slot &&
		    s->p[s->held[k].slot].state != SP_EXITED)
			xasprintf(&s->copied, "copied %d %llu %d %llu", slot,
			    (unsigned long long)site, s->held[k].slot,
			    (unsigned long long)s->held[k].site);
	if (s->nheld < (int)(sizeof s->held / sizeof s->held[0])) {
		s->held[s->nheld].mutex = mutex;
		s->held[s->nheld].slot = slot;
		s->held[s->nheld].site = site;
		s->nheld++;
	}
}

/* SLOT let go of MUTEX: its own hold of it, else any (the first is the one held). */
static void
release(struct server *s, uint64_t mutex, int slot)
{
	int any = -1;

	for (int i = 0; i < s->nheld; i++)
		if (s->held[i].mutex == mutex) {
			if (s->held[i].slot == slot) {
				any = i;
				break;
			}
			if (any < 0)
				any = i;
		}
	if (any >= 0)
		s->held[any] = s->held[--s->nheld];
}

static int
holder(const struct server *s, uint64_t mutex, uint64_t *site)
{
	for (int i = 0; i < s->nheld; i++)
		if (s->held[i].mutex == mutex) {
			*site = s->held[i].site;
			return s->held[i].slot;
		}
	return -1;
}

/* A call that only looks (a sleep, a try, a wait with WNOHANG): a loop of them waits for
 * somebody else's call. */
static bool
polls(uint32_t op)
{
	return op == LAB_OP_SLEEP || op == LAB_OP_WAIT_POLL || op == LAB_OP_TRY;
}

/* A blocked lock of P's whose mutex a live process of the run holds, by the table: its
 * retry would fail again. The first try is always made (a mutex that is a copy at the same
 * address is taken then, and hold() finds the pair); a holder that ended or runs free may
 * have let go unseen. */
static bool
lock_still_held(const struct server *s, const struct sched_proc *p)
{
	uint64_t site;
	int h;

	if (p->op != LAB_OP_LOCK || (h = holder(s, p->object, &site)) < 0 || h == p - s->p)
		return false;
	return s->p[h].state != SP_EXITED && s->p[h].state != SP_FREE;
}

/* Someone made progress: every blocked call may now succeed, so each tries again (not
 * a pause, which only its timeout ends: lab_pause_ms, a think that lets all go first),
 * except a lock whose holder has not let go: with ten lockers queued on one mutex, every
 * step made them all try again, two turns each (03's race test took 2440 steps for ten
 * deposits and withdrawals). */
static void
progress(struct server *s)
{
	for (int i = 0; i < s->n; i++)
		if (s->p[i].state == SP_BLOCKED && s->p[i].op != LAB_OP_SLEEP &&
		    s->p[i].op != LAB_OP_THINK && !lock_still_held(s, &s->p[i]))
			s->p[i].state = SP_READY;
}

/* A signal (ALL: a broadcast) on COND: the longest waiter (all of them) goes on. */
static void
signal_cond(struct server *s, uint64_t cond, bool all)
{
	int first = -1;

	for (int i = 0; i < s->n; i++) {
		if (s->p[i].state != SP_COND || s->p[i].object != cond)
			continue;
		if (all)
			s->p[i].state = SP_READY;
		else if (first == -1 || s->p[i].cond_since < s->p[first].cond_since)
			first = i;
	}
	if (first == -1)
		return;
	s->p[first].state = SP_READY;
	s->p[first].passed_over = false;
	for (int i = 0; i < s->n; i++)          /* a deadlock's report says why they still wait */
		if (s->p[i].state == SP_COND && s->p[i].object == cond)
			s->p[i].passed_over = true;
}

/* What the call granted to P did, now that P is back (its slot says STATE). */
static void
completed(struct server *s, int i, uint32_t state)
{
	struct sched_proc *p = &s->p[i];
	const struct lab_sched_slot *slot = &s->page->slots[i];
	bool retry;

	if (state == LAB_SLOT_BLOCKED) {
		if (p->op == LAB_OP_COND_WAIT) {
			release(s, p->object2, i);      /* the wait let go of its mutex */
			p->state = SP_COND;
			p->cond_since = ++s->cond_clock;
			p->blocked_step = s->steps;
			progress(s);
		} else {
			p->state = SP_BLOCKED;
			p->cond_since = ++s->cond_clock;
			p->blocked_step = s->steps;
		}
		p->retry = true;
		event(s, SCHED_EV_BLOCK, i);
		return;
	}
	retry = p->retry;
	p->retry = false;
	if (p->timed_out) {             /* the call gave up: it did nothing */
		p->timed_out = false;
		progress(s);
		return;
	}
	if (!polls(p->op))
		s->epoch++;     /* what the pollers look at may have changed */
	switch (p->op) {
	case LAB_OP_LOCK:       /* a retry's turn only let it ask again: it took nothing */
		if (!retry)
			hold(s, p->object, i, p->site);
		break;
	case LAB_OP_TRY:        /* a trylock that took its mutex says so */
		if (slot->took != 0 && slot->took == p->object)
			hold(s, p->object, i, p->site);
		break;
	case LAB_OP_UNLOCK:
	case LAB_OP_SEM_POST:
	case LAB_OP_COND_SIGNAL:
	case LAB_OP_COND_BROADCAST:
		return;         /* a release: done before it asked (released) */
	case LAB_OP_WAIT:
	case LAB_OP_WAIT_POLL:
		for (int k = 0; k < s->n; k++)
			if (s->p[k].parent == i && slot->reaped != 0 && s->p[k].pid == slot->reaped)
				s->p[k].reaped = true;
		break;
	default:
		break;
	}
	if (!polls(p->op))
		progress(s);    /* a poll changes nothing another process waits for */
}

/* SLOT unlocks MUTEX at SITE: one it does not hold (another's, or nobody's) is the first
 * such unlock of the run, a finding: it lets another process in while the holder is inside. */
static void
unlocks(struct server *s, uint64_t mutex, int slot, uint64_t site)
{
	uint64_t hsite = 0;
	int h = -1;

	for (int k = 0; k < s->nheld; k++)
		if (s->held[k].mutex == mutex) {
			if (s->held[k].slot == slot)
				return;
			h = s->held[k].slot;
			hsite = s->held[k].site;
		}
	if (s->unheld == NULL)
		xasprintf(&s->unheld, "unheld %d %llu %d %llu", slot, (unsigned long long)site, h,
		    (unsigned long long)hsite);
}

/* A release P made just before asking (its point comes after the call): its effect now. */
static void
released(struct server *s, struct sched_proc *p)
{
	if (p->op == LAB_OP_UNLOCK) {
		unlocks(s, p->object, (int)(p - s->p), p->site);
		release(s, p->object, (int)(p - s->p));
	}
	else if (p->op == LAB_OP_COND_SIGNAL || p->op == LAB_OP_COND_BROADCAST)
		signal_cond(s, p->object, p->op == LAB_OP_COND_BROADCAST);
	else if (p->op != LAB_OP_SEM_POST)
		return;
	s->epoch++;
	progress(s);
}

/* A process of the program let go after its budget runs free (the runtime's own yardstick,
 * detached, does not count): it may yet do, through calls the scheduler does not see, what
 * the others wait or poll for. */
static bool
one_runs_free(const struct server *s)
{
	for (int i = 0; i < s->n; i++)
		if (s->p[i].state == SP_FREE && !s->p[i].detached)
			return true;
	return false;
}

/* Watch K's value now; false when its slot of the page does not describe a variable of the
 * arena (the page is the student's to write). */
static bool
watch_value(const struct server *s, int k, int64_t *v)
{
	const struct watched *w = &s->w[k];
	int8_t i8;
	int16_t i16;
	int32_t i32;

	if (w->size == 0 || w->offset > LAB_SCHED_ARENA_SIZE - w->size)
		return false;
	switch (w->size) {
	case 1: memcpy(&i8, s->arena + w->offset, 1); *v = i8; break;
	case 2: memcpy(&i16, s->arena + w->offset, 2); *v = i16; break;
	case 4: memcpy(&i32, s->arena + w->offset, 4); *v = i32; break;
	case 8: memcpy(v, s->arena + w->offset, 8); break;
	default: return false;
	}
	return true;
}

/* A variable's name from the page, of safe characters only ("items[3]", "*q", "q->tail"). */
static void
safe_name(char *dst, const char *src, size_t size)
{
	size_t c;

	for (c = 0; c + 1 < size && src[c] != '\0'; c++)
		dst[c] = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789_[].*>-", src[c]) != NULL ? src[c] : '?';
	dst[c] = '\0';
}

/* Watches the harness added since the last look. */
static void
watches_added(struct server *s)
{
	uint32_t n = __atomic_load_n(&s->page->nwatches, __ATOMIC_ACQUIRE);

	for (; s->nw < (int)n && s->nw < LAB_SCHED_WATCHES; s->nw++) {
		const struct lab_sched_watch *pw = &s->page->watches[s->nw];
		struct watched *w = &s->w[s->nw];

		memset(w, 0, sizeof *w);
		safe_name(w->name, pw->name, sizeof w->name);
		w->offset = pw->offset;
		w->size = pw->size;
		w->writer = -1;
		if (!watch_value(s, s->nw, &w->value))
			w->size = 0;    /* never read again */
	}
}

/* P (slot I) is back from its turn: what it wrote of the watched variables since its last
 * point (P->site). A write over another process's write made after P's last lab_think(),
 * when P had read the variable, lost that process's update: the first is kept. */
static void
wrote(struct server *s, int i)
{
	struct sched_proc *p = &s->p[i];
	bool known = !one_runs_free(s);         /* else another may have written it */

	watches_added(s);
	for (int k = 0; k < s->nw; k++) {
		struct watched *w = &s->w[k];
		int64_t v;
		int over = -1;

		if (!watch_value(s, k, &v) || v == w->value)
			continue;
		if (known && p->think_version[k] != 0 && p->think_version[k] - 1 != w->version &&
		    w->writer >= 0 && w->writer != i)
			over = w->writer;
		if (over >= 0 && s->lost == NULL)
			xasprintf(&s->lost, "lost %d %d %lld %llu %d %lld %llu %lld", i, k,
			    (long long)v, (unsigned long long)p->site, over, (long long)w->value,
			    (unsigned long long)w->site, (long long)p->think_value[k]);
		if (s->trace != NULL && s->nevents < SCHED_EVENTS_MAX) {
			s->nevents++;
			fprintf(s->trace, "%s %ld %d %d %d %lld %lld %llu %d\n",
			    sched_event_name(SCHED_EV_WRITE), s->steps,
			    known ? i : -1, (int)p->pid, k, (long long)w->value, (long long)v,
			    (unsigned long long)p->site, over);
		}
		w->value = v;
		w->version++;
		w->writer = known ? i : -1;
		w->site = p->site;
		p->think_version[k] = 0;
	}
}

/* P goes into lab_think(): what it has read of each watched variable is as it is now. */
static void
thinks(struct server *s, struct sched_proc *p)
{
	for (int k = 0; k < s->nw; k++) {
		p->think_version[k] = s->w[k].version + 1;
		p->think_value[k] = s->w[k].value;
	}
}

/* P's slot as it asks again: what for, and the epochs of its polls. */
static void
asking(struct server *s, int i)
{
	struct sched_proc *p = &s->p[i];
	const struct lab_sched_slot *slot = &s->page->slots[i];

	if (polls(slot->op)) {
		if (p->poll_epoch != s->epoch) {
			p->loop_op = slot->op & ~LAB_OP_TIMED;
			p->loop_object = slot->object;
			p->loop_site = slot->site;
		}
		p->poll_prev = p->poll_epoch;
		p->poll_epoch = s->epoch;
	} else {
		/* it left its poll loop, so what it ran since may be what the others poll for
		 * (a flag stored between two points) */
		if (p->poll_epoch != UINT64_MAX)
			s->epoch++;
		p->poll_prev = p->poll_epoch = UINT64_MAX;
	}
	p->timed = (slot->op & LAB_OP_TIMED) != 0;
	p->deadline_ns = slot->deadline_ns;
	p->op = (slot->op & ~LAB_OP_TIMED) < LAB_OP_COUNT ? slot->op & ~LAB_OP_TIMED :
	    LAB_OP_SLEEP;
	p->object = slot->object;
	p->object2 = slot->object2;
	p->site = slot->site;
	p->caller = slot->caller;
	p->seq = slot->seq;
	p->state = SP_READY;
	if (p->op == LAB_OP_THINK)
		thinks(s, p);
	released(s, p);
}

static void
new_process(struct server *s, int i)
{
	struct sched_proc *p = &s->p[i];
	const struct lab_sched_slot *slot = &s->page->slots[i];

	memset(p, 0, sizeof *p);
	p->poll_epoch = p->poll_prev = UINT64_MAX;
	p->parent = slot->parent >= 0 && slot->parent < i ? slot->parent : -1;
	p->op = LAB_OP_START;
	p->site = slot->site;
	p->seq = slot->seq;
	p->state = SP_READY;
	chooser_new_process(&s->chooser, p);
}

static void
exited(struct server *s, int i)
{
	s->p[i].state = SP_EXITED;
	event(s, SCHED_EV_EXIT, i);
	progress(s);            /* its pipes closed before it said so: a reader may go on */
}

/* The page's news: processes that came back, new ones, ones that left. */
static void
scan(struct server *s)
{
	uint32_t n = __atomic_load_n(&s->page->nslots, __ATOMIC_ACQUIRE);

	if (n > LAB_SCHED_PROCS)
		n = LAB_SCHED_PROCS;
	for (int i = s->n; i < (int)n; i++)
		new_process(s, i);
	if ((int)n > s->n)
		s->n = (int)n;
	for (int i = 0; i < s->n; i++) {
		struct sched_proc *p = &s->p[i];
		uint32_t st = __atomic_load_n(&s->page->slots[i].state, __ATOMIC_ACQUIRE);
		bool had_turn = p->state == SP_RUNNING || (p->state == SP_FREE && !p->detached);

		if (p->pid == 0)
			p->pid = s->page->slots[i].pid;
		/* waiting for its turn, yet running or past a point: someone wrote the page */
		if (!had_turn && p->state != SP_EXITED && p->state != SP_FREE &&
		    (st == LAB_SLOT_RUNNING ||
		    __atomic_load_n(&s->page->slots[i].seq, __ATOMIC_ACQUIRE) != p->seq) &&
		    s->tampered < 0)
			s->tampered = i;
		if (p->state == SP_EXITED || st == LAB_SLOT_RUNNING)
			continue;
		if (p->state == SP_RUNNING)
			s->running = -1;
		if (st == LAB_SLOT_DETACHED) {   /* the runtime's yardstick: not the program's */
			p->state = SP_FREE;
			p->detached = true;
		} else if (!had_turn) {
			if (st == LAB_SLOT_EXITED)      /* a fault while waiting for its turn */
				exited(s, i);
		} else {
			wrote(s, i);
			completed(s, i, st);
			if (st == LAB_SLOT_ASKING)
				asking(s, i);
			else if (st == LAB_SLOT_EXITED)
				exited(s, i);
		}
	}
}

/* A wait can go on when a child it waits for ended, or it has none under control. */
static bool
wait_enabled(const struct server *s, int i)
{
	int64_t want = (int64_t)s->p[i].object;
	bool any_child = false;

	for (int k = 0; k < s->n; k++) {
		const struct sched_proc *c = &s->p[k];

		if (c->parent != i || c->reaped || (want > 0 && c->pid != want))
			continue;
		any_child = true;
		if (c->state == SP_EXITED || c->state == SP_FREE)
			return true;
	}
	return !any_child;
}

/* The processes that can go on, in EN; how many of them are not spinning in *WORKING. */
static int
enabled(struct server *s, int *en, int *working)
{
	int n = 0;

	*working = 0;
	for (int i = 0; i < s->n; i++) {
		struct sched_proc *p = &s->p[i];

		if (p->state != SP_READY || (p->op == LAB_OP_WAIT && !wait_enabled(s, i)))
			continue;
		/* a second poll with nothing done by anyone since the first */
		p->spinning = p->poll_epoch == s->epoch && p->poll_prev == s->epoch;
		*working += !p->spinning;
		en[n++] = i;
	}
	return n;
}

/*
 * Every process that can go on only polls (tries, sleeps, waits with WNOHANG), nobody has
 * done anything since, and nothing times out: each poll can only fail again. After
 * LIVELOCK_MS of it (not while a process runs free: it may yet change what they poll), the
 * run is a livelock, told like a deadlock, not a 30 s timeout.
 */
static bool
livelocked(struct server *s, int working)
{
	if (working > 0) {
		s->spinning_since = 0;
		return false;
	}
	if (one_runs_free(s))
		return false;
	if (s->spinning_since == 0)
		s->spinning_since = now_ms();
	return now_ms() - s->spinning_since >= LIVELOCK_MS;
}

/* The virtual clock moves on to the first timeout: that call times out (the earliest
 * deadline; of equal ones, the longest waiting). False: none. */
static bool
time_out_first(struct server *s)
{
	int first = -1;

	for (int i = 0; i < s->n; i++) {
		const struct sched_proc *p = &s->p[i];

		if ((p->state != SP_COND && p->state != SP_BLOCKED) || !p->timed)
			continue;
		if (first == -1 || p->deadline_ns < s->p[first].deadline_ns ||
		    (p->deadline_ns == s->p[first].deadline_ns &&
		    p->cond_since < s->p[first].cond_since))
			first = i;
	}
	if (first == -1)
		return false;
	if (s->p[first].deadline_ns > s->vclock_ns) {
		s->vclock_ns = s->p[first].deadline_ns;
		__atomic_store_n(&s->page->vclock_ns, s->vclock_ns, __ATOMIC_RELEASE);
	}
	s->p[first].state = SP_READY;
	s->p[first].result = ETIMEDOUT;
	return true;
}

/* The calls with a timeout that waited TIMED_STEPS steps of the others: they time out. */
static void
time_out_overdue(struct server *s)
{
	for (int i = 0; i < s->n; i++)
		if ((s->p[i].state == SP_COND || s->p[i].state == SP_BLOCKED) && s->p[i].timed &&
		    s->steps - s->p[i].blocked_step >= TIMED_STEPS) {
			s->p[i].state = SP_READY;
			s->p[i].result = ETIMEDOUT;
		}
}

static void
grant(struct server *s, int i)
{
	struct lab_sched_slot *slot = &s->page->slots[i];

	s->p[i].state = SP_RUNNING;
	s->running = i;
	s->granted_ms = now_ms();
	s->steps++;
	s->p[i].granted_at = s->steps;
	event(s, SCHED_EV_TURN, i);
	slot->result = s->p[i].result;
	s->p[i].timed_out = s->p[i].result == ETIMEDOUT && s->p[i].op != LAB_OP_COND_WAIT;
	s->p[i].result = 0;
	__atomic_store_n(&slot->state, LAB_SLOT_RUNNING, __ATOMIC_RELEASE);
	__atomic_add_fetch(&slot->go, 1, __ATOMIC_RELEASE);
	futex_wake(&slot->go);
}

/* The deadlock's lines: "waits SLOT OP OBJECT SITE HOLDER HOLDER_SITE HOLDER_ENDED
 * PASSED_OVER CALLER" per process. */
static void
report_deadlock(struct server *s, FILE *out)
{
	fprintf(out, s->livelock ? "deadlock\nlivelock\n" : "deadlock\n");
	for (int i = 0; i < s->n; i++) {
		const struct sched_proc *p = &s->p[i];
		uint64_t hsite = 0;
		int h = -1;

		uint32_t op = p->op;
		uint64_t object = p->object, site = p->site, caller = p->caller;

		if (p->state == SP_EXITED || p->state == SP_FREE)
			continue;
		if (s->livelock && p->state == SP_READY && polls(p->op)) {
			op = p->loop_op;
			object = p->loop_object;
			site = p->loop_site;
			caller = 0;
		}
		if (op == LAB_OP_LOCK || op == LAB_OP_TRY)
			h = holder(s, object, &hsite);
		fprintf(out, "waits %d %u %llu %llu %d %llu %d %d %llu\n", i, op,
		    (unsigned long long)object, (unsigned long long)site, h,
		    (unsigned long long)hsite, h >= 0 && s->p[h].state == SP_EXITED,
		    p->state == SP_COND && p->passed_over, (unsigned long long)caller);
	}
}

static void
abort_run(struct server *s)
{
	__atomic_store_n(&s->page->abort, 1, __ATOMIC_RELEASE);
	for (int i = 0; i < LAB_SCHED_PROCS; i++) {
		__atomic_add_fetch(&s->page->slots[i].go, 1, __ATOMIC_RELEASE);
		futex_wake(&s->page->slots[i].go);
	}
}

static bool
stopped_within(int stop_fd, int ms)
{
	struct pollfd p = { .fd = stop_fd, .events = POLLIN };

	return poll(&p, 1, ms) != 0;
}

static bool
stopped(int stop_fd)
{
	return stopped_within(stop_fd, 0);
}

/* Every process of the run has ended: only the grader's word that the run is over can
 * come (no futex wake), so wait for that rather than poll the page. */
static bool
all_exited(const struct server *s)
{
	for (int i = 0; i < s->n; i++)
		if (s->p[i].state != SP_EXITED)
			return false;
	return true;
}

/*
 * Nobody can run and no call can time out (the caller moves the virtual clock first, even
 * while a process runs free: a timed waiter, a think that lets all go first, must not wait
 * for a process that may never come back; seen: a livelock of 30 s under load): a
 * deadlock, unless a process released after its budget runs free (it may yet do what the
 * others wait for, through a call the runtime does not see: they try again now and then).
 * The runtime's own yardsticks run free too, and count not.
 */
static bool
deadlocked(struct server *s)
{
	bool waiting = false;

	for (int i = 0; i < s->n; i++)
		if (s->p[i].state != SP_EXITED && s->p[i].state != SP_FREE)
			waiting = true;
	if (one_runs_free(s)) {
		if (now_ms() - s->retry_ms >= RETRY_MS) {
			s->retry_ms = now_ms();
			progress(s);
		}
		return false;
	}
	return waiting;
}

/* "unguarded SLOT OLD VALUE SITE NAME": the first change of a lab_watch_locked variable
 * made while holding no lock, as its process wrote it in the page (its own to forge: at
 * worst it fails its own run). */
static void
unguarded(const struct server *s, FILE *out)
{
	const struct lab_sched_unguarded *u = &s->page->unguarded;
	char name[LAB_SCHED_WATCH_NAME];

	if (__atomic_load_n(&u->ready, __ATOMIC_ACQUIRE) != 1 || u->slot < 0 || u->slot >= s->n)
		return;
	safe_name(name, u->name, sizeof name);
	fprintf(out, "unguarded %d %lld %lld %llu %s\n", (int)u->slot, (long long)u->old,
	    (long long)u->value, (unsigned long long)u->site, name[0] != '\0' ? name : "?");
}

/* "unordered SLOT OTHER OFFSET LENGTH SITE OTHER_SITE NAME": the first change of a
 * lab_watch_region region that nothing ordered after another process's change of the same
 * bytes (the runtime's word, like the one above). */
static void
unordered(const struct server *s, FILE *out)
{
	const struct lab_sched_unordered *u = &s->page->unordered;
	char name[LAB_SCHED_WATCH_NAME];

	if (__atomic_load_n(&u->ready, __ATOMIC_ACQUIRE) != 1 || u->slot < 0 || u->slot >= s->n ||
	    u->other < 0 || u->other >= s->n || u->other == u->slot || u->length == 0)
		return;
	safe_name(name, u->name, sizeof name);
	fprintf(out, "unordered %d %d %lld %u %llu %llu %s\n", (int)u->slot, (int)u->other,
	    (long long)u->offset, (unsigned)u->length, (unsigned long long)u->site,
	    (unsigned long long)u->other_site, name[0] != '\0' ? name : "?");
}

/* "unshared SLOT OTHER KIND SITE OTHER_SITE": the first mutex, condition or semaphore a
 * second process used although it was initialised private (the runtime's word). */
static void
unshared(const struct server *s, FILE *out)
{
	const struct lab_sched_unshared *u = &s->page->unshared;

	if (__atomic_load_n(&u->ready, __ATOMIC_ACQUIRE) != 1 || u->slot < 0 || u->slot >= s->n ||
	    u->other < 0 || u->other >= s->n || u->other == u->slot || u->kind < LAB_SYNC_MUTEX ||
	    u->kind > LAB_SYNC_SEM)
		return;
	fprintf(out, "unshared %d %d %u %llu %llu\n", (int)u->slot, (int)u->other,
	    (unsigned)u->kind, (unsigned long long)u->site, (unsigned long long)u->other_site);
}

static void
finish(struct server *s, FILE *out, bool deadlock)
{
	char *sched = schedule_encode(s->chooser.made, s->chooser.nmade);

	fprintf(out, "schedule %s\nsteps %ld\nuncontrolled %ld\n", sched, s->steps,
	    s->released);
	if (s->chooser.branches != NULL)
		fprintf(out, "branches %s\n", s->chooser.branches);
	if (s->chooser.diverged)
		fprintf(out, "diverged\n");
	if (deadlock)
		report_deadlock(s, out);
	if (s->tampered >= 0)
		fprintf(out, "tampered %d\n", s->tampered);
	for (int k = 0; k < s->nw; k++)
		fprintf(out, "watch %d %s\n", k, s->w[k].name[0] != '\0' ? s->w[k].name : "?");
	if (s->lost != NULL)
		fprintf(out, "%s\n", s->lost);
	if (s->copied != NULL)
		fprintf(out, "%s\n", s->copied);
	if (s->unheld != NULL)
		fprintf(out, "%s\n", s->unheld);
	unguarded(s, out);
	unordered(s, out);
	unshared(s, out);
	if (s->trace != NULL && fclose(s->trace) == 0) {
		fwrite(s->trace_text, 1, s->trace_len, out);
		free(s->trace_text);
	}
	fprintf(out, "end\n");
	fflush(out);
	free(sched);
}

void
sched_serve(struct lab_sched_page *page, const char *arena, const struct sched_plan *plan,
    int stop_fd, int out_fd)
{
	static struct server s;
	FILE	*out = fdopen(out_fd, "w");
	int	 en[LAB_SCHED_PROCS], n, working;
	bool	 deadlock = false;

	s.page = page;
	s.arena = arena;
	s.running = -1;
	s.tampered = -1;
	s.budget_ms = plan->budget_ms > 0 ? plan->budget_ms : 500;
	if (plan->trace)
		s.trace = open_memstream(&s.trace_text, &s.trace_len);
	chooser_init(&s.chooser, plan, (int)(plan->steps_hint > 0 ? plan->steps_hint : 100));
	if (plan->strategy == SCHED_REPLAY || plan->strategy == SCHED_DFS) {
		char *cause = NULL;

		s.chooser.replay = schedule_decode(plan->replay != NULL ? plan->replay : "",
		    &s.chooser.nreplay, &cause);
		free(cause);
	}
	for (;;) {
		uint32_t seen = __atomic_load_n(&page->wake, __ATOMIC_ACQUIRE);

		scan(&s);
		if (s.tampered >= 0) {
			abort_run(&s);          /* a run it does not control proves nothing */
			break;
		}
		if (s.running >= 0 && now_ms() - s.granted_ms > s.budget_ms) {
			s.p[s.running].state = SP_FREE;         /* let go: it runs free */
			event(&s, SCHED_EV_FREE, s.running);
			s.running = -1;
			s.released++;
		}
		if (s.running < 0 && !deadlock) {
			time_out_overdue(&s);
			n = enabled(&s, en, &working);
			/* only pollers left: time passes for them, the first timeout ends */
			if (n > 0 && working == 0 && time_out_first(&s))
				continue;
			if (n > 0 && livelocked(&s, working)) {
				s.livelock = deadlock = true;
				abort_run(&s);
				break;
			}
			if (n > 0) {
				grant(&s, chooser_pick(&s.chooser, s.p, en, n));
				continue;
			}
			/* the virtual clock moves on: that call goes on now, not after a poll's
			 * pause (each think that lets all go first cost 5 ms idle) */
			if (time_out_first(&s))
				continue;
			if (deadlocked(&s)) {
				deadlock = true;
				abort_run(&s);
				break;
			}
		}
		if (stopped(stop_fd))
			break;
		if (s.n > 0 && all_exited(&s))
			stopped_within(stop_fd, IDLE_POLL_MS);  /* nothing but the end to wait for */
		else
			futex_wait_ms(&page->wake, seen, s.running >= 0 ? 20 : IDLE_POLL_MS);
	}
	finish(&s, out, deadlock);
	_exit(0);
}
