/* SPDX-License-Identifier: MIT */
/*
 * sched-explain.c: a deadlock the scheduler found, in the student's words: who waits, in
 * which function and line, for what, and who holds it since where.
 *   deadlock: every process is waiting. Process 1 waits in deposit (bank.c:31) for the
 *   mutex that process 2 holds since withdraw (bank.c:40); process 2 waits ...
 * And the first lost update of a watched variable: whose write overwrote whose.
 */
#include "sched-int.h"

#include <stdlib.h>
#include <string.h>

static char *
who(int process)
{
	char *s;

	if (process == 0)
		return xstrdup(_("the test program"));
	xasprintf(&s, _("process %d"), process);
	return s;
}

/* Whether two places ("P (bqueue.c:27)") are in the same function. */
static bool
same_function(const char *a, const char *b)
{
	size_t la = strcspn(a, " "), lb = strcspn(b, " ");

	return la == lb && strncmp(a, b, la) == 0;
}

/* " in deposit (bank.c:31)", or nothing when the call is not in the student's files; with
 * the student's function that called that one, when there is one:
 * " in P (bqueue.c:27), called from bq_put (bqueue.c:57)," */
static char *
where(const char *name, const char *from)
{
	char *s;

	if (name == NULL)
		return xstrdup("");
	if (from != NULL && !same_function(name, from))
		/* TRANSLATORS: two functions and their lines: "P (bqueue.c:27)", "bq_put
		 * (bqueue.c:57)"; the sentence goes on with what the process waits for */
		xasprintf(&s, _(" in %s, called from %s,"), name, from);
	else
		xasprintf(&s, _(" in %s"), name);
	return s;
}

static char *
one_wait(const struct sched_wait *w, const char *at, const char *from, const char *held_at)
{
	char	*s, *me = who(w->process), *in = where(at, from), *h = NULL;

	switch (w->op) {
	case LAB_OP_LOCK:
		if (w->holder < 0) {
			xasprintf(&s, _("%s waits%s for a mutex no running process holds"),
			    me, in);
			break;
		}
		h = who(w->holder);
		if (w->holder_ended)
			xasprintf(&s, _("%s waits%s for the mutex that %s took in %s and still "
			    "held when it ended"), me, in, h, held_at != NULL ? held_at : "?");
		else if (w->holder == w->process)
			xasprintf(&s, _("%s waits%s for a mutex it holds itself since %s"), me,
			    in, held_at != NULL ? held_at : "?");
		else
			xasprintf(&s, _("%s waits%s for the mutex that %s holds since %s"), me,
			    in, h, held_at != NULL ? held_at : "?");
		break;
	case LAB_OP_SEM_WAIT:
		xasprintf(&s, _("%s waits%s on a semaphore whose value is 0"), me, in);
		break;
	case LAB_OP_COND_WAIT:
		if (w->passed_over)
			xasprintf(&s, _("%s waits%s on a condition variable that no process will "
			    "signal again: a pthread_cond_signal on it woke another waiter and left "
			    "this one (pthread_cond_signal wakes one waiter, pthread_cond_broadcast "
			    "all of them)"), me, in);
		else
			xasprintf(&s, _("%s waits%s on a condition variable that no process will "
			    "signal"), me, in);
		break;
	case LAB_OP_READ:
		xasprintf(&s, _("%s waits%s to read from an empty pipe or socket"), me, in);
		break;
	case LAB_OP_WRITE:
		xasprintf(&s, _("%s waits%s to write to a full pipe or socket"), me, in);
		break;
	case LAB_OP_WAIT:
		xasprintf(&s, _("%s waits%s for a child process to end"), me, in);
		break;
	case LAB_OP_POLL:
		xasprintf(&s, _("%s waits%s in poll for a descriptor that no process will make "
		    "ready"), me, in);
		break;
	case LAB_OP_TRY:
		if (w->holder >= 0 && w->holder_ended) {
			h = who(w->holder);
			xasprintf(&s, _("%s keeps trying%s to take the mutex that %s took in %s "
			    "and still held when it ended"), me, in, h,
			    held_at != NULL ? held_at : "?");
		} else if (w->holder >= 0 && w->holder != w->process) {
			h = who(w->holder);
			xasprintf(&s, _("%s keeps trying%s to take the mutex that %s holds since "
			    "%s"), me, in, h, held_at != NULL ? held_at : "?");
		} else
			xasprintf(&s, _("%s keeps trying%s to take a lock or semaphore that no "
			    "process will give back"), me, in);
		break;
	case LAB_OP_SLEEP:
		xasprintf(&s, _("%s keeps sleeping and looking again%s, for something no "
		    "process will do"), me, in);
		break;
	case LAB_OP_WAIT_POLL:
		xasprintf(&s, _("%s keeps checking%s for a child process that does not end"), me,
		    in);
		break;
	default:
		xasprintf(&s, _("%s waits%s"), me, in);
		break;
	}
	free(me);
	free(in);
	free(h);
	return s;
}

