/* SPDX-License-Identifier: MIT */
/*
 * compile.c: stage one of grading. The student's files (only those the manifest names), the
 * lab's pristine header and harness, the runtime's headers and libproclab.a are copied into
 * a fresh folder and compiled there, every LAB_WRAPPED symbol wrapped at link time.
 *
 * The compiler reads what a student writes: `#include "/etc/shadow"` or the absolute path of
 * a reference solution must find nothing. So it runs in the same sandbox as the tests (as an
 * unprivileged uid when we are root, the same paths hidden) and needs nothing but the
 * system's files and the build folder: `-I.` and `./libproclab.a`, no path into the lab.
 * The fallback sandbox hides nothing: there only the uid (as root) keeps 0600 files away.
 * Its output is capped (COMPILER_OUTPUT_CAP) and the rest dropped.
 */
#include "grader.h"
#include "labtest.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COMPILER_OUTPUT_CAP	8192
#define COMPILER_CPU_MS		30000
#define COMPILER_WALL_MS	60000
#define COMPILER_MEMORY_MB	1024    /* cc1 on the largest exercise needs ~100 MB */
#define COMPILER_PROCESSES	32      /* gcc, cc1, as, collect2, ld, a wrapper or two */
#define COMPILER_OPEN_FILES	256
#define COMPILER_FILE_SIZE_KB	(256 * 1024)
#define COMPILER_PATH		"/usr/local/bin:/usr/bin:/bin"
#define SOURCE_MAX		(1024 * 1024)
#define LAB_FILE_MAX		(64 * 1024 * 1024)      /* libproclab.a, even built with ASan */

static const char *const wrapped[] = { LAB_WRAPPED };

/* DIR/NAME from SRC (see copy_file). */
static int
copy_into(const char *src, const char *dir, const char *name, off_t max, char **why)
{
	char	*dst;
	int	 rc;

	xasprintf(&dst, "%s/%s", dir, name);
	rc = copy_file(src, dst, max, false, why);
	free(dst);
	return rc;
}

/* The sandbox wants argv[0] absolute: NAME as is when it has a slash, else found in $PATH. */
static char *
find_program(const char *name, int *err)
{
	const char	*path = getenv("PATH");
	char		*dirs, *dir, *save, *p, *found = NULL;
	struct stat	 st;

	*err = ENOENT;
	if (strchr(name, '/') != NULL) {
		/* not realpath: a symlink's name may matter (ccache) */
		if (name[0] == '/')
			p = xstrdup(name);
		else if ((dir = getcwd(NULL, 0)) == NULL) {
			*err = errno;
			return NULL;
		} else {
			xasprintf(&p, "%s/%s", dir, name);
			free(dir);
		}
		if (access(p, X_OK) == -1) {
			*err = errno;
			free(p);
			return NULL;
		}
		return p;
	}
	if (path == NULL || *path == '\0')
		path = COMPILER_PATH;
	dirs = xstrdup(path);
	for (dir = strtok_r(dirs, ":", &save); dir != NULL && found == NULL;
	    dir = strtok_r(NULL, ":", &save)) {
		if (*dir != '/')
			continue;       /* "." or "": not for a grader */
		xasprintf(&p, "%s/%s", dir, name);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0)
			found = p;
		else
			free(p);
	}
	free(dirs);
	return found;
}

static void
argv_free(char **av)
{
	for (char **a = av; *a != NULL; a++)
		free(*a);
	free(av);
}

/* What a compiler step links: nothing (-c), the test program (the runtime, every
 * LAB_WRAPPED symbol wrapped) or a judge (libjudge.a, nothing wrapped). */
enum link_kind { LINK_NONE, LINK_TEST_PROGRAM, LINK_JUDGE };

/* --sanitize: the student's objects and the harness instrumented (the prebuilt runtime is
 * not: ASan's allocator and interceptors still cover it); UBSan stops at its first error
 * as ASan does, so the first error is the run's last words. */
