/* SPDX-License-Identifier: MIT */
/*
 * 13-sync-primitives: Lock, RLock, Condition, Event, Semaphore and Barrier between
 * processes (notebook 004, "Sincronização de Processos" and "Barrier"; 001, "Lock").
 *
 * multiprocessing's primitives are the threading ones made to work across processes.
 * In C the same objects work between processes when they live in memory that all the
 * processes share (mmap MAP_SHARED|MAP_ANONYMOUS before fork) and are initialised as
 * process-shared:
 *   Lock       pthread_mutex_t + pthread_mutexattr_setpshared(PTHREAD_PROCESS_SHARED)
 *   RLock      the same, + pthread_mutexattr_settype(PTHREAD_MUTEX_RECURSIVE)
 *   Condition  pthread_cond_t + pthread_condattr_setpshared, with its mutex
 *   Event      a flag + a mutex + a condition variable (wait until the flag is set)
 *   Semaphore  sem_t, sem_init(&s, 1 (pshared), K)
 *   Barrier    pthread_barrier_t + pthread_barrierattr_setpshared
 */
#define _GNU_SOURCE

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lesson-i18n.h"

#define NAME "13-sync-primitives"
#define LOCK_INCREMENTS 10000
#define EVENT_WAITERS 3
#define SEM_PROCESSES 6
#define SEM_K 2

static long think_ms = 20;              /* hold time in the Condition/Semaphore demos */
static long nap1_ms = 500, nap2_ms = 1000;  /* the notebook's sleep(5) and sleep(10) */

struct shared {
	/* Lock */
	pthread_mutex_t		lock;
	long			counter;
	/* RLock */
	pthread_mutex_t		rlock;
	pthread_mutex_t		plain;          /* an error-checking (non-recursive) lock */
	sem_t			held, tried;    /* orders the two RLock processes */
	/* Condition */
	pthread_mutex_t		cond_mx;
	pthread_cond_t		cond;
	int			item_ready, item;
	/* Event */
	pthread_mutex_t		ev_mx;
	pthread_cond_t		ev_cond;
	int			ev_flag;
	/* Semaphore */
	sem_t			sem;
	pthread_mutex_t		stat_mx;
	int			inside, max_inside;
	/* Barrier */
	pthread_barrier_t	barrier;
	struct timespec		agora[2];       /* agora = time(): read before wait() */
	struct timespec		passed[2];      /* when each process left the barrier */
};

static void
usage(FILE *f)
{
	fprintf(f, _(
"Usage: %s [OPTION]...\n"
"The synchronization primitives between processes: Lock, RLock, Condition, Event,\n"
"Semaphore and Barrier, each in process-shared memory. The Barrier demo is the\n"
"notebook's: two processes sleep different times (here 0.5 s and 1 s) and continue\n"
"together.\n"
"\n"
"  --think-ms MS    hold time in the Condition and Semaphore demos (1..1000;\n"
"                   default 20, with --quick 5)\n"
"  --quick          barrier sleeps of 0.1 s and 0.2 s, short holds\n"
"  --help           show this help and exit\n"
"\n"
"Exit status: 0 the demo ran, 1 a system call failed, 2 bad usage.\n"), NAME);
}

static pid_t main_pid;
static pid_t pids[16];                  /* the children started and not yet joined */
static int npids;

/* Exit 1; the parent first kills and reaps its children, so that none is left. */
static void __attribute__((noreturn))
die(const char *call, int err)
{
	fprintf(stderr, NAME ": %s: %s\n", call, strerror(err));
	if (getpid() == main_pid) {
		for (int k = 0; k < npids; k++)
			kill(pids[k], SIGKILL);
		for (int k = 0; k < npids; k++)
			waitpid(pids[k], NULL, 0);
	}
	exit(1);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, NAME ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\nTry '%s --help'.\n"), NAME);
	exit(2);
}

