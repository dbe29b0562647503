/* SPDX-License-Identifier: MIT */
/*
 * batch.c: grading a class. One worker PROCESS per submission, at most `jobs` at once.
 * Each worker writes OUT/results/KEY.json (and OUT/reports/KEY.EXT for another --format)
 * atomically and exits; after each one the parent rebuilds OUT/gradebook.csv, atomically,
 * from the result files. So a batch killed at any moment loses nothing already graded, and
 * --resume grades only the students without a result file. A roster (--roster) is kept as
 * OUT/roster.csv and gives the gradebook its IDs, e-mails and students without a result.
 *
 * KEY is the student's name made safe as a file name (a hash is added when anything had to
 * be changed, so two names never share a file).
 */
#include "grader.h"

#include <csv.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct job {
	char	*sub;           /* as given */
	char	*name;          /* the student's name (raw bytes of the base name) */
	char	*key;           /* file name stem */
	pid_t	 pid;
	bool	 skip;
	bool	 in_shard;
};

static char *
student_key(const char *name)
{
	size_t		 len = strlen(name), i;
	char		*key = xmalloc(len + 20);
	bool		 changed = len == 0 || len > 100 || name[0] == '.';
	uint32_t	 h = 2166136261u;

	for (i = 0; i < len && i < 100; i++) {
		unsigned char c = (unsigned char)name[i];

		h = (h ^ c) * 16777619u;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '-')
			key[i] = (char)c;
		else {
			key[i] = '_';
			changed = true;
		}
	}
	for (; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	if (len == 0)
		key[i++] = '_';
	key[i] = '\0';
	if (key[0] == '.')
		key[0] = '_';
	if (changed)
		snprintf(key + i, 20, "-%08x", h);
	return key;
}

/* A result file of this student that reads back whole against the manifest: done. */
static bool
result_done(const struct manifest *mf, const char *outdir, const struct job *jb)
{
	struct result_file	 rf;
	char			*p;
	int			 rc;

	xasprintf(&p, "%s/results/%s.json", outdir, jb->key);
	rc = result_file_read(p, mf, &rf, NULL);
	free(p);
	if (rc == 0 && (rf.student == NULL || strcmp(rf.student, jb->name) != 0))
		rc = -1;        /* another student's file under this key: grade this one again */
	result_file_free(&rf);
	return rc == 0;
}

static void
tell(const struct batch_options *o, enum batch_event_kind kind, const char *student,
    const char *fmt, ...) ATTR_PRINTF(4, 5);

static void
tell(const struct batch_options *o, enum batch_event_kind kind, const char *student,
    const char *fmt, ...)
{
	struct batch_event	ev = { kind, student, NULL, 0, 0, 0 };
	char			*msg = NULL;
	va_list			ap;

	if (o->on_event == NULL)
		return;
	if (fmt != NULL) {
		va_start(ap, fmt);
		xvasprintf(&msg, fmt, ap);
		va_end(ap);
	}
	ev.message = msg;
	o->on_event(o->arg, &ev);
	free(msg);
}

static void
grading_warning(void *arg, const char *message)
{
	const struct batch_options	*o = arg;

	tell(o, BATCH_WARNING, NULL, "%s", message);
}

/* Every exercise not submitted: the archive could not be read (WHY). */
static void
grade_unreadable(const struct manifest *mf, const struct job *jb, const char *why,
    struct grading *g)
{
	char	*missing;

	memset(g, 0, sizeof *g);
	g->res = xcalloc(mf->nex + 1, sizeof *g->res);
	g->nres = mf->nex;
	g->isolation = sandbox_probe();
	xasprintf(&missing, _("the submission %s: %s"), jb->name, why);
	for (size_t i = 0; i < mf->nex; i++)
		grade_not_submitted(&mf->ex[i], missing, _("not run: the submission could not be "
		    "read"), &g->res[i]);
	free(missing);
}