char *
sched_deadlock_message(const struct sched_findings *f, const struct exercise *ex,
    const char *workdir, const struct grade_options *o)
{
	size_t	 n = f->nwaits;
	uint64_t *off = xcalloc(3 * n + 1, sizeof *off);
	char	**names = xcalloc(3 * n + 1, sizeof *names), *msg, *t, *one;

	for (size_t i = 0; i < n; i++) {
		off[3 * i] = f->waits[i].site;
		off[3 * i + 1] = f->waits[i].holder >= 0 ? f->waits[i].holder_site : 0;
		off[3 * i + 2] = f->waits[i].caller_site;
	}
	program_places(ex, workdir, o, off, 3 * n, names);
	msg = xstrdup(f->livelock ? _("livelock: every process that can run only tries again "
	    "and again, and none gets anywhere:") :
	    _("deadlock: every process is waiting and none can go on:"));
	for (size_t i = 0; i < n; i++) {
		one = one_wait(&f->waits[i], names[3 * i], names[3 * i + 2], names[3 * i + 1]);
		xasprintf(&t, "%s%s%s", msg, i == 0 ? " " : "; ", one);
		free(msg);
		free(one);
		msg = t;
	}
	xasprintf(&t, "%s.", msg);
	free(msg);
	for (size_t i = 0; i < 3 * n; i++)
		free(names[i]);
	free(names);
	free(off);
	return t;
}

/* " right after its call in deposit (bank.c:31)", or nothing outside the student's files */
static char *
right_after(const char *name)
{
	char *s;

	if (name == NULL)
		return xstrdup("");
	/* TRANSLATORS: %s is a function and its line, "deposit (bank.c:31)" */
	xasprintf(&s, _(" right after its call in %s"), name);
	return s;
}

char *
sched_lost_message(const struct sched_findings *f, const struct exercise *ex,
    const char *workdir, const struct grade_options *o)
{
	const struct sched_lost *l = &f->lost;
	const char *var = f->watches[l->var];
	uint64_t off[2] = { l->site, l->writer_site };
	char	*names[2], *me = who(l->process), *other = who(l->writer), *msg, *at, *wat;

	program_places(ex, workdir, o, off, 2, names);
	at = right_after(names[0]);
	wat = right_after(names[1]);
	/* TRANSLATORS: "process 7 wrote balance = 50 right after its call in withdraw
	 * (bank.c:30), over the 200 that process 3 had written right after its call in
	 * deposit (bank.c:18); process 7 had read balance before that write (it was 100 at
	 * its lab_think()), so the update of process 3 was lost." */
	xasprintf(&msg, _("The schedule shows the lost update: %s wrote %s = %lld%s, over the "
	    "%lld that %s had written%s; %s had read %s before that write (it was %lld at its "
	    "lab_think()), so the update of %s was lost."), me, var, (long long)l->value, at,
	    (long long)l->overwritten, other, wat, me, var, (long long)l->seen, other);
	free(names[0]);
	free(names[1]);
	free(me);
	free(other);
	free(at);
	free(wat);
	return msg;
}

