/*
 * counter.c - a shared counter's values from a log's count marks. The
 * marks arrive lane by lane, so they are sorted by time first; each says
 * the counter's value after a change, so a column's value is the highest
 * the counter had in it (a queue full for a microsecond shows full), the
 * one carried in from the left when nothing changed inside it.
 */
#include <stdlib.h>

#include "i18n.h"
#include "trace/counter.h"
#include "util.h"

int
log_counter_which(const struct log *lg)
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

void
log_counter_begin(struct log_counter_sweep *s, const struct log *lg,
    int which)
{
	s->pts = xcalloc(lg->npoints + 1, sizeof *s->pts);
	s->n = s->k = 0;
	for (size_t i = 0; i < lg->npoints; i++)
		if (lg->points[i].type == TRACE_EV_MARK &&
		    (lg->points[i].arg & TRACE_MARK_COUNT) &&
		    TRACE_COUNT_WHICH(lg->points[i].arg) == which)
			s->pts[s->n++] = lg->points[i];
	qsort(s->pts, s->n, sizeof *s->pts, by_time);
	/* Every counter starts at 0 (an empty queue, nobody inside); once
	 * marks scrolled out, the start is unknown until one. */
	s->value = lg->points_gone == 0 ? 0 : -1;
}

int
log_counter_column(struct log_counter_sweep *s, uint64_t c0, uint64_t c1)
{
	int most;

	for (; s->k < s->n && s->pts[s->k].ts_ns < c0; s->k++)
		s->value = TRACE_COUNT_VALUE(s->pts[s->k].arg);
	most = s->value;
	for (size_t j = s->k; j < s->n && s->pts[j].ts_ns < c1; j++)
		if (TRACE_COUNT_VALUE(s->pts[j].arg) > most)
			most = TRACE_COUNT_VALUE(s->pts[j].arg);
	return most;
}

void
log_counter_end(struct log_counter_sweep *s)
{
	free(s->pts);
	s->pts = NULL;
}

const char *
log_counter_label(int which)
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
