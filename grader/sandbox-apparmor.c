/* SPDX-License-Identifier: MIT */
/*
 * sandbox-apparmor.c: what to do when AppArmor refuses the sandbox's user namespaces.
 * Ubuntu 23.10 and later (kernel.apparmor_restrict_unprivileged_userns=1) let a program
 * make them only under a profile with a 'userns,' rule. proclab ships one: 'make install'
 * puts apparmor.d/proclab for the installed binary, 'make apparmor' in a build tree
 * apparmor.d/proclab-build-tree for that tree's proclab. Each names the one program it
 * lets, so the advice depends on which profile is there and whom it names.
 */
#include "sandbox-int.h"

#include <stdio.h>
#include <string.h>

/* The program PROFILE lets make namespaces ("profile NAME /PATH flags=..."), or "". */
static void
profile_program(const char *profile, char *path, size_t len)
{
	char	 line[4096], name[256], prog[4096];
	FILE	*fp;

	path[0] = '\0';
	if ((fp = fopen(profile, "r")) == NULL)
		return;
	while (fgets(line, sizeof line, fp) != NULL) {
		if (sscanf(line, " profile %255s %4095s", name, prog) == 2 && prog[0] == '/') {
			snprintf(path, len, "%s", prog);
			break;
		}
	}
	fclose(fp);
}

/*
 * The advice for the program EXE when the restriction is on, with the profiles in DIR
 * (/etc/apparmor.d, where AppArmor reads them; another folder in the tests). The text
 * goes in BUF, in parentheses after a space, as the other hints are.
 */
const char *
sb_apparmor_hint(const char *dir, const char *exe, char *buf, size_t len)
{
	static const char *const names[] = { "proclab", "proclab-build-tree" };
	char	 profile[4096], prog[4096], other[4096] = "", other_profile[4096] = "";

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(profile, sizeof profile, "%s/%s", dir, names[i]);
		profile_program(profile, prog, sizeof prog);
		if (prog[0] == '\0')
			continue;
		if (strcmp(prog, exe) == 0) {
			snprintf(buf, len, _(" (Ubuntu's AppArmor restricts unprivileged user "
			    "namespaces; the profile %s lets this proclab make them but is not "
			    "loaded: sudo apparmor_parser -r %s)"), profile, profile);
			return buf;
		}
		if (other[0] == '\0') {
			snprintf(other, sizeof other, "%s", prog);
			snprintf(other_profile, sizeof other_profile, "%s", profile);
		}
	}
	if (other[0] != '\0')
		snprintf(buf, len, _(" (Ubuntu's AppArmor restricts unprivileged user namespaces; "
		    "the profile %s lets %s make them, not this proclab (%s): run 'sudo make "
		    "apparmor' in this proclab's build tree, or install proclab again)"),
		    other_profile, other, exe);
	else
		snprintf(buf, len, _(" (Ubuntu's AppArmor restricts unprivileged user namespaces "
		    "and no proclab profile is in %s: 'sudo make install' installs and loads one "
		    "for the installed proclab, 'sudo make apparmor' one for a build tree's; or "
		    "grade as root)"), dir);
	return buf;
}
