/*
 * check_engine.c - the engines on real runs, judged from their traces:
 * the invariants of every trace, one GIL holder at a time, drop
 * requests only after a whole interval without a switch, one running
 * thread at a time under the GIL, a finished thread staying finished,
 * processes recording from children, the race losing no update under its
 * lock, time off the CPU never drawn as running (preempted: ready; no
 * work: idle or done; cooking: busy), a bounded queue never over its
 * capacity and a semaphore never letting more than its permits in, as
 * rebuilt from the trace. No absolute times here, only lower bounds a
 * sleep guarantees.
 */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/engines.h"
#include "engine/gil.h"
#include "engine/work.h"
#include "testutil.h"

START_TEST(sequential_runs_one_lane_all_the_time)
{
	struct experiment ex;
	struct lane_stats *s;

	tu_run(&ex, "sequential", "units=4 unit-ms=5");
	tu_check_invariants(&ex, 0);
	ck_assert_int_eq(ex.log.nlanes, 1);
	s = &ex.lanes[0];
	ck_assert_uint_eq(s->state_ns[TRACE_LOCK_WAIT], 0);
	ck_assert_uint_gt(s->state_ns[TRACE_RUN], 0);
	/* Four units done: four marks. */
	ck_assert_uint_eq(ex.log.npoints, 4);
	experiment_release(&ex);
}
END_TEST

/* Every pair of RUN intervals from different lanes is disjoint. */
static void
assert_one_running(const struct experiment *ex)
{
	const struct log *lg = &ex->log;

	for (int a = 0; a < lg->nlanes; a++)
		for (int b = a + 1; b < lg->nlanes; b++) {
			const struct log_lane *la = &lg->lanes[a], *lb = &lg->lanes[b];
			size_t i = 0, j = 0;

			while (i < la->niv && j < lb->niv) {
				const struct log_interval *x = &la->iv[i], *y = &lb->iv[j];

				if (x->state != TRACE_RUN) {
					i++;
					continue;
				}
				if (y->state != TRACE_RUN) {
					j++;
					continue;
				}
				ck_assert_msg(x->end_ns <= y->start_ns ||
				    y->end_ns <= x->start_ns,
				    "lanes %d and %d ran at once under the GIL", a, b);
				if (x->end_ns < y->end_ns)
					i++;
				else
					j++;
			}
		}
}

/* Once a lane is done it stays done: no interval follows its DONE. */
static void
assert_done_is_final(const struct log *lg)
{
	for (int i = 0; i < lg->nlanes; i++) {
		const struct log_lane *ll = &lg->lanes[i];

		for (size_t k = 0; k + 1 < ll->niv; k++)
			ck_assert_msg(ll->iv[k].state != TRACE_DONE,
			    "lane %d went on to %s after it was done", i,
			    trace_state_name(ll->iv[k + 1].state));
	}
}

START_TEST(gil_has_one_holder_and_one_runner_at_a_time)
{
	const char *const variants[] = {
		"workers=4 work=cpu units=8 unit-ms=5 switch-interval=1",
		"workers=3 work=mixed units=9 unit-ms=4 switch-interval=1",
		"workers=3 work=cpu units=6 unit-ms=4 old-gil=on",
	};

	for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
		struct experiment ex;

		tu_run(&ex, "gil", variants[v]);
		tu_check_invariants(&ex, 0);
		ck_assert(ex.has_lock);
		ck_assert_uint_gt(ex.lock.holds, 3);
		assert_one_running(&ex);
		assert_done_is_final(&ex.log);
		experiment_release(&ex);
	}
}
END_TEST

START_TEST(gil_switches_on_drop_requests)
{
	struct experiment ex;
	size_t requests = 0;

	tu_run(&ex, "gil", "workers=2 work=cpu units=4 unit-ms=10 "
	    "switch-interval=1");
	for (size_t i = 0; i < ex.log.npoints; i++)
		if (ex.log.points[i].type == TRACE_EV_DROP_REQUEST)
			requests++;
	/* 40 ms of CPU work at a 1 ms interval: the holder was asked to drop
	 * many times and the lock changed hands for it. */
	ck_assert_uint_gt(requests, 5);
	ck_assert_uint_gt(ex.lock.holder_changes, 5);
	experiment_release(&ex);
}
END_TEST

/*
 * A waiter asks the holder to drop only after a whole switch interval in
 * which the GIL did not change hands. From the trace: before every drop
 * request, the last hold by any other lane ended at least one interval
 * earlier. Both ends are stamped on the safe side (a release before the
 * flag is cleared, a request after the timed wait ran out), so this
 * holds however busy the machine is; only a lower bound, never a
 * measured length. Three threads, so that a request can be tempted by a
 * change of hands between two others.
 */
