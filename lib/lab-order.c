/* SPDX-License-Identifier: MIT */
/*
 * lab-order.c: which changes of shared memory the synchronisation ordered (a
 * happens-before race detector, as ThreadSanitizer and FastTrack do it, over the
 * scheduler's points).
 *
 * Under the scheduler a stretch of code with no call in it runs whole: two producers that
 * both move a queue's tail with nothing but counting semaphores around them never
 * interleave there, and every result comes out right, though on two CPUs one update is
 * lost now and then. What the schedule does show is that nothing ordered the two changes.
 * Each process keeps a vector clock; a release (unlock, post, signal, a write into a pipe,
 * fork) leaves the releaser's clock with the object, an acquire (a lock or wait that
 * succeeded, a read, a reap) joins it in. A region the harness names (lab_watch_region) is
 * compared at each point with what it held when the turn began: every byte this process
 * changed is checked against the last change of that byte by another process, which must
 * be in its past. The bytes of the locks, semaphores and conditions in the region, which
 * the calls themselves change, are left out.
 *
 * The same table notes which processes use each object and whether it was made
 * process-shared: a mutex, condition or semaphore in shared memory that two processes use
 * but that was initialised private works under the scheduler (it decides who waits) and
 * hangs on a real machine (a private futex: another process's unlock never wakes the
 * waiter), so it is a finding of its own (lab_sched_unshared).
 *
 * All of it lives in the scheduler's arena, so every process of the run shares it; only
 * the process that has the turn touches it. A table that fills up turns the check off
 * (a missed edge would make a race of correct code), as does a process that runs free.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "lab-internal.h"
#include "lab-sched.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define SYNCS		128             /* locks, semaphores, conditions, pipes of a run */
#define REGION_MAX	16384           /* bytes of a watched region */
#define SITES		255

struct writer {                         /* the last change of one byte */
	uint32_t	epoch;          /* the writer's own clock then */
	uint8_t		slot;           /* writer + 1; 0: no change seen */
	uint8_t		excluded;       /* a lock's, semaphore's or condition's byte */
	uint16_t	site;           /* index in sites[] */
};

struct order {
	uint32_t	off;            /* a table filled up: nothing is reported */
	uint32_t	clock[LAB_SCHED_PROCS][LAB_SCHED_PROCS];
	uint32_t	nsync;
	struct sync {
		uint64_t	key;
		uint32_t	clock[LAB_SCHED_PROCS];
		uint64_t	users;          /* slots that used it, a bit each */
		uint32_t	kind;           /* LAB_SYNC_*, 0 unknown */
		bool		unshared;       /* seen initialised private */
		uint64_t	site;           /* where its first user used it */
		int32_t		first;          /* its first user */
	} sync[SYNCS];
	uint64_t	region;         /* the watched region (as every process maps it) */
	uint64_t	base;           /* the address offsets are counted from */
	uint32_t	len;
	uint32_t	nsites;
	uint64_t	sites[SITES];
	char		name[LAB_SCHED_WATCH_NAME];
	struct writer	w[REGION_MAX];
};

static struct order		*order;
static struct lab_sched_page	*page;
static int			 me = -1;
static bool			 knows_region;  /* mapped here: registered here or before our fork */
static bool			 snapped;       /* snapshot holds the region as our turn began */
static unsigned char		 snapshot[REGION_MAX];

void
lab_order_attach_(struct lab_sched_page *p, int slot)
{
	page = p;
	me = slot;
	order = lab_sched_shared_(sizeof *order);
	if (order != NULL)
		order->clock[slot][slot] = 1;
}

void
lab_order_forget_(void)
{
	me = -1;
	snapped = false;
}

/* The parent, at its fork point (its turn): the child starts from the parent's past. */
void
lab_order_fork_(int child)
{
	if (order == NULL || me < 0 || child < 0 || child >= LAB_SCHED_PROCS)
		return;
	memcpy(order->clock[child], order->clock[me], sizeof order->clock[me]);
	order->clock[child][child] = 1;
	order->clock[me][me]++;
}

/* A process the scheduler does not control: its releases would be missed. */
void
lab_order_untracked_(void)
{
	if (order != NULL)
		order->off = 1;
}

void
lab_order_forked_(int slot)
{
	me = slot;
	snapped = false;
}

