/*
 * check_grade.c - grading predictions from fixed measurements: a quiet
 * machine decides, a busy one gives "undecided" and never a wrong
 * verdict, runs that disagree across a boundary are undecided too, and
 * each undecided verdict says which of these it is. Series of two and
 * four runs are judged on the middle two.
 *
 * The measurements are made up run by run, as a series of a busy 2-core
 * machine would report them, so nothing here depends on the load.
 */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/grade.h"
#include "lesson/lesson.h"
#include "testutil.h"

#define META "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: en\n```\n\n"

/* Parses a lesson with one prediction block and returns it. */
static struct lesson *
predict(const char *body)
{
	char text[2048];
	struct diags d;
	struct lesson *l;

	snprintf(text, sizeof text, "%s```predict\nid: p\nquestion: q?\n%s```\n",
	    META, body);
	diags_init(&d);
	l = lesson_parse("lessons/en/01-t.md", text, strlen(text), &d);
	for (size_t i = 0; i < d.n; i++) {
		char *s = diag_format(&d.v[i]);

		fprintf(stderr, "%s\n", s);
		free(s);
	}
	ck_assert_int_eq(d.errors, 0);
	diags_release(&d);
	return l;
}

static const struct lesson_quiz *
quiz(const struct lesson *l)
{
	for (size_t b = 0; b < l->nblocks; b++)
		if (l->blocks[b].kind == LESSON_PREDICT)
			return l->blocks[b].quiz;
	ck_abort_msg("no prediction");
	return NULL;
}

/* Adds `n` runs of figure `name` to s. */
static void
put(struct experiment_series *s, const char *name, int n, ...)
{
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		experiment_series_put(s, name, va_arg(ap, double));
	va_end(ap);
	if (n > s->runs)
		s->runs = n;
}

/* An empty series of `scenario` on a 2-core machine with `threads`
 * threads, as the runs would report it. */
static void
series_of(struct experiment_series *s, const char *scenario, int threads)
{
	experiment_series_init(s, scenario_find(scenario), NULL);
	s->cpus = 2;
	s->threads = threads;
}

/* A series on a 2-core machine of `threads` CPU-bound workers. */
static void
series(struct experiment_series *s, int threads, double share)
{
	series_of(s, "processes", threads);
	put(s, "baseline_cpu_share", 3, share, share, share);
}

#define PROCESSES "scenario: processes\nworkers: 2\nwork: cpu\n" \
    "expect: speedup >= 1.5\n" \
    "- [speedup >= 1.5] Faster\n  why: w\n" \
    "- [speedup < 1.5] Same\n  why: w\n"

#define GIL "scenario: gil\nworkers: 4\nwork: cpu\nexpect: speedup < 1.4\n" \
    "- [speedup < 1.4] Same\n  why: w\n" \
    "- [speedup >= 1.4] Faster\n  why: w\n"

START_TEST(quiet_machine_decides)
{
	struct lesson *l = predict(PROCESSES);
	const struct lesson_quiz *q = quiz(l);
	struct experiment_series s;
	struct grade g;

	series(&s, 2, 1);
	put(&s, "speedup", 3, 1.92, 1.85, 1.97);
	put(&s, "cores_free", 3, 1.95, 1.9, 1.97);
	put(&s, "baseline_cores_free", 3, 1.96, 1.93, 1.9);
	grade_choice(q, q->expected, &s, &g);
	ck_assert_msg(g.verdict == GRADE_HOLDS, "%s", g.reason);
	ck_assert(strstr(g.reason, "1.92") != NULL);
	ck_assert_int_eq(grade_answer(q, 0, &s, &g), GRADE_RIGHT);
	ck_assert_int_eq(grade_answer(q, 1, &s, &g), GRADE_WRONG);
	ck_assert_msg(g.verdict == GRADE_FAILS, "%s", g.reason);
	ck_assert_str_eq(grade_answer_name(GRADE_WRONG), "wrong");
	ck_assert_str_eq(grade_verdict_name(g.verdict), "fails");
	lesson_free(l);
}
END_TEST