START_TEST(gil_drop_requests_wait_a_whole_interval_without_a_switch)
{
	const uint64_t interval_ns = 2000000;	/* switch-interval=2 */
	const char *const variants[] = {
		"workers=3 work=cpu units=12 unit-ms=5 switch-interval=2",
		"workers=4 work=mixed units=16 unit-ms=4 switch-interval=2",
	};
	size_t checked = 0;

	for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
		struct experiment ex;

		tu_run(&ex, "gil", variants[v]);
		tu_check_invariants(&ex, 0);
		ck_assert_uint_eq(ex.log.points_gone, 0);
		ck_assert_uint_eq(ex.log.holds_gone, 0);
		for (size_t i = 0; i < ex.log.npoints; i++) {
			const struct log_point *pt = &ex.log.points[i];
			const struct log_hold *before = NULL;

			if (pt->type != TRACE_EV_DROP_REQUEST)
				continue;
			/* It names the holder, never the one asking. */
			ck_assert_int_ne((int)pt->arg, pt->lane);
			for (size_t k = 0; k < ex.log.nholds &&
			    ex.log.holds[k].start_ns <= pt->ts_ns; k++)
				if (ex.log.holds[k].lane != (int)pt->arg)
					before = &ex.log.holds[k];
			if (before == NULL)
				continue;	/* the first holder */
			ck_assert_uint_ne(before->end_ns, 0);
			ck_assert_msg(before->end_ns + interval_ns <= pt->ts_ns,
			    "%s: lane %d asked lane %u to drop %.3f ms after "
			    "lane %d let go, within one interval", variants[v],
			    pt->lane, pt->arg, (double)(pt->ts_ns -
			    before->end_ns) / 1e6, before->lane);
			checked++;
		}
		experiment_release(&ex);
	}
	/* A hundred milliseconds of CPU work at a 2 ms interval: the GIL
	 * changed hands on request several times. */
	ck_assert_uint_gt(checked, 3);
}
END_TEST

struct finisher {
	struct gil_thread	*ts;
	_Atomic int		 returned;
};

/* A thread's last release of the GIL, on a thread of its own. */
static void *
finish(void *arg)
{
	struct finisher *f = arg;

	gil_drop(f->ts, TRACE_DONE);
	atomic_store(&f->returned, 1);
	return NULL;
}

/*
 * Forced switching makes a holder asked to drop wait until another
 * thread has the GIL, but not a holder that is finishing: no one may be
 * left to take it. Here the drop request is pending and nobody waits,
 * so a finishing holder that waited would wait until the run stopped.
 */
START_TEST(gil_holder_that_finishes_does_not_wait_for_a_switch)
{
	char *cause = NULL;
	struct trace *t = trace_new(64, &cause);
	struct gil g;
	struct gil_thread ts;
	struct finisher f = { &ts, 0 };
	struct log lg;
	pthread_t th;
	int returned;

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(gil_init(&g, t, 1, false), 0);
	ts.gil = &g;
	ts.ticks = 0;
	ts.lane = trace_lane_add(t, "finisher", TRACE_KIND_THREAD, 1);
	gil_take(&ts);
	/* What a waiter does when its timed wait runs out. */
	atomic_store(&g.drop_request, 1);
	ck_assert_int_eq(pthread_create(&th, NULL, finish, &f), 0);
	/* A bound, not a measurement: only a holder that waits reaches it. */
	for (int i = 0; i < 500 && !atomic_load(&f.returned); i++)
		usleep(10000);
	returned = atomic_load(&f.returned);
	trace_request_stop(t);
	pthread_join(th, NULL);
	ck_assert_msg(returned, "a finishing holder waited for a switch");
	log_init(&lg, t);
	log_poll(&lg);
	assert_done_is_final(&lg);
	ck_assert_int_eq(lg.lanes[ts.lane].iv[lg.lanes[ts.lane].niv - 1].state,
	    TRACE_DONE);
	log_release(&lg);
	gil_release(&g);
	trace_free(t);
}
END_TEST

struct dropper {
	struct gil_thread	*ts;
	enum trace_state	 next;
	_Atomic int		 returned;
};

/* A holder letting go on request, on a thread of its own. */
static void *
drop_on_request(void *arg)
{
	struct dropper *d = arg;

	gil_drop(d->ts, d->next);
	atomic_store(&d->returned, 1);
	return NULL;
}

/* Two threads on the GIL of a new trace (1 ms interval), lanes named. */
static struct trace *
two_on_a_gil(struct gil *g, struct gil_thread *a, struct gil_thread *b,
    const char *na, const char *nb)
{
	char *cause = NULL;
	struct trace *t = trace_new(64, &cause);

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(gil_init(g, t, 1, false), 0);
	a->gil = b->gil = g;
	a->ticks = b->ticks = 0;
	a->lane = trace_lane_add(t, na, TRACE_KIND_THREAD, 1);
	b->lane = trace_lane_add(t, nb, TRACE_KIND_THREAD, 2);
	return t;
}

/*
 * As in CPython, a holder asked to drop clears the request itself and
 * then waits until another thread has the GIL: the request is not left
 * pending while nobody holds the lock, and the dropper does not return
 * before the GIL changed hands.
 */
START_TEST(gil_dropper_meets_the_request_and_waits_for_the_switch)
{
	struct trace *t;
	struct gil g;
	struct gil_thread a, b;
	struct dropper d = { &a, TRACE_LOCK_WAIT, 0 };
	pthread_t th;
	int cleared = 0, early;

	t = two_on_a_gil(&g, &a, &b, "dropper", "taker");
	gil_take(&a);
	atomic_store(&g.drop_request, 1);
	ck_assert_int_eq(pthread_create(&th, NULL, drop_on_request, &d), 0);
	/* A bound, not a measurement: the dropper clears it at once. */
	for (int i = 0; i < 500 && !cleared; i++) {
		pthread_mutex_lock(&g.mutex);
		cleared = !g.locked && atomic_load(&g.drop_request) == 0;
		pthread_mutex_unlock(&g.mutex);
		if (!cleared)
			usleep(10000);
	}
	usleep(20000);
	early = atomic_load(&d.returned);
	gil_take(&b);
	pthread_join(th, NULL);
	ck_assert_msg(cleared, "the dropper left its drop request pending");
	ck_assert_msg(!early, "the dropper returned before the GIL changed "
	    "hands");
	ck_assert_int_eq(atomic_load(&g.last_holder), b.lane);
	gil_drop(&b, TRACE_DONE);
	gil_release(&g);
	trace_free(t);
}
END_TEST

