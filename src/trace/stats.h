/*
 * stats.h - the figures a run is judged by, derived from a closed log.
 *
 * Per lane: time in each state (running on a CPU, busy off the CPU,
 * waiting for a lock, in I/O, ready, idle); how often it was switched in;
 * which CPUs it ran on (running only: busy time claims no CPU); the
 * distribution of its lock waits. Per trace: lock hand-offs and the distribution of all lock waits.
 * The same code feeds `timeslice run`, the exporters and the UI's stats
 * panel, so every number the learner sees is computed one way.
 */
#ifndef TIMESLICE_TRACE_STATS_H
#define TIMESLICE_TRACE_STATS_H

#include <stdint.h>

#include "trace/log.h"

#define STATS_MAX_CPUS 256

struct lane_stats {
	uint64_t	state_ns[TRACE_STATE_COUNT];
	uint64_t	switches;	/* times the lane started running */
	uint64_t	lock_waits;	/* lock-wait intervals */
	double		wait_p50_ms, wait_p99_ms, wait_max_ms;
	int		ncpus;
	int		cpus[64];	/* CPUs seen, ascending */
};

struct lock_stats {
	uint64_t	holds;
	uint64_t	holder_changes;	/* hold by a lane other than the last */
	double		wait_p50_ms, wait_p99_ms;
	uint64_t	overlaps;	/* pairs of holds of one lock overlapping */
};

/* Computes the stats of `lane` from the log, up to `now_ns` for open spans. */
void	stats_lane(const struct log *, int lane, uint64_t now_ns,
	    struct lane_stats *);

/* Computes lock stats over every lane (lock waits and holds). */
void	stats_lock(const struct log *, struct lock_stats *);

/* The p-th percentile (0..100) of n values, sorting them in place. */
double	stats_percentile(double *v, size_t n, double p);

#endif
