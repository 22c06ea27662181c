/*
 * export_json.c - the pieces of `timeslice run --format json` that a
 * traced program's report shares with it: the workers array and the lock
 * object, so both say the same keys the same way.
 */
#include <math.h>
#include <stdatomic.h>

#include "trace/export.h"
#include "trace/stats.h"

void
json_number(FILE *f, double v)
{
	if (!isfinite(v))
		v = 0;
	fprintf(f, "%.3f", v);
}

void
json_figure(FILE *f, double v)
{
	if (v != v || v > 1e300 || v < -1e300)
		fputs("null", f);
	else
		fprintf(f, "%.4g", v);
}

/* Nanoseconds as milliseconds. */
static void
json_ms(FILE *f, uint64_t ns)
{
	json_number(f, (double)ns / 1e6);
}

/* The time in each state a worker object gives, in this order. */
static const struct {
	const char		*key;
	enum trace_state	 state;
} state_keys[] = {
	{ "run_ms", TRACE_RUN }, { "wait_ms", TRACE_LOCK_WAIT },
	{ "io_ms", TRACE_IO }, { "ready_ms", TRACE_READY },
	{ "idle_ms", TRACE_IDLE }, { "busy_ms", TRACE_BUSY },
	{ "blocked_ms", TRACE_BLOCKED },
};

void
json_workers(FILE *f, const struct log *lg, const struct lane_stats *ls)
{
	struct trace *t = lg->trace;

	fputc('[', f);
	for (int i = 0; i < lg->nlanes; i++) {
		struct trace_lane *l = &t->lanes[i];
		const struct lane_stats *s = &ls[i];

		fputs(i ? ",{\"name\":" : "{\"name\":", f);
		json_string(f, l->name);
		fprintf(f, ",\"kind\":\"%s\",\"pid\":%d,\"tid\":%d",
		    trace_kind_name((enum trace_kind)l->kind),
		    atomic_load(&l->pid), atomic_load(&l->tid));
		for (size_t k = 0; k < sizeof state_keys / sizeof state_keys[0];
		    k++) {
			fprintf(f, ",\"%s\":", state_keys[k].key);
			json_ms(f, s->state_ns[state_keys[k].state]);
		}
		fputs(",\"cpu_ms\":", f);
		json_ms(f, atomic_load(&l->cpu_ns));
		fprintf(f, ",\"switches\":%llu,\"cpus\":[",
		    (unsigned long long)s->switches);
		for (int c = 0; c < s->ncpus; c++)
			fprintf(f, c ? ",%d" : "%d", s->cpus[c]);
		fputs("],\"wait_p50_ms\":", f);
		json_number(f, s->wait_p50_ms);
		fputs(",\"wait_p99_ms\":", f);
		json_number(f, s->wait_p99_ms);
		fprintf(f, ",\"events\":%llu}",
		    (unsigned long long)lg->lanes[i].events);
	}
	fputc(']', f);
}

void
json_lock(FILE *f, const struct lock_stats *lk, bool has_lock)
{
	if (!has_lock) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"holds\":%llu,\"holder_changes\":%llu,"
	    "\"overlaps\":%llu,\"wait_p50_ms\":",
	    (unsigned long long)lk->holds,
	    (unsigned long long)lk->holder_changes,
	    (unsigned long long)lk->overlaps);
	json_number(f, lk->wait_p50_ms);
	fputs(",\"wait_p99_ms\":", f);
	json_number(f, lk->wait_p99_ms);
	fputc('}', f);
}
