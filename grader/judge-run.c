/* SPDX-License-Identifier: MIT */
/*
 * judge-run.c: the grader's side of an exercise's judge (lib/judge.h). The judge is
 * compiled once per grading process from the pristine exercise folder, kept as a sealed
 * memfd (nothing a run does can change it: the build folder it came from is gone before
 * any student code runs), and run outside the sandbox, as the grader, on data only: the
 * test's name and seed in, its inputs out; the run's report in, the verdict record out.
 * A judge that fails, hangs or says something malformed is the lab's error, never a pass.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "grader.h"
#include "labtest.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define JUDGE_BINARY_MAX	(64 * 1024 * 1024)
#define JUDGE_OUTPUT_MAX	(64 * 1024)
#define JUDGE_CPU_S		10
#define JUDGE_MEMORY_MB		512
#define JUDGE_INPUTS_MAX	32

/* Judges compiled by this process, by source path (an instructor's exercises included);
 * one being compiled in the background (judge_prepare) has a pid and no fd yet. */
static struct judge_cached {
	char	*source;
	int	 fd;            /* the sealed memfd, -1 while pending */
	pid_t	 pid;           /* pending: the process compiling it */
	int	 cause_fd;      /* pending: what it says when it fails */
	char	*work;          /* pending: where it compiles */
} *cache;
static size_t ncache;

/* A memfd holding LEN bytes of DATA, sealed against every change, read from its start;
 * -1 with *CAUSE. */
static int
sealed_memfd(const char *name, const char *data, size_t len, char **cause)
{
	int	 fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);

	if (fd == -1) {
		cause_errno(cause, "memfd_create");
		return -1;
	}
	if (write_all(fd, data, len) == -1) {
		cause_errno(cause, "write memfd");
		goto out_close;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW |
	    F_SEAL_SEAL) == -1 || lseek(fd, 0, SEEK_SET) == -1) {
		cause_errno(cause, "seal memfd");
		goto out_close;
	}
	return fd;
out_close:
	close(fd);
	return -1;
}

static struct judge_cached *
cached(const char *source)
{
	for (size_t i = 0; i < ncache; i++)
		if (strcmp(cache[i].source, source) == 0)
			return &cache[i];
	return NULL;
}

static struct judge_cached *
cache_add(char *source)
{
	cache = xreallocarray(cache, ncache + 1, sizeof *cache);
	memset(&cache[ncache], 0, sizeof *cache);
	cache[ncache].source = source;
	cache[ncache].fd = cache[ncache].cause_fd = -1;
	return &cache[ncache++];
}

static void
cache_drop(struct judge_cached *c)
{
	free(c->source);
	*c = cache[--ncache];
}

/* The judge compiled in WORK as a sealed memfd; -1 with *CAUSE. WORK is removed. */
static int
seal_judge(const char *work, char **cause)
{
	char	*bin, *data;
	size_t	 len;
	int	 fd = -1;

	xasprintf(&bin, "%s/judge", work);
	if ((data = read_file_max(bin, JUDGE_BINARY_MAX, &len, cause)) != NULL)
		fd = sealed_memfd("judge", data, len, cause);
	free(data);
	free(bin);
	remove_tree(work);
	return fd;
}

/* A judge compiled in the background: its memfd once the compiler is done; -1 with
 * *CAUSE (what the compiling process said). */