static struct sync *
sync_of(uint64_t key)
{
	for (uint32_t i = 0; i < order->nsync; i++)
		if (order->sync[i].key == key)
			return &order->sync[i];
	if (order->nsync >= SYNCS) {
		order->off = 1;
		return NULL;
	}
	order->sync[order->nsync].key = key;
	order->sync[order->nsync].first = -1;
	return &order->sync[order->nsync++];
}

static uint32_t *
sync_clock(uint64_t key)
{
	struct sync *y = sync_of(key);

	return y != NULL ? y->clock : NULL;
}

static void
join(uint32_t *into, const uint32_t *from)
{
	for (int i = 0; i < LAB_SCHED_PROCS; i++)
		if (from[i] > into[i])
			into[i] = from[i];
}

/*
 * An object's name across processes: the shared memory it lies in (device, inode, offset
 * in it), so that a mutex two processes map at different addresses is one, and a mutex
 * in private memory (a global, the stack, malloc: each process has its own copy after
 * fork) is none, 0: it orders nothing between processes. Looked up once per address.
 */
#define KNOWN	64
static struct { uint64_t addr, key; } known[KNOWN];
static int nknown;

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
}

static uint64_t
shared_key(uint64_t addr)
{
	FILE *maps;
	char line[512];
	uint64_t key = 0;

	for (int i = 0; i < nknown; i++)
		if (known[i].addr == addr)
			return known[i].key;
	if ((maps = fopen("/proc/self/maps", "re")) == NULL)
		return addr;
	while (fgets(line, sizeof line, maps) != NULL) {
		unsigned long lo, hi, pgoff, major, minor, inode;
		char perms[5];

		if (sscanf(line, "%lx-%lx %4s %lx %lx:%lx %lu", &lo, &hi, perms, &pgoff, &major,
		    &minor, &inode) != 7 || addr < lo || addr >= hi)
			continue;
		if (perms[3] == 's')
			key = mix(mix((uint64_t)major << 32 | minor) ^ inode) ^
			    (pgoff + (addr - lo));
		break;
	}
	fclose(maps);
	if (key != 0)
		key = (key & ~(1ull << 63)) | 1;        /* the top bit names pipes; never 0 */
	if (nknown < KNOWN) {
		known[nknown].addr = addr;
		known[nknown++].key = key;
	}
	return key;
}

/* What this process did so far goes with the object; what it does next does not. */
static void
release_key(uint64_t key)
{
	uint32_t *c;

	if (order == NULL || me < 0 || key == 0 || (c = sync_clock(key)) == NULL)
		return;
	join(c, order->clock[me]);
	order->clock[me][me]++;
}

static void
release(uint64_t addr)
{
	if (order != NULL && me >= 0 && addr != 0)
		release_key(shared_key(addr));
}

static void
acquire_key(uint64_t key)
{
	uint32_t *c;

	if (order == NULL || me < 0 || key == 0 || (c = sync_clock(key)) == NULL)
		return;
	join(order->clock[me], c);
}

/* A System V semaphore's key (semaphore NUM of set ID): an object of its own, not memory. */
static uint64_t
sysv_key(int id, unsigned num)
{
	return 1ull << 62 | (uint64_t)(uint32_t)id << 16 | (num & 0xffff);
}

static uint64_t release_next[32];       /* released at the next point, after its check */
static unsigned nrelease_next;

void
lab_order_sysv_acquire_(int id, unsigned num)
{
	acquire_key(sysv_key(id, num));
}

void
lab_order_sysv_release_(int id, unsigned num)
{
	if (nrelease_next < sizeof release_next / sizeof release_next[0])
		release_next[nrelease_next++] = sysv_key(id, num);
}

void
lab_order_acquire_(uint64_t addr)
{
	if (order != NULL && me >= 0 && addr != 0)
		acquire_key(shared_key(addr));
}

void
lab_order_acquire_pipe_(uint64_t ino)
{
	if (ino != 0)
		acquire_key(ino | 1ull << 63);
}

/* A reap: whatever the child did before it ended. */
void
lab_order_reaped_(pid_t pid)
{
	uint32_t n;

	if (order == NULL || me < 0 || pid <= 0)
		return;
	n = __atomic_load_n(&page->nslots, __ATOMIC_ACQUIRE);
	for (uint32_t k = 0; k < n && k < LAB_SCHED_PROCS; k++)
		if ((int)k != me && page->slots[k].parent == me && page->slots[k].pid == pid)
			join(order->clock[me], order->clock[k]);
}

