/* SPDX-License-Identifier: MIT */
/*
 * 15-remote-manager: notebook 004, "BaseManager" (SERVIDOR and CLIENTES).
 *
 * The notebook serves a Queue over TCP with multiprocessing.managers.BaseManager
 * and authkey=b'abc'; client 1 puts 'hello', client 2 gets it and prints it.
 * Here the same queue is served by a C server on the loopback interface, and
 * the authentication Python does inside m.connect() is written out:
 *
 *   deliver_challenge (the server):  send "#CHALLENGE#" + "{sha256}" + 40 random
 *       bytes; the client must answer "{sha256}" + HMAC-SHA256(authkey, message);
 *       compare in constant time (CRYPTO_memcmp); reply "#WELCOME#" or "#FAILURE#".
 *   answer_challenge (the client):   compute that HMAC and send it.
 *
 * and then the other way round, so the client also knows the server has the
 * key. The key itself never crosses the wire: only random bytes and HMACs do.
 * (This is the handshake of Python 3.12's multiprocessing.connection; older
 * Pythons used HMAC-MD5 without the "{sha256}" tag.)
 *
 * Every message is a frame as in Python's Connection.send_bytes: a 4-byte
 * big-endian length, then the bytes. After the handshake a client sends
 * "put MSG" or "get" and the server answers "#RETURN ..." or "#ERROR ...".
 * The server runs one thread per connection, as BaseManager's server does;
 * "get" waits on a condition variable until the queue holds something.
 *
 * With no mode it runs the whole demo with processes: the server, client 1
 * (put), a client with the wrong key (refused), client 2 (get); then it stops
 * the server with SIGTERM and reaps it. --serve, --put and --get run one part
 * each, in separate terminals as in the notebook.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "lesson-i18n.h"

static const char *prog = "15-remote-manager";

#define DEFAULT_PORT    50000           /* QueueManager(address=('', 50000), ...) */
#define DEFAULT_AUTHKEY "abc"           /* authkey=b'abc' */
#define MAX_AUTHKEY     256
#define MAX_FRAME       65536           /* our limit for "put MSG" */
#define AUTH_FRAME_MAX  256             /* Python: connection.recv_bytes(256) */
#define NONCE_LEN       40              /* Python: MESSAGE_LENGTH = 40 */
#define MAX_CONNECTIONS 64
#define DEMO_TIMEOUT_S  10              /* a demo client never waits longer */

static const char CHALLENGE[] = "#CHALLENGE#";
static const char WELCOME[] = "#WELCOME#";
static const char FAILURE[] = "#FAILURE#";
static const char DIGEST_TAG[] = "{sha256}";
#define TAG_LEN (sizeof DIGEST_TAG - 1)
#define MAC_LEN 32                      /* SHA-256 */

static bool trace;                      /* --trace: show every frame */

/*
 * Who speaks: its name in the student's language, for what it says and its errors, and
 * in English, for the --trace lines: a wire log stays English, as a tool's log would.
 */
struct party {
	char	name[128];
	char	tag[96];
};

static struct party server_party;       /* "server": set in main(), once translated */

