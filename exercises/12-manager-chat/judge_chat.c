/* SPDX-License-Identifier: MIT */
/*
 * judge_chat.c: the judge of exercise 12 (chat through a manager). It chooses the key and
 * every message of each test from the seed, and decides from what test_chat.c reports:
 * the replies the test's own client got from the manager, what the student's client
 * functions returned and gave, the lines the test's manager received, how manager_stop
 * left things and how many processes were still running after it. Every expected answer
 * is computed here from the judge's own inputs and the protocol of README.md.
 *
 * The judge walks the steps of a test in the order the harness made them. The first
 * observation that is wrong fails the test; the first one that is missing is the step the
 * test was in when it stopped (the deadline, a crash, exit() called), which the message
 * names.
 */
#define _GNU_SOURCE
#include "judge.h"
#include "chat.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define DEADLINE_S	5
#define GRACE_S		1
#define TURNS		8
#define LIST_MAX	4096
#define MSGS_MAX	8
#define SHOW_MAX	80      /* bytes of a line shown in a message */

/* The report's encoding (see test_chat.c). */
#define ANS_END		(-1)
#define ANS_CLOSED	(-2)
#define ANS_SILENT	(-3)
#define ANS_SEND_CLOSED	(-4)
#define ANS_NO_CONNECT	(-1000)
#define ANS_MIN		(ANS_NO_CONNECT - 4095)
#define END_DONE	0
#define END_DEADLINE	1
#define END_SIGNAL	2
#define END_EXIT	3
#define UNREAPED_NONE		0
#define UNREAPED_MANAGER	1
#define UNREAPED_OTHER		2
#define RUNNING_MANAGER		3
#define RUNNING_OTHER		4
#define SIDE_RETURNED	0
#define SIDE_KILLED	1
#define SIDE_EXITED	2

static const struct judge_report reports[] = {
	JUDGE_LONGS("start", LONG_MIN, LONG_MAX, 4),
	JUDGE_LONGS("answers", ANS_MIN, 255, LIST_MAX),
	JUDGE_LONGS("connect", LONG_MIN, LONG_MAX, 8),
	JUDGE_LONGS("put", LONG_MIN, LONG_MAX, 24),
	JUDGE_LONGS("get", LONG_MIN, LONG_MAX, 24),
	JUDGE_LONGS("got", ANS_END, 255, LIST_MAX),
	JUDGE_LONGS("fake", ANS_SILENT, 255, LIST_MAX),
	JUDGE_LONGS("sides", LONG_MIN, LONG_MAX, 8),
	JUDGE_LONGS("theirs_0", ANS_END, 255, TURNS * (CHAT_MSG_MAX + 1)),
	JUDGE_LONGS("theirs_1", ANS_END, 255, TURNS * (CHAT_MSG_MAX + 1)),
	JUDGE_LONGS("stop", LONG_MIN, LONG_MAX, 2),
	JUDGE_LONG("unreaped", UNREAPED_NONE, RUNNING_OTHER),
	JUDGE_LONG("left_running", -1, LONG_MAX),
	JUDGE_LONGS("end", 0, LONG_MAX, 2),
};

/* ---------------------------------------------------------------- the plan */

static const char *const words[] = {
	"oi", "tudo", "bem", "processo", "fila", "mensagem", "ação", "canal", "servidor",
	"chave", "porta", "127.0.0.1", "!", "?", "(ok)"
};

/* "A3:" and 2 to 7 words; LONGEST: then letters up to CHAT_MSG_MAX - 1 bytes. */
static void
make_message(struct judge *j, char *buf, char who, int i, bool longest)
{
	size_t len = (size_t)snprintf(buf, CHAT_MSG_MAX, "%c%d:", who, i);
	int n = 2 + (int)judge_random_below(j, 6);

	for (int w = 0; w < n; w++)
		len += (size_t)snprintf(buf + len, CHAT_MSG_MAX - len, " %s",
		    words[judge_random_below(j, sizeof words / sizeof words[0])]);
	while (longest && len + 1 < CHAT_MSG_MAX)
		buf[len++] = (char)('a' + judge_random_below(j, 26));
	buf[len] = '\0';
}

/* N messages as input NAME: their bytes, 0 between two. */
static void
input_msgs(struct judge *j, const char *name, char msgs[][CHAT_MSG_MAX], int n)
{
	long v[MSGS_MAX * CHAT_MSG_MAX];
	size_t len = 0;

	for (int i = 0; i < n; i++) {
		if (i > 0)
			v[len++] = 0;
		for (const char *p = msgs[i]; *p != '\0'; p++)
			v[len++] = (unsigned char)*p;
	}
	judge_input_longs(j, name, v, len);
}

/* The messages of input NAME back (the same bytes as the plan's); how many. */
static int
in_msgs(const struct judge *j, const char *name, char out[][CHAT_MSG_MAX])
{
	size_t n, len = 0;
	const long *v = judge_in_longs(j, name, &n);
	int k = 0;

	memset(out[0], 0, CHAT_MSG_MAX);
	for (size_t i = 0; i < n; i++) {
		if (v[i] == 0) {
			if (++k == MSGS_MAX)
				break;
			memset(out[k], 0, CHAT_MSG_MAX);
			len = 0;
		} else if (len + 1 < CHAT_MSG_MAX) {
			out[k][len++] = (char)v[i];
		}
	}
	return k + 1;
}

