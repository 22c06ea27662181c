/*
 * check_oncpu.c - "running" means on a CPU: in every scenario, a worker
 * lane is drawn running no longer than its thread's CPU clock advanced.
 *
 * Time the OS gives to someone else must read as ready, sleeping
 * (cooking, taking an order) as busy off the CPU or I/O, and a worker
 * with nothing left to do as idle or done. So, lane by lane, the time
 * recorded as TRACE_RUN is bounded by the CPU time the lane's thread
 * measured, with a margin for what a look at the CPU clock cannot see
 * (the moments between two looks). This holds on a busy machine too:
 * preemption is recorded as ready, never as running. The event loop's
 * own lane is left out: it is running while it runs the tasks, whose
 * CPU time the tasks' lanes claim.
 */
#include <check.h>
#include <json-c/json.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engine/scenario.h"
#include "engine/work.h"
#include "testutil.h"

/* The bound: run_ms <= ONCPU_RATIO * cpu_ms + ONCPU_SLACK_MS. */
#define ONCPU_RATIO 1.2
#define ONCPU_SLACK_MS 3.0

/* The lane of the event loop itself, which the bound does not cover. */
static int
is_loop_lane(const struct experiment *ex, int lane)
{
	const struct trace_lane *l = &ex->trace->lanes[lane];

	return l->kind == TRACE_KIND_THREAD && strcmp(l->name, "loop") == 0;
}

/*
 * The largest run_ms - ONCPU_RATIO * cpu_ms over the worker lanes of a
 * finished run; the lane it belongs to in *worst.
 */
static double
worst_excess(const struct experiment *ex, int *worst)
{
	double most = -1e300;

	*worst = -1;
	for (int i = 0; i < ex->log.nlanes; i++) {
		double run_ms, cpu_ms, excess;

		if (is_loop_lane(ex, i))
			continue;
		run_ms = (double)ex->lanes[i].state_ns[TRACE_RUN] / 1e6;
		cpu_ms = (double)atomic_load(&ex->trace->lanes[i].cpu_ns) / 1e6;
		excess = run_ms - ONCPU_RATIO * cpu_ms;
		if (excess > most) {
			most = excess;
			*worst = i;
		}
	}
	return most;
}

/* The first lane over the bound in a test, reported once all ran. */
static char failure[256];

/*
 * Runs `sc` with `args` and checks the bound on every worker lane,
 * noting the first lane over it in `failure` (every run still runs, so
 * the log shows each scenario's figure).
 */
static void
check_scenario(const struct scenario *sc, const char *args)
{
	struct experiment ex;
	double excess;
	int lane;

	tu_run(&ex, sc->name, args);
	tu_check_invariants(&ex, 0);
	excess = worst_excess(&ex, &lane);
	fprintf(stderr, "oncpu %-20s %-36s max(run - %.1f cpu) %8.3f ms  %s\n",
	    sc->name, args, ONCPU_RATIO, excess,
	    lane >= 0 ? ex.trace->lanes[lane].name : "-");
	if (lane >= 0 && excess > ONCPU_SLACK_MS && failure[0] == '\0')
		snprintf(failure, sizeof failure,
		    "%s (%s): lane '%s' ran %.3f ms on %.3f ms of CPU",
		    sc->name, args, ex.trace->lanes[lane].name,
		    (double)ex.lanes[lane].state_ns[TRACE_RUN] / 1e6,
		    (double)atomic_load(&ex.trace->lanes[lane].cpu_ns) / 1e6);
	experiment_release(&ex);
}

/* Fails the test if a run went over the bound. */
static void
assert_no_failure(void)
{
	ck_assert_msg(failure[0] == '\0', "%s", failure);
}

/* Every scenario with a few units. */
START_TEST(small_runs_are_running_only_on_a_cpu)
{
	failure[0] = '\0';
	for (const struct scenario *const *sc = scenario_all(); *sc != NULL;
	    sc++) {
		check_scenario(*sc, "workers=2 units=4 unit-ms=5");
		if (scenario_uses(*sc, PARAM_WORK))
			check_scenario(*sc, "workers=3 work=mixed units=6 "
			    "unit-ms=4");
	}
	assert_no_failure();
}
END_TEST

/*
 * More workers than units (and than cores): the workers left without a
 * unit are idle or done, never running, and the busy ones are ready
 * whenever the OS runs another.
 */
START_TEST(crowded_runs_are_running_only_on_a_cpu)
{
	failure[0] = '\0';
	for (const struct scenario *const *sc = scenario_all(); *sc != NULL;
	    sc++) {
		char args[64];
		int workers = (*sc)->max_workers > 0 &&
		    (*sc)->max_workers < 16 ? (*sc)->max_workers : 16;

		if (!scenario_uses(*sc, PARAM_WORKERS))
			continue;
		/* As crowded as the scenario allows: more workers than units. */
		snprintf(args, sizeof args, "workers=%d units=%d unit-ms=5",
		    workers, workers / 2);
		check_scenario(*sc, args);
	}
	assert_no_failure();
}
END_TEST

