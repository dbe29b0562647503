/* SPDX-License-Identifier: MIT */
/*
 * sched-trace.c: --trace FILE, the scheduled runs as they happened, in JSON Lines (one
 * object per line; jansson writes them). Each scheduled run gives a "run" line (the test,
 * its inputs' seed, the schedule and the --replay token that repeats it), one line per
 * event in the order the scheduler saw them ("turn": the process was let make its call;
 * "block": the call would have blocked, so it waits; "exit"; "free": it kept its turn
 * past the budget and ran uncontrolled until its next call; "write": it changed a watched
 * variable since its last call, site being that call, with "lost_update_of" the process
 * whose update the write overwrote), and an "end" line with the run's verdict; a run that
 * ended in a deadlock also says there who waited for what ("waits": each process's call,
 * its object and site, the mutex's holder and where it took it), the wait-for graph that
 * proclab trace draws as a cycle. Call sites in the student's files are named
 * "deposit (bank.c:31)".
 */
#include "grader.h"
#include "lab-sched.h"
#include "sched-int.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_names[LAB_OP_COUNT] = {
	[LAB_OP_START] = "start", [LAB_OP_FORK] = "fork", [LAB_OP_WAIT] = "wait",
	[LAB_OP_WAIT_POLL] = "wait_nohang", [LAB_OP_LOCK] = "lock",
	[LAB_OP_UNLOCK] = "unlock", [LAB_OP_SEM_WAIT] = "sem_wait",
	[LAB_OP_SEM_POST] = "sem_post", [LAB_OP_COND_WAIT] = "cond_wait",
	[LAB_OP_COND_SIGNAL] = "cond_signal", [LAB_OP_COND_BROADCAST] = "cond_broadcast",
	[LAB_OP_READ] = "read", [LAB_OP_WRITE] = "write", [LAB_OP_SLEEP] = "sleep",
	[LAB_OP_THINK] = "think", [LAB_OP_EXIT] = "exit", [LAB_OP_TRY] = "try",
	[LAB_OP_POLL] = "poll",
};

/* The one table of the event kinds: the scheduler writes them, sched.c reads them back. */
static const char *const kind_names[SCHED_EV_COUNT] = {
	[SCHED_EV_TURN] = "turn", [SCHED_EV_BLOCK] = "block", [SCHED_EV_EXIT] = "exit",
	[SCHED_EV_FREE] = "free", [SCHED_EV_WRITE] = "write",
};

const char *
sched_event_name(enum sched_event_kind k)
{
	return kind_names[k];
}

bool
sched_event_kind(const char *name, enum sched_event_kind *k)
{
	for (int i = 0; i < SCHED_EV_COUNT; i++)
		if (strcmp(name, kind_names[i]) == 0) {
			*k = (enum sched_event_kind)i;
			return true;
		}
	return false;
}

const char *
sched_op_name(uint32_t op)
{
	return op < LAB_OP_COUNT && op_names[op] != NULL ? op_names[op] : "?";
}

static json_t *
text(const char *s)
{
	json_t *j = s != NULL ? json_string(s) : NULL;     /* NULL: not UTF-8 */

	return j != NULL ? j : json_null();
}

static void
put_line(FILE *out, json_t *j)
{
	json_dumpf(j, out, JSON_COMPACT | JSON_ENSURE_ASCII);
	fputc('\n', out);
	json_decref(j);
}

/* SITE into the N distinct sites of SITES, once. */
static void
add_site(uint64_t *sites, size_t *n, uint64_t site)
{
	size_t k = 0;

	while (k < *n && sites[k] != site)
		k++;
	if (k == *n && site != 0)
		sites[(*n)++] = site;
}

/* The call sites of the events and of a deadlock's waits, each looked up once: NAMES[k]
 * for the k-th distinct site. */
static char **
site_names(const struct sched_trace_run *r, uint64_t **sites, size_t *nsites)
{
	const struct sched_findings *f = r->findings;
	char	**names;
	size_t	  n = 0;

	*sites = xcalloc(f->nevents + 3 * f->nwaits + 1, sizeof **sites);
	for (size_t i = 0; i < f->nevents; i++)
		add_site(*sites, &n, f->events[i].site);
	for (size_t i = 0; i < f->nwaits; i++) {
		add_site(*sites, &n, f->waits[i].site);
		if (f->waits[i].holder >= 0)
			add_site(*sites, &n, f->waits[i].holder_site);
		add_site(*sites, &n, f->waits[i].caller_site);
	}
	names = xcalloc(n + 1, sizeof *names);
	if (n > 0 && r->ex != NULL)
		program_places(r->ex, r->workdir, r->options, *sites, n, names);
	else if (n > 0 && r->places != NULL)
		r->places(*sites, n, names);
	*nsites = n;
	return names;
}

/* SITE's name, as site_names found it, or null. */
static json_t *
site_json(uint64_t site, const uint64_t *sites, char **names, size_t nsites)
{
	size_t k = 0;

	while (k < nsites && sites[k] != site)
		k++;
	return text(site != 0 && k < nsites ? names[k] : NULL);
}

/* A deadlock's wait-for graph: each waiting process, what it waits for, where, and the
 * holder of the mutex it waits for (null: none known). */
