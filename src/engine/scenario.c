/*
 * scenario.c - the registry of scenarios and the table of parameters with
 * their bounds: the whole surface a command line or a lesson can reach.
 *
 * A scenario's row says everything the rest of timeslice asks about it:
 * its lanes (GIL, lock), what it measures and how each figure reads, how
 * long a run should take, its twin with the GIL switched. The UI and the
 * reports read these facts here instead of testing scenario names.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/burgers.h"
#include "engine/deadlock.h"
#include "engine/engines.h"
#include "engine/scenario.h"
#include "engine/work.h"
#include "i18n.h"
#include "util.h"

#define BIT(p) (1u << (p))
#define USES_WORK (BIT(PARAM_WORKERS) | BIT(PARAM_WORK) | BIT(PARAM_UNITS) | \
    BIT(PARAM_UNIT_MS) | BIT(PARAM_CORES) | BIT(PARAM_SEED))
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
	{ PARAM_CAPACITY, "capacity", "int", 1, 64,
	    "queue: items the queue holds (queue.Queue(maxsize=K))" },
	{ PARAM_PERMITS, "permits", "int", 1, 64,
	    "semaphore: threads let in at once (threading.Semaphore(K))" },
	{ PARAM_START, "start", "enum", 0, 1,
	    "processes: how a worker starts, fork or spawn "
	    "(multiprocessing.set_start_method)" },
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
	p->capacity = 4;
	p->permits = 2;
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

bool
params_knob_same(const struct params *a, const struct params *b,
    enum param_id id, double tol_ms)
{
	/* No default: a knob added to enum param_id warns here until
	 * it is compared. */
	switch (id) {
	case PARAM_WORKERS:
		return a->workers == b->workers;
	case PARAM_WORK:
		return a->work == b->work;
	case PARAM_UNITS:
		return a->units == b->units;
	case PARAM_UNIT_MS:
		return fabs(a->unit_ms - b->unit_ms) <= tol_ms;
	case PARAM_SWITCH_INTERVAL:
		return fabs(a->switch_interval_ms - b->switch_interval_ms) <=
		    tol_ms;
	case PARAM_OLD_GIL:
		return a->old_gil == b->old_gil;
	case PARAM_CORES:
		return a->cores == b->cores;
	case PARAM_SEED:
		return a->seed == b->seed;
	case PARAM_ORDERED:
		return a->ordered == b->ordered;
	case PARAM_CAPACITY:
		return a->capacity == b->capacity;
	case PARAM_PERMITS:
		return a->permits == b->permits;
	case PARAM_START:
		return a->start == b->start;
	case PARAM_COUNT:
		break;
	}
	return false;
}

bool
params_same(const struct params *a, const struct params *b, double tol_ms)
{
	for (int i = 0; i < PARAM_COUNT; i++)
		if (!params_knob_same(a, b, specs[i].id, tol_ms))
			return false;
	return true;
}

/* Formats a bound without trailing zeros: 0.1, 64, 1000 (0,1 in Spanish). */
static void
fmt_bound(char *buf, size_t len, double v)
{
	i18n_numg(buf, len, v, 6);
}

