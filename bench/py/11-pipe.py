#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Notebooks 001 and 004, Pipe(): the Python twin of lessons/11-pipe for
`make bench`.

A one-way message (comunicador), a duplex Pipe() that squares a list (funcao),
then the same big exchange as the C lesson: both sides send 4 x the pipe's
buffer before reading (stuck: a SIGALRM after --timeout-ms interrupts them),
then both send while reading (select.poll), which works.
"""
import fcntl
import os
import select
import signal
from multiprocessing import Pipe, Process

from benchargs import Parser, run, whole


def comunicador(conexao):
    conexao.send("Mensagem via Pipe")
    conexao.close()


def funcao(con):
    lista = con.recv()
    print("Recebido...{}".format(lista), flush=True)
    res = []
    for n in lista:
        res.append(n * n)
    con.send(res)
    con.close()


class Stuck(Exception):
    pass


alarm_armed = False


def on_alarm(sig, frame):
    global alarm_armed
    if alarm_armed:             # raise once, and never after write_then_read is done
        alarm_armed = False
        raise Stuck()


def write_then_read(wfd, data, timeout_ms):
    """Write the whole message, then (only then) read: how far did the write get?"""
    global alarm_armed
    done = 0
    signal.signal(signal.SIGALRM, on_alarm)
    alarm_armed = True
    signal.setitimer(signal.ITIMER_REAL, timeout_ms / 1000)
    try:
        try:
            # PIPE_BUF pieces: each write() goes in whole or blocks with nothing
            # written, so the alarm never lands between a partial write and counting it.
            while done < len(data):
                done += os.write(wfd, data[done:done + 4096])
        except BrokenPipeError:
            pass                # the other side gave up first and closed: stuck as well
        finally:
            alarm_armed = False
    except Stuck:
        pass
    signal.setitimer(signal.ITIMER_REAL, 0)
    return done


def exchange_with_poll(wfd, rfd, data):
    """Write when the pipe has room, read when data is there: nobody stays stuck."""
    os.set_blocking(wfd, False)
    sent, got, reading = 0, 0, True
    while sent < len(data) or reading:
        p = select.poll()
        if sent < len(data):
            p.register(wfd, select.POLLOUT)
        if reading:
            p.register(rfd, select.POLLIN)
        for fd, ev in p.poll():
            if fd == wfd and ev & (select.POLLOUT | select.POLLERR):
                try:
                    sent += os.write(wfd, data[sent:])
                except BlockingIOError:
                    pass
                if sent == len(data):
                    os.close(wfd)
            elif fd == rfd and ev & (select.POLLIN | select.POLLHUP):
                r = os.read(rfd, 65536)
                if not r:
                    reading = False
                got += len(r)
    return got


def child_side(mode, wfd, rfd, parent_ends, size, timeout_ms, report):
    for fd in parent_ends:      # fork copied the parent's ends: close them, or no EOF
        os.close(fd)
    data = b'x' * size
    if mode == 0:
        report.send(write_then_read(wfd, data, timeout_ms))
    else:
        report.send(exchange_with_poll(wfd, rfd, data))


def big_exchange(mode, size, timeout_ms):
    down_r, down_w = os.pipe()      # parent -> child
    up_r, up_w = os.pipe()          # child -> parent
    rep_parent, rep_child = Pipe(duplex=False)
    p = Process(target=child_side, args=(mode, up_w, down_r, (down_w, up_r), size, timeout_ms, rep_child))
    p.start()
    os.close(down_r)
    os.close(up_w)
    rep_child.close()
    data = b'x' * size
    if mode == 0:
        moved = write_then_read(down_w, data, timeout_ms)
        child_moved = rep_parent.recv()
        os.close(down_w)
    else:
        moved = exchange_with_poll(down_w, up_r, data)
        child_moved = rep_parent.recv()
    os.close(up_r)
    p.join()
    if p.exitcode != 0:
        raise SystemExit(f"11-pipe.py: child failed (exit code {p.exitcode})")
    return moved, child_moved


def main():
    ap = Parser(description=__doc__)
    ap.add_argument('--timeout-ms', type=whole('--timeout-ms', 50, 10000), default=300, metavar='MS')
    args = ap.parse_args()

    conn1, conn2 = Pipe()
    p = Process(target=comunicador, args=(conn1,))
    p.start()
    print(conn2.recv())
    p.join()

    con_pai, con_filho = Pipe()
    p = Process(target=funcao, args=(con_filho,))
    p.start()
    con_pai.send([1, 2, 3, 4, 5])
    print(con_pai.recv())
    p.join()

    r, w = os.pipe()
    pipe_sz = fcntl.fcntl(w, fcntl.F_GETPIPE_SZ)
    os.set_blocking(w, False)
    filled = 0
    try:
        while True:
            filled += os.write(w, b'x' * 4096)
    except BlockingIOError:
        pass
    os.close(r)
    os.close(w)
    print(f"\nA pipe's buffer: fcntl(F_GETPIPE_SZ) = {pipe_sz} bytes;\n"
          f"O_NONBLOCK writes put {filled} bytes in before EAGAIN.")
    size = pipe_sz * 4
    print(f"Both sides send {size} bytes (4 x the buffer), then read:")
    pm, cm = big_exchange(0, size, args.timeout_ms)
    print(f"  parent: write stuck after {pm} of {size} bytes (interrupted after {args.timeout_ms} ms)")
    print(f"  child:  write stuck after {cm} of {size} bytes (interrupted after {args.timeout_ms} ms)")
    if pm < size and cm < size:
        print("  -> deadlock: each waits for the other to read, nobody reads")
    else:
        print("  -> a write finished: no deadlock this time (a bigger pipe buffer?)")
    print(f"Both sides send {size} bytes, reading while writing (poll):")
    pm, cm = big_exchange(1, size, args.timeout_ms)
    print(f"  parent received {pm} bytes, child received {cm} bytes -> no deadlock")


if __name__ == "__main__":
    run(main)
