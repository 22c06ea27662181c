/*
 * check_capacity.c - the cores a run could get, computed from fixed
 * /proc snapshots (the arithmetic and the parsers), and read from the
 * real /proc within its bounds; and how the timing tests judge a claim
 * only when the cores were there (testutil.h).
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/capacity.h"
#include "engine/work.h"
#include "trace/clock.h"
#include "testutil.h"

/* Two /proc/stat snapshots one second apart at 100 ticks per second:
 * cpu0 was never idle, cpu1 idle all along, cpu2 idle half the time. */
static const char stat_a[] =
    "cpu  300 0 300 3000 0 0 0 0 0 0\n"
    "cpu0 100 0 100 1000 10 0 0 0 0 0\n"
    "cpu1 100 0 100 1000 0 0 0 0 0 0\n"
    "cpu2 100 0 100 1000 0 0 0 0 0 0\n"
    "intr 12345 0 0\n";
static const char stat_b[] =
    "cpu  400 0 400 3150 0 0 0 0 0 0\n"
    "cpu0 200 0 100 1000 10 0 0 0 0 0\n"
    "cpu1 100 0 100 1090 10 0 0 0 0 0\n"
    "cpu2 150 0 100 1040 10 0 0 0 0 0\n"
    "intr 12399 0 0\n";

#define SECOND 1000000000ull

/* A set of the CPUs listed, ending with -1. */
static cpu_set_t
cpus(int first, ...)
{
	cpu_set_t set;
	va_list ap;

	CPU_ZERO(&set);
	va_start(ap, first);
	for (int c = first; c >= 0; c = va_arg(ap, int))
		CPU_SET(c, &set);
	va_end(ap);
	return set;
}

START_TEST(stat_idle_gives_busy_time)
{
	struct capacity_snap a, b;
	cpu_set_t s01 = cpus(0, 1, -1), s0 = cpus(0, -1), s2 = cpus(2, -1);
	cpu_set_t all = cpus(0, 1, 2, -1);

	ck_assert_int_eq(capacity_parse_stat(stat_a, 100, &a), 0);
	ck_assert_int_eq(capacity_parse_stat(stat_b, 100, &b), 0);
	ck_assert_int_eq(a.source, CAPACITY_STAT);
	ck_assert(a.present[2] && !a.present[3]);
	/* cpu0 busy 1 s, cpu1 idle: with no time of ours, one core free. */
	ck_assert_double_eq_tol(capacity_cores_free(&a, &b, &s01, SECOND, 0),
	    1.0, 1e-9);
	/* Half a second of that busy time was the run's own. */
	ck_assert_double_eq_tol(capacity_cores_free(&a, &b, &s01, SECOND,
	    SECOND / 2), 1.5, 1e-9);
	ck_assert_double_eq_tol(capacity_cores_free(&a, &b, &s0, SECOND,
	    SECOND / 4), 0.25, 1e-9);
	/* cpu2: idle 400 ms + 100 ms of iowait, so half busy. */
	ck_assert_double_eq_tol(capacity_cores_free(&a, &b, &s2, SECOND, 0),
	    0.5, 1e-9);
	ck_assert_double_eq_tol(capacity_cores_free(&a, &b, &all, SECOND, 0),
	    1.5, 1e-9);
}
END_TEST

START_TEST(cores_free_stays_within_the_set)
{
	struct capacity_snap a, b;
	cpu_set_t s01 = cpus(0, 1, -1), s1 = cpus(1, -1);

	capacity_parse_stat(stat_a, 100, &a);
	capacity_parse_stat(stat_b, 100, &b);
	/* More own time than busy time (clock skew): never above the set. */
	ck_assert_double_eq_tol(capacity_cores_free(&a, &b, &s01, SECOND,
	    3 * SECOND), 2.0, 1e-9);
	/* Idle longer than the window (rounding): no negative busy time. */
	ck_assert_double_eq_tol(capacity_cores_free(&a, &b, &s1, SECOND / 2,
	    0), 1.0, 1e-9);
	/* Idle counters that went backwards count as no idle time. */
	ck_assert_double_eq_tol(capacity_cores_free(&b, &a, &s1, SECOND, 0),
	    0.0, 1e-9);
}
END_TEST

