/*
 * check_outpane.c - a traced program's output in its pane (ui/outpane.c):
 * stdout and stderr told apart, stderr last, nothing of a line lost to
 * the edge, control characters and invalid bytes escaped, the last rows
 * shown first, and keys that scroll within what there is and close it.
 */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "ui/app.h"
#include "ui/outpane.h"

static struct tail out, err;

static void
setup(void)
{
	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C.UTF-8"));
	tail_init(&out, TAIL_MAX);
	tail_init(&err, TAIL_MAX);
}

static void
teardown(void)
{
	tail_release(&out);
	tail_release(&err);
}

static void
put(struct tail *t, const char *s)
{
	tail_add(t, s, strlen(s));
}

START_TEST(stdout_then_stderr_each_under_its_heading)
{
	struct outpane_row *v;
	int n;

	put(&out, "one\ntwo\n");
	put(&err, "Traceback\nValueError: no\n");
	v = outpane_rows(&out, &err, 40, &n);
	ck_assert_int_eq(n, 6);
	ck_assert_str_eq(v[0].text, "standard output:");
	ck_assert_str_eq(v[1].text, "one");
	ck_assert_str_eq(v[2].text, "two");
	ck_assert_str_eq(v[3].text, "standard error:");
	ck_assert_str_eq(v[5].text, "ValueError: no");
	/* Apart by colour as well as by heading. */
	ck_assert_int_eq(v[1].style, CS_TEXT);
	ck_assert_int_ne(v[5].style, v[1].style);
	ck_assert_int_ne(v[3].style, v[0].style);
	outpane_rows_free(v, n);
}
END_TEST

START_TEST(an_empty_stream_says_so)
{
	struct outpane_row *v;
	int n;

	put(&err, "boom");	/* no newline at the end: still a line */
	v = outpane_rows(&out, &err, 40, &n);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(v[0].text, "standard output: nothing written");
	ck_assert_str_eq(v[2].text, "boom");
	outpane_rows_free(v, n);
}
END_TEST

START_TEST(control_characters_and_bad_bytes_are_escaped)
{
	struct outpane_row *v;
	int n;

	put(&out, "\x1b[2Jred\x1b[0m\tx\xff\xc3 ok \xc3\xa9\r\n");
	tail_add(&out, "a\0b\n", 4);
	v = outpane_rows(&out, &err, 70, &n);
	ck_assert_int_ge(n, 3);
	ck_assert_str_eq(v[1].text,
	    "\\x1b[2Jred\\x1b[0m\\x09x\\xff\\xc3 ok \xc3\xa9");
	ck_assert_str_eq(v[2].text, "a\\x00b");
	for (int i = 0; i < n; i++)
		for (const char *p = v[i].text; *p != '\0'; p++)
			ck_assert_int_ge((unsigned char)*p, 0x20);
	outpane_rows_free(v, n);
}
END_TEST

START_TEST(a_long_line_is_cut_into_rows_losing_nothing)
{
	struct outpane_row *v;
	char line[200], joined[400] = "";
	int n;

	for (int i = 0; i < 150; i++)
		line[i] = (char)('a' + i % 26);
	line[150] = '\0';
	put(&err, line);
	/* A wide character never straddles two rows. */
	put(&err, "\n漢漢漢漢漢\n");
	v = outpane_rows(&out, &err, 20, &n);
	ck_assert_int_eq(n, 2 + 8 + 1);
	for (int i = 2; i < 10; i++) {
		ck_assert_uint_le(strlen(v[i].text), 20);
		strcat(joined, v[i].text);
	}
	ck_assert_str_eq(joined, line);
	outpane_rows_free(v, n);
	v = outpane_rows(&out, &err, 3, &n);
	ck_assert_str_eq(v[n - 1].text, "漢");
	ck_assert_str_eq(v[n - 5].text, "漢");
	outpane_rows_free(v, n);
}
END_TEST

