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
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/record.h"
#include "trace/clock.h"
#include "trace/export.h"
#include "trace/load.h"
#include "ui/app.h"
#include "ui/demo.h"
#include "ui/demo_int.h"
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

/* A finished run of `sc` with `workers` CPU-bound workers on 2 CPUs. */
static void
finished(struct experiment *ex, const char *sc, int workers, double share,
    double free, double baseline_free)
{
	memset(ex, 0, sizeof *ex);
	ex->scenario = scenario_find(sc);
	params_defaults(&ex->params);
	ex->params.workers = workers;
	ex->cpus = 2;
	ex->log.nlanes = workers;
	ex->has_capacity = true;
	ex->has_baseline = true;
	ex->baseline_cpu_share = share;
	ex->cores_free = free;
	ex->baseline_cores_free = baseline_free;
	ex->speedup = 1;
}

START_TEST(a_speedup_short_of_cores_is_marked)
{
	struct experiment ex;
	char why[64] = "";

	/* Four processes, one core of two free: held back. */
	finished(&ex, "processes", 4, 1, 1.0, 2);
	ck_assert(demo_speedup_short(&ex, why, sizeof why));
	ck_assert_str_eq(why, "needs 2 cores");
	/* Both free: nothing to say. */
	finished(&ex, "processes", 4, 1, 1.95, 2);
	ck_assert(!demo_speedup_short(&ex, why, sizeof why));
	/* GIL threads need one core: one free is all they can use. */
	finished(&ex, "gil", 4, 1, 1.0, 2);
	ck_assert(!demo_speedup_short(&ex, why, sizeof why));
	finished(&ex, "gil", 4, 1, 0.4, 2);
	ck_assert(demo_speedup_short(&ex, why, sizeof why));
	ck_assert_str_eq(why, "needs 1 core");
	/* Both short: the cores say why the figure is low. */
	finished(&ex, "processes", 4, 1, 1.0, 0.5);
	ck_assert(demo_speedup_short(&ex, why, sizeof why));
	ck_assert_str_eq(why, "needs 2 cores");
	/* A slowed baseline makes any speedup look higher. */
	finished(&ex, "coroutines", 4, 1, 1.5, 0.5);
	ck_assert(demo_speedup_short(&ex, why, sizeof why));
	ck_assert_str_eq(why, "sequential slow");
	/* Waits want no core. */
	finished(&ex, "threads", 8, 0.001, 0.05, 0.05);
	ex.params.work = WORK_IO;
	ck_assert(!demo_speedup_short(&ex, why, sizeof why));
}
END_TEST

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
	expect(text, "×\n");	/* the speedup figure ends its line */
	expect(text, "cores free");
	expect(text, " of ");
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

/*
 * Every run gets a baseline of its own, measured after it, with the cores
 * free around both; runs of one set of parameters gather into a series,
 * and a change of parameters starts a new one (no figure outlives them).
 */