START_TEST(one_busy_core_of_two_cannot_tell_parallel_from_serial)
{
	struct lesson *l = predict(PROCESSES), *lg = predict(GIL);
	struct experiment_series s;
	struct grade g;

	/* Another program kept one core busy: processes show about 1x. */
	series(&s, 2, 1);
	put(&s, "speedup", 3, 1.05, 1.0, 1.1);
	put(&s, "cores_free", 3, 1.02, 1.08, 1.1);
	put(&s, "baseline_cores_free", 3, 1.0, 1.0, 1.0);
	for (int k = 0; k < 2; k++) {
		ck_assert_int_eq(grade_answer(quiz(l), k, &s, &g), GRADE_UNSURE);
		ck_assert_msg(strstr(g.reason, "only 1.0 cores were free, so "
		    "two workers could not run at once") != NULL, "%s",
		    g.reason);
	}
	/*
	 * Threads under the GIL measured the same way: the GIL lets one
	 * thread compute at a time, so even two free cores could not have
	 * shown more, and the machine decides it (it used to be undecided
	 * before grading knew the ceiling).
	 */
	series(&s, 4, 1);
	put(&s, "speedup", 3, 1.0, 0.98, 1.02);
	put(&s, "cores_free", 3, 1.0, 1.0, 1.05);
	put(&s, "baseline_cores_free", 3, 1.0, 1.0, 1.0);
	ck_assert_int_eq(grade_answer(quiz(lg), 0, &s, &g), GRADE_RIGHT);
	ck_assert_int_eq(grade_answer(quiz(lg), 1, &s, &g), GRADE_WRONG);
	/* The same figures with both cores free decide it. */
	series(&s, 4, 1);
	put(&s, "speedup", 3, 1.0, 0.98, 1.02);
	put(&s, "cores_free", 3, 1.97, 1.95, 1.96);
	put(&s, "baseline_cores_free", 3, 1.9, 1.9, 1.9);
	ck_assert_int_eq(grade_answer(quiz(lg), 0, &s, &g), GRADE_RIGHT);
	ck_assert_int_eq(grade_answer(quiz(lg), 1, &s, &g), GRADE_WRONG);
	lesson_free(l);
	lesson_free(lg);
}
END_TEST

START_TEST(slowed_baseline_does_not_make_a_wrong_answer_right)
{
	struct lesson *l = predict(PROCESSES), *lg = predict(GIL);
	struct experiment_series s;
	struct grade g;

	/* The baseline had half a core: processes look twice as fast. */
	series(&s, 2, 1);
	put(&s, "speedup", 3, 1.9, 2.0, 1.95);
	put(&s, "cores_free", 3, 1.95, 1.9, 1.97);
	put(&s, "baseline_cores_free", 3, 0.5, 0.5, 0.5);
	ck_assert_int_eq(grade_answer(quiz(l), 0, &s, &g), GRADE_UNSURE);
	ck_assert_msg(strstr(g.reason, "for the baseline") != NULL, "%s",
	    g.reason);
	ck_assert_int_eq(grade_answer(quiz(l), 1, &s, &g), GRADE_UNSURE);
	/*
	 * GIL threads measured so: twice as fast cannot be theirs, and the
	 * ceiling (one core) tells the slowed baseline apart.
	 */
	ck_assert_int_eq(grade_answer(quiz(lg), 0, &s, &g), GRADE_RIGHT);
	ck_assert_int_eq(grade_answer(quiz(lg), 1, &s, &g), GRADE_WRONG);
	lesson_free(l);
	lesson_free(lg);
}
END_TEST

START_TEST(runs_across_a_boundary_are_undecided)
{
	struct lesson *l = predict(PROCESSES);
	struct experiment_series s;
	struct grade g;

	series(&s, 2, 1);
	put(&s, "speedup", 3, 1.45, 1.6, 1.55);
	put(&s, "cores_free", 3, 1.99, 1.99, 1.98);
	put(&s, "baseline_cores_free", 3, 1.99, 1.99, 1.99);
	grade_choice(quiz(l), 0, &s, &g);
	ck_assert_int_eq(g.verdict, GRADE_UNDECIDED);
	ck_assert_msg(strstr(g.reason, "runs disagree") != NULL, "%s",
	    g.reason);
	ck_assert_double_eq_tol(g.value, 1.55, 1e-9);
	lesson_free(l);
}
END_TEST

