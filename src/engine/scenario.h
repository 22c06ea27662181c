/*
 * scenario.h - the one registry of experiments timeslice can run, and the
 * bounded parameters they take.
 *
 * Everything that starts an experiment goes through here: `timeslice run`,
 * the live timeline, and the lessons (which may name only these scenarios
 * and only these parameters, each within its bounds). A scenario runs its
 * workers to completion on the calling thread's behalf, recording into a
 * trace that the caller created and may be reading concurrently, and fills
 * a result with what only the scenario knows (counters, lost updates...).
 * Timing statistics are derived from the trace by stats.h, not here.
 */
#ifndef TIMESLICE_ENGINE_SCENARIO_H
#define TIMESLICE_ENGINE_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/params.h"
#include "engine/result.h"
#include "trace/trace.h"

/* Identifies a parameter in the bounds table. */
enum param_id {
	PARAM_WORKERS = 0,
	PARAM_WORK,
	PARAM_UNITS,
	PARAM_UNIT_MS,
	PARAM_SWITCH_INTERVAL,
	PARAM_OLD_GIL,
	PARAM_CORES,
	PARAM_SEED,
	PARAM_ORDERED,
	PARAM_CAPACITY,
	PARAM_PERMITS,
	PARAM_START,
	PARAM_COUNT
};

/* A parameter's name (as in `--name` and in lessons) and its bounds. */
struct param_spec {
	enum param_id	 id;
	const char	*name;		/* "workers", "unit-ms", ... */
	const char	*kind;		/* "int", "ms", "flag", "enum", "u64" */
	double		 min, max;	/* inclusive bounds for numbers */
	const char	*help;
};

/* How a scenario's figure reads: what scenario_metric_format prints. */
enum metric_unit {
	METRIC_COUNT = 0,	/* a whole number of things: 12 */
	METRIC_MS,		/* a time in milliseconds: 5.20 ms */
	METRIC_PER_S,		/* a rate: 812.4/s */
	METRIC_RATIO,		/* a ratio: 1.02x */
};

/* One figure a scenario measures beside the trace. */
struct scenario_metric {
	const char	*key;		/* JSON and lessons: English snake_case */
	const char	*label;		/* for people, N_()-marked: show _(label) */
	enum metric_unit unit;
};

/* Scenario traits: what the pictures, reports and grades of a scenario show. */
#define SCENARIO_GIL_LANE	0x1	/* a GIL: its holder lane, a switch
					   interval, the old GIL */
#define SCENARIO_LOCK_LANE	0x2	/* workers take a lock: a holder lane */
#define SCENARIO_WAITS		0x4	/* workers only wait (for a slot, an
					   item, a permit): a busy machine
					   does not stretch their times */

/*
 * How many items run at once, for estimating how long a run takes: the
 * live view holds its scale still when it knows (PAR_NONE: it does not,
 * and fits the picture as the run grows).
 */
enum scenario_par {
	PAR_NONE = 0,
	PAR_ONE,		/* one at a time */
	PAR_WORKERS,		/* --workers at once */
	PAR_CORES,		/* --workers at once, one per CPU allowed */
};

/*
 * One row of the registry: everything the rest of timeslice needs to know
 * about a scenario, so that no code outside the engines asks for one by
 * name. Strings for people are N_()-marked; show them through _().
 */
struct scenario {
	const char	*name;		/* "gil", "burgers-concurrent", ... */
	const char	*summary;	/* one line, N_() */
	const char	*models;	/* the Python construct it stands for, N_() */
	unsigned	 uses;		/* bit (1u << enum param_id) per knob read */
	unsigned	 traits;	/* SCENARIO_* */
	/* What the scenario reports in its result, key NULL at the end. */
	const struct scenario_metric *measures;
	/* CPU and I/O parts of the work items: how many run at once. */
	enum scenario_par cpu_par, io_par;
	/* The same experiment with the GIL switched (gil <-> threads). */
	const struct scenario *gil_twin;
	/*
	 * Runs the experiment: adds its lanes to `t`, runs every worker to
	 * completion (or until trace_stopping), joins or reaps them all.
	 * Returns 0, or -1 with *cause set (allocated) on failure.
	 */
	int		(*run)(const struct params *, struct trace *t,
			    struct result *, char **cause);
	/*
	 * Adjusts `p` into the sequential run that does the same total work
	 * (NULL: the same parameters). Returns -1 when no sequential run
	 * makes sense for this scenario, and speedup is then reported null.
	 */
	int		(*baseline)(struct params *p);
	/* --workers bounds for this scenario (0: 1 and SCENARIO_MAX_WORKERS). */
	int		 min_workers, max_workers;
	/*
	 * Figures whose effect shows only while two workers run at once
	 * (lost updates need two increments interleaved on two cores): on
	 * a machine that could not give them two cores they read lower than
	 * on a quiet one. NULL-terminated; NULL for none.
	 */
	const char *const *parallel_figures;
};

/* Workers a scenario takes unless its row says otherwise: real threads or
 * processes, all running at once. Coroutine tasks are cheaper. */
#define SCENARIO_MAX_WORKERS 64
#define SCENARIO_MAX_TASKS 10000

