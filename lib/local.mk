# The exercise runtime: linked into every graded exercise (student code + harness).
# (owned by the runtime; see doc/HACKING.md)
pkglib_LIBRARIES += lib/libproclab.a
lib_libproclab_a_SOURCES = \
	lib/lab-internal.h \
	lib/lab-think.c \
	lib/lab-wrap.c \
	lib/labtest.c
pkginclude_HEADERS += \
	lib/lab.h \
	lib/labtest.h

# How an exercise (student code + harness) is linked: every symbol of LAB_WRAPPED.
LAB_WRAP_LINK = \
	-Wl,--wrap=fork \
	-Wl,--wrap=waitpid \
	-Wl,--wrap=wait \
	-Wl,--wrap=pthread_mutex_lock \
	-Wl,--wrap=pthread_mutex_unlock \
	-Wl,--wrap=sem_wait \
	-Wl,--wrap=sem_post \
	-Wl,--wrap=pthread_cond_wait \
	-Wl,--wrap=pthread_cond_signal \
	-Wl,--wrap=pthread_cond_broadcast \
	-Wl,--wrap=read \
	-Wl,--wrap=write
