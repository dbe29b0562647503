/* SPDX-License-Identifier: MIT */
/*
 * lesson-sched.c: proclab lesson 6|7|8|9 --schedule S and --explore STRATEGY: the lesson's race
 * under the grader's controlled scheduler (grader/sched.c), run from the lesson's -sched
 * build (lessons/lesson-sched.h). A schedule replays one interleaving exactly; --explore
 * runs many (dfs: all of them) and counts those that lost an update. What a schedule did
 * comes from the scheduler's findings: the first write over a write its writer had not read.
 * --visual shows one run (the schedule given, or the first found that lost an update) in
 * the race viewer of proclab trace --step (its plain text off a terminal).
 * Lessons 07 and 09 are the fixes of 06's and 08's races (their locks): the same runs
 * check them, and --explore says that no schedule lost an update and how each ended.
 */
#include "trace.h"
#include "lab-sched.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXPLORE_RUNS	50      /* random, pct: schedules drawn */
#define EXPLORE_MAX	20000   /* dfs: a tree larger than this is a bug of ours */

/* The lessons that race (and those that fix the race with a lock), and how their -sched
 * build is run. */
static const struct {
	int		 number;
	int		 processes;     /* the lesson's and its children: slots a, b, ... */
	const char	*args[4];
	const char	*big;           /* why dfs is refused; NULL: small enough to run
					 * every interleaving */
	bool		 locked;        /* the fix: no schedule is to lose an update */
	const char	*real;          /* a watch that holds a double, NULL none */
	const char	*race;          /* what --explore's heading says the race is */
} raced[] = {
	{ 6, 11, { "--trials", "1", "--seed", "1" },
	  N_("--explore dfs: lesson %02d's ten processes have far too many interleavings to "
	  "run them all: try --explore random, or lesson 8"), false, NULL,
	  N_("Ten processes share a balance of 100: five deposit 100 and five withdraw 50,\n"
	  "each reading the balance, thinking and writing it back, with no lock.\n") },
	{ 7, 11, { "--trials", "1", NULL },
	  N_("--explore dfs: lesson %02d's ten processes have far too many interleavings to "
	  "run them all: try --explore random or pct"), true, NULL,
	  N_("Ten processes share a balance of 100: five deposit 100 and five withdraw 50,\n"
	  "each reading the balance, thinking and writing it back while it holds one\n"
	  "process-shared lock.\n") },
	{ 8, 3, { "--no-lock", NULL }, NULL, false, NULL,
	  N_("The race on 1 element, [0]: one process adds 10 and one subtracts 5, each\n"
	  "reading the element, sleeping and writing it back, with no lock.\n") },
	/* its -sched build: 2 updates each way of the value, 2 of each of 2 elements
	 * (lessons/local.mk) */
	{ 9, 5, { NULL },
	  N_("--explore dfs: lesson %02d's two cells, one after the other, have far too many "
	  "interleavings to run them all (more than 20000 even with one update each way): "
	  "try --explore random or pct"), true, "num.value",
	  N_("A shared double, then a shared array of 2 ints: one process adds 1 and one\n"
	  "subtracts 1, twice on the double and twice on each element, each update\n"
	  "under the value's or the array's own lock.\n") },
};

bool
lesson_races(const struct lesson *l)
{
	for (size_t i = 0; i < nitems(raced); i++)
		if (raced[i].number == l->number)
			return true;
	return false;
}

/* ARG is --NAME or --NAME=... */
static bool
is_option(const char *arg, const char *name)
{
	size_t	n = strlen(name);

	return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* "--NAME VALUE" or "--NAME=VALUE" at ARGV[*I]: the value, *I past it; NULL: not NAME. */
static const char *
option_value(int argc, char **argv, int *i, const char *name)
{
	size_t	n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc)
		usage_error("lesson", _("option '%s' needs a value"), name);
	return argv[++*i];
}