/*
 * A thread that lets go of the GIL to do I/O while a drop request is
 * pending waits for the switch first, as CPython's does, and is shown
 * waiting for the lock meanwhile; once the GIL has changed hands it is
 * in I/O again, not left drawn as waiting for the lock.
 */
START_TEST(gil_thread_going_to_io_waits_for_the_switch_then_does_io)
{
	struct trace *t;
	struct gil g;
	struct gil_thread a, b;
	struct dropper d = { &a, TRACE_IO, 0 };
	struct log lg;
	const struct log_lane *l;
	pthread_t th;
	int waited = 0;

	t = two_on_a_gil(&g, &a, &b, "io", "cpu");
	gil_take(&a);
	atomic_store(&g.drop_request, 1);
	ck_assert_int_eq(pthread_create(&th, NULL, drop_on_request, &d), 0);
	/*
	 * A bound, not a measurement: the release comes at once. The taker
	 * comes only once the dropper has met the request, that is, once it
	 * is on its way to wait for the switch: taken sooner, there would
	 * be no switch left to wait for.
	 */
	for (int i = 0; i < 500; i++) {
		pthread_mutex_lock(&g.mutex);
		waited = !g.locked && atomic_load(&g.drop_request) == 0;
		pthread_mutex_unlock(&g.mutex);
		if (waited)
			break;
		usleep(10000);
	}
	gil_take(&b);
	pthread_join(th, NULL);
	ck_assert(waited);
	log_init(&lg, t);
	log_poll(&lg);
	l = &lg.lanes[a.lane];
	ck_assert_uint_ge(l->niv, 2);
	ck_assert_int_eq(l->iv[l->niv - 2].state, TRACE_LOCK_WAIT);
	ck_assert_int_eq(l->iv[l->niv - 1].state, TRACE_IO);
	log_release(&lg);
	gil_drop(&b, TRACE_DONE);
	gil_release(&g);
	trace_free(t);
}
END_TEST

/*
 * The waiters' timers count changes of hands, not takes: a thread that
 * lets go and takes the GIL back with nobody in between has not let
 * anyone run, so a waiter whose interval saw only that still asks.
 */
START_TEST(gil_switch_number_counts_changes_of_hands)
{
	struct trace *t;
	struct gil g;
	struct gil_thread a, b;
	uint64_t n;

	t = two_on_a_gil(&g, &a, &b, "a", "b");
	gil_take(&a);
	n = g.switch_number;
	gil_drop(&a, TRACE_IO);
	gil_take(&a);
	ck_assert_uint_eq(g.switch_number, n);
	gil_drop(&a, TRACE_IO);
	gil_take(&b);
	ck_assert_uint_eq(g.switch_number, n + 1);
	gil_drop(&b, TRACE_DONE);
	gil_release(&g);
	trace_free(t);
}
END_TEST

/* A waiter for the GIL, on a thread of its own: takes it, lets it go. */
static void *
wait_then_finish(void *arg)
{
	struct gil_thread *ts = arg;

	gil_take(ts);
	gil_drop(ts, TRACE_DONE);
	return NULL;
}

/*
 * A waiter's interval starts again when the GIL changes hands: one that
 * saw another thread take over during its interval does not ask the new
 * holder to drop when that interval ends, only after a whole interval of
 * the new holder. The hand-over is made in place, as take_new makes it
 * under both mutexes, so the waiter is not woken by it; the interval is
 * long so that the hand-over falls inside the waiter's first one. Only
 * lower bounds are checked: a slow machine makes the request later,
 * never earlier.
 */
START_TEST(gil_waiter_starts_its_interval_again_after_a_change_of_hands)
{
	const uint64_t interval_ns = 200000000;
	struct trace *t;
	struct gil g;
	struct gil_thread a, b, w;
	struct log lg;
	pthread_t th;
	uint64_t handed;
	size_t requests = 0;

	t = two_on_a_gil(&g, &a, &b, "first", "second");
	g.interval_ns = interval_ns;
	w.gil = &g;
	w.ticks = 0;
	w.lane = trace_lane_add(t, "waiter", TRACE_KIND_THREAD, 3);
	gil_take(&a);
	ck_assert_int_eq(pthread_create(&th, NULL, wait_then_finish, &w), 0);
	usleep(50000);		/* the waiter is in its first interval */
	handed = clock_now_ns();
	pthread_mutex_lock(&g.mutex);
	pthread_mutex_lock(&g.switch_mutex);
	atomic_store(&g.holder, b.lane);
	atomic_store(&g.last_holder, b.lane);
	g.switch_number++;
	pthread_mutex_unlock(&g.switch_mutex);
	pthread_mutex_unlock(&g.mutex);
	/* A bound, not a measurement: the request comes after 0.4 s. */
	for (int i = 0; i < 500 && !atomic_load(&g.drop_request); i++)
		usleep(10000);
	ck_assert_msg(atomic_load(&g.drop_request), "no drop request");
	work_preempt_start(&b.pp, clock_now_ns());
	gil_drop(&b, TRACE_DONE);
	pthread_join(th, NULL);
	log_init(&lg, t);
	log_poll(&lg);
	for (size_t i = 0; i < lg.npoints; i++) {
		const struct log_point *pt = &lg.points[i];

		if (pt->type != TRACE_EV_DROP_REQUEST)
			continue;
		ck_assert_int_eq(pt->lane, w.lane);
		ck_assert_int_eq((int)pt->arg, b.lane);
		ck_assert_msg(pt->ts_ns >= handed + interval_ns, "the waiter "
		    "asked %.1f ms after the GIL changed hands, within its "
		    "interval", (double)(pt->ts_ns - handed) / 1e6);
		requests++;
	}
	ck_assert_uint_ge(requests, 1);
	log_release(&lg);
	gil_release(&g);
	trace_free(t);
}
END_TEST

