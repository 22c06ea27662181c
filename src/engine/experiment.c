/*
 * experiment.c - baseline, run, figures, and series of repeated runs.
 *
 * The baseline and the run each run on a runner thread while this thread
 * waits (or drains the trace), so a stop request ends either promptly;
 * each is wrapped in a capacity window over the CPUs it may use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/capacity.h"
#include "engine/experiment.h"
#include "engine/runner.h"
#include "engine/work.h"
#include "util.h"

/*
 * How often the reader drains rings while a run is in progress: as
 * seldom as the rings allow, since every wake-up of the reader is one
 * the program being modelled does not have. Each of them takes a CPU
 * from a worker for a moment, and the worker, put back, starts a fresh
 * time slice: drained every 2 ms, the convoy beside three CPU threads
 * kept its I/O thread winning hand-offs that CPython's loses when a core
 * is busy (docs/FIDELITY.md). So the reader sleeps until the rings, at
 * the rate they filled since its last look, would be a quarter full,
 * between POLL_MIN_NS and POLL_MAX_NS, and wakes at once when the run
 * ends. A POLL_MIN_NS more for every POLL_LANES lanes: a poll looks at
 * every lane, and thousands of coroutine tasks would otherwise have the
 * reader compete with the loop.
 */
#define POLL_MIN_NS 2000000u
#define POLL_MAX_NS 50000000u
#define POLL_LANES 512

/* What one baseline run measured. */
struct baseline {
	uint64_t	wall_ns;
	double		cores_free;
	double		cpu_share;
};

/* The share of one core work of `kind` keeps busy when alone. */
static double
kind_cpu_share(enum work_kind kind)
{
	switch (kind) {
	case WORK_CPU:
		return 1;
	case WORK_MIXED:
		return 0.5;
	default:
		return 0;
	}
}

/* What the work asks for, or what it was seen to use if more. */
double
experiment_baseline_share(const struct params *bp, uint64_t cpu_ns,
    uint64_t wall_ns)
{
	double share = kind_cpu_share(bp->work);
	double measured = wall_ns > 0 ? (double)cpu_ns / (double)wall_ns : 0;

	if (measured > share)
		share = measured > 1 ? 1 : measured;
	return share;
}

/*
 * Runs the sequential baseline for `sc` with `p` on a runner thread,
 * inside a capacity window. Returns 1 if done, 0 if the scenario has no
 * baseline or `stop` ended it early, -1 with *cause on failure.
 */
static int
baseline_measure(const struct scenario *sc, const struct params *p,
    const _Atomic int *stop, struct baseline *b, char **cause)
{
	const struct scenario *seq = scenario_find("sequential");
	struct params bp = *p;
	struct capacity cap;
	struct runner rn;
	struct trace *t;
	int rc, stopped = 0;

	if (sc->baseline != NULL && sc->baseline(&bp) != 0)
		return 0;
	if ((t = trace_new(1024, cause)) == NULL)
		return -1;
	/* The baseline records too, so it pays what the scenario pays. */
	capacity_begin(&cap, bp.cores);
	/* Measured on the CPUs the run was given (work_pick_cpus). */
	work_picked_cpus(bp.cores, &cap.set);
	if (runner_start(&rn, seq, &bp, t, cause) != 0) {
		trace_free(t);
		return -1;
	}
	while (!runner_done(&rn)) {
		if (stop != NULL && atomic_load(stop) && !stopped) {
			runner_stop(&rn);
			stopped = 1;
		}
		runner_wait(&rn, POLL_MAX_NS);
	}
	rc = runner_join(&rn);
	b->cores_free = capacity_end(&cap, trace_cpu_ns(t));
	b->wall_ns = rn.result.end_ns - rn.result.start_ns;
	b->cpu_share = experiment_baseline_share(&bp, trace_cpu_ns(t),
	    b->wall_ns);
	trace_free(t);
	if (rc != 0) {
		*cause = rn.cause;
		return -1;
	}
	return stopped || (stop != NULL && atomic_load(stop)) ? 0 : 1;
}

/*
 * The ring size for a run of `p`: EXPERIMENT_RING_EVENTS up to 8 workers,
 * less beyond so that every ring together stays near 32 MiB. A reader
 * starved by many busy workers (64 under the old GIL) lets rings fill, and
 * a full ring is all resident: 64 x 4 MiB without this.
 */
static uint32_t
experiment_ring_events(const struct params *p)
{
	uint32_t n = EXPERIMENT_RING_EVENTS;

	for (int w = 8; w < p->workers && n > 4096; w *= 2)
		n /= 2;
	return n;
}

/*
 * The reader's next sleep, after a poll that drained `got` events (of
 * every lane together, so never fewer than the fullest lane's) in the
 * `nap` it slept before: long enough for the rings, at that rate, to
 * fill a quarter of `ring` events, and no more than twice `nap`, within
 * the bounds above.
 */
