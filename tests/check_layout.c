/*
 * check_layout.c - a lesson laid out as rows, without a pager or a
 * terminal: words wrap within the width and no row is ever wider;
 * headings, lists, quotes, code, tables, links, quizzes and pauses give
 * the rows a reader expects; nesting of any depth lays out (flattened
 * past half the width) instead of exhausting the stack; an answered
 * prediction shows its run, and a demo that cannot run says so. Also
 * the lesson's Markdown tree the layout reads.
 */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/glossary.h"
#include "lesson/lesson.h"
#include "lesson/md.h"
#include "ui/canvas.h"
#include "ui/layout.h"

#define HEADER	"```lesson\nid: t\nchapter: 1\ntitle: T\nlang: en\n```\n\n"

static struct lesson	*les;
static struct rows	 rows;

static void
setup(void)
{
	/* Widths of UTF-8 text come from the C library. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	memset(&rows, 0, sizeof rows);
	les = NULL;
}

static void
teardown(void)
{
	rows_free(&rows);
	lesson_free(les);
}

/* Parses HEADER + body as a lesson (kept in `les`). */
static struct lesson *
parse(const char *body)
{
	size_t n = strlen(HEADER) + strlen(body);
	char *text = malloc(n + 1);
	struct diags d;

	snprintf(text, n + 1, "%s%s", HEADER, body);
	diags_init(&d);
	lesson_free(les);
	les = lesson_parse("x/en/01-t.md", text, n, &d);
	diags_release(&d);
	free(text);
	return les;
}

/* Lays `body` out at `width`; the result is in `rows`. */
static bool
lay_full(const char *body, int width, bool unicode,
    const struct quiz_state *quiz, int reveal)
{
	struct layout_in in = {
		.lesson = parse(body),
		.width = width,
		.unicode = unicode,
		.quiz = quiz,
		.reveal = reveal,
	};

	return layout_lesson(&rows, &in);
}

static void
lay(const char *body, int width)
{
	lay_full(body, width, true, NULL, -1);
}

/* Row `i` as a screen shows it: its margin, then its text. Allocated. */
static char *
line(int i)
{
	char *t = rows_text(&rows.v[i]), *s;
	int x = rows.v[i].x;

	s = malloc((size_t)x + strlen(t) + 1);
	memset(s, ' ', (size_t)x);
	strcpy(s + x, t);
	free(t);
	return s;
}

/* The index of the first row at or after `from` that reads `want`. */
static int
find_line(int from, const char *want)
{
	for (int i = from < 0 ? 0 : from; i < rows.n; i++) {
		char *s = line(i);
		bool eq = strcmp(s, want) == 0;

		free(s);
		if (eq)
			return i;
	}
	return -1;
}

/* Columns row `i` takes from the left edge. */
static int
row_width(int i)
{
	int w = rows.v[i].x;

	for (int k = 0; k < rows.v[i].nspans; k++)
		w += canvas_width(rows.v[i].spans[k].text);
	return w;
}

/* Fails unless every row fits in `width` columns. */
static void
assert_fits(int width)
{
	for (int i = 0; i < rows.n; i++)
		ck_assert_msg(row_width(i) <= width, "row %d is %d wide, over "
		    "%d", i, row_width(i), width);
}

/* All the text of the rows, joined without separators. Allocated. */
static char *
all_text(void)
{
	size_t len = 1;
	char *s;

	for (int i = 0; i < rows.n; i++)
		for (int k = 0; k < rows.v[i].nspans; k++)
			len += strlen(rows.v[i].spans[k].text);
	s = malloc(len);
	*s = '\0';
	for (int i = 0; i < rows.n; i++)
		for (int k = 0; k < rows.v[i].nspans; k++)
			strcat(s, rows.v[i].spans[k].text);
	return s;
}

/* Number of words (runs of non-blanks) in `s`. */
static int
words_in(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\n' && (s[1] == ' ' || s[1] == '\n' ||
		    s[1] == '\0'))
			n++;
	return n;
}

/* How deep the Markdown tree of the first prose block goes. */
static int
md_depth(const struct lesson *l)
{
	const struct md_node *n;
	struct md_walk w;
	bool entering;
	int depth = 0, max = 0;

	for (size_t i = 0; i < l->nblocks; i++)
		if (l->blocks[i].kind == LESSON_PROSE) {
			md_walk_init(&w, l->blocks[i].md);
			break;
		}
	while ((n = md_walk_next(&w, &entering)) != NULL) {
		depth += entering ? 1 : -1;
		if (depth > max)
			max = depth;
	}
	return max;
}