/* Whether ARGV (after the lesson) asks for the scheduler; bad uses are usage errors. */
bool
lesson_sched_parse(const struct lesson *l, int argc, char **argv, struct lesson_sched *ls)
{
	bool	asked = false;
	int	i;

	memset(ls, 0, sizeof *ls);
	ls->lesson = l;
	for (i = 2; i < argc; i++)
		if (is_option(argv[i], "--schedule") || is_option(argv[i], "--explore") ||
		    strcmp(argv[i], "--visual") == 0 || is_option(argv[i], "--trace"))
			asked = true;
	if (!asked)
		return false;
	for (i = 2; i < argc; i++) {
		const char *v;
		int at = i;

		if (strcmp(argv[i], "--visual") == 0 && !ls->visual)
			ls->visual = true;
		else if ((v = option_value(argc, argv, &i, "--schedule")) != NULL &&
		    ls->schedule == NULL)
			ls->schedule = v;
		else if (v == NULL && (v = option_value(argc, argv, &i, "--explore")) != NULL &&
		    ls->explore == NULL)
			ls->explore = v;
		else if (v == NULL && (v = option_value(argc, argv, &i, "--trace")) != NULL &&
		    ls->trace == NULL)
			ls->trace = v;
		else
			usage_error("lesson", _("--schedule, --explore and --visual take no other "
			    "lesson options: '%s' is one too many"), argv[at]);
	}
	if (ls->schedule != NULL && ls->explore != NULL)
		usage_error("lesson", _("give --schedule or --explore, not both"));
	if (ls->visual && ls->explore != NULL)
		usage_error("lesson", _("--visual shows one run: give it a --schedule, or nothing "
		    "(it finds one that loses an update), not --explore"));
	if (ls->trace != NULL && !ls->visual)
		usage_error("lesson", _("--trace FILE writes the run that --visual shows: give "
		    "--visual too"));
	for (ls->which = 0; ls->which < nitems(raced); ls->which++)
		if (raced[ls->which].number == l->number)
			break;
	if (ls->which == nitems(raced))
		usage_error("lesson", _("lesson %02d has no race to schedule: --schedule, "
		    "--explore and --visual work on lessons 6 to 9"), l->number);
	return true;
}

/* The options' values, checked before anything runs. */
static void
lesson_sched_check(struct lesson_sched *ls)
{
	char	*cause = NULL;

	if (ls->schedule != NULL) {
		if (ls->schedule[0] == '\0')
			usage_error("lesson", _("--schedule: the schedule is empty: copy one that "
			    "'proclab lesson %d --explore' printed"), ls->lesson->number);
		if (!sched_schedule_valid(ls->schedule, &cause))
			usage_error("lesson", "--schedule: %s", cause);
		/* a schedule names processes a-z, A-Z (lab-sched.h), each run of one with
		 * its length; this lesson has the first few */
		for (const char *c = ls->schedule; *c != '\0'; c++)
			if ((*c >= 'a' + raced[ls->which].processes && *c <= 'z') ||
			    (*c >= 'A' && *c <= 'Z'))
				usage_error("lesson", _("--schedule: '%c' is not one of lesson %02d's "
				    "processes (a to %c): copy a schedule that 'proclab lesson %d "
				    "--explore' printed"), *c, ls->lesson->number,
				    'a' + raced[ls->which].processes - 1, ls->lesson->number);
		ls->strategy = SCHED_REPLAY;
		return;
	}
	if (ls->visual) {       /* the first schedule that loses an update */
		ls->strategy = raced[ls->which].big == NULL ? SCHED_DFS : SCHED_RANDOM;
		return;
	}
	if (!sched_strategy_from_name(ls->explore, &ls->strategy) ||
	    ls->strategy == SCHED_OFF)
		usage_error("lesson", _("--explore: '%s' is not a strategy (dfs, random or pct)"),
		    ls->explore);
	if (ls->strategy == SCHED_DFS && raced[ls->which].big != NULL)
		usage_error("lesson", _(raced[ls->which].big), ls->lesson->number);
}

/* A double's bits as the whole number it holds (lesson 09's values are whole). */
static int64_t
real_value(int64_t bits)
{
	double d;

	memcpy(&d, &bits, sizeof d);
	return d > -1e15 && d < 1e15 ? (int64_t)d : 0;
}

/* The scheduler reads a watch as an integer: a double's bits. Make them numbers, in the
 * events and the lost update, before anything shows them. */