static void
plan_key(struct judge *j)
{
	judge_input_long(j, "key", (long)judge_random_below(j, 10000));
}

static void
plan_handshake(struct judge *j)
{
	plan_key(j);
}

static void
plan_wrong_key(struct judge *j)
{
	char m[1][CHAT_MSG_MAX];

	plan_key(j);
	make_message(j, m[0], 'X', 0, false);
	input_msgs(j, "sneaky", m, 1);
}

/* Three messages: one with UTF-8 (olá), one with two spaces in a row. */
static void
plan_protocol(struct judge *j)
{
	char m[3][CHAT_MSG_MAX], w[CHAT_MSG_MAX];

	plan_key(j);
	make_message(j, w, 'A', 0, false);
	snprintf(m[0], CHAT_MSG_MAX, "olá, %.200s", w);
	make_message(j, m[1], 'B', 1, false);
	make_message(j, w, 'A', 2, false);
	snprintf(m[2], CHAT_MSG_MAX, "%.200s  (two spaces)", w);
	input_msgs(j, "msgs", m, 3);
}

/* Six messages per queue, the fourth of 255 bytes. */
static void
plan_queue_order(struct judge *j)
{
	char m[6][CHAT_MSG_MAX];

	plan_key(j);
	for (int q = 0; q < 2; q++) {
		for (int i = 0; i < 6; i++)
			make_message(j, m[i], q == 0 ? 'A' : 'B', i, i == 3);
		input_msgs(j, q == 0 ? "queue_0" : "queue_1", m, 6);
	}
}

static void
plan_pieces(struct judge *j)
{
	char m[6][CHAT_MSG_MAX];

	plan_key(j);
	for (int i = 0; i < 6; i++)
		make_message(j, m[i], 'P', i, false);
	input_msgs(j, "msgs", m, 6);
}

/* Each side's 8 lines, the fourth of 255 bytes. */
static void
plan_chat(struct judge *j)
{
	char m[TURNS][CHAT_MSG_MAX];

	plan_key(j);
	for (int s = 0; s < 2; s++) {
		for (int i = 0; i < TURNS; i++)
			make_message(j, m[i], s == 0 ? 'A' : 'B', i, i == 3);
		input_msgs(j, s == 0 ? "script_0" : "script_1", m, TURNS);
	}
}

/* ---------------------------------------------------------------- reading the report */

/* A report read in order. */
struct seq {
	const long	*v;
	size_t		 n, i;
};

struct walk {
	struct judge	*j;
	const char	*hint;          /* why a step of this test may never end (or NULL) */
	char		 key[64];
	long		 port;
	bool		 connected;     /* a connection to the manager worked before */
	struct seq	 answers, connect, put, get, got, fake;
};

/* A line of the report: its bytes, or (code < 0) what came instead. */
struct answer {
	long		 code;
	const long	*b;
	size_t		 len;
};

static struct seq
seq_of(struct judge *j, const char *name)
{
	struct seq s = { NULL, 0, 0 };

	if (judge_has(j, name))
		s.v = judge_longs(j, name, &s.n);
	return s;
}

static void
walk_init(struct walk *w, struct judge *j, const char *hint)
{
	memset(w, 0, sizeof *w);
	w->j = j;
	w->hint = hint;
	snprintf(w->key, sizeof w->key, "proclab-%04ld", judge_in_long(j, "key"));
	w->answers = seq_of(j, "answers");
	w->connect = seq_of(j, "connect");
	w->put = seq_of(j, "put");
	w->get = seq_of(j, "get");
	w->got = seq_of(j, "got");
	w->fake = seq_of(j, "fake");
}

/* The test stopped while DOING, a translated clause (its next observation is missing):
 * say how; HINT (a translated sentence, or NULL) says why a step may never end. */
static void
stalled(struct walk *w, const char *doing, const char *hint)
{
	size_t n;
	const long *end = judge_longs(w->j, "end", &n);

	if (judge_failed(w->j))
		return;
	if (n != 2) {
		judge_fail(w->j, "the test reported how it ended with %zu numbers, not 2", n);
		return;
	}
	if (end[0] == END_DEADLINE && hint != NULL)
		/* TRANSLATORS: the first %s is what the test was doing, a clause translated on
		 * its own ("the test's client sent "GET 0"", "starting the manager"), so that
		 * it follows "while"; the second why a step may never end */
		judge_fail(w->j, "no progress for %d s while %s: %s", DEADLINE_S, doing, hint);
	else if (end[0] == END_DEADLINE)
		/* TRANSLATORS: %s is what the test was doing, a clause (see above) */
		judge_fail(w->j, "no progress for %d s while %s", DEADLINE_S, doing);
	else if (end[0] == END_SIGNAL)
		/* TRANSLATORS: what the test was doing, a clause, then the signal's name */
		judge_fail(w->j, "the test process crashed while %s: %s", doing,
		    lab_strsignal((int)end[1]));
	else if (end[0] == END_EXIT)
		/* TRANSLATORS: %s is what the test was doing, a clause that follows "while" */
		judge_fail(w->j, "exit() was called while %s (only the manager's own processes "
		    "may exit)", doing);
	else
		/* TRANSLATORS: %s is what the test was doing, a clause that follows "while" */
		judge_fail(w->j, "the test ended while %s without reporting what it saw", doing);
}