/* The worker's files: the report in another format first, the result file last (its
 * presence means this student is done). false when one could not be written. */
static bool
write_results(const struct job *jb, const struct batch_options *o, const struct report *rep,
    bool result_file)
{
	char	*path, *why = NULL;
	bool	 ok = true;

	if (o->format != FORMAT_JSON) {
		xasprintf(&path, "%s/reports/%s.%s", o->outdir, jb->key,
		    report_format_ext(o->format));
		ok = report_emit(path, NULL, o->format, rep, &why) == 0;
		free(path);
	}
	if (ok && result_file) {
		xasprintf(&path, "%s/results/%s.json", o->outdir, jb->key);
		ok = report_emit(path, NULL, FORMAT_JSON, rep, &why) == 0;
		free(path);
	}
	if (!ok)
		tell(o, BATCH_WARNING, jb->name, "%s", why);
	free(why);
	return ok;
}

/* The worker process: grades one student, writes their files, exits WORKER_OK or
 * WORKER_INTERNAL. */
#define WORKER_OK	0
#define WORKER_INTERNAL	3
static ATTR_NORETURN void
worker(const struct manifest *mf, const struct job *jb, const struct batch_options *o,
    const char *const *hide)
{
	struct grade_options	 go = o->grade;
	const struct exercise	**all = xcalloc(mf->nex + 1, sizeof *all);
	struct grading		 g;
	struct report		 rep;
	char			*stage = NULL, *why = NULL;
	bool			 ok = true;

	go.hide = hide;
	go.on_exercise = NULL;
	go.on_warning = grading_warning;
	go.arg = (void *)o;
	for (size_t i = 0; i < mf->nex; i++)
		all[i] = &mf->ex[i];
	(void)temp_cleanup_on_signals(NULL);
	if (!submission_is_archive(jb->sub))
		grade_submission(mf, all, mf->nex, jb->sub, &go, &g);
	else if ((stage = make_temp_dir("sub")) == NULL) {
		tell(o, BATCH_WARNING, jb->name, "mkdtemp: %s", strerror(errno));
		_exit(WORKER_INTERNAL);
	} else if (submission_stage(jb->sub, mf, stage, &why))
		grade_submission(mf, all, mf->nex, stage, &go, &g);
	else
		grade_unreadable(mf, jb, why, &g);
	memset(&rep, 0, sizeof rep);
	rep.student = jb->name;
	rep.instructor = true;
	rep.seed = go.seed;
	rep.isolation = g.isolation;
	rep.time_s = g.time_s;
	rep.res = g.res;
	rep.nres = g.nres;
	ok = write_results(jb, o, &rep, !g.internal) && !g.internal;
	for (size_t i = 0; i < g.nres; i++)
		if (g.res[i].internal)
			tell(o, BATCH_WARNING, jb->name, _("%s: internal error: %s"), jb->name,
			    g.res[i].internal_message);
	if (stage != NULL && remove_tree(stage) == -1)
		tell(o, BATCH_WARNING, jb->name, _("cannot remove %s: %s"), stage, strerror(errno));
	fflush(NULL);
	_exit(ok ? WORKER_OK : WORKER_INTERNAL);
}

/* OUT/results (and OUT/reports), with what a killed batch left half-written removed. */
static int
prepare_outdir(const struct batch_options *o, char **cause)
{
	const char	*sub[] = { "results", o->format != FORMAT_JSON ? "reports" : NULL };
	char		*dir;

	for (size_t i = 0; i < nitems(sub) && sub[i] != NULL; i++) {
		xasprintf(&dir, "%s/%s", o->outdir, sub[i]);
		if (mkdir_p(dir, 0755, cause) == -1) {
			free(dir);
			return -1;
		}
		remove_stale_temps(dir);
		free(dir);
	}
	remove_stale_temps(o->outdir);
	return 0;
}