START_TEST(baselines_are_fresh_and_series_follow_the_parameters)
{
	struct params p = small(2, true);
	struct demo *d = demo_new(scenario_find("threads"), &p, 0);
	const struct experiment_series *s;
	const struct experiment_figure *f, *bl;
	const struct experiment *ex;
	char *text;

	demo_set_repeats(d, 3);
	settle(d, 60);
	s = demo_series(d);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->runs, 3);
	f = experiment_series_figure(s, "speedup");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->n, 3);
	ck_assert(f->min <= f->median && f->median <= f->max);
	/* Three baselines, each measured: not one reused three times. */
	bl = experiment_series_figure(s, "baseline_wall_ms");
	ck_assert_ptr_nonnull(bl);
	ck_assert_int_eq(bl->n, 3);
	ck_assert(bl->v[0] != bl->v[1] || bl->v[1] != bl->v[2]);
	ex = demo_result(d);
	ck_assert(ex->has_capacity);
	ck_assert_int_ge(ex->cpus, 1);
	if (experiment_series_figure(s, "cores_free") != NULL) {
		ck_assert(ex->cores_free >= 0 && ex->cores_free <= ex->cpus);
		ck_assert(ex->baseline_cpu_share > 0);
	}
	/* The spread is shown with the median. */
	text = draw(d, 160, 40);
	expect(text, "speedup");
	expect(text, "–");
	expect(text, "3 runs");
	free(text);

	/* More items: a new series, and a baseline of the new work. */
	ck_assert_int_eq(demo_key(d, 'U'), APP_REDRAW);
	ck_assert_int_eq(demo_params(d)->units, 5);
	ck_assert_ptr_null(demo_series(d));
	settle(d, 60);
	s = demo_series(d);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(s->params.units, 5);
	ck_assert_int_le(s->runs, 3);
	ex = demo_result(d);
	ck_assert(ex->has_baseline);
	ck_assert_int_eq(ex->params.units, 5);
	/* Steps reach what lessons ask for: 3 to 4 units, 0.2 to 25 ms. */
	for (int i = 0; i < 2; i++)
		demo_key(d, 'u');
	ck_assert_int_eq(demo_params(d)->units, 3);
	demo_key(d, 'U');
	ck_assert_int_eq(demo_params(d)->units, 4);
	for (int i = 0; i < 7; i++)
		demo_key(d, 'U');
	ck_assert_int_eq(demo_params(d)->units, 20);
	demo_key(d, 'u');
	ck_assert_int_eq(demo_params(d)->units, 10);
	while (demo_params(d)->unit_ms > 0.2)
		demo_key(d, 't');
	for (int i = 0; i < 6; i++)
		demo_key(d, 'T');
	ck_assert_double_eq(demo_params(d)->unit_ms, 25);
	/* Fewer and shorter items stay within the parameters' bounds. */
	for (int i = 0; i < 40; i++) {
		demo_key(d, 'u');
		demo_key(d, 't');
	}
	ck_assert_int_eq(demo_params(d)->units,
	    (int)params_specs()[PARAM_UNITS].min);
	ck_assert(demo_params(d)->unit_ms >=
	    params_specs()[PARAM_UNIT_MS].min);
	settle(d, 60);
	demo_free(d);
}
END_TEST

/* A hidden figure is not drawn until the demo is told to show it. */
START_TEST(hidden_figures_wait_for_the_prediction)
{
	struct params p = small(2, true);
	struct demo *d = demo_new(scenario_find("threads"), &p, 0);
	char *text;

	demo_hide(d, "speedup");
	settle(d, 30);
	text = draw(d, 100, 30);
	expect(text, "? (predict first)");
	ck_assert_ptr_null(strstr(text, "sequential"));
	ck_assert_ptr_null(strstr(text, "×\n"));
	free(text);
	demo_reveal(d);
	text = draw(d, 100, 30);
	expect(text, "sequential");
	expect(text, "×\n");
	free(text);
	demo_free(d);
}
END_TEST

/*
 * A figure of a spread hides the rest of it: under a hidden p50 the
 * p99 (or the max) would give the answer away. Other figures stay.
 */
START_TEST(hiding_a_percentile_hides_its_siblings)
{
	struct params p = small(2, false);
	struct demo *d = demo_new(scenario_find("convoy"), &p, DEMO_NO_START);

	demo_hide(d, "io_wait_p50_ms");
	ck_assert(demo_hides(d, "io_wait_p50_ms"));
	ck_assert(demo_hides(d, "io_wait_p99_ms"));
	ck_assert(demo_hides(d, "io_wait_max_ms"));
	ck_assert(!demo_hides(d, "io_ops"));
	ck_assert(!demo_hides(d, "lock_wait_p50_ms"));
	demo_hide(d, "permit_wait_p99_ms");
	ck_assert(demo_hides(d, "permit_wait_p50_ms"));
	demo_hide(d, "speedup");
	ck_assert(demo_hides(d, "speedup"));
	ck_assert(!demo_hides(d, "wall_ms"));
	demo_free(d);
}
END_TEST

/* A key a lesson's demo does not take says why, and where it works. */
START_TEST(a_lesson_demo_says_why_a_key_does_nothing)
{
	struct params p = small(2, false);
	struct demo *d = demo_new(scenario_find("gil"), &p, DEMO_FIXED |
	    DEMO_NO_START);
	char *text;

	ck_assert_int_eq(demo_key(d, 'g'), APP_REDRAW);
	ck_assert_ptr_eq(demo_scenario(d), scenario_find("gil"));
	text = draw(d, 100, 30);
	expect(text, "a lesson's demo keeps its scenario: change it in "
	    "`timeslice demo gil`");
	free(text);
	demo_free(d);
}
END_TEST

