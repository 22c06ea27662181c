/*
 * check_lesson.c - the lesson parser and checker: valid lessons give the
 * model the player needs, and each malformed lesson gives exactly the
 * `file:line:col: error: message` an author should see.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lesson/course.h"
#include "lesson/diag.h"
#include "lesson/lesson.h"
#include "lesson/syntax.h"
#include "testutil.h"

#define PATH "lessons/en/01-t.md"
#define META "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: en\n```\n\n"
/* META takes lines 1-7; the block after it starts on line 8. */

#define DEMO_HEAD "```demo\ncaption: c\nmodels: m\n"
/* DEMO_HEAD after META: the fence on 8, its third key on 10. */

#define QUIZ2 "- [x] a\n  why: w\n- [ ] b\n  why: w\n"

/* Whether `want` is one of the formatted diagnostics of `d`. */
static int
has_diag(const struct diags *d, const char *want)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i]);
		int eq = strcmp(s, want) == 0;

		free(s);
		if (eq)
			return 1;
	}
	return 0;
}

/* Prints every diagnostic, to explain a failure. */
static void
dump(const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i]);

		fprintf(stderr, "  got: %s\n", s);
		free(s);
	}
}

struct bad_case {
	const char	*path;		/* NULL: PATH */
	const char	*text;
	const char	*want;		/* without the "path:" prefix */
};

