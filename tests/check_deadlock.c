/*
 * check_deadlock.c - the deadlock scenario and the wait-for graph: a run
 * in opposite orders shows a cycle through every thread and still ends
 * with every thread finished; the same run in one order shows none; one
 * holder per lock throughout; and the graph itself on made-up logs
 * (half-open intervals, a late release, the locks' names).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "trace/export.h"
#include "trace/load.h"
#include "trace/waitfor.h"

#define BASE_NS 1000000000ull
#define MS 1000000ull

/* Attempts at a deadlock before a test gives up: a thread delayed by a
 * whole unit on a busy machine can finish before the ring closes. */
#define ATTEMPTS 3

/* The lane `lane` is waiting for lock `lock` at `ts`, by the log. */
static int
waits_at(const struct log *lg, int lane, uint32_t lock, uint64_t ts)
{
	const struct log_interval *iv = log_at(lg, lane, ts);

	return iv != NULL && iv->state == TRACE_LOCK_WAIT && iv->lock == lock;
}

/* Some hold of `lock` by `lane` covers `ts`. */
static int
holds_at(const struct log *lg, int lane, uint32_t lock, uint64_t ts)
{
	for (size_t i = 0; i < lg->nholds; i++) {
		const struct log_hold *h = &lg->holds[i];

		if (h->lane == lane && h->lock == lock && h->start_ns <= ts &&
		    (h->end_ns == 0 || ts < h->end_ns))
			return 1;
	}
	return 0;
}

/* The value of a metric of the run. */
static double
metric(const struct experiment *ex, const char *key)
{
	double v = -1;

	ck_assert_msg(experiment_value(ex, key, &v) == 0, "no metric %s", key);
	return v;
}

/* Runs `n` threads in opposite orders until the trace shows a cycle. */
static void
run_until_deadlock(struct experiment *ex, int n)
{
	char args[64];

	snprintf(args, sizeof args, "workers=%d unit-ms=5", n);
	for (int i = 0; i < ATTEMPTS; i++) {
		tu_run(ex, "deadlock", args);
		if (ex->has_deadlock)
			return;
		experiment_release(ex);
	}
	ck_abort_msg("%d threads in opposite orders never deadlocked", n);
}

START_TEST(opposite_orders_make_a_cycle_through_every_thread)
{
	static const int counts[] = { 2, 3, 8 };
	int n = counts[_i];
	struct experiment ex;
	const struct waitfor_cycle *c = &ex.deadlock;
	unsigned seen = 0;

	run_until_deadlock(&ex, n);
	tu_check_invariants(&ex, 0);
	ck_assert_int_eq(c->n, n);
	for (int i = 0; i < c->n; i++) {
		int next = c->lanes[(i + 1) % c->n];

		ck_assert(!(seen & (1u << c->lanes[i])));
		seen |= 1u << c->lanes[i];
		/* Each waits for a lock the next one holds, at that instant. */
		ck_assert(waits_at(&ex.log, c->lanes[i], c->locks[i],
		    c->ts_ns));
		ck_assert(holds_at(&ex.log, next, c->locks[i], c->ts_ns));
	}
	ck_assert_double_eq(metric(&ex, "deadlocked"), 1);
	ck_assert_double_eq(metric(&ex, "rounds_done"), 0);
	experiment_release(&ex);
}
END_TEST

START_TEST(stuck_threads_are_stopped_and_all_finish)
{
	struct experiment ex;

	run_until_deadlock(&ex, 4);
	for (int i = 0; i < ex.log.nlanes; i++) {
		const struct log_lane *ll = &ex.log.lanes[i];

		/* The run returned, so every thread was joined; each one
		 * recorded its end after giving up, holding nothing. */
		ck_assert_uint_gt(ll->niv, 0);
		ck_assert_int_eq(ll->iv[ll->niv - 1].state, TRACE_DONE);
	}
	for (size_t i = 0; i < ex.log.nholds; i++)
		ck_assert_uint_le(ex.log.holds[i].end_ns, ex.result.end_ns);
	/* A hang guard, not a timing claim: stopping takes a few units. */
	ck_assert_uint_lt(ex.wall_ns, 5000 * MS);
	experiment_release(&ex);
}
END_TEST