/* The GIL's two algorithms hand the lock over often: both stay honest. */
START_TEST(gil_hand_offs_are_running_only_on_a_cpu)
{
	const struct scenario *sc = scenario_find("gil");

	failure[0] = '\0';
	check_scenario(sc, "workers=4 units=8 unit-ms=5 switch-interval=1");
	check_scenario(sc, "workers=4 units=8 unit-ms=5 old-gil=on");
	check_scenario(scenario_find("convoy"), "workers=4 units=8 unit-ms=2 "
	    "switch-interval=1");
	assert_no_failure();
}
END_TEST

/* The value of key `k` of `o`, failing the test when it is missing. */
static json_object *
key(json_object *o, const char *k)
{
	json_object *v = NULL;

	ck_assert_msg(json_object_object_get_ex(o, k, &v), "no key '%s'", k);
	return v;
}

/* A thread that takes its CPU in short turns, until told to stop. */
struct noise {
	pthread_t	 th;
	int		 cpu;
	_Atomic int	*stop;
};

/* Spins 0.1 ms, sleeps 0.1 ms, on its own CPU, again and again. */
static void *
noise_main(void *arg)
{
	struct noise *n = arg;
	struct timespec nap = { 0, 100000 };
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(n->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof set, &set);
	while (!atomic_load(n->stop)) {
		struct timespec a, b;

		clock_gettime(CLOCK_MONOTONIC, &a);
		do
			clock_gettime(CLOCK_MONOTONIC, &b);
		while ((b.tv_sec - a.tv_sec) * 1000000000L +
		    (b.tv_nsec - a.tv_nsec) < 100000);
		nanosleep(&nap, NULL);
	}
	return NULL;
}

/*
 * A busy machine whose other threads wake often takes the CPU from a
 * worker in many short turns, each too short to show alone; they add
 * up, and what they add up to is shown as ready, not running.
 */
START_TEST(many_short_losses_read_as_ready)
{
	struct noise n[8];
	_Atomic int stop = 0;
	int ncpu = work_online_cpus() < 8 ? work_online_cpus() : 8;

	for (int i = 0; i < ncpu; i++) {
		n[i].cpu = i;
		n[i].stop = &stop;
		ck_assert_int_eq(pthread_create(&n[i].th, NULL, noise_main,
		    &n[i]), 0);
	}
	failure[0] = '\0';
	check_scenario(scenario_find("threads"), "workers=2 units=4 "
	    "unit-ms=20");
	check_scenario(scenario_find("processes"), "workers=2 units=4 "
	    "unit-ms=20");
	atomic_store(&stop, 1);
	for (int i = 0; i < ncpu; i++)
		pthread_join(n[i].th, NULL);
	assert_no_failure();
}
END_TEST

/*
 * The JSON report says it too: the cashier-cook ran for no time at all,
 * and was busy off the CPU (busy_ms) for every order and every burger.
 * Every worker has the key, beside the ones it always had.
 */
START_TEST(json_reports_busy_apart_from_running)
{
	static char out[1 << 16], err[4096];
	char *const argv[] = { "timeslice", "run", "burgers-sequential",
	    "--workers", "2", "--unit-ms", "5", "--format", "json",
	    "--no-baseline", NULL };
	json_object *o, *ws;
	int cooks = 0;

	ck_assert_int_eq(tu_exec(argv, out, sizeof out, err, sizeof err), 0);
	o = json_tokener_parse(out);
	ck_assert_msg(o != NULL, "not JSON: %.200s", out);
	ws = key(o, "workers");
	for (size_t i = 0; i < json_object_array_length(ws); i++) {
		json_object *w = json_object_array_get_idx(ws, i);
		double busy = json_object_get_double(key(w, "busy_ms"));

		key(w, "run_ms");
		key(w, "idle_ms");
		if (strcmp(json_object_get_string(key(w, "name")),
		    "cashier-cook") != 0)
			continue;
		cooks++;
		ck_assert_double_eq(json_object_get_double(key(w, "run_ms")),
		    0);
		/* Two orders and two burgers: 2 x (1 + 5) ms at the least. */
		ck_assert_msg(busy >= 12, "busy_ms %g", busy);
		ck_assert_int_eq(json_object_array_length(key(w, "cpus")), 0);
	}
	ck_assert_int_eq(cooks, 1);
	json_object_put(o);
}
END_TEST

static Suite *
oncpu_suite(void)
{
	Suite *s = suite_create("oncpu");
	TCase *tc = tcase_create("running is on a cpu");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, small_runs_are_running_only_on_a_cpu);
	tcase_add_test(tc, crowded_runs_are_running_only_on_a_cpu);
	tcase_add_test(tc, gil_hand_offs_are_running_only_on_a_cpu);
	tcase_add_test(tc, many_short_losses_read_as_ready);
	tcase_add_test(tc, json_reports_busy_apart_from_running);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_main(oncpu_suite());
}
