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
 *
 * Each list is a window (log.h): when a lane's intervals reach its share
 * of LOG_WINDOW_TOTAL the older ones are folded into the lane's log_gone
 * totals and dropped, so the arrays never grow past their window and a
 * scroll costs O(1) per interval. Holds scroll the same way, counting
 * the hand-offs and overlaps of those that leave as they leave, but only
 * at the end of a poll (see log_poll); a hold still held never scrolls,
 * nor do the later holds of its lock until it ends (see scroll_holds).
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
	for (int i = 0; i < lg->clanes; i++) {
		free(lg->lanes[i].iv);
		free(lg->lanes[i].gone.waits);
	}
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

/* The bucket of a duration: exact below LOG_HIST_SUB, then log-spaced. */
static size_t
hist_bucket(uint64_t ns)
{
	int e;

	if (ns < LOG_HIST_SUB)
		return (size_t)ns;
	e = 63 - __builtin_clzll(ns);
	return (size_t)(e - 3) * LOG_HIST_SUB +
	    (size_t)((ns >> (e - 4)) & (LOG_HIST_SUB - 1));
}

/* The middle of bucket b, in ns. */
static double
hist_mid(size_t b)
{
	int e = (int)(b / LOG_HIST_SUB) + 3;
	uint64_t m = b % LOG_HIST_SUB;

	if (b < LOG_HIST_SUB)
		return (double)b;
	return (double)((LOG_HIST_SUB + m) << (e - 4)) +
	    (double)((1ULL << (e - 4)) - 1) / 2;
}

void
log_hist_add(struct log_hist *h, uint64_t ns)
{
	h->count[hist_bucket(ns)]++;
	h->n++;
}

double
log_hist_percentile(const struct log_hist *h, double p)
{
	uint64_t rank, seen = 0;

	if (h->n == 0)
		return 0;
	/* Nearest rank, as stats_percentile does. */
	rank = (uint64_t)((p / 100.0) * (double)h->n + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > h->n)
		rank = h->n;
	for (size_t b = 0; b < LOG_HIST_BUCKETS; b++) {
		seen += h->count[b];
		if (seen >= rank)
			return hist_mid(b);
	}
	return 0;
}

/* The intervals one lane keeps: its share of LOG_WINDOW_TOTAL. */
static size_t
lane_window(const struct log *lg)
{
	return LOG_WINDOW_TOTAL / (size_t)(lg->nlanes > 0 ? lg->nlanes : 1);
}

/*
 * Folds the older intervals of a full lane into its totals, keeping the
 * newest half of `window`; an array grown when the lanes were fewer
 * shrinks to the new share.
 */
static void
scroll_lane(struct log_lane *ll, size_t window)
{
	struct log_gone *g = &ll->gone;
	size_t k = ll->niv - window / 2;
	int prev = g->intervals > 0 ? g->last_state : TRACE_NONE;

	for (size_t i = 0; i < k; i++) {
		const struct log_interval *iv = &ll->iv[i];
		uint64_t d = iv->end_ns > iv->start_ns ?
		    iv->end_ns - iv->start_ns : 0;

		g->state_ns[iv->state < TRACE_STATE_COUNT ? iv->state : 0] += d;
		if (iv->state == TRACE_RUN) {
			if (prev != TRACE_RUN)
				g->switches++;
			if (iv->cpu >= 0 && iv->cpu < 256)
				g->cpus[iv->cpu / 64] |= 1ULL << (iv->cpu % 64);
		} else if (iv->state == TRACE_LOCK_WAIT) {
			if (g->waits == NULL)
				g->waits = xcalloc(1, sizeof *g->waits);
			log_hist_add(g->waits, d);
			g->lock_waits++;
			if (d > g->wait_max_ns)
				g->wait_max_ns = d;
		}
		prev = iv->state;
		g->until_ns = iv->end_ns;
	}
	g->last_state = prev;
	g->intervals += k;
	ll->niv -= k;
	memmove(ll->iv, ll->iv + k, ll->niv * sizeof *ll->iv);
	if (ll->civ > window) {
		ll->civ = window;
		ll->iv = xreallocarray(ll->iv, ll->civ, sizeof *ll->iv);
	}
}

/* Closes the open interval (if any) at ts and opens one in `state`. */
static void
begin_interval(struct log_lane *ll, uint64_t ts, uint8_t state, int16_t cpu,
    uint32_t lock, size_t window)
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
	if (ll->niv >= window)
		scroll_lane(ll, window);
	if (ll->niv == ll->civ) {
		ll->civ = ll->civ ? ll->civ * 2 : 64;
		if (ll->civ > window && window > ll->niv)
			ll->civ = window;
		ll->iv = xreallocarray(ll->iv, ll->civ, sizeof *ll->iv);
	}
	ll->iv[ll->niv].start_ns = ts;
	ll->iv[ll->niv].end_ns = 0;
	ll->iv[ll->niv].state = state;
	ll->iv[ll->niv].cpu = cpu;
	ll->iv[ll->niv].lock = lock;
	ll->niv++;
}

/* The lane that last held `lock` among the holds scrolled out, or -1. */
static int
gone_holder(const struct log *lg, uint32_t lock)
{
	for (int i = 0; i < lg->nlast_holder; i++)
		if (lg->last_holder[i].lock == lock)
			return lg->last_holder[i].lane;
	return -1;
}

