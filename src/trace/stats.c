/*
 * stats.c - per-lane and per-lock figures from a log.
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

void
stats_lane(const struct log *lg, int lane, uint64_t now_ns,
    struct lane_stats *s)
{
	const struct log_lane *ll = &lg->lanes[lane];
	double *waits = NULL;
	size_t nw = 0;
	int prev = TRACE_NONE;

	memset(s, 0, sizeof *s);
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
	s->lock_waits = nw;
	if (nw > 0) {
		s->wait_p50_ms = stats_percentile(waits, nw, 50);
		s->wait_p99_ms = stats_percentile(waits, nw, 99);
		s->wait_max_ms = waits[nw - 1];
	}
	free(waits);
}

void
stats_lock(const struct log *lg, struct lock_stats *s)
{
	double *waits;
	size_t nw = 0, cap = 0;

	memset(s, 0, sizeof *s);
	for (int l = 0; l < lg->nlanes; l++)
		cap += lg->lanes[l].niv;
	waits = xcalloc(cap ? cap : 1, sizeof *waits);
	for (int l = 0; l < lg->nlanes; l++) {
		const struct log_lane *ll = &lg->lanes[l];

		for (size_t i = 0; i < ll->niv; i++)
			if (ll->iv[i].state == TRACE_LOCK_WAIT &&
			    ll->iv[i].end_ns > ll->iv[i].start_ns)
				waits[nw++] = (double)(ll->iv[i].end_ns -
				    ll->iv[i].start_ns) / 1e6;
	}
	s->wait_p50_ms = stats_percentile(waits, nw, 50);
	s->wait_p99_ms = stats_percentile(waits, nw, 99);
	free(waits);

	/*
	 * Holds are sorted by start. For each lock, the latest end seen so
	 * far must not pass the next start, or two lanes held it at once.
	 */
	for (size_t i = 0; i < lg->nholds; i++) {
		const struct log_hold *h = &lg->holds[i];

		s->holds++;
		for (size_t j = i; j-- > 0;) {
			const struct log_hold *p = &lg->holds[j];

			if (p->lock != h->lock)
				continue;
			if (p->lane != h->lane)
				s->holder_changes++;
			break;
		}
	}
	s->overlaps = 0;
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