START_TEST(waits_overlap_whatever_the_load)
{
	struct lesson *l = predict("scenario: threads\nworkers: 8\nwork: io\n"
	    "expect: speedup >= 4\n- [speedup >= 4] Close to 8x\n  why: w\n"
	    "- [speedup < 4] At most 2x\n  why: w\n");
	struct experiment_series s;
	struct grade g;

	/* I/O work hardly wants a core: a full machine does not matter. */
	series(&s, 8, 0.001);
	put(&s, "speedup", 3, 7.9, 7.95, 7.97);
	put(&s, "cores_free", 3, 0.02, 0.01, 0.03);
	put(&s, "baseline_cores_free", 3, 0.01, 0.01, 0.01);
	ck_assert_int_eq(grade_answer(quiz(l), 0, &s, &g), GRADE_RIGHT);
	ck_assert_int_eq(grade_answer(quiz(l), 1, &s, &g), GRADE_WRONG);
	lesson_free(l);
}
END_TEST

START_TEST(workers_that_only_wait_are_judged_at_any_load)
{
	struct lesson *l = predict("scenario: semaphore\nworkers: 8\n"
	    "units: 8\npermits: 2\nexpect: wall_ms >= 45\n"
	    "- [wall_ms < 45] All at once\n  why: w\n"
	    "- [wall_ms >= 45] Two at a time\n  why: w\n");
	struct experiment_series s;
	struct grade g;

	/* No baseline; eight threads that used 0.4 ms of CPU in 100 ms. */
	series_of(&s, "semaphore", 8);
	put(&s, "wall_ms", 3, 100.7, 100.6, 100.8);
	put(&s, "cpu_ms", 3, 0.38, 0.4, 0.35);
	put(&s, "cores_free", 3, 0.02, 0.02, 0.03);
	ck_assert_int_eq(grade_answer(quiz(l), 1, &s, &g), GRADE_RIGHT);
	ck_assert_int_eq(grade_answer(quiz(l), 0, &s, &g), GRADE_WRONG);
	lesson_free(l);
}
END_TEST

START_TEST(times_stretch_on_a_busy_machine)
{
	struct lesson *l = predict("scenario: coroutines\nworkers: 4\n"
	    "work: cpu\nexpect: wall_ms >= 150\n"
	    "- [wall_ms >= 150] One after another\n  why: w\n"
	    "- [wall_ms < 150] Shared by the cores\n  why: w\n");
	struct experiment_series s;
	struct grade g;

	/* One thread (the loop) needs one core; half of one was free. */
	series(&s, 1, 1);
	put(&s, "wall_ms", 3, 200.0, 210.0, 190.0);
	put(&s, "cores_free", 3, 0.5, 0.5, 0.5);
	ck_assert_int_eq(grade_answer(quiz(l), 0, &s, &g), GRADE_UNSURE);
	ck_assert_int_eq(grade_answer(quiz(l), 1, &s, &g), GRADE_UNSURE);
	/* A whole core is all one thread can use: decided. */
	series(&s, 1, 1);
	put(&s, "wall_ms", 3, 200.0, 210.0, 190.0);
	put(&s, "cores_free", 3, 1.1, 1.0, 1.2);
	ck_assert_int_eq(grade_answer(quiz(l), 0, &s, &g), GRADE_RIGHT);
	ck_assert_int_eq(grade_answer(quiz(l), 1, &s, &g), GRADE_WRONG);
	lesson_free(l);
}
END_TEST

START_TEST(a_run_wants_the_cores_it_was_seen_to_use)
{
	struct lesson *l = predict("scenario: convoy\nworkers: 2\n"
	    "expect: io_wait_p50_ms >= 3\n"
	    "- [io_wait_p50_ms >= 3] One interval\n  why: w\n"
	    "- [io_wait_p50_ms < 3] None\n  why: w\n");
	struct experiment_series s;
	struct grade g;

	/* Its baseline only waits, but the run computes on one core. */
	series(&s, 2, 0.001);
	put(&s, "io_wait_p50_ms", 3, 5.2, 5.4, 5.3);
	put(&s, "cpu_ms", 3, 190.0, 195.0, 200.0);
	put(&s, "wall_ms", 3, 200.0, 200.0, 200.0);
	put(&s, "cores_free", 3, 0.3, 0.3, 0.3);
	ck_assert_int_eq(grade_answer(quiz(l), 0, &s, &g), GRADE_UNSURE);
	series(&s, 2, 0.001);
	put(&s, "io_wait_p50_ms", 3, 5.2, 5.4, 5.3);
	put(&s, "cpu_ms", 3, 190.0, 195.0, 200.0);
	put(&s, "wall_ms", 3, 200.0, 200.0, 200.0);
	put(&s, "cores_free", 3, 1.5, 1.4, 1.6);
	ck_assert_int_eq(grade_answer(quiz(l), 0, &s, &g), GRADE_RIGHT);
	ck_assert_int_eq(grade_answer(quiz(l), 1, &s, &g), GRADE_WRONG);
	lesson_free(l);
}
END_TEST

