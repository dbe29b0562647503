# SPDX-License-Identifier: MIT
# tests/grader/fixture.sh: a tiny exercise of the pipeline tests' own, independent of the
# lab's real exercises. Sourced after tests/lib.sh. Sets PROCLAB_MANIFEST.
#
#   make_fixture            $TEST_TMP/ex: manifest.json and 01-adder/ (task, stub, header,
#                           harness, judge)
#   make_workdir DIR [VARIANT]   a working copy with 01-adder/add.c = VARIANT (default: the stub)
#   variant NAME            prints the C source of add.c for NAME (good, wrong, crash, loop,
#                           exit, flood, orphan, cerror, warn, cflood, nasty, chatty, diskhog)
#
# Tests: small (2 points), child (3, race, 4 runs), secret (1, hidden), markup (1, a message full
# of characters every format must escape), plus 1 hygiene point: 8 in all.

make_fixture() {
	FX=$TEST_TMP/ex
	mkdir -p "$FX/01-adder" || exit 99
	cat >"$FX/manifest.json" <<'JSON'
{ "format": 1,
  "defaults": { "limits": { "cpu_ms": 2000, "wall_ms": 6000, "memory_mb": 256, "processes": 32,
                "open_files": 64, "file_size_kb": 1024, "output_bytes": 4096 },
                "hygiene_points": 1, "forbidden": ["syscall", "ptrace", "atexit", "on_exit"] },
  "exercises": [ { "number": 1, "name": "adder", "dir": "01-adder", "title": "Adder",
      "notebook": "000", "files": ["add.c"], "header": "add.h", "harness": "test_add.c",
      "judge": "judge_add.c", "tests": [ {"name": "small", "title": "two plus two", "points": 2},
                 {"name": "child", "title": "sum in a child", "points": 3, "runs": 4,
                  "race": true},
                 {"name": "secret", "title": "the zebra case", "points": 1, "hidden": true},
                 {"name": "markup", "title": "markup <&\"'> # ]]>", "points": 1} ],
      "hints": ["look at the plus sign", "return a + b;"] } ] }
JSON
	cat >"$FX/01-adder/add.h" <<'C'
#ifndef ADD_H
#define ADD_H
long add(long a, long b);
#endif
C
	# The harness calls add with the judge's numbers and reports the sum; the judge
	# chose them (child: random ones) and decides.
	cat >"$FX/01-adder/test_add.c" <<'C'
#include <sys/wait.h>
#include <unistd.h>
#include "labtest.h"
#include "add.h"
static void report_sum(void) { lab_report_long("sum", add(lab_input_long("a"), lab_input_long("b"))); }
static void test_small(void) { report_sum(); }
static void test_child(void)
{
	long *r = lab_shared(sizeof *r);
	pid_t p = fork();

	if (p == 0) {
		*r = add(lab_input_long("a"), lab_input_long("b"));
		_exit(0);
	}
	waitpid(p, NULL, 0);
	lab_report_long("sum", *r);
}
static void test_secret(void) { report_sum(); }
static void test_markup(void) { report_sum(); }
LAB_MAIN(LAB_TEST(small), LAB_TEST(child), LAB_TEST(secret), LAB_TEST(markup))
C
	cat >"$FX/01-adder/judge_add.c" <<'C'
#include <stdio.h>
#include "judge.h"
static const struct judge_report reports[] = { JUDGE_LONG("sum", LONG_MIN, LONG_MAX) };
static void inputs(struct judge *j, long a, long b)
{
	judge_input_long(j, "a", a);
	judge_input_long(j, "b", b);
}
static void expect_sum(struct judge *j, const char *what)
{
	char msg[128];
	long a = judge_in_long(j, "a"), b = judge_in_long(j, "b");

	snprintf(msg, sizeof msg, what, a, b);
	judge_expect_long(j, msg, a + b, judge_long(j, "sum"));
}
static void plan_small(struct judge *j) { inputs(j, 2, 2); }
static void decide_small(struct judge *j) { expect_sum(j, "add(%ld, %ld)"); }
static void plan_child(struct judge *j) { inputs(j, 20, 22); }
static void decide_child(struct judge *j) { expect_sum(j, "add(%ld, %ld) in a child"); }
static void plan_secret(struct judge *j) { inputs(j, -7, 7); }
static void decide_secret(struct judge *j) { expect_sum(j, "zebra add(%ld, %ld)"); }
static void plan_markup(struct judge *j) { inputs(j, 2, 3); }
static void decide_markup(struct judge *j) { expect_sum(j, "<&\"'> ]]> # TODO not a directive"); }
JUDGE_MAIN(reports, JUDGE_PLANNED(small), JUDGE_PLANNED(child), JUDGE_PLANNED(secret),
    JUDGE_PLANNED(markup))
C
	variant stub >"$FX/01-adder/add.c"
	printf '# Adder\n\nWrite add(a, b).\n' >"$FX/01-adder/README.md"
	PROCLAB_MANIFEST=$FX/manifest.json
	export PROCLAB_MANIFEST
}

