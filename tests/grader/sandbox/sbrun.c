/* SPDX-License-Identifier: MIT */
/*
 * sbrun: runs one command through sandbox_run() and prints the result as key=value lines,
 * for the sandbox tests (the scripts in tests/grader/sandbox/).
 *
 *	sbrun [--cpu-ms N] [--wall-ms N] [--memory-mb N] [--processes N] [--open-files N]
 *	      [--file-size-kb N] [--output-bytes N] [--disk-mb N] [--private-workdir] [--workdir DIR] [--hide PATH]...
 *	      [--report] [--one-cpu] [--rlimits] [--runs N] [--stdout FILE] -- /abs/cmd [arg]...
 *
 * --runs N runs the command N times at once, from N threads, each in a workdir of its own
 * (DIR/run-K), and prints each result (prefixed "run=K", with "started=" and "ended=",
 * seconds since sbrun started, to tell whether they overlapped). --stdout FILE saves the
 * captured stdout byte for byte.
 * Exit status: 0 every run happened (whatever its outcome), 1 an internal error, 2 usage.
 */
#include "sandbox.h"

#include <stdio.h>

#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>



struct job {
	struct sandbox_spec	spec;
	struct sandbox_result	res;
	int			rc;
	char		       *workdir;
	double			started, ended;
};

static struct timespec t0;

static double
since_t0(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9;
}

static const char *
outcome_name(enum sandbox_outcome o)
{
	static const char *names[] = { "exited", "signaled", "cpu_limit", "wall_limit",
	    "memory_limit", "process_limit", "disk_limit", "internal" };

	return (size_t)o < nitems(names) ? names[o] : "?";
}

/* One line: newlines and backslashes escaped, so each key stays on its line. */
static void
print_text(const char *key, const char *s, size_t len)
{
	size_t	 i;

	printf("%s=", key);
	for (i = 0; s != NULL && i < len && i < 4096; i++) {
		if (s[i] == '\n')
			fputs("\\n", stdout);
		else if (s[i] == '\\')
			fputs("\\\\", stdout);
		else
			putchar(s[i]);
	}
	putchar('\n');
}

static void
print_result(const struct sandbox_result *r)
{
	printf("outcome=%s\n", outcome_name(r->outcome));
	printf("exit_status=%d\n", r->exit_status);
	printf("term_signal=%d\n", r->term_signal);
	printf("cpu_s=%.3f\n", r->cpu_s);
	printf("wall_s=%.3f\n", r->wall_s);
	printf("out_len=%zu\n", r->out_len);
	printf("out_truncated=%d\n", r->out_truncated);
	printf("err_len=%zu\n", r->err_len);
	printf("err_truncated=%d\n", r->err_truncated);
	printf("leftover_processes=%d\n", r->leftover_processes);
	printf("leftover_ipc=%d\n", r->leftover_ipc);
	printf("leftover_names=%s\n", r->leftover_names ? r->leftover_names : "");
	printf("isolation=%s\n", isolation_name(r->isolation));
	printf("landlock=%d\n", r->landlock_abi);
	printf("internal_error=%s\n", r->cause != NULL ? r->cause : "");
	print_text("out", r->out, r->out_len);
	print_text("err", r->err, r->err_len);
	print_text("report", r->report, r->report ? strlen(r->report) : 0);
}

static void *
run_job(void *arg)
{
	struct job *j = arg;

	j->started = since_t0();
	j->rc = sandbox_run(&j->spec, &j->res);
	j->ended = since_t0();
	return NULL;
}

static void __attribute__((noreturn))
usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "sbrun: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nusage: sbrun [--cpu-ms N] [--wall-ms N] [--memory-mb N] "
	    "[--processes N] [--open-files N] [--file-size-kb N] [--output-bytes N] "
	    "[--workdir DIR] [--hide PATH]... [--report] [--one-cpu] [--rlimits] [--runs N] "
	    "[--stdout FILE] -- /abs/cmd [arg]...\n");
	exit(2);
}

static long
number(const char *opt, const char *v)
{
	long	 n;

	if (v == NULL || !parse_long(v, 0, 1L << 40, &n))
		usage("%s: not a whole number from 0 to 2^40", opt);
	return n;
}

