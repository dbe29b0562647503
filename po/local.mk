# Translations. po/ is gettext's own recursive Makefile (from autopoint's Makefile.in.in,
# po/Makevars): it makes po/LANG.gmo and installs them in $(localedir) at make install.
# So that the build tree speaks the translations right after make, the catalogs are also
# compiled into po/locale/LANG/LC_MESSAGES/proclab.mo here, where an uninstalled proclab
# looks for them (src/paths.c: locale_dir()).
if USE_NLS
PO_BUILD_LOCALE = \
	po/locale/pt_BR/LC_MESSAGES/$(PACKAGE).mo
noinst_DATA += $(PO_BUILD_LOCALE)
endif

po/locale/%/LC_MESSAGES/$(PACKAGE).mo: $(srcdir)/po/%.po
	$(AM_V_GEN)$(MKDIR_P) $(@D) && \
	$(GMSGFMT) -c -o $@-t $< && mv -f $@-t $@

clean-local: clean-po-locale
.PHONY: clean-po-locale
clean-po-locale:
	-rm -rf po/locale

# The manifest's human text for xgettext (po/manifest-msgids.c says why). Rebuilt on
# request only: a tarball builds without it, and tests/po.sh fails when it is stale.
check_PROGRAMS += po/manifest-msgids
po_manifest_msgids_CFLAGS = $(AM_CFLAGS) $(JANSSON_CFLAGS)
po_manifest_msgids_LDADD = $(JANSSON_LIBS)
EXTRA_DIST += po/manifest-msgids.h
.PHONY: update-manifest-msgids
update-manifest-msgids: po/manifest-msgids$(EXEEXT)
	$(AM_V_GEN)./po/manifest-msgids $(srcdir)/exercises/manifest.json \
	    > $(srcdir)/po/manifest-msgids.h-t && \
	mv -f $(srcdir)/po/manifest-msgids.h-t $(srcdir)/po/manifest-msgids.h