static const struct bad_case bad[] = {
	/* metadata */
	{ NULL, "# Hello\n",
	    "1:1: error: the lesson must begin with a ```lesson metadata "
	    "block" },
	{ NULL, "",
	    "1:1: error: the lesson must begin with a ```lesson metadata "
	    "block" },
	{ NULL, "```lesson\nid: Gil\nchapter: 1\ntitle: T\nlang: en\n```\n",
	    "2:5: error: invalid id 'Gil' (use a-z, 0-9 and '-')" },
	{ NULL, "```lesson\nid: t\nchapter: 0\ntitle: T\nlang: en\n```\n",
	    "3:10: error: chapter '0' is not a whole number from 1 to 99" },
	{ NULL, "```lesson\nid: t\nchapter: three\ntitle: T\nlang: en\n```\n",
	    "3:10: error: chapter 'three' is not a whole number from 1 to 99" },
	{ NULL, "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: French\n```\n",
	    "5:7: error: 'French' is not a language code (two or three "
	    "lowercase letters, as the folder: en, es)" },
	{ NULL, "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: fr\n```\n",
	    "5:7: error: lang 'fr' does not match the folder 'en'" },
	{ NULL, "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: es\n```\n",
	    "5:7: error: lang 'es' does not match the folder 'en'" },
	{ NULL, "```lesson\nid: t\nchapter: 1\nlang: en\n```\n",
	    "1:1: error: lesson block has no 'title'" },
	{ NULL, "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: en\n"
	    "minutes: 500\n```\n",
	    "6:10: error: minutes '500' is not a whole number from 1 to 120" },
	{ NULL, "```lesson\nid: t\nchaptr: 1\ntitle: T\nlang: en\n```\n",
	    "3:1: error: unknown key 'chaptr' in lesson block (did you mean "
	    "'chapter'?)" },
	{ NULL, "```lesson\nid: t\nid: u\nchapter: 1\ntitle: T\n"
	    "lang: en\n```\n",
	    "3:1: error: duplicate key 'id'" },
	{ NULL, "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: en\n"
	    "hello\n```\n",
	    "6:1: error: expected 'key: value'" },
	{ NULL, "```lesson\nid: t\nchapter: 1\ntitle:\nlang: en\n```\n",
	    "4:1: error: 'title' has no value" },
	{ NULL, "# Hi\n\n" META,
	    "3:1: error: the ```lesson block must be the first block of the "
	    "file" },
	{ NULL, META "```lesson\nid: u\n```\n",
	    "8:1: error: a second ```lesson block" },
	/* demos */
	{ NULL, META DEMO_HEAD "scenario: gill\n```\n",
	    "11:11: error: unknown scenario 'gill' (did you mean 'gil'?)" },
	{ NULL, META DEMO_HEAD "scenario: quantum-annealing\n```\n",
	    "11:11: error: unknown scenario 'quantum-annealing' (see "
	    "'timeslice --help' for the list)" },
	{ NULL, META DEMO_HEAD "scenario: gil\nworker: 4\n```\n",
	    "12:1: error: unknown key 'worker' in demo block (did you mean "
	    "'workers'?)" },
	{ NULL, META DEMO_HEAD "scenario: gil\nworkers: 100\n```\n",
	    "12:10: error: workers: 100 is out of range (allowed: 1 to 64)" },
	{ NULL, META DEMO_HEAD "scenario: gil\nwork: gpu\n```\n",
	    "12:7: error: work: 'gpu' is not a kind of work (allowed: cpu, io, "
	    "mixed)" },
	{ NULL, META DEMO_HEAD "scenario: gil\nunit-ms: abc\n```\n",
	    "12:10: error: unit-ms: 'abc' is not a number (allowed: 0.01 to "
	    "1000)" },
	{ NULL, META DEMO_HEAD "scenario: gil\nold-gil: maybe\n```\n",
	    "12:10: error: old-gil: 'maybe' is not a switch (allowed: on, "
	    "off)" },
	{ NULL, META DEMO_HEAD "scenario: gil\nunits: 2.5\n```\n",
	    "12:8: error: units: '2.5' is not a whole number (allowed: 1 to "
	    "100000)" },
	{ NULL, META "```demo\nscenario: gil\nmodels: m\n```\n",
	    "8:1: error: demo block has no 'caption'" },
	{ NULL, META "```demo\nscenario: gil\ncaption: c\n```\n",
	    "8:1: error: demo block has no 'models'" },
	{ NULL, META DEMO_HEAD "```\n",
	    "8:1: error: demo block has no 'scenario'" },
	{ NULL, META DEMO_HEAD "scenario: gil\n- [x] yes\n```\n",
	    "12:1: error: a demo block has no choices (did you mean a ```quiz "
	    "block?)" },
	{ NULL, META DEMO_HEAD "scenario: gil\nid: d\n```\n\n"
	    DEMO_HEAD "scenario: gil\nid: d\n```\n",
	    "19:5: error: duplicate demo id 'd'" },
	{ NULL, META DEMO_HEAD "scenario: gil\n",
	    "8:1: error: unclosed ```demo block (it runs to the end of the "
	    "file)" },
	{ NULL, META "  ```demo\n  caption: c\n  models: m\n  scenario: gill\n"
	    "  ```\n",
	    "11:13: error: unknown scenario 'gill' (did you mean 'gil'?)" },
	/* quizzes */
	{ NULL, META "```quiz\nquestion: q?\n" QUIZ2 "```\n",
	    "8:1: error: quiz block has no 'id'" },
	{ NULL, META "```quiz\nid: q\n" QUIZ2 "```\n",
	    "8:1: error: quiz block has no 'question'" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [x] a\n  why: w\n```\n",
	    "8:1: error: quiz has 1 choice (it needs 2 to 6)" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n" QUIZ2 QUIZ2 QUIZ2
	    QUIZ2 "```\n",
	    "8:1: error: quiz has 8 choices (it needs 2 to 6)" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [ ] a\n  why: w\n"
	    "- [ ] b\n  why: w\n```\n",
	    "8:1: error: quiz has no correct choice (mark one with '[x]')" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [x] a\n- [ ] b\n"
	    "  why: w\n```\n",
	    "11:1: error: choice has no 'why:' line" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\nwhy: early\n" QUIZ2 "```\n",
	    "11:1: error: 'why:' comes before any choice" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [y] a\n  why: w\n"
	    "- [x] b\n  why: w\n```\n",
	    "11:4: error: choice mark '[y]' must be '[ ]' or '[x]'" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [x] a\n  why: w\n"
	    "  why: again\n- [ ] b\n  why: w\n```\n",
	    "13:3: error: this choice already has a 'why:' line" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [x]\n  why: w\n"
	    "- [ ] b\n  why: w\n```\n",
	    "11:1: error: choice has no text" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [x a\n" QUIZ2 "```\n",
	    "11:1: error: malformed choice (expected '- [ ] text')" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n- [speedup < 2] a\n"
	    "  why: w\n- [x] b\n  why: w\n```\n",
	    "11:4: error: choice mark '[speedup < 2]' must be '[ ]' or '[x]' "
	    "(conditions belong in a ```predict block)" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\n" QUIZ2 "```\n\n"
	    "```quiz\nid: q\nquestion: r?\n" QUIZ2 "```\n",
	    "18:5: error: duplicate quiz id 'q'" },
	/* prediction quizzes */
	{ NULL, META "```predict\nid: p\nscenario: race\nquestion: q?\n"
	    "- [lost_update > 0] a\n  why: w\n- [lost_updates <= 0] b\n"
	    "  why: w\n```\n",
	    "12:4: error: unknown metric 'lost_update' (did you mean "
	    "'lost_updates'?)" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "- [lost_updates > 0] a\n  why: w\n- [speedup <= 0] b\n"
	    "  why: w\n```\n",
	    "12:4: error: unknown metric 'lost_updates' for scenario 'gil'" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect: speedup < 2\n- [speedup < 1.3] a\n  why: w\n"
	    "- [speedup >= 1.3] b\n  why: w\n```\n",
	    "12:9: error: expect: 'speedup < 2' is not one of the block's "
	    "conditions" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect: speedups < 1.3\n- [speedup < 1.3] a\n  why: w\n"
	    "- [speedup >= 1.3] b\n  why: w\n```\n",
	    "12:9: error: unknown metric 'speedups' (did you mean "
	    "'speedup'?)" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "- [speedup << 3] a\n  why: w\n- [speedup > 3] b\n  why: w\n```\n",
	    "12:4: error: malformed condition 'speedup << 3' (expected METRIC "
	    "OP NUMBER, as in 'speedup < 1.3')" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "- [x] a\n  why: w\n- [speedup > 3] b\n  why: w\n```\n",
	    "12:4: error: a prediction choice needs a condition, as in '- "
	    "[speedup < 1.3] text'" },
	{ NULL, META "```predict\nid: p\nquestion: q?\n"
	    "- [speedup < 1] a\n  why: w\n- [speedup >= 1] b\n  why: w\n```\n",
	    "8:1: error: predict block has no 'scenario'" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "- [speedup < 1] a\n  why: w\n- [speedup >= 1] b\n  why: w\n```\n",
	    "8:1: error: predict block has no 'expect'" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect:\n- [speedup < 1] a\n  why: w\n- [speedup >= 1] b\n"
	    "  why: w\n```\n",
	    "12:1: error: 'expect' has no value" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect: speedup < 1\nexpect: speedup >= 1\n- [speedup < 1] a\n"
	    "  why: w\n- [speedup >= 1] b\n  why: w\n```\n",
	    "13:1: error: duplicate key 'expect'" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expect: speedup = 1\n- [speedup < 1] a\n  why: w\n"
	    "- [speedup >= 1] b\n  why: w\n```\n",
	    "12:9: error: malformed condition 'speedup = 1' (expected METRIC "
	    "OP NUMBER, as in 'speedup < 1.3')" },
	/* The scenario may come after the conditions that depend on it. */
	{ NULL, META "```predict\nid: p\nquestion: q?\nexpect: speedup < 1\n"
	    "- [lost_updates < 1] a\n  why: w\n- [speedup < 1] b\n  why: w\n"
	    "scenario: gil\n```\n",
	    "12:4: error: unknown metric 'lost_updates' for scenario 'gil'" },
	/* Every key of the table is told apart, parameters included. */
	{ NULL, META DEMO_HEAD "scenario: gil\nseed: 2\ncores: 1\nseed: 3\n"
	    "```\n",
	    "14:1: error: duplicate key 'seed'" },
	{ NULL, META DEMO_HEAD "scenario: gil\nwhy: w\n```\n",
	    "12:1: error: unknown key 'why' in demo block" },
	{ NULL, META "```quiz\nid: q\nquestion: q?\nexpect: x\n" QUIZ2 "```\n",
	    "11:1: error: unknown key 'expect' in quiz block" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "expects: speedup < 1\n- [speedup < 1] a\n  why: w\n"
	    "- [speedup >= 1] b\n  why: w\n```\n",
	    "12:1: error: unknown key 'expects' in predict block (did you mean "
	    "'expect'?)" },
	{ NULL, META "```demo\nid: " "abcdefghijabcdefghijabcdefghijabcdefghij"
	    "abcdefghijabcdefghijabcde\nscenario: gil\ncaption: c\nmodels: m\n"
	    "```\n",
	    "9:5: error: id 'abcdefghijabcdef...' is longer than 64 characters" },
	{ NULL, META "```predict\nid: p\nscenario: gil\nquestion: q?\n"
	    "workers: 0\n- [speedup < 1] a\n  why: w\n- [speedup >= 1] b\n"
	    "  why: w\n```\n",
	    "12:10: error: workers: 0 is out of range (allowed: 1 to 64)" },
	/* links and placement */
	{ NULL, META "See [this](lesson:Bad!) now.\n",
	    "8:12: error: malformed lesson link 'lesson:Bad!' (expected "
	    "lesson:ID)" },
	{ NULL, META "> ```quiz\n> id: z\n> ```\n",
	    "8:3: error: a ```quiz block must be at the top level, not inside "
	    "a list or quote" },
	/* warnings */
	{ NULL, META DEMO_HEAD "scenario: gil\nunits: 100\nunit-ms: 200\n```\n",
	    "8:1: warning: demo runs 20000 ms of work (units x unit-ms); keep "
	    "it under 10000 ms" },
	{ NULL, META DEMO_HEAD "scenario: threads\nswitch-interval: 1\n```\n",
	    "8:1: warning: scenario 'threads' does not use 'switch-interval'" },
	{ NULL, META "```quizz\nid: q\n```\n",
	    "8:1: warning: unknown block 'quizz' is shown as code (did you "
	    "mean 'quiz'?)" },
	{ NULL, META "<div>hi</div>\n",
	    "8:1: warning: raw HTML is not shown by the player" },
	{ NULL, META "| a | b |\n|---|---|\n| 1 | 2 |\n",
	    "8:1: warning: tables are not CommonMark and show as plain text; "
	    "use a list" },
	{ "lessons/en/04-t.md", META,
	    "3:10: warning: chapter 1 does not match the file name, which "
	    "starts with 4" },
};

START_TEST(malformed_lesson_reports_exact_place)
{
	const struct bad_case *bc = &bad[_i];
	const char *path = bc->path ? bc->path : PATH;
	struct diags d;
	struct lesson *l;
	char *want;

	diags_init(&d);
	l = lesson_parse(path, bc->text, strlen(bc->text), &d);
	ck_assert_ptr_nonnull(l);
	if (asprintf(&want, "%s:%s", path, bc->want) < 0)
		ck_abort();
	if (!has_diag(&d, want)) {
		fprintf(stderr, "case %d: want %s\n", _i, want);
		dump(&d);
		ck_abort_msg("case %d: missing diagnostic %s", _i, want);
	}
	/* An error case must count as one; a warning case must not. */
	if (strstr(bc->want, ": error: ") != NULL)
		ck_assert_int_gt(d.errors, 0);
	else
		ck_assert_int_eq(d.errors, 0);
	free(want);
	lesson_free(l);
	diags_release(&d);
}
END_TEST

/* Loads a lesson of the test course under tests/lessons. */
static struct lesson *
load_test_lesson(const char *rel, struct diags *d)
{
	const char *src = getenv("TIMESLICE_SRCDIR");
	char path[4096];

	snprintf(path, sizeof path, "%s/tests/lessons/%s", src ? src : ".",
	    rel);
	return lesson_load(path, d);
}

START_TEST(valid_lesson_builds_model)
{
	struct diags d;
	struct lesson *l;
	int kinds[6] = { 0 };

	diags_init(&d);
	l = load_test_lesson("en/01-basics.md", &d);
	ck_assert_ptr_nonnull(l);
	if (d.n > 0)
		dump(&d);
	ck_assert_int_eq((int)d.n, 0);
	ck_assert_str_eq(l->id, "basics");
	ck_assert_str_eq(l->lang, "en");
	ck_assert_str_eq(l->title, "Concurrency basics");
	ck_assert_int_eq(l->chapter, 1);
	ck_assert_int_eq(l->minutes, 5);
	for (size_t i = 0; i < l->nblocks; i++)
		kinds[l->blocks[i].kind]++;
	ck_assert_int_eq(kinds[LESSON_DEMO], 1);
	ck_assert_int_eq(kinds[LESSON_QUIZ], 1);
	ck_assert_int_eq(kinds[LESSON_NOTES], 1);
	ck_assert_int_eq(kinds[LESSON_PAUSE], 1);
	ck_assert_int_gt(kinds[LESSON_PROSE], 4);
	for (size_t i = 0; i < l->nblocks; i++) {
		const struct lesson_block *b = &l->blocks[i];

		if (b->kind == LESSON_DEMO) {
			ck_assert_str_eq(b->demo->scenario->name, "threads");
			ck_assert_int_eq(b->demo->params.workers, 2);
			ck_assert_int_eq(b->demo->params.units, 4);
			ck_assert_double_eq(b->demo->params.unit_ms, 10);
			ck_assert_str_eq(b->demo->id, "two-threads");
		}
		if (b->kind == LESSON_QUIZ) {
			ck_assert_int_eq(b->quiz->nchoices, 2);
			ck_assert(b->quiz->choices[0].correct);
			ck_assert(!b->quiz->choices[1].correct);
			ck_assert_ptr_nonnull(b->quiz->choices[1].why);
		}
	}
	ck_assert_int_eq((int)l->nlinks, 1);
	ck_assert_str_eq(l->links[0].target, "gil");
	ck_assert_int_eq(lesson_count_quizzes(l), 1);
	ck_assert_ptr_nonnull(lesson_find_quiz(l, "basics-parallel", NULL));
	ck_assert_ptr_null(lesson_find_quiz(l, "nope", NULL));
	lesson_free(l);
	diags_release(&d);
}
END_TEST

START_TEST(prediction_conditions_evaluate)
{
	struct diags d;
	struct lesson *l;
	const struct lesson_quiz *q;

	diags_init(&d);
	l = load_test_lesson("en/02-gil.md", &d);
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(d.errors, 0);
	q = lesson_find_quiz(l, "gil-speedup", NULL);
	ck_assert_ptr_nonnull(q);
	ck_assert_int_eq(q->nchoices, 2);
	ck_assert_str_eq(q->demo.scenario->name, "gil");
	ck_assert_str_eq(q->choices[0].metric, "speedup");
	ck_assert_int_eq(q->choices[0].op, LESSON_LT);
	ck_assert_double_eq(q->choices[0].number, 1.3);
	ck_assert_int_eq(q->choices[1].op, LESSON_GE);
	ck_assert(lesson_condition_holds(&q->choices[0], 1.0));
	ck_assert(!lesson_condition_holds(&q->choices[0], 1.3));
	ck_assert(lesson_condition_holds(&q->choices[1], 1.3));
	ck_assert(!lesson_condition_holds(&q->choices[1], 1.29));
	ck_assert(lesson_metric_known(scenario_find("race"), "lost_updates"));
	ck_assert(!lesson_metric_known(scenario_find("gil"), "lost_updates"));
	ck_assert(lesson_metric_known(scenario_find("gil"), "holder_changes"));
	lesson_free(l);
	diags_release(&d);
}
END_TEST

START_TEST(test_course_is_clean)
{
	struct course c;
	struct diags d;
	const char *src = getenv("TIMESLICE_SRCDIR");
	char root[4096];

	snprintf(root, sizeof root, "%s/tests/lessons", src ? src : ".");
	diags_init(&d);
	ck_assert_int_eq(course_load(&c, root, &d), 0);
	if (d.n > 0)
		dump(&d);
	ck_assert_int_eq((int)d.n, 0);
	ck_assert_int_eq((int)c.n, 4);
	/* Sorted by language, then chapter. */
	ck_assert_str_eq(c.v[0]->lang, "en");
	ck_assert_int_eq(c.v[0]->chapter, 1);
	ck_assert_str_eq(c.v[3]->lang, "es");
	ck_assert_int_eq(c.v[3]->chapter, 2);
	ck_assert_ptr_nonnull(course_find(&c, "gil", "es"));
	ck_assert_ptr_null(course_find(&c, "gil", "fr"));
	course_release(&c);
	diags_release(&d);
}
END_TEST

/* Parses a lesson from text under a path, for the cross-file checks. */
static struct lesson *
mk(const char *path, const char *id, int chapter, const char *extra,
    struct diags *d)
{
	char *text;
	struct lesson *l;
	const char *lang = strstr(path, "/es/") ? "es" : "en";

	if (asprintf(&text, "```lesson\nid: %s\nchapter: %d\ntitle: T\n"
	    "lang: %s\n```\n\n%s", id, chapter, lang, extra) < 0)
		ck_abort();
	l = lesson_parse(path, text, strlen(text), d);
	free(text);
	return l;
}

START_TEST(template_passes_the_checker)
{
	const char *src = getenv("TIMESLICE_SRCDIR");
	char path[4096];
	struct diags d;
	struct lesson *l;

	snprintf(path, sizeof path, "%s/lessons/TEMPLATE.md", src ? src : ".");
	diags_init(&d);
	l = lesson_load(path, &d);
	ck_assert_ptr_nonnull(l);
	course_check_context(&l, 1, &d);
	if (d.n > 0)
		dump(&d);
	ck_assert_int_eq((int)d.n, 0);
	ck_assert_int_eq(lesson_count_quizzes(l), 2);
	lesson_free(l);
	diags_release(&d);
}
END_TEST

/* Writes `text` to a new file under a temporary lessons root. */
static void
write_lesson(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(check_command_reports_and_exits)
{
	char dir[] = "/tmp/ts-check-XXXXXX", en[64], es[64], a[96], b[96];
	char out[4096], err[8192], cmd[128];
	char *argv[] = { "timeslice", "check", dir, NULL };
	const char *p, *q;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(en, sizeof en, "%s/en", dir);
	snprintf(es, sizeof es, "%s/es", dir);
	ck_assert_int_eq(mkdir(en, 0700), 0);
	ck_assert_int_eq(mkdir(es, 0700), 0);
	snprintf(a, sizeof a, "%s/01-t.md", en);
	snprintf(b, sizeof b, "%s/01-t.md", es);
	write_lesson(a, META "```demo\ncaption: c\nmodels: m\n"
	    "scenario: gill\nworkers: 65\n```\n");
	write_lesson(b, "```lesson\nid: t\nchapter: 1\ntitle: T\nlang: es\n"
	    "```\n");
	/* Both mistakes at once, in file order, and exit status 1. */
	ck_assert_int_eq(tu_exec(argv, out, sizeof out, err, sizeof err), 1);
	p = strstr(err, "/en/01-t.md:11:11: error: unknown scenario 'gill' "
	    "(did you mean 'gil'?)");
	q = strstr(err, "/en/01-t.md:12:10: error: workers: 65 is out of "
	    "range (allowed: 1 to 64)");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(q);
	ck_assert(p < q);
	/* Fixed: exit status 0. */
	write_lesson(a, META "```demo\ncaption: c\nmodels: m\n"
	    "scenario: gil\nworkers: 64\n```\n");
	ck_assert_int_eq(tu_exec(argv, out, sizeof out, err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(out, "no problems"));
	/* Only a warning: still 0. */
	write_lesson(a, META "```quizz\n```\n");
	ck_assert_int_eq(tu_exec(argv, out, sizeof out, err, sizeof err), 0);
	ck_assert_ptr_nonnull(strstr(err, "warning: unknown block 'quizz'"));
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(cross_file_checks)
{
	struct diags d;
	struct lesson *v[5];

	diags_init(&d);
	v[0] = mk("c/en/01-a.md", "a", 1, "See [b](lesson:gil).\n", &d);
	v[1] = mk("c/es/01-a.md", "a", 1, "", &d);
	v[2] = mk("c/en/03-b.md", "b", 3, "", &d);
	v[3] = mk("c/en/03-c.md", "b", 3, "", &d);
	v[4] = mk("c/es/03-b.md", "b", 2, "", &d);
	ck_assert_int_eq(d.errors, 0);
	course_check(v, 5, v, 5, &d);
	ck_assert(has_diag(&d, "c/en/01-a.md:8:9: error: link to unknown "
	    "lesson 'gil'"));
	ck_assert(has_diag(&d, "c/en/03-b.md:2:5: error: duplicate lesson id "
	    "'b' (also in c/en/03-c.md)"));
	ck_assert(has_diag(&d, "c/es/03-b.md:3:10: warning: chapter 2 differs "
	    "from the 'en' version's 3"));
	ck_assert(has_diag(&d, "c/en/03-b.md:3:10: warning: no 'en' lesson has "
	    "chapter 2 (chapters should run 1, 2, 3...)"));
	for (int i = 0; i < 5; i++)
		lesson_free(v[i]);
	diags_release(&d);

	diags_init(&d);
	v[0] = mk("c/en/01-a.md", "a", 1, "See [b](lesson:b).\n", &d);
	v[1] = mk("c/en/02-b.md", "b", 2, "And [a](lesson:aa).\n", &d);
	/* The course's languages are the folders its lessons are in. */
	v[2] = mk("c/es/02-b.md", "b", 2, "", &d);
	course_check(v, 2, v, 3, &d);
	ck_assert(has_diag(&d, "c/en/01-a.md:2:5: error: lesson 'a' has no "
	    "'es' version (expected in the es/ folder)"));
	ck_assert(!has_diag(&d, "c/en/02-b.md:2:5: error: lesson 'b' has no "
	    "'es' version (expected in the es/ folder)"));
	ck_assert(has_diag(&d, "c/en/02-b.md:8:9: error: link to unknown "
	    "lesson 'aa' (did you mean 'a'?)"));
	ck_assert(!has_diag(&d, "c/en/01-a.md:8:9: error: link to unknown "
	    "lesson 'b'"));
	lesson_free(v[0]);
	lesson_free(v[1]);
	lesson_free(v[2]);
	diags_release(&d);
}
END_TEST

START_TEST(every_problem_reported_at_once)
{
	const char *text = "```lesson\nid: Bad\nchapter: 0\ntitle: x\n"
	    "lang: fr\n```\n\n```demo\nscenario: gill\nworkers: 99\n```\n";
	struct diags d;
	struct lesson *l;

	diags_init(&d);
	l = lesson_parse(PATH, text, strlen(text), &d);
	/* id, chapter, lang, scenario, workers, caption, models */
	ck_assert_int_eq(d.errors, 7);
	diags_sort(&d);
	ck_assert_int_eq(d.v[0].line, 2);
	ck_assert_int_eq(d.v[d.n - 1].line, 10);
	lesson_free(l);
	diags_release(&d);
}
END_TEST

START_TEST(race_units_are_not_a_work_budget)
{
	const char *text = META DEMO_HEAD "scenario: race\nunits: 2000\n```\n";
	struct diags d;
	struct lesson *l;

	diags_init(&d);
	l = lesson_parse(PATH, text, strlen(text), &d);
	if (d.n > 0)
		dump(&d);
	ck_assert_int_eq((int)d.n, 0);
	lesson_free(l);
	diags_release(&d);
}
END_TEST

START_TEST(binary_garbage_does_not_crash)
{
	char buf[512];
	struct diags d;
	struct lesson *l;

	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (char)((i * 7919u) % 256);
	memcpy(buf, "```predict\n- [", 14);
	diags_init(&d);
	l = lesson_parse(PATH, buf, sizeof buf, &d);
	ck_assert_ptr_nonnull(l);
	ck_assert_int_gt(d.errors, 0);
	lesson_free(l);
	diags_release(&d);
}
END_TEST

/* META then one line: `open` n times, `mid`, then `close` n times. */
static char *
nested(const char *open, const char *mid, const char *close, int n)
{
	size_t lo = strlen(open), lc = strlen(close), k = strlen(META);
	char *s = malloc(k + (lo + lc) * (size_t)n + strlen(mid) + 2);

	ck_assert_ptr_nonnull(s);
	memcpy(s, META, k);
	for (int i = 0; i < n; i++, k += lo)
		memcpy(s + k, open, lo);
	memcpy(s + k, mid, strlen(mid));
	k += strlen(mid);
	for (int i = 0; i < n; i++, k += lc)
		memcpy(s + k, close, lc);
	s[k++] = '\n';
	s[k] = '\0';
	return s;
}

/* Parses a nested line of depth n; returns the nesting errors, and the
 * formatted first one in `first` (if any). */
static int
nesting_errors(const char *open, const char *mid, const char *close, int n,
    char *first, size_t len)
{
	char *text = nested(open, mid, close, n);
	struct diags d;
	struct lesson *l;
	int found = 0;

	diags_init(&d);
	l = lesson_parse(PATH, text, strlen(text), &d);
	ck_assert_ptr_nonnull(l);
	*first = '\0';
	for (size_t i = 0; i < d.n; i++) {
		char *f = diag_format(&d.v[i]);

		if (strstr(f, " deep here") != NULL && found++ == 0)
			snprintf(first, len, "%s", f);
		free(f);
	}
	lesson_free(l);
	diags_release(&d);
	free(text);
	return found;
}

START_TEST(nesting_beyond_the_limit_is_an_error_at_its_place)
{
	char first[256];

	/* Quotes and lists count together; 32 is allowed, 33 is not. */
	ck_assert_int_eq(nesting_errors(">", " x", "", LESSON_NEST_MAX,
	    first, sizeof first), 0);
	ck_assert_int_eq(nesting_errors(">", " x", "", LESSON_NEST_MAX + 1,
	    first, sizeof first), 1);
	ck_assert_str_eq(first, PATH ":8:33: error: block quotes and lists "
	    "nest more than 32 deep here (flatten them)");
	ck_assert_int_eq(nesting_errors("> - ", "x", "", LESSON_NEST_MAX / 2,
	    first, sizeof first), 0);
	ck_assert_int_eq(nesting_errors("> - ", "x", "", LESSON_NEST_MAX / 2 +
	    1, first, sizeof first), 1);
	ck_assert_str_eq(first, PATH ":8:65: error: block quotes and lists "
	    "nest more than 32 deep here (flatten them)");
	/* Images and emphasis, in a paragraph. */
	ck_assert_int_eq(nesting_errors("![", "x", "](u)", LESSON_NEST_MAX,
	    first, sizeof first), 0);
	ck_assert_int_eq(nesting_errors("![", "x", "](u)", LESSON_NEST_MAX + 1,
	    first, sizeof first), 1);
	ck_assert_str_eq(first, PATH ":8:65: error: emphasis and links nest "
	    "more than 32 deep here (flatten them)");
	ck_assert_int_eq(nesting_errors("*a _a ", "x", " a_ a*",
	    LESSON_NEST_MAX / 2, first, sizeof first), 0);
	ck_assert_int_eq(nesting_errors("*a _a ", "x", " a_ a*",
	    LESSON_NEST_MAX / 2 + 1, first, sizeof first), 1);
	ck_assert_str_eq(first, PATH ":8:97: error: emphasis and links nest "
	    "more than 32 deep here (flatten them)");
}
END_TEST

/* The deepest nesting a lesson file can hold: one error, no recursion. */
START_TEST(hundred_thousand_quotes_are_reported_not_a_crash)
{
	char dir[] = "/tmp/ts-nest-XXXXXX", path[64], cmd[64];
	char out[4096], err[8192];
	char *argv[] = { "timeslice", "check", path, NULL };
	char *text = nested(">", " x", "", 100000);
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/01-t.md", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	free(text);
	ck_assert_int_eq(tu_exec(argv, out, sizeof out, err, sizeof err), 1);
	ck_assert_ptr_nonnull(strstr(err, "/01-t.md:8:33: error: block quotes "
	    "and lists nest more than 32 deep here (flatten them)"));
	ck_assert_ptr_nonnull(strstr(err, "1 error(s)"));
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/*
 * The checker's promise the course tests rely on: a prediction parsed
 * without errors names, with `expect:`, one of its own choices.
 */
START_TEST(clean_prediction_expects_one_of_its_choices)
{
	static const char *const expects[] = {
		"", "expect: speedup < 1\n", "expect: speedup >= 1\n",
		"expect: speedup > 1\n", "expect: wall_ms < 1\n",
		"expect: speedup < 1\nexpect: speedup >= 1\n",
	};
	int clean = 0;

	for (size_t i = 0; i < sizeof expects / sizeof expects[0]; i++) {
		struct diags d;
		struct lesson *l;
		const struct lesson_quiz *q;
		char *text;

		if (asprintf(&text, META "```predict\nid: p\nscenario: gil\n"
		    "question: q?\n%s- [speedup < 1] a\n  why: w\n"
		    "- [speedup >= 1] b\n  why: w\n```\n", expects[i]) < 0)
			ck_abort();
		diags_init(&d);
		l = lesson_parse(PATH, text, strlen(text), &d);
		q = lesson_find_quiz(l, "p", NULL);
		ck_assert_ptr_nonnull(q);
		if (d.errors == 0) {
			clean++;
			ck_assert_int_ge(q->expected, 0);
			ck_assert_int_lt(q->expected, q->nchoices);
		}
		lesson_free(l);
		diags_release(&d);
		free(text);
	}
	ck_assert_int_eq(clean, 2);
}
END_TEST

START_TEST(ids_are_short_lowercase_words)
{
	char longest[LESSON_ID_MAX + 2];

	ck_assert(lesson_id_valid("gil"));
	ck_assert(lesson_id_valid("03-gil-speedup"));
	ck_assert(!lesson_id_valid(""));
	ck_assert(!lesson_id_valid(NULL));
	ck_assert(!lesson_id_valid("Gil"));
	ck_assert(!lesson_id_valid("gil speedup"));
	ck_assert(!lesson_id_valid("g\xc3\xadl"));
	ck_assert(!lesson_id_valid("../gil"));
	memset(longest, 'a', sizeof longest - 1);
	longest[LESSON_ID_MAX] = '\0';
	ck_assert(lesson_id_valid(longest));
	longest[LESSON_ID_MAX] = 'a';
	longest[LESSON_ID_MAX + 1] = '\0';
	ck_assert(!lesson_id_valid(longest));
}
END_TEST

/* The classes of a line as letters: . k s c n p. */
static void
classes(enum syntax_lang lang, const char *line, int *state, char *out)
{
	uint8_t cls[256];
	size_t n = strlen(line);

	syntax_line(lang, line, n, cls, state);
	for (size_t i = 0; i < n; i++)
		out[i] = ".kscnp"[cls[i]];
	out[n] = '\0';
}

START_TEST(code_is_coloured_by_language)
{
	char out[256];
	int st = 0;

	ck_assert_int_eq(syntax_lang("python"), SYNTAX_PYTHON);
	ck_assert_int_eq(syntax_lang("c"), SYNTAX_C);
	ck_assert_int_eq(syntax_lang("console"), SYNTAX_CONSOLE);
	ck_assert_int_eq(syntax_lang("text"), SYNTAX_NONE);
	classes(SYNTAX_PYTHON, "def f(x): return 'a#b' # 42", &st, out);
	ck_assert_str_eq(out, "kkk.......kkkkkk.sssss.cccc");
	classes(SYNTAX_PYTHON, "x = 10 + y2", &st, out);
	ck_assert_str_eq(out, "....nn.....");
	/* A triple-quoted string runs on to the next line. */
	classes(SYNTAX_PYTHON, "s = \"\"\"doc", &st, out);
	ck_assert_str_eq(out, "....ssssss");
	classes(SYNTAX_PYTHON, "end\"\"\" if", &st, out);
	ck_assert_str_eq(out, "ssssss.kk");
	ck_assert_int_eq(st, 0);
	classes(SYNTAX_C, "int n; /* a", &st, out);
	ck_assert_str_eq(out, "kkk....cccc");
	classes(SYNTAX_C, "b */ return 0;", &st, out);
	ck_assert_str_eq(out, "cccc.kkkkkk.n.");
	classes(SYNTAX_CONSOLE, "$ python3 gil.py", &st, out);
	ck_assert_int_eq(out[0], 'p');
}
END_TEST

static Suite *
lesson_suite(void)
{
	Suite *s = suite_create("lesson");
	TCase *tc;

	tc = tcase_create("malformed");
	tcase_add_loop_test(tc, malformed_lesson_reports_exact_place, 0,
	    (int)(sizeof bad / sizeof bad[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("valid");
	tcase_add_test(tc, valid_lesson_builds_model);
	tcase_add_test(tc, prediction_conditions_evaluate);
	tcase_add_test(tc, test_course_is_clean);
	tcase_add_test(tc, template_passes_the_checker);
	tcase_add_test(tc, check_command_reports_and_exits);
	suite_add_tcase(s, tc);
	tc = tcase_create("course");
	tcase_add_test(tc, cross_file_checks);
	tcase_add_test(tc, every_problem_reported_at_once);
	tcase_add_test(tc, binary_garbage_does_not_crash);
	tcase_add_test(tc, race_units_are_not_a_work_budget);
	tcase_add_test(tc, nesting_beyond_the_limit_is_an_error_at_its_place);
	tcase_add_test(tc, hundred_thousand_quotes_are_reported_not_a_crash);
	tcase_add_test(tc, clean_prediction_expects_one_of_its_choices);
	tcase_add_test(tc, ids_are_short_lowercase_words);
	tcase_add_test(tc, code_is_coloured_by_language);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_main(lesson_suite());
}