/* A prediction about the GIL's hand-offs hides their count too. */
START_TEST(hidden_hand_offs_wait_for_the_prediction)
{
	struct params p = small(2, false);
	struct demo *d = demo_new(scenario_find("gil"), &p, DEMO_FULLSCREEN);
	char *text, *line;

	demo_hide(d, "holder_changes");
	settle(d, 30);
	text = draw(d, 160, 40);
	line = strstr(text, "hand-offs/s");
	ck_assert_msg(line != NULL, "%s", text);
	ck_assert_msg(strncmp(line + strcspn(line, "?"), "? (predict first)",
	    17) == 0 && strcspn(line, "?") < strcspn(line, "\n"), "%s", text);
	free(text);
	demo_reveal(d);
	text = draw(d, 160, 40);
	line = strstr(text, "hand-offs/s");
	ck_assert_msg(line != NULL && strcspn(line, "?") > strcspn(line, "\n"),
	    "%s", text);
	/* The bracket says what it is: the run's hand-offs in all. */
	ck_assert_msg(strstr(line, " in all)") != NULL && strstr(line,
	    " in all)") < strchr(line, '\n'), "%s", text);
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
	ck_assert_ptr_nonnull(demo_result(d));
	ck_assert_ptr_eq(demo_result(d)->scenario, demo_scenario(d));
	text = draw(d, 100, 30);
	expect(text, "coroutines ");
	expect(text, "2 task 1");
	expect(text, "tasks done 2");	/* its own figures, by their labels */
	free(text);
	/* g has no twin to go to from here: it says so and changes nothing. */
	ck_assert_int_eq(demo_key(d, 'g'), APP_REDRAW);
	ck_assert_str_eq(demo_scenario(d)->name, "coroutines");
	ck_assert(!demo_busy(d));
	text = draw(d, 100, 30);
	expect(text, "g switches between the threads and gil scenarios");
	free(text);
	/* Nor has o a GIL to change. */
	ck_assert_int_eq(demo_key(d, 'o'), APP_REDRAW);
	ck_assert(!demo_params(d)->old_gil);
	ck_assert(!demo_busy(d));
	text = draw(d, 100, 30);
	expect(text, "coroutines has no GIL");
	free(text);
	demo_key(d, APP_KEY_BTAB);
	ck_assert_str_eq(demo_scenario(d)->name, "processes");
	settle(d, 30);
	ck_assert_ptr_nonnull(demo_result(d));
	demo_free(d);
}
END_TEST

/*
 * k and K: one slot fewer or more in the queue scenario, one permit in
 * the semaphore scenario, within the parameters' bounds, shown in the
 * header; a scenario with neither says so and changes nothing.
 */
START_TEST(slot_keys_change_capacity_or_permits)
{
	struct params p = small(2, false);
	struct demo *d = demo_new(scenario_find("queue"), &p,
	    DEMO_NO_START | DEMO_FIXED);
	char *text;

	ck_assert_int_eq(demo_params(d)->capacity, 4);
	ck_assert_int_eq(demo_key(d, 'k'), APP_REDRAW);
	ck_assert_int_eq(demo_params(d)->capacity, 3);
	ck_assert_int_eq(demo_params(d)->permits, p.permits);
	text = draw(d, 100, 30);
	expect(text, "3 slots");
	free(text);
	for (int i = 0; i < 10; i++)
		demo_key(d, 'k');
	ck_assert_int_eq(demo_params(d)->capacity,
	    (int)params_specs()[PARAM_CAPACITY].min);
	settle(d, 30);
	demo_free(d);

	d = demo_new(scenario_find("semaphore"), &p,
	    DEMO_NO_START | DEMO_FIXED);
	ck_assert_int_eq(demo_key(d, 'K'), APP_REDRAW);
	ck_assert_int_eq(demo_params(d)->permits, p.permits + 1);
	ck_assert_int_eq(demo_params(d)->capacity, p.capacity);
	text = draw(d, 100, 30);
	expect(text, "permits");
	free(text);
	for (int i = 0; i < 80; i++)
		demo_key(d, 'K');
	ck_assert_int_eq(demo_params(d)->permits,
	    (int)params_specs()[PARAM_PERMITS].max);
	settle(d, 30);
	demo_free(d);

	d = demo_new(scenario_find("gil"), &p, DEMO_NO_START);
	ck_assert_int_eq(demo_key(d, 'K'), APP_REDRAW);
	ck_assert(!demo_busy(d));
	ck_assert_int_eq(demo_params(d)->capacity, p.capacity);
	ck_assert_int_eq(demo_params(d)->permits, p.permits);
	text = draw(d, 100, 30);
	expect(text, "gil has no queue or semaphore");
	free(text);
	demo_free(d);
}
END_TEST

