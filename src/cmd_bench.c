/* cmd_bench.c - placeholder, filled in below. */
#include "cmd.h"
int
cmd_bench(int argc, char **argv)
{
	(void)argc, (void)argv;
	return 1;
}
