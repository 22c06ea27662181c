/*
 * check_coro_timing.c - ratios the coroutine and burger lessons claim,
 * measured on real runs (three each: speedups from the least disturbed
 * runs, other ratios as medians), margins wide enough for two noisy
 * cores, narrow enough that the opposite claim would fail. A claim that
 * needs a free core is judged only when the runs had it (testutil.h);
 * waits overlap on a busy machine too, so claims about them always are.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/coro.h"
#include "engine/loop.h"
#include "engine/work.h"
#include "testutil.h"

#define RUNS 3

START_TEST(io_tasks_overlap_their_waits_on_one_thread)
{
	double sp[RUNS], cf[RUNS];

	for (int i = 0; i < RUNS; i++) {
		struct experiment ex;
		int tid0;

		tu_run(&ex, "coroutines", "workers=8 work=io baseline=1");
		sp[i] = ex.speedup;
		cf[i] = ex.cores_free;
		tid0 = atomic_load(&ex.trace->lanes[0].tid);
		for (int l = 0; l < ex.trace->nlanes; l++)
			ck_assert_int_eq(atomic_load(&ex.trace->lanes[l].tid),
			    tid0);
		experiment_release(&ex);
	}
	ck_assert_msg(tu_median(sp, RUNS) >= 7.2, "speedup %.2f < 7.2 (%.2f "
	    "cores free)", tu_median(sp, RUNS), tu_median(cf, RUNS));
}
END_TEST

/*
 * CPU-bound tasks on one loop run one after another: their running time
 * adds up to the wall time (a ratio from the trace), and the speedup
 * stays near 1. Both need the loop's thread on a CPU: preempted, its
 * tasks are ready, not running, and a slowed baseline looks like a gain.
 */
START_TEST(cpu_tasks_gain_nothing_from_the_loop)
{
	double sp[RUNS], serial[RUNS], cf[RUNS], bcf[RUNS];

	for (int i = 0; i < RUNS; i++) {
		struct experiment ex;
		uint64_t run = 0;

		tu_run(&ex, "coroutines", "workers=4 work=cpu units=8 "
		    "unit-ms=10 baseline=1");
		for (int l = 0; l < ex.log.nlanes; l++)
			if (ex.trace->lanes[l].kind == TRACE_KIND_TASK)
				run += ex.lanes[l].state_ns[TRACE_RUN];
		serial[i] = (double)run / (double)ex.wall_ns;
		sp[i] = ex.speedup;
		cf[i] = ex.cores_free;
		bcf[i] = ex.baseline_cores_free;
		experiment_release(&ex);
	}
	TU_NEED_CORES(tu_median(cf, RUNS), 1, "the loop's thread");
	TU_NEED_CORES(tu_median(bcf, RUNS), 1, "the sequential baseline");
	ck_assert_msg(tu_median(serial, RUNS) > 0.9 &&
	    tu_median(serial, RUNS) < 1.01, "task run / wall %.2f",
	    tu_median(serial, RUNS));
	ck_assert_msg(tu_median(sp, RUNS) > 0.7 && tu_median(sp, RUNS) < 1.4,
	    "speedup %.2f", tu_median(sp, RUNS));
}
END_TEST

/*
 * A hog task computes for HOG_MS without awaiting; tickers sleep TICK_MS
 * in a loop. Each ticker's longest gap between two runs must be about
 * the hog's run time: no ticker ran while the hog did. HOG_MS is long
 * enough for /proc's clock ticks to tell whether the loop's thread kept
 * its core while the hog computed: the cores free over that stretch go
 * to *arg.
 */
#define HOG_MS 120.0
#define TICK_MS 2.0
#define TICKERS 4

static void
hog(struct loop_task *t, void *arg)
{
	struct capacity cap;
	double *cores_free = arg;

	loop_sleep(t, 5);
	tu_window_begin(&cap);
	work_sink(loop_block_cpu(t, HOG_MS, 7));
	*cores_free = tu_window_end(&cap);
}

static void
ticker(struct loop_task *t, void *arg)
{
	(void)arg;
	for (int i = 0; i < 30; i++)
		loop_sleep(t, TICK_MS);
}

