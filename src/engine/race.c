/*
 * race.c - threads adding one to a shared counter, first without a lock
 * and then with one, to show lost updates and how a lock prevents them.
 *
 * Python's `counter += 1` is three steps: load, add, store. Here the
 * counter is a C atomic read and written with separate relaxed operations,
 * which is exactly that: the read-modify-write is not atomic, so two
 * threads can read the same value and one increment is lost, but there is
 * no undefined behaviour in C (and nothing for ThreadSanitizer to flag:
 * the race being taught is a logical one). A bytecode between the load and
 * the store widens the window as an interpreter's dispatch would.
 *
 * Each thread does its share of units x 1000 increments in each phase.
 * The threads of a phase start together at a barrier so they overlap.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engines.h"
#include "engine/work.h"
#include "i18n.h"
#include "util.h"

#define RACE_PER_UNIT 1000
#define RACE_LOCK_ID 1
/* Increments between two looks at a racer's CPU clock (a system call). */
#define RACE_LOOK_EVERY 2048

struct race {
	_Atomic uint64_t	counter;
	pthread_mutex_t		mutex;
	int			owner;		/* last lane to lock it (mutex) */
	pthread_barrier_t	barrier;
	struct trace		*trace;
	const struct params	*params;
	int			 locked;	/* phase: 0 without, 1 with */
};

struct racer {
	struct race	*race;
	int		 lane;
	uint64_t	 increments;
	uint64_t	 cpu_ns;
};

/* counter += 1 as an interpreter does it: load, add, store. */
static inline uint64_t
increment(struct race *rc, uint64_t x)
{
	uint64_t v = atomic_load_explicit(&rc->counter, memory_order_relaxed);

	x = work_bytecode(x ^ v);
	atomic_store_explicit(&rc->counter, v + 1, memory_order_relaxed);
	return x;
}

/* A thread's view of its own hold, for recording it lazily. */
struct held {
	int		pending;	/* released, release not recorded yet */
	uint64_t	release_ns;	/* when that release happened */
};

/*
 * `with lock: counter += 1`, recorded without drowning the reader.
 * Two threads can hand a mutex millions of times a second; one event per
 * lock and unlock would outrun any ring. So a hold in the trace is a run
 * of acquisitions by one thread with nobody else holding the lock in
 * between: a thread that unlocks notes the time and records the release
 * only once it finds that someone else took the lock (or at the end);
 * a thread that keeps getting it back keeps one hold. Every timestamp is
 * still the real moment, and holds of different threads never overlap.
 *
 * Running means on a CPU: wherever the lane records something in the
 * middle of its run (a release found late, a new hold), it first looks
 * at its CPU clock, so time the OS gave to another thread shows as
 * ready; and every RACE_LOOK_EVERY increments it looks while it holds
 * the lock, when no release can be pending.
 */
static uint64_t
locked_increment(struct race *rc, struct racer *me, struct held *h,
    struct preempt *pp, uint64_t i, uint64_t x)
{
	struct trace *t = rc->trace;
	int waited = 0;

	if (pthread_mutex_trylock(&rc->mutex) != 0) {
		/* Someone else holds it: our last hold ended. */
		if (h->pending) {
			trace_record_at(t, me->lane, h->release_ns,
			    TRACE_EV_RELEASE, TRACE_NONE, RACE_LOCK_ID);
			h->pending = 0;
		}
		work_run_end(pp, t, me->lane, TRACE_LOCK_WAIT);
		pthread_mutex_lock(&rc->mutex);
		waited = 1;
	}
	if (h->pending && rc->owner != me->lane) {
		/* It was free, someone took it and let go meanwhile. */
		trace_record_at(t, me->lane, h->release_ns, TRACE_EV_RELEASE,
		    TRACE_NONE, RACE_LOCK_ID);
		h->pending = 0;
	}
	if (waited)
		work_run_begin(pp, t, me->lane);
	if (!h->pending) {
		/*
		 * A new hold: stamped with a look taken now that the lock
		 * is ours, so it never starts before the last one ended.
		 */
		if (!waited)
			work_preempt_check(pp, t, me->lane);
		trace_record_at(t, me->lane, work_look_ts(pp, t, me->lane),
		    TRACE_EV_ACQUIRE, TRACE_NONE, RACE_LOCK_ID);
	} else if (i % RACE_LOOK_EVERY == 0)
		work_preempt_check(pp, t, me->lane);
	rc->owner = me->lane;
	x = increment(rc, x);
	h->pending = 1;
	h->release_ns = clock_now_ns();
	pthread_mutex_unlock(&rc->mutex);
	return x;
}

