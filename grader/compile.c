/*
 * compile.c: stage one of grading. The student's files (only those the manifest names) and
 * the lab's pristine header and harness are copied into a fresh folder and compiled there
 * with the runtime, every LAB_WRAPPED symbol wrapped at link time.
 *
 * The compiler runs in its own process group with limits (CPU, wall, memory, file size);
 * its output is capped (COMPILER_OUTPUT_CAP) and the rest drained and dropped.
 */
#include "proclab.h"
#include "labtest.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define COMPILER_OUTPUT_CAP	8192
#define COMPILER_CPU_S		60
#define COMPILER_WALL_MS	90000
#define COMPILER_AS_MB		2048
#define SOURCE_MAX		(1024 * 1024)

static const char *const wrapped[] = { LAB_WRAPPED };

/* Copies SRC (a regular file, not a symlink, at most SOURCE_MAX bytes) to DIR/NAME. */
static bool
copy_file(const char *src, const char *dir, const char *name, char **why)
{
	char		 buf[65536], *dst = NULL;
	struct stat	 st;
	ssize_t		 n;
	int		 in, out = -1;
	bool		 ok = false;

	in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (in == -1) {
		xasprintf(why, "%s: open: %s", name, strerror(errno));
		return false;
	}
	if (fstat(in, &st) == -1) {
		xasprintf(why, "%s: fstat: %s", name, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		xasprintf(why, _("%s is not a regular file"), name);
		goto out;
	}
	if (st.st_size > SOURCE_MAX) {
		xasprintf(why, _("%s is too large (%lld bytes; at most %d)"), name,
		    (long long)st.st_size, SOURCE_MAX);
		goto out;
	}
	xasprintf(&dst, "%s/%s", dir, name);
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (out == -1) {
		xasprintf(why, "%s: open: %s", dst, strerror(errno));
		goto out;
	}
	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			xasprintf(why, "%s: read: %s", src, strerror(errno));
			goto out;
		}
		for (ssize_t off = 0; off < n; ) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));

			if (w == -1) {
				if (errno == EINTR)
					continue;
				xasprintf(why, "%s: write: %s", dst, strerror(errno));
				goto out;
			}
			off += w;
		}
	}
	ok = true;
out:
	if (out != -1 && close(out) == -1 && ok) {
		xasprintf(why, "%s: close: %s", dst, strerror(errno));
		ok = false;
	}
	close(in);
	free(dst);
	return ok;
}

static char **
compiler_argv(const struct exercise *ex, const char *workdir)
{
	const char	*cc = getenv("CC");
	char		**av, *ccs, *tok, *save, *wrap;
	size_t		 n = 0, cap = 32 + ex->nfiles, len;

	if (cc == NULL || *cc == '\0')
		cc = PROCLAB_CC;
	av = xcalloc(cap, sizeof *av);
	ccs = xstrdup(cc);
	for (tok = strtok_r(ccs, " \t", &save); tok != NULL && n < 8;
	    tok = strtok_r(NULL, " \t", &save))
		av[n++] = xstrdup(tok);
	free(ccs);
	if (n == 0)
		av[n++] = xstrdup("cc");
	av[n++] = xstrdup("-std=c11");
	av[n++] = xstrdup("-Wall");
	av[n++] = xstrdup("-Wextra");
	av[n++] = xstrdup("-pthread");
	xasprintf(&av[n++], "-I%s", workdir);
	xasprintf(&av[n++], "-I%s", runtime_include_dir());
	av[n++] = xstrdup("-o");
	av[n++] = xstrdup(COMPILED_PROGRAM);
	for (size_t i = 0; i < ex->nfiles; i++)
		av[n++] = xstrdup(ex->files[i]);
	av[n++] = xstrdup(ex->harness);
	xasprintf(&av[n++], "%s/libproclab.a", runtime_lib_dir());
	av[n++] = xstrdup("-lrt");
	len = strlen("-Wl") + 1;
	for (size_t i = 0; i < nitems(wrapped); i++)
		len += strlen(",--wrap=") + strlen(wrapped[i]);
	wrap = xmalloc(len);
	strcpy(wrap, "-Wl");
	for (size_t i = 0; i < nitems(wrapped); i++) {
		strcat(wrap, ",--wrap=");
		strcat(wrap, wrapped[i]);
	}
	av[n++] = wrap;
	av[n] = NULL;
	return av;
}

static long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
child_limit(int res, rlim_t v)
{
	struct rlimit	rl = { v, v };

	(void)setrlimit(res, &rl);
}

