/*
 * stats.c - per-lane and per-lock figures from a log.
 *
 * A log keeps a window of intervals and the totals of what scrolled out
 * of it (log.h); each figure here is those totals plus the window. Wait
 * percentiles are exact while nothing scrolled out; after, they come from
 * the log's histogram with the window's waits added, within LOG_HIST_ERROR.
 */
#include <stdlib.h>
#include <string.h>

#include "trace/stats.h"
#include "util.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile; sorts v. */
double
stats_percentile(double *v, size_t n, double p)
{
	size_t rank;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	rank = (size_t)((p / 100.0) * (double)n + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

static void
add_cpu(struct lane_stats *s, int cpu)
{
	int i;

	if (cpu < 0)
		return;
	for (i = 0; i < s->ncpus; i++)
		if (s->cpus[i] == cpu)
			return;
	if (s->ncpus == (int)(sizeof s->cpus / sizeof s->cpus[0]))
		return;
	i = s->ncpus++;
	while (i > 0 && s->cpus[i - 1] > cpu) {
		s->cpus[i] = s->cpus[i - 1];
		i--;
	}
	s->cpus[i] = cpu;
}

/* Adds what scrolled out of a lane's window to its figures. */
static void
add_gone(struct lane_stats *s, const struct log_gone *g)
{
	for (int st = 0; st < TRACE_STATE_COUNT; st++)
		s->state_ns[st] += g->state_ns[st];
	s->switches += g->switches;
	for (int c = 0; c < 256; c++)
		if (g->cpus[c / 64] & (1ULL << (c % 64)))
			add_cpu(s, c);
}

/* Percentiles of waits (ms) together with a histogram of older ones (ns). */
static void
hist_percentiles(const struct log_hist *old, const double *waits, size_t nw,
    double *p50, double *p99)
{
	struct log_hist *h = xmalloc(sizeof *h);

	memcpy(h, old, sizeof *h);
	for (size_t i = 0; i < nw; i++)
		log_hist_add(h, (uint64_t)(waits[i] * 1e6 + 0.5));
	*p50 = log_hist_percentile(h, 50) / 1e6;
	*p99 = log_hist_percentile(h, 99) / 1e6;
	free(h);
}

void
stats_lane(const struct log *lg, int lane, uint64_t now_ns,
    struct lane_stats *s)
{
	const struct log_lane *ll = &lg->lanes[lane];
	const struct log_gone *g = &ll->gone;
	double *waits = NULL;
	size_t nw = 0;
	int prev = g->intervals > 0 ? g->last_state : TRACE_NONE;

	memset(s, 0, sizeof *s);
	add_gone(s, g);
	if (ll->niv > 0)
		waits = xcalloc(ll->niv, sizeof *waits);
	for (size_t i = 0; i < ll->niv; i++) {
		const struct log_interval *iv = &ll->iv[i];
		uint64_t end = iv->end_ns ? iv->end_ns : now_ns;
		uint64_t d = end > iv->start_ns ? end - iv->start_ns : 0;

		s->state_ns[iv->state < TRACE_STATE_COUNT ? iv->state : 0] += d;
		if (iv->state == TRACE_RUN) {
			if (prev != TRACE_RUN)
				s->switches++;
			add_cpu(s, iv->cpu);
		} else if (iv->state == TRACE_LOCK_WAIT) {
			waits[nw++] = (double)d / 1e6;
		}
		prev = iv->state;
	}
	s->lock_waits = nw + g->lock_waits;
	if (nw > 0) {
		s->wait_p50_ms = stats_percentile(waits, nw, 50);
		s->wait_p99_ms = stats_percentile(waits, nw, 99);
		s->wait_max_ms = waits[nw - 1];
	}
	if (g->lock_waits > 0) {
		hist_percentiles(g->waits, waits, nw, &s->wait_p50_ms,
		    &s->wait_p99_ms);
		if ((double)g->wait_max_ns / 1e6 > s->wait_max_ms)
			s->wait_max_ms = (double)g->wait_max_ns / 1e6;
	}
	free(waits);
}

void
stats_lock(const struct log *lg, struct lock_stats *s)
{
	double *waits;
	size_t nw = 0, cap = 0;
	struct log_hist *old = NULL;

	memset(s, 0, sizeof *s);
	for (int l = 0; l < lg->nlanes; l++) {
		const struct log_hist *g = lg->lanes[l].gone.waits;

		cap += lg->lanes[l].niv;
		/* Waits that scrolled out, but not the empty ones. */
		if (g == NULL || g->n == g->count[0])
			continue;
		if (old == NULL)
			old = xcalloc(1, sizeof *old);
		for (size_t b = 1; b < LOG_HIST_BUCKETS; b++)
			old->count[b] += g->count[b];
		old->n += g->n - g->count[0];
	}
	waits = xcalloc(cap ? cap : 1, sizeof *waits);
	for (int l = 0; l < lg->nlanes; l++) {
		const struct log_lane *ll = &lg->lanes[l];

		for (size_t i = 0; i < ll->niv; i++)
			if (ll->iv[i].state == TRACE_LOCK_WAIT &&
			    ll->iv[i].end_ns > ll->iv[i].start_ns)
				waits[nw++] = (double)(ll->iv[i].end_ns -
				    ll->iv[i].start_ns) / 1e6;
	}
	if (old != NULL)
		hist_percentiles(old, waits, nw, &s->wait_p50_ms,
		    &s->wait_p99_ms);
	else {
		s->wait_p50_ms = stats_percentile(waits, nw, 50);
		s->wait_p99_ms = stats_percentile(waits, nw, 99);
	}
	free(old);
	free(waits);

	/*
	 * Holds are sorted by start. For each lock, the latest end seen so
	 * far must not pass the next start, or two lanes held it at once.
	 */
	s->holds = lg->holds_gone;
	s->holder_changes = lg->holder_changes_gone;
	for (size_t i = 0; i < lg->nholds; i++) {
		const struct log_hold *h = &lg->holds[i];
		int before = -1;

		s->holds++;
		for (size_t j = i; j-- > 0;) {
			const struct log_hold *p = &lg->holds[j];

			if (p->lock != h->lock)
				continue;
			before = p->lane;
			break;
		}
		/* The first of its lock in the window: the last gone before. */
		if (before < 0)
			for (int k = 0; k < lg->nlast_holder; k++)
				if (lg->last_holder[k].lock == h->lock)
					before = lg->last_holder[k].lane;
		if (before >= 0 && before != h->lane)
			s->holder_changes++;
	}
	s->overlaps = lg->overlaps_gone;
	for (size_t i = 0; i < lg->nholds; i++) {
		const struct log_hold *h = &lg->holds[i];

		for (size_t j = i + 1; j < lg->nholds; j++) {
			const struct log_hold *n = &lg->holds[j];

			if (n->start_ns >= (h->end_ns ? h->end_ns : UINT64_MAX))
				break;
			if (n->lock == h->lock)
				s->overlaps++;
		}
	}
}
