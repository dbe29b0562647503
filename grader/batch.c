/*
 * batch.c: grading a class. One worker PROCESS per submission, at most `jobs` at once.
 * Each worker writes OUT/results/KEY.json (and OUT/reports/KEY.EXT for another --format)
 * atomically and exits; after each one the parent rebuilds OUT/gradebook.csv, atomically,
 * from the result files. So a batch killed at any moment loses nothing already graded, and
 * --resume grades only the students without a result file.
 *
 * KEY is the student's name made safe as a file name (a hash is added when anything had to
 * be changed, so two names never share a file).
 */
#include "proclab.h"  /* FIXME: grader must not include the command */

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
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

static bool
result_done(const char *outdir, const char *key)
{
	char		*p;
	json_t		*j;
	json_error_t	 je;
	bool		 ok;

	xasprintf(&p, "%s/results/%s.json", outdir, key);
	j = json_load_file(p, 0, &je);
	free(p);
	ok = j != NULL && json_is_array(json_object_get(j, "exercises")) &&
	    json_is_string(json_object_get(j, "student"));
	json_decref(j);
	return ok;
}

static int
write_report(const char *path, enum report_format fmt, const struct report *r)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*mem = open_memstream(&buf, &len);
	int	 rc;

	if (mem == NULL)
		return -1;
	rc = report_write(mem, fmt, r);
	if (fclose(mem) == EOF)
		rc = -1;
	if (rc == 0)
		rc = write_file_atomic(path, buf, len);
	free(buf);
	return rc;
}