/* getopt_long returned '?' or ':': say which option was wrong, exit 2. */
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
parse_num(const char *opt, const char *arg, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (arg[0] < '0' || arg[0] > '9' || *end != '\0' || errno != 0 || v < min || v > max)
		bad_usage(_("%s: '%s' is not a whole number from %ld to %ld"), opt, arg, min, max);
	return v;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* pthread calls return the error number instead of setting errno. */
#define PT(call) do { int e_ = (call); if (e_ != 0) die(#call, e_); } while (0)
#define SYS(call) do { if ((call) == -1) die(#call, errno); } while (0)

static void
lock(pthread_mutex_t *m)
{
	int e = pthread_mutex_lock(m);

	if (e != 0)
		die("pthread_mutex_lock", e);
}

static void
unlock(pthread_mutex_t *m)
{
	int e = pthread_mutex_unlock(m);

	if (e != 0)
		die("pthread_mutex_unlock", e);
}

/* ------------------------------------------------------ processes: start, join */

/* Process(target=fn, args=(sh, i)).start(); the child is named Process-(i+1). */
static void
start(void (*fn)(struct shared *, int), struct shared *sh, int i)
{
	fflush(stdout);
	pid_t p = fork();
	if (p == -1)
		die("fork", errno);             /* kills and reaps the ones already started */
	if (p == 0) {
		fn(sh, i);
		fflush(stdout);
		_exit(0);
	}
	pids[npids++] = p;
}

/* p.join() for every process started so far. If one fails, its partners may wait
 * for it for ever (at the barrier, on the condition): kill them, reap them all. */
static void
join_all(void)
{
	int failed = 0;

	for (int left = npids; left > 0; ) {
		int status;
		pid_t p = waitpid(-1, &status, 0);
		if (p == -1) {
			if (errno == EINTR)
				continue;
			die("waitpid", errno);
		}
		left--;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			if (!failed)
				fprintf(stderr, _("%s: process %ld failed (status %d)\n"), NAME,
				    (long)p, status);
			failed = 1;
			for (int k = 0; k < npids; k++)
				if (pids[k] != p)
					kill(pids[k], SIGKILL);
		}
	}
	npids = 0;
	if (failed)
		exit(1);
}

/* ------------------------------------------------------------------------ Lock */

/*
 * def funcao_exemplo(lock):
 *     with lock:
 *         print("Seção crítica")
 */
static void
lock_demo(struct shared *sh, int i)
{
	(void)i;
	lock(&sh->lock);                                /* with lock: */
	printf("Seção crítica\n");
	unlock(&sh->lock);
	for (int k = 0; k < LOCK_INCREMENTS; k++) {     /* and a counter, to check it */
		lock(&sh->lock);
		sh->counter++;
		unlock(&sh->lock);
	}
}

/* ----------------------------------------------------------------------- RLock */

static void
rlock_demo(struct shared *sh, int i)
{
	if (i == 0) {
		/* Process-1: rlock.acquire() three times in a row (say, nested functions). */
		for (int k = 0; k < 3; k++)
			lock(&sh->rlock);
		printf(_("Process-1 acquired the RLock 3 times (it is recursive: depth 3)\n"));
		SYS(sem_post(&sh->held));
		while (sem_wait(&sh->tried) == -1)
			if (errno != EINTR)
				die("sem_wait", errno);
		printf(_("Process-1 releases it 3 times\n"));
		for (int k = 0; k < 3; k++)
			unlock(&sh->rlock);
	} else {
		while (sem_wait(&sh->held) == -1)
			if (errno != EINTR)
				die("sem_wait", errno);
		int e = pthread_mutex_trylock(&sh->rlock);
		if (e != EBUSY)
			die("pthread_mutex_trylock (expected EBUSY)", e);
		/* rlock.acquire(False): the non-blocking try is the one that fails */
		printf(_("Process-2 acquire(False) (pthread_mutex_trylock): %s (EBUSY):\n"
		    "  another process holds it; acquire() (pthread_mutex_lock) blocks\n"),
		    strerror(e));
		SYS(sem_post(&sh->tried));
		lock(&sh->rlock);               /* blocks until Process-1 released all 3 */
		printf(_("Process-2 acquired the RLock\n"));
		unlock(&sh->rlock);
	}
}

/* ------------------------------------------------------------------- Condition */

