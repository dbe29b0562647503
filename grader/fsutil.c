/* SPDX-License-Identifier: MIT */
/*
 * fsutil.c: the file-system helpers of the grader and the command: temp folders that a
 * Ctrl-C does not leave behind, rm -rf and mkdir -p, a safe copy and an atomic write.
 */
#include "base.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * Temp folders made by make_temp_dir are registered until remove_tree removes them, so that
 * SIGINT, SIGTERM or SIGHUP (a student's Ctrl-C) does not leave them behind: the handler
 * removes them with async-signal-safe calls only, then dies of the same signal.
 */
#define MAX_TEMPS	8
static char			temps[MAX_TEMPS][PATH_MAX];
static volatile sig_atomic_t	ntemps;

struct dirent64_ {
	uint64_t	d_ino;
	int64_t		d_off;
	unsigned short	d_reclen;
	unsigned char	d_type;
	char		d_name[];
};

/*
 * rm -rf NAME (relative to DFD) with system calls only, so that the signal handler may use
 * it too; never follows a symlink. 0 when NAME is gone. Relative opens keep it free of
 * PATH_MAX; MAX_DEPTH bounds the stack (2 KiB a level) against a student's deep folders.
 */
#define MAX_DEPTH	256
static int
rm_rf_at(int dfd, const char *name, int depth)
{
	char	buf[2048];
	long	n;
	int	fd, pass;

	if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (depth > MAX_DEPTH)
		return -1;
	for (pass = 0; pass < 4; pass++) {
		fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd == -1)
			return errno == ENOENT ? 0 : -1;
		while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
			for (long off = 0; off < n; ) {
				struct dirent64_ *d = (struct dirent64_ *)(buf + off);

				off += d->d_reclen;
				if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
					rm_rf_at(fd, d->d_name, depth + 1);
			}
		}
		close(fd);
		if (unlinkat(dfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT)
			return 0;
	}
	return -1;
}

static void
on_signal(int sig)
{
	int	saved = errno;

	for (int i = 0; i < ntemps; i++)
		if (temps[i][0] != '\0')
			rm_rf_at(AT_FDCWD, temps[i], 0);
	errno = saved;
	signal(sig, SIG_DFL);
	raise(sig);
}

int
temp_cleanup_on_signals(char **cause)
{
	static const int	sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction	sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < nitems(sigs); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (size_t i = 0; i < nitems(sigs); i++) {
		struct sigaction old;

		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;       /* e.g. nohup: keep ignoring */
		if (sigaction(sigs[i], &sa, NULL) == -1) {
			cause_errno(cause, "sigaction");
			return -1;
		}
	}
	return 0;
}