START_TEST(words_wrap_within_width)
{
	static const int widths[] = { 12, 20, 46, 76 };
	const char *text = "Two things are concurrent when they make progress "
	    "in the same period; they are parallel when they run at the "
	    "same instant.\n";

	for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
		char *joined;
		int words = 0;

		lay(text, widths[k]);
		assert_fits(widths[k]);
		/* Wrapping only ever happens between words. */
		for (int i = 0; i < rows.n; i++) {
			char *s = line(i);

			ck_assert(s[0] != ' ');
			ck_assert(s[0] == '\0' || s[strlen(s) - 1] != ' ');
			words += words_in(s);
			free(s);
		}
		ck_assert_int_eq(words, words_in(text));
		joined = all_text();
		ck_assert_ptr_nonnull(strstr(joined, "instant."));
		free(joined);
	}
	lay("aaa bbb ccc ddd\n", 7);
	ck_assert_int_ge(find_line(0, "aaa bbb"), 0);
	ck_assert_int_ge(find_line(0, "ccc ddd"), 0);
}
END_TEST

/*
 * Punctuation and brackets stay with the word they touch, even when that
 * word is a code span or a link: no row starts with ")" or ":", none ends
 * with "(".
 */
START_TEST(punctuation_wraps_with_its_word)
{
	const char *text = "aaaa bbbb (`args`) cc, then `await`: dd ee ff "
	    "gg hh (see [the loop](lesson:asyncio)) ii.\n";

	for (int width = 8; width <= 40; width++) {
		char *joined;

		lay(text, width);
		assert_fits(width);
		for (int i = 0; i < rows.n; i++) {
			char *s = line(i), *t = s + strspn(s, " ");
			size_t n = strlen(t);

			ck_assert_msg(t[0] != ')' && t[0] != ':' && t[0] != ',',
			    "width %d: row %d starts with '%c': '%s'", width,
			    i, t[0], s);
			ck_assert_msg(n == 0 || t[n - 1] != '(', "width %d: row "
			    "%d ends after a bracket: '%s'", width, i, s);
			free(s);
		}
		joined = all_text();
		ck_assert_ptr_nonnull(strstr(joined, "(args)"));
		free(joined);
	}
}
END_TEST

START_TEST(long_words_carry_on)
{
	char word[201], *joined;

	memset(word, 'w', 200);
	word[200] = '\0';
	for (int width = 1; width <= 90; width += 7) {
		lay(word, width);
		assert_fits(width);
		joined = all_text();
		ck_assert_str_eq(joined, word);
		free(joined);
	}
	/* Wide characters are never split, and fit too. */
	lay("漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字\n", 7);
	assert_fits(7);
	ck_assert_int_ge(find_line(0, "漢字漢"), 0);
}
END_TEST

START_TEST(headings_have_rules_and_levels)
{
	int i;

	lay("# One\n\n## Two\n\n### Three\n\n#### Four\n", 30);
	i = find_line(0, "One");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(rows.v[i].heading, 1);
	ck_assert_int_eq(rows.v[i].spans[0].style, CS_TITLE);
	ck_assert_int_eq(find_line(i, "══════════════════════════════"),
	    i + 1);
	i = find_line(0, "Two");
	ck_assert_int_eq(rows.v[i].heading, 2);
	ck_assert_int_eq(find_line(i, "──────────────────────────────"),
	    i + 1);
	i = find_line(0, "» Three");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(rows.v[i].heading, 3);
	ck_assert_int_ge(find_line(0, "· Four"), 0);
	lay_full("# One\n", 10, false, NULL, -1);
	ck_assert_int_ge(find_line(0, "=========="), 0);
}
END_TEST

START_TEST(lists_number_and_nest)
{
	lay("- one\n- two\n  - inner\n\n5. five\n6. six\n", 40);
	ck_assert_int_eq(find_line(0, "• one"), 0);
	ck_assert_int_eq(find_line(0, "• two"), 1);
	ck_assert_int_eq(find_line(0, "  • inner"), 2);
	ck_assert_int_ge(find_line(0, "5. five"), 0);
	ck_assert_int_eq(find_line(0, "6. six"), find_line(0, "5. five") + 1);
	/* Wrapped item text lines up under the text, not the bullet. */
	lay("- alpha beta gamma delta\n", 14);
	ck_assert_int_eq(find_line(0, "• alpha beta"), 0);
	ck_assert_int_eq(find_line(0, "  gamma delta"), 1);
	/* A loose list keeps a blank row between items. */
	lay("- one\n\n- two\n", 40);
	ck_assert_int_eq(find_line(0, "• one"), 0);
	ck_assert_int_eq(rows.v[1].nspans, 0);
	ck_assert_int_eq(find_line(0, "• two"), 2);
	lay_full("- one\n", 40, false, NULL, -1);
	ck_assert_int_eq(find_line(0, "* one"), 0);
}
END_TEST

