/*
 * scenario.c - the registry of scenarios and the table of parameters with
 * their bounds: the whole surface a command line or a lesson can reach.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/burgers.h"
#include "engine/deadlock.h"
#include "engine/engines.h"
#include "engine/scenario.h"
#include "util.h"

#define BIT(p) (1u << (p))
#define USES_WORK (BIT(PARAM_WORKERS) | BIT(PARAM_WORK) | BIT(PARAM_UNITS) | \
    BIT(PARAM_UNIT_MS) | BIT(PARAM_CORES) | BIT(PARAM_SEED))
#define BURGER_METRICS "customers_served customer_wait_p50_ms customer_wait_max_ms " \
		    "counter_ms_mean table_ms_mean talks staff staff_idle_ms"
#define USES_GIL (BIT(PARAM_SWITCH_INTERVAL) | BIT(PARAM_OLD_GIL))

static const struct param_spec specs[PARAM_COUNT] = {
	{ PARAM_WORKERS, "workers", "int", 1, SCENARIO_MAX_WORKERS,
	    "threads, processes or tasks" },
	{ PARAM_WORK, "work", "enum", 0, 2, "cpu, io or mixed" },
	{ PARAM_UNITS, "units", "int", 1, 100000, "total work items" },
	{ PARAM_UNIT_MS, "unit-ms", "ms", 0.01, 1000, "size of one item" },
	{ PARAM_SWITCH_INTERVAL, "switch-interval", "ms", 0.1, 100,
	    "GIL switch interval" },
	{ PARAM_OLD_GIL, "old-gil", "flag", 0, 1,
	    "Python 2 GIL: release and re-take every 100 ticks" },
	{ PARAM_CORES, "cores", "int", 1, 256, "CPUs the workers may use" },
	{ PARAM_SEED, "seed", "u64", 0, 1e18, "seed for randomised work" },
	{ PARAM_ORDERED, "ordered", "flag", 0, 1,
	    "deadlock: take the locks in one global order" },
};

void
params_defaults(struct params *p)
{
	memset(p, 0, sizeof *p);
	p->workers = 4;
	p->work = WORK_CPU;
	p->units = 8;
	p->unit_ms = 25;
	p->switch_interval_ms = 5;
	p->old_gil = false;
	p->cores = 0;
	p->seed = 1;
	p->baseline = true;
}

const struct param_spec *
params_specs(void)
{
	return specs;
}

const struct param_spec *
params_find(const char *name)
{
	for (int i = 0; i < PARAM_COUNT; i++)
		if (strcmp(specs[i].name, name) == 0)
			return &specs[i];
	return NULL;
}

/* Formats a bound without trailing zeros: 0.1, 64, 1000. */
static void
fmt_bound(char *buf, size_t len, double v)
{
	snprintf(buf, len, "%g", v);
}

