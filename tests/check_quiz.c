/*
 * check_quiz.c - a prediction's verdict as the learner reads it, laid out
 * from a made-up state (no run, no terminal): an undecided verdict says
 * what undecided means and shows the chosen option's feedback neither as
 * praise nor as blame; a decided one shows it.
 */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"
#include "ui/quiz.h"

#define LESSON "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: en\n```\n\n" \
    "```predict\nid: p\nscenario: processes\nworkers: 4\nwork: cpu\n" \
    "question: How fast?\nexpect: speedup >= 1.5\n" \
    "- [speedup >= 1.5] Faster\n  why: PRAISE-FOR-FASTER\n" \
    "- [speedup < 1.5] Same\n  why: BLAME-FOR-SAME\n```\n"

static struct lesson *les;
static struct rows rows;
static struct quiz_state *st;
static const struct lesson_quiz *q;
static int block;

static void
setup(void)
{
	struct diags d;

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	memset(&rows, 0, sizeof rows);
	diags_init(&d);
	les = lesson_parse("x/en/01-t.md", LESSON, strlen(LESSON), &d);
	ck_assert_int_eq(d.errors, 0);
	diags_release(&d);
	q = NULL;
	for (size_t b = 0; b < les->nblocks && q == NULL; b++)
		if (les->blocks[b].kind == LESSON_PREDICT) {
			q = les->blocks[b].quiz;
			block = (int)b;
		}
	ck_assert_ptr_nonnull(q);
	st = quiz_states_new(les->nblocks);
}

static void
teardown(void)
{
	rows_free(&rows);
	quiz_states_free(st, les->nblocks);
	lesson_free(les);
}

/* The rows of the quiz in its state, as one string of lines. */
static char *
text(void)
{
	struct rows_pen p;
	size_t len = 0;
	char *all = calloc(1, 1);

	rows_pen_init(&p, &rows, 200, true);
	quiz_rows(&p, q, &st[block], true, NULL);
	rows_end(&p);
	for (int i = 0; i < rows.n; i++) {
		char *t = rows_text(&rows.v[i]);

		all = realloc(all, len + strlen(t) + 2);
		memcpy(all + len, t, strlen(t));
		len += strlen(t);
		all[len++] = '\n';
		all[len] = '\0';
		free(t);
	}
	return all;
}

/* The learner picked "Same" (option 2); the runs are graded so. */
static void
answered(bool right, bool undecided)
{
	struct quiz_state *s = &st[block];

	s->answer = 1;
	s->evaluated = true;
	s->right = right;
	s->undecided = undecided;
	s->measured = 0.97;
	s->runs = 1;
	s->cpus = 2;
	s->grade.measured = true;
	s->grade.cores_free = 1.0;
	snprintf(s->grade.reason, sizeof s->grade.reason, "%s",
	    "REASON-FROM-GRADE");
}

START_TEST(an_undecided_verdict_says_what_it_means)
{
	char *t;

	answered(false, true);
	t = text();
	ck_assert_msg(strstr(t, "undecided: REASON-FROM-GRADE") != NULL, "%s",
	    t);
	ck_assert_msg(strstr(t, "Undecided is not wrong") != NULL, "%s", t);
	ck_assert_msg(strstr(t, "BLAME-FOR-SAME") == NULL, "%s", t);
	ck_assert_msg(strstr(t, "PRAISE-FOR-FASTER") == NULL, "%s", t);
	ck_assert_msg(strstr(t, "reference run below") == NULL, "%s", t);
	free(t);
	/* With a quiet reference run: it points at it, and shows it. */
	st[block].has_ref = true;
	st[block].ref_runs = 1;
	st[block].ref_cpus = 2;
	st[block].ref_median = 1.93;
	t = text();
	ck_assert_msg(strstr(t, "the reference run below shows what a quiet "
	    "one gives") != NULL, "%s", t);
	ck_assert_msg(strstr(t, "reference run, on a quiet machine") != NULL,
	    "%s", t);
	free(t);
	/* A busy one is not passed off as quiet. */
	st[block].ref_busy = true;
	st[block].ref_cores_free = 1.2;
	t = text();
	ck_assert_msg(strstr(t, "reference run, on a busy machine (1.2 of 2 "
	    "cores free") != NULL, "%s", t);
	ck_assert_msg(strstr(t, "reference run below") == NULL, "%s", t);
	free(t);
}
END_TEST

START_TEST(a_decided_verdict_shows_the_feedback)
{
	char *t;

	answered(false, false);
	t = text();
	ck_assert_msg(strstr(t, "your prediction was wrong: "
	    "REASON-FROM-GRADE") != NULL, "%s", t);
	ck_assert_msg(strstr(t, "BLAME-FOR-SAME") != NULL, "%s", t);
	ck_assert_msg(strstr(t, "Undecided is not wrong") == NULL, "%s", t);
	free(t);
}
END_TEST

/* A count is measured in whole things, grouped as the language groups
 * them, never "0.00" of them. */
START_TEST(a_count_reads_whole)
{
	static const char race[] = "```lesson\nid: r\nchapter: 1\n"
	    "title: R\nlang: en\n```\n\n```predict\nid: p\n"
	    "scenario: race\nworkers: 2\nquestion: Lost?\n"
	    "expect: lost_updates > 0\n- [lost_updates > 0] Some\n"
	    "  why: w\n- [lost_updates <= 0] None\n  why: w\n```\n";
	const struct lesson_quiz *saved = q;
	struct lesson *l;
	struct diags d;
	char *t;

	diags_init(&d);
	l = lesson_parse("x/en/01-r.md", race, strlen(race), &d);
	ck_assert_int_eq(d.errors, 0);
	diags_release(&d);
	for (size_t b = 0; b < l->nblocks; b++)
		if (l->blocks[b].kind == LESSON_PREDICT)
			q = l->blocks[b].quiz;
	answered(true, false);
	st[block].answer = 0;
	st[block].measured = 154175;
	t = text();
	ck_assert_msg(strstr(t, "154,175") != NULL, "%s", t);
	ck_assert_msg(strstr(t, "154175") == NULL && strstr(t, ".00") == NULL,
	    "%s", t);
	free(t);
	q = saved;
	lesson_free(l);
}
END_TEST

static Suite *
quiz_suite(void)
{
	Suite *s = suite_create("quiz");
	TCase *tc = tcase_create("verdict");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, an_undecided_verdict_says_what_it_means);
	tcase_add_test(tc, a_decided_verdict_shows_the_feedback);
	tcase_add_test(tc, a_count_reads_whole);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(quiz_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