/* The worker: grades one student, writes their files, exits 0 (or 3: internal error). */
static ATTR_NORETURN void
worker(const struct manifest *mf, const struct job *jb, const struct batch_options *o,
    const char *const *hide)
{
	struct exercise_result	*res = xcalloc(mf->nex + 1, sizeof *res);
	struct grade_options	 go = { o->seed, hide, runtime_include_dir(), runtime_lib_dir() };
	struct report		 rep;
	struct timespec		 t0, t1;
	char			*stage = NULL, *root = jb->sub, *why = NULL, *path;
	bool			 internal = false, staged = true;
	size_t			 i;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	(void)temp_cleanup_on_signals(NULL);
	if (submission_is_archive(jb->sub)) {
		stage = make_temp_dir("sub");
		if (stage == NULL) {
			warnx_("%s: mkdtemp: %s", jb->sub, strerror(errno));
			_exit(EXIT_INTERNAL);
		}
		root = stage;
		staged = submission_stage(jb->sub, mf, stage, &why);
	}
	for (i = 0; i < mf->nex; i++) {
		if (!staged) {
			/* An unreadable or unsafe archive: every exercise not submitted. */
			memset(&res[i], 0, sizeof res[i]);
			res[i].ex = &mf->ex[i];
			res[i].max_score = exercise_max_score(&mf->ex[i]);
			res[i].tests = xcalloc(mf->ex[i].ntests + 1, sizeof *res[i].tests);
			for (size_t j = 0; j < mf->ex[i].ntests; j++) {
				res[i].tests[j].spec = &mf->ex[i].tests[j];
				res[i].tests[j].verdict = VERDICT_COMPILE_ERROR;
				res[i].tests[j].message = xstrdup(_("not run: the submission could "
				    "not be read"));
			}
			res[i].hygiene_verdict = VERDICT_COMPILE_ERROR;
			xasprintf(&res[i].missing, _("the submission %s: %s"), jb->name, why);
			continue;
		}
		grade_exercise(mf, &mf->ex[i], root, &go, &res[i]);
		internal = internal || res[i].internal;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	memset(&rep, 0, sizeof rep);
	rep.student = jb->name;
	rep.instructor = true;
	rep.seed = o->seed;
	rep.isolation = sandbox_probe();
	for (i = 0; i < mf->nex; i++)
		if (res[i].fallback_used)
			rep.isolation = ISOLATION_RLIMITS;
	rep.time_s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	rep.res = res;
	rep.nres = mf->nex;
	if (o->format != FORMAT_JSON) {
		xasprintf(&path, "%s/reports/%s.%s", o->outdir, jb->key,
		    report_format_ext(o->format));
		if (write_report(path, o->format, &rep) == -1) {
			warnx_("%s: %s", path, strerror(errno));
			internal = true;
		}
		free(path);
	}
	/* The result file last: its presence means this student is done. */
	xasprintf(&path, "%s/results/%s.json", o->outdir, jb->key);
	if (!internal && write_report(path, FORMAT_JSON, &rep) == -1) {
		warnx_("%s: %s", path, strerror(errno));
		internal = true;
	}
	free(path);
	for (i = 0; i < mf->nex; i++)
		if (res[i].internal)
			warnx_(_("%s: internal error: %s"), jb->name, res[i].internal_message);
	if (stage != NULL && remove_tree(stage) == -1)
		warnx_(_("cannot remove %s: %s"), stage, strerror(errno));
	fflush(NULL);
	_exit(internal ? EXIT_INTERNAL : EXIT_OK);
}

static void
progress_bar(size_t done, size_t total, size_t failed)
{
	int	width = 30, fill = total > 0 ? (int)(done * (size_t)width / total) : width;

	fputc('\r', stderr);
	fprintf(stderr, failed > 0 ? _("[%.*s%*s] %zu/%zu graded (some could not be graded)") :
	    _("[%.*s%*s] %zu/%zu graded"), fill,
	    "##############################", width - fill, "", done, total);
	fflush(stderr);
}

int
batch_grade(const struct manifest *mf, char **subs, size_t nsubs, const struct batch_options *o)
{
	struct job	*jobs = xcalloc(nsubs + 1, sizeof *jobs);
	const char	**hide = xcalloc(nsubs + 3, sizeof *hide);
	char		*dir, *why = NULL;
	size_t		 i, j, next = 0, running = 0, done = 0, todo = 0, failed = 0, nhide = 0;
	bool		 all_passed = false;
	int		 status, rc;

	xasprintf(&dir, "%s/results", o->outdir);
	if (mkdir_p(dir, 0755, &why) == -1) {
		warnx_("%s", why);
		free(why);
		return EXIT_INTERNAL;
	}
	remove_stale_temps(dir);
	free(dir);
	if (o->format != FORMAT_JSON) {
		xasprintf(&dir, "%s/reports", o->outdir);
		if (mkdir_p(dir, 0755, &why) == -1) {
			warnx_("%s", why);
			free(why);
			return EXIT_INTERNAL;
		}
		remove_stale_temps(dir);
		free(dir);
	}
	remove_stale_temps(o->outdir);
	/* Hidden from every run: the solutions, the results and every submission. */
	if (solutions_dir() != NULL)
		hide[nhide++] = solutions_dir();
	hide[nhide++] = realpath(o->outdir, NULL);
	if (hide[nhide - 1] == NULL)
		nhide--;
	for (i = 0; i < nsubs; i++) {
		char *rp = realpath(subs[i], NULL);

		jobs[i].sub = subs[i];
		jobs[i].name = submission_student_name(subs[i]);
		jobs[i].key = student_key(jobs[i].name);
		for (j = 0; j < i; j++)
			if (strcmp(jobs[j].key, jobs[i].key) == 0 && !jobs[j].skip) {
				warnx_(_("%s and %s are both student '%s': grading only %s"), subs[j],
				    subs[i], jobs[i].name, subs[j]);
				jobs[i].skip = true;
			}
		if (!jobs[i].skip && o->resume && result_done(o->outdir, jobs[i].key))
			jobs[i].skip = true;
		if (!jobs[i].skip)
			todo++;
		if (rp != NULL)
			hide[nhide++] = rp;
	}
	hide[nhide] = NULL;
	if (o->resume && todo < nsubs)
		fprintf(stderr, _("%s: resuming: %zu of %zu submissions already graded\n"), progname,
		    nsubs - todo, nsubs);
	fflush(NULL);
	if (o->progress)
		progress_bar(0, todo, 0);
	while (done < todo) {
		while (running < (size_t)o->jobs && next < nsubs) {
			pid_t pid;

			if (jobs[next].skip) {
				next++;
				continue;
			}
			fflush(NULL);
			pid = fork();
			if (pid == -1) {
				warnx_("fork: %s", strerror(errno));
				if (running == 0)
					return EXIT_INTERNAL;
				break;
			}
			if (pid == 0)
				worker(mf, &jobs[next], o, hide);
			jobs[next++].pid = pid;
			running++;
		}
		if (running == 0)
			break;
		pid_t pid = waitpid(-1, &status, 0);
		if (pid == -1) {
			if (errno == EINTR)
				continue;
			warnx_("waitpid: %s", strerror(errno));
			return EXIT_INTERNAL;
		}
		for (i = 0; i < nsubs && jobs[i].pid != pid; i++)
			;
		if (i == nsubs)
			continue;       /* not one of ours */
		running--;
		done++;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			failed++;
			if (o->progress)
				fputc('\n', stderr);
			if (WIFSIGNALED(status))
				warnx_(_("%s: the grading process was killed by SIG%s; '--resume' "
				    "grades it again"), jobs[i].name,
				    sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) :
				    "?");
			else
				warnx_(_("%s: could not be graded (internal error); '--resume' grades "
				    "it again"), jobs[i].name);
		}
		if (gradebook_rebuild(mf, o->outdir, NULL) == -1)
			failed++;
		if (o->progress)
			progress_bar(done, todo, failed);
	}
	if (o->progress)
		fputc('\n', stderr);
	rc = gradebook_rebuild(mf, o->outdir, &all_passed);
	for (i = 0; i < nsubs; i++) {
		free(jobs[i].name);
		free(jobs[i].key);
	}
	free(jobs);
	for (i = solutions_dir() != NULL ? 1 : 0; i < nhide; i++)
		free((char *)hide[i]);
	free(hide);
	if (rc == -1 || failed > 0)
		return EXIT_INTERNAL;
	printf(ngettext("%zu submission graded; gradebook: %s/gradebook.csv\n",
	    "%zu submissions graded; gradebook: %s/gradebook.csv\n", todo), todo, o->outdir);
	return all_passed ? EXIT_OK : EXIT_FAILED;
}