static void
real_values(const struct lesson_sched *ls, struct sched_findings *f)
{
	const char	*real = raced[ls->which].real;
	int		 var = -1;

	for (size_t i = 0; real != NULL && i < f->nwatches; i++)
		if (strcmp(f->watches[i], real) == 0)
			var = (int)i;
	if (var < 0)
		return;
	for (size_t i = 0; i < f->nevents; i++)
		if (f->events[i].kind == SCHED_EV_WRITE && f->events[i].var == var) {
			f->events[i].old_value = real_value(f->events[i].old_value);
			f->events[i].new_value = real_value(f->events[i].new_value);
		}
	if (f->has_lost && f->lost.var == var) {
		f->lost.value = real_value(f->lost.value);
		f->lost.overwritten = real_value(f->lost.overwritten);
		f->lost.seen = real_value(f->lost.seen);
	}
}

/* The lesson's -sched build, under PLAN, its output shown or not: its findings in F, its
 * wait status in *STATUS. */
static void
lesson_sched_run(const struct lesson_sched *ls, const struct sched_plan *plan, bool show,
    struct sched_findings *f, int *status)
{
	char			*path, *lpath = lesson_path(ls->lesson), *cause = NULL;
	char			*argv[nitems(raced[0].args) + 2];
	struct sched_run	*run;
	size_t			 n = 0;
	pid_t			 pid;

	xasprintf(&path, "%s-sched", lpath);
	argv[n++] = path;
	for (size_t k = 0; k < nitems(raced[0].args) && raced[ls->which].args[k]; k++)
		argv[n++] = (char *)raced[ls->which].args[k];
	argv[n] = NULL;
	if (access(path, X_OK) != 0)
		fatal(_("cannot run %s (was proclab built with 'make'?)"), path);
	if ((run = sched_begin(plan, &cause)) == NULL)
		fatalx(_("the scheduler did not start: %s"), cause);
	fflush(stdout);
	if ((pid = fork()) == -1)
		fatal("fork");
	if (pid == 0) {
		int fd = fcntl(sched_fd(run), F_DUPFD, 3), null;    /* without FD_CLOEXEC */
		char num[16];

		snprintf(num, sizeof num, "%d", fd);
		if (fd == -1 || setenv(LAB_ENV_SCHED_FD, num, 1) == -1)
			_exit(127);
		if (!show && ((null = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1 ||
		    dup2(null, STDOUT_FILENO) == -1))
			_exit(127);
		execv(path, argv);
		fprintf(stderr, _("%s: cannot run %s: %s\n"), progname, path, strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, status, 0) == -1)
		if (errno != EINTR)
			fatal("waitpid");
	if (sched_end(run, f, &cause) == -1)
		fatalx("%s", cause);
	if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0 || f->deadlock || f->tampered ||
	    f->uncontrolled > 0 || f->schedule == NULL)
		/* TRANSLATORS: the lesson, its exit status, the processes that ran free. */
		fatalx(_("lesson %02d did not run as the scheduler expects (exit status %d, "
		    "%d processes uncontrolled): proclab's fault, please report it"),
		    ls->lesson->number,
		    WIFEXITED(*status) ? WEXITSTATUS(*status) : 128 + WTERMSIG(*status),
		    f->uncontrolled);
	real_values(ls, f);
	free(path);
	free(lpath);
}

/*
 * How a traced run of a locked lesson ended, in the lesson's own words, from the last
 * value the scheduler saw written to each watch (the arena starts zeroed): "Final Balance
 * = 350", "0.0 and [0, 0]" (malloc'd). *RIGHT: the lock's answer.
 */
static char *
outcome(const struct lesson_sched *ls, const struct sched_findings *f, bool *right)
{
	int64_t	*v = xcalloc(f->nwatches + 1, sizeof *v);
	char	*s = NULL, *t;

	for (size_t i = 0; i < f->nevents; i++)
		if (f->events[i].kind == SCHED_EV_WRITE && f->events[i].var >= 0 &&
		    (size_t)f->events[i].var < f->nwatches)
			v[f->events[i].var] = f->events[i].new_value;
	*right = true;
	if (ls->lesson->number == 7) {  /* print(f"Final Balance = {balance.value}") */
		xasprintf(&s, "Final Balance = %lld", (long long)v[0]);
		*right = v[0] == 350;
	} else {                        /* print(num.value), print(vet[:]) */
		xasprintf(&s, "%lld.0 and [", (long long)v[0]);
		for (size_t i = 1; i < f->nwatches; i++) {
			xasprintf(&t, "%s%s%lld", s, i > 1 ? ", " : "", (long long)v[i]);
			free(s);
			s = t;
			*right = *right && v[i] == 0;
		}
		xasprintf(&t, "%s]", s);
		free(s);
		s = t;
		*right = *right && v[0] == 0;
	}
	free(v);
	return s;
}

