#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Notebook 004, Manager: the Python twin of lessons/14-manager for `make bench`.

A Manager's server process holds a list; --workers processes each count to
10000, append their item and print "{item} {list}"; then the parent prints
'Results: [...]' (the order depends on the scheduler, the items do not).
"""
import multiprocessing

from benchargs import Parser, run, whole


def worker(list, item):
    x = 0
    for a in range(10000):
        x += 1
    list.append(item)
    print("{} {}".format(item, list), flush=True)


def main():
    ap = Parser(description=__doc__)
    ap.add_argument('--workers', type=whole('--workers', 1, 64), default=10, metavar='N')
    args = ap.parse_args()
    with multiprocessing.Manager() as mgr:
        list = mgr.list()
        jobs = [multiprocessing.Process(target=worker, args=(list, i))
                for i in range(args.workers)]
        for j in jobs:
            j.start()
        for j in jobs:
            j.join()
        failed = [j for j in jobs if j.exitcode != 0]
        if failed:
            raise SystemExit(f"14-manager.py: {failed[0].name} failed (exit code {failed[0].exitcode})")
        print('Results:', list)


if __name__ == "__main__":
    run(main)
