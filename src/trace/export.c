/*
 * export.c - Chrome trace JSON and the ASCII timeline. The SVG picture is
 * in svg.c, and where export files go in export_file.c.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "trace/counter.h"
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

/* Whether a lane of `pid` other than `self` has its slices on `tid`. */
static int
tid_taken(const struct trace *t, int nlanes, int self, int pid, int tid)
{
	for (int i = 0; i < nlanes; i++) {
		struct trace_lane *l = (struct trace_lane *)&t->lanes[i];

		if (i != self && l->kind != TRACE_KIND_TASK &&
		    atomic_load(&l->pid) == pid && atomic_load(&l->tid) == tid)
			return 1;
	}
	return 0;
}

/*
 * The tid a lane's slices go on. Coroutine tasks all run on the loop's
 * thread, so their real tid would pile every task onto one track with
 * overlapping slices; each task gets a track of its own instead (the real
 * tid stays in the metadata's args), numbered where no other lane of its
 * process is: a replayed trace may have any tid, so the number moves on
 * past a real one it would share (task numbers stay distinct, since two
 * tasks differ by less than TRACE_MAX_LANES).
 */
static int
track_tid(const struct trace *t, int nlanes, int lane)
{
	struct trace_lane *l = (struct trace_lane *)&t->lanes[lane];
	int pid = atomic_load(&l->pid), tid = atomic_load(&l->tid);

	/*
	 * A thread keeps its real tid, unless an earlier lane already has
	 * it (a replayed trace may name one thread twice): then it too gets
	 * a track of its own, so a reload gives back as many lanes.
	 */
	if (l->kind != TRACE_KIND_TASK && !tid_taken(t, lane, lane, pid, tid))
		return tid;
	tid = (1 << 21) + lane;
	while (tid_taken(t, nlanes, lane, pid, tid))
		tid += TRACE_MAX_LANES;
	return tid;
}

/*
 * The first of 16 tids for lock tracks in `pid`: above any real tid the
 * kernel hands out (PID_MAX_LIMIT is 1 << 22), and past any lane of that
 * process a replayed trace put there.
 */
static int
lock_tid_base(const struct trace *t, int nlanes, int pid)
{
	int base = 1 << 22;

	for (int again = 1; again;) {
		again = 0;
		for (int i = 0; i < nlanes; i++) {
			struct trace_lane *l = (struct trace_lane *)&t->lanes[i];
			int tid = track_tid(t, nlanes, i);

			if (atomic_load(&l->pid) == pid && tid >= base &&
			    tid < base + 16) {
				base = tid + 1;
				again = 1;
			}
		}
	}
	return base;
}

int
export_chrome(FILE *f, const struct log *lg, const char *title)
{
	return export_chrome_meta(f, lg, title, NULL);
}