int
main(int argc, char **argv)
{
	struct sandbox_spec spec;
	const char *hide[32], *save = NULL;
	struct job *jobs;
	pthread_t *tids;
	long	 runs = 1, i;
	int	 nhide = 0, a, status = 0, err;
	char	 cwd[4096];
	FILE	*f;

	memset(&spec, 0, sizeof spec);
	spec.limits = (struct sandbox_limits){ 10000, 20000, 256, 64, 64, 1024, 65536, 0 };
	if (getcwd(cwd, sizeof cwd) == NULL)
		usage("getcwd: %s", strerror(errno));
	spec.workdir = cwd;
	for (a = 1; a < argc && strcmp(argv[a], "--") != 0; a++) {
		const char *o = argv[a], *v = argv[a + 1];

		if (strcmp(o, "--report") == 0)
			spec.want_report = true;
		else if (strcmp(o, "--one-cpu") == 0)
			spec.one_cpu = 1;
		else if (strcmp(o, "--private-workdir") == 0)
			spec.private_workdir = true;
		else if (strcmp(o, "--rlimits") == 0)
			sandbox_force_fallback();
		else if (v == NULL)
			usage("%s: unknown option or missing value", o);
		else if (a++, strcmp(o, "--cpu-ms") == 0)
			spec.limits.cpu_ms = number(o, v);
		else if (strcmp(o, "--wall-ms") == 0)
			spec.limits.wall_ms = number(o, v);
		else if (strcmp(o, "--memory-mb") == 0)
			spec.limits.memory_mb = number(o, v);
		else if (strcmp(o, "--processes") == 0)
			spec.limits.processes = number(o, v);
		else if (strcmp(o, "--open-files") == 0)
			spec.limits.open_files = number(o, v);
		else if (strcmp(o, "--file-size-kb") == 0)
			spec.limits.file_size_kb = number(o, v);
		else if (strcmp(o, "--output-bytes") == 0)
			spec.limits.output_bytes = (size_t)number(o, v);
		else if (strcmp(o, "--disk-mb") == 0)
			spec.limits.disk_mb = number(o, v);
		else if (strcmp(o, "--runs") == 0 && (runs = number(o, v)) >= 1 && runs <= 64)
			;
		else if (strcmp(o, "--runs") == 0)
			usage("%s: give 1 to 64 runs", o);
		else if (strcmp(o, "--workdir") == 0)
			spec.workdir = v;
		else if (strcmp(o, "--stdout") == 0)
			save = v;
		else if (strcmp(o, "--hide") == 0 && nhide < 31)
			hide[nhide++] = v;
		else
			usage("%s: unknown option", o);
	}
	if (a + 1 >= argc)
		usage("%s", "no command after --");
	hide[nhide] = NULL;
	spec.hide = hide;
	spec.argv = argv + a + 1;
	spec.envp = NULL;

	jobs = xcalloc((size_t)runs, sizeof *jobs);
	tids = xcalloc((size_t)runs, sizeof *tids);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < runs; i++) {
		jobs[i].spec = spec;
		if (runs > 1) {
			/* the sandbox lends a workdir to the run's uid: one each */
			xasprintf(&jobs[i].workdir, "%s/run-%ld", spec.workdir, i);
			if (mkdir(jobs[i].workdir, 0755) == -1 && errno != EEXIST) {
				fprintf(stderr, "sbrun: mkdir %s: %s\n", jobs[i].workdir,
				    strerror(errno));
				exit(1);
			}
			jobs[i].spec.workdir = jobs[i].workdir;
		}
		if ((err = pthread_create(&tids[i], NULL, run_job, &jobs[i])) != 0) {
			fprintf(stderr, "sbrun: pthread_create: %s\n", strerror(err));
			exit(1);
		}
	}
	for (i = 0; i < runs; i++) {
		pthread_join(tids[i], NULL);
		if (runs > 1)
			printf("run=%ld\nstarted=%.3f\nended=%.3f\n", i, jobs[i].started,
			    jobs[i].ended);
		print_result(&jobs[i].res);
		if (jobs[i].rc != 0)
			status = 1;
	}
	if (save != NULL) {
		if ((f = fopen(save, "w")) == NULL ||
		    fwrite(jobs[0].res.out, 1, jobs[0].res.out_len, f) != jobs[0].res.out_len ||
		    fclose(f) != 0) {
			fprintf(stderr, "sbrun: %s: %s\n", save, strerror(errno));
			exit(1);
		}
	}
	for (i = 0; i < runs; i++) {
		sandbox_result_free(&jobs[i].res);
		free(jobs[i].workdir);
	}
	free(jobs);
	free(tids);
	return status;
}
