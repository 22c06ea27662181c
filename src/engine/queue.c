/*
 * queue.c - producer and consumers: one thread makes `units` items and
 * puts each into a bounded queue of --capacity slots, --workers threads
 * take them out and handle them, as queue.Queue(maxsize=K) with put()
 * and get() does in Python.
 *
 * The queue is what Python's is: a mutex, a "not full" condition the
 * producer waits on and a "not empty" condition the consumers wait on.
 * The producer makes an item in a fraction of the time a consumer takes
 * to handle one (UNIT_MS / (2 x workers)), so the queue fills while the
 * consumers are busy and the producer has to wait for a free slot. Its
 * lane reads TRACE_BUSY while it makes an item and TRACE_LOCK_WAIT while
 * the queue is full; a consumer's reads TRACE_BUSY while it handles an
 * item and TRACE_IDLE while the queue is empty. Every put and get records
 * the queue's new depth as a count mark (trace.h), under the queue's
 * mutex, so the depth row of the timeline and the tests replay it from
 * the trace alone.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engines.h"
#include "engine/work.h"
#include "i18n.h"
#include "trace/clock.h"
#include "util.h"

/* How long a blocked thread waits before it looks at the stop flag. */
#define QUEUE_POLL_NS 20000000u

struct bqueue {
	struct trace		*trace;
	const struct params	*params;
	pthread_mutex_t		 mu;
	pthread_cond_t		 not_full, not_empty;
	int			 depth, depth_max;
	int			 closed;	/* the producer is done */
};

struct bq_thread {
	struct bqueue	*q;
	int		 lane;
	int		 producer;
	int		 items;		/* made or handled */
	uint64_t	 waited_ns;	/* blocked on a full or empty queue */
};

/* Waits on `cv` for a while at most, so that a stop request is seen. */
static void
bq_wait(pthread_cond_t *cv, pthread_mutex_t *mu)
{
	struct timespec ts;

	clock_deadline(&ts, QUEUE_POLL_NS);
	pthread_cond_timedwait(cv, mu, &ts);
}

/* Records the depth the caller just left the queue at (mutex held). */
static void
bq_mark(struct bqueue *q, int lane)
{
	if (q->depth > q->depth_max)
		q->depth_max = q->depth;
	trace_record(q->trace, lane, TRACE_EV_MARK, TRACE_NONE,
	    TRACE_COUNT_MARK(TRACE_COUNTER_QUEUE, q->depth));
}

/* queue.put(item): waits for a free slot, then fills it. */
static int
bq_put(struct bq_thread *me)
{
	struct bqueue *q = me->q;
	int ok;

	pthread_mutex_lock(&q->mu);
	if (q->depth == q->params->capacity) {
		uint64_t t0 = clock_now_ns();

		trace_state(q->trace, me->lane, TRACE_LOCK_WAIT);
		while (q->depth == q->params->capacity &&
		    !trace_stopping(q->trace))
			bq_wait(&q->not_full, &q->mu);
		me->waited_ns += clock_now_ns() - t0;
	}
	if ((ok = q->depth < q->params->capacity)) {
		q->depth++;
		bq_mark(q, me->lane);
		pthread_cond_signal(&q->not_empty);
	}
	pthread_mutex_unlock(&q->mu);
	return ok ? 0 : -1;
}

/* queue.get(): waits for an item; -1 once the producer is done and the
 * queue is empty (or on a stop). */
static int
bq_get(struct bq_thread *me)
{
	struct bqueue *q = me->q;
	int ok;

	pthread_mutex_lock(&q->mu);
	if (q->depth == 0 && !q->closed) {
		uint64_t t0 = clock_now_ns();

		trace_state(q->trace, me->lane, TRACE_IDLE);
		while (q->depth == 0 && !q->closed &&
		    !trace_stopping(q->trace))
			bq_wait(&q->not_empty, &q->mu);
		me->waited_ns += clock_now_ns() - t0;
	}
	if ((ok = q->depth > 0)) {
		q->depth--;
		bq_mark(q, me->lane);
		pthread_cond_signal(&q->not_full);
	}
	pthread_mutex_unlock(&q->mu);
	return ok ? 0 : -1;
}