START_TEST(quotes_code_and_tables)
{
	int i;

	lay("> quoted words here\n", 12);
	ck_assert_int_eq(find_line(0, "│ quoted"), 0);
	ck_assert_int_eq(find_line(0, "│ words here"), 1);
	lay("```python\nimport threading\n\tx = 1\n```\n", 40);
	i = find_line(0, "  import threading");
	ck_assert_int_eq(i, 0);
	ck_assert_int_eq(rows.v[i].spans[0].style, CS_KEY);
	ck_assert_int_eq(find_line(0, "   x = 1"), 1);
	/* Code too wide goes on after a mark, never losing a character. */
	lay("```\n0123456789abcdef\n```\n", 10);
	ck_assert_int_eq(find_line(0, "  0123456↩"), 0);
	ck_assert_int_eq(find_line(0, "  789abcd↩"), 1);
	ck_assert_int_eq(find_line(0, "  ef"), 2);
	lay("| kind | best for |\n|---|---|\n| threads | I/O |\n", 40);
	ck_assert_int_ge(find_line(0, "│ kind    │ best for │"), 0);
	ck_assert_int_ge(find_line(0, "│ ─────── │ ──────── │"), 0);
	ck_assert_int_ge(find_line(0, "│ threads │ I/O      │"), 0);
	/* A table wider than the width is cut at the edge, with a sign. */
	lay("| kind | best for |\n|---|---|\n| threads | I/O |\n", 12);
	assert_fits(12);
	ck_assert_int_ge(find_line(0, "│ threads │…"), 0);
}
END_TEST

START_TEST(links_are_targets)
{
	char *joined;
	int i;

	lay("See [the GIL](lesson:gil) and [docs](https://python.org).\n",
	    80);
	ck_assert_int_eq(rows.ntargets, 2);
	ck_assert_int_eq(rows.targets[0].kind, ROW_LINK);
	ck_assert_str_eq(rows.targets[0].link, "lesson:gil");
	ck_assert_str_eq(rows.targets[1].link, "https://python.org");
	i = find_line(0, "See the GIL and docs <https://python.org>.");
	ck_assert_int_eq(i, 0);
	/* "See", " ", then the link's first word. */
	ck_assert_str_eq(rows.v[i].spans[2].text, "the");
	ck_assert_int_eq(rows.v[i].spans[2].style, CS_CPU);
	ck_assert_int_eq(rows.v[i].spans[2].target, 0);
	/* A long address wraps rather than vanishing past the edge. */
	lay("[x](https://example.com/a/very/long/path/that/goes/on/and/on)\n",
	    20);
	assert_fits(20);
	joined = all_text();
	ck_assert_ptr_nonnull(strstr(joined,
	    "<https://example.com/a/very/long/path/that/goes/on/and/on>"));
	free(joined);
}
END_TEST

/* The span of row `i` that reads `text`, or NULL. */
static const struct row_span *
span_of(int i, const char *text)
{
	for (int k = 0; k < rows.v[i].nspans; k++)
		if (strcmp(rows.v[i].spans[k].text, text) == 0)
			return &rows.v[i].spans[k];
	return NULL;
}

START_TEST(bold_glossary_terms_are_links)
{
	static const char gloss[] =
	    "## núcleo {#core}\nalso: CPU core\nchapter: 1\n\nA unit.\n\n"
	    "## hilo {#thread}\nalso: thread\nchapter: 5\n\nA line.\n";
	struct glossary g;
	struct diags d;
	struct layout_in in = { .width = 80, .unicode = true,
	    .reveal = -1, .glossary = &g };
	const struct row_span *sp;

	diags_init(&d);
	ck_assert_int_eq(glossary_parse(&g, "g.md", gloss, &d), 0);
	diags_release(&d);
	in.lesson = parse("A **Nucleo** runs **Threads:** one at a time, "
	    "each **CPU Core** too; **wrong** is no term. See "
	    "[**hilo**](lesson:x).\n");
	layout_lesson(&rows, &in);
	/* The term (accents and case aside), a plural, an alias. */
	ck_assert_int_eq(rows.ntargets, 4);
	ck_assert_str_eq(rows.targets[0].link, "glossary:core");
	ck_assert_str_eq(rows.targets[1].link, "glossary:thread");
	ck_assert_str_eq(rows.targets[2].link, "glossary:core");
	/* Inside a link, the link wins. */
	ck_assert_str_eq(rows.targets[3].link, "lesson:x");
	sp = span_of(0, "Nucleo");
	ck_assert_ptr_nonnull(sp);
	ck_assert_int_eq(sp->style, CS_TERM);
	ck_assert_int_eq(sp->target, 0);
	sp = span_of(0, "Core");
	ck_assert_ptr_nonnull(sp);
	ck_assert_int_eq(sp->style, CS_TERM);
	ck_assert_int_eq(sp->target, 2);
	/* Bold that is no term stays plain bold, with no target. */
	sp = span_of(0, "wrong");
	ck_assert_ptr_nonnull(sp);
	ck_assert_int_eq(sp->style, CS_TITLE);
	ck_assert_int_eq(sp->target, -1);
	/* With no glossary, bold is only bold. */
	in.glossary = NULL;
	layout_lesson(&rows, &in);
	ck_assert_int_eq(rows.ntargets, 1);
	ck_assert_int_eq(span_of(0, "Nucleo")->style, CS_TITLE);
	glossary_release(&g);
}
END_TEST

