/*
 * check_gil_timing.c - how soon a waiter asks the GIL's holder to drop:
 * after one switch interval, not two. The unit suite checks only that a
 * request never comes early (check_engine.c), a lower bound a timed wait
 * guarantees; that it comes in time is an upper bound, which a busy
 * machine can stretch, so it lives here in the timing suite. The
 * interval is long (200 ms) so that the margin, three quarters of an
 * interval, is far above any wake-up delay of a shared machine.
 */
#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "engine/gil.h"
#include "trace/clock.h"
#include "testutil.h"

#define INTERVAL_NS 200000000ull

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
 * The holder never lets go by itself; the waiter asks once an interval
 * has passed without a switch. From before the waiter started to its
 * request: at least one interval (the wait guarantees it), and less than
 * one and three quarters (a waiter that waited two would miss that).
 */
START_TEST(a_waiter_asks_after_one_interval)
{
	char *cause = NULL;
	struct trace *t = trace_new(64, &cause);
	struct gil g;
	struct gil_thread holder, waiter;
	struct log lg;
	struct capacity cap;
	pthread_t th;
	uint64_t started, asked = 0;
	double cores_free;

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(gil_init(&g, t, INTERVAL_NS / 1e6, false), 0);
	holder.gil = waiter.gil = &g;
	holder.ticks = waiter.ticks = 0;
	holder.lane = trace_lane_add(t, "holder", TRACE_KIND_THREAD, 1);
	waiter.lane = trace_lane_add(t, "waiter", TRACE_KIND_THREAD, 2);
	gil_take(&holder);
	tu_window_begin(&cap);
	started = clock_now_ns();
	ck_assert_int_eq(pthread_create(&th, NULL, wait_then_finish, &waiter),
	    0);
	/* A bound, not a measurement: the request comes after 0.2 s. */
	for (int i = 0; i < 500 && !atomic_load(&g.drop_request); i++)
		usleep(5000);
	ck_assert_msg(atomic_load(&g.drop_request), "no drop request");
	gil_drop(&holder, TRACE_DONE);
	pthread_join(th, NULL);
	cores_free = tu_window_end(&cap);
	log_init(&lg, t);
	log_poll(&lg);
	for (size_t i = 0; i < lg.npoints && asked == 0; i++)
		if (lg.points[i].type == TRACE_EV_DROP_REQUEST)
			asked = lg.points[i].ts_ns;
	ck_assert_uint_ne(asked, 0);
	ck_assert_uint_ge(asked - started, INTERVAL_NS);
	log_release(&lg);
	gil_release(&g);
	trace_free(t);
	/* Late only says something when the waiter could have a core. */
	if (asked - started >= INTERVAL_NS * 7 / 4)
		TU_NEED_CORES(cores_free, 1, "a waiter waking on time");
	ck_assert_msg(asked - started < INTERVAL_NS * 7 / 4, "the waiter asked "
	    "%.0f ms after it began to wait, at an interval of %.0f ms",
	    (double)(asked - started) / 1e6, INTERVAL_NS / 1e6);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("gil_timing");
	TCase *tc = tcase_create("requests");

	tcase_add_test(tc, a_waiter_asks_after_one_interval);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