uint64_t
experiment_poll_nap(uint64_t nap, size_t got, uint32_t ring, int nlanes)
{
	uint64_t lo = POLL_MIN_NS * (1 + (uint64_t)(nlanes > 0 ? nlanes : 0) /
	    POLL_LANES), next;

	/* At most twice the last: a run may speed up. */
	next = 2 * nap;
	if (got > 0) {
		double quarter = (double)nap * (ring / 4) / (double)got;

		if (quarter < (double)next)
			next = (uint64_t)quarter;
	}
	if (next > POLL_MAX_NS)
		next = POLL_MAX_NS;
	return next < lo ? lo : next;
}

int
experiment_run(struct experiment *ex, const struct scenario *sc,
    const struct params *p, const _Atomic int *stop, char **cause)
{
	struct capacity cap;
	struct runner rn;
	uint32_t ring = experiment_ring_events(p);
	uint64_t nap = POLL_MIN_NS;
	int rc;

	memset(ex, 0, sizeof *ex);
	ex->scenario = sc;
	ex->params = *p;
	ex->has_capacity = true;
	ex->cores_free = ex->baseline_cores_free = -1;
	/* A run limited to n cores gets the n least busy, baseline too. */
	work_pick_cpus(p->cores);
	if (p->baseline) {
		struct baseline b;

		rc = baseline_measure(sc, p, stop, &b, cause);
		if (rc < 0)
			return -1;
		ex->has_baseline = rc == 1;
		if (rc == 1) {
			ex->baseline_wall_ns = b.wall_ns;
			ex->baseline_cores_free = b.cores_free;
			ex->baseline_cpu_share = b.cpu_share;
		}
	}
	if ((ex->trace = trace_new(ring, cause)) == NULL)
		return -1;
	log_init(&ex->log, ex->trace);
	capacity_begin(&cap, p->cores);
	work_picked_cpus(p->cores, &cap.set);
	ex->cpus = cap.ncpus;
	if (runner_start(&rn, sc, p, ex->trace, cause) != 0)
		return -1;
	while (!runner_done(&rn)) {
		if (stop != NULL && atomic_load(stop) &&
		    !trace_stopping(ex->trace)) {
			runner_stop(&rn);
			ex->interrupted = 1;
		}
		nap = experiment_poll_nap(nap, log_poll(&ex->log), ring,
		    trace_nlanes(ex->trace));
		runner_wait(&rn, nap);
		ex->polls++;
	}
	rc = runner_join(&rn);
	ex->cores_free = capacity_end(&cap, trace_cpu_ns(ex->trace));
	ex->result = rn.result;
	if (stop != NULL && atomic_load(stop))
		ex->interrupted = 1;
	if (rc != 0) {
		*cause = rn.cause;
		return -1;
	}
	experiment_finish(ex);
	return 0;
}

/* How many distinct OS threads and processes recorded into the lanes. */
static int
count_threads(struct trace *t, int nlanes)
{
	int n = 0;

	for (int i = 0; i < nlanes; i++) {
		int pid = atomic_load(&t->lanes[i].pid);
		int tid = atomic_load(&t->lanes[i].tid), seen = 0;

		if (tid == 0)
			continue;
		for (int j = 0; j < i && !seen; j++)
			seen = atomic_load(&t->lanes[j].tid) == tid &&
			    atomic_load(&t->lanes[j].pid) == pid;
		n += !seen;
	}
	return n;
}

void
experiment_finish(struct experiment *ex)
{
	struct log *lg = &ex->log;
	uint64_t end;

	log_poll(lg);
	end = ex->result.end_ns > log_last_ns(lg) ? ex->result.end_ns :
	    log_last_ns(lg);
	log_close(lg, end);
	ex->wall_ns = ex->result.end_ns - ex->result.start_ns;
	ex->cpu_ns = 0;
	for (int i = 0; i < lg->nlanes; i++) {
		ex->cpu_ns += atomic_load(&ex->trace->lanes[i].cpu_ns);
		stats_lane(lg, i, end, &ex->lanes[i]);
	}
	stats_lock(lg, &ex->lock);
	ex->has_lock = ex->lock.holds > 0;
	ex->has_deadlock = waitfor_find(lg, &ex->deadlock) == 1;
	ex->dropped = trace_dropped(ex->trace);
	ex->speedup = ex->has_baseline && ex->wall_ns > 0 ?
	    (double)ex->baseline_wall_ns / (double)ex->wall_ns : 0;
	ex->threads = count_threads(ex->trace, lg->nlanes);
}

void
experiment_release(struct experiment *ex)
{
	log_release(&ex->log);
	trace_free(ex->trace);
	ex->trace = NULL;
}