START_TEST(quizzes_show_choices_and_verdicts)
{
	const char *quiz = "```quiz\nid: q\nquestion: Which is right?\n"
	    "- [ ] the first\n  why: no\n- [x] the second\n  why: yes\n"
	    "```\n";
	struct quiz_state st[4];
	int q;

	lay(quiz, 40);
	q = find_line(0, "? Which is right?");
	ck_assert_int_ge(q, 0);
	ck_assert_int_eq(rows.ntargets, 1);
	ck_assert_int_eq(rows.targets[0].kind, ROW_QUIZ);
	ck_assert_int_eq(rows.targets[0].row, q);
	ck_assert_int_eq(find_line(q, "  1) the first"), q + 1);
	ck_assert_int_eq(find_line(q, "  2) the second"), q + 2);
	ck_assert_int_eq(find_line(q, "  press 1-2 to answer"), q + 3);
	memset(st, 0, sizeof st);
	for (int i = 0; i < 4; i++)
		st[i].answer = -1;
	st[0].answer = 0;	/* the quiz is block 0 */
	lay_full(quiz, 40, true, st, -1);
	ck_assert_int_ge(find_line(0, "  1) the first ✗"), 0);
	ck_assert_int_ge(find_line(0, "       no"), 0);
	ck_assert_int_ge(find_line(0, "  2) the second ✓"), 0);
	ck_assert_int_ge(find_line(0, "  Not quite."), 0);
	lay_full(quiz, 40, false, st, -1);
	ck_assert_int_ge(find_line(0, "  1) the first (wrong)"), 0);
}
END_TEST

/* An exercise's label is a word of its own before the goal. */
START_TEST(an_exercise_shows_its_goal_after_its_label)
{
	lay("```exercise\nid: e\nstarter: py/a.py\nsolution: py/b.py\n"
	    "goal: Make it end.\n- [exit_status == 0] it failed\n```\n", 60);
	ck_assert_int_ge(find_line(0, "Exercise: Make it end."), 0);
}
END_TEST

START_TEST(pauses_stop_a_step_by_step_reading)
{
	const char *text = "before\n\n<!-- pause -->\n\nafter\n";
	char *joined;

	ck_assert(lay_full(text, 40, true, NULL, 0));
	joined = all_text();
	ck_assert_ptr_nonnull(strstr(joined, "before"));
	ck_assert_ptr_null(strstr(joined, "after"));
	ck_assert_ptr_nonnull(strstr(joined, "-- more: press space --"));
	free(joined);
	ck_assert(!lay_full(text, 40, true, NULL, 1));
	joined = all_text();
	ck_assert_ptr_nonnull(strstr(joined, "after"));
	free(joined);
	ck_assert(!lay_full(text, 40, true, NULL, -1));
}
END_TEST

START_TEST(demos_leave_room_for_the_animation)
{
	int i, d = -1;

	lay("```demo\nscenario: gil\ncaption: See it\nmodels: threads\n```\n",
	    60);
	i = find_line(0, "▶ See it");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(rows.targets[0].kind, ROW_DEMO);
	for (int k = 0; k < rows.n; k++)
		if (rows.v[k].demo >= 0)
			d = k;
	ck_assert_int_gt(d, i);
	ck_assert_int_ge(rows.n - d, LAYOUT_DEMO_ROWS);
}
END_TEST

/* The row the demo area of block `block` starts at, or -1. */
static int
demo_row(int block)
{
	for (int k = 0; k < rows.n; k++)
		if (rows.v[k].demo == block)
			return k;
	return -1;
}

/*
 * A prediction shows its run once it is answered, whichever choice was
 * picked (the first one too); unanswered, it shows none.
 */