/*
 * o changes the GIL where the scenario has one, takes threads to their
 * twin with a GIL, and in a lesson (scenario fixed) says it cannot.
 */
START_TEST(old_gil_key_follows_the_scenario_row)
{
	struct params p = small(2, false);
	struct demo *d = demo_new(scenario_find("threads"), &p,
	    DEMO_NO_START | DEMO_FIXED);
	char *text;

	ck_assert_int_eq(demo_key(d, 'o'), APP_REDRAW);
	ck_assert_str_eq(demo_scenario(d)->name, "threads");
	ck_assert(!demo_params(d)->old_gil);
	ck_assert(!demo_busy(d));
	text = draw(d, 100, 30);
	expect(text, "threads has no GIL");
	free(text);
	/* Taken, and said why (a_lesson_demo_says_why_a_key_does_nothing). */
	ck_assert_int_eq(demo_key(d, 'g'), APP_REDRAW);
	ck_assert_int_eq(demo_key(d, APP_KEY_TAB), APP_REDRAW);
	ck_assert_str_eq(demo_scenario(d)->name, "threads");
	demo_free(d);

	d = demo_new(scenario_find("threads"), &p, DEMO_NO_START);
	ck_assert_int_eq(demo_key(d, 'o'), APP_REDRAW);
	ck_assert_str_eq(demo_scenario(d)->name, "gil");
	ck_assert(demo_params(d)->old_gil);
	settle(d, 30);
	text = draw(d, 100, 30);
	expect(text, "old (Python 2) GIL");
	expect(text, "old GIL");	/* the knobs in the header */
	free(text);
	demo_key(d, 'o');
	ck_assert_str_eq(demo_scenario(d)->name, "gil");
	ck_assert(!demo_params(d)->old_gil);
	settle(d, 30);
	demo_key(d, 'g');
	ck_assert_str_eq(demo_scenario(d)->name, "threads");
	settle(d, 30);
	text = draw(d, 100, 30);
	expect(text, "GIL off");
	ck_assert_ptr_null(strstr(text, "GIL holder"));
	free(text);
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
	/* The ids in the lock and CPU rows are said too. */
	expect(text, "lock and cpu rows: the lane's number or letter");
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

/* Whether dir/name exists, without following a symlink. */
static bool
exists_in(const char *dir, const char *name)
{
	char path[256];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	return lstat(path, &st) == 0;
}

/* Removes a scratch folder and everything in it. */
static void
remove_tree(const char *dir)
{
	char cmd[300];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(export_writes_three_new_files_in_the_export_folder)
{
	struct params p = small(2, false);
	char dir[] = "/tmp/ts-demo-XXXXXX", link[300], target[300];
	struct demo *d;
	char *text;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	export_set_dir(dir);
	d = demo_new(scenario_find("gil"), &p, DEMO_FULLSCREEN);
	settle(d, 30);
	demo_key(d, 'e');
	text = draw(d, 160, 30);
	expect(text, "exported gil-1.svg");
	expect(text, dir);
	free(text);
	ck_assert(exists_in(dir, "gil-1.svg"));
	ck_assert(exists_in(dir, "gil-1.json"));
	ck_assert(exists_in(dir, "gil-1.txt"));
	/* Never over an older export, nor through a symlink planted under
	 * the next name. */
	demo_key(d, 'e');
	ck_assert(exists_in(dir, "gil-2.svg"));
	snprintf(link, sizeof link, "%s/gil-3.txt", dir);
	snprintf(target, sizeof target, "%s/victim", dir);
	ck_assert_int_eq(symlink(target, link), 0);
	demo_key(d, 'e');
	text = draw(d, 160, 30);
	expect(text, "exported gil-4.svg");
	free(text);
	ck_assert(!exists_in(dir, "victim"));
	ck_assert(!exists_in(dir, "gil-3.svg"));
	ck_assert(exists_in(dir, "gil-4.txt"));
	export_set_dir(NULL);
	remove_tree(dir);
	demo_free(d);
}
END_TEST

/* The value drawn after `label` on the screen, up to two spaces. */
static void
figure(const char *text, const char *label, char *out, size_t len)
{
	const char *at = strstr(text, label);
	size_t n;

	ck_assert_msg(at != NULL, "no '%s' on screen:\n%s", label, text);
	at += strlen(label);
	at += strspn(at, " ");
	n = strcspn(at, "\n");
	if (strstr(at, "  ") != NULL && (size_t)(strstr(at, "  ") - at) < n)
		n = (size_t)(strstr(at, "  ") - at);
	snprintf(out, len, "%.*s", (int)n, at);
}

/*
 * A recording the demo exported replays with the figures the run
 * showed: speedup, cpu time and events as they were, and the caption.
 */
START_TEST(a_recording_shows_the_figures_the_run_showed)
{
	struct params p = small(3, true);
	char dir[] = "/tmp/ts-rec-XXXXXX", path[300], *cause = NULL, *a, *b;
	const char *labels[] = { "speedup", "cpu time", "wall time", "events" };
	struct recording *rec = calloc(1, sizeof *rec);
	struct demo *d;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	export_set_dir(dir);
	p.units = 12;
	d = demo_new(scenario_find("gil"), &p, DEMO_FULLSCREEN);
	demo_set_caption(d, "Under the GIL, threads take turns");
	settle(d, 60);
	a = draw(d, 120, 36);
	expect(a, "speedup");
	demo_key(d, 'e');
	demo_free(d);
	snprintf(path, sizeof path, "%s/gil-1.json", dir);
	ck_assert_msg(record_load(path, rec, &cause) == 0, "%s", cause);
	ck_assert(rec->described);
	d = demo_new_recording(rec, DEMO_FULLSCREEN);
	while (demo_tick(d, clock_now_ns()) & APP_ANIMATE)
		clock_sleep_ns(5000000);
	b = draw(d, 120, 36);
	expect(b, "a recorded run of gil");
	expect(b, "Under the GIL, threads take turns");
	ck_assert_ptr_null(strstr(b, "no baseline"));
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		char va[64], vb[64];

		figure(a, labels[i], va, sizeof va);
		figure(b, labels[i], vb, sizeof vb);
		ck_assert_msg(strcmp(va, vb) == 0, "%s: run '%s', replay '%s'",
		    labels[i], va, vb);
	}
	free(a);
	free(b);
	demo_free(d);
	export_set_dir(NULL);
	remove_tree(dir);
}
END_TEST

/*
 * On cue (a presenter's lesson), a recording shows nothing of its run
 * until r plays it, and a run that waits for its first r says it is
 * running, not that it restarted.
 */
START_TEST(on_cue_nothing_shows_before_r_and_the_first_r_runs)
{
	struct params p = small(2, false);
	char dir[] = "/tmp/ts-rec-XXXXXX", path[300], *cause = NULL, *t;
	struct recording *rec = calloc(1, sizeof *rec);
	struct demo *d;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	export_set_dir(dir);
	d = demo_new(scenario_find("queue"), &p, DEMO_FULLSCREEN |
	    DEMO_NO_START);
	t = draw(d, 100, 30);
	expect(t, "press r to start the run");
	free(t);
	demo_key(d, 'r');
	t = draw(d, 100, 30);
	expect(t, "running");
	ck_assert_ptr_null(strstr(t, "restarted"));
	free(t);
	settle(d, 60);
	demo_key(d, 'r');
	t = draw(d, 100, 30);
	expect(t, "restarted");
	free(t);
	settle(d, 60);
	demo_key(d, 'e');
	demo_free(d);
	snprintf(path, sizeof path, "%s/queue-1.json", dir);
	ck_assert_msg(record_load(path, rec, &cause) == 0, "%s", cause);
	d = demo_new_recording(rec, DEMO_FULLSCREEN | DEMO_NO_START);
	tick_for(d, 5);
	t = draw(d, 100, 30);
	expect(t, "press r to play the recording");
	ck_assert_ptr_null(strstr(t, "producer"));
	free(t);
	demo_key(d, 'r');
	while (demo_tick(d, clock_now_ns()) & APP_ANIMATE)
		clock_sleep_ns(5000000);
	t = draw(d, 100, 30);
	expect(t, "producer");
	expect(t, "queue depth");
	ck_assert_ptr_null(strstr(t, "press r to play"));
	free(t);
	demo_free(d);
	export_set_dir(NULL);
	remove_tree(dir);
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
	/*
	 * Events stamped before the pause may still be in the rings for a
	 * moment (a worker preempted right after recording): let the reader
	 * drain them, then the picture must not move any more.
	 */
	tick_for(d, 5);
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

/* Every knob of `a` is that of `b`. */
static void
assert_same_params(const struct params *a, const struct params *b)
{
	ck_assert_int_eq(a->workers, b->workers);
	ck_assert_int_eq(a->work, b->work);
	ck_assert_int_eq(a->units, b->units);
	ck_assert(a->unit_ms == b->unit_ms);
	ck_assert(a->switch_interval_ms == b->switch_interval_ms);
	ck_assert(a->old_gil == b->old_gil);
	ck_assert_int_eq(a->cores, b->cores);
	ck_assert_uint_eq(a->seed, b->seed);
	ck_assert(a->baseline == b->baseline);
}

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
	export_set_dir(dir);
	d = demo_new(scenario_find("gil"), &p, DEMO_FULLSCREEN);
	settle(d, 30);
	demo_key(d, 'e');
	demo_free(d);
	export_set_dir(NULL);
	snprintf(path, sizeof path, "%s/gil-1.json", dir);
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
	/* Every key that would change the experiment is refused alike. */
	for (const struct key_row *k = demo_keydefs(); k->action != NULL;
	    k++) {
		const struct scenario *sc = demo_scenario(d);
		struct params before = *demo_params(d);

		if (keys_find_in(demo_keydefs(), KEY_RECORDED, k->keys[0]))
			continue;
		/* A traced program's own keys (o, its output) are not an
		 * experiment's. */
		if (!(k->flags & (KEY_LIVE | KEY_LESSON)))
			continue;
		ck_assert(k->flags & KEY_CHANGES);
		for (int i = 0; i < KEY_CODES && k->keys[i] != 0; i++) {
			ck_assert_int_eq(demo_key(d, k->keys[i]), APP_REDRAW);
			ck_assert_ptr_eq(demo_scenario(d), sc);
			assert_same_params(demo_params(d), &before);
			ck_assert(!demo_busy(d));
		}
	}
	demo_key(d, 'r');
	ck_assert(demo_tick(d, clock_now_ns()) & APP_ANIMATE);
	demo_free(d);
	free(title);
	remove_tree(dir);
}
END_TEST

/*
 * Drawn into a w x h rectangle in the middle of a canvas filled with '#':
 * the demo keeps inside its rectangle, and says what it is (or that it
 * needs more room) on its first line.
 */
START_TEST(draws_in_small_and_odd_rectangles)
{
	struct params p = small(6, false);
	struct demo *d = demo_new(scenario_find("gil"), &p, 0);
	static const int sizes[][2] = {
		{ 10, 3 }, { 29, 8 }, { 30, 8 }, { 50, 14 }, { 64, 10 },
		{ 200, 50 }
	};

	settle(d, 30);
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		int w = sizes[i][0], h = sizes[i][1];
		struct canvas *c = canvas_new(w + 4, h + 4);
		struct rect r = { 2, 2, w, h };
		char *text, *line;

		canvas_fill(c, canvas_rect(c), L'#', CS_TEXT);
		canvas_fill(c, r, L' ', CS_TEXT);
		demo_draw(d, c, r);
		for (int y = 0; y < c->h; y++)
			for (int x = 0; x < c->w; x++)
				if (x < r.x || y < r.y || x >= r.x + r.w ||
				    y >= r.y + r.h)
					ck_assert_msg(canvas_at(c, x, y)->ch == L'#',
					    "%dx%d: drew at %d,%d, outside", w,
					    h, x, y);
		text = canvas_to_text(c);
		line = strchr(strchr(text, '\n') + 1, '\n') + 1;  /* row 2 */
		if (w < 30 || h < 8)
			ck_assert_msg(strncmp(line, "##demo needs", w < 12 ?
			    2 + (size_t)w : 12) == 0, "%dx%d:\n%s", w, h, text);
		else
			ck_assert_msg(strncmp(line, "##gil ", 6) == 0,
			    "%dx%d:\n%s", w, h, text);
		if (w >= 100 && h >= 30) {
			expect(text, "6 thread 6");
			expect(text, "GIL holder");
			expect(text, "wall time");
		}
		free(text);
		canvas_free(c);
	}
	demo_free(d);
}
END_TEST

