/*
 * check_demo.c - the live demo object without a terminal: real (small)
 * runs driven by ticks and keys, drawn into a canvas and read as text.
 *
 * Only invariants are checked: what the screen says once a run is over,
 * that keys change the experiment, that restarting and freeing never
 * leave a thread or child process behind. Runs are tiny so the suite is
 * quick even under the sanitizers.
 */
#include <check.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trace/clock.h"
#include "trace/load.h"
#include "ui/app.h"
#include "ui/demo.h"
#include "testutil.h"

/* Ticks the demo until it is idle (or `limit_s` passed); returns ticks. */
static int
settle(struct demo *d, double limit_s)
{
	uint64_t end = clock_now_ns() + (uint64_t)(limit_s * 1e9);
	int n = 0;

	while (clock_now_ns() < end) {
		int f = demo_tick(d, clock_now_ns());

		n++;
		if (!demo_busy(d) && !(f & APP_ANIMATE))
			break;
		clock_sleep_ns(5000000);
	}
	ck_assert_msg(!demo_busy(d), "the demo is still busy after %g s",
	    limit_s);
	return n;
}

/* The demo drawn on a w x h canvas, as text (allocated). */
static char *
draw(struct demo *d, int w, int h)
{
	struct canvas *c = canvas_new(w, h);
	char *text;

	demo_draw(d, c, canvas_rect(c));
	text = canvas_to_text(c);
	canvas_free(c);
	return text;
}

static struct params
small(int workers, bool baseline)
{
	struct params p;

	params_defaults(&p);
	p.workers = workers;
	p.units = 4;
	p.unit_ms = 2;
	p.baseline = baseline;
	return p;
}

static void
expect(const char *text, const char *what)
{
	ck_assert_msg(strstr(text, what) != NULL, "'%s' not on screen:\n%s",
	    what, text);
}

/* Lets the demo run `frames` frames of 10 ms, ticking it each time. */
static void
tick_for(struct demo *d, int frames)
{
	for (int i = 0; i < frames; i++) {
		demo_tick(d, clock_now_ns());
		clock_sleep_ns(10000000);
	}
}

START_TEST(a_finished_run_shows_lanes_and_figures)
{
	struct params p = small(2, true);
	struct demo *d = demo_new(scenario_find("threads"), &p,
	    DEMO_FULLSCREEN);
	const struct experiment *ex;
	char *text;

	settle(d, 30);
	text = draw(d, 100, 30);
	expect(text, "1 thread 1");
	expect(text, "2 thread 2");
	expect(text, "wall time");
	expect(text, "cpu time");
	expect(text, "speedup");
	expect(text, "x\n");	/* the speedup figure ends its line */
	expect(text, "? help");
	ck_assert_ptr_null(strstr(text, "3 thread 3"));
	ex = demo_result(d);
	ck_assert_ptr_nonnull(ex);
	ck_assert(ex->has_baseline);
	ck_assert(ex->speedup > 0);
	ck_assert_int_eq(ex->log.nlanes, 2);
	free(text);
	demo_free(d);
}
END_TEST

START_TEST(plus_restarts_with_one_more_worker)
{
	struct params p = small(2, false);
	struct demo *d = demo_new(scenario_find("gil"), &p, DEMO_FULLSCREEN);
	char *text;

	settle(d, 30);
	ck_assert_int_eq(demo_key(d, '+') & APP_REDRAW, APP_REDRAW);
	ck_assert_int_eq(demo_params(d)->workers, 3);
	settle(d, 30);
	text = draw(d, 100, 30);
	expect(text, "3 thread 3");
	expect(text, "GIL holder");
	expect(text, "workers: 3");
	free(text);
	ck_assert_int_eq(demo_result(d)->log.nlanes, 3);
	demo_free(d);
}
END_TEST

START_TEST(scenario_keys_switch_and_unavailable_ones_say_so)
{
	struct params p = small(2, false);
	struct demo *d = demo_new(scenario_find("threads"), &p,
	    DEMO_FULLSCREEN);
	char *text;

	settle(d, 30);
	demo_key(d, 'g');
	ck_assert_str_eq(demo_scenario(d)->name, "gil");
	demo_key(d, 'g');
	ck_assert_str_eq(demo_scenario(d)->name, "threads");
	while (strcmp(demo_scenario(d)->name, "coroutines") != 0)
		demo_key(d, APP_KEY_TAB);
	settle(d, 30);
	text = draw(d, 100, 30);
	if (demo_result(d) == NULL)
		expect(text, "coroutines:");	/* the reason, on screen */
	free(text);
	demo_key(d, APP_KEY_BTAB);
	ck_assert_str_eq(demo_scenario(d)->name, "processes");
	settle(d, 30);
	ck_assert_ptr_nonnull(demo_result(d));
	demo_free(d);
}
END_TEST

