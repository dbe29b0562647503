/* SPDX-License-Identifier: MIT */
/*
 * lesson-sched.c: the -sched build of a lesson (lesson-sched.h) joins proclab's scheduler
 * when proclab passed its page (PROCLAB_SCHED_FD), as an exercise's test program does in
 * lab_main, and its shared regions come from the scheduler's memory so that the scheduler
 * can read the watched variables. Without the page it changes nothing.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <stddef.h>
#include <sys/mman.h>
#include <sys/types.h>

#include "lab-internal.h"

void *__real_mmap(void *, size_t, int, int, int, off_t);
void *__wrap_mmap(void *, size_t, int, int, int, off_t);

/* Before main: the lesson's first process takes slot 0 and waits for its first turn. */
__attribute__((constructor)) static void
lesson_sched_attach(void)
{
	lab_sched_attach_();
}

/* -Wl,--wrap=mmap: an anonymous shared region made under the scheduler is a piece of its
 * arena (zeroed, shared with every process forked later, as mmap's would be). */
void *
__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *p;

	if (addr == NULL && fd == -1 && off == 0 && prot == (PROT_READ | PROT_WRITE) &&
	    flags == (MAP_SHARED | MAP_ANONYMOUS) && lab_sched_on_() &&
	    (p = lab_sched_shared_(len)) != NULL)
		return p;
	return __real_mmap(addr, len, prot, flags, fd, off);
}