START_TEST(threads_have_no_lock)
{
	struct experiment ex;

	tu_run(&ex, "threads", "workers=3 work=mixed units=6 unit-ms=4");
	tu_check_invariants(&ex, 0);
	ck_assert(!ex.has_lock);
	ck_assert_int_eq(ex.log.nlanes, 3);
	for (int i = 0; i < 3; i++) {
		ck_assert_uint_gt(ex.lanes[i].state_ns[TRACE_IO], 0);
		ck_assert_uint_eq(ex.lanes[i].state_ns[TRACE_LOCK_WAIT], 0);
	}
	experiment_release(&ex);
}
END_TEST

START_TEST(processes_record_from_their_children)
{
	struct experiment ex;

	tu_run(&ex, "processes", "workers=3 work=cpu units=6 unit-ms=4");
	tu_check_invariants(&ex, 0);
	ck_assert_int_eq(ex.log.nlanes, 3);
	for (int i = 0; i < 3; i++) {
		int pid = atomic_load(&ex.trace->lanes[i].pid);

		ck_assert_int_ne(pid, getpid());
		ck_assert_int_gt(pid, 0);
		ck_assert_uint_gt(ex.log.lanes[i].events, 2);
		ck_assert_int_eq(ex.log.lanes[i].iv[ex.log.lanes[i].niv - 1].state,
		    TRACE_DONE);
		ck_assert_uint_gt(atomic_load(&ex.trace->lanes[i].cpu_ns), 0);
	}
	for (int i = 1; i < 3; i++)
		ck_assert_int_ne(atomic_load(&ex.trace->lanes[i].pid),
		    atomic_load(&ex.trace->lanes[0].pid));
	experiment_release(&ex);
}
END_TEST

/*
 * Judges a worker process's start-up on lane `l`: the running time before
 * its first wait (the start-up) against the running time between its
 * first two waits (its first unit of `unit_ms`), both calibrated
 * bytecodes: the start-up ran at least half of what `start_ms` says.
 * Returns the lane's waits, one for each unit handed to it.
 */
static int
judge_start_up(const struct log_lane *l, double unit_ms, double start_ms)
{
	uint64_t run[2] = { 0, 0 };	/* before each of the first 2 waits */
	int waits = 0;

	for (size_t k = 0; k < l->niv; k++) {
		if (l->iv[k].state == TRACE_IO)
			waits++;
		else if (l->iv[k].state == TRACE_RUN && waits < 2)
			run[waits] += l->iv[k].end_ns - l->iv[k].start_ns;
	}
	ck_assert_uint_gt(run[1], 0);
	ck_assert_msg((double)run[0] * unit_ms >=
	    0.5 * start_ms * (double)run[1],
	    "start-up ran %.3f ms, the first unit %.3f ms",
	    (double)run[0] / 1e6, (double)run[1] / 1e6);
	return waits;
}

/*
 * A worker process starts an interpreter before its first unit and is
 * handed each unit by message: its lane runs its start-up before it
 * first waits, then waits once for each of its units, and the run
 * reports how long start-up took.
 */
START_TEST(processes_start_up_then_wait_for_each_unit)
{
	struct experiment ex;
	double startup = 0;

	tu_run(&ex, "processes", "workers=2 work=cpu units=6 unit-ms=2");
	ck_assert_int_eq(experiment_value(&ex, "startup_ms", &startup), 0);
	ck_assert(startup > 0);
	for (int i = 0; i < 2; i++)
		ck_assert_int_eq(judge_start_up(&ex.log.lanes[i], 2,
		    ENGINE_PROC_START_CPU_MS), work_share(6, 2, i));
	experiment_release(&ex);
}
END_TEST

/*
 * Spawned, a worker starts a whole new interpreter: its start-up runs
 * what ENGINE_PROC_SPAWN_START_CPU_MS says, many times a forked one's.
 */
START_TEST(spawned_processes_pay_a_new_interpreter)
{
	struct experiment ex;

	tu_run(&ex, "processes", "workers=1 work=cpu units=2 unit-ms=2 "
	    "start=spawn");
	ck_assert_int_eq(judge_start_up(&ex.log.lanes[0], 2,
	    ENGINE_PROC_SPAWN_START_CPU_MS), 2);
	experiment_release(&ex);
}
END_TEST

