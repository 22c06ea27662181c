/*
 * burgers.c - placeholder until the burger scenes land (issue 3).
 */
#include "engine/engines.h"
#include "util.h"

static int
missing(const char *name, char **cause)
{
	xasprintf(cause, "scenario '%s' is not available yet", name);
	return -1;
}

int
engine_burgers_sequential(const struct params *p, struct trace *t,
    struct result *r, char **cause)
{
	(void)p, (void)t, (void)r;
	return missing("burgers-sequential", cause);
}

int
engine_burgers_concurrent(const struct params *p, struct trace *t,
    struct result *r, char **cause)
{
	(void)p, (void)t, (void)r;
	return missing("burgers-concurrent", cause);
}

int
engine_burgers_parallel(const struct params *p, struct trace *t,
    struct result *r, char **cause)
{
	(void)p, (void)t, (void)r;
	return missing("burgers-parallel", cause);
}

int
engine_cleaning(const struct params *p, struct trace *t, struct result *r,
    char **cause)
{
	(void)p, (void)t, (void)r;
	return missing("cleaning", cause);
}
