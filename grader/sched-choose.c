/* SPDX-License-Identifier: MIT */
/*
 * sched-choose.c: which enabled process runs next, and the schedule that replays it.
 *
 *   pct     random priorities, the highest enabled runs; at DEPTH-1 random decisions the
 *           process that ran last drops below all others (Burckhardt et al., ASPLOS 2010:
 *           a bug of depth d is found with probability >= 1/(n k^(d-1)) per run).
 *   random  any enabled process, uniformly.
 *   replay  the decisions of a schedule this file wrote, in order.
 * A process spinning on polls (sleeps, tries: a second one with nothing done by anyone
 * since the first) goes after the others:
 * its loop cannot end before someone else runs; when all spin, the one that waited
 * longest goes (the rule picks it: no decision is recorded). Only decisions between two or more
 * processes are recorded; given them, the run is the same on any machine.
 */
#include "sched-int.h"

#include <stdlib.h>
#include <string.h>

static const char letters[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
_Static_assert(sizeof letters - 1 == LAB_SCHED_PROCS, "one letter per slot");

static uint64_t
next(struct sched_chooser *c)
{
	/* splitmix64: a seed gives the same decisions on every machine */
	uint64_t z = (c->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
chooser_init(struct sched_chooser *c, const struct sched_plan *plan, int steps_hint)
{
	memset(c, 0, sizeof *c);
	c->strategy = plan->strategy;
	c->rng = plan->seed;
	c->last = -1;
	c->made = xmalloc(SCHED_DECISIONS_MAX);
	c->depth = 3;
	if (steps_hint < 2)
		steps_hint = 2;
	c->nchange = c->depth - 1;
	for (int i = 0; i < c->nchange; i++)
		c->change[i] = 1 + (long)(next(c) % (uint64_t)steps_hint);
}

void
chooser_new_process(struct sched_chooser *c, struct sched_proc *p)
{
	/* above every priority a change point gives (1 .. depth-1) */
	p->priority = (next(c) >> 8) + 64;
}

static int
pick_pct(struct sched_chooser *c, struct sched_proc *p, const int *en, int n)
{
	int best = en[0];

	for (int i = 0; i < c->nchange; i++)
		if (c->change[i] == (long)c->nmade && c->last >= 0)
			p[c->last].priority = (uint64_t)(c->nchange - i);
	for (int i = 1; i < n; i++)
		if (p[en[i]].priority > p[best].priority)
			best = en[i];
	return best;
}

/* dfs: the choices of this decision, for the next schedule (sched_dfs_next). */
static void
record_branch(struct sched_chooser *c, const int *en, int m)
{
	if (c->branches == NULL)
		c->branches = xmalloc(SCHED_BRANCHES_MAX + 1);
	if (c->nbranches + (size_t)m + 2 > SCHED_BRANCHES_MAX)
		return;
	if (c->nbranches > 0)
		c->branches[c->nbranches++] = '/';
	for (int i = 0; i < m; i++)
		c->branches[c->nbranches++] = letters[en[i]];
	c->branches[c->nbranches] = '\0';
}

int
chooser_pick(struct sched_chooser *c, struct sched_proc *p, const int *enabled, int n)
{
	int	 en[LAB_SCHED_PROCS], m = 0, pick;

	/* spinners last: their loops need somebody else to go first */
	for (int i = 0; i < n; i++)
		if (!p[enabled[i]].spinning)
			en[m++] = enabled[i];
	if (m == 0) {
		/* all spin: the one that waited longest, so that each loop gets to see */
		en[0] = enabled[0];
		for (int i = 1; i < n; i++)
			if (p[enabled[i]].granted_at < p[en[0]].granted_at)
				en[0] = enabled[i];
		m = 1;
	}
	if (m == 1) {
		c->last = en[0];
		return en[0];
	}
	switch (c->strategy) {
	case SCHED_DFS:
		pick = c->nmade < c->nreplay ? -1 : en[0];
		for (int i = 0; pick == -1 && i < m; i++)
			if (en[i] == c->replay[c->nmade])
				pick = en[i];
		if (pick == -1) {
			c->diverged = true;
			pick = en[0];
		}
		record_branch(c, en, m);
		break;
	case SCHED_REPLAY:
		pick = -1;
		if (c->nmade < c->nreplay)
			for (int i = 0; i < m; i++)
				if (en[i] == c->replay[c->nmade])
					pick = en[i];
		if (pick == -1) {
			c->diverged = true;
			pick = en[0];
		}
		break;
	case SCHED_RANDOM:
		pick = en[next(c) % (uint64_t)m];
		break;
	default:
		pick = pick_pct(c, p, en, m);
		break;
	}
	if (c->nmade < SCHED_DECISIONS_MAX)
		c->made[c->nmade++] = (unsigned char)pick;
	c->last = pick;
	return pick;
}

void
chooser_free(struct sched_chooser *c)
{
	free(c->made);
	free(c->branches);
	c->made = NULL;
	c->branches = NULL;
}

char
schedule_letter(int slot)
{
	return letters[slot];
}

int
schedule_slot(char letter)
{
	const char *at = letter != '\0' ? strchr(letters, letter) : NULL;

	return at != NULL ? (int)(at - letters) : -1;
}

char *
schedule_encode(const unsigned char *slots, size_t n)
{
	char	*s = xmalloc(n * 7 + 1);
	size_t	 len = 0;

	for (size_t i = 0; i < n;) {
		size_t run = 1;

		while (i + run < n && slots[i + run] == slots[i])
			run++;
		s[len++] = letters[slots[i]];
		if (run > 1)
			len += (size_t)sprintf(s + len, "%zu", run);
		i += run;
	}
	s[len] = '\0';
	return s;
}

unsigned char *
schedule_decode(const char *s, size_t *n, char **cause)
{
	unsigned char	*out = xmalloc(SCHED_DECISIONS_MAX);
	size_t		 len = 0;

	for (; *s != '\0';) {
		const char *at = strchr(letters, *s);
		unsigned long run = 1;
		char *end;

		if (at == NULL || *s == '\0')
			goto out_bad;
		s++;
		if (*s >= '0' && *s <= '9') {
			run = strtoul(s, &end, 10);
			if (run < 2 || run > SCHED_DECISIONS_MAX)
				goto out_bad;
			s = end;
		}
		if (len + run > SCHED_DECISIONS_MAX)
			goto out_bad;
		memset(out + len, (int)(at - letters), run);
		len += run;
	}
	*n = len;
	return out;
out_bad:
	free(out);
	cause_set(cause, _("the schedule is damaged near '%.12s': copy it whole from the "
	    "report"), s);
	return NULL;
}