char *
sched_unguarded_message(const struct sched_findings *f, const struct exercise *ex,
    const char *workdir, const struct grade_options *o)
{
	const struct sched_unguarded *u = &f->unguarded;
	uint64_t off = u->site;
	char	*name, *me = who(u->process), *at, *msg;

	program_places(ex, workdir, o, &off, 1, &name);
	at = right_after(name);
	/* TRANSLATORS: "process 3 changed value from 41 to 42 right after its call in
	 * counter_unlock (counter.c:70), when it held no mutex and no semaphore" */
	xasprintf(&msg, _("The schedule shows a change made without the lock: %s changed %s "
	    "from %lld to %lld%s, when it held no mutex and no semaphore. Another process can "
	    "read or change %s at that same moment (on two CPUs it does), and then one of the "
	    "two updates is lost: make every change between taking the lock and giving it "
	    "back."), me, u->name, (long long)u->old, (long long)u->value, at, u->name);
	free(name);
	free(me);
	free(at);
	return msg;
}

char *
sched_unshared_message(const struct sched_findings *f, const struct exercise *ex,
    const char *workdir, const struct grade_options *o)
{
	const struct sched_unshared *u = &f->unshared;
	uint64_t off[2] = { u->site, u->other_site };
	char	*names[2], *me = who(u->process), *other = who(u->other), *at, *oat, *msg;

	program_places(ex, workdir, o, off, 2, names);
	at = where(names[0], NULL);
	oat = where(names[1], NULL);
	switch (u->kind) {
	case LAB_SYNC_MUTEX:
		/* TRANSLATORS: "process 3 used the mutex in deposit (bank.c:30) that process 1
		 * had used in withdraw (bank.c:44)" */
		xasprintf(&msg, _("The schedule shows a mutex that is not process-shared: %s "
		    "used the mutex%s that %s had used%s, and it was initialised without "
		    "PTHREAD_PROCESS_SHARED (or not at all). Here the scheduler decided who "
		    "waits, but on a real machine a process that waits for it sleeps where "
		    "another process's unlock does not wake it: give pthread_mutex_init an "
		    "attribute set with pthread_mutexattr_setpshared(&attr, "
		    "PTHREAD_PROCESS_SHARED)."), me, at, other, oat);
		break;
	case LAB_SYNC_COND:
		xasprintf(&msg, _("The schedule shows a condition variable that is not "
		    "process-shared: %s used the condition variable%s that %s had used%s, and "
		    "it was initialised without PTHREAD_PROCESS_SHARED (or not at all). Here the "
		    "scheduler decided who wakes, but on a real machine a signal from another "
		    "process does not wake the waiter: give pthread_cond_init an attribute set "
		    "with pthread_condattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)."), me, at,
		    other, oat);
		break;
	default:
		xasprintf(&msg, _("The schedule shows a semaphore that is not process-shared: "
		    "%s used the semaphore%s that %s had used%s, and sem_init's second argument "
		    "(pshared) was 0. Here the scheduler decided who waits, but on a real "
		    "machine another process's sem_post does not wake the waiter: sem_init(&s, "
		    "1, value)."), me, at, other, oat);
		break;
	}
	free(names[0]);
	free(names[1]);
	free(me);
	free(other);
	free(at);
	free(oat);
	return msg;
}