/* Parses a number for `spec` and checks its range. */
static int
parse_number(const struct param_spec *spec, const char *value, double *out,
    char **cause)
{
	char lo[32], hi[32], num[64], *end, *comma;
	double v;
	bool whole = strcmp(spec->kind, "int") == 0 ||
	    strcmp(spec->kind, "u64") == 0;

	fmt_bound(lo, sizeof lo, spec->min);
	fmt_bound(hi, sizeof hi, spec->max);
	/*
	 * The C locale's point always; a decimal comma too, as the messages
	 * of a language that writes one show the bounds ("0,5"). strtod also
	 * reads hexadecimal, "inf" and exponents: a count is written in
	 * decimal digits only, a size in plain decimal notation.
	 */
	snprintf(num, sizeof num, "%s", value);
	if ((comma = strchr(num, ',')) != NULL && strchr(num, '.') == NULL &&
	    strchr(comma + 1, ',') == NULL)
		*comma = '.';
	if (strspn(num, whole ? "0123456789" : "0123456789.eE+-") !=
	    strlen(num)) {
		if (whole)
			xasprintf(cause, _("--%s: '%s' is not a whole number "
			    "(allowed: %s to %s)"), spec->name, value, lo, hi);
		else
			xasprintf(cause, _("--%s: '%s' is not a number "
			    "(allowed: %s to %s)"), spec->name, value, lo, hi);
		return -1;
	}
	errno = 0;
	v = strtod(num, &end);
	if (*value == '\0' || *end != '\0' || errno != 0 || !isfinite(v)) {
		xasprintf(cause, _("--%s: '%s' is not a number (allowed: %s "
		    "to %s)"), spec->name, value, lo, hi);
		return -1;
	}
	if (whole && v != floor(v)) {
		xasprintf(cause, _("--%s: '%s' is not a whole number "
		    "(allowed: %s to %s)"), spec->name, value, lo, hi);
		return -1;
	}
	if (v < spec->min || v > spec->max) {
		xasprintf(cause, _("--%s: %s is out of range (allowed: %s to "
		    "%s)"), spec->name, value, lo, hi);
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
			xasprintf(cause, _("--work: '%s' is not a kind of work "
			    "(allowed: cpu, io, mixed)"), value);
			return -1;
		}
		p->work = w;
		return 0;
	case PARAM_START:
		if (start_method_parse(value, &p->start) != 0) {
			xasprintf(cause, _("--start: '%s' is not a start method "
			    "(allowed: fork, spawn)"), value);
			return -1;
		}
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
			xasprintf(cause, _("--%s: '%s' is not a switch "
			    "(allowed: on, off)"), spec->name, value);
			return -1;
		}
		return 0;
	default:
		break;
	}
	if (value == NULL) {
		xasprintf(cause, _("--%s needs a value"), spec->name);
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
	case PARAM_CAPACITY:
		p->capacity = (int)v;
		break;
	case PARAM_PERMITS:
		p->permits = (int)v;
		break;
	case PARAM_SEED:
		p->seed = strtoull(value, NULL, 10);	/* exact past 2^53 */
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
		xasprintf(cause, _("--workers: %s is out of range for '%s' "
		    "(allowed: %d to %d): each worker is a real thread or "
		    "process; 'coroutines' runs up to %d tasks on one thread"),
		    value, sc->name, lo, hi, SCENARIO_MAX_TASKS);
	else
		xasprintf(cause, _("--workers: %s is out of range for '%s' "
		    "(allowed: %d to %d)"), value, sc->name, lo, hi);
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
	/* Marked so that people can read them through _(). */
	switch (w) {
	case WORK_CPU:
		return N_("cpu");
	case WORK_IO:
		return N_("io");
	case WORK_MIXED:
		return N_("mixed");
	}
	return "unknown";
}

int
start_method_parse(const char *s, enum start_method *out)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "fork") == 0)
		*out = START_FORK;
	else if (strcmp(s, "spawn") == 0)
		*out = START_SPAWN;
	else
		return -1;
	return 0;
}

const char *
start_method_name(enum start_method m)
{
	/* multiprocessing's own words: not translated. */
	return m == START_SPAWN ? "spawn" : "fork";
}

/*
 * What each scenario measures, one list per scenario: M(key, label, unit).
 * Each list makes the scenario's `measures` table. Labels are short: the demo shows
 * them beside their values in a column 32 wide.
 */
#define COROUTINE_METRICS(M)						\
	M(tasks_done, N_("tasks done"), METRIC_COUNT)			\
	M(loop_iterations, N_("loop iterations"), METRIC_COUNT)		\
	M(loop_polls, N_("loop polls"), METRIC_COUNT)			\
	M(ready_wait_max_ms, N_("ready wait max"), METRIC_MS)		\
	M(timer_late_p50_ms, N_("timer late p50"), METRIC_MS)		\
	M(timer_late_max_ms, N_("timer late max"), METRIC_MS)
#define CONVOY_METRICS(M)						\
	M(io_ops, N_("I/O operations"), METRIC_COUNT)			\
	M(io_ops_per_s, N_("I/O rate"), METRIC_PER_S)			\
	M(io_wait_p50_ms, N_("I/O wait p50"), METRIC_MS)		\
	M(io_wait_p99_ms, N_("I/O wait p99"), METRIC_MS)		\
	M(switch_interval_ms, N_("switch interval"), METRIC_MS)
#define PROCESS_METRICS(M)						\
	M(startup_ms, N_("start-up p50"), METRIC_MS)