struct row {
	char	*student;
	int	*scores;        /* -1: no such exercise in the result */
	int	 total;
	bool	 passed;
};

static int
by_student(const void *a, const void *b)
{
	return strcmp(((const struct row *)a)->student, ((const struct row *)b)->student);
}

int
gradebook_rebuild(const struct manifest *mf, const char *outdir, bool *all_passed)
{
	struct row	*rows = NULL;
	size_t		 nrows = 0, i, k;
	char		*dir, *p, *buf = NULL;
	size_t		 len = 0;
	DIR		*d;
	struct dirent	*e;
	FILE		*mem;
	int		 rc = 0;

	if (all_passed != NULL)
		*all_passed = true;
	xasprintf(&dir, "%s/results", outdir);
	d = opendir(dir);
	if (d == NULL) {
		warnx_("opendir %s: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t		 nl = strlen(e->d_name);
		json_t		*j, *exs, *x;
		json_error_t	 je;
		struct row	*r;

		if (e->d_name[0] == '.' || nl < 6 || strcmp(e->d_name + nl - 5, ".json") != 0)
			continue;
		xasprintf(&p, "%s/%s", dir, e->d_name);
		j = json_load_file(p, 0, &je);
		if (j == NULL || !json_is_string(json_object_get(j, "student")) ||
		    !json_is_array(exs = json_object_get(j, "exercises"))) {
			if (j == NULL)
				warnx_(_("%s: not a proclab result file: %s"), p, je.text);
			else
				warnx_(_("%s: not a proclab result file"), p);
			json_decref(j);
			free(p);
			continue;
		}
		free(p);
		rows = xreallocarray(rows, nrows + 1, sizeof *rows);
		r = &rows[nrows++];
		r->student = xstrdup(json_string_value(json_object_get(j, "student")));
		r->scores = xcalloc(mf->nex + 1, sizeof *r->scores);
		r->total = 0;
		r->passed = json_is_true(json_object_get(j, "passed"));
		for (k = 0; k < mf->nex; k++)
			r->scores[k] = -1;
		json_array_foreach(exs, i, x) {
			const char *exdir = json_string_value(json_object_get(x, "dir"));
			json_t *sc = json_object_get(x, "score");

			for (k = 0; exdir != NULL && k < mf->nex; k++)
				if (strcmp(mf->ex[k].dir, exdir) == 0 && json_is_integer(sc)) {
					r->scores[k] = (int)json_integer_value(sc);
					r->total += r->scores[k];
				}
		}
		if (all_passed != NULL && !r->passed)
			*all_passed = false;
		json_decref(j);
	}
	closedir(d);
	free(dir);
	qsort(rows, nrows, sizeof *rows, by_student);
	mem = open_memstream(&buf, &len);
	if (mem == NULL) {
		warnx_("open_memstream: %s", strerror(errno));
		rc = -1;
		goto out;
	}
	fputs("student", mem);
	for (k = 0; k < mf->nex; k++) {
		fputc(',', mem);
		csv_field(mem, mf->ex[k].dir);
	}
	fprintf(mem, ",total\r\n");
	for (i = 0; i < nrows; i++) {
		csv_field(mem, rows[i].student);
		for (k = 0; k < mf->nex; k++) {
			if (rows[i].scores[k] >= 0)
				fprintf(mem, ",%d", rows[i].scores[k]);
			else
				fputc(',', mem);
		}
		fprintf(mem, ",%d\r\n", rows[i].total);
	}
	if (fclose(mem) == EOF) {
		warnx_(_("building the gradebook: %s"), strerror(errno));
		rc = -1;
		goto out;
	}
	xasprintf(&p, "%s/gradebook.csv", outdir);
	if (write_file_atomic(p, buf, len) == -1) {
		warnx_("%s: %s", p, strerror(errno));
		rc = -1;
	}
	free(p);
out:
	for (i = 0; i < nrows; i++) {
		free(rows[i].student);
		free(rows[i].scores);
	}
	free(rows);
	free(buf);
	return rc;
}
