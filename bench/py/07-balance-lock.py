#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Notebook 002, "Shared Value" (In[2] to In[7]) with the lock: the Python twin of
lessons/07-balance-lock for `make bench`.

5 processes deposit 100 and 5 withdraw 50 on balance = Value('i', 100), each
read-think-write under `with lock:` -> Final Balance = 350 on every trial.
--think-ms replaces the notebook's time.sleep(0.2) ("heavy computation"); the
benchmark runs it with --think-ms 0, as the C lesson, so no sleep is timed.
"""
import time
from benchargs import Parser, run, whole
from multiprocessing import Lock, Process, Value


def increase_balance(balance, amount, lock, think_s):
    """Increase balance"""
    with lock:
        local_copy = balance.value  # get the global balance value
        local_copy += amount  # update amount
        if think_s > 0:
            time.sleep(think_s)  # heavy computation
        balance.value = local_copy  # update value


def decrease_balance(balance, amount, lock, think_s):
    """Decrease Balance"""
    with lock:
        local_copy = balance.value
        local_copy -= amount
        if think_s > 0:
            time.sleep(think_s)
        balance.value = local_copy


def trial(think_s):
    balance = Value('i', 100)
    lock = Lock()
    processes = []
    for _ in range(5):
        processes.append(Process(target=increase_balance, args=(balance, 100, lock, think_s)))
        processes.append(Process(target=decrease_balance, args=(balance, 50, lock, think_s)))
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    return balance.value


def main():
    ap = Parser(description=__doc__)
    ap.add_argument('--trials', type=whole('--trials', 1, 10000), default=1, metavar='N')
    ap.add_argument('--think-ms', type=whole('--think-ms', 0, 10000), default=200, metavar='MS')
    args = ap.parse_args()
    correct = 0
    for _ in range(args.trials):
        final = trial(args.think_ms / 1000)
        correct += final == 350
        print(f"Final Balance = {final}")
    print(f"\ncorrect (350) in {correct} of {args.trials} trials")


if __name__ == "__main__":
    run(main)