#define RACE_METRICS(M)							\
	M(expected, N_("increments"), METRIC_COUNT)			\
	M(unlocked_count, N_("count, no lock"), METRIC_COUNT)		\
	M(lost_updates, N_("lost, no lock"), METRIC_COUNT)		\
	M(locked_count, N_("count, locked"), METRIC_COUNT)		\
	M(locked_lost_updates, N_("lost, locked"), METRIC_COUNT)
#define BURGER_METRICS(M)						\
	M(customers_served, N_("customers served"), METRIC_COUNT)	\
	M(customer_wait_p50_ms, N_("customer wait p50"), METRIC_MS)	\
	M(customer_wait_max_ms, N_("customer wait max"), METRIC_MS)	\
	M(counter_ms_mean, N_("at the counter"), METRIC_MS)		\
	M(table_ms_mean, N_("at a table"), METRIC_MS)			\
	M(talks, N_("things said"), METRIC_COUNT)			\
	M(staff, N_("staff"), METRIC_COUNT)				\
	M(staff_idle_ms, N_("staff idle"), METRIC_MS)
#define BURGER_CONCURRENT_METRICS(M)					\
	BURGER_METRICS(M)						\
	M(cashier_idle_ms, N_("cashier idle"), METRIC_MS)		\
	M(cook_idle_ms, N_("cook idle"), METRIC_MS)
#define CLEANING_METRICS(M)						\
	M(rooms_cleaned, N_("rooms cleaned"), METRIC_COUNT)		\
	M(helpers, N_("helpers"), METRIC_COUNT)				\
	M(rooms_max_per_helper, N_("most rooms, one helper"), METRIC_COUNT) \
	M(helper_idle_ms, N_("helpers idle"), METRIC_MS)

#define DEADLOCK_METRICS(M)						\
	M(deadlocked, N_("deadlocked"), METRIC_COUNT)			\
	M(detect_ms, N_("time to detect"), METRIC_MS)			\
	M(rounds_done, N_("rounds done"), METRIC_COUNT)

#define QUEUE_METRICS(M)						\
	M(items, N_("items handled"), METRIC_COUNT)			\
	M(queue_depth_max, N_("queue depth max"), METRIC_COUNT)		\
	M(producer_blocked_ms, N_("producer blocked"), METRIC_MS)	\
	M(consumer_idle_ms, N_("consumers idle"), METRIC_MS)
#define SEMAPHORE_METRICS(M)						\
	M(inside_max, N_("most inside at once"), METRIC_COUNT)		\
	M(permit_wait_p50_ms, N_("permit wait p50"), METRIC_MS)		\
	M(permit_wait_p99_ms, N_("permit wait p99"), METRIC_MS)

#define METRIC_ROW(k, l, u)	{ #k, l, u },
#define MEASURES(list)							\
	.measures = (const struct scenario_metric[]){ list(METRIC_ROW)	\
	    { NULL, NULL, METRIC_COUNT } }

/*
 * The rows. The gil and threads scenarios name each other as twins, so
 * the one defined second is declared first.
 */
static const struct scenario sc_gil;

static const struct scenario sc_sequential = {
	.name = "sequential",
	.summary = N_("all the work on one thread, one item after another"),
	.models = N_("a plain for loop"),
	.uses = USES_WORK & ~BIT(PARAM_WORKERS),	/* one thread, always */
	.cpu_par = PAR_ONE,
	.io_par = PAR_ONE,
	.run = engine_sequential,
	/* One thread whatever --workers says: everyone's baseline. */
	.max_workers = SCENARIO_MAX_TASKS,
};

static const struct scenario sc_threads = {
	.name = "threads",
	.summary = N_("one OS thread per worker, no global lock"),
	.models = N_("threading.Thread on free-threaded Python (3.13t)"),
	.uses = USES_WORK,
	.cpu_par = PAR_CORES,
	.io_par = PAR_WORKERS,
	.gil_twin = &sc_gil,
	.run = engine_threads,
};

static const struct scenario sc_gil = {
	.name = "gil",
	.summary = N_("threads that must hold a GIL-like lock to run "
	    "bytecodes"),
	.models = N_("threading.Thread on CPython"),
	.uses = USES_WORK | USES_GIL,
	.traits = SCENARIO_GIL_LANE | SCENARIO_LOCK_LANE,
	.cpu_par = PAR_ONE,
	.io_par = PAR_WORKERS,
	.gil_twin = &sc_threads,
	.run = engine_gil,
};