START_TEST(counts_are_judged_on_the_median)
{
	struct lesson *l = predict("scenario: race\nworkers: 2\n"
	    "expect: lost_updates > 0\n- [lost_updates > 0] Some\n  why: w\n"
	    "- [lost_updates <= 0] None\n  why: w\n");
	struct experiment_series s;
	struct grade g;

	series_of(&s, "race", 2);
	put(&s, "lost_updates", 3, 0.0, 120.0, 800.0);
	put(&s, "cores_free", 3, 0.3, 0.2, 0.4);
	ck_assert_int_eq(grade_answer(quiz(l), 0, &s, &g), GRADE_RIGHT);
	ck_assert_double_eq_tol(g.value, 120, 1e-9);
	ck_assert_int_eq(grade_answer(quiz(l), 1, &s, &g), GRADE_WRONG);
	lesson_free(l);
}
END_TEST

START_TEST(nothing_measured_is_not_a_verdict)
{
	struct lesson *l = predict(PROCESSES);
	struct experiment_series s;
	struct grade g;

	series(&s, 2, 1);
	s.runs = 0;
	grade_choice(quiz(l), 0, &s, &g);
	ck_assert_int_eq(g.verdict, GRADE_UNDECIDED);
	/* Runs without the figure the lesson names: the lesson is wrong. */
	put(&s, "wall_ms", 1, 100.0);
	grade_choice(quiz(l), 0, &s, &g);
	ck_assert_int_eq(g.verdict, GRADE_FAILS);
	ck_assert(!g.measured);
	grade_choice(quiz(l), 7, &s, &g);
	ck_assert_int_eq(g.verdict, GRADE_UNDECIDED);
	lesson_free(l);
}
END_TEST

START_TEST(quiet_ranges_stay_under_the_ceiling)
{
	struct lesson *l = predict(GIL);
	struct experiment_series s;
	struct grade g;

	/* Almost nothing free: without a ceiling 4 threads could be 40x. */
	series(&s, 4, 1);
	put(&s, "speedup", 3, 0.5, 0.45, 0.55);
	put(&s, "cores_free", 3, 0.1, 0.1, 0.1);
	put(&s, "baseline_cores_free", 3, 0.5, 0.5, 0.5);
	grade_choice(quiz(l), 0, &s, &g);
	ck_assert_msg(g.hi <= 1.2, "%g to %g: %s", g.lo, g.hi, g.reason);
	ck_assert_msg(g.hi >= 1.0, "%g to %g", g.lo, g.hi);
	lesson_free(l);
}
END_TEST

START_TEST(a_claim_past_the_ceiling_fails_whatever_the_load)
{
	struct lesson *l = predict("scenario: processes\nworkers: 8\n"
	    "cores: 2\nwork: cpu\nunits: 16\nexpect: speedup < 4\n"
	    "- [speedup >= 4] Close to 8x\n  why: w\n"
	    "- [speedup < 4] About 2x\n  why: w\n");
	struct lesson *lg = predict(GIL);
	struct experiment_series s;
	struct grade g;

	/* A machine so busy that any speedup could be hidden. */
	series(&s, 8, 1);
	put(&s, "speedup", 3, 0.6, 0.5, 0.55);
	put(&s, "cores_free", 3, 0.2, 0.25, 0.2);
	put(&s, "baseline_cores_free", 3, 0.5, 0.5, 0.5);
	ck_assert_int_eq(grade_answer(quiz(l), 0, &s, &g), GRADE_WRONG);
	ck_assert_msg(strstr(g.reason, "2 cores can run at most 2 workers at "
	    "once, so it can be at most about 2x") != NULL, "%s", g.reason);
	ck_assert_int_eq(grade_answer(quiz(l), 1, &s, &g), GRADE_RIGHT);
	ck_assert_msg(g.hi <= 2.3, "%g", g.hi);
	/* GIL threads: one computes at a time. */
	ck_assert_int_eq(grade_answer(quiz(lg), 1, &s, &g), GRADE_WRONG);
	ck_assert_msg(strstr(g.reason, "only one worker can compute at a "
	    "time") != NULL, "%s", g.reason);
	lesson_free(l);
	lesson_free(lg);
}
END_TEST