/* Two names that make the same key (José and a folder named like its key) are two
 * students: the later one gets the first free KEY-2, KEY-3, ... */
static void
unique_key(struct job *jobs, size_t i)
{
	char	*base = jobs[i].key;
	size_t	 n = 1, j;

	for (;;) {
		for (j = 0; j < i && strcmp(jobs[j].key, jobs[i].key) != 0; j++)
			;
		if (j == i)
			break;
		if (jobs[i].key != base)
			free(jobs[i].key);
		xasprintf(&jobs[i].key, "%s-%zu", base, ++n);
	}
	if (jobs[i].key != base)
		free(base);
}

/* Share SHARD of SHARDS: the students in the byte order of their keys, dealt out in turn,
 * so every shard of the same list gets the same students and the shares differ by one at
 * most, whatever order the list came in (but for names that make the same key). */
static void
keep_shard(struct job *jobs, size_t n, long shard, long shards)
{
	size_t rank;

	for (size_t i = 0; i < n; i++) {
		if (jobs[i].skip)
			continue;
		rank = 0;
		for (size_t j = 0; j < n; j++)
			if (!jobs[j].skip && strcmp(jobs[j].key, jobs[i].key) < 0)
				rank++;
		jobs[i].in_shard = (long)(rank % (size_t)shards) == shard - 1;
	}
	for (size_t i = 0; i < n; i++)
		if (!jobs[i].in_shard)
			jobs[i].skip = true;
}

/* Before any grading: a submission that the roster does not list (a typo in the roster's
 * folder column would otherwise only show as a row without an ID, after the whole batch). */
static void
warn_unlisted(const struct batch_options *o, const struct job *jb)
{
	char	*name;

	if (o->roster == NULL)
		return;
	name = utf8_sanitize(jb->name, strlen(jb->name));  /* as the result file has it */
	if (roster_find(o->roster, name) == NULL)
		tell(o, BATCH_WARNING, jb->name, _("%s: student '%s' is not in the roster: graded "
		    "all the same, with no ID or e-mail in the gradebook"), jb->sub, name);
	free(name);
}

/* The roster's students that no submission names. */
static size_t
count_unsubmitted(const struct roster *ro, const struct job *jobs, size_t n)
{
	const struct roster_student	*rs;
	bool				*seen;
	size_t				 count = 0;
	char				*name;

	if (ro == NULL)
		return 0;
	seen = xcalloc(ro->n + 1, sizeof *seen);
	for (size_t i = 0; i < n; i++) {
		name = utf8_sanitize(jobs[i].name, strlen(jobs[i].name));
		if ((rs = roster_find(ro, name)) != NULL)
			seen[rs - ro->students] = true;
		free(name);
	}
	for (size_t i = 0; i < ro->n; i++)
		count += !seen[i];
	free(seen);
	return count;
}

/* The jobs, one per submission: a second submission of the same student, one of another
 * shard, or one already graded when resuming, is skipped. Adds each submission to HIDE from HIDE[*NHIDE]. */
static struct job *
plan_jobs(const struct manifest *mf, char **subs, size_t nsubs, const struct batch_options *o,
    const char **hide, size_t *nhide, size_t *todo)
{
	struct job	*jobs = xcalloc(nsubs + 1, sizeof *jobs);

	*todo = 0;
	for (size_t i = 0; i < nsubs; i++) {
		jobs[i].sub = subs[i];
		jobs[i].name = submission_student_name(subs[i]);
		jobs[i].key = student_key(jobs[i].name);
		for (size_t j = 0; j < i && !jobs[i].skip; j++)
			if (!jobs[j].skip && strcmp(jobs[j].name, jobs[i].name) == 0) {
				tell(o, BATCH_WARNING, jobs[i].name, _("%s and %s are both student "
				    "'%s': grading only %s"), subs[j], subs[i], jobs[i].name, subs[j]);
				jobs[i].skip = true;
			}
		if (!jobs[i].skip)
			unique_key(jobs, i);
	}
	if (o->shards > 1)
		keep_shard(jobs, nsubs, o->shard, o->shards);
	for (size_t i = 0; i < nsubs; i++) {
		char *rp = realpath(subs[i], NULL);

		if (!jobs[i].skip)
			warn_unlisted(o, &jobs[i]);
		if (!jobs[i].skip && o->resume && result_done(mf, o->outdir, &jobs[i]))
			jobs[i].skip = true;
		if (!jobs[i].skip)
			(*todo)++;
		if (rp != NULL)
			hide[(*nhide)++] = rp;
	}
	hide[*nhide] = NULL;
	return jobs;
}

