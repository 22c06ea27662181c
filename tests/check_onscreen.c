/*
 * check_onscreen.c - what the live demo says about a run is true of it:
 * the header names the knobs the scenario reads (the race runs units of
 * increments, not units of milliseconds), and work done off the CPU
 * (the burger staff cooking) is drawn busy, with its own glyph and
 * legend entry, never as running and never on a CPU row.
 *
 * Runs are tiny; the screen is read as text from a canvas.
 */
#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "trace/clock.h"
#include "ui/app.h"
#include "ui/demo.h"
#include "ui/timeline.h"

/* Ticks the demo until its run is over and drawn (or 30 s passed). */
static void
settle(struct demo *d)
{
	uint64_t end = clock_now_ns() + 30 * 1000000000ull;

	while (clock_now_ns() < end) {
		int f = demo_tick(d, clock_now_ns());

		if (!demo_busy(d) && !(f & APP_ANIMATE))
			break;
		clock_sleep_ns(5000000);
	}
	ck_assert(!demo_busy(d));
}

/* The demo drawn on a w x h canvas with `unicode` and `color`, as text. */
static char *
draw(struct demo *d, int w, int h, bool unicode, bool color)
{
	struct canvas *c = canvas_new(w, h);
	char *text;

	c->unicode = unicode;
	c->color = color;
	demo_draw(d, c, canvas_rect(c));
	text = canvas_to_text(c);
	canvas_free(c);
	return text;
}

/* The first line of `text` (allocated). */
static char *
first_line(const char *text)
{
	return strndup(text, strcspn(text, "\n"));
}

/* The line of `text` that starts with `prefix` (allocated), or NULL. */
static char *
line_starting(const char *text, const char *prefix)
{
	for (const char *l = text; *l != '\0'; l += strcspn(l, "\n") +
	    (l[strcspn(l, "\n")] != '\0'))
		if (strncmp(l, prefix, strlen(prefix)) == 0)
			return strndup(l, strcspn(l, "\n"));
	return NULL;
}

START_TEST(race_header_says_units_not_milliseconds)
{
	struct params p;
	struct demo *d;
	char *text, *head;

	params_defaults(&p);
	p.workers = 4;
	p.units = 2000;		/* unit-ms stays at its default, unused */
	p.baseline = false;
	d = demo_new(scenario_find("race"), &p, DEMO_NO_START | DEMO_FIXED);
	text = draw(d, 100, 30, true, true);
	head = first_line(text);
	ck_assert_msg(strstr(head, "2000 units") != NULL, "%s", head);
	ck_assert_msg(strstr(head, "ms") == NULL, "%s", head);
	ck_assert_msg(strstr(head, "×") == NULL, "%s", head);
	/* The race reads no --work either. */
	ck_assert_msg(strstr(head, "cpu") == NULL, "%s", head);
	free(head);
	free(text);
	demo_free(d);

	/* A scenario that reads both still shows units of milliseconds. */
	p.units = 8;
	p.unit_ms = 5;
	d = demo_new(scenario_find("threads"), &p, DEMO_NO_START | DEMO_FIXED);
	text = draw(d, 100, 30, true, true);
	head = first_line(text);
	ck_assert_msg(strstr(head, "8×5ms") != NULL, "%s", head);
	ck_assert_msg(strstr(head, "cpu") != NULL, "%s", head);
	free(head);
	free(text);
	demo_free(d);
}
END_TEST