START_TEST(lost_updates_need_two_cores_to_show)
{
	struct lesson *l = predict("scenario: race\nworkers: 2\n"
	    "expect: lost_updates > 0\n- [lost_updates > 0] Some\n  why: w\n"
	    "- [lost_updates <= 0] None\n  why: w\n");
	struct experiment_series s;
	struct grade g;

	/* Load 12 on two CPUs: the two threads never ran at once. */
	series_of(&s, "race", 2);
	put(&s, "lost_updates", 3, 0.0, 0.0, 0.0);
	put(&s, "cores_free", 3, 0.1, 0.2, 1.2);
	ck_assert_int_eq(grade_answer(quiz(l), 0, &s, &g), GRADE_UNSURE);
	ck_assert_msg(strstr(g.reason, "could not run at once") != NULL, "%s",
	    g.reason);
	ck_assert_int_eq(grade_answer(quiz(l), 1, &s, &g), GRADE_UNSURE);
	ck_assert_msg(strstr(g.reason, "only seems to agree") != NULL, "%s",
	    g.reason);
	/* Two cores free and still none lost: the claim is wrong. */
	series_of(&s, "race", 2);
	put(&s, "lost_updates", 3, 0.0, 0.0, 0.0);
	put(&s, "cores_free", 3, 1.9, 1.8, 1.95);
	ck_assert_int_eq(grade_answer(quiz(l), 0, &s, &g), GRADE_WRONG);
	ck_assert_int_eq(grade_answer(quiz(l), 1, &s, &g), GRADE_RIGHT);
	/* A run limited to one CPU by the lesson is what it is. */
	s.cpus = 1;
	put(&s, "cores_free", 3, 0.3, 0.3, 0.3);
	ck_assert_int_eq(grade_answer(quiz(l), 0, &s, &g), GRADE_WRONG);
	lesson_free(l);
}
END_TEST

START_TEST(a_busy_run_that_seems_to_agree_says_why_not)
{
	struct lesson *l = predict("scenario: processes\nworkers: 4\n"
	    "work: cpu\nexpect: speedup >= 1.5\n"
	    "- [speedup >= 1.5] Faster\n  why: w\n"
	    "- [speedup < 1.5] Same\n  why: w\n");
	struct experiment_series s;
	struct grade g;

	/* One core kept busy: four processes measure about 1x. */
	series(&s, 4, 1);
	put(&s, "speedup", 3, 0.97, 0.95, 0.99);
	put(&s, "cores_free", 3, 1.0, 1.0, 1.0);
	put(&s, "baseline_cores_free", 3, 1.0, 1.0, 1.0);
	ck_assert_int_eq(grade_answer(quiz(l), 1, &s, &g), GRADE_UNSURE);
	ck_assert_msg(strstr(g.reason, "speedup 0.97 here because only 1.0 "
	    "cores were free") != NULL, "%s", g.reason);
	ck_assert_msg(strstr(g.reason, "with 2 free it could be up to 2;")
	    != NULL, "%s", g.reason);
	ck_assert_msg(strstr(g.reason, "only seems to agree") != NULL, "%s",
	    g.reason);
	ck_assert_int_eq(grade_answer(quiz(l), 0, &s, &g), GRADE_UNSURE);
	ck_assert_msg(strstr(g.reason, "only seems to agree") == NULL, "%s",
	    g.reason);
	lesson_free(l);
}
END_TEST

/*
 * CPU time is work done, not time waited: a busy machine spreads it over
 * a longer wall time but does not make it more, so it is judged as
 * measured however few cores were free.
 */
START_TEST(cpu_time_is_judged_as_measured)
{
	struct lesson *l = predict("scenario: processes\nworkers: 2\n"
	    "work: cpu\nexpect: cpu_ms >= 150\n"
	    "- [cpu_ms >= 150] All of it\n  why: w\n"
	    "- [cpu_ms < 150] Less\n  why: w\n");
	struct experiment_series s;
	struct grade g;

	series(&s, 2, 1);
	put(&s, "cpu_ms", 3, 160.0, 170.0, 165.0);
	put(&s, "wall_ms", 3, 170.0, 180.0, 175.0);
	put(&s, "cores_free", 3, 0.3, 0.3, 0.3);
	ck_assert_int_eq(grade_answer(quiz(l), 0, &s, &g), GRADE_RIGHT);
	ck_assert_double_eq_tol(g.lo, 165, 1e-9);
	ck_assert_double_eq_tol(g.hi, 165, 1e-9);
	ck_assert_int_eq(grade_answer(quiz(l), 1, &s, &g), GRADE_WRONG);
	lesson_free(l);
}
END_TEST