START_TEST(missing_figures_give_no_answer)
{
	struct capacity_snap a, b, none;
	cpu_set_t s3 = cpus(3, -1), s0 = cpus(0, -1);

	capacity_parse_stat(stat_a, 100, &a);
	capacity_parse_stat(stat_b, 100, &b);
	memset(&none, 0, sizeof none);
	ck_assert(capacity_cores_free(&a, &b, &s3, SECOND, 0) < 0);
	ck_assert(capacity_cores_free(&a, &b, &s0, 0, 0) < 0);
	ck_assert(capacity_cores_free(&none, &none, &s0, SECOND, 0) < 0);
	ck_assert_int_eq(capacity_parse_stat("intr 1 2 3\n", 100, &a), -1);
	ck_assert_int_eq(capacity_parse_stat("cpu0 1 2\n", 100, &a), -1);
	ck_assert_int_eq(capacity_parse_stat(stat_a, 0, &a), -1);
	/* CPUs past the snapshot's room are left out, not written. */
	ck_assert_int_eq(capacity_parse_stat("cpu256 1 0 1 100 0\n", 100, &a),
	    -1);
	ck_assert_int_eq(capacity_parse_stat("cpu255 1 0 1 100 0\n", 100, &a),
	    0);
	ck_assert(a.present[255]);
}
END_TEST

START_TEST(schedstat_gives_run_time)
{
	static const char sa[] =
	    "version 15\ntimestamp 4295000000\n"
	    "cpu0 0 0 500 100 300 200 5000000000 100 400\n"
	    "domain0 3 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19\n"
	    "cpu1 0 0 500 100 300 200 7000000000 100 400\n"
	    "domain0 3 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19\n";
	static const char sb[] =
	    "version 15\ntimestamp 4295000250\n"
	    "cpu0 0 0 900 100 300 200 5800000000 100 400\n"
	    "domain0 3 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19\n"
	    "cpu1 0 0 900 100 300 200 7100000000 100 400\n"
	    "domain0 3 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19\n";
	struct capacity_snap a, b, st;
	cpu_set_t s01 = cpus(0, 1, -1);

	ck_assert_int_eq(capacity_parse_schedstat(sa, &a), 0);
	ck_assert_int_eq(capacity_parse_schedstat(sb, &b), 0);
	ck_assert_int_eq(a.source, CAPACITY_SCHEDSTAT);
	ck_assert_uint_eq(a.ns[1], 7000000000ull);
	/* 0.8 s + 0.1 s busy in one second, 0.3 s of it ours. */
	ck_assert_double_eq_tol(capacity_cores_free(&a, &b, &s01, SECOND,
	    3 * SECOND / 10), 1.4, 1e-9);
	/* A CPU busy longer than the window (counters read a moment apart)
	 * counts the window, no more: cpu0 ran 0.8 s in a 0.5 s window. */
	ck_assert_double_eq_tol(capacity_cores_free(&a, &b, &s01, SECOND / 2,
	    0), 2 - 0.5 / 0.5 - 0.1 / 0.5, 1e-9);
	/* A cpu line without its run time is no figure. */
	ck_assert_int_eq(capacity_parse_schedstat("version 15\n"
	    "cpu0 0 0 500 100 300 200\n", &a), -1);
	/* Old formats and other files are refused. */
	ck_assert_int_eq(capacity_parse_schedstat("version 14\n"
	    "cpu0 0 0 500 100 300 200 5000000000 100 400\n", &a), -1);
	ck_assert_int_eq(capacity_parse_schedstat(stat_a, &a), -1);
	/* Snapshots of two different sources do not mix. */
	ck_assert_int_eq(capacity_parse_schedstat(sa, &a), 0);
	capacity_parse_stat(stat_b, 100, &st);
	ck_assert(capacity_cores_free(&a, &st, &s01, SECOND, 0) < 0);
}
END_TEST

START_TEST(cpu_model_is_read_from_cpuinfo)
{
	char m[64];

	capacity_parse_model("processor\t: 0\nvendor_id\t: GenuineIntel\n"
	    "model\t\t: 85\nmodel name\t: Intel(R) Xeon(R) Processor  \n",
	    m, sizeof m);
	ck_assert_str_eq(m, "Intel(R) Xeon(R) Processor");
	capacity_parse_model("processor\t: 0\nBogoMIPS\t: 108.00\n"
	    "Hardware\t: BCM2835\nModel\t\t: Raspberry Pi 4\n", m, sizeof m);
	ck_assert_str_eq(m, "BCM2835");
	capacity_parse_model("processor\t: 0\nmodel name\t:\n", m, sizeof m);
	ck_assert_str_eq(m, "unknown");
	capacity_parse_model("", m, sizeof m);
	ck_assert_str_eq(m, "unknown");
	/* A longer key that starts like one is not that key. */
	capacity_parse_model("model name_x: odd\nmodel name\t: Right\n", m,
	    sizeof m);
	ck_assert_str_eq(m, "Right");
}
END_TEST