int
export_chrome_meta(FILE *f, const struct log *lg, const char *title,
    const char *meta)
{
	const struct trace *t = lg->trace;
	uint64_t base = log_first_ns(lg);
	int lock_tid;
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
		int tid = track_tid(t, lg->nlanes, i);
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
		int tid = track_tid(t, lg->nlanes, i);

		for (size_t k = 0; k < ll->niv; k++) {
			const struct log_interval *iv = &ll->iv[k];

			if (iv->state == TRACE_DONE || iv->state == TRACE_NONE ||
			    iv->end_ns <= iv->start_ns)
				continue;
			SEP();
			fprintf(f, "{\"ph\":\"X\",\"name\":\"%s\",\"cat\":"
			    "\"state\",\"pid\":%d,\"tid\":%d,\"ts\":%.3f,"
			    "\"dur\":%.3f,\"args\":{\"cpu\":%d",
			    trace_state_name(iv->state), pid, tid,
			    us(iv->start_ns, base),
			    (double)(iv->end_ns - iv->start_ns) / 1e3, iv->cpu);
			/* Which lock a wait was for, so a replay can rebuild
			 * the wait-for graph. */
			if (iv->state == TRACE_LOCK_WAIT && iv->lock != 0)
				fprintf(f, ",\"lock\":%u", iv->lock);
			fputs("}}", f);
		}
	}

	/*
	 * A shared counter's values (a queue's depth, threads inside a
	 * semaphore) as Chrome counter events, which Perfetto draws as a
	 * track of their own; tid says which lane changed it, for a replay.
	 */
	for (size_t k = 0; k < lg->npoints; k++) {
		const struct log_point *pt = &lg->points[k];
		const char *name = export_counter_name(
		    TRACE_COUNT_WHICH(pt->arg));

		if (pt->type != TRACE_EV_MARK || !(pt->arg & TRACE_MARK_COUNT) ||
		    name == NULL)
			continue;
		SEP();
		fprintf(f, "{\"ph\":\"C\",\"name\":\"%s\",\"pid\":%d,"
		    "\"tid\":%d,\"ts\":%.3f,\"args\":{\"value\":%d}}", name,
		    atomic_load(&((struct trace *)t)->lanes[pt->lane].pid),
		    track_tid(t, lg->nlanes, pt->lane), us(pt->ts_ns, base),
		    TRACE_COUNT_VALUE(pt->arg));
	}

	/* Lock holds, each lock on its own track in the first lane's pid. */
	if (lg->nholds > 0) {
		int pid = atomic_load(&((struct trace *)t)->lanes[0].pid);

		lock_tid = lock_tid_base(t, lg->nlanes, pid);
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
			/* An empty hold still counts: it goes out with dur 0. */
			if (idx < 0 || h->end_ns < h->start_ns)
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
	/*
	 * The self-description goes last: Perfetto's JSON reader stops at
	 * the first top-level key it does not know, so before traceEvents it
	 * would hide every event, and after them it costs nothing.
	 */
	fputs("\n]", f);
	if (meta != NULL)
		fprintf(f, ",\n\"timeslice\":%s", meta);
	fputs("}\n", f);
#undef SEP
	return ferror(f) ? -1 : 0;
}

const char *
export_counter_name(int which)
{
	switch (which) {
	case TRACE_COUNTER_QUEUE:
		return "queue depth";
	case TRACE_COUNTER_INSIDE:
		return "inside";
	default:
		return NULL;
	}
}

