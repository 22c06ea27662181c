/*
 * gil.h - a global interpreter lock that behaves like CPython's.
 *
 * The new GIL (CPython 3.2 and later) is a flag guarded by a mutex and a
 * condition variable. A thread that finds it taken waits on the condition
 * for one switch interval; if the holder has not changed in that time it
 * sets a drop request. The holder looks at the request between bytecodes
 * (gil_check) and drops the lock, waking one waiter; with forced
 * switching it then clears the request and waits until some other thread
 * has taken the GIL, so it cannot just grab it back. A thread that drops
 * the GIL because it is finishing does not wait. The request names
 * nobody: whichever waiter gets the mutex first takes the GIL, so the one
 * that asked may lose to another.
 *
 * The old GIL (Python 2) has no requests: the holder releases and at once
 * re-acquires every 100 ticks, and whoever wins the race gets it; on a
 * multicore machine that is nearly always the thread that just let go.
 *
 * Every take and drop is recorded in the trace: lock-wait while waiting,
 * an acquire/release pair around each hold (lock id 0), drop requests as
 * point events. Holds can therefore be checked: never two at once. A
 * holder is running only while the OS lets it (see work.h): each drop
 * looks at its CPU clock first, and time it lost holding the GIL shows
 * as ready, not running.
 */
#ifndef TIMESLICE_ENGINE_GIL_H
#define TIMESLICE_ENGINE_GIL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/work.h"
#include "trace/trace.h"

#define GIL_LOCK_ID 0
#define GIL_OLD_TICKS 100

struct gil {
	pthread_mutex_t	mutex;		/* guards locked, holder, switch_number */
	pthread_cond_t	cond;		/* signalled when the GIL is released */
	pthread_mutex_t	switch_mutex;	/* forced switching */
	pthread_cond_t	switch_cond;	/* signalled when the GIL is taken */
	int		locked;
	uint64_t	switch_number;	/* changes of hands so far */
	_Atomic int	holder;		/* lane holding it, or -1 */
	_Atomic int	last_holder;	/* lane that took it last */
	_Atomic int	drop_request;	/* the eval breaker */
	/*
	 * Drops made on a request, and those whose dropper found the mutex
	 * taken and slept on it (see gil_drop): tests and docs/FIDELITY.md
	 * compare the second with CPython's.
	 */
	_Atomic uint64_t drops_asked;
	_Atomic uint64_t drops_slept;
	uint64_t	interval_ns;
	bool		old;
	struct trace	*trace;
};

/*
 * Per-thread interpreter state: the lane, the old GIL's tick count, and
 * the watch on the lane's CPU clock while it holds the GIL and runs.
 */
struct gil_thread {
	struct gil	*gil;
	int		 lane;
	int		 ticks;
	struct preempt	 pp;
};

/* Sets up a GIL with the switch interval in ms. Returns 0 or an errno. */
int	gil_init(struct gil *, struct trace *, double interval_ms, bool old);
void	gil_release(struct gil *);

/* Takes the GIL for `ts` (blocking), recording the wait and the hold. */
void	gil_take(struct gil_thread *ts);

/*
 * Drops the GIL; if a drop was requested, waits for another to take it,
 * unless the thread is finishing (`next` is TRACE_DONE). `next` is the
 * state the thread is in once it lets go (lock-wait, io, done): it is
 * recorded before the release, so at most one lane is ever seen running
 * under a GIL.
 */
void	gil_drop(struct gil_thread *ts, enum trace_state next);

/* The slow half of gil_check: drop and take again. */
void	gil_yield(struct gil_thread *ts);

/*
 * What the interpreter does between two bytecodes: honour a drop request
 * (new GIL) or count a tick and switch every 100 (old GIL).
 */
static inline void
gil_check(struct gil_thread *ts)
{
	struct gil *g = ts->gil;

	if (g->old) {
		if (++ts->ticks >= GIL_OLD_TICKS) {
			ts->ticks = 0;
			gil_yield(ts);
		}
	} else if (atomic_load_explicit(&g->drop_request,
	    memory_order_relaxed)) {
		gil_yield(ts);
	}
}

#endif