START_TEST(cpu_set_follows_the_cores_limit)
{
	cpu_set_t set;
	bool whole;
	int all = capacity_cpu_set(0, &set, &whole);

	ck_assert_int_ge(all, 1);
	ck_assert(whole);
	ck_assert_int_eq(CPU_COUNT(&set), all);
	ck_assert_int_eq(capacity_cpu_set(1, &set, &whole), 1);
	ck_assert_int_eq(CPU_COUNT(&set), 1);
	ck_assert(whole == (all == 1));
	ck_assert_int_eq(capacity_cpu_set(all + 5, &set, &whole), all);
}
END_TEST

START_TEST(real_window_is_within_bounds)
{
	struct capacity cap;
	struct capacity_machine m;
	double c;

	capacity_begin(&cap, 0);
	clock_sleep_ns(50000000);
	c = capacity_end(&cap, 0);
	/* Linux always has /proc/stat: an answer, within the CPUs. */
	ck_assert_msg(c >= 0 && c <= cap.ncpus, "cores free %.2f of %d", c,
	    cap.ncpus);
	capacity_machine(&m);
	ck_assert_int_eq(m.cpus, cap.ncpus);
	ck_assert(m.model[0] != '\0' && m.kernel[0] != '\0');
}
END_TEST

START_TEST(the_least_busy_cpus_are_picked)
{
	struct capacity_snap a, b, none;
	cpu_set_t all = cpus(0, 1, 2, -1), s02 = cpus(0, 2, -1), out;

	ck_assert_int_eq(capacity_parse_stat(stat_a, 100, &a), 0);
	ck_assert_int_eq(capacity_parse_stat(stat_b, 100, &b), 0);
	/* cpu1 idled all along, cpu2 half the time, cpu0 never. */
	ck_assert_int_eq(capacity_least_busy(&a, &b, &all, 1, &out), 1);
	ck_assert(CPU_ISSET(1, &out) && CPU_COUNT(&out) == 1);
	ck_assert_int_eq(capacity_least_busy(&a, &b, &all, 2, &out), 2);
	ck_assert(CPU_ISSET(1, &out) && CPU_ISSET(2, &out));
	/* Only among the CPUs allowed. */
	ck_assert_int_eq(capacity_least_busy(&a, &b, &s02, 1, &out), 1);
	ck_assert(CPU_ISSET(2, &out) && CPU_COUNT(&out) == 1);
	/* More than there are: all of them. */
	ck_assert_int_eq(capacity_least_busy(&a, &b, &s02, 5, &out), 2);
	/* No counters, no pick. */
	memset(&none, 0, sizeof none);
	ck_assert_int_eq(capacity_least_busy(&none, &b, &all, 1, &out), 0);
	ck_assert_int_eq(CPU_COUNT(&out), 0);
}
END_TEST

START_TEST(a_run_on_fewer_cores_keeps_its_pick)
{
	cpu_set_t allowed, last, set, mine;
	int top = -1;

	ck_assert_int_eq(sched_getaffinity(0, sizeof allowed, &allowed), 0);
	for (int c = 0; c < 64; c++)
		if (CPU_ISSET(c, &allowed))
			top = c;
	if (CPU_COUNT(&allowed) < 2 || top < 0)
		return;
	/* The last CPU allowed, not the first: a worker takes it. */
	CPU_ZERO(&last);
	CPU_SET(top, &last);
	work_use_cpus(&last);
	ck_assert(work_picked_cpus(1, &set));
	ck_assert(CPU_EQUAL(&set, &last));
	ck_assert(!work_picked_cpus(2, &set));
	ck_assert(!work_picked_cpus(0, &set));
	ck_assert_int_eq(work_worker_begin(1), 0);
	ck_assert_int_eq(sched_getaffinity(0, sizeof mine, &mine), 0);
	ck_assert(CPU_EQUAL(&mine, &last));
	/* Measured on this machine: one CPU among those allowed. */
	work_pick_cpus(1);
	if (work_picked_cpus(1, &set)) {
		ck_assert_int_eq(CPU_COUNT(&set), 1);
		CPU_AND(&set, &set, &allowed);
		ck_assert_int_eq(CPU_COUNT(&set), 1);
	}
}
END_TEST

/*
 * With fewer CPUs than the process may use, only the workers are confined
 * to them, so the run's own time is the workers' time it is given, not
 * this process's: a child spinning on the set's CPU, credited as the
 * workers' (and more), leaves the CPU wholly free. Were the process's own
 * time used, the child's spin (not reaped yet) would count as another
 * program's.
 */
