/*
 * check_course.c - the shipped course keeps its shape: the checker finds
 * nothing, all ten chapters exist in both languages with the same
 * structure, and every chapter has its demos, quizzes, predictions and
 * notes. Rules of the format itself (such as every prediction naming the
 * outcome it teaches with `expect:`) belong to the checker: these tests
 * only require that it finds nothing.
 */
#include <check.h>
#include <string.h>

#include "course_util.h"
#include "testutil.h"

static const char *const chapters[] = {
	"concurrency", "burgers", "gil", "coroutines", "threads", "processes",
	"asyncio", "combining", "choosing", "coordinating"
};
#define NCHAPTERS (sizeof chapters / sizeof chapters[0])

START_TEST(course_is_checker_clean_with_ten_chapters_per_language)
{
	struct course c;

	cu_load(&c);
	ck_assert_int_ge(c.langs.n, 2);
	for (size_t i = 0; i < NCHAPTERS; i++)
		for (int l = 0; l < c.langs.n; l++) {
			struct lesson *ls = course_find(&c, chapters[i],
			    c.langs.v[l]);

			ck_assert_msg(ls != NULL, "no %s lesson '%s'",
			    c.langs.v[l], chapters[i]);
			ck_assert_int_eq(ls->chapter, (int)i + 1);
		}
	course_release(&c);
}
END_TEST

/* Counts blocks of `kind`. */
static int
count(const struct lesson *ls, enum lesson_block_kind kind)
{
	int n = 0;

	for (size_t i = 0; i < ls->nblocks; i++)
		n += ls->blocks[i].kind == kind;
	return n;
}

START_TEST(every_chapter_has_demos_quizzes_predictions_and_notes)
{
	struct course c;

	cu_load(&c);
	for (size_t i = 0; i < c.n; i++) {
		const struct lesson *ls = c.v[i];

		ck_assert_msg(count(ls, LESSON_DEMO) + count(ls,
		    LESSON_PREDICT) >= 1, "%s: no live demo", ls->path);
		ck_assert_msg(count(ls, LESSON_QUIZ) >= 1, "%s: no quiz",
		    ls->path);
		if (ls->chapter >= 2)
			ck_assert_msg(count(ls, LESSON_PREDICT) >= 1,
			    "%s: no prediction quiz", ls->path);
		ck_assert_msg(count(ls, LESSON_NOTES) >= 1, "%s: no speaker "
		    "notes", ls->path);
	}
	course_release(&c);
}
END_TEST

/* Same scenario, same parameters. */
static void
assert_same_demo(const struct lesson_demo *a, const struct lesson_demo *b,
    const char *where)
{
	ck_assert_msg(a->scenario == b->scenario, "%s: scenarios differ",
	    where);
	ck_assert_msg(a->set == b->set, "%s: parameters differ", where);
	ck_assert_msg(memcmp(&a->params, &b->params, sizeof a->params) == 0,
	    "%s: parameter values differ", where);
}

/*
 * A traced Python program: the same id in both languages, and a program
 * each (its own file, in the words of its language) found in the tree.
 */
static void
assert_same_trace(const struct lesson_trace *a, const struct lesson_trace *b,
    const char *where)
{
	ck_assert_msg(a->id != NULL && b->id != NULL, "%s: a trace block "
	    "without an id", where);
	ck_assert_str_eq(a->id, b->id);
	ck_assert_msg(a->path != NULL && b->path != NULL, "%s: trace '%s' "
	    "has no program", where, a->id);
}

/*
 * An exercise: the same id, conditions and runs in both languages, and
 * both programs found. The failure words are the language's own, and so
 * is an output the program is asked to print ("counter: 20000" and
 * "contador: 20000"): what is compared, with what and how, is the same.
 */
static void
assert_same_exercise(const struct lesson_exercise *a,
    const struct lesson_exercise *b, const char *where)
{
	ck_assert_msg(a->id != NULL && b->id != NULL, "%s: an exercise "
	    "without an id", where);
	ck_assert_str_eq(a->id, b->id);
	ck_assert_msg(a->starter_path && b->starter_path && a->solution_path &&
	    b->solution_path, "%s: exercise '%s' misses a program", where,
	    a->id);
	ck_assert_int_eq(a->runs, b->runs);
	ck_assert_int_eq(a->nconds, b->nconds);
	for (int i = 0; i < a->nconds; i++) {
		const struct lesson_excond *x = &a->conds[i], *y = &b->conds[i];

		ck_assert_msg(strcmp(x->metric, y->metric) == 0 &&
		    x->op == y->op && x->starter == y->starter &&
		    x->number == y->number && (x->string == NULL) ==
		    (y->string == NULL), "%s: exercise '%s' asks '%s' in one "
		    "language and '%s' in the other", where, a->id, x->text,
		    y->text);
		if (x->string == NULL)
			ck_assert_str_eq(x->text, y->text);
	}
}

START_TEST(both_languages_run_the_same_experiments)
{
	struct course c;

	cu_load(&c);
	for (size_t i = 0; i < NCHAPTERS; i++) {
		const struct lesson *en = course_find(&c, chapters[i], "en");
		const struct lesson *es = course_find(&c, chapters[i], "es");
		size_t a = 0, b = 0;

		/* Walk the interactive blocks of both in step. */
		for (;;) {
			while (a < en->nblocks && (en->blocks[a].kind ==
			    LESSON_PROSE || en->blocks[a].kind == LESSON_PAUSE ||
			    en->blocks[a].kind == LESSON_NOTES))
				a++;
			while (b < es->nblocks && (es->blocks[b].kind ==
			    LESSON_PROSE || es->blocks[b].kind == LESSON_PAUSE ||
			    es->blocks[b].kind == LESSON_NOTES))
				b++;
			if (a == en->nblocks || b == es->nblocks)
				break;
			ck_assert_msg(en->blocks[a].kind == es->blocks[b].kind,
			    "%s:%d and %s:%d are different kinds of block",
			    en->path, en->blocks[a].line, es->path,
			    es->blocks[b].line);
			if (en->blocks[a].kind == LESSON_DEMO)
				assert_same_demo(en->blocks[a].demo,
				    es->blocks[b].demo, en->path);
			else if (en->blocks[a].kind == LESSON_TRACE)
				assert_same_trace(en->blocks[a].trace,
				    es->blocks[b].trace, en->path);
			else if (en->blocks[a].kind == LESSON_EXERCISE)
				assert_same_exercise(en->blocks[a].exercise,
				    es->blocks[b].exercise, en->path);
			else {
				const struct lesson_quiz *x = en->blocks[a].quiz;
				const struct lesson_quiz *y = es->blocks[b].quiz;

				ck_assert_str_eq(x->id, y->id);
				ck_assert_int_eq(x->nchoices, y->nchoices);
				ck_assert_int_eq(x->expected, y->expected);
				if (en->blocks[a].kind == LESSON_PREDICT)
					assert_same_demo(&x->demo, &y->demo,
					    x->id);
			}
			a++;
			b++;
		}
		ck_assert_msg(a == en->nblocks && b == es->nblocks,
		    "%s: the languages have different numbers of demos and "
		    "quizzes", chapters[i]);
	}
	course_release(&c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("course");
	TCase *tc = tcase_create("course");

	tcase_add_test(tc, course_is_checker_clean_with_ten_chapters_per_language);
	tcase_add_test(tc, every_chapter_has_demos_quizzes_predictions_and_notes);
	tcase_add_test(tc, both_languages_run_the_same_experiments);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