/* Parses a number for `spec` and checks its range. */
static int
parse_number(const struct param_spec *spec, const char *value, double *out,
    char **cause)
{
	char lo[32], hi[32], *end;
	double v;

	fmt_bound(lo, sizeof lo, spec->min);
	fmt_bound(hi, sizeof hi, spec->max);
	errno = 0;
	v = strtod(value, &end);
	if (*value == '\0' || *end != '\0' || errno != 0 || !isfinite(v)) {
		xasprintf(cause, "--%s: '%s' is not a number (allowed: %s to %s)",
		    spec->name, value, lo, hi);
		return -1;
	}
	if (strcmp(spec->kind, "int") == 0 || strcmp(spec->kind, "u64") == 0) {
		if (v != floor(v)) {
			xasprintf(cause, "--%s: '%s' is not a whole number "
			    "(allowed: %s to %s)", spec->name, value, lo, hi);
			return -1;
		}
	}
	if (v < spec->min || v > spec->max) {
		xasprintf(cause, "--%s: %s is out of range (allowed: %s to %s)",
		    spec->name, value, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

int
params_set(struct params *p, const struct param_spec *spec, const char *value,
    char **cause)
{
	double v = 0;
	enum work_kind w;
	bool *flag;

	switch (spec->id) {
	case PARAM_WORK:
		if (work_kind_parse(value, &w) != 0) {
			xasprintf(cause, "--work: '%s' is not a kind of work "
			    "(allowed: cpu, io, mixed)", value);
			return -1;
		}
		p->work = w;
		return 0;
	case PARAM_OLD_GIL:
	case PARAM_ORDERED:
		flag = spec->id == PARAM_OLD_GIL ? &p->old_gil : &p->ordered;
		if (value == NULL || strcmp(value, "true") == 0 ||
		    strcmp(value, "1") == 0 || strcmp(value, "on") == 0)
			*flag = true;
		else if (strcmp(value, "false") == 0 ||
		    strcmp(value, "0") == 0 || strcmp(value, "off") == 0)
			*flag = false;
		else {
			xasprintf(cause, "--%s: '%s' is not a switch "
			    "(allowed: on, off)", spec->name, value);
			return -1;
		}
		return 0;
	default:
		break;
	}
	if (value == NULL) {
		xasprintf(cause, "--%s needs a value", spec->name);
		return -1;
	}
	if (parse_number(spec, value, &v, cause) != 0)
		return -1;
	switch (spec->id) {
	case PARAM_WORKERS:
		p->workers = (int)v;
		break;
	case PARAM_UNITS:
		p->units = (int)v;
		break;
	case PARAM_UNIT_MS:
		p->unit_ms = v;
		break;
	case PARAM_SWITCH_INTERVAL:
		p->switch_interval_ms = v;
		break;
	case PARAM_CORES:
		p->cores = (int)v;
		break;
	case PARAM_SEED:
		p->seed = (uint64_t)v;
		break;
	default:
		break;
	}
	return 0;
}

/* The --workers bounds of a scenario. */
static void
workers_bounds(const struct scenario *sc, int *lo, int *hi)
{
	*lo = sc->min_workers > 0 ? sc->min_workers : 1;
	*hi = sc->max_workers > 0 ? sc->max_workers : SCENARIO_MAX_WORKERS;
}

/* The message for a count of workers outside a scenario's bounds. */
static void
workers_cause(const struct scenario *sc, const char *value, char **cause)
{
	int lo, hi;

	workers_bounds(sc, &lo, &hi);
	if (hi == SCENARIO_MAX_WORKERS && strtod(value, NULL) > hi)
		xasprintf(cause, "--workers: %s is out of range for '%s' "
		    "(allowed: %d to %d): each worker is a real thread or "
		    "process; 'coroutines' runs up to %d tasks on one thread",
		    value, sc->name, lo, hi, SCENARIO_MAX_TASKS);
	else
		xasprintf(cause, "--workers: %s is out of range for '%s' "
		    "(allowed: %d to %d)", value, sc->name, lo, hi);
}

int
scenario_params_set(const struct scenario *sc, struct params *p,
    const struct param_spec *spec, const char *value, char **cause)
{
	struct param_spec bounds;
	int lo, hi;

	if (spec->id != PARAM_WORKERS || sc == NULL)
		return params_set(p, spec, value, cause);
	workers_bounds(sc, &lo, &hi);
	bounds = *spec;
	bounds.min = lo;
	bounds.max = hi;
	if (params_set(p, &bounds, value, cause) == 0)
		return 0;
	if (value != NULL && strtod(value, NULL) >= 0 &&
	    strstr(*cause, "out of range") != NULL) {
		free(*cause);
		workers_cause(sc, value, cause);
	}
	return -1;
}

int
scenario_check(const struct scenario *sc, const struct params *p,
    char **cause)
{
	char value[16];
	int lo, hi;

	workers_bounds(sc, &lo, &hi);
	if (!(sc->uses & BIT(PARAM_WORKERS)) ||
	    (p->workers >= lo && p->workers <= hi))
		return 0;
	snprintf(value, sizeof value, "%d", p->workers);
	workers_cause(sc, value, cause);
	return -1;
}

int
work_kind_parse(const char *s, enum work_kind *out)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "cpu") == 0)
		*out = WORK_CPU;
	else if (strcmp(s, "io") == 0)
		*out = WORK_IO;
	else if (strcmp(s, "mixed") == 0)
		*out = WORK_MIXED;
	else
		return -1;
	return 0;
}

const char *
work_kind_name(enum work_kind w)
{
	switch (w) {
	case WORK_CPU:
		return "cpu";
	case WORK_IO:
		return "io";
	case WORK_MIXED:
		return "mixed";
	}
	return "unknown";
}