START_TEST(help_overlay_opens_and_closes)
{
	struct params p = small(1, false);
	struct demo *d = demo_new(scenario_find("threads"), &p,
	    DEMO_FULLSCREEN | DEMO_NO_START);
	char *text;

	ck_assert(!demo_busy(d));
	demo_key(d, '?');
	text = draw(d, 100, 30);
	expect(text, "press ? or esc to close");
	expect(text, "slow motion");
	free(text);
	/* While the help is up, other keys do nothing. */
	ck_assert_int_eq(demo_key(d, '+'), APP_HANDLED);
	ck_assert_int_eq(demo_params(d)->workers, 1);
	demo_key(d, APP_KEY_ESC);
	text = draw(d, 100, 30);
	ck_assert_ptr_null(strstr(text, "press ? or esc"));
	free(text);
	/* Embedded demos leave q to their host. */
	ck_assert_int_eq(demo_key(d, 'q'), APP_QUIT);
	demo_free(d);
	d = demo_new(scenario_find("threads"), &p, DEMO_NO_START);
	ck_assert_int_eq(demo_key(d, 'q'), APP_IGNORED);
	demo_free(d);
}
END_TEST

START_TEST(restart_storm_and_free_leave_nothing_behind)
{
	struct params p = small(3, true);
	struct demo *d;
	uint64_t t0;

	p.units = 3000;		/* long: it must be stopped, not finished */
	p.unit_ms = 5;
	d = demo_new(scenario_find("processes"), &p, DEMO_FULLSCREEN);
	for (int i = 0; i < 6; i++) {
		demo_tick(d, clock_now_ns());
		clock_sleep_ns(20000000);
		demo_key(d, 'r');
	}
	demo_tick(d, clock_now_ns());
	ck_assert(demo_busy(d));
	t0 = clock_now_ns();
	demo_free(d);
	/* Stopping is prompt: a unit or two, nowhere near the run's 5 s. */
	ck_assert_uint_lt(clock_now_ns() - t0, 3000000000ull);
	/* Every forked child was reaped. */
	errno = 0;
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
}
END_TEST

START_TEST(export_writes_both_files_in_the_current_directory)
{
	struct params p = small(2, false);
	char dir[] = "/tmp/ts-demo-XXXXXX", path[256];
	struct demo *d;
	char *text;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chdir(dir), 0);
	d = demo_new(scenario_find("gil"), &p, DEMO_FULLSCREEN);
	settle(d, 30);
	demo_key(d, 'e');
	text = draw(d, 160, 30);
	expect(text, "exported ");
	free(text);
	snprintf(path, sizeof path, "%s/timeslice-gil-1.json", dir);
	ck_assert_int_eq(access(path, R_OK), 0);
	unlink(path);
	snprintf(path, sizeof path, "%s/timeslice-gil-1.txt", dir);
	ck_assert_int_eq(access(path, R_OK), 0);
	unlink(path);
	rmdir(dir);
	demo_free(d);
}
END_TEST

START_TEST(pause_freezes_the_picture_while_the_run_goes_on)
{
	struct params p = small(2, false);
	struct demo *d;
	char *a, *b;

	p.units = 400;
	p.unit_ms = 5;
	d = demo_new(scenario_find("threads"), &p, DEMO_FULLSCREEN);
	tick_for(d, 20);
	demo_key(d, ' ');
	demo_tick(d, clock_now_ns());
	a = draw(d, 100, 30);
	tick_for(d, 20);
	b = draw(d, 100, 30);
	if (strcmp(a, b) != 0) {
		size_t i = 0, line = 0;

		while (a[i] == b[i]) {
			line += a[i] == '\n';
			i++;
		}
		ck_abort_msg("the paused picture changed on line %zu:\n%.100s\n"
		    "%.100s", line + 1, a + i - (i > 20 ? 20 : i),
		    b + i - (i > 20 ? 20 : i));
	}
	expect(a, "paused");
	expect(a, " at ");	/* the cursor line */
	ck_assert(demo_busy(d));
	free(a);
	free(b);
	demo_free(d);
}
END_TEST

