/*
 * deadlock.c - threads taking two locks each in opposite orders.
 *
 * The workers keep a small wait-for table beside the trace: which thread
 * holds each lock and which lock each thread is waiting for, updated at
 * exactly the places the trace records an acquire, a release or a wait.
 * A thread never blocks for good: it waits for a lock in slices of
 * DL_SLICE_NS (pthread_mutex_timedlock) and, between two, follows the
 * table from itself (the lock it wants, who holds that, what they want...).
 * Coming back to itself means a cycle; once the same thread has seen one
 * for DL_CONFIRM units in a row it tells everyone to stop. Edges are set
 * only while true (a holder clears its entry before it unlocks, a waiter
 * sets its wish before it tries), so the table can miss an edge for a
 * moment but never shows one that was not there; confirming over time
 * covers reading the table at slightly different instants.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/deadlock.h"
#include "engine/engines.h"
#include "engine/work.h"
#include "util.h"

#define DL_SLICE_NS 1000000ull		/* one timed attempt */
#define DL_CONFIRM 4			/* units a cycle must last */
#define DL_CONFIRM_MIN_NS 20000000ull	/* ... but at least this long */
#define DL_CONFIRM_MAX_NS 1000000000ull	/* ... and at most this */

struct dl {
	struct trace		*trace;
	const struct params	*params;
	int			 n;
	pthread_mutex_t		 locks[DEADLOCK_MAX_THREADS];
	_Atomic int		 holder[DEADLOCK_MAX_THREADS];	/* or -1 */
	_Atomic int		 wants[DEADLOCK_MAX_THREADS];	/* or -1 */
	_Atomic int		 stop;		/* a cycle was confirmed */
	_Atomic uint64_t	 found_ns;	/* when */
	_Atomic uint64_t	 seen_ns;	/* when its finder first saw it */
	_Atomic int		 rounds;	/* threads that got both locks */
	uint64_t		 confirm_ns;
	pthread_barrier_t	 start;
};

struct dl_worker {
	struct dl	*dl;
	int		 index;
	int		 lane;
};

/* Trace id of lock `k`: 1-based, 0 being the GIL's. */
static uint32_t
lock_id(int k)
{
	return (uint32_t)k + 1;
}

/* True once the run must wind down: a confirmed cycle or a stop request. */
static int
stopping(struct dl *dl)
{
	return atomic_load(&dl->stop) || trace_stopping(dl->trace);
}

/* Whether following the table from thread `me` comes back to it. */
static int
in_cycle(struct dl *dl, int me)
{
	int cur = me;

	for (int steps = 0; steps < dl->n; steps++) {
		int l = atomic_load(&dl->wants[cur]), h;

		if (l < 0 || (h = atomic_load(&dl->holder[l])) < 0)
			return 0;
		if ((cur = h) == me)
			return 1;
	}
	return 0;
}

/* Takes lock k (recording the wait if it has to), or gives up: -1. */
static int
take(struct dl_worker *w, int k, uint64_t *seen)
{
	struct dl *dl = w->dl;
	struct trace *t = dl->trace;
	int rc;

	if ((rc = pthread_mutex_trylock(&dl->locks[k])) != 0) {
		atomic_store(&dl->wants[w->index], k);
		trace_record(t, w->lane, TRACE_EV_STATE, TRACE_LOCK_WAIT,
		    lock_id(k));
		for (;;) {
			struct timespec at;
			uint64_t now;

			/* Real time: what pthread_mutex_timedlock measures. */
			clock_gettime(CLOCK_REALTIME, &at);
			at.tv_nsec += (long)DL_SLICE_NS;
			if (at.tv_nsec >= 1000000000L) {
				at.tv_sec++;
				at.tv_nsec -= 1000000000L;
			}
			rc = pthread_mutex_timedlock(&dl->locks[k], &at);
			if (rc == 0 && stopping(dl)) {
				/* Freed by a thread that gave up: so do we. */
				pthread_mutex_unlock(&dl->locks[k]);
				rc = ETIMEDOUT;
			}
			if (rc == 0)
				break;
			if (stopping(dl) || rc != ETIMEDOUT) {
				atomic_store(&dl->wants[w->index], -1);
				return -1;
			}
			now = clock_now_ns();
			if (!in_cycle(dl, w->index))
				*seen = 0;
			else if (*seen == 0)
				*seen = now;
			else if (now - *seen >= dl->confirm_ns &&
			    !atomic_exchange(&dl->stop, 1)) {
				atomic_store(&dl->seen_ns, *seen);
				atomic_store(&dl->found_ns, now);
			}
		}
		atomic_store(&dl->wants[w->index], -1);
	}
	atomic_store(&dl->holder[k], w->index);
	trace_record(t, w->lane, TRACE_EV_ACQUIRE, TRACE_NONE, lock_id(k));
	trace_state(t, w->lane, TRACE_RUN);
	return 0;
}