static void
usage(FILE *fp)
{
	fprintf(fp, _(
	    "Usage: %s [--quick] [--trace] [--port P] [--authkey K]\n"
	    "       %s --serve [--port P] [--authkey K] [--trace]\n"
	    "       %s --put MSG [--port P] [--authkey K] [--trace]\n"
	    "       %s --get [--port P] [--authkey K] [--trace]\n"
	    "Notebook 004, BaseManager: a queue served over TCP on 127.0.0.1, guarded by an\n"
	    "HMAC-SHA256 challenge-response on the authkey (the key never crosses the wire).\n"
	    "Without --serve, --put or --get: the whole demo, as processes: a server, client 1\n"
	    "puts 'hello', a client with the wrong key is refused, client 2 gets 'hello'.\n"
	    "\n"
	    "  --serve       serve the queue until Ctrl-C or SIGTERM (as SERVIDOR)\n"
	    "  --put MSG     connect, authenticate, queue.put(MSG) (as CLIENTES with 1)\n"
	    "  --get         connect, authenticate, print queue.get(); waits for an item\n"
	    "                (as CLIENTES with 2)\n"
	    "  --port P      TCP port on 127.0.0.1 (default %d; the demo: a free one;\n"
	    "                --serve --port 0: a free one, printed)\n"
	    "  --authkey K   the shared secret (default '%s'; 1 to %d bytes)\n"
	    "  --trace       print every frame sent and received: [length] then the bytes\n"
	    "  --quick       nothing to shorten here (accepted like every lesson)\n"
	    "  --help        show this help and exit\n"
	    "\n"
	    "Exit status: 0 it worked; 1 a system call failed, the server could not be\n"
	    "reached, or authentication failed (wrong key); 2 bad usage.\n"),
	    prog, prog, prog, prog, DEFAULT_PORT, DEFAULT_AUTHKEY, MAX_AUTHKEY);
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

static void
party_set(struct party *p, const char *tag, const char *name)
{
	snprintf(p->tag, sizeof p->tag, "%s", tag);
	snprintf(p->name, sizeof p->name, "%s", name);
}

/* "15-remote-manager: WHO: call: strerror" */
static void
syserr(const struct party *who, const char *call)
{
	int e = errno;

	if (who != NULL)
		fprintf(stderr, "%s: %s: %s: %s\n", prog, who->name, call, strerror(e));
	else
		fprintf(stderr, "%s: %s: %s\n", prog, call, strerror(e));
	errno = e;
}

/* ------------------------------------------------------------ framing */

/* --trace: a frame as its length prefix and its bytes, unprintable ones as \xNN. */
static void
trace_frame(const struct party *who, const char *dir, const unsigned char *p, size_t len)
{
	char line[4 * AUTH_FRAME_MAX + 128];
	size_t o = 0;

	o += (size_t)snprintf(line, sizeof line, "  %s %s [%02x %02x %02x %02x] ", who->tag, dir,
	    (unsigned)(len >> 24) & 0xff, (unsigned)(len >> 16) & 0xff,
	    (unsigned)(len >> 8) & 0xff, (unsigned)len & 0xff);
	for (size_t i = 0; i < len && o < sizeof line - 8; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
			line[o++] = (char)p[i];
		else
			o += (size_t)snprintf(line + o, sizeof line - o, "\\x%02x", p[i]);
	}
	line[o] = '\0';
	printf("%s%s\n", line, o >= sizeof line - 8 ? "..." : "");
}

static int
send_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		/* MSG_NOSIGNAL: a closed peer gives EPIPE, not a SIGPIPE that kills us */
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* 1: got len bytes; 0: the peer closed before the first byte; -1: error (errno). */
static int
recv_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(fd, p + got, len - got, 0);

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0) {
			if (got == 0)
				return 0;
			errno = ECONNRESET;     /* closed in the middle of a frame */
			return -1;
		}
		got += (size_t)n;
	}
	return 1;
}

/*
 * Python: connection.send_bytes(buf) -- struct.pack("!i", len(buf)) + buf,
 * in one send(): two small sends would wait for each other (Nagle's algorithm
 * holds the second until the first is acknowledged).
 */
static int
send_frame(int fd, const struct party *who, const void *buf, size_t len)
{
	uint32_t be = htonl((uint32_t)len);
	unsigned char *frame;
	int rc = 0;

	if (trace)
		trace_frame(who, "sends", buf, len);
	if ((frame = malloc(sizeof be + len)) == NULL) {
		syserr(who, "malloc");
		return -1;
	}
	memcpy(frame, &be, sizeof be);
	memcpy(frame + sizeof be, buf, len);
	if (send_all(fd, frame, sizeof be + len) == -1) {
		syserr(who, "send");
		rc = -1;
	}
	free(frame);
	return rc;
}

/*
 * Python: connection.recv_bytes(maxsize). Reads one frame into buf (NUL added,
 * so buf holds max + 1). 1: a frame of *lenp bytes; 0: the peer closed between
 * frames and eof_ok; -1: an error, said on stderr.
 */
static int
recv_frame(int fd, const struct party *who, unsigned char *buf, size_t max, size_t *lenp,
    bool eof_ok)
{
	uint32_t be;
	size_t len;
	int r;

	if ((r = recv_all(fd, &be, sizeof be)) == 0 && eof_ok)
		return 0;
	if (r == 1) {
		len = ntohl(be);
		if (len > max) {
			fprintf(stderr, _("%s: %s: a frame of %zu bytes, more than the %zu allowed\n"),
			    prog, who->name, len, max);
			return -1;
		}
		if (len == 0 || (r = recv_all(fd, buf, len)) == 1) {
			buf[len] = '\0';
			*lenp = len;
			if (trace)
				trace_frame(who, "got  ", buf, len);
			return 1;
		}
	}
	if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		fprintf(stderr, _("%s: %s: no answer within %d s\n"), prog, who->name, DEMO_TIMEOUT_S);
	else if (r == -1)
		syserr(who, "recv");
	else
		fprintf(stderr, _("%s: %s: the other side closed the connection\n"), prog, who->name);
	return -1;
}

/* ------------------------------------------------------------ authentication */

struct key {
	const unsigned char *p;
	size_t		 len;
};

