/*
 * report.c - the JSON object and the text summary of one experiment.
 *
 * The JSON keys are a contract: scripts and tests read them. The text is
 * for people, and says what each of the scenario's own figures means.
 */
#include <math.h>
#include <stdlib.h>

#include "i18n.h"
#include "report.h"
#include "trace/export.h"
#include "util.h"

/* Prints a number JSON can hold (never nan or inf). */
static void
num(FILE *f, double v)
{
	if (!isfinite(v))
		v = 0;
	fprintf(f, "%.3f", v);
}

void
report_json(FILE *f, const struct experiment *ex)
{
	const struct params *p = &ex->params;
	const struct trace *t = ex->trace;

	fputs("{\"scenario\":", f);
	json_string(f, ex->scenario->name);
	fprintf(f, ",\"params\":{\"workers\":%d,\"work\":\"%s\",\"units\":%d,"
	    "\"unit_ms\":", p->workers, work_kind_name(p->work), p->units);
	num(f, p->unit_ms);
	fputs(",\"switch_interval_ms\":", f);
	num(f, p->switch_interval_ms);
	fprintf(f, ",\"old_gil\":%s,\"cores\":%d,\"seed\":%llu,"
	    "\"baseline\":%s}", p->old_gil ? "true" : "false", p->cores,
	    (unsigned long long)p->seed, p->baseline ? "true" : "false");
	fputs(",\"wall_ms\":", f);
	num(f, (double)ex->wall_ns / 1e6);
	fputs(",\"cpu_ms\":", f);
	num(f, (double)ex->cpu_ns / 1e6);
	fputs(",\"baseline_wall_ms\":", f);
	if (ex->has_baseline)
		num(f, (double)ex->baseline_wall_ns / 1e6);
	else
		fputs("null", f);
	fputs(",\"speedup\":", f);
	if (ex->has_baseline)
		num(f, ex->speedup);
	else
		fputs("null", f);
	fputs(",\"cores_free\":", f);
	if (ex->has_capacity && ex->cores_free >= 0)
		fprintf(f, "%.2f", ex->cores_free);
	else
		fputs("null", f);
	fprintf(f, ",\"interrupted\":%s", ex->interrupted ? "true" : "false");
	fputs(",\"workers\":[", f);
	for (int i = 0; i < ex->log.nlanes; i++) {
		const struct trace_lane *l = &t->lanes[i];
		const struct lane_stats *s = &ex->lanes[i];

		fputs(i ? ",{\"name\":" : "{\"name\":", f);
		json_string(f, l->name);
		fprintf(f, ",\"kind\":\"%s\",\"pid\":%d,\"tid\":%d,\"run_ms\":",
		    trace_kind_name(l->kind),
		    atomic_load(&((struct trace_lane *)l)->pid),
		    atomic_load(&((struct trace_lane *)l)->tid));
		num(f, (double)s->state_ns[TRACE_RUN] / 1e6);
		fputs(",\"wait_ms\":", f);
		num(f, (double)s->state_ns[TRACE_LOCK_WAIT] / 1e6);
		fputs(",\"io_ms\":", f);
		num(f, (double)s->state_ns[TRACE_IO] / 1e6);
		fputs(",\"ready_ms\":", f);
		num(f, (double)s->state_ns[TRACE_READY] / 1e6);
		fputs(",\"idle_ms\":", f);
		num(f, (double)s->state_ns[TRACE_IDLE] / 1e6);
		fputs(",\"cpu_ms\":", f);
		num(f, (double)atomic_load(&((struct trace_lane *)l)->cpu_ns) /
		    1e6);
		fprintf(f, ",\"switches\":%llu,\"cpus\":[",
		    (unsigned long long)s->switches);
		for (int c = 0; c < s->ncpus; c++)
			fprintf(f, c ? ",%d" : "%d", s->cpus[c]);
		fputs("],\"wait_p50_ms\":", f);
		num(f, s->wait_p50_ms);
		fputs(",\"wait_p99_ms\":", f);
		num(f, s->wait_p99_ms);
		fprintf(f, ",\"events\":%llu}",
		    (unsigned long long)ex->log.lanes[i].events);
	}
	fputs("],\"lock\":", f);
	if (ex->has_lock) {
		fprintf(f, "{\"holds\":%llu,\"holder_changes\":%llu,"
		    "\"overlaps\":%llu,\"wait_p50_ms\":",
		    (unsigned long long)ex->lock.holds,
		    (unsigned long long)ex->lock.holder_changes,
		    (unsigned long long)ex->lock.overlaps);
		num(f, ex->lock.wait_p50_ms);
		fputs(",\"wait_p99_ms\":", f);
		num(f, ex->lock.wait_p99_ms);
		fputs("}", f);
	} else
		fputs("null", f);
	fputs(",\"metrics\":{", f);
	for (int i = 0; i < ex->result.nmetrics; i++) {
		if (i)
			fputc(',', f);
		json_string(f, ex->result.metrics[i].key);
		fputc(':', f);
		num(f, ex->result.metrics[i].value);
	}
	fprintf(f, "},\"events\":%llu,\"dropped_events\":%llu,"
	    "\"disordered_events\":%d}\n", (unsigned long long)ex->log.events,
	    (unsigned long long)ex->dropped, ex->log.disorder);
}

