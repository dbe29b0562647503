# SPDX-License-Identifier: MIT
# make gradescope: autograder.zip, the bundle an instructor uploads to Gradescope. At the
# root of the zip (where Gradescope looks): setup.sh, run_autograder, autograder.conf (the
# settings below) and the release tarball that setup.sh builds proclab from. See
# doc/gradescope.md. The settings, on make's command line:
#   GRADESCOPE_EXERCISE   what to grade: all (the exercises the student submitted), or one
#                         exercise's number or name, for an assignment of its own
#   GRADESCOPE_LANGUAGE   the report's language: empty for English, pt_BR for Portuguese
#   GRADESCOPE_TIMEOUT    the assignment's timeout on Gradescope, in seconds (600 unless
#                         raised there): grading stops in time to write its results
GRADESCOPE_EXERCISE = all
GRADESCOPE_LANGUAGE =
GRADESCOPE_TIMEOUT = 600
GRADESCOPE_BUNDLE = \
	platforms/gradescope/run_autograder \
	platforms/gradescope/setup.sh
EXTRA_DIST += $(GRADESCOPE_BUNDLE)
CLEANFILES += autograder.zip

# Always made anew: the tarball in it holds the whole tree. The tarball does not refresh
# po/*.po in the source tree (DIST_DEPENDS_ON_UPDATE_PO=no): make gradescope, and the test
# that runs it, leave the sources as they were.
gradescope: autograder.zip
autograder.zip: proclab$(EXEEXT) $(GRADESCOPE_BUNDLE:%=$(srcdir)/%)
	$(if $(findstring ',$(GRADESCOPE_EXERCISE)$(GRADESCOPE_LANGUAGE)$(GRADESCOPE_TIMEOUT)),\
	    $(error gradescope: a GRADESCOPE_* setting has a quote: give all or an exercise, \
	    pt_BR or nothing, a number of seconds))
	@ex='$(GRADESCOPE_EXERCISE)'; lang='$(GRADESCOPE_LANGUAGE)'; t='$(GRADESCOPE_TIMEOUT)'; \
	say() { echo "gradescope: $$*" >&2; rm -rf autograder.d; exit 1; }; \
	case $$ex in ''|*[!A-Za-z0-9-]*) \
	  say "GRADESCOPE_EXERCISE='$$ex': give all, or an exercise's number or name";; esac; \
	case $$lang in *[!A-Za-z_@.]*) \
	  say "GRADESCOPE_LANGUAGE='$$lang': give pt_BR, or nothing for English";; esac; \
	case $$t in ''|*[!0-9]*) t=0;; esac; \
	test "$$t" -ge 180 && test "$$t" -le 2400 || \
	  say "GRADESCOPE_TIMEOUT='$(GRADESCOPE_TIMEOUT)': give the assignment's timeout in" \
	      "seconds, 180 to 2400 (Gradescope's default is 600)"; \
	rm -rf autograder.d && $(MKDIR_P) autograder.d/empty || exit 1; \
	./proclab$(EXEEXT) check "$$ex" --dir autograder.d/empty --format json \
	    --output autograder.d/probe.json >/dev/null 2>&1; \
	test $$? -ne 2 || say "GRADESCOPE_EXERCISE='$$ex' is not an exercise ('proclab list')"
	@test -f $(DIST_ARCHIVES) && touch autograder.had-tarball || rm -f autograder.had-tarball
	$(MAKE) $(AM_MAKEFLAGS) dist-gzip DIST_DEPENDS_ON_UPDATE_PO=no
	rm -rf autograder.d && $(MKDIR_P) autograder.d
	cp $(srcdir)/platforms/gradescope/setup.sh $(srcdir)/platforms/gradescope/run_autograder \
	    $(DIST_ARCHIVES) autograder.d/
	@# a tarball that only this made goes (distcleancheck wants nothing left)
	@test -f autograder.had-tarball || rm -f $(DIST_ARCHIVES); rm -f autograder.had-tarball
	chmod 755 autograder.d/setup.sh autograder.d/run_autograder
	printf '%s\n' '# autograder.conf: made by make gradescope, read by run_autograder.' \
	    'EXERCISE=$(GRADESCOPE_EXERCISE)' 'REPORT_LANGUAGE=$(GRADESCOPE_LANGUAGE)' \
	    'TIMEOUT=$(GRADESCOPE_TIMEOUT)' >autograder.d/autograder.conf
	rm -f $@ $@-t
	cd autograder.d && $(PYTHON3) -m zipfile -c ../$@-t setup.sh run_autograder \
	    autograder.conf $(DIST_ARCHIVES)
	mv -f $@-t $@
	rm -rf autograder.d
	@echo "made $@: upload it as the autograder of your Gradescope assignment"
.PHONY: gradescope autograder.zip

# The bundle as Gradescope runs it: the test needs the zip made first.
TESTS += tests/platforms/gradescope.sh
EXTRA_DIST += tests/platforms/gradescope.sh
tests/platforms/gradescope.log: autograder.zip