/* "{sha256}" + HMAC-SHA256(key, message) */
static int
make_response(const struct key *key, const unsigned char *msg, size_t len,
    unsigned char out[TAG_LEN + MAC_LEN])
{
	unsigned int maclen = 0;

	memcpy(out, DIGEST_TAG, TAG_LEN);
	if (HMAC(EVP_sha256(), key->p, (int)key->len, msg, len, out + TAG_LEN, &maclen) == NULL ||
	    maclen != MAC_LEN) {
		fprintf(stderr, _("%s: HMAC failed\n"), prog);
		return -1;
	}
	return 0;
}

/*
 * Python (multiprocessing/connection.py):
 *   def deliver_challenge(connection, authkey, digest_name='sha256'):
 *       message = os.urandom(MESSAGE_LENGTH)
 *       message = b'{%s}%s' % (digest_name.encode('ascii'), message)
 *       connection.send_bytes(_CHALLENGE + message)
 *       response = connection.recv_bytes(256)        # reject large message
 *       try:
 *           _verify_challenge(authkey, message, response)   # hmac.compare_digest
 *       except AuthenticationError:
 *           connection.send_bytes(_FAILURE)
 *           raise
 *       else:
 *           connection.send_bytes(_WELCOME)
 * 1: the other side knows the key; 0: it does not (told #FAILURE#, and the
 * refusal printed: by the server of a client, or by a client of its server); -1: error.
 */
static int
deliver_challenge(int fd, const struct party *who, const struct key *key, bool by_server)
{
	unsigned char frame[sizeof CHALLENGE - 1 + TAG_LEN + NONCE_LEN];
	unsigned char *message = frame + sizeof CHALLENGE - 1;
	size_t message_len = TAG_LEN + NONCE_LEN, len;
	unsigned char expected[TAG_LEN + MAC_LEN], response[AUTH_FRAME_MAX + 1];
	ssize_t n;
	int r;

	memcpy(frame, CHALLENGE, sizeof CHALLENGE - 1);
	memcpy(message, DIGEST_TAG, TAG_LEN);
	/* Python: os.urandom(MESSAGE_LENGTH) */
	if ((n = getrandom(message + TAG_LEN, NONCE_LEN, 0)) != NONCE_LEN) {
		if (n >= 0)
			errno = EIO;
		syserr(who, "getrandom");
		return -1;
	}
	if (send_frame(fd, who, frame, sizeof frame) == -1)
		return -1;
	if ((r = recv_frame(fd, who, response, AUTH_FRAME_MAX, &len, false)) != 1)
		return -1;
	if (make_response(key, message, message_len, expected) == -1)
		return -1;
	/* constant time: how many bytes matched must not show in how long it took */
	if (len == sizeof expected && CRYPTO_memcmp(response, expected, sizeof expected) == 0)
		return send_frame(fd, who, WELCOME, sizeof WELCOME - 1) == -1 ? -1 : 1;
	/* said before #FAILURE# goes out, so it comes before the other side's message */
	if (by_server)
		printf(_("%s: refused: digest received was wrong (the client has another authkey)\n"),
		    who->name);
	else
		printf(_("%s: refused: digest received was wrong (the server has another authkey)\n"),
		    who->name);
	if (send_frame(fd, who, FAILURE, sizeof FAILURE - 1) == -1)
		return -1;
	return 0;
}

/*
 * Python:
 *   def answer_challenge(connection, authkey):
 *       message = connection.recv_bytes(256)         # reject large message
 *       assert message[:len(_CHALLENGE)] == _CHALLENGE, 'message = %r' % message
 *       message = message[len(_CHALLENGE):]
 *       digest = _create_response(authkey, message)  # b'{sha256}' + HMAC
 *       connection.send_bytes(digest)
 *       response = connection.recv_bytes(256)        # reject large message
 *       if response != _WELCOME:
 *           raise AuthenticationError('digest sent was rejected')
 * 1: welcome; 0: rejected (our key is wrong); -1: error.
 */
static int
answer_challenge(int fd, const struct party *who, const struct key *key)
{
	unsigned char msg[AUTH_FRAME_MAX + 1], digest[TAG_LEN + MAC_LEN];
	size_t len, clen = sizeof CHALLENGE - 1;

	if (recv_frame(fd, who, msg, AUTH_FRAME_MAX, &len, false) != 1)
		return -1;
	if (len < clen + TAG_LEN || memcmp(msg, CHALLENGE, clen) != 0 ||
	    memcmp(msg + clen, DIGEST_TAG, TAG_LEN) != 0) {
		fprintf(stderr, _("%s: %s: the other side sent no #CHALLENGE#{sha256}: "
		    "is it a proclab manager?\n"), prog, who->name);
		return -1;
	}
	if (make_response(key, msg + clen, len - clen, digest) == -1 ||
	    send_frame(fd, who, digest, sizeof digest) == -1)
		return -1;
	if (recv_frame(fd, who, msg, AUTH_FRAME_MAX, &len, false) != 1)
		return -1;
	if (len == sizeof WELCOME - 1 && memcmp(msg, WELCOME, len) == 0)
		return 1;
	return 0;
}

