#!/bin/sh
# SPDX-License-Identifier: MIT
# A student's objects are screened before they are linked with the harness: code that would
# write the harness's "status passed" record itself (a constructor, an exit handler, its own
# lab_main, a wrapper of write), or reach into the runtime (lab_main, lab_state_), or make a
# call the manifest forbids, gets zero marks with a message that names what was refused, as
# a compile error. A legitimate file with its own global helper and variable still passes.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/grader/fixture.sh"
make_fixture
W=$TEST_TMP/wc

# attack NAME REGEX: grade $TEST_TMP/NAME.c as add.c; zero marks, refused with REGEX.
attack() {
	rm -rf "$W"
	make_workdir "$W" stub
	cp "$TEST_TMP/$1.c" "$W/01-adder/add.c" || exit 99
	expect_status 1 "$PROCLAB" check 1 --dir "$W" --seed 7
	cp "$TEST_TMP/last" "$TEST_TMP/$1.out"
	expect_grep 'did not compile' "$TEST_TMP/$1.out"
	expect_grep '^score 0/8' "$TEST_TMP/$1.out"
	expect_grep "$2" "$TEST_TMP/$1.out"
	expect_no_grep '^PASS' "$TEST_TMP/$1.out"
}

# The record a forger writes: "status passed" on the result descriptor, then out.
FORGE='static void forge(void) { static const char r[] = "status passed\n"; write(3, r, sizeof r - 1); _exit(0); }'

cat >"$TEST_TMP/ctor.c" <<C
#include <unistd.h>
#include "add.h"
$FORGE
__attribute__((constructor)) static void early(void) { forge(); }
long add(long a, long b) { return a - b; }
C
attack ctor "add.c has a constructor \(\.init_array\): code that runs before main is not allowed"

cat >"$TEST_TMP/ctor-prio.c" <<C
#include <unistd.h>
#include "add.h"
$FORGE
__attribute__((destructor(101))) static void late(void) { forge(); }
long add(long a, long b) { return a - b; }
C
attack ctor-prio "add.c has a destructor \(\.fini_array\.[0-9]+\): code that runs after main"

cat >"$TEST_TMP/ctor-asm.c" <<C
#include <unistd.h>
#include "add.h"
$FORGE
static void early(void) { forge(); }
__attribute__((used, section(".ctors"))) static void (*const p)(void) = early;
long add(long a, long b) { return a - b; }
C
attack ctor-asm "add.c has a constructor \(\.ctors\)"

cat >"$TEST_TMP/atexit.c" <<C
#include <stdlib.h>
#include <unistd.h>
#include "add.h"
$FORGE
long add(long a, long b) { atexit(forge); return a - b; }
C
attack atexit "add.c calls atexit\(\), which this exercise does not allow"

cat >"$TEST_TMP/labmain.c" <<C
#include <stddef.h>
#include <unistd.h>
#include "labtest.h"
#include "add.h"
long add(long a, long b) { return a - b; }
int lab_main(int argc, char **argv, const struct lab_test *t, size_t n)
{ (void)argc; (void)argv; (void)t; (void)n; write(3, "status passed\n", 14); return 0; }
C
attack labmain "add.c defines 'lab_main', a name of the lab's runtime: rename it"

cat >"$TEST_TMP/labfail.c" <<C
#include <unistd.h>
#include "add.h"
long add(long a, long b) { return a - b; }
void lab_fail(const char *fmt, ...) { (void)fmt; write(3, "status passed\n", 14); _exit(0); }
C
attack labfail "add.c defines 'lab_fail', a name of the lab's runtime: rename it"

cat >"$TEST_TMP/main.c" <<C
#include <unistd.h>
#include "add.h"
long add(long a, long b) { return a - b; }
int main(void) { write(3, "status passed\n", 14); return 0; }
C
attack main "add.c defines 'main': the lab's test harness has the program's main"

cat >"$TEST_TMP/wrapwrite.c" <<C
#include <string.h>
#include <unistd.h>
#include "add.h"
ssize_t __real_write(int, const void *, size_t);
ssize_t __wrap_write(int fd, const void *buf, size_t n)
{
	if (fd == 3 && n >= 13 && memcmp(buf, "status failed", 13) == 0)
		return __real_write(fd, "status passed\n", 14);
	return __real_write(fd, buf, n);
}
long add(long a, long b) { return a - b; }
C
attack wrapwrite "add.c defines '__wrap_write', a name of the lab's call wrappers: rename it"

cat >"$TEST_TMP/calllabmain.c" <<C
#include <unistd.h>
#include "labtest.h"
#include "add.h"
static void test_fake(void) { }
static char *fake_argv[] = { "x", "fake", 0 };
long add(long a, long b)
{
	static const struct lab_test mine[] = { { "fake", test_fake } };
	_exit(lab_main(2, fake_argv, mine, 1));
	return a + b;
}
C
attack calllabmain "add.c uses 'lab_main', a part of the lab's runtime that is not for exercises"

# The runtime's state, reached by name: e.g. to reset its counts or its failure record.
cat >"$TEST_TMP/state.c" <<C
#include <string.h>
#include "add.h"
struct lab_state;
extern struct lab_state *lab_state_;
long add(long a, long b) { if (lab_state_ != 0) memset(lab_state_, 0, 64); return a - b; }
C
attack state "add.c uses 'lab_state_', a part of the lab's runtime"

# A name the manifest's defaults forbid, and one the exercise adds to them.
cat >"$TEST_TMP/syscall.c" <<C
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <unistd.h>
#include "add.h"
long add(long a, long b) { return a + b + 0 * syscall(SYS_getpid); }
C
attack syscall "add.c calls syscall\(\), which this exercise does not allow"

cat >"$TEST_TMP/getppid.c" <<C
#include <unistd.h>
#include "add.h"
long add(long a, long b) { return a + b + 0 * getppid(); }
C
sed 's/"hints": \[/"forbidden": ["getppid"], "hints": [/' "$FX/manifest.json" >"$FX/m2" &&
	mv "$FX/m2" "$FX/manifest.json" || exit 99
attack getppid "add.c calls getppid\(\), which this exercise does not allow"
attack syscall "add.c calls syscall\(\)"

# No false refusal: a global helper, a global variable (also a common one), calls of libc.
cat >"$TEST_TMP/legit.c" <<C
#include <stdio.h>
#include <unistd.h>
#include "lab.h"
#include "add.h"
long add_calls;
int add_table[4] = { 1, 2, 3, 4 };
long add_helper(long a, long b) { add_calls++; return a + b; }
static long twice(long x) { return 2 * x; }
long add(long a, long b) { if (getpid() < 0) perror("getpid"); return twice(add_helper(a, b)) / 2; }
C
rm -rf "$W"
make_workdir "$W" stub
cp "$TEST_TMP/legit.c" "$W/01-adder/add.c" || exit 99
expect_status 0 "$PROCLAB" check 1 --dir "$W" --seed 7
expect_grep '^score 8/8' "$TEST_TMP/last"
expect_no_grep 'not allowed|rename it|did not compile' "$TEST_TMP/last"
exit 0