/* Runs the compiler; fills res. */
static void
run_compiler(char **av, const char *workdir, struct compile_result *res)
{
	char		 buf[4096], *out;
	size_t		 len = 0;
	int		 pfd[2], efd[2], status, err = 0;
	pid_t		 pid;
	long		 deadline;
	bool		 timed_out = false, eof = false;
	ssize_t		 n;

	out = xmalloc(COMPILER_OUTPUT_CAP + 1);
	if (pipe2(pfd, O_CLOEXEC) == -1 || pipe2(efd, O_CLOEXEC) == -1) {
		res->internal = true;
		xasprintf(&res->output, "pipe: %s", strerror(errno));
		free(out);
		return;
	}
	pid = fork();
	if (pid == -1) {
		res->internal = true;
		xasprintf(&res->output, "fork: %s", strerror(errno));
		close(pfd[0]); close(pfd[1]); close(efd[0]); close(efd[1]);
		free(out);
		return;
	}
	if (pid == 0) {
		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL);
		child_limit(RLIMIT_CPU, COMPILER_CPU_S);
		child_limit(RLIMIT_AS, (rlim_t)COMPILER_AS_MB << 20);
		child_limit(RLIMIT_FSIZE, 256u << 20);
		child_limit(RLIMIT_CORE, 0);
		/* The compiler's own temporary files go in the build folder, so they
		 * vanish with it even when we are killed mid-compile. */
		if (chdir(workdir) == -1 || setenv("TMPDIR", ".", 1) == -1 ||
		    dup2(pfd[1], 1) == -1 || dup2(pfd[1], 2) == -1) {
			err = errno;
			(void)!write(efd[1], &err, sizeof err);
			_exit(127);
		}
		close(0);
		(void)open("/dev/null", O_RDONLY);
		execvp(av[0], av);
		err = errno;
		(void)!write(efd[1], &err, sizeof err);
		_exit(127);
	}
	setpgid(pid, pid);      /* both sides: no race with kill(-pid) */
	close(pfd[1]);
	close(efd[1]);
	deadline = now_ms() + COMPILER_WALL_MS;
	while (!eof) {
		struct pollfd	p = { pfd[0], POLLIN, 0 };
		long		left = deadline - now_ms();
		int		r;

		if (left <= 0) {
			timed_out = true;
			break;
		}
		r = poll(&p, 1, (int)(left > 1000 ? 1000 : left));
		if (r == -1 && errno != EINTR) {
			res->internal = true;
			xasprintf(&res->output, "poll: %s", strerror(errno));
			break;
		}
		if (r <= 0)
			continue;
		n = read(pfd[0], buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			eof = true;
			break;
		}
		if (len < COMPILER_OUTPUT_CAP) {
			size_t take = (size_t)n < COMPILER_OUTPUT_CAP - len ?
			    (size_t)n : COMPILER_OUTPUT_CAP - len;

			memcpy(out + len, buf, take);
			len += take;
			if (take < (size_t)n)
				res->truncated = true;
		} else
			res->truncated = true;
	}
	if (!eof)
		(void)kill(-pid, SIGKILL);
	close(pfd[0]);
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			res->internal = true;
			free(res->output);
			xasprintf(&res->output, "waitpid: %s", strerror(errno));
			close(efd[0]);
			free(out);
			return;
		}
	}
	n = read(efd[0], &err, sizeof err);
	close(efd[0]);
	if (res->internal) {
		free(out);
		return;
	}
	if (n == (ssize_t)sizeof err) {
		res->internal = true;
		xasprintf(&res->output, _("cannot run the compiler '%s': %s (set CC to a C compiler)"),
		    av[0], strerror(err));
		free(out);
		return;
	}
	out[len] = '\0';
	res->output = utf8_sanitize(out, len);
	free(out);
	if (res->truncated) {
		char *t;

		xasprintf(&t, _("%s%s[compiler output truncated after %d bytes]\n"), res->output,
		    len > 0 && res->output[strlen(res->output) - 1] != '\n' ? "\n" : "",
		    COMPILER_OUTPUT_CAP);
		free(res->output);
		res->output = t;
	}
	if (timed_out) {
		char *t;

		xasprintf(&t, _("%sthe compiler did not finish within %d s and was stopped\n"),
		    res->output, COMPILER_WALL_MS / 1000);
		free(res->output);
		res->output = t;
		return;
	}
	if (WIFSIGNALED(status)) {
		char *t;
		const char *ab = sigabbrev_np(WTERMSIG(status));

		xasprintf(&t, _("%sthe compiler was killed by SIG%s%s\n"), res->output,
		    ab != NULL ? ab : "?", WTERMSIG(status) == SIGXCPU ?
		    _(" (it used too much CPU time)") : "");
		free(res->output);
		res->output = t;
		return;
	}
	res->ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void
compile_exercise(const struct manifest *mf, const struct exercise *ex, char *const *src,
    const char *workdir, struct compile_result *res)
{
	char		*exdir, *why = NULL, *p, **av;
	struct stat	 st;

	memset(res, 0, sizeof *res);
	xasprintf(&exdir, "%s/%s", mf->dir, ex->dir);
	/* The lab's own files: a problem with them is ours, not the student's. */
	for (int k = 0; k < 2; k++) {
		const char *name = k == 0 ? ex->header : ex->harness;

		xasprintf(&p, "%s/%s", exdir, name);
		if (!copy_file(p, workdir, name, &why)) {
			res->internal = true;
			res->output = why;
			free(p);
			free(exdir);
			return;
		}
		free(p);
	}
	free(exdir);
	xasprintf(&p, "%s/libproclab.a", runtime_lib_dir());
	if (stat(p, &st) == -1) {
		res->internal = true;
		xasprintf(&res->output, _("the exercise runtime %s is missing: %s"), p,
		    strerror(errno));
		free(p);
		return;
	}
	free(p);
	for (size_t i = 0; i < ex->nfiles; i++) {
		if (!copy_file(src[i], workdir, ex->files[i], &why)) {
			res->output = why;     /* the student's file: their problem */
			return;
		}
	}
	av = compiler_argv(ex, workdir);
	run_compiler(av, workdir, res);
	for (char **a = av; *a != NULL; a++)
		free(*a);
	free(av);
}

void
compile_result_free(struct compile_result *res)
{
	free(res->output);
	memset(res, 0, sizeof *res);
}