static const struct scenario scenarios[] = {
	{
		.name = "sequential",
		.summary = "all the work on one thread, one item after another",
		.models = "a plain for loop",
		.uses = USES_WORK,
		.run = engine_sequential,
		/* One thread whatever --workers says: everyone's baseline. */
		.max_workers = SCENARIO_MAX_TASKS,
	},
	{
		.name = "threads",
		.summary = "one OS thread per worker, no global lock",
		.models = "threading.Thread on free-threaded Python (3.13t)",
		.uses = USES_WORK,
		.run = engine_threads,
	},
	{
		.name = "gil",
		.summary = "threads that must hold a GIL-like lock to run bytecodes",
		.models = "threading.Thread on CPython",
		.uses = USES_WORK | USES_GIL,
		.run = engine_gil,
	},
	{
		.name = "processes",
		.summary = "fork()ed children, one GIL each",
		.models = "multiprocessing.Process / Pool.map",
		.uses = USES_WORK,
		.run = engine_processes,
	},
	{
		.name = "coroutines",
		.summary = "tasks on one thread driven by an event loop; "
		    "--workers tasks share --units; CPU parts block the loop",
		.models = "asyncio.gather of coroutines",
		.uses = USES_WORK,
		.metrics = "tasks_done loop_iterations loop_polls ready_wait_max_ms "
		    "timer_late_p50_ms timer_late_max_ms",
		.run = engine_coroutines,
		.max_workers = SCENARIO_MAX_TASKS,
	},
	{
		.name = "convoy",
		.summary = "one I/O-bound thread beside CPU-bound threads under the GIL",
		.models = "a network thread next to number crunching threads",
		.uses = USES_WORK | USES_GIL,
		.metrics = "io_ops io_ops_per_s io_wait_p50_ms io_wait_p99_ms "
		    "switch_interval_ms",
		.run = engine_convoy,
		.baseline = baseline_convoy,
	},
	{
		.name = "race",
		.summary = "threads incrementing a shared counter, without and with a lock",
		.models = "counter += 1 from several threads; threading.Lock",
		.uses = BIT(PARAM_WORKERS) | BIT(PARAM_UNITS) | BIT(PARAM_CORES),
		.metrics = "expected unlocked_count lost_updates locked_count "
		    "locked_lost_updates",
		.run = engine_race,
		.baseline = baseline_none,
	},
	{
		.name = "burgers-sequential",
		.summary = "one cashier-cook serves each customer in turn; "
		    "--workers customers, --unit-ms cooking time",
		.models = "a synchronous program",
		.uses = BIT(PARAM_WORKERS) | BIT(PARAM_UNIT_MS),
		.metrics = BURGER_METRICS,
		.run = engine_burgers_sequential,
		.baseline = baseline_burgers,
	},
	{
		.name = "burgers-concurrent",
		.summary = "one cashier, one cook, numbered tickets; customers "
		    "talk at the table; --workers customers",
		.models = "async def / await",
		.uses = BIT(PARAM_WORKERS) | BIT(PARAM_UNIT_MS),
		.metrics = BURGER_METRICS " cashier_idle_ms cook_idle_ms",
		.run = engine_burgers_concurrent,
		.baseline = baseline_burgers,
	},
	{
		.name = "burgers-parallel",
		.summary = "up to eight cashier-cooks, customers wait at the "
		    "counter; --workers customers",
		.models = "threads or processes, each blocking",
		.uses = BIT(PARAM_WORKERS) | BIT(PARAM_UNIT_MS),
		.metrics = BURGER_METRICS,
		.run = engine_burgers_parallel,
		.baseline = baseline_burgers,
	},
	{
		.name = "cleaning",
		.summary = "--units CPU-bound rooms cleaned by --workers helper "
		    "threads with no GIL (alone: --workers 1)",
		.models = "multiprocessing.Pool.map over rooms",
		.uses = BIT(PARAM_WORKERS) | BIT(PARAM_UNITS) | BIT(PARAM_UNIT_MS) |
		    BIT(PARAM_CORES),
		.metrics = "rooms_cleaned helpers rooms_max_per_helper "
		    "helper_idle_ms",
		.run = engine_cleaning,
		.baseline = baseline_cleaning,
	},
	{
		.name = "deadlock",
		.summary = "--workers threads (2 to 8) each take two locks of a "
		    "ring in opposite orders and get stuck; --ordered takes "
		    "them in one order",
		.models = "two threading.Lock taken in opposite order",
		.uses = BIT(PARAM_WORKERS) | BIT(PARAM_UNIT_MS) |
		    BIT(PARAM_CORES) | BIT(PARAM_ORDERED),
		.metrics = "deadlocked detect_ms rounds_done",
		.run = engine_deadlock,
		.baseline = baseline_none,
		.min_workers = 2,
		.max_workers = DEADLOCK_MAX_THREADS,
	},
};
#define NSCENARIOS (sizeof scenarios / sizeof scenarios[0])

const struct scenario *const *
scenario_all(void)
{
	static const struct scenario *all[NSCENARIOS + 1];

	if (all[0] == NULL)
		for (size_t i = 0; i < NSCENARIOS; i++)
			all[i] = &scenarios[i];
	return all;
}

const struct scenario *
scenario_find(const char *name)
{
	for (size_t i = 0; i < NSCENARIOS; i++)
		if (strcmp(scenarios[i].name, name) == 0)
			return &scenarios[i];
	return NULL;
}

/* The candidate nearest to `name` within a third of its length. */
static const char *
suggest(const char *name, const char *const *cand, size_t n)
{
	const char *best = NULL;
	int bestd = (int)strlen(name) / 3 + 1;

	for (size_t i = 0; i < n; i++) {
		int d = edit_distance(name, cand[i], bestd);

		if (d <= bestd && (best == NULL || d < bestd)) {
			best = cand[i];
			bestd = d;
		}
	}
	return best;
}

const char *
scenario_suggest(const char *name)
{
	const char *names[NSCENARIOS];

	for (size_t i = 0; i < NSCENARIOS; i++)
		names[i] = scenarios[i].name;
	return suggest(name, names, NSCENARIOS);
}

const char *
params_suggest(const char *name)
{
	const char *names[PARAM_COUNT];

	for (int i = 0; i < PARAM_COUNT; i++)
		names[i] = specs[i].name;
	return suggest(name, names, PARAM_COUNT);
}

void
result_metric(struct result *r, const char *key, double value)
{
	for (int i = 0; i < r->nmetrics; i++)
		if (strcmp(r->metrics[i].key, key) == 0) {
			r->metrics[i].value = value;
			return;
		}
	if (r->nmetrics < RESULT_MAX_METRICS) {
		r->metrics[r->nmetrics].key = key;
		r->metrics[r->nmetrics].value = value;
		r->nmetrics++;
	}
}
