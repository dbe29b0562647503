# SPDX-License-Identifier: MIT
# The Brazilian Portuguese translation: valid, complete, and spoken by the proclab command;
# the tasks and the README through po4a: complete, current, code kept; glibc's own texts
# (strerror, strsignal) in the exercises' diagnoses; the stubs and headers translated, their
# code the English's.
PO_TESTS = \
	tests/po-exercises.sh \
	tests/po-manifest.sh \
	tests/po-stubs.sh \
	tests/po-system-errors.sh \
	tests/po.sh \
	tests/po4a.sh
TESTS += $(PO_TESTS)
EXTRA_DIST += $(PO_TESTS)
