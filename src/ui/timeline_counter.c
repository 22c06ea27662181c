/*
 * timeline_counter.c - the row of a shared counter under the lanes: how
 * many items a bounded queue holds, how many threads are inside a
 * semaphore's section, read from the count marks (trace.h) the workers
 * recorded under the counter's lock.
 *
 * The marks arrive lane by lane, so they are sorted by time first; each
 * says the counter's value after a change, so a column shows the highest
 * value the counter had while it lasted (a queue that was full for a
 * microsecond shows full), the value carried in from the left when
 * nothing changed inside it; nothing after `now`.
 */
#include <stdlib.h>

#include "i18n.h"
#include "ui/timeline_int.h"
#include "util.h"

int
timeline_counter(const struct log *lg)
{
	for (size_t i = 0; i < lg->npoints; i++)
		if (lg->points[i].type == TRACE_EV_MARK &&
		    (lg->points[i].arg & TRACE_MARK_COUNT))
			return TRACE_COUNT_WHICH(lg->points[i].arg);
	return 0;
}

/* Orders count marks by time; equal times keep their lanes' order. */
static int
by_time(const void *a, const void *b)
{
	const struct log_point *x = a, *y = b;

	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	return x->lane - y->lane;
}

/* The row's name for counter `which`. */
static const char *
counter_label(int which)
{
	switch (which) {
	case TRACE_COUNTER_QUEUE:
		return _("queue depth");
	case TRACE_COUNTER_INSIDE:
		return _("inside");
	default:
		return _("count");
	}
}

void
timeline_draw_counter(struct canvas *c, int x, int y, int labelw,
    const struct log *lg, const struct tl_pass *p, int which)
{
	struct log_point *pts = xcalloc(lg->npoints + 1, sizeof *pts);
	size_t n = 0, k = 0;
	int x0 = x + labelw + 1, value;

	for (size_t i = 0; i < lg->npoints; i++)
		if (lg->points[i].type == TRACE_EV_MARK &&
		    (lg->points[i].arg & TRACE_MARK_COUNT) &&
		    TRACE_COUNT_WHICH(lg->points[i].arg) == which)
			pts[n++] = lg->points[i];
	qsort(pts, n, sizeof *pts, by_time);
	/* Every counter starts at 0 (an empty queue, nobody inside); once
	 * marks scrolled out of the log, the start is unknown until one. */
	value = lg->points_gone == 0 ? 0 : -1;
	canvas_text(c, x, y, labelw, CS_TEXT, counter_label(which));
	for (int col = 0; col < p->cols; col++) {
		uint64_t c0 = p->t0 + (uint64_t)col * p->npc, c1 = c0 + p->npc;
		int most;

		/* The value carried in: the last change before the column. */
		for (; k < n && pts[k].ts_ns < c0; k++)
			value = TRACE_COUNT_VALUE(pts[k].arg);
		most = value;
		for (size_t j = k; j < n && pts[j].ts_ns < c1; j++)
			if (TRACE_COUNT_VALUE(pts[j].arg) > most)
				most = TRACE_COUNT_VALUE(pts[j].arg);
		if (c0 >= p->now || most < 0)
			continue;
		if (most == 0)
			canvas_put(c, x0 + col, y, c->unicode ? L'·' : L'.',
			    CS_DIM);
		else
			canvas_put(c, x0 + col, y, most > 9 ? L'+' :
			    (wchar_t)(L'0' + most), CS_TEXT);
	}
	free(pts);
}