static json_t *
waits_json(const struct sched_findings *f, const uint64_t *sites, char **names,
    size_t nsites)
{
	json_t	*a = json_array();
	char	 obj[32];

	for (size_t i = 0; i < f->nwaits; i++) {
		const struct sched_wait *w = &f->waits[i];
		json_t *j = json_object();

		snprintf(obj, sizeof obj, "0x%" PRIx64, w->object);
		json_object_set_new(j, "process", json_integer(w->process));
		json_object_set_new(j, "call", json_string(sched_op_name(w->op)));
		json_object_set_new(j, "object", json_string(obj));
		json_object_set_new(j, "site", site_json(w->site, sites, names, nsites));
		json_object_set_new(j, "caller", site_json(w->caller_site, sites, names, nsites));
		json_object_set_new(j, "holder", w->holder >= 0 ? json_integer(w->holder) :
		    json_null());
		json_object_set_new(j, "holder_site", w->holder >= 0 ?
		    site_json(w->holder_site, sites, names, nsites) : json_null());
		json_object_set_new(j, "holder_ended", json_boolean(w->holder_ended));
		json_object_set_new(j, "passed_over", json_boolean(w->passed_over));
		json_array_append_new(a, j);
	}
	return a;
}

static json_t *
event_json(const struct sched_findings *f, const struct sched_event *e, const uint64_t *sites,
    char **names, size_t nsites)
{
	json_t	*j = json_object();
	char	 obj[32];
	size_t	 k = 0;

	while (k < nsites && sites[k] != e->site)
		k++;
	json_object_set_new(j, "type", json_string(kind_names[e->kind]));
	json_object_set_new(j, "step", json_integer(e->step));
	json_object_set_new(j, "process", e->process >= 0 ? json_integer(e->process) :
	    json_null());
	json_object_set_new(j, "pid", json_integer(e->pid));
	if (e->kind == SCHED_EV_WRITE) {
		json_object_set_new(j, "var", text(f->watches[e->var]));
		json_object_set_new(j, "old", json_integer(e->old_value));
		json_object_set_new(j, "new", json_integer(e->new_value));
		json_object_set_new(j, "site", text(k < nsites ? names[k] : NULL));
		json_object_set_new(j, "lost_update_of", e->overwrote >= 0 ?
		    json_integer(e->overwrote) : json_null());
		return j;
	}
	json_object_set_new(j, "call", json_string(sched_op_name(e->op)));
	snprintf(obj, sizeof obj, "0x%" PRIx64, e->object);
	json_object_set_new(j, "object", json_string(obj));
	json_object_set_new(j, "site", text(k < nsites ? names[k] : NULL));
	if (e->kind == SCHED_EV_TURN)
		json_object_set_new(j, "timed_out", json_boolean(e->result == ETIMEDOUT));
	return j;
}

void
sched_trace_run(FILE *out, const struct sched_trace_run *r)
{
	const struct sched_findings *f = r->findings;
	json_t	 *head = json_object(), *end = json_object();
	uint64_t *sites;
	size_t	  nsites;
	char	**names, seed[24], *replay = NULL;

	snprintf(seed, sizeof seed, "%" PRIu64, r->seed);
	if (f->schedule != NULL && r->ex != NULL)
		xasprintf(&replay, "1.%s.%d.%s.%s", r->test->name, r->run, seed, f->schedule);
	else if (f->schedule != NULL)
		replay = xstrdup(f->schedule);  /* proclab lesson N --schedule S */
	json_object_set_new(head, "type", json_string("run"));
	if (r->ex != NULL) {
		json_object_set_new(head, "exercise", json_integer(r->ex->number));
		json_object_set_new(head, "test", json_string(r->test->name));
	} else
		json_object_set_new(head, "lesson", json_integer(r->lesson));
	json_object_set_new(head, "run", json_integer(r->run));
	json_object_set_new(head, "seed", json_string(seed));
	json_object_set_new(head, "strategy", json_string(sched_strategy_name(r->strategy)));
	json_object_set_new(head, "schedule", text(f->schedule));
	json_object_set_new(head, "replay", text(replay));
	json_object_set_new(head, "steps", json_integer(f->steps));
	json_object_set_new(head, "uncontrolled", json_integer(f->uncontrolled));
	json_object_set_new(head, "events_left_out", json_boolean(f->nevents >=
	    SCHED_EVENTS_MAX));
	put_line(out, head);
	names = site_names(r, &sites, &nsites);
	for (size_t i = 0; i < f->nevents; i++)
		put_line(out, event_json(f, &f->events[i], sites, names, nsites));
	json_object_set_new(end, "type", json_string("end"));
	json_object_set_new(end, "verdict", r->verdict != NULL ?
	    json_string(verdict_name(r->verdict->verdict)) : json_null());
	json_object_set_new(end, "message", text(r->verdict != NULL ? r->verdict->message :
	    r->message));
	json_object_set_new(end, "deadlock", json_boolean(f->deadlock));
	if (f->deadlock) {
		json_object_set_new(end, "livelock", json_boolean(f->livelock));
		json_object_set_new(end, "waits", waits_json(f, sites, names, nsites));
	}
	put_line(out, end);
	fflush(out);
	for (size_t k = 0; k < nsites; k++)
		free(names[k]);
	free(names);
	free(sites);
	free(replay);
}
