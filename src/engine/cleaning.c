/*
 * cleaning.c - cleaning a house: `units` rooms, each unit-ms of CPU work,
 * cleaned by --workers helper threads that share no lock (as processes
 * or free-threaded Python would); a helper takes the next room as soon as
 * it finishes one.
 *
 * Cleaning is real CPU work (bytecodes), unlike cooking a burger, so the
 * helpers compete for the cores: with more helpers than cores the OS
 * time-slices them. A helper's lane reads TRACE_RUN while it cleans a
 * room (a BURGER_CLEAN_ROOM mark each time), TRACE_READY while it wants a
 * core the OS gave to another helper, TRACE_DONE once no room is left.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "engine/burgers.h"
#include "engine/engines.h"
#include "engine/work.h"
#include "i18n.h"
#include "util.h"

struct house {
	struct trace		*trace;
	const struct params	*params;
	_Atomic int		 next_room;
	uint64_t		 per_room;	/* bytecodes */
};

struct helper {
	struct house	*house;
	int		 lane;
	int		 rooms;
	uint64_t	 end_ns;
};

/* Takes the next dirty room, or -1 when none is left (or on a stop). */
static int
next_room(struct house *h)
{
	int room;

	if (trace_stopping(h->trace))
		return -1;
	room = atomic_fetch_add(&h->next_room, 1);
	return room < h->params->units ? room : -1;
}

/*
 * A helper: takes the next dirty room until none is left. A helper who
 * finds no room at all never runs: it is done as soon as it looks.
 */
static void *
helper_main(void *arg)
{
	struct helper *me = arg;
	struct house *h = me->house;
	uint64_t x = (uint64_t)me->lane * 0x9E3779B97F4A7C15ULL + 1;
	struct preempt pp;
	int room;

	work_worker_begin(h->params->cores);
	trace_lane_bind(h->trace, me->lane);
	if ((room = next_room(h)) >= 0) {
		work_run_begin(&pp, h->trace, me->lane);
		do {
			work_mark(&pp, h->trace, me->lane,
			    BURGER_MARK(BURGER_CLEAN_ROOM, room + 1));
			x = work_run_bytecodes(h->trace, me->lane, NULL, &pp,
			    h->per_room, NULL, x);
			me->rooms++;
		} while ((room = next_room(h)) >= 0);
		work_run_end(&pp, h->trace, me->lane, TRACE_DONE);
	} else
		trace_state(h->trace, me->lane, TRACE_DONE);
	me->end_ns = clock_now_ns();
	work_sink(x);
	trace_lane_finish(h->trace, me->lane);
	return NULL;
}

/* The scene: one lane per helper, rooms handed out by a shared counter. */
int
engine_cleaning(const struct params *p, struct trace *t, struct result *r,
    char **cause)
{
	struct house h;
	struct helper *hs = xcalloc((size_t)p->workers, sizeof *hs);
	double idle = 0;
	int rc, rooms = 0, most = 0;

	h.trace = t;
	h.params = p;
	atomic_init(&h.next_room, 0);
	h.per_room = work_bytecodes_for_ms(p->unit_ms);
	for (int i = 0; i < p->workers; i++) {
		hs[i].house = &h;
		if ((hs[i].lane = engine_lane_add(t, TRACE_KIND_THREAD, i + 1,
		    cause, "%s %d", NC_("lane", "helper"), i + 1)) < 0) {
			free(hs);
			return -1;
		}
	}
	r->start_ns = clock_now_ns();
	rc = engine_run_threads(p->workers, helper_main, hs, sizeof *hs, t,
	    cause);
	r->end_ns = clock_now_ns();
	for (int i = 0; i < p->workers; i++) {
		rooms += hs[i].rooms;
		if (hs[i].rooms > most)
			most = hs[i].rooms;
		if (hs[i].end_ns != 0)
			idle += (double)(r->end_ns - hs[i].end_ns) / 1e6;
	}
	result_metric(r, "rooms_cleaned", rooms);
	result_metric(r, "helpers", p->workers);
	result_metric(r, "rooms_max_per_helper", most);
	result_metric(r, "helper_idle_ms", idle);
	free(hs);
	return rc;
}

/* One helper cleans every room, one after another. */
int
baseline_cleaning(struct params *p)
{
	p->work = WORK_CPU;
	return 0;
}
