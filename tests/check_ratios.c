/*
 * check_ratios.c - what the lessons claim about speed, as ranges of
 * ratios measured on real runs: medians of several runs, margins wide
 * enough for a shared 2-core machine. Never run under sanitizers. The
 * targets the lessons quote (docs/ARCHITECTURE.md) are tighter; `tools/figures`
 * measures those as medians and reports them.
 */
#include <check.h>
#include <stdio.h>

#include "engine/work.h"
#include "testutil.h"

#define RUNS 5

/* Median of `what` over RUNS runs of `scenario` with `args`. */
static double
median_of(const char *scenario, const char *args, const char *what)
{
	double v[RUNS];

	for (int i = 0; i < RUNS; i++) {
		struct experiment ex;

		tu_run(&ex, scenario, args);
		ck_assert_int_eq(experiment_value(&ex, what, &v[i]), 0);
		experiment_release(&ex);
	}
	return tu_median(v, RUNS);
}

START_TEST(cpu_threads_under_the_gil_gain_nothing)
{
	const char *const args[] = {
		"workers=2 work=cpu units=8 unit-ms=20",
		"workers=4 work=cpu units=8 unit-ms=20",
	};

	for (int i = 0; i < 2; i++) {
		double par, s = tu_best_speedup("gil", args[i], RUNS, &par);

		/*
		 * The invariant: CPU time over wall time never passes one core,
		 * whatever else the machine is doing (load only lowers it).
		 * The speedup itself is noisier on a shared machine; its
		 * 0.85-1.15 target is measured by tools/figures.
		 */
		ck_assert_msg(par < 1.15, "%s: %.2f cores busy under the GIL",
		    args[i], par);
		ck_assert_msg(s > 0.7 && s < 1.5, "%s: speedup %.2f", args[i],
		    s);
	}
}
END_TEST

START_TEST(cpu_processes_use_both_cores)
{
	double s, free_cores = tu_free_cores();

	s = tu_best_speedup("processes", "workers=2 work=cpu units=8 "
	    "unit-ms=25", RUNS, NULL);
	/* Two processes get most of the (up to) two cores that are free: a
	 * machine busy elsewhere lowers the bar, a serialised engine fails. */
	ck_assert_msg(s > 0.75 * (free_cores < 2 ? free_cores : 2),
	    "processes x2 speedup %.2f with %.2f cores free", s, free_cores);
}
END_TEST

START_TEST(io_threads_overlap_their_waits)
{
	double s = tu_best_speedup("threads", "workers=8 work=io units=8 "
	    "unit-ms=50", RUNS, NULL);

	ck_assert_msg(s > 6.0, "io threads x8 speedup %.2f", s);
}
END_TEST

START_TEST(convoy_wait_is_about_one_switch_interval)
{
	double w5 = median_of("convoy", "workers=2 units=60 unit-ms=1 "
	    "switch-interval=5", "io_wait_p50_ms");
	double w1 = median_of("convoy", "workers=2 units=150 unit-ms=1 "
	    "switch-interval=1", "io_wait_p50_ms");

	ck_assert_msg(w5 > 5 * 0.75 && w5 < 5 * 1.35, "wait at 5 ms: %.2f", w5);
	ck_assert_msg(w1 > 1 * 0.75 && w1 < 1 * 1.35, "wait at 1 ms: %.2f", w1);
}
END_TEST

START_TEST(race_without_a_lock_loses_updates)
{
	double lost = 0;

	/* Lost updates need the threads to overlap; try a few times. */
	for (int i = 0; i < 8 && lost == 0; i++) {
		struct experiment ex;

		tu_run(&ex, "race", "workers=2 units=200");
		ck_assert_int_eq(experiment_value(&ex, "lost_updates", &lost), 0);
		experiment_release(&ex);
	}
	ck_assert_msg(lost > 0, "no update was lost without the lock");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ratios");
	TCase *tc = tcase_create("ratios");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, cpu_threads_under_the_gil_gain_nothing);
	tcase_add_test(tc, cpu_processes_use_both_cores);
	tcase_add_test(tc, io_threads_overlap_their_waits);
	tcase_add_test(tc, convoy_wait_is_about_one_switch_interval);
	tcase_add_test(tc, race_without_a_lock_loses_updates);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