START_TEST(a_recorded_deadlock_replays_as_one)
{
	struct experiment ex;
	struct waitfor_cycle again;
	struct trace *t = NULL;
	struct log lg;
	char path[] = "/tmp/timeslice-deadlock-XXXXXX", *title = NULL;
	char *cause = NULL;
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	ck_assert_ptr_nonnull(f = fdopen(fd, "w"));
	run_until_deadlock(&ex, 3);
	ck_assert_int_eq(export_chrome(f, &ex.log, "deadlock"), 0);
	fclose(f);
	ck_assert_msg(load_chrome(path, &t, &lg, &title, &cause) == 0, "%s",
	    cause ? cause : "");
	unlink(path);
	/* Each wait says which lock it was for, so the same cycle is found
	 * in the replay. */
	ck_assert_int_eq(waitfor_find(&lg, &again), 1);
	ck_assert_int_eq(again.n, ex.deadlock.n);
	for (int i = 0; i < again.n; i++)
		ck_assert_uint_eq(again.locks[i], ex.deadlock.locks[i]);
	log_release(&lg);
	trace_free(t);
	free(title);
	experiment_release(&ex);
}
END_TEST

START_TEST(one_order_never_deadlocks)
{
	struct experiment ex;

	for (int n = 2; n <= 8; n += 3) {
		char args[64];

		snprintf(args, sizeof args, "workers=%d unit-ms=2 ordered=1", n);
		tu_run(&ex, "deadlock", args);
		tu_check_invariants(&ex, 0);
		ck_assert(!ex.has_deadlock);
		ck_assert_double_eq(metric(&ex, "deadlocked"), 0);
		ck_assert_double_eq(metric(&ex, "rounds_done"), n);
		/* Every thread held both of its locks at some point. */
		ck_assert_uint_eq(ex.lock.holds, 2 * (unsigned)n);
		ck_assert_uint_eq(ex.lock.overlaps, 0);
		experiment_release(&ex);
	}
}
END_TEST

START_TEST(other_scenarios_show_no_cycle)
{
	struct experiment ex;

	tu_run(&ex, "gil", "workers=3 units=6 unit-ms=2");
	ck_assert(ex.has_lock);
	ck_assert(!ex.has_deadlock);
	experiment_release(&ex);
	tu_run(&ex, "race", "workers=2 units=20");
	ck_assert(!ex.has_deadlock);
	experiment_release(&ex);
}
END_TEST

/* A made-up log: lanes and events at fixed times. */
struct fake {
	struct trace	*t;
	struct log	 lg;
};

static void
fake_ev(struct fake *f, int lane, uint64_t ms, int type, int state,
    uint32_t arg)
{
	struct trace_event e = { BASE_NS + ms * MS, arg, (uint8_t)type,
	    (uint8_t)state, 0 };

	ck_assert_int_eq(trace_ring_push(&f->t->lanes[lane].ring, &e), 0);
}

static void
fake_new(struct fake *f, int nlanes)
{
	char *cause = NULL;

	f->t = trace_new(64, &cause);
	ck_assert_ptr_nonnull(f->t);
	for (int i = 0; i < nlanes; i++)
		ck_assert_int_eq(trace_lane_add(f->t, "t", TRACE_KIND_THREAD,
		    i + 1), i);
	log_init(&f->lg, f->t);
}

static void
fake_free(struct fake *f)
{
	log_release(&f->lg);
	trace_free(f->t);
}

START_TEST(graph_finds_the_instant_the_cycle_closes)
{
	struct fake f;
	struct waitfor_cycle c;

	fake_new(&f, 3);
	/* Lane 0 holds 1, lane 1 holds 2; lane 2 just watches. */
	fake_ev(&f, 0, 1, TRACE_EV_ACQUIRE, 0, 1);
	fake_ev(&f, 1, 2, TRACE_EV_ACQUIRE, 0, 2);
	fake_ev(&f, 2, 3, TRACE_EV_STATE, TRACE_LOCK_WAIT, 1);
	fake_ev(&f, 0, 5, TRACE_EV_STATE, TRACE_LOCK_WAIT, 2);
	/* The cycle closes when lane 1 waits for lock 1. */
	fake_ev(&f, 1, 9, TRACE_EV_STATE, TRACE_LOCK_WAIT, 1);
	log_poll(&f.lg);
	log_close(&f.lg, BASE_NS + 20 * MS);
	ck_assert_int_eq(waitfor_find(&f.lg, &c), 1);
	ck_assert_uint_eq(c.ts_ns, BASE_NS + 9 * MS);
	ck_assert_int_eq(c.n, 2);
	ck_assert_int_eq(c.lanes[0], 0);
	ck_assert_uint_eq(c.locks[0], 2);
	ck_assert_int_eq(c.lanes[1], 1);
	ck_assert_uint_eq(c.locks[1], 1);
	fake_free(&f);
}
END_TEST