static void
cond_demo(struct shared *sh, int i)
{
	if (i == 0) {
		/* Process-1 (the consumer): with cond: while not ready: cond.wait() */
		lock(&sh->cond_mx);
		printf(_("Process-1 waits on the Condition until an item is ready\n"));
		while (!sh->item_ready)
			PT(pthread_cond_wait(&sh->cond, &sh->cond_mx));
		printf(_("Process-1 woke up: item = %d\n"), sh->item);
		unlock(&sh->cond_mx);
	} else {
		/* Process-2 (the producer): works a while, then with cond: ...; cond.notify() */
		sleep_ms(think_ms);
		lock(&sh->cond_mx);
		sh->item = 42;
		sh->item_ready = 1;
		printf(_("Process-2 made item 42 and calls notify()\n"));
		PT(pthread_cond_signal(&sh->cond));
		unlock(&sh->cond_mx);
	}
}

/* ----------------------------------------------------------------------- Event */

static void
event_demo(struct shared *sh, int i)
{
	/* event.wait(): sleep until the flag is set */
	lock(&sh->ev_mx);
	while (!sh->ev_flag)
		PT(pthread_cond_wait(&sh->ev_cond, &sh->ev_mx));
	unlock(&sh->ev_mx);
	printf(_("Process-%d saw the event\n"), i + 1);
}

/* event.set(): set the flag and wake every waiter */
static void
event_set(struct shared *sh)
{
	lock(&sh->ev_mx);
	sh->ev_flag = 1;
	PT(pthread_cond_broadcast(&sh->ev_cond));
	unlock(&sh->ev_mx);
}

/* ------------------------------------------------------------------- Semaphore */

static void
sem_demo(struct shared *sh, int i)
{
	(void)i;
	while (sem_wait(&sh->sem) == -1)                /* with sem: */
		if (errno != EINTR)
			die("sem_wait", errno);
	lock(&sh->stat_mx);
	if (++sh->inside > sh->max_inside)              /* measure: how many inside now */
		sh->max_inside = sh->inside;
	unlock(&sh->stat_mx);
	sleep_ms(think_ms);                             /* use the limited resource */
	lock(&sh->stat_mx);
	sh->inside--;
	unlock(&sh->stat_mx);
	SYS(sem_post(&sh->sem));
}

/* --------------------------------------------------------------------- Barrier */

