/* SPDX-License-Identifier: MIT */
/*
 * lab-crash.c: where a test program crashed. A process of the test program (the harness
 * or any child) that dies of SIGSEGV, SIGBUS, SIGFPE, SIGILL or SIGABRT first writes one
 * line on its standard error,
 *
 *     proclab-crash SIGNAL PC CALLER...
 *
 * the faulting instruction and the return addresses of its callers, in hexadecimal as
 * offsets into the program ("-" for an address outside it, e.g. in libc), and then dies
 * of the signal as it would have. The grader turns the offsets into functions and lines
 * (grader/crash.c, addr2line in the sandbox). Student code can write such a line too; it
 * changes nothing but the words of its own failure.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "lab-internal.h"
#include "labtest.h"

#include <errno.h>
#include <execinfo.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#define CRASH_FRAMES	24

static uintptr_t	 prog_lo, prog_hi, prog_bias;
static char		 crash_stack[64 * 1024];  /* a stack overflow still gets its line */

/* The first object dl_iterate_phdr reports is the program itself. */
static int
find_program(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	prog_bias = info->dlpi_addr;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;

		if (ph->p_type != PT_LOAD)
			continue;
		if (prog_lo == 0 || lo < prog_lo)
			prog_lo = lo;
		if (hi > prog_hi)
			prog_hi = hi;
	}
	return 1;
}

uint64_t
lab_program_offset_(uintptr_t addr)
{
	if (prog_hi == 0)
		dl_iterate_phdr(find_program, NULL);
	if (addr < prog_lo || addr >= prog_hi)
		return 0;
	return (uint64_t)(addr - prog_bias);
}

/* " 1a2b" or " -": async-signal-safe, into BUF at *N. */
static void
put_offset(char *buf, size_t *n, size_t cap, uintptr_t addr)
{
	char	 digits[2 * sizeof addr];
	size_t	 k = 0;
	uintptr_t off;

	if (*n + 2 + sizeof digits >= cap)
		return;
	buf[(*n)++] = ' ';
	if (addr < prog_lo || addr >= prog_hi) {
		buf[(*n)++] = '-';
		return;
	}
	off = addr - prog_bias;
	do {
		digits[k++] = "0123456789abcdef"[off & 15];
		off >>= 4;
	} while (off != 0);
	while (k > 0)
		buf[(*n)++] = digits[--k];
}

static uintptr_t
fault_pc(const ucontext_t *uc)
{
#if defined(__x86_64__)
	return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
	return (uintptr_t)uc->uc_mcontext.pc;
#else
	(void)uc;
	return 0;
#endif
}

static void
crash_handler(int sig, siginfo_t *si, void *ctx)
{
	void		*frames[CRASH_FRAMES];
	char		 line[64 + CRASH_FRAMES * 20];
	size_t		 n = 0;
	int		 nframes, i, saved = errno;
	uintptr_t	 pc = fault_pc(ctx);

	memcpy(line, LAB_CRASH_LINE " ", sizeof LAB_CRASH_LINE);
	n = sizeof LAB_CRASH_LINE;
	if (sig >= 10)
		line[n++] = (char)('0' + sig / 10);
	line[n++] = (char)('0' + sig % 10);
	put_offset(line, &n, sizeof line, pc);
	/* The callers: what the unwinder found past the interrupted instruction. */
	nframes = backtrace(frames, CRASH_FRAMES);
	for (i = 0; i < nframes && (uintptr_t)frames[i] != pc; i++)
		continue;
	for (i++; i < nframes; i++)
		put_offset(line, &n, sizeof line, (uintptr_t)frames[i]);
	line[n++] = '\n';
	/* raw writes: not a scheduling point, whatever state the process was in */
	if (syscall(SYS_write, STDERR_FILENO, "\n", 1) == 1 &&
	    syscall(SYS_write, STDERR_FILENO, line, n) == -1)
		(void)0;
	lab_sched_exit_();      /* the scheduler need not wait for this process any more */
	errno = saved;
	/* A fault happens again on return, now with the default action; a signal that was
	 * sent (abort, kill) is sent again. */
	if (si->si_code <= 0)
		raise(sig);
}

void
lab_crash_on_purpose(int sig)
{
	sigset_t set;

	signal(sig, SIG_DFL);
	lab_sched_exit_();      /* the scheduler hears of its end, as from the handler */
	raise(sig);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	_exit(128 + sig);       /* the signal was ignored or blocked: end all the same */
}

void
lab_crash_setup_(void)
{
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	stack_t		 st = { .ss_sp = crash_stack, .ss_size = sizeof crash_stack };
	struct sigaction sa;
	void		*warm[1];

	dl_iterate_phdr(find_program, NULL);
	/* backtrace loads the unwinder on its first call: not inside a signal handler */
	backtrace(warm, 1);
	if (sigaltstack(&st, NULL) == -1)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = crash_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}