static void *
racer_main(void *arg)
{
	struct racer *me = arg;
	struct race *rc = me->race;
	struct trace *t = rc->trace;
	struct held held = { 0, 0 };
	struct preempt pp;
	uint64_t x = (uint64_t)me->lane, cpu0;

	work_worker_begin(rc->params->cores);
	trace_lane_bind(t, me->lane);
	pthread_barrier_wait(&rc->barrier);
	cpu0 = clock_thread_cpu_ns();
	if (me->increments == 0) {
		/* Nothing to add: idle, never running. */
		trace_state(t, me->lane, TRACE_IDLE);
		me->cpu_ns += clock_thread_cpu_ns() - cpu0;
		return NULL;
	}
	work_run_begin(&pp, t, me->lane);
	work_mark(&pp, t, me->lane, (uint32_t)rc->locked);
	for (uint64_t i = 0; i < me->increments; i++) {
		if (!rc->locked) {
			x = increment(rc, x);
			if (i % RACE_LOOK_EVERY == 0)
				work_preempt_check(&pp, t, me->lane);
		} else {
			x = locked_increment(rc, me, &held, &pp, i, x);
		}
		if (i % 1024 == 0 && trace_stopping(t))
			break;
	}
	if (held.pending)
		trace_record_at(t, me->lane, held.release_ns,
		    TRACE_EV_RELEASE, TRACE_NONE, RACE_LOCK_ID);
	work_run_end(&pp, t, me->lane, TRACE_IDLE);
	work_sink(x);
	me->cpu_ns += clock_thread_cpu_ns() - cpu0;
	return NULL;
}

int
engine_race(const struct params *p, struct trace *t, struct result *r,
    char **cause)
{
	struct race rc;
	struct racer *rs;
	uint64_t expected = (uint64_t)p->units * RACE_PER_UNIT, got[2] = {0, 0};
	int n = p->workers, err, ret = 0;

	memset(&rc, 0, sizeof rc);
	rc.trace = t;
	rc.params = p;
	if ((err = pthread_mutex_init(&rc.mutex, NULL)) != 0) {
		xasprintf(cause, "cannot create the lock: %s", strerror(err));
		return -1;
	}
	rs = xcalloc((size_t)n, sizeof *rs);
	for (int i = 0; i < n; i++) {
		rs[i].race = &rc;
		rs[i].increments = (uint64_t)work_share(p->units, n, i) *
		    RACE_PER_UNIT;
		if ((rs[i].lane = engine_lane_add(t, TRACE_KIND_THREAD, i + 1,
		    cause, "%s %d", NC_("lane", "thread"), i + 1)) < 0) {
			ret = -1;
			goto out;
		}
	}
	r->start_ns = clock_now_ns();
	for (int phase = 0; phase < 2 && ret == 0; phase++) {
		rc.locked = phase;
		atomic_store(&rc.counter, 0);
		if ((err = pthread_barrier_init(&rc.barrier, NULL,
		    (unsigned)n)) != 0) {
			xasprintf(cause, "cannot create a barrier: %s",
			    strerror(err));
			ret = -1;
			break;
		}
		ret = engine_run_threads(n, racer_main, rs, sizeof *rs, t,
		    cause);
		pthread_barrier_destroy(&rc.barrier);
		got[phase] = atomic_load(&rc.counter);
	}
	r->end_ns = clock_now_ns();
	for (int i = 0; i < n; i++) {
		trace_state(t, rs[i].lane, TRACE_DONE);
		trace_lane_set_cpu(t, rs[i].lane, rs[i].cpu_ns);
	}
	result_metric(r, "expected", (double)expected);
	result_metric(r, "unlocked_count", (double)got[0]);
	result_metric(r, "lost_updates", (double)(expected - got[0]));
	result_metric(r, "locked_count", (double)got[1]);
	result_metric(r, "locked_lost_updates", (double)(expected - got[1]));
out:
	free(rs);
	pthread_mutex_destroy(&rc.mutex);
	return ret;
}

int
baseline_none(struct params *p)
{
	(void)p;
	return -1;
}
