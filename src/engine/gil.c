/*
 * gil.c - taking and dropping the GIL, new and old style.
 *
 * The shape follows CPython's Python/ceval_gil.c as documented there; the
 * code is timeslice's own. All recording happens outside the mutex's
 * critical path where it can (acquire is stamped after the flag is set,
 * release before it is cleared, see gil_drop) so recorded holds never
 * overlap.
 */
#include <errno.h>
#include <string.h>

#include "engine/gil.h"
#include "trace/clock.h"

/* How often a dropper waiting for the switch looks at the stop flag. */
#define GIL_SWITCH_GUARD_NS 20000000u

/* A wait for a mutex this long went to sleep in the kernel. */
#define GIL_SLEPT_NS 2000u

int
gil_init(struct gil *g, struct trace *t, double interval_ms, bool old)
{
	int rc;

	memset(g, 0, sizeof *g);
	g->trace = t;
	g->old = old;
	g->interval_ns = (uint64_t)(interval_ms * 1e6);
	atomic_init(&g->holder, -1);
	atomic_init(&g->last_holder, -1);
	atomic_init(&g->drop_request, 0);
	atomic_init(&g->drops_asked, 0);
	atomic_init(&g->drops_slept, 0);
	if ((rc = pthread_mutex_init(&g->mutex, NULL)) != 0 ||
	    (rc = pthread_mutex_init(&g->switch_mutex, NULL)) != 0 ||
	    (rc = clock_cond_init(&g->cond)) != 0)
		return rc;
	return clock_cond_init(&g->switch_cond);
}

void
gil_release(struct gil *g)
{
	pthread_mutex_destroy(&g->mutex);
	pthread_mutex_destroy(&g->switch_mutex);
	pthread_cond_destroy(&g->cond);
	pthread_cond_destroy(&g->switch_cond);
}

/*
 * Stamps the caller's hold, which began when it set the flag (under
 * g->mutex, now released), so the hold cannot begin before the previous
 * holder's release was recorded. The lane runs from here: its CPU clock
 * is watched from now unless `keep` (a release taken straight back: the
 * thread never stopped running, and the last look, at the release,
 * still holds; the old GIL does that every 100 ticks, too often to pay a
 * system call each time).
 */
static void
record_hold(struct gil_thread *ts, bool keep)
{
	struct gil *g = ts->gil;
	uint64_t now = clock_now_ns();

	trace_record_at(g->trace, ts->lane, now, TRACE_EV_STATE, TRACE_RUN, 0);
	trace_record_at(g->trace, ts->lane, now, TRACE_EV_ACQUIRE, TRACE_NONE,
	    GIL_LOCK_ID);
	if (!keep)
		work_preempt_start(&ts->pp, now);
}

/*
 * New GIL: wait one interval at a time; when an interval passes with no
 * switch at all, ask the holder to drop. The request names nobody: any
 * waiter may get the GIL when the holder lets go, and often the one that
 * asked does not, as it has just started waiting again.
 */
static void
take_new(struct gil_thread *ts)
{
	struct gil *g = ts->gil;
	struct timespec at;

	pthread_mutex_lock(&g->mutex);
	if (g->locked) {
		trace_state(g->trace, ts->lane, TRACE_LOCK_WAIT);
		while (g->locked) {
			uint64_t saved = g->switch_number;
			int rc;

			clock_deadline(&at, g->interval_ns);
			rc = pthread_cond_timedwait(&g->cond, &g->mutex, &at);
			/*
			 * The holder, asked, comes straight for the mutex
			 * this thread holds until it waits again, and sleeps
			 * on it if it is still held: read what the record
			 * needs first, and raise the flag after, so that
			 * only the record itself stands between the two
			 * (docs/FIDELITY.md, "Like with like").
			 */
			if (rc == ETIMEDOUT && g->locked &&
			    g->switch_number == saved) {
				uint64_t now = clock_now_ns();
				int holder = atomic_load(&g->holder);

				atomic_store_explicit(&g->drop_request, 1,
				    memory_order_relaxed);
				trace_record_at(g->trace, ts->lane, now,
				    TRACE_EV_DROP_REQUEST, TRACE_LOCK_WAIT,
				    (uint32_t)holder);
			}
		}
	}
	/*
	 * The flag and the last holder change under switch_mutex too, so a
	 * dropper waiting for the switch cannot miss it. Only a change of
	 * hands counts as a switch: a thread taking back the GIL it let go
	 * of, with nobody in between, has not let anyone run.
	 */
	pthread_mutex_lock(&g->switch_mutex);
	g->locked = 1;
	atomic_store(&g->holder, ts->lane);
	if (atomic_load(&g->last_holder) != ts->lane) {
		atomic_store(&g->last_holder, ts->lane);
		g->switch_number++;
	}
	/* Forced switching: at most one dropper waits for this. */
	pthread_cond_signal(&g->switch_cond);
	pthread_mutex_unlock(&g->switch_mutex);
	/* The new holder must not drop at once on a request already met. */
	atomic_store_explicit(&g->drop_request, 0, memory_order_relaxed);
	pthread_mutex_unlock(&g->mutex);
	record_hold(ts, false);
}

/*
 * Old GIL: a plain lock; whoever gets the mutex first when it is free
 * wins. `again`: the caller released it a moment ago and kept running.
 */
