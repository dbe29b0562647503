#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Notebook 003, "Memory Sharing" (In[53], In[55]): the Python twin of
lessons/16-letter-frequency for `make bench`.

Counts the letters of the given texts (the RFCs 1000..1019: the benchmark gives
the files of PROCLAB_RFC_DIR) as the notebook did, over str(bytes) when --repr
is given (that reproduces the notebook's table), in the C lesson's variants:
sequential; threads on one shared table without a lock (In[55]: updates may get
lost; under the GIL they seldom are); threads with a lock; threads with private
tables merged; processes sending their tables through a Pipe; processes adding
into a shared Array. Python has no atomic add, so that last one takes the
Array's lock per letter. Prints the first two tables as the notebook did, then
one line per variant.
"""
import sys
import threading
import time
from multiprocessing import Array, Pipe, Process

from benchargs import Parser, run, whole

LETTERS = 'abcdefghijklmnopqrstuvxzwy'   # the notebook's order (x z w y)
INDEX = {c: i for i, c in enumerate(LETTERS)}


def new_table():
    return {letter: 0 for letter in LETTERS}


def count_letters(content, frequency_table):
    for item in content:
        if item.lower() in frequency_table:
            frequency_table[item.lower()] += 1


def count_locked(content, frequency_table, lock):
    for item in content:
        if item.lower() in frequency_table:
            with lock:
                frequency_table[item.lower()] += 1


def print_table(table, seconds):
    print("{")
    print(",\n".join(f'    "{c}": {table[c]}' for c in LETTERS))
    print(f"}} {seconds:.6f}")


def run_threads(texts, target, *extra):
    ts = [threading.Thread(target=target, args=(t,) + extra) for t in texts]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def private_merged(texts):
    tables = [new_table() for _ in texts]
    ts = [threading.Thread(target=count_letters, args=(t, tb)) for t, tb in zip(texts, tables)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    total = new_table()
    for tb in tables:
        for c in LETTERS:
            total[c] += tb[c]
    return total


def pipe_child(content, conn):
    table = new_table()
    count_letters(content, table)
    conn.send(table)
    conn.close()


def processes_pipe(texts):
    total = new_table()
    procs = []
    for content in texts:
        parent, child = Pipe(duplex=False)
        p = Process(target=pipe_child, args=(content, child))
        p.start()
        child.close()
        procs.append((p, parent))
    for p, parent in procs:
        table = parent.recv()
        for c in LETTERS:
            total[c] += table[c]
        p.join()
        if p.exitcode != 0:
            raise SystemExit(f"16-letter-frequency.py: {p.name} failed")
    return total


def array_child(content, shared):
    lock = shared.get_lock()
    for item in content:
        i = INDEX.get(item.lower())
        if i is not None:
            with lock:
                shared[i] += 1


def processes_array(texts):
    shared = Array('q', len(LETTERS), lock=True)
    procs = [Process(target=array_child, args=(content, shared)) for content in texts]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        if p.exitcode != 0:
            raise SystemExit(f"16-letter-frequency.py: {p.name} failed")
    return dict(zip(LETTERS, shared[:]))


def timed(f, *args):
    t0 = time.time()
    r = f(*args)
    return r, time.time() - t0


def main():
    ap = Parser(description=__doc__)
    ap.add_argument('--repr', action='store_true', help="count str(bytes) as the notebook did")
    ap.add_argument('--trials', type=whole('--trials', 1, 10000), default=1, metavar='N',
                    help='run the two shared-table thread variants N times')
    ap.add_argument('sources', nargs='+', metavar='FILE')
    args = ap.parse_args()
    texts = []
    nbytes = 0
    for path in args.sources:
        try:
            with open(path, 'rb') as f:
                data = f.read()
        except OSError as e:
            print(f"16-letter-frequency.py: {path}: {e.strerror}", file=sys.stderr)
            return 1
        nbytes += len(data)
        texts.append(str(data) if args.repr else data.decode('latin-1'))
    how = "as Python's str(bytes) (--repr)" if args.repr else "byte by byte"
    print(f"Counting the sources given: {len(texts)} texts, {nbytes} bytes, {how}.\n")

    ref = new_table()
    _, secs = timed(lambda: [count_letters(t, ref) for t in texts])
    print("sequential, one table:")
    print_table(ref, secs)
    rows = [("sequential", secs, None)]

    nolock_total, lock_total = [], []
    for trial in range(args.trials):
        table = new_table()
        _, s = timed(run_threads, texts, count_letters, table)
        if trial == 0:
            print(f"\n{len(texts)} threads, one shared table, no lock (In[55]):")
            print_table(table, s)
            rows.append(("threads, shared table, no lock", s, table))
        nolock_total.append(sum(table.values()))
        table = new_table()
        _, s = timed(run_threads, texts, count_locked, table, threading.Lock())
        if trial == 0:
            rows.append(("threads, shared table, lock", s, table))
        lock_total.append(sum(table.values()))
    for what, f in (("threads, private tables, merged", private_merged),
                    ("processes, tables through a Pipe", processes_pipe),
                    ("processes, shared Array, lock/letter", processes_array)):
        table, s = timed(f, texts)
        rows.append((what, s, table))

    total = sum(ref.values())
    print(f"\n{'variant':<36} {'seconds':>9}  counts equal the sequential ones?")
    for what, s, table in rows:
        print(f"{what:<36} {s:9.6f}  ", end="")
        if table is None:
            print(f"(the reference: {total} letters)")
        elif table == ref:
            print("yes")
        else:
            print(f"NO: {total - sum(table.values())} letters lost")
    n = args.trials
    print(f"\nno lock: total ranged {min(nolock_total)}..{max(nolock_total)} of {total} letters;"
          f" correct in {sum(t == total for t in nolock_total)} of {n} trials")
    print(f"lock:    total ranged {min(lock_total)}..{max(lock_total)} of {total} letters;"
          f" correct in {sum(t == total for t in lock_total)} of {n} trials")
    return 0


if __name__ == "__main__":
    run(main)