/* The median of an even count is the mean of the middle two. */
START_TEST(even_series_take_the_middle_two)
{
	double two[] = { 3.0, 1.0 }, four[] = { 4.0, 1.0, 3.0, 2.0 };
	double one[] = { 5.0 }, five[] = { 5.0, 1.0, 4.0, 2.0, 3.0 };

	ck_assert_double_eq_tol(grade_median(two, 2), 2.0, 1e-9);
	ck_assert_double_eq_tol(grade_median(four, 4), 2.5, 1e-9);
	ck_assert_double_eq_tol(grade_median(one, 1), 5.0, 1e-9);
	ck_assert_double_eq_tol(grade_median(five, 5), 3.0, 1e-9);
	/* It sorts what it is given, the smallest first. */
	for (int i = 0; i < 4; i++)
		ck_assert_double_eq_tol(four[i], i + 1.0, 1e-9);
}
END_TEST

/* A prediction about the loop's wall time, split at `at` ms. */
static struct lesson *
wall_split(const char *at)
{
	char body[512];

	snprintf(body, sizeof body, "scenario: coroutines\nworkers: 4\n"
	    "work: cpu\nexpect: wall_ms >= %s\n"
	    "- [wall_ms >= %s] Slow\n  why: w\n"
	    "- [wall_ms < %s] Fast\n  why: w\n", at, at, at);
	return predict(body);
}

/*
 * Two or four runs: the figure judged is the mean of the middle two, so
 * a median of 150 from 140 and 160 is over 145 and under 155, which
 * neither middle value alone is.
 */
START_TEST(even_series_are_judged_on_the_middle_two)
{
	struct lesson *lo = wall_split("145"), *hi = wall_split("155");
	struct experiment_series s;
	struct grade g;

	for (int runs = 2; runs <= 4; runs += 2) {
		series(&s, 1, 1);
		if (runs == 2) {
			put(&s, "wall_ms", 2, 160.0, 140.0);
			put(&s, "cores_free", 2, 1.9, 1.95);
		} else {
			put(&s, "wall_ms", 4, 300.0, 140.0, 100.0, 160.0);
			put(&s, "cores_free", 4, 1.9, 1.95, 1.9, 1.97);
		}
		ck_assert_int_eq(grade_answer(quiz(lo), 0, &s, &g),
		    GRADE_RIGHT);
		ck_assert_double_eq_tol(g.lo, 150, 1e-9);
		ck_assert_double_eq_tol(g.hi, 150, 1e-9);
		ck_assert_int_eq(grade_answer(quiz(lo), 1, &s, &g),
		    GRADE_WRONG);
		ck_assert_int_eq(grade_answer(quiz(hi), 1, &s, &g),
		    GRADE_RIGHT);
		ck_assert_int_eq(grade_answer(quiz(hi), 0, &s, &g),
		    GRADE_WRONG);
	}
	lesson_free(lo);
	lesson_free(hi);
}
END_TEST

/* Grades choice `k` and fails unless the reason holds `want`. */
static void
assert_reason(const struct lesson *l, int k, const struct experiment_series
    *s, enum grade_verdict verdict, const char *want)
{
	struct grade g;

	grade_choice(quiz(l), k, s, &g);
	ck_assert_msg(g.verdict == verdict, "verdict %s (%s), want %s",
	    grade_verdict_name(g.verdict), g.reason,
	    grade_verdict_name(verdict));
	ck_assert_msg(strstr(g.reason, want) != NULL, "reason '%s' does not "
	    "say '%s'", g.reason, want);
}

/* Fails if the reason for choice `k` holds `unwanted`. */
static void
assert_reason_lacks(const struct lesson *l, int k,
    const struct experiment_series *s, const char *unwanted)
{
	struct grade g;

	grade_choice(quiz(l), k, s, &g);
	ck_assert_msg(strstr(g.reason, unwanted) == NULL, "reason '%s' says "
	    "'%s'", g.reason, unwanted);
}

/*
 * Every way of not deciding says which it is: no condition, no runs, no
 * such figure; a machine a little busy whose raw figures were on one
 * side (the machine's doing, not the runs'), and runs on both sides of
 * the boundary on a quiet machine (the runs'). A wrong verdict on a time
 * or a ratio names the cores free; on a count it does not, as counts do
 * not depend on them.
 */
