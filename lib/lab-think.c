/* SPDX-License-Identifier: MIT */
/*
 * lab-think.c: lab_think(), the notebook's time.sleep between reading and writing.
 * Sleeps PROCLAB_THINK_US (default 1000 us); under grading (PROCLAB_DELAY_US > 0)
 * the think is stretched by a seeded random extra sleep, sometimes after a yield.
 * It also records how many processes are inside lab_think() at once (max_thinking):
 * where the task says to think while holding a lock, more than one means no lock.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <sched.h>

#include "lab.h"
#include "labtest.h"
#include "lab-internal.h"

void
lab_think(void)
{
	int saved = errno;
	long us = lab_config_.think_us;

	lab_count_(LAB_C_THINKS);
	if (lab_state_ != NULL) {
		long now = __atomic_add_fetch(&lab_state_->thinking, 1, __ATOMIC_SEQ_CST);
		long max = __atomic_load_n(&lab_state_->max_thinking, __ATOMIC_SEQ_CST);

		while (now > max && !__atomic_compare_exchange_n(&lab_state_->max_thinking, &max,
		    now, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			;
	}
	if (lab_sched_on_() && lab_config_.think_overlap) {
		/* everybody else goes first, as far as they can: every unguarded think overlaps */
		lab_sched_timeout_(us > 0 ? (uint64_t)us * 1000 : 0);
		lab_sched_idle_(LAB_OP_THINK, (uintptr_t)__builtin_return_address(0));
		us = 0;
	} else if (lab_sched_on_()) {
		/* a point where another process may go, time being virtual */
		lab_sched_point_(LAB_OP_THINK, 0, 0, (uintptr_t)__builtin_return_address(0));
		us = 0;
	} else if (lab_config_.delay_us > 0) {
		uint64_t r = lab_random();

		if ((r & 3) == 0)
			sched_yield();
		us += (long)((r >> 2) % (uint64_t)(lab_config_.delay_us + 1));
	}
	lab_sleep_us_(us);
	if (lab_state_ != NULL)
		__atomic_sub_fetch(&lab_state_->thinking, 1, __ATOMIC_SEQ_CST);
	errno = saved;
}