static const struct scenario sc_processes = {
	.name = "processes",
	.summary = N_("fork()ed children, one GIL each"),
	.models = N_("multiprocessing.Process / Pool.map"),
	.uses = USES_WORK | BIT(PARAM_START),
	.cpu_par = PAR_CORES,
	.io_par = PAR_WORKERS,
	MEASURES(PROCESS_METRICS),
	.run = engine_processes,
};

static const struct scenario sc_coroutines = {
	.name = "coroutines",
	.summary = N_("tasks on one thread driven by an event loop; "
	    "--workers tasks share --units; CPU parts block the loop"),
	.models = N_("asyncio.gather of coroutines"),
	.uses = USES_WORK,
	MEASURES(COROUTINE_METRICS),
	.cpu_par = PAR_ONE,
	.io_par = PAR_WORKERS,
	.run = engine_coroutines,
	.max_workers = SCENARIO_MAX_TASKS,
};

static const struct scenario sc_convoy = {
	.name = "convoy",
	.summary = N_("one I/O-bound thread beside CPU-bound threads under "
	    "the GIL"),
	.models = N_("a network thread next to number crunching threads"),
	.uses = USES_WORK | USES_GIL,
	.traits = SCENARIO_GIL_LANE | SCENARIO_LOCK_LANE,
	MEASURES(CONVOY_METRICS),
	.cpu_par = PAR_ONE,
	.io_par = PAR_WORKERS,
	.run = engine_convoy,
	.baseline = baseline_convoy,
};

static const struct scenario sc_race = {
	.name = "race",
	.summary = N_("threads incrementing a shared counter, without and "
	    "with a lock"),
	.models = N_("counter += 1 from several threads; threading.Lock"),
	.uses = BIT(PARAM_WORKERS) | BIT(PARAM_UNITS) | BIT(PARAM_CORES),
	.traits = SCENARIO_LOCK_LANE,
	MEASURES(RACE_METRICS),
	.run = engine_race,
	.baseline = baseline_none,
	/* Two increments interleave only on two cores at once (one core
	 * switches threads between whole runs of increments, nearly). */
	.parallel_figures = (const char *const[]){ "lost_updates", NULL },
};

static const struct scenario sc_burgers_sequential = {
	.name = "burgers-sequential",
	.summary = N_("one cashier-cook serves each customer in turn; "
	    "--workers customers, --unit-ms cooking time"),
	.models = N_("a synchronous program"),
	.uses = BIT(PARAM_WORKERS) | BIT(PARAM_UNIT_MS),
	MEASURES(BURGER_METRICS),
	.run = engine_burgers_sequential,
	.baseline = baseline_burgers,
};

static const struct scenario sc_burgers_concurrent = {
	.name = "burgers-concurrent",
	.summary = N_("one cashier, one cook, numbered tickets; customers "
	    "talk at the table; --workers customers"),
	.models = N_("async def / await"),
	.uses = BIT(PARAM_WORKERS) | BIT(PARAM_UNIT_MS),
	MEASURES(BURGER_CONCURRENT_METRICS),
	.run = engine_burgers_concurrent,
	.baseline = baseline_burgers,
};

static const struct scenario sc_burgers_parallel = {
	.name = "burgers-parallel",
	.summary = N_("up to eight cashier-cooks, customers wait at the "
	    "counter; --workers customers"),
	.models = N_("threads or processes, each blocking"),
	.uses = BIT(PARAM_WORKERS) | BIT(PARAM_UNIT_MS),
	MEASURES(BURGER_METRICS),
	.run = engine_burgers_parallel,
	.baseline = baseline_burgers,
};

static const struct scenario sc_cleaning = {
	.name = "cleaning",
	/* Processes, as the lesson and the model say: no GIL between them. */
	.summary = N_("--units CPU-bound rooms cleaned by --workers helper "
	    "processes (alone: --workers 1)"),
	.models = N_("multiprocessing.Pool.map over rooms"),
	.uses = BIT(PARAM_WORKERS) | BIT(PARAM_UNITS) | BIT(PARAM_UNIT_MS) |
	    BIT(PARAM_CORES),
	MEASURES(CLEANING_METRICS),
	.cpu_par = PAR_CORES,
	.io_par = PAR_WORKERS,
	.run = engine_cleaning,
	.baseline = baseline_cleaning,
};