START_TEST(step_advances_the_frozen_picture)
{
	struct params p = small(2, false);
	struct demo *d;
	char *a, *b;

	p.units = 400;
	p.unit_ms = 5;
	d = demo_new(scenario_find("threads"), &p, DEMO_FULLSCREEN);
	tick_for(d, 10);
	demo_key(d, ' ');
	demo_tick(d, clock_now_ns());
	a = draw(d, 100, 30);
	tick_for(d, 10);
	demo_key(d, 's');
	demo_key(d, 's');
	demo_tick(d, clock_now_ns());
	b = draw(d, 100, 30);
	ck_assert_str_ne(a, b);
	expect(b, "paused");
	free(a);
	free(b);
	demo_free(d);
}
END_TEST

/* A run exported by the demo, loaded back and shown as a recording. */
START_TEST(a_recording_replays_and_cannot_be_changed)
{
	struct params p = small(3, false);
	char dir[] = "/tmp/ts-replay-XXXXXX", path[256], *title = NULL;
	char *cause = NULL, *text;
	struct trace *t;
	struct log lg;
	struct demo *d;
	int n = 0, f;

	/* Long enough (about 100 ms under the GIL) to take several ticks. */
	p.units = 20;
	p.unit_ms = 5;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chdir(dir), 0);
	d = demo_new(scenario_find("gil"), &p, DEMO_FULLSCREEN);
	settle(d, 30);
	demo_key(d, 'e');
	demo_free(d);
	snprintf(path, sizeof path, "%s/timeslice-gil-1.json", dir);
	ck_assert_msg(load_chrome(path, &t, &lg, &title, &cause) == 0, "%s",
	    cause ? cause : "");

	d = demo_new_replay(t, &lg, title, DEMO_FULLSCREEN);
	ck_assert_int_eq(lg.nlanes, 0);		/* moved into the demo */
	ck_assert(!demo_busy(d));
	/*
	 * It plays from the start, animating until the end of the run; the
	 * tick that reaches the end still asks for that last frame.
	 */
	while ((f = demo_tick(d, clock_now_ns())) & APP_ANIMATE) {
		ck_assert_int_lt(++n, 2000);
		clock_sleep_ns(5000000);
	}
	ck_assert_int_gt(n, 3);
	ck_assert_int_eq(f & APP_REDRAW, APP_REDRAW);
	text = draw(d, 100, 30);
	expect(text, "a recorded run of gil");
	expect(text, "3 thread 3");
	expect(text, "GIL holder");
	expect(text, "wall time");
	free(text);
	ck_assert_int_eq(demo_key(d, '+') & APP_REDRAW, APP_REDRAW);
	text = draw(d, 100, 30);
	expect(text, "a recording cannot be changed");
	free(text);
	ck_assert_int_eq(demo_params(d)->workers, 4);	/* untouched */
	demo_key(d, 'r');
	ck_assert(demo_tick(d, clock_now_ns()) & APP_ANIMATE);
	demo_free(d);
	free(title);
	unlink(path);
	snprintf(path, sizeof path, "%s/timeslice-gil-1.txt", dir);
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(draws_in_small_and_odd_rectangles)
{
	struct params p = small(6, false);
	struct demo *d = demo_new(scenario_find("gil"), &p, 0);
	static const int sizes[][2] = {
		{ 10, 3 }, { 30, 8 }, { 50, 14 }, { 64, 10 }, { 200, 50 }
	};

	settle(d, 30);
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char *text = draw(d, sizes[i][0], sizes[i][1]);

		ck_assert_ptr_nonnull(text);
		free(text);
	}
	demo_free(d);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("demo");
	TCase *tc = tcase_create("demo");

	setlocale(LC_ALL, "C.UTF-8");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, a_finished_run_shows_lanes_and_figures);
	tcase_add_test(tc, plus_restarts_with_one_more_worker);
	tcase_add_test(tc, scenario_keys_switch_and_unavailable_ones_say_so);
	tcase_add_test(tc, help_overlay_opens_and_closes);
	tcase_add_test(tc, restart_storm_and_free_leave_nothing_behind);
	tcase_add_test(tc, export_writes_both_files_in_the_current_directory);
	tcase_add_test(tc, pause_freezes_the_picture_while_the_run_goes_on);
	tcase_add_test(tc, step_advances_the_frozen_picture);
	tcase_add_test(tc, a_recording_replays_and_cannot_be_changed);
	tcase_add_test(tc, draws_in_small_and_odd_rectangles);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