/* datetime.fromtimestamp(t): 2026-01-31 14:05:09.123456 */
static void
format_time(const struct timespec *ts, char *buf, size_t size)
{
	struct tm tm;
	char day[32];

	if (localtime_r(&ts->tv_sec, &tm) == NULL)
		die("localtime_r", errno);
	strftime(day, sizeof day, "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(buf, size, "%s.%06ld", day, ts->tv_nsec / 1000);
}

/*
 * class MeuProcesso(Process):
 *     def run(self):
 *         print("{} iniciando!!".format(self.name))
 *         soneca = sleep(self.tempo)
 *         print("{} acordei!!".format(self.name))
 *         agora = time()
 *         self.barreira.wait()
 *         print("{} - {} continuando processamento!!!".format(self.name,
 *               datetime.fromtimestamp(agora)))
 */
static void
meu_processo(struct shared *sh, int i)
{
	long tempo = i == 0 ? nap1_ms : nap2_ms;
	char when[64];

	/* self.name: CPython names an instance of a Process subclass after the
	 * class, MeuProcesso-1 and MeuProcesso-2 (measured with CPython 3.11). */
	printf("MeuProcesso-%d iniciando!!\n", i + 1);
	sleep_ms(tempo);                                /* sleep(self.tempo) */
	printf("MeuProcesso-%d acordei!!\n", i + 1);
	/* agora = time(), BEFORE wait(), as the slide does: the timestamp printed
	 * is when this process woke up, so the two come out apart by the
	 * difference of their sleeps. */
	SYS(clock_gettime(CLOCK_REALTIME, &sh->agora[i]));
	int e = pthread_barrier_wait(&sh->barrier);     /* self.barreira.wait() */
	if (e != 0 && e != PTHREAD_BARRIER_SERIAL_THREAD)
		die("pthread_barrier_wait", e);
	/* Not in the slide: when it left the barrier, for the summary below. */
	SYS(clock_gettime(CLOCK_REALTIME, &sh->passed[i]));
	format_time(&sh->agora[i], when, sizeof when);
	printf("MeuProcesso-%d - %s continuando processamento!!!\n", i + 1, when);
}

/* |b - a| in milliseconds */
static double
ms_apart(const struct timespec *a, const struct timespec *b)
{
	double d = (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;

	return d < 0 ? -d : d;
}

/* ------------------------------------------------------------------------ main */

static void
init_shared(struct shared *sh)
{
	pthread_mutexattr_t ma, ra, ea;
	pthread_condattr_t ca;
	pthread_barrierattr_t ba;

	PT(pthread_mutexattr_init(&ma));
	PT(pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED));
	PT(pthread_mutex_init(&sh->lock, &ma));
	PT(pthread_mutex_init(&sh->cond_mx, &ma));
	PT(pthread_mutex_init(&sh->ev_mx, &ma));
	PT(pthread_mutex_init(&sh->stat_mx, &ma));

	PT(pthread_mutexattr_init(&ra));                /* RLock() */
	PT(pthread_mutexattr_setpshared(&ra, PTHREAD_PROCESS_SHARED));
	PT(pthread_mutexattr_settype(&ra, PTHREAD_MUTEX_RECURSIVE));
	PT(pthread_mutex_init(&sh->rlock, &ra));

	PT(pthread_mutexattr_init(&ea));                /* a Lock that reports misuse */
	PT(pthread_mutexattr_setpshared(&ea, PTHREAD_PROCESS_SHARED));
	PT(pthread_mutexattr_settype(&ea, PTHREAD_MUTEX_ERRORCHECK));
	PT(pthread_mutex_init(&sh->plain, &ea));

	PT(pthread_condattr_init(&ca));
	PT(pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED));
	PT(pthread_cond_init(&sh->cond, &ca));
	PT(pthread_cond_init(&sh->ev_cond, &ca));

	SYS(sem_init(&sh->held, 1, 0));
	SYS(sem_init(&sh->tried, 1, 0));
	SYS(sem_init(&sh->sem, 1, SEM_K));              /* Semaphore(2), pshared = 1 */

	PT(pthread_barrierattr_init(&ba));              /* Barrier(2) */
	PT(pthread_barrierattr_setpshared(&ba, PTHREAD_PROCESS_SHARED));
	PT(pthread_barrier_init(&sh->barrier, &ba, 2));

	pthread_mutexattr_destroy(&ma);
	pthread_mutexattr_destroy(&ra);
	pthread_mutexattr_destroy(&ea);
	pthread_condattr_destroy(&ca);
	pthread_barrierattr_destroy(&ba);
}

