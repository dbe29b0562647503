/* cmd-list.c: proclab list, the catalog. */
#include "proclab.h"

int
cmd_list(int argc, char **argv)
{
	size_t	i;

	if (help_requested(argc, argv))
		return help_show("list", stdout);
	if (argc > 1)
		usage_error("list", "list takes no arguments, got '%s'", argv[1]);

	printf("Lessons (run one with: proclab lesson N)\n\n");
	printf("  %-2s  %-22s %-9s %s\n", "N", "name", "notebook", "what it shows");
	for (i = 0; i < nlessons; i++)
		printf("  %02d  %-22s %-9s %s\n", lessons[i].number, lessons[i].name,
		    lessons[i].notebook, lessons[i].summary);
	printf("\n");
	return EXIT_OK;
}