/* ------------------------------------------------------------ the server */

struct item {
	struct item	*next;
	size_t		 len;
	char		 text[];
};

/* One connection thread: running, finished (to be joined), or none. */
struct slot {
	enum { SLOT_FREE, SLOT_RUNNING, SLOT_DONE } state;
	pthread_t	 tid;           /* written and joined by the main thread only */
	int		 fd;            /* its socket while running, for shutdown() */
};

struct server {
	int		 listen_fd;
	struct key	 key;
	pthread_mutex_t	 lock;          /* guards everything below */
	pthread_cond_t	 changed;       /* an item arrived, or closing */
	struct item	*head, *tail;   /* the queue: Python's queue = Queue() */
	size_t		 nitems;
	bool		 closing;
	struct slot	 slots[MAX_CONNECTIONS];
	unsigned	 served;        /* connections accepted so far */
};

struct conn {
	struct server	*srv;
	int		 slot;
	int		 fd;
	struct party	 who;           /* "server, connection 3" */
};

static volatile sig_atomic_t stop_signal;

static void
on_stop(int sig)
{
	stop_signal = sig;
}

/* queue.put(text) */
static int
queue_put(struct server *srv, const char *text, size_t len)
{
	struct item *it = malloc(sizeof *it + len + 1);

	if (it == NULL)
		return -1;
	it->next = NULL;
	it->len = len;
	memcpy(it->text, text, len);
	it->text[len] = '\0';
	pthread_mutex_lock(&srv->lock);
	if (srv->tail != NULL)
		srv->tail->next = it;
	else
		srv->head = it;
	srv->tail = it;
	srv->nitems++;
	pthread_cond_broadcast(&srv->changed);
	pthread_mutex_unlock(&srv->lock);
	return 0;
}

/* queue.get(): waits for an item; NULL when the server is closing. */
static struct item *
queue_get(struct server *srv)
{
	struct item *it = NULL;

	pthread_mutex_lock(&srv->lock);
	while (srv->head == NULL && !srv->closing)
		pthread_cond_wait(&srv->changed, &srv->lock);
	if (srv->head != NULL) {
		it = srv->head;
		srv->head = it->next;
		if (srv->head == NULL)
			srv->tail = NULL;
		srv->nitems--;
	}
	pthread_mutex_unlock(&srv->lock);
	return it;
}

/* One connection: authenticate both ways, then serve put and get requests. */
static void *
serve_connection(void *arg)
{
	struct conn *c = arg;
	struct server *srv = c->srv;
	unsigned char req[MAX_FRAME + 16];
	size_t len;
	int r;

	/* Python: Server.handle_request -> deliver_challenge, then answer_challenge */
	if (deliver_challenge(c->fd, &c->who, &srv->key, true) != 1)
		goto out;
	if ((r = answer_challenge(c->fd, &c->who, &srv->key)) == 0)
		printf(_("%s: the client rejected our answer: it has another key\n"), c->who.name);
	if (r != 1)
		goto out;

	while ((r = recv_frame(c->fd, &c->who, req, MAX_FRAME, &len, true)) == 1) {
		char reply[MAX_FRAME + 16];
		size_t rlen;

		if (len >= 4 && memcmp(req, "put ", 4) == 0) {
			/* Python: queue.put('hello'), run by the server for the client */
			if (queue_put(srv, (char *)req + 4, len - 4) == -1) {
				syserr(&c->who, "malloc");
				rlen = (size_t)snprintf(reply, sizeof reply, "#ERROR out of memory");
			} else {
				printf(_("%s: put '%s'\n"), c->who.name, (char *)req + 4);
				rlen = (size_t)snprintf(reply, sizeof reply, "#RETURN");
			}
		} else if (len == 3 && memcmp(req, "get", 3) == 0) {
			struct item *it = queue_get(srv);

			if (it == NULL)
				break;          /* closing */
			printf(_("%s: get -> '%s'\n"), c->who.name, it->text);
			memcpy(reply, "#RETURN ", 8);
			memcpy(reply + 8, it->text, it->len);
			rlen = 8 + it->len;
			free(it);
		} else {
			printf(_("%s: unknown request\n"), c->who.name);
			rlen = (size_t)snprintf(reply, sizeof reply,
			    "#ERROR unknown request: use 'put MSG' or 'get'");
		}
		if (send_frame(c->fd, &c->who, reply, rlen) == -1)
			break;
	}
out:
	pthread_mutex_lock(&srv->lock);
	srv->slots[c->slot].fd = -1;            /* no shutdown() on it from now on */
	srv->slots[c->slot].state = SLOT_DONE;  /* the main thread joins it */
	pthread_mutex_unlock(&srv->lock);
	if (close(c->fd) == -1)
		syserr(&c->who, "close");
	free(c);
	return NULL;
}