/* The next line (or code) of S; false (the test stalled while DOING) when there is none. */
static bool
next_line(struct walk *w, struct seq *s, struct answer *a, const char *doing)
{
	if (judge_failed(w->j))
		return false;
	if (s->i >= s->n) {
		stalled(w, doing, w->hint);
		return false;
	}
	a->b = s->v + s->i;
	a->len = 0;
	a->code = 0;
	if (s->v[s->i] < ANS_END) {
		a->code = s->v[s->i++];
		return true;
	}
	while (s->i < s->n && s->v[s->i] != ANS_END) {
		if (s->v[s->i] < 0) {
			judge_fail(w->j, "the test reported a line with the value %ld in it",
			    s->v[s->i]);
			return false;
		}
		s->i++;
		a->len++;
	}
	if (s->i++ == s->n) {
		judge_fail(w->j, "the test reported a line without its end");
		return false;
	}
	return true;
}

static bool
same(const struct answer *a, const char *s)
{
	if (a->code != 0 || a->len != strlen(s))
		return false;
	for (size_t i = 0; i < a->len; i++)
		if (a->b[i] != (unsigned char)s[i])
			return false;
	return true;
}

/* The line's bytes FROM.. as text for a message (NUL bytes as '?', SHOW_MAX of them at
 * most, "..." where some are left out). */
static const char *
show_from(const struct answer *a, size_t from, char *buf, size_t size)
{
	size_t k = 0, to = a->len < from + SHOW_MAX ? a->len : from + SHOW_MAX;

	if (from > 0)
		k += (size_t)snprintf(buf, size, "...");
	for (size_t i = from; i < to && k + 4 < size; i++)
		buf[k++] = a->b[i] == 0 ? '?' : (char)a->b[i];
	if (to < a->len && k + 4 < size)
		k += (size_t)snprintf(buf + k, size - k, "...");
	buf[k] = '\0';
	return buf;
}

static const char *
show(const struct answer *a, char *buf, size_t size)
{
	return show_from(a, 0, buf, size);
}

/* S from byte FROM, cut like show_from. */
static const char *
cut_from(const char *s, size_t from, char *buf, size_t size)
{
	size_t len = strlen(s);

	if (from > len)
		from = len;
	snprintf(buf, size, "%s%.*s%s", from > 0 ? "..." : "", SHOW_MAX, s + from,
	    len - from > SHOW_MAX ? "..." : "");
	return buf;
}

static const char *
cut(const char *s, char *buf, size_t size)
{
	return cut_from(s, 0, buf, size);
}

/* A line A that should have been WANT, both shown from a little before their first
 * difference when it lies beyond what a message shows. */
static void
show_both(const struct answer *a, const char *want, char *got, char *wnt, size_t size)
{
	size_t d = 0, len = strlen(want), from = 0;

	while (d < a->len && d < len && a->b[d] == (unsigned char)want[d])
		d++;
	if (d + 10 > SHOW_MAX)
		from = d - 20;
	show_from(a, from, got, size);
	cut_from(want, from, wnt, size);
}

/* ---------------------------------------------------------------- the test's client */

/* What came instead of a line, for REQUEST (quoted, and how it was sent); false when it
 * was a line. */
static bool
not_a_line(struct walk *w, const struct answer *a, const char *request, const char *want)
{
	bool before = w->connected;

	if (a->code > ANS_NO_CONNECT)
		w->connected = true;
	if (a->code == 0)
		return false;
	if (a->code == ANS_SEND_CLOSED)
		judge_fail(w->j, "the manager hung up when it was sent %s", request);
	else if (a->code == ANS_CLOSED)
		judge_fail(w->j, "the manager hung up after %s (expected \"%s\")", request, want);
	else if (a->code == ANS_SILENT && w->hint != NULL)
		judge_fail(w->j, "the manager did not answer %s within 2 s (expected \"%s\"): %s",
		    request, want, w->hint);
	else if (a->code == ANS_SILENT)
		judge_fail(w->j, "the manager did not answer %s within 2 s (expected \"%s\")",
		    request, want);
	else if (before)
		judge_fail(w->j, "could not connect to the manager on 127.0.0.1:%ld: %s (it took "
		    "connections before: the manager must go on listening until manager_stop)",
		    w->port, lab_strerror((int)(ANS_NO_CONNECT - a->code)));
	else
		judge_fail(w->j, "could not connect to the manager on 127.0.0.1:%ld: %s (is it "
		    "listening before manager_start returns?)", w->port,
		    lab_strerror((int)(ANS_NO_CONNECT - a->code)));
	return true;
}

/* The reply to REQUEST (without its newline; HOW: how it was sent, translated, or NULL)
 * should be the line WANT; WHY (translated, or NULL) explains a wrong one. */
