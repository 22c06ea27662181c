/*
 * live.c - a run's trace and log shared with a thread that draws them.
 *
 * The run's thread is the log's only writer and polls it under the
 * lock; the watcher (the exercise screen's UI thread) only reads, under
 * the same lock, and only tries to take it: ending a program (in
 * tracer_join, with the lock held because it drains and closes the
 * log) may take a few hundred milliseconds, and a screen must not stop
 * answering keys for that. Lane names are the one thing the tracer's own
 * thread changes while the program runs; the watcher takes the
 * tracer's names lock after this one, the order tracer_join takes them
 * in too, so the two never wait for each other in a circle.
 */
#include <stdlib.h>
#include <string.h>

#include "exercise/exercise.h"
#include "exercise/live_int.h"
#include "sampler/tracer.h"
#include "trace/log.h"
#include "trace/trace.h"
#include "util.h"

void
exercise_live_init(struct exercise_live *lv)
{
	int err;

	memset(lv, 0, sizeof *lv);
	if ((err = pthread_mutex_init(&lv->lock, NULL)) != 0)
		fatal("pthread_mutex_init: %s", strerror(err));
}

/* Frees the kept trace and log; the lock is held or nobody else runs. */
static void
live_drop(struct exercise_live *lv)
{
	if (lv->log != NULL) {
		log_release(lv->log);
		free(lv->log);
	}
	if (lv->trace != NULL)
		trace_free(lv->trace);
	lv->log = NULL;
	lv->trace = NULL;
	lv->tracer = NULL;
}

void
exercise_live_release(struct exercise_live *lv)
{
	live_drop(lv);
	pthread_mutex_destroy(&lv->lock);
}

bool
exercise_live_trylock(struct exercise_live *lv)
{
	if (pthread_mutex_trylock(&lv->lock) != 0)
		return false;
	if (lv->tracer != NULL)
		tracer_lock(lv->tracer);
	return true;
}

void
exercise_live_unlock(struct exercise_live *lv)
{
	if (lv->tracer != NULL)
		tracer_unlock(lv->tracer);
	pthread_mutex_unlock(&lv->lock);
}

void
exercise_live_publish(struct exercise_live *lv, struct trace *t,
    struct log *lg, struct tracer *tc, uint64_t start_ns)
{
	pthread_mutex_lock(&lv->lock);
	live_drop(lv);
	lv->trace = t;
	lv->log = lg;
	lv->tracer = tc;
	lv->start_ns = start_ns;
	lv->end_ns = 0;
	lv->runs++;
	pthread_mutex_unlock(&lv->lock);
}

void
exercise_live_poll(struct exercise_live *lv, struct log *lg)
{
	if (lv == NULL) {
		log_poll(lg);
		return;
	}
	pthread_mutex_lock(&lv->lock);
	log_poll(lg);
	pthread_mutex_unlock(&lv->lock);
}

void
exercise_live_join(struct exercise_live *lv, struct tracer *tc,
    struct log *lg)
{
	if (lv == NULL) {
		tracer_join(tc, lg);
		return;
	}
	pthread_mutex_lock(&lv->lock);
	tracer_join(tc, lg);
	/* The names are final: the tracer's thread is gone, and the tracer
	 * itself is freed next. */
	lv->tracer = NULL;
	if (tc->run.start_ns != 0)
		lv->start_ns = tc->run.start_ns;
	lv->end_ns = tc->run.end_ns > lv->start_ns ? tc->run.end_ns :
	    lv->start_ns + 1;
	pthread_mutex_unlock(&lv->lock);
}