/*
 * The table of workers never shows its heading over nothing but "+N
 * more": at every height, the row under a heading names a worker.
 */
START_TEST(a_worker_table_has_rows_under_its_heading)
{
	struct params p = small(6, false);
	struct demo *d = demo_new(scenario_find("gil"), &p, 0);
	int headings = 0;

	settle(d, 30);
	for (int h = 8; h <= 40; h++)
		for (int w = 60; w <= 120; w += 30) {
			char *text = draw(d, w, h), *at = text;

			while ((at = strstr(at, "worker")) != NULL) {
				char *nl = strchr(at, '\n');

				at += strlen("worker");
				if (nl == NULL || strstr(at, "run") == NULL ||
				    strstr(at, "run") > nl)
					continue;
				headings++;
				nl++;
				while (*nl == ' ')
					nl++;
				ck_assert_msg(*nl != '+' && *nl != '\0',
				    "%dx%d: a heading over no worker:\n%s", w,
				    h, text);
			}
			free(text);
		}
	ck_assert_int_gt(headings, 0);
	demo_free(d);
}
END_TEST

/* Reads a file of the source tree (TIMESLICE_SRCDIR), failing if absent. */
static char *
source_file(const char *rel)
{
	const char *src = getenv("TIMESLICE_SRCDIR");
	char path[4096], *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof path, "%s/%s", src ? src : "..", rel);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot read %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