static bool
expect_reply(struct walk *w, const char *request, const char *how, const char *want,
    const char *why)
{
	char doing[SHOW_MAX + 400], req[SHOW_MAX + 300], wnt[SHOW_MAX + 32], got[SHOW_MAX + 32];
	struct answer a;

	/* the request quoted, then how it was sent: "PUT 0 A3: oi" (in pieces: ...) */
	cut(request, got, sizeof got);
	if (how != NULL)
		snprintf(req, sizeof req, "\"%s\" %s", got, how);
	else
		snprintf(req, sizeof req, "\"%s\"", got);
	cut(want, wnt, sizeof wnt);
	/* TRANSLATORS: a clause, shown as "no progress for 5 s while the test's client sent
	 * "GET 0"" (what the test was doing when it stopped); %s is the request */
	snprintf(doing, sizeof doing, _("the test's client sent %s"), req);
	if (!next_line(w, &w->answers, &a, doing) || not_a_line(w, &a, req, wnt))
		return false;
	if (same(&a, want))
		return true;
	show_both(&a, want, got, wnt, sizeof got);
	if (why != NULL)
		judge_fail_values(w->j, wnt, got, "the manager answered %s with \"%s\", expected "
		    "\"%s\": %s", req, got, wnt, why);
	else
		judge_fail_values(w->j, wnt, got, "the manager answered %s with \"%s\", expected "
		    "\"%s\" (see the protocol in README.md)", req, got, wnt);
	return false;
}

/* Why a reply or a message was wrong (translated where used). */
static const char fifo[] = N_("a queue gives back every message, whole, in the order they "
    "were put (first in, first out)");
static const char fifo_pieces[] = N_("a queue gives back every message, whole, in the order "
    "they were put (first in, first out); and a reply may come in pieces: read it up to its "
    "newline");
static const char two_at_once[] = N_("a read may return more than one line; keep what "
    "follows the newline for the next request");
/* TRANSLATORS: a clause, shown as "no progress for 5 s while your client talked to ..." */
static const char pieces_doing[] = N_("your client talked to the test's manager, whose "
    "replies come in pieces");

/* The manager must hang up on REQUEST: a wrong key (BEFORE_KEY false) or a request before
 * any key. */
static bool
expect_refusal(struct walk *w, const char *request, bool before_key)
{
	char doing[SHOW_MAX + 80], req[SHOW_MAX + 24], got[SHOW_MAX + 16];
	struct answer a;

	cut(request, got, sizeof got);
	snprintf(req, sizeof req, "\"%s\"", got);
	/* TRANSLATORS: a clause, shown as "no progress for 5 s while the test's client sent
	 * "GET 0"" (what the test was doing when it stopped); %s is the request */
	snprintf(doing, sizeof doing, _("the test's client sent %s"), req);
	if (!next_line(w, &w->answers, &a, doing))
		return false;
	if (a.code <= ANS_NO_CONNECT)
		return !not_a_line(w, &a, req, "");
	w->connected = true;
	if (a.code == ANS_CLOSED || a.code == ANS_SEND_CLOSED)
		return true;
	if (a.code == 0 && !before_key)
		judge_fail(w->j, "a client with the wrong key was accepted (it sent %s, the "
		    "manager answered \"%s\"): the manager must compare the key and hang up "
		    "(close the connection) when it is wrong", req, show(&a, got, sizeof got));
	else if (a.code == 0)
		judge_fail(w->j, "a client that sent %s before any key was answered \"%s\": "
		    "the first line must be the key, anything else is refused", req,
		    show(&a, got, sizeof got));
	else if (before_key)
		judge_fail(w->j, "a client that sent %s before any key got no answer for 2 s: the "
		    "manager must refuse it by closing the connection", req);
	else
		judge_fail(w->j, "a client that sent %s (a wrong key) got no answer for 2 s: the "
		    "manager must refuse it by closing the connection", req);
	return false;
}

/* ---------------------------------------------------------------- your functions */

struct call {
	long	ret, err;
};

static bool
next_call(struct walk *w, struct seq *s, struct call *c, const char *doing)
{
	if (judge_failed(w->j))
		return false;
	if (s->i + 2 > s->n) {
		stalled(w, doing, w->hint);
		return false;
	}
	c->ret = s->v[s->i];
	c->err = s->v[s->i + 1];
	s->i += 2;
	return true;
}

/* FUNCTION returned -1 (or not 0): the message, naming the call WHAT (translated: e.g.
 * "manager_connect with the right key"), or FUNCTION when WHAT is NULL. */
static void
call_failed(struct walk *w, const char *function, const char *what, const struct call *c)
{
	const char *call = what != NULL ? what : function;

	if (c->ret == -1 && c->err == ENOSYS)
		/* TRANSLATORS: %s is a function: manager_start, queue_put, ... */
		judge_fail(w->j, "%s: not written yet: see the TODO in chat.c", function);
	else if (c->ret == -1)
		/* TRANSLATORS: %s is the call: a function, or a function and which call of it
		 * ("queue_put (queue 0, message 2 of 6)"); then the error's text */
		judge_fail(w->j, "%s returned -1: %s", call, c->err != 0 ?
		    lab_strerror((int)c->err) : _("errno not set"));
	else
		/* TRANSLATORS: %s is the call (see "%s returned -1: %s") */
		judge_fail(w->j, "%s returned %ld, expected 0 (or -1 on failure)", call, c->ret);
}

