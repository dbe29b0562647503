/* SPDX-License-Identifier: MIT */
/*
 * 16-letter-frequency: notebook 003, cells In[53] and In[55].
 *
 * The notebook counts the 26 letters of RFC 1000 to RFC 1019 into one
 * dictionary: first sequentially, then with one Thread per RFC, all of them
 * doing frequency_table[letter] += 1 on the same dictionary with no lock. The
 * threaded table came out lower ("e": 138429 instead of 140093): updates were
 * lost, because += is a read followed by a write and another thread can write
 * in between.
 *
 * This lesson counts the same letters six ways and compares each with the
 * sequential count:
 *
 *   sequential                      one loop, one table
 *   threads, shared table, no lock  the notebook's race, made certain: between
 *                                   its read and its write a thread now and then
 *                                   thinks (--think-ms), so others write meanwhile
 *   threads, shared table, mutex    the same read/think/write inside
 *                                   pthread_mutex_lock/unlock
 *   threads, private tables         each thread counts into its own table; the
 *                                   main thread adds them up after pthread_join
 *   processes, pipe                 fork()ed children each send their table
 *                                   through one pipe(); the parent adds them up
 *   processes, shared mmap          children add into one table in
 *                                   mmap(MAP_SHARED | MAP_ANONYMOUS) memory with
 *                                   atomic adds (atomic_fetch_add)
 *
 * Sources are files, folders or http(s) URLs. With none, the 20 RFCs are
 * downloaded once with libcurl into $XDG_CACHE_HOME/proclab/rfc (or
 * ~/.cache/proclab/rfc) and read from there afterwards; offline, it counts the
 * licence texts in /usr/share/common-licenses instead.
 *
 * Why the notebook's sequential table is not a plain count: it counted
 * str(response.read()), the repr of the bytes: b'...\n...\x0c...'. Every
 * newline became the two characters \ and n, every form feed \x0c, and each
 * text gained a leading b. --repr counts that same string and gives the
 * notebook's numbers exactly.
 *
 * The last part is In[55]'s other shared variable, finished_count: each of 20
 * threads prints "counting letters N...", counts, and does finished_count += 1
 * with no lock, while the main thread prints "finished_count K" every 0.5 s
 * until it reaches 20. The explanation says whether an increment was lost on
 * the run just seen.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_LIBCURL
#include <curl/curl.h>
#endif

#include "lesson-i18n.h"

static const char *prog = "16-letter-frequency";

/* Python: for letter in 'abcdefghijklmnopqrstuvxzwy': frequency_table[letter] = 0
 * (the notebook's order: x z w y at the end) */
static const char LETTERS[] = "abcdefghijklmnopqrstuvxzwy";
#define NLETTERS 26

#define FIRST_RFC 1000
#define NRFCS 20
#define DEFAULT_BASE_URL "https://www.rfc-editor.org/rfc/"
#define FALLBACK_DIR "/usr/share/common-licenses"

#define MIN_WORKERS 4           /* split sources so that at least this many race */
#define MAX_WORKERS 32
#define THINKS_PER_WORKER 16    /* how often a racing worker thinks */

struct table {
	long	n[NLETTERS];
};

/* One text to count: a file, a download, or its Python repr. */
struct source {
	char		*name;
	unsigned char	*text;
	size_t		 len;
};

struct corpus {
	struct source	*v;
	size_t		 n, cap;
	enum {
		FROM_GIVEN,                     /* the sources on the command line */
		FROM_DOWNLOAD,                  /* the 20 RFCs, all downloaded now */
		FROM_PART_DOWNLOAD,             /* some downloaded now, some cached */
		FROM_CACHE,                     /* all from the cache */
		FROM_FALLBACK,                  /* offline: FALLBACK_DIR */
	}		 origin;                /* said once: where the texts came from */
	char		 dir[PATH_MAX];         /* the cache, or FALLBACK_DIR */
};

/* A slice of a source; worker k counts pieces k, k + nworkers, ... */
struct piece {
	const unsigned char *p;
	size_t		 len;
};

struct plan {
	struct piece	*pieces;
	size_t		 npieces;
	size_t		 nworkers;
	long		 think_every;   /* letters between two thinks of a racing worker */
	int		 think_ms;      /* 0: sched_yield() */
};

/* letter_slot[byte]: index into LETTERS (upper and lower case), or -1. */
static signed char letter_slot[256];

static void
usage(FILE *fp)
{
	fprintf(fp, _(
	    "Usage: %s [--repr] [--tables] [--trials N] [--think-ms MS] [--widen] [--quick]\n"
	    "       [SOURCE...]\n"
	    "Notebook 003: count the letters of the RFCs 1000..1019 sequentially, with racing\n"
	    "threads (lost updates), and with four correct fixes; compare times and tables.\n"
	    "Then In[55]'s finished_count += 1 in 20 threads without a lock, and whether an\n"
	    "increment was lost on this run (with --widen, also with its window widened).\n"
	    "\n"
	    "  SOURCE        a file, a folder (its files, recursively) or an http(s):// URL;\n"
	    "                without one: RFC 1000..1019 from the cache, downloaded once from\n"
	    "                $PROCLAB_RFC_BASE_URL (default %s)\n"
	    "                into $XDG_CACHE_HOME/proclab/rfc (default ~/.cache/proclab/rfc);\n"
	    "                offline: the texts in %s\n"
	    "  --repr        count str(bytes) as the notebook did (b'...' with \\n and \\xNN\n"
	    "                escapes): reproduces the notebook's table for the 20 RFCs\n"
	    "  --tables      print the table of every variant, not only the first two\n"
	    "  --trials N    run the two shared-table thread variants N times and summarise\n"
	    "                (1..10000; default 3, 1 with --quick)\n"
	    "  --think-ms MS now and then a racing thread waits MS ms between its read and its\n"
	    "                write, as time.sleep would (0..1000; default 1; 0: sched_yield)\n"
	    "  --widen       run In[55]'s finished_count twice: as the notebook has it, then\n"
	    "                with each thread reading finished_count before its download and\n"
	    "                writing it back after (all read first: increments are lost)\n"
	    "  --quick       one trial; never downloads (uses the cache or the fallback)\n"
	    "  --help        show this help and exit\n"
	    "\n"
	    "Exit status: 0 the demo ran (the race is the lesson), 1 a source could not be read\n"
	    "or a system call failed, 2 bad usage.\n"), prog, DEFAULT_BASE_URL, FALLBACK_DIR);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\nTry '%s --help'.\n"), prog);
	exit(2);
}

static void __attribute__((noreturn))
bad_option(int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		bad_usage(_("option '%s' needs a value"), arg);
	if (optopt != 0 && strncmp(arg, "--", 2) == 0)
		bad_usage(_("option '%.*s' takes no value"), (int)strcspn(arg, "="), arg);
	if (optopt != 0)
		bad_usage(_("unknown option '-%c'"), optopt);
	bad_usage(_("unknown or ambiguous option '%s'"), arg);
}

static long
parse_number(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0 || v < min || v > max)
		bad_usage(_("%s: '%s' is not a whole number from %ld to %ld"), opt, s, min, max);
	return v;
}

/* "NN-name: call: strerror", for a failed system call. */
static void
syserr(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
}

static void
syserr_path(const char *call, const char *path)
{
	fprintf(stderr, "%s: %s %s: %s\n", prog, call, path, strerror(errno));
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);    /* cannot fail with this clock */
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------ the sources */

static int
corpus_add(struct corpus *c, const char *name, unsigned char *text, size_t len)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 32;
		struct source *v = realloc(c->v, cap * sizeof *v);

		if (v == NULL) {
			syserr("realloc");
			return -1;
		}
		c->v = v;
		c->cap = cap;
	}
	if ((c->v[c->n].name = strdup(name)) == NULL) {
		syserr("strdup");
		return -1;
	}
	c->v[c->n].text = text;
	c->v[c->n].len = len;
	c->n++;
	return 0;
}