/* What the schedule did, from the scheduler's findings: a paragraph (malloc'd). */
static char *
lesson_sched_explain(const struct sched_findings *f)
{
	const struct sched_lost	*lo = &f->lost;
	const char		*var = lo->var >= 0 && (size_t)lo->var < f->nwatches ?
	    f->watches[lo->var] : "?";
	char			*s;

	if (!f->has_lost)
		return xstrdup(_("What this schedule did: no process wrote over a write it had "
		    "not read,\nso no update was lost; replayed, it loses none, every time.\n"));
	/* TRANSLATORS: the writer, the variable, the value it wrote, the
	 * value it wrote over, the process that had written that, the value the writer had
	 * read, the process whose update was lost. Processes are numbered from 1 in the order
	 * the lesson forked them. */
	xasprintf(&s, _("What this schedule did: process %d wrote %s = %lld over the %lld that\n"
	    "process %d had written, after it had read %lld: process %d's update was lost\n"
	    "(the first lost update; the processes are numbered from 1 in the order the\n"
	    "lesson forked them). Replayed, it loses that update, every time.\n"),
	    lo->process, var, (long long)lo->value, (long long)lo->overwritten,
	    lo->writer, (long long)lo->seen, lo->writer);
	return s;
}

/* Schedules run by ls->strategy, their output hidden: how many, how many lost an update,
 * the first of each kind (malloc'd, NULL none). FIRST_LOST: stop at the first that lost. */
struct explored {
	long	 runs, nlost;
	char	*lost, *clean;
	long	 nright;        /* a locked lesson: runs that ended right */
	char	*right, *wrong; /* how the first that did, and did not, ended */
};

static void
explore(const struct lesson_sched *ls, bool first_lost, struct explored *x)
{
	struct sched_plan	 plan = { .strategy = ls->strategy, .steps_hint = 100,
	    .trace = raced[ls->which].locked };        /* the writes: how each run ended */
	char			*prefix = NULL, *lost = NULL, *clean = NULL;
	long			 runs = 0, nlost = 0;
	int			 n = ls->lesson->number, status;

	memset(x, 0, sizeof *x);
	for (;;) {
		struct sched_findings f;

		plan.seed = (uint64_t)runs + 1;
		plan.replay = prefix;
		lesson_sched_run(ls, &plan, false, &f, &status);
		runs++;
		nlost += f.has_lost;
		if (plan.trace) {
			bool right;
			char *end = outcome(ls, &f, &right);

			x->nright += right;
			if (right && x->right == NULL)
				x->right = end;
			else if (!right && x->wrong == NULL)
				x->wrong = end;
			else
				free(end);
		}
		if (f.has_lost && lost == NULL)
			lost = xstrdup(f.schedule);
		if (!f.has_lost && clean == NULL)
			clean = xstrdup(f.schedule);
		free(prefix);
		prefix = ls->strategy == SCHED_DFS && f.branches != NULL ?
		    sched_dfs_next(f.schedule, f.branches) : NULL;
		sched_findings_free(&f);
		if (ls->strategy == SCHED_DFS ? prefix == NULL : runs == EXPLORE_RUNS)
			break;
		if (first_lost && (lost != NULL || raced[ls->which].locked))
			break;  /* (a locked lesson's --visual: its first run) */
		if (runs == EXPLORE_MAX)
			fatalx("lesson %02d: more than %d interleavings", n, EXPLORE_MAX);
	}
	free(prefix);
	x->runs = runs;
	x->nlost = nlost;
	x->lost = lost;
	x->clean = clean;
}