variant() {
	printf '#include <stdio.h>\n#include <stdlib.h>\n#include <unistd.h>\n#include "add.h"\n'
	case $1 in
	stub)	echo 'long add(long a, long b) { (void)a; (void)b; return 1; /* TODO */ }' ;;
	good)	echo 'long add(long a, long b) { return a + b; }' ;;
	wrong)	echo 'long add(long a, long b) { return a - b; }' ;;
	crash)	echo 'long add(long a, long b) { volatile long *p = 0; if (a == 2 && b == 2) *p = 1; return a + b; }' ;;
	loop)	echo 'long add(long a, long b) { if (a == 2 && b == 2) for (volatile int i = 0; ; i++) ; return a + b; }' ;;
	exit)	echo 'long add(long a, long b) { if (a == 2 && b == 2) exit(0); return a + b; }' ;;
	flood)	echo 'long add(long a, long b) { if (a == 2 && b == 2) for (int i = 0; i < 100000; i++) puts("spam"); return a + b; }' ;;
	orphan)	echo 'long add(long a, long b) { if (a == 2 && b == 2 && fork() == 0) { sleep(20); _exit(0); } return a + b; }' ;;
	cerror)	echo 'long add(long a, long b) { return a + b }' ;;
	warn)	echo 'long add(long a, long b) { int unused_thing; return a + b; }' ;;
	cflood)	echo 'long add(long a, long b) { return a + b; }'
		i=0; while [ $i -lt 400 ]; do echo "int broken_$i = ;"; i=$((i + 1)); done ;;
	nasty)	# a warning whose text has markup, a TAP '#', and a byte that is not UTF-8
		printf '#warning "<&\\"> ]]> # \377 done"\n'
		echo 'long add(long a, long b) { return a == 2 && b == 3 ? 0 : a + b; }' ;;
	chatty)	# a student's debugging output, with a terminal escape in it
		echo 'long add(long a, long b) { fprintf(stderr, "add(%ld, %ld) \033[2J\n", a, b); return a - b; }' ;;
	diskhog) # 300 files of 1 MiB (the file-size limit) in its folder, then the sum
		echo 'static char mib[1 << 20]; long add(long a, long b) { char n[16]; for (int i = 0; i < 300; i++) { snprintf(n, sizeof n, "hog%d", i); FILE *f = fopen(n, "w"); if (!f) break; fwrite(mib, 1, sizeof mib, f); if (fclose(f) != 0) break; } return a + b; }' ;;
	sleepy)	echo 'long add(long a, long b) { usleep(300000); return a + b; }' ;;
	escapes) # terminal control sequences in the compiler's output: a title, a clear screen
		printf '#error "\033]0;pwned\007 \033[2J \033]52;c;eA==\007 done"\n' ;;
	*)	echo "variant: unknown $1" >&2; exit 99 ;;
	esac
}

make_workdir() {
	mkdir -p "$1/01-adder" || exit 99
	variant "${2:-stub}" >"$1/01-adder/add.c"
	cp "$FX/01-adder/add.h" "$1/01-adder/add.h"
}