START_TEST(graph_ignores_waits_that_end_in_time)
{
	struct fake f;
	struct waitfor_cycle c;

	fake_new(&f, 2);
	fake_ev(&f, 0, 1, TRACE_EV_ACQUIRE, 0, 1);
	fake_ev(&f, 1, 2, TRACE_EV_ACQUIRE, 0, 2);
	fake_ev(&f, 0, 3, TRACE_EV_STATE, TRACE_LOCK_WAIT, 2);
	/* Lane 1 lets go of 2 before it asks for 1: a chain, no cycle. */
	fake_ev(&f, 1, 4, TRACE_EV_RELEASE, 0, 2);
	fake_ev(&f, 0, 4, TRACE_EV_ACQUIRE, 0, 2);
	fake_ev(&f, 0, 4, TRACE_EV_STATE, TRACE_RUN, 0);
	fake_ev(&f, 1, 4, TRACE_EV_STATE, TRACE_LOCK_WAIT, 1);
	/* A lane "waiting" for a lock it holds is no deadlock either. */
	fake_ev(&f, 0, 6, TRACE_EV_STATE, TRACE_LOCK_WAIT, 1);
	log_poll(&f.lg);
	log_close(&f.lg, BASE_NS + 10 * MS);
	ck_assert_int_eq(waitfor_find(&f.lg, &c), 0);
	ck_assert_int_eq(c.n, 0);
	fake_free(&f);
}
END_TEST

/*
 * Intervals are half-open: a wait that ends at the instant another wait
 * begins was over by then. Here lane 0 gives up waiting for lock 2 (a
 * timed wait) at the very instant lane 1 starts waiting for lock 1,
 * which lane 0 holds: a chain, never a cycle.
 */
START_TEST(graph_ends_a_wait_before_one_that_starts_then)
{
	struct fake f;
	struct waitfor_cycle c;

	fake_new(&f, 2);
	fake_ev(&f, 0, 1, TRACE_EV_ACQUIRE, 0, 1);
	fake_ev(&f, 1, 2, TRACE_EV_ACQUIRE, 0, 2);
	fake_ev(&f, 0, 3, TRACE_EV_STATE, TRACE_LOCK_WAIT, 2);
	fake_ev(&f, 0, 5, TRACE_EV_STATE, TRACE_RUN, 0);
	fake_ev(&f, 1, 5, TRACE_EV_STATE, TRACE_LOCK_WAIT, 1);
	log_poll(&f.lg);
	log_close(&f.lg, BASE_NS + 10 * MS);
	ck_assert_int_eq(waitfor_find(&f.lg, &c), 0);
	/* One millisecond earlier, the same waits do close a cycle. */
	fake_free(&f);
	fake_new(&f, 2);
	fake_ev(&f, 0, 1, TRACE_EV_ACQUIRE, 0, 1);
	fake_ev(&f, 1, 2, TRACE_EV_ACQUIRE, 0, 2);
	fake_ev(&f, 0, 3, TRACE_EV_STATE, TRACE_LOCK_WAIT, 2);
	fake_ev(&f, 1, 4, TRACE_EV_STATE, TRACE_LOCK_WAIT, 1);
	fake_ev(&f, 0, 5, TRACE_EV_STATE, TRACE_RUN, 0);
	log_poll(&f.lg);
	log_close(&f.lg, BASE_NS + 10 * MS);
	ck_assert_int_eq(waitfor_find(&f.lg, &c), 1);
	ck_assert_uint_eq(c.ts_ns, BASE_NS + 4 * MS);
	fake_free(&f);
}
END_TEST

/*
 * A release by a lane that no longer holds the lock (its release was
 * stamped after the next holder's acquire, as stamps from outside can
 * be) leaves the new holder in place: the cycle through it is found.
 */
START_TEST(a_late_release_keeps_the_new_holder)
{
	struct fake f;
	struct waitfor_cycle c;

	fake_new(&f, 2);
	fake_ev(&f, 0, 1, TRACE_EV_ACQUIRE, 0, 1);
	fake_ev(&f, 0, 2, TRACE_EV_ACQUIRE, 0, 2);
	fake_ev(&f, 1, 4, TRACE_EV_ACQUIRE, 0, 1);
	fake_ev(&f, 0, 5, TRACE_EV_RELEASE, 0, 1);
	fake_ev(&f, 1, 6, TRACE_EV_STATE, TRACE_LOCK_WAIT, 2);
	fake_ev(&f, 0, 7, TRACE_EV_STATE, TRACE_LOCK_WAIT, 1);
	log_poll(&f.lg);
	log_close(&f.lg, BASE_NS + 10 * MS);
	ck_assert_int_eq(waitfor_find(&f.lg, &c), 1);
	ck_assert_uint_eq(c.ts_ns, BASE_NS + 7 * MS);
	ck_assert_int_eq(c.n, 2);
	fake_free(&f);
}
END_TEST

