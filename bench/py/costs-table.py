# SPDX-License-Identifier: MIT
"""costs-table.py JSON: the C-against-CPython table of lesson 17's --json output,
for bench/run.sh (pair 17). Each CPython figure, its C counterpart, the ratio (how
many times faster C is, or for GB/s how many times more) and whether it reaches
its target (3x; 20x for the locked increment). Exit status 1 when the Python side
did not run or a comparison is missing a figure."""
import json
import sys


def main():
    with open(sys.argv[1]) as f:
        d = json.load(f)
    figs = d["figures"]
    if d.get("python") is None:
        print("  the CPython side did not run: %s" % d.get("python_skipped"))
        return 1
    print("pair 17, lesson 17-costs (%d samples per figure; CPython %s):"
          % (d["samples"], d["python"]["version"]))
    print("  %-42s %12s   %-40s %12s %8s  %s" % ("CPython", "median", "C counterpart",
                                                 "median", "C faster", "target"))
    met = 0
    for c in d["comparisons"]:
        py, cf = figs.get(c["python"]), figs.get(c["c"])
        if py is None or cf is None or c["ratio"] is None:
            print("  %s: a figure is missing" % c["python"])
            return 1
        ok = c["ratio"] >= c["target"]
        met += ok
        print("  %-42s %8.4g %-3s   %-40s %8.4g %-3s %7.1fx  %gx %s"
              % (py["name"], py["median"], py["unit_symbol"], cf["name"], cf["median"],
                 cf["unit_symbol"], c["ratio"], c["target"],
                 "met" if ok else "MISSED (by %.1fx)" % (c["target"] / c["ratio"])))
    print("  %d of %d targets met" % (met, len(d["comparisons"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