static bool
expect_start(struct walk *w)
{
	size_t n;
	const long *s;

	if (judge_failed(w->j))
		return false;
	if (!judge_has(w->j, "start")) {
		/* TRANSLATORS: a clause, shown as "no progress for 5 s while starting the
		 * manager (manager_start)" (what the test was doing when it stopped) */
		stalled(w, _("starting the manager (manager_start)"), NULL);
		return false;
	}
	s = judge_longs(w->j, "start", &n);
	if (n != 4) {
		judge_fail(w->j, "the test reported manager_start with %zu numbers, not 4", n);
		return false;
	}
	if (s[0] != 0)
		call_failed(w, "manager_start", NULL, &(struct call){ s[0], s[1] });
	else if (s[2] <= 0)
		judge_fail(w->j, "manager_start returned 0 but set *pid to %ld: it must be the "
		    "manager's process id", s[2]);
	else if (s[3] <= 0 || s[3] > 65535)
		judge_fail(w->j, "manager_start returned 0 but set *port to %ld: it must be the "
		    "port the manager listens on (getsockname after bind)", s[3]);
	w->port = s[3];
	w->connected = false;   /* a new manager */
	return !judge_failed(w->j);
}

/* manager_connect with the right key (DOING, translated): a connection. IN_PIECES: the
 * test's manager answered the key with "OK" in two pieces. */
static bool
expect_connect(struct walk *w, const char *doing, bool in_pieces)
{
	struct call c;

	if (!next_call(w, &w->connect, &c, doing))
		return false;
	if (c.ret >= 0)
		return w->connected = true;
	if (c.ret == -1 && c.err != ENOSYS && in_pieces)
		judge_fail(w->j, "manager_connect returned -1 (%s) although the manager answered "
		    "\"OK\" (in two pieces, \"O\", then \"K\" and the newline): read up to the "
		    "newline", lab_strerror((int)c.err));
	else
		/* TRANSLATORS: the call that failed, in "%s returned -1: %s" */
		call_failed(w, "manager_connect", _("manager_connect with the right key"), &c);
	return false;
}

/* ---------------------------------------------------------------- the end of every test */

static bool
expect_unreaped(struct walk *w)
{
	long u = judge_long(w->j, "unreaped");

	if (judge_failed(w->j))
		return false;
	if (u == UNREAPED_MANAGER)
		judge_fail(w->j, "zombie: after manager_stop returned, the manager process had "
		    "ended but was never reaped: manager_stop must wait for it with waitpid");
	else if (u == UNREAPED_OTHER)
		judge_fail(w->j, "zombie: after manager_stop returned, a child process of "
		    "manager_start had ended but was never reaped: call waitpid() for every child "
		    "you started");
	else if (u == RUNNING_MANAGER)
		judge_fail(w->j, "after manager_stop returned, the manager process was still "
		    "running: manager_stop must end it (kill) and then wait for it with waitpid");
	else if (u == RUNNING_OTHER)
		judge_fail(w->j, "after manager_stop returned, a child process of manager_start "
		    "was still running: end every process you started and wait for it");
	return !judge_failed(w->j);
}

static void
expect_none_left(struct walk *w)
{
	long n = judge_long(w->j, "left_running");

	if (judge_failed(w->j))
		return;
	if (n == -1)
		judge_fail(w->j, "the test could not read /proc to look for processes left "
		    "running after manager_stop");
	else if (n > 0)
		judge_fail(w->j, lab_ngettext("%ld process that the manager started was still "
		    "running %d s after manager_stop returned (a client was still connected): "
		    "manager_stop must end the manager and every process it started, e.g. have "
		    "the manager end its handlers (kill(0, SIGTERM) in its own process group) and "
		    "reap them before it exits", "%ld processes that the manager started were "
		    "still running %d s after manager_stop returned (a client was still "
		    "connected): manager_stop must end the manager and every process it started, "
		    "e.g. have the manager end its handlers (kill(0, SIGTERM) in its own process "
		    "group) and reap them before it exits", (unsigned long)n), n, GRACE_S);
}

/*
 * Every test ends so: the test's client connects with the right key and stays connected;
 * manager_stop returns 0; the caller has no child left; no process the manager started
 * is still running.
 */
static void
expect_stop(struct walk *w)
{
	char hello[96];
	struct call c;
	struct seq stop = seq_of(w->j, "stop");
	const char *hint = w->hint;

	snprintf(hello, sizeof hello, "KEY %s", w->key);
	if (!expect_reply(w, hello, NULL, "OK", NULL))
		return;
	w->hint = _("manager_stop must end the manager, and every process it started, even "
	    "while a client is connected, then reap it with waitpid");
	/* TRANSLATORS: a clause, shown as "no progress for 5 s while stopping the manager
	 * ..." (what the test was doing when it stopped) */
	if (!next_call(w, &stop, &c, _("stopping the manager (manager_stop) while a client was "
	    "still connected")))
		return;
	w->hint = hint;
	if (c.ret == -1 && c.err == EPERM) {
		judge_fail(w->j, "manager_stop returned -1: %s (a signal to a whole process "
		    "group, kill(-pid, ...), may be refused where proclab runs without namespaces: "
		    "let the manager end its own group instead, kill(0, SIGTERM) from its SIGTERM "
		    "handler)", lab_strerror(EPERM));
		return;
	}
	if (c.ret != 0) {
		call_failed(w, "manager_stop", NULL, &c);
		return;
	}
	if (expect_unreaped(w))
		expect_none_left(w);
	if (!judge_failed(w->j)) {
		size_t n;
		const long *end = judge_longs(w->j, "end", &n);

		if (!judge_failed(w->j) && (n != 2 || end[0] != END_DONE))
			/* TRANSLATORS: a clause, shown as "... while ending the test" */
			stalled(w, _("ending the test"), NULL);
	}
}