/* pthread_join the connection threads that finished (all: every one), freeing their slots. */
static void
join_connections(struct server *srv, bool all)
{
	for (int i = 0; i < MAX_CONNECTIONS; i++) {
		int state, err;

		pthread_mutex_lock(&srv->lock);
		state = srv->slots[i].state;
		pthread_mutex_unlock(&srv->lock);
		if (state == SLOT_FREE || (state == SLOT_RUNNING && !all))
			continue;
		if ((err = pthread_join(srv->slots[i].tid, NULL)) != 0) {
			errno = err;
			syserr(&server_party, "pthread_join");
		}
		pthread_mutex_lock(&srv->lock);
		srv->slots[i].state = SLOT_FREE;
		pthread_mutex_unlock(&srv->lock);
	}
}

/* Start a thread for a new connection; the connection is closed when that fails. */
static void
start_connection(struct server *srv, int fd, const struct sockaddr_in *peer)
{
	struct conn *c;
	int slot = -1, err;

	join_connections(srv, false);
	pthread_mutex_lock(&srv->lock);
	for (int i = 0; i < MAX_CONNECTIONS; i++)
		if (srv->slots[i].state == SLOT_FREE) {
			slot = i;
			break;
		}
	pthread_mutex_unlock(&srv->lock);
	if (slot == -1) {
		fprintf(stderr, _("%s: %s: more than %d connections at once: closing the new one\n"),
		    prog, server_party.name, MAX_CONNECTIONS);
		close(fd);
		return;
	}
	if ((c = malloc(sizeof *c)) == NULL) {
		syserr(&server_party, "malloc");
		close(fd);
		return;
	}
	c->srv = srv;
	c->slot = slot;
	c->fd = fd;
	snprintf(c->who.tag, sizeof c->who.tag, "server, connection %u", ++srv->served);
	snprintf(c->who.name, sizeof c->who.name, _("server, connection %u"), srv->served);
	/* TRANSLATORS: who (the server's connection N), the client's address and port. */
	printf(_("%s: from %s:%u\n"), c->who.name, inet_ntoa(peer->sin_addr),
	    ntohs(peer->sin_port));

	pthread_mutex_lock(&srv->lock);
	srv->slots[slot].fd = fd;
	srv->slots[slot].state = SLOT_RUNNING;
	pthread_mutex_unlock(&srv->lock);
	/* Python: threading.Thread(target=self.handle_request, args=(c,)).start() */
	if ((err = pthread_create(&srv->slots[slot].tid, NULL, serve_connection, c)) != 0) {
		errno = err;
		syserr(&server_party, "pthread_create");
		pthread_mutex_lock(&srv->lock);
		srv->slots[slot].fd = -1;
		srv->slots[slot].state = SLOT_FREE;
		pthread_mutex_unlock(&srv->lock);
		close(fd);
		free(c);
	}
}

/*
 * Python: m.get_server().serve_forever()
 * Serves on listen_fd until SIGTERM or SIGINT, then closes every connection,
 * waits for their threads and returns 0 (1 when something failed).
 */