/* --explore: run schedule after schedule, count those that lost an update. */
static int
lesson_sched_explore(const struct lesson_sched *ls)
{
	struct explored	 x;
	int		 n = ls->lesson->number;

	explore(ls, false, &x);
	if (ls->strategy == SCHED_DFS)
		printf(_("Lesson %02d under proclab's scheduler, every interleaving (dfs).\n"), n);
	else
		/* TRANSLATORS: the lesson, how many schedules, the strategy (random or pct). */
		printf(_("Lesson %02d under proclab's scheduler, %d schedules drawn by %s.\n"),
		    n, EXPLORE_RUNS, ls->explore);
	fputs(_(raced[ls->which].race), stdout);
	printf(ngettext("%ld interleaving ran, %ld of them lost an update, %ld lost none.\n",
	    "%ld interleavings ran, %ld of them lost an update, %ld lost none.\n",
	    (unsigned long)x.runs), x.runs, x.nlost, x.runs - x.nlost);
	if (raced[ls->which].locked && x.nright == x.runs && x.right != NULL)
		/* TRANSLATORS: how every run ended, in the lesson's own (untranslated) words:
		 * "Final Balance = 350", "0.0 and [0, 0]". */
		printf(_("%s in every one: the lock let one process at a\n"
		    "time through its read-change-write.\n"), x.right);
	else if (raced[ls->which].locked && x.wrong != NULL)
		/* TRANSLATORS: how many runs, of how many; how a wrong one ended, in the
		 * lesson's own words: "Final Balance = 200". */
		printf(_("%ld of the %ld ended as the lock promises, the others not: one ended\n"
		    "with %s.\n"), x.nright, x.runs, x.wrong);
	if (x.lost != NULL)
		printf(_("One that lost an update: proclab lesson %d --schedule %s\n"), n, x.lost);
	if (x.clean != NULL)
		printf(_("One that lost none:      proclab lesson %d --schedule %s\n"), n,
		    x.clean);
	free(x.lost);
	free(x.clean);
	free(x.right);
	free(x.wrong);
	return EXIT_OK;
}

/* The paragraph as one line, for the viewer, which wraps it itself. */
static char *
one_line(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == '\n')
		s[--n] = '\0';
	for (char *c = s; *c != '\0'; c++)
		if (*c == '\n')
			*c = ' ';
	return s;
}

/*
 * The lesson's call sites, as "deposit (06-balance-race.c:88)": addr2line on the -sched
 * build (ours, not a student's: run as it is). Only places in the lesson's own source
 * are named; the runtime's are left NULL.
 */
static const struct lesson_sched *visual_ls;

static void
lesson_places(const uint64_t *off, size_t n, char **names)
{
	char	*lpath = lesson_path(visual_ls->lesson), *path, **argv, prefix[8], buf[512];
	int	 p[2];
	pid_t	 pid;
	FILE	*in;
	size_t	 k = 0;

	xasprintf(&path, "%s-sched", lpath);
	snprintf(prefix, sizeof prefix, "%02d-", visual_ls->lesson->number);
	argv = xcalloc(n + 5, sizeof *argv);
	argv[0] = "addr2line";
	argv[1] = "-f";
	argv[2] = "-e";
	argv[3] = path;
	for (size_t i = 0; i < n; i++)  /* a return address is past its call */
		xasprintf(&argv[4 + i], "0x%llx", (unsigned long long)off[i] - 1);
	if (pipe(p) == 0 && (pid = fork()) != -1) {
		if (pid == 0) {
			if (dup2(p[1], STDOUT_FILENO) == -1)
				_exit(127);
			close(p[0]);
			close(p[1]);
			execvp(argv[0], argv);
			_exit(127);
		}
		close(p[1]);
		if ((in = fdopen(p[0], "r")) != NULL) {
			char func[256];

			while (k < n && fgets(func, sizeof func, in) != NULL &&
			    fgets(buf, sizeof buf, in) != NULL) {
				char *base = strrchr(buf, '/'), *d;

				func[strcspn(func, "\n")] = '\0';
				buf[strcspn(buf, "\n")] = '\0';
				if ((d = strstr(buf, " (discriminator")) != NULL)
					*d = '\0';
				base = base != NULL ? base + 1 : buf;
				if (strncmp(base, prefix, strlen(prefix)) == 0 &&
				    strchr(base, ':') != NULL && strcmp(func, "??") != 0)
					xasprintf(&names[k], "%s (%s)", func, base);
				k++;
			}
			fclose(in);
		} else
			close(p[0]);
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
	}
	for (size_t i = 0; i < n; i++)
		free(argv[4 + i]);
	free(argv);
	free(path);
	free(lpath);
}

