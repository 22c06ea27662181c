/*
 * check_chref.c - references to chapters (lesson/chref.h): a number must
 * be a chapter of the lesson's language, a link must go to the chapter
 * its number or place names, a chapter's name beside a reference must be
 * that chapter's, and a glossary's `chapter:` lines must be chapters
 * there are. Small courses made in memory, and one on disk for `check`.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lesson/chref.h"
#include "lesson/course.h"
#include "lesson/glossary.h"
#include "testutil.h"

static char out[65536], err[16384];

/* Whether `want` is one of the formatted diagnostics of `d`. */
static bool
has_diag(const struct diags *d, const char *want)
{
	for (size_t i = 0; i < d->n; i++) {
		char *s = diag_format(&d->v[i]);
		bool eq = strcmp(s, want) == 0;

		free(s);
		if (eq)
			return true;
	}
	return false;
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

/* A lesson parsed from memory: the body `extra` after its metadata. */
static struct lesson *
mk(const char *path, const char *id, int chapter, const char *title,
    const char *extra)
{
	struct diags d;
	struct lesson *l;
	char *text;
	const char *lang = strstr(path, "/es/") ? "es" : "en";

	if (asprintf(&text, "```lesson\nid: %s\nchapter: %d\ntitle: %s\n"
	    "lang: %s\n```\n\n%s", id, chapter, title, lang, extra) < 0)
		ck_abort();
	diags_init(&d);
	l = lesson_parse(path, text, strlen(text), &d);
	if (d.n > 0)
		dump(&d);
	ck_assert_uint_eq(d.n, 0);
	diags_release(&d);
	free(text);
	return l;
}

/*
 * A course of three chapters in two languages; `body` goes into the
 * first English lesson (the line numbers below count from its line 8),
 * `es_body` into the first Spanish one. Returns what the checks said.
 */
static void
check_course(const char *body, const char *es_body, struct diags *d)
{
	struct lesson *v[6];

	v[0] = mk("c/en/01-basics.md", "basics", 1, "Basics", body);
	v[1] = mk("c/en/02-threads.md", "threads", 2, "Threads", "");
	v[2] = mk("c/en/03-gil.md", "gil", 3, "The GIL: one lock", "");
	v[3] = mk("c/es/01-basics.md", "basics", 1, "Lo básico", es_body);
	v[4] = mk("c/es/02-threads.md", "threads", 2, "Hilos", "");
	v[5] = mk("c/es/03-gil.md", "gil", 3, "El GIL", "");
	diags_init(d);
	course_check(v, 6, v, 6, d);
	for (int i = 0; i < 6; i++)
		lesson_free(v[i]);
}

/* The references that are right, in prose, lists, notes and quizzes. */
START_TEST(right_references_pass)
{
	struct diags d;

	check_course("As chapter 2 shows, and Chapter 3 too.\n\n"
	    "See [chapter 2](lesson:threads) and chapters 2 and 3; also\n"
	    "chapters 1, 2 and 3, chapter\n3 across a line.\n\n"
	    "The [threads chapter](lesson:threads), threads ([chapter\n"
	    "2](lesson:threads)), chapter 3 (the GIL), the GIL chapter (3).\n\n"
	    "The [next chapter](lesson:threads), the [last "
	    "chapter](lesson:gil).\n\n"
	    "```python\n# chapter 9 is only code\n```\n\n"
	    "```notes\nLink to chapter 3 in class.\n```\n\n"
	    "```quiz\nid: q\nquestion: What did chapter 2 show?\n"
	    "- [x] a\n  why: chapter 3 says\n- [ ] b\n  why: w\n```\n",
	    "Como muestra el capítulo 2, y los capítulos 2 y 3.\n\n"
	    "El [capítulo de hilos](lesson:threads), el [siguiente\n"
	    "capítulo](lesson:threads), el [capítulo 3](lesson:gil).\n", &d);
	if (d.n > 0)
		dump(&d);
	ck_assert_uint_eq(d.n, 0);
	diags_release(&d);
}
END_TEST

/* A reference, where its error is, and the message. */
static const struct {
	const char	*en, *es;
	const char	*want;
} wrong[] = {
	{ "See chapter 4.\n", "",
	    "c/en/01-basics.md:8:5: error: 'chapter 4': there is no chapter 4 "
	    "in the 'en' lessons (the last is chapter 3)" },
	{ "See chapters 2 and 7.\n", "",
	    "c/en/01-basics.md:8:5: error: 'chapters 2 and 7': there is no "
	    "chapter 7 in the 'en' lessons (the last is chapter 3)" },
	{ "Line one.\nAnd\nchapter\n12 here.\n", "",
	    "c/en/01-basics.md:10:1: error: 'chapter 12': there is no chapter "
	    "12 in the 'en' lessons (the last is chapter 3)" },
	{ "```notes\nSay chapter 5.\n```\n", "",
	    "c/en/01-basics.md:9:5: error: 'chapter 5': there is no chapter 5 "
	    "in the 'en' lessons (the last is chapter 3)" },
	{ "```quiz\nid: q\nquestion: What did chapter 0 show?\n- [x] a\n"
	    "  why: w\n- [ ] b\n  why: w\n```\n", "",
	    "c/en/01-basics.md:10:20: error: 'chapter 0': there is no chapter "
	    "0 in the 'en' lessons (the last is chapter 3)" },
	{ "", "Mira el capítulo 4.\n",
	    "c/es/01-basics.md:8:9: error: 'capítulo 4': there is no chapter "
	    "4 in the 'es' lessons (the last is chapter 3)" },
	{ "", "Los capítulos 2 y 9.\n",
	    "c/es/01-basics.md:8:5: error: 'capítulos 2 y 9': there is no "
	    "chapter 9 in the 'es' lessons (the last is chapter 3)" },
	{ "See [chapter 3](lesson:threads).\n", "",
	    "c/en/01-basics.md:8:6: error: 'chapter 3' links to lesson "
	    "'threads', which is chapter 2" },
	{ "The [next chapter](lesson:gil).\n", "",
	    "c/en/01-basics.md:8:6: error: 'next chapter' links to lesson "
	    "'gil', which is chapter 3" },
	{ "", "El [último capítulo](lesson:threads).\n",
	    "c/es/01-basics.md:8:5: error: 'último capítulo' links to lesson "
	    "'threads', which is chapter 2" },
	{ "Chapter 2 (the GIL) says.\n", "",
	    "c/en/01-basics.md:8:1: warning: 'Chapter 2' stands beside 'gil', "
	    "the name of chapter 3" },
	{ "The threads chapter (3).\n", "",
	    "c/en/01-basics.md:8:13: warning: 'chapter (3)' stands beside "
	    "'threads', the name of chapter 2" },
	{ "The [GIL chapter](lesson:threads).\n", "",
	    "c/en/01-basics.md:8:10: warning: 'chapter' stands beside 'gil', "
	    "the name of chapter 3" },
	{ "", "El [capítulo de hilos](lesson:gil).\n",
	    "c/es/01-basics.md:8:5: warning: 'capítulo' stands beside 'hilos', "
	    "the name of chapter 2" },
};

START_TEST(wrong_reference_is_reported_at_its_place)
{
	struct diags d;

	check_course(wrong[_i].en, wrong[_i].es, &d);
	if (!has_diag(&d, wrong[_i].want)) {
		fprintf(stderr, "want: %s\n", wrong[_i].want);
		dump(&d);
	}
	ck_assert(has_diag(&d, wrong[_i].want));
	ck_assert_uint_eq(d.n, 1);
	diags_release(&d);
}
END_TEST

/* Words that are no reference, and names of no chapter, say nothing. */
START_TEST(other_words_are_no_reference)
{
	struct diags d;

	check_course("The chapters ahead; chaptered; 3 chapters; a chapter.\n\n"
	    "In chapter 2 (a long one) we wait. Chapter 1 (basics) first.\n\n"
	    "    chapter 8 in indented code\n\n"
	    "`inline` and chapter 3's end.\n",
	    "Este capítulo, y el capítulo de hoy.\n", &d);
	if (d.n > 0)
		dump(&d);
	ck_assert_uint_eq(d.n, 0);
	diags_release(&d);
}
END_TEST

/* A glossary's chapters are those of its language's lessons. */
START_TEST(glossary_chapters_are_real_chapters)
{
	struct lesson *v[2];
	struct glossary g;
	struct diags d;

	v[0] = mk("c/en/01-basics.md", "basics", 1, "Basics", "");
	v[1] = mk("c/en/02-threads.md", "threads", 2, "Threads", "");
	diags_init(&d);
	ck_assert_int_eq(glossary_parse(&g, "c/glossary/en.md",
	    "## thread {#thread}\nchapter: 2\n\nA worker.\n\n"
	    "## event {#event}\nalso: flag\nchapter:  10\n\nA flag.\n", &d), 0);
	chref_check_glossary(&g, "c/glossary/en.md", "en", v, 2, &d);
	ck_assert(has_diag(&d, "c/glossary/en.md:8:11: error: 'event' is "
	    "taught in chapter 10, but no 'en' lesson is chapter 10 (the last "
	    "is chapter 2)"));
	ck_assert_uint_eq(d.n, 1);
	/* No lessons in the language: nothing to compare with. */
	chref_check_glossary(&g, "c/glossary/fr.md", "fr", v, 2, &d);
	ck_assert_uint_eq(d.n, 1);
	glossary_release(&g);
	diags_release(&d);
	lesson_free(v[0]);
	lesson_free(v[1]);
}
END_TEST

/* Writes `text` to `dir`/`name`. */
static void
put(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * `timeslice check` on a root, on one lesson, and on the glossary alone
 * finds the wrong chapters at their places; mended, the root is clean.
 */
START_TEST(check_command_reports_wrong_chapters)
{
	char dir[] = "/tmp/check_chref_XXXXXX", sub[128], lesson[160];
	char gloss[160];
	char *root_argv[] = { "timeslice", "check", dir, NULL };
	char *one_argv[] = { "timeslice", "check", lesson, NULL };
	char *gloss_argv[] = { "timeslice", "check", gloss, NULL };
	char want[512];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sub, sizeof sub, "%s/en", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	put(sub, "01-a.md", "```lesson\nid: a\nchapter: 1\ntitle: A\n"
	    "lang: en\n```\n\nNext, chapter 3.\n\n```quiz\nid: q\nquestion: "
	    "Q?\n- [x] a\n  why: w\n- [ ] b\n  why: w\n```\n");
	put(sub, "02-b.md", "```lesson\nid: b\nchapter: 2\ntitle: B\n"
	    "lang: en\n```\n\nBack to chapter 1.\n\n```quiz\nid: q2\n"
	    "question: Q?\n- [x] a\n  why: w\n- [ ] b\n  why: w\n```\n");
	snprintf(sub, sizeof sub, "%s/glossary", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	put(sub, "en.md", "## thing {#thing}\nchapter: 4\n\nA thing.\n");
	snprintf(lesson, sizeof lesson, "%s/en/01-a.md", dir);
	snprintf(gloss, sizeof gloss, "%s/glossary/en.md", dir);

	ck_assert_int_eq(tu_exec(root_argv, out, sizeof out, err, sizeof err),
	    1);
	snprintf(want, sizeof want, "%s/en/01-a.md:8:7: error: 'chapter 3': "
	    "there is no chapter 3 in the 'en' lessons (the last is chapter "
	    "2)", dir);
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	snprintf(want, sizeof want, "%s/glossary/en.md:2:10: error: 'thing' "
	    "is taught in chapter 4, but no 'en' lesson is chapter 4 (the last "
	    "is chapter 2)", dir);
	ck_assert_msg(strstr(err, want) != NULL, "%s", err);
	/* One file is still compared with its course's chapters. */
	ck_assert_int_eq(tu_exec(one_argv, out, sizeof out, err, sizeof err),
	    1);
	ck_assert_msg(strstr(err, "01-a.md:8:7: error: 'chapter 3'") != NULL,
	    "%s", err);
	ck_assert_int_eq(tu_exec(gloss_argv, out, sizeof out, err, sizeof err),
	    1);
	ck_assert_msg(strstr(err, "en.md:2:10: error: 'thing'") != NULL, "%s",
	    err);

	snprintf(sub, sizeof sub, "%s/en", dir);
	put(sub, "01-a.md", "```lesson\nid: a\nchapter: 1\ntitle: A\n"
	    "lang: en\n```\n\nNext, chapter 2.\n\n```quiz\nid: q\nquestion: "
	    "Q?\n- [x] a\n  why: w\n- [ ] b\n  why: w\n```\n");
	snprintf(sub, sizeof sub, "%s/glossary", dir);
	put(sub, "en.md", "## thing {#thing}\nchapter: 2\n\nA thing.\n");
	ck_assert_msg(tu_exec(root_argv, out, sizeof out, err, sizeof err) ==
	    0, "%s", err);

	unlink(gloss);
	rmdir(sub);
	unlink(lesson);
	snprintf(lesson, sizeof lesson, "%s/en/02-b.md", dir);
	unlink(lesson);
	snprintf(sub, sizeof sub, "%s/en", dir);
	rmdir(sub);
	rmdir(dir);
}
END_TEST

static Suite *
chref_suite(void)
{
	Suite *s = suite_create("chref");
	TCase *tc = tcase_create("references");

	tcase_add_test(tc, right_references_pass);
	tcase_add_loop_test(tc, wrong_reference_is_reported_at_its_place, 0,
	    (int)(sizeof wrong / sizeof wrong[0]));
	tcase_add_test(tc, other_words_are_no_reference);
	tcase_add_test(tc, glossary_chapters_are_real_chapters);
	tcase_add_test(tc, check_command_reports_wrong_chapters);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return tu_main(chref_suite());
}