/* What a worker's wait status says: nothing when it graded its student. */
static bool
worker_failed(const struct batch_options *o, const struct job *jb, int status)
{
	const char	*sig;

	if (WIFEXITED(status) && WEXITSTATUS(status) == WORKER_OK)
		return false;
	if (WIFSIGNALED(status)) {
		sig = sigabbrev_np(WTERMSIG(status));
		tell(o, BATCH_FAILED, jb->name, _("%s: the grading process was killed by SIG%s; "
		    "'--resume' grades it again"), jb->name, sig != NULL ? sig : "?");
	} else
		tell(o, BATCH_FAILED, jb->name, _("%s: could not be graded (internal error); "
		    "'--resume' grades it again"), jb->name);
	return true;
}

static void
progress(const struct batch_options *o, const struct batch_summary *sum)
{
	struct batch_event	ev = { BATCH_PROGRESS, NULL, NULL, sum->graded + sum->failed,
	    sum->todo, sum->failed };

	if (o->on_event != NULL)
		o->on_event(o->arg, &ev);
}

/* Runs the jobs, at most o->jobs at once; -1 only when no worker can be started at all. */
static int
run_jobs(const struct manifest *mf, struct job *jobs, size_t nsubs,
    const struct batch_options *o, const char *const *hide, struct batch_summary *sum,
    char **cause)
{
	struct gradebook_options quiet = { o->roster, o->shards > 1, false, NULL, NULL };
	size_t	next = 0, running = 0, i;
	int	status;
	pid_t	pid;

	progress(o, sum);
	while (sum->graded + sum->failed < sum->todo) {
		while (running < (size_t)o->jobs && next < nsubs) {
			if (jobs[next].skip) {
				next++;
				continue;
			}
			fflush(NULL);
			if ((pid = fork()) == -1) {
				if (running == 0) {
					cause_errno(cause, "fork");
					return -1;
				}
				tell(o, BATCH_WARNING, NULL, "fork: %s", strerror(errno));
				break;
			}
			if (pid == 0)
				worker(mf, &jobs[next], o, hide);
			jobs[next++].pid = pid;
			running++;
		}
		if (running == 0)
			break;
		if ((pid = waitpid(-1, &status, 0)) == -1) {
			if (errno == EINTR)
				continue;
			cause_errno(cause, "waitpid");
			return -1;
		}
		for (i = 0; i < nsubs && jobs[i].pid != pid; i++)
			;
		if (i == nsubs)
			continue;       /* not one of ours */
		running--;
		if (worker_failed(o, &jobs[i], status))
			sum->failed++;
		else
			sum->graded++;
		if (gradebook_rebuild(mf, o->outdir, &quiet, NULL, NULL) == -1)
			sum->gradebook_failed = true;
		progress(o, sum);
	}
	return 0;
}

/* OUT/roster.csv, the roster's bytes as given, beside the results: --resume and 'proclab
 * gradebook' go on with it, and shards carry it to the merge. */
static int
keep_roster(const struct batch_options *o, char **cause)
{
	char	*p;
	int	 rc;

	xasprintf(&p, "%s/roster.csv", o->outdir);
	if ((rc = write_file_atomic(p, o->roster->data, o->roster->len)) == -1)
		cause_errno(cause, "%s", p);
	free(p);
	return rc;
}

