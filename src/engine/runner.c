/*
 * runner.c - a scenario on its own thread.
 */
#include <string.h>

#include "engine/runner.h"
#include "util.h"

static void *
runner_main(void *arg)
{
	struct runner *rn = arg;

	rn->rc = rn->scenario->run(&rn->params, rn->trace, &rn->result,
	    &rn->cause);
	atomic_store_explicit(&rn->done, 1, memory_order_release);
	return NULL;
}

int
runner_start(struct runner *rn, const struct scenario *sc,
    const struct params *p, struct trace *t, char **cause)
{
	int err;

	memset(rn, 0, sizeof *rn);
	/* Lessons and the live view reach here without the command line. */
	if (scenario_check(sc, p, cause) != 0)
		return -1;
	rn->scenario = sc;
	rn->params = *p;
	rn->trace = t;
	atomic_init(&rn->done, 0);
	if ((err = pthread_create(&rn->thread, NULL, runner_main, rn)) != 0) {
		xasprintf(cause, "cannot start the run: %s", strerror(err));
		return -1;
	}
	return 0;
}

bool
runner_done(struct runner *rn)
{
	return atomic_load_explicit(&rn->done, memory_order_acquire) != 0;
}

void
runner_stop(struct runner *rn)
{
	trace_request_stop(rn->trace);
}

int
runner_join(struct runner *rn)
{
	pthread_join(rn->thread, NULL);
	return rn->rc;
}