/*
 * The README's paragraph on the live timeline names every key of the
 * table, each in backquotes: `s`, `pgup`, `enter`...
 */
START_TEST(the_readme_mentions_every_key)
{
	char *doc = source_file("README.md"), *para, *end;

	para = strstr(doc, "In the live timeline");
	ck_assert_msg(para != NULL, "README.md lost its paragraph on keys");
	end = strstr(para, "In lessons:");
	if (end == NULL)
		end = strstr(para, "\n\n");
	ck_assert_ptr_nonnull(end);
	*end = '\0';
	for (const struct key_row *k = demo_keydefs(); k->action != NULL;
	    k++) {
		const char *p = k->names;

		while (p != NULL && *p != '\0') {
			char want[40];
			size_t n = strcspn(p, " ");

			snprintf(want, sizeof want, "`%.*s`", (int)n, p);
			ck_assert_msg(strstr(para, want) != NULL, "README.md's "
			    "keys paragraph does not mention %s", want);
			p += n;
			p += strspn(p, " ");
		}
	}
	free(doc);
}
END_TEST

/*
 * Every row of the key table has keys, an action and help; the help box
 * of a demo lists every row that acts in its mode (rows with the same
 * help on one line, their names joined) except the knobs its scenario
 * lacks, and the hint bar of a wide full-screen demo every such row that
 * has a hint.
 */