/*
 * The longest turn of a task: from the start of a running interval to
 * the end of the last one before it awaits, with the times the OS took
 * its thread away (ready, on a busy machine) counted in, since no other
 * task of the loop could run then either.
 */
static uint64_t
longest_turn(const struct log_lane *ll)
{
	uint64_t longest = 0, start = 0;
	bool in_turn = false;

	for (size_t i = 0; i < ll->niv; i++) {
		const struct log_interval *iv = &ll->iv[i];

		if (iv->state == TRACE_RUN) {
			if (!in_turn)
				start = iv->start_ns;
			in_turn = true;
			if (iv->end_ns - start > longest)
				longest = iv->end_ns - start;
		} else if (iv->state != TRACE_READY)
			in_turn = false;
	}
	return longest;
}

/*
 * One run of the hog and the tickers: the least and the most, over the
 * tickers, of the longest gap between two of a ticker's runs over the
 * hog's longest turn; the cores free while the hog computed.
 */
static void
hog_and_tickers(double *least, double *most, double *cores_free)
{
	struct trace *tr;
	struct log lg;
	struct loop *l;
	char *cause = NULL;
	int loop_lane, hog_lane, tick[TICKERS];
	uint64_t hog_run = 0;

	tr = trace_new(1u << 14, &cause);
	ck_assert_ptr_nonnull(tr);
	loop_lane = trace_lane_add(tr, "loop", TRACE_KIND_THREAD, 0);
	hog_lane = trace_lane_add(tr, "hog", TRACE_KIND_TASK, 0);
	l = loop_new(tr, loop_lane);
	ck_assert_ptr_nonnull(loop_spawn(l, hog, cores_free, hog_lane,
	    &cause));
	for (int i = 0; i < TICKERS; i++) {
		char name[16];

		snprintf(name, sizeof name, "ticker %d", i + 1);
		tick[i] = trace_lane_add(tr, name, TRACE_KIND_TASK, 0);
		ck_assert_ptr_nonnull(loop_spawn(l, ticker, NULL, tick[i],
		    &cause));
	}
	ck_assert_int_eq(loop_run(l, &cause), 0);
	log_init(&lg, tr);
	log_poll(&lg);
	log_close(&lg, log_last_ns(&lg));
	hog_run = longest_turn(&lg.lanes[hog_lane]);
	ck_assert_msg((double)hog_run / 1e6 > HOG_MS * 0.8, "hog ran %.1f ms",
	    (double)hog_run / 1e6);
	*least = 1e300;
	*most = 0;
	for (int k = 0; k < TICKERS; k++) {
		const struct log_lane *ll = &lg.lanes[tick[k]];
		uint64_t last_end = 0, gap = 0;
		double ratio;

		for (size_t i = 0; i < ll->niv; i++) {
			if (ll->iv[i].state != TRACE_RUN)
				continue;
			if (last_end != 0 && ll->iv[i].start_ns - last_end > gap)
				gap = ll->iv[i].start_ns - last_end;
			last_end = ll->iv[i].end_ns;
		}
		ratio = (double)gap / (double)hog_run;
		*least = ratio < *least ? ratio : *least;
		*most = ratio > *most ? ratio : *most;
	}
	log_release(&lg);
	loop_free(l);
	trace_free(tr);
}

START_TEST(a_cpu_bound_task_delays_every_other_task_by_its_run_time)
{
	double least, most[RUNS], cf[RUNS];

	work_calibrate();
	for (int i = 0; i < RUNS; i++) {
		hog_and_tickers(&least, &most[i], &cf[i]);
		/* No ticker ran while the hog did, whatever the load. */
		ck_assert_msg(least > 0.95, "run %d: a ticker's gap/hog %.2f",
		    i + 1, least);
	}
	/* Preempted around the hog, the loop's thread delays every ticker
	 * beyond the hog's run. */
	TU_NEED_CORES(tu_median(cf, RUNS), 1, "the loop's thread");
	/* At most one tick of sleep on top of the hog's run. */
	ck_assert_msg(tu_median(most, RUNS) < 1.0 + 2 * TICK_MS / HOG_MS + 0.1,
	    "a ticker's gap/hog %.2f (median of the runs' longest)",
	    tu_median(most, RUNS));
}
END_TEST