START_TEST(cores_limit_keeps_workers_on_one_cpu)
{
	struct experiment ex;
	int cpu = -1;

	tu_run(&ex, "processes", "workers=2 work=cpu units=4 unit-ms=4 cores=1");
	for (int i = 0; i < 2; i++) {
		ck_assert_int_eq(ex.lanes[i].ncpus, 1);
		if (cpu < 0)
			cpu = ex.lanes[i].cpus[0];
		ck_assert_int_eq(ex.lanes[i].cpus[0], cpu);
	}
	experiment_release(&ex);
}
END_TEST

START_TEST(race_loses_nothing_under_the_lock)
{
	struct experiment ex;
	double expected = 0, locked = 0, lost = 0;

	tu_run(&ex, "race", "workers=2 units=20");
	tu_check_invariants(&ex, 0);
	ck_assert_int_eq(experiment_value(&ex, "expected", &expected), 0);
	ck_assert_int_eq(experiment_value(&ex, "locked_count", &locked), 0);
	ck_assert_int_eq(experiment_value(&ex, "locked_lost_updates", &lost), 0);
	ck_assert_double_eq(expected, 20000);
	ck_assert_double_eq(locked, expected);
	ck_assert_double_eq(lost, 0);
	/* A hold is a run of acquisitions by one thread, so consecutive
	 * holds always change hands, and there are at most as many holds
	 * as increments. */
	ck_assert_uint_ge(ex.lock.holds, 1);
	ck_assert_uint_le(ex.lock.holds, 20000);
	ck_assert_uint_eq(ex.lock.holder_changes, ex.lock.holds - 1);
	experiment_release(&ex);
}
END_TEST

START_TEST(convoy_io_thread_records_its_waits)
{
	struct experiment ex;
	double ops = 0;

	tu_run(&ex, "convoy", "workers=2 units=10 unit-ms=1 switch-interval=1");
	tu_check_invariants(&ex, 0);
	ck_assert_int_eq(experiment_value(&ex, "io_ops", &ops), 0);
	ck_assert_double_eq(ops, 10);
	ck_assert_uint_gt(ex.lanes[0].state_ns[TRACE_IO], 0);
	ck_assert_uint_gt(ex.lanes[0].lock_waits, 0);
	assert_one_running(&ex);
	assert_done_is_final(&ex.log);
	experiment_release(&ex);
}
END_TEST

/*
 * The reader drains as seldom as the rings allow (experiment.c): each of
 * its wake-ups takes a CPU from a worker for a moment, which the program
 * being modelled never has. A convoy of a few hundred milliseconds fills
 * its rings slowly, so the reader should wake a handful of times, not
 * every 2 ms; and it still sees the end of the run at once.
 */
START_TEST(reader_wakes_as_seldom_as_the_rings_allow)
{
	struct experiment ex;
	double wall;

	tu_run(&ex, "convoy", "workers=4 units=40 unit-ms=2 "
	    "switch-interval=5");
	tu_check_invariants(&ex, 0);
	ck_assert_int_eq(experiment_value(&ex, "wall_ms", &wall), 0);
	ck_assert_msg(ex.polls < 6 + (int)(wall / 40), "%d polls in %.0f ms",
	    ex.polls, wall);
	experiment_release(&ex);
}
END_TEST

START_TEST(reader_nap_follows_the_rate_the_rings_fill)
{
	const uint64_t ms = 1000000;
	const uint32_t ring = 1u << 16;

	/* Nothing came: twice as long, up to 50 ms. */
	ck_assert_uint_eq(experiment_poll_nap(2 * ms, 0, ring, 4), 4 * ms);
	ck_assert_uint_eq(experiment_poll_nap(40 * ms, 0, ring, 4), 50 * ms);
	/* An eighth of a ring in 10 ms: a quarter in 20. */
	ck_assert_uint_eq(experiment_poll_nap(10 * ms, ring / 8, ring, 4),
	    20 * ms);
	/* A ring's worth in 40 ms: a quarter in 10. */
	ck_assert_uint_eq(experiment_poll_nap(40 * ms, ring, ring, 4),
	    10 * ms);
	/* Filling fast: never under 2 ms, and 2 ms more per 512 lanes. */
	ck_assert_uint_eq(experiment_poll_nap(2 * ms, ring, ring, 4), 2 * ms);
	ck_assert_uint_eq(experiment_poll_nap(2 * ms, ring, ring, 1024),
	    6 * ms);
}
END_TEST

/* Time `lane` spent in `state` between `from` and `to`. */
static uint64_t
state_ns_between(const struct log *lg, int lane, enum trace_state state,
    uint64_t from, uint64_t to)
{
	const struct log_lane *ll = &lg->lanes[lane];
	uint64_t ns = 0;

	for (size_t k = 0; k < ll->niv; k++) {
		const struct log_interval *iv = &ll->iv[k];
		uint64_t s = iv->start_ns > from ? iv->start_ns : from;
		uint64_t e = iv->end_ns < to ? iv->end_ns : to;

		if (iv->state == state && e > s)
			ns += e - s;
	}
	return ns;
}

/*
 * Wall time a running lane loses without gaining CPU time is ready, not
 * running. A sleep stands in for the OS taking the CPU away (it does,
 * from the clocks' point of view). And an event the lane recorded after
 * part of a loss keeps that part from being placed: only what certainly
 * came after the event is shown ready.
 */