static int
finish_pending(struct judge_cached *c, char **cause)
{
	char	 buf[4096];
	size_t	 got = 0;
	ssize_t	 n;
	int	 status = 0, fd = -1;

	while (got < sizeof buf - 1 &&
	    ((n = read(c->cause_fd, buf + got, sizeof buf - 1 - got)) > 0 ||
	    (n == -1 && errno == EINTR)))
		got += n > 0 ? (size_t)n : 0;
	buf[got] = '\0';
	close(c->cause_fd);
	while (waitpid(c->pid, &status, 0) == -1 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		fd = seal_judge(c->work, cause);
	else {
		cause_set(cause, "%s", got > 0 ? buf : _("the judge's compiler process failed"));
		remove_tree(c->work);
	}
	free(c->work);
	c->work = NULL;
	c->pid = 0;
	c->cause_fd = -1;
	return fd;
}

void
judge_prepare(const struct manifest *mf, const struct exercise *ex,
    const struct grade_options *opt)
{
	char	*source, *work, *cause = NULL;
	struct judge_cached *c;
	int	 p[2];
	pid_t	 pid;

	xasprintf(&source, "%s/%s/%s", mf->dir, ex->dir, ex->judge);
	if (cached(source) != NULL || (work = make_temp_dir("judge")) == NULL) {
		free(source);
		return;
	}
	if (pipe2(p, O_CLOEXEC) == -1) {
		remove_tree(work);
		free(work);
		free(source);
		return;         /* judge_load compiles it, then */
	}
	if ((pid = fork()) == 0) {
		close(p[0]);
		if (compile_judge(mf, ex, opt, work, &cause) == 0)
			_exit(0);
		if (cause != NULL)
			write_all(p[1], cause, strlen(cause));
		_exit(1);
	}
	close(p[1]);
	if (pid == -1) {
		close(p[0]);
		remove_tree(work);
		free(work);
		free(source);
		return;
	}
	c = cache_add(source);
	c->pid = pid;
	c->cause_fd = p[0];
	c->work = work;
}

/* C's memfd, its compile finished first when judge_prepare began it; -1 with *CAUSE when
 * that compile failed, and C is gone from the cache (the next call compiles it again, and
 * says so again). */
static int
cached_fd(struct judge_cached *c, char **cause)
{
	if (c->pid > 0 && (c->fd = finish_pending(c, cause)) == -1) {
		cache_drop(c);
		return -1;
	}
	return c->fd;
}

void
judge_settle(void)
{
	for (size_t i = 0; i < ncache;) {
		char *cause = NULL;

		if (cached_fd(&cache[i], &cause) == -1)
			free(cause);    /* cache[i] is another judge now */
		else
			i++;
	}
}

/* EX's judge as an executable memfd, compiled the first time (or finished, when
 * judge_prepare began it). */
static int
judge_load(const struct manifest *mf, const struct exercise *ex,
    const struct grade_options *opt, char **cause)
{
	char	*source, *work;
	struct judge_cached *c;
	int	 fd = -1;

	xasprintf(&source, "%s/%s/%s", mf->dir, ex->dir, ex->judge);
	if ((c = cached(source)) != NULL) {
		free(source);
		return cached_fd(c, cause);
	}
	if ((work = make_temp_dir("judge")) == NULL) {
		cause_errno(cause, "mkdtemp");
		free(source);
		return -1;
	}
	if (compile_judge(mf, ex, opt, work, cause) == 0)
		fd = seal_judge(work, cause);
	else
		remove_tree(work);
	free(work);
	if (fd == -1) {
		free(source);
		return -1;
	}
	cache_add(source)->fd = fd;
	return fd;
}

static void
judge_child(int judge_fd, char *const *argv, char *const *envp, int in, int out, int err)
{
	struct rlimit	 cpu = { JUDGE_CPU_S, JUDGE_CPU_S + 1 };
	struct rlimit	 mem = { (rlim_t)JUDGE_MEMORY_MB << 20, (rlim_t)JUDGE_MEMORY_MB << 20 };

	if (dup2(in, 0) == -1 || dup2(out, 1) == -1 || dup2(err, 2) == -1)
		_exit(126);
	setrlimit(RLIMIT_CPU, &cpu);
	setrlimit(RLIMIT_AS, &mem);
	alarm(JUDGE_CPU_S * 2);
	signal(SIGPIPE, SIG_DFL);
	fexecve(judge_fd, argv, envp);
	_exit(127);
}

/* The judge's stdout (NUL-terminated) for ARGV and ENVP with INPUT on stdin; NULL with
 * *CAUSE. */
static char *
judge_exec(int judge_fd, char *const *argv, char *const *envp, const char *input,
    size_t inlen, char **cause)
{
	int	 in = -1, out = -1, err = -1, status;
	pid_t	 pid;
	char	*text = NULL, errbuf[512];
	ssize_t	 n;
	off_t	 len;

	if ((in = sealed_memfd("judge-in", input, inlen, cause)) == -1)
		return NULL;
	if ((out = memfd_create("judge-out", MFD_CLOEXEC)) == -1 ||
	    (err = memfd_create("judge-err", MFD_CLOEXEC)) == -1) {
		cause_errno(cause, "memfd_create");
		goto out_close;
	}
	if ((pid = fork()) == -1) {
		cause_errno(cause, "fork");
		goto out_close;
	}
	if (pid == 0)
		judge_child(judge_fd, argv, envp, in, out, err);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			cause_errno(cause, "waitpid");
			goto out_close;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		n = pread(err, errbuf, sizeof errbuf - 1, 0);
		errbuf[n > 0 ? n : 0] = '\0';
		errbuf[strcspn(errbuf, "\n")] = '\0';
		if (WIFEXITED(status))
			cause_set(cause, _("the judge (%s %s) exited with status %d: %s"), argv[1],
			    argv[2], WEXITSTATUS(status), errbuf);
		else
			cause_set(cause, _("the judge (%s %s) was killed by signal %d"), argv[1],
			    argv[2], WTERMSIG(status));
		goto out_close;
	}
	if ((len = lseek(out, 0, SEEK_END)) == -1 || len > JUDGE_OUTPUT_MAX) {
		cause_set(cause, _("the judge (%s %s) printed too much"), argv[1], argv[2]);
		goto out_close;
	}
	text = xmalloc((size_t)len + 1);
	if ((n = pread(out, text, (size_t)len, 0)) != len) {
		cause_errno(cause, "read the judge's output");
		free(text);
		text = NULL;
		goto out_close;
	}
	text[len] = '\0';
out_close:
	if (err != -1)
		close(err);
	if (out != -1)
		close(out);
	close(in);
	return text;
}

