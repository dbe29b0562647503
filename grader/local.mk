# The grader: compiled into the proclab command (src/libcore.a).
src_libcore_a_SOURCES += \
	grader/sandbox.c