/* ---------------------------------------------------------------- the tests */

static void
decide_handshake(struct judge *j)
{
	struct walk w;
	char hello[96];

	walk_init(&w, j, NULL);
	snprintf(hello, sizeof hello, "KEY %s", w.key);
	if (expect_start(&w) && expect_reply(&w, hello, NULL, "OK", NULL) &&
	    /* TRANSLATORS: a clause, shown as "no progress for 5 s while connecting ..." */
	    expect_connect(&w, _("connecting with manager_connect and the right key"), false))
		expect_stop(&w);
}

static void
decide_wrong_key(struct judge *j)
{
	struct walk w;
	char req[CHAT_MSG_MAX + 16], sneaky[MSGS_MAX][CHAT_MSG_MAX], wrong[64];
	struct call c;

	walk_init(&w, j, _("after refusing a client, the manager must go on serving the "
	    "others"));
	in_msgs(j, "sneaky", sneaky);
	snprintf(req, sizeof req, "KEY %s-wrong", w.key);
	if (!expect_start(&w) || !expect_refusal(&w, req, false))
		return;
	snprintf(req, sizeof req, "PUT 0 %s", sneaky[0]);
	if (!expect_refusal(&w, req, true))
		return;
	snprintf(wrong, sizeof wrong, "%.*s", (int)strlen(w.key) - 1, w.key);
	/* TRANSLATORS: a clause, shown as "no progress for 5 s while connecting ..." */
	if (!next_call(&w, &w.connect, &c, _("connecting with manager_connect and a wrong key")))
		return;
	if (c.ret >= 0) {
		judge_fail(j, "manager_connect with a wrong key (\"%s\", the right one less its "
		    "last digit) returned a connection: the manager must refuse it (compare the "
		    "whole key), and manager_connect must return -1 with errno EACCES when the "
		    "manager hangs up", wrong);
		return;
	}
	if (c.err == ENOSYS) {
		judge_fail(j, "manager_connect: not written yet: see the TODO in chat.c");
		return;
	}
	if (c.ret != -1 || c.err != EACCES) {
		judge_fail(j, "manager_connect with a wrong key failed with errno \"%s\", expected "
		    "EACCES (\"%s\")", c.err != 0 ? lab_strerror((int)c.err) : _("errno not set"),
		    lab_strerror(EACCES));
		return;
	}
	snprintf(req, sizeof req, "KEY %s", w.key);
	if (expect_reply(&w, req, NULL, "OK", NULL))
		expect_stop(&w);
}

static void
decide_protocol(struct judge *j)
{
	static const int putq[3] = { 0, 1, 0 };
	char m[MSGS_MAX][CHAT_MSG_MAX], req[CHAT_MSG_MAX + 16], want[CHAT_MSG_MAX + 8];
	struct walk w;

	walk_init(&w, j, _("a GET must wait only while its queue is empty"));
	in_msgs(j, "msgs", m);
	snprintf(req, sizeof req, "KEY %s", w.key);
	if (!expect_start(&w) || !expect_reply(&w, req, NULL, "OK", NULL))
		return;
	for (int i = 0; i < 3; i++) {
		snprintf(req, sizeof req, "PUT %d %.255s", putq[i], m[i]);
		if (!expect_reply(&w, req, NULL, "OK", NULL))
			return;
	}
	for (int i = 0; i < 3; i++) {
		snprintf(req, sizeof req, "GET %d", putq[i]);
		snprintf(want, sizeof want, "MSG %.255s", m[i]);
		if (!expect_reply(&w, req, NULL, want, _(fifo)))
			return;
	}
	expect_stop(&w);
}

/* queue_get's result (CALL names the call) and message (WHERE names it): it should
 * have given WANT; WHY explains a wrong one. All four translated. */
static bool
expect_got(struct walk *w, const char *doing, const char *call, const char *where,
    const char *want, const char *why)
{
	char wnt[SHOW_MAX + 32], got[SHOW_MAX + 32];
	struct answer a;
	struct call c;

	if (!next_call(w, &w->get, &c, doing))
		return false;
	if (c.ret != 0) {
		call_failed(w, "queue_get", call, &c);
		return false;
	}
	if (!next_line(w, &w->got, &a, doing))
		return false;
	if (same(&a, want))
		return true;
	show_both(&a, want, got, wnt, sizeof got);
	/* TRANSLATORS: %s is the message ("queue 1: message 2 of 6", "the reply to the second
	 * queue_get"), then what came and what should have, then why it is wrong */
	judge_fail_values(w->j, wnt, got, "%s came back as \"%s\", expected \"%s\": %s", where,
	    got, wnt, why);
	return false;
}

