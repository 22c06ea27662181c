/*
 * experiment.h - one complete measured run: the sequential baseline, the
 * scenario itself, and the figures derived from its trace.
 *
 * This is what `timeslice run` reports and what a lesson's prediction quiz
 * checks. The live UI drives a runner itself (to draw while it runs) and
 * runs its baseline as a second runner, then uses experiment_finish for
 * the same numbers.
 *
 * Both the baseline and the run are measured on the same CPUs, and each
 * measures the cores that were free while it ran (capacity.h): a speedup
 * is only as meaningful as the machine was quiet. A series repeats the
 * pair (baseline, run, baseline, run...) so that load that comes and goes
 * falls on both alike, and keeps every figure of every run.
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
	int			 polls;		/* times the reader drained */

	uint64_t		 wall_ns;	/* the scenario's workers */
	uint64_t		 cpu_ns;	/* CPU time of every worker */
	bool			 has_baseline;
	uint64_t		 baseline_wall_ns;
	double			 speedup;	/* baseline / wall */

	/*
	 * What the machine let the run have (capacity.h): measured only by
	 * experiment_run (a run driven otherwise has has_capacity false);
	 * -1 when the kernel gave no figures.
	 */
	bool			 has_capacity;
	double			 cores_free;	/* during the run */
	double			 baseline_cores_free;
	double			 baseline_cpu_share;	/* cores the baseline
							 * wants: 1 for CPU
							 * work, ~0 for waits */
	int			 cpus;		/* CPUs in the run's set */
	int			 threads;	/* OS threads and processes
						 * that ran the lanes */

	struct lane_stats	 lanes[TRACE_MAX_LANES];
	struct lock_stats	 lock;
	bool			 has_lock;	/* some lane took a lock */
	bool			 has_deadlock;	/* the trace shows a cycle */
	struct waitfor_cycle	 deadlock;	/* ... this one */
	uint64_t		 dropped;
};

/*
 * The share of a core a baseline with parameters `bp` wanted: 1 for CPU
 * work, about 0 for waits, or what it was seen to use (`cpu_ns` of its
 * lanes over `wall_ns`) if more. A live demo that drives its baseline
 * itself fills baseline_cpu_share with it.
 */
double	experiment_baseline_share(const struct params *bp, uint64_t cpu_ns,
	    uint64_t wall_ns);

/*
 * Runs the baseline (when p->baseline), then the scenario on a runner
 * thread while polling its trace, then computes every figure. `stop`, if
 * not NULL, is checked while waiting: non-zero asks the run to stop.
 * Returns 0, or -1 with *cause set. Release with experiment_release.
 */
int	experiment_run(struct experiment *, const struct scenario *sc,
	    const struct params *p, const _Atomic int *stop, char **cause);

/*
 * How long the reader sleeps next, after a poll drained `got` events of
 * `nlanes` lanes whose rings hold `ring` events each, having slept `nap`
 * ns before it (experiment.c).
 */
uint64_t experiment_poll_nap(uint64_t nap, size_t got, uint32_t ring,
	    int nlanes);

/* Computes the figures from a finished trace and log (closing the log). */
void	experiment_finish(struct experiment *);

void	experiment_release(struct experiment *);

/* A figure by name, for prediction quizzes: "speedup", "wall_ms", a
 * metric key, "cores_free"... Returns 0 and sets *out, or -1 if unknown
 * (or not measured in this run). */
int	experiment_value(const struct experiment *, const char *name,
	    double *out);

/*
 * Repeated measurements: the same experiment run several times, each run
 * with its own baseline right before it.
 */
#define EXPERIMENT_MAX_RUNS	16
#define EXPERIMENT_MAX_FIGURES	40
#define EXPERIMENT_FIGURE_NAME	40

/* One figure over the runs of a series. */
struct experiment_figure {
	char	name[EXPERIMENT_FIGURE_NAME];
	int	n;				/* runs that measured it */
	double	v[EXPERIMENT_MAX_RUNS];		/* in run order */
	double	median, min, max;
};

struct experiment_series {
	const struct scenario	*scenario;
	struct params		 params;
	int			 runs;		/* runs added */
	int			 interrupted;	/* stopped before the last */
	int			 cpus;		/* CPUs in the runs' set */
	int			 threads;	/* most seen in one run */
	int			 nfigures;
	struct experiment_figure figures[EXPERIMENT_MAX_FIGURES];
};

/* An empty series for `sc` with `p`. */
void	experiment_series_init(struct experiment_series *,
	    const struct scenario *sc, const struct params *p);

/* Adds every figure of a finished run (ignored once the series is full). */
void	experiment_series_add(struct experiment_series *,
	    const struct experiment *);

/*
 * Runs `runs` (1..EXPERIMENT_MAX_RUNS) interleaved pairs of baseline and
 * run (just runs with p->baseline false) into `s`, stopping early when
 * `stop` becomes non-zero (s->interrupted). Every figure gets its median,
 * min and max: cores_free among them. Returns 0, or -1 with *cause.
 */
int	experiment_series_run(struct experiment_series *s,
	    const struct scenario *sc, const struct params *p, int runs,
	    const _Atomic int *stop, char **cause);

/* The figure called `name`, or NULL when no run measured it. */
const struct experiment_figure *experiment_series_figure(
	    const struct experiment_series *, const char *name);

/*
 * Adds one value to the figure called `name` (creating it), and updates
 * its median, min and max: for series read back from a recording.
 */
void	experiment_series_put(struct experiment_series *, const char *name,
	    double v);

#endif
