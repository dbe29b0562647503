# The sandbox's tests: a driver (sbrun: one command through sandbox_run, the result as
# key=value lines) and hostile programs, always run inside an outer PID namespace of the
# test's own (tests/grader/sandbox-lib.sh).
check_PROGRAMS += \
	tests/grader/hostile/escape \
	tests/grader/hostile/flood \
	tests/grader/hostile/forkbomb \
	tests/grader/hostile/ipcleak \
	tests/grader/hostile/killall \
	tests/grader/hostile/killparent \
	tests/grader/hostile/limits \
	tests/grader/hostile/memhog \
	tests/grader/hostile/netprobe \
	tests/grader/hostile/peek \
	tests/grader/hostile/sleeper \
	tests/grader/hostile/spin \
	tests/grader/sbrun

tests_grader_sbrun_SOURCES = tests/grader/sbrun.c
tests_grader_sbrun_LDADD = $(CORE_LIBS)

tests_grader_hostile_escape_SOURCES = tests/grader/hostile/escape.c
tests_grader_hostile_flood_SOURCES = tests/grader/hostile/flood.c
tests_grader_hostile_forkbomb_SOURCES = tests/grader/hostile/forkbomb.c
tests_grader_hostile_ipcleak_SOURCES = tests/grader/hostile/ipcleak.c
tests_grader_hostile_killall_SOURCES = tests/grader/hostile/killall.c
tests_grader_hostile_killparent_SOURCES = tests/grader/hostile/killparent.c
tests_grader_hostile_limits_SOURCES = tests/grader/hostile/limits.c
tests_grader_hostile_memhog_SOURCES = tests/grader/hostile/memhog.c
tests_grader_hostile_netprobe_SOURCES = tests/grader/hostile/netprobe.c
tests_grader_hostile_peek_SOURCES = tests/grader/hostile/peek.c
tests_grader_hostile_sleeper_SOURCES = tests/grader/hostile/sleeper.c
tests_grader_hostile_spin_SOURCES = tests/grader/hostile/spin.c

SANDBOX_TESTS = \
	tests/grader/sandbox-basic.sh \
	tests/grader/sandbox-hostile.sh \
	tests/grader/sandbox-limits.sh
TESTS += $(SANDBOX_TESTS)
EXTRA_DIST += $(SANDBOX_TESTS) tests/grader/sandbox-lib.sh
