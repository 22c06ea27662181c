/*
 * params.h - the knobs of one experiment, as a type: what a scenario's
 * run function reads. Their names, bounds, defaults and parsing belong
 * to the registry (scenario.h); the engines need only the struct, and
 * taking it from here keeps them from depending on the registry that
 * lists them.
 */
#ifndef TIMESLICE_ENGINE_PARAMS_H
#define TIMESLICE_ENGINE_PARAMS_H

#include <stdbool.h>
#include <stdint.h>

/* What one work item does. */
enum work_kind {
	WORK_CPU = 0,
	WORK_IO,
	WORK_MIXED
};

/*
 * How a worker process starts (multiprocessing's start methods): a fork()
 * of the parent, or a fresh interpreter that imports the program again.
 */
enum start_method {
	START_FORK = 0,
	START_SPAWN
};

/* Every knob of an experiment (defaults: params_defaults in scenario.h). */
struct params {
	int		workers;		/* threads, processes or tasks */
	enum work_kind	work;
	int		units;			/* total work items */
	double		unit_ms;		/* size of one item */
	double		switch_interval_ms;	/* GIL switch interval */
	bool		old_gil;		/* Python 2 style GIL */
	int		cores;			/* CPUs allowed; 0 = all */
	uint64_t	seed;
	bool		baseline;		/* also run sequentially */
	bool		ordered;		/* deadlock: one lock order */
	int		capacity;		/* queue: items it holds */
	int		permits;		/* semaphore: threads inside */
	enum start_method start;		/* processes: fork or spawn */
};

#endif