static void
take_old(struct gil_thread *ts, bool again)
{
	struct gil *g = ts->gil;
	bool waited = false;

	pthread_mutex_lock(&g->mutex);
	if (g->locked) {
		trace_state(g->trace, ts->lane, TRACE_LOCK_WAIT);
		while (g->locked)
			pthread_cond_wait(&g->cond, &g->mutex);
		waited = true;
	}
	g->locked = 1;
	g->switch_number++;
	atomic_store(&g->holder, ts->lane);
	atomic_store(&g->last_holder, ts->lane);
	pthread_mutex_unlock(&g->mutex);
	record_hold(ts, again && !waited);
}

void
gil_take(struct gil_thread *ts)
{
	if (ts->gil->old)
		take_old(ts, false);
	else
		take_new(ts);
}

/*
 * Records the end of a hold at `end`, read before the flag was cleared:
 * the lane's last look at its CPU clock, what it does next, the release.
 */
static void
record_release(struct gil_thread *ts, uint64_t end, enum trace_state next)
{
	struct gil *g = ts->gil;

	work_run_end_at(&ts->pp, g->trace, ts->lane, end, next);
	trace_record_at(g->trace, ts->lane, end, TRACE_EV_RELEASE, TRACE_NONE,
	    GIL_LOCK_ID);
}

/*
 * The new GIL's holder records its release after letting go, stamped
 * before. The last look at its CPU clock is a system call, half a
 * microsecond here, and CPython's holder does nothing between seeing a
 * drop request and letting go: made first, the look gave the thread
 * that asked time to finish starting its next wait, which turned the
 * three-thread convoy's hand-offs the other way (docs/FIDELITY.md). The
 * next holder stamps its acquire after it set the flag, so holds still
 * never overlap; the log may see that acquire before this release, but
 * only counts a hold still open as overlapping once thousands of holds
 * have started after it (log.c, scroll_holds). The old GIL takes the
 * lock straight back, with nothing in between either, so its release is
 * recorded first, as the look would otherwise hold the re-take back.
 */
void
gil_drop(struct gil_thread *ts, enum trace_state next)
{
	struct gil *g = ts->gil;
	uint64_t end = clock_now_ns();
	int requested, slept = 0;

	if (g->old)
		record_release(ts, end, next);
	/*
	 * The new GIL's mutex is taken as pthread_mutex_lock would take it,
	 * with a look at the clock when it is not free, to count the drops
	 * on request whose holder went to sleep on it; counted after the
	 * release, so only that look delays it.
	 */
	if (g->old) {
		pthread_mutex_lock(&g->mutex);
	} else if (pthread_mutex_trylock(&g->mutex) != 0) {
		uint64_t t0 = clock_now_ns();

		pthread_mutex_lock(&g->mutex);
		slept = clock_now_ns() - t0 > GIL_SLEPT_NS;
	}
	/*
	 * Whether this drop was asked for, read while no request can come
	 * (waiters ask under the mutex) and before the next holder, which
	 * clears the flag as it takes the GIL, can have taken it: read
	 * after the release, as CPython reads it, it could already be
	 * cleared by then, and the dropper went on without waiting for the
	 * switch it was asked for.
	 */
	requested = !g->old && atomic_load_explicit(&g->drop_request,
	    memory_order_relaxed);
	g->locked = 0;
	atomic_store(&g->holder, -1);
	pthread_cond_signal(&g->cond);
	pthread_mutex_unlock(&g->mutex);
	if (requested) {
		atomic_fetch_add_explicit(&g->drops_asked, 1,
		    memory_order_relaxed);
		if (slept)
			atomic_fetch_add_explicit(&g->drops_slept, 1,
			    memory_order_relaxed);
	}
	if (!g->old)
		record_release(ts, end, next);

	/*
	 * A thread that is finishing lets go for good and does not wait for
	 * the switch, as CPython's last release at thread exit does not: its
	 * lane is done, and there may be no one left to take the GIL.
	 */
	if (!requested || next == TRACE_DONE)
		return;
	/*
	 * Forced switching: we were asked to let someone else run, so do not
	 * race them for the lock; wait until another thread has taken it. We
	 * meet the request ourselves before waiting, so it is not pending
	 * while nobody holds the GIL. The wake-up comes from the new holder;
	 * the timeout only bounds the wait by the stop flag in case every
	 * waiter left. A thread going to I/O waits too, shown waiting for
	 * the lock, and then goes on to its I/O.
	 */
	pthread_mutex_lock(&g->switch_mutex);
	if (atomic_load(&g->last_holder) == ts->lane) {
		atomic_store_explicit(&g->drop_request, 0,
		    memory_order_relaxed);
		if (next != TRACE_LOCK_WAIT)
			trace_state(g->trace, ts->lane, TRACE_LOCK_WAIT);
		while (atomic_load(&g->last_holder) == ts->lane &&
		    !trace_stopping(g->trace)) {
			struct timespec at;

			clock_deadline(&at, GIL_SWITCH_GUARD_NS);
			pthread_cond_timedwait(&g->switch_cond,
			    &g->switch_mutex, &at);
		}
		if (next != TRACE_LOCK_WAIT)
			trace_state(g->trace, ts->lane, next);
	}
	pthread_mutex_unlock(&g->switch_mutex);
}

void
gil_yield(struct gil_thread *ts)
{
	gil_drop(ts, TRACE_LOCK_WAIT);
	if (ts->gil->old)
		take_old(ts, true);
	else
		take_new(ts);
}
