#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Notebook 004, "Comunicação entre Processos", Queue: the Python twin of
lessons/10-queue for `make bench`.

First a child puts [current_process().name, 42, None, 'hello'] and the parent
gets and prints it; then --producers processes put --messages messages each on
one multiprocessing.Queue, --consumers processes get them until a None
sentinel, and the parent checks that every message arrived exactly once (the
same count and checksum as the C lesson prints).
"""
import queue
from collections import Counter
from multiprocessing import Process, Queue, current_process

from benchargs import Parser, run, whole


def funcao(q):
    nomeProcesso = current_process().name
    q.put([nomeProcesso, 42, None, 'hello'])


def message_sum(producer, seq):
    return (producer + 1) * 1000003 + seq


def producer(q, pid, n):
    for s in range(n):
        q.put((pid, s))


def consumer(q, results, cid):
    seen = Counter()
    checksum = 0
    while True:
        m = q.get()
        if m is None:           # the sentinel: no more messages
            break
        seen[m] += 1
        checksum += message_sum(*m)
    results.put((cid, seen, checksum))


def main():
    ap = Parser(description=__doc__)
    ap.add_argument('--producers', type=whole('--producers', 1, 16), default=3, metavar='N')
    ap.add_argument('--consumers', type=whole('--consumers', 1, 16), default=3, metavar='N')
    ap.add_argument('--messages', type=whole('--messages', 1, 100000), default=1000, metavar='N')
    args = ap.parse_args()

    q = Queue()
    p = Process(target=funcao, args=(q,))
    p.start()
    print(q.get())
    p.join()

    nprod, ncons, nmsg = args.producers, args.consumers, args.messages
    q = Queue()
    results = Queue()
    consumers = [Process(target=consumer, args=(q, results, i)) for i in range(ncons)]
    producers = [Process(target=producer, args=(q, i, nmsg)) for i in range(nprod)]
    for c in consumers + producers:
        c.start()
    for pr in producers:
        pr.join()
    for _ in consumers:
        q.put(None)
    try:                        # before join: a child flushes its queue first
        got = [results.get(timeout=120) for _ in consumers]
    except queue.Empty:
        for c in consumers:
            c.kill()
            c.join()
        raise SystemExit("10-queue.py: a consumer sent no tally within 120 s")
    for c in consumers:
        c.join()
    failed = [c for c in consumers + producers if c.exitcode != 0]
    if failed:
        raise SystemExit(f"10-queue.py: {failed[0].name} failed (exit code {failed[0].exitcode})")

    print(f"\n{nprod} producers x {nmsg} messages, {ncons} consumers, one queue:")
    seen = Counter()
    total = checksum = 0
    for cid, s, ck in sorted(got, key=lambda g: g[0]):
        print(f"consumer {cid + 1} got {sum(s.values())} messages")
        seen.update(s)
        total += sum(s.values())
        checksum += ck
    want = sum(message_sum(pr, s) for pr in range(nprod) for s in range(nmsg))
    lost = sum(1 for pr in range(nprod) for s in range(nmsg) if seen[(pr, s)] == 0)
    dup = sum(1 for k, v in seen.items() if v > 1)
    print(f"total {total} messages (expected {nprod * nmsg}), checksum {checksum} (expected {want})")
    print(f"every message delivered exactly once: {'yes' if lost == 0 and dup == 0 and total == nprod * nmsg else 'NO'}"
          f" (lost {lost}, duplicated {dup})")
    return 0 if lost == 0 and dup == 0 else 1


if __name__ == "__main__":
    run(main)
