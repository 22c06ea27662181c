/*
 * log.c - draining rings into state intervals and lock holds.
 *
 * Each poll reads every lane's ring in batches and folds the events into
 * the lane's interval list: a state event closes the open interval and
 * opens the next; any event seen on a different CPU while the lane runs
 * splits the interval there, so per-CPU views know where work ran. Lock
 * acquire/release pairs become holds, kept sorted by start so that a lock
 * lane can be drawn and checked (one holder at a time) in one pass. A lane
 * may hold several locks at once (nested `with` blocks, the two locks of
 * a deadlock); a release closes the hold of the lock it names.
 */
#include <stdlib.h>
#include <string.h>

#include "trace/log.h"
#include "util.h"

#define LOG_BATCH 1024

void
log_init(struct log *lg, struct trace *t)
{
	memset(lg, 0, sizeof *lg);
	lg->trace = t;
}

void
log_release(struct log *lg)
{
	for (int i = 0; i < lg->clanes; i++)
		free(lg->lanes[i].iv);
	free(lg->lanes);
	free(lg->holds);
	free(lg->points);
	memset(lg, 0, sizeof *lg);
}

/* The lane's open interval, or NULL. */
static struct log_interval *
open_interval(struct log_lane *ll)
{
	if (ll->niv == 0 || ll->iv[ll->niv - 1].end_ns != 0)
		return NULL;
	return &ll->iv[ll->niv - 1];
}

/* Closes the open interval (if any) at ts and opens one in `state`. */
static void
begin_interval(struct log_lane *ll, uint64_t ts, uint8_t state, int16_t cpu,
    uint32_t lock)
{
	struct log_interval *cur = open_interval(ll);

	if (cur != NULL) {
		/* An empty interval is replaced rather than kept. */
		if (cur->start_ns == ts) {
			cur->state = state;
			cur->cpu = cpu;
			cur->lock = lock;
			return;
		}
		cur->end_ns = ts;
	}
	if (ll->niv == ll->civ) {
		ll->civ = ll->civ ? ll->civ * 2 : 64;
		ll->iv = xreallocarray(ll->iv, ll->civ, sizeof *ll->iv);
	}
	ll->iv[ll->niv].start_ns = ts;
	ll->iv[ll->niv].end_ns = 0;
	ll->iv[ll->niv].state = state;
	ll->iv[ll->niv].cpu = cpu;
	ll->iv[ll->niv].lock = lock;
	ll->niv++;
}

/* Inserts a hold keeping the array sorted by start; returns its index. */
static size_t
add_hold(struct log *lg, uint64_t ts, int lane, uint32_t lock)
{
	size_t i;

	if (lg->nholds == lg->cholds) {
		lg->cholds = lg->cholds ? lg->cholds * 2 : 256;
		lg->holds = xreallocarray(lg->holds, lg->cholds,
		    sizeof *lg->holds);
	}
	i = lg->nholds;
	while (i > 0 && lg->holds[i - 1].start_ns > ts)
		i--;
	if (i < lg->nholds) {
		memmove(&lg->holds[i + 1], &lg->holds[i],
		    (lg->nholds - i) * sizeof *lg->holds);
		/* Open holds of other lanes moved one place up. */
		for (int l = 0; l < lg->nlanes; l++)
			for (int k = 0; k < lg->lanes[l].nheld; k++)
				if (lg->lanes[l].held[k] >= (int)i)
					lg->lanes[l].held[k]++;
	}
	lg->holds[i].start_ns = ts;
	lg->holds[i].end_ns = 0;
	lg->holds[i].lane = lane;
	lg->holds[i].lock = lock;
	lg->nholds++;
	return i;
}

static void
add_point(struct log *lg, const struct trace_event *ev, int lane)
{
	if (lg->npoints == lg->cpoints) {
		lg->cpoints = lg->cpoints ? lg->cpoints * 2 : 256;
		lg->points = xreallocarray(lg->points, lg->cpoints,
		    sizeof *lg->points);
	}
	lg->points[lg->npoints].ts_ns = ev->ts_ns;
	lg->points[lg->npoints].lane = lane;
	lg->points[lg->npoints].type = ev->type;
	lg->points[lg->npoints].arg = ev->arg;
	lg->npoints++;
}

/* Closes the `k`th open hold of a lane at ts. */
static void
end_hold(struct log *lg, struct log_lane *ll, int k, uint64_t ts)
{
	lg->holds[ll->held[k]].end_ns = ts;
	ll->held[k] = ll->held[--ll->nheld];
}

/* Which open hold of the lane is of `lock`, or -1. */
static int
find_hold(const struct log *lg, const struct log_lane *ll, uint32_t lock)
{
	for (int k = 0; k < ll->nheld; k++)
		if (lg->holds[ll->held[k]].lock == lock)
			return k;
	return -1;
}

