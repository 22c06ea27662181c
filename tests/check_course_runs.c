/*
 * check_course_runs.c - every experiment the course shows runs for real,
 * and every claim a prediction quiz teaches is what gets measured.
 *
 * Each distinct demo of the course runs once headless (its trace must
 * keep the invariants of every run). Each prediction runs three times,
 * each run after its own baseline, and is graded exactly as `timeslice
 * verify` and the app grade it (lesson/grade.h): the lesson's expected
 * answer must never fail. A machine too busy to tell gives "undecided",
 * which is not a failure, but this machine must decide some of them.
 * Timing suite only: never under sanitizers.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "course_util.h"
#include "lesson/grade.h"
#include "testutil.h"

#define RUNS 3

/* Whether this demo was already run (the course repeats some). */
static int
seen_before(const struct lesson_demo *const *done, int n,
    const struct lesson_demo *dm)
{
	for (int i = 0; i < n; i++)
		if (done[i]->scenario == dm->scenario &&
		    memcmp(&done[i]->params, &dm->params, sizeof dm->params) == 0)
			return 1;
	return 0;
}

static void
run_demo(const struct lesson_demo *dm, struct experiment *ex)
{
	char *cause = NULL;

	ck_assert_msg(experiment_run(ex, dm->scenario, &dm->params, NULL,
	    &cause) == 0, "%s: %s", dm->scenario->name, cause ? cause : "?");
	/* Long lock-heavy demos (the race) may outrun the reader. */
	tu_check_invariants(ex, 1);
}

START_TEST(every_demo_runs)
{
	struct course c;
	const struct lesson_demo *done[256];
	int ndone = 0;

	cu_load(&c);
	for (size_t i = 0; i < c.n; i++) {
		const struct lesson *ls = c.v[i];

		if (strcmp(ls->lang, "en") != 0)	/* es runs the same */
			continue;
		for (size_t b = 0; b < ls->nblocks && ndone < 256; b++) {
			const struct lesson_demo *dm = ls->blocks[b].demo;
			struct experiment ex;

			if (ls->blocks[b].kind != LESSON_DEMO ||
			    seen_before(done, ndone, dm))
				continue;
			done[ndone++] = dm;
			/* Which demo, should its trace break an invariant. */
			fprintf(stderr, "demo %s (%s:%zu)\n", dm->scenario->name,
			    ls->path, b);
			run_demo(dm, &ex);
			ck_assert_uint_gt(ex.log.events, 0);
			experiment_release(&ex);
		}
	}
	ck_assert_int_gt(ndone, 9);
	course_release(&c);
}
END_TEST

START_TEST(no_prediction_fails)
{
	struct course c;
	int n[3] = { 0, 0, 0 };

	cu_load(&c);
	for (size_t i = 0; i < c.n; i++) {
		const struct lesson *ls = c.v[i];

		if (strcmp(ls->lang, "en") != 0)
			continue;
		for (size_t b = 0; b < ls->nblocks; b++) {
			const struct lesson_quiz *q = ls->blocks[b].quiz;
			struct experiment_series s;
			struct params p;
			struct grade g;
			char *cause = NULL;

			if (ls->blocks[b].kind != LESSON_PREDICT)
				continue;
			/* cu_load() found no error, so the checker has made
			 * `expected` one of the choices. */
			p = q->demo.params;
			p.baseline = true;
			ck_assert_msg(experiment_series_run(&s, q->demo.scenario,
			    &p, RUNS, NULL, &cause) == 0, "%s: %s", q->id,
			    cause ? cause : "?");
			grade_choice(q, q->expected, &s, &g);
			fprintf(stderr, "%s: %s: %s\n", q->id,
			    grade_verdict_name(g.verdict), g.reason);
			/* Grading measured the cores the runs had and found
			 * them too few: one claim not judged, said so. */
			if (g.verdict == GRADE_UNDECIDED)
				tu_undecided_claim(__func__, "%s: %s", q->id,
				    g.reason);
			ck_assert_msg(g.verdict != GRADE_FAILS, "%s (%s): %s",
			    q->id, ls->path, g.reason);
			n[g.verdict]++;
		}
	}
	fprintf(stderr, "%d hold, %d undecided\n", n[GRADE_HOLDS],
	    n[GRADE_UNDECIDED]);
	ck_assert_int_ge(n[GRADE_HOLDS] + n[GRADE_UNDECIDED], 9);
	/* Predictions about counts and waits hold whatever the load. */
	ck_assert_int_gt(n[GRADE_HOLDS], 0);
	course_release(&c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("course_runs");
	TCase *tc = tcase_create("course_runs");

	tcase_set_timeout(tc, 1200);
	tcase_add_test(tc, every_demo_runs);
	tcase_add_test(tc, no_prediction_fails);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
