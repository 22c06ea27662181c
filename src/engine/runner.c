/*
 * runner.c - a scenario on its own thread.
 */
#include <string.h>

#include "engine/runner.h"
#include "trace/clock.h"
#include "util.h"

static void *
runner_main(void *arg)
{
	struct runner *rn = arg;

	rn->rc = rn->scenario->run(&rn->params, rn->trace, &rn->result,
	    &rn->cause);
	pthread_mutex_lock(&rn->mutex);
	atomic_store_explicit(&rn->done, 1, memory_order_release);
	pthread_cond_broadcast(&rn->finished);
	pthread_mutex_unlock(&rn->mutex);
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
	if ((err = pthread_mutex_init(&rn->mutex, NULL)) != 0) {
		xasprintf(cause, "cannot start the run: %s", strerror(err));
		return -1;
	}
	if ((err = clock_cond_init(&rn->finished)) != 0) {
		pthread_mutex_destroy(&rn->mutex);
		xasprintf(cause, "cannot start the run: %s", strerror(err));
		return -1;
	}
	if ((err = pthread_create(&rn->thread, NULL, runner_main, rn)) != 0) {
		pthread_cond_destroy(&rn->finished);
		pthread_mutex_destroy(&rn->mutex);
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

bool
runner_wait(struct runner *rn, uint64_t ns)
{
	struct timespec at;

	clock_deadline(&at, ns);
	pthread_mutex_lock(&rn->mutex);
	/* Until done, the deadline, or an error (which ends the wait too). */
	while (!runner_done(rn) && pthread_cond_timedwait(&rn->finished,
	    &rn->mutex, &at) == 0)
		;
	pthread_mutex_unlock(&rn->mutex);
	return runner_done(rn);
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
	pthread_cond_destroy(&rn->finished);
	pthread_mutex_destroy(&rn->mutex);
	return rn->rc;
}
