/*
 * convoy.c - the convoy effect: an I/O-bound thread beside CPU-bound
 * threads under the GIL.
 *
 * The I/O thread does `units` blocking waits of `unit-ms` each, holding
 * the GIL only briefly between them, like a thread serving requests. Each
 * time its wait ends it needs the GIL back, and a CPU-bound holder never
 * lets go by itself: the I/O thread waits a whole switch interval, then
 * asks for a drop. So each I/O operation costs about one switch interval
 * extra, whatever the wait itself was. The other `workers - 1` threads
 * spin on bytecodes until the I/O thread is done.
 *
 * With several CPU-bound threads the I/O thread is one waiter among
 * several, and who gets each hand-off turns on microseconds: the holder
 * the I/O thread replaced comes back to wait again either before the GIL
 * moves on (its next interval then sees a switch, nobody asks early, and
 * the I/O thread must ask for itself, which puts it at the back of the
 * queue) or after (it asks on time, and the I/O thread, the oldest
 * waiter, gets the GIL). How long the I/O thread holds the GIL decides
 * which, so it holds it as long as CPython's does (see CONVOY_HANDLE_MS).
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engines.h"
#include "engine/gil.h"
#include "engine/work.h"
#include "i18n.h"
#include "trace/clock.h"
#include "trace/stats.h"
#include "util.h"

/*
 * CPU time the I/O thread spends with the GIL between two waits (handling
 * a request): 10 us of bytecodes. CPython running tools/fidelity/convoy.py
 * holds the GIL 9-15 us (median) from taking it back after a sleep to
 * dropping it for the next, measured with tools/fidelity/condlog.c; a
 * handful of bytecodes (0.2 us) made the model's I/O thread let go before
 * the holder it replaced was back, a race CPython's mostly loses.
 */
#define CONVOY_HANDLE_MS 0.01

/* Longest a spinning CPU thread goes without looking at its CPU clock. */
#define CONVOY_LOOK_NS 10000000u

struct convoy {
	struct gil		 gil;
	struct trace		*trace;
	const struct params	*params;
	_Atomic int		 io_done;
	double			*waits;		/* ms per re-take, I/O thread */
	int			 nwaits;
};

struct convoy_thread {
	struct convoy	*cv;
	struct gil_thread gts;
	int		 io;		/* the I/O-bound one */
};

static void
io_thread(struct convoy_thread *me)
{
	struct convoy *cv = me->cv;
	uint64_t x = 1, handle = work_bytecodes_for_ms(CONVOY_HANDLE_MS);

	gil_take(&me->gts);
	for (int i = 0; i < cv->params->units && !trace_stopping(cv->trace);
	    i++) {
		uint64_t t0;

		for (uint64_t k = 0; k < handle; k++) {
			x = work_bytecode(x);
			gil_check(&me->gts);
		}
		gil_drop(&me->gts, TRACE_IO);
		work_io(cv->trace, cv->params->unit_ms);
		t0 = clock_now_ns();
		gil_take(&me->gts);
		cv->waits[cv->nwaits++] = (double)(clock_now_ns() - t0) / 1e6;
		work_mark(&me->gts.pp, cv->trace, me->gts.lane, (uint32_t)i);
	}
	gil_drop(&me->gts, TRACE_DONE);
	work_sink(x);
	atomic_store(&cv->io_done, 1);
}

/*
 * The CPU threads' interpreter loop, as work_run_bytecodes but with fewer
 * looks at the thread's CPU clock: one when the wall clock jumped between
 * two cheap looks (the thread lost the CPU), one when it moved to another
 * CPU, and one every CONVOY_LOOK_NS. Reading that clock is a system call
 * that brings the thread's time slice up to date in the kernel; made
 * every few microseconds, it let the thread that had just handed the GIL
 * over get a CPU back at once when the holder's slice ran out, about a
 * millisecond sooner than beside CPython's CPU threads, which never enter
 * the kernel while they compute. Back that soon, it asked for the GIL
 * before the I/O thread's interval ran out, on the I/O thread's behalf.
 */