START_TEST(an_answered_prediction_shows_its_run)
{
	const char *predict = "```predict\nid: p\nquestion: Faster?\n"
	    "scenario: gil\nworkers: 2\nwork: cpu\nexpect: speedup < 1.4\n"
	    "- [speedup < 1.4] Same\n  why: w\n"
	    "- [speedup >= 1.4] Faster\n  why: w\n```\n";
	struct quiz_state st[2];

	memset(st, 0, sizeof st);
	for (int k = -1; k < 2; k++) {
		st[0].answer = k;
		st[1].answer = -1;
		lay_full(predict, 60, true, st, -1);
		if (k < 0)
			ck_assert_int_eq(demo_row(0), -1);
		else {
			ck_assert_msg(demo_row(0) >= 0, "answering choice %d "
			    "shows no run", k);
			ck_assert_int_ge(rows.n - demo_row(0),
			    LAYOUT_DEMO_ROWS);
		}
	}
	/* Without a scenario (a broken lesson) there is no run to show. */
	st[0].answer = 0;
	lay_full("```predict\nid: p\nquestion: Faster?\nexpect: speedup < 1.4\n"
	    "- [speedup < 1.4] Same\n  why: w\n"
	    "- [speedup >= 1.4] Faster\n  why: w\n```\n", 60, true, st, -1);
	ck_assert_int_eq(demo_row(0), -1);
}
END_TEST

/*
 * A demo whose recording cannot be found, or a trace with no program,
 * says it cannot run instead of leaving room for an animation that will
 * never come; the same demo without the recording runs.
 */
START_TEST(a_demo_that_cannot_run_says_so)
{
	const char *const broken[] = {
		"```demo\nscenario: gil\ncaption: Replayed\n"
		    "recording: nowhere-to-be-found\n```\n",
		"```demo\nscenario: no-such-scenario\ncaption: Replayed\n```\n",
		"```trace\ncaption: Replayed\nprogram: nowhere.py\n```\n",
	};
	char *joined;

	for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
		lay(broken[i], 60);
		ck_assert_int_ge(find_line(0, "▶ Replayed"), 0);
		ck_assert_msg(demo_row(0) == -1, "broken block %zu is drawn "
		    "as runnable", i);
		joined = all_text();
		ck_assert_ptr_nonnull(strstr(joined, "cannot run"));
		free(joined);
	}
	lay("```demo\nscenario: gil\ncaption: Replayed\n```\n", 60);
	ck_assert_int_ge(demo_row(0), 0);
	joined = all_text();
	ck_assert_ptr_null(strstr(joined, "cannot run"));
	free(joined);
}
END_TEST

/*
 * A lesson's problems come first, their count in the colour of the
 * worst: errors red, warnings only yellow.
 */
START_TEST(problems_come_first_in_the_colour_of_the_worst)
{
	struct diags d;
	struct layout_in in = { .width = 60, .unicode = true, .reveal = -1 };

	diags_init(&d);
	diags_add(&d, DIAG_WARNING, "x/en/01-t.md", 3, 1, "a warning");
	in.lesson = parse("Text.\n");
	in.problems = &d;
	layout_lesson(&rows, &in);
	ck_assert_int_ge(rows.n, 2);
	ck_assert_int_eq(rows.v[0].block, -1);
	ck_assert_int_eq(rows.v[0].spans[0].style, CS_WARN);
	diags_add(&d, DIAG_ERROR, "x/en/01-t.md", 4, 2, "an error");
	layout_lesson(&rows, &in);
	ck_assert_int_eq(rows.v[0].spans[0].style, CS_ERROR);
	diags_release(&d);
}
END_TEST

/* Widths narrower than any indent: rows start at the last column. */
START_TEST(tiny_widths_still_fit)
{
	const char *body = "- a\n  - b\n\n> quote\n\n```\ncode\n```\n\n"
	    "```quiz\nid: q\nquestion: Q?\n- [x] yes\n```\n\n"
	    "| a | b |\n|---|---|\n";
	struct diags d;

	diags_init(&d);
	diags_add(&d, DIAG_ERROR, "x.md", 1, 1, "a problem");
	for (int width = 1; width <= 6; width++) {
		struct layout_in in = {
			.lesson = parse(body),
			.width = width,
			.unicode = true,
			.problems = &d,
			.reveal = -1,
		};

		layout_lesson(&rows, &in);
		ck_assert_int_gt(rows.n, 0);
		assert_fits(width);
	}
	diags_release(&d);
}
END_TEST