static void
destroy_shared(struct shared *sh)
{
	pthread_mutex_destroy(&sh->lock);
	pthread_mutex_destroy(&sh->rlock);
	pthread_mutex_destroy(&sh->plain);
	pthread_mutex_destroy(&sh->cond_mx);
	pthread_mutex_destroy(&sh->ev_mx);
	pthread_mutex_destroy(&sh->stat_mx);
	pthread_cond_destroy(&sh->cond);
	pthread_cond_destroy(&sh->ev_cond);
	sem_destroy(&sh->held);
	sem_destroy(&sh->tried);
	sem_destroy(&sh->sem);
	pthread_barrier_destroy(&sh->barrier);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "quick", no_argument, NULL, 'q' },
		{ "think-ms", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	int quick = 0, think_given = 0, c;

	lesson_i18n();
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'q':
			quick = 1;
			break;
		case 'k':
			think_ms = parse_num("--think-ms", optarg, 1, 1000);
			think_given = 1;
			break;
		default:
			bad_option(c, argv);
		}
	}
	if (optind < argc)
		bad_usage(_("unexpected argument '%s'"), argv[optind]);
	if (quick) {
		nap1_ms = 100;
		nap2_ms = 200;
		if (!think_given)
			think_ms = 5;
	}
	/* One line at a time: the processes share stdout, lines must not wait in buffers. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	main_pid = getpid();

	struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		die("mmap", errno);
	init_shared(sh);

	printf("-- Lock\n");
	for (int i = 0; i < 2; i++)
		start(lock_demo, sh, i);
	join_all();
	printf(_("counter = %ld (2 processes x %d increments, each under the lock)\n"),
	    sh->counter, LOCK_INCREMENTS);

	printf("-- RLock\n");
	for (int i = 0; i < 2; i++)
		start(rlock_demo, sh, i);
	join_all();
	lock(&sh->plain);
	int e = pthread_mutex_lock(&sh->plain);         /* a Lock acquired twice */
	if (e == 0)
		unlock(&sh->plain);
	unlock(&sh->plain);
	if (e == EDEADLK)
		printf(_("a plain Lock acquired twice by one process: %s\n"
		    "(EDEADLK from PTHREAD_MUTEX_ERRORCHECK; a default mutex would just hang)\n"),
		    strerror(e));
	else
		printf(_("a plain Lock acquired twice by one process: %s\n"
		    "(not EDEADLK from PTHREAD_MUTEX_ERRORCHECK; a default mutex would just hang)\n"),
		    strerror(e));

	printf("-- Condition\n");
	for (int i = 0; i < 2; i++)
		start(cond_demo, sh, i);
	join_all();

	printf("-- Event\n");
	for (int i = 0; i < EVENT_WAITERS; i++)
		start(event_demo, sh, i);
	printf(_("%d processes call event.wait(); main works %ld ms first\n"), EVENT_WAITERS,
	    think_ms);
	sleep_ms(think_ms);
	printf(_("main: event.set()\n"));
	event_set(sh);
	join_all();

	printf("-- Semaphore(%d)\n", SEM_K);
	for (int i = 0; i < SEM_PROCESSES; i++)
		start(sem_demo, sh, i);
	join_all();
	printf(_("%d processes, each inside for %ld ms: at most %d inside at once, measured "
	    "maximum %d\n"), SEM_PROCESSES, think_ms, SEM_K, sh->max_inside);

	/* barreira = Barrier(2)   (the notebook's Barrier() lacks the 2)
	 * p1 = MeuProcesso(barreira, 5); p1.start(); p2 = MeuProcesso(barreira, 10); ... */
	printf(_("-- Barrier (sleeps of %.1f s and %.1f s instead of 5 s and 10 s)\n"),
	    nap1_ms / 1000.0, nap2_ms / 1000.0);
	for (int i = 0; i < 2; i++)
		start(meu_processo, sh, i);
	join_all();                                     /* p1.join(); p2.join() */
	double woke = ms_apart(&sh->agora[0], &sh->agora[1]);
	double apart = ms_apart(&sh->passed[0], &sh->passed[1]);
	/* TRANSLATORS: the two sleeps in s, how far apart they woke, how far apart they
	 * left the barrier. */
	printf(_("\nThe timestamps are agora, read before wait() as the slide does: they slept\n"
	    "%.1f s and %.1f s and woke %.0f ms apart. Yet neither printed \"continuando\"\n"
	    "before both had arrived: they left pthread_barrier_wait() %.3f ms apart,\n"
	    "MeuProcesso-1 waiting there for MeuProcesso-2.\n"),
	    nap1_ms / 1000.0, nap2_ms / 1000.0, woke, apart);

	printf(_("\nEvery object above lives in one mmap(MAP_SHARED|MAP_ANONYMOUS) made before\n"
	    "fork(), and was initialised process-shared (PTHREAD_PROCESS_SHARED, sem_init\n"
	    "with pshared = 1): the same bytes are the same lock in every process.\n"
	    "Lock: one process at a time. RLock (PTHREAD_MUTEX_RECURSIVE): the owner may\n"
	    "take it again and must release it as often; another process that acquires\n"
	    "it blocks until then, and only a non-blocking try (acquire(False) in Python,\n"
	    "pthread_mutex_trylock here: EBUSY) fails at once.\n"
	    "Condition: wait() releases the mutex while it sleeps; always re-check the\n"
	    "predicate in a while loop. Event: a flag with a condition variable; set() wakes\n"
	    "everybody. Semaphore(K): at most K inside. Barrier(N): nobody continues until\n"
	    "N have arrived.\n"));

	destroy_shared(sh);
	if (munmap(sh, sizeof *sh) == -1)
		die("munmap", errno);
	lesson_where(stdout, "13-sync-primitives.c", NULL);
	return 0;
}
