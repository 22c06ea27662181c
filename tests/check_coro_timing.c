/*
 * check_coro_timing.c - ratios the coroutine and burger lessons claim,
 * measured on real runs (three each: speedups from the least disturbed
 * runs, other ratios as medians), margins wide enough for two noisy
 * cores, narrow enough that the opposite claim would fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/coro.h"
#include "engine/loop.h"
#include "engine/work.h"
#include "testutil.h"

#define RUNS 3

/*
 * Runs `scenario` RUNS times with a baseline and returns the fastest
 * baseline over the fastest run: load on a shared machine only ever
 * slows a run down, so the fastest of each is the least disturbed (as
 * check_ratios.c does). *parallelism gets the median CPU time over wall.
 */
static double
best_speedup(const char *scenario, const char *args, double *parallelism)
{
	double par[RUNS], best_seq = 0, best_run = 0;
	char buf[256];

	snprintf(buf, sizeof buf, "%s baseline=1", args);
	for (int i = 0; i < RUNS; i++) {
		struct experiment ex;

		tu_run(&ex, scenario, buf);
		ck_assert(ex.has_baseline);
		if (i == 0 || ex.baseline_wall_ns < best_seq)
			best_seq = (double)ex.baseline_wall_ns;
		if (i == 0 || ex.wall_ns < best_run)
			best_run = (double)ex.wall_ns;
		par[i] = (double)ex.cpu_ns / (double)ex.wall_ns;
		experiment_release(&ex);
	}
	if (parallelism != NULL)
		*parallelism = tu_median(par, RUNS);
	return best_seq / best_run;
}

START_TEST(io_tasks_overlap_their_waits_on_one_thread)
{
	double sp[RUNS];

	for (int i = 0; i < RUNS; i++) {
		struct experiment ex;
		int tid0;

		tu_run(&ex, "coroutines", "workers=8 work=io baseline=1");
		sp[i] = ex.speedup;
		tid0 = atomic_load(&ex.trace->lanes[0].tid);
		for (int l = 0; l < ex.trace->nlanes; l++)
			ck_assert_int_eq(atomic_load(&ex.trace->lanes[l].tid),
			    tid0);
		experiment_release(&ex);
	}
	ck_assert_msg(tu_median(sp, RUNS) >= 7.2, "speedup %.2f < 7.2",
	    tu_median(sp, RUNS));
}
END_TEST

/*
 * CPU-bound tasks on one loop run one after another: their running time
 * adds up to the wall time (a ratio from the trace, which load on the
 * machine stretches on both sides alike), and the speedup stays near 1.
 */
START_TEST(cpu_tasks_gain_nothing_from_the_loop)
{
	double sp[RUNS], serial[RUNS];

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
		experiment_release(&ex);
	}
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
 * the hog's run time: no ticker ran while the hog did.
 */
#define HOG_MS 40.0
#define TICK_MS 2.0
#define TICKERS 4

static void
hog(struct loop_task *t, void *arg)
{
	(void)arg;
	loop_sleep(t, 5);
	work_sink(loop_block_cpu(t, HOG_MS, 7));
}

static void
ticker(struct loop_task *t, void *arg)
{
	(void)arg;
	for (int i = 0; i < 30; i++)
		loop_sleep(t, TICK_MS);
}

START_TEST(a_cpu_bound_task_delays_every_other_task_by_its_run_time)
{
	struct trace *tr;
	struct log lg;
	struct loop *l;
	char *cause = NULL;
	int loop_lane, hog_lane, tick[TICKERS];
	uint64_t hog_run = 0;

	work_calibrate();
	tr = trace_new(1u << 14, &cause);
	ck_assert_ptr_nonnull(tr);
	loop_lane = trace_lane_add(tr, "loop", TRACE_KIND_THREAD, 0);
	hog_lane = trace_lane_add(tr, "hog", TRACE_KIND_TASK, 0);
	l = loop_new(tr, loop_lane);
	ck_assert_ptr_nonnull(loop_spawn(l, hog, NULL, hog_lane, &cause));
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
	for (size_t i = 0; i < lg.lanes[hog_lane].niv; i++) {
		const struct log_interval *iv = &lg.lanes[hog_lane].iv[i];

		if (iv->state == TRACE_RUN && iv->end_ns - iv->start_ns > hog_run)
			hog_run = iv->end_ns - iv->start_ns;
	}
	ck_assert_msg((double)hog_run / 1e6 > HOG_MS * 0.8, "hog ran %.1f ms",
	    (double)hog_run / 1e6);
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
		/* At most one tick of sleep on top of the hog's run. */
		ck_assert_msg(ratio > 0.95 && ratio < 1.0 + 2 * TICK_MS / HOG_MS
		    + 0.1, "ticker %d: gap/hog %.2f", k + 1, ratio);
	}
	log_release(&lg);
	loop_free(l);
	trace_free(tr);
}
END_TEST

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

START_TEST(cleaning_helpers_are_faster_but_bounded_by_the_cores)
{
	double par, sp2, sp1;

	if (work_online_cpus() < 2)
		return;
	sp2 = best_speedup("cleaning", "workers=4 units=16 unit-ms=15 "
	    "cores=2", &par);
	ck_assert_msg(sp2 > 1.3, "4 helpers on 2 cores: speedup %.2f", sp2);
	ck_assert_msg(sp2 < 2.3, "4 helpers on 2 cores: speedup %.2f", sp2);
	ck_assert_msg(par < 2.1, "4 helpers used %.2f cores out of 2", par);
	sp1 = best_speedup("cleaning", "workers=4 units=8 unit-ms=15 "
	    "cores=1", NULL);
	ck_assert_msg(sp1 > 0.7 && sp1 < 1.25,
	    "4 helpers on 1 core: speedup %.2f", sp1);
}
END_TEST

START_TEST(parallel_burgers_serve_as_many_at_once_as_there_are_cooks)
{
	double seq = best_speedup("burgers-sequential", "workers=8 "
	    "unit-ms=15", NULL);
	double par = best_speedup("burgers-parallel", "workers=8 unit-ms=15",
	    NULL);
	double con = best_speedup("burgers-concurrent", "workers=8 "
	    "unit-ms=15", NULL);

	ck_assert_msg(seq > 0.85 && seq < 1.15, "sequential %.2f", seq);
	ck_assert_msg(par > 6 && par < 8.8, "parallel %.2f", par);
	/* One cook: n burgers still take n cooking times. */
	ck_assert_msg(con > 1.0 && con < 1.4, "concurrent %.2f", con);
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
	tcase_add_test(tc, cleaning_helpers_are_faster_but_bounded_by_the_cores);
	tcase_add_test(tc,
	    parallel_burgers_serve_as_many_at_once_as_there_are_cooks);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
