# SPDX-License-Identifier: MIT
# make bench: the C lessons against CPython's multiprocessing doing the same notebook
# demo (bench/py/NN-name.py), timed interleaved in one run; doc/benchmarks.md.
# Not part of `make check`. Options (make variables):
#   BENCH_MODE=time|callgrind  callgrind: the C side's instruction count (valgrind)
#   BENCH_ROUNDS=N             rounds per pair (default: 7, callgrind 3)
#   BENCH_PAIRS='07 09'        only these pairs (default: all; 17: lesson 17's own C/CPython figures)
#   BENCH_TIMER=auto|hyperfine|date
# Results in bench/results/ of the build folder (gitignored), a table on stdout.
BENCH_MODE = time
BENCH_ROUNDS =
BENCH_PAIRS =
BENCH_TIMER = auto

# The lessons the pairs run. Lesson 16 may be missing or broken while someone works
# on it: it is built if it can be, and run.sh skips its pair (saying so) if it is not.
BENCH_LESSONS = \
	lessons/02-start-methods \
	lessons/07-balance-lock \
	lessons/08-shared-array \
	lessons/09-get-lock \
	lessons/10-queue \
	lessons/11-pipe \
	lessons/12-pool \
	lessons/14-manager \
	lessons/17-costs

BENCH_FILES = \
	bench/py/02-start-methods.py \
	bench/py/07-balance-lock.py \
	bench/py/08-shared-array.py \
	bench/py/09-get-lock.py \
	bench/py/10-queue.py \
	bench/py/11-pipe.py \
	bench/py/12-pool.py \
	bench/py/14-manager.py \
	bench/py/16-letter-frequency.py \
	bench/py/benchargs.py \
	bench/py/costs-table.py \
	bench/run.sh \
	bench/sched.sh

EXTRA_DIST += $(BENCH_FILES)

# The scheduler's costs (bench/sched.sh): a scheduling point, built only for make bench.
EXTRA_PROGRAMS += bench/sched-child bench/sched-point
bench_sched_child_SOURCES = bench/sched-child.c
bench_sched_child_LDFLAGS = $(AM_LDFLAGS) $(LAB_WRAP_LINK)
bench_sched_child_LDADD = lib/libproclab.a
bench_sched_child_DEPENDENCIES = lib/libproclab.a lib/lab-wrap.flags
bench_sched_point_SOURCES = bench/sched-point.c
bench_sched_point_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/grader
bench_sched_point_LDADD = $(GRADER_LIBS)
CLEANFILES += bench/sched-child bench/sched-point

.PHONY: bench
bench: $(BENCH_LESSONS) bench/sched-child bench/sched-point proclab$(EXEEXT)
	-@$(MAKE) $(AM_MAKEFLAGS) lessons/16-letter-frequency || \
	  echo "bench: lessons/16-letter-frequency does not build: its pair is skipped"
	@test -n '$(PYTHON3)' || { echo "bench: python3 was not found by configure" >&2; exit 1; }
	LESSONS='$(abs_top_builddir)/lessons' PYTHON3='$(PYTHON3)' \
	PROCLAB_RFC_DIR="$${PROCLAB_RFC_DIR-$(abs_top_srcdir)/../shared/data/rfc}" \
	BENCH_OUT='$(abs_top_builddir)/bench/results' \
	bash '$(abs_top_srcdir)/bench/run.sh' --mode '$(BENCH_MODE)' \
	  $(BENCH_ROUNDS:%=--rounds %) --timer '$(BENCH_TIMER)' $(BENCH_PAIRS)
	PROCLAB='$(abs_top_builddir)/proclab' BENCH_BIN='$(abs_top_builddir)/bench' \
	CC='$(CC)' top_srcdir='$(abs_top_srcdir)' top_builddir='$(abs_top_builddir)' \
	bash '$(abs_top_srcdir)/bench/sched.sh'

clean-local: clean-bench
.PHONY: clean-bench
clean-bench:
	-rm -rf bench/results