START_TEST(a_cut_stream_says_so_and_drops_its_partial_line)
{
	struct tail t;
	struct outpane_row *v;
	int n;

	tail_init(&t, 16);
	put(&t, "first line\nsecond\nthird\n");
	ck_assert(t.cut);
	v = outpane_rows(&t, &err, 40, &n);
	ck_assert_str_eq(v[0].text, "standard output, its last 64 KiB:");
	ck_assert_str_eq(v[1].text, "second");
	ck_assert_str_eq(v[2].text, "third");
	outpane_rows_free(v, n);
	tail_release(&t);
}
END_TEST

/* Whether row `y` of `c` holds `s`. */
static bool
row_has(const struct canvas *c, int y, const char *s)
{
	char *all = canvas_to_text(c), *p = all;
	bool found;

	for (int i = 0; i < y && p != NULL; i++)
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	found = p != NULL && strstr(p, s) != NULL &&
	    (strchr(p, '\n') == NULL || strstr(p, s) < strchr(p, '\n'));
	free(all);
	return found;
}

START_TEST(the_last_rows_show_first_and_keys_scroll_within)
{
	struct canvas *c = canvas_new(80, 24);
	struct outpane p = { 0 };
	struct rect r = { 0, 2, 80, 20 };
	char line[32];

	for (int i = 0; i < 40; i++) {
		snprintf(line, sizeof line, "line %d\n", i);
		put(&out, line);
	}
	put(&err, "ValueError: the last straw\n");
	/* Closed: draws nothing, takes no key. */
	outpane_draw(&p, c, r, "output", &out, &err);
	ck_assert(!row_has(c, 2, "output"));
	ck_assert_int_eq(outpane_key(&p, APP_KEY_UP), APP_IGNORED);
	outpane_show(&p, true);
	outpane_draw(&p, c, r, "output", &out, &err);
	ck_assert(row_has(c, 2, "output"));
	/* 43 rows, 18 shown: the traceback's last line at the bottom. */
	ck_assert(row_has(c, 20, "ValueError: the last straw"));
	ck_assert(row_has(c, 21, "26-43/43"));
	ck_assert_int_eq(outpane_key(&p, APP_KEY_HOME), APP_REDRAW);
	canvas_clear(c);
	outpane_draw(&p, c, r, "output", &out, &err);
	ck_assert(row_has(c, 3, "standard output:"));
	ck_assert(row_has(c, 21, "1-18/43"));
	/* Never past the first row. */
	outpane_key(&p, APP_KEY_PGUP);
	outpane_key(&p, APP_KEY_UP);
	ck_assert_int_eq(p.back, p.most);
	outpane_key(&p, APP_KEY_DOWN);
	ck_assert_int_eq(p.back, p.most - 1);
	outpane_key(&p, APP_KEY_END);
	outpane_key(&p, APP_KEY_PGDN);
	ck_assert_int_eq(p.back, 0);
	/* What the program writes next is drawn next. */
	put(&err, "  and one more\n");
	canvas_clear(c);
	outpane_draw(&p, c, r, "output", &out, &err);
	ck_assert(row_has(c, 20, "and one more"));
	ck_assert(row_has(c, 19, "ValueError: the last straw"));
	/* So is another width. */
	canvas_clear(c);
	outpane_draw(&p, c, (struct rect){ 0, 2, 20, 20 }, "output", &out,
	    &err);
	ck_assert(row_has(c, 20, "and one more"));
	ck_assert(row_has(c, 19, "last straw"));
	ck_assert(row_has(c, 18, "ValueError: the"));
	/* Other keys are the host's; o closes. */
	ck_assert_int_eq(outpane_key(&p, 'q'), APP_IGNORED);
	ck_assert_int_eq(outpane_key(&p, 'o'), APP_REDRAW);
	ck_assert(!p.open);
	outpane_release(&p);
	canvas_free(c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("outpane");
	TCase *tc = tcase_create("rows");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, stdout_then_stderr_each_under_its_heading);
	tcase_add_test(tc, an_empty_stream_says_so);
	tcase_add_test(tc, control_characters_and_bad_bytes_are_escaped);
	tcase_add_test(tc, a_long_line_is_cut_into_rows_losing_nothing);
	tcase_add_test(tc, a_cut_stream_says_so_and_drops_its_partial_line);
	suite_add_tcase(s, tc);
	tc = tcase_create("pane");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, the_last_rows_show_first_and_keys_scroll_within);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