static bool
expect_puts(struct walk *w)
{
	char doing[160], what[160];
	struct call c;

	for (int i = 0; i < 6; i++)
		for (int q = 0; q < 2; q++) {
			/* TRANSLATORS: a clause, shown as "no progress for 5 s while putting
			 * message 2 into queue 0 with queue_put" */
			snprintf(doing, sizeof doing, _("putting message %d into queue %d with "
			    "queue_put"), i + 1, q);
			if (!next_call(w, &w->put, &c, doing))
				return false;
			if (c.ret != 0) {
				/* TRANSLATORS: the call that failed, in "%s returned -1: %s" */
				snprintf(what, sizeof what, _("queue_put (queue %d, message %d of 6)"),
				    q, i + 1);
				call_failed(w, "queue_put", what, &c);
				return false;
			}
		}
	return true;
}

static void
decide_queue_order(struct judge *j)
{
	char m[2][MSGS_MAX][CHAT_MSG_MAX], doing[160], call[160], where[160];
	struct walk w;

	walk_init(&w, j, _("a GET must wait only while its queue is empty"));
	in_msgs(j, "queue_0", m[0]);
	in_msgs(j, "queue_1", m[1]);
	/* TRANSLATORS: a clause, shown as "no progress for 5 s while connecting ..." */
	if (!expect_start(&w) || !expect_connect(&w, _("connecting with manager_connect"),
	    false) || !expect_puts(&w))
		return;
	for (int q = 1; q >= 0; q--)
		for (int i = 0; i < 6; i++) {
			/* TRANSLATORS: a clause, shown as "no progress for 5 s while getting
			 * message 2 of queue 1 back with queue_get" */
			snprintf(doing, sizeof doing, _("getting message %d of queue %d back with "
			    "queue_get"), i + 1, q);
			/* TRANSLATORS: the call that failed, in "%s returned -1: %s" */
			snprintf(call, sizeof call, _("queue_get (queue %d, message %d of 6)"), q,
			    i + 1);
			/* TRANSLATORS: the message, in "%s came back as "...", expected ..." */
			snprintf(where, sizeof where, _("queue %d: message %d of 6"), q, i + 1);
			if (!expect_got(&w, doing, call, where, m[q][i], _(fifo_pieces)))
				return;
		}
	expect_stop(&w);
}

/* The next line the test's manager received, if there is one, should be WANT (FROM
 * sent it). */
static bool
expect_sent(struct walk *w, const char *from, const char *want)
{
	char wnt[SHOW_MAX + 8], got[SHOW_MAX + 8];
	struct answer a;

	if (w->fake.i >= w->fake.n)
		return true;            /* it ended before: the call's result says why */
	if (!next_line(w, &w->fake, &a, _(pieces_doing)) || same(&a, want))
		return !judge_failed(w->j);
	cut(want, wnt, sizeof wnt);
	if (a.code == 0)
		judge_fail_values(w->j, wnt, show(&a, got, sizeof got), "%s sent \"%s\", expected "
		    "\"%s\"", from, got, wnt);
	else if (a.code == ANS_CLOSED)
		judge_fail(w->j, "%s sent no line (expected \"%s\"): the test's manager saw the "
		    "connection closed", from, wnt);
	else
		judge_fail(w->j, "%s sent no line (expected \"%s\"): the test's manager waited 2 s "
		    "for it", from, wnt);
	return false;
}

/* Your client against the test's manager, whose replies come in pieces. */
static bool
expect_client_in_pieces(struct walk *w, char m[][CHAT_MSG_MAX])
{
	char want[CHAT_MSG_MAX + 16];
	const char *call, *where;
	struct call c;

	snprintf(want, sizeof want, "KEY %s", w->key);
	if (!expect_sent(w, "manager_connect", want) || !expect_connect(w, _(pieces_doing),
	    true))
		return false;
	snprintf(want, sizeof want, "PUT 0 %.255s", m[0]);
	if (!expect_sent(w, "queue_put(conn, 0, ...)", want) ||
	    !next_call(w, &w->put, &c, _(pieces_doing)))
		return false;
	if (c.ret != 0) {
		/* TRANSLATORS: the call that failed, in "%s returned -1: %s" */
		call_failed(w, "queue_put", _("queue_put (the manager answered \"OK\" in two "
		    "pieces: read the reply up to its newline)"), &c);
		return false;
	}
	if (!expect_sent(w, "queue_get(conn, 1, ...)", "GET 1"))
		return false;
	/* TRANSLATORS: the call that failed, in "%s returned -1: %s" */
	call = _("queue_get (its reply arrived in four pieces)");
	/* TRANSLATORS: the message, in "%s came back as "...", expected ..." */
	where = _("the reply to queue_get (it arrived in four pieces)");
	if (!expect_got(w, _(pieces_doing), call, where, m[1], _("TCP is a byte stream, a read "
	    "may return part of a line: read up to the newline")) ||
	    !expect_sent(w, "queue_get(conn, 0, ...)", "GET 0"))
		return false;
	/* TRANSLATORS: the call that failed, in "%s returned -1: %s" */
	call = _("the second queue_get");
	/* TRANSLATORS: the message, in "%s came back as "...", expected ..." */
	where = _("the reply to the second queue_get");
	return expect_got(w, _(pieces_doing), call, where, m[2], _("the rest of an earlier "
	    "reply was left unread? (the replies arrived in pieces: read each one up to its "
	    "newline)"));
}