static void
corpus_free(struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].name);
		free(c->v[i].text);
	}
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
}

/* Read a whole file into memory (+1 byte so an empty file is not a NULL). */
static int
read_file(const char *path, unsigned char **textp, size_t *lenp)
{
	unsigned char *buf = NULL, *nbuf;
	size_t len = 0, cap = 0;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		syserr_path("open", path);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? 2 * cap : 65536;
			if ((nbuf = realloc(buf, cap + 1)) == NULL) {
				syserr("realloc");
				goto out_fail;
			}
			buf = nbuf;
		}
		n = read(fd, buf + len, cap - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			syserr_path("read", path);
			goto out_fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (close(fd) == -1) {
		syserr_path("close", path);
		free(buf);
		return -1;
	}
	*textp = buf;
	*lenp = len;
	return 0;

out_fail:
	free(buf);
	close(fd);
	return -1;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder: its regular files (symbolic links followed), sorted, recursively. */
static int
add_folder(struct corpus *c, const char *dir, int depth)
{
	char **names = NULL, **nnames;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int rc = -1;
	DIR *d;

	if (depth > 16) {
		fprintf(stderr, _("%s: %s: folders nested too deep\n"), prog, dir);
		return -1;
	}
	if ((d = opendir(dir)) == NULL) {
		syserr_path("opendir", dir);
		return -1;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0) {
				syserr_path("readdir", dir);
				goto out;
			}
			break;
		}
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			if ((nnames = realloc(names, cap * sizeof *names)) == NULL) {
				syserr("realloc");
				goto out;
			}
			names = nnames;
		}
		if ((names[n] = strdup(de->d_name)) == NULL) {
			syserr("strdup");
			goto out;
		}
		n++;
	}
	if (n > 0)
		qsort(names, n, sizeof *names, compare_names);
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX];
		unsigned char *text;
		struct stat st;
		size_t len;

		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= sizeof path) {
			fprintf(stderr, _("%s: %s/%s: path too long\n"), prog, dir, names[i]);
			goto out;
		}
		if (stat(path, &st) == -1) {
			syserr_path("stat", path);
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			if (add_folder(c, path, depth + 1) == -1)
				goto out;
		} else if (S_ISREG(st.st_mode)) {
			if (read_file(path, &text, &len) == -1)
				goto out;
			if (corpus_add(c, path, text, len) == -1) {
				free(text);
				goto out;
			}
		}
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (closedir(d) == -1 && rc == 0) {
		syserr_path("closedir", dir);
		rc = -1;
	}
	return rc;
}

static bool
is_url(const char *s)
{
	return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0;
}

#ifdef HAVE_LIBCURL
struct buffer {
	unsigned char	*p;
	size_t		 len, cap;
	bool		 nomem;
};

static size_t
on_data(char *data, size_t size, size_t nmemb, void *arg)
{
	struct buffer *b = arg;
	size_t n = size * nmemb;

	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		unsigned char *p;

		while (b->len + n + 1 > cap)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL) {
			b->nomem = true;
			return 0;               /* makes curl stop with an error */
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	return n;
}

/*
 * Python: response = urllib.request.urlopen(url); response.read()
 * Returns 0, or -1 with *why set (a curl error, an HTTP status).
 */
static int
download(const char *url, unsigned char **textp, size_t *lenp, char *why, size_t whysize)
{
	struct buffer b = { 0 };
	char errbuf[CURL_ERROR_SIZE] = "";
	CURLcode rc;
	long status = 0;
	CURL *h;

	if ((h = curl_easy_init()) == NULL) {
		snprintf(why, whysize, "%s", _("curl_easy_init failed"));
		return -1;
	}
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "proclab-lesson-16");
	rc = curl_easy_perform(h);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(h);
	if (b.nomem) {
		snprintf(why, whysize, "%s", _("out of memory"));
		goto out_fail;
	}
	if (rc != CURLE_OK) {
		snprintf(why, whysize, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
		goto out_fail;
	}
	if (status >= 400 || (status < 200 && status != 0)) {
		snprintf(why, whysize, _("HTTP status %ld"), status);
		goto out_fail;
	}
	if (b.p == NULL && (b.p = malloc(1)) == NULL) {
		snprintf(why, whysize, "%s", _("out of memory"));
		return -1;
	}
	*textp = b.p;
	*lenp = b.len;
	return 0;
out_fail:
	free(b.p);
	return -1;
}
#endif

static int
add_source(struct corpus *c, const char *arg)
{
	unsigned char *text;
	struct stat st;
	size_t len;

	if (is_url(arg)) {
#ifdef HAVE_LIBCURL
		char why[CURL_ERROR_SIZE + 64];

		if (download(arg, &text, &len, why, sizeof why) == -1) {
			fprintf(stderr, _("%s: cannot download %s: %s\n"), prog, arg, why);
			return -1;
		}
		if (corpus_add(c, arg, text, len) == -1) {
			free(text);
			return -1;
		}
		return 0;
#else
		fprintf(stderr, _("%s: cannot download %s: this build has no libcurl "
		    "(configure --with-libcurl)\n"), prog, arg);
		return -1;
#endif
	}
	if (stat(arg, &st) == -1) {
		syserr_path("stat", arg);
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return add_folder(c, arg, 0);
	if (read_file(arg, &text, &len) == -1)
		return -1;
	if (corpus_add(c, arg, text, len) == -1) {
		free(text);
		return -1;
	}
	return 0;
}

/* $XDG_CACHE_HOME/proclab/rfc, or ~/.cache/proclab/rfc; "" when neither is set. */
static void
cache_dir(char *buf, size_t size)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	buf[0] = '\0';
	if (xdg != NULL && xdg[0] == '/')
		snprintf(buf, size, "%s/proclab/rfc", xdg);
	else if (home != NULL && home[0] != '\0')
		snprintf(buf, size, "%s/.cache/proclab/rfc", home);
}

#ifdef HAVE_LIBCURL
/* mkdir -p */
static int
make_dirs(const char *path)
{
	char tmp[PATH_MAX];

	if ((size_t)snprintf(tmp, sizeof tmp, "%s", path) >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = tmp + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char save = *p;

			*p = '\0';
			if (mkdir(tmp, 0755) == -1 && errno != EEXIST)
				return -1;
			*p = save;
			if (save == '\0')
				break;
		}
	}
	return 0;
}

/* Write a download to the cache: a temporary file, then rename() it in place. */
static int
save_to_cache(const char *path, const unsigned char *text, size_t len)
{
	char tmp[PATH_MAX];
	size_t off = 0;
	ssize_t n;
	int fd;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid()) >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) == -1)
		return -1;
	while (off < len) {
		if ((n = write(fd, text + off, len - off)) == -1) {
			if (errno == EINTR)
				continue;
			goto out_fail;
		}
		off += (size_t)n;
	}
	if (close(fd) == -1) {
		fd = -1;
		goto out_fail;
	}
	if (rename(tmp, path) == -1) {
		fd = -1;
		goto out_fail;
	}
	return 0;
out_fail: {
		int e = errno;

		if (fd != -1)
			close(fd);
		unlink(tmp);
		errno = e;
		return -1;
	}
}
#endif

/*
 * Python: for i in range(1000, 1020):
 *             count_letters(f'http://www.rfc-editor.org/rfc/rfc{i}.txt', ...)
 * The RFCs come from the cache; the missing ones are downloaded once (not with
 * --quick). Returns 1 when all 20 are there, 0 when they are not (the corpus is
 * then empty and the reason was printed), -1 on a hard error.
 */
