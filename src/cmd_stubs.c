/*
 * cmd_stubs.c - subcommands whose real homes are still being built. Each
 * says plainly that it is not there yet instead of pretending.
 */
#include <stdio.h>

#include "cmd.h"

static int
not_yet(const char *what)
{
	fprintf(stderr, "timeslice: %s is not available in this build yet\n",
	    what);
	return 1;
}

int
cmd_check(int argc, char **argv, const struct global_opts *g)
{
	(void)argc, (void)argv, (void)g;
	return not_yet("check");
}

int
cmd_list(int argc, char **argv, const struct global_opts *g)
{
	(void)argc, (void)argv, (void)g;
	return not_yet("list");
}

int
cmd_open(const char *lesson, const struct global_opts *g)
{
	(void)lesson, (void)g;
	return not_yet("the course player");
}
