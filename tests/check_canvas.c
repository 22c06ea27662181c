/*
 * check_canvas.c - the off-screen canvas: clipping, wide characters,
 * frames, and its text forms.
 */
#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "ui/canvas.h"
#include "testutil.h"
#include "ui/timeline.h"

static struct canvas *c;

static void
setup(void)
{
	ck_assert_ptr_nonnull(setlocale(LC_ALL, "C.UTF-8"));
	c = canvas_new(10, 3);
}

static void
teardown(void)
{
	canvas_free(c);
}

/* Compares the canvas text with an expected string. */
static void
expect_text(const char *want)
{
	char *got = canvas_to_text(c);

	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(text_is_clipped_to_width_and_canvas)
{
	ck_assert_int_eq(canvas_text(c, 0, 0, 4, CS_TEXT, "abcdefgh"), 4);
	ck_assert_int_eq(canvas_text(c, 7, 1, 20, CS_TEXT, "xyzw"), 3);
	ck_assert_int_eq(canvas_text(c, 0, 5, 20, CS_TEXT, "off"), 0);
	ck_assert_int_eq(canvas_text(c, -2, 2, 20, CS_TEXT, "hello"), 5);
	expect_text("abcd\n       xyz\nllo\n");
}
END_TEST

START_TEST(wide_characters_take_two_cells)
{
	/* 漢 is two columns wide; it must not straddle the limit. */
	ck_assert_int_eq(canvas_width("a漢b"), 4);
	ck_assert_int_eq(canvas_text(c, 0, 0, 10, CS_TEXT, "a漢b"), 4);
	ck_assert_int_eq(canvas_at(c, 2, 0)->ch, CANVAS_CONT);
	ck_assert_int_eq(canvas_text(c, 0, 1, 2, CS_TEXT, "a漢"), 1);
	ck_assert_int_eq(canvas_text(c, 9, 2, 5, CS_TEXT, "漢"), 0);
	expect_text("a漢b\na\n\n");
}
END_TEST

START_TEST(overwriting_half_a_wide_character_blanks_the_other_half)
{
	canvas_text(c, 0, 0, 10, CS_TEXT, "漢字");
	canvas_put(c, 1, 0, L'x', CS_TEXT);	/* second half of 漢 */
	canvas_put(c, 2, 0, L'y', CS_TEXT);	/* first half of 字 */
	expect_text(" xy\n\n\n");
}
END_TEST

START_TEST(box_uses_line_drawing_or_ascii)
{
	struct rect r = { 0, 0, 6, 3 };

	canvas_box(c, r, CS_BORDER, NULL);
	expect_text("┌────┐\n│    │\n└────┘\n");
	canvas_clear(c);
	c->unicode = false;
	canvas_box(c, r, CS_BORDER, NULL);
	expect_text("+----+\n|    |\n+----+\n");
}
END_TEST

START_TEST(fill_is_clipped)
{
	struct rect r = { 8, 1, 5, 5 };

	canvas_fill(c, r, L'#', CS_DIM);
	expect_text("\n        ##\n        ##\n");
}
END_TEST

START_TEST(styles_text_shows_roles_and_states)
{
	char *s;

	canvas_text(c, 0, 0, 3, CS_TITLE, "abc");
	canvas_put(c, 0, 1, L'█', CS_STATE(TRACE_RUN));
	canvas_put(c, 1, 1, L'▍', CS_EDGE(TRACE_RUN, TRACE_LOCK_WAIT));
	canvas_put(c, 2, 1, L'x', CS_TEXT);
	s = canvas_styles_text(c);
	ck_assert_str_eq(s, "ttt\n1B.\n\n");
	free(s);
}
END_TEST

START_TEST(resize_blanks_and_keeps_flags)
{
	canvas_text(c, 0, 0, 10, CS_TEXT, "hello");
	c->color = false;
	canvas_resize(c, 4, 2);
	ck_assert_int_eq(c->w, 4);
	ck_assert_int_eq(c->h, 2);
	ck_assert(!c->color);
	expect_text("\n\n");
}
END_TEST

START_TEST(projector_theme_is_never_faint)
{
	/* Every style a view can draw, roles, states and edges alike. */
	for (int s = 0; s < CS_COUNT; s++) {
		struct canvas_look k = canvas_look(CANVAS_THEME_PROJECTOR,
		    (uint8_t)s);

		ck_assert_msg(!(k.attrs & CANVAS_A_DIM), "style %d is faint",
		    s);
	}
	/* Headings, keys and the lanes must stand out. */
	ck_assert(canvas_look(CANVAS_THEME_PROJECTOR, CS_TITLE).attrs &
	    CANVAS_A_BOLD);
	ck_assert(canvas_look(CANVAS_THEME_PROJECTOR, CS_KEY).attrs &
	    CANVAS_A_BOLD);
	ck_assert(canvas_look(CANVAS_THEME_PROJECTOR,
	    CS_STATE(TRACE_RUN)).attrs & CANVAS_A_BOLD);
	/* The other themes do use faint text: the test can tell. */
	ck_assert(canvas_look(CANVAS_THEME_DARK, CS_DIM).attrs &
	    CANVAS_A_DIM);
}
END_TEST

START_TEST(mono_theme_has_no_colour)
{
	for (int s = 0; s < CS_COUNT; s++) {
		struct canvas_look k = canvas_look(CANVAS_THEME_MONO,
		    (uint8_t)s);

		ck_assert_int_eq(k.fg, CANVAS_DEFAULT);
		ck_assert_int_eq(k.bg, CANVAS_DEFAULT);
	}
	ck_assert_int_ne(canvas_look(CANVAS_THEME_DARK,
	    CS_STATE(TRACE_RUN)).fg, CANVAS_DEFAULT);
}
END_TEST

START_TEST(patterns_tell_states_apart_without_colour)
{
	static const enum trace_state shown[] = {
		TRACE_RUN, TRACE_LOCK_WAIT, TRACE_IO, TRACE_READY, TRACE_IDLE
	};
	size_t n = sizeof shown / sizeof shown[0];

	/* Colour alone: running and waiting share a glyph. */
	c->color = true;
	c->patterns = false;
	ck_assert(timeline_state_glyph(c, TRACE_RUN) ==
	    timeline_state_glyph(c, TRACE_LOCK_WAIT));
	/* Colour and patterns: a glyph per state, none blank. */
	c->patterns = true;
	for (size_t i = 0; i < n; i++) {
		ck_assert(timeline_state_glyph(c, shown[i]) != L' ');
		for (size_t k = i + 1; k < n; k++)
			ck_assert(timeline_state_glyph(c, shown[i]) !=
			    timeline_state_glyph(c, shown[k]));
	}
}
END_TEST

START_TEST(themes_have_names)
{
	for (int t = 0; t < CANVAS_THEME_COUNT; t++)
		ck_assert_int_eq(canvas_theme_parse(canvas_theme_name(
		    (enum canvas_theme)t)), t);
	ck_assert_int_eq(canvas_theme_parse("projecter"), -1);
}
END_TEST

START_TEST(long_text_ends_in_an_ellipsis)
{
	ck_assert_int_eq(canvas_text_fit(c, 0, 0, 6, CS_TEXT,
	    "processes"), 6);
	ck_assert_int_eq(canvas_at(c, 5, 0)->ch, L'…');
	ck_assert_int_eq(canvas_at(c, 4, 0)->ch, L'e');
	ck_assert_int_eq(canvas_text_fit(c, 0, 1, 6, CS_TEXT, "short"), 5);
	ck_assert_int_eq(canvas_at(c, 4, 1)->ch, L't');
}
END_TEST

/*
 * A picture drawn apart is copied whole with its styles, clipped to the
 * canvas, and a wide character cut by the edge leaves a blank, not half
 * of itself.
 */
START_TEST(copy_keeps_styles_and_never_halves_a_wide_character)
{
	struct canvas *src = canvas_new(4, 2);

	canvas_text(src, 0, 0, 4, CS_TITLE, "ab漢");
	canvas_put(src, 0, 1, L'█', CS_STATE(TRACE_RUN));
	canvas_copy(c, 1, 1, src);
	expect_text("\n ab漢\n █\n");
	ck_assert_int_eq(canvas_at(c, 1, 1)->style, CS_TITLE);
	ck_assert_int_eq(canvas_at(c, 1, 2)->style, CS_STATE(TRACE_RUN));
	/* At the right edge the wide character does not fit: a blank. */
	canvas_clear(c);
	canvas_copy(c, 7, 0, src);
	expect_text("       ab\n       █\n\n");
	ck_assert_int_ne(canvas_at(c, 9, 0)->ch, L'漢');
	/* Left of the canvas: only what is inside is copied. */
	canvas_clear(c);
	canvas_copy(c, -3, 0, src);
	expect_text("\n\n\n");
	canvas_free(src);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("canvas");
	TCase *tc = tcase_create("canvas");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, text_is_clipped_to_width_and_canvas);
	tcase_add_test(tc, wide_characters_take_two_cells);
	tcase_add_test(tc,
	    overwriting_half_a_wide_character_blanks_the_other_half);
	tcase_add_test(tc, box_uses_line_drawing_or_ascii);
	tcase_add_test(tc, fill_is_clipped);
	tcase_add_test(tc, styles_text_shows_roles_and_states);
	tcase_add_test(tc, resize_blanks_and_keeps_flags);
	tcase_add_test(tc, projector_theme_is_never_faint);
	tcase_add_test(tc, mono_theme_has_no_colour);
	tcase_add_test(tc, patterns_tell_states_apart_without_colour);
	tcase_add_test(tc, themes_have_names);
	tcase_add_test(tc, long_text_ends_in_an_ellipsis);
	tcase_add_test(tc,
	    copy_keeps_styles_and_never_halves_a_wide_character);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
