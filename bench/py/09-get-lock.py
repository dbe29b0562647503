#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Notebook 004, "Value" and "Array" with get_lock(): the Python twin of
lessons/09-get-lock for `make bench`.

num = Value('d', 0.0, lock=True): one process adds 1.0 100000 times, another
subtracts 1 100000 times, each under `with n.get_lock():` -> 0.0.
vet = Array('i', [0]*10, lock=True): +1 x5000 per element in one process, -1
x5000 in another -> all zeros. --think-ms: a sleep between reading and writing
the first update, as the C lesson's; the benchmark uses --think-ms 0.
"""
import time
from benchargs import Parser, run, whole
from multiprocessing import Array, Process, Value

VALUE_ITERATIONS = 100000
ARRAY_ITERATIONS = 5000


def soma(n, delta, think_s):
    for a in range(VALUE_ITERATIONS):
        with n.get_lock():
            if a == 0 and think_s > 0:
                v = n.value
                time.sleep(think_s)
                n.value = v + delta
            else:
                n.value += delta


def soma_vet(vet, delta, think_s):
    for a in range(len(vet)):
        for b in range(ARRAY_ITERATIONS):
            with vet.get_lock():
                if a == 0 and b == 0 and think_s > 0:
                    v = vet[a]
                    time.sleep(think_s)
                    vet[a] = v + delta
                else:
                    vet[a] += delta


def run_pair(target, shared, deltas, think_s):
    ps = [Process(target=target, args=(shared, d, think_s)) for d in deltas]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
        if p.exitcode != 0:
            raise SystemExit(f"09-get-lock.py: child failed (exit code {p.exitcode})")


def main():
    ap = Parser(description=__doc__)
    ap.add_argument('--trials', type=whole('--trials', 1, 10000), default=1, metavar='N')
    ap.add_argument('--think-ms', type=whole('--think-ms', 0, 10000), default=20, metavar='MS')
    args = ap.parse_args()
    think_s = args.think_ms / 1000
    value_ok = array_ok = 0
    for _ in range(args.trials):
        num = Value('d', 0.0, lock=True)
        run_pair(soma, num, (+1.0, -1), think_s)       # pSoma, pSubtracao
        vet = Array('i', [0 for a in range(10)], lock=True)
        run_pair(soma_vet, vet, (+1, -1), think_s)
        print(num.value)
        print(vet[:])
        value_ok += num.value == 0.0
        array_ok += vet[:] == [0] * 10
    print(f"\ncorrect (0.0) in {value_ok} of {args.trials} trials")
    print(f"array all zeros in {array_ok} of {args.trials} trials")


if __name__ == "__main__":
    run(main)