/* Folds one event of `lane` into the log. */
static void
apply(struct log *lg, int lane, const struct trace_event *ev)
{
	struct log_lane *ll = &lg->lanes[lane];
	struct log_interval *cur;
	int k;

	if (ll->events > 0 && ev->ts_ns < ll->last_ns)
		lg->disorder++;
	if (ll->first_ns == 0)
		ll->first_ns = ev->ts_ns;
	if (ev->ts_ns > ll->last_ns)
		ll->last_ns = ev->ts_ns;
	ll->events++;
	lg->events++;

	cur = open_interval(ll);
	switch (ev->type) {
	case TRACE_EV_STATE:
		if (cur == NULL || cur->state != ev->state ||
		    (ev->state == TRACE_RUN && cur->cpu != ev->cpu) ||
		    (ev->state == TRACE_LOCK_WAIT && cur->lock != ev->arg))
			begin_interval(ll, ev->ts_ns, ev->state, ev->cpu,
			    ev->state == TRACE_LOCK_WAIT ? ev->arg : 0);
		return;
	case TRACE_EV_ACQUIRE:
		/* Taking a lock again ends the lane's last hold of it. */
		if ((k = find_hold(lg, ll, ev->arg)) >= 0)
			end_hold(lg, ll, k, ev->ts_ns);
		if (ll->nheld == LOG_MAX_HELD)
			end_hold(lg, ll, 0, ev->ts_ns);
		ll->held[ll->nheld++] = (int)add_hold(lg, ev->ts_ns, lane,
		    ev->arg);
		break;
	case TRACE_EV_RELEASE:
		if ((k = find_hold(lg, ll, ev->arg)) < 0 && ll->nheld > 0)
			k = ll->nheld - 1;	/* a release naming no held lock */
		if (k >= 0)
			end_hold(lg, ll, k, ev->ts_ns);
		break;
	case TRACE_EV_MARK:
	case TRACE_EV_DROP_REQUEST:
		add_point(lg, ev, lane);
		break;
	default:
		break;
	}
	/* Any event tells where the lane is running now. */
	if (cur != NULL && cur->state == TRACE_RUN && ev->cpu >= 0 &&
	    ev->cpu != cur->cpu && ev->ts_ns > cur->start_ns)
		begin_interval(ll, ev->ts_ns, TRACE_RUN, ev->cpu, 0);
}

size_t
log_poll(struct log *lg)
{
	struct trace_event buf[LOG_BATCH];
	size_t total = 0, n;

	lg->nlanes = trace_nlanes(lg->trace);
	if (lg->nlanes > lg->clanes) {
		int c = lg->clanes ? lg->clanes : 16;

		while (c < lg->nlanes)
			c *= 2;
		lg->lanes = xreallocarray(lg->lanes, (size_t)c,
		    sizeof *lg->lanes);
		memset(&lg->lanes[lg->clanes], 0, (size_t)(c - lg->clanes) *
		    sizeof *lg->lanes);
		lg->clanes = c;
	}
	for (int i = 0; i < lg->nlanes; i++) {
		/* Nothing new (what we read equals what was written): one
		 * cache line per idle lane, for traces of thousands. */
		if (atomic_load_explicit(&lg->trace->lanes[i].ring.head,
		    memory_order_acquire) == lg->lanes[i].events)
			continue;
		do {
			n = trace_ring_drain(&lg->trace->lanes[i].ring, buf,
			    LOG_BATCH);
			for (size_t k = 0; k < n; k++)
				apply(lg, i, &buf[k]);
			total += n;
		} while (n == LOG_BATCH);
	}
	return total;
}

void
log_close(struct log *lg, uint64_t end_ns)
{
	for (int i = 0; i < lg->nlanes; i++) {
		struct log_lane *ll = &lg->lanes[i];
		struct log_interval *cur = open_interval(ll);

		if (cur != NULL)
			cur->end_ns = end_ns > cur->start_ns ? end_ns :
			    cur->start_ns;
		while (ll->nheld > 0)
			end_hold(lg, ll, ll->nheld - 1, end_ns);
	}
}

uint64_t
log_first_ns(const struct log *lg)
{
	uint64_t first = 0;

	for (int i = 0; i < lg->nlanes; i++) {
		uint64_t f = lg->lanes[i].first_ns;

		if (f != 0 && (first == 0 || f < first))
			first = f;
	}
	return first;
}

uint64_t
log_last_ns(const struct log *lg)
{
	uint64_t last = 0;

	for (int i = 0; i < lg->nlanes; i++)
		if (lg->lanes[i].last_ns > last)
			last = lg->lanes[i].last_ns;
	return last;
}

/* Binary search for the interval of `lane` that covers `ts`. */
const struct log_interval *
log_at(const struct log *lg, int lane, uint64_t ts)
{
	const struct log_lane *ll = &lg->lanes[lane];
	size_t lo = 0, hi = ll->niv;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct log_interval *iv = &ll->iv[mid];

		if (ts < iv->start_ns)
			hi = mid;
		else if (iv->end_ns != 0 && ts >= iv->end_ns)
			lo = mid + 1;
		else
			return iv;
	}
	return NULL;
}
