/* SPDX-License-Identifier: MIT */
/* proclab.c: the proclab command: one program, subcommands in the style of git. */
#include "proclab.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

int
main(int argc, char **argv)
{
	const struct cmd_entry	*e;
	const char		*name;
	char			*names;

	/* The user's language (LANGUAGE=pt_BR, LANG=pt_BR.UTF-8); a locale that does not
	 * exist leaves "C", and the messages English. */
	setlocale(LC_ALL, "");
	/* Numbers stay "1.5" whatever the language: JSON, JUnit, CSV and TAP are read by machines. */
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(PACKAGE, locale_dir());
	textdomain(PACKAGE);
	/* A full disk or a closed standard output is an error, whatever the command. */
	atexit(close_stdout);

	if (argc < 2)
		return help_show(NULL, stdout);
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
