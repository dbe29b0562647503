/* SPDX-License-Identifier: MIT */
/*
 * watch-files.c: noticing that the student saved a file.
 *
 * inotify(7) watches the working copy, its exercises/ folder, each exercise's folder (DIR and
 * exercises/DIR) and the folder where each file was last found. An event there starts a short
 * wait (DEBOUNCE_MS after the last event, DEBOUNCE_MAX_MS at the most), so that an editor's
 * burst of writes, renames and chmods counts once; then every exercise's files are looked at
 * (stat: size, mtime, inode), and the model is told of each exercise's files and their
 * fingerprint. A folder made later (an exercise begun) is watched from the next look on.
 *
 * Where inotify cannot be had (inotify_init1 or inotify_add_watch fails: no more watches,
 * a file system that does not support it) or cannot be trusted (the working copy on a
 * 9p or FUSE file system, such as WSL's /mnt/c, where a watch is accepted but no event
 * comes from a Windows editor's save), the files are looked at once a second. With
 * --manual-run they are looked at only when the student asks ('r').
 *
 * Each look also reads the state file again: a check run in another terminal shows here.
 */
#include "watch.h"

#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define DEBOUNCE_MS	200
#define DEBOUNCE_MAX_MS	1000
#define POLL_MS		1000
#define V9FS_MAGIC	0x01021997      /* WSL 2's /mnt/c (drvfs over 9p) */
#define FUSE_MAGIC	0x65735546
#define WATCH_MASK	(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | \
			 IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)

long long
monotonic_ms(void)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

void
files_close(struct wfiles *f)
{
	if (f->fd != -1)
		close(f->fd);
	f->fd = -1;
}

/* From now on, the files are looked at once a second. */
static void
fall_back(struct wfiles *f)
{
	files_close(f);
	f->polling = true;
	f->due = monotonic_ms() + POLL_MS;
}

/* Watches PATH when it is a folder; false when inotify failed for another reason. */
static bool
watch_dir(struct wfiles *f, const char *path)
{
	if (inotify_add_watch(f->fd, path, WATCH_MASK | IN_ONLYDIR) != -1)
		return true;
	return errno == ENOENT || errno == ENOTDIR;
}

static bool
watch_joined(struct wfiles *f, const char *wd, const char *sub, const char *dir)
{
	char	*p;
	bool	 ok;

	xasprintf(&p, "%s%s%s", wd, sub, dir);
	ok = watch_dir(f, p);
	free(p);
	return ok;
}

/* The folders of one exercise: DIR, exercises/DIR, and where each file was found. */
static bool
watch_exercise(struct wfiles *f, const struct watch *w, const struct wex *x)
{
	char	*p;
	bool	 ok;

	if (!watch_joined(f, w->wd, "/", x->ex->dir) ||
	    !watch_joined(f, w->wd, "/exercises/", x->ex->dir))
		return false;
	for (size_t j = 0; j < x->ex->nfiles; j++) {
		if (x->paths[j] == NULL)
			continue;
		p = xstrdup(x->paths[j]);
		ok = watch_dir(f, dirname(p));
		free(p);
		if (!ok)
			return false;
	}
	return true;
}

/* (Again) watches every folder where a file can appear; adding a watch twice is harmless. */
static void
watch_all(struct wfiles *f, const struct watch *w)
{
	bool	ok;

	if (f->fd == -1)
		return;
	ok = watch_dir(f, w->wd) && watch_joined(f, w->wd, "/", "exercises");
	for (size_t i = 0; ok && i < w->n; i++)
		ok = watch_exercise(f, w, &w->ex[i]);
	if (!ok)
		fall_back(f);
}

/* A file system whose changes inotify does not hear of (they come from elsewhere). */
static bool
events_unreliable(const char *path)
{
	struct statfs	sf;

	if (statfs(path, &sf) == -1)
		return false;
	return sf.f_type == V9FS_MAGIC || sf.f_type == FUSE_MAGIC;
}

void
files_open(struct wfiles *f, const struct watch *w, bool manual)
{
	f->first = f->due = -1;
	f->manual = manual;
	f->fd = -1;
	if (manual)
		return;
	if (events_unreliable(w->wd)) {
		fall_back(f);
		return;
	}
	f->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (f->fd == -1)
		fall_back(f);
	watch_all(f, w);
}

int
files_pollfd(const struct wfiles *f, struct pollfd *pfd)
{
	if (f->fd == -1)
		return 0;
	*pfd = (struct pollfd){ .fd = f->fd, .events = POLLIN };
	return 1;
}

void
files_events(struct wfiles *f, long long now)
{
	char	 buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t	 n = 0;
	bool	 any = false;

	while (f->fd != -1) {
		n = read(f->fd, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		any = true;     /* which file it was does not matter: the look tells */
	}
	if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK)
		fall_back(f);
	if (!any || f->fd == -1)
		return;
	if (f->due == -1)
		f->first = now;
	f->due = now + DEBOUNCE_MS;
	if (f->due > f->first + DEBOUNCE_MAX_MS)
		f->due = f->first + DEBOUNCE_MAX_MS;
}

int
files_timeout(const struct wfiles *f, long long now)
{
	if (f->due == -1)
		return -1;
	return f->due > now ? (int)(f->due - now) : 0;
}

/* A fingerprint of EX's files: size, mtime, inode of each, found again where OLD (where they
 * were last seen) no longer holds them; PATHS gets where each is now. */
static unsigned long long
files_stamp(const char *wd, const struct exercise *ex, char *const *old, char **paths)
{
	unsigned long long	 h = 1469598103934665603ull;
	struct stat		 st;
	char			*why;

	for (size_t i = 0; i < ex->nfiles; i++) {
		if (old[i] != NULL && stat(old[i], &st) == 0) {
			paths[i] = xstrdup(old[i]);
		} else {
			paths[i] = submission_find(wd, ex, ex->files[i], &why);
			free(why);
			if (paths[i] == NULL || stat(paths[i], &st) == -1) {
				h = (h ^ 0x9e37u) * 1099511628211ull;
				continue;
			}
		}
		h = (h ^ (unsigned long long)st.st_size) * 1099511628211ull;
		h = (h ^ (unsigned long long)st.st_mtim.tv_sec) * 1099511628211ull;
		h = (h ^ (unsigned long long)st.st_mtim.tv_nsec) * 1099511628211ull;
		h = (h ^ (unsigned long long)st.st_ino) * 1099511628211ull;
	}
	return h;
}

void
files_look(struct wfiles *f, struct watch *w, long long now, bool force)
{
	unsigned long long	 stamp;
	uint64_t		 hash;
	char			**paths;

	if (!force && (f->due == -1 || now < f->due))
		return;
	for (size_t i = 0; i < w->n; i++) {
		const struct wex	*x = &w->ex[i];

		paths = xcalloc(x->ex->nfiles + 1, sizeof(char *));
		stamp = files_stamp(w->wd, x->ex, x->paths, paths);
		/* the contents are read only when the files changed */
		hash = x->looked && stamp == x->stamp ? x->hash :
		    progress_hash(paths, x->ex->nfiles);
		model_files_seen(w, i, paths, stamp, hash);
	}
	state_load(w);
	if (f->manual) {
		f->due = -1;
		return;
	}
	if (f->fd == -1) {
		f->due = now + POLL_MS;
		return;
	}
	f->first = f->due = -1;
	watch_all(f, w);
}