#define SANITIZE_FLAGS	"-fsanitize=address,undefined", "-fno-sanitize-recover=undefined", \
			"-fno-omit-frame-pointer"
static const char *const sanitize_flags[] = { SANITIZE_FLAGS };

/* $CC (or the CC proclab was built with): its first word resolved, its other words kept,
 * our flags, then ARGS, then what LINK asks for.
 * NULL with *ERR when the compiler is not found; *NAME is its first word then. */
static char **
compiler_argv(const char *const *args, size_t nargs, enum link_kind link, bool sanitize,
    char **name, int *err)
{
	const char	*cc = getenv("CC");
	char		**av, *ccs, *tok, *save, *wrap;
	size_t		 n = 0, len;

	if (cc == NULL || *cc == '\0')
		cc = PROCLAB_CC;
	av = xcalloc(32 + nargs, sizeof *av);
	ccs = xstrdup(cc);
	for (tok = strtok_r(ccs, " \t", &save); tok != NULL && n < 8;
	    tok = strtok_r(NULL, " \t", &save))
		av[n++] = xstrdup(tok);
	free(ccs);
	if (n == 0)
		av[n++] = xstrdup("cc");
	*name = av[0];
	if ((av[0] = find_program(*name, err)) == NULL) {
		av[0] = xstrdup(*name);
		argv_free(av);
		return NULL;
	}
	av[n++] = xstrdup("-std=c11");
	av[n++] = xstrdup("-Wall");
	av[n++] = xstrdup("-Wextra");
	av[n++] = xstrdup("-pthread");
	av[n++] = xstrdup("-g");        /* a crash is told by function and line (crash.c) */
	av[n++] = xstrdup("-I.");       /* the copies: nothing of the lab's tree is read */
	for (size_t i = 0; sanitize && i < nitems(sanitize_flags); i++)
		av[n++] = xstrdup(sanitize_flags[i]);
	for (size_t i = 0; i < nargs; i++)
		av[n++] = xstrdup(args[i]);
	if (link == LINK_NONE)
		return av;
	if (link == LINK_JUDGE) {
		av[n++] = xstrdup("./libjudge.a");
		return av;
	}
	av[n++] = xstrdup("./libproclab.a");
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

/* stdout then stderr (gcc writes to stderr; a wrapper may use stdout), COMPILER_OUTPUT_CAP
 * bytes of both together. */
static void
take_output(const struct sandbox_result *sr, struct compile_result *res)
{
	char	*out = xmalloc(COMPILER_OUTPUT_CAP + 1);
	size_t	 len = 0, take;

	res->truncated = sr->out_truncated || sr->err_truncated;
	take = sr->out_len < COMPILER_OUTPUT_CAP ? sr->out_len : COMPILER_OUTPUT_CAP;
	memcpy(out, sr->out, take);
	len = take;
	take = sr->err_len < COMPILER_OUTPUT_CAP - len ? sr->err_len : COMPILER_OUTPUT_CAP - len;
	memcpy(out + len, sr->err, take);
	len += take;
	if (sr->out_len + sr->err_len > len)
		res->truncated = true;
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
}

/* Runs the tool AV (the compiler, or binutils reading what it made) in the sandbox with
 * WORKDIR as its cwd and the compiler's limits; -1 when it could not be run at all. */
static int
sandbox_tool(char **av, const char *workdir, const char *const *hide,
    struct sandbox_result *sr)
{
	/* gcc's messages in English whatever the grader's locale: the words a student can
	 * search for; its temporary files in the build folder (the sandbox's /tmp is not
	 * ours when it runs outside the namespaces) */
	char *envp[] = { "PATH=" COMPILER_PATH, "LC_ALL=C.UTF-8", "TMPDIR=.", "HOME=/tmp",
	    NULL };
	const char		*hide_none[] = { NULL };
	struct sandbox_spec	 spec;

	memset(&spec, 0, sizeof spec);
	spec.argv = av;
	spec.envp = envp;
	spec.workdir = workdir;
	spec.hide = hide != NULL ? hide : hide_none;
	spec.limits.cpu_ms = COMPILER_CPU_MS;
	spec.limits.wall_ms = COMPILER_WALL_MS;
	spec.limits.memory_mb = COMPILER_MEMORY_MB;
	spec.limits.processes = COMPILER_PROCESSES;
	spec.limits.open_files = COMPILER_OPEN_FILES;
	spec.limits.file_size_kb = COMPILER_FILE_SIZE_KB;
	spec.limits.output_bytes = COMPILER_OUTPUT_CAP;
	if (sandbox_run(&spec, sr) == -1 || sr->outcome == SANDBOX_INTERNAL)
		return -1;
	return 0;
}

/* Runs the compiler AV in the sandbox with WORKDIR as its cwd; fills res. */
static void
run_compiler(char **av, const char *workdir, const char *const *hide, struct compile_result *res)
{
	struct sandbox_result	 sr;
	char			*t;
	const char		*ab;

	if (sandbox_tool(av, workdir, hide, &sr) == -1) {
		/* execve failing lands here too: proclab's problem, not the student's */
		res->internal = true;
		xasprintf(&res->output, _("cannot run the compiler '%s': %s"), av[0],
		    sr.cause != NULL ? sr.cause : strerror(errno));
		sandbox_result_free(&sr);
		return;
	}
	take_output(&sr, res);
	switch (sr.outcome) {
	case SANDBOX_EXITED:
		res->ok = sr.exit_status == 0;
		break;
	case SANDBOX_CPU_LIMIT:
		xasprintf(&t, _("%sthe compiler used more than %d s of CPU time and was stopped\n"),
		    res->output, COMPILER_CPU_MS / 1000);
		free(res->output);
		res->output = t;
		break;
	case SANDBOX_WALL_LIMIT:
		xasprintf(&t, _("%sthe compiler did not finish within %d s and was stopped\n"),
		    res->output, COMPILER_WALL_MS / 1000);
		free(res->output);
		res->output = t;
		break;
	case SANDBOX_MEMORY_LIMIT:
		xasprintf(&t, _("%sthe compiler needed more than %d MB of memory and was stopped\n"),
		    res->output, COMPILER_MEMORY_MB);
		free(res->output);
		res->output = t;
		break;
	case SANDBOX_PROCESS_LIMIT:
		/* the source cannot make gcc start processes: the compiler's setup is wrong */
		res->internal = true;
		xasprintf(&t, _("%sthe compiler started more than %d processes and was stopped\n"),
		    res->output, COMPILER_PROCESSES);
		free(res->output);
		res->output = t;
		break;
	case SANDBOX_SIGNALED:
		ab = sigabbrev_np(sr.term_signal);
		xasprintf(&t, _("%sthe compiler was killed by SIG%s%s\n"), res->output,
		    ab != NULL ? ab : "?", sr.term_signal == SIGXCPU ?
		    _(" (it used too much CPU time)") : "");
		free(res->output);
		res->output = t;
		break;
	case SANDBOX_DISK_LIMIT:        /* the compiler has no disk limit */
	case SANDBOX_INTERNAL:
		break;  /* handled above */
	}
	sandbox_result_free(&sr);
}

/* STEP's output and outcome added to RES's. */
static void
merge_step(struct compile_result *res, struct compile_result *step)
{
	char	*t;

	res->ok = step->ok;
	res->internal = step->internal;
	res->truncated = res->truncated || step->truncated;
	if (step->output == NULL || *step->output == '\0')
		t = res->output != NULL ? res->output : xstrdup("");
	else if (res->output == NULL || *res->output == '\0') {
		t = step->output;
		step->output = NULL;
		free(res->output);
	} else {
		xasprintf(&t, "%s%s", res->output, step->output);
		free(res->output);
	}
	res->output = t;
	compile_result_free(step);
}

/* One run of the compiler with ARGS (see compiler_argv); false when it failed. */
static bool
compiler_step(const char *const *args, size_t nargs, enum link_kind link, bool sanitize,
    const char *workdir, const struct grade_options *opt, struct compile_result *res)
{
	struct compile_result	 step;
	char			**av, *name = NULL;
	int			 err;

	memset(&step, 0, sizeof step);
	if ((av = compiler_argv(args, nargs, link, sanitize, &name, &err)) == NULL) {
		step.internal = true;
		xasprintf(&step.output, _("cannot run the compiler '%s': %s (set CC to a C "
		    "compiler)"), name, strerror(err));
	} else
		run_compiler(av, workdir, opt->hide, &step);
	free(name);
	if (av != NULL)
		argv_free(av);
	merge_step(res, &step);
	return res->ok && !res->internal;
}

/*
 * After the compiler's words on the student's FILE in WORKDIR (res->output from byte SAID
 * on): with -std=c11 the POSIX names (MAP_ANONYMOUS, CLOCK_MONOTONIC,
 * pthread_mutex_timedlock, ...) are declared only after a feature macro; a file without
 * one that met an undeclared name is told so, as a last line of the output.
 */
static void
feature_macro_hint(const char *workdir, const char *file, size_t said,
    struct compile_result *res)
{
	static const char *const macros[] = { "_GNU_SOURCE", "_POSIX_C_SOURCE",
	    "_XOPEN_SOURCE", "_DEFAULT_SOURCE", "_BSD_SOURCE" };
	char	*path, *text, *cause = NULL, *t;
	size_t	 len;

	if (res->output == NULL || strlen(res->output) <= said ||
	    (strstr(res->output + said, "undeclared") == NULL &&
	    strstr(res->output + said, "implicit declaration of function") == NULL))
		return;
	xasprintf(&path, "%s/%s", workdir, file);
	text = read_file_max(path, SOURCE_MAX, &len, &cause);
	free(path);
	free(cause);
	if (text == NULL)
		return;
	for (size_t i = 0; i < nitems(macros); i++)
		if (memmem(text, len, macros[i], strlen(macros[i])) != NULL) {
			free(text);
			return;
		}
	free(text);
	/* TRANSLATORS: %s is the student's file */
	xasprintf(&t, _("%sproclab: %s names no feature macro, and the grader compiles with "
	    "-std=c11, which declares only the C library: POSIX names such as MAP_ANONYMOUS, "
	    "CLOCK_MONOTONIC or pthread_mutex_timedlock need #define _GNU_SOURCE as the first "
	    "line of the file, before any #include (the stub starts with it)\n"), res->output,
	    file);
	free(res->output);
	res->output = t;
}

/* The student's files to objects (FILE.o), each screened before anything is linked (a
 * refusal is the student's compile error), then the program: objects, harness, runtime.
 * Sanitized, the objects screened are still plain ones (ASan's module constructors would
 * be refused) and instrumented copies (FILE.san.o) are linked. */
static void
build_program(const struct exercise *ex, const char *workdir, const struct grade_options *opt,
    struct compile_result *res)
{
	const char	**args = xcalloc(ex->nfiles + 4, sizeof *args);
	char		**obj = xcalloc(ex->nfiles + 1, sizeof *obj), *path, *why = NULL;
	char		**san = xcalloc(ex->nfiles + 1, sizeof *san);
	size_t		 i;

	for (i = 0; i < ex->nfiles; i++) {
		size_t said = res->output != NULL ? strlen(res->output) : 0;
		bool ok;

		xasprintf(&obj[i], "%s.o", ex->files[i]);
		ok = compiler_step((const char *[]){ "-c", "-o", obj[i], ex->files[i] }, 4,
		    LINK_NONE, false, workdir, opt, res);
		feature_macro_hint(workdir, ex->files[i], said, res);
		if (!ok)
			goto out;
	}
	for (i = 0; i < ex->nfiles; i++) {
		xasprintf(&path, "%s/%s", workdir, obj[i]);
		if (screen_object(path, ex->files[i], ex, &why) == -1) {
			struct compile_result refused = { .output = NULL };

			xasprintf(&refused.output, "%s\n", why);
			free(why);
			free(path);
			merge_step(res, &refused);
			goto out;
		}
		free(path);
	}
	for (i = 0; opt->sanitize && i < ex->nfiles; i++) {
		size_t said = res->output != NULL ? strlen(res->output) : 0;

		xasprintf(&san[i], "%s.san.o", ex->files[i]);
		if (!compiler_step((const char *[]){ "-c", "-o", san[i], ex->files[i] }, 4,
		    LINK_NONE, true, workdir, opt, res))
			goto out;
		if (res->output != NULL)
			res->output[said] = '\0';      /* the plain build's warnings again */
	}
	/* the one file compiled here is the harness: the lab's, held to the judge's rule */
	args[0] = "-Werror=implicit-function-declaration";
	args[1] = "-o";
	args[2] = COMPILED_PROGRAM;
	for (i = 0; i < ex->nfiles; i++)
		args[3 + i] = opt->sanitize ? san[i] : obj[i];
	args[3 + ex->nfiles] = ex->harness;
	compiler_step(args, ex->nfiles + 4, LINK_TEST_PROGRAM, opt->sanitize, workdir, opt, res);
out:
	argv_free(obj);
	argv_free(san);
	free(args);
}

/* The lab's FILES (DIRS[i]/FILES[i]) copied into WORKDIR; -1 with *CAUSE. */
static int
copy_lab_files(const char *const *dirs, const char *const *files, size_t n,
    const char *workdir, char **cause)
{
	char	*p;
	int	 rc = 0;

	for (size_t k = 0; k < n && rc == 0; k++) {
		xasprintf(&p, "%s/%s", dirs[k], files[k]);
		rc = copy_into(p, workdir, files[k], LAB_FILE_MAX, cause);
		free(p);
	}
	return rc;
}

void
compile_exercise(const struct manifest *mf, const struct exercise *ex, char *const *src,
    const struct grade_options *opt, const char *workdir, struct compile_result *res)
{
	char		*exdir, *why = NULL, *p;
	struct stat	 st;
	int		 rc;

	memset(res, 0, sizeof *res);
	xasprintf(&p, "%s/libproclab.a", opt->runtime_lib);
	if (stat(p, &st) == -1) {
		res->internal = true;
		xasprintf(&res->output, _("the exercise runtime %s is missing: %s"), p,
		    strerror(errno));
		free(p);
		return;
	}
	free(p);
	/* The lab's own files: a problem with them is ours, not the student's. */
	xasprintf(&exdir, "%s/%s", mf->dir, ex->dir);
	rc = copy_lab_files((const char *[]){ exdir, exdir, opt->runtime_include,
	    opt->runtime_include, opt->runtime_lib }, (const char *[]){ ex->header, ex->harness,
	    "lab.h", "labtest.h", "libproclab.a" }, 5, workdir, &why);
	free(exdir);
	if (rc == -1) {
		res->internal = true;
		res->output = why;
		return;
	}
	for (size_t i = 0; i < ex->nfiles; i++) {
		if (copy_into(src[i], workdir, ex->files[i], SOURCE_MAX, &why) == -1) {
			res->output = why;     /* the student's file: their problem */
			return;
		}
	}
	build_program(ex, workdir, opt, res);
}

/*
 * The binutils program ARGS[0] (addr2line) run on what the compiler made in WORKDIR, in
 * the sandbox as the compiler is: the student's program and its debugging information
 * are theirs to shape, so they are never parsed by the grader itself. Its standard
 * output in *OUT (NUL-terminated); -1 when it is missing or did not exit 0.
 */
int
compile_tool(const char *const *args, size_t nargs, const char *workdir,
    const struct grade_options *opt, char **out)
{
	struct sandbox_result	 sr;
	char			**av;
	int			 err, rc = -1;

	*out = NULL;
	av = xcalloc(nargs + 1, sizeof *av);
	if ((av[0] = find_program(args[0], &err)) == NULL) {
		free(av);
		return -1;
	}
	for (size_t i = 1; i < nargs; i++)
		av[i] = xstrdup(args[i]);
	if (sandbox_tool(av, workdir, opt->hide, &sr) == 0 && sr.outcome == SANDBOX_EXITED &&
	    sr.exit_status == 0) {
		*out = xmalloc(sr.out_len + 1);
		memcpy(*out, sr.out, sr.out_len);
		(*out)[sr.out_len] = '\0';
		rc = 0;
	}
	sandbox_result_free(&sr);
	argv_free(av);
	return rc;
}

int
compile_judge(const struct manifest *mf, const struct exercise *ex,
    const struct grade_options *opt, const char *workdir, char **cause)
{
	struct compile_result	 res;
	char			*exdir;
	int			 rc;

	memset(&res, 0, sizeof res);
	xasprintf(&exdir, "%s/%s", mf->dir, ex->dir);
	rc = copy_lab_files((const char *[]){ exdir, exdir, opt->runtime_include,
	    opt->runtime_include, opt->runtime_include, opt->runtime_lib },
	    (const char *[]){ ex->judge, ex->header, "judge.h", "labtest.h", "lab.h",
	    "libjudge.a" }, 6, workdir, cause);
	free(exdir);
	if (rc == -1)
		return -1;
	/* a call of an undeclared function is an error in the lab's own code: a judge that
	 * called ngettext undeclared crashed on its pointer cut to an int */
	if (!compiler_step((const char *[]){ "-O1", "-Werror=implicit-function-declaration",
	    "-o", "judge", ex->judge }, 5, LINK_JUDGE, false, workdir, opt, &res)) {
		cause_set(cause, _("the judge of %s did not compile: %s"), ex->dir,
		    res.output != NULL ? res.output : "");
		rc = -1;
	}
	compile_result_free(&res);
	return rc;
}

int
compile_sanitize_probe(const struct grade_options *opt, char **cause)
{
	static const char probe[] = "int main(void) { return 0; }\n";
	struct compile_result	 res;
	char			*work, *p, *first;
	int			 fd, rc = -1;

	memset(&res, 0, sizeof res);
	if ((work = make_temp_dir("build")) == NULL) {
		cause_errno(cause, "mkdtemp");
		return -1;
	}
	xasprintf(&p, "%s/probe.c", work);
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd == -1 || write_all(fd, probe, sizeof probe - 1) == -1) {
		cause_errno(cause, p);
		goto out;
	}
	if (compiler_step((const char *[]){ "-o", "probe", "probe.c" }, 3, LINK_NONE, true,
	    work, opt, &res)) {
		rc = 0;
		goto out;
	}
	/* the compiler's first line says what is missing ("cannot find -lasan") */
	first = res.output != NULL ? res.output : xstrdup("");
	first[strcspn(first, "\n")] = '\0';
	cause_set(cause, _("--sanitize: the compiler cannot build with AddressSanitizer and "
	    "UndefinedBehaviorSanitizer (%s). Install their runtimes: with gcc on Debian or "
	    "Ubuntu, apt-get install libasan8 libubsan1 (gcc's libgcc-N-dev brings them); "
	    "with clang, its compiler-rt"), first);
	res.output = first;
out:
	if (fd != -1)
		close(fd);
	free(p);
	compile_result_free(&res);
	remove_tree(work);
	free(work);
	return rc;
}

void
compile_result_free(struct compile_result *res)
{
	free(res->output);
	memset(res, 0, sizeof *res);
}
