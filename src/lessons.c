/* SPDX-License-Identifier: MIT */
/* lessons.c: the lesson catalog, in teaching order, and where the exercises come in it. */
#include "proclab.h"

#include <string.h>

const struct lesson lessons[] = {
	{ 1, "processes-vs-threads", N_("Processes vs threads"), "003",
	  N_("do_something(i) in 5 threads, then in 5 processes; what the GIL changes") },
	{ 2, "start-methods", N_("Start methods"), "003",
	  N_("fork, spawn and a fork server: what each costs, what the child inherits") },
	{ 3, "lifecycle", N_("Process lifecycle"), "001, 004",
	  N_("start, join, is_alive, terminate, exit codes, signals, process names") },
	{ 4, "copied-values", N_("Values are copied"), "000",
	  N_("funcao1/funcao2 on plain values: each child changes its own copy (120, 140)") },
	{ 5, "shared-value", N_("Shared value and flag"), "000",
	  N_("the same on shared memory: 120 then 230, or 140 then 410") },
	{ 6, "balance-race", N_("Balance race"), "002",
	  N_("5 depositors and 5 withdrawers without a lock: lost updates") },
	{ 7, "balance-lock", N_("Balance with a lock"), "002",
	  N_("the same under a process-shared lock: Final Balance = 350, every time") },
	{ 8, "shared-array", N_("Shared array"), "002",
	  N_("+10 and -5 on every element under a lock: [5, 6, ..., 14]") },
	{ 9, "get-lock", N_("Counters with get_lock"), "004",
	  N_("a shared double and a shared array, +1/-1 under their own lock: zeros") },
	{ 10, "queue", N_("Queue"), "001, 004",
	  N_("producers and consumers: every message delivered exactly once") },
	{ 11, "pipe", N_("Pipe"), "001, 004",
	  N_("one-way and duplex pipes; squares; the full-buffer deadlock and its fix") },
	{ 12, "pool", N_("Pool"), "001",
	  N_("map of squares with 4 workers: [1, 4, 9, 16]; apply; chunks; order") },
	{ 13, "sync-primitives", N_("Synchronization primitives"), "004",
	  N_("Lock, RLock, Condition, Event, Semaphore and Barrier between processes") },
	{ 14, "manager", N_("Manager"), "001, 004",
	  N_("a server process holds a list; 10 workers append through requests") },
	{ 15, "remote-manager", N_("Remote manager"), "004",
	  N_("a queue served over TCP with an HMAC challenge; a wrong key is refused") },
	{ 16, "letter-frequency", N_("Letter-frequency race"), "003",
	  N_("counting letters of 20 RFCs: sequential, racy threads, and the fixes") },
	{ 17, "costs", N_("What each mechanism costs"), "000-004",
	  N_("round trips, throughput, starts, locks in C, beside CPython's multiprocessing") },
};
const size_t nlessons = nitems(lessons);

/* "6", "06", "balance-race" and "06-balance-race" all name lesson 6. */
const struct lesson *
lesson_find(const char *arg)
{
	char	 full[64];
	long	 n;
	size_t	 i;

	if (parse_long(arg, 1, (long)nlessons, &n))
		return &lessons[n - 1];
	for (i = 0; i < nlessons; i++) {
		snprintf(full, sizeof full, "%02d-%s", lessons[i].number, lessons[i].name);
		if (strcmp(arg, lessons[i].name) == 0 || strcmp(arg, full) == 0)
			return &lessons[i];
	}
	return NULL;
}

char *
lesson_path(const struct lesson *l)
{
	char	*path;

	xasprintf(&path, "%s/%02d-%s", lessons_dir(), l->number, l->name);
	return path;
}

/* Each of the lab's exercises after the last lesson it needs. They keep their own order
 * too: 07-bounded-queue (the queue of lesson 10) comes after 06-pipe-squares, which needs
 * the pipes of lesson 11. */
static const struct {
	const char	*dir;
	int		 lesson;
} exercise_lessons[] = {
	{ "01-fork-join", 3 },          /* start, join, exit codes */
	{ "02-ordered-flags", 5 },      /* a shared value and flag */
	{ "03-bank-balance", 7 },       /* the race and its lock */
	{ "04-shared-array", 8 },
	{ "05-locked-counter", 9 },     /* get_lock */
	{ "06-pipe-squares", 11 },
	{ "07-bounded-queue", 11 },
	{ "08-process-pool", 12 },
	{ "09-barrier", 13 },
	{ "10-semaphore-limit", 13 },
	{ "11-letter-count", 16 },
	{ "12-manager-chat", 16 },      /* the managers of 14 and 15; after 11 */
};

int
lesson_before(const char *exdir)
{
	for (size_t i = 0; i < nitems(exercise_lessons); i++)
		if (strcmp(exdir, exercise_lessons[i].dir) == 0)
			return exercise_lessons[i].lesson;
	return 0;
}
