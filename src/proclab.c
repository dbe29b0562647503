/* SPDX-License-Identifier: MIT */
/* proclab.c: the proclab command: one program, subcommands in the style of git. */
#include "proclab.h"

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool
unset(const char *name)
{
	const char *v = getenv(name);

	return v == NULL || *v == '\0';
}

/*
 * glibc ignores LANGUAGE when the messages' locale is C or POSIX, as it is with no LANG
 * at all: a student who asked for LANGUAGE=pt_BR would get English without a word. When
 * no locale variable is set, use C.UTF-8, say so once, and pass it on (LC_ALL) so the
 * lessons, the dashboard's checker and the judges speak the same language without saying
 * it again. A locale asked for by name (LC_ALL=C, as scripts do) is left as it is.
 */
static void
locale_fallback(void)
{
	const char	*language = getenv("LANGUAGE");
	const char	*messages = setlocale(LC_MESSAGES, NULL);

	if (language == NULL || *language == '\0' || messages == NULL ||
	    (strcmp(messages, "C") != 0 && strcmp(messages, "POSIX") != 0) ||
	    !unset("LC_ALL") || !unset("LC_MESSAGES") || !unset("LANG"))
		return;
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return;
	setenv("LC_ALL", "C.UTF-8", 1);
	fprintf(stderr, _("proclab: the C locale ignores LANGUAGE=%s; using C.UTF-8 (set LANG, "
	    "e.g. LANG=C.UTF-8, to stop this note)\n"), language);
}

int
main(int argc, char **argv)
{
	const struct cmd_entry	*e;
	const char		*name;
	char			*names;

	/* The user's language (LANGUAGE=pt_BR, LANG=pt_BR.UTF-8); a locale that does not
	 * exist leaves "C", and the messages English. */
	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, locale_dir());
	textdomain(PACKAGE);
	locale_fallback();
	/* Numbers stay "1.5" whatever the language: JSON, JUnit, CSV and TAP are read by machines. */
	setlocale(LC_NUMERIC, "C");
	/* A full disk or a closed standard output is an error, whatever the command. */
	atexit(close_stdout);

	if (argc < 2)           /* in a working copy: the home screen, or its catalog */
		return home_main();
	name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
		return help_show(NULL, stdout);
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
		version_show(stdout);
		return EXIT_OK;
	}
	if (name[0] == '-')
		usage_error(NULL, _("unknown option '%s'"), name);
	if ((e = cmd_find(name)) != NULL)
		return cmd_run(e, argc - 1, argv + 1);
	names = cmd_names();
	usage_error(NULL, _("'%s' is not a proclab command (commands: %s)"), name, names);
}
