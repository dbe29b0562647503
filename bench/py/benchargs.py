# SPDX-License-Identifier: MIT
"""Option parsing shared by the bench/py twins: the same options, ranges and
messages as the C lessons (one line naming the option and what to give, then
'Try ... --help', exit 2)."""
import argparse
import os
import sys


def whole(option, lo, hi):
    """An argparse type: a whole number from lo to hi, or one clear message."""
    def parse(text):
        try:
            n = int(text, 10)
        except ValueError:
            n = None
        if n is None or not lo <= n <= hi:
            raise argparse.ArgumentTypeError(
                f"{option}: '{text}' is not a whole number from {lo} to {hi}")
        return n
    return parse


class Parser(argparse.ArgumentParser):
    """The script's docstring as its --help, usage errors as the lessons give them."""
    def __init__(self, **kw):
        kw.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        kw.setdefault("epilog", "Exit status: 0 the demo ran, 1 it failed, 2 bad usage.")
        super().__init__(**kw)

    def error(self, message):
        prog = os.path.basename(sys.argv[0])
        # argparse prefixes "argument --x: "; keep only our own message when there is one
        if ": '" in message and message.startswith("argument "):
            message = message.split(": ", 1)[1]
        sys.stderr.write(f"{prog}: {message}\nTry '{prog} --help'.\n")
        sys.exit(2)


def run(main):
    """Run main(); a failed system call ends it with one line (what, why) and exit 1."""
    prog = os.path.basename(sys.argv[0])
    try:
        status = main()
    except OSError as e:
        what = e.filename if e.filename is not None else type(e).__name__
        sys.stderr.write(f"{prog}: {what}: {e.strerror or e}\n")
        sys.exit(1)
    except EOFError:
        sys.stderr.write(f"{prog}: a child closed its end of a pipe without answering\n")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(status or 0)