static int
serve_forever(int listen_fd, const struct key *key)
{
	struct server srv = { .listen_fd = listen_fd, .key = *key };
	struct sigaction sa;
	sigset_t stop, old;
	int rc = 0;

	for (int i = 0; i < MAX_CONNECTIONS; i++)
		srv.slots[i] = (struct slot){ .state = SLOT_FREE, .fd = -1 };
	pthread_mutex_init(&srv.lock, NULL);
	pthread_cond_init(&srv.changed, NULL);

	/* SIGTERM/SIGINT stay blocked (threads inherit that) except inside pselect */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	if (pthread_sigmask(SIG_BLOCK, &stop, &old) != 0 ||
	    sigaction(SIGTERM, &sa, NULL) == -1 || sigaction(SIGINT, &sa, NULL) == -1) {
		syserr(&server_party, "sigaction");
		rc = 1;
		goto out;
	}
	while (!stop_signal) {
		struct sockaddr_in peer;
		socklen_t plen = sizeof peer;
		fd_set readable;
		int fd;

		FD_ZERO(&readable);
		FD_SET(listen_fd, &readable);
		if (pselect(listen_fd + 1, &readable, NULL, NULL, NULL, &old) == -1) {
			if (errno == EINTR)
				continue;
			syserr(&server_party, "pselect");
			rc = 1;
			break;
		}
		fd = accept4(listen_fd, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN)
				continue;
			syserr(&server_party, "accept");
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
			    errno == ENOMEM)
				continue;       /* a full table passes; keep serving */
			rc = 1;
			break;
		}
		start_connection(&srv, fd, &peer);
	}

	/* Shut down: wake every connection thread, then join them all. */
	pthread_mutex_lock(&srv.lock);
	srv.closing = true;
	for (int i = 0; i < MAX_CONNECTIONS; i++)
		if (srv.slots[i].fd != -1)
			shutdown(srv.slots[i].fd, SHUT_RDWR);      /* their recv() returns 0 */
	pthread_cond_broadcast(&srv.changed);   /* a get waiting for an item gives up */
	pthread_mutex_unlock(&srv.lock);
	join_connections(&srv, true);
	if (stop_signal != 0)
		/* TRANSLATORS: "server", the signal's name (SIGINT, SIGTERM), the items left. */
		printf(ngettext("%s: stopped by %s; %zu item left in the queue\n",
		    "%s: stopped by %s; %zu items left in the queue\n", srv.nitems),
		    server_party.name, stop_signal == SIGINT ? "SIGINT" : "SIGTERM", srv.nitems);
	else
		printf(ngettext("%s: stopped by an error; %zu item left in the queue\n",
		    "%s: stopped by an error; %zu items left in the queue\n", srv.nitems),
		    server_party.name, srv.nitems);
	while (srv.head != NULL) {
		struct item *next = srv.head->next;

		free(srv.head);
		srv.head = next;
	}
out:
	if (close(listen_fd) == -1) {
		syserr(&server_party, "close");
		rc = 1;
	}
	pthread_cond_destroy(&srv.changed);
	pthread_mutex_destroy(&srv.lock);
	return rc;
}

/* socket, bind to 127.0.0.1:port (0: any free port), listen; *portp: the port. */
static int
make_listener(int port, int *portp)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t alen = sizeof addr;
	int fd, one = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		syserr(&server_party, "socket");
		return -1;
	}
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == -1) {
		syserr(&server_party, "setsockopt SO_REUSEADDR");
		goto out_close;
	}
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == -1) {
		fprintf(stderr, "%s: %s: bind 127.0.0.1:%d: %s\n", prog, server_party.name, port,
		    strerror(errno));
		goto out_close;
	}
	if (listen(fd, 16) == -1) {
		syserr(&server_party, "listen");
		goto out_close;
	}
	if (getsockname(fd, (struct sockaddr *)&addr, &alen) == -1) {
		syserr(&server_party, "getsockname");
		goto out_close;
	}
	*portp = ntohs(addr.sin_port);
	return fd;
out_close:
	close(fd);
	return -1;
}

/* ------------------------------------------------------------ a client */

/*
 * Python:
 *   m = QueueManager(address=('localhost', 50000), authkey=b'abc')
 *   m.connect()
 *   queue = m.get_queue()
 *   queue.put('hello')            (put != NULL)
 *   msg = queue.get(); print(msg) (put == NULL)
 * Returns the exit status: 0 done, 1 failed (said on stderr).
 */