static uint64_t
cpu_spin(struct convoy *cv, struct gil_thread *gts, uint64_t x)
{
	uint64_t last = clock_now_ns(), looked = last, now;
	int cpu = trace_cpu(), at;

	for (uint64_t i = 1;; i++) {
		x = work_bytecode(x);
		gil_check(gts);
		if (i % WORK_CHECK_EVERY != 0)
			continue;
		if (trace_stopping(cv->trace) || atomic_load_explicit(
		    &cv->io_done, memory_order_relaxed))
			break;
		now = clock_now_ns();
		if ((at = trace_cpu()) != cpu) {
			/* As work_run_bytecodes: the look before the event. */
			cpu = at;
			work_preempt_check(&gts->pp, cv->trace, gts->lane);
			trace_record_at(cv->trace, gts->lane, work_look_ts(&gts->pp,
			    cv->trace, gts->lane), TRACE_EV_CPU, TRACE_NONE, 0);
			looked = now;
		} else if (now - last > PREEMPT_MIN_NS ||
		    now - looked > CONVOY_LOOK_NS) {
			work_preempt_check(&gts->pp, cv->trace, gts->lane);
			looked = now;
		}
		last = now;
	}
	work_preempt_check(&gts->pp, cv->trace, gts->lane);
	return x;
}

static void
cpu_thread(struct convoy_thread *me)
{
	struct convoy *cv = me->cv;
	uint64_t x = (uint64_t)me->gts.lane;

	gil_take(&me->gts);
	/* Spins until the I/O thread is done. */
	x = cpu_spin(cv, &me->gts, x);
	gil_drop(&me->gts, TRACE_DONE);
	work_sink(x);
}

static void *
convoy_main(void *arg)
{
	struct convoy_thread *me = arg;

	work_worker_begin(me->cv->params->cores);
	trace_lane_bind(me->cv->trace, me->gts.lane);
	if (me->io)
		io_thread(me);
	else
		cpu_thread(me);
	trace_lane_finish(me->cv->trace, me->gts.lane);
	return NULL;
}

int
engine_convoy(const struct params *p, struct trace *t, struct result *r,
    char **cause)
{
	struct convoy cv;
	struct convoy_thread *ts;
	int n = p->workers < 2 ? 2 : p->workers, rc;
	double secs;

	memset(&cv, 0, sizeof cv);
	cv.trace = t;
	cv.params = p;
	if ((rc = gil_init(&cv.gil, t, p->switch_interval_ms, p->old_gil)) !=
	    0) {
		xasprintf(cause, "cannot create the GIL: %s", strerror(rc));
		return -1;
	}
	cv.waits = xcalloc((size_t)p->units, sizeof *cv.waits);
	ts = xcalloc((size_t)n, sizeof *ts);
	for (int i = 0; i < n; i++) {
		ts[i].cv = &cv;
		ts[i].io = i == 0;
		ts[i].gts.gil = &cv.gil;
		if (i == 0)
			ts[i].gts.lane = engine_lane_add(t, TRACE_KIND_THREAD,
			    i + 1, cause, "%s", NC_("lane", "io thread"));
		else
			ts[i].gts.lane = engine_lane_add(t, TRACE_KIND_THREAD,
			    i + 1, cause, "%s %d", NC_("lane", "cpu thread"), i);
		if (ts[i].gts.lane < 0) {
			rc = -1;
			goto out;
		}
	}
	work_calibrate();
	r->start_ns = clock_now_ns();
	rc = engine_run_threads(n, convoy_main, ts, sizeof *ts, t, cause);
	r->end_ns = clock_now_ns();
	secs = (double)(r->end_ns - r->start_ns) / 1e9;
	result_metric(r, "io_ops", cv.nwaits);
	result_metric(r, "io_ops_per_s", secs > 0 ? cv.nwaits / secs : 0);
	result_metric(r, "io_wait_p50_ms",
	    stats_percentile(cv.waits, (size_t)cv.nwaits, 50));
	result_metric(r, "io_wait_p99_ms",
	    stats_percentile(cv.waits, (size_t)cv.nwaits, 99));
	result_metric(r, "switch_interval_ms", p->switch_interval_ms);
out:
	free(ts);
	free(cv.waits);
	gil_release(&cv.gil);
	return rc;
}

/* Alone, the I/O thread would just do its waits one after another. */
int
baseline_convoy(struct params *p)
{
	p->work = WORK_IO;
	return 0;
}