START_TEST(undecided_says_why)
{
	struct lesson *l = predict(PROCESSES), *race = predict(
	    "scenario: race\nworkers: 2\nexpect: lost_updates > 0\n"
	    "- [lost_updates > 0] Some\n  why: w\n"
	    "- [lost_updates <= 0] None\n  why: w\n");
	struct experiment_series s;

	series(&s, 2, 1);
	put(&s, "speedup", 3, 1.45, 1.46, 1.47);
	put(&s, "cores_free", 3, 1.9, 1.92, 1.95);
	put(&s, "baseline_cores_free", 3, 1.99, 1.99, 1.99);
	assert_reason(l, 7, &s, GRADE_UNDECIDED, "no condition to check");
	assert_reason(l, -1, &s, GRADE_UNDECIDED, "no condition to check");
	assert_reason(l, 2, &s, GRADE_UNDECIDED, "no condition to check");
	/* 1.9 of the 2 cores wanted: 1.45 could have been 1.53. */
	assert_reason(l, 0, &s, GRADE_UNDECIDED, "too busy to tell (1.9 "
	    "cores free); speedup 1.46 could be 1.45 to 1.53");
	assert_reason(l, 1, &s, GRADE_UNDECIDED, "too busy to tell (1.9 "
	    "cores free)");

	series(&s, 2, 1);
	put(&s, "speedup", 3, 1.45, 1.6, 1.55);
	put(&s, "cores_free", 3, 1.99, 1.99, 1.98);
	put(&s, "baseline_cores_free", 3, 1.99, 1.99, 1.99);
	assert_reason(l, 0, &s, GRADE_UNDECIDED, "the runs disagree: speedup "
	    "went from 1.45 to 1.6, across 1.5");
	assert_reason_lacks(l, 0, &s, "busy");

	/* Wrong on a ratio: the cores it had are part of the story. */
	series(&s, 2, 1);
	put(&s, "speedup", 3, 1.1, 1.12, 1.08);
	put(&s, "cores_free", 3, 1.99, 1.98, 1.97);
	put(&s, "baseline_cores_free", 3, 1.99, 1.99, 1.99);
	assert_reason(l, 0, &s, GRADE_FAILS, "is not >= 1.5, with 2.0 cores "
	    "free");
	assert_reason(l, 1, &s, GRADE_HOLDS, "(1.08 to 1.12 over 3 runs) is "
	    "< 1.5");

	series_of(&s, "race", 2);
	put(&s, "lost_updates", 3, 0.0, 0.0, 0.0);
	put(&s, "cores_free", 3, 1.9, 1.95, 1.9);
	assert_reason(race, 0, &s, GRADE_FAILS, "is not > 0");
	assert_reason_lacks(race, 0, &s, "cores free");
	/* Without two cores the threads never ran at once: no race showed,
	 * which says nothing about the code. */
	series_of(&s, "race", 2);
	put(&s, "lost_updates", 3, 0.0, 0.0, 0.0);
	put(&s, "cores_free", 3, 0.3, 0.2, 0.4);
	assert_reason(race, 0, &s, GRADE_UNDECIDED, "could not run at once");

	series(&s, 2, 1);
	s.runs = 0;
	assert_reason(l, 0, &s, GRADE_UNDECIDED, "nothing was measured");
	put(&s, "wall_ms", 1, 100.0);
	assert_reason(l, 0, &s, GRADE_FAILS, "no figure 'speedup' was "
	    "measured");
	lesson_free(l);
	lesson_free(race);
}
END_TEST

/*
 * Undecided on a busy machine, the reason names the cores of the side
 * that was held back: the baseline's for the baseline's own time (the
 * run's cores do not touch it), and the run's when both were held back
 * as much.
 */
START_TEST(busy_reasons_name_the_side_held_back)
{
	struct lesson *l = predict(PROCESSES), *base = predict(
	    "scenario: processes\nworkers: 2\nwork: cpu\n"
	    "expect: baseline_wall_ms >= 150\n"
	    "- [baseline_wall_ms >= 150] Slow\n  why: w\n"
	    "- [baseline_wall_ms < 150] Fast\n  why: w\n");
	struct experiment_series s;

	/* The baseline had half a core, the run a quarter of its two. */
	series(&s, 2, 1);
	put(&s, "baseline_wall_ms", 3, 160.0, 160.0, 160.0);
	put(&s, "cores_free", 3, 0.25, 0.25, 0.25);
	put(&s, "baseline_cores_free", 3, 0.5, 0.5, 0.5);
	assert_reason(base, 0, &s, GRADE_UNDECIDED, "too busy to tell (0.5 "
	    "cores free for the baseline)");
	/* Run and baseline held back by the same factor, two. */
	series(&s, 2, 1);
	put(&s, "speedup", 3, 1.0, 1.0, 1.0);
	put(&s, "cores_free", 3, 1.0, 1.0, 1.0);
	put(&s, "baseline_cores_free", 3, 0.5, 0.5, 0.5);
	assert_reason(l, 0, &s, GRADE_UNDECIDED, "only 1.0 cores were free, "
	    "so two workers could not run at once");
	lesson_free(l);
	lesson_free(base);
}
END_TEST

