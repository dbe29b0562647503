# SPDX-License-Identifier: MIT
# GitHub Classroom: a template repository whose workflow grades every push (doc/platforms.md).
# proclab-classroom runs on the GitHub Actions runner, from the proclab the workflow built:
# it is not installed. The template itself comes from 'proclab init --classroom'
# (src/classroom.c), or from 'make classroom'.
CLASSROOM_TESTS = tests/platforms/classroom.sh
TESTS += $(CLASSROOM_TESTS)
EXTRA_DIST += $(CLASSROOM_TESTS) \
	platforms/classroom/proclab-classroom \
	tests/platforms/classroom_steps.py

# make classroom [CLASSROOM_REF=COMMIT] [CLASSROOM_URL=GIT-URL] [CLASSROOM_DIR=DIR]: the
# template in DIR (default classroom-template), its workflow building proclab at COMMIT
# (default: this clone's HEAD, which must then be pushed to CLASSROOM_URL).
CLASSROOM_DIR = classroom-template
classroom: proclab$(EXEEXT)
	@ref='$(CLASSROOM_REF)'; url='$(CLASSROOM_URL)'; \
	if [ -z "$$ref" ]; then \
	  ref=$$(git -C '$(srcdir)' rev-parse --verify -q HEAD) || { \
	    echo "make classroom: $(srcdir) is not a git clone: give CLASSROOM_REF=COMMIT," \
	      "the proclab commit the workflow builds" >&2; exit 2; }; \
	  echo "make classroom: CLASSROOM_REF=$$ref, this clone's HEAD: the workflow fetches" \
	    "it from $${url:-$(PACKAGE_URL)}, so push it there"; \
	  if [ -n "$$(git -C '$(srcdir)' status --porcelain --untracked-files=no)" ]; then \
	    echo "make classroom: warning: $(srcdir) has uncommitted changes, which the" \
	      "workflow will not have" >&2; fi; \
	fi; \
	./proclab$(EXEEXT) init --classroom '$(CLASSROOM_DIR)' --proclab-ref "$$ref" \
	    $${url:+--proclab-url "$$url"}
.PHONY: classroom