START_TEST(time_off_the_cpu_is_ready_not_running)
{
	char *cause = NULL;
	struct trace *t = trace_new(64, &cause);
	struct preempt pp;
	struct log lg;
	uint64_t t0, t1, t2, t3, mark;
	int lane;

	ck_assert_ptr_nonnull(t);
	lane = trace_lane_add(t, "sleeper", TRACE_KIND_THREAD, 1);
	trace_lane_bind(t, lane);
	work_run_begin(&pp, t, lane);
	t0 = clock_now_ns();
	clock_sleep_ns(20000000);
	work_preempt_check(&pp, t, lane);	/* 20 ms lost */
	t1 = clock_now_ns();
	work_mark(&pp, t, lane, 1);
	clock_sleep_ns(20000000);
	mark = clock_now_ns();
	/* Recorded after the loss began: hides what came before it. */
	trace_record_at(t, lane, mark, TRACE_EV_MARK, TRACE_NONE, 2);
	clock_sleep_ns(20000000);
	t2 = clock_now_ns();
	work_run_end(&pp, t, lane, TRACE_DONE);
	t3 = clock_now_ns();
	log_init(&lg, t);
	log_poll(&lg);
	log_close(&lg, t3);
	/* The first sleep: ready, whatever the machine's load. */
	ck_assert_uint_ge(state_ns_between(&lg, lane, TRACE_READY, t0, t1),
	    19000000);
	/* The last one, after the mark: ready too, and the run ends done. */
	ck_assert_uint_ge(state_ns_between(&lg, lane, TRACE_READY, mark, t2),
	    19000000);
	ck_assert_int_eq(lg.lanes[lane].iv[lg.lanes[lane].niv - 1].state,
	    TRACE_DONE);
	/* The middle one cannot be placed after the late mark: running. */
	ck_assert_uint_ge(state_ns_between(&lg, lane, TRACE_RUN, t1, mark),
	    19000000);
	/* Marks are stamped with the last look: the first one at t1. */
	ck_assert_uint_le(lg.points[0].ts_ns, t1);
	log_release(&lg);
	trace_free(t);
}
END_TEST

/* Whether `lane` has a mark of room cleaning. */
static int
cleaned_a_room(const struct experiment *ex, int lane)
{
	for (size_t i = 0; i < ex->log.npoints; i++)
		if (ex->log.points[i].lane == lane &&
		    ex->log.points[i].type == TRACE_EV_MARK)
			return 1;
	return 0;
}

/*
 * With more workers than units, the workers left without a unit have
 * nothing to do: idle or done from the start, never running (and under
 * the GIL they never take it).
 */
START_TEST(workers_without_work_never_run)
{
	const char *const scenarios[] = {
		"threads", "gil", "processes", "coroutines", "race", "cleaning"
	};

	for (size_t v = 0; v < sizeof scenarios / sizeof scenarios[0]; v++) {
		struct experiment ex;
		int idle = 0, w = 0;

		tu_run(&ex, scenarios[v], "workers=16 units=8 unit-ms=2");
		tu_check_invariants(&ex, 0);
		for (int i = 0; i < ex.log.nlanes; i++) {
			const struct log_lane *ll = &ex.log.lanes[i];
			int none;

			if (ex.trace->lanes[i].kind == TRACE_KIND_THREAD &&
			    strcmp(ex.trace->lanes[i].name, "loop") == 0)
				continue;
			none = strcmp(scenarios[v], "cleaning") == 0 ?
			    !cleaned_a_room(&ex, i) : work_share(8, 16, w) == 0;
			w++;
			if (!none)
				continue;
			idle++;
			for (size_t k = 0; k < ll->niv; k++)
				ck_assert_msg(ll->iv[k].state == TRACE_DONE ||
				    ll->iv[k].state == TRACE_IDLE,
				    "%s: %s, with no work, was %s", scenarios[v],
				    ex.trace->lanes[i].name,
				    trace_state_name(ll->iv[k].state));
		}
		ck_assert_int_eq(w, 16);
		ck_assert_int_ge(idle, 8);
		experiment_release(&ex);
	}
}
END_TEST

/*
 * Taking orders and cooking are real waits, not processor work: the
 * staff of every burger scene are busy off the CPU, never running, and
 * claim no CPU.
 */
START_TEST(burger_staff_are_busy_off_the_cpu)
{
	const char *const scenes[] = {
		"burgers-sequential", "burgers-concurrent", "burgers-parallel"
	};

	for (size_t v = 0; v < sizeof scenes / sizeof scenes[0]; v++) {
		struct experiment ex;
		int staff = 0;

		tu_run(&ex, scenes[v], "workers=3 unit-ms=10");
		tu_check_invariants(&ex, 0);
		for (int i = 0; i < ex.log.nlanes; i++) {
			const char *name = ex.trace->lanes[i].name;

			if (strncmp(name, "cashier", 7) != 0 &&
			    strcmp(name, "cook") != 0)
				continue;
			staff++;
			ck_assert_uint_eq(ex.lanes[i].state_ns[TRACE_RUN], 0);
			ck_assert_uint_gt(ex.lanes[i].state_ns[TRACE_BUSY], 0);
			ck_assert_int_eq(ex.lanes[i].ncpus, 0);
		}
		ck_assert_int_ge(staff, 1);
		experiment_release(&ex);
	}
}
END_TEST