static int
add_rfcs(struct corpus *c, bool quick)
{
	char dir[PATH_MAX - 32], path[PATH_MAX];
	int missing = 0;
	bool have[NRFCS] = { false };

	cache_dir(dir, sizeof dir);
	for (int i = 0; i < NRFCS; i++) {
		snprintf(path, sizeof path, "%s/rfc%d.txt", dir, FIRST_RFC + i);
		have[i] = dir[0] != '\0' && access(path, R_OK) == 0;
		if (!have[i])
			missing++;
	}
#ifdef HAVE_LIBCURL
	const char *base = getenv("PROCLAB_RFC_BASE_URL");
	bool saved_all = true;

	if (base == NULL || base[0] == '\0')
		base = DEFAULT_BASE_URL;
	if (missing > 0 && quick) {
		if (dir[0] != '\0')
			printf(_("The RFCs are not in the cache %s and --quick does not download them\n"
			    "(run once without --quick).\n"), dir);
		else
			printf(_("The RFCs have no cache here (neither $XDG_CACHE_HOME nor $HOME is\n"
			    "set) and --quick does not download them.\n"));
		return 0;
	}
	if (missing > 0 && dir[0] != '\0' && make_dirs(dir) == -1) {
		printf(_("note: cannot create the cache %s (%s): downloading without keeping them\n"),
		    dir, strerror(errno));
		saved_all = false;
	}
	for (int i = 0; i < NRFCS; i++) {
		char url[1024], name[32], why[CURL_ERROR_SIZE + 64];
		unsigned char *text;
		size_t len;

		snprintf(name, sizeof name, "rfc%d.txt", FIRST_RFC + i);
		snprintf(path, sizeof path, "%s/%s", dir, name);
		if (have[i]) {
			if (read_file(path, &text, &len) == -1)
				return -1;
		} else {
			snprintf(url, sizeof url, "%s%s%s", base,
			    base[strlen(base) - 1] == '/' ? "" : "/", name);
			printf(_("downloading %s ...\n"), url);
			fflush(stdout);
			if (download(url, &text, &len, why, sizeof why) == -1) {
				printf(_("Cannot download %s: %s.\n"), url, why);
				corpus_free(c);
				return 0;
			}
			if (saved_all && dir[0] != '\0' && save_to_cache(path, text, len) == -1) {
				printf(_("note: cannot keep %s in the cache (%s)\n"), path,
				    strerror(errno));
				saved_all = false;
			}
		}
		if (corpus_add(c, name, text, len) == -1) {
			free(text);
			return -1;
		}
	}
	c->origin = missing == NRFCS ? FROM_DOWNLOAD : missing > 0 ? FROM_PART_DOWNLOAD : FROM_CACHE;
	snprintf(c->dir, sizeof c->dir, "%s", dir);
	return 1;
#else
	if (missing > 0) {
		if (dir[0] != '\0')
			printf(_("This build has no libcurl, so it cannot download the RFCs, and the "
			    "cache\n%s does not have all 20.\n"), dir);
		else
			printf(_("This build has no libcurl, so it cannot download the RFCs, and there\n"
			    "is no cache (neither $XDG_CACHE_HOME nor $HOME is set).\n"));
		return 0;
	}
	for (int i = 0; i < NRFCS; i++) {
		unsigned char *text;
		char name[32];
		size_t len;

		snprintf(name, sizeof name, "rfc%d.txt", FIRST_RFC + i);
		snprintf(path, sizeof path, "%s/%s", dir, name);
		if (read_file(path, &text, &len) == -1)
			return -1;
		if (corpus_add(c, name, text, len) == -1) {
			free(text);
			return -1;
		}
	}
	(void)quick;
	c->origin = FROM_CACHE;
	snprintf(c->dir, sizeof c->dir, "%s", dir);
	return 1;
#endif
}

/*
 * Python: content = str(response.read())
 * The repr of a bytes object, as CPython writes it: b'...' (b"..." when the
 * bytes hold ' but no "), the quote and \ escaped, \t \n \r, and \xNN for the
 * other bytes below 0x20 or from 0x7f up.
 */
static unsigned char *
python_bytes_repr(const unsigned char *p, size_t n, size_t *outlen)
{
	static const char hex[] = "0123456789abcdef";
	bool squote = memchr(p, '\'', n) != NULL, dquote = memchr(p, '"', n) != NULL;
	unsigned char quote = squote && !dquote ? '"' : '\'';
	unsigned char *out, *o;

	if (n > (SIZE_MAX - 4) / 4 || (out = malloc(4 * n + 4)) == NULL)
		return NULL;
	o = out;
	*o++ = 'b';
	*o++ = quote;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = p[i];

		if (ch == quote || ch == '\\') {
			*o++ = '\\';
			*o++ = ch;
		} else if (ch == '\t' || ch == '\n' || ch == '\r') {
			*o++ = '\\';
			*o++ = ch == '\t' ? 't' : ch == '\n' ? 'n' : 'r';
		} else if (ch < 0x20 || ch >= 0x7f) {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[ch >> 4];
			*o++ = hex[ch & 15];
		} else
			*o++ = ch;
	}
	*o++ = quote;
	*outlen = (size_t)(o - out);
	return out;
}

/* --------------------------------------------------------------- counting */

/* Python: for item in content: if item.lower() in frequency_table: ...[item.lower()] += 1 */
static void
count_into(struct table *t, const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		int s = letter_slot[p[i]];

		if (s >= 0)
			t->n[s]++;
	}
}

static long
table_total(const struct table *t)
{
	long sum = 0;

	for (int i = 0; i < NLETTERS; i++)
		sum += t->n[i];
	return sum;
}

static bool
table_equal(const struct table *a, const struct table *b)
{
	return memcmp(a->n, b->n, sizeof a->n) == 0;
}

/* Python: print(json.dumps(frequency_table, indent=4), end - start) */
static void
print_table(const struct table *t, double seconds)
{
	printf("{\n");
	for (int i = 0; i < NLETTERS; i++)
		printf("    \"%c\": %ld%s\n", LETTERS[i], t->n[i], i < NLETTERS - 1 ? "," : "");
	printf("} %.6f\n", seconds);
}

/* The notebook's time.sleep between a read and a write. */
static void
think(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	if (ms == 0)
		sched_yield();
	else
		while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
			;
}

/* 1. sequential */
static void
count_sequential(const struct corpus *c, struct table *t)
{
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < c->n; i++)
		count_into(t, c->v[i].text, c->v[i].len);
}

/* 2, 3. threads sharing one table, with and without a lock */
struct shared_job {
	const struct plan *plan;
	size_t		 k;
	_Atomic long	*table;         /* each load and store is whole; the pair is not */
	pthread_mutex_t	*lock;          /* NULL: the notebook's race */
};

static void *
count_shared(void *arg)
{
	const struct shared_job *job = arg;
	const struct plan *plan = job->plan;
	long since_think = 0;

	for (size_t i = job->k; i < plan->npieces; i += plan->nworkers) {
		const unsigned char *p = plan->pieces[i].p;

		for (size_t j = 0; j < plan->pieces[i].len; j++) {
			int s = letter_slot[p[j]];
			long v;

			if (s < 0)
				continue;
			if (job->lock != NULL)
				pthread_mutex_lock(job->lock);  /* with lock: */
			/* Python: frequency_table[item.lower()] += 1, i.e. a read ... */
			v = atomic_load_explicit(&job->table[s], memory_order_relaxed);
			if (++since_think == plan->think_every) {
				since_think = 0;
				think(plan->think_ms);  /* ... others run meanwhile ... */
			}
			/* ... then a write of what was read, plus one */
			atomic_store_explicit(&job->table[s], v + 1, memory_order_relaxed);
			if (job->lock != NULL)
				pthread_mutex_unlock(job->lock);
		}
	}
	return NULL;
}

