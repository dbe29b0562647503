#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Notebook 002, "Shared Array" (In[8] to In[14]): the Python twin of
lessons/08-shared-array for `make bench`.

One process adds 10 and one subtracts 5 on every element of
Array('i', [0..9]), each element under the lock -> [5, 6, ..., 14].
--think-ms replaces the notebook's time.sleep(0.1) per element; the benchmark
runs it with --think-ms 0, as the C lesson, so no sleep is timed.
"""
import time
from benchargs import Parser, run, whole
from multiprocessing import Array, Lock, Process


def increase_item_val(sh_array, amount, lock, think_s):
    for i in range(0, len(sh_array)):
        with lock:
            if think_s > 0:
                time.sleep(think_s)
            sh_array[i] += amount


def decrease_item_val(sh_array, amount, lock, think_s):
    for i in range(0, len(sh_array)):
        with lock:
            if think_s > 0:
                time.sleep(think_s)
            sh_array[i] -= amount


def main():
    ap = Parser(description=__doc__)
    ap.add_argument('--trials', type=whole('--trials', 1, 10000), default=1, metavar='N')
    ap.add_argument('--think-ms', type=whole('--think-ms', 0, 10000), default=10, metavar='MS')
    args = ap.parse_args()
    think_s = args.think_ms / 1000
    correct = 0
    for t in range(args.trials):
        shared_array = Array('i', [i for i in range(0, 10)])
        if t == 0:
            print(f"Initial Value: {shared_array[:]}")
        lock = Lock()
        p_inc = Process(target=increase_item_val, args=(shared_array, 10, lock, think_s))
        p_dec = Process(target=decrease_item_val, args=(shared_array, 5, lock, think_s))
        p_inc.start()
        p_dec.start()
        p_inc.join()
        p_dec.join()
        final = shared_array[:]
        correct += final == [i + 5 for i in range(10)]
        print(f"Final value: {final}")
    print(f"\ncorrect in {correct} of {args.trials} trials")


if __name__ == "__main__":
    run(main)