/* Your manager, with requests in pieces and two requests in one piece. */
static void
expect_manager_in_pieces(struct walk *w, char m[][CHAT_MSG_MAX])
{
	char req[CHAT_MSG_MAX + 16], how[SHOW_MAX + 160], want[CHAT_MSG_MAX + 8];
	size_t half = strlen(m[3]) / 2;

	snprintf(req, sizeof req, "KEY %s", w->key);
	/* TRANSLATORS: how the request was sent, after it: "KEY proclab-0042" (in pieces:
	 * ...) */
	if (!expect_reply(w, req, _("(in pieces: \"KE\", \"Y \", then the key, its newline "
	    "and \"PU\")"), "OK", NULL))
		return;
	snprintf(req, sizeof req, "PUT 0 %.255s", m[3]);
	/* TRANSLATORS: how the request was sent, after it; %.*s is the start of the message */
	snprintf(how, sizeof how, _("(in pieces: \"PU\" with the key, \"T 0 %.*s\", then the "
	    "rest and the newline)"), (int)(half < SHOW_MAX ? half : SHOW_MAX), m[3]);
	if (!expect_reply(w, req, how, "OK", _("a request may arrive in pieces: read it up to "
	    "its newline")))
		return;
	for (int i = 4; i < 6; i++) {
		snprintf(req, sizeof req, "PUT 0 %.255s", m[i]);
		/* TRANSLATORS: how the request was sent, after it: "PUT 0 ..." (two ...) */
		snprintf(how, sizeof how, _("(two requests sent in one piece, answer %d of 2)"),
		    i - 3);
		if (!expect_reply(w, req, how, "OK", _(two_at_once)))
			return;
	}
	for (int i = 3; i < 6; i++) {
		snprintf(want, sizeof want, "MSG %.255s", m[i]);
		if (!expect_reply(w, "GET 0", NULL, want, _(fifo)))
			return;
	}
	expect_stop(w);
}

static void
decide_pieces(struct judge *j)
{
	char m[MSGS_MAX][CHAT_MSG_MAX];
	struct walk w;

	walk_init(&w, j, NULL);
	in_msgs(j, "msgs", m);
	if (expect_client_in_pieces(&w, m) && expect_start(&w))
		expect_manager_in_pieces(&w, m);
}

/* TRANSLATORS: a clause, shown as "no progress for 5 s while the two sides were chatting
 * (chat)" */
static const char chatting[] = N_("the two sides were chatting (chat)");

/* How the sides of the chat ended (as they ended), then every line each one received. */
static bool
expect_sides(struct walk *w, char script[2][MSGS_MAX][CHAT_MSG_MAX])
{
	struct seq t = seq_of(w->j, "sides");

	for (; t.i + 4 <= t.n && !judge_failed(w->j); t.i += 4) {
		const long *v = t.v + t.i;

		if (v[1] == SIDE_KILLED)
			judge_fail(w->j, "side %ld of the chat crashed: %s", v[0],
			    lab_strsignal((int)v[2]));
		else if (v[1] == SIDE_EXITED)
			judge_fail(w->j, "side %ld of the chat ended with exit status %ld: chat must "
			    "return, not exit", v[0], v[2]);
		else if (v[2] == -1 && v[3] == ENOSYS)
			judge_fail(w->j, "chat: not written yet: see the TODO in chat.c");
		else if (v[2] == -1)
			judge_fail(w->j, "chat returned -1 on side %ld: %s (see its message on "
			    "stderr)", v[0], v[3] != 0 ? lab_strerror((int)v[3]) : _("errno not set"));
		else if (v[2] != 0)
			judge_fail(w->j, "chat returned %ld on side %ld (see its message on stderr)",
			    v[2], v[0]);
	}
	if (!judge_failed(w->j) && t.n != 8)
		stalled(w, _(chatting), w->hint);
	for (int s = 0; s < 2 && !judge_failed(w->j); s++) {
		t = seq_of(w->j, s == 0 ? "theirs_0" : "theirs_1");
		for (int i = 0; i < TURNS && !judge_failed(w->j); i++) {
			char wnt[SHOW_MAX + 32], got[SHOW_MAX + 32];
			struct answer a;

			if (!next_line(w, &t, &a, _(chatting)) ||
			    same(&a, script[1 - s][i]))
				continue;
			show_both(&a, script[1 - s][i], got, wnt, sizeof got);
			judge_fail_values(w->j, wnt, got, "side %d received line %d as \"%s\", "
			    "expected \"%s\": every line must arrive whole and in order (TCP may "
			    "deliver a line in pieces, or two lines at once: read up to the newline)",
			    s, i + 1, got, wnt);
		}
	}
	return !judge_failed(w->j);
}

static void
decide_chat(struct judge *j)
{
	char script[2][MSGS_MAX][CHAT_MSG_MAX];
	struct walk w;

	walk_init(&w, j, _("is the manager serving both clients at the same time (a process "
	    "per connection, or poll())? One that serves a connection to its end before "
	    "accepting the next never gets to the second side"));
	in_msgs(j, "script_0", script[0]);
	in_msgs(j, "script_1", script[1]);
	if (expect_start(&w) && expect_sides(&w, script))
		expect_stop(&w);
}

JUDGE_MAIN(reports, JUDGE_PLANNED(handshake), JUDGE_PLANNED(wrong_key),
    JUDGE_PLANNED(protocol), JUDGE_PLANNED(queue_order), JUDGE_PLANNED(pieces),
    JUDGE_PLANNED(chat))