static bool
is_input(const char *line)
{
	size_t name = strspn(line, "abcdefghijklmnopqrstuvwxyz0123456789_");

	return name > 0 && line[name] == '=' && strspn(line + name + 1, "-0123456789,") ==
	    strlen(line + name + 1);
}

/* The judge's stdout for "judge VERB TEST SEED" with INPUT on stdin; NULL with *CAUSE. */
static char *
judge_ask(const struct manifest *mf, const struct exercise *ex, const char *verb,
    const struct test_spec *t, uint64_t seed, const char *input, size_t len,
    const struct grade_options *opt, char **cause)
{
	char	 seedbuf[24], *argv[] = { "judge", (char *)verb, t->name, seedbuf, NULL };
	char	*envp[] = { "LC_ALL=C.UTF-8", "PATH=/usr/bin:/bin", NULL, NULL, NULL };
	char	*text;
	int	 fd;

	if ((fd = judge_load(mf, ex, opt, cause)) == -1)
		return NULL;
	snprintf(seedbuf, sizeof seedbuf, "%llu", (unsigned long long)seed);
	/* the student's language: the judge reads the catalogs where they are (lab-i18n.c) */
	if (opt->languages != NULL && opt->locale_dir != NULL) {
		xasprintf(&envp[2], "LANGUAGE=%s", opt->languages);
		xasprintf(&envp[3], "%s=%s", LAB_ENV_LOCALEDIR, opt->locale_dir);
	}
	text = judge_exec(fd, argv, envp, input, len, cause);
	free(envp[2]);
	free(envp[3]);
	return text;
}

char **
judge_plan(const struct manifest *mf, const struct exercise *ex, const struct test_spec *t,
    uint64_t seed, const struct grade_options *opt, char **cause)
{
	char	*text, *line, *save, **inputs;
	size_t	 n = 0;

	if ((text = judge_ask(mf, ex, "plan", t, seed, "", 0, opt, cause)) == NULL)
		return NULL;
	inputs = xcalloc(JUDGE_INPUTS_MAX + 1, sizeof *inputs);
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (n == JUDGE_INPUTS_MAX || !is_input(line)) {
			cause_set(cause, _("the judge (plan %s) printed a line that is not an "
			    "input: %.60s"), t->name, line);
			for (size_t i = 0; i < n; i++)
				free(inputs[i]);
			free(inputs);
			free(text);
			return NULL;
		}
		inputs[n++] = xstrdup(line);
	}
	free(text);
	return inputs;
}

char *
judge_decide(const struct manifest *mf, const struct exercise *ex, const struct test_spec *t,
    uint64_t seed, const char *report, size_t len, const struct grade_options *opt,
    char **cause)
{
	char	*text;

	if (report == NULL) {
		report = "";
		len = 0;
	}
	if ((text = judge_ask(mf, ex, "decide", t, seed, report, len, opt, cause)) == NULL)
		return NULL;
	if (strncmp(text, LAB_KEY_STATUS " ", strlen(LAB_KEY_STATUS) + 1) != 0) {
		cause_set(cause, _("the judge (decide %s) printed no verdict"), t->name);
		free(text);
		return NULL;
	}
	return text;
}
