/* cmd_cheatsheet.c - placeholder, replaced below. */
#include "cmd.h"

int
cmd_cheatsheet(int argc, char **argv, const struct global_opts *g)
{
	(void)argc;
	(void)argv;
	(void)g;
	return EXIT_USAGE;
}