START_TEST(help_and_hints_come_from_the_key_table)
{
	struct params p = small(1, false);
	struct demo *d = demo_new(scenario_find("threads"), &p,
	    DEMO_FULLSCREEN | DEMO_NO_START);
	char *text, *hints, want[96];
	int listed = 0;

	demo_key(d, '?');
	text = draw(d, 200, 40);
	for (const struct key_row *k = demo_keydefs(); k->action != NULL;
	    k++) {
		const char *line, *at;

		ck_assert(k->keys[0] != 0);
		ck_assert_msg(k->names != NULL && k->help != NULL, "a row of "
		    "the demo's key table has no help");
		ck_assert_ptr_nonnull(keys_find(demo_keydefs(), k->keys[0]));
		ck_assert_int_ne(demo_key_flags(k->keys[0]), 0);
		if (!keys_applies(k, KEY_LIVE))
			continue;
		/* threads has no processes to start and no queue. */
		if (strcmp(k->help, "processes start by fork / by spawn") ==
		    0 || strcmp(k->help, "fewer / more queue slots or "
		    "semaphore permits") == 0) {
			ck_assert_ptr_null(strstr(text, k->help));
			continue;
		}
		/* Its help at column 16 of the box, its names before. */
		snprintf(want, sizeof want, " %s", k->help);
		at = strstr(text, want);
		ck_assert_msg(at != NULL, "the help lacks '%s'", k->help);
		for (line = at; line > text && line[-1] != '\n'; line--)
			;
		snprintf(want, sizeof want, " %s ", k->names);
		ck_assert_msg(strstr(line, want) != NULL && strstr(line, want) <
		    at, "'%s' is not listed before '%s'", k->names, k->help);
		listed++;
	}
	ck_assert_int_gt(listed, 10);
	free(text);
	demo_key(d, '?');
	text = draw(d, 200, 30);
	hints = strrchr(text, '\n');
	*hints = '\0';
	hints = strrchr(text, '\n') + 1;	/* the last line */
	for (const struct key_row *k = demo_keydefs(); k->action != NULL;
	    k++) {
		if (k->hint == NULL || !keys_applies(k, KEY_LIVE))
			continue;
		if (k->hint_names != NULL)
			snprintf(want, sizeof want, "%s %s", k->hint_names,
			    k->hint);
		else
			snprintf(want, sizeof want, "%.*s %s",
			    (int)strcspn(k->names, " "), k->names, k->hint);
		ck_assert_msg(strstr(hints, want) != NULL, "'%s' not on the "
		    "hint bar: %s", want, hints);
	}
	ck_assert_int_eq(demo_key_flags('x'), 0);
	ck_assert_int_eq(demo_key_flags(0), 0);
	ck_assert(demo_key_flags('+') & KEY_CHANGES);
	ck_assert(!(demo_key_flags('+') & KEY_RECORDED));
	ck_assert(demo_key_flags('r') & KEY_INLINE);
	ck_assert(!(demo_key_flags(APP_KEY_LEFT) & KEY_CHANGES));
	free(text);
	demo_free(d);

	/* processes: p is listed; the GIL's keys are not (it has none). */
	d = demo_new(scenario_find("processes"), &p,
	    DEMO_FULLSCREEN | DEMO_NO_START);
	demo_key(d, '?');
	text = draw(d, 200, 40);
	ck_assert_ptr_nonnull(strstr(text, "processes start by fork"));
	ck_assert_ptr_null(strstr(text, "switch interval"));
	ck_assert_ptr_null(strstr(text, "old GIL"));
	ck_assert_ptr_null(strstr(text, "GIL on / off"));
	ck_assert_ptr_null(strstr(text, "queue slots"));
	ck_assert_ptr_nonnull(strstr(text, " quit"));
	free(text);
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
	tcase_add_test(tc, hiding_a_percentile_hides_its_siblings);
	tcase_add_test(tc, a_lesson_demo_says_why_a_key_does_nothing);
	tcase_add_test(tc, on_cue_nothing_shows_before_r_and_the_first_r_runs);
	tcase_add_test(tc, plus_restarts_with_one_more_worker);
	tcase_add_test(tc, baselines_are_fresh_and_series_follow_the_parameters);
	tcase_add_test(tc, hidden_figures_wait_for_the_prediction);
	tcase_add_test(tc, hidden_hand_offs_wait_for_the_prediction);
	tcase_add_test(tc, scenario_keys_switch_and_unavailable_ones_say_so);
	tcase_add_test(tc, old_gil_key_follows_the_scenario_row);
	tcase_add_test(tc, slot_keys_change_capacity_or_permits);
	tcase_add_test(tc, help_overlay_opens_and_closes);
	tcase_add_test(tc, restart_storm_and_free_leave_nothing_behind);
	tcase_add_test(tc, export_writes_three_new_files_in_the_export_folder);
	tcase_add_test(tc, a_recording_shows_the_figures_the_run_showed);
	tcase_add_test(tc, pause_freezes_the_picture_while_the_run_goes_on);
	tcase_add_test(tc, step_advances_the_frozen_picture);
	tcase_add_test(tc, a_recording_replays_and_cannot_be_changed);
	tcase_add_test(tc, draws_in_small_and_odd_rectangles);
	tcase_add_test(tc, a_worker_table_has_rows_under_its_heading);
	tcase_add_test(tc, the_readme_mentions_every_key);
	tcase_add_test(tc, help_and_hints_come_from_the_key_table);
	tcase_add_test(tc, a_speedup_short_of_cores_is_marked);
	suite_add_tcase(s, tc);
	return tu_main(s);
}