int
batch_grade(const struct manifest *mf, char **subs, size_t nsubs,
    const struct batch_options *o, struct batch_summary *sum, char **cause)
{
	struct gradebook_options go = { o->roster, o->shards > 1, false, grading_warning,
	    (void *)o };
	const char	**hide = xcalloc(nsubs + 8, sizeof *hide);
	struct job	*jobs;
	size_t		 nhide = 0, nfixed, i;
	char		*why = NULL;
	int		 rc;

	memset(sum, 0, sizeof *sum);
	if (prepare_outdir(o, cause) == -1) {
		free(hide);
		return -1;
	}
	if (o->roster != NULL && keep_roster(o, cause) == -1) {
		free(hide);
		return -1;
	}
	/* Hidden from every run: what the caller hides, the results, the roster and every
	 * submission. */
	for (i = 0; o->grade.hide != NULL && o->grade.hide[i] != NULL && nhide < 4; i++)
		hide[nhide++] = o->grade.hide[i];
	nfixed = nhide;
	if ((hide[nhide] = realpath(o->outdir, NULL)) != NULL)
		nhide++;
	if (o->roster != NULL && o->roster->path != NULL)
		hide[nhide++] = xstrdup(o->roster->path);      /* the class's IDs and e-mails */
	jobs = plan_jobs(mf, subs, nsubs, o, hide, &nhide, &sum->todo);
	sum->unsubmitted = count_unsubmitted(o->roster, jobs, nsubs);
	sum->skipped = nsubs - sum->todo;
	if (o->resume && sum->todo < nsubs)
		tell(o, BATCH_RESUMING, NULL, _("resuming: %zu of %zu submissions already graded"),
		    nsubs - sum->todo, nsubs);
	rc = run_jobs(mf, jobs, nsubs, o, hide, sum, cause);
	if (rc == 0 && gradebook_rebuild(mf, o->outdir, &go, &sum->all_passed, &why) == -1) {
		tell(o, BATCH_WARNING, NULL, "%s", why);
		sum->gradebook_failed = true;
	}
	free(why);
	for (i = 0; i < nsubs; i++) {
		free(jobs[i].name);
		free(jobs[i].key);
	}
	free(jobs);
	for (i = nfixed; i < nhide; i++)
		free((char *)hide[i]);
	free(hide);
	return rc;
}

struct row {
	char	*student;
	char	*key;           /* the result file's stem: what --resume and results/ use */
	int	*scores;        /* -1: no such exercise in the result */
	int	 total;
	bool	 passed;
	bool	 listed;        /* in the roster */
};

static void
gb_warn(const struct gradebook_options *go, const char *message)
{
	if (go->on_warning != NULL)
		go->on_warning(go->arg, message);
}

static int
by_student(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->student, ((const struct row *)b)->student);
}

/* A row from a result file; false (a warning) for one that is not valid. */
static bool
read_row(const struct manifest *mf, const char *path, struct row *r,
    const struct gradebook_options *go)
{
	struct result_file	 rf;
	char			*why = NULL;
	size_t			 i, k;

	if (result_file_read(path, mf, &rf, &why) == 0 && rf.student == NULL) {
		cause_set(&why, _("%s: not a proclab result file"), path);
		result_file_free(&rf);
	}
	if (why != NULL) {      /* result_file_read sets it whenever it fails */
		gb_warn(go, why);
		free(why);
		return false;
	}
	memset(r, 0, sizeof *r);
	r->student = rf.student;
	rf.student = NULL;
	r->scores = xcalloc(mf->nex + 1, sizeof *r->scores);
	r->passed = rf.passed;
	for (k = 0; k < mf->nex; k++)
		r->scores[k] = -1;
	for (i = 0; i < rf.nres; i++) {
		k = (size_t)(rf.res[i].ex - mf->ex);
		r->scores[k] = rf.res[i].score;
		r->total += rf.res[i].score;
	}
	result_file_free(&rf);
	return true;
}