void
report_text(FILE *f, const struct experiment *ex, int width)
{
	const struct params *p = &ex->params;

	fprintf(f, "%s: %s\n", ex->scenario->name, _(ex->scenario->summary));
	fprintf(f, "models: %s\n", _(ex->scenario->models));
	fprintf(f, "workers %d", p->workers);
	if (ex->scenario->uses & (1u << PARAM_WORK))
		fprintf(f, ", work %s", work_kind_name(p->work));
	switch (ex->scenario->uses & ((1u << PARAM_UNITS) |
	    (1u << PARAM_UNIT_MS))) {
	case (1u << PARAM_UNITS) | (1u << PARAM_UNIT_MS):
		fprintf(f, ", %d units of %g ms", p->units, p->unit_ms);
		break;
	case 1u << PARAM_UNITS:
		fprintf(f, ", %d units", p->units);
		break;
	case 1u << PARAM_UNIT_MS:
		fprintf(f, ", %g ms per item", p->unit_ms);
		break;
	}
	if (ex->scenario->traits & SCENARIO_GIL_LANE)
		fprintf(f, ", switch interval %g ms%s", p->switch_interval_ms,
		    p->old_gil ? " (old GIL)" : "");
	if (p->cores > 0)
		fprintf(f, ", %d core%s", p->cores, p->cores > 1 ? "s" : "");
	fputs(ex->interrupted ? "  [interrupted]\n\n" : "\n\n", f);

	export_text(f, &ex->log, width);
	fputc('\n', f);
	fprintf(f, "wall time   %10.1f ms\n", (double)ex->wall_ns / 1e6);
	fprintf(f, "cpu time    %10.1f ms\n", (double)ex->cpu_ns / 1e6);
	if (ex->has_baseline) {
		fprintf(f, "sequential  %10.1f ms  (same work, one thread)\n",
		    (double)ex->baseline_wall_ns / 1e6);
		fprintf(f, "speedup     %10.2fx\n", ex->speedup);
	}
	if (ex->has_capacity && ex->cores_free >= 0)
		fprintf(f, "cores free  %10.2f   of %d, measured during the run\n",
		    ex->cores_free, ex->cpus);
	fputc('\n', f);
	fprintf(f, "%-16s %9s %9s %9s %9s %8s %9s  %s\n", "worker", "run ms",
	    "wait ms", "io ms", "ready ms", "switches", "wait p50", "cpus");
	for (int i = 0; i < ex->log.nlanes; i++) {
		const struct lane_stats *s = &ex->lanes[i];
		char cpus[64] = "", *name;
		size_t n = 0;

		for (int c = 0; c < s->ncpus && n + 8 < sizeof cpus; c++)
			n += (size_t)snprintf(cpus + n, sizeof cpus - n,
			    c ? ",%d" : "%d", s->cpus[c]);
		name = util_safe_str(ex->trace->lanes[i].name);
		fprintf(f, "%-16s %9.1f %9.1f %9.1f %9.1f %8llu %9.2f  %s\n",
		    name,
		    (double)s->state_ns[TRACE_RUN] / 1e6,
		    (double)s->state_ns[TRACE_LOCK_WAIT] / 1e6,
		    (double)s->state_ns[TRACE_IO] / 1e6,
		    (double)s->state_ns[TRACE_READY] / 1e6,
		    (unsigned long long)s->switches, s->wait_p50_ms, cpus);
		free(name);
	}
	if (ex->has_lock)
		fprintf(f, "\nlock: %llu holds, %llu hand-offs, wait p50 %.2f ms, "
		    "p99 %.2f ms\n", (unsigned long long)ex->lock.holds,
		    (unsigned long long)ex->lock.holder_changes,
		    ex->lock.wait_p50_ms, ex->lock.wait_p99_ms);
	if (ex->result.nmetrics > 0)
		fputc('\n', f);
	for (int i = 0; i < ex->result.nmetrics; i++) {
		const struct metric *mt = &ex->result.metrics[i];
		const struct scenario_metric *m;
		char value[32];

		/* The key as in JSON and lessons, the figure, its label. */
		m = scenario_metric_find(ex->scenario, mt->key);
		scenario_metric_format(m, mt->value, value, sizeof value);
		fprintf(f, "%-22s %12s  %s\n", mt->key, value,
		    m != NULL ? _(m->label) : "");
	}
	fprintf(f, "\nevents %llu, dropped %llu\n",
	    (unsigned long long)ex->log.events,
	    (unsigned long long)ex->dropped);
}
