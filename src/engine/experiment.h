/*
 * experiment.h - one complete measured run: the sequential baseline, the
 * scenario itself, and the figures derived from its trace.
 *
 * This is what `timeslice run` reports and what a lesson's prediction quiz
 * checks. The live UI drives a runner itself (to draw while it runs) and
 * uses experiment_baseline and experiment_finish for the same numbers.
 */
#ifndef TIMESLICE_ENGINE_EXPERIMENT_H
#define TIMESLICE_ENGINE_EXPERIMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "engine/scenario.h"
#include "trace/log.h"
#include "trace/stats.h"
#include "trace/waitfor.h"

/* Events each lane's ring holds before the reader must catch up. */
#define EXPERIMENT_RING_EVENTS (1u << 18)

struct experiment {
	const struct scenario	*scenario;
	struct params		 params;
	struct trace		*trace;
	struct log		 log;
	struct result		 result;
	int			 interrupted;	/* stopped before the end */

	uint64_t		 wall_ns;	/* the scenario's workers */
	uint64_t		 cpu_ns;	/* CPU time of every worker */
	bool			 has_baseline;
	uint64_t		 baseline_wall_ns;
	double			 speedup;	/* baseline / wall */

	struct lane_stats	 lanes[TRACE_MAX_LANES];
	struct lock_stats	 lock;
	bool			 has_lock;	/* some lane took a lock */
	bool			 has_deadlock;	/* the trace shows a cycle */
	struct waitfor_cycle	 deadlock;	/* ... this one */
	uint64_t		 dropped;
};

/*
 * Runs the sequential run that does the same work as `p` for `sc` and
 * stores its wall time in *wall_ns. Returns 1 if done, 0 if the scenario
 * has no baseline, -1 with *cause on failure.
 */
int	experiment_baseline(const struct scenario *sc, const struct params *p,
	    uint64_t *wall_ns, char **cause);

/*
 * Runs the baseline (when p->baseline), then the scenario on a runner
 * thread while polling its trace, then computes every figure. `stop`, if
 * not NULL, is checked while waiting: non-zero asks the run to stop.
 * Returns 0, or -1 with *cause set. Release with experiment_release.
 */
int	experiment_run(struct experiment *, const struct scenario *sc,
	    const struct params *p, const _Atomic int *stop, char **cause);

/* Computes the figures from a finished trace and log (closing the log). */
void	experiment_finish(struct experiment *);

void	experiment_release(struct experiment *);

/* A figure by name, for prediction quizzes: "speedup", "wall_ms", a
 * metric key... Returns 0 and sets *out, or -1 if unknown. */
int	experiment_value(const struct experiment *, const char *name,
	    double *out);

#endif
