#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""17-costs.py: the CPython side of lesson 17 (what each mechanism costs).

Run by lessons/17-costs, not by people: it measures the multiprocessing
equivalents of the lesson's C figures and prints, for each, one line

    figure ID OPS V1 V2 ... VN

OPS the operations (or bytes) per sample, V1..VN the samples, each the mean over
OPS operations, in the unit the lesson gives that figure (microseconds per round
trip, per start, per task or per call; nanoseconds per increment; GB/s).
A first line "version X.Y.Z" names the interpreter.

Usage: 17-costs.py [--reps N] [--quick]
"""
import argparse
import multiprocessing as mp
import sys
import time

now = time.perf_counter_ns          # CLOCK_MONOTONIC on Linux: the C side's clock


def figure(fid, ops, samples):
    print("figure", fid, ops, " ".join("%.6g" % s for s in samples), flush=True)


# ---- targets of the child processes: top level, so that spawn can find them

def noop():
    pass


def square(x):
    return x * x


def queue_echo(qin, qout):
    while True:
        x = qin.get()
        if x is None:
            return
        qout.put(x)


def pipe_echo(conn):
    while True:
        x = conn.recv()
        if x is None:
            return
        conn.send(x)


def bytes_writer(w, n):
    buf = b"x" * 65536
    w.send_bytes(b"r")
    for _ in range(n):
        w.send_bytes(buf)
    w.close()


def value_adder(v, go, ends, j, n):
    go.wait()
    for _ in range(n):
        with v.get_lock():
            v.value += 1
    ends[j] = now()


# ---- the measurements

def round_trips(ctx, reps, n):
    # Queue: put to the child, get its echo from a second queue.
    q1, q2 = ctx.Queue(), ctx.Queue()
    p = ctx.Process(target=queue_echo, args=(q1, q2))
    p.start()
    for i in range(20):
        q1.put(i)
        q2.get()
    samples = []
    for _ in range(reps):
        t0 = now()
        for i in range(n):
            q1.put(i)
            q2.get()
        samples.append((now() - t0) / 1e3 / n)
    q1.put(None)
    p.join()
    figure("py_queue_rt", n, samples)

    # Pipe(): a duplex Connection (a socketpair).
    a, b = ctx.Pipe()
    p = ctx.Process(target=pipe_echo, args=(b,))
    p.start()
    for i in range(20):
        a.send(i)
        a.recv()
    samples = []
    for _ in range(reps):
        t0 = now()
        for i in range(n):
            a.send(i)
            a.recv()
        samples.append((now() - t0) / 1e3 / n)
    a.send(None)
    p.join()
    figure("py_pipe_rt", n, samples)


def throughput(ctx, reps, nbytes):
    per = max(1, nbytes // 65536)
    r, w = ctx.Pipe(duplex=False)
    p = ctx.Process(target=bytes_writer, args=(w, (reps + 1) * per))
    p.start()
    w.close()
    r.recv_bytes()
    samples = []
    for k in range(reps + 1):           # the first sample warms up
        t0 = now()
        got = 0
        for _ in range(per):
            got += len(r.recv_bytes())
        if k > 0:
            samples.append(got / (now() - t0))      # bytes per ns = GB/s
    p.join()
    figure("py_pipe_tput", per * 65536, samples)


def value_lock(ctx, reps, n1, n2):
    v = ctx.Value("q", 0)
    for _ in range(n1 // 10):
        with v.get_lock():
            v.value += 1
    samples = []
    for _ in range(reps):
        t0 = now()
        for _ in range(n1):
            with v.get_lock():
                v.value += 1
        samples.append((now() - t0) / n1)
    figure("py_value_lock_1", n1, samples)

    samples = []
    for _ in range(reps):
        v.value = 0
        go = ctx.Event()
        ends = ctx.Array("q", 2, lock=False)
        ps = [ctx.Process(target=value_adder, args=(v, go, ends, j, n2)) for j in range(2)]
        for p in ps:
            p.start()
        time.sleep(0.01)                # let both reach go.wait()
        t0 = now()
        go.set()
        for p in ps:
            p.join()
        if v.value != 2 * n2 or any(p.exitcode != 0 for p in ps):
            sys.exit("17-costs.py: Value under its lock counted %d, expected %d" %
                     (v.value, 2 * n2))
        samples.append((max(ends) - t0) / (2 * n2))
    figure("py_value_lock_2", 2 * n2, samples)


def starts(reps, batch, quick):
    for method, fid, k in (("fork", "py_start_fork", batch),
                           ("forkserver", "py_start_forkserver", batch),
                           ("spawn", "py_start_spawn", max(1, batch // 5))):
        ctx = mp.get_context(method)
        if method != "spawn" or not quick:
            # warm up: starts the fork server; a spawn costs ~100 ms, and --quick
            # takes its first start as a sample
            p = ctx.Process(target=noop)
            p.start()
            p.join()
        samples = []
        for _ in range(reps):
            t0 = now()
            for _ in range(k):
                p = ctx.Process(target=noop)
                p.start()
                p.join()
            samples.append((now() - t0) / 1e3 / k)
        figure(fid, k, samples)


def pool(ctx, reps, n):
    with ctx.Pool(2) as pl:
        pl.map(square, range(n // 4 + 1), chunksize=1)
        samples = []
        for _ in range(reps):
            t0 = now()
            res = pl.map(square, range(n), chunksize=1)
            samples.append((now() - t0) / 1e3 / n)
            if sum(res) != sum(i * i for i in range(n)):
                sys.exit("17-costs.py: Pool.map gave wrong squares")
    figure("py_pool_task", n, samples)


def manager(ctx, reps, n):
    with ctx.Manager() as m:
        d = m.dict()
        for i in range(20):
            d["k"] = i
        samples = []
        for _ in range(reps):
            t0 = now()
            for i in range(n):
                d["k"] = i
            samples.append((now() - t0) / 1e3 / n)
    figure("py_manager_call", n, samples)


def main():
    ap = argparse.ArgumentParser(prog="17-costs.py")
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--quick", action="store_true")
    a = ap.parse_args()
    reps = max(1, a.reps)
    if a.quick:
        rt, nbytes, n1, n2, batch, tasks, calls = 100, 4 << 20, 10000, 2000, 1, 100, 100
    else:
        rt, nbytes, n1, n2, batch, tasks, calls = 1000, 64 << 20, 100000, 50000, 5, 1000, 1000
    print("version", sys.version.split()[0], flush=True)
    ctx = mp.get_context("fork")        # Linux's default until Python 3.14
    round_trips(ctx, reps, rt)
    throughput(ctx, reps, nbytes)
    value_lock(ctx, reps, n1, n2)
    starts(reps, batch, a.quick)
    pool(ctx, reps, tasks)
    manager(ctx, reps, calls)


if __name__ == "__main__":
    main()