/* Fills `p` with the defaults of every parameter. */
void			 params_defaults(struct params *p);

/* The table of parameters, PARAM_COUNT entries in enum order. */
const struct param_spec	*params_specs(void);

/* The spec whose name is `name` (without dashes prefix), or NULL. */
const struct param_spec	*params_find(const char *name);

/*
 * Whether `a` and `b` agree on knob `id`, times (unit-ms, switch
 * interval) within `tol_ms`: 0 asks for the very same double.
 */
bool			 params_knob_same(const struct params *a,
			    const struct params *b, enum param_id id,
			    double tol_ms);

/*
 * Whether `a` and `b` agree on every knob of the table (whether to run
 * a baseline too is no knob, and not compared).
 */
bool			 params_same(const struct params *a,
			    const struct params *b, double tol_ms);

/*
 * Parses `value` for parameter `spec` into `p`. Returns 0, or -1 with a
 * one-line message in *cause (allocated) that names the allowed range.
 */
int			 params_set(struct params *p,
			    const struct param_spec *spec, const char *value,
			    char **cause);

/*
 * As params_set, but --workers is bounded by the scenario's own limits
 * rather than the table's (which lessons use). A count too large for
 * real threads says why and points to coroutines.
 */
int			 scenario_params_set(const struct scenario *,
			    struct params *, const struct param_spec *,
			    const char *value, char **cause);

/*
 * Checks what depends on the scenario (its --workers bounds), for runs
 * whose parameters were set elsewhere. Returns 0, or -1 with a one-line
 * message in *cause (allocated) saying the allowed range.
 */
int			 scenario_check(const struct scenario *,
			    const struct params *, char **cause);

/* Parses "cpu", "io" or "mixed". Returns -1 on anything else. */
int			 work_kind_parse(const char *, enum work_kind *);
const char		*work_kind_name(enum work_kind);
int			 start_method_parse(const char *, enum start_method *);
const char		*start_method_name(enum start_method);

/* Every scenario, NULL-terminated, in the order `--help` lists them. */
const struct scenario	*const *scenario_all(void);

/* The scenario called `name`, or NULL. */
const struct scenario	*scenario_find(const char *name);

/* Whether `sc` reads parameter `id` (and so whether changing it matters). */
bool			 scenario_uses(const struct scenario *sc,
			    enum param_id id);

/* The row of `measures` whose key is `key`, or NULL if `sc` has none. */
const struct scenario_metric *scenario_metric_find(const struct scenario *,
			    const char *key);

/*
 * The row that describes figure `key` of a run of `sc`: one of the
 * scenario's own, or one every run has (speedup, wall_ms, cpu_ms,
 * baseline_wall_ms, lock_wait_p50_ms, lock_wait_p99_ms, holder_changes).
 * NULL for a key nothing describes. For a prediction's feedback: show
 * _(label) and scenario_metric_format's value, never the key.
 */
const struct scenario_metric *scenario_figure_find(const struct scenario *,
			    const char *key);

/*
 * Formats `value` as metric `m` reads ("12", "5.20 ms", "812.4/s",
 * "1.02x") with the interface language's decimal separator; with m NULL
 * (a figure no table describes) in as few digits as it needs.
 */
void			 scenario_metric_format(const struct scenario_metric *m,
			    double value, char *buf, size_t len);

/*
 * How long a run of `sc` with `p` should take on `cpus` CPUs, in ns, or
 * 0 when the scenario cannot say (see enum scenario_par).
 */
uint64_t		 scenario_estimate_ns(const struct scenario *,
			    const struct params *p, int cpus);

/*
 * The most a run of `sc` with `p` on `cpus` CPUs can ever speed up over
 * its sequential baseline, whatever the load: the work items' CPU and I/O
 * parts each divided by how many of them can run at once (cpu_par,
 * io_par). About 1 for CPU work under the GIL or on one event loop,
 * min(workers, cores allowed, CPUs, units) for CPU work without a shared
 * lock, the overlapping waits for I/O. 0 when the row cannot say (a
 * scenario without sequential counterpart, or PAR_NONE). *cpu_at_once,
 * if not NULL, gets how many CPU parts can run at once: above 1, the
 * speedup needs cores running in parallel to show.
 */
double			 scenario_speedup_ceiling(const struct scenario *,
			    const struct params *p, int cpus,
			    double *cpu_at_once);

/*
 * Whether figure `key` of `sc` shows its effect only when two workers run
 * at once: the scenario's parallel_figures, and the speedup when its CPU
 * parts can run in parallel.
 */
bool			 scenario_figure_needs_parallel(
			    const struct scenario *, const struct params *p,
			    int cpus, const char *key);

/*
 * The sequential run that does the same work as `sc` with `p`: fills *bp
 * with its parameters and returns the scenario to run, or NULL when `sc`
 * has no sequential counterpart (speedup is then unknown).
 */
const struct scenario	*scenario_baseline(const struct scenario *sc,
			    const struct params *p, struct params *bp);

/*
 * The registered name closest to `name` (for "did you mean"), or NULL when
 * nothing is close. Shared with the lesson checker for parameters too.
 */
const char		*scenario_suggest(const char *name);
const char		*params_suggest(const char *name);

#endif