/* Orders count marks by time (the lanes' rings interleave them). */
static int
point_by_time(const void *a, const void *b)
{
	const struct log_point *x = a, *y = b;

	if (x->ts_ns != y->ts_ns)
		return x->ts_ns < y->ts_ns ? -1 : 1;
	return 0;
}

/*
 * The count marks of counter `which` in the log, sorted by time, in a
 * new array (*n of them). Every one must have been kept.
 */
static struct log_point *
count_marks(const struct experiment *ex, int which, size_t *n)
{
	struct log_point *pts = calloc(ex->log.npoints + 1, sizeof *pts);

	ck_assert_ptr_nonnull(pts);
	ck_assert_uint_eq(ex->log.points_gone, 0);
	*n = 0;
	for (size_t i = 0; i < ex->log.npoints; i++)
		if (ex->log.points[i].type == TRACE_EV_MARK &&
		    (ex->log.points[i].arg & TRACE_MARK_COUNT) &&
		    TRACE_COUNT_WHICH(ex->log.points[i].arg) == which)
			pts[(*n)++] = ex->log.points[i];
	qsort(pts, *n, sizeof *pts, point_by_time);
	return pts;
}

START_TEST(queue_depth_stays_between_empty_and_its_capacity)
{
	struct experiment ex;
	struct log_point *pts;
	double items = 0, most = 0, blocked = 0;
	size_t n;
	int depth = 0, puts = 0, gets = 0, seen_max = 0;

	tu_run(&ex, "queue", "workers=2 units=30 unit-ms=3 capacity=3");
	tu_check_invariants(&ex, 0);
	pts = count_marks(&ex, TRACE_COUNTER_QUEUE, &n);
	/* Replayed in time order: the producer (lane 0) puts, the
	 * consumers get; the depth each mark says is the running sum. */
	for (size_t i = 0; i < n; i++) {
		depth += pts[i].lane == 0 ? 1 : -1;
		puts += pts[i].lane == 0;
		gets += pts[i].lane != 0;
		ck_assert_int_ge(depth, 0);
		ck_assert_int_le(depth, 3);
		ck_assert_int_eq(TRACE_COUNT_VALUE(pts[i].arg), depth);
		if (depth > seen_max)
			seen_max = depth;
	}
	ck_assert_int_eq(puts, 30);
	ck_assert_int_eq(gets, 30);
	ck_assert_int_eq(depth, 0);
	ck_assert_int_eq(experiment_value(&ex, "items", &items), 0);
	ck_assert_int_eq(experiment_value(&ex, "queue_depth_max", &most), 0);
	ck_assert_int_eq(experiment_value(&ex, "producer_blocked_ms",
	    &blocked), 0);
	ck_assert_double_eq(items, 30);
	ck_assert_double_eq(most, seen_max);
	/* The producer waits only for a full queue. */
	if (blocked > 0)
		ck_assert_int_eq(seen_max, 3);
	/* Blocked on a full queue and idle on an empty one are two states:
	 * the producer is never idle, a consumer never waits for a slot. */
	ck_assert_uint_eq(ex.lanes[0].state_ns[TRACE_IDLE], 0);
	for (int i = 1; i < ex.log.nlanes; i++)
		ck_assert_uint_eq(ex.lanes[i].state_ns[TRACE_LOCK_WAIT], 0);
	free(pts);
	experiment_release(&ex);
}
END_TEST

/* Orders the ends and starts of intervals: an end first at one instant. */
static int
edge_cmp(const void *a, const void *b)
{
	const long long *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return (int)(x[1] - y[1]);
}

START_TEST(semaphore_lets_in_at_most_its_permits)
{
	struct experiment ex;
	struct log_point *pts;
	long long (*edges)[2];
	double inside_max = 0, p50 = 0, p99 = 0;
	size_t n = 0, nedges = 0, entries = 0;
	int inside = 0, most = 0;

	tu_run(&ex, "semaphore", "workers=5 units=20 unit-ms=3 permits=2");
	tu_check_invariants(&ex, 0);
	/* From the lanes: who is inside (busy) at any instant. */
	for (int i = 0; i < ex.log.nlanes; i++)
		n += ex.log.lanes[i].niv;
	edges = calloc(2 * n + 1, sizeof *edges);
	ck_assert_ptr_nonnull(edges);
	for (int i = 0; i < ex.log.nlanes; i++)
		for (size_t k = 0; k < ex.log.lanes[i].niv; k++) {
			const struct log_interval *iv = &ex.log.lanes[i].iv[k];

			if (iv->state != TRACE_BUSY)
				continue;
			ck_assert_uint_gt(iv->end_ns, 0);
			edges[nedges][0] = (long long)iv->start_ns;
			edges[nedges++][1] = 1;
			edges[nedges][0] = (long long)iv->end_ns;
			edges[nedges++][1] = -1;
			entries++;
		}
	qsort(edges, nedges, sizeof *edges, edge_cmp);
	for (size_t k = 0; k < nedges; k++) {
		inside += (int)edges[k][1];
		ck_assert_int_le(inside, 2);
		if (inside > most)
			most = inside;
	}
	ck_assert_uint_eq(entries, 20);
	ck_assert_int_ge(most, 1);
	/* From the count marks: never above the permits, back to none. */
	pts = count_marks(&ex, TRACE_COUNTER_INSIDE, &n);
	ck_assert_uint_eq(n, 40);
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_ge(TRACE_COUNT_VALUE(pts[i].arg), 0);
		ck_assert_int_le(TRACE_COUNT_VALUE(pts[i].arg), 2);
	}
	ck_assert_int_eq(TRACE_COUNT_VALUE(pts[n - 1].arg), 0);
	ck_assert_int_eq(experiment_value(&ex, "inside_max", &inside_max), 0);
	ck_assert_int_eq(experiment_value(&ex, "permit_wait_p50_ms", &p50), 0);
	ck_assert_int_eq(experiment_value(&ex, "permit_wait_p99_ms", &p99), 0);
	ck_assert_double_le(inside_max, 2);
	ck_assert_double_ge(inside_max, most);
	ck_assert_double_le(p50, p99);
	free(pts);
	free(edges);
	experiment_release(&ex);
}
END_TEST