/*
 * Judged on any machine: a busy one slows the hand-off (the woken thread
 * waits for a CPU) at least as much as the switch, which never leaves
 * its thread.
 */
START_TEST(a_coroutine_switch_is_cheaper_than_a_thread_handoff)
{
	double sw[RUNS], ho[RUNS], ratio;

	for (int i = 0; i < RUNS; i++) {
		sw[i] = coro_bench_switch_ns(20000);
		ho[i] = bench_thread_handoff_ns(2000);
	}
	ratio = tu_median(ho, RUNS) / tu_median(sw, RUNS);
	ck_assert_msg(ratio > 2, "hand-off %.0f ns vs switch %.0f ns",
	    tu_median(ho, RUNS), tu_median(sw, RUNS));
}
END_TEST

START_TEST(cleaning_helpers_are_faster_but_bounded_by_two_cores)
{
	struct tu_speedup sp;

	tu_best_speedup("cleaning", "workers=4 units=16 unit-ms=15 cores=2",
	    RUNS, &sp);
	/* Whatever the load: the run's set is two CPUs. */
	ck_assert_msg(sp.parallelism < 2.1, "4 helpers used %.2f cores out of "
	    "2", sp.parallelism);
	TU_NEED_CORES(sp.cores_free, 2, "four helpers on two cores");
	TU_NEED_CORES(sp.baseline_cores_free, 1, "the sequential baseline");
	/* Most of what two cores can give when they are free. */
	ck_assert_msg(sp.speedup > 0.75 * (sp.cores_free < 2 ?
	    sp.cores_free : 2), "4 helpers on 2 cores: speedup %.2f with %.2f "
	    "cores free", sp.speedup, sp.cores_free);
	ck_assert_msg(sp.speedup < 2.3, "4 helpers on 2 cores: speedup %.2f",
	    sp.speedup);
}
END_TEST

START_TEST(cleaning_helpers_on_one_core_gain_nothing)
{
	struct tu_speedup sp;

	tu_best_speedup("cleaning", "workers=4 units=8 unit-ms=15 cores=1",
	    RUNS, &sp);
	TU_NEED_CORES(sp.cores_free, 1, "four helpers on one core");
	TU_NEED_CORES(sp.baseline_cores_free, 1, "the sequential baseline");
	ck_assert_msg(sp.speedup > 0.7 && sp.speedup < 1.25,
	    "4 helpers on 1 core: speedup %.2f", sp.speedup);
}
END_TEST

/* Cooking is waiting, not computing: the burgers need no free core. */
START_TEST(parallel_burgers_serve_as_many_at_once_as_there_are_cooks)
{
	struct tu_speedup seq, par, con;

	tu_best_speedup("burgers-sequential", "workers=8 unit-ms=15", RUNS,
	    &seq);
	tu_best_speedup("burgers-parallel", "workers=8 unit-ms=15", RUNS, &par);
	tu_best_speedup("burgers-concurrent", "workers=8 unit-ms=15", RUNS,
	    &con);
	ck_assert_msg(seq.speedup > 0.85 && seq.speedup < 1.15,
	    "sequential %.2f", seq.speedup);
	ck_assert_msg(par.speedup > 6 && par.speedup < 8.8, "parallel %.2f",
	    par.speedup);
	/* One cook: n burgers still take n cooking times. */
	ck_assert_msg(con.speedup > 1.0 && con.speedup < 1.4,
	    "concurrent %.2f", con.speedup);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("coro_timing");
	TCase *tc = tcase_create("ratios");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, io_tasks_overlap_their_waits_on_one_thread);
	tcase_add_test(tc, cpu_tasks_gain_nothing_from_the_loop);
	tcase_add_test(tc,
	    a_cpu_bound_task_delays_every_other_task_by_its_run_time);
	tcase_add_test(tc, a_coroutine_switch_is_cheaper_than_a_thread_handoff);
	tcase_add_test(tc, cleaning_helpers_are_faster_but_bounded_by_two_cores);
	tcase_add_test(tc, cleaning_helpers_on_one_core_gain_nothing);
	tcase_add_test(tc,
	    parallel_burgers_serve_as_many_at_once_as_there_are_cooks);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