static int
client(const struct party *who, int port, const struct key *key, const char *put, int timeout_s)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	unsigned char reply[MAX_FRAME + 16];
	char req[MAX_FRAME + 8];
	size_t len, rlen;
	int fd, r, rc = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		syserr(who, "socket");
		return 1;
	}
	if (timeout_s > 0) {
		struct timeval tv = { .tv_sec = timeout_s };

		if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == -1) {
			syserr(who, "setsockopt SO_RCVTIMEO");
			goto out_close;
		}
	}
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == -1) {
		if (errno == ECONNREFUSED)
			fprintf(stderr, _("%s: %s: connect 127.0.0.1:%d: %s (is a server running? "
			    "start one with --serve)\n"), prog, who->name, port, strerror(errno));
		else
			fprintf(stderr, "%s: %s: connect 127.0.0.1:%d: %s\n", prog, who->name, port,
			    strerror(errno));
		goto out_close;
	}
	/* Python: Client(address, authkey=...): answer_challenge, then deliver_challenge */
	if ((r = answer_challenge(fd, who, key)) == 0)
		fprintf(stderr, _("%s: %s: authentication failed: wrong key\n"), prog, who->name);
	if (r != 1)
		goto out_close;
	if ((r = deliver_challenge(fd, who, key, false)) == 0)
		fprintf(stderr, _("%s: %s: authentication failed: the server does not know the key\n"),
		    prog, who->name);
	if (r != 1)
		goto out_close;
	printf(_("%s: authenticated (HMAC-SHA256 challenge, both ways)\n"), who->name);

	if (put != NULL) {
		printf("%s: queue.put('%s')\n", who->name, put);
		len = (size_t)snprintf(req, sizeof req, "put %s", put);
	} else {
		printf("%s: queue.get()\n", who->name);
		len = (size_t)snprintf(req, sizeof req, "get");
	}
	if (send_frame(fd, who, req, len) == -1)
		goto out_close;
	if (recv_frame(fd, who, reply, MAX_FRAME + 8, &rlen, false) != 1)
		goto out_close;
	if (put == NULL && rlen >= 8 && memcmp(reply, "#RETURN ", 8) == 0) {
		printf("%s\n", (char *)reply + 8);  /* Python: print(msg) */
		rc = 0;
	} else if (put != NULL && rlen == 7 && memcmp(reply, "#RETURN", 7) == 0)
		rc = 0;
	else
		fprintf(stderr, _("%s: %s: the server answered: %s\n"), prog, who->name,
		    (char *)reply);
out_close:
	if (close(fd) == -1) {
		syserr(who, "close");
		rc = 1;
	}
	return rc;
}

/* ------------------------------------------------------------ the demo */

/* Run fn in a child process and wait for it; its exit status, or -1. */
static int
run_client(const struct party *who, int port, const struct key *key, const char *put)
{
	int status;
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) == -1) {
		syserr(NULL, "fork");
		return -1;
	}
	if (pid == 0)
		_exit(client(who, port, key, put, DEMO_TIMEOUT_S));
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			syserr(NULL, "waitpid");
			return -1;
		}
	if (!WIFEXITED(status)) {
		fprintf(stderr, _("%s: %s was killed by signal %d\n"), prog, who->name,
		    WTERMSIG(status));
		return -1;
	}
	return WEXITSTATUS(status);
}

static int
demo(int port, const struct key *key)
{
	struct key wrong = { (const unsigned char *)"xyz", 3 };
	int listen_fd, status, rc = 1, r;
	pid_t server, parent;
	struct party client1, client2, intruder;

	/* Python (SERVIDOR):
	 *   QueueManager.register('get_queue', callable=lambda: queue)
	 *   m = QueueManager(address=('', 50000), authkey=b'abc')
	 *   m.get_server().serve_forever()
	 * The parent binds the socket first, so the port is known and clients can
	 * connect as soon as they start. */
	if (key->len == wrong.len && memcmp(key->p, wrong.p, wrong.len) == 0)
		wrong.p = (const unsigned char *)"abc";        /* still a wrong one */
	if ((listen_fd = make_listener(port, &port)) == -1)
		return 1;
	printf(_("%s: serving a queue on 127.0.0.1:%d, authkey b'%.*s'\n"), server_party.name,
	    port, (int)key->len, (const char *)key->p);
	fflush(stdout);
	parent = getpid();
	if ((server = fork()) == -1) {
		syserr(NULL, "fork");
		close(listen_fd);
		return 1;
	}
	if (server == 0) {
		/* If the demo dies (say, killed by SIGPIPE when its output is cut
		 * short), the server must not outlive it: ask for a SIGTERM then. */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1) {
			syserr(&server_party, "prctl");
			_exit(1);
		}
		if (getppid() != parent)        /* it died before prctl */
			_exit(0);
		_exit(serve_forever(listen_fd, key));
	}
	if (close(listen_fd) == -1) {           /* the server's copy stays open */
		syserr(NULL, "close");
		goto out_stop;
	}

	/* Python (CLIENTES): python cliente.py 1 -> queue.put('hello') */
	party_set(&client1, "client 1", _("client 1"));
	if ((r = run_client(&client1, port, key, "hello")) != 0) {
		if (r > 0)
			fprintf(stderr, _("%s: client 1 failed (exit %d)\n"), prog, r);
		goto out_stop;
	}
	/* A client with another authkey, b'xyz': refused, and the server goes on */
	printf("\n");
	snprintf(intruder.tag, sizeof intruder.tag, "client with authkey b'%s'",
	    (const char *)wrong.p);
	snprintf(intruder.name, sizeof intruder.name, _("client with authkey b'%s'"),
	    (const char *)wrong.p);
	if ((r = run_client(&intruder, port, &wrong, "intruder")) != 1) {
		if (r >= 0)
			fprintf(stderr, _("%s: the wrong key was not refused (exit %d)\n"), prog, r);
		goto out_stop;
	}
	printf("\n");
	/* Python: python cliente.py 2 -> msg = queue.get(); print(msg) */
	party_set(&client2, "client 2", _("client 2"));
	if ((r = run_client(&client2, port, key, NULL)) != 0) {
		if (r > 0)
			fprintf(stderr, _("%s: client 2 failed (exit %d)\n"), prog, r);
		goto out_stop;
	}
	rc = 0;
