/*
 * live_int.h - the run's side of struct exercise_live (exercise.h),
 * which only run.c calls: publish a new run, poll its log, and join its
 * tracer with the watcher kept out. Each takes a NULL `lv` for a run
 * nobody watches, and then does only the plain log or tracer call.
 */
#ifndef TIMESLICE_EXERCISE_LIVE_INT_H
#define TIMESLICE_EXERCISE_LIVE_INT_H

#include <stdint.h>

#include "exercise/exercise.h"

/*
 * A new run's trace, log (heap-allocated, log_init'ed) and started
 * tracer take the place of the last run's, which are freed; `lv` owns
 * the trace and the log from now on.
 */
void	exercise_live_publish(struct exercise_live *lv, struct trace *t,
	    struct log *lg, struct tracer *tc, uint64_t start_ns);

/* log_poll, with the watcher kept out meanwhile. */
void	exercise_live_poll(struct exercise_live *lv, struct log *lg);

/*
 * tracer_join (it drains and closes the log), with the watcher kept
 * out; then the run's times are set and the tracer forgotten, since it
 * is released next.
 */
void	exercise_live_join(struct exercise_live *lv, struct tracer *tc,
	    struct log *lg);

#endif