/* --visual: one run, traced, in the viewer (or as plain text off a terminal). */
static int
lesson_sched_visual(struct lesson_sched *ls)
{
	struct sched_plan	 plan = { .strategy = SCHED_REPLAY, .steps_hint = 100,
	    .trace = true };
	struct sched_trace_run	 tr;
	struct sched_findings	 f;
	struct trace_file	 tf;
	struct explored		 x = { 0 };
	const char		*tmp = getenv("TMPDIR");
	char			*path, *why;
	FILE			*out;
	int			 status, fd, rc = EXIT_OK;

	if (ls->schedule == NULL) {     /* a locked lesson: its first schedule */
		explore(ls, true, &x);
		free(x.right);
		free(x.wrong);
		if (x.lost == NULL && !raced[ls->which].locked)
			fatalx(_("lesson %02d lost no update in %ld schedules: proclab's fault, "
			    "please report it"), ls->lesson->number, x.runs);
		if (x.lost == NULL) {
			x.lost = x.clean;
			x.clean = NULL;
		}
		free(x.clean);
	}
	plan.replay = ls->schedule != NULL ? ls->schedule : x.lost;
	lesson_sched_run(ls, &plan, false, &f, &status);
	if (f.diverged) {
		fprintf(stderr, _("%s: the schedule %s is not one of lesson %02d's: the run went\n"
		    "another way (copy one that 'proclab lesson %d --explore' printed)\n"),
		    progname, plan.replay, ls->lesson->number, ls->lesson->number);
		sched_findings_free(&f);
		free(x.lost);
		return EXIT_FAILED;
	}
	if (ls->trace != NULL) {        /* the trace for 'proclab trace FILE' (the dashboard) */
		path = xstrdup(ls->trace);
		if ((out = fopen(path, "w")) == NULL)
			fatal(_("cannot write %s"), path);
	} else {
		xasprintf(&path, "%s/proclab-lesson-XXXXXX", tmp != NULL && tmp[0] == '/' ? tmp :
		    "/tmp");
		if ((fd = mkstemp(path)) == -1 || (out = fdopen(fd, "w")) == NULL)
			fatal(_("cannot make a temporary file in %s"), tmp != NULL ? tmp : "/tmp");
	}
	why = one_line(lesson_sched_explain(&f));
	memset(&tr, 0, sizeof tr);
	tr.run = 1;
	tr.strategy = SCHED_REPLAY;
	tr.findings = &f;
	tr.lesson = ls->lesson->number;
	tr.message = why;
	tr.places = lesson_places;
	visual_ls = ls;
	sched_trace_run(out, &tr);
	if (fclose(out) != 0)
		fatal(_("cannot write %s"), path);
	if (ls->trace != NULL) {
		sched_findings_free(&f);
		free(why);
		free(path);
		free(x.lost);
		return EXIT_OK;
	}
	trace_load(path, &tf);
	unlink(path);
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		rc = trace_step(&tf.runs[0], true);
	else
		trace_print(stdout, &tf.runs[0], true, strcmp(nl_langinfo(CODESET), "UTF-8") == 0);
	trace_free(&tf);
	sched_findings_free(&f);
	free(why);
	free(path);
	free(x.lost);
	return rc;
}

/* proclab lesson N --schedule S | --explore STRATEGY (LS from lesson_sched_parse). */
int
lesson_sched_exec(struct lesson_sched *ls)
{
	struct sched_plan	plan = { .strategy = SCHED_REPLAY, .steps_hint = 100 };
	struct sched_findings	f;
	char			*why;
	int			status;

	lesson_sched_check(ls);
	if (ls->visual)
		return lesson_sched_visual(ls);
	if (ls->explore != NULL)
		return lesson_sched_explore(ls);
	plan.replay = ls->schedule;
	lesson_sched_run(ls, &plan, true, &f, &status);
	if (f.diverged) {
		fprintf(stderr, _("%s: the schedule %s is not one of lesson %02d's: the run went\n"
		    "another way (copy one that 'proclab lesson %d --explore' printed)\n"),
		    progname, ls->schedule, ls->lesson->number, ls->lesson->number);
		sched_findings_free(&f);
		return EXIT_FAILED;
	}
	why = lesson_sched_explain(&f);
	printf("\n%s", why);
	free(why);
	sched_findings_free(&f);
	return EXIT_OK;
}