START_TEST(a_confined_run_counts_its_workers_time)
{
	struct capacity cap;
	cpu_set_t one;
	bool whole;
	double c;
	pid_t child;

	if (capacity_cpu_set(1, &one, &whole) != 1 || whole) {
		printf("check_capacity: one CPU; the confined case passes "
		    "without running\n");
		return;
	}
	capacity_begin(&cap, 1);
	ck_assert(!cap.whole);
	fflush(NULL);
	if ((child = fork()) == 0) {
		uint64_t end = clock_now_ns() + 30000000;

		sched_setaffinity(0, sizeof one, &one);
		while (clock_now_ns() < end)
			continue;
		_exit(0);
	}
	ck_assert_int_gt(child, 0);
	clock_sleep_ns(40000000);
	c = capacity_end(&cap, 100 * SECOND);
	waitpid(child, NULL, 0);
	ck_assert_double_eq_tol(c, 1.0, 1e-9);
}
END_TEST

START_TEST(claims_are_decided_from_most_of_the_cores_they_need)
{
	ck_assert(tu_cores_enough(1.7, 2));
	ck_assert(tu_cores_enough(TU_DECIDE_SHARE * 2, 2));
	ck_assert(!tu_cores_enough(1.5, 2));
	ck_assert(!tu_cores_enough(0.7, 1));
	ck_assert(tu_cores_enough(0.9, 1));
	/* No figure from the kernel: judged, as grading does. */
	ck_assert(tu_cores_enough(-1, 2));
}
END_TEST

/* Test bodies for the programs inner_run builds. */
START_TEST(inner_undecided)
{
	TU_NEED_CORES(0.5, 2, "this claim");
	ck_abort_msg("an undecided claim was judged");
}
END_TEST

START_TEST(inner_passes)
{
	ck_assert(1);
}
END_TEST

START_TEST(inner_fails)
{
	ck_abort_msg("decided, and wrong");
}
END_TEST

/*
 * Runs, in a child, a test program (tu_main) of the tests `tests`;
 * returns its exit status, its output in out.
 */
static int
inner_run(const TTest *const *tests, int n, char *out, size_t cap)
{
	int p[2], status;
	size_t have = 0;
	ssize_t got;
	pid_t pid;

	ck_assert_int_eq(pipe(p), 0);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		Suite *s = suite_create("inner");
		TCase *tc = tcase_create("inner");

		dup2(p[1], STDOUT_FILENO);
		close(p[0]);
		unsetenv("CK_RUN_CASE");
		unsetenv("CK_RUN_SUITE");
		setenv("CK_VERBOSITY", "silent", 1);
		for (int i = 0; i < n; i++)
			tcase_add_test(tc, tests[i]);
		suite_add_tcase(s, tc);
		_exit(tu_main(s));
	}
	ck_assert_int_gt(pid, 0);
	close(p[1]);
	while ((got = read(p[0], out + have, cap - 1 - have)) > 0)
		have += (size_t)got;
	out[have] = '\0';
	close(p[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

START_TEST(a_program_with_nothing_decided_is_skipped)
{
	const TTest *only[] = { inner_undecided, inner_undecided };
	const TTest *some[] = { inner_undecided, inner_passes };
	const TTest *bad[] = { inner_undecided, inner_fails };
	char out[4096];

	/* Every test undecided: meson's "skipped", with the reason. */
	ck_assert_int_eq(inner_run(only, 2, out, sizeof out), 77);
	ck_assert_msg(strstr(out, "SKIP: inner_undecided: this claim needs 2 "
	    "cores free, 1.60 decide; only 0.50 were") != NULL, "%s", out);
	/* Some decided: their verdict, and the SKIP line for the rest. */
	ck_assert_int_eq(inner_run(some, 2, out, sizeof out), 0);
	ck_assert_ptr_nonnull(strstr(out, "SKIP: inner_undecided: "));
	ck_assert_int_eq(inner_run(bad, 2, out, sizeof out), 1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("capacity");
	TCase *tc = tcase_create("capacity");

	tcase_add_test(tc, stat_idle_gives_busy_time);
	tcase_add_test(tc, cores_free_stays_within_the_set);
	tcase_add_test(tc, missing_figures_give_no_answer);
	tcase_add_test(tc, schedstat_gives_run_time);
	tcase_add_test(tc, cpu_model_is_read_from_cpuinfo);
	tcase_add_test(tc, cpu_set_follows_the_cores_limit);
	tcase_add_test(tc, real_window_is_within_bounds);
	tcase_add_test(tc, the_least_busy_cpus_are_picked);
	tcase_add_test(tc, a_run_on_fewer_cores_keeps_its_pick);
	tcase_add_test(tc, a_confined_run_counts_its_workers_time);
	suite_add_tcase(s, tc);
	tc = tcase_create("undecided claims");
	tcase_add_test(tc, claims_are_decided_from_most_of_the_cores_they_need);
	tcase_add_test(tc, a_program_with_nothing_decided_is_skipped);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