out_stop:
	printf("\n");
	fflush(stdout);
	if (kill(server, SIGTERM) == -1) {
		syserr(NULL, "kill");
		rc = 1;
	}
	while (waitpid(server, &status, 0) == -1)
		if (errno != EINTR) {
			syserr(NULL, "waitpid");
			return 1;
		}
	if (WIFEXITED(status))
		printf(_("server process reaped, exit status %d\n"), WEXITSTATUS(status));
	else
		printf(_("server process reaped, killed by signal %d\n"), WTERMSIG(status));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		rc = 1;
	if (rc == 0)
		printf(_("\n"
		    "Client 1 put 'hello' into a queue that lives in the server process; client 2\n"
		    "got it over TCP. Before serving a request, the server sent a random challenge\n"
		    "and checked the HMAC-SHA256 of it under the authkey (CRYPTO_memcmp, constant\n"
		    "time), and the client did the same to the server; the key itself never went\n"
		    "over the wire (see --trace). The client with authkey b'%s' answered with a\n"
		    "wrong HMAC, got #FAILURE# and was closed; the server went on serving. Calls:\n"
		    "socket, bind, listen, accept4, connect, send/recv of length-prefixed frames,\n"
		    "getrandom, HMAC; a thread per connection; fork, kill(SIGTERM), waitpid.\n"),
		    (const char *)wrong.p);
	if (rc == 0)
		printf(_("Exercise 12 (manager-chat) does the opposite: its client's first line is\n"
		    "KEY <key>, the key itself in clear text, so anyone who can watch the\n"
		    "connection learns it; it keeps out only clients that were never told the key.\n"));
	if (rc == 0)
		lesson_where(stdout, "15-remote-manager.c", NULL);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ "trace", no_argument, NULL, 'T' },
		{ "serve", no_argument, NULL, 's' },
		{ "put", required_argument, NULL, 'p' },
		{ "get", no_argument, NULL, 'g' },
		{ "port", required_argument, NULL, 'P' },
		{ "authkey", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	const char *put = NULL, *authkey = DEFAULT_AUTHKEY;
	struct key key;
	struct party one_client;
	int c, mode = 0, port = -1;     /* mode: 0 demo, 's', 'p', 'g' */

	lesson_i18n();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'q':
			break;
		case 'T':
			trace = true;
			break;
		case 's':
		case 'p':
		case 'g':
			if (mode != 0 && mode != c)
				bad_usage(_("--serve, --put and --get go one at a time"));
			mode = c;
			if (c == 'p') {
				put = optarg;
				if (strlen(put) > MAX_FRAME - 8)
					bad_usage(_("--put: the message is longer than %d bytes"),
					    MAX_FRAME - 8);
			}
			break;
		case 'P':
			port = (int)parse_number("--port", optarg, 0, 65535);
			break;
		case 'k':
			authkey = optarg;
			if (authkey[0] == '\0' || strlen(authkey) > MAX_AUTHKEY)
				bad_usage(_("--authkey: give 1 to %d bytes"), MAX_AUTHKEY);
			break;
		default:
			bad_option(c, argv);
		}
	}
	if (optind < argc)
		bad_usage(_("unexpected argument '%s'"), argv[optind]);
	if ((mode == 'p' || mode == 'g') && port == 0)
		bad_usage(_("--port: a client needs the server's port, not 0"));
	party_set(&server_party, "server", _("server"));
	key.p = (const unsigned char *)authkey;
	key.len = strlen(authkey);
	setvbuf(stdout, NULL, _IOLBF, 0);

	switch (mode) {
	case 's': {
		int fd, rc;

		if ((fd = make_listener(port == -1 ? DEFAULT_PORT : port, &port)) == -1)
			return 1;
		printf(_("%s: serving a queue on 127.0.0.1:%d, authkey b'%s' (Ctrl-C stops it)\n"),
		    server_party.name, port, authkey);
		rc = serve_forever(fd, &key);
		return rc;
	}
	case 'p':
	case 'g':
		party_set(&one_client, "client", _("client"));
		return client(&one_client, port == -1 ? DEFAULT_PORT : port, &key, put, 0);
	default:
		return demo(port == -1 ? 0 : port, &key);
	}
}
