/*
 * semaphore.c - a section only --permits threads may be in at once:
 * --workers threads share `units` entries, and each entry waits for a
 * permit, stays inside for unit-ms and gives the permit back, as
 * `with sem:` does on a threading.Semaphore(K) in Python.
 *
 * The semaphore is built the way CPython builds threading.Semaphore: a
 * counter of free permits under a mutex and a condition that a thread
 * waits on while the counter is zero. A worker's lane reads
 * TRACE_LOCK_WAIT while it waits for a permit and TRACE_BUSY while it is
 * inside (a real wait standing for a download or a database call that
 * the section limits). Every entry and exit records how many threads are
 * inside as a count mark (trace.h), under the semaphore's mutex; the
 * lane's state events are recorded inside that window, so the lanes
 * themselves never show more than `permits` threads inside at once.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engines.h"
#include "engine/work.h"
#include "i18n.h"
#include "trace/clock.h"
#include "trace/stats.h"
#include "util.h"

/* How long a waiting thread waits before it looks at the stop flag. */
#define SEM_POLL_NS 20000000u

struct sem {
	struct trace		*trace;
	const struct params	*params;
	pthread_mutex_t		 mu;
	pthread_cond_t		 freed;		/* a permit came back */
	int			 inside, inside_max;
};

struct sem_thread {
	struct sem	*sem;
	int		 lane;
	int		 entries;	/* entries this thread makes */
	double		*waits;		/* ms waited for each permit */
	int		 nwaits;
};

/* sem.acquire(): waits for a free permit and takes it; -1 on a stop. */
static int
sem_acquire(struct sem_thread *me)
{
	struct sem *s = me->sem;
	uint64_t t0 = clock_now_ns();
	int ok;

	pthread_mutex_lock(&s->mu);
	trace_state(s->trace, me->lane, TRACE_LOCK_WAIT);
	while (s->inside == s->params->permits && !trace_stopping(s->trace)) {
		struct timespec ts;

		clock_deadline(&ts, SEM_POLL_NS);
		pthread_cond_timedwait(&s->freed, &s->mu, &ts);
	}
	if ((ok = s->inside < s->params->permits)) {
		s->inside++;
		if (s->inside > s->inside_max)
			s->inside_max = s->inside;
		trace_record(s->trace, me->lane, TRACE_EV_MARK, TRACE_NONE,
		    TRACE_COUNT_MARK(TRACE_COUNTER_INSIDE, s->inside));
		trace_state(s->trace, me->lane, TRACE_BUSY);
		me->waits[me->nwaits++] = (double)(clock_now_ns() - t0) / 1e6;
	}
	pthread_mutex_unlock(&s->mu);
	return ok ? 0 : -1;
}

/* sem.release(): leaves the section and hands the permit on. */
static void
sem_release(struct sem_thread *me, enum trace_state next)
{
	struct sem *s = me->sem;

	pthread_mutex_lock(&s->mu);
	trace_state(s->trace, me->lane, next);
	s->inside--;
	trace_record(s->trace, me->lane, TRACE_EV_MARK, TRACE_NONE,
	    TRACE_COUNT_MARK(TRACE_COUNTER_INSIDE, s->inside));
	pthread_cond_signal(&s->freed);
	pthread_mutex_unlock(&s->mu);
}

static void *
sem_main(void *arg)
{
	struct sem_thread *me = arg;
	struct sem *s = me->sem;

	work_worker_begin(s->params->cores);
	trace_lane_bind(s->trace, me->lane);
	for (int i = 0; i < me->entries && !trace_stopping(s->trace); i++) {
		if (sem_acquire(me) != 0)
			break;
		work_io(s->trace, s->params->unit_ms);
		/* Out of the section, the next entry waits at once. */
		sem_release(me, i + 1 < me->entries ? TRACE_LOCK_WAIT :
		    TRACE_DONE);
	}
	trace_state(s->trace, me->lane, TRACE_DONE);
	trace_lane_finish(s->trace, me->lane);
	return NULL;
}

/* The scene: one lane per worker, the entries shared out. */
int
engine_semaphore(const struct params *p, struct trace *t, struct result *r,
    char **cause)
{
	struct sem s;
	struct sem_thread *ts;
	double *waits;
	int rc = 0, err, nw = 0;

	memset(&s, 0, sizeof s);
	s.trace = t;
	s.params = p;
	if ((err = pthread_mutex_init(&s.mu, NULL)) != 0) {
		xasprintf(cause, "cannot create the semaphore's lock: %s",
		    strerror(err));
		return -1;
	}
	if ((err = clock_cond_init(&s.freed)) != 0) {
		xasprintf(cause, "cannot create the semaphore's condition: %s",
		    strerror(err));
		pthread_mutex_destroy(&s.mu);
		return -1;
	}
	ts = xcalloc((size_t)p->workers, sizeof *ts);
	waits = xcalloc((size_t)p->units, sizeof *waits);
	for (int i = 0, at = 0; i < p->workers && rc == 0; i++) {
		ts[i].sem = &s;
		ts[i].entries = work_share(p->units, p->workers, i);
		ts[i].waits = waits + at;
		at += ts[i].entries;
		if ((ts[i].lane = engine_lane_add(t, TRACE_KIND_THREAD, i + 1,
		    cause, "%s %d", NC_("lane", "thread"), i + 1)) < 0)
			rc = -1;
	}
	if (rc == 0) {
		r->start_ns = clock_now_ns();
		rc = engine_run_threads(p->workers, sem_main, ts, sizeof *ts,
		    t, cause);
		r->end_ns = clock_now_ns();
		/* Gather the waits of every worker in one run. */
		for (int i = 0; i < p->workers; i++) {
			memmove(waits + nw, ts[i].waits,
			    (size_t)ts[i].nwaits * sizeof *waits);
			nw += ts[i].nwaits;
		}
		result_metric(r, "inside_max", s.inside_max);
		result_metric(r, "permit_wait_p50_ms",
		    stats_percentile(waits, (size_t)nw, 50));
		result_metric(r, "permit_wait_p99_ms",
		    stats_percentile(waits, (size_t)nw, 99));
	}
	free(waits);
	free(ts);
	pthread_cond_destroy(&s.freed);
	pthread_mutex_destroy(&s.mu);
	return rc;
}