/* Notes that `lane` held `lock` last among the holds scrolled out. */
static void
set_gone_holder(struct log *lg, uint32_t lock, int lane)
{
	int n = (int)(sizeof lg->last_holder / sizeof lg->last_holder[0]);
	int i;

	for (i = 0; i < lg->nlast_holder; i++)
		if (lg->last_holder[i].lock == lock)
			break;
	if (i == lg->nlast_holder) {
		if (i == n)
			return;		/* more locks than we follow */
		lg->nlast_holder++;
	}
	lg->last_holder[i].lock = lock;
	lg->last_holder[i].lane = lane;
}

/* Whether an open hold of `lock` among `open` comes before index j. */
static int
open_before(const struct log *lg, const size_t *open, int nopen, size_t j,
    uint32_t lock)
{
	for (int k = 0; k < nopen && open[k] < j; k++)
		if (lg->holds[open[k]].lock == lock)
			return 1;
	return 0;
}

/*
 * Drops the finished holds of the older half of the holds window, after
 * counting them, their hand-offs and their overlaps with every hold after
 * them the way stats_lock counts the window's own. Open holds stay, and
 * the lanes' indices follow them. So do the finished holds of a lock that
 * comes after one of its holds still open: that hold's release may be on
 * its way (the lane not drained that far yet, or a release recorded
 * late, as race.c records them), and whether they overlap it can only
 * be told once it ends. Only when `force` (the window four times its
 * size: a hold open that long is held) do they go, counted as
 * overlapping it. Returns how many holds it dropped.
 */
static size_t
scroll_holds(struct log *lg, int force)
{
	size_t cut = lg->nholds / 2, w = 0, *open;
	unsigned char *kept;
	int nopen = 0;

	/* Open holds among the older half (several a lane, at most). */
	open = xreallocarray(NULL, cut > 0 ? cut : 1, sizeof *open);
	kept = xcalloc(cut > 0 ? cut : 1, 1);
	for (size_t j = 0; j < cut; j++)
		if (lg->holds[j].end_ns == 0)
			open[nopen++] = j;
	for (size_t j = 0; j < cut; j++) {
		const struct log_hold *h = &lg->holds[j];
		int before = -1;

		if (h->end_ns == 0)
			continue;
		if (!force && open_before(lg, open, nopen, j, h->lock)) {
			kept[j] = 1;
			continue;
		}
		lg->holds_gone++;
		for (size_t k = j; k-- > 0;)
			if (lg->holds[k].lock == h->lock) {
				before = lg->holds[k].lane;
				break;
			}
		if (before < 0)
			before = gone_holder(lg, h->lock);
		if (before >= 0 && before != h->lane)
			lg->holder_changes_gone++;
		for (size_t k = j + 1; k < lg->nholds; k++) {
			if (lg->holds[k].start_ns >= h->end_ns)
				break;
			if (lg->holds[k].lock == h->lock)
				lg->overlaps_gone++;
		}
		for (int k = 0; k < nopen && open[k] < j; k++)
			if (lg->holds[open[k]].lock == h->lock)
				lg->overlaps_gone++;
	}
	for (size_t j = 0; j < cut; j++)
		if (lg->holds[j].end_ns != 0 && !kept[j])
			set_gone_holder(lg, lg->holds[j].lock, lg->holds[j].lane);
	for (size_t j = 0; j < lg->nholds; j++) {
		if (j < cut && lg->holds[j].end_ns != 0 && !kept[j])
			continue;
		if (lg->holds[j].end_ns == 0) {
			struct log_lane *ll = &lg->lanes[lg->holds[j].lane];

			for (int k = 0; k < ll->nheld; k++)
				if (ll->held[k] == (int)j)
					ll->held[k] = (int)w;
		}
		lg->holds[w++] = lg->holds[j];
	}
	cut = lg->nholds - w;
	lg->nholds = w;
	free(open);
	free(kept);
	return cut;
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
	if (lg->npoints == LOG_WINDOW_POINTS) {
		size_t k = lg->npoints / 2;

		lg->points_gone += k;
		lg->npoints -= k;
		memmove(lg->points, lg->points + k,
		    lg->npoints * sizeof *lg->points);
	}
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
			    ev->state == TRACE_LOCK_WAIT ? ev->arg : 0,
			    lane_window(lg));
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
		begin_interval(ll, ev->ts_ns, TRACE_RUN, ev->cpu, 0,
		    lane_window(lg));
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
	/*
	 * Holds scroll between polls, never in the middle of one: lanes are
	 * drained one after the other, so in the middle of a poll a hold
	 * whose release waits further down its own lane looks open, and
	 * every hold of the lanes drained before it that started later
	 * would count as overlapping it. A poll adds at most what the rings
	 * held, so the window stays bounded; holds kept behind one still
	 * open (see scroll_holds) go once it ends, or at four windows.
	 */
	while (lg->nholds >= LOG_WINDOW_HOLDS && scroll_holds(lg,
	    lg->nholds >= 4 * (size_t)LOG_WINDOW_HOLDS) > 0)
		;
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

uint64_t
log_window_ns(const struct log *lg)
{
	uint64_t from = 0;

	for (int i = 0; i < lg->nlanes; i++)
		if (lg->lanes[i].gone.until_ns > from)
			from = lg->lanes[i].gone.until_ns;
	return from;
}

uint64_t
log_scrolled(const struct log *lg)
{
	uint64_t n = 0;

	for (int i = 0; i < lg->nlanes; i++)
		n += lg->lanes[i].gone.intervals;
	return n;
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
