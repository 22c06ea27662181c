/*
 * export.c - Chrome trace JSON and the ASCII timeline.
 */
#include <stdlib.h>
#include <string.h>

#include "trace/export.h"
#include "util.h"

void
json_string(FILE *f, const char *s)
{
	size_t n = strlen(s);

	/*
	 * Controls (C0, DEL, C1) are escaped, so a terminal showing the JSON
	 * obeys none of them; a byte that is not UTF-8 becomes U+FFFD, so
	 * the output stays valid JSON whatever a lane was named.
	 */
	fputc('"', f);
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = util_utf8_len(s + i, n - i);

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else if (len == 0)
			fputs("\\ufffd", f);
		else if (len == 2 && c == 0xc2 && (unsigned char)s[i + 1] < 0xa0)
			fprintf(f, "\\u%04x", (unsigned char)s[i + 1]);
		else
			fwrite(s + i, 1, len, f);
		i += len ? len : 1;
	}
	fputc('"', f);
}

/* Microseconds since `base`, with the nanoseconds kept as a fraction. */
static double
us(uint64_t ts, uint64_t base)
{
	return ts > base ? (double)(ts - base) / 1e3 : 0;
}

/*
 * The tid a lane's slices go on. Coroutine tasks all run on the loop's
 * thread, so their real tid would pile every task onto one track with
 * overlapping slices; each task gets a track of its own instead, numbered
 * above any real tid (the real one stays in the metadata's args).
 */
static int
track_tid(const struct trace_lane *l, int lane)
{
	if (l->kind == TRACE_KIND_TASK)
		return (1 << 21) + lane;
	return atomic_load(&((struct trace_lane *)l)->tid);
}

int
export_chrome(FILE *f, const struct log *lg, const char *title)
{
	const struct trace *t = lg->trace;
	uint64_t base = log_first_ns(lg);
	int lock_tid = 1 << 22;	/* above pid_max's default, so no clash */
	int first = 1;
	uint32_t locks_seen[16];
	int nlocks = 0;

#define SEP() do { fputs(first ? "\n" : ",\n", f); first = 0; } while (0)
	fputs("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"generator\":"
	    "\"timeslice\",\"scenario\":", f);
	json_string(f, title);
	/* A long run's log kept only its recent window (log.h). */
	if (log_scrolled(lg) > 0)
		fprintf(f, ",\"scrolled_out_intervals\":%llu",
		    (unsigned long long)log_scrolled(lg));
	fputs("},\"traceEvents\":[", f);

	/* Metadata: one process_name per pid, a thread_name per lane. */
	for (int i = 0; i < lg->nlanes; i++) {
		const struct trace_lane *l = &t->lanes[i];
		int pid = atomic_load(&((struct trace_lane *)l)->pid);
		int tid = track_tid(l, i);
		int seen = 0;

		for (int j = 0; j < i; j++)
			if (atomic_load(&((struct trace *)t)->lanes[j].pid) ==
			    pid)
				seen = 1;
		if (!seen) {
			SEP();
			fprintf(f, "{\"ph\":\"M\",\"name\":\"process_name\","
			    "\"pid\":%d,\"tid\":%d,\"args\":{\"name\":", pid,
			    pid);
			if (l->kind == TRACE_KIND_PROCESS)
				json_string(f, l->name);
			else
				json_string(f, title);
			fputs("}}", f);
		}
		SEP();
		fprintf(f, "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":%d,"
		    "\"tid\":%d,\"args\":{\"name\":", pid, tid);
		json_string(f, l->name);
		fprintf(f, ",\"kind\":\"%s\",\"lane\":%d,\"os_tid\":%d}}",
		    trace_kind_name((enum trace_kind)l->kind), i,
		    atomic_load(&((struct trace_lane *)l)->tid));
		SEP();
		fprintf(f, "{\"ph\":\"M\",\"name\":\"thread_sort_index\","
		    "\"pid\":%d,\"tid\":%d,\"args\":{\"sort_index\":%d}}", pid,
		    tid, i + 1);
	}

	/* One X slice per interval; DONE is the end of a lane, not a slice. */
	for (int i = 0; i < lg->nlanes; i++) {
		const struct trace_lane *l = &t->lanes[i];
		const struct log_lane *ll = &lg->lanes[i];
		int pid = atomic_load(&((struct trace_lane *)l)->pid);
		int tid = track_tid(l, i);

		for (size_t k = 0; k < ll->niv; k++) {
			const struct log_interval *iv = &ll->iv[k];

			if (iv->state == TRACE_DONE || iv->state == TRACE_NONE ||
			    iv->end_ns <= iv->start_ns)
				continue;
			SEP();
			fprintf(f, "{\"ph\":\"X\",\"name\":\"%s\",\"cat\":"
			    "\"state\",\"pid\":%d,\"tid\":%d,\"ts\":%.3f,"
			    "\"dur\":%.3f,\"args\":{\"cpu\":%d}}",
			    trace_state_name(iv->state), pid, tid,
			    us(iv->start_ns, base),
			    (double)(iv->end_ns - iv->start_ns) / 1e3, iv->cpu);
		}
	}

	/* Lock holds, each lock on its own track in the first lane's pid. */
	if (lg->nholds > 0) {
		int pid = atomic_load(&((struct trace *)t)->lanes[0].pid);

		for (size_t k = 0; k < lg->nholds; k++) {
			const struct log_hold *h = &lg->holds[k];
			int idx = -1;

			for (int j = 0; j < nlocks; j++)
				if (locks_seen[j] == h->lock)
					idx = j;
			if (idx < 0 && nlocks < 16) {
				idx = nlocks;
				locks_seen[nlocks++] = h->lock;
				SEP();
				fprintf(f, "{\"ph\":\"M\",\"name\":\"thread_name\","
				    "\"pid\":%d,\"tid\":%d,\"args\":{\"name\":"
				    "\"%s %u\"}}", pid, lock_tid + idx,
				    h->lock == 0 ? "GIL" : "lock", h->lock);
			}
			if (idx < 0 || h->end_ns <= h->start_ns)
				continue;
			SEP();
			fputs("{\"ph\":\"X\",\"name\":", f);
			json_string(f, t->lanes[h->lane].name);
			fprintf(f, ",\"cat\":\"lock\",\"pid\":%d,\"tid\":%d,"
			    "\"ts\":%.3f,\"dur\":%.3f}", pid, lock_tid + idx,
			    us(h->start_ns, base),
			    (double)(h->end_ns - h->start_ns) / 1e3);
		}
	}
	fputs("\n]}\n", f);
#undef SEP
	return ferror(f) ? -1 : 0;
}