/* The producer: makes an item, puts it, until `units` are in. */
static void
producer(struct bq_thread *me)
{
	struct bqueue *q = me->q;
	double make_ms = q->params->unit_ms / (2.0 * q->params->workers);

	for (int i = 0; i < q->params->units && !trace_stopping(q->trace);
	    i++) {
		trace_state(q->trace, me->lane, TRACE_BUSY);
		work_io(q->trace, make_ms);
		if (bq_put(me) != 0)
			break;
		me->items++;
	}
	pthread_mutex_lock(&q->mu);
	q->closed = 1;
	pthread_cond_broadcast(&q->not_empty);
	pthread_mutex_unlock(&q->mu);
}

/* A consumer: takes items and handles each until none will come. */
static void
consumer(struct bq_thread *me)
{
	struct bqueue *q = me->q;

	/*
	 * A lane begins with a state: waiting for the queue, however short
	 * (an item already there is taken at once). Its first event must
	 * not be a depth mark, which says nothing of what the lane does.
	 */
	trace_state(q->trace, me->lane, TRACE_IDLE);
	while (bq_get(me) == 0) {
		trace_state(q->trace, me->lane, TRACE_BUSY);
		work_io(q->trace, q->params->unit_ms);
		me->items++;
	}
}

static void *
bq_main(void *arg)
{
	struct bq_thread *me = arg;

	work_worker_begin(me->q->params->cores);
	trace_lane_bind(me->q->trace, me->lane);
	if (me->producer)
		producer(me);
	else
		consumer(me);
	trace_state(me->q->trace, me->lane, TRACE_DONE);
	trace_lane_finish(me->q->trace, me->lane);
	return NULL;
}

/* The scene: lane 0 the producer, then one lane per consumer. */
int
engine_queue(const struct params *p, struct trace *t, struct result *r,
    char **cause)
{
	struct bqueue q;
	struct bq_thread *ts;
	int n = p->workers + 1, rc = 0, err, handled = 0;
	double idle = 0;

	memset(&q, 0, sizeof q);
	q.trace = t;
	q.params = p;
	if ((err = pthread_mutex_init(&q.mu, NULL)) != 0) {
		xasprintf(cause, "cannot create the queue's lock: %s",
		    strerror(err));
		return -1;
	}
	if ((err = clock_cond_init(&q.not_full)) != 0 ||
	    (err = clock_cond_init(&q.not_empty)) != 0) {
		xasprintf(cause, "cannot create the queue's conditions: %s",
		    strerror(err));
		pthread_mutex_destroy(&q.mu);
		return -1;
	}
	ts = xcalloc((size_t)n, sizeof *ts);
	for (int i = 0; i < n && rc == 0; i++) {
		ts[i].q = &q;
		ts[i].producer = i == 0;
		if (i == 0)
			ts[i].lane = engine_lane_add(t, TRACE_KIND_THREAD, i + 1,
			    cause, "%s", NC_("lane", "producer"));
		else
			ts[i].lane = engine_lane_add(t, TRACE_KIND_THREAD, i + 1,
			    cause, "%s %d", NC_("lane", "consumer"), i);
		if (ts[i].lane < 0)
			rc = -1;
	}
	if (rc == 0) {
		r->start_ns = clock_now_ns();
		rc = engine_run_threads(n, bq_main, ts, sizeof *ts, t, cause);
		r->end_ns = clock_now_ns();
		for (int i = 1; i < n; i++) {
			handled += ts[i].items;
			idle += (double)ts[i].waited_ns / 1e6;
		}
		result_metric(r, "items", handled);
		result_metric(r, "queue_depth_max", q.depth_max);
		result_metric(r, "producer_blocked_ms",
		    (double)ts[0].waited_ns / 1e6);
		result_metric(r, "consumer_idle_ms", idle);
	}
	free(ts);
	pthread_cond_destroy(&q.not_empty);
	pthread_cond_destroy(&q.not_full);
	pthread_mutex_destroy(&q.mu);
	return rc;
}