/* Locks are named as a trace's lock tracks are: the GIL is lock 0. */
START_TEST(locks_are_named_as_their_tracks)
{
	char buf[32];

	ck_assert_str_eq(waitfor_lock_name(buf, sizeof buf, 0), "GIL 0");
	ck_assert_str_eq(waitfor_lock_name(buf, sizeof buf, 1), "lock 1");
	ck_assert_str_eq(waitfor_lock_name(buf, sizeof buf, 12), "lock 12");
}
END_TEST

START_TEST(a_lane_holds_several_locks_at_once)
{
	struct fake f;

	fake_new(&f, 1);
	fake_ev(&f, 0, 1, TRACE_EV_ACQUIRE, 0, 1);
	fake_ev(&f, 0, 2, TRACE_EV_ACQUIRE, 0, 2);
	fake_ev(&f, 0, 3, TRACE_EV_RELEASE, 0, 1);
	fake_ev(&f, 0, 4, TRACE_EV_RELEASE, 0, 2);
	log_poll(&f.lg);
	ck_assert_uint_eq(f.lg.nholds, 2);
	ck_assert_uint_eq(f.lg.holds[0].lock, 1);
	ck_assert_uint_eq(f.lg.holds[0].end_ns, BASE_NS + 3 * MS);
	ck_assert_uint_eq(f.lg.holds[1].lock, 2);
	ck_assert_uint_eq(f.lg.holds[1].end_ns, BASE_NS + 4 * MS);
	fake_free(&f);
}
END_TEST

START_TEST(json_says_deadlock_for_every_scenario)
{
	char out[65536], err[4096];
	char *seq[] = { getenv("TIMESLICE_BIN"), "run", "sequential",
	    "--units", "2", "--unit-ms", "1", "--format", "json", NULL };
	char *ord[] = { getenv("TIMESLICE_BIN"), "run", "deadlock",
	    "--unit-ms", "1", "--ordered", "--format", "json", NULL };
	char *one[] = { getenv("TIMESLICE_BIN"), "run", "deadlock",
	    "--workers", "1", NULL };

	ck_assert_ptr_nonnull(seq[0]);
	ck_assert_int_eq(tu_exec(seq, out, sizeof out, err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(out, "\"deadlock\":null"));
	ck_assert_int_eq(tu_exec(ord, out, sizeof out, err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(out, "\"deadlock\":null"));
	ck_assert_ptr_nonnull(strstr(out, "\"ordered\":true"));
	ck_assert_int_eq(tu_exec(one, out, sizeof out, err, sizeof err), 2);
	ck_assert_ptr_nonnull(strstr(err, "--workers"));
	ck_assert_ptr_nonnull(strstr(err, "2 to 8"));
}
END_TEST

static Suite *
deadlock_suite(void)
{
	Suite *s = suite_create("deadlock");
	TCase *run = tcase_create("run");
	TCase *graph = tcase_create("graph");

	tcase_add_loop_test(run,
	    opposite_orders_make_a_cycle_through_every_thread, 0, 3);
	tcase_add_test(run, stuck_threads_are_stopped_and_all_finish);
	tcase_add_test(run, one_order_never_deadlocks);
	tcase_add_test(run, a_recorded_deadlock_replays_as_one);
	tcase_add_test(run, other_scenarios_show_no_cycle);
	tcase_add_test(run, json_says_deadlock_for_every_scenario);
	tcase_add_test(graph, graph_finds_the_instant_the_cycle_closes);
	tcase_add_test(graph, graph_ignores_waits_that_end_in_time);
	tcase_add_test(graph, graph_ends_a_wait_before_one_that_starts_then);
	tcase_add_test(graph, a_late_release_keeps_the_new_holder);
	tcase_add_test(graph, locks_are_named_as_their_tracks);
	tcase_add_test(graph, a_lane_holds_several_locks_at_once);
	suite_add_tcase(s, run);
	suite_add_tcase(s, graph);
	return s;
}

int
main(void)
{
	return tu_main(deadlock_suite());
}
