/* lessons.c: the lesson catalog, in teaching order. */
#include "proclab.h"

#include <string.h>

const struct lesson lessons[] = {
	{ 1, "processes-vs-threads", "Processes vs threads", "003",
	  "do_something(i) in 5 threads, then in 5 processes; what the GIL changes" },
	{ 2, "start-methods", "Start methods", "003",
	  "fork, spawn and a fork server: what each costs, what the child inherits" },
	{ 3, "lifecycle", "Process lifecycle", "001, 004",
	  "start, join, is_alive, terminate, exit codes, signals, process names" },
	{ 4, "copied-values", "Values are copied", "000",
	  "funcao1/funcao2 on plain values: each child changes its own copy (120, 140)" },
	{ 5, "shared-value", "Shared value and flag", "000",
	  "the same on shared memory: 120 then 230, or 140 then 410" },
	{ 6, "balance-race", "Balance race", "002",
	  "5 depositors and 5 withdrawers without a lock: lost updates" },
	{ 7, "balance-lock", "Balance with a lock", "002",
	  "the same under a process-shared lock: Final Balance = 350, every time" },
	{ 8, "shared-array", "Shared array", "002",
	  "+10 and -5 on every element under a lock: [5, 6, ..., 14]" },
	{ 9, "get-lock", "Counters with get_lock", "004",
	  "a shared double and a shared array, +1/-1 under their own lock: zeros" },
	{ 10, "queue", "Queue", "001, 004",
	  "producers and consumers: every message delivered exactly once" },
	{ 11, "pipe", "Pipe", "001, 004",
	  "one-way and duplex pipes; squares; the full-buffer deadlock and its fix" },
	{ 12, "pool", "Pool", "001",
	  "map of squares with 4 workers: [1, 4, 9, 16]; apply; chunks; order" },
	{ 13, "sync-primitives", "Synchronization primitives", "004",
	  "Lock, RLock, Condition, Event, Semaphore and Barrier between processes" },
	{ 14, "manager", "Manager", "001, 004",
	  "a server process holds a list; 10 workers append through requests" },
	{ 15, "remote-manager", "Remote manager", "004",
	  "a queue served over TCP with an HMAC challenge; a wrong key is refused" },
	{ 16, "letter-frequency", "Letter-frequency race", "003",
	  "counting letters of 20 RFCs: sequential, racy threads, and the fixes" },
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