/* Lays out `body` at widths 20, 80 and 200: it must fit and show `x`. */
static void
lay_deep(const char *body)
{
	static const int widths[] = { 20, 80, 200 };

	for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
		char *joined;

		lay(body, widths[k]);
		assert_fits(widths[k]);
		joined = all_text();
		ck_assert_ptr_nonnull(strchr(joined, 'x'));
		free(joined);
	}
}

START_TEST(deep_quotes_lay_out)
{
	size_t n = 100000;
	char *body = malloc(n + 4);

	memset(body, '>', n);
	strcpy(body + n, " x\n");
	lay_deep(body);
	/* The input really nests: one quote per '>'. */
	ck_assert_int_gt(md_depth(les), 100000);
	free(body);
}
END_TEST

START_TEST(deep_lists_lay_out)
{
	size_t n = 10000;
	char *body = malloc(2 * n + 4);

	for (size_t i = 0; i < n; i++)
		memcpy(body + 2 * i, "- ", 2);
	strcpy(body + 2 * n, "x\n");
	lay_deep(body);
	ck_assert_int_gt(md_depth(les), 2 * 10000);
	/* Past half the width, nesting stops pushing text right. */
	lay(body, 80);
	for (int i = 0; i < rows.n; i++)
		ck_assert_int_le(rows.v[i].x, 40);
	free(body);
}
END_TEST

START_TEST(deep_emphasis_lays_out)
{
	size_t n = 10000;
	char *body = malloc(6 * n + 4), *p = body;

	for (size_t i = 0; i < n; i++, p += 3)
		memcpy(p, "*a ", 3);
	*p++ = 'x';
	for (size_t i = 0; i < n; i++, p += 3)
		memcpy(p, " a*", 3);
	strcpy(p, "\n");
	lay_deep(body);
	ck_assert_int_gt(md_depth(les), 10000);
	free(body);
}
END_TEST

START_TEST(md_tree_keeps_what_is_shown)
{
	const struct md_node *h, *list, *table, *row;
	char *s;

	parse("## Title `code`\n\n3. a\n4. b\n\n| a | b |\n|---|---|\n"
	    "| c | d |\n");
	ck_assert_int_eq(les->nblocks, 3);
	h = les->blocks[0].md;
	ck_assert_int_eq(h->kind, MD_HEADING);
	ck_assert_int_eq(h->level, 2);
	ck_assert_int_eq(h->line, 8);
	s = md_plain(h, NULL);
	ck_assert_str_eq(s, "Title code");
	free(s);
	list = les->blocks[1].md;
	ck_assert_int_eq(list->kind, MD_LIST);
	ck_assert(list->ordered);
	ck_assert(list->tight);
	ck_assert_int_eq(list->start, 3);
	ck_assert_int_eq(list->first->kind, MD_ITEM);
	ck_assert_ptr_eq(list->first->parent, list);
	ck_assert_ptr_eq(list->first->next, list->last);
	table = les->blocks[2].md;
	ck_assert_int_eq(table->kind, MD_TABLE);
	row = table->first;
	ck_assert(row->head && !row->rule);
	ck_assert_str_eq(row->first->text, "a");
	ck_assert_str_eq(row->last->text, "b");
	ck_assert(row->next->rule && row->next->first == NULL);
	ck_assert(!row->next->next->head);
	ck_assert_str_eq(row->next->next->first->text, "c");
	/* A paragraph that only starts like a table stays a paragraph. */
	parse("| a | b |\nplain\n");
	ck_assert_int_eq(les->blocks[0].md->kind, MD_PARAGRAPH);
}
END_TEST

/* Every width the course is read at, and then some. */
#define WIDTH_MIN 40
#define WIDTH_MAX 160

/* `s` without any "↩" (the continuation mark). Allocated. */
static char *
without_marks(const char *s)
{
	char *out = malloc(strlen(s) + 1), *q = out;

	while (*s != '\0') {
		if (strncmp(s, "↩", strlen("↩")) == 0) {
			s += strlen("↩");
			continue;
		}
		*q++ = *s++;
	}
	*q = '\0';
	return out;
}

/* Occurrences of `needle` in `s`. */
static int
count_of(const char *s, const char *needle)
{
	int n = 0;

	for (const char *at = s; (at = strstr(at, needle)) != NULL;
	    at += strlen(needle))
		n++;
	return n;
}

/*
 * The GIL chapter's quiz in Spanish: two right answers, the third's line
 * 78 columns long. Answered with 3, both ticks show at every width.
 */