START_TEST(work_shares_add_up)
{
	for (int units = 0; units < 50; units++)
		for (int n = 1; n < 9; n++) {
			int sum = 0;

			for (int i = 0; i < n; i++) {
				sum += work_share(units, n, i);
				if (i > 0)
					ck_assert_int_le(work_share(units, n, i),
					    work_share(units, n, i - 1));
			}
			ck_assert_int_eq(sum, units);
		}
}
END_TEST

START_TEST(params_reject_out_of_range_values)
{
	struct params p;
	char *cause = NULL;

	params_defaults(&p);
	ck_assert_int_eq(params_set(&p, params_find("workers"), "0", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "1 to 64"));
	free(cause);
	ck_assert_int_eq(params_set(&p, params_find("unit-ms"), "abc", &cause), -1);
	free(cause);
	ck_assert_int_eq(params_set(&p, params_find("work"), "gpu", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "cpu, io, mixed"));
	free(cause);
	ck_assert_int_eq(params_set(&p, params_find("workers"), "12", &cause), 0);
	ck_assert_int_eq(p.workers, 12);
	ck_assert_int_eq(params_set(&p, params_find("capacity"), "0", &cause),
	    -1);
	ck_assert_str_eq(cause, "--capacity: 0 is out of range (allowed: 1 to "
	    "64)");
	free(cause);
	ck_assert_int_eq(params_set(&p, params_find("permits"), "65", &cause),
	    -1);
	ck_assert_str_eq(cause, "--permits: 65 is out of range (allowed: 1 to "
	    "64)");
	free(cause);
	ck_assert_int_eq(params_set(&p, params_find("permits"), "3", &cause), 0);
	ck_assert_int_eq(p.permits, 3);
	ck_assert_int_eq(p.start, START_FORK);
	ck_assert_int_eq(params_set(&p, params_find("start"), "forkserver",
	    &cause), -1);
	ck_assert_str_eq(cause, "--start: 'forkserver' is not a start method "
	    "(allowed: fork, spawn)");
	free(cause);
	ck_assert_int_eq(p.start, START_FORK);
	ck_assert_int_eq(params_set(&p, params_find("start"), "spawn", &cause),
	    0);
	ck_assert_int_eq(p.start, START_SPAWN);
	ck_assert_str_eq(start_method_name(p.start), "spawn");
	ck_assert_str_eq(scenario_suggest("gill"), "gil");
	ck_assert_str_eq(params_suggest("worker"), "workers");
	ck_assert_ptr_null(scenario_suggest("zzzzzzzzzz"));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = tcase_create("engines");
	TCase *pc = tcase_create("params");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, sequential_runs_one_lane_all_the_time);
	tcase_add_test(tc, gil_has_one_holder_and_one_runner_at_a_time);
	tcase_add_test(tc, gil_switches_on_drop_requests);
	tcase_add_test(tc,
	    gil_drop_requests_wait_a_whole_interval_without_a_switch);
	tcase_add_test(tc, gil_holder_that_finishes_does_not_wait_for_a_switch);
	tcase_add_test(tc, gil_dropper_meets_the_request_and_waits_for_the_switch);
	tcase_add_test(tc, gil_switch_number_counts_changes_of_hands);
	tcase_add_test(tc,
	    gil_waiter_starts_its_interval_again_after_a_change_of_hands);
	tcase_add_test(tc, gil_thread_going_to_io_waits_for_the_switch_then_does_io);
	tcase_add_test(tc, threads_have_no_lock);
	tcase_add_test(tc, processes_record_from_their_children);
	tcase_add_test(tc, processes_start_up_then_wait_for_each_unit);
	tcase_add_test(tc, spawned_processes_pay_a_new_interpreter);
	tcase_add_test(tc, cores_limit_keeps_workers_on_one_cpu);
	tcase_add_test(tc, race_loses_nothing_under_the_lock);
	tcase_add_test(tc, convoy_io_thread_records_its_waits);
	tcase_add_test(tc, reader_wakes_as_seldom_as_the_rings_allow);
	tcase_add_test(tc, reader_nap_follows_the_rate_the_rings_fill);
	tcase_add_test(tc, time_off_the_cpu_is_ready_not_running);
	tcase_add_test(tc, workers_without_work_never_run);
	tcase_add_test(tc, burger_staff_are_busy_off_the_cpu);
	tcase_add_test(tc, queue_depth_stays_between_empty_and_its_capacity);
	tcase_add_test(tc, semaphore_lets_in_at_most_its_permits);
	tcase_add_test(pc, work_shares_add_up);
	tcase_add_test(pc, params_reject_out_of_range_values);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, pc);
	return tu_main(s);
}