void
export_heading_text(FILE *f, const struct export_heading *h)
{
	const char *lines[] = { h->title, h->caption, h->params, h->figures,
	    h->machine };

	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		if (lines[i] != NULL && *lines[i] != '\0')
			fprintf(f, "%s\n", lines[i]);
	fputc('\n', f);
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
	case TRACE_BUSY:
		return '=';
	case TRACE_BLOCKED:
		return '~';
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

/* Whether some lane was ever in state st (the legend then says what it
 * looks like; states most traces never have stay out of it). */
static int
any_state(const struct log *lg, int st)
{
	for (int i = 0; i < lg->nlanes; i++)
		for (size_t k = 0; k < lg->lanes[i].niv; k++)
			if (lg->lanes[i].iv[k].state == st)
				return 1;
	return 0;
}

void
export_text(FILE *f, const struct log *lg, int width)
{
	const struct trace *t = lg->trace;
	uint64_t base = log_first_ns(lg), end = log_last_ns(lg);
	uint64_t from = log_window_ns(lg), first = base;
	double cell, span_ms;
	char *row, **names, a[32], b[32], rare[160];
	int ncpu = 0, namew = 10, which;

	if (lg->nlanes == 0 || end <= base) {
		fprintf(f, "%s\n", _("(no events recorded)"));
		return;
	}
	/* What scrolled out of the log is summed up, not drawn. */
	if (from > base && from < end) {
		fprintf(f, _("(the first %s ms, %llu intervals, scrolled out of "
		    "the window:\n the timeline shows the last %s ms; the "
		    "figures count the whole run)\n\n"), i18n_num(a, sizeof a,
		    (double)(from - first) / 1e6, 1),
		    (unsigned long long)log_scrolled(lg), i18n_num(b,
		    sizeof b, (double)(end - from) / 1e6, 1));
		base = from;
	}
	names = xcalloc((size_t)lg->nlanes, sizeof *names);
	for (int i = 0; i < lg->nlanes; i++) {
		char nb[64];
		int n;

		/* The translated name, escaped: a name drives no terminal. */
		names[i] = util_safe_str(i18n_lane_name(t->lanes[i].name, nb,
		    sizeof nb));
		n = i18n_width(names[i]) + 4;

		if (n > namew)
			namew = n;
		for (size_t k = 0; k < lg->lanes[i].niv; k++)
			if (lg->lanes[i].iv[k].cpu + 1 > ncpu)
				ncpu = lg->lanes[i].iv[k].cpu + 1;
	}
	if (ncpu > 16)
		ncpu = 16;
	if (lg->nholds > 0 && i18n_width(_("lock holder")) + 2 > namew)
		namew = i18n_width(_("lock holder")) + 2;
	if ((which = log_counter_which(lg)) != 0 &&
	    i18n_width(log_counter_label(which)) + 2 > namew)
		namew = i18n_width(log_counter_label(which)) + 2;
	width -= namew + 1;
	if (width < 10)
		width = 10;
	cell = (double)(end - base) / width;
	span_ms = (double)(end - base) / 1e6;
	row = xmalloc((size_t)width + 1);

	for (int i = 0; i < lg->nlanes; i++) {
		lane_row(&lg->lanes[i], base, cell, width, row);
		fprintf(f, "%c ", export_lane_char(i));
		i18n_fpad(f, names[i], namew - 2, 0);
		fprintf(f, " %s\n", row);
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
		fputs("  ", f);
		i18n_fpad(f, _("lock holder"), namew - 2, 0);
		fprintf(f, " %s\n", row);
	}
	if (which != 0) {
		/* A shared counter's row: its highest value per column. */
		struct log_counter_sweep s;

		log_counter_begin(&s, lg, which);
		for (int c = 0; c < width; c++) {
			int v = log_counter_column(&s, base + (uint64_t)(c *
			    cell), base + (uint64_t)((c + 1) * cell));

			row[c] = v < 0 ? ' ' : v > 9 ? '+' :
			    (char)('0' + v);
		}
		row[width] = '\0';
		log_counter_end(&s);
		fputs("  ", f);
		i18n_fpad(f, log_counter_label(which), namew - 2, 0);
		fprintf(f, " %s\n", row);
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
		char lab[32];

		snprintf(lab, sizeof lab, _("cpu %d"), cpu);
		fputs("  ", f);
		i18n_fpad(f, lab, namew - 2, 0);
		fprintf(f, " %s\n", row);
	}
	/* Axis: a tick every 10 columns, labelled in milliseconds. */
	fprintf(f, "  %-*s ", namew - 2, "");
	for (int c = 0; c < width; c++)
		fputc(c % 10 == 0 ? '|' : '-', f);
	fputc('\n', f);
	fprintf(f, "  %-*s ", namew - 2, "ms");
	for (int c = 0; c < width; c += 10) {
		char lab[16];
		int n = (int)strlen(i18n_numg(lab, sizeof lab, c * cell / 1e6,
		    4));

		fprintf(f, "%-10s", n <= 10 ? lab : "");
	}
	fputc('\n', f);
	/* The rare states go where busy always went, one slot for both. */
	snprintf(rare, sizeof rare, "%s%s", any_state(lg, TRACE_BUSY) ?
	    _("= busy off the CPU  ") : "", any_state(lg, TRACE_BLOCKED) ?
	    _("~ blocked: waiting for another thread  ") : "");
	fprintf(f, _("  legend: # running on a CPU  %s- waiting for the lock  "
	    ". in I/O  : ready  _ idle  (span %s ms, %s ms per column)\n"),
	    rare,
	    i18n_num(a, sizeof a, span_ms, 1), i18n_numg(b, sizeof b,
	    cell / 1e6, 3));
	/* Every mark in the rows below the lanes is said too. */
	if (lg->nholds > 0 || ncpu > 0)
		fputs(_("  lock and cpu rows: the id of the lane there; + more "
		    "than one lane in that column\n"), f);
	for (int i = 0; i < lg->nlanes; i++)
		free(names[i]);
	free(names);
	free(row);
}