START_TEST(cooking_is_drawn_busy_off_the_cpu)
{
	struct params p;
	struct demo *d;
	char *text, *cook;

	params_defaults(&p);
	p.workers = 2;
	p.unit_ms = 20;
	p.baseline = false;
	d = demo_new(scenario_find("burgers-sequential"), &p, DEMO_FIXED);
	settle(d);

	/* Colour: a shaded bar, named in the legend. */
	text = draw(d, 100, 30, true, true);
	ck_assert_msg(strstr(text, "busy off the CPU") != NULL, "%s", text);
	cook = line_starting(text, "1 cashier-cook");
	ck_assert_msg(cook != NULL, "%s", text);
	ck_assert_msg(strstr(cook, "▒") != NULL, "%s", cook);
	ck_assert_msg(strstr(cook, "█") == NULL, "%s", cook);
	free(cook);
	/* Nobody ran on a CPU long enough to claim a CPU row's cell. */
	ck_assert_msg(strstr(text, "1▒") == NULL, "%s", text);
	cook = line_starting(text, "  cpu");
	if (cook != NULL)
		ck_assert_msg(strchr(cook + 5, '1') == NULL, "%s", cook);
	free(cook);
	free(text);

	/* ASCII: the text export's character for it. */
	text = draw(d, 100, 30, false, false);
	cook = line_starting(text, "1 cashier-cook");
	ck_assert_msg(cook != NULL, "%s", text);
	ck_assert_msg(strchr(cook + 14, '=') != NULL, "%s", cook);
	ck_assert_msg(strchr(cook + 14, '#') == NULL, "%s", cook);
	free(cook);
	free(text);
	demo_free(d);
}
END_TEST

START_TEST(busy_has_a_glyph_of_its_own)
{
	struct canvas *c = canvas_new(10, 2);

	for (int u = 0; u < 2; u++)
		for (int k = 0; k < 2; k++) {
			c->unicode = u;
			c->color = k;
			for (int s = 0; s < TRACE_STATE_COUNT; s++) {
				if (s == TRACE_BUSY || s == TRACE_NONE ||
				    s == TRACE_DONE)
					continue;
				ck_assert_msg(timeline_state_glyph(c, TRACE_BUSY)
				    != timeline_state_glyph(c,
				    (enum trace_state)s), "busy looks like %s",
				    trace_state_name((enum trace_state)s));
			}
		}
	ck_assert_str_eq(trace_state_words(TRACE_BUSY), "busy off the CPU");
	canvas_free(c);
}
END_TEST

/*
 * Blocked (waiting for another thread) never reads as a GIL wait: without
 * colour, or with patterns, its glyph is its own; with colour, its colour
 * differs from the lock wait's in every theme that has colour.
 */
START_TEST(blocked_is_told_from_a_gil_wait)
{
	struct canvas *c = canvas_new(10, 2);

	for (int u = 0; u < 2; u++)
		for (int k = 0; k < 3; k++) {
			c->unicode = u;
			c->color = k > 0;
			c->patterns = k == 2;
			for (int s = 1; s < TRACE_STATE_COUNT; s++) {
				if (s == TRACE_BLOCKED || s == TRACE_DONE ||
				    (c->color && !c->patterns))
					continue;
				ck_assert_msg(timeline_state_glyph(c,
				    TRACE_BLOCKED) != timeline_state_glyph(c,
				    (enum trace_state)s), "blocked looks like %s",
				    trace_state_name((enum trace_state)s));
			}
		}
	for (int t = 0; t < CANVAS_THEME_COUNT; t++)
		if (t != CANVAS_THEME_MONO)
			ck_assert_int_ne(canvas_look((enum canvas_theme)t,
			    CS_STATE(TRACE_BLOCKED)).fg, canvas_look(
			    (enum canvas_theme)t, CS_STATE(TRACE_LOCK_WAIT)).fg);
	ck_assert_str_eq(trace_state_words(TRACE_BLOCKED),
	    "blocked: waiting for another thread");
	canvas_free(c);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("onscreen");
	TCase *tc = tcase_create("onscreen");
	SRunner *sr;
	int failed;

	setlocale(LC_ALL, "C.UTF-8");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, race_header_says_units_not_milliseconds);
	tcase_add_test(tc, cooking_is_drawn_busy_off_the_cpu);
	tcase_add_test(tc, busy_has_a_glyph_of_its_own);
	tcase_add_test(tc, blocked_is_told_from_a_gil_wait);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
