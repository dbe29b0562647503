# SPDX-License-Identifier: MIT
# The Brazilian Portuguese translation: valid, complete, and spoken by the proclab command.
PO_TESTS = \
	tests/po-exercises.sh \
	tests/po-manifest.sh \
	tests/po.sh
TESTS += $(PO_TESTS)
EXTRA_DIST += $(PO_TESTS)