/* Whether the object at ADDR was initialised process-shared, by glibc's layout: a mutex's
 * kind has PTHREAD_MUTEX_PSHARED_BIT (128), a condition's __wrefs its bit 0, a semaphore's
 * third int FUTEX_SHARED (128). A zeroed object (never initialised) is private. */
static bool
pshared(uint64_t addr, uint32_t kind)
{
	const void *o = (const void *)(uintptr_t)addr;

	switch (kind) {
	case LAB_SYNC_MUTEX:
		return (((const pthread_mutex_t *)o)->__data.__kind & 128) != 0;
	case LAB_SYNC_COND:
		return (((const pthread_cond_t *)o)->__data.__wrefs & 1) != 0;
	case LAB_SYNC_SEM:
		return ((const int *)o)[2] != 0;
	default:
		return true;
	}
}

/* This process uses the object at ADDR (a KIND) at SITE: the first time a second process
 * uses one that is not process-shared, the page says so. */
static void
use(uint64_t addr, uint32_t kind, uint64_t site)
{
	struct lab_sched_unshared *u = &page->unshared;
	uint32_t zero = 0;
	struct sync *y;
	uint64_t key;

	if (addr == 0 || (key = shared_key(addr)) == 0 || (y = sync_of(key)) == NULL)
		return;
	if (y->first < 0) {
		y->first = me;
		y->site = site;
		y->kind = kind;
	}
	y->users |= 1ull << me;
	if (!y->unshared && !pshared(addr, kind))
		y->unshared = true;
	if (!y->unshared || y->first == me || order->off != 0 ||
	    !__atomic_compare_exchange_n(&u->claimed, &zero, 1, false, __ATOMIC_ACQ_REL,
	    __ATOMIC_ACQUIRE))
		return;
	u->slot = me;
	u->other = y->first;
	u->kind = y->kind;
	u->site = site;
	u->other_site = y->site;
	__atomic_store_n(&u->ready, 1, __ATOMIC_RELEASE);
}

/* The bytes of a synchronisation object in the region: the calls change them. */
static void
exclude(uint64_t addr, size_t size)
{
	if (order->len == 0 || addr + size <= order->region || addr >= order->region + order->len)
		return;
	for (uint64_t a = addr; a < addr + size; a++)
		if (a >= order->region && a < order->region + order->len)
			order->w[a - order->region].excluded = 1;
}

static uint16_t
site_index(uint64_t site)
{
	for (uint32_t i = 0; i < order->nsites; i++)
		if (order->sites[i] == site)
			return (uint16_t)i;
	if (order->nsites >= SITES)
		return SITES;           /* unknown: the report says no place */
	order->sites[order->nsites] = site;
	return (uint16_t)order->nsites++;
}

static uint64_t
site_at(uint16_t i)
{
	return i < order->nsites ? order->sites[i] : 0;
}

/* Bytes [I, END) changed in this turn, the first of them unordered with a change of
 * OTHER's: the run of such bytes goes in the page, the first of the run only. */
static void
report(uint32_t i, uint32_t end, int other, uint64_t site)
{
	struct lab_sched_unordered *u = &page->unordered;
	uint32_t zero = 0, j = i;
	const struct writer *w0 = &order->w[i];

	while (j < end && !order->w[j].excluded && order->w[j].slot == w0->slot &&
	    order->w[j].epoch == w0->epoch)
		j++;
	if (!__atomic_compare_exchange_n(&u->claimed, &zero, 1, false, __ATOMIC_ACQ_REL,
	    __ATOMIC_ACQUIRE))
		return;
	u->slot = me;
	u->other = other;
	u->offset = (int64_t)(order->region + i - order->base);
	u->length = j - i;
	u->site = site;
	u->other_site = site_at(w0->site);
	memcpy(u->name, order->name, sizeof u->name);
	__atomic_store_n(&u->ready, 1, __ATOMIC_RELEASE);
}

/* At a point, before the releases it makes: the bytes changed since the turn began, each
 * checked against the last other process that changed it. SITE: the call before them. */
static void
check_changes(uint64_t site)
{
	const unsigned char *now = (const unsigned char *)(uintptr_t)order->region;
	uint32_t len = order->len;
	uint32_t *mine = order->clock[me];

	for (uint32_t i = 0; i < len; i++) {
		struct writer *w;

		if ((i & 7) == 0 && i + 8 <= len && memcmp(now + i, snapshot + i, 8) == 0) {
			i += 7;
			continue;
		}
		if (now[i] == snapshot[i] || (w = &order->w[i])->excluded)
			continue;
		if (w->slot != 0 && w->slot - 1 != me && w->epoch > mine[w->slot - 1] &&
		    order->off == 0)
			report(i, len, w->slot - 1, site);
		w->slot = (uint8_t)(me + 1);
		w->epoch = mine[me];
		w->site = site_index(site);
	}
}

