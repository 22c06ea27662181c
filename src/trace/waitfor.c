/*
 * waitfor.c - replaying a log's holds and lock waits as a wait-for graph.
 *
 * Every hold and every lock-wait interval gives two steps, its start and
 * its end; sorted by time (ends first at one instant, since an interval
 * is half-open), they rebuild who held and who waited at each moment. A
 * cycle can only close when an edge appears, and it then passes through
 * the lane whose edge appeared: following the chain from that lane (what
 * it waits for, who holds that, what they wait for...) finds it. Each
 * step costs at most the length of a chain, so a whole log costs its
 * sort.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/waitfor.h"
#include "util.h"

/* One step of the replay. */
struct wf_step {
	uint64_t	ts;
	int		lane;
	int		lock;		/* index into the lock table */
	uint8_t		on;		/* 1: the edge appears, 0: it goes */
	uint8_t		hold;		/* 1: a hold, 0: a wait */
};

/* Ends before starts at one instant; then holds before waits. */
static int
step_cmp(const void *a, const void *b)
{
	const struct wf_step *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (x->on != y->on)
		return x->on - y->on;
	return y->hold - x->hold;
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The index of lock `id` in the sorted table of `n` ids. */
static int
lock_index(const uint32_t *ids, size_t n, uint32_t id)
{
	const uint32_t *p = bsearch(&id, ids, n, sizeof *ids, u32_cmp);

	return p != NULL ? (int)(p - ids) : -1;
}

/* Turns a cycle to start at its lowest lane, so a report reads the same
 * whichever thread closed it. */
static void
rotate(struct waitfor_cycle *c)
{
	struct waitfor_cycle r = *c;
	int lo = 0;

	for (int i = 1; i < c->n; i++)
		if (c->lanes[i] < c->lanes[lo])
			lo = i;
	for (int i = 0; i < c->n; i++) {
		c->lanes[i] = r.lanes[(lo + i) % c->n];
		c->locks[i] = r.locks[(lo + i) % c->n];
	}
}

/*
 * Follows the chain from `from`: stores a cycle through it in *out and
 * returns 1, or returns 0 when the chain ends or loops elsewhere.
 */
static int
follow(int from, const int *waits, const int *holder, const uint32_t *ids,
    int nlanes, struct waitfor_cycle *out)
{
	int cur = from, n = 0;

	while (n <= nlanes) {
		int l = waits[cur], h;

		if (l < 0 || (h = holder[l]) < 0)
			return 0;
		if (n < WAITFOR_MAX_CYCLE) {
			out->lanes[n] = cur;
			out->locks[n] = ids[l];
		}
		n++;
		cur = h;
		if (cur == from) {
			if (n < 2)
				return 0;	/* waits for itself: an artefact */
			out->n = n < WAITFOR_MAX_CYCLE ? n : WAITFOR_MAX_CYCLE;
			rotate(out);
			return 1;
		}
	}
	return 0;
}

int
waitfor_find(const struct log *lg, struct waitfor_cycle *out)
{
	struct wf_step *st;
	uint32_t *ids;
	int *waits, *holder, found = 0;
	size_t nst = 0, cap = 2 * lg->nholds, nids = 0;

	memset(out, 0, sizeof *out);
	for (int l = 0; l < lg->nlanes; l++)
		for (size_t i = 0; i < lg->lanes[l].niv; i++)
			if (lg->lanes[l].iv[i].state == TRACE_LOCK_WAIT)
				cap += 2;
	if (lg->nholds == 0 || cap == 2 * lg->nholds)
		return 0;	/* no holds, or nobody ever waited */

	/* The locks anyone held, sorted, so a lock is a small index. */
	ids = xcalloc(lg->nholds, sizeof *ids);
	for (size_t i = 0; i < lg->nholds; i++)
		ids[i] = lg->holds[i].lock;
	qsort(ids, lg->nholds, sizeof *ids, u32_cmp);
	for (size_t i = 0; i < lg->nholds; i++)
		if (nids == 0 || ids[nids - 1] != ids[i])
			ids[nids++] = ids[i];

	st = xcalloc(cap, sizeof *st);
	for (size_t i = 0; i < lg->nholds; i++) {
		const struct log_hold *h = &lg->holds[i];
		int k = lock_index(ids, nids, h->lock);

		st[nst++] = (struct wf_step){ h->start_ns, h->lane, k, 1, 1 };
		if (h->end_ns != 0)
			st[nst++] = (struct wf_step){ h->end_ns, h->lane, k, 0,
			    1 };
	}
	for (int l = 0; l < lg->nlanes; l++)
		for (size_t i = 0; i < lg->lanes[l].niv; i++) {
			const struct log_interval *iv = &lg->lanes[l].iv[i];
			int k;

			/* A wait for a lock nobody ever held has no edge on. */
			if (iv->state != TRACE_LOCK_WAIT ||
			    (k = lock_index(ids, nids, iv->lock)) < 0)
				continue;
			st[nst++] = (struct wf_step){ iv->start_ns, l, k, 1, 0 };
			if (iv->end_ns != 0)
				st[nst++] = (struct wf_step){ iv->end_ns, l, k,
				    0, 0 };
		}
	qsort(st, nst, sizeof *st, step_cmp);

	waits = xcalloc((size_t)lg->nlanes, sizeof *waits);
	holder = xcalloc(nids, sizeof *holder);
	for (int l = 0; l < lg->nlanes; l++)
		waits[l] = -1;
	for (size_t k = 0; k < nids; k++)
		holder[k] = -1;
	for (size_t i = 0; i < nst && !found; i++) {
		const struct wf_step *s = &st[i];
		int from;

		if (s->hold && s->on)
			holder[s->lock] = s->lane;
		else if (s->hold && holder[s->lock] == s->lane)
			holder[s->lock] = -1;
		else if (!s->hold && s->on)
			waits[s->lane] = s->lock;
		else if (!s->hold && waits[s->lane] == s->lock)
			waits[s->lane] = -1;
		if (!s->on)
			continue;
		/* A new edge: any cycle it closes passes through this lane
		 * (a wait) or through the lane now holding (a hold). */
		from = s->lane;
		if (follow(from, waits, holder, ids, lg->nlanes, out)) {
			out->ts_ns = s->ts;
			found = 1;
		}
	}
	free(waits);
	free(holder);
	free(st);
	free(ids);
	if (!found)
		memset(out, 0, sizeof *out);
	return found;
}

char *
waitfor_lock_name(char *buf, size_t len, uint32_t id)
{
	snprintf(buf, len, "%s %u", id == 0 ? "GIL" : "lock", id);
	return buf;
}