static const struct scenario sc_deadlock = {
	.name = "deadlock",
	.summary = N_("--workers threads (2 to 8) each take two locks of a "
	    "ring in opposite orders and get stuck; --ordered takes them in "
	    "one order"),
	.models = N_("two threading.Lock taken in opposite order"),
	.uses = BIT(PARAM_WORKERS) | BIT(PARAM_UNIT_MS) | BIT(PARAM_CORES) |
	    BIT(PARAM_ORDERED),
	.traits = SCENARIO_LOCK_LANE,
	MEASURES(DEADLOCK_METRICS),
	.run = engine_deadlock,
	.baseline = baseline_none,
	.min_workers = 2,
	.max_workers = DEADLOCK_MAX_THREADS,
};

static const struct scenario sc_queue = {
	.name = "queue",
	.summary = N_("one producer puts --units items into a queue of "
	    "--capacity slots, --workers consumers take them out"),
	.models = N_("queue.Queue(maxsize=K) with put() and get()"),
	.uses = BIT(PARAM_WORKERS) | BIT(PARAM_UNITS) | BIT(PARAM_UNIT_MS) |
	    BIT(PARAM_CORES) | BIT(PARAM_CAPACITY),
	MEASURES(QUEUE_METRICS),
	.traits = SCENARIO_WAITS,
	.run = engine_queue,
	.baseline = baseline_none,
};

static const struct scenario sc_semaphore = {
	.name = "semaphore",
	.summary = N_("--workers threads share --units entries into a "
	    "section that lets --permits in at once"),
	.models = N_("with sem: on a threading.Semaphore(K)"),
	.uses = BIT(PARAM_WORKERS) | BIT(PARAM_UNITS) | BIT(PARAM_UNIT_MS) |
	    BIT(PARAM_CORES) | BIT(PARAM_PERMITS),
	MEASURES(SEMAPHORE_METRICS),
	.traits = SCENARIO_WAITS,
	.run = engine_semaphore,
	.baseline = baseline_none,
};

/* The registry, in the order `--help` lists it. */
static const struct scenario *const scenarios[] = {
	&sc_sequential,
	&sc_threads,
	&sc_gil,
	&sc_processes,
	&sc_coroutines,
	&sc_convoy,
	&sc_race,
	&sc_burgers_sequential,
	&sc_burgers_concurrent,
	&sc_burgers_parallel,
	&sc_cleaning,
	&sc_deadlock,
	&sc_queue,
	&sc_semaphore,
	NULL
};
#define NSCENARIOS (sizeof scenarios / sizeof scenarios[0] - 1)

const struct scenario *const *
scenario_all(void)
{
	return scenarios;
}

const struct scenario *
scenario_find(const char *name)
{
	for (size_t i = 0; i < NSCENARIOS; i++)
		if (strcmp(scenarios[i]->name, name) == 0)
			return scenarios[i];
	return NULL;
}

bool
scenario_uses(const struct scenario *sc, enum param_id id)
{
	return (sc->uses & BIT(id)) != 0;
}

const struct scenario_metric *
scenario_metric_find(const struct scenario *sc, const char *key)
{
	if (sc == NULL || sc->measures == NULL || key == NULL)
		return NULL;
	for (const struct scenario_metric *m = sc->measures; m->key != NULL;
	    m++)
		if (strcmp(m->key, key) == 0)
			return m;
	return NULL;
}

/* The figures every run has, beside the scenario's own. */
static const struct scenario_metric common_figures[] = {
	{ "speedup", N_("speedup"), METRIC_RATIO },
	{ "wall_ms", N_("wall time"), METRIC_MS },
	{ "cpu_ms", N_("cpu time"), METRIC_MS },
	{ "baseline_wall_ms", N_("sequential"), METRIC_MS },
	{ "lock_wait_p50_ms", N_("lock wait p50"), METRIC_MS },
	{ "lock_wait_p99_ms", N_("lock wait p99"), METRIC_MS },
	{ "holder_changes", N_("hand-offs"), METRIC_COUNT },
	{ NULL, NULL, METRIC_COUNT }
};

const struct scenario_metric *
scenario_figure_find(const struct scenario *sc, const char *key)
{
	const struct scenario_metric *m = scenario_metric_find(sc, key);

	for (int i = 0; m == NULL && key != NULL &&
	    common_figures[i].key != NULL; i++)
		if (strcmp(common_figures[i].key, key) == 0)
			m = &common_figures[i];
	return m;
}