/* The region is still mapped here (the student's destroy unmaps it): else never again. */
static bool
still_mapped(void)
{
	static unsigned char vec[REGION_MAX / 4096 + 1];

	if (mincore((void *)(uintptr_t)order->region, order->len, vec) == 0)
		return true;
	knows_region = false;
	return false;
}

/* The turn begins: what the region holds now is not this process's doing. */
void
lab_order_turn_(void)
{
	snapped = false;
	if (order == NULL || me < 0 || !knows_region || order->len == 0 || !still_mapped())
		return;
	memcpy(snapshot, (const void *)(uintptr_t)order->region, order->len);
	snapped = true;
}

/*
 * At each point, with the turn: OTHERS_RUN when a process runs free beside us (a change may
 * be its: nothing is checked, and nothing can be reported for the run anyway). Then the
 * releases the call makes (those made before the point, an unlock or a post, and those the
 * call right after it makes first, a condition wait's unlock, a write into a pipe).
 */
void
lab_order_point_(uint32_t op, uint64_t object, uint64_t object2, uint64_t site,
    uint64_t call_site, bool others_run)
{
	uint32_t kind = op & ~LAB_OP_TIMED;

	if (order == NULL || me < 0)
		return;
	switch (kind) {
	case LAB_OP_LOCK:
	case LAB_OP_UNLOCK:
		exclude(object, sizeof (pthread_mutex_t));
		use(object, LAB_SYNC_MUTEX, call_site);
		break;
	case LAB_OP_TRY:        /* a mutex or a semaphore; a trylock changes its first bytes */
		exclude(object, sizeof (sem_t));
		break;
	case LAB_OP_SEM_WAIT:
	case LAB_OP_SEM_POST:
		exclude(object, sizeof (sem_t));
		use(object, LAB_SYNC_SEM, call_site);
		break;
	case LAB_OP_COND_WAIT:
		exclude(object2, sizeof (pthread_mutex_t));
		use(object2, LAB_SYNC_MUTEX, call_site);
		/* fall through */
	case LAB_OP_COND_SIGNAL:
	case LAB_OP_COND_BROADCAST:
		exclude(object, sizeof (pthread_cond_t));
		use(object, LAB_SYNC_COND, call_site);
		break;
	default:
		break;
	}
	if (snapped && !others_run && still_mapped())
		check_changes(site);
	snapped = false;
	switch (kind) {
	case LAB_OP_UNLOCK:
	case LAB_OP_SEM_POST:
	case LAB_OP_COND_SIGNAL:
	case LAB_OP_COND_BROADCAST:
		release(object);
		break;
	case LAB_OP_COND_WAIT:
		release(object2);
		release(object);
		break;
	case LAB_OP_WRITE:
		if (object != 0)
			release_key(object | 1ull << 63);
		break;
	default:
		break;
	}
	for (unsigned i = 0; i < nrelease_next; i++)
		release_key(release_next[i]);
	nrelease_next = 0;
}

/* The mapping around ADDR, when it is shared (another process can see a change of it):
 * REGION_MAX bytes of it at most, from its start or, in a larger one, from ADDR's page.
 * Only the process that has the turn registers, once. */
void
lab_order_watch_(const char *name, const void *addr)
{
	FILE *maps;
	char line[512];
	uintptr_t a = (uintptr_t)addr;

	if (order == NULL || me < 0 || order->len != 0 || addr == NULL)
		return;
	if ((maps = fopen("/proc/self/maps", "re")) == NULL)
		return;
	while (fgets(line, sizeof line, maps) != NULL) {
		unsigned long lo, hi;
		char perms[5];

		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) != 3 || a < lo || a >= hi)
			continue;
		if (perms[0] == 'r' && perms[3] == 's') {
			if (a - lo >= REGION_MAX)
				lo = a & ~(uintptr_t)4095;
			order->region = lo;
			order->base = a;
			order->len = (uint32_t)(hi - lo < REGION_MAX ? hi - lo : REGION_MAX);
			snprintf(order->name, sizeof order->name, "%s", name);
			knows_region = true;
			memcpy(snapshot, (const void *)(uintptr_t)lo, order->len);
			snapped = true;
		}
		break;
	}
	fclose(maps);
}