/*
 * Python: for i in range(1000, 1020):
 *             Thread(target=count_letters, args=(url, frequency_table, i)).start()
 * (and here every thread is joined, instead of polling finished_count)
 */
static int
run_shared_threads(const struct plan *plan, bool locked, struct table *out)
{
	pthread_t tid[MAX_WORKERS];
	struct shared_job job[MAX_WORKERS];
	_Atomic long table[NLETTERS];
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	size_t started = 0;
	int err, rc = 0;

	for (int i = 0; i < NLETTERS; i++)
		atomic_init(&table[i], 0);
	for (size_t k = 0; k < plan->nworkers; k++) {
		job[k] = (struct shared_job){ plan, k, table, locked ? &lock : NULL };
		if ((err = pthread_create(&tid[k], NULL, count_shared, &job[k])) != 0) {
			errno = err;
			syserr("pthread_create");
			rc = -1;
			break;
		}
		started++;
	}
	for (size_t k = 0; k < started; k++)
		if ((err = pthread_join(tid[k], NULL)) != 0) {
			errno = err;
			syserr("pthread_join");
			rc = -1;
		}
	for (int i = 0; i < NLETTERS; i++)
		out->n[i] = atomic_load(&table[i]);
	return rc;
}

/*
 * In[55]'s finished_count:
 *
 *   finished_count = 0                        # global variable
 *   def count_letters(url, frequency_table, thread_num, count=True):
 *     print(f'counting letters {thread_num}...')
 *     response = urllib.request.urlopen(url)
 *     ...
 *     if count:
 *       global finished_count
 *       finished_count += 1
 */
#define COUNTER_THREADS 20

static _Atomic int finished_count;      /* loads and stores are whole; += is not */
static atomic_int threads_done;         /* the lesson's own, exact: atomic_fetch_add */

struct counter_job {
	const struct corpus *corpus;
	int		 i;             /* thread_num = FIRST_RFC + i */
	int		 wait_ms;       /* stands in for urlopen(): the download */
	pthread_barrier_t *all_read;    /* --widen: every thread has read finished_count */
	struct table	 t;
};

static void *
count_letters_counted(void *arg)
{
	struct counter_job *job = arg;
	int v = 0, e;

	/* print(f'counting letters {thread_num}...') */
	printf("counting letters %d...\n", FIRST_RFC + job->i);
	if (job->all_read != NULL) {
		/* --widen: the read of finished_count += 1 moved before the download, and
		 * nobody goes on before every thread has read: all of them read the same
		 * value, for certain, as a slow moment would make them now and then. */
		v = atomic_load_explicit(&finished_count, memory_order_relaxed);
		e = pthread_barrier_wait(job->all_read);
		if (e != 0 && e != PTHREAD_BARRIER_SERIAL_THREAD) {
			errno = e;
			syserr("pthread_barrier_wait");
			exit(1);
		}
	}
	think(job->wait_ms);                    /* response = urllib.request.urlopen(url) */
	memset(&job->t, 0, sizeof job->t);
	for (size_t k = (size_t)job->i; k < job->corpus->n; k += COUNTER_THREADS)
		count_into(&job->t, job->corpus->v[k].text, job->corpus->v[k].len);
	/* finished_count += 1: a read, then a write of what was read, plus one */
	if (job->all_read == NULL)
		v = atomic_load_explicit(&finished_count, memory_order_relaxed);
	atomic_store_explicit(&finished_count, v + 1, memory_order_relaxed);
	atomic_fetch_add(&threads_done, 1);
	return NULL;
}

/*
 *   for i in range(1000, 1020):
 *     t = Thread(target=count_letters, args=(url, frequency_table, i)).start()
 *   print('finished_count', finished_count)
 *   while finished_count < 20:
 *     print('finished_count', finished_count)
 *     time.sleep(0.5)
 * The loop also stops when threads_done says every thread has finished: with a
 * lost increment the notebook's loop would never end.
 */
static int
run_finished_count(const struct corpus *c, bool quick, bool widen, int *finished, int *done)
{
	static struct counter_job job[COUNTER_THREADS];
	pthread_t tid[COUNTER_THREADS];
	pthread_barrier_t all_read;
	int started = 0, err, rc = 0;
	long step_ms = quick ? 5 : 100, poll_ms = quick ? 25 : 500;

	atomic_store(&finished_count, 0);
	atomic_store(&threads_done, 0);
	if (widen && (err = pthread_barrier_init(&all_read, NULL, COUNTER_THREADS)) != 0) {
		errno = err;
		syserr("pthread_barrier_init");
		return -1;
	}
	for (int i = 0; i < COUNTER_THREADS; i++) {
		job[i] = (struct counter_job){ .corpus = c, .i = i,
		    .wait_ms = (int)((i + 1) * step_ms), .all_read = widen ? &all_read : NULL };
		if ((err = pthread_create(&tid[i], NULL, count_letters_counted, &job[i])) != 0) {
			errno = err;
			syserr("pthread_create");
			rc = -1;
			break;
		}
		started++;
	}
	if (rc == 0) {
		printf("finished_count %d\n", atomic_load(&finished_count));
		while (atomic_load(&finished_count) < COUNTER_THREADS &&
		    atomic_load(&threads_done) < started) {
			printf("finished_count %d\n", atomic_load(&finished_count));
			think((int)poll_ms);
		}
	}
	if (widen && started < COUNTER_THREADS) {
		/* the barrier would wait for ever for the threads never started */
		fprintf(stderr, _("%s: %d of %d threads started: the barrier cannot open\n"), prog,
		    started, COUNTER_THREADS);
		exit(1);
	}
	for (int i = 0; i < started; i++)
		if ((err = pthread_join(tid[i], NULL)) != 0) {
			errno = err;
			syserr("pthread_join");
			rc = -1;
		}
	if (widen)
		pthread_barrier_destroy(&all_read);
	*finished = atomic_load(&finished_count);
	*done = atomic_load(&threads_done);
	return rc;
}

/* 4. threads with private tables, merged after the joins */
struct private_job {
	const struct plan *plan;
	size_t		 k;
	struct table	 mine;
};

static void
count_worker_pieces(const struct plan *plan, size_t k, struct table *t)
{
	memset(t, 0, sizeof *t);
	for (size_t i = k; i < plan->npieces; i += plan->nworkers)
		count_into(t, plan->pieces[i].p, plan->pieces[i].len);
}

static void *
count_private(void *arg)
{
	struct private_job *job = arg;

	count_worker_pieces(job->plan, job->k, &job->mine);
	return NULL;
}

static int
run_private_threads(const struct plan *plan, struct table *out)
{
	pthread_t tid[MAX_WORKERS];
	struct private_job job[MAX_WORKERS];
	size_t started = 0;
	int err, rc = 0;

	for (size_t k = 0; k < plan->nworkers; k++) {
		job[k].plan = plan;
		job[k].k = k;
		if ((err = pthread_create(&tid[k], NULL, count_private, &job[k])) != 0) {
			errno = err;
			syserr("pthread_create");
			rc = -1;
			break;
		}
		started++;
	}
	memset(out, 0, sizeof *out);
	for (size_t k = 0; k < started; k++) {
		if ((err = pthread_join(tid[k], NULL)) != 0) {
			errno = err;
			syserr("pthread_join");
			rc = -1;
			continue;
		}
		for (int i = 0; i < NLETTERS; i++)     /* only the main thread adds up */
			out->n[i] += job[k].mine.n[i];
	}
	return rc;
}

