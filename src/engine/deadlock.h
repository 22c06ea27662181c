/*
 * deadlock.h - the `deadlock` scenario: threads that each take two locks
 * of a ring in opposite orders, get stuck, and are found out.
 */
#ifndef TIMESLICE_ENGINE_DEADLOCK_H
#define TIMESLICE_ENGINE_DEADLOCK_H

#include "engine/params.h"
#include "engine/result.h"
#include "trace/trace.h"

#define DEADLOCK_MAX_THREADS 8

/*
 * Runs --workers threads over as many locks in a ring: thread i takes
 * lock i, does a unit of work (a sleep of --unit-ms, as time.sleep in the
 * classic Python example), then takes lock i+1. Every thread ends up
 * holding one lock and waiting for its neighbour's: a cycle. The threads
 * wait with timed attempts and watch the wait-for graph they share; once
 * a cycle has lasted a few units, they all give up, release what they
 * hold and finish, so nothing stays blocked. With --ordered each thread
 * takes the lower-numbered of its two locks first, and all finish.
 *
 * Locks are named "lock 1".."lock N" (trace lock ids 1..N); every wait
 * is recorded as TRACE_LOCK_WAIT with the lock's id as its arg, so the
 * reader can rebuild the same graph from the trace (waitfor.h).
 */
int	engine_deadlock(const struct params *, struct trace *,
	    struct result *, char **cause);

#endif