char
export_state_char(enum trace_state s)
{
	switch (s) {
	case TRACE_RUN:
		return '#';
	case TRACE_LOCK_WAIT:
		return '-';
	case TRACE_IO:
		return '.';
	case TRACE_READY:
		return ':';
	case TRACE_IDLE:
		return '_';
	default:
		return ' ';
	}
}

char
export_lane_char(int i)
{
	if (i < 9)
		return (char)('1' + i);
	if (i < 9 + 26)
		return (char)('a' + i - 9);
	if (i < 9 + 52)
		return (char)('A' + i - 35);
	return '*';
}

/*
 * Fills row[0..width) for one lane: each cell shows the state that took
 * most of its time. (The live timeline has sub-cell glyphs for edges;
 * plain text keeps to one honest character per cell.)
 */
static void
lane_row(const struct log_lane *ll, uint64_t base, double cell, int width,
    char *row)
{
	for (int c = 0; c < width; c++) {
		uint64_t c0 = base + (uint64_t)(c * cell);
		uint64_t c1 = base + (uint64_t)((c + 1) * cell);
		uint64_t share[TRACE_STATE_COUNT] = {0};
		int best = TRACE_NONE;

		for (size_t k = 0; k < ll->niv; k++) {
			const struct log_interval *iv = &ll->iv[k];
			uint64_t s = iv->start_ns > c0 ? iv->start_ns : c0;
			uint64_t e = iv->end_ns < c1 ? iv->end_ns : c1;

			if (iv->start_ns >= c1)
				break;
			if (e > s)
				share[iv->state] += e - s;
		}
		for (int st = 1; st < TRACE_STATE_COUNT; st++)
			if (share[st] > share[best])
				best = st;
		row[c] = export_state_char((enum trace_state)best);
	}
	row[width] = '\0';
}

