/*
 * coroutines.c - placeholder until the event loop lands (issue 3).
 */
#include "engine/engines.h"
#include "util.h"

int
engine_coroutines(const struct params *p, struct trace *t, struct result *r,
    char **cause)
{
	(void)p;
	(void)t;
	(void)r;
	xasprintf(cause, "scenario 'coroutines' is not available yet");
	return -1;
}