/* Reap the children started; 0 when every one exited 0. */
static int
reap(const pid_t *pids, size_t n)
{
	int rc = 0, status;

	for (size_t k = 0; k < n; k++) {
		while (waitpid(pids[k], &status, 0) == -1) {
			if (errno != EINTR) {
				syserr("waitpid");
				rc = -1;
				break;
			}
		}
		if (rc == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
			fprintf(stderr, _("%s: a counting child failed\n"), prog);
			rc = -1;
		}
	}
	return rc;
}

static int
write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* 5. processes: each child writes its table into one pipe */
static int
run_pipe_processes(const struct plan *plan, struct table *out)
{
	pid_t pids[MAX_WORKERS];
	size_t started = 0, got = 0;
	int fd[2], rc = -1;

	if (pipe(fd) == -1) {
		syserr("pipe");
		return -1;
	}
	fflush(stdout);
	for (size_t k = 0; k < plan->nworkers; k++) {
		pid_t pid = fork();

		if (pid == -1) {
			syserr("fork");
			goto out_close;
		}
		if (pid == 0) {
			struct table mine;

			if (close(fd[0]) == -1) {      /* the child only writes */
				syserr("close");
				_exit(1);
			}
			count_worker_pieces(plan, k, &mine);
			/* Python: q.put(table). One write of 208 bytes: under PIPE_BUF,
			 * so the tables of different children never interleave. */
			if (write_all(fd[1], &mine, sizeof mine) == -1) {
				syserr("write");
				_exit(1);
			}
			_exit(0);
		}
		pids[started++] = pid;
	}
	/* the parent only reads; with every write end closed, read() sees EOF */
	if (close(fd[1]) == -1) {
		syserr("close");
		fd[1] = -1;
		goto out_close;
	}
	fd[1] = -1;
	memset(out, 0, sizeof *out);
	for (;;) {
		struct table t;
		size_t have = 0;
		ssize_t n;

		while (have < sizeof t) {
			n = read(fd[0], (char *)&t + have, sizeof t - have);
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1) {
				syserr("read");
				goto out_close;
			}
			if (n == 0)
				break;
			have += (size_t)n;
		}
		if (have == 0)
			break;                  /* EOF: every child closed its end */
		if (have < sizeof t) {
			fprintf(stderr, _("%s: read: a child's table was cut short\n"), prog);
			goto out_close;
		}
		for (int i = 0; i < NLETTERS; i++)     /* Python: q.get(), then add up */
			out->n[i] += t.n[i];
		got++;
	}
	rc = got == started ? 0 : -1;
	if (rc == -1)
		fprintf(stderr, _("%s: %zu of %zu tables arrived\n"), prog, got, started);
out_close:
	if (fd[1] != -1)
		close(fd[1]);                   /* already failing: a second error adds nothing */
	if (close(fd[0]) == -1) {
		syserr("close");
		rc = -1;
	}
	if (reap(pids, started) == -1)
		rc = -1;
	return rc;
}