void
export_text(FILE *f, const struct log *lg, int width)
{
	const struct trace *t = lg->trace;
	uint64_t base = log_first_ns(lg), end = log_last_ns(lg);
	uint64_t from = log_window_ns(lg), first = base;
	double cell, span_ms;
	char *row, **names;
	int ncpu = 0, namew = 10;

	if (lg->nlanes == 0 || end <= base) {
		fputs("(no events recorded)\n", f);
		return;
	}
	/* What scrolled out of the log is summed up, not drawn. */
	if (from > base && from < end) {
		fprintf(f, "(the first %.1f ms, %llu intervals, scrolled out of "
		    "the window:\n the timeline shows the last %.1f ms; the "
		    "figures count the whole run)\n\n", (double)(from - first) /
		    1e6, (unsigned long long)log_scrolled(lg),
		    (double)(end - from) / 1e6);
		base = from;
	}
	names = xcalloc((size_t)lg->nlanes, sizeof *names);
	for (int i = 0; i < lg->nlanes; i++) {
		int n;

		names[i] = util_safe_str(t->lanes[i].name);
		n = (int)strlen(names[i]) + 4;

		if (n > namew)
			namew = n;
		for (size_t k = 0; k < lg->lanes[i].niv; k++)
			if (lg->lanes[i].iv[k].cpu + 1 > ncpu)
				ncpu = lg->lanes[i].iv[k].cpu + 1;
	}
	if (ncpu > 16)
		ncpu = 16;
	width -= namew + 1;
	if (width < 10)
		width = 10;
	cell = (double)(end - base) / width;
	span_ms = (double)(end - base) / 1e6;
	row = xmalloc((size_t)width + 1);

	for (int i = 0; i < lg->nlanes; i++) {
		lane_row(&lg->lanes[i], base, cell, width, row);
		fprintf(f, "%c %-*s %s\n", export_lane_char(i), namew - 2,
		    names[i], row);
	}
	if (lg->nholds > 0) {
		for (int c = 0; c < width; c++) {
			uint64_t mid = base + (uint64_t)((c + 0.5) * cell);
			uint64_t c0 = base + (uint64_t)(c * cell);
			uint64_t c1 = base + (uint64_t)((c + 1) * cell);
			int holder = -1, many = 0;

			for (size_t k = 0; k < lg->nholds; k++) {
				const struct log_hold *h = &lg->holds[k];

				if (h->start_ns >= c1)
					break;
				if (h->end_ns > c0) {
					if (holder >= 0 && holder != h->lane)
						many = 1;
					if (holder < 0 || (h->start_ns <= mid &&
					    h->end_ns > mid))
						holder = h->lane;
				}
			}
			row[c] = holder < 0 ? ' ' : many ? '+' : export_lane_char(holder);
		}
		fprintf(f, "  %-*s %s\n", namew - 2, "lock holder", row);
	}
	for (int cpu = 0; cpu < ncpu; cpu++) {
		for (int c = 0; c < width; c++) {
			uint64_t c0 = base + (uint64_t)(c * cell);
			uint64_t c1 = base + (uint64_t)((c + 1) * cell);
			uint64_t best_ns = 0;
			int who = -1;

			for (int i = 0; i < lg->nlanes; i++) {
				const struct log_lane *ll = &lg->lanes[i];
				uint64_t ns = 0;

				for (size_t k = 0; k < ll->niv; k++) {
					const struct log_interval *iv = &ll->iv[k];
					uint64_t s, e;

					if (iv->start_ns >= c1)
						break;
					if (iv->state != TRACE_RUN || iv->cpu != cpu)
						continue;
					s = iv->start_ns > c0 ? iv->start_ns : c0;
					e = iv->end_ns < c1 ? iv->end_ns : c1;
					if (e > s)
						ns += e - s;
				}
				if (ns > best_ns) {
					best_ns = ns;
					who = i;
				}
			}
			row[c] = who < 0 ? ' ' : export_lane_char(who);
		}
		fprintf(f, "  cpu %-*d %s\n", namew - 6, cpu, row);
	}
	/* Axis: a tick every 10 columns, labelled in milliseconds. */
	fprintf(f, "  %-*s ", namew - 2, "");
	for (int c = 0; c < width; c++)
		fputc(c % 10 == 0 ? '|' : '-', f);
	fputc('\n', f);
	fprintf(f, "  %-*s ", namew - 2, "ms");
	for (int c = 0; c < width; c += 10) {
		char lab[16];
		int n = snprintf(lab, sizeof lab, "%.4g", c * cell / 1e6);

		fprintf(f, "%-10s", n <= 10 ? lab : "");
	}
	fputc('\n', f);
	fprintf(f, "  legend: # running  - waiting for the lock  . in I/O  "
	    ": ready  _ idle  (span %.1f ms, %.3g ms per column)\n", span_ms,
	    cell / 1e6);
	for (int i = 0; i < lg->nlanes; i++)
		free(names[i]);
	free(names);
	free(row);
}
