#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Notebook 001, Pool: the Python twin of lessons/12-pool for `make bench`.

Pool(--workers): map(quadrado, [1, 2, 3, 4]) -> [1, 4, 9, 16], apply(quadrado,
(7,)) -> 49, then map over range(1, 21) with --chunksize, chunk k sleeping
(last chunk - k) x --think-ms as in the C lesson (the benchmark uses 0), and
the results come back in input order.
"""
import os
import time
from multiprocessing import Pool

from benchargs import Parser, run, whole


def quadrado(n):
    return n * n


def slow_chunk(task):
    """One chunk of the demo: sleep (the think time), square, say who did it."""
    k, items, sleep_ms = task
    if sleep_ms > 0:
        time.sleep(sleep_ms / 1000)
    return k, os.getpid(), [quadrado(n) for n in items]


def main():
    ap = Parser(description=__doc__)
    ap.add_argument('--workers', type=whole('--workers', 1, 16), default=4, metavar='N')
    ap.add_argument('--chunksize', type=whole('--chunksize', 1, 20), default=3, metavar='N')
    ap.add_argument('--think-ms', type=whole('--think-ms', 0, 1000), default=20, metavar='MS')
    args = ap.parse_args()

    with Pool(args.workers) as pool:
        resultados = pool.map(quadrado, [1, 2, 3, 4])
        print(resultados)
        print(pool.apply(quadrado, (7,)))

        items = list(range(1, 21))
        cs = args.chunksize
        chunks = [items[i:i + cs] for i in range(0, len(items), cs)]
        tasks = [(k, c, (len(chunks) - 1 - k) * args.think_ms) for k, c in enumerate(chunks)]
        # imap_unordered hands the next chunk to whichever worker is free, as the C pool
        out = [None] * len(items)
        order = []
        for k, pid, res in pool.imap_unordered(slow_chunk, tasks, chunksize=1):
            out[k * cs:k * cs + len(res)] = res
            order.append(k)
    print(f"\npool.map(quadrado, range(1, 21), chunksize={cs}) with {args.workers} workers;")
    print("finish order: chunks " + ", ".join(map(str, order)))
    print(f"results in input order: {out}")


if __name__ == "__main__":
    run(main)
