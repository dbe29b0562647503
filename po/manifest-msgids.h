/* SPDX-License-Identifier: MIT */
/* Generated from exercises/manifest.json by po/manifest-msgids.c (make
 * update-manifest-msgids): the manifest's human text, for xgettext only. */
/* TRANSLATORS: exercise 01 (fork-join), the exercise's title */
/* xgettext:no-c-format */
N_("Fork and join")
/* TRANSLATORS: exercise 01 (fork-join), the title of test one_worker */
/* xgettext:no-c-format */
N_("one worker that returns 7")
/* TRANSLATORS: exercise 01 (fork-join), the title of test many_workers */
/* xgettext:no-c-format */
N_("3 to 8 workers, results above 255 too")
/* TRANSLATORS: exercise 01 (fork-join), the title of test reverse_order */
/* xgettext:no-c-format */
N_("workers that finish in reverse order")
/* TRANSLATORS: exercise 01 (fork-join), the title of test killed_worker */
/* xgettext:no-c-format */
N_("a worker killed by SIGTERM reports -15")
/* TRANSLATORS: exercise 01 (fork-join), hint 1 of 4 */
/* xgettext:no-c-format */
N_("Go step by step: first make one_worker pass with a single fork(), if (pid == 0) { ... } for the child and waitpid(pid, &status, 0) in the parent.")
/* TRANSLATORS: exercise 01 (fork-join), hint 2 of 4 */
/* xgettext:no-c-format */
N_("Keep the pids in an array: a first loop forks and stores pids[i] in the parent; a second loop waits. Waiting inside the first loop makes the workers run one at a time.")
/* TRANSLATORS: exercise 01 (fork-join), hint 3 of 4 */
/* xgettext:no-c-format */
N_("wait(&status) returns whichever child finished first, not necessarily worker i. waitpid(pids[i], &status, 0) waits for exactly worker i.")
/* TRANSLATORS: exercise 01 (fork-join), hint 4 of 4 */
/* xgettext:no-c-format */
N_("Nearly the answer: in the child, _exit(fn(args[i]) & 0xff); in the parent, after waitpid(pids[i], &status, 0): statuses[i] = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);")
/* TRANSLATORS: exercise 02 (ordered-flags), the exercise's title */
/* xgettext:no-c-format */
N_("Ordered flags")
/* TRANSLATORS: exercise 02 (ordered-flags), the title of test init */
/* xgettext:no-c-format */
N_("flags_init: 100, false, a process-shared semaphore at 0")
/* TRANSLATORS: exercise 02 (ordered-flags), the title of test funcao1_started_first */
/* xgettext:no-c-format */
N_("funcao1's process started first but held back: 120 then 230")
/* TRANSLATORS: exercise 02 (ordered-flags), the title of test funcao2_started_first */
/* xgettext:no-c-format */
N_("funcao2's process started first: 120 then 230")
/* TRANSLATORS: exercise 02 (ordered-flags), the title of test prints */
/* xgettext:no-c-format */
N_("the printed lines of funcao1 and funcao2")
/* TRANSLATORS: exercise 02 (ordered-flags), hint 1 of 4 */
/* xgettext:no-c-format */
N_("A semaphore is a counter that sem_wait decrements, waiting while it is 0, and sem_post increments. One that starts at 0 is a 'not yet' signal between processes.")
/* TRANSLATORS: exercise 02 (ordered-flags), hint 2 of 4 */
/* xgettext:no-c-format */
N_("It works between processes only if it is in shared memory (the struct is) and sem_init's second argument (pshared) is 1.")
/* TRANSLATORS: exercise 02 (ordered-flags), hint 3 of 4 */
/* xgettext:no-c-format */
N_("funcao2 waits, funcao1 posts; think about where: funcao1 posts after it has written valor and status, funcao2 waits before it reads them.")
/* TRANSLATORS: exercise 02 (ordered-flags), hint 4 of 4 */
/* xgettext:no-c-format */
N_("Nearly the answer: sem_init(&f->funcao1_done, 1, 0) in flags_init; sem_post(&f->funcao1_done) as the last step of funcao1 before return; sem_wait(&f->funcao1_done) as the first step of funcao2 (check what they return).")
/* TRANSLATORS: exercise 03 (bank-balance), the exercise's title */
/* xgettext:no-c-format */
N_("Bank balance")
/* TRANSLATORS: exercise 03 (bank-balance), the title of test init */
/* xgettext:no-c-format */
N_("account_init sets the balance and a process-shared lock")
/* TRANSLATORS: exercise 03 (bank-balance), the title of test one_deposit */
/* xgettext:no-c-format */
N_("one deposit and one withdrawal: balance, lab_think, lock released")
/* TRANSLATORS: exercise 03 (bank-balance), the title of test race_5_and_5 */
/* xgettext:no-c-format */
N_("the notebook: 5 depositors of 100, 5 withdrawers of 50, balance 350")
/* TRANSLATORS: exercise 03 (bank-balance), the title of test race_random */
/* xgettext:no-c-format */
N_("random depositors, withdrawers and amounts, two operations each")
/* TRANSLATORS: exercise 03 (bank-balance), hint 1 of 4 */
/* xgettext:no-c-format */
N_("A pthread_mutex_t works between processes only if it lives in shared memory (the account does) and was initialised as process-shared: look up pthread_mutexattr_init and pthread_mutexattr_setpshared.")
/* TRANSLATORS: exercise 03 (bank-balance), hint 2 of 4 */
/* xgettext:no-c-format */
N_("The lock must cover the whole read-change-think-write. Locking only the write is not enough: two processes can still both read the old balance before either one writes.")
/* TRANSLATORS: exercise 03 (bank-balance), hint 3 of 4 */
/* xgettext:no-c-format */
N_("account_init: pthread_mutexattr_t attr; pthread_mutexattr_init(&attr); pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED); pthread_mutex_init(&a->lock, &attr); pthread_mutexattr_destroy(&attr); (check what each returns).")
/* TRANSLATORS: exercise 03 (bank-balance), hint 4 of 4 */
/* xgettext:no-c-format */
N_("Nearly the answer: in deposit, pthread_mutex_lock(&a->lock); as the very first line and pthread_mutex_unlock(&a->lock); as the very last one; the same in withdraw.")
/* TRANSLATORS: exercise 04 (shared-array), the exercise's title */
/* xgettext:no-c-format */
N_("Shared array")
/* TRANSLATORS: exercise 04 (shared-array), the title of test init */
/* xgettext:no-c-format */
N_("array_init: values, n process-shared locks, EINVAL for a bad n")
/* TRANSLATORS: exercise 04 (shared-array), the title of test one_process */
/* xgettext:no-c-format */
N_("two array_add calls in one process: exact array, lab_think per element, locks released")
/* TRANSLATORS: exercise 04 (shared-array), the title of test notebook */
/* xgettext:no-c-format */
N_("the notebook: [0..9], +10 and -5 at once: [5..14]")
/* TRANSLATORS: exercise 04 (shared-array), the title of test many_processes */
/* xgettext:no-c-format */
N_("3 to 5 processes with random amounts on random elements")
/* TRANSLATORS: exercise 04 (shared-array), hint 1 of 4 */
/* xgettext:no-c-format */
N_("The lock must cover the whole read-think-write of an element. Locking only the read (or only the write) still lets two processes read the same old value.")
/* TRANSLATORS: exercise 04 (shared-array), hint 2 of 4 */
/* xgettext:no-c-format */
N_("A mutex in shared memory works between processes only if it was initialised with a pthread_mutexattr_t on which you called pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED); one attribute can initialise all n locks.")
/* TRANSLATORS: exercise 04 (shared-array), hint 3 of 4 */
/* xgettext:no-c-format */
N_("With a lock per element, take and release locks[i] inside the loop, around the work on items[i]. With one lock for the array, take locks[0] before the loop and release it after.")
/* TRANSLATORS: exercise 04 (shared-array), hint 4 of 4 */
/* xgettext:no-c-format */
N_("Nearly the answer: in the loop of array_add, pthread_mutex_lock(&a->locks[i]); first, then read, lab_think(), write, then pthread_mutex_unlock(&a->locks[i]);")
/* TRANSLATORS: exercise 05 (locked-counter), the exercise's title */
/* xgettext:no-c-format */
N_("Locked counter")
/* TRANSLATORS: exercise 05 (locked-counter), the title of test basic */
/* xgettext:no-c-format */
N_("one process: create, add, read, destroy")
/* TRANSLATORS: exercise 05 (locked-counter), the title of test child_sees */
/* xgettext:no-c-format */
N_("a child's adds are seen by the parent (shared memory)")
/* TRANSLATORS: exercise 05 (locked-counter), the title of test lock_is_shared */
/* xgettext:no-c-format */
N_("the lock keeps other processes out, and lets them in again")
/* TRANSLATORS: exercise 05 (locked-counter), the title of test own_lock */
/* xgettext:no-c-format */
N_("each counter has its own lock")
/* TRANSLATORS: exercise 05 (locked-counter), the title of test contention */
/* xgettext:no-c-format */
N_("8 processes add at once: the total is exact")
/* TRANSLATORS: exercise 05 (locked-counter), hint 1 of 4 */
/* xgettext:no-c-format */
N_("Memory from malloc or a global variable is copied by fork(): each process then changes its own copy. Memory from mmap(NULL, size, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) made before fork() is the same memory in every process.")
/* TRANSLATORS: exercise 05 (locked-counter), hint 2 of 4 */
/* xgettext:no-c-format */
N_("The lock must live in that shared memory too, inside struct counter (that also gives each counter its own lock). A static pthread_mutex_t is copied by fork(), and then each process locks its own copy.")
/* TRANSLATORS: exercise 05 (locked-counter), hint 3 of 4 */
/* xgettext:no-c-format */
N_("A mutex shared between processes needs an attribute: pthread_mutexattr_init(&a); pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED); pthread_mutex_init(&c->lock, &a); pthread_mutexattr_destroy(&a);")
/* TRANSLATORS: exercise 05 (locked-counter), hint 4 of 4 */
/* xgettext:no-c-format */
N_("In counter_add, the read of c->value, the addition and the write must all be between counter_lock(c) and counter_unlock(c). Reading the value first and locking only for the write still loses updates: counter_lock(c); c->value += delta; v = c->value; counter_unlock(c); return v;")
/* TRANSLATORS: exercise 06 (pipe-squares), the exercise's title */
/* xgettext:no-c-format */
N_("Pipe squares")
/* TRANSLATORS: exercise 06 (pipe-squares), the title of test one_number */
/* xgettext:no-c-format */
N_("one number whose square needs 64 bits")
/* TRANSLATORS: exercise 06 (pipe-squares), the title of test empty */
/* xgettext:no-c-format */
N_("an empty list")
/* TRANSLATORS: exercise 06 (pipe-squares), the title of test thousand */
/* xgettext:no-c-format */
N_("1000 numbers, with short reads and writes")
/* TRANSLATORS: exercise 06 (pipe-squares), the title of test million */
/* xgettext:no-c-format */
N_("10^6 numbers: far more than the pipe holds, no deadlock")
/* TRANSLATORS: exercise 06 (pipe-squares), the title of test bad_input */
/* xgettext:no-c-format */
N_("bad count, request cut short: -1 and no answer")
/* TRANSLATORS: exercise 06 (pipe-squares), hint 1 of 4 */
/* xgettext:no-c-format */
N_("read(fd, buf, 800) may return 1, 8, 799 or 800: it returns what has arrived, at least 1 byte unless the connection ended (0) or an error happened (-1). Never assume the rest.")
/* TRANSLATORS: exercise 06 (pipe-squares), hint 2 of 4 */
/* xgettext:no-c-format */
N_("Write two helpers and use them for every transfer: read_all(fd, buf, len) calls read() in a loop, advancing buf by what it got, until len bytes are in (0 from read() means the request was cut short); write_all does the same with write(). Retry when a call fails with EINTR.")
/* TRANSLATORS: exercise 06 (pipe-squares), hint 3 of 4 */
/* xgettext:no-c-format */
N_("Do not answer as you read: with a million numbers your answers fill the connection while the parent is still sending and reads nothing, your write() blocks, you stop reading, the parent's write() blocks too: deadlock. Read the count, malloc room for the n numbers, read them all, and only then write.")
/* TRANSLATORS: exercise 06 (pipe-squares), hint 4 of 4 */
/* xgettext:no-c-format */
N_("Nearly the answer: read_all(fd, &n, 8); check 0 <= n <= SQUARES_MAX; x = malloc((n + 1) * 8); read_all(fd, x + 1, n * 8); x[0] = n; x[i] *= x[i] for i in 1..n; write_all(fd, x, (n + 1) * 8); free(x); return 0.")
/* TRANSLATORS: exercise 07 (bounded-queue), the exercise's title */
/* xgettext:no-c-format */
N_("Bounded queue")
/* TRANSLATORS: exercise 07 (bounded-queue), the title of test fifo */
/* xgettext:no-c-format */
N_("one process: first in, first out, around the ring")
/* TRANSLATORS: exercise 07 (bounded-queue), the title of test bad_capacity */
/* xgettext:no-c-format */
N_("capacity 0 and too large: NULL, EINVAL; the largest queue works")
/* TRANSLATORS: exercise 07 (bounded-queue), the title of test blocks_when_full */
/* xgettext:no-c-format */
N_("put waits while the queue is full")
/* TRANSLATORS: exercise 07 (bounded-queue), the title of test blocks_when_empty */
/* xgettext:no-c-format */
N_("get waits while the queue is empty")
/* TRANSLATORS: exercise 07 (bounded-queue), the title of test many */
/* xgettext:no-c-format */
N_("3 producers, 3 consumers: every message once, in order")
/* TRANSLATORS: exercise 07 (bounded-queue), the title of test capacity_one */
/* xgettext:no-c-format */
N_("capacity 1: no deadlock, nothing lost")
/* TRANSLATORS: exercise 07 (bounded-queue), hint 1 of 4 */
/* xgettext:no-c-format */
N_("The queue must be in memory every process shares: one mmap(..., MAP_SHARED | MAP_ANONYMOUS, -1, 0) of sizeof (struct bqueue) + capacity * sizeof (int64_t) (end the struct with a flexible array int64_t slot[];). Keep head (the oldest message) and count; the next free slot is (head + count) % capacity.")
/* TRANSLATORS: exercise 07 (bounded-queue), hint 2 of 4 */
/* xgettext:no-c-format */
N_("One pthread_mutex_t guards head, count and the slots, and two pthread_cond_t say why you wait: not_full (producers wait on it) and not_empty (consumers wait on it). All three live inside the shared struct and are initialised with attributes set to PTHREAD_PROCESS_SHARED (pthread_mutexattr_setpshared, pthread_condattr_setpshared).")
/* TRANSLATORS: exercise 07 (bounded-queue), hint 3 of 4 */
/* xgettext:no-c-format */
N_("Wait in a while loop, never an if: when you wake up, another process may already have taken the room or the message you were woken for. With one condition for both reasons, a signal can wake a waiter of the wrong kind and the wakeup is lost: use two.")
/* TRANSLATORS: exercise 07 (bounded-queue), hint 4 of 4 */
/* xgettext:no-c-format */
N_("Nearly the answer: bq_put: lock; while (q->count == q->capacity) pthread_cond_wait(&q->not_full, &q->lock); store the message at (head + count) % capacity; count++; pthread_cond_signal(&q->not_empty); unlock. bq_get is the mirror image: wait while count == 0, take slot[head], head = (head + 1) % capacity, count--, signal not_full.")
/* TRANSLATORS: exercise 08 (process-pool), the exercise's title */
/* xgettext:no-c-format */
N_("Process pool")
/* TRANSLATORS: exercise 08 (process-pool), the title of test one_worker */
/* xgettext:no-c-format */
N_("one worker: results exact and in order")
/* TRANSLATORS: exercise 08 (process-pool), the title of test spread */
/* xgettext:no-c-format */
N_("4 workers share the tasks: exactly 4 processes, results in order")
/* TRANSLATORS: exercise 08 (process-pool), the title of test few_tasks */
/* xgettext:no-c-format */
N_("more workers than tasks, and no tasks")
/* TRANSLATORS: exercise 08 (process-pool), the title of test crash */
/* xgettext:no-c-format */
N_("a task crashes its worker: -1, marked failed, no hang")
/* TRANSLATORS: exercise 08 (process-pool), the title of test bad_workers */
/* xgettext:no-c-format */
N_("0 or 17 workers: -1, EINVAL, nothing started")
/* TRANSLATORS: exercise 08 (process-pool), hint 1 of 4 */
/* xgettext:no-c-format */
N_("After fork() a worker's writes to ordinary variables (like out) stay in the worker. Give the workers a place they share with the caller: one mmap(NULL, n * sizeof (struct slot), PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) made before forking, with a result and a done flag per task.")
/* TRANSLATORS: exercise 08 (process-pool), hint 2 of 4 */
/* xgettext:no-c-format */
N_("The simplest fair split needs no queue: worker w (0 to W-1) takes tasks w, w + W, w + 2W, ..., stores each result and sets its done flag, then calls _exit(0) (not exit: the caller's stdio buffers must not be flushed again by every worker).")
/* TRANSLATORS: exercise 08 (process-pool), hint 3 of 4 */
/* xgettext:no-c-format */
N_("The caller waits for each worker with waitpid(pid[w], &status, 0) and looks at how it ended: WIFSIGNALED(status) and WTERMSIG(status) tell a crash. Never wait for a result that a dead worker was supposed to send: wait for the processes, then look at what they left.")
/* TRANSLATORS: exercise 08 (process-pool), hint 4 of 4 */
/* xgettext:no-c-format */
N_("Nearly the answer: after every worker is reaped, for each task: if slot[i].done, out[i] = slot[i].result; failed[i] = 0; otherwise failed[i] = 1 and the return value becomes -1. Then munmap the slots.")
/* TRANSLATORS: exercise 09 (barrier), the exercise's title */
/* xgettext:no-c-format */
N_("Reusable barrier")
/* TRANSLATORS: exercise 09 (barrier), the title of test two_processes */
/* xgettext:no-c-format */
N_("2 processes, 4 rounds")
/* TRANSLATORS: exercise 09 (barrier), the title of test one_round */
/* xgettext:no-c-format */
N_("4 processes, 1 round")
/* TRANSLATORS: exercise 09 (barrier), the title of test many_rounds */
/* xgettext:no-c-format */
N_("4 processes, 25 rounds: the barrier is reusable")
/* TRANSLATORS: exercise 09 (barrier), the title of test sizes */
/* xgettext:no-c-format */
N_("2 to 6 processes, 15 rounds")
/* TRANSLATORS: exercise 09 (barrier), the title of test bad_size */
/* xgettext:no-c-format */
N_("barrier_create(0) fails with EINVAL")
/* TRANSLATORS: exercise 09 (barrier), hint 1 of 3 */
/* xgettext:no-c-format */
N_("Start from the shape of every condition-variable wait: lock the mutex; change the shared state; while (I must still wait) pthread_cond_wait(&cond, &mutex); unlock. The last process to arrive wakes the others with pthread_cond_broadcast.")
/* TRANSLATORS: exercise 09 (barrier), hint 2 of 3 */
/* xgettext:no-c-format */
N_("A barrier that only counts arrivals works exactly once: in round 2 the count is already n. So the last process must reset the count to 0. But then a waiter that wakes up and checks count < n sees 0 and goes back to sleep for ever: the condition it waits on must be something that does not go back.")
/* TRANSLATORS: exercise 09 (barrier), hint 3 of 3 */
/* xgettext:no-c-format */
N_("Keep a round (generation) number in the barrier. Each process remembers the generation it arrived in; the last process does count = 0; generation++; broadcast; the others loop while (b->generation == my_generation) pthread_cond_wait(...).")
/* TRANSLATORS: exercise 10 (semaphore-limit), the exercise's title */
/* xgettext:no-c-format */
N_("Semaphore limit")
/* TRANSLATORS: exercise 10 (semaphore-limit), the title of test one_at_a_time */
/* xgettext:no-c-format */
N_("3 workers, K = 1")
/* TRANSLATORS: exercise 10 (semaphore-limit), the title of test three_of_six */
/* xgettext:no-c-format */
N_("6 workers, K = 3: never more than 3, and 3 together")
/* TRANSLATORS: exercise 10 (semaphore-limit), the title of test varied */
/* xgettext:no-c-format */
N_("K from 2 to 4, K+2 to K+4 workers")
/* TRANSLATORS: exercise 10 (semaphore-limit), the title of test all_fit */
/* xgettext:no-c-format */
N_("3 workers, K = 5: all three together")
/* TRANSLATORS: exercise 10 (semaphore-limit), the title of test worker_fails */
/* xgettext:no-c-format */
N_("a worker ends with status 3: -1, the others run and are reaped")
/* TRANSLATORS: exercise 10 (semaphore-limit), the title of test bad_arguments */
/* xgettext:no-c-format */
N_("invalid arguments: -1 and EINVAL, no process")
/* TRANSLATORS: exercise 10 (semaphore-limit), hint 1 of 3 */
/* xgettext:no-c-format */
N_("A semaphore is a counter that never goes below zero: sem_wait takes one unit (and sleeps while there is none), sem_post gives one back. Which initial value lets exactly K workers pass sem_wait before the next one has to sleep?")
/* TRANSLATORS: exercise 10 (semaphore-limit), hint 2 of 3 */
/* xgettext:no-c-format */
N_("The semaphore must be the same object in every worker: put the sem_t in memory from mmap(NULL, sizeof(sem_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0) and call sem_init(s, 1, k) before the first fork(). The 1 means 'shared between processes'.")
/* TRANSLATORS: exercise 10 (semaphore-limit), hint 3 of 3 */
/* xgettext:no-c-format */
N_("Each worker: for (r = 0; r < rounds; r++) { sem_wait(s); section(i, arg); sem_post(s); } _exit(0); The parent: after starting all workers, wait() once per worker, then sem_destroy and munmap. A missing sem_post loses a unit for good: after K sections everybody sleeps for ever.")
/* TRANSLATORS: exercise 11 (letter-count), the exercise's title */
/* xgettext:no-c-format */
N_("Parallel letter count")
/* TRANSLATORS: exercise 11 (letter-count), the title of test one_process */
/* xgettext:no-c-format */
N_("1 child, 4 files")
/* TRANSLATORS: exercise 11 (letter-count), the title of test four_processes */
/* xgettext:no-c-format */
N_("4 children, 12 files: totals without lost updates")
/* TRANSLATORS: exercise 11 (letter-count), the title of test varied */
/* xgettext:no-c-format */
N_("2 or 3 children, an empty file")
/* TRANSLATORS: exercise 11 (letter-count), the title of test missing_file */
/* xgettext:no-c-format */
N_("a missing file: -1, every child reaped")
/* TRANSLATORS: exercise 11 (letter-count), the title of test bad_arguments */
/* xgettext:no-c-format */
N_("nprocs < 1 or npaths < 0: -1 and EINVAL, no process")
/* TRANSLATORS: exercise 11 (letter-count), hint 1 of 3 */
/* xgettext:no-c-format */
N_("Do it in two steps. First, with no processes at all, write count_file(path, mine) that adds one file's letters to a local long mine[LETTERS]: a loop of read(fd, buf, sizeof buf) until it returns 0, with -1 handled. Then give each child its files: for (f = c; f < npaths; f += nprocs).")
/* TRANSLATORS: exercise 11 (letter-count), hint 2 of 3 */
/* xgettext:no-c-format */
N_("fork() copies memory: a table a child fills is invisible to the parent. Put the totals and their lock in one struct from mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0) before the first fork(), and initialise the mutex with a pthread_mutexattr_t set to PTHREAD_PROCESS_SHARED.")
/* TRANSLATORS: exercise 11 (letter-count), hint 3 of 3 */
/* xgettext:no-c-format */
N_("In each child, after counting: pthread_mutex_lock(&t->lock); for (i = 0; i < LETTERS; i++) { long old = t->count[i]; lab_think(); t->count[i] = old + mine[i]; } pthread_mutex_unlock(&t->lock); _exit(0); In the parent: wait() once per child (checking each status), then memcpy(counts, t->count, sizeof t->count). Copying before the children are done gives totals that are still growing.")
/* TRANSLATORS: exercise 12 (manager-chat), the exercise's title */
/* xgettext:no-c-format */
N_("Chat through a manager")
/* TRANSLATORS: exercise 12 (manager-chat), the title of test handshake */
/* xgettext:no-c-format */
N_("the right key gets OK; manager_connect works")
/* TRANSLATORS: exercise 12 (manager-chat), the title of test wrong_key */
/* xgettext:no-c-format */
N_("a wrong key is refused; the manager goes on serving")
/* TRANSLATORS: exercise 12 (manager-chat), the title of test protocol */
/* xgettext:no-c-format */
N_("PUT and GET, exact answers, first in first out")
/* TRANSLATORS: exercise 12 (manager-chat), the title of test queue_order */
/* xgettext:no-c-format */
N_("6 messages per queue come back whole and in order")
/* TRANSLATORS: exercise 12 (manager-chat), the title of test pieces */
/* xgettext:no-c-format */
N_("answers and requests that arrive in pieces")
/* TRANSLATORS: exercise 12 (manager-chat), the title of test chat */
/* xgettext:no-c-format */
N_("both sides chat 8 turns at the same time")
/* TRANSLATORS: exercise 12 (manager-chat), hint 1 of 3 */
/* xgettext:no-c-format */
N_("Write and test the pieces apart. First a read_line(fd, buf, size) that collects bytes until '\\n'; reading one byte per read() is simple and correct (a buffer is faster, but then the bytes after the '\\n' must be kept for the next call, per connection). Then the client functions: they only send a line and read one back.")
/* TRANSLATORS: exercise 12 (manager-chat), hint 2 of 3 */
/* xgettext:no-c-format */
N_("For the manager, the simplest concurrent design: accept() in a loop and fork() one handler per connection. The handlers must share the queues, so create them before the first fork: two pipes are two FIFO queues that already block a reader while empty. Write each message into the pipe as one fixed-size record of CHAT_MSG_MAX bytes (at most PIPE_BUF, so the write is atomic) and read it back as exactly that many bytes.")
/* TRANSLATORS: exercise 12 (manager-chat), hint 3 of 3 */
/* xgettext:no-c-format */
N_("Authentication: the handler's first read_line must be exactly \"KEY \" followed by the key, otherwise close(conn); _exit(0);. For manager_stop, give the manager its own process group (setpgid(0, 0) in the child, setpgid(pid, pid) in the parent) and let it catch SIGTERM: it ignores SIGTERM itself, ends its handlers with kill(0, SIGTERM) (its whole group) and reaps them before it ends. manager_stop sends the SIGTERM, then waitpid(pid).")