START_TEST(quiz_marks_wrap_with_their_choice)
{
	const char *quiz = "```quiz\nid: q\nquestion: ¿Qué programas se "
	    "aceleran al usar ocho hilos?\n"
	    "- [x] uno que espera a la red casi todo el tiempo\n"
	    "- [ ] uno que suma números en Python puro\n"
	    "- [x] uno que pasa casi todo su tiempo dentro de NumPy, que "
	    "suelta el GIL\n```\n";
	struct quiz_state st[2];

	memset(st, 0, sizeof st);
	for (int i = 0; i < 2; i++)
		st[i].answer = -1;
	st[0].answer = 2;
	for (int w = WIDTH_MIN; w <= WIDTH_MAX; w++) {
		char *joined;

		lay_full(quiz, w, true, st, -1);
		assert_fits(w);
		joined = all_text();
		ck_assert_msg(count_of(joined, "✓") == 2, "width %d: %d ticks",
		    w, count_of(joined, "✓"));
		ck_assert_ptr_nonnull(strstr(joined, "GIL"));
		free(joined);
		lay_full(quiz, w, false, st, -1);
		assert_fits(w);
		joined = all_text();
		ck_assert_msg(count_of(joined, "(right)") == 2, "width %d", w);
		free(joined);
	}
}
END_TEST

/*
 * A code line wider than the pane loses no character at any width: its
 * rows, marks taken out, read the whole line, and every row but the
 * line's last ends in the mark.
 */
START_TEST(code_wraps_with_a_mark)
{
	const char *code = "    print(f\"{nombre} se sienta a charlar a una "
	    "mesa\", enumerate(nombres), llamadas.items(), cuando llega su "
	    "hora)\n";
	char body[512], *joined, *plain;

	snprintf(body, sizeof body, "```python\n%s```\n\nafter\n", code);
	for (int w = WIDTH_MIN; w <= WIDTH_MAX; w++) {
		int first = -1, last = -1;

		lay(body, w);
		assert_fits(w);
		for (int i = 0; i < rows.n; i++)
			if (rows.v[i].block == 0 && rows.v[i].nspans > 0) {
				if (first < 0)
					first = i;
				last = i;
			}
		joined = all_text();
		plain = without_marks(joined);
		ck_assert_msg(strstr(plain, "mesa\", enumerate(nombres), "
		    "llamadas.items(), cuando llega su hora)") != NULL,
		    "width %d: %s", w, plain);
		free(plain);
		free(joined);
		for (int i = first; i < last; i++) {
			char *t = rows_text(&rows.v[i]);
			size_t n = strlen(t), m = strlen("↩");

			ck_assert_msg(n >= m && strcmp(t + n - m, "↩") == 0,
			    "width %d row %d: %s", w, i, t);
			free(t);
		}
	}
	/* A line that fits has no mark. */
	lay("```\nshort\n```\n", 40);
	ck_assert_int_eq(find_line(0, "  short"), 0);
}
END_TEST

/*
 * A table wider than the pane: every row is whole or ends in "…", at
 * every width.
 */
START_TEST(cut_rows_end_in_an_ellipsis)
{
	const char *table = "| hilo | estado | espera de E/S p50 | "
	    "traspasos por segundo | notas |\n|---|---|---|---|---|\n"
	    "| calculador-1 | esperando el cerrojo | 12,5 ms | 125 | "
	    "tiene el cerrojo casi siempre |\n";
	int full;

	/* The table's own width, laid out where it fits whole. */
	lay(table, 1000);
	full = row_width(0);
	ck_assert_int_lt(full, WIDTH_MAX);
	for (int w = WIDTH_MIN; w <= WIDTH_MAX; w++) {
		lay(table, w);
		assert_fits(w);
		for (int i = 0; i < rows.n; i++) {
			char *t = rows_text(&rows.v[i]);
			size_t n = strlen(t);
			bool whole = n >= strlen("│") &&
			    strcmp(t + n - strlen("│"), "│") == 0;
			bool cut = n >= strlen("…") &&
			    strcmp(t + n - strlen("…"), "…") == 0;

			ck_assert_msg(n == 0 || whole || cut, "width %d row %d:"
			    " %s", w, i, t);
			ck_assert_msg(cut == (n > 0 && w < full), "width %d"
			    " (table %d): %s", w, full, t);
			free(t);
		}
	}
}
END_TEST

/*
 * Lane names cut to the same prefix keep distinct endings; every cut
 * label ends in the ellipsis or keeps its number after it; none is
 * wider than asked.
 */
