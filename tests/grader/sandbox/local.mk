# SPDX-License-Identifier: MIT
# The sandbox's tests: a driver (sbrun: one command through sandbox_run, the result as
# key=value lines) and hostile programs, always run inside an outer PID namespace of the
# test's own (tests/grader/sandbox/lib.sh).
check_PROGRAMS += \
	tests/grader/sandbox/hostile/escape \
	tests/grader/sandbox/hostile/flood \
	tests/grader/sandbox/hostile/forkbomb \
	tests/grader/sandbox/hostile/ipcleak \
	tests/grader/sandbox/hostile/killall \
	tests/grader/sandbox/hostile/killparent \
	tests/grader/sandbox/hostile/limits \
	tests/grader/sandbox/hostile/memhog \
	tests/grader/sandbox/hostile/netprobe \
	tests/grader/sandbox/hostile/peek \
	tests/grader/sandbox/hostile/sleeper \
	tests/grader/sandbox/hostile/spin \
	tests/grader/sandbox/nons \
	tests/grader/sandbox/sbrun

tests_grader_sandbox_nons_SOURCES = tests/grader/sandbox/nons.c
tests_grader_sandbox_nons_CFLAGS = $(AM_CFLAGS) $(LIBSECCOMP_CFLAGS)
tests_grader_sandbox_nons_LDADD = $(LIBSECCOMP_LIBS)
tests_grader_sandbox_sbrun_SOURCES = tests/grader/sandbox/sbrun.c
# The sandbox alone: libgrader.a and nothing of the command.
tests_grader_sandbox_sbrun_LDADD = $(GRADER_LIBS)

tests_grader_sandbox_hostile_escape_SOURCES = tests/grader/sandbox/hostile/escape.c
tests_grader_sandbox_hostile_flood_SOURCES = tests/grader/sandbox/hostile/flood.c
tests_grader_sandbox_hostile_forkbomb_SOURCES = tests/grader/sandbox/hostile/forkbomb.c
tests_grader_sandbox_hostile_ipcleak_SOURCES = tests/grader/sandbox/hostile/ipcleak.c
tests_grader_sandbox_hostile_killall_SOURCES = tests/grader/sandbox/hostile/killall.c
tests_grader_sandbox_hostile_killparent_SOURCES = tests/grader/sandbox/hostile/killparent.c
tests_grader_sandbox_hostile_limits_SOURCES = tests/grader/sandbox/hostile/limits.c
tests_grader_sandbox_hostile_memhog_SOURCES = tests/grader/sandbox/hostile/memhog.c
tests_grader_sandbox_hostile_netprobe_SOURCES = tests/grader/sandbox/hostile/netprobe.c
tests_grader_sandbox_hostile_peek_SOURCES = tests/grader/sandbox/hostile/peek.c
tests_grader_sandbox_hostile_sleeper_SOURCES = tests/grader/sandbox/hostile/sleeper.c
tests_grader_sandbox_hostile_spin_SOURCES = tests/grader/sandbox/hostile/spin.c

SANDBOX_TESTS = \
	tests/grader/sandbox/basic.sh \
	tests/grader/sandbox/hostile.sh \
	tests/grader/sandbox/layers.sh \
	tests/grader/sandbox/limits.sh \
	tests/grader/sandbox/root.sh
TESTS += $(SANDBOX_TESTS)
EXTRA_DIST += $(SANDBOX_TESTS) tests/grader/sandbox/lib.sh