/* 6. processes adding into one table in shared memory */
static int
run_shm_processes(const struct plan *plan, struct table *out)
{
	pid_t pids[MAX_WORKERS];
	size_t started = 0;
	_Atomic long *table;
	int rc = -1;

	/* Python: multiprocessing.Array('l', 26), here without its lock */
	table = mmap(NULL, NLETTERS * sizeof *table, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (table == MAP_FAILED) {
		syserr("mmap");
		return -1;
	}
	for (int i = 0; i < NLETTERS; i++)
		atomic_init(&table[i], 0);
	fflush(stdout);
	for (size_t k = 0; k < plan->nworkers; k++) {
		pid_t pid = fork();

		if (pid == -1) {
			syserr("fork");
			goto out_reap;
		}
		if (pid == 0) {
			for (size_t i = k; i < plan->npieces; i += plan->nworkers)
				for (size_t j = 0; j < plan->pieces[i].len; j++) {
					int s = letter_slot[plan->pieces[i].p[j]];

					/* read, add and write as one indivisible step */
					if (s >= 0)
						atomic_fetch_add(&table[s], 1);
				}
			_exit(0);
		}
		pids[started++] = pid;
	}
	rc = 0;
out_reap:
	if (reap(pids, started) == -1)
		rc = -1;
	for (int i = 0; i < NLETTERS; i++)
		out->n[i] = atomic_load(&table[i]);
	if (munmap(table, NLETTERS * sizeof *table) == -1) {
		syserr("munmap");
		rc = -1;
	}
	return rc;
}

/* Split the sources into pieces so that at least MIN_WORKERS workers race. */
static int
make_plan(const struct corpus *c, long letters, int think_ms, struct plan *plan)
{
	size_t parts = (MIN_WORKERS + c->n - 1) / c->n, n = 0;

	plan->pieces = calloc(c->n * parts, sizeof *plan->pieces);
	if (plan->pieces == NULL) {
		syserr("calloc");
		return -1;
	}
	for (size_t i = 0; i < c->n; i++)
		for (size_t j = 0; j < parts; j++) {
			size_t from = c->v[i].len * j / parts, to = c->v[i].len * (j + 1) / parts;

			plan->pieces[n].p = c->v[i].text + from;
			plan->pieces[n].len = to - from;
			n++;
		}
	plan->npieces = n;
	plan->nworkers = n < MAX_WORKERS ? n : MAX_WORKERS;
	plan->think_every = letters / ((long)plan->nworkers * THINKS_PER_WORKER);
	if (plan->think_every < 1)
		plan->think_every = 1;
	plan->think_ms = think_ms;
	return 0;
}

struct spread {
	long	lo, hi;
	int	correct, trials;
};

static void
spread_add(struct spread *sp, long total, bool correct)
{
	if (sp->trials == 0 || total < sp->lo)
		sp->lo = total;
	if (sp->trials == 0 || total > sp->hi)
		sp->hi = total;
	sp->trials++;
	sp->correct += correct;
}

/* Where the texts came from, how many and how big; how they are counted. */
static void
say_corpus(const struct corpus *c, long bytes, bool as_repr)
{
	int last = FIRST_RFC + NRFCS - 1;

	switch (c->origin) {
	case FROM_DOWNLOAD:
		printf(_("Counting RFC %d..%d downloaded to %s: %zu texts, %ld bytes.\n"), FIRST_RFC,
		    last, c->dir, c->n, bytes);
		break;
	case FROM_PART_DOWNLOAD:
		printf(_("Counting RFC %d..%d partly downloaded, cached in %s: %zu texts, %ld bytes.\n"),
		    FIRST_RFC, last, c->dir, c->n, bytes);
		break;
	case FROM_CACHE:
		printf(_("Counting RFC %d..%d read from the cache %s: %zu texts, %ld bytes.\n"),
		    FIRST_RFC, last, c->dir, c->n, bytes);
		break;
	case FROM_FALLBACK:
		printf(ngettext("Counting the texts in %s (fallback): %zu text, %ld bytes.\n",
		    "Counting the texts in %s (fallback): %zu texts, %ld bytes.\n",
		    (unsigned long)c->n), c->dir, c->n, bytes);
		break;
	default:
		printf(ngettext("Counting the sources given: %zu text, %ld bytes.\n",
		    "Counting the sources given: %zu texts, %ld bytes.\n", (unsigned long)c->n),
		    c->n, bytes);
		break;
	}
	if (as_repr)
		printf(_("Each text is counted as Python's str(bytes) (--repr), as the notebook did.\n"));
}

/* One line of the summary: a variant, its time, whether its counts are right. */
struct variant {
	const char	*what;
	double		 secs;
	const struct table *t;
};

static void
print_verdict(const struct variant *v, int width, const struct table *ref)
{
	long lost = table_total(ref) - table_total(v->t);

	lesson_pad(stdout, v->what, width);
	printf(" %9.6f  ", v->secs);
	if (table_equal(v->t, ref))
		printf(_("yes\n"));
	else if (lost > 0)
		printf(ngettext("NO: %ld letter lost\n", "NO: %ld letters lost\n",
		    (unsigned long)lost), lost);
	else
		printf(ngettext("NO: %ld letter too many\n", "NO: %ld letters too many\n",
		    (unsigned long)-lost), -lost);
}

/* The summary table: every variant against the sequential count, the labels padded to
 * the widest in this language (36 columns at least, as in English). */
static void
print_summary(const struct variant *v, size_t n, double t_seq, const struct table *seq)
{
	const char *head = _("variant"), *secs = _("seconds"), *first = _("sequential");
	int width = 36, w;

	for (size_t i = 0; i < n; i++)
		width = (w = lesson_width(v[i].what)) > width ? w : width;
	width = (w = lesson_width(head)) > width ? w : width;
	width = (w = lesson_width(first)) > width ? w : width;
	printf("\n");
	lesson_pad(stdout, head, width);
	w = lesson_width(secs);
	printf(" %*s%s  %s\n", w < 9 ? 9 - w : 0, "", secs, _("counts equal the sequential ones?"));
	lesson_pad(stdout, first, width);
	printf(" %9.6f  ", t_seq);
	printf(_("(the reference: %ld letters)\n"), table_total(seq));
	for (size_t i = 0; i < n; i++)
		print_verdict(&v[i], width, seq);
}

/* The racing threads: what this run's trials show. */
static void
explain_race(const struct plan *plan, const struct spread *sp)
{
	long ms = plan->think_ms;

	if (sp->correct == sp->trials && ms > 0)
		printf(_("The %zu threads without a lock lost no update on this run, yet\n"
		    "frequency_table[c] += 1 is a read and a write, and another thread can write in\n"
		    "between (every %ld letters a thread thinks %ld ms between its read and\n"
		    "its write): here the scheduler never switched inside that window. Run it\n"
		    "again, or with --think-ms 5, and updates get lost.\n"), plan->nworkers,
		    plan->think_every, ms);
	else if (sp->correct == sp->trials)
		printf(_("The %zu threads without a lock lost no update on this run, yet\n"
		    "frequency_table[c] += 1 is a read and a write, and another thread can write in\n"
		    "between (every %ld letters a thread calls sched_yield() between its read and\n"
		    "its write): here the scheduler never switched inside that window. Run it\n"
		    "again, or with --think-ms 5, and updates get lost.\n"), plan->nworkers,
		    plan->think_every);
	else if (sp->trials == 1 && ms > 0)
		printf(_("The %zu threads without a lock lost updates in the one trial:\n"
		    "frequency_table[c] += 1 is a read and a write, and another thread wrote in\n"
		    "between (every %ld letters a thread thinks %ld ms between its read and its\n"
		    "write). The lost letters differ from run to run.\n"), plan->nworkers,
		    plan->think_every, ms);
	else if (sp->trials == 1)
		printf(_("The %zu threads without a lock lost updates in the one trial:\n"
		    "frequency_table[c] += 1 is a read and a write, and another thread wrote in\n"
		    "between (every %ld letters a thread calls sched_yield() between its read and\n"
		    "its write). The lost letters differ from run to run.\n"), plan->nworkers,
		    plan->think_every);
	else if (ms > 0)
		printf(_("The %zu threads without a lock lost updates in %d of %d trials:\n"
		    "frequency_table[c] += 1 is a read and a write, and another thread wrote in\n"
		    "between (every %ld letters a thread thinks %ld ms between its read and its\n"
		    "write). The lost letters differ from run to run.\n"), plan->nworkers,
		    sp->trials - sp->correct, sp->trials, plan->think_every, ms);
	else
		printf(_("The %zu threads without a lock lost updates in %d of %d trials:\n"
		    "frequency_table[c] += 1 is a read and a write, and another thread wrote in\n"
		    "between (every %ld letters a thread calls sched_yield() between its read and\n"
		    "its write). The lost letters differ from run to run.\n"), plan->nworkers,
		    sp->trials - sp->correct, sp->trials, plan->think_every);
	printf(_("The same code inside pthread_mutex_lock/unlock is exact but runs\n"
	    "one increment at a time. Exact and fast: count privately and add up once, in\n"
	    "threads (pthread_join, then add) or processes (fork, one write per table into a\n"
	    "pipe, read, waitpid); or add with atomic_fetch_add into mmap(MAP_SHARED) memory.\n"));
}

/* The thinks a locked run makes: each worker thinks once every think_every of its letters. */
static long
plan_thinks(const struct plan *plan)
{
	long thinks = 0;

	for (size_t k = 0; k < plan->nworkers; k++) {
		long letters = 0;

		for (size_t i = k; i < plan->npieces; i += plan->nworkers)
			for (size_t j = 0; j < plan->pieces[i].len; j++)
				letters += letter_slot[plan->pieces[i].p[j]] >= 0;
		thinks += letters / plan->think_every;
	}
	return thinks;
}

/* What the summary's times say, beside the notebook's, and what CPython's threads do. */
static void
explain_costs(const struct plan *plan, double t_seq, double t_locked, bool all_slower)
{
	long thinks = plan_thinks(plan);

	if (plan->think_ms > 0 && thinks > 0)
		/* TRANSLATORS: the mutex's time, the number of thinks and their length, then
		 * the time they take one after another */
		printf(ngettext("The mutex's %.3f s is mostly thinking: its %ld think of %d ms is made\n"
		    "with the lock held, so no other thread counts meanwhile (%.3f s at least);\n"
		    "with --think-ms 0 only the locking is left, a small fraction of that.\n",
		    "The mutex's %.3f s is mostly thinking: its %ld thinks of %d ms are each made\n"
		    "with the lock held, so they come one after another and no other thread\n"
		    "counts meanwhile (%.3f s at least); with --think-ms 0 only the locking is\n"
		    "left, a small fraction of that.\n", (unsigned long)thinks),
		    t_locked, thinks, plan->think_ms, (double)thinks * plan->think_ms / 1000.0);
	if (all_slower)
		printf(_("\nThe notebook's threads were much faster than its sequential run (\"Veja\n"
		    "como o tempo foi expressivamente menor usando threads!\"): that run spent\n"
		    "its 21.5 s mostly on 20 downloads one after another, and threads wait for\n"
		    "the network at the same time. Here every text is in memory before the clock\n"
		    "starts, so they only share the counting, and every variant above, threads\n"
		    "and processes, took longer than the sequential count's %.6f s: starting\n"
		    "them costs more than the counting they share.\n"), t_seq);
	else
		printf(_("\nThe notebook's threads were much faster than its sequential run (\"Veja\n"
		    "como o tempo foi expressivamente menor usando threads!\"): that run spent\n"
		    "its 21.5 s mostly on 20 downloads one after another, and threads wait for\n"
		    "the network at the same time. Here every text is in memory before the clock\n"
		    "starts, so they only share the counting, and the variants above gain little\n"
		    "over the sequential count's %.6f s.\n"), t_seq);
	printf(_("\nIn CPython, threads take turns: only the one holding the GIL (the global\n"
	    "interpreter lock) runs Python code, and it hands the GIL over every 5 ms\n"
	    "(sys.getswitchinterval()) or when it blocks, as on the network. An update is\n"
	    "lost only when a switch falls between frequency_table[item.lower()]'s read and\n"
	    "its write: the notebook's interpreter could switch there, rarely, and lost\n"
	    "1.6%% of its letters (in c, d, e, i, l, n, o, r and s alone); CPython 3.11\n"
	    "switches only at calls and backward jumps, none inside that +=, and its threads\n"
	    "gave the exact table in 10 of 10 runs, on the RFCs and on the licence texts\n"
	    "alike: exact by an accident of the interpreter, not by a lock. C threads run at\n"
	    "the same time on as many cores as there are, with no GIL between them, so the\n"
	    "window is open whenever two of them count.\n"));
}

/* Why the notebook's numbers are higher: it counted str(bytes). */
static void
explain_repr(const struct table *plain, const struct table *repr, bool as_repr, bool rfcs,
    bool fallback)
{
	char adds[NLETTERS * 24] = "";
	size_t off = 0;

	if (as_repr) {
		printf(_("\n--repr counted str(bytes) as the notebook did: compared with the plain\n"
		    "bytes that is %ld letters more (n from the \\n escapes, x and c from \\x0c,\n"
		    "b from each b'...').\n"), table_total(repr) - table_total(plain));
		return;
	}
	for (int i = 0; i < NLETTERS; i++)
		if (repr->n[i] != plain->n[i])
			off += (size_t)snprintf(adds + off, sizeof adds - off, "%s%c +%ld",
			    off ? ", " : "", LETTERS[i], repr->n[i] - plain->n[i]);
	if (off > 0 && !fallback)
		printf(_("\nWhy the notebook's table is higher for some letters: it counted\n"
		    "str(response.read()), the text b'...' Python prints for bytes, where each\n"
		    "newline is the two characters \\n and a form feed is \\x0c, plus one b per\n"
		    "text. For these texts that adds: %s.\n"), adds);
	else if (!fallback)
		printf(_("\nWhy the notebook's table is higher for some letters: it counted\n"
		    "str(response.read()), the text b'...' Python prints for bytes, where each\n"
		    "newline is the two characters \\n and a form feed is \\x0c, plus one b per\n"
		    "text. For these texts that adds nothing.\n"));
	/* the licence texts, counted offline: the notebook's table is of other texts */
	else if (off > 0)
		printf(_("\nThese licence texts are not the notebook's RFC 1000 to 1019, so its table\n"
		    "says nothing about them. It counted str(response.read()), the text b'...'\n"
		    "Python prints for bytes, where each newline is the two characters \\n and a\n"
		    "form feed is \\x0c, plus one b per text: counted that way, these texts would\n"
		    "gain %s.\n"), adds);
	else
		printf(_("\nThese licence texts are not the notebook's RFC 1000 to 1019, so its table\n"
		    "says nothing about them. It counted str(response.read()), the text b'...'\n"
		    "Python prints for bytes, where each newline is the two characters \\n and a\n"
		    "form feed is \\x0c, plus one b per text: counted that way, these texts would\n"
		    "gain nothing.\n"));
	if (rfcs)
		printf(_("Run with --repr to count the same way and get the notebook's numbers "
		    "exactly.\n"));
	else
		printf(_("Run with --repr to count the same way.\n"));
}

/* What In[55]'s finished_count did: the notebook's placement, then (--widen) the
 * widened one; *_final is where finished_count ended, *_done how many threads ended. */
struct finish {
	int	final, done;
};

static void
explain_finished(const struct corpus *c, bool quick, const struct finish *nb,
    const struct finish *wide)
{
	int lost = nb->done - nb->final;

	printf(ngettext("\nfinished_count += 1 is a read and a write too: a thread that reads 7 and is\n"
	    "switched out before it writes lets another write 8, then writes 8 itself, and\n"
	    "one finish is lost. Here each of the %d threads waited (its number - 999) x %ld ms,\n"
	    "standing in for its download, counted its share of the %zu text (text i,\n"
	    "i + %d, ..., i = its number - 1000) and added one.\n",
	    "\nfinished_count += 1 is a read and a write too: a thread that reads 7 and is\n"
	    "switched out before it writes lets another write 8, then writes 8 itself, and\n"
	    "one finish is lost. Here each of the %d threads waited (its number - 999) x %ld ms,\n"
	    "standing in for its download, counted its share of the %zu texts (text i,\n"
	    "i + %d, ..., i = its number - 1000) and added one.\n", (unsigned long)c->n),
	    COUNTER_THREADS, quick ? 5L : 100L, c->n, COUNTER_THREADS);
	if (lost == 0)
		printf(_("On this run finished_count ended at %d, and %d threads finished: no increment\n"
		    "was lost. The threads finished at different times, so two of them were seldom\n"
		    "between their read and their write at once: the window is a few instructions.\n"
		    "It can still happen in C. In Python it depends on the interpreter: CPython 3.11\n"
		    "switches threads only at some instructions (calls, backward jumps), none inside\n"
		    "a bare += on an int, but the language promises nothing, and one lost increment\n"
		    "would leave the notebook's while finished_count < 20 looping forever.\n"),
		    nb->final, nb->done);
	else
		/* TRANSLATORS: where finished_count ended, the threads that finished, the
		 * increments lost; the last %d is the threads that finished again. */
		printf(ngettext("On this run finished_count ended at %d, but %d threads finished: %d\n"
		    "increment was lost, two threads were between their read and their write at once.\n"
		    "The notebook's while finished_count < 20 would never have ended; the loop here\n"
		    "stopped because threads_done (atomic_fetch_add) reached %d.\n",
		    "On this run finished_count ended at %d, but %d threads finished: %d\n"
		    "increments were lost, each time two threads were between their read and their\n"
		    "write at once. The notebook's while finished_count < 20 would never have ended;\n"
		    "the loop here stopped because threads_done (atomic_fetch_add) reached %d.\n",
		    (unsigned long)lost), nb->final, nb->done, lost, nb->done);
	if (wide == NULL && lost == 0)
		printf(_("(Run it with --widen to see increments lost for certain.)\n"));
	else if (wide != NULL && wide->final < wide->done)
		/* TRANSLATORS: the threads, where finished_count ended, the threads that
		 * finished, the increments lost. */
		printf(ngettext("With the window widened (--widen) each thread read finished_count "
		    "before\nits download and wrote it back after, and all %d had read it before any "
		    "went\non (a pthread barrier: this overlap is certain, not luck). finished_count\n"
		    "ended at %d, but %d threads finished: %d increment was lost, and the\n"
		    "notebook's loop would never have ended.\n",
		    "With the window widened (--widen) each thread read finished_count before\n"
		    "its download and wrote it back after, and all %d had read it before any went\n"
		    "on (a pthread barrier: this overlap is certain, not luck). finished_count\n"
		    "ended at %d, but %d threads finished: %d increments were lost, and the\n"
		    "notebook's loop would never have ended.\n",
		    (unsigned long)(wide->done - wide->final)), COUNTER_THREADS, wide->final,
		    wide->done, wide->done - wide->final);
	else if (wide != NULL)
		printf(_("With the window widened (--widen) each thread read finished_count before\n"
		    "its download and wrote it back after; finished_count ended at %d and %d\n"
		    "threads finished: no increment was lost.\n"), wide->final, wide->done);
	printf(_("The exact ways: atomic_fetch_add(&finished_count, 1), the increment inside a\n"
	    "mutex (threading.Lock in Python), or pthread_join each thread instead of counting.\n"));
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ "repr", no_argument, NULL, 'r' },
		{ "tables", no_argument, NULL, 'T' },
		{ "trials", required_argument, NULL, 't' },
		{ "think-ms", required_argument, NULL, 'k' },
		{ "widen", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	struct corpus corpus = { 0 };
	struct plan plan = { 0 };
	struct table seq, racy, locked, priv, piped, shm, repr_seq, plain_seq;
	struct spread racy_spread = { 0 }, locked_spread = { 0 };
	double t0, t_seq, t_racy, t_locked, t_priv, t_pipe, t_shm;
	bool quick = false, as_repr = false, all_tables = false, default_corpus, rfcs = false;
	long trials = -1, think_ms = 1, letters, bytes = 0;
	struct finish fc = { 0, 0 }, fc_wide = { 0, 0 };
	bool widen = false;
	int c, rc = 1;

	lesson_i18n();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'q':
			quick = true;
			break;
		case 'r':
			as_repr = true;
			break;
		case 'T':
			all_tables = true;
			break;
		case 't':
			trials = parse_number("--trials", optarg, 1, 10000);
			break;
		case 'k':
			think_ms = parse_number("--think-ms", optarg, 0, 1000);
			break;
		case 'w':
			widen = true;
			break;
		default:
			bad_option(c, argv);
		}
	}
	for (int i = optind; i < argc; i++)
		if (argv[i][0] == '\0')
			bad_usage(_("an empty source name"));
	if (trials == -1)
		trials = quick ? 1 : 3;
	setvbuf(stdout, NULL, _IOLBF, 0);

	for (int i = 0; i < 256; i++)
		letter_slot[i] = -1;
	for (int i = 0; i < NLETTERS; i++) {
		letter_slot[(unsigned char)LETTERS[i]] = (signed char)i;
		letter_slot[(unsigned char)LETTERS[i] - 'a' + 'A'] = (signed char)i;
	}