/* Lets go of lock k: recorded first, so holds never overlap. */
static void
give(struct dl_worker *w, int k)
{
	struct dl *dl = w->dl;

	trace_record(dl->trace, w->lane, TRACE_EV_RELEASE, TRACE_NONE,
	    lock_id(k));
	atomic_store(&dl->holder[k], -1);
	pthread_mutex_unlock(&dl->locks[k]);
}

/* A unit of work while holding a lock: a sleep, shown as I/O. */
static void
unit(struct dl_worker *w)
{
	trace_state(w->dl->trace, w->lane, TRACE_IO);
	work_io(w->dl->trace, w->dl->params->unit_ms);
	trace_state(w->dl->trace, w->lane, TRACE_RUN);
}

/* `with lock[first]: work; with lock[second]: work`. */
static void *
dl_main(void *arg)
{
	struct dl_worker *w = arg;
	struct dl *dl = w->dl;
	int first = w->index, second = (w->index + 1) % dl->n;
	uint64_t seen = 0;

	if (dl->params->ordered && second < first) {
		first = second;
		second = w->index;
	}
	work_worker_begin(dl->params->cores);
	trace_lane_bind(dl->trace, w->lane);
	pthread_barrier_wait(&dl->start);
	trace_state(dl->trace, w->lane, TRACE_RUN);
	if (take(w, first, &seen) == 0) {
		unit(w);
		if (!stopping(dl) && take(w, second, &seen) == 0) {
			unit(w);
			atomic_fetch_add(&dl->rounds, 1);
			give(w, second);
		}
		give(w, first);
	}
	trace_state(dl->trace, w->lane, TRACE_DONE);
	trace_lane_finish(dl->trace, w->lane);
	return NULL;
}

int
engine_deadlock(const struct params *p, struct trace *t, struct result *r,
    char **cause)
{
	struct dl dl;
	struct dl_worker ws[DEADLOCK_MAX_THREADS];
	int n = p->workers, rc = 0, err, nlocks = 0;
	uint64_t confirm;

	if (n < 2 || n > DEADLOCK_MAX_THREADS) {
		xasprintf(cause, "--workers: %d is out of range (allowed: 2 to "
		    "%d)", n, DEADLOCK_MAX_THREADS);
		return -1;
	}
	memset(&dl, 0, sizeof dl);
	dl.trace = t;
	dl.params = p;
	dl.n = n;
	confirm = (uint64_t)(p->unit_ms * 1e6) * DL_CONFIRM;
	dl.confirm_ns = confirm < DL_CONFIRM_MIN_NS ? DL_CONFIRM_MIN_NS :
	    confirm > DL_CONFIRM_MAX_NS ? DL_CONFIRM_MAX_NS : confirm;
	for (; nlocks < n; nlocks++) {
		if ((err = pthread_mutex_init(&dl.locks[nlocks], NULL)) != 0) {
			xasprintf(cause, "cannot create a lock: %s",
			    strerror(err));
			rc = -1;
			goto out;
		}
		atomic_init(&dl.holder[nlocks], -1);
		atomic_init(&dl.wants[nlocks], -1);
	}
	for (int i = 0; i < n; i++) {
		char name[TRACE_NAME_MAX];

		snprintf(name, sizeof name, "thread %d", i + 1);
		ws[i].dl = &dl;
		ws[i].index = i;
		if ((ws[i].lane = trace_lane_add(t, name, TRACE_KIND_THREAD,
		    i + 1)) < 0) {
			xasprintf(cause, "too many lanes (at most %d)",
			    TRACE_MAX_LANES);
			rc = -1;
			goto out;
		}
	}
	if ((err = pthread_barrier_init(&dl.start, NULL, (unsigned)n)) != 0) {
		xasprintf(cause, "cannot create a barrier: %s", strerror(err));
		rc = -1;
		goto out;
	}
	r->start_ns = clock_now_ns();
	rc = engine_run_threads(n, dl_main, ws, sizeof ws[0], t, cause);
	r->end_ns = clock_now_ns();
	pthread_barrier_destroy(&dl.start);
	result_metric(r, "deadlocked", atomic_load(&dl.found_ns) != 0);
	result_metric(r, "detect_ms", atomic_load(&dl.found_ns) != 0 ?
	    (double)(atomic_load(&dl.found_ns) - atomic_load(&dl.seen_ns)) /
	    1e6 : 0);
	result_metric(r, "rounds_done", atomic_load(&dl.rounds));
out:
	for (int i = 0; i < nlocks; i++)
		pthread_mutex_destroy(&dl.locks[i]);
	return rc;
}
