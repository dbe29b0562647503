# SPDX-License-Identifier: MIT
# Lessons: one self-contained program per notebook demo, installed in pkglibexecdir
# (proclab lesson N runs them) and runnable on their own from lessons/ in the build tree.
pkglibexec_PROGRAMS += \
	lessons/01-processes-vs-threads \
	lessons/02-start-methods \
	lessons/03-lifecycle \
	lessons/04-copied-values \
	lessons/05-shared-value \
	lessons/06-balance-race \
	lessons/07-balance-lock \
	lessons/08-shared-array \
	lessons/09-get-lock \
	lessons/10-queue \
	lessons/11-pipe \
	lessons/12-pool \
	lessons/13-sync-primitives \
	lessons/14-manager \
	lessons/15-remote-manager \
	lessons/16-letter-frequency \
	lessons/17-costs

lessons_01_processes_vs_threads_SOURCES = lessons/01-processes-vs-threads.c
lessons_02_start_methods_SOURCES = lessons/02-start-methods.c
lessons_03_lifecycle_SOURCES = lessons/03-lifecycle.c
lessons_04_copied_values_SOURCES = lessons/04-copied-values.c
lessons_05_shared_value_SOURCES = lessons/05-shared-value.c
lessons_06_balance_race_SOURCES = lessons/06-balance-race.c
lessons_07_balance_lock_SOURCES = lessons/07-balance-lock.c
lessons_08_shared_array_SOURCES = lessons/08-shared-array.c
lessons_09_get_lock_SOURCES = lessons/09-get-lock.c
lessons_10_queue_SOURCES = lessons/10-queue.c
lessons_11_pipe_SOURCES = lessons/11-pipe.c
lessons_12_pool_SOURCES = lessons/12-pool.c
lessons_13_sync_primitives_SOURCES = lessons/13-sync-primitives.c
lessons_14_manager_SOURCES = lessons/14-manager.c
lessons_15_remote_manager_SOURCES = lessons/15-remote-manager.c
lessons_16_letter_frequency_SOURCES = lessons/16-letter-frequency.c
lessons_17_costs_SOURCES = lessons/17-costs.c

# Lessons 06 to 09 again, for proclab's controlled scheduler (lessons/lesson-sched.h):
# the same source with -DLESSON_SCHED, linked like an exercise with the runtime's wrappers,
# and mmap wrapped so that the shared region is where the scheduler can watch it. proclab
# lesson 6|7|8|9 --schedule S and --explore run these; without the scheduler they run as
# is. 06 and 08 are the races, 07 and 09 their fixes, checked the same way.
pkglibexec_PROGRAMS += \
	lessons/06-balance-race-sched \
	lessons/07-balance-lock-sched \
	lessons/08-shared-array-sched \
	lessons/09-get-lock-sched
lesson_sched_cppflags = $(AM_CPPFLAGS) -DLESSON_SCHED=1 -I$(top_srcdir)/lib
lesson_sched_ldflags = $(AM_LDFLAGS) $(LAB_WRAP_LINK) -Wl,--wrap=mmap
lessons_06_balance_race_sched_SOURCES = lessons/06-balance-race.c lessons/lesson-sched.c
lessons_06_balance_race_sched_CPPFLAGS = $(lesson_sched_cppflags)
lessons_06_balance_race_sched_LDFLAGS = $(lesson_sched_ldflags)
lessons_06_balance_race_sched_LDADD = lib/libproclab.a
lessons_06_balance_race_sched_DEPENDENCIES = lib/libproclab.a lib/lab-wrap.flags
lessons_07_balance_lock_sched_SOURCES = lessons/07-balance-lock.c lessons/lesson-sched.c
lessons_07_balance_lock_sched_CPPFLAGS = $(lesson_sched_cppflags)
lessons_07_balance_lock_sched_LDFLAGS = $(lesson_sched_ldflags)
lessons_07_balance_lock_sched_LDADD = lib/libproclab.a
lessons_07_balance_lock_sched_DEPENDENCIES = lib/libproclab.a lib/lab-wrap.flags
# its race on 1 element: few enough interleavings for --explore dfs to run them all
lessons_08_shared_array_sched_SOURCES = lessons/08-shared-array.c lessons/lesson-sched.c
lessons_08_shared_array_sched_CPPFLAGS = $(lesson_sched_cppflags) -DLESSON_ITEMS=1
lessons_08_shared_array_sched_LDFLAGS = $(lesson_sched_ldflags)
lessons_08_shared_array_sched_LDADD = lib/libproclab.a
lessons_08_shared_array_sched_DEPENDENCIES = lib/libproclab.a lib/lab-wrap.flags
# its updates made few: 2 each way of the value, 2 of each of 2 array elements (each
# update a lock, a think and an unlock; too many orders for dfs even at 1, 1 and 1)
lessons_09_get_lock_sched_SOURCES = lessons/09-get-lock.c lessons/lesson-sched.c
lessons_09_get_lock_sched_CPPFLAGS = $(lesson_sched_cppflags) -DVALUE_ITERATIONS=2 \
	-DARRAY_LEN=2 -DARRAY_ITERATIONS=2
lessons_09_get_lock_sched_LDFLAGS = $(lesson_sched_ldflags)
lessons_09_get_lock_sched_LDADD = lib/libproclab.a
lessons_09_get_lock_sched_DEPENDENCIES = lib/libproclab.a lib/lab-wrap.flags

# Lesson 15 signs its challenge-response with OpenSSL's HMAC.
lessons_15_remote_manager_CFLAGS = $(AM_CFLAGS) $(LIBCRYPTO_CFLAGS)
lessons_15_remote_manager_LDADD = $(LIBCRYPTO_LIBS)

# Lesson 16 downloads the RFCs with libcurl when it is there.
if HAVE_LIBCURL
lessons_16_letter_frequency_CPPFLAGS = $(AM_CPPFLAGS) -DHAVE_LIBCURL=1
lessons_16_letter_frequency_CFLAGS = $(AM_CFLAGS) $(LIBCURL_CFLAGS)
lessons_16_letter_frequency_LDADD = $(LIBCURL_LIBS)
endif

# Lesson 17 runs its CPython side, 17-costs.py, installed beside it; from the build
# tree it finds the one in the source tree, which .proclab-build-tree names.
dist_pkglibexec_SCRIPTS = lessons/17-costs.py
lessons_17_costs_LDADD = -lm

# The lessons' sources, installed for reading (the C, with the notebook's Python quoted
# beside it): each lesson ends by naming its own (lesson_where in lesson-i18n.h), the
# source tree's from the build tree, these once installed. lesson-i18n.h is the one header
# the lessons share: gettext set up from where the lesson is.
lessonsrcdir = $(pkgdatadir)/lessons
dist_lessonsrc_DATA = \
	lessons/01-processes-vs-threads.c \
	lessons/02-start-methods.c \
	lessons/03-lifecycle.c \
	lessons/04-copied-values.c \
	lessons/05-shared-value.c \
	lessons/06-balance-race.c \
	lessons/07-balance-lock.c \
	lessons/08-shared-array.c \
	lessons/09-get-lock.c \
	lessons/10-queue.c \
	lessons/11-pipe.c \
	lessons/12-pool.c \
	lessons/13-sync-primitives.c \
	lessons/14-manager.c \
	lessons/15-remote-manager.c \
	lessons/16-letter-frequency.c \
	lessons/17-costs.c \
	lessons/17-costs.py \
	lessons/lesson-i18n.h \
	lessons/lesson-sched.h