char *
sched_unordered_message(const struct sched_findings *f, const struct exercise *ex,
    const char *workdir, const struct grade_options *o)
{
	const struct sched_unordered *u = &f->unordered;
	uint64_t off[2] = { u->site, u->other_site };
	char	*names[2], *me = who(u->process), *other = who(u->other), *at, *oat, *msg;

	program_places(ex, workdir, o, off, 2, names);
	at = right_after(names[0]);
	oat = right_after(names[1]);
	/* TRANSLATORS: "process 3 changed *q at offset 16 (8 bytes) right after its call in
	 * bq_put (bqueue.c:60), which process 2 had changed right after its call in bq_put
	 * (bqueue.c:60)"; *q is the memory the test watches, as C names it */
	xasprintf(&msg, ngettext("The schedule shows two changes that nothing ordered: %s "
	    "changed %s at offset %lld (%u byte)%s, which %s had changed%s, and no lock, "
	    "semaphore, condition, pipe or wait between the two changes made the earlier one "
	    "come first. Here the scheduler ran them one after the other, but on two CPUs they "
	    "can run at the same moment and one change is lost: change what the processes "
	    "share only while holding a lock (a mutex, or a semaphore of one) that every "
	    "process takes for it.", "The schedule shows two changes that nothing ordered: %s "
	    "changed %s at offset %lld (%u bytes)%s, which %s had changed%s, and no lock, "
	    "semaphore, condition, pipe or wait between the two changes made the earlier one "
	    "come first. Here the scheduler ran them one after the other, but on two CPUs they "
	    "can run at the same moment and one change is lost: change what the processes "
	    "share only while holding a lock (a mutex, or a semaphore of one) that every "
	    "process takes for it.", u->length), me, u->name, (long long)u->offset, u->length,
	    at, other, oat);
	free(names[0]);
	free(names[1]);
	free(me);
	free(other);
	free(at);
	free(oat);
	return msg;
}

char *
sched_copied_message(const struct sched_findings *f, const struct exercise *ex,
    const char *workdir, const struct grade_options *o)
{
	const struct sched_copied *c = &f->copied;
	uint64_t off[2] = { c->site, c->holder_site };
	char	*names[2], *me = who(c->process), *other = who(c->holder), *at, *hat, *msg;

	program_places(ex, workdir, o, off, 2, names);
	at = where(names[0], NULL);
	hat = where(names[1], NULL);
	/* TRANSLATORS: "process 8 locked the mutex in deposit (bank.c:35) while process 1
	 * held it, locked in withdraw (bank.c:46)" */
	xasprintf(&msg, _("The schedule shows the lock is not shared: %s locked the mutex%s "
	    "while %s held it, locked%s. One mutex is never held by two processes at once, so "
	    "each locked a copy of its own: a mutex in a global or static variable, on the "
	    "stack or in malloc'd memory is copied by fork(). Put it in memory mapped "
	    "MAP_SHARED before fork(), initialised with PTHREAD_PROCESS_SHARED."), me, at,
	    other, hat);
	free(names[0]);
	free(names[1]);
	free(me);
	free(other);
	free(at);
	free(hat);
	return msg;
}

char *
sched_unheld_message(const struct sched_findings *f, const struct exercise *ex,
    const char *workdir, const struct grade_options *o)
{
	const struct sched_copied *u = &f->unheld;
	uint64_t off[2] = { u->site, u->holder_site };
	char	*names[2], *me = who(u->process), *at, *hat, *whose, *msg;

	program_places(ex, workdir, o, off, 2, names);
	at = where(names[0], NULL);
	if (u->holder >= 0) {
		char *other = who(u->holder);

		hat = where(names[1], NULL);
		/* TRANSLATORS: "while process 5 held it, locked in counter_add (counter.c:58)" */
		xasprintf(&whose, _("while %s held it, locked%s"), other, hat);
		free(other);
		free(hat);
	} else
		whose = xstrdup(_("when no process held it"));
	/* TRANSLATORS: "process 3 unlocked the mutex in counter_add (counter.c:62) while
	 * process 5 held it, locked in counter_add (counter.c:58)" */
	xasprintf(&msg, _("The schedule shows an unlock of a mutex the process did not hold: %s "
	    "unlocked the mutex%s %s. Only the process that locked a mutex may unlock it, and "
	    "once: an unlock too many (or one after a trylock or timedlock that did not take "
	    "the lock) lets another process in while the holder is still inside."), me, at,
	    whose);
	free(names[0]);
	free(names[1]);
	free(me);
	free(at);
	free(whose);
	return msg;
}
