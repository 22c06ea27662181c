/*
 * check_course_runs.c - every experiment the course shows runs for real,
 * and every claim a prediction quiz teaches is what gets measured.
 *
 * Each distinct demo of the course runs once headless (its trace must
 * keep the invariants of every run). Each prediction runs three times
 * and the median of its metric must satisfy the condition the lesson's
 * `expect:` names. Claims that a speedup reaches some figure need cores:
 * they are judged against the share of the machine's CPUs free at that
 * moment (tu_free_cores), so a busy machine lowers the bar in proportion
 * instead of failing the claim, while a claim that fails on a quiet
 * machine still fails. Timing suite only: never under sanitizers.
 */
#include <check.h>
#include <string.h>

#include "course_util.h"
#include "engine/work.h"
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
			run_demo(dm, &ex);
			ck_assert_uint_gt(ex.log.events, 0);
			experiment_release(&ex);
		}
	}
	ck_assert_int_gt(ndone, 9);
	course_release(&c);
}
END_TEST

START_TEST(every_prediction_comes_true)
{
	struct course c;
	double free_share;
	int checked = 0;

	cu_load(&c);
	free_share = tu_free_cores() / work_online_cpus();
	if (free_share > 1)
		free_share = 1;
	for (size_t i = 0; i < c.n; i++) {
		const struct lesson *ls = c.v[i];

		if (strcmp(ls->lang, "en") != 0)
			continue;
		for (size_t b = 0; b < ls->nblocks; b++) {
			const struct lesson_quiz *q = ls->blocks[b].quiz;
			struct lesson_choice claim;
			double v[RUNS];

			if (ls->blocks[b].kind != LESSON_PREDICT)
				continue;
			/* cu_load() found no error, so the checker has made
			 * `expected` one of the choices. */
			claim = q->choices[q->expected];
			for (int r = 0; r < RUNS; r++) {
				struct experiment ex;

				run_demo(&q->demo, &ex);
				ck_assert_msg(experiment_value(&ex, claim.metric,
				    &v[r]) == 0, "%s: no figure '%s'", q->id,
				    claim.metric);
				experiment_release(&ex);
			}
			if (strcmp(claim.metric, "speedup") == 0 &&
			    (claim.op == LESSON_GT || claim.op == LESSON_GE))
				claim.number *= free_share;
			ck_assert_msg(lesson_condition_holds(&claim,
			    tu_median(v, RUNS)), "%s (%s): measured %s = %.3f, "
			    "the lesson expects %s %s %g", q->id, ls->path,
			    claim.metric, tu_median(v, RUNS), claim.metric,
			    claim.op == LESSON_LT ? "<" : claim.op == LESSON_LE ?
			    "<=" : claim.op == LESSON_GT ? ">" : ">=",
			    claim.number);
			checked++;
		}
	}
	ck_assert_int_ge(checked, 9);
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
	tcase_add_test(tc, every_prediction_comes_true);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