START_TEST(series_keep_medians_and_spread)
{
	struct experiment_series s;
	const struct experiment_figure *f;

	experiment_series_init(&s, scenario_find("gil"), NULL);
	put(&s, "speedup", 4, 1.0, 3.0, 2.0, 1.5);
	f = experiment_series_figure(&s, "speedup");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->n, 4);
	ck_assert_double_eq_tol(f->median, 1.75, 1e-9);
	ck_assert_double_eq_tol(f->min, 1.0, 1e-9);
	ck_assert_double_eq_tol(f->max, 3.0, 1e-9);
	/* Values stay in run order, for grading run by run. */
	ck_assert_double_eq_tol(f->v[1], 3.0, 1e-9);
	ck_assert_ptr_null(experiment_series_figure(&s, "wall_ms"));
}
END_TEST

START_TEST(a_real_series_interleaves_baselines)
{
	struct experiment_series s;
	struct params p;
	const struct experiment_figure *sp, *cf;
	char *cause = NULL;

	params_defaults(&p);
	p.workers = 2;
	p.units = 2;
	p.unit_ms = 1;
	ck_assert_int_eq(experiment_series_run(&s, scenario_find("threads"),
	    &p, 3, NULL, &cause), 0);
	ck_assert_int_eq(s.runs, 3);
	ck_assert_int_eq(s.threads, 2);
	ck_assert_int_ge(s.cpus, 1);
	sp = experiment_series_figure(&s, "speedup");
	cf = experiment_series_figure(&s, "cores_free");
	ck_assert_ptr_nonnull(sp);
	ck_assert_int_eq(sp->n, 3);
	ck_assert(sp->min <= sp->median && sp->median <= sp->max);
	ck_assert_ptr_nonnull(cf);
	ck_assert(cf->min >= 0 && cf->max <= s.cpus);
	ck_assert_int_eq(experiment_series_figure(&s, "baseline_cores_free")->n,
	    3);
	ck_assert_double_eq_tol(experiment_series_figure(&s,
	    "baseline_cpu_share")->median, 1, 1e-9);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("grade");
	TCase *tc = tcase_create("grade");

	tcase_add_test(tc, quiet_machine_decides);
	tcase_add_test(tc, one_busy_core_of_two_cannot_tell_parallel_from_serial);
	tcase_add_test(tc, slowed_baseline_does_not_make_a_wrong_answer_right);
	tcase_add_test(tc, runs_across_a_boundary_are_undecided);
	tcase_add_test(tc, waits_overlap_whatever_the_load);
	tcase_add_test(tc, times_stretch_on_a_busy_machine);
	tcase_add_test(tc, workers_that_only_wait_are_judged_at_any_load);
	tcase_add_test(tc, a_run_wants_the_cores_it_was_seen_to_use);
	tcase_add_test(tc, counts_are_judged_on_the_median);
	tcase_add_test(tc, nothing_measured_is_not_a_verdict);
	tcase_add_test(tc, quiet_ranges_stay_under_the_ceiling);
	tcase_add_test(tc, a_claim_past_the_ceiling_fails_whatever_the_load);
	tcase_add_test(tc, lost_updates_need_two_cores_to_show);
	tcase_add_test(tc, a_busy_run_that_seems_to_agree_says_why_not);
	tcase_add_test(tc, series_keep_medians_and_spread);
	tcase_add_test(tc, cpu_time_is_judged_as_measured);
	tcase_add_test(tc, even_series_take_the_middle_two);
	tcase_add_test(tc, even_series_are_judged_on_the_middle_two);
	tcase_add_test(tc, undecided_says_why);
	tcase_add_test(tc, busy_reasons_name_the_side_held_back);
	tcase_add_test(tc, a_real_series_interleaves_baselines);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