int
experiment_value(const struct experiment *ex, const char *name, double *out)
{
	if (strcmp(name, "speedup") == 0 && ex->has_baseline)
		*out = ex->speedup;
	else if (strcmp(name, "wall_ms") == 0)
		*out = (double)ex->wall_ns / 1e6;
	else if (strcmp(name, "cpu_ms") == 0)
		*out = (double)ex->cpu_ns / 1e6;
	else if (strcmp(name, "baseline_wall_ms") == 0 && ex->has_baseline)
		*out = (double)ex->baseline_wall_ns / 1e6;
	else if (strcmp(name, "lock_wait_p50_ms") == 0 && ex->has_lock)
		*out = ex->lock.wait_p50_ms;
	else if (strcmp(name, "lock_wait_p99_ms") == 0 && ex->has_lock)
		*out = ex->lock.wait_p99_ms;
	else if (strcmp(name, "holder_changes") == 0 && ex->has_lock)
		*out = (double)ex->lock.holder_changes;
	else if (strcmp(name, "cores_free") == 0 && ex->has_capacity &&
	    ex->cores_free >= 0)
		*out = ex->cores_free;
	else if (strcmp(name, "baseline_cores_free") == 0 && ex->has_capacity &&
	    ex->has_baseline && ex->baseline_cores_free >= 0)
		*out = ex->baseline_cores_free;
	else if (strcmp(name, "baseline_cpu_share") == 0 && ex->has_capacity &&
	    ex->has_baseline)
		*out = ex->baseline_cpu_share;
	else {
		for (int i = 0; i < ex->result.nmetrics; i++)
			if (strcmp(ex->result.metrics[i].key, name) == 0) {
				*out = ex->result.metrics[i].value;
				return 0;
			}
		return -1;
	}
	return 0;
}

/* The figures every run may have, besides the scenario's own metrics. */
static const char *const common_figures[] = {
	"speedup", "wall_ms", "cpu_ms", "baseline_wall_ms",
	"lock_wait_p50_ms", "lock_wait_p99_ms", "holder_changes",
	"cores_free", "baseline_cores_free", "baseline_cpu_share", NULL
};

void
experiment_series_init(struct experiment_series *s,
    const struct scenario *sc, const struct params *p)
{
	memset(s, 0, sizeof *s);
	s->scenario = sc;
	if (p != NULL)
		s->params = *p;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void
experiment_series_put(struct experiment_series *s, const char *name,
    double v)
{
	struct experiment_figure *f = NULL;
	double sorted[EXPERIMENT_MAX_RUNS];

	for (int i = 0; i < s->nfigures && f == NULL; i++)
		if (strcmp(s->figures[i].name, name) == 0)
			f = &s->figures[i];
	if (f == NULL) {
		if (s->nfigures == EXPERIMENT_MAX_FIGURES)
			return;
		f = &s->figures[s->nfigures++];
		memset(f, 0, sizeof *f);
		snprintf(f->name, sizeof f->name, "%s", name);
	}
	if (f->n == EXPERIMENT_MAX_RUNS)
		return;
	f->v[f->n++] = v;
	memcpy(sorted, f->v, (size_t)f->n * sizeof *sorted);
	qsort(sorted, (size_t)f->n, sizeof *sorted, cmp_double);
	f->min = sorted[0];
	f->max = sorted[f->n - 1];
	f->median = f->n % 2 ? sorted[f->n / 2] :
	    (sorted[f->n / 2 - 1] + sorted[f->n / 2]) / 2;
}

void
experiment_series_add(struct experiment_series *s,
    const struct experiment *ex)
{
	double v;

	if (s->runs == EXPERIMENT_MAX_RUNS)
		return;
	s->runs++;
	s->cpus = ex->cpus;
	if (ex->threads > s->threads)
		s->threads = ex->threads;
	for (int i = 0; common_figures[i] != NULL; i++)
		if (experiment_value(ex, common_figures[i], &v) == 0)
			experiment_series_put(s, common_figures[i], v);
	for (int i = 0; i < ex->result.nmetrics; i++)
		experiment_series_put(s, ex->result.metrics[i].key,
		    ex->result.metrics[i].value);
}

int
experiment_series_run(struct experiment_series *s,
    const struct scenario *sc, const struct params *p, int runs,
    const _Atomic int *stop, char **cause)
{
	experiment_series_init(s, sc, p);
	if (runs < 1)
		runs = 1;
	if (runs > EXPERIMENT_MAX_RUNS)
		runs = EXPERIMENT_MAX_RUNS;
	for (int r = 0; r < runs; r++) {
		struct experiment ex;

		if (experiment_run(&ex, sc, p, stop, cause) != 0) {
			experiment_release(&ex);
			return -1;
		}
		if (ex.interrupted) {
			s->interrupted = 1;
			experiment_release(&ex);
			break;
		}
		experiment_series_add(s, &ex);
		experiment_release(&ex);
	}
	return 0;
}

const struct experiment_figure *
experiment_series_figure(const struct experiment_series *s,
    const char *name)
{
	for (int i = 0; i < s->nfigures; i++)
		if (strcmp(s->figures[i].name, name) == 0 &&
		    s->figures[i].n > 0)
			return &s->figures[i];
	return NULL;
}