static void
temp_register(const char *path)
{
	sigset_t	all, old;

	if (strlen(path) >= PATH_MAX)
		return;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	for (int i = 0; i < ntemps; i++)
		if (temps[i][0] == '\0') {
			strcpy(temps[i], path);
			goto out;
		}
	if (ntemps < MAX_TEMPS) {
		strcpy(temps[ntemps], path);
		ntemps++;
	}
out:
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void
temp_unregister(const char *path)
{
	sigset_t	all, old;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	for (int i = 0; i < ntemps; i++)
		if (strcmp(temps[i], path) == 0)
			temps[i][0] = '\0';
	sigprocmask(SIG_SETMASK, &old, NULL);
}

int
remove_tree(const char *path)
{
	int	rc = rm_rf_at(AT_FDCWD, path, 0);

	if (rc == 0)
		temp_unregister(path);
	return rc;
}

char *
make_temp_dir(const char *what)
{
	const char	*tmp = getenv("TMPDIR");
	char		*p;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	xasprintf(&p, "%s/proclab-%s.XXXXXX", tmp, what);
	if (mkdtemp(p) == NULL) {
		free(p);
		return NULL;
	}
	temp_register(p);
	return p;
}

/* Async-signal-safe (no allocation): PATH is cut and restored in place. */
int
mkdir_p_inplace(char *path, mode_t mode)
{
	for (char *p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, mode) == -1 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(path, mode) == -1 && errno != EEXIST ? -1 : 0;
}

int
mkdir_p(const char *path, mode_t mode, char **cause)
{
	char	*p = xstrdup(path);
	int	 rc;

	if ((rc = mkdir_p_inplace(p, mode)) == -1)
		cause_errno(cause, "mkdir %s", p);
	free(p);
	return rc;
}

static int
copy_fd(int in, const char *src, int out, const char *dst, char **cause)
{
	char	buf[65536];
	ssize_t	n;

	while ((n = read(in, buf, sizeof buf)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			cause_errno(cause, "%s: read", src);
			return -1;
		}
		if (write_all(out, buf, (size_t)n) == -1) {
			cause_errno(cause, "%s: write", dst);
			return -1;
		}
	}
	return 0;
}

/* The messages about the file itself name it as the student knows it: DST's base name. */
int
copy_file(const char *src, const char *dst, off_t max, bool exclusive, char **cause)
{
	const char	*name = strrchr(dst, '/') != NULL ? strrchr(dst, '/') + 1 : dst;
	struct stat	 st;
	int		 in, out = -1, rc = -1;

	in = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (in == -1) {
		cause_errno(cause, "%s: open", name);
		return -1;
	}
	if (fstat(in, &st) == -1) {
		cause_errno(cause, "%s: fstat", name);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		cause_set(cause, _("%s is not a regular file"), name);
		goto out;
	}
	if (st.st_size > max) {
		cause_set(cause, _("%s is too large (%lld bytes; at most %d)"), name,
		    (long long)st.st_size, (int)max);
		goto out;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW |
	    (exclusive ? O_EXCL : O_TRUNC), 0644);
	if (out == -1) {
		cause_errno(cause, "%s: open", dst);
		goto out;
	}
	/* 0644 whatever the umask: the sandbox's uid reads it (a grader run with umask 077,
	 * as a platform's script may be, failed every exercise with "Permission denied") */
	if (fchmod(out, 0644) == -1) {
		cause_errno(cause, "%s: fchmod", dst);
		close(out);
		goto out;
	}
	rc = copy_fd(in, src, out, dst, cause);
	if (close(out) == -1 && rc == 0) {
		cause_errno(cause, "%s: close", dst);
		rc = -1;
	}
out:
	close(in);
	return rc;
}

int
write_all(int fd, const void *data, size_t len)
{
	for (size_t off = 0; off < len; ) {
		ssize_t w = write(fd, (const char *)data + off, len - off);

		if (w == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		off += (size_t)w;
	}
	return 0;
}

int
write_file(const char *path, int oflags, const char *data, size_t len, char **cause)
{
	int	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | oflags, 0644);

	if (fd == -1 || write_all(fd, data, len) == -1) {
		cause_errno(cause, "%s", path);
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (close(fd) == -1) {
		cause_errno(cause, "%s", path);
		return -1;
	}
	return 0;
}

int
write_file_atomic(const char *path, const char *data, size_t len)
{
	char	*copy = xstrdup(path), *dir, *base, *tmp;
	int	 fd, dfd, saved;

	dir = dirname(copy);
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : (char *)path;
	xasprintf(&tmp, "%s/.%s.tmp.XXXXXX", dir, base);
	fd = mkstemp(tmp);
	if (fd == -1)
		goto fail;
	if (fchmod(fd, 0644) == -1 || write_all(fd, data, len) == -1)
		goto fail_fd;
	if (fsync(fd) == -1)
		goto fail_fd;
	if (close(fd) == -1) {
		fd = -1;
		goto fail_unlink;
	}
	if (rename(tmp, path) == -1)
		goto fail_unlink;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd != -1) {
		(void)fsync(dfd);       /* best effort: the rename is already visible */
		close(dfd);
	}
	free(tmp);
	free(copy);
	return 0;
fail_fd:
	saved = errno;
	close(fd);
	errno = saved;
fail_unlink:
	saved = errno;
	unlink(tmp);
	errno = saved;
fail:
	saved = errno;
	free(tmp);
	free(copy);
	errno = saved;
	return -1;
}

void
remove_stale_temps(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] == '.' && strstr(e->d_name, ".tmp.") != NULL)
			(void)unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
}

char *
read_file_max(const char *path, size_t max, size_t *len, char **cause)
{
	struct stat	 st;
	char		*buf = NULL;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)) == -1) {
		cause_errno(cause, "%s", path);
		return NULL;
	}
	if (fstat(fd, &st) == -1) {
		cause_errno(cause, "%s: fstat", path);
		goto fail;
	}
	if (!S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
		cause_set(cause, _("%s: not a regular file of at most %zu bytes"), path, max);
		goto fail;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (off < (size_t)st.st_size) {
		if ((n = read(fd, buf + off, (size_t)st.st_size - off)) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			cause_errno(cause, "%s: read", path);
			goto fail;
		}
		off += (size_t)n;
	}
	close(fd);
	buf[off] = '\0';
	*len = off;
	return buf;
fail:
	close(fd);
	free(buf);
	return NULL;
}