#ifdef HAVE_LIBCURL
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, _("%s: curl_global_init failed\n"), prog);
		return 1;
	}
#endif
	/* ---- the sources */
	default_corpus = optind == argc;
	if (default_corpus) {
		int r = add_rfcs(&corpus, quick);

		if (r == -1)
			goto out;
		rfcs = r == 1;
		if (!rfcs) {
			printf(_("Counting the texts in %s instead.\n\n"), FALLBACK_DIR);
			if (add_folder(&corpus, FALLBACK_DIR, 0) == -1)
				goto out;
			corpus.origin = FROM_FALLBACK;
			snprintf(corpus.dir, sizeof corpus.dir, "%s", FALLBACK_DIR);
		}
	} else {
		for (int i = optind; i < argc; i++)
			if (add_source(&corpus, argv[i]) == -1)
				goto out;
		corpus.origin = FROM_GIVEN;
	}
	if (corpus.n == 0) {
		fprintf(stderr, _("%s: nothing to count: no files in the sources given\n"), prog);
		goto out;
	}
	for (size_t i = 0; i < corpus.n; i++)
		bytes += (long)corpus.v[i].len;

	/* The plain and the repr counts, for the explanation at the end. */
	count_sequential(&corpus, &plain_seq);
	memset(&repr_seq, 0, sizeof repr_seq);
	for (size_t i = 0; i < corpus.n; i++) {
		size_t len;
		unsigned char *r = python_bytes_repr(corpus.v[i].text, corpus.v[i].len, &len);

		if (r == NULL) {
			syserr("malloc");
			goto out;
		}
		count_into(&repr_seq, r, len);
		if (as_repr) {                  /* from now on count the repr */
			free(corpus.v[i].text);
			corpus.v[i].text = r;
			corpus.v[i].len = len;
		} else
			free(r);
	}

	say_corpus(&corpus, bytes, as_repr);
	printf("\n");

	/* ---- 1. sequential (In[53]) */
	printf(_("sequential, one table:\n"));
	t0 = now();
	count_sequential(&corpus, &seq);
	t_seq = now() - t0;
	print_table(&seq, t_seq);
	letters = table_total(&seq);

	if (make_plan(&corpus, letters, (int)think_ms, &plan) == -1)
		goto out;

	/* ---- 2. threads, one shared table, no lock (In[55]) */
	printf(_("\n%zu threads, one shared table, no lock (In[55]):\n"), plan.nworkers);
	t0 = now();
	if (run_shared_threads(&plan, false, &racy) == -1)
		goto out;
	t_racy = now() - t0;
	print_table(&racy, t_racy);
	spread_add(&racy_spread, table_total(&racy), table_equal(&racy, &seq));

	/* ---- 3. the same, every read and write inside a mutex */
	t0 = now();
	if (run_shared_threads(&plan, true, &locked) == -1)
		goto out;
	t_locked = now() - t0;
	spread_add(&locked_spread, table_total(&locked), table_equal(&locked, &seq));

	/* ---- 4, 5, 6 */
	t0 = now();
	if (run_private_threads(&plan, &priv) == -1)
		goto out;
	t_priv = now() - t0;
	t0 = now();
	if (run_pipe_processes(&plan, &piped) == -1)
		goto out;
	t_pipe = now() - t0;
	t0 = now();
	if (run_shm_processes(&plan, &shm) == -1)
		goto out;
	t_shm = now() - t0;
	if (all_tables) {
		printf(_("\nthe same, every read and write inside a mutex:\n"));
		print_table(&locked, t_locked);
		printf(_("\nthreads, private tables, added up after pthread_join:\n"));
		print_table(&priv, t_priv);
		printf(_("\nprocesses, their tables sent through a pipe:\n"));
		print_table(&piped, t_pipe);
		printf(_("\nprocesses, one table in mmap(MAP_SHARED) memory, atomic adds:\n"));
		print_table(&shm, t_shm);
	}

	const struct variant variants[] = {
		{ _("threads, shared table, no lock"), t_racy, &racy },
		{ _("threads, shared table, mutex"), t_locked, &locked },
		{ _("threads, private tables, merged"), t_priv, &priv },
		{ _("processes, tables through a pipe"), t_pipe, &piped },
		{ _("processes, shared mmap, atomic adds"), t_shm, &shm },
	};
	print_summary(variants, sizeof variants / sizeof variants[0], t_seq, &seq);

	for (long i = 1; i < trials; i++) {
		struct table t;

		if (run_shared_threads(&plan, false, &t) == -1)
			goto out;
		spread_add(&racy_spread, table_total(&t), table_equal(&t, &seq));
		if (run_shared_threads(&plan, true, &t) == -1)
			goto out;
		spread_add(&locked_spread, table_total(&t), table_equal(&t, &seq));
	}
	/* TRANSLATORS: the two labels ("no lock:", "mutex:") are padded to one width. */
	printf(_("\nno lock: total ranged %ld..%ld of %ld letters; correct in %d of %d trials\n"),
	    racy_spread.lo, racy_spread.hi, letters, racy_spread.correct, racy_spread.trials);
	printf(_("mutex:   total ranged %ld..%ld of %ld letters; correct in %d of %d trials\n"),
	    locked_spread.lo, locked_spread.hi, letters, locked_spread.correct,
	    locked_spread.trials);

	/* ---- In[55]'s finished_count, as the notebook has it, then (--widen) widened */
	printf(_("\n%d threads, each prints, counts and does finished_count += 1, no lock (In[55]):\n"),
	    COUNTER_THREADS);
	if (run_finished_count(&corpus, quick, false, &fc.final, &fc.done) == -1)
		goto out;
	if (widen) {
		printf(_("\nThe same %d threads, the window widened (--widen): each reads\n"
		    "finished_count, waits until all have read it, downloads and counts, then\n"
		    "writes back what it read plus one:\n"), COUNTER_THREADS);
		if (run_finished_count(&corpus, quick, true, &fc_wide.final, &fc_wide.done) == -1)
			goto out;
	}

	/* ---- what happened: the explanation follows the run just seen */
	printf("\n");
	explain_race(&plan, &racy_spread);
	explain_costs(&plan, t_seq, t_locked, t_racy > t_seq && t_locked > t_seq &&
	    t_priv > t_seq && t_pipe > t_seq && t_shm > t_seq);
	explain_repr(&plain_seq, &repr_seq, as_repr, rfcs, corpus.origin == FROM_FALLBACK);
	explain_finished(&corpus, quick, &fc, widen ? &fc_wide : NULL);
	lesson_where(stdout, "16-letter-frequency.c", NULL);
	rc = 0;
out:
	free(plan.pieces);
	corpus_free(&corpus);
#ifdef HAVE_LIBCURL
	curl_global_cleanup();
#endif
	return rc;
}
