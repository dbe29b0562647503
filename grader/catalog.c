/* SPDX-License-Identifier: MIT */
/*
 * catalog.c: the student's language for the programs of a run. A judge runs outside the
 * sandbox and reads the command's own catalogs where they are; a test program runs inside
 * it, where the installed or build-tree folder may be out of reach (the namespaces' own
 * root, Landlock), so it gets copies in its program's folder, the one folder a run may
 * read in every mode (read-only there). A catalog holds nothing secret: reading it gives
 * the student's code nothing, and a forged one could only change its own run's messages.
 */
#include "grader.h"
#include "labtest.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CATALOG_MAX	(16 * 1024 * 1024)

/* LOCALE_DIR/NAME/LC_MESSAGES/proclab.mo into WORK_LOCALE/NAME/..., when there is one. */
static int
copy_one(const char *locale_dir, const char *name, const char *work_locale, char **cause)
{
	char		*src, *dir, *dst;
	struct stat	 st;
	int		 rc = 0;

	xasprintf(&src, "%s/%s/LC_MESSAGES/%s.mo", locale_dir, name, LAB_TEXTDOMAIN);
	xasprintf(&dir, "%s/%s/LC_MESSAGES", work_locale, name);
	xasprintf(&dst, "%s/%s.mo", dir, LAB_TEXTDOMAIN);
	if (stat(src, &st) == 0 && S_ISREG(st.st_mode))
		rc = mkdir_p(dir, 0755, cause) == -1 ? -1 :
		    copy_file(src, dst, CATALOG_MAX, true, cause);
	free(src);
	free(dir);
	free(dst);
	return rc;
}

char *
catalog_copy(const char *locale_dir, const char *work, char **cause)
{
	char		*work_locale;
	DIR		*d;
	struct dirent	*de;
	int		 rc = 0;

	if ((d = opendir(locale_dir)) == NULL) {
		cause_errno(cause, "%s", locale_dir);
		return NULL;
	}
	xasprintf(&work_locale, "%s/locale", work);
	if (mkdir(work_locale, 0755) == -1) {
		cause_errno(cause, "mkdir %s", work_locale);
		rc = -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			rc = copy_one(locale_dir, de->d_name, work_locale, cause);
	closedir(d);
	if (rc == -1) {
		free(work_locale);
		return NULL;
	}
	return work_locale;
}
