# SPDX-License-Identifier: MIT
# AppArmor (Ubuntu 23.10 and later): a profile that lets proclab make its sandbox's user
# namespaces (grader/sandbox-apparmor.c says which is missing when they are refused).
# make install puts apparmor.d/proclab, for the installed binary, in $(apparmordir), and
# loads it when that is /etc/apparmor.d and root installs; `sudo make apparmor` does the
# same for this build tree's proclab, as /etc/apparmor.d/proclab-build-tree.
EXTRA_DIST += apparmor/proclab.in
CLEANFILES += apparmor/proclab apparmor/proclab-build-tree

if INSTALL_APPARMOR
apparmor_DATA = apparmor/proclab
endif

apparmor/proclab: $(srcdir)/apparmor/proclab.in Makefile
	$(AM_V_GEN)$(MKDIR_P) apparmor && sed -e 's|@NAME[@]|proclab|g' \
	    -e 's|@PROGRAM[@]|$(bindir)/proclab|g' $(srcdir)/apparmor/proclab.in >$@-t && \
	mv -f $@-t $@

# The build tree's proclab as /proc/self/exe names it: with no symbolic link in it.
apparmor/proclab-build-tree: $(srcdir)/apparmor/proclab.in Makefile
	$(AM_V_GEN)$(MKDIR_P) apparmor && here=`cd $(top_builddir) && pwd -P` && \
	sed -e 's|@NAME[@]|proclab-build-tree|g' -e "s|@PROGRAM[@]|$$here/proclab|g" \
	    $(srcdir)/apparmor/proclab.in >$@-t && mv -f $@-t $@

install-data-hook: apparmor-load-installed
.PHONY: apparmor apparmor-load-installed
apparmor-load-installed:
	@if test -n '$(apparmordir)' && test -z '$(DESTDIR)' && \
	    test '$(apparmordir)' = /etc/apparmor.d && test "`id -u`" -eq 0 && \
	    test -d /sys/kernel/security/apparmor && command -v apparmor_parser >/dev/null; then \
		echo "apparmor_parser -r /etc/apparmor.d/proclab"; \
		apparmor_parser -r /etc/apparmor.d/proclab; \
	fi

apparmor: apparmor/proclab-build-tree
	@test "`id -u`" -eq 0 || { echo "make apparmor: run it as root (sudo make apparmor):" \
	    "it writes /etc/apparmor.d/proclab-build-tree and loads it" >&2; exit 1; }
	@command -v apparmor_parser >/dev/null || { echo "make apparmor: no apparmor_parser" \
	    "(apt-get install apparmor)" >&2; exit 1; }
	$(INSTALL_DATA) apparmor/proclab-build-tree /etc/apparmor.d/proclab-build-tree
	apparmor_parser -r /etc/apparmor.d/proclab-build-tree
