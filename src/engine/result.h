/*
 * result.h - what a run gives back beside its trace: the wall span of its
 * workers and the figures only the scenario knows (lost updates, orders
 * served...), which engines add with result_metric. It sits below the
 * scenario registry so that the engines the registry lists do not call
 * back up into it.
 */
#ifndef TIMESLICE_ENGINE_RESULT_H
#define TIMESLICE_ENGINE_RESULT_H

#include <stdint.h>

/* Numbers a scenario reports beside the trace (e.g. lost_updates). */
#define RESULT_MAX_METRICS 16
struct metric {
	const char	*key;		/* static string, snake_case */
	double		 value;
};

struct result {
	uint64_t	start_ns, end_ns;	/* wall span of the workers */
	int		nmetrics;
	struct metric	metrics[RESULT_MAX_METRICS];
};

/*
 * Sets metric `key` (a static string) of `r` to `value`: replaces it when
 * `r` has it, adds it otherwise, and drops it when `r` is full.
 */
void	result_metric(struct result *, const char *key, double value);

#endif
