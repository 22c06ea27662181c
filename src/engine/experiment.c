/*
 * experiment.c - baseline, run, figures.
 */
#include <string.h>

#include "engine/experiment.h"
#include "engine/runner.h"
#include "util.h"

/*
 * How often the reader drains rings while a run is in progress: every
 * POLL_NS, and a POLL_NS more for every POLL_LANES lanes, since a poll
 * looks at every lane and thousands of coroutine tasks (each recording
 * a few events) would otherwise have the reader compete with the loop.
 */
#define POLL_NS 2000000
#define POLL_LANES 512

int
experiment_baseline(const struct scenario *sc, const struct params *p,
    uint64_t *wall_ns, char **cause)
{
	const struct scenario *seq = scenario_find("sequential");
	struct params bp = *p;
	struct result r;
	struct trace *t;
	int rc;

	if (sc->baseline != NULL && sc->baseline(&bp) != 0)
		return 0;
	if ((t = trace_new(1024, cause)) == NULL)
		return -1;
	memset(&r, 0, sizeof r);
	/* The baseline records too, so it pays what the scenario pays. */
	rc = seq->run(&bp, t, &r, cause);
	trace_free(t);
	if (rc != 0)
		return -1;
	*wall_ns = r.end_ns - r.start_ns;
	return 1;
}

int
experiment_run(struct experiment *ex, const struct scenario *sc,
    const struct params *p, const _Atomic int *stop, char **cause)
{
	struct runner rn;
	int rc;

	memset(ex, 0, sizeof *ex);
	ex->scenario = sc;
	ex->params = *p;
	if (p->baseline) {
		rc = experiment_baseline(sc, p, &ex->baseline_wall_ns, cause);
		if (rc < 0)
			return -1;
		ex->has_baseline = rc == 1;
	}
	if ((ex->trace = trace_new(EXPERIMENT_RING_EVENTS, cause)) == NULL)
		return -1;
	log_init(&ex->log, ex->trace);
	if (runner_start(&rn, sc, p, ex->trace, cause) != 0)
		return -1;
	while (!runner_done(&rn)) {
		if (stop != NULL && atomic_load(stop) &&
		    !trace_stopping(ex->trace)) {
			runner_stop(&rn);
			ex->interrupted = 1;
		}
		log_poll(&ex->log);
		clock_sleep_ns(POLL_NS * (1 + (uint64_t)trace_nlanes(ex->trace) /
		    POLL_LANES));
	}
	rc = runner_join(&rn);
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