/* The rows of OUTDIR/results/ *.json added to *ROWS; -1 with *CAUSE when the folder cannot
 * be read. A file that is not a valid result is left out, with a warning. */
static int
read_dir_rows(const struct manifest *mf, const char *outdir, struct row **rows, size_t *nrows,
    const struct gradebook_options *go, char **cause)
{
	char		*dir, *p;
	DIR		*d;
	struct dirent	*e;

	xasprintf(&dir, "%s/results", outdir);
	if ((d = opendir(dir)) == NULL) {
		cause_errno(cause, "opendir %s", dir);
		free(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t nl = strlen(e->d_name);

		if (e->d_name[0] == '.' || nl < 6 || strcmp(e->d_name + nl - 5, ".json") != 0)
			continue;
		xasprintf(&p, "%s/%s", dir, e->d_name);
		*rows = xreallocarray(*rows, *nrows + 1, sizeof **rows);
		if (read_row(mf, p, &(*rows)[*nrows], go))
			(*rows)[(*nrows)++].key = xstrndup(e->d_name, nl - 5);
		free(p);
	}
	closedir(d);
	free(dir);
	return 0;
}

static void
rows_free(struct row *rows, size_t nrows)
{
	for (size_t i = 0; i < nrows; i++) {
		free(rows[i].student);
		free(rows[i].key);
		free(rows[i].scores);
	}
	free(rows);
}

/* The rows of every DIRS[i], sorted by student; NULL with *CAUSE when a folder cannot be
 * read or a student is in two of them (two shards graded the same student). */
static struct row *
read_rows(const struct manifest *mf, const char *const *dirs, size_t ndirs, size_t *nrows,
    const struct gradebook_options *go, char **cause)
{
	struct row	*rows = xcalloc(1, sizeof *rows);

	*nrows = 0;
	for (size_t i = 0; i < ndirs; i++)
		if (read_dir_rows(mf, dirs[i], &rows, nrows, go, cause) == -1) {
			rows_free(rows, *nrows);
			return NULL;
		}
	qsort(rows, *nrows, sizeof *rows, by_student);
	for (size_t i = 1; i < *nrows; i++)
		if (strcmp(rows[i - 1].student, rows[i].student) == 0) {
			cause_set(cause, _("student %s has two results (graded by two shards, or "
			    "two result folders of the same class): keep one"), rows[i].student);
			rows_free(rows, *nrows);
			return NULL;
		}
	return rows;
}

static struct row *
find_row(struct row *rows, size_t nrows, const char *student)
{
	struct row	key = { .student = (char *)student };

	return bsearch(&key, rows, nrows, sizeof *rows, by_student);
}

static void
write_header(FILE *mem, const struct manifest *mf, bool roster)
{
	int max = 0;

	/* a BOM: spreadsheets take UTF-8 for Latin-1 without it ("joÃ£o") */
	fputs(roster ? "\xef\xbb\xbfstudent,key,id,email" : "\xef\xbb\xbfstudent,key", mem);
	for (size_t k = 0; k < mf->nex; k++) {
		fputc(',', mem);
		csv_field(mem, mf->ex[k].dir);
	}
	fprintf(mem, ",total\r\n\"(max points)\",%s", roster ? ",," : "");
	for (size_t k = 0; k < mf->nex; k++) {
		fprintf(mem, ",%d", exercise_max_score(&mf->ex[k]));
		max += exercise_max_score(&mf->ex[k]);
	}
	fprintf(mem, ",%d\r\n", max);
}

/* One student: R their result or NULL (not submitted: empty scores, which an LMS leaves
 * ungraded), RS their roster row or NULL, ROSTER whether the gradebook has those columns. */
static void
write_row(FILE *mem, const struct manifest *mf, const char *student, const struct row *r,
    const struct roster_student *rs, bool roster)
{
	/* the name as a spreadsheet should show it (a formula guard may change it); the
	 * key exactly, unquoted: a file name's letters, digits, '_', '-' and '.' */
	csv_field(mem, student);
	fprintf(mem, ",%s", r != NULL ? r->key : "");
	if (roster && rs != NULL) {
		/* exactly as the LMS has them, quoted (so "0042" stays text): it matches on them */
		fputc(',', mem);
		csv_fwrite(mem, rs->id, strlen(rs->id));
		fputc(',', mem);
		csv_fwrite(mem, rs->email, strlen(rs->email));
	} else if (roster)
		fputs(",,", mem);
	for (size_t k = 0; k < mf->nex; k++) {
		if (r != NULL && r->scores[k] >= 0)
			fprintf(mem, ",%d", r->scores[k]);
		else
			fputc(',', mem);
	}
	if (r != NULL)
		fprintf(mem, ",%d\r\n", r->total);
	else
		fputs(",\r\n", mem);
}

/* The roster's students in its order, then the results it does not list, by name. */
static void
write_csv(FILE *mem, const struct manifest *mf, struct row *rows, size_t nrows,
    const struct gradebook_options *go, bool *all_passed)
{
	const struct roster	*ro = go->roster;
	struct row		*r;
	char			*msg;

	write_header(mem, mf, ro != NULL);
	for (size_t i = 0; ro != NULL && i < ro->n; i++) {
		if ((r = find_row(rows, nrows, ro->students[i].folder)) != NULL)
			r->listed = true;
		else if (go->partial)
			continue;
		else
			*all_passed = false;
		write_row(mem, mf, ro->students[i].folder, r, &ro->students[i], true);
	}
	for (size_t i = 0; i < nrows; i++) {
		if (rows[i].listed)
			continue;
		if (ro != NULL && go->warn_unlisted) {
			xasprintf(&msg, _("student '%s' (results/%s.json) is not in the roster: "
			    "kept in the gradebook, with no ID or e-mail"), rows[i].student,
			    rows[i].key);
			gb_warn(go, msg);
			free(msg);
		}
		write_row(mem, mf, rows[i].student, &rows[i], NULL, ro != NULL);
	}
}

int
gradebook_rebuild(const struct manifest *mf, const char *outdir,
    const struct gradebook_options *go, bool *all_passed, char **cause)
{
	return gradebook_merge(mf, &outdir, 1, outdir, go, all_passed, cause);
}

int
gradebook_merge(const struct manifest *mf, const char *const *dirs, size_t ndirs,
    const char *outdir, const struct gradebook_options *go, bool *all_passed, char **cause)
{
	static const struct gradebook_options plain;
	struct row	*rows;
	size_t		 nrows, i, len = 0;
	char		*p, *buf = NULL;
	bool		 passed = true;
	FILE		*mem;
	int		 rc = -1;

	if (go == NULL)
		go = &plain;
	if ((rows = read_rows(mf, dirs, ndirs, &nrows, go, cause)) == NULL)
		return -1;
	for (i = 0; i < nrows; i++)
		passed = passed && rows[i].passed;
	if ((mem = open_memstream(&buf, &len)) == NULL) {
		cause_errno(cause, "open_memstream");
		goto out;
	}
	write_csv(mem, mf, rows, nrows, go, &passed);
	if (fclose(mem) == EOF) {
		cause_errno(cause, _("building the gradebook"));
		goto out;
	}
	if (all_passed != NULL)
		*all_passed = passed;
	xasprintf(&p, "%s/gradebook.csv", outdir);
	if ((rc = write_file_atomic(p, buf, len)) == -1)
		cause_errno(cause, "%s", p);
	free(p);
out:
	rows_free(rows, nrows);
	free(buf);
	return rc;
}
