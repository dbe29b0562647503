#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Notebook 003, the start methods: the Python twin of lessons/02-start-methods
for `make bench`.

Runs the notebook's spawn cell (do_something in 5 spawned processes; --quick:
a 0.03 s sleep instead of 0.15 s, as the C lesson), then starts --starts
children with each method (fork, spawn, forkserver) and prints the median time
from Process.start() to "the child has told us its global 'answer'", and which
value the child saw. 'answer' is 0 at program start, 1 when the fork server
starts, 2 after: fork children see 2, spawn children 0. Python's forkserver is
a fresh interpreter that imports __main__, so its children see 0, where the C
lesson's fork server (a fork of the parent) hands on 1.
"""
import multiprocessing
import multiprocessing.forkserver
import statistics
import time

from benchargs import Parser, run, whole

answer = 0
SLEEP_S = 0.15


def do_something(thread_number, sleep_s):
    print(f'Working {thread_number} ...', flush=True)
    time.sleep(sleep_s)
    print(f'Thread {thread_number} was finished.', flush=True)


def report(conn):
    conn.send(answer)
    conn.close()


def measure(ctx, k):
    times, seen = [], set()
    for _ in range(k):
        parent, child = ctx.Pipe(duplex=False)
        t0 = time.perf_counter()
        p = ctx.Process(target=report, args=(child,))
        p.start()
        child.close()           # ours: so that a child that dies gives EOF, not a hang
        seen.add(parent.recv())
        times.append(time.perf_counter() - t0)
        p.join()
        parent.close()
        if p.exitcode != 0:
            raise SystemExit(f"02-start-methods.py: a {ctx.get_start_method()} child failed")
    return statistics.median(times) * 1e6, seen.pop() if len(seen) == 1 else -1


def main():
    global answer
    ap = Parser(description=__doc__)
    ap.add_argument('--starts', type=whole('--starts', 1, 1000), metavar='K',
                    help='starts per method for the timing (default 51, --quick 11)')
    ap.add_argument('--quick', action='store_true', help='11 starts, a 0.03 s sleep')
    args = ap.parse_args()
    k = args.starts or (11 if args.quick else 51)
    sleep_s = 0.03 if args.quick else SLEEP_S

    # multiprocessing.set_start_method('spawn'); the notebook's cell
    spawn = multiprocessing.get_context('spawn')
    ps = [spawn.Process(target=do_something, args=(i, sleep_s)) for i in range(5)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()

    answer = 1
    forkserver = multiprocessing.get_context('forkserver')
    multiprocessing.forkserver.ensure_running()     # the server starts now
    answer = 2
    print("answer = 0 at program start, 1 when the fork server started, 2 now.")
    for name, ctx in (('fork', multiprocessing.get_context('fork')), ('spawn', spawn),
                      ('forkserver', forkserver)):
        med, seen = measure(ctx, k)
        print(f"{name:<10} median {med:7.0f} us over {k} starts; the child sees answer = {seen}")


if __name__ == "__main__":
    run(main)