void
scenario_metric_format(const struct scenario_metric *m, double value,
    char *buf, size_t len)
{
	char n[48];

	/* Numbers for people: the interface language's decimal separator. */
	if (m == NULL) {
		/* A figure no table describes: as many digits as it needs. */
		i18n_numg(buf, len, value, 6);
		return;
	}
	switch (m->unit) {
	case METRIC_COUNT:
		i18n_count(buf, len, value);
		break;
	case METRIC_MS:
		snprintf(buf, len, "%s ms", i18n_num(n, sizeof n, value, 2));
		break;
	case METRIC_PER_S:
		snprintf(buf, len, "%s/s", i18n_num(n, sizeof n, value, 1));
		break;
	case METRIC_RATIO:
		snprintf(buf, len, "%sx", i18n_num(n, sizeof n, value, 2));
		break;
	}
}

/* How many items of one kind run at once under `par`. */
static double
parallel(enum scenario_par par, const struct params *p, int cpus)
{
	switch (par) {
	case PAR_ONE:
	case PAR_NONE:
		break;
	case PAR_WORKERS:
		return p->workers;
	case PAR_CORES:
		if (p->cores > 0 && p->cores < cpus)
			cpus = p->cores;
		return p->workers < cpus ? p->workers : cpus;
	}
	return 1;
}

uint64_t
scenario_estimate_ns(const struct scenario *sc, const struct params *p,
    int cpus)
{
	double cpu_ms, io_ms, par_cpu, par_io, ms;

	if (sc->cpu_par == PAR_NONE || sc->io_par == PAR_NONE)
		return 0;
	work_split(p->work, p->unit_ms, &cpu_ms, &io_ms);
	par_cpu = parallel(sc->cpu_par, p, cpus);
	par_io = parallel(sc->io_par, p, cpus);
	if (par_cpu < 1)
		par_cpu = 1;
	if (par_io < 1)
		par_io = 1;
	/* A tenth of slack: no run goes quite as fast as the arithmetic. */
	ms = p->units * (cpu_ms / par_cpu + io_ms / par_io) * 1.1;
	return (uint64_t)(ms * 1e6);
}

double
scenario_speedup_ceiling(const struct scenario *sc, const struct params *p,
    int cpus, double *cpu_at_once)
{
	double cpu_ms, io_ms, par_cpu, par_io, units;
	struct params bp;

	if (cpu_at_once != NULL)
		*cpu_at_once = 1;
	if (sc == NULL || sc->cpu_par == PAR_NONE || sc->io_par == PAR_NONE ||
	    scenario_baseline(sc, p, &bp) == NULL)
		return 0;
	work_split(p->work, p->unit_ms, &cpu_ms, &io_ms);
	/* No more items run at once than there are items. */
	units = p->units > 0 ? p->units : 1;
	par_cpu = fmax(1, fmin(parallel(sc->cpu_par, p, cpus), units));
	par_io = fmax(1, fmin(parallel(sc->io_par, p, cpus), units));
	if (cpu_at_once != NULL && cpu_ms > 0)
		*cpu_at_once = par_cpu;
	if (cpu_ms + io_ms <= 0)
		return 0;
	return (cpu_ms + io_ms) / (cpu_ms / par_cpu + io_ms / par_io);
}

bool
scenario_figure_needs_parallel(const struct scenario *sc,
    const struct params *p, int cpus, const char *key)
{
	double at_once;

	/* One worker, or one CPU allowed, never runs two at once. */
	if (sc == NULL || key == NULL || p->workers < 2 || p->cores == 1)
		return false;
	for (const char *const *f = sc->parallel_figures; f != NULL &&
	    *f != NULL; f++)
		if (strcmp(*f, key) == 0)
			return true;
	return strcmp(key, "speedup") == 0 &&
	    scenario_speedup_ceiling(sc, p, cpus, &at_once) > 0 && at_once > 1;
}

const struct scenario *
scenario_baseline(const struct scenario *sc, const struct params *p,
    struct params *bp)
{
	*bp = *p;
	if (sc->baseline != NULL && sc->baseline(bp) != 0)
		return NULL;
	return &sc_sequential;
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
		names[i] = scenarios[i]->name;
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