START_TEST(labels_cut_by_one_rule)
{
	const char *names[] = { "calculador-1", "calculador-2",
	    "calculador-3", "calculador-4" };
	char buf[4][64];

	for (int w = 1; w <= 20; w++) {
		const char *got[4];

		for (int i = 0; i < 4; i++) {
			got[i] = layout_label(names[i], w, true, buf[i],
			    sizeof buf[i]);
			ck_assert_int_le(canvas_width(got[i]), w);
			if (strcmp(got[i], names[i]) != 0)
				ck_assert_ptr_nonnull(strstr(got[i], "…"));
		}
		/* Room for a letter, the ellipsis and "-1": all distinct. */
		for (int i = 0; w >= 4 && i < 4; i++)
			for (int k = i + 1; k < 4; k++)
				ck_assert_msg(strcmp(got[i], got[k]) != 0,
				    "width %d: %s twice", w, got[i]);
	}
	ck_assert_str_eq(layout_label("calculador-3", 10, true, buf[0],
	    sizeof buf[0]), "calcula…-3");
	ck_assert_str_eq(layout_label("python3 822", 8, true, buf[0],
	    sizeof buf[0]), "pyt… 822");
	ck_assert_str_eq(layout_label("QueueFeederThread", 16, true, buf[0],
	    sizeof buf[0]), "QueueFeederThre…");
	ck_assert_str_eq(layout_label("QueueFeederThread", 16, false, buf[0],
	    sizeof buf[0]), "QueueFeederThre~");
	ck_assert_str_eq(layout_label("fits", 4, true, buf[0],
	    sizeof buf[0]), "fits");
}
END_TEST

/*
 * A quiz's question, choices and feedback are Markdown: emphasis and
 * code are styled, their marks never shown.
 */
START_TEST(quiz_feedback_renders_markdown)
{
	const char *quiz = "```quiz\nid: q\nquestion: ¿Qué hace `pool.map`?"
	    "\n- [x] Reparte el trabajo de *calcular*\n  why: Cada proceso "
	    "se pone a *calcular* con **su** núcleo.\n- [ ] Nada\n```\n";
	struct quiz_state st[2];
	char *joined;
	bool emph = false;

	memset(st, 0, sizeof st);
	st[0].answer = 0;
	st[1].answer = -1;
	lay_full(quiz, 60, true, st, -1);
	joined = all_text();
	ck_assert_ptr_null(strchr(joined, '*'));
	ck_assert_ptr_null(strchr(joined, '`'));
	ck_assert_ptr_nonnull(strstr(joined, "se pone a calcular con su"));
	ck_assert_ptr_nonnull(strstr(joined, "¿Qué hace pool.map?"));
	free(joined);
	for (int i = 0; i < rows.n; i++)
		for (int k = 0; k < rows.v[i].nspans; k++)
			if (strcmp(rows.v[i].spans[k].text, "calcular") == 0)
				emph |= rows.v[i].spans[k].style !=
				    CS_DIM && rows.v[i].spans[k].style !=
				    CS_TEXT;
	ck_assert(emph);
}
END_TEST

static Suite *
layout_suite(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("rows");
	TCase *deep = tcase_create("deep");
	TCase *cut = tcase_create("cut");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, words_wrap_within_width);
	tcase_add_test(tc, punctuation_wraps_with_its_word);
	tcase_add_test(tc, long_words_carry_on);
	tcase_add_test(tc, headings_have_rules_and_levels);
	tcase_add_test(tc, lists_number_and_nest);
	tcase_add_test(tc, quotes_code_and_tables);
	tcase_add_test(tc, links_are_targets);
	tcase_add_test(tc, bold_glossary_terms_are_links);
	tcase_add_test(tc, quizzes_show_choices_and_verdicts);
	tcase_add_test(tc, an_exercise_shows_its_goal_after_its_label);
	tcase_add_test(tc, pauses_stop_a_step_by_step_reading);
	tcase_add_test(tc, demos_leave_room_for_the_animation);
	tcase_add_test(tc, an_answered_prediction_shows_its_run);
	tcase_add_test(tc, a_demo_that_cannot_run_says_so);
	tcase_add_test(tc, problems_come_first_in_the_colour_of_the_worst);
	tcase_add_test(tc, md_tree_keeps_what_is_shown);
	tcase_add_test(tc, tiny_widths_still_fit);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(deep, setup, teardown);
	tcase_add_test(deep, deep_quotes_lay_out);
	tcase_add_test(deep, deep_lists_lay_out);
	tcase_add_test(deep, deep_emphasis_lays_out);
	suite_add_tcase(s, deep);
	tcase_add_checked_fixture(cut, setup, teardown);
	tcase_add_test(cut, quiz_marks_wrap_with_their_choice);
	tcase_add_test(cut, code_wraps_with_a_mark);
	tcase_add_test(cut, cut_rows_end_in_an_ellipsis);
	tcase_add_test(cut, labels_cut_by_one_rule);
	tcase_add_test(cut, quiz_feedback_renders_markdown);
	suite_add_tcase(s, cut);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(layout_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
